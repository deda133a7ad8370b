"""The VAT rates in force: each product has a VAT category, whose rate (in basis points) changes over time."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import ValidationError
from showroom_pos.storage.models import VatRate


def vat_rate_bp(session: Session, category: str, day: date | None = None) -> int:
    """The VAT rate (basis points) in force for ``category`` on ``day``."""
    day = day or business_day()
    rate = session.scalar(
        select(VatRate.rate_bp)
        .where(VatRate.category == category, VatRate.valid_from <= day)
        .where(or_(VatRate.valid_to.is_(None), VatRate.valid_to >= day))
        .order_by(VatRate.valid_from.desc())
    )
    if rate is None:
        raise ValidationError("No VAT rate {category} is in force on {day}.", category=category, day=day)
    return rate


def vat_table(session: Session, day: date | None = None) -> dict[str, int]:
    """Every VAT category's rate on ``day``: the till loads this once per day, not per scan."""
    rates = rates_in_force(session, day)
    missing = vat_categories(session) - rates.keys()
    if missing:
        raise ValidationError("No VAT rate {category} is in force on {day}.", category=min(missing),
                              day=day or business_day())
    return rates


def rates_in_force(session: Session, day: date | None = None) -> dict[str, int]:
    """The rate (basis points) of each category that has one in force on ``day``, in one statement."""
    day = day or business_day()
    rows = session.execute(
        select(VatRate.category, VatRate.rate_bp)
        .where(VatRate.valid_from <= day)
        .where(or_(VatRate.valid_to.is_(None), VatRate.valid_to >= day))
        .order_by(VatRate.valid_from)  # the latest start wins, as in ``vat_rate_bp``
    )
    return {category: rate for category, rate in rows}


def vat_categories(session: Session) -> set[str]:
    """The VAT categories a product may have."""
    return set(session.scalars(select(VatRate.category).distinct()))
