"""Stock and cash reports against the raw tables: on-hand value, stock cover, slow movers, shifts, Z reports
and over/short per cashier."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import NotFound
from showroom_pos.core.money import round_half_up
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import report_export, shifts, simulate, users
from showroom_pos.services.context import Actor
from showroom_pos.services.reports import cash_report, stock_report
from showroom_pos.services.stock import movements
from showroom_pos.storage.models import Product, Sale
from tests.conftest import Outlet


@dataclass
class Shop:
    path: Path
    sessions: sessionmaker[Session]
    outlet: Outlet
    second_cashier: Actor


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    """Four days of simulated sales by one cashier, then a shift by another who closes 50.000 ₫ over;
    a product sold by weight with a cost, one with negative stock, one never sold."""
    path = tmp_path_factory.mktemp("stock") / "showroom.db"
    ctx = AppContext.open(AppPaths.resolve(path))
    outlet = Outlet(ctx.sessions)
    with ctx.sessions.begin() as s:
        s.execute(update(Product).where(Product.id == outlet.sau_rieng).values(cost=110_000))
        movements.post_movements(s, [(outlet.sau_rieng, 25_500), (outlet.mam_tom, 40), (outlet.tra, -3)],
                                 kind="receipt", day=business_day() - timedelta(days=30))
        second = users.create_user(s, "Lê Thị Hoa", "cashier", "2580")
    simulate.simulate(ctx.sessions, products=6, days=4, sales_per_day=10, seed=11)
    hoa = Actor(second.id, outlet.terminal_id, "cashier")
    with ctx.sessions.begin() as s:
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None
        shifts.close_shift(s, outlet.cashier, {500_000: 1})  # simulate's open shift, counted exactly
        shifts.open_shift(s, hoa, 300_000)
    with ctx.sessions.begin() as s:
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None
        shifts.close_shift(s, hoa, {200_000: 1, 100_000: 1, 50_000: 1})  # 350.000 counted for 300.000
        shifts.open_shift(s, outlet.cashier, 500_000)  # left open: shows as an X report
    yield Shop(path, ctx.sessions, outlet, hoa)
    ctx.close()


def test_stock_value_at_cost_and_at_price(shop: Shop) -> None:
    db = sqlite3.connect(shop.path)
    at_cost = at_price = 0
    for on_hand, cost, price, weight in db.execute(
            "SELECT on_hand, cost, price, sold_by_weight FROM product WHERE active OR on_hand <> 0"):
        held = max(on_hand, 0)
        factor = Decimal(held) / 1000 if weight else Decimal(held)
        at_price += round_half_up(factor * price)
        at_cost += round_half_up(factor * cost) if cost is not None else 0
    with shop.sessions() as s:
        report = stock_report.stock_value(s)
    assert report.total("value_cost") == at_cost > 0
    assert report.total("value_price") == at_price > at_cost
    tra = next(r for r in report.rows if r[0] == "TRV-TMC")
    assert tra[report.index("on_hand")] < 0 and tra[report.index("value_price")] == 0
    assert any("negative stock" in t for t, _ in report.notes)
    assert any("no cost" in t for t, _ in report.notes)  # simulated products have none


def test_a_count_of_one_is_said_in_the_singular(shop: Shop) -> None:
    """The stock reports' notes say "1 product … has", "1 day" in English (session 14 left "1 products show
    negative stock"); Vietnamese says a count of one as any other."""
    from showroom_pos import package_data
    from showroom_pos.runtime import i18n
    from showroom_pos.services.reports.table import Report

    catalogue = i18n.read_catalogue(package_data.path("resources", "i18n", "showroom_vi.ts"))["UserError"]

    def vi_translate(text: str) -> str:
        return catalogue.get(text, text)

    with shop.sessions() as s:
        value = stock_report.stock_value(s)
        cover = stock_report.stock_cover(s, window_days=1)
        week = stock_report.stock_cover(s, window_days=7)
    db = sqlite3.connect(shop.path)
    assert db.execute("SELECT count(*) FROM product WHERE on_hand < 0").fetchone()[0] == 1
    english = [Report.note_text(n) for n in value.notes]
    assert "1 product shows negative stock: count it." in english
    assert [Report.note_text(n) for n in cover.notes] == ["Sales window: 1 day."]
    assert [Report.note_text(n) for n in week.notes] == ["Sales window: 7 days."]
    # Whole numbers grouped as the report's cells are: "15000 sản phẩm" was seen at 50,000 products.
    many = ("{count} products in stock have no cost: they are left out of the value at cost.", {"count": 15_000})
    assert Report.note_text(many, vi_translate).startswith("15.000 sản phẩm còn tồn chưa có giá vốn")
    assert Report.note_text(many).startswith("15.000 products in stock")
    vietnamese = report_export.to_text(value, vi_translate)
    assert "1 sản phẩm đang tồn kho âm: hãy kiểm kê lại." in vietnamese
    assert "Tính theo bán hàng 1 ngày gần nhất." in report_export.to_text(cover, vi_translate)


