"""Checks on the outlet's SQLite file with the sqlite3 module alone (no SQLAlchemy, no alembic): the
schema revisions our migrations know, the file's header and integrity. The app uses them before
SQLAlchemy is loaded, to put the PIN screen up first (``services.login_roster``).
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from showroom_pos import package_data

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from showroom_pos.core.errors import UserError

    # What a plain-SQL read is given: a sqlite3 connection (a command) or a SQLAlchemy session (a screen).
    Readable: TypeAlias = sqlite3.Connection | Session
    # What a plain-SQL write is given: the same, or a SQLAlchemy connection, each in its caller's transaction.
    Writable: TypeAlias = sqlite3.Connection | Session | Connection


def migrations_dir() -> Path:
    """The outlet's Alembic scripts, shipped in the package (``showroom_pos/db/migrations``)."""
    return package_data.path("db", "migrations")


_REVISION_RE = re.compile(r"^(down_revision|revision)\b[^=]*=\s*['\"]?(\w+)?['\"]?", re.MULTILINE)


@lru_cache(maxsize=1)
def known_revisions() -> tuple[frozenset[str], str]:
    """Every migration's revision and the head, read from the scripts' text (no alembic import on the
    way to the cashier's screen). A test checks it against alembic's own view."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in migrations_dir().joinpath("versions").glob("*.py"):
        found = dict((key, value) for key, value in _REVISION_RE.findall(script.read_text(encoding="utf-8")))
        revisions.add(found["revision"])
        if found.get("down_revision") and found["down_revision"] != "None":
            parents.add(found["down_revision"])
    heads = revisions - parents
    assert len(heads) == 1, f"migrations must have one head, found {sorted(heads)}"
    return frozenset(revisions), heads.pop()


def head_revision() -> str:
    return known_revisions()[1]


def connect_read_only(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """A read-only connection to the file (it never creates or changes it).

    On a read-only disk SQLite cannot make the ``-shm`` file a WAL database needs for reading; when there is
    no ``-wal`` with transactions to fold in, the file alone is the whole database and is opened as immutable
    (nobody can write to a read-only disk), so the data can still be rescued."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=check_same_thread)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if not _immutable_is_safe(Path(path)):
            raise
    return sqlite3.connect(f"file:{path}?immutable=1", uri=True, check_same_thread=check_same_thread)


def _immutable_is_safe(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return False
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the file, closed after use (it never creates or changes the file)."""
    conn = connect_read_only(path)
    try:
        yield conn
    finally:
        conn.close()


SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26


def is_damage(error: BaseException) -> bool:
    """Whether a SQLite error says the file itself is damaged (not a full disk, a lock, a permission…)."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    text = str(error).lower()
    return "malformed" in text or "not a database" in text


# Two ways to read the file for a check, by who waits for it:
# - a check a person waits for (opening before a change, a backup's verification, a restore, ``check``) reads
#   through a memory map: 3–4× less CPU for the same pages than SQLite's page cache (a quick_check of an 850 MB
#   file 4.3 → 1.5 s of CPU), with a 64 MB cache for a full check's index look-ups;
# - the background full check the running till makes of its own file (after the start, at idle: the cancellable
#   ``integrity_check``) reads with SQLite's ordinary reads into a 2 MB page cache, never mapped: every mapped page
#   counts in the till's resident memory (860 MB for that file), for a check nobody waits for. It costs ~1.5× the
#   CPU there (12–14 s → 19–21 s on that file), on the core the till does not use.
MMAP_BYTES = 1 << 31  # SQLite caps it at its own limit (2 GB by default)
CHECK_CACHE_KIB = 2048


def _for_checking(conn: sqlite3.Connection, *, mapped: bool = True) -> sqlite3.Connection:
    """``mapped``: through a memory map and a 64 MB page cache (speed); else no map (said explicitly: a SQLite
    built with a default ``mmap_size`` would map the file) and a 2 MB cache: what the check adds to the till's
    memory stays a few MB."""
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES if mapped else 0}").fetchall()
    conn.execute(f"PRAGMA cache_size = -{65536 if mapped else CHECK_CACHE_KIB}").fetchall()
    return conn


def quick_check(path: Path, *, full: bool = False) -> str:
    """``ok`` or what SQLite found wrong with the file (including "file is not a database"); ``full``: the
    whole ``integrity_check`` (indexes against their tables too), which ``quick_check`` skips. An error that
    is not damage (a full or read-only disk, a lock, an I/O error) is raised, never reported as damage:
    "restore a backup" is the wrong advice for a healthy file on a full disk."""
    try:
        with read_only(path) as conn:
            rows = _for_checking(conn).execute(f"PRAGMA {'integrity_check' if full else 'quick_check'}").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return str(exc)
        raise
    return "; ".join(str(r[0]) for r in rows[:5])


class CheckCancelled(Exception):
    """The full check was stopped before its end (the app is closing)."""


def integrity_check(path: Path, *, cancel: threading.Event | None = None) -> str:
    """SQLite's full ``integrity_check`` on a read-only connection of its own: it never blocks a sale (WAL),
    and setting ``cancel`` stops it within milliseconds (``CheckCancelled``). With ``cancel`` it is the running
    till's background check of its own file: read without a memory map (the till's memory)."""
    if cancel is None:
        return quick_check(path, full=True)
    try:
        with read_only(path) as conn:
            _for_checking(conn, mapped=False).set_progress_handler(lambda: 1 if cancel.is_set() else 0, 10_000)
            rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if cancel.is_set():
            raise CheckCancelled() from exc
        if is_damage(exc):
            return str(exc)
        raise
    return "; ".join(str(r[0]) for r in rows[:5])


