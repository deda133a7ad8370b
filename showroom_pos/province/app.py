"""The province collection server (FastAPI): the outlet API and the officers' dashboard.

API errors are always ``{"error": {"code", "message", "details"}}`` with the status codes listed in
docs/PROTOCOL.md. Request bodies are read with a size cap before anything is parsed; a summary is
validated completely before any database write.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from sqlalchemy import Engine, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, StatementError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from showroom_pos import __version__
from showroom_pos.core.summary import SummaryFormatError, from_json

from . import auth, catalogue, params, programme_web, public, reports, site_settings, storable, usb, web
from .db import open_database, read_session_factory, session_factory
from .ingest import IngestResult, KeyReused, OutletGone, ingest
from .models import DailySummaryRow, DeliveryReceipt, ProvinceOutlet, StaffUser

log = logging.getLogger(__name__)
SESSION_COOKIE = "ocop_session"
LOGIN_COOKIE = "ocop_login"  # the login form's CSRF token (double submit: this cookie and the form's field)
LOGIN_FORM_HOURS = 2
MAX_DIGEST_DAYS = 400
EXPORT_TABLES = ("days", "products", "outlets")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
}


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
    ingest_threads: int = 8  # summaries stored at once (per worker process)
    secret_file: str | None = None  # the secret that wraps outlets' USB keys (usbkey; default: its own place)


SERVE_ENV = "SHOWROOM_PROVINCE_SERVE_CONFIG"  # a worker process's ServerConfig, as JSON (serve --workers)


def app_from_environment() -> FastAPI:
    """The app of one of several server processes (``showroom-province serve --workers N``)."""
    return create_app(ServerConfig(**json.loads(os.environ.get(SERVE_ENV, "{}"))))


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or []
        self.headers = headers or {}


def error_response(
    status: int, code: str, message: str, details: list[str] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "details": details or []}}, status_code=status, headers=headers
    )


async def read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    too_big = ApiError(413, "payload_too_large", f"The body is larger than {limit} bytes.")
    if declared is not None and (params.whole(declared, 0, 10**15) or 0) > limit:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_big
            chunks.append(chunk)
    except ClientDisconnect:
        # The request was cut mid-way: nothing was read, nothing is written, nobody to answer.
        raise ApiError(400, "incomplete_request", "The request body was cut off.") from None
    return b"".join(chunks)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


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


def create_app(config: ServerConfig | None = None, *, engine: Engine | None = None) -> FastAPI:
    config = config or ServerConfig()
    engine = engine or open_database(config.database_url, schema=config.schema)
    sessions: sessionmaker[Session] = session_factory(engine)
    read_sessions: sessionmaker[Session] = read_session_factory(engine)  # reads only: no write lock on SQLite
    outlet_limiter = auth.RateLimiter(config.outlet_rate, config.outlet_burst)
    failure_limiter = auth.RateLimiter(config.auth_fail_rate, config.auth_fail_burst)
    login_throttle = auth.LoginThrottle(config.login_free_failures, config.login_lock_base, config.login_lock_cap)
    tokens = auth.TokenCache()  # outlets of tokens seen lately, for the summaries' hot path
    # Summaries are stored by a few threads at a time: enough to keep the database busy (they wait on it
    # without the GIL), few enough that they do not spend the CPU fighting each other for the GIL.
    writers = anyio.CapacityLimiter(config.ingest_threads)
    app = FastAPI(
        title="OCOP province server",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.sessions = sessions
    app.state.read_sessions = read_sessions
    app.state.engine = engine
    app.state.config = config

    app.add_middleware(SecurityHeaders)

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(Exception)
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

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', '')}" for err in exc.errors()]
        return error_response(422, "invalid_request", "The request's parameters are not valid.", details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
            return error_response(exc.status_code, code, str(exc.detail))
        return HTMLResponse(
            web.page(str(exc.status_code), f"<p>{web.e(exc.detail)}</p>", "vi"), status_code=exc.status_code
        )

    # --- outlet API -----------------------------------------------------------------------------

    def bearer(request: Request) -> str:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(
                401,
                "unauthorized",
                "Send the outlet's token as 'Authorization: Bearer <token>'.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return token.strip()

    def refuse_token(request: Request) -> ApiError:
        allowed, wait = failure_limiter.allow(f"token:{_client(request)}")
        if not allowed:
            return ApiError(
                429,
                "rate_limited",
                "Too many requests with a wrong token; wait and try again.",
                headers={"Retry-After": str(max(1, int(wait + 0.999)))},
            )
        return ApiError(
            401,
            "unauthorized",
            "The outlet token is wrong or was revoked.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )

    def limit(outlet: ProvinceOutlet) -> ProvinceOutlet:
        allowed, wait = outlet_limiter.allow(f"outlet:{outlet.id}")
        if not allowed:
            raise ApiError(
                429,
                "rate_limited",
                "Too many requests from this outlet; wait and try again.",
                headers={"Retry-After": str(max(1, int(wait + 0.999)))},
            )
        return outlet

    secret_file = Path(config.secret_file) if config.secret_file else None

    def authenticate(request: Request) -> ProvinceOutlet:
        token = bearer(request)
        with read_sessions() as session:
            outlet = auth.outlet_for_token(session, token)
            if outlet is not None:
                session.expunge(outlet)
                tokens.put(auth.hash_token(token), outlet)
        if outlet is None:
            raise refuse_token(request)
        if outlet.usb_key is None:  # registered before USB keys were kept: now is the time, the token is here
            with sessions() as session, session.begin():
                auth.enrol_usb_key(session, outlet.id, token, secret_file)
        return limit(outlet)

    async def authenticate_for_write(request: Request) -> tuple[ProvinceOutlet, str]:
        """The token's outlet, from the cache when it was seen lately (the write checks it again: ``ingest``)."""
        token = bearer(request)
        token_hash = auth.hash_token(token) if len(token) <= 200 else ""
        outlet = tokens.get(token_hash)
        if outlet is None:
            outlet = await run_in_threadpool(authenticate, request)
            return outlet, token_hash
        return limit(outlet), token_hash

    @app.get("/api/v1/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/api/v1/whoami")
    def whoami(request: Request) -> dict[str, Any]:
        outlet = authenticate(request)
        return {"outlet_code": outlet.code, "name": outlet.name}

    @app.post("/api/v1/summaries")
    async def post_summary(request: Request) -> Response:
        outlet, token_hash = await authenticate_for_write(request)
        body = await read_limited(request, config.max_body)
        try:
            body.decode("utf-8")  # stored as text: JSON in UTF-16 or -32 would pass json.loads but not the store
            summary = from_json(body)
        except UnicodeDecodeError as exc:
            raise ApiError(
                422, "invalid_summary", "The summary is not valid; nothing was stored.", [f"body: not UTF-8 ({exc})"]
            ) from None
        except SummaryFormatError as exc:
            raise ApiError(
                422, "invalid_summary", "The summary is not valid; nothing was stored.", exc.problems
            ) from None
        summary, unstorable = storable.storable(summary, opened_on=outlet.opened_on)
        if unstorable:
            raise ApiError(
                422, "invalid_summary", "The summary holds values the province cannot store; nothing was stored.",
                unstorable,
            )
        header_key = request.headers.get("idempotency-key")
        if header_key is not None and header_key.strip().lower() != summary.idempotency_key:
            raise ApiError(
                422,
                "invalid_summary",
                "The Idempotency-Key header differs from the body's idempotency_key; nothing was stored.",
            )
        if summary.outlet_code != outlet.code:
            raise ApiError(
                403,
                "forbidden",
                f"This token belongs to outlet {outlet.code}; it cannot send figures for outlet {summary.outlet_code}.",
            )

        def store() -> IngestResult:
            with sessions() as session, session.begin():
                return ingest(session, outlet, summary, body, token_hash=token_hash)

        try:
            result = await anyio.to_thread.run_sync(store, limiter=writers)
        except OutletGone:  # revoked (or given a new token) since the cached check: nothing was stored
            tokens.drop(token_hash)
            raise refuse_token(request) from None
        except KeyReused:
            raise ApiError(
                422, "key_reused", "This idempotency key was already used for a different summary; nothing was stored."
            ) from None
        except IntegrityError as exc:
            if not is_unique_violation(exc):
                # A constraint the validator does not know of: retrying can never help.
                log.error("summary %s refused by the database: %s", summary.idempotency_key, exc.orig)
                raise ApiError(
                    422, "unstorable_summary", "The database refused this summary; nothing was stored.",
                    [f"database: {type(exc.orig).__name__}"],
                ) from None
            raise ApiError(
                409,
                "conflict",
                "Another delivery for this key or day is being stored; retry.",
                headers={"Retry-After": "1"},
            ) from None
        except OperationalError as exc:
            log.warning("database busy: %s", exc)
            raise ApiError(503, "unavailable", "The database is busy; retry.", headers={"Retry-After": "2"}) from None
        except DBAPIError as exc:
            if not isinstance(exc, DataError):
                log.warning("database trouble: %s", exc)
                raise ApiError(
                    503, "unavailable", "The database is not available; retry.", headers={"Retry-After": "5"}
                ) from None
            return refuse_unstorable(summary.idempotency_key, exc)
        except (StatementError, ValueError) as exc:  # a value the driver could not even send (SQLite: surrogates)
            return refuse_unstorable(summary.idempotency_key, exc)
        headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
        return JSONResponse(result.ack, status_code=200, headers=headers)

    def refuse_unstorable(key: str, exc: Exception) -> Response:
        # A value the validator let through but the database cannot hold (a bug to fix here, not at the
        # outlet): a refusal the outlet parks, never a 500 it would retry for ever.
        log.error("summary %s could not be stored: %s", key, exc)
        return error_response(
            422,
            "unstorable_summary",
            "The database refused a value of this summary; nothing was stored.",
            [f"database: {type(getattr(exc, 'orig', None) or exc).__name__}"],
        )

    @app.get("/api/v1/summaries/{day_text}")
    def get_summary(day_text: str, request: Request) -> Response:
        outlet = authenticate(request)
        day = params.day(day_text)
        if day is None:  # not a day: no such resource (never a 500, whatever the path holds)
            raise ApiError(404, "not_found", "No such day: the path ends with a date as YYYY-MM-DD.")
        with read_sessions() as session:
            row = session.scalar(
                select(DailySummaryRow).where(
                    DailySummaryRow.outlet_id == outlet.id, DailySummaryRow.business_day == day
                )
            )
            if row is None:
                raise ApiError(404, "not_found", f"No summary of {day} from outlet {outlet.code}.")
            return JSONResponse(
                {
                    "business_day": day.isoformat(),
                    "revision": row.revision,
                    "key": row.idempotency_key,
                    "received_at": row.received_at.isoformat(),
                    "summary": json.loads(row.payload),
                }
            )

    @app.get("/api/v1/days")
    def day_digest(request: Request) -> Response:
        """Per day of this outlet: the revision held, its key and the SHA-256 of its body. The outlet compares
        them with its own acknowledged revisions and resends what differs (docs/PROTOCOL.md, *Repairs*)."""
        outlet = authenticate(request)
        q = request.query_params
        start, end = params.day(q.get("from")), params.day(q.get("to"))
        if start is None or end is None:
            raise ApiError(422, "invalid_request", "from and to must be dates as YYYY-MM-DD (2000 to 2199).")
        if end < start or (end - start).days > MAX_DIGEST_DAYS:
            raise ApiError(422, "invalid_request", f"from..to must be 0 to {MAX_DIGEST_DAYS} days.")
        with read_sessions() as session:
            rows = session.execute(
                select(
                    DailySummaryRow.business_day,
                    DailySummaryRow.revision,
                    DailySummaryRow.idempotency_key,
                    DeliveryReceipt.body_sha256,
                )
                .outerjoin(DeliveryReceipt, DeliveryReceipt.idempotency_key == DailySummaryRow.idempotency_key)
                .where(
                    DailySummaryRow.outlet_id == outlet.id,
                    DailySummaryRow.business_day >= start,
                    DailySummaryRow.business_day <= end,
                )
                .order_by(DailySummaryRow.business_day)
            ).all()
        return JSONResponse(
            {
                "outlet_code": outlet.code,
                "from": start.isoformat(),
                "to": end.isoformat(),
                "days": [
                    {"business_day": d.isoformat(), "revision": rev, "key": key, "sha256": sha or ""}
                    for d, rev, key, sha in rows
                ],
            }
        )

    @app.get("/api/v1/catalogue")
    def get_catalogue(request: Request, since: int = 0) -> Response:
        authenticate(request)
        if since < 0:
            raise ApiError(422, "invalid_request", "since must be 0 or more.")
        with read_sessions() as session:
            version = catalogue.current_version(session)
            tag = catalogue.etag(version)
            if request.headers.get("if-none-match") == tag:
                return Response(status_code=304, headers={"ETag": tag})
            changes = catalogue.changes_since(session, since if since <= version else 0)
        return Response(changes.to_json(), media_type="application/json", headers={"ETag": tag})

    # --- dashboard -------------------------------------------------------------------------------

    def lang_of(request: Request) -> str:
        return "en" if request.query_params.get("lang") == "en" else "vi"

    def logged_in(request: Request) -> tuple[StaffUser, str] | None:
        with read_sessions() as session:
            found = auth.web_session(session, request.cookies.get(SESSION_COOKIE))
            if found is None:
                return None
            user, row = found
            session.expunge(user)
            return user, row.csrf

    def to_login(request: Request) -> RedirectResponse:
        return RedirectResponse(f"/login?lang={lang_of(request)}", status_code=303)

    async def form_fields(request: Request) -> dict[str, str]:
        body = await read_limited(request, 64 * 1024)
        return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}

    @app.get("/static/style.css")
    def style() -> Response:
        return Response(web.CSS, media_type="text/css", headers={"Cache-Control": "max-age=3600"})

    @app.get("/")
    def root() -> RedirectResponse:
        return RedirectResponse("/dashboard", status_code=303)

    def login_response(request: Request, error: str = "", status: int = 200, **headers: str) -> HTMLResponse:
        """The login form with a fresh CSRF token, also set as a cookie only this site's pages send back
        (SameSite=Strict, HttpOnly, path /login): a form posted from another site carries neither."""
        token = auth.new_form_token()
        response = HTMLResponse(
            web.login_page(lang_of(request), error, csrf=token), status_code=status, headers=headers
        )
        response.set_cookie(
            LOGIN_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=secure_cookie(request),
            max_age=LOGIN_FORM_HOURS * 3600,
            path="/login",
        )
        return response

    def secure_cookie(request: Request) -> bool:
        return config.secure_cookies if config.secure_cookies is not None else request.url.scheme == "https"

    @app.get("/login")
    def login_form(request: Request) -> HTMLResponse:
        return login_response(request)

    @app.post("/login")
    async def login(request: Request) -> Response:
        lang = lang_of(request)
        fields = await form_fields(request)
        client = _client(request)
        username = fields.get("username", "")
        if not auth.csrf_ok(request.cookies.get(LOGIN_COOKIE, ""), fields.get("csrf")):
            # Not from our own form (a login forced from another site), or a form older than its cookie:
            # no password is checked; a new form is given.
            return login_response(request, web.t("form_expired", lang), 403)

        def too_many(wait: float) -> HTMLResponse:
            retry = str(max(1, int(wait + 0.999)))
            return login_response(request, web.t("too_many", lang), 429, **{"Retry-After": retry})

        locked = login_throttle.wait(username)
        if locked > 0:  # this name failed too often: no password is even checked until the wait is over
            return too_many(locked)
        allowed, wait = failure_limiter.allow(f"login:{client}")
        if not allowed:
            return too_many(wait)

        def check() -> str | None:
            with sessions() as session, session.begin():
                user = auth.check_password(session, username, fields.get("password", ""))
                if user is None:
                    return None
                token, _csrf = auth.open_web_session(session, user)
                return token

        token = await run_in_threadpool(check)
        if token is None:
            login_throttle.failed(username)
            return login_response(request, web.t("login_failed", lang), 401)
        login_throttle.succeeded(username)
        response = RedirectResponse(f"/dashboard?lang={lang}", status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=secure_cookie(request),
            max_age=auth.SESSION_HOURS * 3600,
            path="/",
        )
        response.delete_cookie(LOGIN_COOKIE, path="/login")
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        fields = await form_fields(request)
        who = logged_in(request)
        if who is not None and auth.csrf_ok(who[1], fields.get("csrf")):
            with sessions() as session, session.begin():
                auth.close_web_session(session, request.cookies.get(SESSION_COOKIE))
        response = to_login(request)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    def parse_filters(request: Request) -> reports.Filters:
        q = request.query_params

        if "start" not in q and "end" not in q:  # as it opens: a recent period (the form's empty fields: all)
            return dataclasses.replace(reports.recent(), outlet=q.get("outlet") or None)
        return reports.Filters(params.day(q.get("start")), params.day(q.get("end")), (q.get("outlet") or None))

    @app.get("/dashboard")
    def dashboard(request: Request) -> Response:
        who = logged_in(request)
        if who is None:
            return to_login(request)
        user, csrf = who
        with read_sessions() as session:
            data = reports.build(session, parse_filters(request), day_limit=web.DAY_ROWS)
            codes = list(session.scalars(select(ProvinceOutlet.code).order_by(ProvinceOutlet.code)))
        return HTMLResponse(
            web.dashboard_page(data, lang_of(request), user=user.username, csrf=csrf, outlet_codes=codes)
        )

    @app.get("/dashboard/export.{fmt}")
    def export(fmt: str, request: Request) -> Response:
        if logged_in(request) is None:
            return to_login(request)
        if fmt not in ("csv", "xlsx"):
            raise StarletteHTTPException(404, "Unknown export format.")
        table = request.query_params.get("table") or "days"
        if table not in EXPORT_TABLES:  # the name goes into a header: only our own names
            raise StarletteHTTPException(404, "Unknown table (days, products, outlets).")
        filters = parse_filters(request)
        rows: Sequence[Sequence[Any]]
        with read_sessions() as session:
            if table == "days":  # every (day, outlet): plain rows (a day, a code: no text to make safe)
                lines = reports.days_csv(session, filters) if fmt == "csv" else None
                if lines is not None:
                    return Response(
                        ("\ufeff" + ",".join(DAY_HEADER) + "\r\n").encode() + lines,
                        media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="ocop-days.csv"'},
                    )
                header, rows = DAY_HEADER, list(reports.day_rows(session, filters))
                if fmt == "csv":
                    return csv_response(header, rows, "ocop-days", safe=False)
            else:
                header, rows = export_rows(reports.build(session, filters, top=100_000, day_limit=0), table)
        name = f"ocop-{table}"
        if fmt == "csv":
            return csv_response(header, rows, name)
        return Response(
            xlsx_bytes(header, [list(r) for r in rows]),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )

    async def upload(request: Request, kind: str) -> Response:
        lang = lang_of(request)
        who = logged_in(request)
        if who is None:
            return to_login(request)
        user, csrf = who
        if request.method == "GET":
            return HTMLResponse(web.upload_page(kind, lang, user=user.username, csrf=csrf))
        try:
            body = await read_limited(request, config.max_upload)
        except ApiError as exc:
            return HTMLResponse(
                web.upload_page(kind, lang, user=user.username, csrf=csrf, problems=[exc.message]),
                status_code=exc.status,
            )
        fields = parse_multipart(body, request.headers.get("content-type", ""))
        if not auth.csrf_ok(csrf, (fields.get("csrf") or (None, b""))[1].decode("utf-8", "replace")):
            return HTMLResponse(
                web.upload_page(
                    kind,
                    lang,
                    user=user.username,
                    csrf=csrf,
                    problems=["The form expired; reload the page and try again."],
                ),
                status_code=403,
            )
        if user.role != "admin":
            return HTMLResponse(
                web.upload_page(kind, lang, user=user.username, csrf=csrf, problems=[web.t("admin_only", lang)]),
                status_code=403,
            )
        filename, data = fields.get("file") or (None, b"")

        def work() -> tuple[str, list[str], int]:
            try:
                with sessions() as session, session.begin():
                    if kind == "import":
                        r = usb.import_export(session, data, secret_file=secret_file)
                        return (
                            web.t("import_done", lang).format(n=len(r.acks), outlet=r.outlet_code, replayed=r.replayed),
                            [],
                            200,
                        )
                    suffix = Path(filename or "upload.csv").suffix.lower() or ".csv"
                    import tempfile

                    with tempfile.TemporaryDirectory() as folder:
                        path = Path(folder) / f"catalogue{suffix if suffix in ('.csv', '.xlsx') else '.csv'}"
                        path.write_bytes(data)
                        c = catalogue.import_file(session, path)
                    return (
                        web.t("catalogue_done", lang).format(
                            created=c.created, updated=c.updated, unchanged=c.unchanged, version=c.version
                        ),
                        [],
                        200,
                    )
            except (usb.UsbImportRejected, catalogue.ImportRejected) as exc:
                return "", exc.problems, 422

        message, problems, status = await run_in_threadpool(work)
        return HTMLResponse(
            web.upload_page(kind, lang, user=user.username, csrf=csrf, message=message, problems=problems),
            status_code=status,
        )

    @app.api_route("/dashboard/import", methods=["GET", "POST"])
    async def usb_import(request: Request) -> Response:
        return await upload(request, "import")

    @app.api_route("/dashboard/catalogue", methods=["GET", "POST"])
    async def catalogue_upload(request: Request) -> Response:
        return await upload(request, "catalogue")

    @app.api_route("/dashboard/settings", methods=["GET", "POST"])
    async def province_settings(request: Request) -> Response:
        """The province's own settings (its name and emblem on the public pages): administrators change them."""
        lang = lang_of(request)
        who = logged_in(request)
        if who is None:
            return to_login(request)
        user, csrf = who

        def show(message: str = "", problems: list[str] | None = None, status: int = 200,
                 values: dict[str, str] | None = None) -> HTMLResponse:
            with read_sessions() as session:
                current = site_settings.read(session)
            return HTMLResponse(
                web.settings_page(lang, user=user.username, csrf=csrf, values={**current, **(values or {})},
                                  admin=user.role == "admin", message=message, problems=problems or []),
                status_code=status,
            )

        if request.method == "GET":
            return show()
        fields = await form_fields(request)
        if not auth.csrf_ok(csrf, fields.get("csrf")):
            return show(problems=[web.t("form_expired", lang)], status=403)
        if user.role != "admin":
            return show(problems=[web.t("admin_only", lang)], status=403)
        wanted = {k.key: fields.get(k.key, "") for k in site_settings.KEYS if k.key in fields}

        def save() -> int:
            with sessions() as session, session.begin():
                return sum(site_settings.write(session, key, value, by=user.username) for key, value in wanted.items())

        try:
            changed = await run_in_threadpool(save)
        except site_settings.SettingError as exc:
            return show(problems=[str(exc)], status=422, values=wanted)
        cache = getattr(app.state, "site_settings", None)
        if cache is not None:
            cache.clear()
        return show(message=web.t("settings_saved", lang).format(n=changed))

    # The programme view: the public OCOP catalogue and the staff's indicators, targets, exports, photos.
    app.include_router(public.router)
    app.include_router(programme_web.router)
    return app


