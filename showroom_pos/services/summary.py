"""A business day's summary for the province, computed from the outlet's own records.

Returns count against the day of the sale they return (a late return makes a new revision of that
day); voided sales count only in ``voided``. Cash over/short is the sum over the shifts of the day
that are closed. The same figures back the outlet's own report (``day_report``) so what the province
receives can be checked against it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos import __version__
from showroom_pos.core import summary as shapes
from showroom_pos.core.clock import now_utc
from showroom_pos.storage.models import (
    Payment,
    Producer,
    Product,
    ProductBarcode,
    ReturnLine,
    Sale,
    SaleLine,
    SaleReturn,
    Shift,
)
from showroom_pos.sync import catalogue_pull
from showroom_pos.sync.client import ProvinceClient
from showroom_pos.sync.worker import SyncStatus, SyncWorker

from . import settings, setup, sync_state


@dataclass
class _Acc:
    name: str = ""
    barcode: str | None = None
    unit: str = ""
    producer_id: int | None = None
    product_id: int | None = None
    stars: int | None = None
    by_weight: bool = False
    qty_sold: int = 0
    qty_returned: int = 0
    gross: int = 0
    discounts: int = 0
    returns: int = 0
    vat_sold: int = 0
    vat_returned: int = 0


def compute(
    session: Session, day: date, *, revision: int = 1, key: str | None = None, generated_at: datetime | None = None
) -> shapes.DailySummary:
    """The summary of ``day`` as the outlet's database holds it now."""
    completed = (Sale.business_day == day) & (Sale.status == "completed")
    acc: dict[str, _Acc] = defaultdict(_Acc)
    for row in session.execute(
        select(
            SaleLine.sku,
            SaleLine.name,
            SaleLine.barcode,
            SaleLine.unit,
            SaleLine.producer_id,
            SaleLine.product_id,
            SaleLine.stars,
            SaleLine.sold_by_weight,
            SaleLine.qty,
            SaleLine.gross,
            SaleLine.line_discount,
            SaleLine.cart_discount,
            SaleLine.vat_amount,
        )
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(completed)
        .order_by(Sale.created_at, SaleLine.line_no)
    ):
        a = acc[row.sku]
        # Copied line values win (history never changes); the latest line of the day names the product.
        a.name, a.unit, a.product_id = row.name, row.unit, row.product_id
        a.barcode = row.barcode or a.barcode
        a.producer_id = row.producer_id if row.producer_id is not None else a.producer_id
        a.stars = row.stars if row.stars is not None else a.stars
        a.by_weight = bool(row.sold_by_weight)
        a.qty_sold += row.qty
        a.gross += row.gross
        a.discounts += row.line_discount + row.cart_discount
        a.vat_sold += row.vat_amount
    for ret in session.execute(
        select(
            SaleLine.sku,
            SaleLine.name,
            SaleLine.unit,
            SaleLine.product_id,
            SaleLine.producer_id,
            SaleLine.stars,
            SaleLine.sold_by_weight,
            ReturnLine.qty,
            ReturnLine.amount,
            ReturnLine.vat_amount,
        )
        .join(SaleLine, SaleLine.id == ReturnLine.sale_line_id)
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(completed)
    ):
        a = acc[ret.sku]
        if not a.name:
            a.name, a.unit, a.product_id, a.producer_id, a.stars, a.by_weight = (
                ret.name,
                ret.unit,
                ret.product_id,
                ret.producer_id,
                ret.stars,
                bool(ret.sold_by_weight),
            )
        a.qty_returned += ret.qty
        a.returns += ret.amount
        a.vat_returned += ret.vat_amount
    producer_ids = {a.producer_id for a in acc.values() if a.producer_id is not None}
    producers = (
        {p.id: (p.name, p.code) for p in session.scalars(select(Producer).where(Producer.id.in_(producer_ids)))}
        if producer_ids
        else {}
    )
    product_ids = {a.product_id for a in acc.values() if a.product_id is not None}
    facts = (
        {
            pid: (group, ref)
            for pid, group, ref in session.execute(
                select(Product.id, Product.ocop_group, Product.province_ref).where(Product.id.in_(product_ids))
            )
        }
        if product_ids
        else {}
    )
    # A line records the code that was scanned; when it was picked from a list, the product's first code.
    first_codes = (
        {
            pid: code
            for pid, code in session.execute(
                select(ProductBarcode.product_id, func.min(ProductBarcode.code))
                .where(ProductBarcode.product_id.in_(product_ids))
                .group_by(ProductBarcode.product_id)
            )
        }
        if product_ids
        else {}
    )
    products = []
    for sku, a in acc.items():
        producer = producers.get(a.producer_id) if a.producer_id is not None else None
        group, ref = facts.get(a.product_id, (None, None)) if a.product_id is not None else (None, None)
        products.append(
            shapes.ProductFigures(
                sku=sku,
                name=a.name,
                barcode=a.barcode or first_codes.get(a.product_id or -1),
                unit=a.unit,
                producer=producer[0] if producer else None,
                producer_code=producer[1] if producer else None,
                stars=a.stars,
                group=group,
                province_ref=ref,
                qty_sold=a.qty_sold,
                qty_returned=a.qty_returned,
                gross=a.gross,
                discounts=a.discounts,
                returns=a.returns,
                net=a.gross - a.discounts - a.returns,
                vat=a.vat_sold - a.vat_returned,
                by_weight=a.by_weight,
            )
        )
    receipts, cash_rounding = session.execute(
        select(func.count(), func.coalesce(func.sum(Sale.cash_rounding), 0)).select_from(Sale).where(completed)
    ).one()
    voided = (
        session.scalar(select(func.count()).select_from(Sale).where(Sale.business_day == day, Sale.status == "voided"))
        or 0
    )
    payments = {
        m: int(v)
        for m, v in session.execute(
            select(Payment.method, func.sum(Payment.amount))
            .join(Sale, Sale.id == Payment.sale_id)
            .where(completed)
            .group_by(Payment.method)
        )
    }
    refunds = {  # what each method paid back, as payments are what each took (cash: its rounding included)
        m: int(v)
        for m, v in session.execute(
            select(SaleReturn.refund_method, func.sum(SaleReturn.refund_total + SaleReturn.cash_rounding))
            .join(Sale, Sale.id == SaleReturn.sale_id)
            .where(completed)
            .group_by(SaleReturn.refund_method)
        )
    }
    closed = (Shift.business_day == day) & Shift.closed_at.is_not(None)
    over_short, shifts_closed = session.execute(
        select(func.coalesce(func.sum(Shift.counted_cash - Shift.expected_cash), 0), func.count())
        .select_from(Shift)
        .where(closed)
    ).one()
    return shapes.build(
        outlet_code=setup.outlet(session).code,
        business_day=day,
        revision=revision,
        idempotency_key=key or "00000000-0000-0000-0000-000000000000",
        generated_at=generated_at or now_utc(),
        receipts=int(receipts or 0),
        voided=int(voided),
        products=products,
        payments=payments,
        refunds=refunds,
        cash_over_short=int(over_short or 0),
        shifts_closed=int(shifts_closed),
        app_version=__version__,
        cash_rounding=int(cash_rounding or 0),
    )


