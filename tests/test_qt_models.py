"""Every Qt model of the UI checked by pytest-qt's ``qtmodeltester`` (Qt's QAbstractItemModelTester) while it
holds data and while it changes. The inventory, audit and report models are checked in their screens' tests
(test_inventory_gui, test_safety_ui, test_reports_ui); here: the checkout's cart and search results."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from showroom_pos.core.cart import Discount
from showroom_pos.runtime.context import AppContext
from showroom_pos.ui.checkout import CheckoutScreen
from showroom_pos.ui.session import Events, LoggedIn, UiSession

from .conftest import Outlet

MAM_TOM, TRA = "8938000000015", "8938000000022"


@pytest.fixture
def screen(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> Iterator[CheckoutScreen]:
    outlet.open_shift(app_context.sessions)
    ui = UiSession(app_context, LoggedIn(outlet.cashier_id, "Trần Văn Minh", "cashier", outlet.terminal_id), Events())
    widget = CheckoutScreen(ui, approve=lambda _action: outlet.manager_id)
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()


def test_the_cart_model(screen: CheckoutScreen, qtmodeltester: Any) -> None:
    screen.on_scan(MAM_TOM)
    screen.on_scan(TRA)
    model = screen.model
    qtmodeltester.check(model)  # with two lines; the tester stays on the model for what follows
    assert [model.data(model.index(r, 1)) for r in range(model.rowCount())] == ["Mắm tôm chà Gò Công",
                                                                                 "Trà mãng cầu xiêm"]
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Amount"
    screen.on_scan(MAM_TOM)  # a line changed
    assert model.data(model.index(0, 2)) == "2 hũ"
    screen._changed(screen.cart.set_line_discount(1, Discount(percent_bp=1000), screen.ui.user.user_id))
    screen.cart.set_discount(Discount(amount=5_000), screen.ui.user.user_id)  # every line's share moves
    screen._changed(screen.cart.set_qty(1, 3))
    screen._changed(screen.cart.remove(0))  # a line removed: the rest renumbered
    assert model.rowCount() == 1 and model.data(model.index(0, 0)) == "1"
    screen.cart.clear()
    screen._changed(None)
    assert model.rowCount() == 0
    qtmodeltester.check(model)  # and empty


def test_the_search_results_model(screen: CheckoutScreen, qtmodeltester: Any) -> None:
    screen.search.setText("tra")  # diacritics ignored: "Trà …"
    model = screen.results_model
    qtmodeltester.check(model)
    assert model.rowCount() >= 1
    assert "Trà mãng cầu xiêm" in str(model.data(model.index(0, 0)))
    screen.search.setText("mắm")  # the results replaced while the tester watches
    assert [p.sku for p in model.products] == ["HD-MAMTOM"]
    screen.search.setText("")
    assert model.rowCount() == 0
    qtmodeltester.check(model)