def parallel_integrity_check(path: Path, workers: int = 2) -> str:
    """The same verdict as ``integrity_check``, sooner on a machine with ``workers`` cores to spare (a backup
    or a restore a manager waits for): ``quick_check`` of the whole file (pages, free list, records), then
    ``integrity_check(TABLE)`` of each table with its indexes, the largest first, on ``workers`` connections
    of their own (SQLite runs them in parallel: it does not hold Python's lock while it checks)."""
    from concurrent.futures import ThreadPoolExecutor

    first = quick_check(path)
    if first != "ok":
        return first
    try:
        with read_only(path) as conn:
            tables = [name for name, in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            counts: dict[str, int] = {}
            try:  # row counts as ANALYZE left them, to start on the largest tables
                for table, stat in conn.execute("SELECT tbl, stat FROM sqlite_stat1"):
                    counts[table] = max(counts.get(table, 0), int(str(stat).split()[0]))
            except (sqlite3.Error, ValueError, IndexError):
                pass
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return str(exc)
        raise
    tables.sort(key=lambda t: -counts.get(t, 0))

    def check(table: str) -> str:
        try:
            with read_only(path) as conn:
                rows = _for_checking(conn).execute(f'PRAGMA integrity_check("{table}")').fetchall()
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                return str(exc)
            raise
        return "; ".join(str(r[0]) for r in rows[:5])

    with ThreadPoolExecutor(max(1, workers), thread_name_prefix="integrity-check") as pool:
        problems = [r for r in pool.map(check, tables) if r != "ok"]
    return "; ".join(problems)[:2000] if problems else "ok"


def header_check(path: Path) -> str:
    """``ok`` if the file starts like an SQLite database and its schema can be read: cheap on any size."""
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            return "file is not a database"
    try:
        with read_only(path) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return str(exc)
        raise
    return "ok"


def needs_upgrade_hint(path: Path) -> bool:
    """Whether the file's schema is behind ours: a migration always gets the full check first."""
    try:
        with read_only(path) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return True
    return row is None or row[0] != head_revision()


def driver_connection(source: Readable) -> sqlite3.Connection:
    """The sqlite3 connection to read through: ``source`` itself, or the one under a SQLAlchemy session's
    transaction (the same snapshot). Reads a command makes without SQLAlchemy are written once, on sqlite3, and
    serve the screens' sessions too. A session's pending changes are flushed first, as its own queries do
    (autoflush): a setting changed earlier in the same transaction reads back as changed."""
    if not isinstance(source, sqlite3.Connection) and source.autoflush:
        source.flush()
    return write_connection(source)


def write_connection(target: Writable) -> sqlite3.Connection:
    """The sqlite3 connection a plain-SQL write runs on: ``target`` itself, or the one under a SQLAlchemy session's
    (or connection's) transaction, begun if it had not begun, so the write commits or rolls back with the rest.
    Unlike ``driver_connection`` nothing is flushed: a write of its own table needs none (``storage.fast_write``
    does the same on the sale's path)."""
    if isinstance(target, sqlite3.Connection):
        return target
    from sqlalchemy.orm import Session  # loaded already: the target is SQLAlchemy's

    connection = target.connection() if isinstance(target, Session) else target
    conn = connection.connection.driver_connection
    assert isinstance(conn, sqlite3.Connection)
    return conn


# How SQLAlchemy's SQLite dialect stores a ``DateTime`` (``storage.models.UTCDateTime``: naive UTC): always with
# the microseconds, so that stored times sort as text.
_STORED_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


def stored_datetime(value: datetime) -> str:
    """An aware datetime as a ``UTCDateTime`` column holds it (what SQLAlchemy would write for it)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given; use UTC-aware datetimes")
    return value.astimezone(UTC).replace(tzinfo=None).strftime(_STORED_DATETIME)


def read_datetime(text: str) -> datetime:
    """A ``UTCDateTime`` column's text as the aware UTC datetime SQLAlchemy hands back for it."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- writing without SQLAlchemy -----------------------------------------------------------------------

BUSY_TIMEOUT_MS = 10_000


def apply_write_pragmas(conn: sqlite3.Connection, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """Every connection that writes the outlet's file, the engine's and a command's own: autocommit at the driver
    level (the transaction is begun explicitly, ``BEGIN IMMEDIATE``, so it holds the write lock from its start and
    never dies half-way on SQLITE_BUSY), WAL, synchronous=FULL, foreign keys, a busy timeout."""
    conn.isolation_level = None
    cursor = conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    # A report's GROUP BY sorts in memory, not in a temporary file (a month by product at 50,000 products
    # sorted 40,000 rows through one: 40 % of its time).
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.close()


_stopped: dict[str, UserError] = {}


def _key(path: Path | str) -> str:
    return str(path) if str(path) == ":memory:" else str(Path(path).resolve())


def stop_writing(path: Path | str, problem: UserError) -> None:
    """Refuse every write transaction on the database at ``path`` from now on (in this process), with
    ``problem`` as the reason: a full check found it damaged, and writing more would spread the damage."""
    _stopped[_key(path)] = problem


def resume_writing(path: Path | str) -> None:
    """A sound file is in place again (a backup was restored): writes are accepted again."""
    _stopped.pop(_key(path), None)


def writing_stopped(path: Path | str) -> UserError | None:
    return _stopped.get(_key(path))
