"""The manager's home dashboard: today's sales, the open shift and the alerts, from the same figures as
the reports and the raw tables."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import business_day
from showroom_pos.runtime.context import AppContext
from showroom_pos.services import dashboard, simulate
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.reports import period_summary
from showroom_pos.services.stock import movements
from showroom_pos.services.till import sale_writer
from showroom_pos.storage.models import Product
from showroom_pos.ui.home import HomeScreen
from showroom_pos.ui.session import LoggedIn, UiSession
from tests.conftest import Outlet


@pytest.fixture
def busy(sessions: sessionmaker[Session], outlet: Outlet) -> Outlet:
    """Ten past days simulated, then two sales today; one product low, one certificate about to expire."""
    simulate.simulate(sessions, products=3, days=10, sales_per_day=5, seed=4)
    with sessions.begin() as s:
        vat = vat_rates.vat_table(s)
        tra = s.get(Product, outlet.tra)
        assert tra is not None
        sale_writer.complete_sale(s, outlet.cashier, [sale_writer.line_for(tra, 2, vat)],
                                  [sale_writer.PaymentIn("cash", 200_000)])
        sale_writer.complete_sale(s, outlet.cashier, [sale_writer.line_for(tra, 1, vat)],
                                  [sale_writer.PaymentIn("card", 65_000)])
        movements.post_movements(s, [(outlet.mam_tom, 1_000)], kind="receipt")
        s.execute(update(Product).where(Product.id == outlet.mam_tom).values(reorder_level=5_000))
        s.execute(update(Product).where(Product.id == outlet.tra).values(
            certificate_expires=business_day() + timedelta(days=10)))
    return outlet


def test_today_equals_the_reports_and_the_raw_tables(sessions: sessionmaker[Session], busy: Outlet,
                                                     db_path: Path) -> None:
    day = business_day()
    with sessions() as s:
        today = dashboard.today(s, busy.terminal_id)
        summary = period_summary.summary(s, day, day)
    db = sqlite3.connect(db_path)
    total, receipts = db.execute("SELECT SUM(total), COUNT(*) FROM sale WHERE business_day = ? "
                                 "AND status = 'completed'", (day.isoformat(),)).fetchone()
    assert today.sales_total == total == summary.net == 195_000
    assert today.receipts == receipts == 2
    assert today.average_basket == 97_500
    assert [d for d, _ in today.trend] == [day - timedelta(days=13 - i) for i in range(14)]
    assert today.trend[-1][1] == 195_000
    assert sum(v for _, v in today.trend) == period_summary.summary(s, day - timedelta(days=13), day).net
    assert today.top_products == [("Trà mãng cầu xiêm", 195_000)]
    assert today.shift is not None and today.shift.receipts == 2 and today.shift.cashier == "Trần Văn Minh"
    assert today.shift.expected_cash == 500_000 + 130_000
    pending_days = db.execute("SELECT COUNT(DISTINCT business_day) FROM outbox WHERE status = 'pending'").fetchone()[0]
    assert today.days_unsynced == pending_days == 11
    kinds = {a.kind for a in today.alerts}
    assert {"low_stock", "certificate_expiring"} <= kinds
    assert today.low_stock >= 1 and today.certificates_expiring == 1


def test_change_against_last_week() -> None:
    base = dashboard.Today("x", 120_000, 1, "", "", 0, 0, 0, 0, same_day_last_week=100_000)
    assert base.change_vs_last_week_bp == 2000
    assert dashboard.Today("x", 5, 1, "", "", 0, 0, 0, 0).change_vs_last_week_bp is None


def test_home_screen_shows_today_and_alerts(qtbot: QtBot, app_context: AppContext, busy: Outlet) -> None:
    ui = UiSession(app_context, LoggedIn(busy.manager_id, "Nguyễn Thị Lan", "manager", busy.terminal_id))
    home = HomeScreen(ui)
    qtbot.addWidget(home)
    assert home.sales_today.text() == "195.000"
    assert home.receipts_today.text() == "2"
    assert "Trần Văn Minh" in home.shift.text() and "630.000" in home.shift.text()
    texts = [home.alert_list.item(i).text() for i in range(home.alert_list.count())]
    assert any(t.startswith("Low stock: Mắm tôm chà Gò Công") for t in texts)
    assert any("OCOP certificate expires" in t and "Trà mãng cầu xiêm" in t for t in texts)
    assert any("not yet sent to the province" in t for t in texts)
    assert not home.margin_card.isHidden() and not home.trend.isHidden()
    assert len(home.trend.points) == 14
    # The counts say only what there is: no "0 expired" (nothing has expired here).
    assert home.alerts.text().startswith(  # one of each, said in the singular ("1 products" before)
        "1 product below reorder level; 1 OCOP certificate expiring within 60 days; ")
    assert home.alerts.text().endswith(" days not yet sent to the province.") and "expired" not in home.alerts.text()
    quiet = dashboard.Today(outlet_name="", sales_total=0, receipts=0, shift_opened="", shift_user="", low_stock=0,
                            certificates_expiring=0, certificates_expired=0, days_unsynced=0)
    assert home.alerts_text(quiet) == "Nothing needs attention."
    many = dashboard.Today(outlet_name="", sales_total=0, receipts=0, shift_opened="", shift_user="", low_stock=1_234,
                           certificates_expiring=0, certificates_expired=0, days_unsynced=0)
    assert home.alerts_text(many) == "1,234 products below reorder level."  # grouped as every count (was "1234")


def test_home_screen_counts_group_thousands_and_say_one_receipt(qtbot: QtBot, app_context: AppContext, busy: Outlet,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Today's receipts and the open shift's group their thousands as every count does ("1,234"; "1.234" in
    Vietnamese), and a shift of one sale says "1 receipt" in English, not "1 receipts"."""
    from dataclasses import replace

    real = dashboard.today
    counts = {"day": 1_234, "shift": 1}

    def today(session: Session, terminal_id: int) -> dashboard.Today:
        found = real(session, terminal_id)
        assert found.shift is not None
        return replace(found, receipts=counts["day"], shift=replace(found.shift, receipts=counts["shift"]))

    monkeypatch.setattr(dashboard, "today", today)
    ui = UiSession(app_context, LoggedIn(busy.manager_id, "Nguyễn Thị Lan", "manager", busy.terminal_id))
    home = HomeScreen(ui)
    qtbot.addWidget(home)
    assert home.receipts_today.text() == "1,234"
    assert ": 1 receipt, " in home.shift.text()
    counts["shift"] = 2_500
    home.refresh()
    assert ": 2,500 receipts, " in home.shift.text()


