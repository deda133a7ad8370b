"""Monthly rollups per outlet (``outlet_month``, ``payment_month``, ``product_month``), kept exact in the ingest's
own transaction: a new day adds its figures, a newer revision of a day takes the old one's out and puts its own
in. The staff pages read whole months from them and only the days of a range's partial months from the days
themselves (``split``), so a year of 100 outlets is a few thousand rows instead of hundreds of thousands.

Every write is a delta upsert (``INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x``, SQLite and
PostgreSQL alike) in a fixed order (outlet, payments by method, products by key), so two summaries of the same
outlet and month wait for each other instead of deadlocking. A product's ``name`` is the greatest seen in the
month (what ``max(name)`` over its days reads); taking a revision out does not lower it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Table, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from showroom_pos.core.summary import DailySummary

from .models import OutletMonth, PaymentMonth, ProductMonth, SummaryPayment, SummaryProduct

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2199, 12, 31)
DAY_SUMS = (
    "receipts",
    "voided",
    "gross",
    "discounts",
    "returns",
    "net",
    "vat",
    "qty_sold",
    "qty_returned",
    "cash_over_short",
    "cash_rounding",
    "shifts_closed",
)
PRODUCT_ATTRS = ("sku", "barcode", "province_ref", "producer", "producer_code", "stars", "ocop_group", "by_weight")
PRODUCT_SUMS = ("qty_sold", "qty_returned", "gross", "discounts", "returns", "net", "vat")
OUTLET_MONTH: Table = OutletMonth.__table__  # type: ignore[assignment]
PAYMENT_MONTH: Table = PaymentMonth.__table__  # type: ignore[assignment]
PRODUCT_MONTH: Table = ProductMonth.__table__  # type: ignore[assignment]
# Units an outlet before protocol 1.1 used for goods it sold by weight (it did not say ``by_weight``).
WEIGHT_UNITS = frozenset({"kg", "kí", "ký", "kilogram", "g", "gam", "gram"})


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def weighed(unit: str, by_weight: bool, protocol_11: bool) -> bool:
    """Whether a product line's quantities are grams: as the outlet says (protocol 1.1), or by its unit."""
    return by_weight if protocol_11 else unit.strip().casefold() in WEIGHT_UNITS


def product_key(attrs: Sequence[Any]) -> str:
    return _product_key(*attrs)


