"""The home dashboard: today's sales at a glance, the open shift, and what needs a manager's attention
(low or negative stock, expiring certificates, goods near their best-before date, data the province has
not received). Every figure comes from the same services as the reports, so the two always agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day, local, now_utc
from showroom_pos.storage.models import User
from showroom_pos.sync import worker

from . import setup, shifts
from .reports import period_summary, sales_lists, sales_report
from .reports.table import percent_bp
from .stock import alerts as stock_alerts

TREND_DAYS = 14
TOP_PRODUCTS = 5
ALERTS_LISTED = 8


@dataclass(frozen=True)
class OpenShift:
    shift_id: str
    opened: str  # local "HH:MM dd/mm"
    cashier: str
    receipts: int
    net_sales: int
    expected_cash: int


@dataclass(frozen=True)
class Today:
    outlet_name: str
    sales_total: int  # net sales today (sales less returns), VAT included
    receipts: int
    shift_opened: str
    shift_user: str
    low_stock: int
    certificates_expiring: int
    certificates_expired: int
    days_unsynced: int
    day: date | None = None
    average_basket: int = 0
    returns: int = 0
    discounts: int = 0
    margin: int = 0
    margin_bp: int | None = None
    same_day_last_week: int = 0
    negative_stock: int = 0
    best_before: int = 0
    sync_parked: int = 0
    sync_last_success: datetime | None = None
    sync_last_error: str = ""
    shift: OpenShift | None = None
    trend: list[tuple[date, int]] = field(default_factory=list)  # net sales of the last days, today last
    top_products: list[tuple[str, int]] = field(default_factory=list)  # (name, net sales) today
    alerts: list[stock_alerts.Alert] = field(default_factory=list)  # the most urgent first

    @property
    def change_vs_last_week_bp(self) -> int | None:
        """Today against the same weekday last week (up to the same time while today is still going on),
        in basis points; None when that day had sold nothing."""
        if not self.same_day_last_week:
            return None
        return percent_bp(self.sales_total - self.same_day_last_week, self.same_day_last_week)


def today(session: Session, terminal_id: int, day: date | None = None) -> Today:
    day = day or business_day()
    now = period_summary.summary(session, day, day)
    if day == business_day():  # a day still going on is compared with last week up to the same time
        last_week = period_summary.net_sales_until(session, day - timedelta(days=7), now_utc() - timedelta(days=7))
    else:
        last_week = period_summary.summary(session, day - timedelta(days=7), day - timedelta(days=7)).net
    trend_report = sales_report.sales(session, day - timedelta(days=TREND_DAYS - 1), day, "day")
    trend = list(zip(trend_report.column("day"), trend_report.column("net"), strict=True))
    best = sales_lists.best_sellers(session, day, day, TOP_PRODUCTS)
    top = [(row[best.index("name")], row[best.index("net")]) for row in best.rows]
    open_shift = shifts.open_shift_for(session, terminal_id)
    shift = None
    if open_shift is not None:
        x = shifts.z_report(session, open_shift)
        cashier = session.scalar(select(User.name).where(User.id == open_shift.user_id)) or ""
        shift = OpenShift(open_shift.id, local(open_shift.opened_at).strftime("%H:%M %d/%m"), cashier, x.receipts,
                          x.net_sales, x.expected_cash)
    counts, listed = stock_alerts.overview(session, day, ALERTS_LISTED)  # counted by SQLite; the listed ones made
    sync = worker.read_status(session)
    return Today(
        outlet_name=setup.outlet(session).name, sales_total=now.net, receipts=now.receipts,
        shift_opened=shift.opened if shift else "", shift_user=shift.cashier if shift else "",
        low_stock=counts["low_stock"], certificates_expiring=counts["certificate_expiring"],
        certificates_expired=counts["certificate_expired"], days_unsynced=sync.days_pending, day=day,
        average_basket=now.average_basket, returns=now.returns, discounts=now.discounts, margin=now.margin,
        margin_bp=now.margin_bp, same_day_last_week=last_week, negative_stock=counts["negative_stock"],
        best_before=counts["best_before_past"] + counts["best_before_near"], sync_parked=sync.parked,
        sync_last_success=sync.last_success, sync_last_error=sync.last_error, shift=shift, trend=trend,
        top_products=top, alerts=listed,
    )
