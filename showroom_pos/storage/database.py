"""Opening the outlet's SQLite file safely: pragmas, integrity check, migrations with a copy first.

A corrupt file or one written by a newer version of the app is never touched: the caller gets a
``DatabaseProblem`` with a message for the person at the till.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.errors import UserError

# Checks without SQLAlchemy live in sqlite_file; they are part of this module's interface too.
from .sqlite_file import (  # noqa: F401
    MIGRATIONS_DIR,
    head_revision,
    header_check,
    known_revisions,
    needs_upgrade_hint,
    quick_check,
)

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


class DatabaseProblem(UserError):
    message = "The database cannot be opened."


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Autocommit at the driver level: SQLAlchemy's "begin" hook below issues BEGIN IMMEDIATE itself,
    # so a transaction holds the write lock from its start and never dies half-way on SQLITE_BUSY.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def make_engine(path: Path | str) -> Engine:
    """An engine on ``path`` with WAL, synchronous=FULL, foreign keys and a busy timeout."""
    url = "sqlite://" if str(path) == ":memory:" else f"sqlite:///{Path(path)}"
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Readers (reports, screens) begin deferred: in WAL mode they never wait for, nor block, a sale.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("read_only") else "BEGIN IMMEDIATE")

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that write: each transaction takes SQLite's write lock from its start."""
    return sessionmaker(engine, expire_on_commit=False)


def read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that only read: a deferred transaction, a consistent snapshot, no write lock."""
    return sessionmaker(engine.execution_options(read_only=True), expire_on_commit=False)


def alembic_config() -> Config:
    from alembic.config import Config  # alembic is imported only when a migration runs: start-up speed

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
                                 )).first():
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_file(engine: Engine, target: Path) -> Path:
    """Copy the live database with SQLite's online backup API (consistent even while in use)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(dest)  # type: ignore[union-attr]
        finally:
            dest.close()
    finally:
        raw.close()
    return target


def check_writable_location(path: Path) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise DatabaseProblem("The database cannot be opened: the folder {folder} does not exist.",
                              folder=str(folder))
    probe = folder / f".write-test-{path.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        raise DatabaseProblem("The database cannot be opened: the folder {folder} cannot be written.",
                              folder=str(folder)) from None


class DatabaseMissing(DatabaseProblem):
    message = ("The database {path} does not exist. Check the path (--db or SHOWROOM_POS_DB); to bring the "
               "data back, restore a backup with `showroom-pos restore FILE --db {path}`.")


class DatabaseEmpty(DatabaseProblem):
    message = ("The database {path} is empty (0 bytes): the data it held is gone, and it is not taken for a new "
               "till, so that receipt numbers do not start again from 0001. Restore the newest backup with "
               "`showroom-pos restore FILE --db {path}`; if this really is a new till, delete the empty file "
               "first.")


def refuse_missing_or_empty(path: Path, *, create: bool) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        if not create:
            raise DatabaseMissing(path=str(path)) from None
        return
    except OSError:
        return  # what cannot be read is said by the opening itself, classified
    if size == 0:
        raise DatabaseEmpty(path=str(path))


def open_database(
    path: Path,
    *,
    backup_dir: Path | None = None,
    before_upgrade: Callable[[Engine, Path], Path] | None = None,
    integrity_check: bool = True,
    create: bool = True,
) -> Engine:
    """Open (creating or upgrading) the outlet database at ``path`` and return its engine.

    An existing file is integrity-checked first (``PRAGMA quick_check``; with ``integrity_check=False``
    only its header, for the app, which runs the full check in the background once the till is up);
    one that needs migrations is copied aside (into ``backup_dir``, default: ``backups`` beside the file)
    before they run.

    A missing file is created only with ``create`` (the commands that make databases: the demo, first-start
    set-up, a restore); an empty (0-byte) file is never taken for a new database: a till's data was there.
    """
    path = Path(path).expanduser().resolve() if str(path) != ":memory:" else path
    if str(path) != ":memory:":
        refuse_missing_or_empty(path, create=create)
        check_writable_location(path)
    existed = str(path) != ":memory:" and path.exists() and path.stat().st_size > 0
    if existed:
        result = quick_check(path) if integrity_check or needs_upgrade_hint(path) else header_check(path)
        if result != "ok":
            raise DatabaseProblem(
                "The database {path} is damaged ({detail}); it was left untouched. "
                "Restore a backup with `showroom-pos restore`.",
                path=str(path), detail=result,
            )
    engine = make_engine(path)
    revisions, head = known_revisions()
    current = current_revision(engine)
    if current is not None and current not in revisions:
        engine.dispose()
        raise DatabaseProblem(
            "The database {path} was written by a newer version of the app (schema {revision}); "
            "install the newer version. The file was left untouched.",
            path=str(path), revision=current,
        )
    if current != head:
        if existed and current is not None:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            folder = backup_dir or Path(path).parent / "backups"
            target = folder / f"{Path(path).stem}-before-{head}-{stamp}.db"
            copy = (before_upgrade or backup_file)(engine, target)
            log.info("database copied to %s before upgrading %s -> %s", copy, current, head)
        upgrade(engine)
    return engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
