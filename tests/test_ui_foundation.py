"""First start, PIN login and the main window, driven offscreen with pytest-qt."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.runtime.context import AppContext
from showroom_pos.services import setup, users
from showroom_pos.ui.login import LoginScreen
from showroom_pos.ui.main_window import MainWindow
from showroom_pos.ui.scanner_filter import scanner_policy
from showroom_pos.ui.session import LoggedIn, UiSession
from showroom_pos.ui.setup_dialog import SetupDialog

from .conftest import CASHIER_PIN, Outlet


def test_first_start_names_the_outlet_and_creates_the_admin(qtbot: QtBot, app_context: AppContext) -> None:
    dialog = SetupDialog(app_context)
    qtbot.addWidget(dialog)
    dialog.outlet_name.setText("Điểm OCOP Gò Công")  # QTest types ASCII only
    qtbot.keyClicks(dialog.outlet_code, "gc02")
    dialog.admin_name.setText("Phạm Văn Tài")
    qtbot.keyClicks(dialog.pin, "12")
    qtbot.keyClicks(dialog.pin_again, "12")
    scanner_policy().flush()  # typing settled (the scanner policy holds keys ~70 ms to tell them from a scan)
    dialog.save()
    assert dialog.message.text() != ""  # too short: refused, nothing written
    with app_context.sessions() as s:
        assert not setup.is_set_up(s)
    dialog.pin.setText("482615")
    dialog.pin_again.setText("482615")
    dialog.save()
    assert dialog.result() == SetupDialog.DialogCode.Accepted
    with app_context.sessions() as s:
        assert setup.outlet(s).code == "GC02"
        assert [u.role for u in users.active_users(s)] == ["admin"]


def _login_as(screen: LoginScreen, user_id: int) -> None:
    for row in range(screen.users.count()):
        if screen.users.item(row).data(Qt.ItemDataRole.UserRole) == user_id:
            screen.users.setCurrentRow(row)


def test_wrong_pin_shows_a_message_and_logs_nobody_in(qtbot: QtBot, app_context: AppContext,
                                                      outlet: Outlet) -> None:
    screen = LoginScreen(app_context)
    qtbot.addWidget(screen)
    _login_as(screen, outlet.cashier_id)
    with qtbot.assertNotEmitted(screen.logged_in):
        qtbot.keyClicks(screen.pin_pad.field, "0000")
        qtbot.keyClick(screen.pin_pad.field, Qt.Key.Key_Return)
    assert screen.message.text()
    assert screen.pin_pad.field.text() == ""


def test_right_pin_typed_on_the_pad_logs_in(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    screen = LoginScreen(app_context)
    qtbot.addWidget(screen)
    _login_as(screen, outlet.cashier_id)
    with qtbot.waitSignal(screen.logged_in) as signal:
        for digit in CASHIER_PIN:
            qtbot.mouseClick(screen.pin_pad.findChild(QPushButton,
                                                      f"pinKey_{digit}"), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(screen.pin_pad.findChild(QPushButton, "pinOk"),
                         Qt.MouseButton.LeftButton)
    who = signal.args[0]
    assert isinstance(who, LoggedIn) and who.user_id == outlet.cashier_id and who.role == "cashier"


def test_main_window_shows_user_and_database_and_navigates(qtbot: QtBot, app_context: AppContext,
                                                           outlet: Outlet, sessions: sessionmaker[Session]) -> None:
    window = MainWindow(UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager",
                                                        outlet.terminal_id)))
    qtbot.addWidget(window)
    window.show()
    assert "Nguyễn Thị Lan" in window.user_label.text()
    # The file's name in the bar (it never pushes the sync and backup messages over), the whole path on hover.
    assert app_context.paths.database.name == window.db_label.text()
    assert str(app_context.paths.database) == window.db_label.toolTip()
    settings_screen = window.open_screen("preferences")
    assert window.current_screen() is settings_screen
    home = window.open_screen("home")
    assert window.current_screen() is home
    assert window.nav.count() == len(window.specs) >= 2


def test_clicking_a_name_keeps_typing_in_the_pin_and_arrows_pick_the_user(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    screen = LoginScreen(app_context)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    screen.pin_pad.field.setFocus()
    start = screen.users.currentRow()
    qtbot.keyClick(screen.pin_pad.field, Qt.Key.Key_Down)
    assert screen.users.currentRow() == (start + 1) % screen.users.count()
    item = screen.users.item(0)
    qtbot.mouseClick(screen.users.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.users.visualItemRect(item).center())
    assert screen.users.focusPolicy() == Qt.FocusPolicy.NoFocus
    qtbot.keyClicks(screen.pin_pad.field, "12")
    qtbot.waitUntil(lambda: screen.pin_pad.field.text() == "12")


def test_a_barcode_scanned_into_the_pin_is_not_a_wrong_pin(qtbot: QtBot, app_context: AppContext,
                                                           outlet: Outlet) -> None:
    """Five scans at the login screen must not lock the cashier out."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    screen = LoginScreen(app_context)
    qtbot.addWidget(screen)
    _login_as(screen, outlet.cashier_id)

    def scan(code: str, start_ms: int) -> None:
        for i, ch in enumerate(code):
            key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key(ord(ch)), Qt.KeyboardModifier.NoModifier, ch)
            key.setTimestamp(start_ms + 5 * i)  # a scanner types a key every few milliseconds
            QApplication.sendEvent(screen.pin_pad.field, key)
        enter = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
        enter.setTimestamp(start_ms + 5 * len(code))
        QApplication.sendEvent(screen.pin_pad.field, enter)

    with qtbot.assertNotEmitted(screen.logged_in):
        for n in range(6):
            with qtbot.waitSignal(screen.pin_pad.scanned):
                scan("8938000000015"[: 8 + n], 1000 * (n + 1))
    assert "barcode" in screen.message.text()
    from showroom_pos.storage.models import AuditEvent, User

    with app_context.sessions() as s:
        cashier = s.get(User, outlet.cashier_id)
        assert cashier is not None and cashier.failed_attempts == 0 and cashier.locked_until is None
        assert s.query(AuditEvent).filter(AuditEvent.kind == "login.failed").count() == 0


