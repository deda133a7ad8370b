"""`showroom-pos simulate` makes believable history through the sale service, on the demo's own catalogue."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import business_day
from showroom_pos.services import check, demo, settings, simulate
from showroom_pos.storage.models import Sale


def test_simulated_cash_sales_are_paid_to_the_tills_cash_rounding(sessions: sessionmaker[Session]) -> None:
    """The demo's catalogue has prices like 32.500 ₫: cash pays the rounded amount, as a cashier would take it
    (paying the exact total in cash was refused with 'còn thiếu 500 ₫' and stopped the run after one sale)."""
    demo.seed(sessions, days=0)
    with sessions.begin() as session:
        assert int(settings.get(session, "checkout.cash_rounding")) == 1000
        before = session.scalar(select(func.count()).select_from(Sale))
    made = simulate.simulate(sessions, days=2, sales_per_day=40, seed=3)
    with sessions.begin() as session:
        assert made == 80
        assert session.scalar(select(func.count()).select_from(Sale)) == (before or 0) + 80
        rounded = session.scalar(select(func.count()).select_from(Sale).where(Sale.cash_rounding != 0))
        assert rounded is not None and rounded > 0
        assert check.check_database(session) == []


def test_simulated_days_fit_after_the_shifts_the_till_already_had(sessions: sessionmaker[Session]) -> None:
    """``showroom-pos simulate`` on a demo file (whose days already have their shifts) lays its days' shifts after
    the till's own, not over them: ``check`` found "shifts of one till do not overlap" failing after it. Each sale
    still lies in its shift, and on its day."""
    demo.seed(sessions, days=2)
    with sessions.begin() as session:
        before = session.scalar(select(func.count()).select_from(Sale)) or 0
    made = simulate.simulate(sessions, days=2, sales_per_day=20, seed=5)
    with sessions.begin() as session:
        assert made == 40 and session.scalar(select(func.count()).select_from(Sale)) == before + 40
        assert check.check_database(session) == []
        days = dict(session.execute(select(Sale.business_day, func.count()).group_by(Sale.business_day)).all())
    today = business_day()
    assert all(days.get(today - timedelta(days=back), 0) >= 20 for back in (1, 2)), days
