"""The province collection server (FastAPI): ``create_app`` builds one from its routers.

- ``api``: the outlet API (``/api/v1``, docs/PROTOCOL.md), outlets authenticated by bearer token;
- ``staff_login`` and ``dashboard``: the officers' login and dashboard (figures, exports, uploads, settings);
- ``public``: the public OCOP catalogue; ``programme_web``: the staff's programme pages.

The state they share (database, rate limits, caches) is one ``server_state.ServerState`` per app. API errors
are always ``{"error": {"code", "message", "details"}}`` with the status codes listed in docs/PROTOCOL.md;
whatever goes wrong, no traceback leaves the server.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
from collections.abc import AsyncIterator

import anyio
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from showroom_pos import __version__

from . import api, auth, dashboard, programme_web, public, staff_login, web
from .db import AsyncConnections, open_database, read_session_factory, session_factory
from .http_common import ApiError, error_response
from .server_state import ServerConfig, ServerState

log = logging.getLogger(__name__)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
}
SERVE_ENV = "SHOWROOM_PROVINCE_SERVE_CONFIG"  # a worker process's ServerConfig, as JSON (serve --workers)


def app_from_environment() -> FastAPI:
    """The app of one of several server processes (``showroom-province serve --workers N``)."""
    return create_app(ServerConfig(**json.loads(os.environ.get(SERVE_ENV, "{}"))))


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Starting: ready for outlets sending at once after a restart (their tokens known, the hot path's connections
    open: the first second's summaries no longer queue behind 100 look-ups), then what the server holds for its life
    (the app, its routes, SQLAlchemy's metadata) moved out of the garbage collector's way (``gc.freeze``), so its
    full collections no longer walk it again and again under load (~0.15 ms of CPU a summary at 1,000 a second).
    On the way out: the hot path's async connections closed."""
    server = app.state.server
    if server.engine.dialect.name == "postgresql":  # ready for outlets sending at once after a restart
        await server.ingest_connections.open()

    def remember() -> None:
        with server.read_sessions() as session:
            auth.remember_active_outlets(session, server.tokens)

    await anyio.to_thread.run_sync(remember)
    gc.collect()
    gc.freeze()
    yield
    await app.state.server.ingest_connections.close()


def create_app(config: ServerConfig | None = None, *, engine: Engine | None = None) -> FastAPI:
    config = config or ServerConfig()
    engine = engine or open_database(config.database_url, schema=config.schema)
    app = FastAPI(
        title="OCOP province server",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
        exception_handlers={
            ApiError: api_error,
            staff_login.LoginRequired: staff_login.login_required,
            Exception: unexpected_error,
            RequestValidationError: validation_error,
            StarletteHTTPException: http_error,
        },
    )
    app.state.server = ServerState(
        config=config,
        engine=engine,
        sessions=session_factory(engine),
        read_sessions=read_session_factory(engine),
        outlet_limiter=auth.RateLimiter(config.outlet_rate, config.outlet_burst),
        failure_limiter=auth.RateLimiter(config.auth_fail_rate, config.auth_fail_burst),
        login_throttle=auth.LoginThrottle(config.login_free_failures, config.login_lock_base, config.login_lock_cap),
        tokens=auth.TokenCache(),
        writers=anyio.CapacityLimiter(config.ingest_threads),
        ingest_connections=AsyncConnections(engine, config.ingest_threads),
    )
    app.state.config = config  # also at hand for whoever holds only the app
    app.state.engine = engine
    app.add_middleware(SummariesRoute)  # (inside SecurityHeaders: its answers get the same headers)
    app.add_middleware(SecurityHeaders)
    app.include_router(api.router)
    app.include_router(staff_login.router)
    app.include_router(dashboard.router)
    # The programme view: the public OCOP catalogue and the staff's indicators, targets, exports, photos.
    app.include_router(public.router)
    app.include_router(programme_web.router)
    return app


class SecurityHeaders:
    """The security headers on every answer (and ``no-store`` on the staff pages and the API), as plain ASGI:
    Starlette's ``@app.middleware("http")`` runs each request through extra tasks and streams, a measurable
    part of a summary's time on the ingest's hot path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        no_store = scope["path"].startswith(("/dashboard", "/login", "/api/"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY_HEADERS.items():
                    headers.setdefault(k, v)
                if no_store:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SummariesRoute:
    """``POST /api/v1/summaries``, the ingest's hot path, answered before FastAPI's router, as plain ASGI:
    ``api.post_summary`` called as the router calls it, its ``ApiError`` answered by ``api_error`` and anything
    else raised to the error handler outside (``unexpected_error``), as from the router, but without the router's
    matching, its exception and exit-stack middleware and its dependency resolution (~10% of the server's
    instructions a summary). Every other request (another method or path, a ``root_path``) goes on to the router,
    which also keeps the route (the OpenAPI document lists it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["path"] != "/api/v1/summaries" or scope["method"] != "POST"
                or scope.get("root_path")):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive, send)
        try:
            response = await api.post_summary(request)
        except ApiError as exc:
            response = await api_error(request, exc)
        await response(scope, receive, send)


# --- the answers to what went wrong -----------------------------------------------------------------


async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    # Whatever went wrong, the answer is the documented JSON (the outlet retries a 5xx), and the log
    # says why; no traceback leaves the server.
    if isinstance(exc, OperationalError):  # the database is busy or away: a retry will do
        log.warning("database busy on %s %s: %s", request.method, request.url.path, exc)
        if request.url.path.startswith("/api/"):
            return error_response(503, "unavailable", "The database is busy; retry.", headers={"Retry-After": "2"})
        return HTMLResponse(
            web.page("503", "<p>Máy chủ đang bận, vui lòng thử lại. / Busy, try again.</p>", "vi"),
            status_code=503,
            headers={"Retry-After": "2"},
        )
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    if request.url.path.startswith("/api/"):
        return error_response(500, "internal_error", "The server could not answer; retry later.")
    return HTMLResponse(web.page("500", "<p>Lỗi máy chủ / Server error</p>", "vi"), status_code=500)


async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    details = [f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', '')}" for err in exc.errors()]
    return error_response(422, "invalid_request", "The request's parameters are not valid.", details)


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if request.url.path.startswith("/api/"):
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail))
    return HTMLResponse(
        web.page(str(exc.status_code), f"<p>{web.e(exc.detail)}</p>", "vi"), status_code=exc.status_code
    )
