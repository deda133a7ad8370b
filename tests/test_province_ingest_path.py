"""The summaries' hot path: the API checks a token from a short cache, so the write itself checks it again: an
outlet revoked (or given a new token) while its token is cached stores nothing and is told 401, at once. On
SQLite and on PostgreSQL (where the common cases go through psycopg directly)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from showroom_pos.core import summary as shapes
from showroom_pos.core.summary import from_json
from showroom_pos.province import auth, rollup
from showroom_pos.province.app import SERVE_ENV, app_from_environment
from showroom_pos.province.db import AsyncConnections, session_factory
from showroom_pos.province.ingest import IngestResult, OutletGone, body_hash, ingest, ingest_new_day
from showroom_pos.province.models import (
    DailySummaryRow,
    DeliveryReceipt,
    OutletMonth,
    PaymentMonth,
    ProductMonth,
    ProvinceOutlet,
    SummaryPayment,
    SummaryProduct,
)
from showroom_pos.province.server_state import ServerConfig
from tests.programme_support import engine_for
from tests.province_support import LiveServer, register_outlet
from tests.test_province_api import post, stored, summary_json


@pytest.fixture(params=["sqlite", "postgresql"])
def province_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for(request.param, tmp_path)


@pytest.fixture
def server(province_engine: Engine) -> Iterator[LiveServer]:
    live = LiveServer(province_engine, ServerConfig(outlet_burst=1000)).start()
    yield live
    live.stop()


def test_a_revoked_token_stores_nothing_even_while_cached(server: LiveServer, province_engine: Engine) -> None:
    token = register_outlet(province_engine, "CL01")
    assert post(server, token, summary_json(day=date(2026, 3, 2))).status_code == 200  # now cached
    with session_factory(province_engine).begin() as s:
        auth.revoke_outlet(s, "CL01")
    r = post(server, token, summary_json(day=date(2026, 3, 3)))
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert stored(province_engine, "CL01", date(2026, 3, 3)) is None
    with session_factory(province_engine).begin() as s:  # a new token: the old one stays refused
        _outlet, fresh = auth.add_outlet(s, "CL01")
    assert post(server, token, summary_json(day=date(2026, 3, 4))).status_code == 401
    assert post(server, fresh, summary_json(day=date(2026, 3, 4))).status_code == 200
    with session_factory(province_engine)() as s:
        assert s.scalar(select(func.count()).select_from(DailySummaryRow)) == 2


def test_the_write_records_the_sync_and_a_replay_answers_the_same(
    server: LiveServer, province_engine: Engine
) -> None:
    token = register_outlet(province_engine, "CL01")
    body = summary_json(day=date(2026, 3, 2))
    first = post(server, token, body)
    again = post(server, token, body)
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    with session_factory(province_engine)() as s:
        outlet = s.scalars(select(ProvinceOutlet).where(ProvinceOutlet.code == "CL01")).one()
        assert outlet.last_sync_at is not None
        row = s.scalars(select(DailySummaryRow)).one()
        assert (row.revision, row.net, row.receipts, row.cash_rounding) == (1, 130_000, 2, None)


def test_several_server_processes_read_their_config_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SERVE_ENV, json.dumps({"database_url": str(tmp_path / "p.db"), "outlet_rate": 7.0}))
    app = app_from_environment()
    assert app.state.config.outlet_rate == 7.0 and app.state.config.database_url == str(tmp_path / "p.db")
    app.state.engine.dispose()


@pytest.mark.parametrize("way", ["session", "own commit"])
def test_a_new_day_is_stored_exactly_as_sent(province_engine: Engine, way: str) -> None:
    """On PostgreSQL a new day's rows travel as JSON arrays in one statement: texts (quotes, backslashes, emoji,
    absent values) and figures arrive exactly, in the day, its lines and payments and the monthly rollups; the
    same whether in the caller's session (``ingest``) or committed on its own (the API's ``ingest_new_day``)."""
    if way == "own commit" and province_engine.dialect.name != "postgresql":
        pytest.skip("ingest_new_day is PostgreSQL's")
    register_outlet(province_engine, "CL01")
    names = ['Mứt "gừng" \\ Huế 🍍', "Sầu riêng Ri6 (kg)"]
    products = [
        shapes.ProductFigures(sku="SKU-1", name=names[0], qty_sold=3, qty_returned=1, gross=150_000, discounts=5_000,
                              returns=50_000, net=95_000, vat=8_636, barcode=None, unit="hộp", producer=None,
                              producer_code=None, stars=None, group=None, province_ref="QN-001"),
        shapes.ProductFigures(sku="SKU-2", name=names[1], qty_sold=2_350, qty_returned=0, gross=387_750,
                              discounts=0, returns=0, net=387_750, vat=35_250, barcode="8938000000017", unit="kg",
                              by_weight=True, producer="HTX Ri6", producer_code="RI6", stars=4, group="food"),
    ]
    body = shapes.build(
        outlet_code="CL01", business_day=date(2026, 3, 2), revision=1, idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC), receipts=3, voided=1, products=products,
        payments={"cash": 282_750, "transfer": 250_000}, refunds={"cash": 50_000}, cash_over_short=-2_000,
        shifts_closed=2, cash_rounding=0,
    ).to_json()
    summary = from_json(body)
    with session_factory(province_engine).begin() as s:
        outlet = s.scalars(select(ProvinceOutlet)).one()
        if way == "session":
            assert ingest(s, outlet, summary, body.encode()).ack["status"] == "stored"
    if way == "own commit":
        result = own_commit(province_engine, outlet, summary, body.encode(), outlet.token_hash)
        assert result is not None and result.ack["status"] == "stored" and not result.replayed
    with session_factory(province_engine)() as s:
        day = s.scalars(select(DailySummaryRow)).one()
        assert (day.payload, day.voided, day.cash_over_short, day.cash_rounding, day.shifts_closed) == (
            body, 1, -2_000, 0, 2)
        lines = s.scalars(select(SummaryProduct).order_by(SummaryProduct.sku)).all()
        assert [(p.name, p.barcode, p.producer, p.stars, p.ocop_group, p.province_ref, p.by_weight) for p in lines] == [
            (names[0], None, None, None, None, "QN-001", False),
            (names[1], "8938000000017", "HTX Ri6", 4, "food", None, True),
        ]
        assert [(p.qty_sold, p.qty_returned, p.gross, p.discounts, p.returns, p.net, p.vat) for p in lines] == [
            (3, 1, 150_000, 5_000, 50_000, 95_000, 8_636), (2_350, 0, 387_750, 0, 0, 387_750, 35_250)]
        payments = s.execute(select(SummaryPayment.method, SummaryPayment.amount, SummaryPayment.refunds)
                             .order_by(SummaryPayment.method)).all()
        assert [tuple(p) for p in payments] == [("cash", 282_750, 50_000), ("transfer", 250_000, 0)]
        months = s.execute(select(ProductMonth.name, ProductMonth.barcode, ProductMonth.by_weight, ProductMonth.net,
                                  ProductMonth.lines).order_by(ProductMonth.sku)).all()
        assert [tuple(m) for m in months] == [(names[0], None, False, 95_000, 1), (names[1], "8938000000017", True,
                                                                                  387_750, 1)]
        pay_months = s.execute(select(PaymentMonth.method, PaymentMonth.amount, PaymentMonth.refunds)
                               .order_by(PaymentMonth.method)).all()
        assert [tuple(p) for p in pay_months] == [("cash", 282_750, 50_000), ("transfer", 250_000, 0)]
        month = s.scalars(select(OutletMonth)).one()
        assert (month.days, month.receipts, month.voided, month.net, month.cash_over_short, month.cash_rounding) == (
            1, 3, 1, summary.net, -2_000, 0)
        assert [getattr(month, c) for c in rollup.DAY_SUMS] == [getattr(day, c) or 0 for c in rollup.DAY_SUMS]
        receipt = s.scalars(select(DeliveryReceipt)).one()
        assert json.loads(receipt.ack)["status"] == "stored" and receipt.body_sha256 == body_hash(body.encode())
        assert (receipt.idempotency_key, receipt.outlet_id, receipt.business_day, receipt.revision, receipt.source,
                receipt.received_at) == (day.idempotency_key, day.outlet_id, day.business_day, day.revision, day.source,
                                         day.received_at)


def own_commit(
    engine: Engine, outlet: ProvinceOutlet, summary: shapes.DailySummary, body: bytes, token_hash: str | None
) -> IngestResult | None:
    """``ingest_new_day`` on a connection of its own, as the API runs it."""

    async def run() -> IngestResult | None:
        connections = AsyncConnections(engine, 1)
        try:
            async with connections.connection() as conn:
                return await ingest_new_day(conn, outlet, summary, body, token_hash=token_hash)
        finally:
            await connections.close()

    return asyncio.run(run())


def test_a_failed_async_connection_is_never_reused(province_engine: Engine) -> None:
    """The hot path's connections: one left clean is used again, one whose block failed (or left a transaction
    open) is closed, and each speaks to the engine's own schema."""
    if province_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's")
    register_outlet(province_engine, "CL01")

    async def run() -> None:
        connections = AsyncConnections(province_engine, 2)
        async with connections.connection() as first:
            assert await (await first.execute("SELECT count(*) FROM outlet")).fetchone() == (1,)  # the schema's
            await first.rollback()
        async with connections.connection() as again:
            assert again is first
        with pytest.raises(RuntimeError):
            async with connections.connection() as failed:
                raise RuntimeError("a bug")
        assert failed.closed
        async with connections.connection() as left_open:
            assert left_open.autocommit  # each statement its own transaction: the hot path's one statement
            await left_open.execute("BEGIN")  # (a transaction begun, never ended)
        assert left_open.closed and left_open is not failed
        await connections.close()

    asyncio.run(run())


