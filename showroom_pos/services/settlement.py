"""Consignment settlement: what the showroom owes a producer for a period, and locking it.

For a producer and a period of business days (both ends included):

- **received**: quantities on the producer's *consigned* goods receipts dated in the period;
- **sold**: consigned sale lines of the producer (completed sales; voided ones do not count) less
  the quantities customers brought back in the period;
- **returned**: goods given back to the producer in the period (``consignment_return`` movements);
- **on hand**: the ledger's quantity at the end of the period's last day, and **at the start** (the end of the day
  before), so that the statement adds up for the producer: start + received − sold − returned + **other** = end,
  where other is what the ledger moved otherwise (stock counts, damage, refunds not put back on the shelf);
- **sales value**: what customers paid for those lines (after discounts, VAT included) less refunds;
- **commission**: the showroom's percentage from the producer's rate history, the rate in force on
  each sale's (or refund's) day, rounded half up to the đồng per rate segment;
- **payable** = sales value − commission.

Producer and consignment flags are read from the sale lines (copied at the time of sale), so
editing a product later does not rewrite what was sold. Settling stores the figures and their detail:
a settled period is locked — it never overlaps another settlement, no rate, receipt or return can
be dated inside it, and its statement reprints exactly as signed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day, local
from showroom_pos.core.errors import ValidationError
from showroom_pos.core.money import format_vnd, percent_of, round_half_up
from showroom_pos.storage.models import (
    ConsignmentSettlement,
    GoodsReceipt,
    GoodsReceiptLine,
    Producer,
    ProducerCommission,
    Product,
    ReturnLine,
    Sale,
    SaleLine,
    SaleReturn,
    StockMovement,
    User,
)

from . import audit, permissions, setup
from .catalogue import lookup
from .context import Actor
from .documents import Column, Document, amount_in_words, format_qty, vn_date


@dataclass(frozen=True)
class StatementLine:
    product_id: int
    sku: str
    name: str
    unit: str
    sold_by_weight: bool
    received: int
    sold: int
    returned: int
    on_hand: int
    sales_value: int
    opening: int | None = None  # on hand before the period (None: settled before the statement showed it)

    @property
    def other(self) -> int | None:
        """What else moved the stock in the period: start + received − sold − returned + other = end."""
        if self.opening is None:
            return None
        return self.on_hand - self.opening - self.received + self.sold + self.returned


@dataclass(frozen=True)
class RateSegment:
    start: date
    end: date
    rate_bp: int
    sales_value: int
    commission: int


@dataclass(frozen=True)
class Statement:
    producer_id: int
    producer_name: str
    producer_tax_code: str
    period_start: date
    period_end: date
    lines: tuple[StatementLine, ...]
    segments: tuple[RateSegment, ...]
    commission_bp: int
    settlement_id: str | None = None
    settled_at: datetime | None = None
    settled_by: str = ""
    warnings: tuple[str, ...] = field(default=())

    @property
    def settled(self) -> bool:
        return self.settlement_id is not None

    @property
    def settled_on(self) -> date | None:
        """The showroom's date it was settled (``settled_at`` is UTC: after 17:00 UTC it is the next day here)."""
        return None if self.settled_at is None else local(self.settled_at).date()

    @property
    def received(self) -> int:
        return sum(ln.received for ln in self.lines)

    @property
    def sold(self) -> int:
        return sum(ln.sold for ln in self.lines)

    @property
    def returned(self) -> int:
        return sum(ln.returned for ln in self.lines)

    @property
    def on_hand(self) -> int:
        return sum(ln.on_hand for ln in self.lines)

    @property
    def opening(self) -> int | None:
        openings = [ln.opening for ln in self.lines]
        return None if None in openings else sum(o for o in openings if o is not None)

    @property
    def other(self) -> int | None:
        others = [ln.other for ln in self.lines]
        return None if None in others else sum(o for o in others if o is not None)

    @property
    def sales_value(self) -> int:
        return sum(s.sales_value for s in self.segments)

    @property
    def commission(self) -> int:
        return sum(s.commission for s in self.segments)

    @property
    def payable(self) -> int:
        return self.sales_value - self.commission


