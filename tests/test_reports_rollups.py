"""The per-product-per-day rollups (migration 0009), the per-product-per-month ones (0012) and the cheap report
triggers: whatever writes the lines (the sale service, a void, a return, a writer that knows nothing of the
copies, a deleted or changed line), the rollups equal what the lines of completed sales say, computed here
independently in Python from the raw rows; and the report by product, which reads the rollups, equals the same
figures from the lines, over a few days and over a whole month."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.cart import Discount, price_cart
from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import UserError
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services.catalogue import product_fields, products, vat_rates
from showroom_pos.services.reports import sales_report
from showroom_pos.services.till import product_lookup, sale_returns, sale_writer, voids
from showroom_pos.storage.models import Product
from tests.conftest import Outlet

FIGURES = ("lines", "receipts", "qty", "gross", "discounts", "amount", "vat", "costed", "cost")


def expected_rollups(db: sqlite3.Connection) -> dict[tuple[str, int], tuple[int, ...]]:
    """Per (business day, product), from the raw lines of completed sales, in Python."""
    found: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0] * len(FIGURES))
    first_seen: set[tuple[str, int]] = set()
    rows = db.execute(
        "SELECT s.business_day, s.id, l.line_no, l.product_id, l.qty, l.gross, l.line_discount, l.cart_discount, "
        "l.amount, l.vat_amount, l.unit_cost, l.sold_by_weight FROM sale_line l JOIN sale s ON s.id = l.sale_id "
        "WHERE s.status = 'completed' ORDER BY s.id, l.line_no").fetchall()
    for day, sale_id, _no, pid, qty, gross, line_disc, cart_disc, amount, vat, cost, weighed in rows:
        f = found[(day, pid)]
        first = (sale_id, pid) not in first_seen
        first_seen.add((sale_id, pid))
        line_cost = 0 if cost is None else (cost * qty + 500) // 1000 if weighed else cost * qty
        for i, v in enumerate((1, int(first), qty, gross, line_disc + cart_disc, amount, vat,
                               0 if cost is None else amount - vat, line_cost)):
            f[i] += v
    return {k: tuple(v) for k, v in found.items()}


def stored_rollups(db: sqlite3.Connection) -> dict[tuple[str, int], tuple[int, ...]]:
    rows = db.execute(f"SELECT business_day, product_id, {', '.join(FIGURES)} FROM sale_product_day").fetchall()
    # A row whose lines all stopped counting may stay behind with zeros; the report skips it.
    for r in rows:
        assert r[2] != 0 or all(v == 0 for v in r[2:]), r
    return {(r[0], r[1]): tuple(r[2:]) for r in rows if r[2] != 0}


def expected_month_rollups(db: sqlite3.Connection) -> dict[tuple[str, int], tuple[int, ...]]:
    """Per (month, product): the days' sums from the raw lines, added up by month."""
    found: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0] * len(FIGURES))
    for (day, pid), figures in expected_rollups(db).items():
        f = found[(day[:7], pid)]
        for i, v in enumerate(figures):
            f[i] += v
    return {k: tuple(v) for k, v in found.items()}


def stored_month_rollups(db: sqlite3.Connection) -> dict[tuple[str, int], tuple[int, ...]]:
    rows = db.execute(f"SELECT month, product_id, {', '.join(FIGURES)} FROM sale_product_month").fetchall()
    for r in rows:  # as the days': a row whose lines all stopped counting holds only zeros
        assert r[2] != 0 or all(v == 0 for v in r[2:]), r
    return {(r[0], r[1]): tuple(r[2:]) for r in rows if r[2] != 0}


