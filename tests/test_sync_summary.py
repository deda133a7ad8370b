"""The daily summary: its JSON shape (pure) and its computation from the outlet's database."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core import summary as shapes
from showroom_pos.services import summary as summaries
from showroom_pos.services.till import sale_returns
from showroom_pos.storage.models import OutboxItem, SaleLine
from tests.conftest import Outlet
from tests.province_support import at, close_shift, open_shift, sell

DAY = date(2026, 3, 2)


def product(
    sku: str, qty: int, gross: int, discounts: int = 0, returns: int = 0, *,
    barcode: str | None = None, producer: str | None = None, stars: int | None = None,
) -> shapes.ProductFigures:
    return shapes.ProductFigures(
        sku=sku,
        name=f"Sản phẩm {sku}",
        qty_sold=qty,
        qty_returned=0,
        gross=gross,
        discounts=discounts,
        returns=returns,
        net=gross - discounts - returns,
        vat=(gross - discounts - returns) * 8 // 108,
        barcode=barcode,
        producer=producer,
        stars=stars,
    )


def sample(**overrides: object) -> shapes.DailySummary:
    s = shapes.build(
        outlet_code="CL01",
        business_day=DAY,
        revision=1,
        idempotency_key=str(uuid.uuid4()),
        generated_at=datetime(2026, 3, 2, 12, 0, tzinfo=UTC),
        receipts=3,
        voided=0,
        products=[
            product("B", 2, 130_000, 5_000, producer="HTX Đông Nghi", stars=3),
            product("A", 1, 55_000, barcode="8938000000019"),
        ],
        payments={"cash": 100_000, "transfer": 80_000},
        refunds={},
        cash_over_short=-500,
        shifts_closed=1,
    )
    return s if not overrides else shapes.from_dict({**s.to_dict(), **overrides})


def test_build_adds_up_the_products_and_round_trips() -> None:
    s = sample()
    assert (s.gross, s.discounts, s.net, s.qty_sold) == (185_000, 5_000, 180_000, 3)
    assert [p.sku for p in s.products] == ["A", "B"]
    again = shapes.from_json(s.to_json())
    assert again == s
    assert again.to_json() == s.to_json()


def test_unknown_fields_are_ignored_and_new_optional_fields_default() -> None:
    data = json.loads(sample().to_json())
    data["stock"] = [{"sku": "A", "on_hand": 12}]  # what a later version may add
    data["products"][0]["on_hand"] = 12
    del data["cash_over_short"], data["shifts_closed"], data["voided"]
    s = shapes.from_dict(data)
    assert s.cash_over_short == 0 and s.products[0].sku == "A"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.pop("outlet_code"), "outlet_code: is required"),
        (lambda d: d.update(business_day="02/03/2026"), "business_day: must be a date"),
        (lambda d: d.update(revision=0), "revision: must be at least 1"),
        (lambda d: d.update(idempotency_key="abc"), "idempotency_key: must be a UUID"),
        (lambda d: d.update(gross="185000"), "gross: must be a whole number"),
        (lambda d: d.update(net=1), "net: is 1 but its products add up to 180000"),
        (lambda d: d["products"][0].update(net=7), "products[0].net: must equal gross - discounts - returns"),
        (lambda d: d["products"][1].update(sku="A"), "products[1].sku: 'A' appears twice"),
        (lambda d: d["payments"].update(bitcoin=5), "payments.bitcoin: is not a payment method"),
        (lambda d: d.update(generated_at="2026-03-02T12:00:00"), "generated_at: must be an ISO 8601 time"),
        (lambda d: d.update(schema=99), "schema: must be 1"),
    ],
)
def test_bad_summaries_are_refused_with_a_precise_reason(mutate: Callable[[dict[str, Any]], object],
                                                         expected: str) -> None:
    data = json.loads(sample().to_json())
    mutate(data)
    with pytest.raises(shapes.SummaryFormatError) as info:
        shapes.from_dict(data)
    assert any(expected in p for p in info.value.problems), info.value.problems


def test_garbage_is_refused() -> None:
    for body in (b"", b"not json", b"[1,2]", b"\xff\xfe", b"null"):
        with pytest.raises(shapes.SummaryFormatError):
            shapes.from_json(body)


def test_a_summary_of_200_products_stays_small() -> None:
    products = [
        product(f"SKU-{i:04d}", 3, 3 * 65_000, producer="Công ty TNHH Travipha", stars=4, barcode=f"893800{i:07d}")
        for i in range(200)
    ]
    s = shapes.build(
        outlet_code="CL01",
        business_day=DAY,
        revision=1,
        idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC),
        receipts=150,
        voided=0,
        products=products,
        payments={"cash": 1},
        refunds={},
        cash_over_short=0,
        shifts_closed=1,
    )
    size = len(s.to_json().encode())
    assert size < 60_000, size


# --- computed from the outlet's database -----------------------------------------------------------


def test_compute_matches_the_sales_returns_and_shift(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    open_shift(sessions, outlet.cashier, at(DAY, 8))
    sell(sessions, outlet.cashier, [(outlet.mam_tom, 2), (outlet.tra, 1)], at(DAY, 9))
    sale_b = sell(sessions, outlet.cashier, [(outlet.tra, 3)], at(DAY, 10), method="transfer", discount_percent=10)
    sell(sessions, outlet.cashier, [(outlet.sau_rieng, 1250)], at(DAY, 11))
    with sessions.begin() as s:
        line = s.scalars(select(SaleLine).where(SaleLine.sale_id == sale_b)).one()
        sale_returns.create_return(
            s, outlet.manager, sale_b, [sale_returns.ReturnItem(line.id, 1)], refund_method="transfer", at=at(DAY, 15)
        )
    close_shift(sessions, outlet.cashier, at(DAY, 20), extra_notes=2)
    with sessions() as s:
        result = summaries.compute(s, DAY, revision=1, key=str(uuid.uuid4()))
        report = summaries.day_report(s, DAY)
    by_sku = {p.sku: p for p in result.products}
    assert result.outlet_code == "CL01" and result.receipts == 3
    assert by_sku["HD-MAMTOM"].qty_sold == 2 and by_sku["HD-MAMTOM"].gross == 110_000
    assert by_sku["HD-MAMTOM"].producer == "Cơ sở Mắm Bà Hai Diễm" and by_sku["HD-MAMTOM"].stars == 4
    assert by_sku["HD-MAMTOM"].barcode == "8938000000015"
    tra = by_sku["TRV-TMC"]
    assert tra.qty_sold == 4 and tra.qty_returned == 1 and tra.discounts == 19_500
    assert tra.returns == 58_500 and tra.net == 4 * 65_000 - 19_500 - 58_500
    assert by_sku["TCT-SR"].qty_sold == 1250 and by_sku["TCT-SR"].gross == 206_250
    assert result.payments == {"cash": 110_000 + 65_000 + 206_250, "transfer": 175_500}
    assert result.refunds == {"transfer": 58_500}
    assert result.net == report.net and result.sales_total == report.sales_total and result.vat == report.vat
    assert result.shifts_closed == 1 and result.cash_over_short == 2_000 - (110_000 + 65_000 + 206_250) % 1_000
    shapes.from_json(result.to_json())  # what we send passes the server's own checks


def test_a_late_return_revises_the_day_of_the_sale(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    open_shift(sessions, outlet.cashier, at(DAY, 8))
    sale = sell(sessions, outlet.cashier, [(outlet.tra, 2)], at(DAY, 9))
    close_shift(sessions, outlet.cashier, at(DAY, 20))
    with sessions.begin() as s:
        row = s.scalars(select(OutboxItem).where(OutboxItem.business_day == DAY)).one()
        row.payload = summaries.frozen_payload(s, DAY, row.revision, row.id)
    later = DAY + timedelta(days=3)
    open_shift(sessions, outlet.cashier, at(later, 8))
    with sessions.begin() as s:
        line = s.scalars(select(SaleLine).where(SaleLine.sale_id == sale)).one()
        sale_returns.create_return(
            s, outlet.manager, sale, [sale_returns.ReturnItem(line.id, 1)], refund_method="cash", at=at(later, 10)
        )
    with sessions() as s:
        rows = s.scalars(select(OutboxItem).where(OutboxItem.business_day == DAY).order_by(OutboxItem.revision)).all()
        assert [(r.revision, r.payload is None) for r in rows] == [(1, False), (2, True)]
        revised = summaries.compute(s, DAY, revision=2)
    assert revised.returns == 65_000 and revised.net == 65_000 and revised.refunds == {"cash": 65_000}
