"""Stock alerts: what a manager must act on, most urgent first (negative stock, stock below its reorder level,
OCOP certificates expired or expiring, goods past or near their best-before date); the dashboard counts them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, literal_column, or_, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day
from showroom_pos.core.text import vietnamese_sort_key
from showroom_pos.storage.models import Product, StockMovement

from .. import settings
from ..catalogue.certificates import CERTIFICATE_WARNING_DAYS, certificate_status

BEST_BEFORE_DAYS_KEY = "stock.best_before_warning_days"


ALERT_KINDS = (
    "negative_stock",
    "low_stock",
    "certificate_expired",
    "certificate_expiring",
    "best_before_past",
    "best_before_near",
)
_RANK = {kind: rank for rank, kind in enumerate(ALERT_KINDS)}


@dataclass(frozen=True)
class Alert:
    kind: str
    product_id: int
    sku: str
    name: str
    on_hand: int = 0
    reorder_level: int = 0
    day: date | None = None  # certificate expiry or best-before
    batch_no: str | None = None
    qty: int = 0  # how much of the batch is (by first-in first-out) still on the shelf
    sold_by_weight: bool = False


def alerts(session: Session, day: date | None = None) -> list[Alert]:
    """What a manager must act on, most urgent first: negative stock, stock below its reorder level,
    certificates expired or expiring within 60 days, goods past or near their best-before date.

    Sales do not say which batch they took, so the batches on the shelf are the newest receipts that
    make up the quantity on hand (first in, first out).
    """
    day = day or business_day()
    near_days = settings.number(session, BEST_BEFORE_DAYS_KEY)
    # The columns it needs, not whole products (with a catalogue of 50,000 the objects cost ~100 MB at peak, and the
    # till's memory stayed there after the home screen or this one was shown), of the products that may need
    # acting on: SQLite leaves out the rest (the home screen counts these alerts; 50,000 rows read took 0.4 s).
    ever_dated = select(StockMovement.product_id).where(StockMovement.best_before.is_not(None))
    products = session.execute(
        select(Product.id, Product.sku, Product.name, Product.on_hand, Product.reorder_level, Product.sold_by_weight,
               Product.certificate_expires)
        .where(Product.active, or_(
            Product.on_hand < 0, Product.on_hand < Product.reorder_level,
            Product.certificate_expires <= day + timedelta(days=CERTIFICATE_WARNING_DAYS),
            and_(Product.on_hand > 0, Product.id.in_(ever_dated))))
        .order_by(Product.id)
    ).all()
    out: list[Alert] = []

    def make(kind: str, p: Any, **extra: Any) -> Alert:
        return Alert(kind, p.id, p.sku, p.name, p.on_hand, p.reorder_level, sold_by_weight=p.sold_by_weight, **extra)

    for p in products:  # one pass (each kind is put in order below)
        if p.on_hand < 0:
            out.append(make("negative_stock", p))
        elif p.on_hand < p.reorder_level:
            out.append(make("low_stock", p))
        if p.certificate_expires is not None:
            status = certificate_status(p.certificate_expires, day)
            if status in ("expired", "expiring"):
                out.append(make(f"certificate_{status}", p, day=p.certificate_expires))
    # The receipts of the products on the shelf that ever came with a best-before date (chosen by SQLite: a list
    # of 50,000 ids as parameters took longer to build than the rest of the alerts).
    receipts: dict[int, list[tuple[int, str | None, date | None]]] = {}
    for pid, qty, batch, best in session.execute(
        select(StockMovement.product_id, StockMovement.qty, StockMovement.batch_no, StockMovement.best_before)
        .join(Product, Product.id == StockMovement.product_id)
        .where(StockMovement.kind == "receipt", StockMovement.qty > 0, Product.active, Product.on_hand > 0,
               StockMovement.product_id.in_(ever_dated))
        .order_by(StockMovement.created_at.desc(), literal_column("stock_movement.rowid").desc())
    ).all():
        receipts.setdefault(pid, []).append((qty, batch, best))
    dated = {p.id: p for p in products if p.id in receipts}
    near: list[Alert] = []
    past: list[Alert] = []
    for pid, batches in receipts.items():
        p = dated[pid]
        remaining = p.on_hand
        for qty, batch, best in batches:
            if remaining <= 0:
                break
            take = min(qty, remaining)
            remaining -= take
            if best is None:
                continue
            if best < day:
                past.append(make("best_before_past", p, day=best, batch_no=batch, qty=take))
            elif best <= day + timedelta(days=near_days):
                near.append(make("best_before_near", p, day=best, batch_no=batch, qty=take))
    # Each kind in Vietnamese alphabetical order (as the products screen lists them), only the alerts sorted: the
    # home screen counts them over the whole catalogue.
    out.sort(key=lambda a: (_RANK[a.kind], vietnamese_sort_key(a.name)))
    out += sorted(past, key=lambda a: (a.day or day, a.sku)) + sorted(near, key=lambda a: (a.day or day, a.sku))
    return out


def alert_counts(session: Session, day: date | None = None) -> dict[str, int]:
    counts = dict.fromkeys(ALERT_KINDS, 0)
    for a in alerts(session, day):
        counts[a.kind] += 1
    return counts
