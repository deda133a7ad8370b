"""Whether the province sync is configured and how it went: the status bar's read, without the HTTP client
or the summaries (``services.summary`` loads those for sending)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from showroom_pos.sync.status import ParkedSummary, SyncStatus, parked_summaries, read_status

from . import settings


def sync_status(session: Session) -> SyncStatus:
    """Last successful sync, days pending, parked rows and the last error (for the status bar)."""
    return read_status(session, configured=all(province_address(session)))


def province_address(session: Session) -> tuple[str, str]:
    """The province server's address and this outlet's token ("" when not set): what the sync sends with."""
    return settings.get(session, "province.url") or "", settings.get(session, "province.token") or ""


def refused(session: Session) -> list[ParkedSummary]:
    """The days the province refused, oldest first, each with the province's reason."""
    return parked_summaries(session)


def send_refused_again(session: Session) -> int:
    """Put the refused days back in the queue (the province may have fixed what it refused them for: the outlet's
    first day, say); the next pass sends them afresh. Returns how many."""
    from showroom_pos.sync.worker import requeue_parked  # (the worker's module: only when asked)

    return requeue_parked(session)