def is_unique_violation(exc: IntegrityError) -> bool:
    """A race on the same key or day (retry) rather than a value no retry will ever store."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == "23505":  # PostgreSQL unique_violation
        return True
    return "UNIQUE constraint failed" in str(orig)


def parse_multipart(body: bytes, content_type: str) -> dict[str, tuple[str | None, bytes]]:
    """The fields of a multipart/form-data body (no third-party parser needed for our two forms)."""
    if not content_type.lower().startswith("multipart/form-data"):
        return {}
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    out: dict[str, tuple[str | None, bytes]] = {}
    if not message.is_multipart():
        return out
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            payload = part.get_payload(decode=True)
            out[name] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
    return out


def csv_response(header: list[str], rows: Sequence[Sequence[Any]], name: str, *, safe: bool = True) -> Response:
    """A CSV download (UTF-8 with BOM); ``safe``: text a spreadsheet would run is made inert."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[safe_cell(v) for v in row] for row in rows] if safe else rows)
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


DAY_HEADER = [
    "business_day",
    "outlet_code",
    "receipts",
    "gross",
    "discounts",
    "returns",
    "net",
    "vat",
    "cash_over_short",
    "cash_rounding",
]


def export_rows(data: reports.Dashboard, table: str) -> tuple[list[str], list[list[object]]]:
    if table == "products":
        return (
            ["sku", "name", "qty_net", "gross", "returns", "net", "grams_net"],
            [[r.key, r.label, r.qty, r.gross, r.returns, r.net, r.grams] for r in data.top_products],
        )
    if table == "outlets":
        return (
            [
                "outlet_code",
                "outlet_name",
                "days",
                "receipts",
                "gross",
                "discounts",
                "returns",
                "net",
                "vat",
                "cash_over_short",
                "last_day",
                "last_sync_at",
                "stale",
                "cash_rounding",
            ],
            [
                [
                    o.code,
                    o.name,
                    o.figures.days,
                    o.figures.receipts,
                    o.figures.gross,
                    o.figures.discounts,
                    o.figures.returns,
                    o.figures.net,
                    o.figures.vat,
                    o.figures.cash_over_short,
                    o.last_day.isoformat() if o.last_day else "",
                    o.last_sync_at.isoformat() if o.last_sync_at else "",
                    "yes" if o.stale else "",
                    o.figures.cash_rounding,
                ]
                for o in data.outlets
            ],
        )
    return (
        DAY_HEADER,
        [
            [d.isoformat(), code, f.receipts, f.gross, f.discounts, f.returns, f.net, f.vat, f.cash_over_short,
             f.cash_rounding]
            for d, code, f in sorted(data.by_day, key=lambda x: (x[0], x[1]))
        ],
    )


def xlsx_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text says
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