class NoCommissionRate(ValidationError):
    message = "{producer} has no commission rate in force on {day}: set one on the producer first."


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError(
            "The period ends ({end}) before it starts ({start}).", start=vn_date(start), end=vn_date(end)
        )


def compute(session: Session, producer_id: int, start: date, end: date) -> Statement:
    """The statement as the ledger and sales say now (not the stored one of a settled period)."""
    _check_period(start, end)
    producer = lookup.get_producer(session, producer_id)
    in_period = and_(Sale.business_day >= start, Sale.business_day <= end)
    sold_qty: dict[int, int] = defaultdict(int)
    value_by_day: dict[date, int] = defaultdict(int)
    value_by_product: dict[int, int] = defaultdict(int)
    for pid, day, qty, amount in session.execute(
        select(SaleLine.product_id, Sale.business_day, func.sum(SaleLine.qty), func.sum(SaleLine.amount))
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(SaleLine.producer_id == producer_id, SaleLine.consigned, Sale.status == "completed", in_period)
        .group_by(SaleLine.product_id, Sale.business_day)
    ).all():
        sold_qty[pid] += int(qty)
        value_by_day[day] += int(amount)
        value_by_product[pid] += int(amount)
    for pid, day, qty, amount in session.execute(
        select(SaleLine.product_id, SaleReturn.business_day, func.sum(ReturnLine.qty), func.sum(ReturnLine.amount))
        .join(SaleReturn, SaleReturn.id == ReturnLine.return_id)
        .join(SaleLine, SaleLine.id == ReturnLine.sale_line_id)
        .where(
            SaleLine.producer_id == producer_id,
            SaleLine.consigned,
            SaleReturn.business_day >= start,
            SaleReturn.business_day <= end,
        )
        .group_by(SaleLine.product_id, SaleReturn.business_day)
    ).all():
        sold_qty[pid] -= int(qty)
        value_by_day[day] -= int(amount)
        value_by_product[pid] -= int(amount)
    received = dict(
        session.execute(
            select(GoodsReceiptLine.product_id, func.sum(GoodsReceiptLine.qty))
            .join(GoodsReceipt, GoodsReceipt.id == GoodsReceiptLine.receipt_id)
            .where(
                GoodsReceipt.producer_id == producer_id,
                GoodsReceipt.consigned,
                GoodsReceipt.business_day >= start,
                GoodsReceipt.business_day <= end,
            )
            .group_by(GoodsReceiptLine.product_id)
        ).all()
    )
    own = select(Product.id).where(Product.producer_id == producer_id)
    returned = {
        pid: -int(q)
        for pid, q in session.execute(
            select(StockMovement.product_id, func.sum(StockMovement.qty))
            .where(
                StockMovement.kind == "consignment_return",
                StockMovement.product_id.in_(own),
                StockMovement.business_day >= start,
                StockMovement.business_day <= end,
            )
            .group_by(StockMovement.product_id)
        ).all()
    }
    consigned_products = set(
        session.scalars(select(Product.id).where(Product.producer_id == producer_id, Product.consigned))
    )
    scope = consigned_products | set(sold_qty) | set(received) | set(returned)
    on_hand = _ledger_qty(session, scope, StockMovement.business_day <= end)
    opening = _ledger_qty(session, scope, StockMovement.business_day < start)
    products = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(scope)))} if scope else {}
    lines = []
    for pid in sorted(scope, key=lambda i: (products[i].name, i)):
        p = products[pid]
        line = StatementLine(
            pid,
            p.sku,
            p.name,
            p.unit,
            p.sold_by_weight,
            int(received.get(pid, 0)),
            sold_qty.get(pid, 0),
            returned.get(pid, 0),
            on_hand.get(pid, 0),
            value_by_product.get(pid, 0),
            opening.get(pid, 0),
        )
        if any((line.opening, line.received, line.sold, line.returned, line.on_hand, line.sales_value)):
            lines.append(line)
    segments = _segments(session, producer, start, end, value_by_day)
    return Statement(
        producer_id=producer.id,
        producer_name=producer.name,
        producer_tax_code=producer.tax_code or "",
        period_start=start,
        period_end=end,
        lines=tuple(lines),
        segments=segments,
        commission_bp=_effective_bp(session, producer.id, end, segments),
    )


