"""``showroom-pos import products FILE [--dry-run]`` and ``showroom-pos export products|stock FILE``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from showroom_pos.runtime.i18n import error_text, translate
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import exports, setup
from showroom_pos.services.product_import.columns import change_labels
from showroom_pos.services.product_import.pipeline import import_file
from showroom_pos.services.product_import.report import ImportReport

from .basic import open_context

ACTIONS = {
    "create": str(QT_TRANSLATE_NOOP("cli", "new")),
    "update": str(QT_TRANSLATE_NOOP("cli", "update")),
    "unchanged": str(QT_TRANSLATE_NOOP("cli", "unchanged")),
    "rejected": str(QT_TRANSLATE_NOOP("cli", "rejected")),
}


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="import data (the province's OCOP product list)")
    what = p.add_subparsers(dest="import_what", metavar="WHAT", required=True)
    products = what.add_parser(
        "products", help="import products from CSV or XLSX: all rows or none; exit 1 if any row is rejected"
    )
    products.add_argument("file", type=Path)
    products.add_argument("--dry-run", action="store_true", help="check and report, save nothing")
    products.add_argument("--quiet", action="store_true", help="print only errors and the summary")
    products.add_argument("--db", dest="db_path")
    products.set_defaults(func=cmd_import_products)

    p = sub.add_parser("export", help="export the catalogue or the stock list to XLSX or CSV")
    what = p.add_subparsers(dest="export_what", metavar="WHAT", required=True)
    for name, helptext in (
        ("products", "the catalogue, in the columns the import reads"),
        ("stock", "quantities on hand and their value"),
    ):
        e = what.add_parser(name, help=helptext)
        e.add_argument("file", type=Path, help="a .xlsx or .csv file")
        if name == "products":
            e.add_argument("--all", action="store_true", help="include deactivated products")
        e.add_argument("--db", dest="db_path")
        e.set_defaults(func=cmd_export)


def print_report(report: ImportReport, quiet: bool = False) -> None:
    """Every row's outcome and every error with its line and column, then a summary."""
    for error in report.file_errors:
        print(error_text(error), file=sys.stderr)
    for column in report.ignored_columns:
        print(translate("cli", "Column “{column}” is not used.").format(column=column))
    for note in report.notes:
        print(translate("cli", "Note, line {line}: {message}").format(line=note.line, message=error_text(note.error)))
    for row in report.rows:
        for problem in row.errors:
            print(
                translate("cli", "Line {line}, column “{column}”: {message}").format(
                    line=problem.line, column=problem.column, message=error_text(problem.error)
                ),
                file=sys.stderr,
            )
        if quiet and not row.errors:
            continue
        outcome = translate("cli", ACTIONS.get(row.action, row.action))
        detail = f" ({', '.join(change_labels(row.changes))})" if row.changes else ""
        producer = (
            "  + " + translate("cli", "new producer {name}").format(name=row.new_producer) if row.new_producer else ""
        )
        print(
            translate("cli", "Line {line}: {outcome} {sku} {name}{detail}")
            .format(line=row.line, outcome=outcome, sku=row.sku, name=row.name, detail=detail)
            .rstrip()
            + producer
        )
    print(
        translate(
            "cli", "{rows} rows: {new} new, {updated} updated, {unchanged} unchanged, {rejected} rejected."
        ).format(
            rows=len(report.rows),
            new=report.count("create"),
            updated=report.count("update"),
            unchanged=report.count("unchanged"),
            rejected=len(report.rejected),
        )
    )
    if not report.ok:
        print(translate("cli", "Nothing was imported: correct the file and import it again."), file=sys.stderr)
    elif report.dry_run:
        print(translate("cli", "Dry run: nothing was saved."))
    elif report.applied:
        print(translate("cli", "Imported."))
    else:
        print(translate("cli", "Nothing to change: the catalogue already matches the file."))


def cmd_import_products(args: argparse.Namespace, paths: AppPaths) -> int:
    ctx = open_context(args, paths, lock="showroom-pos import")
    try:
        with ctx.transaction() as session:
            setup.outlet(session)  # refuses an outlet that is not set up
            report = import_file(session, args.file, dry_run=args.dry_run)
    finally:
        ctx.close()
    print_report(report, args.quiet)
    return 0 if report.ok else 1


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    ctx = open_context(args, paths, reading=True)
    try:
        with ctx.sessions() as session:
            if args.export_what == "products":
                count = exports.export_products(session, args.file, include_inactive=args.all)
            else:
                count = exports.export_stock(session, args.file)
    finally:
        ctx.close()
    print(translate("cli", "{count} rows written to {path}.").format(count=count, path=args.file))
    return 0
