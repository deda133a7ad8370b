"""The administrator's user management below the Users screen (``services.users``): the list with each user's
lock, add a user, set a PIN, unlock, deactivate and reactivate; each one an administrator's right and audited."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.errors import ApprovalRequired, PermissionDenied, ValidationError
from showroom_pos.core.security import validate_pin
from showroom_pos.services import users
from showroom_pos.services.context import Actor
from showroom_pos.services.users import (
    LastAdministrator,
    LoginFailed,
    NotLocked,
    NotYourself,
    UserLocked,
    UserLockedUntilUnlocked,
)
from showroom_pos.storage.models import AuditEvent, User

from .conftest import ADMIN_PIN, CASHIER_PIN, MANAGER_PIN, Outlet
from .test_lockout import FakeClock


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock(datetime(2026, 1, 28, 3, 0, tzinfo=UTC))
    monkeypatch.setattr(users, "now_utc", fake)
    return fake


def attempt(sessions: sessionmaker[Session], user_id: int, pin: str) -> User | PermissionDenied:
    """A PIN typed at the login screen: its own session, committed even when refused."""
    with sessions() as session:
        try:
            return users.authenticate(session, user_id, pin)
        except PermissionDenied as exc:
            return exc
        finally:
            session.commit()


def admin(outlet: Outlet) -> Actor:
    return Actor(outlet.admin_id, outlet.terminal_id, "admin")


def lock_out(sessions: sessionmaker[Session], user_id: int, clock: FakeClock, locks: int = 1) -> None:
    """``locks`` rounds of five wrong PINs, each after the previous lock ran out (the 4th lasts until unlocked)."""
    for n in range(locks):
        if n:
            clock.advance(hours=2)
        for _ in range(users.MAX_FAILED_ATTEMPTS):
            attempt(sessions, user_id, "0000")


def audited(sessions: sessionmaker[Session], kind: str) -> list[AuditEvent]:
    with sessions() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id)))


def test_the_list_shows_everyone_with_their_lock_and_only_to_an_administrator(
        clock: FakeClock, sessions: sessionmaker[Session], outlet: Outlet) -> None:
    lock_out(sessions, outlet.cashier_id, clock)
    attempt(sessions, outlet.manager_id, "0000")
    with sessions.begin() as s:
        users.set_active(s, admin(outlet), outlet.manager_id, False)
    with sessions() as s:
        rows = {r.name: r for r in users.user_rows(s, admin(outlet))}
    assert list(rows) == ["Quản trị", "Trần Văn Minh", "Nguyễn Thị Lan"]  # active ones first, then by name
    cashier = rows["Trần Văn Minh"]
    assert cashier.locked and cashier.locked_until == clock.now + timedelta(minutes=5) and cashier.active
    assert not rows["Quản trị"].locked and rows["Quản trị"].locked_until is None
    manager = rows["Nguyễn Thị Lan"]
    assert not manager.active and not manager.locked and manager.failed_attempts == 1
    clock.advance(minutes=5)  # the lock ran out: listed as not locked
    with sessions() as s:
        assert not next(r for r in users.user_rows(s, admin(outlet)) if r.id == outlet.cashier_id).locked
    for actor in (outlet.cashier, outlet.manager):
        with sessions() as s, pytest.raises(ApprovalRequired):
            users.user_rows(s, actor)


def test_the_fourth_lock_is_listed_as_until_an_administrator_unlocks(
        clock: FakeClock, sessions: sessionmaker[Session], outlet: Outlet) -> None:
    lock_out(sessions, outlet.cashier_id, clock, locks=4)
    clock.advance(days=3)
    with sessions() as s:
        row = next(r for r in users.user_rows(s, admin(outlet)) if r.id == outlet.cashier_id)
    assert row.locked and row.locked_until is None


def test_an_administrator_adds_a_user_who_can_log_in_audited_with_the_administrator_and_the_till(
        sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        new = users.add_user(s, admin(outlet), "  Lê Thị Ngọc ", "cashier", "4826")
        new_id = new.id
    with sessions() as s:
        user = users.authenticate(s, new_id, "4826")
        assert (user.name, user.role, user.active) == ("Lê Thị Ngọc", "cashier", True)
    [event] = audited(sessions, "user.created")[-1:]
    assert (event.user_id, event.terminal_id, event.entity_id) == (outlet.admin_id, outlet.terminal_id, str(new_id))
    assert json.loads(event.details) == {"name": "Lê Thị Ngọc", "role": "cashier"}
    assert "4826" not in event.details


@pytest.mark.parametrize("pin", ["12", "12a4", "8938000000015", "１２３４", ""])
def test_a_pin_the_rules_refuse_adds_nobody(pin: str, sessions: sessionmaker[Session], outlet: Outlet) -> None:
    """Too short, not digits, a scanned EAN-13 (13 digits: never cut down to a PIN), full-width digits, empty."""
    with sessions() as s, pytest.raises(ValidationError) as refused:
        users.add_user(s, admin(outlet), "Lê Thị Ngọc", "cashier", pin)
    assert refused.value.message in users.PIN_RULES
    with sessions() as s:
        assert s.scalar(select(User).where(User.name == "Lê Thị Ngọc")) is None


def test_every_reason_of_the_pin_rules_is_marked_for_translation() -> None:
    reasons = {validate_pin(p) for p in ("12", "12a4", "1234567890123", "1111")}
    assert reasons == set(users.PIN_RULES)


def test_a_new_user_or_pin_that_is_easy_to_guess_is_refused(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions() as s, pytest.raises(ValidationError, match="too easy to guess"):
        users.add_user(s, admin(outlet), "Lê Thị Ngọc", "cashier", "1234")
    with sessions() as s, pytest.raises(ValidationError, match="too easy to guess"):
        users.change_pin(s, admin(outlet), outlet.cashier_id, "0000")


def test_only_an_administrator_adds_users_and_names_stay_unique(sessions: sessionmaker[Session],
                                                                outlet: Outlet) -> None:
    with sessions() as s, pytest.raises(ApprovalRequired):
        users.add_user(s, outlet.manager, "Lê Thị Ngọc", "manager", "4826")
    with sessions() as s, pytest.raises(ValidationError, match="already exists"):
        users.add_user(s, admin(outlet), "Trần Văn Minh", "cashier", "4826")
    with sessions() as s, pytest.raises(ValidationError, match="Unknown role"):
        users.add_user(s, admin(outlet), "Lê Thị Ngọc", "owner", "4826")


def test_a_new_pin_replaces_the_old_one_and_lifts_the_lock(clock: FakeClock, sessions: sessionmaker[Session],
                                                          outlet: Outlet) -> None:
    lock_out(sessions, outlet.cashier_id, clock, locks=4)
    with sessions.begin() as s:
        users.change_pin(s, admin(outlet), outlet.cashier_id, "8642")
    assert isinstance(attempt(sessions, outlet.cashier_id, CASHIER_PIN), LoginFailed)
    assert isinstance(attempt(sessions, outlet.cashier_id, "8642"), User)
    [event] = audited(sessions, "user.pin_changed")
    assert (event.user_id, event.terminal_id, event.entity_id) == (outlet.admin_id, outlet.terminal_id,
                                                                   str(outlet.cashier_id))
    assert json.loads(event.details) == {"name": "Trần Văn Minh", "unlocked": True}
    assert "8642" not in event.details


def test_a_refused_new_pin_keeps_the_old_one(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions() as s, pytest.raises(ValidationError):
        users.change_pin(s, admin(outlet), outlet.cashier_id, "12")
    with sessions() as s, pytest.raises(ApprovalRequired):
        users.change_pin(s, outlet.manager, outlet.cashier_id, "8642")
    assert isinstance(attempt(sessions, outlet.cashier_id, CASHIER_PIN), User)
    assert audited(sessions, "user.pin_changed") == []


def test_an_administrator_unlocks_a_locked_user_at_any_stage(clock: FakeClock, sessions: sessionmaker[Session],
                                                             outlet: Outlet) -> None:
    for locks in (1, 4):
        lock_out(sessions, outlet.cashier_id, clock, locks=locks)
        assert isinstance(attempt(sessions, outlet.cashier_id, CASHIER_PIN), UserLocked | UserLockedUntilUnlocked)
        with sessions() as s, pytest.raises(ApprovalRequired):
            users.unlock_user(s, outlet.manager, outlet.cashier_id)
        with sessions.begin() as s:
            users.unlock_user(s, admin(outlet), outlet.cashier_id)
        assert isinstance(attempt(sessions, outlet.cashier_id, CASHIER_PIN), User)
    events = audited(sessions, "user.unlocked")
    assert [(e.user_id, e.terminal_id, e.entity_id) for e in events] == [
        (outlet.admin_id, outlet.terminal_id, str(outlet.cashier_id))] * 2


def test_unlocking_someone_not_locked_is_refused_and_not_audited(clock: FakeClock, sessions: sessionmaker[Session],
                                                                outlet: Outlet) -> None:
    with sessions() as s, pytest.raises(NotLocked):
        users.unlock_user(s, admin(outlet), outlet.cashier_id)
    lock_out(sessions, outlet.cashier_id, clock)
    clock.advance(minutes=5)  # the first lock ran out by itself
    with sessions() as s, pytest.raises(NotLocked):
        users.unlock_user(s, admin(outlet), outlet.cashier_id)
    assert audited(sessions, "user.unlocked") == []


def test_a_deactivated_user_cannot_log_in_until_reactivated(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        users.set_active(s, admin(outlet), outlet.cashier_id, False)
    with sessions() as s:
        assert outlet.cashier_id not in [u.id for u in users.active_users(s)]
    assert isinstance(attempt(sessions, outlet.cashier_id, CASHIER_PIN), LoginFailed)
    with sessions.begin() as s:
        users.set_active(s, admin(outlet), outlet.cashier_id, False)  # already so: nothing happens
        users.set_active(s, admin(outlet), outlet.cashier_id, True)
    assert isinstance(attempt(sessions, outlet.cashier_id, CASHIER_PIN), User)
    assert [(e.kind, e.user_id, json.loads(e.details)) for e in
            audited(sessions, "user.deactivated") + audited(sessions, "user.reactivated")] == [
        ("user.deactivated", outlet.admin_id, {"name": "Trần Văn Minh", "role": "cashier"}),
        ("user.reactivated", outlet.admin_id, {"name": "Trần Văn Minh", "role": "cashier"})]
    with sessions() as s, pytest.raises(ApprovalRequired):
        users.set_active(s, outlet.manager, outlet.cashier_id, False)


def test_never_the_last_active_administrator_nor_oneself(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions() as s, pytest.raises(LastAdministrator) as last:
        users.set_active(s, admin(outlet), outlet.admin_id, False)
    assert "Quản trị" in last.value.text()
    with sessions() as s, pytest.raises(LastAdministrator):
        users.check_deactivation(s, admin(outlet), outlet.admin_id)
    with sessions() as s, pytest.raises(ApprovalRequired):
        users.check_deactivation(s, outlet.manager, outlet.cashier_id)
    with sessions.begin() as s:
        second = users.add_user(s, admin(outlet), "Phạm Văn Hải", "admin", "7531").id
    with sessions() as s, pytest.raises(NotYourself):
        users.set_active(s, admin(outlet), outlet.admin_id, False)
    with sessions() as s, pytest.raises(NotYourself):  # what the screen asks before its "are you sure?"
        users.check_deactivation(s, admin(outlet), outlet.admin_id)
    with sessions() as s:
        users.check_deactivation(s, admin(outlet), second)
    with sessions.begin() as s:  # another administrator may be deactivated while one stays
        users.set_active(s, admin(outlet), second, False)
    as_second = Actor(second, outlet.terminal_id, "admin")
    with sessions() as s, pytest.raises(LastAdministrator):  # the one left is the last, whoever asks
        users.set_active(s, as_second, outlet.admin_id, False)
    with sessions() as s:
        assert [u.role for u in users.active_users(s)].count("admin") == 1
    assert isinstance(attempt(sessions, outlet.admin_id, ADMIN_PIN), User)
    assert isinstance(attempt(sessions, outlet.manager_id, MANAGER_PIN), User)
