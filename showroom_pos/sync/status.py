"""What the sync has done, read without the HTTP client: ``showroom-pos sync status`` and the status screen
need the outbox's counts and the last results, not httpx."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.storage.models import OutboxItem, Setting

STATE_LAST_SUCCESS = "sync.state.last_success"
STATE_LAST_ATTEMPT = "sync.state.last_attempt"
STATE_LAST_ERROR = "sync.state.last_error"


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    last_success: datetime | None
    last_attempt: datetime | None
    days_pending: int
    rows_pending: int
    parked: int
    last_error: str


def _get_state(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else ""


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def read_status(session: Session, configured: bool = True) -> SyncStatus:
    pending = session.execute(
        select(func.count(), func.count(func.distinct(OutboxItem.business_day))).where(OutboxItem.status == "pending")
    ).one()
    parked = session.scalar(select(func.count()).select_from(OutboxItem).where(OutboxItem.status == "parked")) or 0
    return SyncStatus(
        configured=configured,
        last_success=_parse_time(_get_state(session, STATE_LAST_SUCCESS)),
        last_attempt=_parse_time(_get_state(session, STATE_LAST_ATTEMPT)),
        days_pending=int(pending[1]),
        rows_pending=int(pending[0]),
        parked=int(parked),
        last_error=_get_state(session, STATE_LAST_ERROR),
    )


def parked_rows(session: Session) -> list[OutboxItem]:
    return list(
        session.scalars(
            select(OutboxItem)
            .where(OutboxItem.status == "parked")
            .order_by(OutboxItem.business_day, OutboxItem.revision)
        )
    )
