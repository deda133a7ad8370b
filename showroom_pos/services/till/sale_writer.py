"""Completing a sale: one transaction writes the sale, its lines, payments, stock movements, audit
event and the outbox mark for the province, with a gapless receipt number per till and day.

The caller owns the transaction: it commits after ``complete_sale`` returns, and only then prints. The till
completes a cart through ``checkout_sale.complete_checkout``, which re-checks its approvals first; the demo,
the simulator and the tests call ``complete_sale`` directly. Also here: how tenders pay a total (``settle``),
the receipt numbers, and reading back what a sale wrote (its payments, its stock movements).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    Connection,
    Date,
    Insert,
    Integer,
    ScalarSelect,
    Select,
    Table,
    bindparam,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Session

from showroom_pos.core.cart import NO_DISCOUNT, CartLine, CartTotals, Discount, price_cart
from showroom_pos.core.clock import business_day, now_utc
from showroom_pos.core.errors import NotFound, UserError, ValidationError
from showroom_pos.core.money import format_vnd, round_cash
from showroom_pos.storage import fast_write, high_water
from showroom_pos.storage.models import (
    PAYMENT_METHODS,
    Payment,
    Product,
    Sale,
    SaleLine,
    Setting,
    Shift,
    StockMovement,
    Terminal,
    new_uuid,
)
from showroom_pos.sync import outbox

from .. import audit, einvoice, settings
from ..context import Actor
from ..shifts import NoOpenShift
from ..stock import movements


@dataclass(frozen=True)
class PaymentIn:
    """What the cashier took: for cash, ``amount`` is what the customer handed over."""

    method: str
    amount: int
    reference: str = ""


@dataclass(frozen=True)
class AppliedPayment:
    method: str
    amount: int
    tendered: int
    reference: str


@dataclass(frozen=True)
class SaleResult:
    sale_id: str
    receipt_no: str
    total: int
    change_due: int
    payments: tuple[AppliedPayment, ...]
    totals: CartTotals
    cash_rounding: int = 0  # cash paid − the exact amount it settled (see ``settle``)

    @property
    def paid(self) -> int:
        return self.total + self.cash_rounding


class PaymentShort(UserError):
    message = "Paid {paid} of {total}: {missing} still to pay."


def apply_payments(total: int, payments: list[PaymentIn]) -> tuple[list[AppliedPayment], int]:
    """Apply tenders to a total with no cash rounding: see :func:`settle`."""
    applied, change, _rounding = settle(total, payments, 0)
    return applied, change


def cash_due(total: int, non_cash: int, cash_step: int) -> int:
    """What is left for cash to pay once card, transfer and e-wallet have paid ``non_cash``: rounded half up to
    ``cash_step`` (0 = exact; see :func:`showroom_pos.core.money.round_cash`)."""
    return round_cash(max(0, total - non_cash), cash_step)


def settle(total: int, payments: list[PaymentIn], cash_step: int) -> tuple[list[AppliedPayment], int, int]:
    """Apply tenders to a total: non-cash at face value, cash last; change only from cash.

    Returns the applied payments, the change due and the cash rounding: when cash pays what is left, that
    remainder is rounded to ``cash_step`` and the difference (cash paid − exact remainder, within ± half a step)
    is the sale's rounding, so payments = total + rounding. With no cash there is no rounding. Refuses less than
    what is due, a non-cash overpayment (a card or transfer is for the exact amount), and non-positive amounts.
    """
    for p in payments:
        if p.method not in PAYMENT_METHODS:
            raise ValidationError("Unknown payment method {method}.", method=p.method)
        if p.amount <= 0:
            raise ValidationError("A payment must be more than 0 ₫.")
    non_cash = [p for p in payments if p.method != "cash"]
    cash = [p for p in payments if p.method == "cash"]
    non_cash_sum = sum(p.amount for p in non_cash)
    if non_cash_sum > total:
        raise ValidationError(
            "Card, transfer and e-wallet payments cannot exceed the total; change is given only in cash."
        )
    tendered_cash = sum(p.amount for p in cash)
    exact = total - non_cash_sum
    due = round_cash(exact, cash_step) if tendered_cash else exact
    paid = non_cash_sum + tendered_cash
    if tendered_cash < due:
        owed = non_cash_sum + due
        raise PaymentShort(paid=format_vnd(paid), total=format_vnd(owed), missing=format_vnd(owed - paid))
    applied = [AppliedPayment(p.method, p.amount, p.amount, p.reference) for p in non_cash]
    if tendered_cash:
        if due == 0:
            raise ValidationError("Nothing is left to pay in cash.")
        # Several cash tenders are one drawer movement: one row, change from it.
        applied.append(AppliedPayment("cash", due, tendered_cash, ""))
        return applied, tendered_cash - due, due - exact
    return applied, 0, 0


def receipt_number(terminal_code: str, day: datetime | object, seq: int) -> str:
    return f"{terminal_code}-{day:%y%m%d}-{seq:04d}"


def receipt_prefix(session: Session, terminal_id: int) -> str:
    """The till's code, plus the receipt series a manager started after a database was found behind
    (``CL01`` then ``CL01B``…), so that a number printed before the loss is never printed again."""
    code = session.scalar(select(Terminal.code).where(Terminal.id == terminal_id))
    return f"{code}{settings.get(session, 'receipt.series')}"


def next_receipt_seq(session: Session, terminal_id: int, day: object) -> int:
    last = session.scalar(_last_seq(terminal_id, day))
    return (last or 0) + 1


def _last_seq(terminal_id: int, day: object) -> Select[Any]:
    return select(func.max(Sale.receipt_seq)).where(Sale.terminal_id == terminal_id, Sale.business_day == day)


@dataclass(frozen=True)
class _TillState:
    """What a sale needs to know of its till before it is written, read in one statement."""

    shift_id: str | None
    prefix: str  # the till's code and receipt series
    last_seq: int
    cash_rounding: int
    outbox_pending: bool
    outbox_revision: int
    einvoicing: bool  # e-invoices from the cash register are on: the sale's invoice is issued in its transaction


_SALE = cast(Table, Sale.__table__)
_LINE = cast(Table, SaleLine.__table__)
_PAYMENT = cast(Table, Payment.__table__)


def _till_statement() -> Select[Any]:
    terminal: BindParameter[int] = bindparam("terminal_id", type_=Integer)
    day: BindParameter[date] = bindparam("day", type_=Date)

    def setting(key: str) -> ScalarSelect[str | None]:
        return select(Setting.value).where(Setting.key == key).scalar_subquery()

    pending, revision = outbox.day_state(day)
    return select(
        select(Shift.id).where(Shift.terminal_id == terminal, Shift.closed_at.is_(None)).limit(1).scalar_subquery(),
        select(Terminal.code).where(Terminal.id == terminal).scalar_subquery(),
        select(func.max(Sale.receipt_seq)).where(Sale.terminal_id == terminal, Sale.business_day == day)
        .scalar_subquery(),
        setting("checkout.cash_rounding"),
        setting("receipt.series"),
        pending,
        revision,
        setting("einvoice.enabled"),
    )


def _lines_statement() -> Insert:
    """The lines as sold, with the product's cost, producer and consignment copied in by the same statement."""
    product_id: BindParameter[int] = bindparam("product_id", type_=Integer)
    given = [c for c in _LINE_COLUMNS if c not in _LINE_COPIED]
    values = [product_id if c == "product_id" else bindparam(c, type_=_LINE.c[c].type) for c in given]
    return insert(_LINE).from_select(
        [*given, *_LINE_COPIED],
        select(*values, Product.cost, Product.producer_id, Product.consigned).where(Product.id == product_id))


