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
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos import package_data
from showroom_pos.core.errors import UserError

from . import write_errors

# Checks without SQLAlchemy live in sqlite_file; they are part of this module's interface too.
from .sqlite_file import (  # noqa: F401
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


# What went wrong while opening, each told as it is: the advice differs (restoring a backup over a healthy
# file on a full disk would lose the sales since that backup).
class DatabaseDamaged(DatabaseProblem):
    message = ("The database {path} is damaged ({detail}); it was left untouched. "
               "Restore a backup with `showroom-pos restore`.")


class DatabaseNewer(DatabaseProblem):
    message = ("The database {path} was written by a newer version of the app (schema {revision}); "
               "install the newer version. The file was left untouched.")


class DatabaseDiskFull(DatabaseProblem):
    message = ("The database {path} cannot be opened because its disk is full ({detail}). The file is not "
               "damaged: do not restore a backup over it. Free some space on that disk, then start again.")


class DatabaseReadOnly(DatabaseProblem):
    message = ("The database {path} can be read but not written ({detail}): the file, its folder, its -wal or "
               "-shm file, or the whole disk is read-only. Nothing was changed. Make it writable, then start "
               "again; meanwhile `showroom-pos backup --to DIR`, `backup --list`, `check` and the exports work "
               "on it to rescue the data.")


class DatabaseLocked(DatabaseProblem):
    message = ("The database {path} is locked by another program ({detail}). Close that program (or the other "
               "copy of this app), then start again. The file is not damaged.")


class DatabasePermission(DatabaseProblem):
    message = ("The database {path} cannot be opened: this account has no permission ({detail}). Ask whoever "
               "manages this computer to give it access to the file and its folder.")


class DatabaseIOError(DatabaseProblem):
    message = ("The disk holding the database {path} could not be read or written (input/output error: "
               "{detail}). The file may well be sound: check the disk and its cable before restoring anything.")


LOW_DISK_BYTES = 1 << 20


def _disk_is_full(path: Path) -> bool:
    import shutil

    for folder in (path.parent, *path.parents):
        try:
            return shutil.disk_usage(folder).free < LOW_DISK_BYTES
        except OSError:
            continue
    return False


def classify_open_error(error: BaseException, path: Path | str) -> DatabaseProblem | None:
    """The ``DatabaseProblem`` that truly says why opening ``path`` failed, or None when ``error`` is not a
    storage condition (a bug: let it be seen)."""
    import errno

    from sqlalchemy.exc import DBAPIError

    from .sqlite_file import is_damage
    from .write_errors import (
        SQLITE_BUSY,
        SQLITE_CANTOPEN,
        SQLITE_FULL,
        SQLITE_IOERR,
        SQLITE_LOCKED,
        SQLITE_PERM,
        SQLITE_READONLY,
        StorageError,
        primary_code,
        reason,
    )

    if isinstance(error, DatabaseProblem):
        return error
    path = Path(path)
    cause: BaseException = error
    while isinstance(cause, StorageError | DBAPIError) and (cause.__cause__ or getattr(cause, "orig", None)):
        cause = getattr(cause, "orig", None) or cause.__cause__  # type: ignore[assignment]
    detail = reason(cause)  # in our words, translated with the message: not the system's or SQLite's English
    if isinstance(cause, OSError):
        number = cause.errno
        if number in (errno.ENOSPC, errno.EDQUOT):
            return DatabaseDiskFull(path=str(path), detail=detail)
        if number == errno.EROFS:
            return DatabaseReadOnly(path=str(path), detail=detail)
        if number in (errno.EACCES, errno.EPERM):
            return DatabasePermission(path=str(path), detail=detail)
        return DatabaseIOError(path=str(path), detail=detail)
    if not isinstance(cause, sqlite3.Error) or isinstance(cause, sqlite3.IntegrityError | sqlite3.ProgrammingError):
        return None
    if is_damage(cause):
        return DatabaseDamaged(path=str(path), detail=detail)
    primary = primary_code(cause)
    text_ = str(cause).lower()
    if primary == SQLITE_FULL or "disk is full" in text_:
        return DatabaseDiskFull(path=str(path), detail=detail)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in text_:
        return DatabaseLocked(path=str(path), detail=detail)
    if primary == SQLITE_READONLY or "readonly" in text_ or "read-only" in text_:
        return DatabaseReadOnly(path=str(path), detail=detail)
    if primary == SQLITE_PERM:
        return DatabasePermission(path=str(path), detail=detail)
    storage = primary in (SQLITE_IOERR, SQLITE_CANTOPEN) or (
        primary is None and ("i/o" in text_ or "unable to open" in text_))
    if not storage:  # SQLITE_ERROR and the like: a bug in a statement (a migration's), not the disk
        return None
    if _disk_is_full(path):  # an I/O error or a file that cannot be made (a -shm, a journal) on a full disk
        return DatabaseDiskFull(path=str(path), detail=detail)
    if primary == 14 or "unable to open" in text_:  # SQLITE_CANTOPEN
        if _read_only_file_system(path):
            return DatabaseReadOnly(path=str(path), detail=detail)
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            return DatabasePermission(path=str(path), detail=detail)
    return DatabaseIOError(path=str(path), detail=detail)


def _read_only_file_system(path: Path) -> bool:
    for folder in (path.parent, *path.parents):
        try:
            return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
        except (OSError, AttributeError):
            continue
    return False


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Autocommit at the driver level: SQLAlchemy's "begin" hook below issues BEGIN IMMEDIATE itself,
    # so a transaction holds the write lock from its start and never dies half-way on SQLITE_BUSY.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    # A report's GROUP BY sorts in memory, not in a temporary file (a month by product at 50,000 products
    # sorted 40,000 rows through one: 40 % of its time).
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.close()


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
    key = _key(path)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Readers (reports, screens) begin deferred: in WAL mode they never wait for, nor block, a sale.
        reading = read_only or bool(conn.get_execution_options().get("read_only"))
        stopped = _stopped.get(key) if not reading else None
        if stopped is not None:  # found damaged: nothing more is written to it (reading and backups go on)
            raise stopped.with_traceback(None)
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


_stopped: dict[str, UserError] = {}


def stop_writing(path: Path | str, problem: UserError) -> None:
    """Refuse every write transaction on the database at ``path`` from now on (in this process), with
    ``problem`` as the reason: a full check found it damaged, and writing more would spread the damage."""
    _stopped[_key(path)] = problem


def resume_writing(path: Path | str) -> None:
    """A sound file is in place again (a backup was restored): writes are accepted again."""
    _stopped.pop(_key(path), None)


def writing_stopped(path: Path | str) -> UserError | None:
    return _stopped.get(_key(path))


def _key(path: Path | str) -> str:
    return str(path) if str(path) == ":memory:" else str(Path(path).resolve())


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


def check_writable_location(path: Path) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise DatabaseProblem("The database cannot be opened: the folder {folder} does not exist.",
                              folder=str(folder))
    probe = folder / f".write-test-{path.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        problem = classify_open_error(exc, path)
        if isinstance(problem, DatabaseIOError | None):
            problem = DatabaseProblem("The database cannot be opened: the folder {folder} cannot be written.",
                                      folder=str(folder))
        raise problem from None


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
    Whatever fails on the way (a full or read-only disk, a lock, a permission, damage, a newer schema) is
    raised as the ``DatabaseProblem`` that says so, never as SQLite's own exception.
    """
    try:
        return _open_database(path, backup_dir=backup_dir, before_upgrade=before_upgrade,
                              integrity_check=integrity_check, create=create)
    except Exception as exc:
        problem = classify_open_error(exc, path)
        if problem is None or problem is exc:
            raise
        raise problem from exc


def _open_database(
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
    """
    path = Path(path).expanduser().resolve() if str(path) != ":memory:" else path
    if str(path) != ":memory:":
        refuse_missing_or_empty(path, create=create)
        check_writable_location(path)
    existed = str(path) != ":memory:" and path.exists() and path.stat().st_size > 0
    if existed:
        result = quick_check(path) if integrity_check or needs_upgrade_hint(path) else header_check(path)
        if result != "ok":
            raise DatabaseDamaged(path=str(path), detail=result)
    engine = make_engine(path)
    # Every failure from here on arrives classified (full disk, read-only, locked…), also during migrations.
    write_errors.install(engine)
    try:
        revisions, head = known_revisions()
        current = current_revision(engine)
        if current is not None and current not in revisions:
            raise DatabaseNewer(path=str(path), revision=current)
        if current != head:
            if existed and current is not None:
                folder = backup_dir or Path(path).parent / "backups"
                copy = (before_upgrade or copy_before_upgrade)(engine, folder / pre_migration_name(Path(path), head))
                log.info("database copied to %s before upgrading %s -> %s", copy, current, head)
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


def open_read_only(path: Path) -> Engine:
    """The database at ``path`` for reading only (a read-only disk or file): checked, never migrated, never
    written. Backups, ``backup --list``, exports, reports and ``check`` work on it, so the data can be rescued."""
    path = Path(path).expanduser().resolve()
    try:
        refuse_missing_or_empty(path, create=False)
        result = quick_check(path)
        if result != "ok":
            raise DatabaseDamaged(path=str(path), detail=result)
        engine = make_engine(path, read_only=True)
        write_errors.install(engine)
        try:
            current = current_revision(engine)
            revisions, head = known_revisions()
            if current is not None and current not in revisions:
                raise DatabaseNewer(path=str(path), revision=current)
            if current != head:
                raise DatabaseProblem("The database {path} must be upgraded before it can be used, and it cannot be "
                                      "written ({detail}). Copy the file to a writable disk and open the copy.",
                                      path=str(path), detail=current or "-")
        except BaseException:
            engine.dispose()
            raise
        return engine
    except Exception as exc:
        problem = classify_open_error(exc, path)
        if problem is None or problem is exc:
            raise
        raise problem from exc


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
