"""The Users screen, offscreen: an administrator unlocks a cashier locked out by wrong PINs, adds a cashier, sets a
PIN, and cannot deactivate the last administrator or themselves; a cashier or a manager never sees the screen.
Each outcome is checked where it matters: at the PIN screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import format_datetime
from showroom_pos.runtime.context import AppContext
from showroom_pos.services import users
from showroom_pos.storage.models import AuditEvent, User
from showroom_pos.ui.login import LoginScreen
from showroom_pos.ui.main_window import MainWindow
from showroom_pos.ui.scanner_filter import scanner_policy
from showroom_pos.ui.screens import all_screens
from showroom_pos.ui.session import LoggedIn, UiSession
from showroom_pos.ui.users_screen import NewUserDialog, PinDialog, UsersScreen

from .conftest import ADMIN_PIN, CASHIER_PIN, Outlet
from .test_checkout_gui import Keyboard

NAMES = {"cashier": "Trần Văn Minh", "manager": "Nguyễn Thị Lan", "admin": "Quản trị"}


def window_as(qtbot: QtBot, app_context: AppContext, outlet: Outlet, role: str) -> MainWindow:
    uid = {"cashier": outlet.cashier_id, "manager": outlet.manager_id, "admin": outlet.admin_id}[role]
    window = MainWindow(UiSession(app_context, LoggedIn(uid, NAMES[role], role, outlet.terminal_id)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def screen(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> Iterator[UsersScreen]:
    window = window_as(qtbot, app_context, outlet, "admin")
    found = window.open_screen("users")
    assert isinstance(found, UsersScreen)
    yield found
    window.shutdown()


def row_of(screen: UsersScreen, name: str) -> int:
    return next(i for i, r in enumerate(screen.rows) if r.name == name)


def cells(screen: UsersScreen, name: str) -> list[str]:
    row = row_of(screen, name)
    texts = []
    for col in range(screen.table.columnCount()):
        item = screen.table.item(row, col)
        assert item is not None
        texts.append(item.text())
    return texts


def wrong_pins(app_context: AppContext, user_id: int, times: int = users.MAX_FAILED_ATTEMPTS) -> None:
    """Wrong PINs typed at the PIN screen (as the login screen does: committed even when refused)."""
    login = LoginScreen(app_context)
    login.select_user(user_id)
    for _ in range(times):
        login.try_login("0000")
    login.deleteLater()


def log_in(qtbot: QtBot, app_context: AppContext, name: str, pin: str) -> LoggedIn | str:
    """At a fresh PIN screen (as after Ctrl+L): who logged in, or the screen's message."""
    login = LoginScreen(app_context)
    qtbot.addWidget(login)
    listed = {login.users.item(i).text().split(" — ")[0]: login.users.item(i).data(Qt.ItemDataRole.UserRole)
              for i in range(login.users.count())}
    if name not in listed:
        return f"{name} is not listed"
    login.select_user(listed[name])
    seen: list[LoggedIn] = []
    login.logged_in.connect(seen.append)
    login.try_login(pin)
    return seen[0] if seen else login.message.text()


def save(dialog: NewUserDialog | PinDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(QDialogButtonBox.StandardButton.Save).click()


def test_a_locked_cashier_is_unlocked_from_the_screen_and_can_log_in(
        qtbot: QtBot, screen: UsersScreen, app_context: AppContext, outlet: Outlet) -> None:
    wrong_pins(app_context, outlet.cashier_id)
    assert "locked" in str(log_in(qtbot, app_context, NAMES["cashier"], CASHIER_PIN))
    screen.refresh()
    with app_context.sessions() as s:
        cashier = s.get(User, outlet.cashier_id)
        assert cashier is not None and cashier.locked_until is not None
        until = format_datetime(cashier.locked_until)
    assert cells(screen, NAMES["cashier"]) == [NAMES["cashier"], "Cashier", "Active", f"Locked until {until}"]
    screen.table.selectRow(row_of(screen, NAMES["admin"]))
    assert not screen.unlock_button.isEnabled()  # nobody to unlock there
    screen.table.selectRow(row_of(screen, NAMES["cashier"]))
    assert screen.unlock_button.isEnabled()
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert screen.message.text() == f"{NAMES['cashier']} can log in again."
    assert cells(screen, NAMES["cashier"])[3] == "" and not screen.unlock_button.isEnabled()
    who = log_in(qtbot, app_context, NAMES["cashier"], CASHIER_PIN)
    assert isinstance(who, LoggedIn) and who.user_id == outlet.cashier_id
    with app_context.sessions() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.kind == "user.unlocked")).one()
        assert (event.user_id, event.entity_id) == (outlet.admin_id, str(outlet.cashier_id))


