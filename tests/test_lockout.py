"""Five wrong PINs lock a user for five minutes, audited; the clock is injected so time really passes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.runtime.context import AppContext
from showroom_pos.services import users
from showroom_pos.services.users import LoginFailed, UserLocked
from showroom_pos.storage.models import AuditEvent, User
from showroom_pos.ui.login import LoginScreen

from .conftest import CASHIER_PIN, MANAGER_PIN, Outlet


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock(datetime(2026, 1, 28, 3, 0, tzinfo=UTC))
    monkeypatch.setattr(users, "now_utc", fake)
    return fake


def attempt(sessions: sessionmaker[Session], user_id: int, pin: str, purpose: str = "login") -> User | Exception:
    """One PIN typed at the till: its own session, committed even when refused (as the login screen does)."""
    with sessions() as session:
        try:
            return users.authenticate(session, user_id, pin, purpose=purpose)
        except (LoginFailed, UserLocked) as exc:
            return exc
        finally:
            session.commit()


def events(sessions: sessionmaker[Session], user_id: int) -> list[tuple[str, dict[str, object]]]:
    with sessions() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.user_id == user_id).order_by(AuditEvent.id))
        return [(e.kind, json.loads(e.details)) for e in rows if e.kind.startswith(("login", "user.locked"))]


def test_five_wrong_pins_lock_the_user_for_five_minutes(clock: FakeClock, sessions: sessionmaker[Session],
                                                        outlet: Outlet) -> None:
    uid = outlet.cashier_id
    for n in range(1, 5):
        assert isinstance(attempt(sessions, uid, "0000"), LoginFailed)
        clock.advance(seconds=20)
        with sessions() as s:
            user = s.get(User, uid)
            assert user is not None and user.failed_attempts == n and user.locked_until is None
    locked_at = clock.now
    fifth = attempt(sessions, uid, "0000")
    assert isinstance(fifth, UserLocked) and "locked" in fifth.text()
    with sessions() as s:
        user = s.get(User, uid)
        assert user is not None and user.locked_until == locked_at + timedelta(minutes=5)
    assert [k for k, _ in events(sessions, uid)] == ["login.failed"] * 5 + ["user.locked"]
    assert events(sessions, uid)[-1][1]["until"] == (locked_at + timedelta(minutes=5)).isoformat()

    # Locked: even the right PIN is refused until the five minutes are over.
    clock.advance(minutes=4, seconds=59)
    assert isinstance(attempt(sessions, uid, CASHIER_PIN), UserLocked)
    clock.now = locked_at + timedelta(minutes=5)
    logged_in = attempt(sessions, uid, CASHIER_PIN)
    assert isinstance(logged_in, User) and logged_in.id == uid
    with sessions() as s:
        row = s.get(User, uid)
        assert row is not None and row.failed_attempts == 0 and row.locked_until is None
    assert events(sessions, uid)[-1][0] == "login"


def test_after_the_lock_the_count_starts_again(clock: FakeClock, sessions: sessionmaker[Session],
                                               outlet: Outlet) -> None:
    uid = outlet.cashier_id
    for _ in range(5):
        attempt(sessions, uid, "0000")
    clock.advance(minutes=5)
    for _ in range(4):
        assert isinstance(attempt(sessions, uid, "0000"), LoginFailed)  # four more: not locked yet
    assert isinstance(attempt(sessions, uid, "0000"), UserLocked)  # the fifth locks again


def test_a_right_pin_resets_the_count(clock: FakeClock, sessions: sessionmaker[Session], outlet: Outlet) -> None:
    uid = outlet.cashier_id
    for _ in range(4):
        attempt(sessions, uid, "0000")
    assert isinstance(attempt(sessions, uid, CASHIER_PIN), User)
    for _ in range(4):
        assert isinstance(attempt(sessions, uid, "0000"), LoginFailed)


def test_the_lock_is_per_user(clock: FakeClock, sessions: sessionmaker[Session], outlet: Outlet) -> None:
    for _ in range(5):
        attempt(sessions, outlet.cashier_id, "0000")
    assert isinstance(attempt(sessions, outlet.cashier_id, CASHIER_PIN), UserLocked)
    assert isinstance(attempt(sessions, outlet.manager_id, MANAGER_PIN), User)


def test_wrong_approval_pins_lock_the_manager_too(clock: FakeClock, sessions: sessionmaker[Session],
                                                  outlet: Outlet) -> None:
    for _ in range(4):
        with sessions() as s:
            with pytest.raises(LoginFailed):
                users.approve(s, outlet.manager_id, "1111", "void")
            s.commit()
    with sessions() as s:
        with pytest.raises(UserLocked):
            users.approve(s, outlet.manager_id, "1111", "void")
        s.commit()
    with sessions() as s, pytest.raises(UserLocked):
        users.approve(s, outlet.manager_id, MANAGER_PIN, "void")
    purposes = [d.get("purpose") for k, d in events(sessions, outlet.manager_id) if k == "login.failed"]
    assert purposes == ["approve:void"] * 5
    clock.advance(minutes=5)
    with sessions() as s:
        assert users.approve(s, outlet.manager_id, MANAGER_PIN, "void").id == outlet.manager_id


def test_the_login_screen_says_the_user_is_locked(qtbot: QtBot, clock: FakeClock, app_context: AppContext,
                                                  outlet: Outlet) -> None:
    screen = LoginScreen(app_context)
    qtbot.addWidget(screen)
    screen.select_user(outlet.cashier_id)
    with qtbot.assertNotEmitted(screen.logged_in):
        for _ in range(5):
            qtbot.keyClicks(screen.pin_pad.field, "0000")
            qtbot.keyClick(screen.pin_pad.field, Qt.Key.Key_Return)
        qtbot.keyClicks(screen.pin_pad.field, CASHIER_PIN)
        qtbot.keyClick(screen.pin_pad.field, Qt.Key.Key_Return)
    assert "Trần Văn Minh" in screen.message.text()
    clock.advance(minutes=5)
    with qtbot.waitSignal(screen.logged_in):
        qtbot.keyClicks(screen.pin_pad.field, CASHIER_PIN)
        qtbot.keyClick(screen.pin_pad.field, Qt.Key.Key_Return)
