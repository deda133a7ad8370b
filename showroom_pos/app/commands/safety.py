"""backup and restore.

``showroom-pos backup`` makes a verified backup now (into ``backup.folder`` or ``--to``), ``--daily`` only
when today's daily backup is missing (for a scheduled task), ``--list`` shows them.
``showroom-pos restore FILE`` keeps the current database aside, then restores FILE. It works on a damaged
database too (the app refuses to open one; this is how to get back to work), so it does not open the
database before restoring.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from showroom_pos.core.errors import UserError, ValidationError
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.i18n import error_text, translate
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import backup
from showroom_pos.storage import process_lock, write_errors

from .basic import open_context


def register(sub: Any) -> None:
    p = sub.add_parser("backup", help="make a verified backup of the database now")
    p.add_argument("--db", dest="db_path", help="database file")
    p.add_argument("--to", dest="folder", help="backup folder (default: the backup.folder setting)")
    p.add_argument("--daily", action="store_true", help="only if today's daily backup is not made yet")
    p.add_argument("--list", action="store_true", help="list the backups instead of making one")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="restore a backup (the current database is kept aside first)")
    p.add_argument("file", help="the backup file to restore")
    p.add_argument("--db", dest="db_path", help="database file to restore into")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_restore)


def _paths(args: argparse.Namespace, paths: AppPaths) -> AppPaths:
    return AppPaths.resolve(args.db_path) if getattr(args, "db_path", None) else paths


def _open(paths: AppPaths) -> AppContext:
    """The database just restored: ``restore`` checked it whole already."""
    ctx = AppContext.open(paths, create=False, integrity_check=False)
    write_errors.install(ctx.engine)
    return ctx


def cmd_backup(args: argparse.Namespace, paths: AppPaths) -> int:
    ctx = open_context(args, paths, reading=True)  # a read-only disk: still copied elsewhere (--to DIR)
    try:
        default = ctx.paths.backups
        if args.list:
            with ctx.sessions() as session:
                folder = Path(args.folder) if args.folder else backup.folder_for(session, default)
                prefix = backup.name_prefix(session, ctx.paths.database)
            print(translate("cli", "Backups in {folder}:").format(folder=folder))
            for info in backup.list_backups(folder, prefix):
                print(f"{info.made_at:%Y-%m-%d %H:%M:%S}\t{info.kind}\t{info.size}\t{info.path}")
            aside = backup.copies_kept_aside(default, ctx.paths.database)
            if aside:
                print(translate("cli", "Copies kept aside in {folder}:").format(folder=default))
                for kind, path in aside:
                    print(f"{kind}\t{path.stat().st_size}\t{path}")
            return 0
        if args.daily and not backup.daily_due(ctx.engine, default):
            print(translate("cli", "Today's daily backup is already made."))
            return 0
        info = backup.backup_now(ctx.engine, default, kind="daily" if args.daily else "manual",
                                 folder=Path(args.folder) if args.folder else None)
        print(translate("cli", "Backup written and verified: {path}").format(path=info.path))
        return 0
    finally:
        ctx.close()


def _confirmed(database: Path, file: Path) -> bool:
    if not sys.stdin.isatty():
        raise ValidationError("Restoring replaces the database: add --yes to confirm.")
    question = translate("cli", "Replace {database} with {file}? The current database is kept aside. "
                                "Type yes to continue: ").format(database=database, file=file)
    return input(question).strip().lower() in ("yes", "y", "có", "co")


def cmd_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    paths = _paths(args, paths)
    file = Path(args.file).expanduser().resolve()
    backup.inspect_backup(file, full=False)  # a clear refusal before any question (restore checks in full)
    process_lock.acquire(paths.database, "showroom-pos restore")  # never under a running till
    if not args.yes and not _confirmed(paths.database, file):
        print(translate("cli", "Nothing was changed."))
        return 1
    result = backup.restore(paths.database, file, paths.backups)
    if result.aside is not None:
        print(translate("cli", "The database before the restore is kept in {path}").format(path=result.aside))
    try:
        ctx = _open(paths)  # migrates an older backup to this version (after copying it aside)
    except UserError as exc:
        print(error_text(exc), file=sys.stderr)
        return 2
    try:
        with ctx.transaction() as session:
            backup.record_restore(session, result, user_id=None)
    finally:
        ctx.close()
    print(translate("cli", "Restored {file} into {database}.").format(file=file, database=paths.database))
    return 0
