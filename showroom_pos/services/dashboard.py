"""Today's figures for the home screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day, local
from showroom_pos.storage.models import OutboxItem, Product, Sale, User

from . import setup, shifts


@dataclass(frozen=True)
class Today:
    outlet_name: str
    sales_total: int
    receipts: int
    shift_opened: str
    shift_user: str
    low_stock: int
    certificates_expiring: int
    certificates_expired: int
    days_unsynced: int


def today(session: Session, terminal_id: int) -> Today:
    day = business_day()
    receipts, total = session.execute(
        select(func.count(), func.coalesce(func.sum(Sale.total), 0))
        .where(Sale.business_day == day, Sale.status == "completed")
    ).one()
    shift = shifts.open_shift_for(session, terminal_id)
    shift_user = session.scalar(select(User.name).where(User.id == shift.user_id)) if shift else ""
    active = Product.active.is_(True)
    low = session.scalar(select(func.count()).where(active, Product.on_hand < Product.reorder_level)) or 0
    expiring = session.scalar(select(func.count()).where(
        active, Product.certificate_expires >= day, Product.certificate_expires <= day + timedelta(days=60))) or 0
    expired = session.scalar(select(func.count()).where(active, Product.certificate_expires < day)) or 0
    unsynced = session.scalar(
        select(func.count(func.distinct(OutboxItem.business_day))).where(OutboxItem.status != "sent")
    ) or 0
    return Today(
        outlet_name=setup.outlet(session).name, sales_total=int(total), receipts=int(receipts),
        shift_opened=local(shift.opened_at).strftime("%H:%M %d/%m") if shift else "",
        shift_user=shift_user or "", low_stock=low, certificates_expiring=expiring, certificates_expired=expired,
        days_unsynced=unsynced,
    )
