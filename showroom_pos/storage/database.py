"""Opening the outlet's SQLite file safely: pragmas, integrity check, migrations with a copy first.

A corrupt file or one written by a newer version of the app is never touched: the caller gets a
``DatabaseProblem`` with a message for the person at the till.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos import package_data

from . import write_errors

# The checks made before SQLAlchemy is loaded live in opening and sqlite_file; they are part of this module's
# interface too.
from .opening import (  # noqa: F401
    CheckedFile,
    DatabaseDamaged,
    DatabaseDiskFull,
    DatabaseEmpty,
    DatabaseIOError,
    DatabaseLocked,
    DatabaseMissing,
    DatabaseNewer,
    DatabasePermission,
    DatabaseProblem,
    DatabaseReadOnly,
    check_file,
    check_writable_location,
    classified,
    classify_open_error,
    refuse_missing_or_empty,
)
from .sqlite_file import (  # noqa: F401
    BUSY_TIMEOUT_MS,
    apply_write_pragmas,
    head_revision,
    header_check,
    known_revisions,
    needs_upgrade_hint,
    quick_check,
    resume_writing,
    stop_writing,
    writing_stopped,
)

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    apply_write_pragmas(dbapi_connection, BUSY_TIMEOUT_MS)  # (this module's: a test shortens it)


def _set_read_only_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    dbapi_connection.execute("PRAGMA query_only = ON")


def make_engine(path: Path | str, *, read_only: bool = False) -> Engine:
    """An engine on ``path`` with WAL, synchronous=FULL, foreign keys and a busy timeout; ``read_only``: one
    that never writes (nor creates ``-wal`` files where it can avoid it), for rescuing data from a read-only disk."""
    if read_only:
        from .sqlite_file import connect_read_only

        # The URL names the file (backups read it); the creator makes the read-only connections.
        engine = create_engine(f"sqlite:///{Path(path)}",
                               creator=lambda: connect_read_only(Path(path), check_same_thread=False))
        event.listen(engine, "connect", _set_read_only_pragmas)
    else:
        url = "sqlite://" if str(path) == ":memory:" else f"sqlite:///{Path(path)}"
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _set_pragmas)
    key = str(path)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Readers (reports, screens) begin deferred: in WAL mode they never wait for, nor block, a sale.
        reading = read_only or bool(conn.get_execution_options().get("read_only"))
        stopped = writing_stopped(key) if not reading else None
        if stopped is not None:  # found damaged: nothing more is written to it (reading and backups go on)
            raise stopped.with_traceback(None)
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that write: each transaction takes SQLite's write lock from its start."""
    return sessionmaker(engine, expire_on_commit=False)


def read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that only read: a deferred transaction, a consistent snapshot, no write lock."""
    return sessionmaker(engine.execution_options(read_only=True), expire_on_commit=False)


def alembic_config() -> Config:
    from alembic.config import Config  # alembic is imported only when a migration runs: start-up speed

    # The shipped alembic.ini names its scripts relative to itself (``%(here)s/migrations``).
    return Config(str(package_data.path("db", "alembic.ini")))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
                                 )).first():
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_file(engine: Engine, target: Path) -> Path:
    """Copy the live database with SQLite's online backup API (consistent even while in use), all pages in one
    step (no sleeps between steps). The copy is not synced page by page: the callers check it, fsync it once
    and only then give it its name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(target)
        try:
            dest.execute("PRAGMA synchronous = OFF")
            raw.driver_connection.backup(dest, pages=-1)  # type: ignore[union-attr]
        finally:
            dest.close()
    finally:
        raw.close()
    return target


def open_database(
    path: Path,
    *,
    backup_dir: Path | None = None,
    before_upgrade: Callable[[Engine, Path], Path] | None = None,
    integrity_check: bool = True,
    create: bool = True,
) -> Engine:
    """Open (creating or upgrading) the outlet database at ``path`` and return its engine: the checks of
    ``opening.check_file`` (missing, empty, header or ``quick_check``, newer schema), then ``open_checked``.

    Whatever fails on the way (a full or read-only disk, a lock, a permission, damage, a newer schema) is
    raised as the ``DatabaseProblem`` that says so, never as SQLite's own exception.
    """
    checked = check_file(path, create=create, integrity_check=integrity_check)
    return open_checked(checked, backup_dir=backup_dir, before_upgrade=before_upgrade)


