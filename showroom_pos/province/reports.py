"""The dashboard's figures: per outlet, by day and month, top products, by producer and by stars.

Everything is computed from the newest revision of each (outlet, day), so a figure counts once: whole months
from the monthly rollups (``rollup``, kept by the ingest), the days at a range's ends from the days themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import String, case, func, literal, select, type_coerce
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day

from . import rollup
from .models import (
    DailySummaryRow,
    OutletMonth,
    PaymentMonth,
    ProductMonth,
    ProvinceOutlet,
    SummaryPayment,
    SummaryProduct,
    utcnow,
)

STALE_AFTER = timedelta(hours=48)


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    outlet: str | None = None


def recent(today: date | None = None) -> Filters:
    """What the dashboard opens on: last month and this one so far."""
    today = today or business_day()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    return Filters(last_month, today)


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
    cash_rounding: int = 0

    def add(self, other: Figures) -> None:
        for name in FIGURE_NAMES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


FIGURE_NAMES = ("receipts", "gross", "discounts", "returns", "net", "vat", "cash_over_short", "days", "cash_rounding")


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
    """A product, producer or star rating: ``qty`` counts pieces (net of returns), ``grams`` what was sold by
    weight: the two are never added together."""

    key: str
    label: str
    qty: int
    net: int
    gross: int = 0
    returns: int = 0
    grams: int = 0


@dataclass
class Dashboard:
    filters: Filters
    totals: Figures
    outlets: list[OutletRow]
    by_day: list[tuple[date, str, Figures]]  # newest first; at most ``day_limit`` rows
    by_month: list[tuple[str, Figures]]  # newest first
    top_products: list[GroupRow]
    by_producer: list[GroupRow]
    by_stars: list[GroupRow]
    payments: dict[str, int] = field(default_factory=dict)
    days_total: int = 0  # (day, outlet) rows in the range, of which ``by_day`` holds the newest


def _sums(model: Any) -> tuple[Any, ...]:
    """The figures of ``DailySummaryRow`` (one day each) or ``OutletMonth`` (``days`` days each)."""
    days = func.count() if model is DailySummaryRow else func.coalesce(func.sum(model.days), 0)
    return (
        days,
        *(func.coalesce(func.sum(getattr(model, n)), 0) for n in FIGURE_NAMES if n != "days"),
    )


def _figures(row: Sequence[Any]) -> Figures:
    days, receipts, gross, discounts, returns, net, vat, over_short, rounding = (int(v or 0) for v in row)
    return Figures(receipts, gross, discounts, returns, net, vat, over_short, days, rounding)


def _day_filter(stmt: Any, first: date, last: date, outlet_id: int | None) -> Any:
    stmt = stmt.where(DailySummaryRow.business_day >= first, DailySummaryRow.business_day <= last)
    return stmt if outlet_id is None else stmt.where(DailySummaryRow.outlet_id == outlet_id)


def _month_filter(stmt: Any, model: Any, months: tuple[date, date], outlet_id: int | None) -> Any:
    stmt = stmt.where(model.month >= months[0], model.month <= months[1])
    return stmt if outlet_id is None else stmt.where(model.outlet_id == outlet_id)


def _grouped(session: Session, span: rollup.Span, outlet_id: int | None, month_key: Any, day_key: Any,
             month_cols: Sequence[Any], day_cols: Sequence[Any], *, day_join: Any = None,
             month_model: Any = OutletMonth) -> list[tuple[Any, ...]]:
    """Rows of (key, *columns) from the rollup's whole months and from the days at the range's ends."""
    out: list[tuple[Any, ...]] = []
    if span.months is not None:
        stmt = select(month_key, *month_cols).group_by(month_key)
        out += [tuple(r) for r in session.execute(_month_filter(stmt, month_model, span.months, outlet_id))]
    for first, last in span.days:
        stmt = select(day_key, *day_cols)
        if day_join is not None:
            stmt = stmt.select_from(day_join).join(DailySummaryRow, DailySummaryRow.id == day_join.summary_id)
        stmt = stmt.group_by(day_key)
        out += [tuple(r) for r in session.execute(_day_filter(stmt, first, last, outlet_id))]
    return out


def _product_cols(model: Any) -> tuple[Any, ...]:
    qty = model.qty_sold - model.qty_returned
    return (
        func.max(model.name),
        func.coalesce(func.sum(case((model.by_weight, 0), else_=qty)), 0),
        func.coalesce(func.sum(case((model.by_weight, qty), else_=0)), 0),
        func.coalesce(func.sum(model.net), 0),
        func.coalesce(func.sum(model.gross), 0),
        func.coalesce(func.sum(model.returns), 0),
    )


def _products(session: Session, span: rollup.Span, outlet_id: int | None) -> dict[str, dict[Any, GroupRow]]:
    """Products grouped by SKU, by producer and by stars, from one grouped read per source (the three
    groupings of (SKU, producer, stars) made here: the lines of a partial month are read once, not thrice)."""
    def keys(model: Any) -> tuple[Any, ...]:
        return model.sku, func.coalesce(model.producer, ""), func.coalesce(model.stars, 0)

    out: dict[str, dict[Any, GroupRow]] = {"sku": {}, "producer": {}, "stars": {}}
    rows: list[tuple[Any, ...]] = []
    if span.months is not None:
        by = keys(ProductMonth)  # the same expressions in SELECT and GROUP BY (PostgreSQL compares them)
        stmt = select(*by, *_product_cols(ProductMonth)).group_by(*by)
        rows += session.execute(_month_filter(stmt, ProductMonth, span.months, outlet_id)).all()
    for first, last in span.days:
        by = keys(SummaryProduct)
        stmt = (
            select(*by, *_product_cols(SummaryProduct))
            .join(DailySummaryRow, DailySummaryRow.id == SummaryProduct.summary_id)
            .group_by(*by)
        )
        rows += session.execute(_day_filter(stmt, first, last, outlet_id)).all()
    for sku, producer, stars, name, qty, grams, net, gross, returns in rows:
        for kind, key, label in (("sku", sku, str(name or "")), ("producer", producer, str(producer)),
                                 ("stars", stars, "")):
            g = out[kind].get(key)
            if g is None:
                out[kind][key] = GroupRow(str(key), label, int(qty), int(net), int(gross), int(returns), int(grams))
                continue
            g.label = max(g.label, label)
            g.qty += int(qty)
            g.grams += int(grams)
            g.net += int(net)
            g.gross += int(gross)
            g.returns += int(returns)
    return out


def build(
    session: Session,
    filters: Filters,
    *,
    now: datetime | None = None,
    top: int = 20,
    day_limit: int | None = None,
) -> Dashboard:
    """The dashboard's figures for ``filters``: whole months from the monthly rollups, the range's partial
    months from the days; ``day_limit`` keeps the newest (day, outlet) rows only (the page shows 400)."""
    now = now or utcnow()
    outlets_all = list(session.scalars(select(ProvinceOutlet).order_by(ProvinceOutlet.code)))
    code_of = {o.id: o.code for o in outlets_all}
    outlet_id: int | None = None
    if filters.outlet:
        outlet_id = next((o.id for o in outlets_all if o.code == filters.outlet), -1)
    span = rollup.split(filters.start, filters.end)

    per_outlet: dict[int, Figures] = defaultdict(Figures)
    for oid, *rest in _grouped(session, span, outlet_id, OutletMonth.outlet_id, DailySummaryRow.outlet_id,
                               _sums(OutletMonth), _sums(DailySummaryRow)):
        per_outlet[oid].add(_figures(rest))
    months: dict[str, Figures] = defaultdict(Figures)
    for month, *rest in _grouped(session, span, outlet_id, OutletMonth.month, DailySummaryRow.business_day,
                                 _sums(OutletMonth), _sums(DailySummaryRow)):
        if isinstance(month, str):
            month = date.fromisoformat(month)
        months[f"{month:%Y-%m}"].add(_figures(rest))
    last_days = dict(
        session.execute(
            select(DailySummaryRow.outlet_id, func.max(DailySummaryRow.business_day)).group_by(
                DailySummaryRow.outlet_id
            )
        ).all()
    )
    outlets: list[OutletRow] = []
    totals = Figures()
    for o in outlets_all:
        if filters.outlet and o.code != filters.outlet:
            continue
        figures = per_outlet.get(o.id, Figures())
        totals.add(figures)
        stale = o.active and (o.last_sync_at is None or now - o.last_sync_at > STALE_AFTER)
        outlets.append(OutletRow(o.code, o.name, o.active, o.last_sync_at, last_days.get(o.id), stale, figures))

    first, last = max(filters.start or rollup.FIRST_DAY, rollup.FIRST_DAY), filters.end or rollup.LAST_DAY
    day_stmt = _day_filter(
        select(DailySummaryRow.business_day, DailySummaryRow.outlet_id, literal(1), *DAY_COLUMNS)
        .order_by(DailySummaryRow.business_day.desc(), DailySummaryRow.outlet_id),
        first, last, outlet_id,
    )
    if day_limit is not None:
        day_stmt = day_stmt.limit(day_limit)
    by_day = [(day, code_of.get(oid, ""), _figures(rest)) for day, oid, *rest in session.execute(day_stmt)]
    by_day.sort(key=lambda x: (-x[0].toordinal(), x[1]))

    groups = _products(session, span, outlet_id)
    top_products = sorted(groups["sku"].values(), key=lambda g: (-g.net, g.key))[:top]
    by_producer = sorted(groups["producer"].values(), key=lambda g: (-g.net, g.key))
    by_stars = sorted(groups["stars"].values(), key=lambda g: -int(g.key))
    for g in by_stars:
        g.label = f"{g.key}★" if g.key != "0" else "—"

    payments: dict[str, int] = defaultdict(int)
    for method, amount in _grouped(
        session, span, outlet_id, PaymentMonth.method, SummaryPayment.method,
        (func.coalesce(func.sum(PaymentMonth.amount), 0),), (func.coalesce(func.sum(SummaryPayment.amount), 0),),
        day_join=SummaryPayment, month_model=PaymentMonth,
    ):
        payments[method] += int(amount)
    return Dashboard(
        filters,
        totals,
        outlets,
        by_day,
        sorted(months.items(), reverse=True),
        top_products,
        by_producer,
        by_stars,
        dict(payments),
        totals.days,
    )


DAY_COLUMNS = (
    DailySummaryRow.receipts,
    DailySummaryRow.gross,
    DailySummaryRow.discounts,
    DailySummaryRow.returns,
    DailySummaryRow.net,
    DailySummaryRow.vat,
    DailySummaryRow.cash_over_short,
    DailySummaryRow.cash_rounding,
)


def _days_select(filters: Filters) -> Any:
    first, last = max(filters.start or rollup.FIRST_DAY, rollup.FIRST_DAY), filters.end or rollup.LAST_DAY
    stmt = (
        select(type_coerce(DailySummaryRow.business_day, String), ProvinceOutlet.code, *DAY_COLUMNS)
        .join(ProvinceOutlet, ProvinceOutlet.id == DailySummaryRow.outlet_id)
        .where(DailySummaryRow.business_day >= first, DailySummaryRow.business_day <= last)
        .order_by(DailySummaryRow.business_day, ProvinceOutlet.code)
    )
    return stmt.where(ProvinceOutlet.code == filters.outlet) if filters.outlet else stmt


def day_rows(session: Session, filters: Filters) -> Sequence[Sequence[Any]]:
    """Every (day, outlet) of the range, oldest first, as plain rows for the days export: the day (ISO text, or a
    ``date`` that prints as it), the outlet's code, then ``DAY_COLUMNS`` (``cash_rounding`` None for an outlet
    before protocol 1.1). Nothing is converted row by row (on SQLite the driver's own cursor fetches them, without
    SQLAlchemy's rows): a year of 100 outlets is 36,500 rows."""
    conn = session.connection()
    stmt = _days_select(filters)
    if conn.dialect.name != "sqlite":
        return conn.execute(stmt).fetchall()
    compiled = stmt.compile(dialect=conn.dialect)
    values = compiled.construct_params()
    args = [v.isoformat() if isinstance(v, date) else v for v in (values[k] for k in compiled.positiontup or ())]
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), args)
        return cursor.fetchall()
    finally:
        cursor.close()