def _ledger_qty(session: Session, products: set[int], when: ColumnElement[bool]) -> dict[int, int]:
    """Each product's quantity on the ledger over the movements ``when`` selects."""
    if not products:
        return {}
    rows = session.execute(
        select(StockMovement.product_id, func.sum(StockMovement.qty))
        .where(StockMovement.product_id.in_(products), when)
        .group_by(StockMovement.product_id)
    )
    return {pid: int(qty) for pid, qty in rows}


def _segments(
    session: Session, producer: Producer, start: date, end: date, value_by_day: dict[date, int]
) -> tuple[RateSegment, ...]:
    """Split the period where the commission rate changes; each part's commission is rounded once."""
    changes = sorted(
        session.scalars(
            select(ProducerCommission.valid_from).where(
                ProducerCommission.producer_id == producer.id,
                ProducerCommission.valid_from > start,
                ProducerCommission.valid_from <= end,
            )
        )
    )
    bounds = [start, *changes]
    out = []
    for i, seg_start in enumerate(bounds):
        seg_end = bounds[i + 1] - timedelta(days=1) if i + 1 < len(bounds) else end
        value = sum(v for d, v in value_by_day.items() if seg_start <= d <= seg_end)
        rate = _rate(session, producer.id, seg_start)
        if rate is None:
            days = [d for d in sorted(value_by_day) if seg_start <= d <= seg_end and value_by_day[d]]
            if days:
                raise NoCommissionRate(producer=producer.name, day=vn_date(days[0]))
            continue
        out.append(RateSegment(seg_start, seg_end, rate, value, percent_of(value, rate)))
    return tuple(out)


def _rate(session: Session, producer_id: int, day: date) -> int | None:
    return session.scalar(
        select(ProducerCommission.rate_bp)
        .where(ProducerCommission.producer_id == producer_id, ProducerCommission.valid_from <= day)
        .order_by(ProducerCommission.valid_from.desc())
        .limit(1)
    )


def _effective_bp(session: Session, producer_id: int, end: date, segments: tuple[RateSegment, ...]) -> int:
    """One rate for the record: the only one used, else commission ÷ sales (rounded), else today's."""
    if len(segments) == 1:
        return segments[0].rate_bp
    value = sum(s.sales_value for s in segments)
    if value > 0:
        return round_half_up(Decimal(sum(s.commission for s in segments) * 10_000) / value)
    return _rate(session, producer_id, end) or 0


def _stored(session: Session, row: ConsignmentSettlement) -> Statement:
    detail = json.loads(row.detail or "{}")
    producer = session.get(Producer, row.producer_id)
    settled_by = session.scalar(select(User.name).where(User.id == row.settled_by)) if row.settled_by else ""
    lines = tuple(StatementLine(**ln) for ln in detail.get("lines", []))
    segments = tuple(
        RateSegment(
            date.fromisoformat(s["start"]),
            date.fromisoformat(s["end"]),
            s["rate_bp"],
            s["sales_value"],
            s["commission"],
        )
        for s in detail.get("segments", [])
    )
    return Statement(
        producer_id=row.producer_id,
        producer_name=detail.get("producer_name", producer.name if producer else ""),
        producer_tax_code=detail.get("producer_tax_code", ""),
        period_start=row.period_start,
        period_end=row.period_end,
        lines=lines,
        segments=segments,
        commission_bp=row.commission_bp,
        settlement_id=row.id,
        settled_at=row.settled_at,
        settled_by=settled_by or "",
    )


