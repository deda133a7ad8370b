"""``showroom-pos report``: the managers' reports without the app, for scripts and hand-overs.

    showroom-pos report sales --from 2026-11-01 --to 2026-11-30 --by producer --format csv
    showroom-pos report stock --kind cover --window 30 --format xlsx -o cover.xlsx
    showroom-pos report cash --kind z --shift <shift id> --format pdf -o z.pdf

Text, CSV and JSON go to standard output unless ``-o`` names a file; XLSX and PDF need ``-o`` (or a
redirected output). Labels and column names follow the interface language (``--lang``).
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import ValidationError
from showroom_pos.runtime.i18n import translate
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import report_export
from showroom_pos.services.reports import cash_report, period_summary, sales_lists, sales_report, stock_report
from showroom_pos.services.reports.table import Report, collector_held

from .basic import open_context

FORMATS = ("text", "csv", "json", "xlsx", "pdf")


def _day(text: str) -> date:
    today = business_day()
    named = {"today": today, "yesterday": today - timedelta(days=1)}
    if text in named:
        return named[text]
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD, today or yesterday): {text}") from None


def _common(p: argparse.ArgumentParser, period: bool = True) -> None:
    if period:
        p.add_argument("--from", dest="start", type=_day, help="first business day (default: the 1st of --to's month)")
        p.add_argument("--to", dest="end", type=_day, help="last business day, included (default: today)")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.add_argument("--db", dest="db_path", help="database file")


Command = Callable[[argparse.Namespace, AppPaths], int]


def _collector_held(command: Command) -> Command:
    """A report command holds Python's cyclic collector from its reading to the process's end: its rows and cells
    make no cycles, nothing is left to collect before the process ends, and at 50,000 rows the collector's passes
    over them took ~30 ms of the command's 0.5 s (issue 17)."""
    @functools.wraps(command)
    def held(args: argparse.Namespace, paths: AppPaths) -> int:
        with collector_held():
            return command(args, paths)
    return held


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="sales, stock and cash reports (text, CSV, JSON, XLSX, PDF)")
    report_sub = p.add_subparsers(dest="report_command", required=True, metavar="REPORT")

    s = report_sub.add_parser("sales", help="sales over a period by one dimension, or a listing")
    _common(s)
    s.add_argument("--by", choices=sales_report.DIMENSIONS, default="day", help="group by (default: day)")
    s.add_argument("--kind", choices=sales_report.SALES_KINDS, default="sales",
                   help="sales (grouped --by), summary, best, worst, discounts or returns (default: sales)")
    s.add_argument("--limit", type=int, default=20, help="how many best or worst sellers (default: 20)")
    s.set_defaults(func=_collector_held(cmd_sales))

    k = report_sub.add_parser("stock", help="stock value, stock cover in days, slow movers")
    _common(k, period=False)
    k.add_argument("--kind", choices=stock_report.STOCK_KINDS, default="value", help="default: value")
    k.add_argument("--window", type=int, default=30, help="days of sales behind cover and slow movers")
    k.add_argument("--over", type=int, default=90, help="slow movers: cover longer than this many days")
    k.set_defaults(func=_collector_held(cmd_stock))

    c = report_sub.add_parser("cash", help="shifts and Z reports, over/short per cashier, one Z report")
    _common(c)
    c.add_argument("--kind", choices=cash_report.CASH_KINDS, default="shifts", help="default: shifts")
    c.add_argument("--shift", help="the shift id of a Z report (--kind z)")
    c.set_defaults(func=_collector_held(cmd_cash))


def _period(args: argparse.Namespace) -> tuple[date, date]:
    end = args.end or business_day()
    start = args.start or end.replace(day=1)
    return start, end


def _translate(text: str) -> str:
    return translate("UserError", text)  # report labels are marked with N_ below the UI, like error messages


def emit(report: Report, args: argparse.Namespace) -> int:
    fmt = args.format
    if args.output:
        target = report_export.write(report, fmt, Path(args.output), _translate)
        print(translate("cli", "Report written to {path}").format(path=target), file=sys.stderr)
        return 0
    if fmt in ("xlsx", "pdf"):
        if sys.stdout.isatty():
            raise ValidationError("{fmt} is a file format: give -o FILE.", fmt=fmt.upper())
        data = report_export.to_xlsx(report, _translate) if fmt == "xlsx" else report_export.to_pdf(report, _translate)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    if fmt == "json":
        sys.stdout.write(report.to_json() + "\n")
    elif fmt == "csv":
        sys.stdout.write(report_export.to_csv(report, _translate))
    else:
        sys.stdout.write(report_export.to_text(report, _translate))
    return 0


def cmd_sales(args: argparse.Namespace, paths: AppPaths) -> int:
    start, end = _period(args)
    ctx = open_context(args, paths, reading=True)
    with ctx.reading() as conn:  # plain SQL on sqlite3: no SQLAlchemy to load
        kind = args.kind
        if kind == "summary":
            report = period_summary.summary_report(conn, start, end)
        elif kind in ("best", "worst"):
            report = sales_lists.best_sellers(conn, start, end, args.limit, worst=kind == "worst")
        elif kind == "discounts":
            report = sales_lists.discounts(conn, start, end)
        elif kind == "returns":
            report = sales_lists.returns(conn, start, end)
        else:
            report = sales_report.sales(conn, start, end, args.by)
    return emit(report, args)


def cmd_stock(args: argparse.Namespace, paths: AppPaths) -> int:
    ctx = open_context(args, paths, reading=True)
    with ctx.reading() as conn:
        if args.kind == "cover":
            report = stock_report.stock_cover(conn, args.window)
        elif args.kind == "slow":
            report = stock_report.slow_movers(conn, args.window, args.over)
        else:
            report = stock_report.stock_value(conn)
    return emit(report, args)


def cmd_cash(args: argparse.Namespace, paths: AppPaths) -> int:
    start, end = _period(args)
    ctx = open_context(args, paths, reading=True)
    if args.kind == "cashiers":
        with ctx.reading() as conn:
            report = cash_report.over_short_by_cashier(conn, start, end)
        return emit(report, args)
    with ctx.read_sessions() as session:  # an open shift's X figures are computed by the shifts service
        if args.kind == "z":
            if not args.shift:
                raise ValidationError("Give the shift with --shift (see `showroom-pos report cash`).")
            report = cash_report.z_report(session, args.shift)
        else:
            report = cash_report.shift_history(session, start, end)
    return emit(report, args)
