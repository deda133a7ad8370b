"""reprint, labels and printer (test, status, queue)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showroom_pos.core.errors import ValidationError
from showroom_pos.hardware import printers, receipt_render
from showroom_pos.runtime.i18n import translate
from showroom_pos.runtime.paths import AppPaths

# ``reprint`` runs on sqlite3 (``services.receipts``); the other commands load SQLAlchemy with the printing service.
from showroom_pos.services import receipts

from .basic import open_context

if TYPE_CHECKING:
    from showroom_pos.storage.sqlite_file import Readable


def register(sub: Any) -> None:
    p = sub.add_parser("reprint", help="print a past receipt (or return slip) again, marked as a copy")
    p.add_argument("number", metavar="RECEIPT_NO", help="as printed, e.g. CL01-260128-0042")
    p.add_argument("--printer", metavar="CONNECTION",
                   help="print here instead of the configured printer, e.g. file:/tmp/receipt.bin")
    p.add_argument("--preview", metavar="FILE.png", help="write the receipt image instead of printing")
    p.add_argument("--db", dest="db_path")
    p.set_defaults(func=cmd_reprint)

    p = sub.add_parser("labels", help="product labels with barcode, name, price and OCOP stars")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="FILE.pdf: an A4 sheet (labels.sheet_* settings); FILE.png: single labels")
    p.add_argument("--sku", action="extend", nargs="+", default=[], metavar="SKU",
                   help="products to label (default: every active product)")
    p.add_argument("--single", action="store_true",
                   help="single labels (labels.single_size_mm) one a page instead of an A4 sheet")
    p.add_argument("--assign-codes", action="store_true",
                   help="first give products without a barcode an in-store EAN-13 (prefix 2)")
    p.add_argument("--db", dest="db_path")
    p.set_defaults(func=cmd_labels)

    p = sub.add_parser("printer", help="the receipt printer: test page, status, reprint queue")
    printer_sub = p.add_subparsers(dest="printer_command", required=True)
    test = printer_sub.add_parser("test", help="print the test page (raster and text mode)")
    test.add_argument("--printer", metavar="CONNECTION", help="test this connection instead of the setting")
    test.add_argument("--db", dest="db_path")
    test.set_defaults(func=cmd_printer_test)
    status = printer_sub.add_parser("status", help="is the printer there (without printing)")
    status.add_argument("--db", dest="db_path")
    status.set_defaults(func=cmd_printer_status)
    queue = printer_sub.add_parser("queue", help="list what did not print; --retry prints it")
    queue.add_argument("--retry", action="store_true")
    queue.add_argument("--db", dest="db_path")
    queue.set_defaults(func=cmd_printer_queue)


def _config(source: Readable, override: str | None) -> printers.PrinterConfig:
    config = receipts.printer_config(source)
    if override:
        try:
            printers.parse_connection(override)
        except ValueError as exc:
            raise ValidationError("--printer {value}: {reason}.", value=override, reason=str(exc)) from None
        config = config.with_connection(override)
    return config


def _no_printer() -> None:
    print(translate("cli", "No receipt printer is set (printer.connection = none): nothing printed."),
          file=sys.stderr)


def _report(outcome: receipts.PrintOutcome) -> int:
    if outcome.skipped:
        _no_printer()
        return 1
    if not outcome.printed:
        print(translate("cli", "Not printed: {error}").format(error=outcome.error), file=sys.stderr)
        return 1
    print(translate("cli", "Printed: {label}").format(label=outcome.label))
    return 0


def cmd_reprint(args: argparse.Namespace, paths: AppPaths) -> int:
    """Read, print, then record the copy, each on a sqlite3 connection of its own: no SQLAlchemy to load."""
    ctx = open_context(args, paths, engine_now=False)
    with ctx.reading() as conn:
        config = _config(conn, args.printer)
        if args.preview:
            kind, ref = receipts.find_receipt(conn, args.number)
            doc = (receipts.sale_document(conn, ref, copy=True) if kind == "receipt"
                   else receipts.return_document(conn, ref, copy=True))
            receipt_render.render_raster(doc, config.render).save(args.preview)
            print(translate("cli", "Receipt image written to {path}").format(path=args.preview))
            return 0
    return _report(receipts.reprint(ctx.reading, ctx.writing, args.number, config=config))


def cmd_labels(args: argparse.Namespace, paths: AppPaths) -> int:
    from showroom_pos.services import printing, setup, users
    from showroom_pos.services.context import Actor

    ctx = open_context(args, paths)
    skus = list(args.sku) or None
    if args.assign_codes:
        with ctx.transaction() as session:
            admin = next((u for u in users.active_users(session) if u.role == "admin"), None)
            if admin is None:
                raise ValidationError("No active administrator: set up the outlet first.")
            actor = Actor(admin.id, setup.terminal(session).id, "admin")
            assigned = printing.assign_instore_codes(session, actor, skus)
        for sku, code in assigned.items():
            print(translate("cli", "{sku}: in-store code {code}").format(sku=sku, code=code))
    with ctx.sessions() as session:
        written = printing.write_labels(session, Path(args.out), skus, single=args.single)
        count = len(printing.label_items(session, skus))
    for path in written:
        print(translate("cli", "Labels written to {path}").format(path=path))
    print(translate("cli", "{count} labels.").format(count=count))
    return 0


def cmd_printer_test(args: argparse.Namespace, paths: AppPaths) -> int:
    from showroom_pos.services import printing

    ctx = open_context(args, paths)
    with ctx.sessions() as session:
        config = _config(session, args.printer)
    if not config.enabled:
        _no_printer()
        return 1
    return _report(printing.run(ctx.sessions, printing.PrintRequest("test_page"), config=config,
                                queue_on_failure=False))


def cmd_printer_status(args: argparse.Namespace, paths: AppPaths) -> int:
    from showroom_pos.services import printing

    ctx = open_context(args, paths)
    status = printing.printer_status(ctx.sessions)
    with ctx.sessions() as session:
        waiting = printing.pending_count(session)
    print(f"{status.state}\t{status.detail}")
    print(translate("cli", "{count} jobs in the reprint queue.").format(count=waiting))
    return 0 if status.ok else 1


def cmd_printer_queue(args: argparse.Namespace, paths: AppPaths) -> int:
    from showroom_pos.services import printing

    ctx = open_context(args, paths)
    if args.retry:
        outcomes = printing.retry_pending(ctx.sessions)
        failed = [o for o in outcomes if not o.printed]
        for outcome in outcomes:
            _report(outcome)
        if failed:
            return 1
    with ctx.sessions() as session:
        jobs = printing.pending_jobs(session)
    for job in jobs:
        print(f"{job.id}\t{job.kind}\t{job.label}\t{job.error}")
    if not jobs:
        print(translate("cli", "The reprint queue is empty."))
    return 0
