"""The reprint queue's length, for the status bar: a read that needs none of the printing machinery (the
printing service imports python-escpos and Pillow, which the till loads only when it first prints)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.storage.models import ReprintQueue


def pending_count(session: Session) -> int:
    """Jobs that did not print and wait to be printed again."""
    return int(session.scalar(select(func.count()).select_from(ReprintQueue).where(ReprintQueue.done_at.is_(None)))
               or 0)
