"""The protocol's optional ``stock``: outlets send on-hand stock per product with their daily summary;
an old outlet that does not is still accepted; the province keeps each outlet's newest snapshot."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core import summary as shapes
from showroom_pos.province.db import session_factory
from showroom_pos.province.ingest import ingest
from showroom_pos.province.models import ProvinceOutlet
from showroom_pos.province.programme_models import OutletStockItem, OutletStockSnapshot
from showroom_pos.province.showcase import build as build_showcase
from showroom_pos.province.stock import record_stock
from showroom_pos.services import settings
from showroom_pos.services import summary as summaries
from showroom_pos.services.stock import movements
from showroom_pos.storage.models import Product
from showroom_pos.sync import catalogue_pull, worker
from showroom_pos.sync.client import ProvinceClient
from tests.conftest import Outlet
from tests.programme_support import engine_for, import_catalogue, post, product, summary
from tests.province_support import LiveServer, at, open_shift, register_outlet, sell

DAY = date(2026, 3, 2)
SAMPLE = Path(__file__).resolve().parents[1] / "showroom_pos" / "db" / "seed" / "province_catalogue_sample.csv"


@pytest.fixture(params=["sqlite", "postgresql"])
def province_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for(request.param, tmp_path)


@pytest.fixture
def live(province_engine: Engine) -> Iterator[LiveServer]:
    server = LiveServer(province_engine).start()
    yield server
    server.stop()


# --- the shapes -------------------------------------------------------------------------------------


def test_stock_round_trips_and_is_left_out_when_not_sent() -> None:
    level = shapes.StockLevel("TRV-TMC", 12, "8938000000022", "TRV-TMC", 65_000)
    weighed = shapes.StockLevel("TCT-SR", 2_500, None, None, 165_000, by_weight=True)
    with_stock = summary("CL01", DAY, [product("TRV-TMC", 1, 65_000)], stock=[level, weighed])
    data = json.loads(with_stock.to_json())
    assert data["stock"]["items"] == [
        {"sku": "TRV-TMC", "on_hand": 12, "barcode": "8938000000022", "province_ref": "TRV-TMC", "price": 65_000},
        {"sku": "TCT-SR", "on_hand": 2_500, "price": 165_000, "by_weight": True},
    ]
    decoded = shapes.from_json(with_stock.to_json())
    assert decoded.stock == with_stock.stock
    # Without stock, the JSON is what an outlet of before the extension sent: no "stock" key at all.
    plain = summary("CL01", DAY, [product("TRV-TMC", 1, 65_000)])
    assert "stock" not in json.loads(plain.to_json())
    assert shapes.from_json(plain.to_json()).stock is None
    assert shapes.from_json(plain.to_json()).to_json() == plain.to_json()


def test_a_stock_that_cannot_be_read_is_dropped_whole_and_never_blocks_the_figures() -> None:
    data = json.loads(summary("CL01", DAY, [product("A", 1, 1_000)]).to_json())
    data["stock"] = {
        "at": "yesterday",
        "items": [
            {"sku": "A", "on_hand": "many"},
            {"sku": "B", "on_hand": 1, "price": -5},
            {"sku": "C", "on_hand": 1, "by_weight": "yes"},
            {"sku": "D", "on_hand": 1},
            {"sku": "D", "on_hand": 2},
            "not an object",
            {"on_hand": 3},
        ],
    }
    decoded = shapes.from_dict(data)
    assert decoded.stock is None and decoded.gross == 1_000  # the figures are accepted, the stock is not
    problems = shapes.stock_problems(data)
    for expected in (
        "stock.at: must be an ISO 8601 time with its UTC offset",
        "stock.items[0].on_hand: must be a whole number",
        "stock.items[1].price: must be at least 0",
        "stock.items[2].by_weight: must be true or false",
        "stock.items[4].sku: 'D' appears twice",
        "stock.items[5]: must be an object",
        "stock.items[6].sku: is required",
    ):
        assert expected in problems, problems
    # One bad line drops the whole snapshot: a partial one would say "sold out" for what it left out.
    data["stock"] = {"at": datetime.now(UTC).isoformat(), "items": [{"sku": "A", "on_hand": 1}, {"sku": "B"}]}
    assert shapes.from_dict(data).stock is None
    data["stock"] = {"at": datetime.now(UTC).isoformat(), "items": [{"sku": "X", "on_hand": 1}] * 20_001}
    assert shapes.from_dict(data).stock is None and "must hold at most 20000" in shapes.stock_problems(data)[0]
    data["stock"] = [{"sku": "A", "on_hand": 12}]  # another shape (a later version's, say): ignored
    assert shapes.from_dict(data).stock is None and shapes.stock_problems(data) == [
        "stock: must be an object with at and items"
    ]
    data["stock"] = {"at": datetime.now(UTC).isoformat(), "items": [{"sku": "A", "on_hand": -2}]}
    assert shapes.from_dict(data).stock == shapes.StockSnapshot(
        datetime.fromisoformat(data["stock"]["at"]), (shapes.StockLevel("A", -2),)
    )
    assert shapes.stock_problems(data) == []


# --- the outlet -------------------------------------------------------------------------------------


def test_the_outlet_freezes_its_ocop_stock_into_the_summary(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        movements.post_movements(s, [(outlet.mam_tom, 24), (outlet.tra, 10), (outlet.sau_rieng, 8_000)], kind="receipt")
        other = Product(sku="BAG", name="Túi giấy", unit="cái", price=2_000)  # not OCOP: none of the province's
        s.add(other)
        hidden = s.get(Product, outlet.tra)
        assert hidden is not None
        hidden.province_ref = "TRV-TMC"
    open_shift(sessions, outlet.cashier, at(DAY, 8))
    sell(sessions, outlet.cashier, [(outlet.mam_tom, 2), (outlet.sau_rieng, 1_250)], at(DAY, 9))
    with sessions.begin() as s:
        payload = summaries.frozen_payload(s, DAY, 1, "6f1c7a52-3b2e-4c8e-9a55-1f2a3b4c5d6e")
    sent = shapes.from_json(payload)
    assert sent.stock is not None
    assert abs((sent.stock.at - sent.generated_at).total_seconds()) < 1
    levels = {i.sku: i for i in sent.stock.items}
    assert set(levels) == {"HD-MAMTOM", "TRV-TMC", "TCT-SR"}
    assert levels["HD-MAMTOM"] == shapes.StockLevel("HD-MAMTOM", 22, "8938000000015", None, 55_000)
    assert levels["TRV-TMC"].province_ref == "TRV-TMC" and levels["TRV-TMC"].on_hand == 10
    assert levels["TCT-SR"].by_weight and levels["TCT-SR"].on_hand == 8_000 - 1_250
    # An inactive product is not for sale: it is not reported as stock.
    with sessions.begin() as s:
        p = s.get(Product, outlet.mam_tom)
        assert p is not None
        p.active = False
    with sessions() as s:
        assert {i.sku for i in summaries.stock_snapshot(s, datetime.now(UTC)).items} == {"TRV-TMC", "TCT-SR"}


# --- the province -----------------------------------------------------------------------------------


def _snapshot(engine: Engine, code: str) -> tuple[datetime | None, dict[str, int]]:
    with session_factory(engine)() as s:
        outlet_id = s.scalar(select(ProvinceOutlet.id).where(ProvinceOutlet.code == code))
        snap = s.get(OutletStockSnapshot, outlet_id)
        items = {
            i.sku: i.on_hand for i in s.scalars(select(OutletStockItem).where(OutletStockItem.outlet_id == outlet_id))
        }
        return (snap.taken_at if snap else None), items


def test_the_newest_stock_wins_whatever_day_it_came_with(province_engine: Engine, live: LiveServer) -> None:
    token = register_outlet(province_engine, "CL01")
    t0 = datetime.now(UTC) - timedelta(hours=3)
    newer = summary(
        "CL01",
        DAY,
        [product("A", 1, 10_000)],
        stock=[shapes.StockLevel("A", 5), shapes.StockLevel("B", 0)],
        stock_at=t0 + timedelta(hours=2),
    )
    post(live, token, newer)
    assert _snapshot(province_engine, "CL01")[1] == {"A": 5, "B": 0}
    # An older snapshot arriving late (with a later business day, even) does not bring old stock back.
    older = summary(
        "CL01", DAY + timedelta(days=1), [product("A", 1, 10_000)], stock=[shapes.StockLevel("A", 9)], stock_at=t0
    )
    post(live, token, older)
    assert _snapshot(province_engine, "CL01")[1] == {"A": 5, "B": 0}
    # A replay changes nothing; a summary without stock (an old outlet) is stored and keeps the stock.
    r = httpx.post(
        f"{live.url}/api/v1/summaries", content=newer.to_json().encode(), headers={"Authorization": f"Bearer {token}"}
    )
    assert r.headers.get("Idempotent-Replayed") == "true"
    post(live, token, summary("CL01", DAY + timedelta(days=2), [product("A", 2, 20_000)]))
    assert _snapshot(province_engine, "CL01")[1] == {"A": 5, "B": 0}
    # A newer one replaces the whole snapshot (a product no longer listed is gone).
    post(
        live,
        token,
        summary(
            "CL01",
            DAY + timedelta(days=2),
            [product("A", 3, 30_000)],
            revision=2,
            stock=[shapes.StockLevel("A", 4)],
            stock_at=t0 + timedelta(hours=3),
        ),
    )
    taken, items = _snapshot(province_engine, "CL01")
    assert items == {"A": 4}
    assert taken is not None and abs((taken - (t0 + timedelta(hours=3))).total_seconds()) < 1
    # A stock the server cannot read: the day's figures are stored, the snapshot stays as it was.
    bad = json.loads(summary("CL01", DAY + timedelta(days=3), [product("A", 1, 10_000)]).to_json())
    bad["stock"] = {"at": datetime.now(UTC).isoformat(), "items": [{"sku": "A", "on_hand": "lots"}]}
    r = httpx.post(
        f"{live.url}/api/v1/summaries", content=json.dumps(bad).encode(), headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 200 and r.json()["status"] == "stored"
    assert _snapshot(province_engine, "CL01")[1] == {"A": 4}


def test_a_snapshot_dated_in_the_future_counts_as_taken_on_arrival(province_engine: Engine) -> None:
    register_outlet(province_engine, "CL01")
    future = datetime.now(UTC) + timedelta(days=30)
    s = summary("CL01", DAY, [product("A", 1, 10_000)], stock=[shapes.StockLevel("A", 7)], stock_at=future)
    with session_factory(province_engine).begin() as session:
        outlet = session.scalar(select(ProvinceOutlet).where(ProvinceOutlet.code == "CL01"))
        assert outlet is not None
        ingest(session, outlet, s, s.to_json().encode())
    taken, items = _snapshot(province_engine, "CL01")
    assert items == {"A": 7} and taken is not None and taken <= datetime.now(UTC)
    # ...so an honest snapshot taken a moment later still replaces it.
    with session_factory(province_engine).begin() as session:
        outlet = session.scalar(select(ProvinceOutlet).where(ProvinceOutlet.code == "CL01"))
        assert outlet is not None
        later = summary("CL01", DAY, [], stock=[shapes.StockLevel("A", 6)], stock_at=datetime.now(UTC))
        assert record_stock(session, outlet, later)
    assert _snapshot(province_engine, "CL01")[1] == {"A": 6}


def test_a_real_outlet_syncs_and_the_province_knows_where_products_are(
    province_engine: Engine, live: LiveServer, sessions: sessionmaker[Session], outlet: Outlet
) -> None:
    import_catalogue(province_engine, SAMPLE)
    token = register_outlet(province_engine, "CL01", "Điểm OCOP Mỹ Tho")
    with sessions.begin() as s:
        settings.set(s, "province.url", live.url)
        settings.set(s, "province.token", token)
        movements.post_movements(s, [(outlet.mam_tom, 6), (outlet.tra, 3)], kind="receipt")
    client = ProvinceClient(live.url, token)
    try:
        catalogue_pull.pull(sessions, client)  # the outlet learns the province's refs
        open_shift(sessions, outlet.cashier, at(DAY, 8))
        sell(sessions, outlet.cashier, [(outlet.tra, 3)], at(DAY, 9))  # sold out
        result = worker.sync_once(sessions, client, summaries.frozen_payload, force=True)
        assert result.pending == 0
    finally:
        client.close()
    with session_factory(province_engine)() as s:
        sc = build_showcase(s)
    assert [a.outlet_code for a in sc.by_ref["HD-MAMTOM"].in_stock] == ["CL01"]
    assert sc.by_ref["HD-MAMTOM"].in_stock[0].on_hand == 6
    assert sc.by_ref["TRV-TMC"].in_stock == () and sc.by_ref["TRV-TMC"].stock[0].on_hand == 0
    assert sc.by_ref["DN-MIT"].stock == ()