def by_product_from_lines(db: sqlite3.Connection, start: date, end: date) -> dict[str, tuple[int, int, int]]:
    """sku → (receipts, sales, net) over the period, from the lines and the return lines, in Python."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    seen: set[tuple[str, int]] = set()
    period = (start.isoformat(), end.isoformat())
    for sale_id, pid, sku, amount in db.execute(
            "SELECT s.id, l.product_id, p.sku, l.amount FROM sale_line l JOIN sale s ON s.id = l.sale_id "
            "JOIN product p ON p.id = l.product_id WHERE s.status = 'completed' AND s.business_day BETWEEN ? AND ? "
            "ORDER BY s.id, l.line_no", period):
        f = out[sku]
        f[0] += (sale_id, pid) not in seen
        seen.add((sale_id, pid))
        f[1] += amount
        f[2] += amount
    for sku, amount in db.execute(
            "SELECT p.sku, rl.amount FROM return_line rl JOIN sale_return r ON r.id = rl.return_id "
            "JOIN sale_line l ON l.id = rl.sale_line_id JOIN product p ON p.id = l.product_id "
            "WHERE r.business_day BETWEEN ? AND ?", period):
        out[sku][2] -= amount
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


@dataclass
class Shop:
    ctx: AppContext
    outlet: Outlet
    products: list[int]
    sale_ids: list[str]

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self.ctx.sessions


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    path: Path = tmp_path_factory.mktemp("rollups") / "showroom.db"
    ctx = AppContext.open(AppPaths.resolve(path))
    outlet = Outlet(ctx.sessions)
    with ctx.sessions.begin() as s:
        s.execute(update(Product).where(Product.id == outlet.sau_rieng).values(cost=110_000))
        extra = products.add_product(s, product_fields.ProductInput(
            sku="GAO-VD20", name="Gạo VD20 Gò Công", unit="túi", price=38_000, stars=3)).id
    outlet.open_shift(ctx.sessions)
    yield Shop(ctx, outlet, [outlet.mam_tom, outlet.tra, outlet.sau_rieng, extra], [])
    ctx.close()


line_st = st.tuples(st.integers(0, 3), st.integers(1, 4), st.sampled_from([0, 0, 500, 1000]))
op_st = st.one_of(
    st.tuples(st.just("sale"), st.one_of(st.integers(0, 3), st.sampled_from([31, 62])),
              st.lists(line_st, min_size=1, max_size=5),
              st.sampled_from([0, 0, 300])),
    st.tuples(st.just("void_last")),
    st.tuples(st.just("return"), st.integers(0, 50), st.integers(1, 3)),
    st.tuples(st.just("raw_void"), st.integers(0, 50)),
    st.tuples(st.just("raw_line"), st.integers(0, 50), st.integers(0, 3)),
    st.tuples(st.just("raw_change"), st.integers(0, 50)),
    st.tuples(st.just("raw_delete"), st.integers(0, 50)),
)


def apply(shop: Shop, op: tuple[Any, ...]) -> None:
    outlet = shop.outlet
    kind = op[0]
    if kind == "sale":
        _, days_ago, cart, cart_pct = op
        at = datetime.now(UTC) - timedelta(days=days_ago)
        with shop.sessions.begin() as s:
            vat = vat_rates.vat_table(s)
            lines = []
            for index, qty, pct in cart:
                product = s.get(Product, shop.products[index])
                assert product is not None
                line = sale_writer.line_for(product, qty * 250 if product.sold_by_weight else qty, vat)
                if pct:
                    line = line.__class__(**{**line.__dict__, "discount": Discount(percent_bp=pct)})
                lines.append(line)
            total = price_cart(lines, Discount(percent_bp=cart_pct)).total
            result = sale_writer.complete_sale(s, outlet.cashier, lines, [sale_writer.PaymentIn("card", total)],
                                               Discount(percent_bp=cart_pct), at=at)
        shop.sale_ids.append(result.sale_id)
        return
    if not shop.sale_ids:
        return
    if kind == "void_last":
        try:
            with shop.sessions.begin() as s:
                voids.void_sale(s, outlet.cashier, shop.sale_ids[-1], approved_by=outlet.manager_id)
        except UserError:
            pass  # already voided, returned against, or not the till's last sale
        return
    if kind == "return":
        _, n, qty = op
        sale_id = shop.sale_ids[n % len(shop.sale_ids)]
        try:
            with shop.sessions.begin() as s:
                sale = sale_returns.find_sale_for_return(s, sale_id)
                first = sale.lines[0]
                items = [sale_returns.ReturnItem(first.sale_line_id, min(qty, first.returnable), restock=n % 2 == 0)]
                sale_returns.create_return(s, outlet.manager, sale.sale_id, items, refund_method="card")
        except (UserError, ValueError):
            pass  # a voided sale, or nothing left to return
        return
    db = sqlite3.connect(shop.ctx.paths.database, isolation_level=None)
    try:
        sale_id = shop.sale_ids[op[1] % len(shop.sale_ids)]
        if kind == "raw_void":  # a writer that only changes the sale's status
            db.execute("UPDATE sale SET status = 'voided' WHERE id = ?", (sale_id,))
        elif kind == "raw_line":  # a writer that knows nothing of the copied report columns
            pid = shop.products[op[2]]
            db.execute(
                "INSERT INTO sale_line (sale_id, line_no, product_id, sku, name, unit, sold_by_weight, qty, "
                "unit_price, list_price, gross, line_discount, cart_discount, amount, vat_rate_bp, vat_amount, "
                "unit_cost, consigned) SELECT ?, COALESCE(MIN(line_no), 1) - 1, ?, 'x', 'x', 'x', 0, 2, 1000, 1000, "
                "2000, 0, 0, 2000, 0, 0, 700, 0 FROM sale_line WHERE sale_id = ?", (sale_id, pid, sale_id))
        elif kind == "raw_change":
            db.execute("UPDATE sale_line SET qty = qty + 1, gross = gross + unit_price, amount = amount + unit_price "
                       "WHERE sale_id = ? AND line_no = (SELECT MAX(line_no) FROM sale_line WHERE sale_id = ?) "
                       "AND NOT sold_by_weight AND NOT EXISTS (SELECT 1 FROM return_line r "
                       "WHERE r.sale_line_id = sale_line.id)", (sale_id, sale_id))
        elif kind == "raw_delete":
            db.execute("DELETE FROM sale_line WHERE sale_id = ? AND line_no = (SELECT MAX(line_no) FROM sale_line "
                       "WHERE sale_id = ?) AND NOT EXISTS (SELECT 1 FROM return_line r "
                       "WHERE r.sale_line_id = sale_line.id) AND (SELECT COUNT(*) FROM sale_line x "
                       "WHERE x.sale_id = sale_line.sale_id) > 1", (sale_id, sale_id))
    finally:
        db.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(ops=st.lists(op_st, min_size=1, max_size=8))
def test_rollups_equal_the_lines_whatever_writes_them(shop: Shop, ops: list[tuple[Any, ...]]) -> None:
    for op in ops:
        apply(shop, op)
    db = sqlite3.connect(shop.ctx.paths.database)
    try:
        assert stored_rollups(db) == expected_rollups(db)
        assert stored_month_rollups(db) == expected_month_rollups(db)
        last_month_end = business_day().replace(day=1) - timedelta(days=1)
        periods = ((business_day() - timedelta(days=4), business_day()),  # days (and perhaps a whole month)
                   (last_month_end.replace(day=1), last_month_end))  # a whole month
        wanted = [by_product_from_lines(db, start, end) for start, end in periods]
    finally:
        db.close()
    for (start, end), want in zip(periods, wanted, strict=True):
        with shop.sessions() as s:
            report = sales_report.sales(s, start, end, "product")
        got = {r[0]: (r[report.index("receipts")], r[report.index("sales")], r[report.index("net")])
               for r in report.rows}
        assert got == {k: v for k, v in want.items() if k in got or v != (0, 0, 0)}


def test_the_migration_sums_existing_lines_and_the_triggers_exist(shop: Shop) -> None:
    apply(shop, ("sale", 1, [(0, 2, 0), (1, 1, 500), (0, 1, 0)], 0))
    db = sqlite3.connect(shop.ctx.paths.database, isolation_level=None)
    try:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"tr_sale_product_day_insert", "tr_sale_product_day_delete", "tr_sale_product_day_update",
                "tr_sale_line_report_insert", "tr_sale_product_month_insert", "tr_sale_product_month_delete",
                "tr_sale_product_month_update"} <= names
        # The till's product index reads the catalogue in name order from an index, without sorting it.
        plan = " ".join(str(r) for r in db.execute("EXPLAIN QUERY PLAN " + product_lookup._SEARCH_SQL))
        assert "ix_product_search" in plan and "TEMP B-TREE" not in plan
        # As the migration does on a file that has sales: empty the table, sum the lines.
        db.execute("BEGIN")
        db.execute("DELETE FROM sale_product_day")
        assert stored_rollups(db) == {}
        db.execute("ROLLBACK")
        assert stored_rollups(db) == expected_rollups(db)
    finally:
        db.close()


def test_the_sale_service_writes_the_copies_so_the_fix_up_trigger_has_nothing_to_do(shop: Shop) -> None:
    """0004's insert trigger now runs only for a writer that did not write the copies: the sale service's
    lines are right as inserted (checked with a trigger that records every fix-up)."""
    db = sqlite3.connect(shop.ctx.paths.database, isolation_level=None)
    try:
        db.execute("CREATE TABLE IF NOT EXISTS fixups (line_id INTEGER)")
        db.execute("CREATE TRIGGER IF NOT EXISTS tr_test_fixups AFTER UPDATE OF business_day, counted ON sale_line "
                   "BEGIN INSERT INTO fixups VALUES (NEW.id); END")
        db.execute("DELETE FROM fixups")
        apply(shop, ("sale", 0, [(0, 1, 0), (1, 2, 0), (0, 1, 1000), (2, 3, 0)], 0))  # one product twice
        shop_fixups = db.execute("SELECT COUNT(*) FROM fixups").fetchone()[0]
        apply(shop, ("raw_line", len(shop.sale_ids) - 1, 3))
        raw_fixups = db.execute("SELECT COUNT(*) FROM fixups").fetchone()[0] - shop_fixups
        flags = db.execute("SELECT line_no, first_of_product FROM sale_line WHERE sale_id = ? ORDER BY line_no",
                           (shop.sale_ids[-1],)).fetchall()
    finally:
        db.execute("DROP TRIGGER IF EXISTS tr_test_fixups")
        db.close()
    assert shop_fixups == 0
    assert raw_fixups == 1
    assert [f for _, f in flags] == [1, 1, 1, 0, 1]  # line 3 repeats line 1's product (the raw line is first)


def test_a_void_takes_the_sale_out_of_the_rollups(shop: Shop) -> None:
    apply(shop, ("sale", 0, [(3, 5, 0)], 0))
    db = sqlite3.connect(shop.ctx.paths.database)
    key = (business_day().isoformat(), shop.products[3])
    month_key = (key[0][:7], key[1])
    try:
        before = stored_rollups(db).get(key, (0,) * len(FIGURES))
        month_before = stored_month_rollups(db).get(month_key, (0,) * len(FIGURES))
        with shop.sessions.begin() as s:
            voids.void_sale(s, shop.outlet.cashier, shop.sale_ids[-1], approved_by=shop.outlet.manager_id)
        after = stored_rollups(db).get(key, (0,) * len(FIGURES))
        month_after = stored_month_rollups(db).get(month_key, (0,) * len(FIGURES))
    finally:
        db.close()
    assert before[FIGURES.index("qty")] - after[FIGURES.index("qty")] == 5
    assert before[0] - after[0] == 1
    assert [b - a for b, a in zip(month_before, month_after, strict=True)] == [
        b - a for b, a in zip(before, after, strict=True)]
