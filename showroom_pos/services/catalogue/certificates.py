"""OCOP certificates: one runs for 36 months from its signing; the catalogue warns 60 days before it expires,
and the checkout warns that a product whose certificate has expired can no longer be sold as OCOP."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day
from showroom_pos.storage.models import Product

CERTIFICATE_MONTHS = 36
CERTIFICATE_WARNING_DAYS = 60


def certificate_status(expires: date | None, day: date | None = None) -> str:
    """``none``, ``valid``, ``expiring`` (within 60 days) or ``expired`` (the expiry day itself is
    still valid: a certificate runs for 36 months counted from the day after signing)."""
    day = day or business_day()
    if expires is None:
        return "none"
    if expires < day:
        return "expired"
    if expires <= day + timedelta(days=CERTIFICATE_WARNING_DAYS):
        return "expiring"
    return "valid"


class _HasCertificate(Protocol):
    @property
    def certificate_expires(self) -> date | None: ...


def is_expired_ocop(product: _HasCertificate, day: date | None = None) -> bool:
    """True when the product's OCOP certificate has expired on ``day`` (default today): the checkout
    warns that it can no longer be sold as an OCOP product. Works on a ``Product`` or any object
    with ``certificate_expires``."""
    return certificate_status(product.certificate_expires, day) == "expired"


def expired_ocop_ids(session: Session, day: date | None = None) -> set[int]:
    """The active products whose certificate has expired: for a till's in-memory index."""
    day = day or business_day()
    return set(session.scalars(select(Product.id).where(Product.active, Product.certificate_expires < day)))
