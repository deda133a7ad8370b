"""`showroom-pos simulate` makes believable history through the sale service, on the demo's own catalogue."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

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
