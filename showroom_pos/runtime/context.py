"""The running app's wiring: paths, the open database and its session factory."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker  # Session: the screens name the type from here, not SQLAlchemy

from showroom_pos.storage import high_water, process_lock, write_errors
from showroom_pos.storage.database import (
    DatabasePermission,
    DatabaseReadOnly,
    classify_open_error,
    open_database,
    open_read_only,
    read_session_factory,
    session_factory,
)

from .paths import AppPaths

log = logging.getLogger(__name__)


def apply_time_zone(engine: Engine) -> None:
    """Every time a person reads is in the showroom's zone (a business setting), whatever the PC's clock zone."""
    from sqlalchemy import text

    from showroom_pos.core import clock

    try:
        with engine.connect() as conn:
            name = conn.execute(text("SELECT value FROM setting WHERE key = 'outlet.time_zone'")).scalar()
        clock.set_zone(str(name or ""))
    except Exception:  # a zone this machine does not know, or no settings yet: the default (Vietnam)
        clock.set_zone("")


@dataclass
class AppContext:
    paths: AppPaths
    engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]
    high_water: high_water.Tracker
    read_only: bool = False
    _prefetched: dict[str, Future[Any]] = field(default_factory=dict)

    @classmethod
    def open(cls, paths: AppPaths, *, integrity_check: bool = True, create: bool = True,
             lock: str | None = None, read_only: bool = False) -> AppContext:
        """``integrity_check=False``: only the file's header now (the app checks the rest in the background).
        ``create=False``: a missing file is refused (commands that do not make databases); a missing file this
        till has written sales to is refused either way, as is an empty one. ``lock``: take the database's
        one-process lock first, as that program (``process_lock``), released by ``close``. ``read_only``: the
        file is only read (a read-only disk): nothing is migrated or written, so its data can be rescued."""
        if lock is not None:
            process_lock.acquire(paths.database, lock)
        try:
            return cls._open(paths, integrity_check=integrity_check, create=create, read_only=read_only)
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
        if read_only:
            engine = open_read_only(paths.database)
        else:
            engine = open_database(paths.database, backup_dir=paths.backups, integrity_check=integrity_check,
                                   create=create)
        # A full disk or a read-only file becomes a clear message for every command and screen.
        write_errors.install(engine)
        apply_time_zone(engine)
        sessions = session_factory(engine)
        tracker = high_water.Tracker(paths.marks, paths.database)
        problem = None
        try:
            if tracked:
                raw = engine.raw_connection()
                try:
                    problem = tracker.load(raw.driver_connection)  # type: ignore[arg-type]
                finally:
                    raw.close()
        except Exception as exc:
            engine.dispose()
            classified = classify_open_error(exc, paths.database)
            if classified is None:
                raise
            raise classified from exc
        if problem is not None:
            log.warning("database %s is behind its high-water mark: %s", paths.database, problem.text())
        if tracked:
            tracker.attach(sessions)
        return cls(paths, engine, sessions, read_session_factory(engine), tracker, read_only)

    @classmethod
    def open_for_reading(cls, paths: AppPaths) -> AppContext:
        """For commands that only read or copy (check, backups, exports, reports): the usual opening, or, when
        the file cannot be written (a read-only disk, a file without write permission), a read-only one, so
        that the data can still be rescued. Says so on the log (the command tells the person).

        Like the app, it checks the file's header only (``quick_check`` read all of a 700 MB file, seconds for a
        report of milliseconds): the full ``integrity_check`` runs on its schedule (the running app at idle,
        after each backup and at shift close; ``showroom-pos check``; every backup checks its copy)."""
        try:
            return cls.open(paths, create=False, integrity_check=False)
        except (DatabaseReadOnly, DatabasePermission) as exc:
            log.warning("opening %s read-only: %s", paths.database, exc.text())
            return cls.open(paths, read_only=True)

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
        self.engine.pool.dispose()

    def close(self) -> None:
        self.high_water.flush()  # the newest sale's mark is on disk before the app goes
        self.engine.dispose()
        process_lock.release(self.paths.database)