def test_stock_cover_from_the_window_sales(shop: Shop) -> None:
    window = 7
    end = business_day()
    db = sqlite3.connect(shop.path)
    sold: dict[str, int] = defaultdict(int)
    for sku, qty in db.execute(
            "SELECT p.sku, l.qty FROM sale_line l JOIN sale s ON s.id = l.sale_id "
            "JOIN product p ON p.id = l.product_id WHERE s.status = 'completed' AND s.business_day BETWEEN ? AND ?",
            ((end - timedelta(days=window - 1)).isoformat(), end.isoformat())):
        sold[sku] += qty
    on_hand = dict(db.execute("SELECT sku, on_hand FROM product WHERE active").fetchall())
    with shop.sessions() as s:
        report = stock_report.stock_cover(s, window_days=window)
    assert len(report.rows) == len(on_hand)
    for row in report.rows:
        sku = row[0]
        cover = row[report.index("cover_days")]
        if sold[sku]:
            assert cover == (Decimal(max(on_hand[sku], 0)) * window / sold[sku]).quantize(Decimal("0.1"))
        else:
            assert cover is None
    covers = [r[report.index("cover_days")] for r in report.rows]
    known = [c for c in covers if c is not None]
    assert known == sorted(known) and covers[: len(known)] == known  # shortest first, never-sold last
    assert stock_report.cover_days(10, 0, 30) is None
    assert stock_report.cover_days(-5, 3, 30) == Decimal("0.0")


def test_slow_movers_are_in_stock_and_sell_slowly_or_not_at_all(shop: Shop) -> None:
    with shop.sessions() as s:
        cover = stock_report.stock_cover(s, window_days=30)
        slow = stock_report.slow_movers(s, window_days=30, over_days=90)
    by_sku = {r[0]: r for r in cover.rows}
    assert slow.rows
    for row in slow.rows:
        c = by_sku[row[0]][cover.index("cover_days")]
        assert by_sku[row[0]][cover.index("on_hand")] > 0
        assert c is None or c > 90
    expected = {r[0] for r in cover.rows if r[cover.index("on_hand")] > 0
                and (r[cover.index("cover_days")] is None or r[cover.index("cover_days")] > 90)}
    assert {r[0] for r in slow.rows} == expected


def test_shift_history_matches_the_shifts_and_their_z_reports(shop: Shop) -> None:
    db = sqlite3.connect(shop.path)
    stored = db.execute("SELECT id, expected_cash, counted_cash, z_report FROM shift ORDER BY opened_at").fetchall()
    with shop.sessions() as s:
        report = cash_report.shift_history(s, business_day() - timedelta(days=10), business_day())
    assert [r[0] for r in report.rows] == [r[0] for r in stored]
    for row, (_, expected_cash, counted, z) in zip(report.rows, stored, strict=True):
        if z is None:
            assert row[report.index("status")] == "Open" and row[report.index("over_short")] is None
            continue
        data = json.loads(z)
        assert row[report.index("over_short")] == counted - expected_cash == data["over_short"]
        assert row[report.index("net_sales")] == data["net_sales"]
        assert row[report.index("receipts")] == data["receipts"]
    assert report.total("over_short") == sum(c - e for _, e, c, z in stored if z is not None)


def test_over_short_per_cashier(shop: Shop) -> None:
    db = sqlite3.connect(shop.path)
    per: dict[str, list[int]] = defaultdict(list)
    for name, diff in db.execute('SELECT u.name, s.counted_cash - s.expected_cash FROM shift s JOIN "user" u '
                                 "ON u.id = s.user_id WHERE s.closed_at IS NOT NULL"):
        per[name].append(diff)
    with shop.sessions() as s:
        report = cash_report.over_short_by_cashier(s, date(2000, 1, 1), business_day())
    got = {r[0]: (r[report.index("shifts")], r[report.index("net")], r[report.index("over")],
                  r[report.index("short")]) for r in report.rows}
    assert got == {name: (len(d), sum(d), sum(x for x in d if x > 0), sum(x for x in d if x < 0))
                   for name, d in per.items()}
    assert got["Lê Thị Hoa"] == (1, 50_000, 50_000, 0)


