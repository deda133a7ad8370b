"""Voiding the last sale of this till, in its shift, with a manager's approval (later, goods come back as a return).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import now_utc
from showroom_pos.core.errors import N_, NotFound, UserError
from showroom_pos.storage.models import Sale, SaleLine, SaleReturn
from showroom_pos.sync.outbox import mark_day_changed

from .. import audit, einvoice, permissions, shifts
from ..context import Actor
from ..stock import movements


class CannotVoid(UserError):
    message = "Receipt {receipt_no} cannot be voided: {reason}."


def last_sale(session: Session, terminal_id: int) -> Sale | None:
    """The till's newest sale, along ``ix_sale_terminal_latest`` (migration 0016). ``LIMIT 1``: the ORM loads every row
    a statement returns before ``first`` takes one (two years of sales: ~5 s with the till frozen after F10)."""
    return session.scalars(
        select(Sale).where(Sale.terminal_id == terminal_id)
        .order_by(Sale.created_at.desc(), Sale.receipt_no.desc()).limit(1)
    ).first()


def last_sale_to_void(session: Session, terminal_id: int) -> tuple[Sale | None, CannotVoid | None]:
    """The till's last sale if it is completed (None: nothing to void), and why it cannot be voided (None: it can)."""
    sale = last_sale(session, terminal_id)
    if sale is None or sale.status != "completed":
        return None, None
    return sale, _refusal_of_latest(session, terminal_id, sale)


def void_refusal(session: Session, terminal_id: int, sale: Sale) -> CannotVoid | None:
    """Why ``sale`` cannot be voided on this till, or None: asked before the cashier is asked to confirm (and a
    manager for a PIN), and again by ``void_sale``."""
    latest = last_sale(session, terminal_id)
    if latest is None or latest.id != sale.id:
        return CannotVoid(receipt_no=sale.receipt_no, reason=N_("only the last sale of this till can be voided"))
    return _refusal_of_latest(session, terminal_id, sale)


def _refusal_of_latest(session: Session, terminal_id: int, sale: Sale) -> CannotVoid | None:
    """``void_refusal`` of the till's last sale (known to be the last: not looked up again)."""
    if sale.status != "completed":
        return CannotVoid(receipt_no=sale.receipt_no, reason=N_("it is already voided"))
    shift = shifts.open_shift_for(session, terminal_id)
    if shift is None or sale.shift_id != shift.id:
        return CannotVoid(receipt_no=sale.receipt_no, reason=N_("its shift is closed; take a return instead"))
    if session.scalar(select(func.count()).select_from(SaleReturn).where(SaleReturn.sale_id == sale.id)):
        return CannotVoid(receipt_no=sale.receipt_no, reason=N_("goods were already returned against it"))
    return None


def void_sale(session: Session, actor: Actor, sale_id: str, *, approved_by: int | None, reason: str = "") -> Sale:
    """Void the sale just completed on this till (manager's approval): goods back to stock with
    movements of kind ``void``, the sale marked voided (its receipt number stays, so numbering
    stays gapless), everything audited."""
    approver = permissions.require(session, actor, "void", approved_by)
    sale = session.get(Sale, sale_id)
    if sale is None:
        raise NotFound("No such sale.")
    refusal = void_refusal(session, actor.terminal_id, sale)
    if refusal is not None:
        raise refusal
    lines = session.execute(select(SaleLine.product_id, SaleLine.qty).where(SaleLine.sale_id == sale.id)).all()
    movements.post_movements(
        session,
        [(pid, qty) for pid, qty in lines],
        kind="void",
        day=sale.business_day,
        user_id=actor.user_id,
        ref_type="sale",
        ref_id=sale.id,
        reason=reason or "void",
    )
    sale.status = "voided"
    sale.voided_at = now_utc()
    sale.voided_by = actor.user_id
    sale.void_approved_by = approver if approver is not None else actor.user_id
    audit.record(
        session,
        "sale.voided",
        user_id=actor.user_id,
        approver_id=sale.void_approved_by,
        terminal_id=actor.terminal_id,
        entity="sale",
        entity_id=sale.id,
        receipt_no=sale.receipt_no,
        total=sale.total,
        reason=reason,
    )
    einvoice.cancel_for_void(session, sale, reason)  # the rules' notice for its invoice, in this transaction
    mark_day_changed(session, sale.business_day)
    return sale
