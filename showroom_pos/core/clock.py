"""Business days are local dates in Vietnam (UTC+7, no daylight saving), times are stored in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")


def now_utc() -> datetime:
    return datetime.now(UTC)


def business_day(at: datetime | None = None) -> date:
    """The outlet's local date at ``at`` (default: now)."""
    return (at or now_utc()).astimezone(VIETNAM).date()


def local(at: datetime) -> datetime:
    return at.astimezone(VIETNAM)


def day_start_utc(day: date) -> datetime:
    """The UTC instant at which a local business day starts."""
    return datetime(day.year, day.month, day.day, tzinfo=VIETNAM).astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's end (certificate expiry: signing + 36 months)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
