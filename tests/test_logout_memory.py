"""A till runs all day with shift handovers: each logout must free the window it closes and the PIN screen before
it. Every login's window was kept (its ``Events`` and ``CartFeed`` held its screens through their slots, a cycle
Python's collector cannot see through Qt) and so was every closed PIN screen: ~2 MB a login, for the whole day."""

from __future__ import annotations

import functools
import gc
import weakref

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from showroom_pos.app.main import AppController
from showroom_pos.runtime.context import AppContext
from showroom_pos.ui.main_window import MainWindow
from tests.conftest import CASHIER_PIN, MANAGER_PIN, Outlet


def _log_in(qtbot: QtBot, controller: AppController, user_id: int, pin: str) -> MainWindow:
    login = controller.login
    assert login is not None
    login.select_user(user_id)
    login.try_login(pin)
    window = controller.window
    assert window is not None
    qtbot.waitUntil(lambda: controller.login is None and not (shiboken6.isValid(login) and login.isVisible()))
    return window


def _freed(ref: weakref.ReferenceType[object]) -> bool:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what the event loop does next
    gc.collect()
    return ref() is None


def test_each_logout_frees_its_window_and_the_pin_screen_before_it(qtbot: QtBot, app_context: AppContext,
                                                                  outlet: Outlet) -> None:
    controller = AppController(app_context)
    controller.show_login()
    kept: list[weakref.ReferenceType[object]] = []
    for user_id, pin, screens in ((outlet.cashier_id, CASHIER_PIN, ()),
                                  (outlet.manager_id, MANAGER_PIN, ("home", "products", "reports", "checkout")),
                                  (outlet.cashier_id, CASHIER_PIN, ())):
        login = controller.login
        assert login is not None
        window = _log_in(qtbot, controller, user_id, pin)
        login_ref: weakref.ReferenceType[object] = weakref.ref(login)
        for key in screens:
            window.open_screen(key)
        del login
        qtbot.waitUntil(functools.partial(_freed, login_ref))  # the closed PIN screen, at once
        assert login_ref() is None
        window_ref: weakref.ReferenceType[object] = weakref.ref(window)
        window.logout_requested.emit()  # Ctrl+L: the next PIN screen
        del window
        kept.append(window_ref)
    qtbot.waitUntil(lambda: all(_freed(ref) for ref in kept))
    assert all(ref() is None for ref in kept)  # every window logged out of, Python object and Qt's alike
    last = controller.login
    assert last is not None and shiboken6.isValid(last) and last.isVisible()  # the PIN screen waiting now
    last.close()
