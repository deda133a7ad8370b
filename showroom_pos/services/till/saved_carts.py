"""Carts kept in the database: the cart in progress (saved on every change, given back after a crash, a restart,
a lock or a logout), parked carts (F8) and their recall, the hand-over of other users' carts at a login, and
dropping a cart once sold. The background saving is ``cart_saver.CartSaver``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import String, Table, bindparam, delete, func, or_, select
from sqlalchemy.orm import Session

from showroom_pos.core.cart_state import Cart
from showroom_pos.core.clock import now_utc
from showroom_pos.core.errors import NotFound, ValidationError
from showroom_pos.storage import fast_write
from showroom_pos.storage.models import ParkedCart, User

from .. import audit
from ..context import Actor


@dataclass(frozen=True)
class ParkedInfo:
    id: str
    label: str
    lines: int
    total: int
    updated_at: datetime


def save_cart(
    session: Session,
    actor: Actor,
    cart_id: str,
    data: str,
    *,
    status: str = "active",
    label: str | None = None,
) -> None:
    """Insert or update the cart row; an emptied active cart is deleted (nothing to recover)."""
    row = session.get(ParkedCart, cart_id)
    if not json.loads(data).get("lines") and status == "active":
        if row is not None:
            session.delete(row)
        return
    now = now_utc()
    if row is None:
        session.add(
            ParkedCart(
                id=cart_id,
                terminal_id=actor.terminal_id,
                user_id=actor.user_id,
                status=status,
                label=label or "",
                data=data,
                created_at=now,
                updated_at=now,
            )
        )
    else:
        row.data, row.status, row.updated_at = data, status, now
        if label is not None:
            row.label = label


def active_cart(session: Session, terminal_id: int, user_id: int | None = None) -> Cart | None:
    """The cart ``user_id`` had in progress on this till (after a crash, a restart, a lock or a logout), if
    any; without ``user_id``, the latest of anyone's."""
    query = select(ParkedCart).where(ParkedCart.terminal_id == terminal_id, ParkedCart.status == "active")
    if user_id is not None:
        query = query.where(ParkedCart.user_id == user_id)
    row = session.scalars(query.order_by(ParkedCart.updated_at.desc())).first()
    return Cart.from_json(row.id, row.data, row.label, owner_id=row.user_id) if row is not None else None


def hand_over_carts(session: Session, actor: Actor) -> list[str]:
    """At a login: carts other users left in progress on this till are parked under their names, so the
    new user starts with their own cart and the others wait for F8. Returns those users' names."""
    rows = session.scalars(
        select(ParkedCart).where(ParkedCart.terminal_id == actor.terminal_id, ParkedCart.status == "active",
                                 or_(ParkedCart.user_id.is_(None), ParkedCart.user_id != actor.user_id))
    ).all()
    names: list[str] = []
    for row in rows:
        owner = session.get(User, row.user_id) if row.user_id is not None else None
        name = owner.name if owner is not None else ""
        row.status, row.label = "parked", row.label or name
        row.updated_at = now_utc()
        names.append(name)
        audit.record(session, "cart.handed_over", user_id=actor.user_id, terminal_id=actor.terminal_id,
                     entity="cart", entity_id=row.id, owner_id=row.user_id)
    return names


def park_cart(session: Session, actor: Actor, cart: Cart, label: str = "") -> None:
    if cart.empty:
        raise ValidationError("The cart is empty.")
    save_cart(session, actor, cart.id, cart.to_json(), status="parked", label=label.strip())
    audit.record(
        session,
        "cart.parked",
        user_id=actor.user_id,
        terminal_id=actor.terminal_id,
        entity="cart",
        entity_id=cart.id,
        lines=len(cart),
        total=cart.totals().total,
    )


def parked_carts(session: Session, terminal_id: int) -> list[ParkedInfo]:
    rows = session.scalars(
        select(ParkedCart)
        .where(ParkedCart.terminal_id == terminal_id, ParkedCart.status == "parked")
        .order_by(ParkedCart.updated_at)
    )
    out = []
    for row in rows:
        cart = Cart.from_json(row.id, row.data, row.label)
        out.append(ParkedInfo(row.id, row.label, len(cart), cart.totals().total, row.updated_at))
    return out


def parked_for(session: Session, actor: Actor) -> int:
    """How many carts of this user wait parked on this till (their own F7, or a hand-over while they were away):
    told at their login, so a cashier back from a break finds the customer's cart."""
    return session.scalar(select(func.count()).select_from(ParkedCart).where(
        ParkedCart.terminal_id == actor.terminal_id, ParkedCart.status == "parked",
        ParkedCart.user_id == actor.user_id)) or 0


def recall_cart(session: Session, actor: Actor, cart_id: str) -> Cart:
    row = session.get(ParkedCart, cart_id)
    if row is None or row.status != "parked":
        raise NotFound("That parked cart is no longer there.")
    row.status = "active"
    row.updated_at = now_utc()
    row.user_id = actor.user_id  # now it is this user's cart in progress (approvals for another lapse)
    audit.record(
        session,
        "cart.recalled",
        user_id=actor.user_id,
        terminal_id=actor.terminal_id,
        entity="cart",
        entity_id=cart_id,
    )
    return Cart.from_json(row.id, row.data, row.label, owner_id=actor.user_id)


_PARKED = cast(Table, ParkedCart.__table__)
# Every sale runs it: built once, through the driver's cursor (``storage.fast_write``).
_DISCARD = fast_write.Statement(delete(_PARKED).where(_PARKED.c.id == bindparam("cart_id", type_=String)))


def discard_cart(session: Session, cart_id: str) -> None:
    _DISCARD.execute(session, [{"cart_id": cart_id}])
