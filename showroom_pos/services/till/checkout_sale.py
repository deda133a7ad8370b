"""Completing a checkout: the cart's approvals re-checked, the sale written (``sale_writer.complete_sale``) and the
saved cart dropped, in the caller's one transaction; and what the payment dialog shows before it (the next receipt
number, the VietQR for a transfer).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from showroom_pos.core.cart_state import Cart
from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import ValidationError
from showroom_pos.core.vietqr import VietQR
from showroom_pos.storage.models import Terminal

from .. import audit, einvoice, permissions, settings
from ..context import Actor
from . import sale_writer
from .cart_approvals import authorize_cart, discount_limit
from .saved_carts import discard_cart


def next_receipt_no(session: Session, terminal_id: int, at: datetime | None = None) -> str:
    """The number the next sale on this till will get (for the VietQR reference shown before it)."""
    day = business_day(at)
    prefix = sale_writer.receipt_prefix(session, terminal_id)
    return sale_writer.receipt_number(prefix, day, sale_writer.next_receipt_seq(session, terminal_id, day))


def complete_checkout(
    session: Session,
    actor: Actor,
    cart: Cart,
    payments: list[sale_writer.PaymentIn],
    *,
    limit_percent: int | None = None,
    at: datetime | None = None,
    cash_step: int | None = None,
    buyer: einvoice.Buyer | None = None,
) -> sale_writer.SaleResult:
    """Check approvals, record the sale (``sale_writer.complete_sale``) and drop the saved cart, all in the
    caller's transaction: after the commit the sale exists and the cart is gone, or neither changed."""
    permissions.require(session, actor, "sell")
    used = authorize_cart(session, actor, cart, discount_limit(session) if limit_percent is None else limit_percent)
    result = sale_writer.complete_sale(
        session,
        actor,
        list(cart.lines),
        payments,
        cart.discount,
        discount_approved_by=cart.discount_approved_by,
        at=at,
        cash_step=cash_step,
        buyer=buyer,
    )
    for use in used:
        audit.record(session, "sale.approval", user_id=actor.user_id, terminal_id=actor.terminal_id,
                     approver_id=use.approval.approver_id, entity="sale", entity_id=result.sale_id,
                     receipt_no=result.receipt_no, action=use.action, what=use.what, amount=use.amount,
                     approved_amount=use.approval.amount)
    discard_cart(session, cart.id)
    return result


def vietqr_for(session: Session, terminal_id: int, amount: int, reference: str) -> VietQR:
    """The dynamic VietQR for one payment: the outlet's bank and account, the exact amount, the
    receipt number as reference and transfer message."""
    bank_bin = settings.get(session, "bank.bin")
    account = settings.get(session, "bank.account")
    if not bank_bin or not account:
        raise ValidationError("Set the bank BIN and account for VietQR in Settings first.")
    code = session.scalar(select(Terminal.code).where(Terminal.id == terminal_id))
    return VietQR(
        bank_bin=bank_bin,
        account=account,
        amount=amount,
        reference=reference,
        terminal=str(code or ""),
        purpose=reference,
    )
