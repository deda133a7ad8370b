"""The permission table: every action a cashier may not do alone is refused without an approver and
allowed with a manager's (or, for admin rights, an administrator's) approval; the audit log names both."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.errors import ApprovalRequired, PermissionDenied
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import permissions, shifts, users
from showroom_pos.services.context import Actor
from showroom_pos.services.permissions import PERMISSIONS
from showroom_pos.services.users import LoginFailed
from showroom_pos.storage.models import AuditEvent, User

from .conftest import ADMIN_PIN, MANAGER_PIN, Outlet

DOC = Path(__file__).resolve().parents[1] / "docs" / "safety.md"
NEEDS_APPROVAL = sorted(a for a, (roles, _text) in PERMISSIONS.items() if "cashier" not in roles)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[sessionmaker[Session], Outlet]]:
    """One outlet for the read-only checks of the whole table (nothing below commits)."""
    ctx = AppContext.open(AppPaths.resolve(tmp_path_factory.mktemp("permissions") / "showroom.db"))
    yield ctx.sessions, Outlet(ctx.sessions)
    ctx.close()


def test_the_table_covers_the_actions_the_issue_names() -> None:
    for action in ("void", "refund", "discount_over_limit", "price_override", "open_drawer", "stock_adjustment",
                   "settings"):
        assert action in NEEDS_APPROVAL
    assert {"sell", "open_shift", "close_shift", "return"} <= {a for a in PERMISSIONS if a not in NEEDS_APPROVAL}


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
def test_every_permission_is_refused_to_a_cashier_alone_and_allowed_with_approval(
        action: str, shop: tuple[sessionmaker[Session], Outlet]) -> None:
    sessions, outlet = shop
    roles, text = PERMISSIONS[action]
    with sessions() as s:
        if "cashier" in roles:
            assert permissions.require(s, outlet.cashier, action) is None  # everyone's right, no approval
            return
        with pytest.raises(ApprovalRequired) as refused:
            permissions.require(s, outlet.cashier, action)
        assert text in refused.value.text()
        # The approval dialog checks the approver's PIN, then the service checks the approver's role.
        approver_id, pin = (outlet.manager_id, MANAGER_PIN) if "manager" in roles else (outlet.admin_id, ADMIN_PIN)
        with pytest.raises(LoginFailed):
            users.approve(s, approver_id, "0000", action)
        approver = users.approve(s, approver_id, pin, action)
        assert permissions.require(s, outlet.cashier, action, approved_by=approver.id) == approver.id
        # Nobody below the right role approves: a cashier never, a manager not an administrator's right.
        with pytest.raises(PermissionDenied):
            permissions.require(s, outlet.cashier, action, approved_by=outlet.cashier_id)
        if "manager" not in roles:
            with pytest.raises(PermissionDenied):
                permissions.require(s, outlet.cashier, action, approved_by=outlet.manager_id)
        # An administrator may approve everything; an unknown id nothing.
        assert permissions.require(s, outlet.cashier, action, approved_by=outlet.admin_id) == outlet.admin_id
        with pytest.raises(PermissionDenied):
            permissions.require(s, outlet.cashier, action, approved_by=99_999)


@pytest.mark.parametrize("action", NEEDS_APPROVAL)
def test_a_role_with_the_right_needs_no_approval(action: str, shop: tuple[sessionmaker[Session], Outlet]) -> None:
    sessions, outlet = shop
    roles, _text = PERMISSIONS[action]
    admin = Actor(outlet.admin_id, outlet.terminal_id, "admin")
    with sessions() as s:
        assert permissions.require(s, admin, action) is None
        if "manager" in roles:
            assert permissions.require(s, outlet.manager, action) is None
        else:
            with pytest.raises(ApprovalRequired):
                permissions.require(s, outlet.manager, action)


def test_a_deactivated_manager_approves_nothing(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        manager = s.get(User, outlet.manager_id)
        assert manager is not None
        manager.active = False
    with sessions() as s, pytest.raises(PermissionDenied):
        permissions.require(s, outlet.cashier, "void", approved_by=outlet.manager_id)
    with sessions() as s, pytest.raises(LoginFailed):
        users.approve(s, outlet.manager_id, MANAGER_PIN, "void")


def test_an_approved_action_is_audited_with_the_cashier_the_approver_what_and_when(
        sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        approver = users.approve(s, outlet.manager_id, MANAGER_PIN, "cash_in_out")
        approved = permissions.require(s, outlet.cashier, "cash_in_out", approved_by=approver.id)
        shifts.cash_movement(s, outlet.cashier, -200_000, "Trả tiền điện", approved_by=approved)
    with sessions() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.kind == "cash.out")).one()
    assert (event.user_id, event.approver_id) == (outlet.cashier_id, outlet.manager_id)
    assert event.at is not None and json.loads(event.details)["amount"] == -200_000


def _doc_table() -> dict[str, tuple[set[str], str]]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\| `(\w+)` \| (.+?) \| (.+?) \|", line.strip())
        if match:
            alone = {r.strip() for r in match[3].split(",")}
            rows[match[1]] = (alone, match[2])
    return rows


def test_the_documented_permission_table_matches_the_code() -> None:
    documented = _doc_table()
    assert set(documented) == set(PERMISSIONS)
    for action, (roles, text) in PERMISSIONS.items():
        assert documented[action] == (set(roles), text), action