@functools.lru_cache(maxsize=16_384, typed=True)  # (typed: True and 1 are two keys, as in the JSON)
def _product_key(*attrs: Any) -> str:
    """An outlet sends the same products day after day: their keys are made once (JSON, SHA-256: ~3 µs each)."""
    return hashlib.sha256(json.dumps(list(attrs), ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


# --- keeping them ---------------------------------------------------------------------------------


_UPSERTS: dict[tuple[str, str], Any] = {}


def _upsert(session: Session, table: Table, rows: list[dict[str, Any]], keys: Sequence[str], sums: Sequence[str],
            greatest: Sequence[str] = ()) -> None:
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect.name
    stmt = _UPSERTS.get((dialect, table.name))
    if stmt is None:  # built once: making the expression costs more than running it
        ins = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
        changes: dict[str, Any] = {c: table.c[c] + ins.excluded[c] for c in sums}
        for c in greatest:
            changes[c] = case((ins.excluded[c] > table.c[c], ins.excluded[c]), else_=table.c[c])
        stmt = _UPSERTS[(dialect, table.name)] = ins.on_conflict_do_update(index_elements=list(keys), set_=changes)
    conn.execute(stmt, rows)


@dataclass(frozen=True)
class Upsert:
    """Rows to add into one rollup table: ``keys`` identify a row, ``sums`` are added, ``greatest`` kept."""

    table: Table
    rows: list[dict[str, Any]]
    keys: tuple[str, ...]
    sums: tuple[str, ...]
    greatest: tuple[str, ...] = ()


def upserts(
    outlet_id: int,
    day: date,
    figures: dict[str, int],
    payments: Iterable[tuple[str, int, int]],
    products: Iterable[dict[str, Any]],
    sign: int,
) -> list[Upsert]:
    """What adding (``sign`` 1) or taking out (-1) one day writes, in the fixed order that avoids deadlocks."""
    month = month_of(day)
    outlet = [{"outlet_id": outlet_id, "month": month, "days": sign, **{k: sign * figures[k] for k in DAY_SUMS}}]
    pay_rows = [
        {"outlet_id": outlet_id, "month": month, "method": m, "amount": sign * a, "refunds": sign * r, "lines": sign}
        for m, a, r in sorted(payments)
    ]
    merged: dict[str, dict[str, Any]] = {}
    for p in products:
        attrs = tuple(p[a] for a in PRODUCT_ATTRS)
        key = product_key(attrs)
        row = merged.get(key)
        if row is None:
            merged[key] = {
                "outlet_id": outlet_id, "month": month, "key": key, **dict(zip(PRODUCT_ATTRS, attrs, strict=True)),
                "name": p["name"], **{s: sign * p[s] for s in PRODUCT_SUMS}, "lines": sign,
            }
        else:  # the same identity twice in one day (impossible from the protocol; kept exact anyway)
            row["name"] = max(row["name"], p["name"])
            row["lines"] += sign
            for s in PRODUCT_SUMS:
                row[s] += sign * p[s]
    return [
        Upsert(OUTLET_MONTH, outlet, ("outlet_id", "month"), ("days", *DAY_SUMS)),
        Upsert(PAYMENT_MONTH, pay_rows, ("outlet_id", "month", "method"), ("amount", "refunds", "lines")),
        Upsert(PRODUCT_MONTH, [merged[k] for k in sorted(merged)], ("outlet_id", "month", "key"),
               (*PRODUCT_SUMS, "lines"), ("name",)),
    ]


def summary_upserts(outlet_id: int, summary: DailySummary, by_weight: Sequence[bool]) -> list[Upsert]:
    """Adding a day newly stored (``by_weight``: per product of the summary, as stored)."""
    figures = {k: int(getattr(summary, k) or 0) for k in DAY_SUMS}
    methods = sorted(set(summary.payments) | set(summary.refunds))
    products = [
        {"sku": p.sku, "barcode": p.barcode, "province_ref": p.province_ref, "producer": p.producer,
         "producer_code": p.producer_code, "stars": p.stars, "ocop_group": p.group, "by_weight": w,
         "name": p.name, **{s: getattr(p, s) for s in PRODUCT_SUMS}}
        for p, w in zip(summary.products, by_weight, strict=True)
    ]
    payments = [(m, summary.payments.get(m, 0), summary.refunds.get(m, 0)) for m in methods]
    return upserts(outlet_id, summary.business_day, figures, payments, products, +1)


def _apply(
    session: Session,
    outlet_id: int,
    day: date,
    figures: dict[str, int],
    payments: Iterable[tuple[str, int, int]],
    products: Iterable[dict[str, Any]],
    sign: int,
) -> None:
    for u in upserts(outlet_id, day, figures, payments, products, sign):
        _upsert(session, u.table, u.rows, u.keys, u.sums, u.greatest)
    if sign < 0:  # rows nothing is summed into any more go (a product no longer sold that month)
        conn = session.connection()
        month = month_of(day)
        for table, column in ((PRODUCT_MONTH, "lines"), (PAYMENT_MONTH, "lines"), (OUTLET_MONTH, "days")):
            conn.execute(delete(table).where(table.c.outlet_id == outlet_id, table.c.month == month,
                                             table.c[column] == 0))


def add_summary(session: Session, outlet_id: int, summary: DailySummary, by_weight: Sequence[bool]) -> None:
    """Add a day newly stored (``by_weight``: per product of the summary, as stored)."""
    for u in summary_upserts(outlet_id, summary, by_weight):
        _upsert(session, u.table, u.rows, u.keys, u.sums, u.greatest)


def remove_row(session: Session, row: Any) -> None:
    """Take out a stored day (before its newer revision replaces it), read back from its rows: ``row`` has the
    day's ``id``, ``outlet_id``, ``business_day`` and figures (``DAY_SUMS``)."""
    conn = session.connection()
    figures = {k: int(getattr(row, k) or 0) for k in DAY_SUMS}
    pay = SummaryPayment.__table__
    payments = [
        (m, int(a), int(r))
        for m, a, r in conn.execute(select(pay.c.method, pay.c.amount, pay.c.refunds).where(pay.c.summary_id == row.id))
    ]
    names = (*PRODUCT_ATTRS, "name", *PRODUCT_SUMS)
    lines = SummaryProduct.__table__
    products = [
        dict(zip(names, r, strict=True))
        for r in conn.execute(select(*(lines.c[c] for c in names)).where(lines.c.summary_id == row.id))
    ]
    _apply(session, row.outlet_id, row.business_day, figures, payments, products, -1)


# --- reading them ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A range of days as whole months (read from the rollups) and the days left at its ends."""

    months: tuple[date, date] | None  # first days of the first and the last whole month
    days: tuple[tuple[date, date], ...]  # (first, last) day ranges read from the days themselves


def split(start: date | None, end: date | None) -> Span:
    start = max(start or FIRST_DAY, FIRST_DAY)
    end = min(end or LAST_DAY, LAST_DAY)
    if end < start:
        return Span(None, ())
    first_whole = start if start.day == 1 else next_month(start)
    last_whole = month_of(end) if next_month(month_of(end)) - timedelta(days=1) == end else None
    if last_whole is None:
        last_whole_month = month_of(end) - timedelta(days=1)  # the day before the month of ``end``
        last_whole = month_of(last_whole_month)
    if first_whole > last_whole:
        return Span(None, ((start, end),))
    days: list[tuple[date, date]] = []
    if start < first_whole:
        days.append((start, first_whole - timedelta(days=1)))
    after = next_month(last_whole)
    if after <= end:
        days.append((after, end))
    return Span((first_whole, last_whole), tuple(days))
