"""The dashboard's figures: per outlet, by day and month, top products, by producer and by stars.

Everything is computed from the newest revision of each (outlet, day), so a figure counts once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from .models import DailySummaryRow, ProvinceOutlet, SummaryPayment, SummaryProduct, utcnow

STALE_AFTER = timedelta(hours=48)


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    outlet: str | None = None

    def apply(self, stmt):  # type: ignore[no-untyped-def]
        if self.start:
            stmt = stmt.where(DailySummaryRow.business_day >= self.start)
        if self.end:
            stmt = stmt.where(DailySummaryRow.business_day <= self.end)
        if self.outlet:
            stmt = stmt.where(ProvinceOutlet.code == self.outlet)
        return stmt


@dataclass
class Figures:
    receipts: int = 0
    gross: int = 0
    discounts: int = 0
    returns: int = 0
    net: int = 0
    vat: int = 0
    cash_over_short: int = 0
    days: int = 0

    def add(self, other: Figures) -> None:
        for name in ("receipts", "gross", "discounts", "returns", "net", "vat", "cash_over_short", "days"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class OutletRow:
    code: str
    name: str
    active: bool
    last_sync_at: datetime | None
    last_day: date | None
    stale: bool
    figures: Figures


@dataclass
class GroupRow:
    key: str
    label: str
    qty: int
    net: int
    gross: int = 0
    returns: int = 0


@dataclass
class Dashboard:
    filters: Filters
    totals: Figures
    outlets: list[OutletRow]
    by_day: list[tuple[date, str, Figures]]
    by_month: list[tuple[str, Figures]]
    top_products: list[GroupRow]
    by_producer: list[GroupRow]
    by_stars: list[GroupRow]
    payments: dict[str, int] = field(default_factory=dict)


_SUMS = (
    func.count(DailySummaryRow.id),
    func.coalesce(func.sum(DailySummaryRow.receipts), 0),
    func.coalesce(func.sum(DailySummaryRow.gross), 0),
    func.coalesce(func.sum(DailySummaryRow.discounts), 0),
    func.coalesce(func.sum(DailySummaryRow.returns), 0),
    func.coalesce(func.sum(DailySummaryRow.net), 0),
    func.coalesce(func.sum(DailySummaryRow.vat), 0),
    func.coalesce(func.sum(DailySummaryRow.cash_over_short), 0),
)


def _product_sums(*keys: Any) -> Select[Any]:
    """``keys`` with the product figures every grouping shows (quantity net of returns, net, gross, returns),
    over the summaries' product lines joined to their day and outlet (for the filters)."""
    return (
        select(
            *keys,
            func.coalesce(func.sum(SummaryProduct.qty_sold - SummaryProduct.qty_returned), 0),
            func.coalesce(func.sum(SummaryProduct.net), 0),
            func.coalesce(func.sum(SummaryProduct.gross), 0),
            func.coalesce(func.sum(SummaryProduct.returns), 0),
        )
        .join(DailySummaryRow, DailySummaryRow.id == SummaryProduct.summary_id)
        .join(ProvinceOutlet, ProvinceOutlet.id == DailySummaryRow.outlet_id)
    )


def _figures(row: Sequence[Any]) -> Figures:
    days, receipts, gross, discounts, returns, net, vat, over_short = (int(v) for v in row)
    return Figures(receipts, gross, discounts, returns, net, vat, over_short, days)


def build(session: Session, filters: Filters, *, now: datetime | None = None, top: int = 20) -> Dashboard:
    now = now or utcnow()
    base = select(ProvinceOutlet.code, *_SUMS).join(DailySummaryRow, DailySummaryRow.outlet_id == ProvinceOutlet.id)
    per_outlet = {
        code: _figures(rest) for code, *rest in session.execute(filters.apply(base).group_by(ProvinceOutlet.code))
    }
    last_days = dict(
        session.execute(
            select(ProvinceOutlet.code, func.max(DailySummaryRow.business_day))
            .join(DailySummaryRow, DailySummaryRow.outlet_id == ProvinceOutlet.id)
            .group_by(ProvinceOutlet.code)
        ).all()
    )
    outlets: list[OutletRow] = []
    totals = Figures()
    for o in session.scalars(select(ProvinceOutlet).order_by(ProvinceOutlet.code)):
        if filters.outlet and o.code != filters.outlet:
            continue
        figures = per_outlet.get(o.code, Figures())
        totals.add(figures)
        stale = o.active and (o.last_sync_at is None or now - o.last_sync_at > STALE_AFTER)
        outlets.append(OutletRow(o.code, o.name, o.active, o.last_sync_at, last_days.get(o.code), stale, figures))
    by_day = [
        (day, code, _figures(rest))
        for day, code, *rest in session.execute(
            filters.apply(
                select(DailySummaryRow.business_day, ProvinceOutlet.code, *_SUMS).join(
                    ProvinceOutlet, ProvinceOutlet.id == DailySummaryRow.outlet_id
                )
            )
            .group_by(DailySummaryRow.business_day, ProvinceOutlet.code)
            .order_by(DailySummaryRow.business_day.desc(), ProvinceOutlet.code)
        )
    ]
    months: dict[str, Figures] = defaultdict(Figures)
    for day, _code, figures in by_day:
        months[f"{day:%Y-%m}"].add(figures)
    top_products = [
        GroupRow(sku, name, int(q), int(n), int(g), int(r))
        for sku, name, q, n, g, r in session.execute(
            filters.apply(_product_sums(SummaryProduct.sku, func.max(SummaryProduct.name)))
            .group_by(SummaryProduct.sku)
            .order_by(func.sum(SummaryProduct.net).desc(), SummaryProduct.sku)
            .limit(top)
        )
    ]
    producer_key = func.coalesce(SummaryProduct.producer, "")
    by_producer = [
        GroupRow(str(p), str(p), int(q), int(n), int(g), int(r))
        for p, q, n, g, r in session.execute(
            filters.apply(_product_sums(producer_key))
            .group_by(producer_key)
            .order_by(func.sum(SummaryProduct.net).desc())
        )
    ]
    stars_key = func.coalesce(SummaryProduct.stars, 0)
    by_stars = [
        GroupRow(str(s), f"{s}★" if s else "—", int(q), int(n), int(g), int(r))
        for s, q, n, g, r in session.execute(
            filters.apply(_product_sums(stars_key))
            .group_by(stars_key)
            .order_by(stars_key.desc())
        )
    ]
    payments = {
        m: int(a)
        for m, a in session.execute(
            filters.apply(
                select(SummaryPayment.method, func.coalesce(func.sum(SummaryPayment.amount), 0))
                .join(DailySummaryRow, DailySummaryRow.id == SummaryPayment.summary_id)
                .join(ProvinceOutlet, ProvinceOutlet.id == DailySummaryRow.outlet_id)
            ).group_by(SummaryPayment.method)
        )
    }
    return Dashboard(
        filters,
        totals,
        outlets,
        by_day,
        sorted(months.items(), reverse=True),
        top_products,
        by_producer,
        by_stars,
        payments,
    )


def totals(session: Session, outlet: str | None = None) -> Figures:
    """The province's totals (for tests and the CLI), one figure per (outlet, day)."""
    stmt = (
        select(*_SUMS).select_from(DailySummaryRow).join(ProvinceOutlet, ProvinceOutlet.id == DailySummaryRow.outlet_id)
    )
    if outlet:
        stmt = stmt.where(ProvinceOutlet.code == outlet)
    return _figures(session.execute(stmt).one())
