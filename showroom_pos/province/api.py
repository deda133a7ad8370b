"""The outlet API (``/api/v1``, docs/PROTOCOL.md): health, whoami, the daily summaries (sent, read back),
the per-day digest the outlet repairs from, and the catalogue.

An outlet authenticates with its bearer token: the ``Outlet`` dependency (``authenticate_for_write`` on the
summaries' hot path, which trusts a token seen lately), each outlet within its rate limit. A summary's body
is read with a size cap and validated completely before any database write.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any, NamedTuple

import anyio.to_thread
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, StatementError
from starlette.concurrency import run_in_threadpool

from showroom_pos import __version__
from showroom_pos.core.summary import SummaryFormatError, from_json

from . import auth, catalogue, params, storable
from .http_common import ApiError, client_address, error_response, read_limited, retry_after
from .ingest import IngestResult, KeyReused, OutletGone, ingest, ingest_new_day
from .models import DailySummaryRow, DeliveryReceipt, ProvinceOutlet
from .server_state import Server, ServerState, server_of

log = logging.getLogger(__name__)
MAX_DIGEST_DAYS = 400

router = APIRouter()


# --- the outlet's token -----------------------------------------------------------------------------


def bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401,
            "unauthorized",
            "Send the outlet's token as 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return token.strip()


def rate_limited(message: str, wait: float) -> ApiError:
    return ApiError(429, "rate_limited", message, headers={"Retry-After": retry_after(wait)})


def refuse_token(request: Request, server: ServerState) -> ApiError:
    allowed, wait = server.failure_limiter.allow(f"token:{client_address(request)}")
    if not allowed:
        return rate_limited("Too many requests with a wrong token; wait and try again.", wait)
    return ApiError(
        401,
        "unauthorized",
        "The outlet token is wrong or was revoked.",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def within_rate(server: ServerState, outlet: ProvinceOutlet) -> ProvinceOutlet:
    allowed, wait = server.outlet_limiter.allow(f"outlet:{outlet.id}")
    if not allowed:
        raise rate_limited("Too many requests from this outlet; wait and try again.", wait)
    return outlet


def authenticate(request: Request, server: Server) -> ProvinceOutlet:
    """The outlet of the request's token, checked in the database (a dependency: ``Outlet``)."""
    token = bearer_token(request)
    with server.read_sessions() as session:
        outlet = auth.outlet_for_token(session, token)
        if outlet is not None:
            session.expunge(outlet)
            server.tokens.put(auth.hash_token(token), outlet)
    if outlet is None:
        raise refuse_token(request, server)
    if outlet.usb_key is None:  # registered before USB keys were kept: now is the time, the token is here
        with server.sessions() as session, session.begin():
            auth.enrol_usb_key(session, outlet.id, token, server.secret_file)
    return within_rate(server, outlet)


class TokenOutlet(NamedTuple):
    outlet: ProvinceOutlet
    token_hash: str  # "" for a token too long to be one of ours


async def authenticate_for_write(request: Request, server: Server) -> TokenOutlet:
    """The token's outlet, from the cache when it was seen lately (the write checks it again: ``ingest``)."""
    token = bearer_token(request)
    token_hash = auth.hash_token(token) if len(token) <= 200 else ""
    outlet = server.tokens.get(token_hash)
    if outlet is None:
        outlet = await run_in_threadpool(authenticate, request, server)
        return TokenOutlet(outlet, token_hash)
    return TokenOutlet(within_rate(server, outlet), token_hash)


Outlet = Annotated[ProvinceOutlet, Depends(authenticate)]


# --- routes -------------------------------------------------------------------------------------------


@router.get("/api/v1/health")
def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@router.get("/api/v1/whoami")
def whoami(outlet: Outlet) -> dict[str, Any]:
    return {"outlet_code": outlet.code, "name": outlet.name}


@router.post("/api/v1/summaries")
async def post_summary(request: Request) -> Response:
    # (no dependencies: FastAPI's resolving them is a measurable part of the hot path's CPU)
    server = server_of(request)
    outlet, token_hash = await authenticate_for_write(request, server)
    body = await read_limited(request, server.config.max_body)
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

    def store_in_session() -> IngestResult:
        with server.sessions() as session, session.begin():
            return ingest(session, outlet, summary, body, token_hash=token_hash)

    async def store() -> IngestResult:
        if server.engine.dialect.name == "postgresql" and summary.stock is None:  # the common case: a new day
            result = await server.ingest_connections.run(
                lambda conn: ingest_new_day(conn, outlet, summary, body, token_hash=token_hash))
            if result is not None:
                return result
        return await anyio.to_thread.run_sync(store_in_session, limiter=server.writers)

    try:
        result = await store()
    except OutletGone:  # revoked (or given a new token) since the cached check: nothing was stored
        server.tokens.drop(token_hash)
        raise refuse_token(request, server) from None
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


def is_unique_violation(exc: IntegrityError) -> bool:
    """A race on the same key or day (retry) rather than a value no retry will ever store."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == "23505":  # PostgreSQL unique_violation
        return True
    return "UNIQUE constraint failed" in str(orig)


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


@router.get("/api/v1/summaries/{day_text}")
def get_summary(day_text: str, outlet: Outlet, server: Server) -> Response:
    day = params.day(day_text)
    if day is None:  # not a day: no such resource (never a 500, whatever the path holds)
        raise ApiError(404, "not_found", "No such day: the path ends with a date as YYYY-MM-DD.")
    with server.read_sessions() as session:
        row = session.scalar(
            select(DailySummaryRow).where(DailySummaryRow.outlet_id == outlet.id, DailySummaryRow.business_day == day)
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


@router.get("/api/v1/days")
def day_digest(request: Request, outlet: Outlet, server: Server) -> Response:
    """Per day of this outlet: the revision held, its key and the SHA-256 of its body. The outlet compares
    them with its own acknowledged revisions and resends what differs (docs/PROTOCOL.md, *Repairs*)."""
    q = request.query_params
    start, end = params.day(q.get("from")), params.day(q.get("to"))
    if start is None or end is None:
        raise ApiError(422, "invalid_request", "from and to must be dates as YYYY-MM-DD (2000 to 2199).")
    if end < start or (end - start).days > MAX_DIGEST_DAYS:
        raise ApiError(422, "invalid_request", f"from..to must be 0 to {MAX_DIGEST_DAYS} days.")
    with server.read_sessions() as session:
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


@router.get("/api/v1/catalogue")
def get_catalogue(request: Request, server: Server, since: int = 0) -> Response:
    # The token is checked here, not by the Outlet dependency: FastAPI runs dependencies before it checks
    # ``since``, and a ``since`` that is not a number is a 422 before any token is looked at (or counted).
    authenticate(request, server)
    if since < 0:
        raise ApiError(422, "invalid_request", "since must be 0 or more.")
    with server.read_sessions() as session:
        version = catalogue.current_version(session)
        tag = catalogue.etag(version)
        if request.headers.get("if-none-match") == tag:
            return Response(status_code=304, headers={"ETag": tag})
        changes = catalogue.changes_since(session, since if since <= version else 0)
    return Response(changes.to_json(), media_type="application/json", headers={"ETag": tag})
