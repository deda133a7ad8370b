"""The stock ledger: every change to on-hand is a movement, posted in the caller's transaction."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import Integer, Table, bindparam, update
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day, now_utc
from showroom_pos.storage import fast_write
from showroom_pos.storage.models import Product, StockMovement, new_uuid

_MOVEMENTS = cast(Table, StockMovement.__table__)
_PRODUCTS = cast(Table, Product.__table__)
# Every sale posts its movements: through the driver's cursor, as SQLAlchemy compiles and binds them
# (``storage.fast_write``).
_WRITE_MOVEMENTS = fast_write.Statement.insert(_MOVEMENTS, (
    "id", "product_id", "kind", "qty", "unit_cost", "reason", "ref_type", "ref_id", "user_id", "business_day",
    "created_at"))
_ADD_ON_HAND = fast_write.Statement(
    update(_PRODUCTS).where(_PRODUCTS.c.id == bindparam("pid", type_=Integer))
    .values(on_hand=_PRODUCTS.c.on_hand + bindparam("delta", type_=Integer)))


def post_movements(
    session: Session,
    moves: list[tuple[int, int]],
    *,
    kind: str,
    day: date | None = None,
    user_id: int | None = None,
    ref_type: str | None = None,
    ref_id: str | None = None,
    reason: str = "",
    unit_costs: list[int | None] | None = None,
    at: datetime | None = None,
) -> None:
    """Post (product_id, signed qty) movements and keep ``product.on_hand`` equal to the ledger; ``at``: when they
    happened, if not now (the sale or delivery they belong to)."""
    if not moves:
        return
    day = day or business_day()
    costs = unit_costs or [None] * len(moves)
    at = at or now_utc()
    conn = session.connection()
    _WRITE_MOVEMENTS.execute(conn, [
        {"id": new_uuid(), "product_id": pid, "kind": kind, "qty": qty, "unit_cost": cost, "reason": reason,
         "ref_type": ref_type, "ref_id": ref_id, "user_id": user_id, "business_day": day, "created_at": at}
        for (pid, qty), cost in zip(moves, costs, strict=True)
    ])
    _ADD_ON_HAND.execute(conn, [{"pid": pid, "delta": qty} for pid, qty in moves])
