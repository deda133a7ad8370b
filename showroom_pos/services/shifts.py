"""Shifts: no sale without an open shift; cash in/out; close with a blind count and a Z report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day, now_utc
from showroom_pos.core.errors import UserError, ValidationError
from showroom_pos.storage.models import CashMovement, Payment, Sale, SaleReturn, Shift
from showroom_pos.sync.outbox import mark_day_changed

from . import audit, einvoice
from .context import Actor

BANKNOTES = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000)


class NoOpenShift(UserError):
    message = "No shift is open on this till: open a shift first."


def open_shift_for(session: Session, terminal_id: int) -> Shift | None:
    return session.scalars(
        select(Shift).where(Shift.terminal_id == terminal_id, Shift.closed_at.is_(None))
    ).first()


def open_shift(session: Session, actor: Actor, opening_float: int, *, at: datetime | None = None) -> Shift:
    if opening_float < 0:
        raise ValidationError("The cash float cannot be negative.")
    if open_shift_for(session, actor.terminal_id):
        raise ValidationError("A shift is already open on this till.")
    when = at or now_utc()
    shift = Shift(terminal_id=actor.terminal_id, user_id=actor.user_id, opening_float=opening_float,
                  opened_at=when, business_day=business_day(when))
    session.add(shift)
    session.flush()
    audit.record(session, "shift.opened", user_id=actor.user_id, terminal_id=actor.terminal_id,
                 entity="shift", entity_id=shift.id, opening_float=opening_float, at=when)
    return shift


def cash_movement(session: Session, actor: Actor, amount: int, reason: str,
                  approved_by: int | None = None) -> CashMovement:
    """Cash put in (positive) or taken out (negative) with a reason."""
    shift = open_shift_for(session, actor.terminal_id)
    if shift is None:
        raise NoOpenShift()
    if amount == 0:
        raise ValidationError("The amount cannot be 0 ₫.")
    if not reason.strip():
        raise ValidationError("Give a reason for cash in or out.")
    move = CashMovement(shift_id=shift.id, amount=amount, reason=reason.strip(), user_id=actor.user_id,
                        approved_by=approved_by)
    session.add(move)
    audit.record(session, "cash.in" if amount > 0 else "cash.out", user_id=actor.user_id,
                 approver_id=approved_by, terminal_id=actor.terminal_id, entity="shift", entity_id=shift.id,
                 amount=amount, reason=reason)
    return move


@dataclass
class ZReport:
    shift_id: str
    terminal_id: int
    business_day: str
    opened_at: str
    closed_at: str
    receipts: int
    voided: int
    gross_sales: int
    discounts: int
    returns: int
    net_sales: int
    vat: int
    cash_rounding: int = 0  # what cash paid beyond (or short of) the exact totals it settled: in the cash below
    by_method: dict[str, int] = field(default_factory=dict)  # what each method took (cash: received − change)
    refunds_by_method: dict[str, int] = field(default_factory=dict)  # what each method paid back (cash: rounded)
    refund_rounding: int = 0  # cash handed back beyond (or short of) the exact refunds: in the cash refunds above
    opening_float: int = 0
    cash_in: int = 0
    cash_out: int = 0
    expected_cash: int = 0
    counted_cash: int = 0
    over_short: int = 0
    # E-invoices from the cash register issued in the shift: how many, the first and last number (1C26MAA-…).
    einvoices: int = 0
    einvoice_first: str = ""
    einvoice_last: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


def expected_cash(session: Session, shift: Shift) -> int:
    cash_sales = session.scalar(
        select(func.coalesce(func.sum(Payment.amount), 0)).join(Sale)
        .where(Sale.shift_id == shift.id, Sale.status == "completed", Payment.method == "cash")
    ) or 0
    cash_refunds = session.scalar(  # what left the drawer: the exact refunds and their rounding
        select(func.coalesce(func.sum(SaleReturn.refund_total + SaleReturn.cash_rounding), 0))
        .where(SaleReturn.shift_id == shift.id, SaleReturn.refund_method == "cash")
    ) or 0
    moves = session.scalar(
        select(func.coalesce(func.sum(CashMovement.amount), 0)).where(CashMovement.shift_id == shift.id)
    ) or 0
    return int(shift.opening_float + cash_sales - cash_refunds + moves)


def close_shift(session: Session, actor: Actor, counted: dict[int, int], *, at: datetime | None = None) -> ZReport:
    """Close with a blind count ({banknote value: how many}); returns and stores the Z report."""
    shift = open_shift_for(session, actor.terminal_id)
    if shift is None:
        raise NoOpenShift()
    if any(v not in BANKNOTES or n < 0 for v, n in counted.items()):
        raise ValidationError("Count Vietnamese banknotes from 1.000 ₫ to 500.000 ₫.")
    counted_cash = sum(v * n for v, n in counted.items())
    now = at or now_utc()
    report = z_report(session, shift)
    report.closed_at = now.isoformat()
    report.counted_cash = counted_cash
    report.over_short = counted_cash - report.expected_cash
    shift.closed_at = now
    shift.closed_by = actor.user_id
    shift.expected_cash = report.expected_cash
    shift.counted_cash = counted_cash
    shift.count_detail = json.dumps({str(k): v for k, v in counted.items()})
    shift.z_report = report.to_json()
    audit.record(session, "shift.closed", user_id=actor.user_id, terminal_id=actor.terminal_id, entity="shift",
                 entity_id=shift.id, expected=report.expected_cash, counted=counted_cash,
                 over_short=report.over_short, at=now)
    mark_day_changed(session, shift.business_day)
    return report


def z_report(session: Session, shift: Shift) -> ZReport:
    """The shift's figures so far (an X report while open; the Z report at close)."""
    completed = (Sale.shift_id == shift.id) & (Sale.status == "completed")
    receipts, gross, discounts, net, vat = session.execute(
        select(func.count(), func.coalesce(func.sum(Sale.subtotal), 0),
               func.coalesce(func.sum(Sale.line_discount + Sale.cart_discount), 0),
               func.coalesce(func.sum(Sale.total), 0), func.coalesce(func.sum(Sale.vat_total), 0)).where(completed)
    ).one()
    voided = session.scalar(select(func.count()).where(Sale.shift_id == shift.id, Sale.status == "voided")) or 0
    by_method = dict(session.execute(
        select(Payment.method, func.sum(Payment.amount)).join(Sale).where(completed).group_by(Payment.method)
    ).all())
    refunds: dict[str, int] = {}
    returns_total = refund_rounding = 0
    for method, exact, rounding in session.execute(
        select(SaleReturn.refund_method, func.sum(SaleReturn.refund_total), func.sum(SaleReturn.cash_rounding))
        .where(SaleReturn.shift_id == shift.id).group_by(SaleReturn.refund_method)
    ).all():
        refunds[method] = int(exact) + int(rounding)  # what was handed back by that method
        returns_total += int(exact)
        refund_rounding += int(rounding)
    moves = list(session.scalars(select(CashMovement.amount).where(CashMovement.shift_id == shift.id)))
    invoices = einvoice.shift_range(session, shift.id)
    return ZReport(
        shift_id=shift.id, terminal_id=shift.terminal_id, business_day=shift.business_day.isoformat(),
        opened_at=shift.opened_at.isoformat(), closed_at="", receipts=receipts, voided=voided, gross_sales=gross,
        discounts=discounts, returns=returns_total, net_sales=net - returns_total, vat=vat,
        cash_rounding=int(session.scalar(select(func.coalesce(func.sum(Sale.cash_rounding), 0)).where(completed))
                          or 0),
        by_method={k: int(v) for k, v in by_method.items()}, refunds_by_method=refunds, refund_rounding=refund_rounding,
        opening_float=shift.opening_float, cash_in=sum(m for m in moves if m > 0),
        cash_out=-sum(m for m in moves if m < 0), expected_cash=expected_cash(session, shift),
        einvoices=invoices.count if invoices else 0, einvoice_first=invoices.first if invoices else "",
        einvoice_last=invoices.last if invoices else "",
    )
