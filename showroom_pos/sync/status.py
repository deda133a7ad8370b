"""What the sync has done, read without the HTTP client and without SQLAlchemy: ``showroom-pos sync status``
and the status screen need the outbox's counts and the last results, not httpx (the command reads them on a
plain sqlite3 connection, the screens through their session: ``sqlite_file.driver_connection``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from showroom_pos.storage.sqlite_file import driver_connection

if TYPE_CHECKING:
    from showroom_pos.storage.sqlite_file import Readable

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


@dataclass(frozen=True)
class ParkedSummary:
    """A summary the province refused, as ``sync status`` lists it."""

    business_day: date
    revision: int
    last_error: str


def _get_state(conn: sqlite3.Connection, key: str) -> str:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row is not None else ""


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def read_status(source: Readable, configured: bool = True) -> SyncStatus:
    """``source``: a sqlite3 connection or a session."""
    conn = driver_connection(source)
    rows, days = conn.execute(
        "SELECT count(*), count(DISTINCT business_day) FROM outbox WHERE status = 'pending'").fetchone()
    parked = conn.execute("SELECT count(*) FROM outbox WHERE status = 'parked'").fetchone()[0]
    return SyncStatus(
        configured=configured,
        last_success=_parse_time(_get_state(conn, STATE_LAST_SUCCESS)),
        last_attempt=_parse_time(_get_state(conn, STATE_LAST_ATTEMPT)),
        days_pending=int(days),
        rows_pending=int(rows),
        parked=int(parked),
        last_error=_get_state(conn, STATE_LAST_ERROR),
    )


def parked_summaries(source: Readable) -> list[ParkedSummary]:
    """The refused summaries, by day and revision; ``source``: a sqlite3 connection or a session."""
    rows = driver_connection(source).execute(
        "SELECT business_day, revision, last_error FROM outbox WHERE status = 'parked' "
        "ORDER BY business_day, revision").fetchall()
    return [ParkedSummary(date.fromisoformat(str(day)), int(revision), str(error or ""))
            for day, revision, error in rows]
