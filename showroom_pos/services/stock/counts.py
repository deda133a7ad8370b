"""Stock counts: a count stays open, saved line by line (typed or scanned), until a manager approves it (each
counted product's variance then posts as a ``count`` movement, so on-hand becomes what was counted) or it is
cancelled."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.errors import N_, NotFound, ValidationError
from showroom_pos.core.text import nfc, vietnamese_sort_key
from showroom_pos.storage.models import Product, StockCount, StockCountLine, StockMovement, User

from .. import audit, permissions
from ..catalogue.lookup import get_product, lookup_code
from ..context import Actor
from ..field_errors import FieldError
from .movements import post_movements
from .valuation import value_of

COUNT_STATUS = {"open": N_("open"), "approved": N_("approved"), "cancelled": N_("cancelled")}


@dataclass(frozen=True)
class CountLine:
    product_id: int
    sku: str
    name: str
    unit: str
    sold_by_weight: bool
    expected: int
    counted: int
    variance: int
    variance_value: int  # at cost (the price when no cost is known)


@dataclass(frozen=True)
class CountSheet:
    id: str
    status: str
    note: str
    started_at: datetime
    started_by: str
    approved_at: datetime | None
    approved_by: str
    lines: list[CountLine] = field(default_factory=list)

    @property
    def variance_value(self) -> int:
        return sum(ln.variance_value for ln in self.lines)


def _count(session: Session, count_id: str, *, open_only: bool = True) -> StockCount:
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFound("No stock count {id}.", id=count_id)
    if open_only and count.status != "open":
        raise ValidationError(
            "This stock count is already {status}.", status=COUNT_STATUS.get(count.status, count.status)
        )
    return count


def start_count(session: Session, actor: Actor | None, note: str = "") -> StockCount:
    """Start a count; it stays open, saved line by line, until approved or cancelled."""
    count = StockCount(status="open", note=nfc(note.strip()), started_by=actor.user_id if actor else None)
    session.add(count)
    session.flush()
    audit.record_by(session, "stock.count_started", actor, None, "stock_count", count.id, note=count.note)
    return count


def record_count(
    session: Session, actor: Actor | None, count_id: str, product_id: int, counted: int, *, add: bool = False
) -> int:
    """Set (or with ``add``, increase) the quantity counted for a product; returns the new count."""
    _count(session, count_id)
    get_product(session, product_id)
    line = session.scalar(
        select(StockCountLine).where(StockCountLine.count_id == count_id, StockCountLine.product_id == product_id)
    )
    value = (line.counted if line and add else 0) + counted
    if value < 0:
        raise FieldError("Counted: cannot be negative.", field="counted")
    if line is None:
        line = StockCountLine(count_id=count_id, product_id=product_id, counted=value)
        session.add(line)
    else:
        line.counted = value
    session.flush()
    return value


def scan_into_count(session: Session, actor: Actor | None, count_id: str, code: str) -> tuple[int, int]:
    """A scan adds one piece (or a scale label's weight); returns (product id, new count)."""
    scanned = lookup_code(session, code)
    return scanned.product_id, record_count(session, actor, count_id, scanned.product_id, scanned.qty, add=True)


def count_sheet(session: Session, count_id: str) -> CountSheet:
    """The count with every line's variance against the ledger (now, for an open count; as posted,
    for an approved one)."""
    count = _count(session, count_id, open_only=False)
    names = dict(session.execute(select(User.id, User.name)).all())
    posted: dict[int, int] = {}
    if count.status == "approved":
        posted = dict(
            session.execute(
                select(StockMovement.product_id, func.sum(StockMovement.qty))
                .where(StockMovement.ref_type == "stock_count", StockMovement.ref_id == count_id)
                .group_by(StockMovement.product_id)
            ).all()
        )
    lines = []
    for line, product in sorted(session.execute(
        select(StockCountLine, Product)
        .join(Product, Product.id == StockCountLine.product_id)
        .where(StockCountLine.count_id == count_id)
    ).all(), key=lambda row: vietnamese_sort_key(row[1].name)):  # as the products screen lists them
        if count.status == "approved":
            variance = posted.get(product.id, 0)
            expected = line.counted - variance
        else:
            expected = product.on_hand
            variance = line.counted - expected
        unit_value = product.cost if product.cost is not None else product.price
        lines.append(
            CountLine(
                product.id,
                product.sku,
                product.name,
                product.unit,
                product.sold_by_weight,
                expected,
                line.counted,
                variance,
                value_of(variance, unit_value, product.sold_by_weight),
            )
        )
    return CountSheet(
        count.id,
        count.status,
        count.note,
        count.started_at,
        names.get(count.started_by or -1, ""),
        count.approved_at,
        names.get(count.approved_by or -1, ""),
        lines,
    )


def open_counts(session: Session) -> list[CountSheet]:
    return [
        count_sheet(session, cid)
        for cid in session.scalars(
            select(StockCount.id).where(StockCount.status == "open").order_by(StockCount.started_at.desc())
        )
    ]


def approve_count(
    session: Session, actor: Actor | None, count_id: str, *, approved_by: int | None = None
) -> CountSheet:
    """A manager approves: every counted product's variance posts as a ``count`` movement, so on-hand
    becomes what was counted. Products not in the count are left alone."""
    approver = permissions.require_unless_cli(session, actor, "stock_count_approve", approved_by)
    count = _count(session, count_id)
    sheet = count_sheet(session, count_id)
    if not sheet.lines:
        raise ValidationError("Nothing was counted yet.")
    moves = [(ln.product_id, ln.variance) for ln in sheet.lines if ln.variance != 0]
    post_movements(
        session,
        moves,
        kind="count",
        user_id=actor.user_id if actor else None,
        ref_type="stock_count",
        ref_id=count_id,
        reason="Kiểm kê",
        unit_costs=[None] * len(moves),
    )
    count.status = "approved"
    count.approved_by = approver if approver is not None else (actor.user_id if actor else None)
    count.approved_at = datetime.now().astimezone()
    session.flush()
    session.expire_all()
    audit.record_by(
        session,
        "stock.count_approved",
        actor,
        approver,
        "stock_count",
        count_id,
        lines=len(sheet.lines),
        adjusted=len(moves),
        variance_value=sheet.variance_value,
        variances={ln.sku: ln.variance for ln in sheet.lines if ln.variance},
    )
    return count_sheet(session, count_id)


def cancel_count(session: Session, actor: Actor | None, count_id: str) -> None:
    count = _count(session, count_id)
    count.status = "cancelled"
    audit.record_by(session, "stock.count_cancelled", actor, None, "stock_count", count_id)
    session.flush()
