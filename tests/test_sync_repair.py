"""Outlet and province converge after a restore on either side, without a person: the real outlet
worker against the real province server (uvicorn).

- an outlet restored from a backup re-freezes a day the province already holds under the same key
  (``422 key_reused``): the outlet sends the day again as a new revision under a new key;
- a province database gone back in time holds older revisions (or nothing) for days the outlet thinks
  acknowledged: the reconciliation (``GET /api/v1/days``) finds them and the outlet resends them;
- a summary the server fails on (the same 500 again and again) is parked after a few tries and the
  other days go on; text the province refuses (NUL…) is cleaned when the outlet freezes a summary.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.province.db import open_database, session_factory
from showroom_pos.province.models import DailySummaryRow, ProvinceOutlet, SummaryProduct
from showroom_pos.province.server_state import ServerConfig
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import summary as summaries
from showroom_pos.storage.models import OutboxItem
from showroom_pos.sync import worker
from showroom_pos.sync.client import ProvinceClient
from tests.conftest import Outlet
from tests.programme_support import engine_for
from tests.province_support import LiveServer, register_outlet
from tests.test_province_api import post, summary_json
from tests.test_sync_exactly_once import late_return, make_outlet, trade_day
from tests.test_sync_worker import ack_for, fake_client, trade

START = date(2026, 3, 2)


def drain(sessions: sessionmaker[Session], client: ProvinceClient, *, reconcile: bool = False) -> worker.SyncResult:
    """Passes until nothing is pending; the last pass's result with every pass's repairs added up."""
    result = worker.sync_once(sessions, client, summaries.frozen_payload, force=True, reconcile=reconcile)
    repaired = result.repaired
    for _ in range(10):
        if result.pending == 0:
            break
        result = worker.sync_once(sessions, client, summaries.frozen_payload, force=True)
        repaired += result.repaired
    result.repaired = repaired
    return result


def outbox_counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as s:
        return dict(s.execute(select(OutboxItem.status, func.count()).group_by(OutboxItem.status)).all())


def assert_same_figures(
    engine: Engine, code: str, sessions: sessionmaker[Session], unknown_days: frozenset[date] = frozenset()
) -> None:
    """Every day of the outlet, as the outlet computes it now, is what the province holds; nothing waits.
    ``unknown_days``: days the province holds that the (restored) outlet has no record of at all."""
    counts = outbox_counts(sessions)
    assert counts.get("pending", 0) == 0 and counts.get("parked", 0) == 0, counts
    with sessions() as s:
        mine = {d: summaries.compute(s, d) for d in summaries.business_days(s)}
    with session_factory(engine)() as ps:
        outlet_id = ps.scalar(select(ProvinceOutlet.id).where(ProvinceOutlet.code == code))
        theirs = {
            r.business_day: r for r in ps.scalars(select(DailySummaryRow).where(DailySummaryRow.outlet_id == outlet_id))
        }
        assert sorted(theirs) == sorted(set(mine) | unknown_days)
        for day, s_ in mine.items():
            row = theirs[day]
            assert (row.receipts, row.gross, row.discounts, row.returns, row.net, row.vat, row.qty_returned) == (
                s_.receipts,
                s_.gross,
                s_.discounts,
                s_.returns,
                s_.net,
                s_.vat,
                s_.qty_returned,
            ), day


def copy_outlet(ctx: AppContext, target: Path) -> None:
    with ctx.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        with sqlite3.connect(target) as out:
            raw.backup(out)
        out.close()


def test_an_outlet_restored_from_a_backup_converges_with_the_province(
    tmp_path: Path, province: tuple[Engine, LiveServer]
) -> None:
    engine, live = province
    ctx, shop = make_outlet(tmp_path, "CL01")
    rng = random.Random(19)
    client = ProvinceClient(live.url, register_outlet(engine, "CL01"))
    try:
        sales = {day: trade_day(ctx.sessions, shop, day, rng) for day in (START, START + timedelta(days=1))}
        drain(ctx.sessions, client)
        late_return(ctx.sessions, shop, sales[START][0], START + timedelta(days=3))
        backup = tmp_path / "backup.db"
        copy_outlet(ctx, backup)  # the manager's backup: one late return in it
        late_return(ctx.sessions, shop, sales[START][1], START + timedelta(days=4))
        drain(ctx.sessions, client)  # the province now holds both returns under the pending row's key
        db_file = Path(str(ctx.engine.url.database))
        ctx.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(backup, db_file)  # the PC is restored from the backup
        ctx = AppContext.open(AppPaths.resolve(db_file))
        result = drain(ctx.sessions, client)
        assert result.repaired >= 1
        # The second return's shift day (no sale) is unknown to the restored outlet: left as the province has it.
        assert_same_figures(engine, "CL01", ctx.sessions, frozenset({START + timedelta(days=4)}))
        with session_factory(engine)() as ps:
            row = ps.scalar(select(DailySummaryRow).where(DailySummaryRow.business_day == START))
            assert row is not None and row.revision >= 3 and row.qty_returned == 1
        # Nothing more to repair afterwards: the reconciliation finds both sides equal.
        assert drain(ctx.sessions, client, reconcile=True).repaired == 0
    finally:
        ctx.close()


@pytest.fixture
def province_file(tmp_path: Path) -> Iterator[tuple[Path, LiveServer]]:
    path = tmp_path / "province.db"
    engine = open_database(str(path))
    live = LiveServer(engine).start()
    yield path, live
    live.stop()
    live.engine.dispose()


def test_a_province_database_gone_back_in_time_is_repaired(
    tmp_path: Path, province_file: tuple[Path, LiveServer]
) -> None:
    path, live = province_file
    ctx, shop = make_outlet(tmp_path, "CL01")
    rng = random.Random(7)
    client = ProvinceClient(live.url, register_outlet(live.engine, "CL01"))
    try:
        days = [START + timedelta(days=i) for i in range(4)]
        sales = {day: trade_day(ctx.sessions, shop, day, rng) for day in days[:3]}
        drain(ctx.sessions, client)
        snapshot = tmp_path / "province-old.db"
        with sqlite3.connect(path) as src, sqlite3.connect(snapshot) as dst:
            src.backup(dst)
        dst.close()
        src.close()
        # After the snapshot: late returns on two days, a new day; all acknowledged.
        late_return(ctx.sessions, shop, sales[days[0]][0], days[3])
        late_return(ctx.sessions, shop, sales[days[1]][0], days[3])
        trade_day(ctx.sessions, shop, days[3], rng)
        drain(ctx.sessions, client)
        assert outbox_counts(ctx.sessions).get("pending", 0) == 0
        # The province file loses its last minutes.
        port = live.port
        live.stop()
        live.engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(snapshot, path)
        live.engine = open_database(str(path))
        live.port = port
        live.start()
        # A pass without reconciliation sees nothing to do ("0 sent, 0 pending")...
        assert drain(ctx.sessions, client).sent == 0
        # ...the reconciliation finds the three days and resends them.
        result = drain(ctx.sessions, client, reconcile=True)
        assert result.repaired == 3, result
        assert_same_figures(live.engine, "CL01", ctx.sessions)
        assert drain(ctx.sessions, client, reconcile=True).repaired == 0
    finally:
        ctx.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_province(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Engine, LiveServer]]:
    for engine in engine_for(request.param, tmp_path):
        live = LiveServer(engine, ServerConfig(outlet_burst=1000)).start()
        yield engine, live
        live.stop()


def test_the_day_digest_lists_revision_key_and_body_hash(any_province: tuple[Engine, LiveServer]) -> None:
    engine, live = any_province
    token = register_outlet(engine, "CL01")
    register_outlet(engine, "CL02")
    bodies = {d: summary_json(day=d) for d in (START, START + timedelta(days=2))}
    for body in bodies.values():
        assert post(live, token, body).status_code == 200
    newer = summary_json(day=START, revision=2, net_bump=1000)
    assert post(live, token, newer).status_code == 200
    bodies[START] = newer
    headers = {"Authorization": f"Bearer {token}"}
    r = httpx.get(f"{live.url}/api/v1/days", params={"from": "2026-03-01", "to": "2026-03-31"}, headers=headers)
    assert r.status_code == 200, r.text
    days = {d["business_day"]: d for d in r.json()["days"]}
    assert sorted(days) == ["2026-03-02", "2026-03-04"]
    for day, body in bodies.items():
        entry = days[day.isoformat()]
        assert entry["key"] == json.loads(body)["idempotency_key"]
        assert entry["revision"] == json.loads(body)["revision"]
        assert entry["sha256"] == hashlib.sha256(body.encode()).hexdigest()
    bad = httpx.get(f"{live.url}/api/v1/days", params={"from": "2026-03-01", "to": "2028-03-31"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
    assert httpx.get(f"{live.url}/api/v1/days", params={"from": "x", "to": "y"}, headers=headers).status_code == 422
    assert httpx.get(f"{live.url}/api/v1/days").status_code == 401


def test_a_summary_the_server_fails_on_is_parked_and_the_others_go_on(
    sessions: sessionmaker[Session], outlet: Outlet
) -> None:
    days = [START + timedelta(days=i) for i in range(3)]
    trade(sessions, outlet, days)

    def handler(request: httpx.Request) -> httpx.Response:
        if json.loads(request.content)["business_day"] == START.isoformat():
            return httpx.Response(500, json={"error": {"code": "internal_error", "message": "boom", "details": []}})
        return ack_for(request)

    client = fake_client(handler)
    first = worker.sync_once(sessions, client, summaries.frozen_payload, force=True)
    assert first.sent == 2 and first.retried == 1  # the later days were not held up by the first
    for _ in range(worker.PARK_AFTER_SAME_500 - 1):
        result = worker.sync_once(sessions, client, summaries.frozen_payload, force=True)
    assert result.parked == 1 and result.pending == 0 and result.parked_total == 1
    with sessions() as s:
        parked = s.scalar(select(OutboxItem).where(OutboxItem.status == "parked"))
        assert parked is not None and parked.business_day == START and "boom" in parked.last_error


def test_a_server_in_trouble_stops_the_pass(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    trade(sessions, outlet, [START + timedelta(days=i) for i in range(6)])
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(503, json={"error": {"code": "unavailable", "message": "busy", "details": []}})

    result = worker.sync_once(sessions, fake_client(handler), summaries.frozen_payload, force=True)
    assert len(calls) == worker.STOP_AFTER_5XX_ROWS and result.retried == worker.STOP_AFTER_5XX_ROWS
    assert result.parked_total == 0  # a 503 never parks


def test_text_the_province_refuses_is_cleaned_when_frozen(province: tuple[Engine, LiveServer], tmp_path: Path) -> None:
    engine, live = province
    ctx, shop = make_outlet(tmp_path, "CL01")
    try:
        from showroom_pos.storage.models import Product

        with ctx.sessions.begin() as s:
            product = s.get(Product, shop.tra)
            assert product is not None
            product.name = "Trà\u0000mãng cầu\u0007"
        trade_day(ctx.sessions, shop, START, random.Random(1))
        client = ProvinceClient(live.url, register_outlet(engine, "CL01"))
        assert drain(ctx.sessions, client).parked_total == 0
        with session_factory(engine)() as ps:
            names = set(ps.scalars(select(SummaryProduct.name)))
        assert "Trà\ufffdmãng cầu\ufffd" in names
        clean = summary_json()
        assert worker.clean_payload(clean) is clean  # nothing to clean: the very same text
    finally:
        ctx.close()
