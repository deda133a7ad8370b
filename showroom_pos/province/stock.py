"""Outlets' on-hand stock as they report it with their daily summaries (protocol: ``stock``).

The stock describes the outlet at the moment the summary was frozen, not the business day, so the
province keeps one snapshot per outlet: the newest by its time (a late or replayed older summary never
brings back older stock). The outlet's clock is not trusted beyond the server's: a snapshot dated in
the future counts as taken when it arrived.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from showroom_pos.core.summary import DailySummary

from .models import ProvinceOutlet, utcnow
from .programme_models import OutletStockItem, OutletStockSnapshot


def record_stock(session: Session, outlet: ProvinceOutlet, summary: DailySummary, now: datetime | None = None) -> bool:
    """Keep ``summary``'s stock as ``outlet``'s snapshot when it is newer; True when stored.

    Runs inside the ingest transaction: the stock is stored exactly when the summary's key is.
    """
    if summary.stock is None:
        return False
    now = now or utcnow()
    taken_at = min(summary.stock.at, now)
    stmt = select(OutletStockSnapshot).where(OutletStockSnapshot.outlet_id == outlet.id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    current = session.scalar(stmt)
    if current is not None and current.taken_at >= taken_at:
        return False
    if current is None:
        current = OutletStockSnapshot(outlet_id=outlet.id)
        session.add(current)
    else:
        session.execute(delete(OutletStockItem).where(OutletStockItem.outlet_id == outlet.id))
    current.taken_at, current.received_at, current.items = taken_at, now, len(summary.stock.items)
    session.flush()
    if summary.stock.items:
        session.execute(
            insert(OutletStockItem),
            [
                {
                    "outlet_id": outlet.id,
                    "sku": i.sku,
                    "barcode": i.barcode,
                    "province_ref": i.province_ref,
                    "on_hand": i.on_hand,
                    "price": i.price,
                    "by_weight": i.by_weight,
                }
                for i in summary.stock.items
            ],
        )
    return True
