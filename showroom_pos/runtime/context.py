"""The running app's wiring: paths, the open database and its session factory.

Opening checks the file and compares it with the till's high-water mark with the sqlite3 module alone
(``storage.opening.check_file``); the SQLAlchemy engine and its sessions are made when first asked for. A command
that only reads a setting or the sync state (``reading``) never loads SQLAlchemy and the models (~0.5 s).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from showroom_pos.storage import high_water, process_lock, sqlite_file, write_errors
from showroom_pos.storage.opening import (
    CheckedFile,
    DatabasePermission,
    DatabaseReadOnly,
    check_file,
    classify_open_error,
)

from .paths import AppPaths

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker  # Session: the screens name the type from here

log = logging.getLogger(__name__)

TIME_ZONE_SQL = "SELECT value FROM setting WHERE key = 'outlet.time_zone'"


def apply_time_zone(conn: sqlite3.Connection) -> None:
    """Every time a person reads is in the showroom's zone (a business setting), whatever the PC's clock zone."""
    from showroom_pos.core import clock

    try:
        row = conn.execute(TIME_ZONE_SQL).fetchone()
        clock.set_zone(str(row[0] if row else ""))
    except Exception:  # a zone this machine does not know, or no settings yet: the default (Vietnam)
        clock.set_zone("")


@dataclass
class AppContext:
    paths: AppPaths
    checked: CheckedFile
    high_water: high_water.Tracker
    read_only: bool = False
    _engine: Engine | None = None
    _sessions: sessionmaker[Session] | None = None
    _read_sessions: sessionmaker[Session] | None = None
    _making: threading.Lock = field(default_factory=threading.Lock)
    _prefetched: dict[str, Future[Any]] = field(default_factory=dict)

    @classmethod
    def open(cls, paths: AppPaths, *, integrity_check: bool = True, create: bool = True,
             lock: str | None = None, read_only: bool = False, engine_now: bool = True) -> AppContext:
        """``integrity_check=False``: only the file's header now (the app checks the rest in the background).
        ``create=False``: a missing file is refused (commands that do not make databases); a missing file this
        till has written sales to is refused either way, as is an empty one. ``lock``: take the database's
        one-process lock first, as that program (``process_lock``), released by ``close``. ``read_only``: the
        file is only read (a read-only disk): nothing is migrated or written, so its data can be rescued.
        ``engine_now=False``: SQLAlchemy is loaded when a session is first asked for, not now (a file that
        must be upgraded is upgraded now either way)."""
        if lock is not None:
            process_lock.acquire(paths.database, lock)
        try:
            ctx = cls._open(paths, integrity_check=integrity_check, create=create, read_only=read_only)
            if engine_now:
                ctx._ready()
            return ctx
        except BaseException:
            if lock is not None:
                process_lock.release(paths.database)
            raise

    @classmethod
    def _open(cls, paths: AppPaths, *, integrity_check: bool, create: bool, read_only: bool) -> AppContext:
        tracked = not paths.is_demo  # the demo's sales are not real: no high-water mark for it
        if tracked and not paths.database.exists():
            missing = high_water.missing_database(paths.marks, paths.database)
            if missing is not None:
                raise missing
        checked = check_file(paths.database, create=create, integrity_check=integrity_check, read_only=read_only)
        tracker = high_water.Tracker(paths.marks, paths.database)
        ctx = cls(paths, checked, tracker, read_only)
        if checked.needs_upgrade and not read_only:  # a new or older file: made or migrated before it is read
            ctx._ready()
        problem = None
        try:
            with ctx.reading() as conn:
                apply_time_zone(conn)
                if tracked:
                    problem = tracker.load(conn)
        except Exception as exc:
            ctx.dispose()
            classified = classify_open_error(exc, paths.database)
            if classified is None:
                raise
            raise classified from exc
        if problem is not None:
            log.warning("database %s is behind its high-water mark: %s", paths.database, problem.text())
        return ctx

    @classmethod
    def open_for_reading(cls, paths: AppPaths) -> AppContext:
        """For commands that only read or copy (check, backups, exports, reports): the usual opening, or, when
        the file cannot be written (a read-only disk, a file without write permission), a read-only one, so
        that the data can still be rescued. Says so on the log (the command tells the person). SQLAlchemy is
        loaded only if the command asks for a session (``reading()`` needs none).

        Like the app, it checks the file's header only (``quick_check`` read all of a 700 MB file, seconds for a
        report of milliseconds): the full ``integrity_check`` runs on its schedule (the running app at idle,
        after each backup and at shift close; ``showroom-pos check``; every backup checks its copy)."""
        try:
            return cls.open(paths, create=False, integrity_check=False, engine_now=False)
        except (DatabaseReadOnly, DatabasePermission) as exc:
            log.warning("opening %s read-only: %s", paths.database, exc.text())
            return cls.open(paths, read_only=True, engine_now=False)

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A read-only sqlite3 connection to the database in one snapshot (``BEGIN`` … ``COMMIT``), without
        SQLAlchemy: for the opening's own reads and the commands that read a few rows."""
        with sqlite_file.read_only(self.checked.path) as conn:
            conn.isolation_level = None
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on a sqlite3 connection of its own, without SQLAlchemy, as the engine's sessions write:
        the same pragmas, ``BEGIN IMMEDIATE``, committed at the end or rolled back on any error, a storage failure
        raised as its ``StorageError``, and refused on a file found damaged (``stop_writing``). For a command that
        records a row or two (``reprint``); opened read-only, every write fails as the read-only engine's do."""
        stopped = sqlite_file.writing_stopped(self.checked.path)
        if stopped is not None:
            raise stopped.with_traceback(None)
        with write_errors.translated():
            if self.read_only:
                conn = sqlite_file.connect_read_only(self.checked.path)
                conn.isolation_level = None
                conn.execute("PRAGMA query_only = ON")
            else:
                conn = sqlite3.connect(self.checked.path)
                sqlite_file.apply_write_pragmas(conn)
        try:
            with write_errors.translated():
                conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                with write_errors.translated():
                    conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        finally:
            conn.close()

    def _ready(self) -> Engine:
        """Make the engine and its session factories (migrating the file first if it must be), once."""
        with self._making:
            if self._engine is None:
                from showroom_pos.storage import database

                if self.read_only:
                    engine = database.engine_read_only(self.checked)
                else:
                    engine = database.open_checked(self.checked, backup_dir=self.paths.backups)
                # (Both install write_errors: a full disk or a read-only file is a clear message everywhere.)
                sessions = database.session_factory(engine)
                if not self.paths.is_demo:
                    self.high_water.attach(sessions)
                self._read_sessions = database.read_session_factory(engine)
                self._sessions = sessions
                self._engine = engine
            return self._engine

    @property
    def engine(self) -> Engine:
        return self._engine if self._engine is not None else self._ready()

    @engine.setter
    def engine(self, engine: Engine) -> None:
        """A restore swapped the file under the running app: its sessions are re-bound by the caller."""
        self._engine = engine

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            self._ready()
        assert self._sessions is not None
        return self._sessions

    @property
    def read_sessions(self) -> sessionmaker[Session]:
        if self._read_sessions is None:
            self._ready()
        assert self._read_sessions is not None
        return self._read_sessions

    def accept_high_water(self) -> None:
        """A manager accepted the loss (a new receipt series is started): the mark goes back to the database."""
        raw = self.engine.raw_connection()
        try:
            self.high_water.accept(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()

    def reload_high_water(self) -> None:
        """After a restore swapped the file under the running app: compare it with the mark again."""
        raw = self.engine.raw_connection()
        try:
            self.high_water.load(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One session per user action; commits on success, rolls back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def prefetch(self, key: str, work: Callable[[Session], Any]) -> None:
        """Start a read (e.g. the checkout's product index) on a thread now, while the PIN is typed."""
        future: Future[Any] = Future()

        def run() -> None:
            try:
                with self.read_sessions() as session:
                    future.set_result(work(session))
            except Exception as exc:  # the screen reads it again itself
                future.set_exception(exc)

        self._prefetched[key] = future
        threading.Thread(target=run, name=f"prefetch-{key}", daemon=True).start()

    def take_prefetched(self, key: str, timeout: float = 10.0) -> Any | None:
        """The prefetched result (waiting for it if still running), once; None if there is none or it failed."""
        future = self._prefetched.pop(key, None)
        if future is None:
            return None
        try:
            return future.result(timeout)
        except Exception:
            return None

    def release_idle_connections(self) -> None:
        """Close the pooled connections nobody is using (those in use carry on): each holds SQLite's page cache
        of what it last read (a year of sales, the whole catalogue), ~10 MB on a large file. The next read opens
        one again, in about a millisecond."""
        if self._engine is not None:
            self._engine.pool.dispose()

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    def close(self) -> None:
        self.high_water.flush()  # the newest sale's mark is on disk before the app goes
        self.dispose()
        process_lock.release(self.paths.database)
