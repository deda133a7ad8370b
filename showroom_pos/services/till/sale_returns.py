"""Goods back against a sale: finding the sale by its receipt, what each line can still return, the refund's share of
each line (cumulative rounding, so several returns refund exactly the line), cash refunds rounded to the cash step,
and the return itself (stock, write-offs, e-invoice, audit, the province's days) in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day, now_utc
from showroom_pos.core.errors import NotFound, UserError, ValidationError
from showroom_pos.core.money import div_half_up, round_cash
from showroom_pos.storage.models import PAYMENT_METHODS, ReturnLine, Sale, SaleLine, SaleReturn, Terminal
from showroom_pos.sync.outbox import mark_day_changed

from .. import audit, einvoice, permissions, settings, shifts
from ..context import Actor
from ..stock import movements


@dataclass(frozen=True)
class ReturnableLine:
    sale_line_id: int
    line_no: int
    product_id: int
    name: str
    unit: str
    by_weight: bool
    qty: int
    returned: int
    amount: int
    vat_amount: int

    @property
    def returnable(self) -> int:
        return self.qty - self.returned


@dataclass(frozen=True)
class SaleForReturn:
    sale_id: str
    receipt_no: str
    business_day: date
    total: int
    status: str
    methods: tuple[str, ...]
    lines: tuple[ReturnableLine, ...]


def find_sale_for_return(session: Session, receipt: str) -> SaleForReturn:
    """A sale by its receipt number as printed or scanned (any case, surrounding spaces ignored)."""
    key = receipt.strip().upper()
    sale = session.scalars(select(Sale).where(Sale.receipt_no == key)).first() if key else None
    if sale is None and key:
        sale = session.get(Sale, receipt.strip().lower())
    if sale is None:
        raise NotFound("No sale with receipt number {receipt}.", receipt=receipt.strip())
    returned = dict(
        session.execute(
            select(ReturnLine.sale_line_id, func.sum(ReturnLine.qty))
            .join(SaleLine)
            .where(SaleLine.sale_id == sale.id)
            .group_by(ReturnLine.sale_line_id)
        ).all()
    )
    lines = tuple(
        ReturnableLine(
            ln.id,
            ln.line_no,
            ln.product_id,
            ln.name,
            ln.unit,
            ln.sold_by_weight,
            ln.qty,
            int(returned.get(ln.id, 0)),
            ln.amount,
            ln.vat_amount,
        )
        for ln in sale.lines
    )
    methods = tuple(dict.fromkeys(p.method for p in sale.payments))
    return SaleForReturn(sale.id, sale.receipt_no, sale.business_day, sale.total, sale.status, methods, lines)


def return_row_for_code(session: Session, sale: SaleForReturn, code: str) -> int | None:
    """The line of ``sale`` a scanned product code stands for (the first with something left to return),
    or None when the code is no product of this sale (it may be another receipt's number)."""
    from ..catalogue.lookup import lookup_code

    try:
        product_id = lookup_code(session, code).product_id
    except UserError:
        return None
    rows = [i for i, ln in enumerate(sale.lines) if ln.product_id == product_id]
    return next((i for i in rows if sale.lines[i].returnable > 0), rows[0] if rows else None)


@dataclass(frozen=True)
class ReturnItem:
    """``qty`` of one sale line back; to stock (``restock``) or written off with a ``reason``."""

    sale_line_id: int
    qty: int
    restock: bool = True
    write_off_reason: str = ""


def share_of(amount: int, sold: int, before: int, now: int) -> int:
    """The part of a line's ``amount`` for ``now`` more units after ``before`` were returned.

    Cumulative rounding (half up): returning a line in several goes refunds exactly its amount.
    """
    if not sold:
        return 0
    return div_half_up(amount * (before + now), sold) - div_half_up(amount * before, sold)


@dataclass(frozen=True)
class _Planned:
    line: ReturnableLine
    qty: int
    restock: bool
    reason: str
    amount: int
    vat: int


@dataclass(frozen=True)
class ReturnResult:
    return_id: str
    return_no: str
    refund_total: int
    refund_method: str
    cash_rounding: int = 0  # cash handed back − the exact refund (see ``refund_in_cash``)

    @property
    def paid_out(self) -> int:
        return self.refund_total + self.cash_rounding


def refund_in_cash(refund: int, cash_step: int) -> tuple[int, int]:
    """(cash handed back, its rounding) for an exact ``refund`` paid back in cash: rounded half up to the till's
    cash step as a sale's cash is (``round_cash``), the difference kept as the return's own figure, never a change
    to its lines or VAT."""
    paid = round_cash(refund, cash_step)
    return paid, paid - refund


def _next_return_no(session: Session, terminal_id: int, day: date) -> str:
    code = session.scalar(select(Terminal.code).where(Terminal.id == terminal_id))
    prefix = f"{code}-R{day:%y%m%d}-"
    count = (
        session.scalar(
            select(func.count())
            .select_from(SaleReturn)
            .where(SaleReturn.terminal_id == terminal_id, SaleReturn.business_day == day)
        )
        or 0
    )
    return f"{prefix}{count + 1:04d}"


def create_return(
    session: Session,
    actor: Actor,
    sale_id: str,
    items: list[ReturnItem],
    *,
    refund_method: str,
    approved_by: int | None = None,
    reason: str = "",
    at: datetime | None = None,
    cash_step: int | None = None,
) -> ReturnResult:
    """Goods back against a sale: never more than was sold (less what came back before), refunded
    by one of the sale's own methods or in cash, restocked or written off. A refund is a manager's
    decision (``refund`` permission); cash refunds come out of this shift's drawer, rounded to the cash step
    (``cash_step``, default the ``checkout.cash_rounding`` setting) with the difference recorded on the return."""
    permissions.require(session, actor, "return")
    approver = permissions.require(session, actor, "refund", approved_by)
    shift = shifts.open_shift_for(session, actor.terminal_id)
    if shift is None:
        raise shifts.NoOpenShift()
    info = find_sale_for_return(session, sale_id)
    if info.status != "completed":
        raise ValidationError("Receipt {receipt_no} was voided: nothing to return.", receipt_no=info.receipt_no)
    if refund_method not in PAYMENT_METHODS:
        raise ValidationError("Unknown payment method {method}.", method=refund_method)
    if refund_method != "cash" and refund_method not in info.methods:
        raise ValidationError("Refund by the sale's own payment method or in cash.")
    items = [i for i in items if i.qty]
    if not items:
        raise ValidationError("Choose what comes back.")
    by_id = {ln.sale_line_id: ln for ln in info.lines}
    planned: list[_Planned] = []
    for item in items:
        line = by_id.get(item.sale_line_id)
        if line is None or any(p.line is line for p in planned):
            raise ValidationError("That line is not on receipt {receipt_no}.", receipt_no=info.receipt_no)
        if item.qty < 0 or item.qty > line.returnable:
            raise ValidationError("{name}: at most {qty} can come back.", name=line.name, qty=line.returnable)
        if not item.restock and not item.write_off_reason.strip():
            raise ValidationError("Give a reason for writing off {name}.", name=line.name)
        planned.append(
            _Planned(
                line,
                item.qty,
                item.restock,
                item.write_off_reason.strip(),
                share_of(line.amount, line.qty, line.returned, item.qty),
                share_of(line.vat_amount, line.qty, line.returned, item.qty),
            )
        )
    refund = sum(p.amount for p in planned)
    vat = sum(p.vat for p in planned)
    rounding = 0
    if refund_method == "cash":
        step = settings.number(session, "checkout.cash_rounding") if cash_step is None else cash_step
        _paid, rounding = refund_in_cash(refund, step)
    if refund_method == "cash" and refund + rounding > shifts.expected_cash(session, shift):
        raise ValidationError("Not enough cash in the drawer for this refund: refund by another method.")
    when = at or now_utc()
    day = business_day(when)
    ret = SaleReturn(
        return_no=_next_return_no(session, actor.terminal_id, day),
        sale_id=info.sale_id,
        terminal_id=actor.terminal_id,
        shift_id=shift.id,
        user_id=actor.user_id,
        approved_by=approver if approver is not None else actor.user_id,
        business_day=day,
        created_at=when,
        refund_total=refund,
        vat_total=vat,
        refund_method=refund_method,
        reason=reason.strip(),
        cash_rounding=rounding,
    )
    session.add(ret)
    session.flush()
    for p in planned:
        session.add(
            ReturnLine(
                return_id=ret.id,
                sale_line_id=p.line.sale_line_id,
                qty=p.qty,
                amount=p.amount,
                vat_amount=p.vat,
                restock=p.restock,
                write_off_reason=p.reason,
            )
        )
    movements.post_movements(
        session,
        [(p.line.product_id, p.qty) for p in planned],
        kind="return",
        day=day,
        user_id=actor.user_id,
        ref_type="return",
        ref_id=ret.id,
        reason=reason.strip(),
    )
    for p in planned:
        if not p.restock:  # back in, then out again as a write-off: the ledger shows both
            movements.post_movements(
                session,
                [(p.line.product_id, -p.qty)],
                kind="adjustment",
                day=day,
                user_id=actor.user_id,
                ref_type="return",
                ref_id=ret.id,
                reason=f"write-off: {p.reason}",
            )
    einvoice.issue_for_return(session, ret)  # the rules' adjusting invoice, in this transaction
    audit.record(
        session,
        "sale.returned",
        user_id=actor.user_id,
        approver_id=ret.approved_by,
        terminal_id=actor.terminal_id,
        entity="sale_return",
        entity_id=ret.id,
        return_no=ret.return_no,
        receipt_no=info.receipt_no,
        refund=refund,
        method=refund_method,
        cash_rounding=rounding,
    )
    mark_day_changed(session, day)
    sale_day = session.scalar(select(Sale.business_day).where(Sale.id == info.sale_id))
    if sale_day is not None and sale_day != day:
        # The province counts a return against the day of its sale: a late return revises that day.
        mark_day_changed(session, sale_day)
    return ReturnResult(ret.id, ret.return_no, refund, refund_method, rounding)
