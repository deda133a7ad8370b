"""Helpers the report modules share: the outlet and time every report is stamped with, a period as statement
parameters, quantities as shown, and the number of receipts of a period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.orm import Session

from showroom_pos.core.clock import now_local

from .table import Report


def stamp(session: Session, report: Report) -> Report:
    report.outlet = session.scalar(text("SELECT name FROM outlet ORDER BY id LIMIT 1")) or ""
    report.generated_at = now_local().replace(microsecond=0)
    return report


def period_params(start: date, end: date) -> dict[str, str]:
    return {"start": start.isoformat(), "end": end.isoformat()}


def shown_qty(value: int, by_weight: bool) -> int | Decimal:
    """Grams shown as kilograms (3 decimals); pieces as they are."""
    return (Decimal(value) / 1000).quantize(Decimal("0.001")) if by_weight else value


def receipt_count(session: Session, start: date, end: date) -> int:
    return int(session.scalar(text(
        "SELECT COUNT(*) FROM sale WHERE business_day BETWEEN :start AND :end AND status = 'completed'"),
        period_params(start, end)) or 0)
