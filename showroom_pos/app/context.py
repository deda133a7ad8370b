"""The running app's wiring: paths, the open database and its session factory."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.storage import write_errors
from showroom_pos.storage.database import open_database, read_session_factory, session_factory

from .paths import AppPaths


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
    _prefetched: dict[str, Future[Any]] = field(default_factory=dict)

    @classmethod
    def open(cls, paths: AppPaths, *, integrity_check: bool = True) -> AppContext:
        """``integrity_check=False``: only the file's header now (the app checks the rest in the background)."""
        engine = open_database(paths.database, backup_dir=paths.backups, integrity_check=integrity_check)
        # A full disk or a read-only file becomes a clear message for every command and screen.
        write_errors.install(engine)
        apply_time_zone(engine)
        return cls(paths, engine, session_factory(engine), read_session_factory(engine))

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

    def close(self) -> None:
        self.engine.dispose()