def test_home_screen_refreshes_after_a_sale_only_when_visible(qtbot: QtBot, app_context: AppContext,
                                                              busy: Outlet) -> None:
    ui = UiSession(app_context, LoggedIn(busy.cashier_id, "Trần Văn Minh", "cashier", busy.terminal_id))
    home = HomeScreen(ui)
    qtbot.addWidget(home)
    assert home.margin_card.isHidden() and home.trend.isHidden()  # cost figures are for managers
    with app_context.transaction() as s:
        tra = s.get(Product, busy.tra)
        assert tra is not None
        done = sale_writer.complete_sale(s, busy.cashier, [sale_writer.line_for(tra, 1, vat_rates.vat_table(s))],
                                         [sale_writer.PaymentIn("cash", 65_000)])
    ui.events.sale_completed.emit(done.sale_id)
    assert home.stale and home.receipts_today.text() == "2"  # hidden: nothing recomputed yet
    home.show()
    qtbot.waitExposed(home)
    assert not home.stale and home.receipts_today.text() == "3"
    with app_context.transaction() as s:
        sale_writer.complete_sale(s, busy.cashier, [sale_writer.line_for(tra, 1, vat_rates.vat_table(s))],
                                  [sale_writer.PaymentIn("cash", 65_000)])
    ui.events.sale_completed.emit("x")
    assert home.receipts_today.text() == "4"


def test_a_product_whose_sales_all_came_back_is_not_a_best_seller(qtbot: QtBot, app_context: AppContext,
                                                                 busy: Outlet) -> None:
    from showroom_pos.services.till import sale_returns

    with app_context.transaction() as s:
        mam_tom = s.get(Product, busy.mam_tom)
        assert mam_tom is not None
        sold = sale_writer.complete_sale(s, busy.cashier, [sale_writer.line_for(mam_tom, 1, vat_rates.vat_table(s))],
                                         [sale_writer.PaymentIn("cash", 200_000)])
        line = sale_returns.find_sale_for_return(s, sold.sale_id).lines[0]
        sale_returns.create_return(s, busy.cashier, sold.sale_id, [sale_returns.ReturnItem(line.sale_line_id, 1)],
                                   refund_method="cash", approved_by=busy.manager_id)
    with app_context.sessions() as s:
        today = dashboard.today(s, busy.terminal_id)
    assert today.top_products == [("Trà mãng cầu xiêm", 195_000)]  # not "Mắm tôm chà Gò Công — 0 ₫"
    ui = UiSession(app_context, LoggedIn(busy.manager_id, "Nguyễn Thị Lan", "manager", busy.terminal_id))
    home = HomeScreen(ui)
    qtbot.addWidget(home)
    texts = [home.alert_list.item(i).text() for i in range(home.alert_list.count())]
    assert "11 days not yet sent to the province." in texts  # nothing set aside: no "(0 set aside …)"
