"""The cash drawer outside a sale: cash in or out of the shift, and opening the drawer without a sale (both with a
manager's approval when the role needs one)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import audit, permissions, shifts
from ..context import Actor


def cash_in_out(session: Session, actor: Actor, amount: int, reason: str, *, approved_by: int | None = None) -> None:
    approver = permissions.require(session, actor, "cash_in_out", approved_by)
    shifts.cash_movement(session, actor, amount, reason, approved_by=approver)


def open_drawer(session: Session, actor: Actor, *, approved_by: int | None = None, reason: str = "") -> None:
    """Record a manager-approved "open the drawer without a sale" (the UI then asks the printer)."""
    approver = permissions.require(session, actor, "open_drawer", approved_by)
    audit.record(
        session,
        "drawer.opened",
        user_id=actor.user_id,
        approver_id=approver or actor.user_id,
        terminal_id=actor.terminal_id,
        reason=reason,
    )
