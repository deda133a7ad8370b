"""Who may do what. Actions a role may not do alone need a manager's (or admin's) approval,
given as the approver's id after the UI checked their PIN (``services.users.approve``).

The services enforce this table, so a cashier is refused even if a screen forgot to ask.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from showroom_pos.core.errors import N_, ApprovalRequired, PermissionDenied
from showroom_pos.storage.models import User

from .context import Actor

CASHIER, MANAGER, ADMIN = "cashier", "manager", "admin"
EVERYONE = frozenset({CASHIER, MANAGER, ADMIN})
MANAGERS = frozenset({MANAGER, ADMIN})

# action: (roles allowed alone, English description used in the approval dialog and the audit log)
PERMISSIONS: dict[str, tuple[frozenset[str], str]] = {
    "sell": (EVERYONE, N_("sell")),
    "open_shift": (EVERYONE, N_("open a shift")),
    "close_shift": (EVERYONE, N_("close a shift")),
    "cash_in_out": (MANAGERS, N_("put cash in or take cash out")),
    "return": (EVERYONE, N_("take back goods")),
    "refund": (MANAGERS, N_("refund a customer")),
    "void": (MANAGERS, N_("void a sale")),
    "discount_over_limit": (MANAGERS, N_("a discount above the limit")),
    "price_override": (MANAGERS, N_("change a price")),
    "open_drawer": (MANAGERS, N_("open the cash drawer without a sale")),
    "stock_receipt": (MANAGERS, N_("receive goods")),
    "stock_adjustment": (MANAGERS, N_("adjust stock")),
    "stock_count_approve": (MANAGERS, N_("approve a stock count")),
    "catalogue_edit": (MANAGERS, N_("edit products and producers")),
    "settlement": (MANAGERS, N_("settle with a producer")),
    "settings": (MANAGERS, N_("change settings")),
    "reports": (MANAGERS, N_("read reports")),
    "audit_log": (MANAGERS, N_("read the audit log")),
    "users": (frozenset({ADMIN}), N_("manage users")),
    "backup_restore": (frozenset({ADMIN}), N_("restore a backup")),
}


def allowed(role: str, action: str) -> bool:
    return role in PERMISSIONS[action][0]


def describe(action: str) -> str:
    return PERMISSIONS[action][1]


def require(session: Session, actor: Actor, action: str, approved_by: int | None = None) -> int | None:
    """Allow ``action`` for ``actor``, or with ``approved_by`` (a user whose role may do it alone).

    Returns the approver's id (None when the actor needed no approval). Raises ``ApprovalRequired``.
    """
    roles, text = PERMISSIONS[action]
    if actor.role in roles and approved_by is None:
        return None
    if approved_by is not None:
        approver = session.get(User, approved_by)
        if approver is None or not approver.active or approver.role not in roles:
            raise PermissionDenied("This approver may not approve: {action}.", action=text)
        return approver.id
    if actor.role in roles:
        return None
    raise ApprovalRequired(action=text)


def require_unless_cli(session: Session, actor: Actor | None, action: str, approved_by: int | None) -> int | None:
    """``require`` for a use case the command line runs too: an ``actor`` of None is the command line, run by
    whoever holds the database file (like ``config set``), and needs no permission."""
    if actor is None:
        return None
    return require(session, actor, action, approved_by)
