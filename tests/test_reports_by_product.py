"""The report by product over any period, on sales spread over four months (sold by the piece and by weight,
with and without a known cost, discounted, returned on a later day, some written off, one voided): every cell,
the order of the rows and the totals equal a report computed here, independently, in Python from the raw lines
and return lines, whether the period is one whole month (read from the month rollups, migration 0012), several,
whole months with days around them, days only, or one day. Plus the month rollups back-filled by the migration
on a file that had sales, the SQL half-up division, and the query plan of a month (no sort)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.cart import Discount, price_cart
from showroom_pos.core.clock import VIETNAM, business_day
from showroom_pos.core.money import div_half_up
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services.catalogue import product_fields, products, vat_rates
from showroom_pos.services.context import Actor
from showroom_pos.services.reports import sales_report
from showroom_pos.services.till import sale_returns, sale_writer
from showroom_pos.storage.models import Product
from tests.conftest import Outlet
from tests.test_reports_rollups import expected_month_rollups, stored_month_rollups

TODAY = business_day()
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = (THIS_MONTH - timedelta(days=1)).replace(day=1)
TWO_AGO = (LAST_MONTH - timedelta(days=1)).replace(day=1)
FIRST_SALE = TWO_AGO - timedelta(days=12)


def _at(day: date, hour: int = 10) -> datetime:
    """A moment of ``day`` (the showroom's time), as the till would record it."""
    return datetime.combine(day, time(hour), tzinfo=VIETNAM).astimezone(UTC)


@dataclass
class Months:
    path: Path
    sessions: sessionmaker[Session]
    cashier: Actor


@pytest.fixture(scope="module")
def months(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Months]:
    """Sales every other day from 12 days before the month before last until today, over five products (one sold
    only in the month before last and returned last month: returned in a period without being sold in it)."""
    path = tmp_path_factory.mktemp("by_product") / "showroom.db"
    ctx = AppContext.open(AppPaths.resolve(path))
    outlet = Outlet(ctx.sessions)
    with ctx.sessions.begin() as s:
        s.execute(update(Product).where(Product.id == outlet.sau_rieng).values(cost=110_000))
        no_cost = products.add_product(s, product_fields.ProductInput(
            sku="GAO-VD20", name="Gạo VD20 Gò Công", unit="túi", price=38_000, stars=3)).id
        rare = products.add_product(s, product_fields.ProductInput(
            sku="MAT-ONG", name="Mật ong U Minh", unit="chai", price=120_000, cost=80_000, stars=4)).id
        once = products.add_product(s, product_fields.ProductInput(
            sku="KEO-DUA", name="Kẹo dừa Bến Tre", unit="gói", price=30_000, cost=18_000, stars=3)).id
    outlet.open_shift(ctx.sessions)
    plain = [outlet.mam_tom, outlet.tra, no_cost]
    sold: list[tuple[str, date]] = []
    with ctx.sessions.begin() as s:
        vat = vat_rates.vat_table(s)
        day, n = FIRST_SALE, 0
        while day <= TODAY:
            cart = [sale_writer.line_for(s.get_one(Product, plain[n % 3]), 1 + n % 3, vat),
                    sale_writer.line_for(s.get_one(Product, outlet.sau_rieng), 250 + 125 * (n % 5), vat)]
            if n % 4 == 1:
                cart.append(sale_writer.line_for(s.get_one(Product, plain[(n + 1) % 3]), 2, vat))
                cart[-1] = cart[-1].__class__(**{**cart[-1].__dict__, "discount": Discount(percent_bp=1000)})
            if day < LAST_MONTH and n % 5 == 0:
                cart.append(sale_writer.line_for(s.get_one(Product, rare), 1, vat))
            discount = Discount(amount=5_000) if n % 6 == 2 else Discount()
            total = price_cart(cart, discount).total
            result = sale_writer.complete_sale(s, outlet.cashier, cart, [sale_writer.PaymentIn("card", total)],
                                               discount, at=_at(day))
            sold.append((result.sale_id, day))
            day += timedelta(days=2 + n % 2)
            n += 1
        cart = [sale_writer.line_for(s.get_one(Product, once), 2, vat),
                sale_writer.line_for(s.get_one(Product, outlet.tra), 1, vat)]
        voided = sale_writer.complete_sale(s, outlet.cashier, cart, [sale_writer.PaymentIn(
            "card", price_cart(cart, Discount()).total)], at=_at(LAST_MONTH + timedelta(days=5))).sale_id
    with ctx.sessions.begin() as s:  # returns a few days after the sale, whole or partial, restocked or not
        for i, (sale_id, day) in enumerate(sold[:-2]):
            if i % 3:
                continue
            when = min(day + timedelta(days=5 + i % 7), TODAY)
            sale = sale_returns.find_sale_for_return(s, sale_id)
            items = [sale_returns.ReturnItem(line.sale_line_id, max(1, line.returnable // 2) if i % 2 else
                                             line.returnable, restock=i % 4 != 3,
                                             write_off_reason="" if i % 4 != 3 else "hỏng")
                     for line in sale.lines if i % 2 == 0 or line.product_id in (outlet.sau_rieng, rare)]
            sale_returns.create_return(s, outlet.manager, sale_id, items, refund_method="card", at=_at(when, 15))
    db = sqlite3.connect(path, isolation_level=None)
    try:  # a sale of last month voided by a writer that changes only its status: its lines stop counting (one
        # product was sold only in it: its rollup rows stay, with every figure 0)
        db.execute("UPDATE sale SET status = 'voided' WHERE id = ?", (voided,))
    finally:
        db.close()
    yield Months(path, ctx.sessions, outlet.cashier)
    ctx.close()


def reference(path: Path, start: date, end: date) -> tuple[list[tuple[Any, ...]], tuple[Any, ...]]:
    """The report by product's rows and totals, from the raw lines and return lines, in Python."""
    db = sqlite3.connect(path)
    first, last = start.isoformat(), end.isoformat()
    f: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    receipts: dict[int, set[str]] = defaultdict(set)
    all_receipts: set[str] = set()

    def line_cost(unit_cost: int | None, qty: int, weighed: int) -> int:
        return 0 if unit_cost is None else div_half_up(unit_cost * qty, 1000) if weighed else unit_cost * qty

    for sale_id, pid, qty, gross, ld, cd, amount, vat, unit_cost, weighed in db.execute(
            "SELECT s.id, l.product_id, l.qty, l.gross, l.line_discount, l.cart_discount, l.amount, l.vat_amount, "
            "l.unit_cost, l.sold_by_weight FROM sale s JOIN sale_line l ON l.sale_id = s.id "
            "WHERE s.status = 'completed' AND s.business_day BETWEEN ? AND ?", (first, last)):
        receipts[pid].add(sale_id)
        all_receipts.add(sale_id)
        g = f[pid]
        g["qty"] += qty
        g["gross"] += gross
        g["discounts"] += ld + cd
        g["sales"] += amount
        g["vat"] += vat
        g["costed"] += 0 if unit_cost is None else amount - vat
        g["cost"] += line_cost(unit_cost, qty, weighed)
    for pid, qty, amount, vat, unit_cost, weighed, restock in db.execute(
            "SELECT l.product_id, rl.qty, rl.amount, rl.vat_amount, l.unit_cost, l.sold_by_weight, rl.restock "
            "FROM sale_return r JOIN return_line rl ON rl.return_id = r.id JOIN sale_line l ON l.id = rl.sale_line_id "
            "WHERE r.business_day BETWEEN ? AND ?", (first, last)):
        g = f[pid]
        g["qty"] -= qty
        g["returns"] += amount
        g["vat"] -= vat
        g["costed"] -= 0 if unit_cost is None else amount - vat
        g["cost"] -= line_cost(unit_cost, qty, weighed) if restock else 0
    labels = {r[0]: r[1:] for r in db.execute("SELECT id, sku, name, unit, sold_by_weight FROM product")}
    db.close()
    total_net = sum(g["sales"] - g["returns"] for g in f.values())
    rows = []
    for pid, g in f.items():
        sku, name, unit, weighed = labels[pid]
        net, margin = g["sales"] - g["returns"], g["costed"] - g["cost"]
        qty = (Decimal(g["qty"]) / 1000).quantize(Decimal("0.001")) if weighed else g["qty"]
        rows.append((sku, name, "kg" if weighed else unit, qty, len(receipts[pid]), g["gross"], g["discounts"],
                     g["sales"], g["returns"], net, g["vat"], g["cost"], margin,
                     div_half_up(margin * 10000, g["costed"]) if g["costed"] else None,
                     div_half_up(net * 10000, total_net) if total_net else None))
    rows.sort(key=lambda r: r[0])
    rows.sort(key=lambda r: r[9], reverse=True)
    s = {k: sum(g[k] for g in f.values()) for k in ("gross", "discounts", "sales", "returns", "vat", "cost", "costed")}
    margin = s["costed"] - s["cost"]
    totals = ("Total", None, None, None, len(all_receipts), s["gross"], s["discounts"], s["sales"], s["returns"],
              total_net, s["vat"], s["cost"], margin, div_half_up(margin * 10000, s["costed"]) if s["costed"] else None,
              10000 if total_net else None)
    return rows, totals


PERIODS = {
    "last month": (LAST_MONTH, THIS_MONTH - timedelta(days=1)),
    "two whole months": (TWO_AGO, THIS_MONTH - timedelta(days=1)),
    "whole months and days": (TWO_AGO + timedelta(days=9), TODAY),
    "everything": (FIRST_SALE - timedelta(days=3), TODAY + timedelta(days=3)),
    "days across a month's end": (LAST_MONTH + timedelta(days=20), THIS_MONTH + timedelta(days=4)),
    "a month without its first days": (LAST_MONTH + timedelta(days=3), THIS_MONTH - timedelta(days=1)),
    "a month and one day": (TWO_AGO, LAST_MONTH),
    "the first of a month": (LAST_MONTH, LAST_MONTH),
    "one day": (TWO_AGO + timedelta(days=4), TWO_AGO + timedelta(days=4)),
    "nothing sold": (TODAY + timedelta(days=10), TODAY + timedelta(days=40)),
}


@pytest.mark.parametrize("period", list(PERIODS))
def test_every_cell_the_order_and_the_totals_equal_the_raw_lines(months: Months, period: str) -> None:
    start, end = PERIODS[period]
    with months.sessions() as s:
        report = sales_report.sales(s, start, end, "product")
    rows, totals = reference(months.path, start, end)
    assert report.rows == rows
    assert [str(r[3]) for r in report.rows] == [str(r[3]) for r in rows]  # 1.250 kg, not 1.25
    assert report.totals == totals
    assert [c.key for c in report.columns] == ["sku", "name", "unit", "qty", "receipts", "gross", "discounts", "sales",
                                               "returns", "net", "vat", "cost", "margin", "margin_pct", "share"]


def test_the_fixture_has_what_the_report_must_handle(months: Months) -> None:
    """Weighed lines and returns in the whole months read from the month rollups, a product returned last month
    but not sold in it, a written-off return, a voided sale (its product's rollups back at 0), a product without
    a cost."""
    rows, _ = reference(months.path, *PERIODS["last month"])
    by_sku = {r[0]: r for r in rows}
    assert by_sku["MAT-ONG"][7] == 0 and by_sku["MAT-ONG"][8] > 0  # returned, not sold
    assert by_sku["TCT-SR"][8] > 0 and isinstance(by_sku["TCT-SR"][3], Decimal)
    assert by_sku["GAO-VD20"][13] is None  # no cost known
    db = sqlite3.connect(months.path)
    try:
        assert db.execute("SELECT COUNT(*) FROM sale WHERE status = 'voided'").fetchone()[0] == 1
        assert db.execute("SELECT lines, amount FROM sale_product_month WHERE month = ? AND product_id = "
                          "(SELECT id FROM product WHERE sku = 'KEO-DUA')", (LAST_MONTH.isoformat()[:7],)
                          ).fetchall() == [(0, 0)]
        assert db.execute("SELECT COUNT(*) FROM return_line WHERE NOT restock").fetchone()[0] >= 1
        assert db.execute("SELECT COUNT(DISTINCT substr(business_day, 1, 7)) FROM sale").fetchone()[0] >= 3
        assert stored_month_rollups(db) == expected_month_rollups(db)
    finally:
        db.close()


def test_a_month_reads_one_rollup_row_per_product_without_grouping(months: Months) -> None:
    """One whole month: the month rollups in their key's order, no grouping of the days (only the few returns
    are grouped), no sort (Python sorts the rows into the report's order: ``_product_rows``); with days around it
    the days come from the day rollups."""
    totals, rows, params = sales_report.product_rows_sql(*PERIODS["last month"])
    db = sqlite3.connect(months.path)
    try:
        plan = [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + rows, {**params, "total_net": 1})]
        sums = [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + totals, params)]
        _, around, around_params = sales_report.product_rows_sql(*PERIODS["whole months and days"])
        around_plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + around,
                                                         {**around_params, "total_net": 1}))
    finally:
        db.close()
    assert "SEARCH sale_product_month USING PRIMARY KEY (month=?)" in plan
    sorts = [step for step in plan if "TEMP B-TREE" in step]
    assert sorts.count("USE TEMP B-TREE FOR GROUP BY") == 1  # the returns, grouped by product
    assert sorts == ["USE TEMP B-TREE FOR GROUP BY"]  # and no ORDER BY
    assert not any("sale_product_day" in step for step in plan + sums)
    assert "sale_product_month" in around_plan and "sale_product_day" in around_plan


