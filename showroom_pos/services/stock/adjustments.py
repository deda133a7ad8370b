"""Stock adjustments: stock taken out with a reason (damaged, expired, tasting sample, returned to the
producer) or, for another reason explained in a note, put in; audited, and guarded against going negative."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import N_
from showroom_pos.core.text import nfc

from .. import audit, permissions
from ..catalogue.commission import ensure_not_settled
from ..catalogue.lookup import get_product
from ..context import Actor
from ..field_errors import FieldError, check_length, raise_if
from .movements import post_movements
from .negative_stock import guard_negative

ADJUSTMENT_REASONS = ("damaged", "expired", "tasting", "return_to_producer", "other")


def adjust_stock(
    session: Session,
    actor: Actor | None,
    product_id: int,
    qty: int,
    reason: str,
    note: str = "",
    *,
    approved_by: int | None = None,
    day: date | None = None,
) -> int:
    """Take out (or, for ``other``, put in) stock with a reason, audited; returns the quantity on hand after it.
    ``return_to_producer`` posts a ``consignment_return``, which the producer's settlement counts as returned."""
    approver = permissions.require_unless_cli(session, actor, "stock_adjustment", approved_by)
    day = day or business_day()
    product = get_product(session, product_id)
    errors: list[FieldError] = []
    if reason not in ADJUSTMENT_REASONS:
        errors.append(
            FieldError(
                "Reason: choose damaged, expired, tasting sample, return to producer or other.",
                field="reason",
            )
        )
    if qty == 0:
        errors.append(FieldError("Quantity: cannot be 0.", field="qty"))
    elif qty > 0 and reason != "other":
        errors.append(FieldError("Quantity: only an adjustment for another reason can add stock.", field="qty"))
    if reason == "other" and not note.strip():
        errors.append(FieldError("Note: say why when the reason is other.", field="note"))
    check_length(errors, note.strip(), 150, "note", N_("Note"))
    raise_if(errors)
    if reason == "return_to_producer":
        ensure_not_settled(session, product.producer_id, day)
    guard_negative(session, product, qty, actor, approver, "adjustment")
    text = reason + (f": {nfc(note.strip())}" if note.strip() else "")
    post_movements(
        session,
        [(product_id, qty)],
        kind="consignment_return" if reason == "return_to_producer" else "adjustment",
        day=day,
        user_id=actor.user_id if actor else None,
        ref_type="adjustment",
        reason=text,
    )
    session.expire(product, ["on_hand"])
    audit.record_by(
        session,
        "stock.adjusted",
        actor,
        approver,
        "product",
        product_id,
        sku=product.sku,
        qty=qty,
        reason=reason,
        note=note.strip(),
    )
    return product.on_hand
