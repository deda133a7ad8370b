"""First start: name the outlet and its till, and create the first admin."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from showroom_pos.core.errors import ValidationError
from showroom_pos.storage.models import Outlet, Terminal, User

from . import audit, users

CODE_RE = re.compile(r"^[A-Z0-9]{2,12}$")


def is_set_up(session: Session) -> bool:
    return session.scalar(select(Outlet.id).limit(1)) is not None and users.has_users(session)


def outlet(session: Session) -> Outlet:
    found = session.scalars(select(Outlet).order_by(Outlet.id)).first()
    if found is None:
        raise ValidationError("The outlet is not set up yet.")
    return found


def terminal(session: Session) -> Terminal:
    found = session.scalars(select(Terminal).order_by(Terminal.id)).first()
    if found is None:
        raise ValidationError("The outlet is not set up yet.")
    return found


def set_up_outlet(
    session: Session,
    *,
    outlet_code: str,
    outlet_name: str,
    admin_name: str,
    admin_pin: str,
    address: str = "",
    province: str = "Đồng Tháp",
    terminal_code: str | None = None,
    at: datetime | None = None,
) -> tuple[Outlet, Terminal, User]:
    """The showroom, its first till and its administrator. ``at``: when, if not now (the demo's set-up)."""
    code = outlet_code.strip().upper()
    if not CODE_RE.match(code):
        raise ValidationError("The outlet code is 2–12 letters or digits, such as CL01.")
    if not outlet_name.strip():
        raise ValidationError("The outlet needs a name.")
    if session.scalar(select(Outlet.id).limit(1)) is not None:
        raise ValidationError("The outlet is already set up.")
    shop = Outlet(code=code, name=outlet_name.strip(), address=address, province=province)
    session.add(shop)
    session.flush()
    till = Terminal(outlet_id=shop.id, code=(terminal_code or code).upper(), name="Quầy 1")
    session.add(till)
    admin = users.create_user(session, admin_name, "admin", admin_pin, at=at)
    audit.record(session, "outlet.set_up", user_id=admin.id, entity="outlet", entity_id=str(shop.id), code=code,
                 at=at)
    return shop, till, admin
