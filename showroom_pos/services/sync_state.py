"""Whether the province sync is configured and how it went: the status bar's read, without the HTTP client
or the summaries (``services.summary`` loads those for sending)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from showroom_pos.sync.status import SyncStatus, read_status

from . import settings


def sync_status(session: Session) -> SyncStatus:
    """Last successful sync, days pending, parked rows and the last error (for the status bar)."""
    configured = bool(settings.get(session, "province.url") and settings.get(session, "province.token"))
    return read_status(session, configured=configured)