def statement(session: Session, producer_id: int, start: date, end: date) -> Statement:
    """The settled statement if this exact period is settled (as signed), else the figures now."""
    row = session.scalar(
        select(ConsignmentSettlement).where(
            ConsignmentSettlement.producer_id == producer_id,
            ConsignmentSettlement.period_start == start,
            ConsignmentSettlement.period_end == end,
        )
    )
    if row is not None:
        return _stored(session, row)
    return compute(session, producer_id, start, end)


def overlapping(session: Session, producer_id: int, start: date, end: date) -> ConsignmentSettlement | None:
    return session.scalar(
        select(ConsignmentSettlement).where(
            ConsignmentSettlement.producer_id == producer_id,
            ConsignmentSettlement.period_start <= end,
            ConsignmentSettlement.period_end >= start,
        )
    )


def settle(
    session: Session,
    actor: Actor | None,
    producer_id: int,
    start: date,
    end: date,
    *,
    approved_by: int | None = None,
    today: date | None = None,
) -> Statement:
    """Mark the period settled: its figures are stored with their detail and locked."""
    approver = permissions.require(session, actor, "settlement", approved_by) if actor else None
    today = today or business_day()
    _check_period(start, end)
    if end >= today:
        raise ValidationError("Only a period that has ended can be settled (it ends on {end}).", end=vn_date(end))
    clash = overlapping(session, producer_id, start, end)
    if clash is not None:
        raise ValidationError(
            "The period overlaps the settled period {start} – {end}.",
            start=vn_date(clash.period_start),
            end=vn_date(clash.period_end),
        )
    result = compute(session, producer_id, start, end)
    if result.sales_value < 0 or result.payable < 0:
        raise ValidationError(
            "Refunds exceed sales in this period ({value}): settle it together with the next period.",
            value=format_vnd(result.sales_value),
        )
    detail = {
        "producer_name": result.producer_name,
        "producer_tax_code": result.producer_tax_code,
        "lines": [asdict(ln) for ln in result.lines],
        "segments": [{**asdict(s), "start": s.start.isoformat(), "end": s.end.isoformat()} for s in result.segments],
    }
    row = ConsignmentSettlement(
        producer_id=producer_id,
        period_start=start,
        period_end=end,
        qty_received=result.received,
        qty_sold=result.sold,
        qty_returned=result.returned,
        qty_on_hand=result.on_hand,
        sales_value=result.sales_value,
        commission_bp=result.commission_bp,
        commission=result.commission,
        payable=result.payable,
        settled_by=(approver or (actor.user_id if actor else None)),
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "settlement.settled",
        user_id=actor.user_id if actor else None,
        terminal_id=actor.terminal_id if actor else None,
        approver_id=approver,
        entity="consignment_settlement",
        entity_id=row.id,
        producer_id=producer_id,
        period=f"{start.isoformat()}..{end.isoformat()}",
        sales_value=result.sales_value,
        commission=result.commission,
        payable=result.payable,
    )
    return _stored(session, row)


def settlements(session: Session, producer_id: int | None = None) -> list[Statement]:
    """Settled periods, newest first."""
    stmt = select(ConsignmentSettlement).order_by(
        ConsignmentSettlement.period_end.desc(), ConsignmentSettlement.producer_id
    )
    if producer_id is not None:
        stmt = stmt.where(ConsignmentSettlement.producer_id == producer_id)
    return [_stored(session, row) for row in session.scalars(stmt)]


def previous_month(day: date | None = None) -> tuple[date, date]:
    """The calendar month before ``day``'s: the usual settlement period."""
    first_this = (day or business_day()).replace(day=1)
    last_prev = first_this - timedelta(days=1)
    return last_prev.replace(day=1), last_prev