_SALE_COLUMNS = ("id", "receipt_no", "terminal_id", "receipt_seq", "business_day", "shift_id", "user_id",
                 "created_at", "status", "subtotal", "line_discount", "cart_discount", "vat_total", "total", "paid",
                 "change_due", "discount_approved_by", "cash_rounding", "printed")
_LINE_COLUMNS = ("sale_id", "line_no", "product_id", "sku", "barcode", "name", "unit", "sold_by_weight", "qty",
                 "unit_price", "list_price", "gross", "line_discount", "cart_discount", "amount", "vat_rate_bp",
                 "vat_amount", "unit_cost", "stars", "producer_id", "consigned", "price_override_by",
                 "discount_approved_by", "business_day", "counted", "first_of_product")
_LINE_COPIED = ("unit_cost", "producer_id", "consigned")  # from the product as it is at the sale
# The sale's statements are built once, and run through the driver's cursor with SQLAlchemy's own SQL and value
# processing (``storage.fast_write``): building them for each sale, and SQLAlchemy's work on each run, cost more
# than SQLite's work on them.
_READ_TILL = fast_write.Statement(_till_statement())
_WRITE_SALE = fast_write.Statement.insert(_SALE, _SALE_COLUMNS)
_WRITE_LINES = fast_write.Statement(_lines_statement())
_WRITE_PAYMENTS = fast_write.Statement.insert(_PAYMENT, ("sale_id", "method", "amount", "tendered", "reference"))