def _days_and_receipts(engine: Engine) -> tuple[list[tuple[date, int]], int]:
    with session_factory(engine)() as s:
        days = s.execute(select(DailySummaryRow.business_day, DailySummaryRow.revision)
                         .order_by(DailySummaryRow.business_day)).all()
        return [(d, r) for d, r in days], s.scalar(select(func.count()).select_from(DeliveryReceipt)) or 0


def test_the_own_commit_stores_a_new_day_and_nothing_else(province_engine: Engine) -> None:
    """PostgreSQL's one round trip (touch, new day, commit) stores only a day not yet known: a replay, another
    revision of a stored day or a revoked token write nothing (None: the caller goes through ``ingest``, which
    answers them; ``OutletGone`` for the token), and what it stores is committed, seen by anyone at once."""
    if province_engine.dialect.name != "postgresql":
        pytest.skip("ingest_new_day is PostgreSQL's")
    register_outlet(province_engine, "CL01")
    with session_factory(province_engine)() as s:
        outlet = s.scalars(select(ProvinceOutlet)).one()
        s.expunge(outlet)
    token_hash = outlet.token_hash

    def send(text: str, token: str | None = token_hash) -> IngestResult | None:
        return own_commit(province_engine, outlet, from_json(text), text.encode(), token)

    first = summary_json(day=date(2026, 3, 2), revision=2)
    result = send(first)
    assert result is not None and result.ack["status"] == "stored"
    assert _days_and_receipts(province_engine) == ([(date(2026, 3, 2), 2)], 1)  # committed: another session sees it
    assert send(first) is None  # a replay
    assert send(summary_json(day=date(2026, 3, 2), revision=3)) is None  # a newer revision of a stored day
    assert send(summary_json(day=date(2026, 3, 2), revision=1)) is None  # an older one
    assert _days_and_receipts(province_engine) == ([(date(2026, 3, 2), 2)], 1)  # none of them wrote anything
    with session_factory(province_engine).begin() as s:  # ... and the session's path answers them
        again = ingest(s, outlet, from_json(first), first.encode(), token_hash=token_hash)
    assert again.replayed and again.ack == result.ack
    with pytest.raises(OutletGone):  # a token that is not (or no longer) the outlet's
        send(summary_json(day=date(2026, 3, 3)), token="0" * 64)
    with session_factory(province_engine).begin() as s:
        auth.revoke_outlet(s, "CL01")
    with pytest.raises(OutletGone):
        send(summary_json(day=date(2026, 3, 4)))
    assert _days_and_receipts(province_engine) == ([(date(2026, 3, 2), 2)], 1)