def open_checked(
    checked: CheckedFile,
    *,
    backup_dir: Path | None = None,
    before_upgrade: Callable[[Engine, Path], Path] | None = None,
) -> Engine:
    """The engine on a file ``check_file`` passed, upgraded first when it must be: an existing database is
    copied aside (into ``backup_dir``, default: ``backups`` beside the file) before its migrations run."""
    path = checked.path
    with classified(path):
        engine = make_engine(path)
        # Every failure from here on arrives classified (full disk, read-only, locked…), also during migrations.
        write_errors.install(engine)
        try:
            if checked.needs_upgrade:
                _, head = known_revisions()
                # Read again through the engine: its write transaction meets another program's lock here, before
                # any copy is made, and a file changed since it was checked is not upgraded from a stale view.
                if current_revision(engine) != checked.revision:
                    raise DatabaseProblem("The database {path} changed while it was being opened; start again.",
                                          path=str(path))
                if checked.existed and checked.revision is not None:
                    target = (backup_dir or path.parent / "backups") / pre_migration_name(path, head)
                    copy = (before_upgrade or copy_before_upgrade)(engine, target)
                    log.info("database copied to %s before upgrading %s -> %s", copy, checked.revision, head)
                upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return engine


PRE_MIGRATION_KEEP = 3
PARTIAL_SUFFIX = ".partial"


def pre_migration_name(path: Path, head: str, now: datetime | None = None) -> str:
    """``showroom-before-0006-20261203-021500.db``: the file, the revision it is upgraded to, the time (UTC)."""
    return f"{path.stem}-before-{head}-{(now or datetime.now(UTC)):%Y%m%d-%H%M%S}.db"


def copy_before_upgrade(engine: Engine, target: Path) -> Path:
    """The copy made before a migration, made like a backup: written under a temporary name, one
    self-contained file, integrity-checked, fsynced and only then given its name; older such copies of
    the same file beyond the newest ``PRE_MIGRATION_KEEP`` are deleted, and leftovers of interrupted ones.
    Raises (classified by the caller) when it cannot be made: no migration runs without its copy."""
    from .sqlite_file import integrity_check as full_check

    folder = target.parent
    stem = target.name.split("-before-")[0]
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(f"{_glob_escape(stem)}-before-*{PARTIAL_SUFFIX}*"):
        leftover.unlink(missing_ok=True)  # one process per database: nobody else is writing these
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        backup_file(engine, partial)
        conn = sqlite3.connect(partial)
        try:
            conn.execute("PRAGMA journal_mode = DELETE").fetchall()
        finally:
            conn.close()
        result = full_check(partial)
        if result != "ok":
            raise DatabaseProblem("The copy made before upgrading the database failed its check ({detail}); "
                                  "the database was not upgraded.", detail=result)
        fd = os.open(partial, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, target)
    except BaseException:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        raise
    copies = sorted((p for p in folder.glob(f"{_glob_escape(stem)}-before-*.db") if _PRE_MIGRATION_RE.match(p.name)),
                    key=lambda p: p.name.rsplit("-", 2)[-2:], reverse=True)
    for old in copies[PRE_MIGRATION_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


_PRE_MIGRATION_RE = re.compile(r"^.+-before-\d+-\d{8}-\d{6}\.db$")


def _glob_escape(text_: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", text_)


def engine_read_only(checked: CheckedFile) -> Engine:
    """A read-only engine on a file ``check_file(read_only=True)`` passed (a read-only disk or file): never migrated,
    never written. Backups, ``backup --list``, exports, reports and ``check`` work on it, so the data can be rescued."""
    with classified(checked.path):
        return write_errors.install(make_engine(checked.path, read_only=True))


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
