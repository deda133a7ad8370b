"""``showroom-province`` commands of the programme view: indicators, targets, exports and photos.

Registered by ``cli.build_parser``; the same database options (``--db``, ``--schema``) apply.
Exit codes as the other commands: 0 done, 1 some input refused, 2 bad arguments or a refused edit.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from . import exports, photos, programme
from .db import open_database, session_factory
from .showcase import build as build_showcase


def register(sub: Any) -> None:
    p = sub.add_parser("programme", help="the OCOP programme's indicators and targets")
    psub = p.add_subparsers(dest="programme_command", required=True)
    a = psub.add_parser("show", help="print every indicator beside its target")
    a.add_argument("--months", type=int, default=12, help="months of trend (default 12)")
    a.add_argument("--json", action="store_true", help="as JSON, with the trend by month")
    a.set_defaults(func=cmd_show)
    t = psub.add_parser("target", help="set or clear an indicator's target")
    t.add_argument("key", help="the indicator, e.g. products_stars_5 (see 'programme show')")
    group = t.add_mutually_exclusive_group(required=True)
    group.add_argument("--target", type=int, help="the goal (a count, or a percentage for shares)")
    group.add_argument("--clear", action="store_true", help="no target for this indicator")
    t.add_argument("--comparison", choices=("min", "max"), help="min: at least the target; max: at most")
    t.add_argument("--deadline", type=date.fromisoformat, help="YYYY-MM-DD")
    t.add_argument("--note", help="where the goal comes from")
    t.add_argument("--by", required=True, help="who makes the change (kept in the targets' history)")
    t.set_defaults(func=cmd_target)

    p = sub.add_parser("export", help="the catalogue or the sales per product for the national system and e-commerce")
    esub = p.add_subparsers(dest="export_command", required=True)
    c = esub.add_parser("catalogue", help="every certified product with prices, photos and availability")
    c.add_argument("file", type=Path, help="a .csv or .xlsx file to write")
    c.add_argument("--base-url", required=True, help="the server's public address, for the pages' and photos' URLs")
    c.add_argument("--headers", choices=("code", "vi"), default="code")
    c.set_defaults(func=cmd_export_catalogue)
    s = esub.add_parser("sales", help="what the showrooms sold, per product and period")
    s.add_argument("file", type=Path, help="a .csv or .xlsx file to write")
    s.add_argument("--start", type=date.fromisoformat, help="first day (default: 12 months ago, 1st of the month)")
    s.add_argument("--end", type=date.fromisoformat, help="last day (default: today)")
    s.add_argument("--period", choices=exports.PERIODS, default="month")
    s.add_argument("--outlet", help="only this showroom's figures")
    s.add_argument("--headers", choices=("code", "vi"), default="code")
    s.set_defaults(func=cmd_export_sales)

    p = sub.add_parser("photos", help="product photos shown on the public catalogue")
    phsub = p.add_subparsers(dest="photos_command", required=True)
    i = phsub.add_parser("import", help="load photos named <ref>.jpg or <ref>@2.jpg (files, folders or ZIPs)")
    i.add_argument("paths", type=Path, nargs="+")
    i.set_defaults(func=cmd_photos_import)


def _sessions(args: argparse.Namespace) -> sessionmaker[Session]:
    return session_factory(open_database(args.db, schema=args.schema))


def cmd_show(args: argparse.Namespace) -> int:
    with _sessions(args)() as session:
        p = programme.compute(session, months=args.months)
    if args.json:
        out = {
            "as_of": p.as_of.isoformat(),
            "indicators": [
                {
                    "key": r.indicator.key,
                    "unit": r.indicator.unit,
                    "value": r.value.number,
                    "part": r.value.part,
                    "whole": r.value.whole,
                    "target": r.target.target,
                    "comparison": r.target.comparison,
                    "deadline": r.target.deadline.isoformat() if r.target.deadline else None,
                    "met": r.met,
                    "trend": {m: v.number for m, v in r.trend},
                }
                for r in p.rows
            ],
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"as of {p.as_of.isoformat()}")
    for r in p.rows:
        unit = "%" if r.indicator.unit == "percent" else ""
        value = f"{r.value.number:.1f}{unit}" if unit else f"{int(r.value.number)}"
        if r.target.target is None:
            goal = "no target"
        else:
            goal = f"{'<=' if r.target.comparison == 'max' else '>='} {r.target.target}{unit}"
            goal += " met" if r.met else " NOT met"
        print(f"{r.indicator.key:32} {value:>10}   {goal}")
    return 0


def cmd_target(args: argparse.Namespace) -> int:
    try:
        with _sessions(args).begin() as session:
            changed = programme.set_target(
                session,
                args.key,
                target=None if args.clear else args.target,
                comparison=args.comparison,
                deadline=args.deadline,
                note=args.note,
                by=args.by,
            )
    except programme.TargetError as exc:
        print(f"showroom-province: {exc}", file=sys.stderr)
        return 2
    print(f"{args.key}: {'changed' if changed else 'unchanged'}")
    return 0


def _write(path: Path, columns: tuple[exports.Column, ...], rows: list[list[Any]], headers: str, title: str) -> None:
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(exports.to_xlsx(columns, rows, headers, title=title))
    else:
        path.write_bytes(exports.to_csv(columns, rows, headers))


def cmd_export_catalogue(args: argparse.Namespace) -> int:
    with _sessions(args)() as session:
        rows = exports.catalogue_rows(build_showcase(session), args.base_url)
    _write(args.file, exports.CATALOGUE_COLUMNS, rows, args.headers, "catalogue")
    print(f"{len(rows)} products written to {args.file}")
    return 0


def cmd_export_sales(args: argparse.Namespace) -> int:
    default_start, default_end = exports.default_range()
    start, end = args.start or default_start, args.end or default_end
    try:
        with _sessions(args)() as session:
            rows = exports.sales_rows(session, build_showcase(session), start, end, args.period, outlet=args.outlet)
    except exports.ExportError as exc:
        print(f"showroom-province: {exc}", file=sys.stderr)
        return 2
    _write(args.file, exports.SALES_COLUMNS, rows, args.headers, "sales")
    print(f"{len(rows)} rows ({start.isoformat()} to {end.isoformat()}, by {args.period}) written to {args.file}")
    return 0


def cmd_photos_import(args: argparse.Namespace) -> int:
    files: list[tuple[str, bytes]] = []
    for path in args.paths:
        if path.is_dir():
            files += [(f.name, f.read_bytes()) for f in sorted(path.iterdir()) if f.is_file()]
        else:
            files.append((path.name, path.read_bytes()))
    with _sessions(args).begin() as session:
        result = photos.import_named(session, files, by="cli")
    for problem in result.problems:
        print(f"  {problem}", file=sys.stderr)
    print(f"{len(result.stored)} photos stored, {len(result.problems)} refused")
    return 1 if result.problems else 0
