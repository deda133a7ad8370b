"""The outbox side the services use: mark a business day as changed, in the caller's transaction.

The summary itself is computed when the worker freezes a row for sending; until then a pending,
unfrozen row already stands for "this day changed", so repeated sales on a day add no rows.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from sqlalchemy import ColumnElement, ScalarSelect, Table, func, insert, select
from sqlalchemy.orm import Session

from showroom_pos.storage.models import OutboxItem, new_uuid

DAILY_SUMMARY = "daily_summary"
_INSERT = insert(cast(Table, OutboxItem.__table__))


def day_state(day: date | ColumnElement[date],
              kind: str = DAILY_SUMMARY) -> tuple[ScalarSelect[str | None], ScalarSelect[int | None]]:
    """Two scalar subqueries, to fold into a statement of the caller's: the id of the day's pending, unfrozen
    row (None when there is none) and the day's highest revision (None when the day has no row). ``day`` may
    be a bound parameter (a statement built once)."""
    pending = (select(OutboxItem.id)
               .where(OutboxItem.kind == kind, OutboxItem.business_day == day, OutboxItem.status == "pending",
                      OutboxItem.payload.is_(None))
               .limit(1).scalar_subquery())
    revision = (select(func.max(OutboxItem.revision))
                .where(OutboxItem.kind == kind, OutboxItem.business_day == day).scalar_subquery())
    return pending, revision


def add_revision(session: Session, day: date, revision: int, kind: str = DAILY_SUMMARY) -> None:
    """A new pending row for ``day`` (the caller saw no unfrozen pending one; ``revision`` follows the last)."""
    session.connection().execute(_INSERT, {"id": new_uuid(), "kind": kind, "business_day": day,
                                           "revision": revision, "status": "pending"})


def mark_day_changed(session: Session, day: date, kind: str = DAILY_SUMMARY) -> None:
    pending, revision = day_state(day, kind)
    pending_id, last = session.execute(select(pending, revision)).one()
    if pending_id is None:
        add_revision(session, day, (last or 0) + 1, kind)