def test_a_lock_only_an_administrator_lifts_says_so(qtbot: QtBot, screen: UsersScreen, app_context: AppContext,
                                                    outlet: Outlet, sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:  # the fourth lock in a row (after 5, 15 and 60 minutes)
        cashier = s.get(User, outlet.cashier_id)
        assert cashier is not None
        cashier.lockouts = len(users.LOCKOUTS)
    wrong_pins(app_context, outlet.cashier_id)
    screen.refresh()
    assert cells(screen, NAMES["cashier"])[3] == "Locked until an administrator unlocks"
    screen.table.selectRow(row_of(screen, NAMES["cashier"]))
    assert screen.unlock()
    assert isinstance(log_in(qtbot, app_context, NAMES["cashier"], CASHIER_PIN), LoggedIn)


def test_add_a_cashier_who_logs_in_with_the_new_pin(qtbot: QtBot, screen: UsersScreen, app_context: AppContext,
                                                   outlet: Outlet) -> None:
    dialog = screen.add_user()
    qtbot.waitExposed(dialog)
    assert dialog.pins.pin.echoMode() == dialog.pins.again.echoMode() == dialog.pins.pin.EchoMode.Password
    assert dialog.role.currentData() == "cashier"  # the usual new user
    dialog.name.setText("Lê Thị Ngọc")
    kb = Keyboard()
    kb.type(dialog.pins.pin, "4826", gap_ms=150)  # typed by a person, through the scanner policy
    kb.type(dialog.pins.again, "4862", gap_ms=150)
    scanner_policy().flush()  # the last key, held a moment in case it began a scan, lands
    assert (dialog.pins.pin.text(), dialog.pins.again.text()) == ("4826", "4862")
    save(dialog)
    assert dialog.isVisible() and dialog.message.text() == "The two PINs differ."
    assert dialog.pins.pin.text() == dialog.pins.again.text() == ""
    dialog.pins.pin.setText("4826")
    dialog.pins.again.setText("4826")
    save(dialog)
    assert not dialog.isVisible()
    assert cells(screen, "Lê Thị Ngọc") == ["Lê Thị Ngọc", "Cashier", "Active", ""]
    selected = screen.selected()
    assert selected is not None and selected.name == "Lê Thị Ngọc"
    assert "Lê Thị Ngọc (Cashier) was added" in screen.message.text()
    who = log_in(qtbot, app_context, "Lê Thị Ngọc", "4826")
    assert isinstance(who, LoggedIn) and who.role == "cashier" and who.name == "Lê Thị Ngọc"


def test_a_scanned_code_is_never_taken_for_a_pin(qtbot: QtBot, screen: UsersScreen, app_context: AppContext) -> None:
    dialog = screen.add_user()
    qtbot.waitExposed(dialog)
    dialog.name.setText("Lê Thị Ngọc")
    kb = Keyboard()
    for field in (dialog.pins.pin, dialog.pins.again):
        field.setFocus()
        kb.scan(field, "8938000000015")
        assert field.text() == "" and dialog.isVisible()  # the scanner policy refused it, Enter and all
    # The same code typed slowly (or pasted) is longer than any PIN: refused, never cut down to 12 digits.
    dialog.pins.pin.setText("8938000000015")
    dialog.pins.again.setText("8938000000015")
    save(dialog)
    assert dialog.isVisible() and "at most 12 digits" in dialog.message.text()
    dialog.pins.pin.setText("12ab")
    assert dialog.pins.pin.hasAcceptableInput() is False  # letters are not PIN digits
    dialog.reject()
    assert "Lê Thị Ngọc" not in [r.name for r in screen.rows]


def test_change_a_pin(qtbot: QtBot, screen: UsersScreen, app_context: AppContext, outlet: Outlet) -> None:
    assert screen.change_pin() is None and screen.message.text() == "Select a user first."
    wrong_pins(app_context, outlet.cashier_id)  # locked out, and the PIN forgotten
    screen.refresh()
    screen.table.selectRow(row_of(screen, NAMES["cashier"]))
    dialog = screen.change_pin()
    assert isinstance(dialog, PinDialog)
    qtbot.waitExposed(dialog)
    dialog.pins.pin.setText("12")
    dialog.pins.again.setText("12")
    save(dialog)
    assert dialog.isVisible() and "at least 4 digits" in dialog.message.text()
    assert dialog.pins.pin.text() == dialog.pins.again.text() == ""  # emptied, to be typed again
    dialog.pins.pin.setText("8642")
    dialog.pins.again.setText("8642")
    save(dialog)
    assert not dialog.isVisible()
    assert "PIN was changed" in screen.message.text() and cells(screen, NAMES["cashier"])[3] == ""
    assert "Wrong name or PIN" in str(log_in(qtbot, app_context, NAMES["cashier"], CASHIER_PIN))
    assert isinstance(log_in(qtbot, app_context, NAMES["cashier"], "8642"), LoggedIn)


def test_cannot_deactivate_the_last_administrator_nor_yourself(
        qtbot: QtBot, screen: UsersScreen, app_context: AppContext, outlet: Outlet,
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_a: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert screen.warning.isVisibleTo(screen) and "Only one administrator" in screen.warning.text()
    screen.table.selectRow(row_of(screen, NAMES["admin"]))
    qtbot.mouseClick(screen.active_button, Qt.MouseButton.LeftButton)
    assert "last active administrator" in screen.message.text()
    assert asked == []  # refused at once: no "are you sure?" first
    dialog = screen.add_user()
    dialog.name.setText("Phạm Văn Hải")
    dialog.role.setCurrentIndex(dialog.role.findData("admin"))
    dialog.pins.pin.setText("7531")
    dialog.pins.again.setText("7531")
    save(dialog)
    assert cells(screen, "Phạm Văn Hải")[1] == "Administrator" and not screen.warning.isVisibleTo(screen)
    screen.table.selectRow(row_of(screen, NAMES["admin"]))
    assert not screen.toggle_active()
    assert "cannot deactivate yourself" in screen.message.text() and asked == []
    assert isinstance(log_in(qtbot, app_context, NAMES["admin"], ADMIN_PIN), LoggedIn)
    # Another user, after the question: gone from the PIN screen; back when reactivated.
    screen.table.selectRow(row_of(screen, NAMES["cashier"]))
    assert screen.active_button.text() == "Deactivate"
    qtbot.mouseClick(screen.active_button, Qt.MouseButton.LeftButton)
    assert asked and NAMES["cashier"] in asked[0]
    assert cells(screen, NAMES["cashier"])[2] == "Inactive" and screen.active_button.text() == "Reactivate"
    assert not screen.pin_button.isEnabled()
    assert log_in(qtbot, app_context, NAMES["cashier"], CASHIER_PIN) == f"{NAMES['cashier']} is not listed"
    qtbot.mouseClick(screen.active_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1  # reactivating asks nothing
    assert cells(screen, NAMES["cashier"])[2] == "Active"
    assert isinstance(log_in(qtbot, app_context, NAMES["cashier"], CASHIER_PIN), LoggedIn)


@pytest.mark.parametrize("role", ["cashier", "manager"])
def test_a_cashier_or_a_manager_does_not_see_the_screen(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                                        role: str) -> None:
    window = window_as(qtbot, app_context, outlet, role)
    assert "users" not in {s.key for s in window.specs}
    assert window.open_screen("users") is None
    texts = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert not any("Users" in t for t in texts)
    window.shutdown()


def test_the_screen_has_a_shortcut_of_its_own(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    specs = all_screens()
    [spec] = [s for s in specs if s.key == "users"]
    assert spec.roles == ("admin",) and spec.shortcut == "Ctrl+Shift+U"
    taken = [QKeySequence(s.shortcut) for s in specs] + [QKeySequence("Ctrl+L"), QKeySequence("Ctrl+Shift+L")]
    assert taken.count(QKeySequence(spec.shortcut)) == 1
    window = window_as(qtbot, app_context, outlet, "admin")
    [action] = [a for a in window.actions() if a.shortcut() == QKeySequence("Ctrl+Shift+U")]
    action.trigger()
    assert isinstance(window.current_screen(), UsersScreen)
    window.shutdown()
