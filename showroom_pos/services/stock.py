"""The stock ledger: every change to on-hand is a movement, posted in the caller's transaction."""

from __future__ import annotations

from datetime import date
from typing import cast

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day
from showroom_pos.storage.models import Product, StockMovement, new_uuid


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
) -> None:
    """Post (product_id, signed qty) movements and keep ``product.on_hand`` equal to the ledger."""
    if not moves:
        return
    day = day or business_day()
    costs = unit_costs or [None] * len(moves)
    session.execute(
        insert(cast(Table, StockMovement.__table__)),
        [
            {"id": new_uuid(), "product_id": pid, "kind": kind, "qty": qty, "unit_cost": cost, "reason": reason,
             "ref_type": ref_type, "ref_id": ref_id, "user_id": user_id, "business_day": day}
            for (pid, qty), cost in zip(moves, costs, strict=True)
        ],
    )
    products = cast(Table, Product.__table__)
    session.connection().execute(
        update(products)
        .where(products.c.id == bindparam("pid"))
        .values(on_hand=products.c.on_hand + bindparam("delta")),
        [{"pid": pid, "delta": qty} for pid, qty in moves],
    )
