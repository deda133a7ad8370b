"""The monthly rollups the staff pages read stay exactly what the days add up to, on SQLite and PostgreSQL:
after a random run of new days, newer revisions (products dropped, added, changed), older revisions that
change nothing, weighed goods and outlets before protocol 1.1, every page reading whole months from the
rollups and partial months from the days gives what reading every day gives (``rollup.split`` forced to
"all days"). The migration that creates them fills them with the same rows the ingest keeps."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from showroom_pos.core import summary as shapes
from showroom_pos.province import exports, programme, reports, rollup
from showroom_pos.province.db import alembic_config, session_factory, upgrade
from showroom_pos.province.ingest import ingest
from showroom_pos.province.models import (
    Base,
    DailySummaryRow,
    OutletMonth,
    PaymentMonth,
    ProductMonth,
    ProvinceOutlet,
    SummaryPayment,
    SummaryProduct,
)
from showroom_pos.province.showcase import build as build_showcase
from tests.programme_support import engine_for, import_catalogue, write_catalogue
from tests.province_support import register_outlet

SKUS = {  # sku: (name, unit, by weight, producer, stars)
    "TRV-TMC": ("Trà mãng cầu xiêm", "hộp", False, "Travipha", 3),
    "SR-RI6": ("Sầu riêng Ri6", "kg", True, "HTX Ngũ Hiệp", 5),
    "HD-MAM": ("Mắm tôm chà", "hũ", False, None, 4),
    "GAO": ("Gạo ST25", "kg", True, "HTX Gạo", None),
    "MIT": ("Mít sấy", "gói", False, "Travipha", 3),
}
FIRST = date(2026, 1, 20)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for(request.param, tmp_path)


def _summary(code: str, day: date, revision: int, rng: random.Random, protocol_11: bool) -> shapes.DailySummary:
    figures = []
    for sku in rng.sample(sorted(SKUS), rng.randint(1, len(SKUS))):
        name, unit, weighed, producer, stars = SKUS[sku]
        qty = rng.randint(1, 4000) if weighed else rng.randint(1, 9)
        gross = rng.randint(1, 50) * 1_000 * (1 if weighed else qty)
        discounts = rng.choice((0, 0, gross // 10))
        returns = rng.choice((0, 0, (gross - discounts) // 2))
        net = gross - discounts - returns
        figures.append(shapes.ProductFigures(
            sku=sku, name=name, unit=unit, qty_sold=qty, qty_returned=qty // 2 if returns else 0, gross=gross,
            discounts=discounts, returns=returns, net=net, vat=net // 11, producer=producer, stars=stars,
            barcode=None if sku == "GAO" else f"893{abs(hash(sku)) % 10**10:010d}", by_weight=weighed and protocol_11,
        ))
    sold = sum(p.gross - p.discounts for p in figures)
    card = rng.choice((0, sold // 3))
    rounding = rng.choice((0, 500, -300)) if protocol_11 else None
    return shapes.build(
        outlet_code=code, business_day=day, revision=revision, idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC), receipts=len(figures), voided=rng.randint(0, 1), products=figures,
        payments={"cash": sold - card + (rounding or 0), "card": card},
        refunds={"cash": sum(p.returns for p in figures)}, cash_over_short=rng.randint(-2000, 2000),
        shifts_closed=1, cash_rounding=rounding,
    )


def _run(engine: Engine, seed: int, events: int = 70) -> None:
    rng = random.Random(seed)
    for code in ("CL01", "CB02"):
        register_outlet(engine, code)
    revisions: dict[tuple[str, date], int] = {}
    sessions = session_factory(engine)
    for _ in range(events):
        code = rng.choice(("CL01", "CB02"))
        day = FIRST + timedelta(days=rng.randint(0, 75))
        current = revisions.get((code, day), 0)
        revision = current + 1 if rng.random() < 0.85 or not current else rng.randint(1, current)  # older: no-op
        revisions[(code, day)] = max(current, revision)
        s = _summary(code, day, revision, rng, protocol_11=rng.random() < 0.7)
        with sessions.begin() as session:
            outlet = session.scalars(select(ProvinceOutlet).where(ProvinceOutlet.code == code)).one()
            ingest(session, outlet, s, s.to_json().encode())


def _table(session: Session, model: Any, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return sorted(tuple(r) for r in session.execute(select(*(getattr(model, c) for c in columns))))


MONTH_COLS = ("outlet_id", "month", "days", *rollup.DAY_SUMS)
PAY_COLS = ("outlet_id", "month", "method", "amount", "refunds", "lines")
PRODUCT_COLS = ("outlet_id", "month", "key", *rollup.PRODUCT_ATTRS, "name", *rollup.PRODUCT_SUMS, "lines")


def _rollups(session: Session) -> tuple[list[Any], list[Any], list[Any]]:
    return (
        _table(session, OutletMonth, MONTH_COLS),
        _table(session, PaymentMonth, PAY_COLS),
        _table(session, ProductMonth, PRODUCT_COLS),
    )


def _from_days(session: Session) -> tuple[list[Any], list[Any], list[Any]]:
    """The rollups worked out again from the days, in Python."""
    months: dict[tuple[Any, ...], list[int]] = {}
    days = {r.id: r for r in session.scalars(select(DailySummaryRow))}
    for r in days.values():
        key = (r.outlet_id, rollup.month_of(r.business_day))
        acc = months.setdefault(key, [0] * (1 + len(rollup.DAY_SUMS)))
        acc[0] += 1
        for i, name in enumerate(rollup.DAY_SUMS, 1):
            acc[i] += getattr(r, name) or 0
    pays: dict[tuple[Any, ...], list[int]] = {}
    for p in session.scalars(select(SummaryPayment)):
        d = days[p.summary_id]
        acc = pays.setdefault((d.outlet_id, rollup.month_of(d.business_day), p.method), [0, 0, 0])
        acc[0], acc[1], acc[2] = acc[0] + p.amount, acc[1] + p.refunds, acc[2] + 1
    products: dict[tuple[Any, ...], list[Any]] = {}
    for line in session.scalars(select(SummaryProduct)):
        d = days[line.summary_id]
        attrs = tuple(getattr(line, a) for a in rollup.PRODUCT_ATTRS)
        line_key = (d.outlet_id, rollup.month_of(d.business_day), rollup.product_key(attrs))
        entry = products.setdefault(line_key, [attrs, "", [0] * len(rollup.PRODUCT_SUMS), 0])
        entry[1] = max(entry[1], line.name)
        entry[2] = [a + getattr(line, n) for a, n in zip(entry[2], rollup.PRODUCT_SUMS, strict=True)]
        entry[3] += 1
    return (
        sorted((*k, *v) for k, v in months.items()),
        sorted((*k, *v) for k, v in pays.items()),
        sorted((*k, *attrs, name, *sums, lines) for k, (attrs, name, sums, lines) in products.items()),
    )


def test_the_rollups_are_what_the_days_add_up_to(engine: Engine) -> None:
    _run(engine, seed=19)
    with session_factory(engine)() as s:
        got, expected = _rollups(s), _from_days(s)
        assert got[0] == expected[0]
        assert got[1] == expected[1]
        assert got[2] == expected[2]
        weighed = s.scalars(select(func.count()).select_from(ProductMonth).where(ProductMonth.by_weight)).one()
        assert weighed > 0  # the weighed goods were seen as such, by flag and by unit


REAL_SPLIT = rollup.split


def _all_days(start: date | None, end: date | None) -> rollup.Span:
    span = REAL_SPLIT(start, end)
    if span.months is None and not span.days:
        return span
    return rollup.Span(None, ((max(start or rollup.FIRST_DAY, rollup.FIRST_DAY), min(end or rollup.LAST_DAY,
                                                                                      rollup.LAST_DAY)),))


@pytest.mark.parametrize(
    "start,end,outlet",
    [
        (None, None, None),
        (date(2026, 2, 1), date(2026, 2, 28), None),  # one whole month
        (date(2026, 1, 25), date(2026, 3, 10), None),  # partial, whole, partial
        (date(2026, 2, 3), date(2026, 2, 20), "CB02"),  # inside one month
        (date(2026, 1, 1), date(2026, 3, 31), "CL01"),
    ],
)
def test_pages_read_the_same_from_rollups_as_from_every_day(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: date | None, end: date | None,
    outlet: str | None,
) -> None:
    _run(engine, seed=7, events=50)
    import_catalogue(engine, write_catalogue(tmp_path / "list.csv", [
        {"ref": "TRV-TMC", "sku": "TRV-TMC", "name": "Trà mãng cầu", "stars": 3, "producer_name": "Travipha"},
        {"ref": "SR", "sku": "SR", "name": "Sầu riêng", "stars": 5, "producer_name": "HTX Ngũ Hiệp",
         "barcodes": ""},
    ]))
    filters = reports.Filters(start, end, outlet)
    now = datetime(2026, 4, 2, 3, tzinfo=UTC)

    def read() -> tuple[Any, ...]:
        with session_factory(engine)() as s:
            d = reports.build(s, filters, now=now, top=100)
            sc = build_showcase(s)
            sales = exports.sales_rows(s, sc, start or date(2026, 1, 1), end or date(2026, 4, 1), "month",
                                       outlet=outlet)
            prog = programme.compute(s, today=date(2026, 4, 1), months=4)
        return (d.totals, [(o.code, o.figures) for o in d.outlets], d.by_month, d.top_products, d.by_producer,
                d.by_stars, d.payments, sales, [(r.indicator.key, r.trend) for r in prog.rows])

    from_rollups = read()
    monkeypatch.setattr(rollup, "split", _all_days)
    from_days = read()
    assert from_rollups == from_days
    assert from_rollups[0].receipts > 0 or outlet


def test_the_migration_fills_them_as_the_ingest_keeps_them(engine: Engine) -> None:
    _run(engine, seed=3, events=40)
    with session_factory(engine)() as s:
        kept = _rollups(s)
        weights = _table(s, SummaryProduct, ("summary_id", "sku", "by_weight"))
        roundings = _table(s, DailySummaryRow, ("id", "cash_rounding"))
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "p0002")
    upgrade(engine, "head")
    with session_factory(engine)() as s:
        assert _rollups(s) == kept
        assert _table(s, SummaryProduct, ("summary_id", "sku", "by_weight")) == weights
        assert _table(s, DailySummaryRow, ("id", "cash_rounding")) == roundings
        opened = dict(s.execute(select(ProvinceOutlet.code, ProvinceOutlet.opened_on)).all())
        first: dict[str, date | str] = dict(s.execute(
            select(ProvinceOutlet.code, func.min(DailySummaryRow.business_day)).join(
                DailySummaryRow, DailySummaryRow.outlet_id == ProvinceOutlet.id).group_by(ProvinceOutlet.code)).all())
    assert all((on := opened[c]) is not None and on <= (d if isinstance(d, date) else date.fromisoformat(d))
               for c, d in first.items())
    with engine.connect() as conn:  # and the models say what the migrations made
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diffs = [d for d in compare_metadata(context, Base.metadata)
                 if any(n in str(d) for n in ("_month", "province_setting", "opened_on", "address", "phone",
                                              "map_url", "usb_key", "cash_rounding", "by_weight", "figures"))]
    assert diffs == []


def test_split_keeps_every_day_once() -> None:
    rng = random.Random(5)
    for _ in range(300):
        start = date(2025, 1, 1) + timedelta(days=rng.randint(0, 500))
        end = start + timedelta(days=rng.randint(-3, 400))
        span = rollup.split(start, end)
        covered: list[date] = []
        if span.months:
            month = span.months[0]
            while month <= span.months[1]:
                last = rollup.next_month(month) - timedelta(days=1)
                covered += [month + timedelta(days=i) for i in range((last - month).days + 1)]
                month = rollup.next_month(month)
        for first, last in span.days:
            covered += [first + timedelta(days=i) for i in range((last - first).days + 1)]
        expected = [start + timedelta(days=i) for i in range(max(0, (end - start).days + 1))]
        assert sorted(covered) == expected, (start, end, span)


def test_whole_months_never_read_the_days_lines(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A year of whole months reads the rollups, not every product line of every day (the pages' speed at
    100 outlets × 365 days comes from there): no statement of the dashboard or the sales export touches
    ``summary_product``, nor any of the days but the partial months'."""
    from sqlalchemy import event

    _run(engine, seed=11, events=30)
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with session_factory(engine)() as s:
            reports.build(s, reports.Filters(date(2026, 1, 1), date(2026, 3, 31)), day_limit=400)
            exports.sales_rows(s, build_showcase(s), date(2026, 1, 1), date(2026, 3, 31), "month")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements and not [q for q in statements if "summary_product" in q]
    assert not [q for q in statements if "summary_payment" in q]


def test_the_days_csv_is_the_same_whoever_writes_it(engine: Engine) -> None:
    """On PostgreSQL the days export is written by the database (COPY): byte for byte what Python's csv module
    writes from the same rows (SQLite's way)."""
    import csv
    import io

    _run(engine, seed=23, events=40)
    filters = reports.Filters(date(2026, 1, 1), date(2026, 3, 31))
    with session_factory(engine)() as s:
        rows = reports.day_rows(s, filters)
        written = reports.days_csv(s, filters)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    if engine.dialect.name == "sqlite":
        assert written is None
        return
    assert rows and any(r[-1] is None for r in rows) and written == out.getvalue().encode()