def days_csv(session: Session, filters: Filters) -> bytes | None:
    """The same rows as CSV lines (``\\r\\n``, no header) written by PostgreSQL itself (``COPY … TO STDOUT``):
    no row passes through Python. None on SQLite (the caller writes ``day_rows``)."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return None
    compiled = _days_select(filters).compile(dialect=conn.dialect)
    raw: Any = conn.connection.dbapi_connection
    out = bytearray()
    with raw.cursor() as cursor, cursor.copy(
        f"COPY ({compiled}) TO STDOUT WITH (FORMAT csv)", compiled.params
    ) as copy:
        for chunk in copy:
            out += chunk
    # (a day, a code and numbers: nothing a spreadsheet would run, nothing quoted, no line break inside a row)
    return bytes(out).replace(b"\n", b"\r\n")


def totals(session: Session, outlet: str | None = None) -> Figures:
    """The province's totals (for tests and the CLI), one figure per (outlet, day)."""
    stmt = (
        select(*_sums(DailySummaryRow))
        .select_from(DailySummaryRow)
        .join(ProvinceOutlet, ProvinceOutlet.id == DailySummaryRow.outlet_id)
    )
    if outlet:
        stmt = stmt.where(ProvinceOutlet.code == outlet)
    return _figures(session.execute(stmt).one())