def next_period(session: Session, producer_id: int, day: date | None = None) -> tuple[date, date]:
    """The period to settle next: from the day after the last settled one (or the previous month's start)
    to the end of the previous month."""
    start, end = previous_month(day)
    last = session.scalar(
        select(func.max(ConsignmentSettlement.period_end)).where(ConsignmentSettlement.producer_id == producer_id)
    )
    if last is not None and last >= start:
        start = last + timedelta(days=1)
        if start > end:
            end = (day or business_day()) - timedelta(days=1)
    elif last is not None:
        start = last + timedelta(days=1)
    return start, max(start, end)


# --- the statement a producer signs ------------------------------------------------------------------


def percent_text(bp: int) -> str:
    """``1500`` → ``15%``, ``1250`` → ``12,5%``."""
    whole, frac = divmod(bp, 100)
    return f"{whole}%" if not frac else f"{whole},{frac:02d}".rstrip("0") + "%"


def statement_document(session: Session, st: Statement) -> Document:
    """The Vietnamese statement both sides sign (PDF, paper, receipt printer, XLSX)."""
    shop = setup.outlet(session)
    producer = session.get(Producer, st.producer_id)
    bank = " — ".join(
        x for x in ((producer.bank_account if producer else ""), (producer.bank_name if producer else "")) if x
    )
    doc = Document(
        title="Bảng kê thanh toán hàng ký gửi",
        heading=[h for h in (shop.name, shop.address, f"MST: {shop.tax_code}" if shop.tax_code else "") if h],
        info=[("Bên ký gửi", st.producer_name)]
        + ([("Mã số thuế", st.producer_tax_code)] if st.producer_tax_code else [])
        + ([("Tài khoản", bank)] if bank else [])
        + [("Kỳ thanh toán", f"từ {vn_date(st.period_start)} đến {vn_date(st.period_end)}")],
        columns=[
            Column("STT"),
            Column("Mã hàng"),
            Column("Tên hàng"),
            Column("ĐVT"),
            Column("Tồn đầu", True),
            Column("Nhận", True),
            Column("Bán", True),
            Column("Trả NSX", True),
            Column("Khác", True),
            Column("Tồn cuối", True),
            Column("Doanh số", True),
        ],
        signatures=[("Đại diện điểm bán", "(Ký, ghi rõ họ tên)"), ("Đại diện bên ký gửi", "(Ký, ghi rõ họ tên)")],
        stamp=(
            f"ĐÃ CHỐT SỔ ngày {vn_date(st.settled_on)}"
            if st.settled and st.settled_on
            else "TẠM TÍNH — CHƯA CHỐT SỔ"
        ),
    )
    for n, ln in enumerate(st.lines, start=1):
        w = ln.sold_by_weight
        doc.rows.append(
            [
                str(n),
                ln.sku,
                ln.name,
                "kg" if w else ln.unit,
                "" if ln.opening is None else format_qty(ln.opening, w),
                format_qty(ln.received, w),
                format_qty(ln.sold, w),
                format_qty(ln.returned, w),
                "" if ln.other is None else format_qty(ln.other, w),
                format_qty(ln.on_hand, w),
                ln.sales_value,
            ]
        )
    doc.totals = [("Tổng doanh số bán (đã gồm VAT)", format_vnd(st.sales_value))]
    for seg in st.segments:
        label = f"Hoa hồng điểm bán {percent_text(seg.rate_bp)}"
        if len(st.segments) > 1:
            label += f" ({vn_date(seg.start)} – {vn_date(seg.end)})"
        doc.totals.append((label, format_vnd(-seg.commission)))
    doc.totals.append(("Số tiền thanh toán cho bên ký gửi", format_vnd(st.payable)))
    doc.notes = [f"Bằng chữ: {amount_in_words(st.payable)}."]
    if st.opening is not None:
        doc.notes.append("Tồn đầu + Nhận - Bán - Trả NSX + Khác = Tồn cuối (tồn đầu và cuối kỳ); Khác là chênh "
                         "lệch kiểm kê, hàng hư hỏng và hàng khách trả không nhập lại kho.")
    if st.settled and st.settled_by:
        doc.notes.append(f"Người chốt sổ: {st.settled_by}.")
    return doc
