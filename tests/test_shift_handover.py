"""Shift handover in the real app (``run_gui``, the PIN screen up while the database opens on a thread):
log out and in again as often as the day needs, no restart; each user has their own cart."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from showroom_pos.app import main as gui
from showroom_pos.runtime.context import AppContext
from showroom_pos.services.till import saved_carts
from showroom_pos.services.till.sale_writer import PaymentIn
from showroom_pos.storage.models import Sale
from showroom_pos.ui.checkout import CheckoutScreen
from showroom_pos.ui.login import LoginScreen
from showroom_pos.ui.main_window import MainWindow

from .conftest import CASHIER_PIN, MANAGER_PIN, Outlet
from .test_app_start import _run_app, _top
from .test_checkout_gui import Keyboard

CODE = "8938000000015"


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The crash handler's message box, recorded instead of blocking the test; none is expected here."""
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a, **k: told.append(text))
    return told


def log_in(qtbot: QtBot, user_id: int, pin: str) -> tuple[MainWindow, CheckoutScreen]:
    qtbot.waitUntil(lambda: any(isinstance(w, LoginScreen) and w.isVisible() for w in QApplication.topLevelWidgets()))
    login = _top(LoginScreen)
    login.select_user(user_id)
    login.try_login(pin)
    assert login.message.text() == ""
    window = _top(MainWindow)
    screen = window.open_screen("checkout")
    assert isinstance(screen, CheckoutScreen)
    return window, screen


def log_out(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+L, as the cashier presses it."""
    [action] = [a for a in window.actions() if a.shortcut() == QKeySequence("Ctrl+L")]
    action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible())


def sell_one(qtbot: QtBot, screen: CheckoutScreen, kb: Keyboard) -> None:
    kb.scan(screen.search, CODE)
    assert len(screen.cart) == 1, screen.message.text()
    assert screen.complete([PaymentIn("cash", screen.cart.totals().total)]), screen.message.text()


def test_log_out_and_in_twenty_times_selling_after_each_login(qtbot: QtBot, app_context: AppContext,
                                                              outlet: Outlet, boxes: list[str]) -> None:
    outlet.open_shift(app_context.sessions)
    kb = Keyboard()
    who = [(outlet.cashier_id, CASHIER_PIN), (outlet.manager_id, MANAGER_PIN), (outlet.cashier_id, CASHIER_PIN)]
    roles: list[str] = []

    def drive() -> int:
        for n in range(20):
            user_id, pin = who[n % 3]
            window, screen = log_in(qtbot, user_id, pin)
            roles.append(window.ui.user.role)
            sell_one(qtbot, screen, kb)
            log_out(qtbot, window)
        return 0

    assert _run_app(app_context.paths, drive) == 0
    assert boxes == []  # no error behind the scenes (a previous window's listeners, say)
    assert len(roles) == 20 and set(roles) == {"cashier", "manager"}
    with app_context.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == 20


def test_the_next_user_gets_their_own_cart_and_the_first_gets_theirs_back(qtbot: QtBot, app_context: AppContext,
                                                                         outlet: Outlet) -> None:
    outlet.open_shift(app_context.sessions)
    kb = Keyboard()
    seen: dict[str, Any] = {}

    def drive() -> int:
        window, screen = log_in(qtbot, outlet.cashier_id, CASHIER_PIN)
        kb.scan(screen.search, CODE)
        kb.scan(screen.search, CODE)
        log_out(qtbot, window)  # handover with a cart in progress
        window, screen = log_in(qtbot, outlet.manager_id, MANAGER_PIN)
        seen["manager_cart"] = len(screen.cart)
        seen["manager_message"] = screen.message.text()
        log_out(qtbot, window)
        window, screen = log_in(qtbot, outlet.cashier_id, CASHIER_PIN)
        seen["back_cart"] = len(screen.cart)
        seen["back_message"] = screen.message.text()
        with app_context.sessions() as s:
            parked = saved_carts.parked_carts(s, outlet.terminal_id)
        seen["parked"] = [(p.label, p.lines) for p in parked]
        log_out(qtbot, window)
        return 0

    assert _run_app(app_context.paths, drive) == 0
    assert seen["manager_cart"] == 0
    assert "Trần Văn Minh" in seen["manager_message"] and "F8" in seen["manager_message"]
    # Parked under its owner's name, it waits for F8 (the cashier's own cart is not silently swapped in).
    assert seen["back_cart"] == 0 and seen["parked"] == [("Trần Văn Minh", 1)]
    assert "(1)" in seen["back_message"] and "F8" in seen["back_message"]  # told, so the customer is not forgotten


def test_an_error_in_a_button_is_logged_and_told_and_the_till_keeps_running(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, boxes: list[str]) -> None:
    outlet.open_shift(app_context.sessions)
    told = boxes
    kb = Keyboard()

    def drive() -> int:
        window, screen = log_in(qtbot, outlet.cashier_id, CASHIER_PIN)

        def broken() -> None:
            raise RuntimeError("a fault in a button's code")

        monkeypatch.setattr(screen, "remove_line", broken)
        from PySide6.QtWidgets import QPushButton

        button = screen.findChild(QPushButton, "checkoutRemove")
        assert button is not None
        button.clicked.disconnect()
        button.clicked.connect(lambda: screen.remove_line())
        with caplog.at_level(logging.CRITICAL, logger="showroom_pos.crash"):
            button.click()
        sell_one(qtbot, screen, kb)  # the till goes on
        log_out(qtbot, window)
        return 0

    assert _run_app(app_context.paths, drive) == 0
    assert len(told) == 1 and "log" in told[0]
    assert "a fault in a button's code" in caplog.text and "Traceback" in caplog.text


def test_run_gui_gives_back_the_previous_excepthook(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    import sys

    before = sys.excepthook
    assert _run_app(app_context.paths, lambda: 0) == 0
    assert sys.excepthook is before
    assert gui.crash_handler is not None