def test_z_report_of_a_closed_and_an_open_shift(shop: Shop) -> None:
    with shop.sessions() as s:
        history = cash_report.shift_history(s, business_day() - timedelta(days=10), business_day())
        closed = next(r for r in history.rows if r[history.index("cashier")] == "Lê Thị Hoa")
        z = cash_report.z_report(s, closed[0])
        x = cash_report.z_report(s, history.rows[-1][0])
        with pytest.raises(NotFound):
            cash_report.z_report(s, "no-such-shift")
    items = dict(z.rows)
    assert z.title == "Z report" and items["Over / short"] == 50_000 and items["Counted cash"] == 350_000
    assert x.title.startswith("X report")
    assert z.row_kinds is not None and len(z.row_kinds) == len(z.rows)
    assert json.loads(z.to_json())["rows"][0]["item"] == "Business day"
    assert items["Business day"] == closed[history.index("day")]  # a date, shown dd/mm/yyyy like every other
    assert report_export.display_rows(z)[0][1] == closed[history.index("day")].strftime("%d/%m/%Y")


def test_last_sold_is_the_last_day_a_sale_of_it_counts(sessions: sessionmaker[Session], outlet: Outlet,
                                                        db_path: Path) -> None:
    """"Last sold" is the last business day of a completed sale of the product: a voided sale is no sale (the ledger's
    sale movements, read before session 16, kept it: a product showed nothing sold in the window and "last sold 3
    days ago"); a product whose last sale is older than the window still shows that day."""
    from showroom_pos.services.till import voids
    from tests.safety_helpers import sell, stock_up

    outlet.open_shift(sessions)
    stock_up(sessions, [outlet.mam_tom, outlet.tra, outlet.sau_rieng])
    today = business_day()
    long_ago = today - timedelta(days=75)
    old = sell(sessions, outlet.cashier, [outlet.sau_rieng])
    sell(sessions, outlet.cashier, [outlet.tra])
    voided = sell(sessions, outlet.cashier, [outlet.mam_tom])
    with sessions.begin() as s:
        sale_id = s.execute(select(Sale.id).where(Sale.receipt_no == voided[0])).scalar_one()
        voids.void_sale(s, outlet.manager, sale_id, approved_by=None, reason="khách đổi ý")
    db = sqlite3.connect(db_path)
    with db:  # an older sale, as if rung up 75 days ago (the rollup triggers follow the day)
        db.execute("UPDATE sale SET business_day = ? WHERE receipt_no = ?", (long_ago.isoformat(), old[0]))
        db.execute("UPDATE sale_line SET business_day = ? WHERE sale_id = (SELECT id FROM sale WHERE receipt_no = ?)",
                   (long_ago.isoformat(), old[0]))
    with sessions() as s:
        report = stock_report.stock_cover(s, window_days=30)
    rows = {r[0]: r for r in report.rows}
    last, since, sold = report.index("last_sold"), report.index("days_since_sale"), report.index("sold")
    assert (rows["TRV-TMC"][last], rows["TRV-TMC"][since], rows["TRV-TMC"][sold]) == (today, 0, 1)
    assert (rows["HD-MAMTOM"][last], rows["HD-MAMTOM"][since], rows["HD-MAMTOM"][sold]) == (None, None, 0)
    assert (rows["TCT-SR"][last], rows["TCT-SR"][since]) == (long_ago, 75)
    assert rows["TCT-SR"][sold] == 0 and rows["TCT-SR"][report.index("cover_days")] is None
    # Against the raw tables: the last day of a completed sale with a line of the product.
    raw = dict(db.execute(
        "SELECT p.sku, (SELECT MAX(s.business_day) FROM sale s JOIN sale_line l ON l.sale_id = s.id "
        "WHERE l.product_id = p.id AND s.status = 'completed') FROM product p WHERE p.active").fetchall())
    assert {sku: r[last] and r[last].isoformat() for sku, r in rows.items()} == raw
