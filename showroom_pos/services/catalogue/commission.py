"""A producer's commission: the share of the sales value of their goods the showroom keeps, as a rate in basis
points that changes over time; and the last day settled with the producer, before which nothing (a rate, a
goods receipt, a return to the producer) may be dated."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.errors import ValidationError
from showroom_pos.storage.models import ConsignmentSettlement, ProducerCommission

from .. import audit, permissions
from ..context import Actor
from ..documents import vn_date
from ..field_errors import FieldError
from .lookup import get_producer


def rate_problem(rate_bp: int) -> FieldError | None:
    """What is wrong with a commission rate: it is a share of the sales value, from 0 to 100 % (10,000 bp)."""
    if 0 <= rate_bp <= 10_000:
        return None
    return FieldError("Commission: from 0 to 100 %.", field="commission")


def last_settled_day(session: Session, producer_id: int) -> date | None:
    return session.scalar(
        select(func.max(ConsignmentSettlement.period_end)).where(ConsignmentSettlement.producer_id == producer_id)
    )


def ensure_not_settled(session: Session, producer_id: int | None, day: date) -> None:
    """Refuse a date inside the period already settled with the producer (settled figures never change)."""
    if producer_id is None:
        return
    settled = last_settled_day(session, producer_id)
    if settled is not None and day <= settled:
        raise ValidationError(
            "The producer's consignment is settled up to {day}: nothing can be dated in a settled period.",
            day=vn_date(settled),
        )


def set_commission(
    session: Session,
    actor: Actor | None,
    producer_id: int,
    rate_bp: int,
    valid_from: date,
    *,
    approved_by: int | None = None,
) -> ProducerCommission:
    """Add (or correct) the commission rate in force from ``valid_from``. A rate reaching back into a
    settled period is refused: settled figures never change."""
    approver = permissions.require_unless_cli(session, actor, "catalogue_edit", approved_by)
    get_producer(session, producer_id)
    problem = rate_problem(rate_bp)
    if problem is not None:
        raise problem
    settled = last_settled_day(session, producer_id)
    if settled is not None and valid_from <= settled:
        raise FieldError(
            "Commission: the period up to {day} is settled; a new rate can start on {next} at the earliest.",
            field="valid_from",
            day=vn_date(settled),
            next=vn_date(settled + timedelta(days=1)),
        )
    row = session.scalar(
        select(ProducerCommission).where(
            ProducerCommission.producer_id == producer_id, ProducerCommission.valid_from == valid_from
        )
    )
    old = row.rate_bp if row else None
    if row is None:
        row = ProducerCommission(producer_id=producer_id, valid_from=valid_from, rate_bp=rate_bp)
        session.add(row)
    else:
        row.rate_bp = rate_bp
    audit.record_by(
        session,
        "producer.commission",
        actor,
        approver,
        "producer",
        producer_id,
        valid_from=valid_from,
        rate_bp=rate_bp,
        previous_bp=old,
    )
    session.flush()
    return row


def commission_history(session: Session, producer_id: int) -> list[tuple[date, int]]:
    """(valid from, rate in basis points), newest first."""
    return [
        (r.valid_from, r.rate_bp)
        for r in session.scalars(
            select(ProducerCommission)
            .where(ProducerCommission.producer_id == producer_id)
            .order_by(ProducerCommission.valid_from.desc())
        )
    ]


def commission_rate(session: Session, producer_id: int, day: date) -> int | None:
    return session.scalar(
        select(ProducerCommission.rate_bp)
        .where(ProducerCommission.producer_id == producer_id, ProducerCommission.valid_from <= day)
        .order_by(ProducerCommission.valid_from.desc())
        .limit(1)
    )
