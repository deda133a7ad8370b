"""The running app's wiring: paths, the open database and its session factory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.storage import write_errors
from showroom_pos.storage.database import open_database, read_session_factory, session_factory

from .paths import AppPaths


@dataclass
class AppContext:
    paths: AppPaths
    engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]

    @classmethod
    def open(cls, paths: AppPaths, *, integrity_check: bool = True) -> AppContext:
        """``integrity_check=False``: only the file's header now (the app checks the rest in the background)."""
        engine = open_database(paths.database, backup_dir=paths.backups, integrity_check=integrity_check)
        # A full disk or a read-only file becomes a clear message for every command and screen.
        write_errors.install(engine)
        return cls(paths, engine, session_factory(engine), read_session_factory(engine))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One session per user action; commits on success, rolls back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