def test_the_server_runs_on_uvloop_and_httptools_where_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn's C event loop and HTTP parser (the province extra installs them; uvloop not on Windows), else
    asyncio and h11: ``serve`` starts as well either way."""
    import importlib.util

    import uvicorn

    from showroom_pos.province import cli

    calls: list[dict[str, object]] = []
    monkeypatch.setenv(SERVE_ENV, "{}")  # (serve --workers sets it for its processes: put back afterwards)
    monkeypatch.setattr(uvicorn, "run", lambda *_args, **kwargs: calls.append(kwargs))
    monkeypatch.setattr(cli, "open_database", lambda *_args, **_kwargs: _Disposable())
    for installed in ({"uvloop", "httptools"}, {"httptools"}, set()):
        found = {name: importlib.util.find_spec(name) or object() for name in installed}
        monkeypatch.setattr(importlib.util, "find_spec", lambda name, found=found: found.get(name))
        assert cli.main(["--db", "x.db", "serve", "--workers", "2"]) == 0
        assert (calls[-1]["loop"], calls[-1]["http"]) == (
            "uvloop" if "uvloop" in installed else "asyncio", "httptools" if "httptools" in installed else "h11")


class _Disposable:
    def dispose(self) -> None:
        pass


def test_a_started_server_moves_what_it_keeps_out_of_the_collectors_way(tmp_path: Path) -> None:
    """Once started, the server's long-lived objects are frozen (``gc.freeze``): full collections under load no
    longer walk the app, its routes and SQLAlchemy's metadata each time (benchmarks/province_ingest: ~0.15 ms of
    CPU a summary)."""
    import gc

    from showroom_pos.province.app import create_app, lifespan

    async def frozen_while_running() -> int:
        async with lifespan(app):  # as uvicorn starts and stops the app
            return gc.get_freeze_count()

    gc.unfreeze()
    try:
        app = create_app(ServerConfig(database_url=f"sqlite:///{tmp_path / 'p.db'}"))
        assert gc.get_freeze_count() == 0
        assert asyncio.run(frozen_while_running()) > 0
    finally:
        app.state.engine.dispose()
        gc.freeze()  # as the suite keeps it (conftest)


def test_the_database_gone_from_the_hot_path_is_a_503_to_retry(
    server: LiveServer, province_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL unreachable when the hot path opens its connection: the outlet is told to retry later (503 with
    Retry-After, as from the session path), never a 500, and nothing is stored."""
    if province_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's")
    import psycopg

    token = register_outlet(province_engine, "CL01")  # (the token is checked on the engine: it answers)

    async def refused(*_args: object, **_kwargs: object) -> None:
        raise psycopg.OperationalError("connection refused")

    monkeypatch.setattr(psycopg.AsyncConnection, "connect", refused)
    r = post(server, token, summary_json(day=date(2026, 3, 3)))
    assert r.status_code == 503 and r.json()["error"]["code"] == "unavailable" and r.headers["Retry-After"]
    assert stored(province_engine, "CL01", date(2026, 3, 3)) is None