def _till_state(conn: Connection, terminal_id: int, day: date) -> _TillState:
    [(shift_id, code, last, rounding, series, pending_id, last_revision, einvoicing)] = _READ_TILL.fetch(
        conn, {"terminal_id": terminal_id, "day": day})
    return _TillState(
        shift_id, f"{code}{settings.default_of('receipt.series') if series is None else series}", last or 0,
        settings.stored_number("checkout.cash_rounding", rounding),
        pending_id is not None, last_revision or 0, settings.stored_flag("einvoice.enabled", einvoicing),
    )


def complete_sale(
    session: Session,
    actor: Actor,
    lines: list[CartLine],
    payments: list[PaymentIn],
    cart_discount: Discount = NO_DISCOUNT,
    *,
    discount_approved_by: int | None = None,
    at: datetime | None = None,
    cash_step: int | None = None,
    buyer: einvoice.Buyer | None = None,
) -> SaleResult:
    """Record a completed sale in the caller's transaction; raises ``UserError`` and writes nothing
    (the caller rolls back) when the cart or payments are not acceptable. ``cash_step``: the cash rounding
    (default: the ``checkout.cash_rounding`` setting). ``buyer``: details for the e-invoice, if any.

    Speed (the cashier waits for it): a few Core statements, built once, on the session's connection in its one
    transaction, each batched over the lines: one read of the till's state (open shift, last receipt number of
    the day, settings, the day's outbox row), then the writes (the lines copy the products' costs as they are
    inserted). No ORM object is
    made, so nothing is flushed. The lines carry their copies for reports (day, counted, first of product), so
    the triggers of migrations 0004 and 0009 have nothing to put right; SQLite keeps the per-product rollups
    from them."""
    if not lines:
        raise ValidationError("The cart is empty.")
    when = at or now_utc()
    day = business_day(when)
    conn = session.connection()  # the session's transaction: whatever else the caller writes commits with it
    till = _till_state(conn, actor.terminal_id, day)
    if till.shift_id is None:
        raise NoOpenShift()
    totals = price_cart(lines, cart_discount)
    step = till.cash_rounding if cash_step is None else cash_step
    applied, change, rounding = settle(totals.total, payments, step)
    seq = till.last_seq + 1
    receipt_no = receipt_number(till.prefix, day, seq)
    sale_id = new_uuid()
    _WRITE_SALE.execute(conn, [{
        "id": sale_id, "receipt_no": receipt_no, "terminal_id": actor.terminal_id, "receipt_seq": seq,
        "business_day": day, "shift_id": till.shift_id, "user_id": actor.user_id, "created_at": when,
        "status": "completed", "subtotal": totals.subtotal, "line_discount": totals.line_discounts,
        "cart_discount": totals.cart_discount, "vat_total": totals.vat_total, "total": totals.total,
        "paid": totals.total, "change_due": change, "discount_approved_by": discount_approved_by,
        "cash_rounding": rounding, "printed": False,
    }])
    seen: set[int] = set()
    rows = []
    for i, p in enumerate(totals.lines, start=1):
        pid = p.line.product_id
        rows.append({
            "sale_id": sale_id, "line_no": i, "product_id": pid, "sku": p.line.sku,
            "barcode": p.line.barcode, "name": p.line.name, "unit": p.line.unit, "sold_by_weight": p.line.by_weight,
            "qty": p.line.qty, "unit_price": p.line.unit_price,
            "list_price": p.line.list_price if p.line.list_price is not None else p.line.unit_price,
            "gross": p.gross, "line_discount": p.line_discount, "cart_discount": p.cart_discount, "amount": p.net,
            "vat_rate_bp": p.line.vat_rate_bp, "vat_amount": p.vat, "stars": p.line.stars,
            "price_override_by": p.line.price_override_by,
            "discount_approved_by": p.line.discount_approved_by,
            "business_day": day, "counted": True, "first_of_product": pid not in seen,
        })
        seen.add(pid)
    # Cost, producer and consignment are copied onto the lines (from the product) for margin and settlement reports.
    if _WRITE_LINES.execute(conn, rows) != len(rows):
        raise NotFound("A product of this cart is no longer in the catalogue.")
    _WRITE_PAYMENTS.execute(conn, [
        {"sale_id": sale_id, "method": a.method, "amount": a.amount, "tendered": a.tendered, "reference": a.reference}
        for a in applied
    ])
    # The sale, its lines and payments are written. What else belongs to the sale document and must commit or
    # roll back with it (the e-invoice number of a cash-register invoice, say) is written here, in this session.
    movements.post_movements(
        session, [(ln.product_id, -ln.qty) for ln in lines], kind="sale", day=day, user_id=actor.user_id,
        ref_type="sale", ref_id=sale_id, at=when,
    )
    audit.record(session, "sale.completed", user_id=actor.user_id, terminal_id=actor.terminal_id,
                 approver_id=discount_approved_by, entity="sale", entity_id=sale_id, receipt_no=receipt_no,
                 total=totals.total, at=when)
    if till.einvoicing:  # its number in this transaction: no sale without one
        einvoice.issue_for_sale(session, session.get_one(Sale, sale_id), buyer=buyer)
    if not till.outbox_pending:
        outbox.add_revision(session, day, till.outbox_revision + 1)
    high_water.note_sale(session.info, receipt_no)  # the till's mark outside the database moves on after commit
    return SaleResult(sale_id, receipt_no, totals.total, change, tuple(applied), totals, rounding)


def line_for(product: Product, qty: int, vat_rates: dict[str, int], barcode: str | None = None) -> CartLine:
    """A cart line at the product's current price and today's VAT rate for its category."""
    return CartLine(
        product_id=product.id, sku=product.sku, name=product.name, unit=product.unit, qty=qty,
        unit_price=product.price, list_price=product.price, vat_rate_bp=vat_rates[product.vat_category],
        barcode=barcode, by_weight=product.sold_by_weight, stars=product.stars,
    )


def sale_payments(session: Session, sale_id: str) -> list[tuple[str, int, int, str]]:
    return [
        (p.method, p.amount, p.tendered, p.reference)
        for p in session.scalars(select(Payment).where(Payment.sale_id == sale_id).order_by(Payment.id))
    ]


def stock_moves_for(session: Session, ref_id: str) -> list[tuple[int, str, int]]:
    rows = session.execute(
        select(StockMovement.product_id, StockMovement.kind, StockMovement.qty).where(StockMovement.ref_id == ref_id)
    )
    return [(int(pid), str(kind), int(qty)) for pid, kind, qty in rows]
