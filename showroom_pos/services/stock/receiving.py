"""Receiving goods: a goods receipt (phiếu nhập kho) posts a delivery from a producer, consigned or bought, as
one ``receipt`` movement per line with its batch and best-before date; its printed note; the list of receipts.
A goods receipt's number (``PN-…``) is not a sale's receipt number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Integer, func, literal_column, select, update
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day, now_utc
from showroom_pos.core.errors import N_, NotFound
from showroom_pos.core.money import format_vnd
from showroom_pos.core.text import nfc
from showroom_pos.storage.models import GoodsReceipt, GoodsReceiptLine, Producer, Product, StockMovement, User

from .. import audit, permissions
from ..catalogue.commission import ensure_not_settled
from ..context import Actor
from ..documents import Column, Document, amount_in_words, format_qty, vn_date
from ..field_errors import FieldError, check_length, raise_if
from .movements import post_movements
from .valuation import value_of


@dataclass(frozen=True)
class GoodsReceiptLineIn:
    product_id: int
    qty: int
    unit_cost: int = 0
    batch_no: str | None = None
    best_before: date | None = None


def from_another_producer(product_producer_id: int | None, receipt_producer_id: int | None) -> bool:
    """A product of one producer cannot come on another producer's receipt (it would be owed to the wrong one at
    settlement); a product of no producer, or a receipt of none (bought outright), takes anything."""
    return receipt_producer_id is not None and product_producer_id not in (None, receipt_producer_id)


def receive_goods(
    session: Session,
    actor: Actor | None,
    lines: list[GoodsReceiptLineIn],
    *,
    producer_id: int | None,
    delivery_note_no: str = "",
    consigned: bool = True,
    note: str = "",
    approved_by: int | None = None,
    day: date | None = None,
    at: datetime | None = None,
) -> GoodsReceipt:
    """Post a delivery in one go: the receipt, its lines and a ``receipt`` movement per line (with its
    batch and best-before date). The latest non-zero unit cost becomes the product's cost. ``at``: when it was
    received, if not now (the demo's history)."""
    approver = permissions.require_unless_cli(session, actor, "stock_receipt", approved_by)
    when = at or now_utc()
    day = day or business_day(when)
    errors: list[FieldError] = []
    producer = session.get(Producer, producer_id) if producer_id is not None else None
    if producer_id is not None and producer is None:
        errors.append(FieldError("Producer: no such producer.", field="producer_id"))
    if consigned and producer_id is None:
        errors.append(FieldError("Producer: consigned goods need the producer who consigns them.", field="producer_id"))
    note_no = delivery_note_no.strip()
    check_length(errors, note_no, 60, "delivery_note_no", N_("Delivery note number"))
    if (
        note_no
        and producer_id is not None
        and session.scalar(
            select(GoodsReceipt.id).where(
                GoodsReceipt.producer_id == producer_id, GoodsReceipt.delivery_note_no == note_no
            )
        )
    ):
        errors.append(
            FieldError(
                "Delivery note {number} of this producer was already received.",
                field="delivery_note_no",
                number=note_no,
            )
        )
    if not lines:
        errors.append(FieldError("Lines: a receipt needs at least one item.", field="lines"))
    products: dict[int, Product] = {}
    for n, line in enumerate(lines, start=1):
        product = session.get(Product, line.product_id)
        if product is None:
            errors.append(FieldError("Line {line}: no such product.", field="lines", line=n))
            continue
        products[product.id] = product
        if not product.active:
            errors.append(FieldError("Line {line}: {name} is deactivated.", field="lines", line=n, name=product.name))
        if from_another_producer(product.producer_id, producer_id):
            errors.append(
                FieldError(
                    "Line {line}: {name} comes from another producer.",
                    field="lines",
                    line=n,
                    name=product.name,
                )
            )
        if line.qty <= 0:
            errors.append(FieldError("Line {line}: the quantity must be more than 0.", field="lines", line=n))
        if line.unit_cost < 0:
            errors.append(FieldError("Line {line}: the unit cost cannot be negative.", field="lines", line=n))
        if line.batch_no and len(line.batch_no.strip()) > 40:
            errors.append(
                FieldError("Line {line}: the batch number is longer than 40 characters.", field="lines", line=n)
            )
        if line.best_before is not None and line.best_before < day:
            errors.append(
                FieldError(
                    "Line {line}: the best-before date {date} has already passed.",
                    field="lines",
                    line=n,
                    date=vn_date(line.best_before),
                )
            )
    raise_if(errors)
    ensure_not_settled(session, producer_id, day)
    receipt = GoodsReceipt(
        producer_id=producer_id,
        delivery_note_no=note_no,
        consigned=consigned,
        user_id=actor.user_id if actor else None,
        business_day=day,
        note=nfc(note.strip()),
        created_at=when,
    )
    session.add(receipt)
    session.flush()
    reason = f"{producer.name if producer else ''} {note_no}".strip()
    for line in lines:
        session.add(
            GoodsReceiptLine(
                receipt_id=receipt.id,
                product_id=line.product_id,
                qty=line.qty,
                unit_cost=line.unit_cost,
                batch_no=(line.batch_no or "").strip() or None,
                best_before=line.best_before,
            )
        )
        post_movements(
            session,
            [(line.product_id, line.qty)],
            kind="receipt",
            day=day,
            user_id=actor.user_id if actor else None,
            ref_type="goods_receipt",
            ref_id=receipt.id,
            reason=reason,
            unit_costs=[line.unit_cost],
            at=when,
        )
        if line.batch_no or line.best_before:
            _tag_last_movement(
                session, receipt.id, line.product_id, (line.batch_no or "").strip() or None, line.best_before
            )
        if line.unit_cost > 0:
            products[line.product_id].cost = line.unit_cost
    session.flush()
    for product in products.values():
        session.expire(product, ["on_hand"])
    audit.record_by(
        session,
        "stock.received",
        actor,
        approver,
        "goods_receipt",
        receipt.id,
        at=when,
        producer_id=producer_id,
        delivery_note_no=note_no,
        consigned=consigned,
        lines=len(lines),
        qty=sum(ln.qty for ln in lines),
        value=sum(ln.qty * ln.unit_cost for ln in lines),
    )
    return receipt


def _tag_last_movement(
    session: Session, ref_id: str, product_id: int, batch_no: str | None, best_before: date | None
) -> None:
    """Set the batch and best-before on the movement ``post_movements`` has just written for this
    line: the one with the highest rowid for the receipt and product (the ledger's only writer does
    not take these fields)."""
    rowid = literal_column("stock_movement.rowid", Integer)
    last = session.scalar(
        select(func.max(rowid)).where(StockMovement.ref_id == ref_id, StockMovement.product_id == product_id)
    )
    session.execute(
        update(StockMovement)
        .where(rowid == last)
        .values(batch_no=batch_no, best_before=best_before)
        .execution_options(synchronize_session=False)
    )


def goods_receipt_number(receipt: GoodsReceipt) -> str:
    """A short human number for the note: ``PN-261128-1A2B3C`` (day and the start of the UUID)."""
    return f"PN-{receipt.business_day:%y%m%d}-{receipt.id[:6].upper()}"


def goods_receipt_note(session: Session, receipt_id: str) -> Document:
    """The goods receipt note (phiếu nhập kho) both sides sign, in Vietnamese."""
    from .. import setup

    receipt = session.get(GoodsReceipt, receipt_id)
    if receipt is None:
        raise NotFound("No goods receipt {id}.", id=receipt_id)
    shop = setup.outlet(session)
    producer = session.get(Producer, receipt.producer_id) if receipt.producer_id else None
    user = session.get(User, receipt.user_id) if receipt.user_id else None
    rows = session.execute(
        select(GoodsReceiptLine, Product)
        .join(Product, Product.id == GoodsReceiptLine.product_id)
        .where(GoodsReceiptLine.receipt_id == receipt_id)
        .order_by(GoodsReceiptLine.id)
    ).all()
    doc = Document(
        title="Phiếu nhập kho" + (" hàng ký gửi" if receipt.consigned else ""),
        heading=[h for h in (shop.name, shop.address, f"MST: {shop.tax_code}" if shop.tax_code else "") if h],
        info=[
            ("Số phiếu", goods_receipt_number(receipt)),
            ("Ngày nhập", vn_date(receipt.business_day)),
            ("Bên giao", producer.name if producer else "—"),
            ("Số phiếu giao hàng", receipt.delivery_note_no or "—"),
            ("Hình thức", "Ký gửi" if receipt.consigned else "Mua đứt"),
            ("Người nhận", user.name if user else "—"),
        ],
        columns=[
            Column("STT"),
            Column("Mã hàng"),
            Column("Tên hàng"),
            Column("ĐVT"),
            Column("Lô / HSD"),
            Column("Số lượng", True),
            Column("Đơn giá", True),
            Column("Thành tiền", True),
        ],
        signatures=[("Người giao hàng", "(Ký, ghi rõ họ tên)"), ("Người nhận hàng", "(Ký, ghi rõ họ tên)")],
    )
    total = 0
    for n, (line, product) in enumerate(rows, start=1):
        amount = value_of(line.qty, line.unit_cost, product.sold_by_weight)
        total += amount
        batch = " / ".join(x for x in (line.batch_no or "", vn_date(line.best_before)) if x)
        doc.rows.append(
            [
                str(n),
                product.sku,
                product.name,
                "kg" if product.sold_by_weight else product.unit,
                batch,
                format_qty(line.qty, product.sold_by_weight),
                line.unit_cost,
                amount,
            ]
        )
    doc.totals = [("Tổng số mặt hàng", str(len(rows))), ("Tổng tiền hàng", format_vnd(total))]
    doc.notes = [f"Bằng chữ: {amount_in_words(total)}."] + ([f"Ghi chú: {receipt.note}"] if receipt.note else [])
    return doc


@dataclass(frozen=True)
class GoodsReceiptSummary:
    id: str
    number: str
    business_day: date
    producer_name: str
    delivery_note_no: str
    consigned: bool
    lines: int
    value: int


def list_goods_receipts(
    session: Session, producer_id: int | None = None, limit: int = 200
) -> list[GoodsReceiptSummary]:
    stmt = (
        select(GoodsReceipt, Producer.name)
        .outerjoin(Producer, Producer.id == GoodsReceipt.producer_id)
        .order_by(GoodsReceipt.created_at.desc())
        .limit(limit)
    )
    if producer_id is not None:
        stmt = stmt.where(GoodsReceipt.producer_id == producer_id)
    out = []
    for receipt, producer_name in session.execute(stmt).all():
        lines = session.execute(
            select(GoodsReceiptLine.qty, GoodsReceiptLine.unit_cost, Product.sold_by_weight)
            .join(Product, Product.id == GoodsReceiptLine.product_id)
            .where(GoodsReceiptLine.receipt_id == receipt.id)
        ).all()
        out.append(
            GoodsReceiptSummary(
                receipt.id,
                goods_receipt_number(receipt),
                receipt.business_day,
                producer_name or "",
                receipt.delivery_note_no,
                receipt.consigned,
                len(lines),
                sum(value_of(q, c, w) for q, c, w in lines),
            )
        )
    return out
