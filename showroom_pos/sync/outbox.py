"""The outbox side the services use: mark a business day as changed, in the caller's transaction.

The summary itself is computed when the worker freezes a row for sending; until then a pending,
unfrozen row already stands for "this day changed", so repeated sales on a day add no rows.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.storage.models import OutboxItem

DAILY_SUMMARY = "daily_summary"


def mark_day_changed(session: Session, day: date, kind: str = DAILY_SUMMARY) -> OutboxItem:
    open_row = session.scalars(
        select(OutboxItem).where(
            OutboxItem.kind == kind,
            OutboxItem.business_day == day,
            OutboxItem.status == "pending",
            OutboxItem.payload.is_(None),
        )
    ).first()
    if open_row is not None:
        return open_row
    last = session.scalar(
        select(func.max(OutboxItem.revision)).where(OutboxItem.kind == kind, OutboxItem.business_day == day)
    )
    row = OutboxItem(kind=kind, business_day=day, revision=(last or 0) + 1, status="pending")
    session.add(row)
    return row
