"""Sales reports on a simulated showroom, checked to the đồng against totals computed here, independently,
from the raw tables (plain sqlite3 and Python arithmetic; no report SQL is reused)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core import money
from showroom_pos.core.cart import Discount
from showroom_pos.core.clock import VIETNAM, business_day
from showroom_pos.core.errors import ApprovalRequired, ValidationError
from showroom_pos.core.money import round_half_up
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import permissions, shifts, simulate
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.context import Actor
from showroom_pos.services.reports import period_summary, sales_lists, sales_report
from showroom_pos.services.reports.table import Report
from showroom_pos.services.till import sale_returns, sale_writer, voids
from showroom_pos.storage.models import Product, Sale, SaleLine
from tests.conftest import Outlet

KIND = {"enterprise": "Enterprise", "cooperative": "Cooperative", "coop_group": "Cooperative group",
        "household": "Household business"}
GROUP = {"food": "Food", "beverage": "Beverages", "herbal": "Herbal products", "handicraft": "Handicrafts",
         "ornamental": "Ornamental plants and animals", "tourism": "Rural tourism services"}


@dataclass
class Showroom:
    path: Path
    start: date
    end: date
    outlet: Outlet
    sessions: sessionmaker[Session] = field(repr=False)


@pytest.fixture(scope="module")
def showroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Showroom]:
    """Six days of simulated sales, then today: discounted sales, returns (restocked, written off, by weight,
    partial) against earlier days, and a voided sale. Built once for the module; tests only read it."""
    db_path = tmp_path_factory.mktemp("reports") / "showroom.db"
    ctx = AppContext.open(AppPaths.resolve(db_path))
    sessions = ctx.sessions
    outlet = Outlet(sessions)
    with sessions.begin() as s:  # a product sold by weight with a known cost: margin rounding per line
        s.execute(update(Product).where(Product.id == outlet.sau_rieng).values(cost=110_000, ocop_group="food"))
    simulate.simulate(sessions, products=10, days=6, sales_per_day=14, seed=7)
    cashier = outlet.cashier
    with sessions.begin() as s:
        vat = vat_rates.vat_table(s)
        mam, tra, sr = (s.get(Product, pid) for pid in (outlet.mam_tom, outlet.tra, outlet.sau_rieng))
        assert mam and tra and sr
        lines = [sale_writer.line_for(mam, 3, vat), sale_writer.line_for(sr, 1_250, vat),
                 sale_writer.line_for(tra, 2, vat)]
        lines[0] = lines[0].__class__(**{**lines[0].__dict__, "discount": Discount(percent_bp=1000)})
        total = sum(ln.gross for ln in lines)
        sale_writer.complete_sale(s, cashier, lines, [sale_writer.PaymentIn("cash", total)], Discount(amount=7_000))
        sale_writer.complete_sale(s, cashier, [sale_writer.line_for(tra, 1, vat)],
                                  [sale_writer.PaymentIn("card", 61_750)], Discount(percent_bp=500))
        twice = [sale_writer.line_for(tra, 1, vat), sale_writer.line_for(mam, 1, vat),
                 sale_writer.line_for(tra, 2, vat)]
        sale_writer.complete_sale(s, cashier, twice, [sale_writer.PaymentIn("transfer", sum(ln.gross for ln in twice))])
    with sessions.begin() as s:  # returns today against sales of earlier days, refunded from a topped-up drawer
        shifts.cash_movement(s, outlet.manager, 20_000_000, "tiền lẻ cho hoàn trả")
        older = list(s.scalars(select(Sale).where(Sale.business_day < business_day()).order_by(Sale.created_at)))
        for n, sale in enumerate(older[:6]):
            first = s.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)).first()
            assert first is not None
            qty = max(1, first.qty // 2) if n % 2 else first.qty
            item = sale_returns.ReturnItem(first.id, qty, restock=n % 3 != 1,
                                           write_off_reason="" if n % 3 != 1 else "vỡ hũ")
            sale_returns.create_return(s, outlet.manager, sale.id, [item], refund_method="cash", reason="khách đổi ý")
        weighed = s.scalars(select(SaleLine).where(SaleLine.product_id == outlet.sau_rieng)).first()
        assert weighed is not None
        sale_returns.create_return(s, outlet.manager, weighed.sale_id, [sale_returns.ReturnItem(weighed.id, 300)],
                                   refund_method="cash")
    with sessions.begin() as s:  # the last sale of the day is voided: it never counts
        tra_line = sale_writer.line_for(s.get_one(Product, outlet.tra), 4, vat_rates.vat_table(s))
        done = sale_writer.complete_sale(s, cashier, [tra_line], [sale_writer.PaymentIn("cash", 260_000)])
    with sessions.begin() as s:
        voids.void_sale(s, outlet.manager, done.sale_id, approved_by=None, reason="nhầm")
    yield Showroom(db_path, business_day() - timedelta(days=6), business_day(), outlet, sessions)
    ctx.close()


# --- the independent computation -------------------------------------------------------------------------

def _local(stored: str) -> datetime:
    return datetime.fromisoformat(stored).replace(tzinfo=UTC).astimezone(VIETNAM)


def _line_cost(unit_cost: int | None, qty: int, by_weight: int) -> int:
    if unit_cost is None:
        return 0
    return round_half_up(Decimal(unit_cost) * qty / 1000) if by_weight else unit_cost * qty


def _keys(db: sqlite3.Connection, by: str, day: str, created: str, user_id: int, product_id: int,
          producer_id: int | None, stars: int | None) -> Any:
    d = date.fromisoformat(day)
    if by == "day":
        return day
    if by == "week":
        return (d - timedelta(days=d.weekday())).isoformat()
    if by == "month":
        return day[:7]
    if by == "hour":
        return f"{_local(created).hour:02d}:00–{_local(created).hour:02d}:59"
    if by == "cashier":
        return db.execute('SELECT name FROM "user" WHERE id = ?', (user_id,)).fetchone()[0]
    if by == "product":
        return db.execute("SELECT sku FROM product WHERE id = ?", (product_id,)).fetchone()[0]
    if by == "producer":
        row = db.execute("SELECT name FROM producer WHERE id = ?", (producer_id,)).fetchone()
        return row[0] if row else "(none)"
    if by == "producer_kind":
        row = db.execute("SELECT kind FROM producer WHERE id = ?", (producer_id,)).fetchone()
        return KIND[row[0]] if row else "(none)"
    if by == "stars":
        return f"{stars} stars" if stars else "(none)"
    if by == "group":
        group = db.execute("SELECT ocop_group FROM product WHERE id = ?", (product_id,)).fetchone()[0]
        return GROUP[group] if group else "(none)"
    raise AssertionError(by)


def expected(path: Path, by: str, start: date, end: date) -> dict[Any, dict[str, int]]:
    db = sqlite3.connect(path)
    out: dict[Any, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    receipts: dict[Any, set[str]] = defaultdict(set)
    for (sale_id, day, created, user_id, product_id, producer_id, stars, qty, gross, ld, cd, amount, vat, cost,
         weight) in db.execute(
            "SELECT s.id, s.business_day, s.created_at, s.user_id, l.product_id, l.producer_id, l.stars, l.qty, "
            "l.gross, l.line_discount, l.cart_discount, l.amount, l.vat_amount, l.unit_cost, l.sold_by_weight "
            "FROM sale s, sale_line l WHERE l.sale_id = s.id AND s.status = 'completed'"):
        if not start.isoformat() <= day <= end.isoformat():
            continue
        k = _keys(db, by, day, created, user_id, product_id, producer_id, stars)
        f = out[k]
        receipts[k].add(sale_id)
        f["qty"] += qty
        f["gross"] += gross
        f["discounts"] += ld + cd
        f["sales"] += amount
        f["vat"] += vat
        f["cost"] += _line_cost(cost, qty, weight)
        if cost is not None:
            f["margin"] += amount - vat - _line_cost(cost, qty, weight)
    for (day, created, user_id, product_id, producer_id, stars, qty, amount, vat, cost, weight, restock) in db.execute(
            "SELECT r.business_day, r.created_at, r.user_id, l.product_id, l.producer_id, l.stars, rl.qty, rl.amount, "
            "rl.vat_amount, l.unit_cost, l.sold_by_weight, rl.restock FROM sale_return r, return_line rl, sale_line l "
            "WHERE rl.return_id = r.id AND l.id = rl.sale_line_id"):
        if not start.isoformat() <= day <= end.isoformat():
            continue
        k = _keys(db, by, day, created, user_id, product_id, producer_id, stars)
        f = out[k]
        f["qty"] -= qty
        f["returns"] += amount
        f["vat"] -= vat
        back = _line_cost(cost, qty, weight) if restock else 0
        f["cost"] -= back
        if cost is not None:
            f["margin"] -= amount - vat - back
    for k, f in out.items():
        f["receipts"] = len(receipts[k])
        f["net"] = f["sales"] - f["returns"]
    db.close()
    return {k: dict(v) for k, v in out.items()}


def report_key(report: Report, row: tuple[Any, ...]) -> Any:
    if report.by == "day":
        return row[0].isoformat()
    if report.by == "week":
        return row[1].isoformat()
    return row[0]


MEASURES = ("receipts", "gross", "discounts", "sales", "returns", "net", "vat", "cost", "margin")


@pytest.mark.parametrize("by", [d for d in sales_report.DIMENSIONS if d != "payment"])
def test_sales_by_every_dimension_equal_the_raw_tables(showroom: Showroom, by: str) -> None:
    with showroom.sessions() as s:
        report = sales_report.sales(s, showroom.start, showroom.end, by)
    want = expected(showroom.path, by, showroom.start, showroom.end)
    got = {report_key(report, row): {m: row[report.index(m)] for m in MEASURES}
           for row in report.rows if any(row[report.index(m)] for m in MEASURES)}
    assert got == {k: {m: v.get(m, 0) for m in MEASURES} for k, v in want.items()}
    assert report.total("net") == sum(v["net"] for v in want.values())
    assert report.total("margin") == sum(v.get("margin", 0) for v in want.values())
    if by == "product":
        for row in report.rows:
            unit = row[report.index("unit")]
            qty = want[row[0]]["qty"]
            assert row[report.index("qty")] == (Decimal(qty) / 1000 if unit == "kg" else qty)


def test_the_fixture_has_what_the_reports_must_handle(showroom: Showroom) -> None:
    db = sqlite3.connect(showroom.path)
    assert db.execute("SELECT COUNT(*) FROM (SELECT 1 FROM sale_line GROUP BY sale_id, product_id "
                      "HAVING COUNT(*) > 1)").fetchone()[0] == 1  # the same product twice on one receipt
    assert db.execute("SELECT COUNT(*) FROM sale WHERE status = 'voided'").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM sale WHERE cart_discount > 0").fetchone()[0] == 2
    assert db.execute("SELECT COUNT(*) FROM return_line WHERE NOT restock").fetchone()[0] >= 1
    assert db.execute("SELECT COUNT(*) FROM return_line rl JOIN sale_line l ON l.id = rl.sale_line_id "
                      "WHERE l.sold_by_weight AND l.unit_cost IS NOT NULL").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(DISTINCT business_day) FROM sale").fetchone()[0] == 7


def test_payment_methods_and_summary_equal_the_raw_tables(showroom: Showroom) -> None:
    db = sqlite3.connect(showroom.path)
    period = (showroom.start.isoformat(), showroom.end.isoformat())
    taken = dict(db.execute(
        "SELECT p.method, SUM(p.amount) FROM payment p JOIN sale s ON s.id = p.sale_id WHERE s.status = 'completed' "
        "AND s.business_day BETWEEN ? AND ? GROUP BY p.method", period).fetchall())
    refunded = dict(db.execute("SELECT refund_method, SUM(refund_total) FROM sale_return "
                               "WHERE business_day BETWEEN ? AND ? GROUP BY refund_method", period).fetchall())
    with showroom.sessions() as s:
        report = sales_report.sales(s, showroom.start, showroom.end, "payment")
        summary = period_summary.summary(s, showroom.start, showroom.end)
    labels = {"cash": "Cash", "card": "Card", "transfer": "Bank transfer", "ewallet": "E-wallet"}
    got = {r[0]: (r[report.index("taken")], r[report.index("refunded")], r[report.index("net")]) for r in report.rows}
    assert got == {labels[m]: (taken.get(m, 0), refunded.get(m, 0), taken.get(m, 0) - refunded.get(m, 0))
                   for m in set(taken) | set(refunded)}
    day = expected(showroom.path, "day", showroom.start, showroom.end)
    assert summary.sales == sum(taken.values()) == sum(v["sales"] for v in day.values())
    assert summary.returns == sum(refunded.values())
    assert summary.net == summary.sales - summary.returns
    assert summary.margin == sum(v.get("margin", 0) for v in day.values())
    assert summary.receipts == sum(v["receipts"] for v in day.values())
    assert summary.voided == 1
    assert summary.discounts == sum(v["discounts"] for v in day.values()) > 0
    assert summary.average_basket == round_half_up(Decimal(summary.sales) / summary.receipts)
    assert summary.by_method == taken


def test_a_return_counts_on_its_own_day_not_the_sales(showroom: Showroom) -> None:
    today = showroom.end
    with showroom.sessions() as s:
        today_only = sales_report.sales(s, today, today, "day")
        before = sales_report.sales(s, showroom.start, today - timedelta(days=1), "day")
        listed = sales_lists.returns(s, showroom.start, today)
    assert today_only.total("returns") > 0
    assert before.total("returns") == 0
    assert listed.total("refunded") == today_only.total("returns")
    assert len(listed.rows) == 7 and all(r[listed.index("day")] == today for r in listed.rows)


def test_discounts_report_lists_each_discounted_receipt(showroom: Showroom) -> None:
    with showroom.sessions() as s:
        report = sales_lists.discounts(s, showroom.start, showroom.end)
        summary = period_summary.summary(s, showroom.start, showroom.end)
    assert len(report.rows) == summary.discounted_receipts == 2
    assert report.total("line_discount") + report.total("cart_discount") == summary.discounts


def test_best_and_worst_sellers(showroom: Showroom) -> None:
    with showroom.sessions() as s:
        by_product = sales_report.sales(s, showroom.start, showroom.end, "product")
        best = sales_lists.best_sellers(s, showroom.start, showroom.end, limit=3)
        worst = sales_lists.best_sellers(s, showroom.start, showroom.end, limit=50, worst=True)
    net = by_product.index("net")
    assert [r[0] for r in best.rows] == [r[0] for r in sorted(by_product.rows, key=lambda r: -r[net])[:3]]
    worst_net = [r[net] for r in worst.rows]
    assert worst_net == sorted(worst_net)
    assert len(worst.rows) >= len(by_product.rows)  # every active product, sold or not


def test_receipts_and_average_basket_by_day(showroom: Showroom) -> None:
    with showroom.sessions() as s:
        report = sales_report.sales(s, showroom.start, showroom.end, "day")
    assert len(report.rows) == 7  # every day of the period, even an empty one
    for row in report.rows:
        receipts, sales_ = row[report.index("receipts")], row[report.index("sales")]
        assert row[report.index("avg_basket")] == (round_half_up(Decimal(sales_) / receipts) if receipts else 0)


def test_triggers_keep_each_sales_cost_equal_to_its_lines(showroom: Showroom) -> None:
    db = sqlite3.connect(showroom.path)
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"tr_sale_line_cost_insert", "tr_sale_line_cost_delete", "tr_sale_line_cost_update"} <= triggers
    wrong = db.execute(
        "SELECT s.id FROM sale s WHERE s.cost_total <> COALESCE((SELECT SUM(CASE WHEN l.unit_cost IS NULL THEN 0 "
        "WHEN l.sold_by_weight THEN (l.unit_cost * l.qty + 500) / 1000 ELSE l.unit_cost * l.qty END) "
        "FROM sale_line l WHERE l.sale_id = s.id), 0) OR s.costed_total <> COALESCE((SELECT SUM(CASE WHEN "
        "l.unit_cost IS NULL THEN 0 ELSE l.amount - l.vat_amount END) FROM sale_line l WHERE l.sale_id = s.id), 0)"
    ).fetchall()
    assert wrong == []
    assert db.execute("SELECT SUM(cost_total) FROM sale").fetchone()[0] > 0
    db.execute("UPDATE sale_line SET unit_cost = unit_cost + 1 WHERE unit_cost IS NOT NULL AND NOT sold_by_weight")
    db.execute("DELETE FROM return_line")
    db.execute("DELETE FROM sale_line WHERE line_no = 2")
    assert db.execute(
        "SELECT COUNT(*) FROM sale s WHERE s.cost_total <> COALESCE((SELECT SUM(CASE WHEN l.unit_cost IS NULL "
        "THEN 0 WHEN l.sold_by_weight THEN (l.unit_cost * l.qty + 500) / 1000 ELSE l.unit_cost * l.qty END) "
        "FROM sale_line l WHERE l.sale_id = s.id), 0)").fetchone()[0] == 0
    db.rollback()


def test_lines_carry_their_sales_day_status_and_first_of_product_flag(showroom: Showroom) -> None:
    db = sqlite3.connect(showroom.path)
    wrong = db.execute(
        "SELECT l.id FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE l.business_day IS NOT s.business_day "
        "OR l.counted <> (s.status = 'completed') OR l.first_of_product <> NOT EXISTS (SELECT 1 FROM sale_line x "
        "WHERE x.sale_id = l.sale_id AND x.product_id = l.product_id AND x.line_no < l.line_no)").fetchall()
    assert wrong == []
    assert db.execute("SELECT COUNT(*) FROM sale_line WHERE NOT counted").fetchone()[0] == 1  # the voided sale
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"tr_sale_line_report_insert", "tr_sale_line_report_delete", "tr_sale_line_report_update",
            "tr_sale_report_status"} <= triggers
    sale_id = db.execute("SELECT id FROM sale WHERE status = 'completed' LIMIT 1").fetchone()[0]
    db.execute("UPDATE sale SET status = 'voided' WHERE id = ?", (sale_id,))
    assert db.execute("SELECT MAX(counted) FROM sale_line WHERE sale_id = ?", (sale_id,)).fetchone()[0] == 0
    first = db.execute("SELECT id, product_id FROM sale_line WHERE sale_id = ? AND line_no = 1", (sale_id,)).fetchone()
    db.execute("INSERT INTO sale_line (sale_id, line_no, product_id, sku, name, unit, sold_by_weight, qty, unit_price, "
               "list_price, gross, line_discount, cart_discount, amount, vat_rate_bp, vat_amount, consigned, counted, "
               "first_of_product) VALUES (?, 0, ?, 'x', 'x', 'x', 0, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0)",
               (sale_id, first[1]))
    flags = dict(db.execute("SELECT line_no, first_of_product FROM sale_line WHERE sale_id = ? AND product_id = ?",
                            (sale_id, first[1])).fetchall())
    assert flags[0] == 1 and flags[1] == 0  # an earlier line of the same product takes the flag
    db.execute("DELETE FROM sale_line WHERE sale_id = ? AND line_no = 0", (sale_id,))
    assert db.execute("SELECT first_of_product FROM sale_line WHERE id = ?", (first[0],)).fetchone()[0] == 1
    db.rollback()


def test_period_and_grouping_are_checked(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    today = business_day()
    with sessions() as s:
        with pytest.raises(ValidationError):
            sales_report.sales(s, today, today - timedelta(days=1), "day")
        with pytest.raises(ValidationError):
            sales_report.sales(s, today, today, "colour")
        empty = sales_report.sales(s, today, today, "product")
    assert empty.rows == [] and empty.total("net") == 0


def test_reports_are_for_managers(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions() as s:
        permissions.require(s, outlet.manager, "reports")
        with pytest.raises(ApprovalRequired):
            permissions.require(s, outlet.cashier, "reports")
        permissions.require(s, outlet.cashier, "reports", approved_by=outlet.manager_id)
        with pytest.raises(ApprovalRequired):
            permissions.require(s, Actor(outlet.cashier_id, outlet.terminal_id, "cashier"), "reports")


@given(st.integers(-10**12, 10**12), st.integers(-10**7, 10**7).filter(bool))
def test_integer_rounding_matches_the_money_rule(numerator: int, denominator: int) -> None:
    assert money.div_half_up(numerator, denominator) == round_half_up(Decimal(numerator) / Decimal(denominator))
