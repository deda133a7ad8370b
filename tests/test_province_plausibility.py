"""Figures no showroom's day can have are refused with a 422 naming the field, on SQLite and PostgreSQL:
payments that do not add up to the sales (plus the cash rounding the outlet recorded), refunds that are not
the returns, more returned than sold, absurd counts and quantities, a day before the outlet opened or after
its tomorrow. The cash rounding (protocol 1.1) is sent by the outlet, stored and shown; an older outlet
without it is still accepted."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core import summary as shapes
from showroom_pos.core.clock import business_day
from showroom_pos.province import storable
from showroom_pos.province.db import session_factory
from showroom_pos.province.models import ProvinceOutlet
from showroom_pos.province.server_state import ServerConfig
from showroom_pos.services import settings
from showroom_pos.services import summary as summaries
from tests.conftest import Outlet
from tests.programme_support import add_staff, engine_for, login
from tests.province_support import LiveServer, at, open_shift, register_outlet, sell
from tests.test_province_api import post, stored

DAY = business_day() - timedelta(days=2)


@pytest.fixture(params=["sqlite", "postgresql"])
def province_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for(request.param, tmp_path)


@pytest.fixture
def server(province_engine: Engine) -> Iterator[LiveServer]:
    live = LiveServer(province_engine, ServerConfig(outlet_burst=100_000, outlet_rate=1000)).start()
    yield live
    live.stop()


def day_summary(
    *,
    gross: int = 65_000,
    discounts: int = 0,
    returns: int = 0,
    qty: int = 1,
    qty_returned: int = 0,
    vat: int | None = None,
    receipts: int = 1,
    payments: dict[str, int] | None = None,
    refunds: dict[str, int] | None = None,
    cash_rounding: int | None = 0,
    day: date = DAY,
) -> str:
    net = gross - discounts - returns
    product = shapes.ProductFigures(
        sku="TRV-TMC", name="Trà mãng cầu xiêm", qty_sold=qty, qty_returned=qty_returned, gross=gross,
        discounts=discounts, returns=returns, net=net, vat=net * 8 // 108 if vat is None else vat,
    )
    sold = gross - discounts
    return shapes.build(
        outlet_code="CL01", business_day=day, revision=1, idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC), receipts=receipts, voided=0, products=[product],
        payments={"cash": sold + (cash_rounding or 0)} if payments is None else payments,
        refunds=({"cash": returns} if returns else {}) if refunds is None else refunds,
        cash_over_short=0, shifts_closed=1, cash_rounding=cash_rounding,
    ).to_json()


REFUSED: list[tuple[str, dict[str, Any], str]] = [
    ("cash far beyond the sales", {"gross": 5_000, "payments": {"cash": 123_456_789}}, "payments:"),
    ("rounding not in the payments", {"cash_rounding": 500, "payments": {"cash": 65_000}}, "payments:"),
    ("rounding beyond 500 a receipt", {"cash_rounding": 600}, "cash_rounding:"),
    ("rounding with no cash", {"cash_rounding": 500, "payments": {"card": 65_500}}, "cash_rounding:"),
    ("older outlet, more than rounding", {"cash_rounding": None, "receipts": 2, "payments": {"cash": 66_001}},
     "payments:"),
    ("older outlet, a card off", {"cash_rounding": None, "payments": {"card": 65_100}}, "payments:"),
    ("refunds are not the returns", {"returns": 10_000, "qty_returned": 1, "refunds": {"cash": 60_000}},
     "refunds:"),
    ("more back than sold", {"qty": 1, "qty_returned": 2, "returns": 5_000}, "products[0].qty_returned:"),
    # (the shared validator: net = gross - discounts - returns may not be negative)
    ("returns beyond what was paid", {"discounts": 10_000, "returns": 60_000, "qty_returned": 1},
     "products[0].net:"),
    ("VAT beyond what was paid", {"vat": 70_000}, "products[0].vat:"),
    ("a quantity no showroom sells", {"qty": 2_000_000_000}, "products[0].qty_sold:"),
    ("receipts no showroom prints", {"receipts": 2_000_000}, "receipts:"),
    ("sales with no receipt", {"receipts": 0}, "receipts:"),
    ("after the outlet's tomorrow", {"day": business_day() + timedelta(days=5)}, "business_day:"),
]


@pytest.mark.parametrize("case", REFUSED, ids=[c[0] for c in REFUSED])
def test_implausible_days_are_refused_naming_the_field(
    server: LiveServer, province_engine: Engine, case: tuple[str, dict[str, Any], str]
) -> None:
    _name, change, field = case
    token = register_outlet(province_engine, "CL01")
    r = post(server, token, day_summary(**change))
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "invalid_summary" and any(d.startswith(field) for d in error["details"]), error
    assert stored(province_engine, "CL01", change.get("day", DAY)) is None


ACCEPTED: list[tuple[str, dict[str, Any]]] = [
    ("exact, in cash", {}),
    ("rounded up in cash", {"cash_rounding": 500}),
    ("rounded down, cash and card", {"cash_rounding": -400, "receipts": 2, "payments": {"cash": 25_000 - 400,
                                                                                        "card": 40_000}}),
    ("older outlet within rounding", {"cash_rounding": None, "receipts": 2, "payments": {"cash": 65_800}}),
    ("a return refunded by transfer", {"returns": 65_000, "qty_returned": 1, "refunds": {"transfer": 65_000}}),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_plausible_days_are_stored(
    server: LiveServer, province_engine: Engine, case: tuple[str, dict[str, Any]]
) -> None:
    token = register_outlet(province_engine, "CL01")
    r = post(server, token, day_summary(**case[1]))
    assert r.status_code == 200, r.text
    row = stored(province_engine, "CL01", DAY)
    assert row is not None and row.cash_rounding == case[1].get("cash_rounding", 0)


def test_no_day_before_the_outlet_opened(server: LiveServer, province_engine: Engine) -> None:
    token = register_outlet(province_engine, "CL01")
    with session_factory(province_engine).begin() as s:
        outlet = s.scalars(select(ProvinceOutlet).where(ProvinceOutlet.code == "CL01")).one()
        outlet.opened_on = DAY
    r = post(server, token, day_summary(day=DAY - timedelta(days=1)))
    assert r.status_code == 422
    assert any("before the outlet opened" in d and d.startswith("business_day:") for d in r.json()["error"]["details"])
    assert post(server, token, day_summary(day=DAY)).status_code == 200


def test_the_cash_rounding_is_stored_and_shown(server: LiveServer, province_engine: Engine) -> None:
    token = register_outlet(province_engine, "CL01")
    assert post(server, token, day_summary(cash_rounding=500)).status_code == 200
    older = day_summary(cash_rounding=None, day=DAY - timedelta(days=1))
    assert '"cash_rounding"' not in older
    assert post(server, token, older).status_code == 200
    row = stored(province_engine, "CL01", DAY - timedelta(days=1))
    assert row is not None and row.cash_rounding is None
    add_staff(province_engine, "lan.nguyen")
    client = login(server, "lan.nguyen")
    page = client.get("/dashboard").text
    assert 'id="total-rounding">500 ₫<' in page.replace("\xa0", " ")
    rows = list(csv.DictReader(io.StringIO(client.get("/dashboard/export.csv").content.decode("utf-8-sig"))))
    assert {r["business_day"]: r["cash_rounding"] for r in rows} == {
        DAY.isoformat(): "500", (DAY - timedelta(days=1)).isoformat(): ""
    }


def test_the_outlet_sends_its_cash_rounding_and_weighed_goods(
    sessions: sessionmaker[Session], outlet: Outlet, server: LiveServer, province_engine: Engine
) -> None:
    """A real till rounding cash to 1.000 ₫: durian by the gram in cash (206.250 ₫ → 206.000 ₫) and tea by
    transfer; its summary carries the rounding and the weighed line, adds up, and the province stores it."""
    with sessions.begin() as s:
        settings.set(s, "checkout.cash_rounding", "1000")
    open_shift(sessions, outlet.cashier, at(DAY, 8))
    sell(sessions, outlet.cashier, [(outlet.sau_rieng, 1250)], at(DAY, 9))
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], at(DAY, 10), method="transfer")
    with sessions() as s:
        summary = summaries.compute(s, DAY, key=str(uuid.uuid4()))
    assert summary.cash_rounding == -250 and summary.payments == {"cash": 206_000, "transfer": 65_000}
    assert {p.sku: p.by_weight for p in summary.products} == {"TCT-SR": True, "TRV-TMC": False}
    assert storable.plausibility(summary) == []
    token = register_outlet(province_engine, "CL01")
    r = httpx.post(f"{server.url}/api/v1/summaries", content=summary.to_json().encode(),
                   headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert r.status_code == 200, r.text
    row = stored(province_engine, "CL01", DAY)
    assert row is not None and row.cash_rounding == -250
