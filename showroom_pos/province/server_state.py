"""The province server's configuration (``ServerConfig``) and the state its routers share (``ServerState``).

``create_app`` builds one ``ServerState`` per app and keeps it as ``app.state.server``; a route or a
dependency gets it through the ``server`` dependency (``Server`` in a signature), plain code that holds the
request through ``server_of``. Nothing here is module-global: two apps in one process share nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import anyio
from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from . import auth
from .db import AsyncConnections
from .showcase import ShowcaseCache
from .site_settings import SettingsCache


@dataclass
class ServerConfig:
    database_url: str | None = None
    schema: str | None = None
    max_body: int = 1024 * 1024
    max_upload: int = 20 * 1024 * 1024
    outlet_rate: float = 2.0  # requests per second per outlet, on average
    outlet_burst: int = 120
    auth_fail_rate: float = 0.5  # failed logins/tokens per second per client address
    auth_fail_burst: int = 20
    login_free_failures: int = 5  # wrong passwords for one user name before it is locked
    login_lock_base: float = 30.0  # first lock, in seconds; doubles with each further failure
    login_lock_cap: float = 900.0
    secure_cookies: bool | None = None  # None: when the request came over https (behind the proxy)
    ingest_threads: int = 8  # summaries stored at once (per worker process; and as many async connections)
    secret_file: str | None = None  # the secret that wraps outlets' USB keys (usbkey; default: its own place)


@dataclass
class ServerState:
    """What every request of one app may need: its configuration, its database, its limits and its caches."""

    config: ServerConfig
    engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]  # reads only: no write lock on SQLite
    outlet_limiter: auth.RateLimiter  # requests per outlet
    failure_limiter: auth.RateLimiter  # wrong tokens and failed logins per client address
    login_throttle: auth.LoginThrottle  # failed logins per user name
    tokens: auth.TokenCache  # outlets of tokens seen lately, for the summaries' hot path
    # Summaries are stored by a few threads at a time: enough to keep the database busy (they wait on it
    # without the GIL), few enough that they do not spend the CPU fighting each other for the GIL.
    writers: anyio.CapacityLimiter
    ingest_connections: AsyncConnections  # PostgreSQL's new days: from the event loop (ingest_new_day)
    site_settings: SettingsCache = field(default_factory=SettingsCache)  # the province's name, emblem…
    showcase: ShowcaseCache = field(default_factory=ShowcaseCache)  # the public catalogue

    @property
    def secret_file(self) -> Path | None:
        """The secret that wraps outlets' USB keys (None: ``usbkey``'s own place)."""
        return Path(self.config.secret_file) if self.config.secret_file else None


def server_of(request: Request) -> ServerState:
    """The state of the app that took this request."""
    state: ServerState = request.app.state.server
    return state


async def server(request: Request) -> ServerState:
    """``server_of`` as a dependency (async: no worker thread is taken just to hand it over)."""
    return server_of(request)


Server = Annotated[ServerState, Depends(server)]
