"""Stock alerts: what a manager must act on, most urgent first (negative stock, stock below its reorder level,
OCOP certificates expired or expiring, goods past or near their best-before date); the dashboard counts them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, literal_column, select, union_all
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day
from showroom_pos.storage.models import Product, StockMovement

from .. import settings
from ..catalogue.certificates import CERTIFICATE_WARNING_DAYS

BEST_BEFORE_DAYS_KEY = "stock.best_before_warning_days"


ALERT_KINDS = (
    "negative_stock",
    "low_stock",
    "certificate_expired",
    "certificate_expiring",
    "best_before_past",
    "best_before_near",
)


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


def _product_conditions(day: date) -> list[tuple[str, ColumnElement[bool]]]:
    """The alerts a product raises by itself, as SQL conditions, most urgent kind first (a product below zero is not
    also "low"; its certificate may raise one more)."""
    return [
        ("negative_stock", Product.on_hand < 0),
        ("low_stock", and_(Product.on_hand >= 0, Product.on_hand < Product.reorder_level)),
        ("certificate_expired", Product.certificate_expires < day),  # as ``certificate_status`` says
        ("certificate_expiring",
         Product.certificate_expires.between(day, day + timedelta(days=CERTIFICATE_WARNING_DAYS))),
    ]


def alerts(session: Session, day: date | None = None) -> list[Alert]:
    """What a manager must act on, most urgent first: negative stock, stock below its reorder level,
    certificates expired or expiring within 60 days (each kind in Vietnamese order, as every list of products),
    goods past or near their best-before date (the earliest first).

    Sales do not say which batch they took, so the batches on the shelf are the newest receipts that
    make up the quantity on hand (first in, first out).
    """
    day = day or business_day()
    conditions = _product_conditions(day)
    counts = _product_counts(session, conditions)  # a kind with none would read the catalogue for nothing
    return _product_alerts(session, [(k, c) for k, c in conditions if counts[k]]) + _best_before(session, day)


def overview(session: Session, day: date | None = None, listed: int = 8) -> tuple[dict[str, int], list[Alert]]:
    """How many alerts of each kind, and the first ``listed`` of ``alerts`` (the home screen's).

    The products' own alerts are counted by SQLite, and only the kinds that have some are listed, each stopping at
    what is left to list: with a third of 50,000 products below their reorder level, making every alert to count
    them and keep 8 held the home screen up ~0.8 s; a kind with none would read the catalogue for nothing."""
    day = day or business_day()
    conditions = _product_conditions(day)
    counts = dict.fromkeys(ALERT_KINDS, 0) | _product_counts(session, conditions)
    batches = _best_before(session, day)
    for a in batches:
        counts[a.kind] += 1
    first: list[Alert] = []
    for kind, condition in conditions:
        if counts[kind] and len(first) < listed:
            first += _product_alerts(session, [(kind, condition)], listed - len(first))
    return counts, first + batches[:max(0, listed - len(first))]


def _product_counts(session: Session, conditions: list[tuple[str, ColumnElement[bool]]]) -> dict[str, int]:
    """How many active products meet each condition, counted by SQLite in one pass."""
    row = session.execute(
        select(*(func.count().filter(condition) for _kind, condition in conditions)).where(Product.active)
    ).one()
    return {kind: n for (kind, _condition), n in zip(conditions, row, strict=True)}


def _product_alerts(session: Session, conditions: list[tuple[str, ColumnElement[bool]]], limit: int | None = None
                    ) -> list[Alert]:
    """The alerts the products raise by ``conditions``, kind by kind in their order, each kind in Vietnamese order
    (``name_sort``, migration 0014), chosen and ordered by SQLite; the first ``limit`` if given. Their columns, not
    whole products (objects cost ~100 MB at peak)."""
    each = [
        select(literal(rank).label("rank"), Product.id, Product.sku, Product.name, Product.on_hand,
               Product.reorder_level, Product.sold_by_weight, Product.certificate_expires, Product.name_sort)
        .where(Product.active, condition)
        for rank, (_kind, condition) in enumerate(conditions)
    ]
    if not each:
        return []
    stmt = (each[0] if len(each) == 1 else union_all(*each)).order_by("rank", "name_sort", "id")
    if limit is not None:
        stmt = stmt.limit(limit)
    kinds = [kind for kind, _condition in conditions]
    return [_alert(kinds[p.rank], p, day=p.certificate_expires if kinds[p.rank].startswith("certificate") else None)
            for p in session.execute(stmt)]


def _alert(kind: str, p: Any, **extra: Any) -> Alert:
    return Alert(kind, p.id, p.sku, p.name, p.on_hand, p.reorder_level, sold_by_weight=p.sold_by_weight, **extra)


def _best_before(session: Session, day: date) -> list[Alert]:
    """The batches on the shelf past their best-before date, then those near it, each the earliest first."""
    near_days = settings.number(session, BEST_BEFORE_DAYS_KEY)
    # The receipts of the products on the shelf that ever came with a best-before date (chosen by SQLite: a list
    # of 50,000 ids as parameters took longer to build than the rest of the alerts).
    ever_dated = select(StockMovement.product_id).where(StockMovement.best_before.is_not(None))
    products = {p.id: p for p in session.execute(
        select(Product.id, Product.sku, Product.name, Product.on_hand, Product.reorder_level, Product.sold_by_weight)
        .where(Product.active, Product.on_hand > 0, Product.id.in_(ever_dated)))}
    if not products:
        return []
    receipts: dict[int, list[tuple[int, str | None, date | None]]] = {}
    for pid, qty, batch, best in session.execute(
        select(StockMovement.product_id, StockMovement.qty, StockMovement.batch_no, StockMovement.best_before)
        .join(Product, Product.id == StockMovement.product_id)
        .where(StockMovement.kind == "receipt", StockMovement.qty > 0, Product.active, Product.on_hand > 0,
               StockMovement.product_id.in_(ever_dated))
        .order_by(StockMovement.created_at.desc(), literal_column("stock_movement.rowid").desc())
    ).all():
        receipts.setdefault(pid, []).append((qty, batch, best))
    near: list[Alert] = []
    past: list[Alert] = []
    for pid, batches in receipts.items():
        p = products[pid]
        remaining = p.on_hand
        for qty, batch, best in batches:
            if remaining <= 0:
                break
            take = min(qty, remaining)
            remaining -= take
            if best is None:
                continue
            if best < day:
                past.append(_alert("best_before_past", p, day=best, batch_no=batch, qty=take))
            elif best <= day + timedelta(days=near_days):
                near.append(_alert("best_before_near", p, day=best, batch_no=batch, qty=take))
    return sorted(past, key=lambda a: (a.day or day, a.sku)) + sorted(near, key=lambda a: (a.day or day, a.sku))
