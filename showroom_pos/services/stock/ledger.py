"""A product's stock ledger as a manager reads it: every movement, oldest first, with the running balance, who
made it, why, and what it refers to (a sale's or a return's number, a goods receipt's, a stock count's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from showroom_pos.storage.models import GoodsReceipt, Sale, SaleReturn, StockMovement, User

from ..catalogue.lookup import get_product
from .receiving import goods_receipt_number


@dataclass(frozen=True)
class LedgerRow:
    at: datetime
    business_day: date
    kind: str
    qty: int
    balance: int
    unit_cost: int | None
    reason: str  # a reason code (damaged…) or free text, with the manager's note after ": "
    reference: str
    user_name: str
    batch_no: str | None
    best_before: date | None


def product_ledger(session: Session, product_id: int) -> list[LedgerRow]:
    """Every movement of a product, oldest first, with the running balance, who and why."""
    get_product(session, product_id)
    names = dict(session.execute(select(User.id, User.name)).all())
    moves = session.scalars(
        select(StockMovement)
        .where(StockMovement.product_id == product_id)
        .order_by(StockMovement.created_at, literal_column("stock_movement.rowid"))
    ).all()
    refs: dict[tuple[str, str], str] = {}
    ids_by_type: dict[str, set[str]] = {}
    for m in moves:
        if m.ref_type and m.ref_id:
            ids_by_type.setdefault(m.ref_type, set()).add(m.ref_id)
    if ids_by_type.get("sale"):
        refs.update(
            {
                ("sale", i): n
                for i, n in session.execute(
                    select(Sale.id, Sale.receipt_no).where(Sale.id.in_(ids_by_type["sale"]))
                ).all()
            }
        )
    for ref_type in ("sale_return", "return"):
        if ids_by_type.get(ref_type):
            refs.update(
                {
                    (ref_type, i): n
                    for i, n in session.execute(
                        select(SaleReturn.id, SaleReturn.return_no).where(SaleReturn.id.in_(ids_by_type[ref_type]))
                    ).all()
                }
            )
    if ids_by_type.get("goods_receipt"):
        for receipt in session.scalars(select(GoodsReceipt).where(GoodsReceipt.id.in_(ids_by_type["goods_receipt"]))):
            refs[("goods_receipt", receipt.id)] = goods_receipt_number(receipt) + (
                f" ({receipt.delivery_note_no})" if receipt.delivery_note_no else ""
            )
    balance = 0
    out = []
    for m in moves:
        balance += m.qty
        reference = refs.get((m.ref_type or "", m.ref_id or ""), "")
        if not reference and m.ref_type == "stock_count" and m.ref_id:
            reference = f"KK-{m.ref_id[:6].upper()}"
        out.append(
            LedgerRow(
                m.created_at,
                m.business_day,
                m.kind,
                m.qty,
                balance,
                m.unit_cost,
                m.reason,
                reference,
                names.get(m.user_id or -1, ""),
                m.batch_no,
                m.best_before,
            )
        )
    return out
