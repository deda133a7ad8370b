"""A scan made the instant the PIN is accepted lands in the checkout, whole (``ui.key_handover``), and a scan whose
keys wait behind a busy GUI thread is not split by the scanner policy's timer (``ui.scanner_filter``).

Under Xvfb a scan 0–0.3 s after the PIN's Enter lost its first keys to the closing PIN screen: the checkout was
told "wrong number of digits" for the rest."""

from __future__ import annotations

import time
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from showroom_pos.runtime.context import AppContext
from showroom_pos.ui.key_handover import KeyHandover
from showroom_pos.ui.login import LoginScreen
from showroom_pos.ui.main_window import MainWindow
from showroom_pos.ui.scanner_filter import accept_scans, scanner_policy
from tests.conftest import CASHIER_PIN, Outlet
from tests.test_app_start import _run_app, _top
from tests.test_checkout_gui import Keyboard

MAM_TOM = "8938000000015"


def test_a_scan_made_as_the_pin_is_accepted_lands_in_the_checkout_whole(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    seen: dict[str, Any] = {}

    def drive() -> int:
        login = _top(LoginScreen)
        login.select_user(outlet.cashier_id)
        login.try_login(CASHIER_PIN)
        window = _top(MainWindow)
        # The window system still sends the keys to the PIN screen: the till does not have the keyboard yet.
        Keyboard().scan(login.pin_pad.field, MAM_TOM)
        seen["PIN field"] = login.pin_pad.field.text()
        seen["PIN screen message"] = login.message.text()
        screen = window.current_screen()
        # Closed once the till has the keyboard, and freed (it may be gone already: deleted, not just hidden).
        qtbot.waitUntil(lambda: not shiboken6.isValid(login) or not login.isVisible(), timeout=5_000)
        qtbot.waitUntil(lambda: len(screen.cart.lines) == 1, timeout=5_000)
        seen["line"] = screen.cart.lines[0].name
        seen["search box"] = screen.search.text()
        window.close()
        return 0

    assert _run_app(app_context.paths, drive) == 0
    assert seen == {"PIN field": "", "PIN screen message": "", "line": "Mắm tôm chà Gò Công", "search box": ""}


class TwoWindows:
    """A stand-in PIN screen and till: each a window with a focused box; the till's box takes scans."""

    def __init__(self, qtbot: QtBot) -> None:
        self.pin, self.till = QWidget(), QWidget()
        self.pin_box, self.till_box = QLineEdit(self.pin), QLineEdit(self.till)
        for window, box in ((self.pin, self.pin_box), (self.till, self.till_box)):
            QVBoxLayout(window).addWidget(box)
            qtbot.addWidget(window)
            window.show()
            box.setFocus()
        self.scans: list[str] = []
        accept_scans(self.till, self.scans.append)
        self.closed = 0

    def close_pin(self) -> None:
        self.closed += 1
        self.pin.close()


def test_keys_aimed_elsewhere_wait_for_the_till_then_come_in_order_with_their_times(qtbot: QtBot) -> None:
    windows = TwoWindows(qtbot)
    handover = KeyHandover(windows.till, then=windows.close_pin)
    keyboard = Keyboard()
    keyboard.scan(windows.pin_box, "8930080001371")
    assert (windows.pin_box.text(), windows.scans, windows.closed) == ("", [], 0)
    QApplication.sendEvent(windows.till, QEvent(QEvent.Type.WindowActivate))
    qtbot.waitUntil(lambda: handover.done)
    assert (windows.scans, windows.till_box.text(), windows.closed) == (["8930080001371"], "", 1)
    keyboard.type(windows.pin_box, "12", gap_ms=300)  # over: nothing is kept any more
    qtbot.waitUntil(lambda: windows.pin_box.text() == "12")


def test_a_key_reaching_the_till_first_brings_what_was_kept_before_it(qtbot: QtBot) -> None:
    windows = TwoWindows(qtbot)
    handover = KeyHandover(windows.till, then=windows.close_pin)
    keyboard = Keyboard()
    keyboard.type(windows.pin_box, "893008000", gap_ms=5)  # the start of a scan, to the PIN screen
    keyboard.type(windows.till_box, "1371", gap_ms=5)  # the rest, once the till has the keyboard
    keyboard.press(windows.till_box, Qt.Key.Key_Return, "\r", gap_ms=5)
    assert handover.done and windows.scans == ["8930080001371"]


def test_typing_kept_in_the_handover_is_still_typing(qtbot: QtBot) -> None:
    windows = TwoWindows(qtbot)
    KeyHandover(windows.till, then=windows.close_pin, at_most_ms=50)  # the till never activated: given anyway
    Keyboard().type(windows.pin_box, "mam", gap_ms=250)
    qtbot.waitUntil(lambda: windows.till_box.text() == "mam")
    assert (windows.scans, windows.closed) == ([], 1)


def _press(widget: QWidget, text: str, stamp: int) -> None:
    key = Qt.Key.Key_Return if text == "\r" else Qt.Key(ord(text))
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
        event.setTimestamp(stamp)
        QApplication.sendEvent(widget, event)


def test_a_scan_held_up_behind_a_busy_gui_thread_is_not_split(qtbot: QtBot) -> None:
    windows = TwoWindows(qtbot)
    windows.till.activateWindow()
    qtbot.waitUntil(windows.till.isActiveWindow)  # no focus change midway (it would end what is held)
    policy = scanner_policy()
    code = "8930080001371"
    stamp = 5_000_000
    for ch in code[:6]:  # the scan's first keys are held as a possible scan…
        stamp += 5
        _press(windows.till_box, ch, stamp)
    time.sleep((policy.detector.flush_after_ms + 100) / 1000)  # …then the window's first paint takes the thread
    QApplication.processEvents()  # the flush timer's turn comes before the keys that waited meanwhile
    for ch in code[6:] + "\r":
        stamp += 5
        _press(windows.till_box, ch, stamp)
    assert (windows.scans, windows.till_box.text()) == ([code], "")
