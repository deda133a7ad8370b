"""``showroom-pos sync``: send to the province, export for a USB stick, show the state.

``sync --once`` exits 0 when everything has been acknowledged, 1 when summaries are still pending
or parked (the count is printed), 2 when the province is not configured.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showroom_pos.core.clock import local
from showroom_pos.core.errors import ValidationError
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.i18n import readable_error, translate
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.sync.status import parked_summaries, read_status

if TYPE_CHECKING:
    from showroom_pos.sync.status import SyncStatus

# The HTTP client (httpx) and the summaries are imported by the subcommands that send: `sync status` reads
# the outbox only.


def register(sub: Any) -> None:
    p = sub.add_parser("sync", help="send the daily summaries to the province (see --once)")
    p.add_argument("--db", dest="db_path")
    p.add_argument(
        "--once", action="store_true", help="send everything pending now; exit 0 when nothing is left, 1 when some is"
    )
    p.add_argument("--no-catalogue", action="store_true", help="do not pull the province catalogue")
    p.set_defaults(func=cmd_sync)
    ssub = p.add_subparsers(dest="sync_command", metavar="SUBCOMMAND")
    e = ssub.add_parser("export", help="write the pending summaries to FILE (for a USB stick)")
    e.add_argument("file", type=Path)
    e.add_argument("--db", dest="db_path")
    e.set_defaults(func=cmd_export)
    s = ssub.add_parser("status", help="last sync, days pending, parked summaries and the last error")
    s.add_argument("--db", dest="db_path")
    s.set_defaults(func=cmd_status)
    r = ssub.add_parser("retry-parked", help="send the summaries the server refused again (after a fix)")
    r.add_argument("--db", dest="db_path")
    r.set_defaults(func=cmd_retry_parked)


def _open(args: argparse.Namespace, paths: AppPaths, *, reading: bool = False) -> AppContext:
    """As the app's sync worker, on a check of the file's header; ``reading``: SQLAlchemy only if asked for."""
    if getattr(args, "db_path", None):
        paths = AppPaths.resolve(args.db_path)
    return AppContext.open(paths, create=False, integrity_check=False, engine_now=not reading)


def _print_status(status: SyncStatus) -> None:
    last = local(status.last_success).strftime("%d/%m/%Y %H:%M") if status.last_success else translate("cli", "never")
    print(translate("cli", "Last successful sync: {time}").format(time=last))
    print(
        translate("cli", "Days pending: {days} ({rows} summaries); parked: {parked}").format(
            days=status.days_pending, rows=status.rows_pending, parked=status.parked
        )
    )
    if status.last_error:
        print(translate("cli", "Last error: {error}").format(error=readable_error(status.last_error)))


def cmd_sync(args: argparse.Namespace, paths: AppPaths) -> int:
    from showroom_pos.services import summary as summaries
    from showroom_pos.sync import catalogue_pull, worker
    from showroom_pos.sync.client import SyncError

    if not args.once:
        print(
            translate("cli", "Use `showroom-pos sync --once`, or a subcommand: export, status, retry-parked."),
            file=sys.stderr,
        )
        return 2
    ctx = _open(args, paths)
    try:
        with ctx.sessions() as session:
            client = summaries.province_client(session)
        if client is None:
            raise ValidationError("Set province.url and province.token first (showroom-pos config set …).")
        with client:
            result = worker.sync_once(ctx.sessions, client, summaries.frozen_payload, force=True, reconcile=True)
            print(
                translate(
                    "cli",
                    "{sent} sent, {superseded} already newer at the province, {retried} to retry, {parked} parked.",
                ).format(sent=result.sent, superseded=result.superseded, retried=result.retried, parked=result.parked)
            )
            if not args.no_catalogue and result.reachable:
                try:
                    merged = catalogue_pull.pull(ctx.sessions, client)
                    if not merged.not_modified and merged.version:  # (version 0: the province publishes none)
                        print(
                            translate(
                                "cli",
                                "Catalogue version {version}: {new} new products (inactive until priced), "
                                "{updated} updated.",
                            ).format(version=merged.version, new=len(merged.created), updated=len(merged.updated))
                        )
                except SyncError as exc:
                    print(translate("cli", "Catalogue not pulled: {error}").format(error=readable_error(str(exc))),
                          file=sys.stderr)
        with ctx.sessions() as session:
            status = read_status(session)
        _print_status(status)
        return 0 if status.rows_pending == 0 and status.parked == 0 else 1
    finally:
        ctx.close()


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    from showroom_pos.services import settings, setup
    from showroom_pos.services import summary as summaries
    from showroom_pos.sync.usb_export import export_pending

    ctx = _open(args, paths)
    try:
        with ctx.sessions() as session:
            code = setup.outlet(session).code
            token = settings.get(session, "province.token")
        count = export_pending(ctx.sessions, summaries.frozen_payload, args.file, outlet_code=code, token=token)
        print(translate("cli", "{count} pending summaries written to {path}.").format(count=count, path=args.file))
        if not token:
            print(
                translate(
                    "cli",
                    "The file is not signed (no province.token): the province must import it with --trust-unsigned.",
                ),
                file=sys.stderr,
            )
        return 0
    finally:
        ctx.close()


def cmd_status(args: argparse.Namespace, paths: AppPaths) -> int:
    ctx = _open(args, paths, reading=True)
    try:
        with ctx.reading() as conn:  # the outbox's counts on sqlite3: no SQLAlchemy to load
            _print_status(read_status(conn))
            for row in parked_summaries(conn):
                print(f"  {row.business_day} r{row.revision}: {row.last_error}")
        return 0
    finally:
        ctx.close()


def cmd_retry_parked(args: argparse.Namespace, paths: AppPaths) -> int:
    from showroom_pos.sync import worker

    ctx = _open(args, paths)
    try:
        with ctx.transaction() as session:
            count = worker.requeue_parked(session)
        print(translate("cli", "{count} parked summaries will be sent again.").format(count=count))
        return 0
    finally:
        ctx.close()