@pytest.mark.parametrize(("start", "end", "ranges"), [
    (date(2026, 11, 1), date(2026, 11, 30), [("sale_product_month", "month", "2026-11", "2026-11")]),
    (date(2024, 2, 1), date(2024, 2, 29), [("sale_product_month", "month", "2024-02", "2024-02")]),
    (date(2024, 2, 1), date(2024, 2, 28), [("sale_product_day", "business_day", "2024-02-01", "2024-02-28")]),
    (date(2025, 12, 15), date(2026, 2, 3), [("sale_product_month", "month", "2026-01", "2026-01"),
                                            ("sale_product_day", "business_day", "2025-12-15", "2025-12-31"),
                                            ("sale_product_day", "business_day", "2026-02-01", "2026-02-03")]),
    (date(2025, 11, 1), date(2026, 1, 31), [("sale_product_month", "month", "2025-11", "2026-01")]),
    (date(2026, 1, 2), date(2026, 2, 1), [("sale_product_day", "business_day", "2026-01-02", "2026-02-01")]),
    (date(2026, 3, 9), date(2026, 3, 9), [("sale_product_day", "business_day", "2026-03-09", "2026-03-09")]),
])
def test_a_period_is_read_from_whole_months_and_the_days_around_them(
        start: date, end: date, ranges: list[tuple[str, str, str, str]]) -> None:
    assert sales_report.rollup_ranges(start, end) == ranges


