"""``showroom-pos einvoice``: e-invoices from the cash register, without the app.

    showroom-pos einvoice status [--all] [--day YYYY-MM-DD]   what is pending, waiting, parked (and why)
    showroom-pos einvoice send                                 deliver what is pending now (exit 1 if some is left)
    showroom-pos einvoice retry [KEY]                          parked invoices (or one) pending again
    showroom-pos einvoice resolve KEY --note TEXT              a parked one dealt with in the provider's portal
    showroom-pos einvoice report [--from D] [--to D] [--format csv]   issued / accepted / pending / refused per day
    showroom-pos einvoice export --day D [--to D] FOLDER       the days' XML and summary sheet into FOLDER

KEY is an invoice as printed (``1C26MAA-00000012``) or the start of its key (as ``status`` prints it). Like
``sync``, these run beside the till: the provider recognises an invoice sent twice by its key.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from showroom_pos.core.clock import business_day, local
from showroom_pos.core.money import format_vnd
from showroom_pos.runtime.i18n import translate
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services.einvoice import issue, outbox, providers
from showroom_pos.services.einvoice.providers.file import FileDrop

from .basic import open_context


def _day(text: str) -> date:
    today = business_day()
    named = {"today": today, "yesterday": today - timedelta(days=1)}
    if text in named:
        return named[text]
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD, today or yesterday): {text}") from None


def register(sub: Any) -> None:
    p = sub.add_parser("einvoice", help="e-invoices from the cash register: status, send, retry, export")
    esub = p.add_subparsers(dest="einvoice_command", required=True, metavar="SUBCOMMAND")
    s = esub.add_parser("status", help="delivery state, and the invoices pending, waiting or parked")
    s.add_argument("--all", action="store_true", help="list accepted invoices too")
    s.add_argument("--day", type=_day, help="only this business day")
    s.add_argument("--db", dest="db_path")
    s.set_defaults(func=cmd_status)
    d = esub.add_parser("send", help="deliver what is pending now; exit 0 when nothing is left, 1 when some is")
    d.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the provider (default 60)")
    d.add_argument("--db", dest="db_path")
    d.set_defaults(func=cmd_send)
    r = esub.add_parser("retry", help="send parked invoices again (after the cause was fixed)")
    r.add_argument("key", nargs="?", help="only this one (1C26MAA-00000012 or its key)")
    r.add_argument("--db", dest="db_path")
    r.set_defaults(func=cmd_retry)
    v = esub.add_parser("resolve", help="record a parked invoice as dealt with in the provider's portal")
    v.add_argument("key")
    v.add_argument("--note", required=True, help="how it was dealt with")
    v.add_argument("--db", dest="db_path")
    v.set_defaults(func=cmd_resolve)
    t = esub.add_parser("report", help="invoices issued, accepted, pending and refused per day")
    t.add_argument("--from", dest="start", type=_day, default=None, help="first business day (default: 30 days ago)")
    t.add_argument("--to", dest="end", type=_day, default=None, help="last business day (default: today)")
    t.add_argument("--format", choices=("text", "csv"), default="text")
    t.add_argument("--db", dest="db_path")
    t.set_defaults(func=cmd_report)
    e = esub.add_parser("export", help="write the days' XML and summary sheet into FOLDER")
    e.add_argument("folder", type=Path)
    e.add_argument("--day", dest="start", type=_day, default=None, help="first business day (default: today)")
    e.add_argument("--to", dest="end", type=_day, default=None, help="last business day (default: --day)")
    e.add_argument("--db", dest="db_path")
    e.set_defaults(func=cmd_export)


def _when(at: Any) -> str:
    return f"{local(at):%d/%m/%Y %H:%M}" if at else translate("cli", "never")



def cmd_status(args: argparse.Namespace, paths: AppPaths) -> int:
    ctx = open_context(args, paths, reading=True)
    try:
        with ctx.read_sessions() as session:
            state = outbox.status(session)
            listed = outbox.rows(session, status_in=() if args.all else ("pending", "parked"), day=args.day)
    finally:
        ctx.close()
    on = translate("cli", "on") if state.enabled else translate("cli", "off")
    print(translate("cli", "E-invoicing: {on}; provider: {provider}").format(on=on, provider=state.provider))
    for problem in state.problems:
        print(translate("cli", "Not ready: {problem}").format(problem=translate("UserError", problem)))
    print(translate("cli", "Pending: {pending} (of which received by the provider: {waiting}); parked: {parked}; "
                           "accepted today: {today}").format(pending=state.pending, waiting=state.waiting,
                                                             parked=state.parked, today=state.accepted_today))
    if state.oldest_pending:
        print(translate("cli", "Oldest pending since {time}").format(time=_when(state.oldest_pending)))
    print(translate("cli", "Last delivery: {time}").format(time=_when(state.last_success)))
    if state.last_error:
        print(translate("cli", "Last error: {error}").format(error=state.last_error))
    for row in listed:
        cancelled = " ×" if row.cancelled else ""
        print(f"  {row.label:<22} {row.kind:<12} {row.status:<8}{cancelled} {format_vnd(row.total):>14} "
              f"{_when(row.issued_at)}  {row.key[:8]}  {row.last_error}".rstrip())
    return 0


def _provider(ctx: Any) -> providers.Provider:
    with ctx.sessions() as session:
        cfg = issue.config(session)
    return providers.create(cfg.provider, cfg, outbox.default_folder(ctx.paths.database))


def cmd_send(args: argparse.Namespace, paths: AppPaths) -> int:
    ctx = open_context(args, paths)
    try:
        provider = _provider(ctx)
        try:
            result = outbox.send_until_settled(ctx.sessions, provider, timeout=args.timeout)
        finally:
            provider.close()
        print(translate("cli", "{accepted} accepted, {waiting} still being processed by the provider, {retried} to "
                               "retry, {parked} refused (parked).").format(
            accepted=result.accepted, waiting=result.waiting, retried=result.retried, parked=result.parked))
        if result.last_error:
            print(translate("cli", "Last error: {error}").format(error=result.last_error), file=sys.stderr)
        with ctx.sessions() as session:
            state = outbox.status(session)
        return 0 if state.delivered else 1
    finally:
        ctx.close()


def cmd_retry(args: argparse.Namespace, paths: AppPaths) -> int:
    ctx = open_context(args, paths)
    try:
        with ctx.transaction() as session:
            count = outbox.requeue(session, args.key)
        print(translate("cli", "{count} parked e-invoices will be sent again.").format(count=count))
        return 0
    finally:
        ctx.close()


def cmd_resolve(args: argparse.Namespace, paths: AppPaths) -> int:
    ctx = open_context(args, paths)
    try:
        with ctx.transaction() as session:
            row = outbox.resolve(session, args.key, args.note)
            name = outbox.label(row)
        print(translate("cli", "{invoice} recorded as dealt with.").format(invoice=name))
        return 0
    finally:
        ctx.close()


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    start = args.start or business_day()
    end = args.end or start
    ctx = open_context(args, paths, reading=True)
    try:
        with ctx.read_sessions() as session:
            count = outbox.export_days(session, FileDrop(args.folder), start, end)
    finally:
        ctx.close()
    print(translate("cli", "{count} e-invoices written to {folder}.").format(count=count, folder=args.folder))
    return 0


def cmd_report(args: argparse.Namespace, paths: AppPaths) -> int:
    end = args.end or business_day()
    start = args.start or end - timedelta(days=30)
    ctx = open_context(args, paths, reading=True)
    try:
        with ctx.read_sessions() as session:
            counts = outbox.per_day(session, start, end)
    finally:
        ctx.close()
    header = [translate("cli", "Day"), translate("cli", "Issued"), translate("cli", "Notices"),
              translate("cli", "Accepted"), translate("cli", "Pending"), translate("cli", "Refused"),
              translate("cli", "Invoiced")]
    if args.format == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(header)
        for c in counts:
            writer.writerow([c.day.isoformat(), c.issued, c.notices, c.accepted, c.pending, c.refused, c.total])
        return 0
    print("  ".join(f"{h:>10}" for h in header))
    for c in counts:
        print("  ".join(f"{v:>10}" for v in (f"{c.day:%d/%m/%Y}", c.issued, c.notices, c.accepted, c.pending,
                                             c.refused, format_vnd(c.total))))
    return 0
