"""The province database: a SQLite file by default, PostgreSQL by URL, always migrated by Alembic.

``postgresql://…`` URLs are driven by psycopg 3. A ``schema`` (PostgreSQL only) puts every table,
Alembic's own included, in that schema: tests use a fresh one each run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos import package_data

DEFAULT_DB = "showroom-province.db"
ENV_URL = "SHOWROOM_PROVINCE_DB"
SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
READ_ONLY = "province_read_only"
T = TypeVar("T")
log = logging.getLogger(__name__)


def default_url() -> str:
    return os.environ.get(ENV_URL) or f"sqlite:///{Path(DEFAULT_DB).resolve()}"


def normalise_url(url: str) -> str:
    """A path or URL as people type it → a SQLAlchemy URL (psycopg 3 for PostgreSQL)."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 15000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def make_engine(url: str | None = None, *, schema: str | None = None) -> Engine:
    url = normalise_url(url or default_url())
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            if conn.get_execution_options().get(READ_ONLY):
                # A read: a deferred transaction reads one WAL snapshot and takes no lock, so any number of
                # dashboards run beside the one writer and never wait for it, nor it for them.
                conn.exec_driver_sql("BEGIN")
            else:
                # One writer at a time, holding the lock from the start: no half-way SQLITE_BUSY.
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    connect_args: dict[str, Any] = {}
    if schema:
        if not SCHEMA_RE.match(schema):
            raise ValueError(f"not a schema name: {schema!r}")
        connect_args["options"] = f"-csearch_path={schema}"
    engine = create_engine(url, connect_args=connect_args, pool_size=10, max_overflow=20, pool_recycle=3600)
    if schema:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for pages and API answers that only read: on SQLite a deferred transaction (a snapshot, no
    write lock); on PostgreSQL the same as ``session_factory``. Never commit a write through one."""
    return sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(package_data.path("db", "province_migrations")))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def open_database(url: str | None = None, *, schema: str | None = None) -> Engine:
    """The engine on ``url``, migrated to the newest schema."""
    engine = make_engine(url, schema=schema)
    upgrade(engine)
    return engine


def drop_schema(url: str, schema: str) -> None:
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()


class AsyncConnections:
    """A few of psycopg's async connections to ``engine``'s PostgreSQL database (the same settings: schema,
    password), for the summaries' hot path: a summary is stored from the event loop, with no worker thread to wake
    and wait for (the hop costs ~0.1 ms of CPU a summary, most of it the kernel's thread wake-ups). Made in the
    running loop as needed, at most ``size`` at once, in autocommit (each statement its own transaction); one that
    failed, or left a transaction open, is closed, never reused."""

    def __init__(self, engine: Engine, size: int) -> None:
        self.engine, self.size = engine, size
        self._idle: list[Any] = []
        self._slots: asyncio.Semaphore | None = None
        self._settings: tuple[str, str | None] | None = None

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        """An idle connection (``psycopg.AsyncConnection``) for the block; it must end with no transaction open."""
        async with self._slot():
            conn = self._idle.pop() if self._idle else await self._connect()
            try:
                yield conn
            except BaseException:
                await conn.close()
                raise
            await self._put_back(conn)

    async def run(self, work: Callable[[Any], Awaitable[T]]) -> T:
        """``work(conn)`` on an idle connection, and once more on a new one when PostgreSQL had dropped that idle
        connection (restarted, or an idle timeout): without this, the first summaries after a database restart were
        each refused with a 503, one per connection kept. ``work`` must be one statement in autocommit (the hot
        path's): written whole or not at all, so a second go either writes it or finds it written."""
        async with self._slot():
            for attempt in (1, 2):
                reused = bool(self._idle)
                conn = self._idle.pop() if reused else await self._connect()
                try:
                    result = await work(conn)
                except BaseException as exc:
                    await conn.close()
                    if attempt == 1 and reused and conn.broken and isinstance(exc, DBAPIError):
                        log.warning("a kept connection to PostgreSQL was lost (%s); once more on a new one", exc.orig)
                        continue
                    raise
                await self._put_back(conn)
                return result
        raise AssertionError("unreachable")  # (the second attempt returns or raises)

    def _slot(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.size)
        return self._slots

    async def _put_back(self, conn: Any) -> None:
        """Kept for the next block when it ended cleanly; closed when it left a transaction open (or was closed)."""
        import psycopg

        if conn.closed or conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            await conn.close()
        else:
            self._idle.append(conn)

    async def _connect(self) -> Any:
        import psycopg

        if self._settings is None:  # the engine's own: one pooled connection says what they are
            self._settings = await anyio.to_thread.run_sync(self._engine_settings)
        dsn, password = self._settings
        try:
            if password:
                return await psycopg.AsyncConnection.connect(dsn, password=password, autocommit=True)
            return await psycopg.AsyncConnection.connect(dsn, autocommit=True)
        except psycopg.Error as exc:  # as SQLAlchemy says it (OperationalError…): the API answers 503, retry
            raise DBAPIError.instance("connect", None, exc, psycopg.Error) from exc

    def _engine_settings(self) -> tuple[str, str | None]:
        pooled = self.engine.raw_connection()
        try:
            info = pooled.driver_connection.info  # type: ignore[union-attr]
            return info.dsn, info.password
        finally:
            pooled.close()

    async def open(self) -> None:
        """Make them all now (the server starting): the first summaries after a restart wait for no connection."""
        made = [await self._connect() for _ in range(self.size - len(self._idle))]
        self._idle.extend(made)

    async def close(self) -> None:
        """Close the idle connections (the server stops)."""
        idle, self._idle = self._idle, []
        for conn in idle:
            await conn.close()
