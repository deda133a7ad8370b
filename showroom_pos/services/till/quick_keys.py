"""The products on the checkout's quick keys: those given a number first, then the outlet's best sellers."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day
from showroom_pos.storage.models import Product, SaleProductDay


def quick_keys(session: Session, limit: int = 10, days: int = 30, today: date | None = None) -> list[int]:
    """Product ids for the quick keys: those given a ``quick_key`` number first (in that order), then
    the outlet's best sellers by receipts over the last ``days`` days."""
    chosen = list(
        session.scalars(
            select(Product.id)
            .where(Product.active, Product.quick_key.is_not(None))
            .order_by(Product.quick_key)
            .limit(limit)
        )
    )
    if len(chosen) < limit:
        since = (today or business_day()) - timedelta(days=days)
        lines = func.sum(SaleProductDay.lines)  # lines of completed sales, from the rollups (migration 0009)
        best = session.execute(
            select(SaleProductDay.product_id)
            .join(Product, Product.id == SaleProductDay.product_id)
            .where(SaleProductDay.business_day >= since, Product.active)
            .group_by(SaleProductDay.product_id)
            .having(lines > 0)
            .order_by(lines.desc(), SaleProductDay.product_id)
            .limit(limit * 2)
        ).scalars()
        for pid in best:
            if pid not in chosen:
                chosen.append(pid)
            if len(chosen) >= limit:
                break
    return chosen