@given(st.integers(-10**12, 10**12), st.integers(-10**9, 10**9), st.sampled_from([1, 100, 10_000]))
def test_the_sql_half_up_division_equals_div_half_up(numerator: int, denominator: int, scale: int) -> None:
    db = sqlite3.connect(":memory:")
    try:
        got = db.execute(f"SELECT {sales_report.div_half_up_sql(':n', ':d', scale)}",
                         {"n": numerator, "d": denominator}).fetchone()[0]
    finally:
        db.close()
    assert got == (div_half_up(numerator * scale, denominator) if denominator else None)


def test_the_migration_fills_the_month_rollups_of_a_file_that_has_sales(months: Months, tmp_path: Path) -> None:
    """A file from before 0012 (no month rollups, no triggers, revision 0011) with four months of sales: opening
    it migrates it, the month rollups equal the lines, and the next sale, void and change keep them so."""
    path = tmp_path / "showroom.db"
    source, db = sqlite3.connect(months.path), sqlite3.connect(path, isolation_level=None)
    try:
        source.backup(db)  # with what the write-ahead log holds
        source.close()
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                  "AND name LIKE 'tr_sale_product_month_%'").fetchall():
            db.execute(f"DROP TRIGGER {name}")
        db.execute("DROP TABLE sale_product_month")
        db.execute("UPDATE alembic_version SET version_num = '0011'")
    finally:
        db.close()
    ctx = AppContext.open(AppPaths.resolve(path))
    try:
        db = sqlite3.connect(path, isolation_level=None)
        try:
            assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] >= "0012"
            filled = stored_month_rollups(db)
            assert len({month for month, _ in filled}) >= 3
            assert filled == expected_month_rollups(db)
            with ctx.sessions.begin() as s:
                vat = vat_rates.vat_table(s)
                product = s.get_one(Product, 1)
                line = sale_writer.line_for(product, 3, vat)
                sale_writer.complete_sale(s, months.cashier, [line], [sale_writer.PaymentIn("card", line.gross)],
                                          at=_at(LAST_MONTH + timedelta(days=1)))
            db.execute("UPDATE sale_line SET qty = qty + 1, gross = gross + unit_price, amount = amount + unit_price "
                       "WHERE id = (SELECT MAX(id) FROM sale_line WHERE NOT sold_by_weight)")
            db.execute("UPDATE sale SET status = 'voided' WHERE id = (SELECT sale_id FROM sale_line "
                       "WHERE id = (SELECT MIN(id) FROM sale_line))")
            assert stored_month_rollups(db) == expected_month_rollups(db) != filled
        finally:
            db.close()
    finally:
        ctx.close()