def test_a_cashier_needs_a_manager_to_change_a_setting(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    import pytest

    from showroom_pos.core.errors import ApprovalRequired, PermissionDenied
    from showroom_pos.services import settings

    with pytest.raises(ApprovalRequired), sessions.begin() as s:
        settings.set(s, "receipt.footer", "Hẹn gặp lại", actor=outlet.cashier)
    with pytest.raises(PermissionDenied), sessions.begin() as s:  # another cashier cannot approve
        settings.set(s, "receipt.footer", "Hẹn gặp lại", actor=outlet.cashier, approved_by=outlet.cashier_id)
    with sessions.begin() as s:
        settings.set(s, "receipt.footer", "Hẹn gặp lại", actor=outlet.cashier, approved_by=outlet.manager_id)
    with sessions() as s:
        assert settings.get(s, "receipt.footer") == "Hẹn gặp lại"


def test_the_main_window_takes_the_keyboard_back_when_a_dialog_closes(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    """Without a window manager (a kiosk, a virtual screen) nothing gave the keyboard back after the payment
    dialog closed: the next scan went nowhere. A dialog still open (another program chosen) is left alone."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QDialog

    from showroom_pos.ui.checkout import CheckoutScreen

    window = MainWindow(UiSession(app_context, LoggedIn(outlet.cashier_id, "Trần Văn Minh", "cashier",
                                                        outlet.terminal_id)))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    dialog = QDialog(window)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    handle = dialog.windowHandle()
    dialog.hide()
    window._focus_window_changed(None)  # what Qt says when the closing dialog took the keyboard with it
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle())
    screen = window.current_screen()
    assert isinstance(screen, CheckoutScreen)  # the cashier's first screen
    assert QApplication.focusWidget() is screen.search

    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    window._focus_window_changed(handle)
    window._focus_window_changed(None)  # the cashier switched to another program: the dialog stays open
    qtbot.wait(50)
    assert dialog.isActiveWindow()
