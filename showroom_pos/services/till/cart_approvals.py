"""Which changes to a cart a manager must approve, and the sale's own re-check of those approvals.

A changed price always needs one; a line or cart discount above the discount limit (the setting
``checkout.discount_limit_percent``) does. An approval is bound to the cashier and to what the manager saw: one
rule (``_approvables``) serves the screen before paying (``approvals_needed``) and the sale (``authorize_cart``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from showroom_pos.core.cart import Approval, Discount
from showroom_pos.core.cart_state import Cart, NeededApproval
from showroom_pos.core.errors import ApprovalRequired

from .. import permissions, settings
from ..context import Actor


def discount_needs_approval(base: int, discount: Discount, limit_percent: int) -> bool:
    """Above ``limit_percent`` of ``base`` (a percentage, or an amount compared with the base)."""
    if not discount:
        return False
    if discount.percent_bp:
        return discount.percent_bp > limit_percent * 100
    return discount.amount * 100 > base * limit_percent


@dataclass(frozen=True)
class UsedApproval:
    """An approval a sale relies on: the action, what (a line's SKU or "cart"), the đồng given away as
    sold, and the approval (with the amount the manager saw)."""

    action: str
    what: str
    amount: int
    approval: Approval


@dataclass(frozen=True)
class _Approvable:
    """A changed price or a discount above the limit in a cart, and whether its approval covers it."""

    action: str
    row: int | None
    what: str
    amount: int
    approval: Approval | None
    covered: bool


def _approvables(cart: Cart, limit_percent: int, cashier_id: int) -> Iterator[_Approvable]:
    """Every changed price and every discount above the limit, with its approval checked against the cart as it
    is (for this cashier, this amount, this price and quantity). The one rule behind ``approvals_needed`` and
    ``authorize_cart``."""
    for row, ln in enumerate(cart.lines):
        list_price = ln.list_price if ln.list_price is not None else ln.unit_price
        if ln.unit_price != list_price:
            approval = ln.price_approval
            yield _Approvable("price_override", row, ln.sku, ln.price_giveaway, approval,
                              approval is not None and approval.covers_price(cashier_id, ln.unit_price, ln.qty))
        if discount_needs_approval(ln.gross, ln.discount, limit_percent):
            amount, approval = ln.discount_amount, ln.discount_approval
            yield _Approvable("discount_over_limit", row, ln.sku, amount, approval,
                              approval is not None and approval.covers_discount(cashier_id, amount))
    base = cart.lines_net()
    if discount_needs_approval(base, cart.discount, limit_percent):
        amount, approval = cart.discount.of(base), cart.discount_approval
        yield _Approvable("discount_over_limit", None, "cart", amount, approval,
                          approval is not None and approval.covers_discount(cashier_id, amount))


def approvals_needed(cart: Cart, limit_percent: int, cashier_id: int) -> list[NeededApproval]:
    """Every changed price and every discount above the limit whose approval is missing, was given to
    another cashier, or no longer covers the line or cart as it is (more quantity, more lines, a bigger
    discount). Used by the checkout screen before paying; the sale service applies the same rule."""
    return [NeededApproval(a.action, a.row, a.amount)
            for a in _approvables(cart, limit_percent, cashier_id) if not a.covered]


def discount_limit(session: Session) -> int:
    return settings.number(session, "checkout.discount_limit_percent")


def authorize_cart(session: Session, actor: Actor, cart: Cart, limit_percent: int) -> list[UsedApproval]:
    """The services' own check that every price change and large discount was approved by a manager for
    this cashier and covers the cart as it is sold (a screen that forgot to ask, or a cart changed after
    the approval, cannot sell it): raises ``ApprovalRequired``/``PermissionDenied``. Returns the approvals
    the sale relies on, for the audit log."""
    if permissions.allowed(actor.role, "discount_over_limit") and permissions.allowed(actor.role, "price_override"):
        return []  # a manager selling approves their own discounts and prices
    items = list(_approvables(cart, limit_percent, actor.user_id))
    missing = next((item for item in items if not item.covered), None)
    if missing is not None:
        raise ApprovalRequired(action=permissions.describe(missing.action))
    used = [UsedApproval(item.action, item.what, item.amount, item.approval) for item in items
            if item.approval is not None]  # covered implies approved
    for use in used:
        permissions.require(session, actor, use.action, use.approval.approver_id)
    return used
