"""Storing a daily summary exactly once (used by the API and by the USB-file import).

In one transaction: a key seen before answers its stored acknowledgement (a replay changes nothing);
otherwise the summary replaces the stored one for its (outlet, day) only when its revision is newer,
and the key is recorded with the acknowledgement given. Late days are simply days like any other.
Two deliveries racing on the same key or day make the loser's transaction fail on a unique
constraint: the caller answers 409 and the outlet retries, getting the winner's acknowledgement.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from showroom_pos.core.summary import DailySummary

from . import rollup
from .models import DailySummaryRow, DeliveryReceipt, ProvinceOutlet, SummaryPayment, SummaryProduct, utcnow
from .stock import record_stock


class KeyReused(ValueError):
    """The same idempotency key came with a different body: a bug or tampering, never retried."""


@dataclass(frozen=True)
class IngestResult:
    ack: dict[str, object]
    replayed: bool


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def ingest(
    session: Session,
    outlet: ProvinceOutlet,
    summary: DailySummary,
    body: bytes,
    *,
    source: str = "api",
    now: datetime | None = None,
) -> IngestResult:
    """Store ``summary`` (already validated and known to be ``outlet``'s) in the caller's transaction."""
    digest = body_hash(body)
    seen = session.get(DeliveryReceipt, summary.idempotency_key)
    if seen is not None:
        if seen.body_sha256 != digest or seen.outlet_id != outlet.id:
            raise KeyReused(summary.idempotency_key)
        return IngestResult(json.loads(seen.ack), replayed=True)
    now = now or utcnow()
    stmt = select(DailySummaryRow).where(
        DailySummaryRow.outlet_id == outlet.id, DailySummaryRow.business_day == summary.business_day
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    current = session.scalar(stmt)
    if current is None or summary.revision > current.revision:
        weights = [rollup.weighed(p.unit, p.by_weight, summary.cash_rounding is not None) for p in summary.products]
        if current is None:
            current = DailySummaryRow(outlet_id=outlet.id, business_day=summary.business_day)
            session.add(current)
        else:
            rollup.remove_row(session, current)  # the monthly rollups lose the old revision's figures
            session.execute(delete(SummaryProduct).where(SummaryProduct.summary_id == current.id))
            session.execute(delete(SummaryPayment).where(SummaryPayment.summary_id == current.id))
            session.expire(current, ["products", "payments"])
        _fill(current, summary, body, source, now)
        session.flush()
        _write_children(session, current.id, summary, weights)
        rollup.add_summary(session, outlet.id, summary, weights)
        status, stored_revision = "stored", summary.revision
    else:
        status, stored_revision = "superseded", current.revision
    ack: dict[str, object] = {
        "key": summary.idempotency_key,
        "status": status,
        "outlet_code": outlet.code,
        "business_day": summary.business_day.isoformat(),
        "revision": summary.revision,
        "stored_revision": stored_revision,
        "received_at": now.isoformat(),
    }
    session.add(
        DeliveryReceipt(
            idempotency_key=summary.idempotency_key,
            outlet_id=outlet.id,
            business_day=summary.business_day,
            revision=summary.revision,
            body_sha256=digest,
            ack=json.dumps(ack, sort_keys=True),
            source=source,
            received_at=now,
        )
    )
    record_stock(session, outlet, summary, now)  # the outlet's stock, when it sent it (programme view)
    outlet.last_sync_at = now
    session.flush()
    return IngestResult(ack, replayed=False)


def _fill(row: DailySummaryRow, s: DailySummary, body: bytes, source: str, now: datetime) -> None:
    row.revision, row.idempotency_key, row.received_at, row.generated_at = (
        s.revision,
        s.idempotency_key,
        now,
        s.generated_at,
    )
    row.source, row.receipts, row.voided = source, s.receipts, s.voided
    row.gross, row.discounts, row.returns, row.net, row.vat = s.gross, s.discounts, s.returns, s.net, s.vat
    row.qty_sold, row.qty_returned = s.qty_sold, s.qty_returned
    row.cash_over_short, row.shifts_closed, row.cash_rounding = s.cash_over_short, s.shifts_closed, s.cash_rounding
    row.payload = body.decode("utf-8")


def _write_children(session: Session, summary_id: int, s: DailySummary, weights: list[bool]) -> None:
    """Products and payments as two bulk INSERTs (executemany), not one ORM object each."""
    if s.products:
        session.execute(
            insert(SummaryProduct),
            [
                {
                    "summary_id": summary_id,
                    "sku": p.sku,
                    "barcode": p.barcode,
                    "name": p.name,
                    "producer": p.producer,
                    "producer_code": p.producer_code,
                    "stars": p.stars,
                    "ocop_group": p.group,
                    "province_ref": p.province_ref,
                    "qty_sold": p.qty_sold,
                    "qty_returned": p.qty_returned,
                    "gross": p.gross,
                    "discounts": p.discounts,
                    "returns": p.returns,
                    "net": p.net,
                    "vat": p.vat,
                    "by_weight": weighed,
                }
                for p, weighed in zip(s.products, weights, strict=True)
            ],
        )
    methods = sorted(set(s.payments) | set(s.refunds))
    if methods:
        session.execute(
            insert(SummaryPayment),
            [
                {"summary_id": summary_id, "method": m, "amount": s.payments.get(m, 0), "refunds": s.refunds.get(m, 0)}
                for m in methods
            ],
        )