def test_a_starting_server_is_ready_for_outlets_sending_at_once(
    province_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a restart the outlets send at once: the server starts with their tokens already known (active outlets
    with a USB key; not a revoked one, not one whose first request must still enrol its key) and, on PostgreSQL,
    with the hot path's connections open, so the first summaries wait for no look-up and no connection."""
    import psycopg

    from showroom_pos.province.app import create_app, lifespan

    tokens = {code: register_outlet(province_engine, code) for code in ("CL01", "CL02", "CL03")}
    with session_factory(province_engine).begin() as s:
        auth.revoke_outlet(s, "CL02")
        s.execute(update(ProvinceOutlet).where(ProvinceOutlet.code == "CL03").values(usb_key=None))
    app = create_app(ServerConfig(ingest_threads=2), engine=province_engine)
    server = app.state.server

    async def started() -> list[str]:
        async with lifespan(app):
            if province_engine.dialect.name == "postgresql":
                async def refused(*_args: object, **_kwargs: object) -> None:
                    raise psycopg.OperationalError("no new connection expected")

                monkeypatch.setattr(psycopg.AsyncConnection, "connect", refused)
                async with server.ingest_connections.connection() as a, server.ingest_connections.connection() as b:
                    assert a is not b and not a.closed and not b.closed  # both made at start
            return [code for code, token in tokens.items() if server.tokens.get(auth.hash_token(token)) is not None]

    assert asyncio.run(started()) == ["CL01"]


def test_a_connection_postgresql_dropped_while_idle_is_replaced_not_a_503(
    server: LiveServer, province_engine: Engine
) -> None:
    """PostgreSQL restarted (or an idle timeout) while the hot path kept its connections: the next summary is
    stored on a new connection at once, not refused with a 503 for every connection that was kept."""
    if province_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's")
    from sqlalchemy import text

    token = register_outlet(province_engine, "CL01")
    assert post(server, token, summary_json(day=date(2026, 3, 2))).status_code == 200
    kept = server.app.state.server.ingest_connections._idle
    pids = [conn.info.backend_pid for conn in kept]
    assert pids  # the connection that stored the first day, kept for the next
    with province_engine.connect() as c:
        for pid in pids:
            c.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    r = post(server, token, summary_json(day=date(2026, 3, 3)))
    assert r.status_code == 200, r.text
    assert stored(province_engine, "CL01", date(2026, 3, 3)) is not None
    assert [conn.info.backend_pid for conn in kept] != pids  # a new connection, kept in its turn


def test_a_new_connection_that_fails_is_not_tried_again(province_engine: Engine,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a kept connection found dropped is replaced: PostgreSQL refusing a new one is said at once (503)."""
    if province_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's")
    import psycopg
    from sqlalchemy.exc import OperationalError

    tries: list[int] = []

    async def refused(*_args: object, **_kwargs: object) -> None:
        tries.append(1)
        raise psycopg.OperationalError("connection refused")

    monkeypatch.setattr(psycopg.AsyncConnection, "connect", refused)

    async def run() -> None:
        connections = AsyncConnections(province_engine, 1)
        with pytest.raises(OperationalError):
            await connections.run(lambda conn: conn.execute("SELECT 1"))

    asyncio.run(run())
    assert tries == [1]


def test_the_new_days_lines_carry_every_column_of_the_table() -> None:
    """The hot path sends a day's lines as JSON objects named as ``summary_product``'s columns: a column added to
    the table and not to the lines would arrive as NULL without a word."""
    from showroom_pos.province import ingest as ingest_module

    summary = from_json(summary_json())
    rows = ingest_module._line_rows(summary, [False] * len(summary.products))
    assert rows and all(set(row) == set(ingest_module._LINE_COLUMNS) for row in rows)
