"""The negative-stock guard: stock is not taken below zero unless the outlet allows it
(setting ``stock.allow_negative``); when it does, each time is flagged in the audit log."""

from __future__ import annotations

from sqlalchemy.orm import Session

from showroom_pos.core.errors import ValidationError
from showroom_pos.storage.models import Product

from .. import audit, settings
from ..context import Actor
from ..documents import format_qty

ALLOW_NEGATIVE_KEY = "stock.allow_negative"


def negative_stock_allowed(session: Session) -> bool:
    return settings.flag(session, ALLOW_NEGATIVE_KEY)


class NotEnoughStock(ValidationError):
    message = "Only {on_hand} of {name} in stock: taking out {qty} would leave {after}."


def guard_negative(
    session: Session, product: Product, delta: int, actor: Actor | None, approver: int | None, context: str
) -> None:
    """Refuse to take stock below zero unless the outlet allows it; then flag it in the audit log."""
    after = product.on_hand + delta
    if delta >= 0 or after >= 0:
        return
    if not negative_stock_allowed(session):
        raise NotEnoughStock(
            on_hand=format_qty(product.on_hand, product.sold_by_weight),
            name=product.name,
            qty=format_qty(-delta, product.sold_by_weight),
            after=format_qty(after, product.sold_by_weight),
        )
    audit.record_by(
        session,
        "stock.negative",
        actor,
        approver,
        "product",
        product.id,
        sku=product.sku,
        on_hand=after,
        context=context,
    )
