"""Issue 14: what a screen caches goes when the screen is left. Opening Reports took the till from ~170 MB to
~300 MB for the rest of the day; now a screen left behind drops its rows, tables and charts (and the memory goes
back to the system), and reads them again when shown. The figures are in ``benchmarks/bench_screens.py``."""

from __future__ import annotations

import gc
import weakref
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from showroom_pos.runtime.context import AppContext
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.till.sale_writer import PaymentIn, complete_sale, line_for
from showroom_pos.storage.models import Product
from showroom_pos.ui.main_window import MainWindow
from showroom_pos.ui.products import ProductsScreen
from showroom_pos.ui.reports import ReportPanel, ReportsScreen
from showroom_pos.ui.session import LoggedIn, UiSession

from .conftest import Outlet


@runtime_checkable
class ReleasingScreen(Protocol):
    """A screen that lets its rows go when left (``release``) and reads them again when shown (``stale``)."""

    stale: bool

    def release(self) -> None: ...


def _sell(app_context: AppContext, outlet: Outlet) -> None:
    with app_context.sessions.begin() as s:
        product = s.get(Product, outlet.tra)
        assert product is not None
        complete_sale(s, outlet.cashier, [line_for(product, 2, vat_rates.vat_table(s))], [PaymentIn("cash", 130_000)])


def _window(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> MainWindow:
    outlet.open_shift(app_context.sessions)
    _sell(app_context, outlet)
    window = MainWindow(UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager",
                                                       outlet.terminal_id)))
    qtbot.addWidget(window)
    window.show()
    return window


def test_leaving_reports_releases_every_tab_and_coming_back_computes_again(qtbot: QtBot, app_context: AppContext,
                                                                          outlet: Outlet) -> None:
    window = _window(qtbot, app_context, outlet)
    screen = window.open_screen("reports")
    assert isinstance(screen, ReportsScreen)
    for index, panel in enumerate(screen.panels()):
        screen.tabs.setCurrentIndex(index)

        def computed(p: ReportPanel = panel) -> bool:
            return p.report is not None and p.pending == 0

        qtbot.waitUntil(computed, timeout=10_000)
    assert screen.sales.model.rowCount() > 0 and screen.sales.chart.points
    kept = weakref.ref(screen.sales.report)
    window.open_screen("checkout")
    for panel in screen.panels():
        assert panel.report is None and panel.model.rowCount() == 0 and panel.model.report is None
        assert panel.chart.points == [] and not panel.export_buttons["xlsx"].isEnabled()
    gc.collect()
    assert kept() is None  # nothing else holds the report: its rows are gone
    screen.tabs.setCurrentIndex(0)
    window.open_screen("reports")
    qtbot.waitUntil(lambda: screen.sales.report is not None and screen.sales.pending == 0, timeout=10_000)
    assert screen.sales.model.rowCount() > 0
    assert screen.stock.report is None  # the others when chosen
    screen.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: screen.stock.report is not None, timeout=10_000)
    window.shutdown()


def test_a_report_that_arrives_after_the_screen_was_left_is_not_kept(qtbot: QtBot, app_context: AppContext,
                                                                    outlet: Outlet) -> None:
    window = _window(qtbot, app_context, outlet)
    screen = window.open_screen("reports")
    assert isinstance(screen, ReportsScreen)
    qtbot.waitUntil(lambda: screen.sales.pending == 0, timeout=10_000)
    screen.sales.refresh()  # computing on its thread…
    window.open_screen("home")  # …while the manager goes elsewhere
    qtbot.waitUntil(lambda: screen.sales.pending == 0, timeout=10_000)
    QApplication.processEvents()
    assert screen.sales.report is None and screen.sales.model.rowCount() == 0
    window.shutdown()


def test_leaving_products_releases_its_rows_and_a_sale_meanwhile_does_not_reload_them(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    window = _window(qtbot, app_context, outlet)
    screen = window.open_screen("products")
    assert isinstance(screen, ProductsScreen)
    assert screen.model.rowCount() == 3
    window.open_screen("checkout")
    assert screen.model.rowCount() == 0 and screen.stale
    _sell(app_context, outlet)
    window.ui.events.sale_completed.emit("sale")  # the checkout says a sale was made
    assert screen.model.rowCount() == 0  # not read behind the checkout
    window.open_screen("products")
    assert screen.model.rowCount() == 3 and not screen.stale
    window.shutdown()


def test_every_screen_that_holds_rows_lets_them_go_when_left(qtbot: QtBot, app_context: AppContext,
                                                            outlet: Outlet) -> None:
    window = _window(qtbot, app_context, outlet)
    for key in ("stock_alerts", "audit_log", "stock_ledger", "home"):
        screen = window.open_screen(key)
        assert screen is not None and callable(getattr(screen, "release", None)), key
        assert isinstance(screen, ReleasingScreen), key
        window.open_screen("checkout")
        model = getattr(screen, "model", None)
        if model is not None:
            assert model.rowCount() == 0, key
        assert screen.stale, key
        window.open_screen(key)
        assert not screen.stale, key
    window.shutdown()