@dataclass(frozen=True)
class DayReport:
    """The outlet's own figures for a day, computed straight from sale headers (not from lines):
    an independent check on what the summary sends."""

    day: date
    receipts: int
    sales_total: int
    returns: int
    net: int
    vat: int


def day_report(session: Session, day: date) -> DayReport:
    completed = (Sale.business_day == day) & (Sale.status == "completed")
    receipts, total, vat = session.execute(
        select(func.count(), func.coalesce(func.sum(Sale.total), 0), func.coalesce(func.sum(Sale.vat_total), 0)).where(
            completed
        )
    ).one()
    returned, returned_vat = session.execute(
        select(func.coalesce(func.sum(SaleReturn.refund_total), 0), func.coalesce(func.sum(SaleReturn.vat_total), 0))
        .join(Sale, Sale.id == SaleReturn.sale_id)
        .where(completed)
    ).one()
    return DayReport(
        day, int(receipts), int(total), int(returned), int(total) - int(returned), int(vat) - int(returned_vat)
    )


def business_days(session: Session) -> list[date]:
    """Every day with a sale or a shift (the days a summary exists for)."""
    days = set(session.scalars(select(Sale.business_day).distinct()))
    days |= set(session.scalars(select(Shift.business_day).distinct()))
    return sorted(days)


# --- wiring for the sync worker (services may use sync; sync never imports services) ---------------


def frozen_payload(session: Session, day: date, revision: int, key: str) -> str:
    """The JSON an outbox row freezes: ``sync.worker.Summarize``, with the outlet's stock of now."""
    summary = compute(session, day, revision=revision, key=key)
    return replace(summary, stock=stock_snapshot(session, summary.generated_at)).to_json()


# At most this many stock lines (about 80 bytes each) go with a summary: far below the server's body limit.
STOCK_SEND_LIMIT = 5_000


def stock_snapshot(session: Session, at: datetime) -> shapes.StockSnapshot:
    """On-hand stock and shelf price of every active product the province can know: one it listed
    (``province_ref``) or an OCOP product (stars). Other goods are none of the province's business."""
    rows = session.execute(
        select(Product.id, Product.sku, Product.on_hand, Product.province_ref, Product.price, Product.sold_by_weight)
        .where(Product.active.is_(True), Product.province_ref.is_not(None) | Product.stars.is_not(None))
        .order_by(Product.sku)
    ).all()
    codes = dict(
        session.execute(
            select(ProductBarcode.product_id, func.min(ProductBarcode.code))
            .join(Product, Product.id == ProductBarcode.product_id)
            .where(Product.active.is_(True), Product.province_ref.is_not(None) | Product.stars.is_not(None))
            .group_by(ProductBarcode.product_id)
        ).all()
    )
    return shapes.StockSnapshot(
        at=at,
        items=tuple(
            shapes.StockLevel(
                sku=r.sku,
                on_hand=int(r.on_hand),
                barcode=codes.get(r.id),
                province_ref=r.province_ref,
                price=int(r.price),
                by_weight=bool(r.sold_by_weight),
            )
            for r in rows
        )[:STOCK_SEND_LIMIT],
    )


def province_client(session: Session, **kwargs: Any) -> ProvinceClient | None:
    """A client on the configured server, or None while the URL or the token is not set."""
    url, token = settings.get(session, "province.url"), settings.get(session, "province.token")
    if not url or not token:
        return None
    return ProvinceClient(url, token, **kwargs)


def make_worker(sessions: sessionmaker[Session], **kwargs: Any) -> SyncWorker:
    """The background worker with this outlet's wiring: summaries, settings, catalogue pull."""

    def client() -> ProvinceClient | None:
        with sessions() as session:
            return province_client(session)

    return SyncWorker(
        sessions, client, frozen_payload, pull_catalogue=lambda c: catalogue_pull.pull(sessions, c), **kwargs
    )


sync_status = sync_state.sync_status  # the status bar's read, also importable without this module


__all__ = [
    "DayReport",
    "SyncStatus",
    "SyncWorker",
    "business_days",
    "compute",
    "day_report",
    "frozen_payload",
    "make_worker",
    "province_client",
    "stock_snapshot",
    "sync_status",
]
