"""Helpers the report modules share: the outlet and time every report is stamped with, a period as statement
parameters, quantities as shown, the number of receipts of a period, and the two ways a report reads.

Reports are hand-written SQL read on the sqlite3 connection (``sqlite_file.driver_connection``): a screen
passes its session (the reads share its transaction), ``showroom-pos report`` a plain read-only connection, so
the command answers without loading SQLAlchemy and the models."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from showroom_pos.core.clock import now_local
from showroom_pos.storage.sqlite_file import driver_connection

from .table import Report

if TYPE_CHECKING:
    from showroom_pos.storage.sqlite_file import Readable


def read_rows(source: Readable, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Every row of a hand-written statement (``:name`` parameters), as plain tuples."""
    return driver_connection(source).execute(sql, params or {}).fetchall()


def read_one(source: Readable, sql: str, params: Mapping[str, Any] | None = None) -> tuple[Any, ...]:
    """The one row of an aggregate statement."""
    row: tuple[Any, ...] = driver_connection(source).execute(sql, params or {}).fetchone()
    return row


def read_scalar(source: Readable, sql: str, params: Mapping[str, Any] | None = None) -> Any:
    """The first cell of the first row, or None when there is no row."""
    row = driver_connection(source).execute(sql, params or {}).fetchone()
    return row[0] if row else None


def stamp(source: Readable, report: Report) -> Report:
    report.outlet = read_scalar(source, "SELECT name FROM outlet ORDER BY id LIMIT 1") or ""
    report.generated_at = now_local().replace(microsecond=0)
    return report


def period_params(start: date, end: date) -> dict[str, str]:
    return {"start": start.isoformat(), "end": end.isoformat()}


def shown_qty(value: int, by_weight: bool) -> int | Decimal:
    """Grams shown as kilograms (3 decimals: 1250 -> 1.250, 0 -> 0.000); pieces as they are."""
    return Decimal(value).scaleb(-3) if by_weight else value


def receipt_count(source: Readable, start: date, end: date) -> int:
    return int(read_scalar(
        source, "SELECT COUNT(*) FROM sale WHERE business_day BETWEEN :start AND :end AND status = 'completed'",
        period_params(start, end)) or 0)
