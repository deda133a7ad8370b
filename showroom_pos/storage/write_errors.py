"""SQLite's write failures as errors the person at the till can act on.

A full disk, a database file that became read-only (permissions, or a failing disk the system remounted
read-only), an I/O error or a removed disk reach the code as ``sqlalchemy.exc.OperationalError`` with
SQLite's wording. ``install(engine)`` hooks SQLAlchemy's ``handle_error`` event so that they arrive as a
``StorageError`` (a ``UserError``) instead: screens already show a ``UserError`` and keep what the person
entered (the cart stays on screen), and since SQLite rolled the transaction back nothing half-written
remains. Constraint violations (``IntegrityError``) are not translated: they are bugs, not conditions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from showroom_pos.core.errors import N_, UserError, os_reason

# SQLite primary result codes (the low byte of an extended code).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
_MARK = "_showroom_write_errors"

if TYPE_CHECKING:
    from sqlalchemy import Engine


class StorageError(UserError):
    message = "The database could not be written, so nothing was saved ({detail})."


class DiskFull(StorageError):
    message = ("The disk is full, so nothing was saved. What you entered is kept: free some space "
               "(or call the manager), then try again.")


class ReadOnlyDatabase(StorageError):
    message = ("The database file is read-only, so nothing was saved. What you entered is kept: ask the "
               "manager to make the file writable again, then try again.")


class DiskIOError(StorageError):
    message = ("The disk could not be read or written (input/output error), so nothing was saved. What you "
               "entered is kept: check the disk, then try again.")


class DatabaseUnavailable(StorageError):
    message = ("The database file cannot be opened (was its disk removed?), so nothing was saved. What you "
               "entered is kept: reconnect the disk, then try again.")


class DatabaseBusy(StorageError):
    message = ("The database is busy in another program, so nothing was saved. What you entered is kept: "
               "try again in a moment.")


class DatabaseDamaged(StorageError):
    message = ("The database file is damaged, so nothing was saved. Stop selling and ask the manager to "
               "restore a backup.")


_BY_CODE: dict[int, type[StorageError]] = {
    SQLITE_FULL: DiskFull,
    SQLITE_READONLY: ReadOnlyDatabase,
    SQLITE_PERM: ReadOnlyDatabase,
    SQLITE_IOERR: DiskIOError,
    SQLITE_CANTOPEN: DatabaseUnavailable,
    SQLITE_BUSY: DatabaseBusy,
    SQLITE_LOCKED: DatabaseBusy,
    SQLITE_CORRUPT: DatabaseDamaged,
    SQLITE_NOTADB: DatabaseDamaged,
}
_BY_TEXT: tuple[tuple[str, type[StorageError]], ...] = (
    ("disk is full", DiskFull),
    ("readonly database", ReadOnlyDatabase),
    ("disk i/o error", DiskIOError),
    ("unable to open database", DatabaseUnavailable),
    ("database is locked", DatabaseBusy),
    ("malformed", DatabaseDamaged),
    ("not a database", DatabaseDamaged),
)


def primary_code(error: BaseException) -> int | None:
    """SQLite's primary result code of ``error`` (``SQLITE_FULL``…), when the driver gives one."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


_REASONS: dict[type[StorageError], str] = {
    DiskFull: N_("the disk is full"),
    ReadOnlyDatabase: N_("the file or its disk is read-only"),
    DiskIOError: N_("the disk could not be read or written (input/output error)"),
    DatabaseUnavailable: N_("the file cannot be opened"),
    DatabaseBusy: N_("the file is in use by another program"),
    DatabaseDamaged: N_("the file is damaged or is not a database"),
}


def _kind(error: BaseException) -> type[StorageError] | None:
    primary = primary_code(error)
    kind = _BY_CODE.get(primary) if primary is not None else None
    if kind is None:
        text = str(error).lower()
        kind = next((k for needle, k in _BY_TEXT if needle in text), None)
    return kind


def reason(error: BaseException) -> str:
    """Why SQLite (or the system) refused, as a sentence of ours (translated with the message carrying it) rather
    than SQLite's English ("attempt to write a readonly database", "unable to open database file"); what is no
    storage condition keeps its own words."""
    if isinstance(error, OSError):
        return os_reason(error)
    kind = _kind(error) if isinstance(error, sqlite3.Error) else None
    return _REASONS[kind] if kind is not None else (str(error) or type(error).__name__)


def translate(error: BaseException) -> StorageError | None:
    """The ``StorageError`` for a SQLite (DBAPI) error, or None when it is not a storage condition."""
    if not isinstance(error, sqlite3.OperationalError | sqlite3.DatabaseError) or isinstance(
        error, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError
    ):
        return None
    kind = _kind(error)
    return kind(detail=reason(error)) if kind is not None else None


@contextmanager
def translated() -> Iterator[None]:
    """Plain SQL run on the driver's connection (no engine hook sees it) fails as the engine's statements do: a
    storage condition as its ``StorageError``, anything else as it is."""
    try:
        yield
    except sqlite3.Error as exc:
        storage = translate(exc)
        if storage is not None:
            raise storage from exc
        raise


def _handle_error(context: Any) -> None:
    translated = translate(context.original_exception)
    if translated is not None:
        raise translated from context.original_exception


def install(engine: Engine) -> Engine:
    """Translate storage failures on ``engine`` into ``StorageError``s (idempotent)."""
    from sqlalchemy import event  # this module's errors serve the opening too, before SQLAlchemy is loaded

    if not getattr(engine, _MARK, False):
        event.listen(engine, "handle_error", _handle_error)
        setattr(engine, _MARK, True)
    return engine


def installed(engine: Engine) -> bool:
    return bool(getattr(engine, _MARK, False))
