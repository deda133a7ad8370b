"""Opening the outlet's SQLite file safely, with the sqlite3 module alone: ``check_file`` is every check made
before the file is used (missing or empty, a folder that cannot be written, its header or ``quick_check``, a schema
newer than ours or one to upgrade), and the ``DatabaseProblem`` that says what is wrong.

The app, the commands that change data and those that only read all open through ``check_file``; SQLAlchemy is
loaded after it, and only by those that need a session (``storage.database.open_checked``): a command that
reads a setting or the sync state answers without it (SQLAlchemy and the models take ~0.5 s to import).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from showroom_pos.core.errors import UserError

from . import sqlite_file


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
    wrappers: tuple[type[BaseException], ...] = (StorageError, *_sqlalchemy_errors())
    while isinstance(cause, wrappers) and (cause.__cause__ or getattr(cause, "orig", None)):
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


def _sqlalchemy_errors() -> tuple[type[BaseException], ...]:
    """SQLAlchemy's wrapper of a driver error, when SQLAlchemy is loaded (an error from it means it is); none before
    (a command or the app's start fails before it loads: ``StorageError | ()`` was a TypeError that hid why)."""
    exc = sys.modules.get("sqlalchemy.exc")
    return (exc.DBAPIError,) if exc is not None else ()


@dataclass(frozen=True)
class CheckedFile:
    """What ``check_file`` found: the file's resolved path, whether it already held a database, its schema
    revision and whether migrations must run before it is used."""

    path: Path
    existed: bool
    revision: str | None
    needs_upgrade: bool


def check_file(path: Path, *, create: bool = True, integrity_check: bool = True,
               read_only: bool = False) -> CheckedFile:
    """Every check before the outlet database at ``path`` is used, or the ``DatabaseProblem`` that says why not.

    A missing file is accepted only with ``create`` (the commands that make databases); an empty one never.
    An existing file gets ``quick_check`` (``integrity_check``, or when its schema is behind ours: a migration
    always gets the full check first), otherwise its header only (the full check runs on its schedule). A
    schema newer than ours is refused. ``read_only``: the file is only read (a read-only disk): its folder is not
    probed for writing, it is always checked with ``quick_check``, and one that would need migrations is refused.
    """
    with classified(path):
        return _check_file(path, create=create, integrity_check=integrity_check, read_only=read_only)


@contextmanager
def classified(path: Path | str) -> Iterator[None]:
    """Whatever storage condition goes wrong inside is raised as the ``DatabaseProblem`` that says so (opening
    ``path``); anything else (a bug) as it is."""
    try:
        yield
    except Exception as exc:
        problem = classify_open_error(exc, path)
        if problem is None or problem is exc:
            raise
        raise problem from exc


def _check_file(path: Path, *, create: bool, integrity_check: bool, read_only: bool) -> CheckedFile:
    if str(path) == ":memory:":
        return CheckedFile(path, False, None, True)
    path = Path(path).expanduser().resolve()
    refuse_missing_or_empty(path, create=create)
    if not read_only:
        check_writable_location(path)
    existed = path.exists() and path.stat().st_size > 0
    if not existed:
        return CheckedFile(path, False, None, True)
    behind = sqlite_file.needs_upgrade_hint(path)
    full = integrity_check or behind or read_only
    result = sqlite_file.quick_check(path) if full else sqlite_file.header_check(path)
    if result != "ok":
        raise DatabaseDamaged(path=str(path), detail=result)
    revision = file_revision(path)
    revisions, head = sqlite_file.known_revisions()
    if revision is not None and revision not in revisions:
        raise DatabaseNewer(path=str(path), revision=revision)
    if read_only and revision != head:
        raise DatabaseProblem("The database {path} must be upgraded before it can be used, and it cannot be "
                              "written ({detail}). Copy the file to a writable disk and open the copy.",
                              path=str(path), detail=revision or "-")
    return CheckedFile(path, True, revision, revision != head)


def file_revision(path: Path) -> str | None:
    """The schema revision the file records (alembic's ``alembic_version``), None for a file without one."""
    with sqlite_file.read_only(path) as conn:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone():
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return str(row[0]) if row else None
    return None
