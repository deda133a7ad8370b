"""The showroom's clock: times are stored in UTC; everything a person reads is in the showroom's time zone.

The zone is a business setting (``outlet.time_zone``, default Asia/Ho_Chi_Minh), never the PC's clock zone: kiosk
PCs often run in UTC. The app sets it once the database is open (:func:`set_zone`); business days, receipts,
reports and screens all go through :func:`local` and :func:`business_day`. ``zoneinfo`` reads the system's zone
data, or the ``tzdata`` package where there is none (Windows).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
VIETNAM: tzinfo = ZoneInfo(DEFAULT_ZONE)
_zone: tzinfo = VIETNAM


def zone_for(name: str) -> tzinfo:
    """The zone called ``name`` (an IANA name such as Asia/Ho_Chi_Minh); ValueError when there is none."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def zone_names() -> list[str]:
    """Every zone this machine knows, sorted (for a choice in the settings)."""
    return sorted(available_timezones())


def set_zone(name: str) -> None:
    """Make ``name`` the showroom's zone for this process (from the ``outlet.time_zone`` setting)."""
    global _zone
    _zone = zone_for(name) if name.strip() else VIETNAM


def showroom_zone() -> tzinfo:
    return _zone


def now_utc() -> datetime:
    return datetime.now(UTC)


def now_local() -> datetime:
    """Now, in the showroom's zone."""
    return datetime.now(_zone)


def business_day(at: datetime | None = None) -> date:
    """The outlet's local date at ``at`` (default: now)."""
    return (at or now_utc()).astimezone(_zone).date()


def local(at: datetime) -> datetime:
    """``at`` in the showroom's zone (a naive value is taken as UTC, as the database stores it)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(_zone)


def local_at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time of the showroom on ``day``."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=_zone)


def day_start_utc(day: date) -> datetime:
    """The UTC instant at which a local business day starts."""
    return local_at(day).astimezone(UTC)


def utc_offset_hours(at: datetime | None = None) -> int:
    """The showroom's offset from UTC in whole hours at ``at`` (for SQL that groups by hour of day)."""
    offset = (at or now_utc()).astimezone(_zone).utcoffset()
    return int(offset.total_seconds() // 3600) if offset is not None else 0


def format_date(day: date) -> str:
    """dd/mm/yyyy, on screen as on paper."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def format_time(at: datetime, *, seconds: bool = False) -> str:
    """HH:MM (or HH:MM:SS) of ``at`` in the showroom's zone."""
    return local(at).strftime("%H:%M:%S" if seconds else "%H:%M")


def format_datetime(at: datetime, *, seconds: bool = False) -> str:
    """dd/mm/yyyy HH:MM of ``at`` in the showroom's zone."""
    moment = local(at)
    return f"{format_date(moment.date())} {moment.strftime('%H:%M:%S' if seconds else '%H:%M')}"


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's end (certificate expiry: signing + 36 months)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
