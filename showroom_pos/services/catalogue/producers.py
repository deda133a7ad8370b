"""Producers (the cooperatives, households and enterprises whose goods the showroom sells, often on
consignment): ``ProducerInput`` and its one check, ``check_producer``; creating, editing, removing and listing
producers. A manager's edits need the ``catalogue_edit`` permission and are audited; ``add_producer`` is the
same check and insert without an actor, for the demo, the simulation and test fixtures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.orm import Session

from showroom_pos.core import tax_code as mst
from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import N_
from showroom_pos.core.text import fold, nfc, vietnamese_sort_key
from showroom_pos.storage.models import (
    PRODUCER_KINDS,
    ConsignmentSettlement,
    GoodsReceipt,
    Producer,
    ProducerCommission,
    Product,
    SaleLine,
)

from .. import audit, permissions
from ..context import Actor
from ..field_errors import FieldError, check_length, raise_if
from .commission import commission_rate, rate_problem
from .lookup import get_producer


@dataclass
class ProducerInput:
    name: str
    kind: str
    tax_code: str = ""
    address: str = ""
    commune: str = ""
    province: str = "Đồng Tháp"
    phone: str = ""
    bank_name: str = ""
    bank_account: str = ""
    code: str | None = None
    sells_modern_channels: bool = False


def check_producer(session: Session, data: ProducerInput, producer_id: int | None = None) -> list[FieldError]:
    errors: list[FieldError] = []
    if not data.name.strip():
        errors.append(FieldError("Producer name: a producer needs a name.", field="name"))
    check_length(errors, data.name.strip(), 200, "name", N_("Producer name"))
    if data.kind not in PRODUCER_KINDS:
        errors.append(
            FieldError(
                "Producer kind: {kind} is not enterprise, cooperative, cooperative group or household.",
                field="kind",
                kind=data.kind,
            )
        )
    if data.tax_code.strip():
        if not mst.is_valid(data.tax_code):
            errors.append(
                FieldError(
                    "Tax code: {tax_code} is not a valid Vietnamese tax code.",
                    field="tax_code",
                    tax_code=data.tax_code.strip(),
                )
            )
        elif session.scalar(
            select(Producer.id).where(
                Producer.tax_code == mst.compact(data.tax_code), Producer.id != (producer_id or -1)
            )
        ):
            errors.append(
                FieldError(
                    "Tax code: {tax_code} already belongs to another producer.",
                    field="tax_code",
                    tax_code=mst.compact(data.tax_code),
                )
            )
    code = (data.code or "").strip()
    if code and session.scalar(select(Producer.id).where(Producer.code == code, Producer.id != (producer_id or -1))):
        errors.append(FieldError("Producer code: {code} already exists.", field="code", code=code))
    check_length(errors, code, 30, "code", N_("Producer code"))
    check_length(errors, data.address, 300, "address", N_("Address"))
    check_length(errors, data.commune, 100, "commune", N_("Commune"))
    check_length(errors, data.province, 100, "province", N_("Province"))
    check_length(errors, data.phone, 30, "phone", N_("Phone"))
    check_length(errors, data.bank_name, 100, "bank_name", N_("Bank"))
    check_length(errors, data.bank_account, 30, "bank_account", N_("Bank account"))
    return errors


def add_producer(session: Session, data: ProducerInput) -> Producer:
    """A new producer, checked like every other (``check_producer``) but with no permission asked and nothing
    audited: how the demo, the simulation, the import (once it has checked its whole file) and test fixtures
    add producers."""
    raise_if(check_producer(session, data))
    return _insert_producer(session, data)


def create_producer(
    session: Session,
    actor: Actor | None,
    data: ProducerInput,
    *,
    commission_bp: int | None = None,
    valid_from: date | None = None,
    approved_by: int | None = None,
) -> Producer:
    approver = permissions.require_unless_cli(session, actor, "catalogue_edit", approved_by)
    errors = check_producer(session, data)
    problem = rate_problem(commission_bp) if commission_bp is not None else None
    if problem is not None:
        errors.append(problem)
    raise_if(errors)
    producer = _insert_producer(session, data)
    if commission_bp is not None:
        session.add(
            ProducerCommission(producer_id=producer.id, valid_from=valid_from or business_day(), rate_bp=commission_bp)
        )
    audit.record_by(
        session,
        "producer.created",
        actor,
        approver,
        "producer",
        producer.id,
        name=producer.name,
        commission_bp=commission_bp,
    )
    session.flush()
    return producer


def _insert_producer(session: Session, data: ProducerInput) -> Producer:
    producer = Producer(
        code=(data.code or "").strip() or None, name=nfc(data.name.strip()), name_folded=fold(data.name),
        kind=data.kind, tax_code=mst.compact(data.tax_code) if data.tax_code else None, address=nfc(data.address),
        commune=nfc(data.commune), province=nfc(data.province), phone=data.phone, bank_name=data.bank_name,
        bank_account=data.bank_account, sells_modern_channels=data.sells_modern_channels,
    )
    session.add(producer)
    session.flush()
    return producer


def producer_input(session: Session, producer_id: int) -> ProducerInput:
    p = get_producer(session, producer_id)
    return ProducerInput(
        name=p.name,
        kind=p.kind,
        tax_code=p.tax_code or "",
        address=p.address,
        commune=p.commune,
        province=p.province,
        phone=p.phone,
        bank_name=p.bank_name,
        bank_account=p.bank_account,
        code=p.code,
        sells_modern_channels=p.sells_modern_channels,
    )


def update_producer(
    session: Session,
    actor: Actor | None,
    producer_id: int,
    data: ProducerInput,
    *,
    approved_by: int | None = None,
) -> dict[str, tuple[Any, Any]]:
    approver = permissions.require_unless_cli(session, actor, "catalogue_edit", approved_by)
    producer = get_producer(session, producer_id)
    raise_if(check_producer(session, data, producer_id))
    new = {
        "name": nfc(data.name.strip()),
        "kind": data.kind,
        "tax_code": mst.compact(data.tax_code) if data.tax_code.strip() else None,
        "address": nfc(data.address.strip()),
        "commune": nfc(data.commune.strip()),
        "province": nfc(data.province.strip()),
        "phone": data.phone.strip(),
        "bank_name": nfc(data.bank_name.strip()),
        "bank_account": data.bank_account.strip(),
        "code": (data.code or "").strip() or None,
        "sells_modern_channels": data.sells_modern_channels,
    }
    changes: dict[str, tuple[Any, Any]] = {}
    for key, value in new.items():
        if getattr(producer, key) != value:
            changes[key] = (getattr(producer, key), value)
            setattr(producer, key, value)
    if "name" in changes:
        producer.name_folded = fold(producer.name)
    if changes:
        producer.updated_at = datetime.now().astimezone()
        audit.record_by(session, "producer.updated", actor, approver, "producer", producer_id, changes=changes)
    session.flush()
    return changes


def remove_producer(session: Session, actor: Actor | None, producer_id: int, *, approved_by: int | None = None) -> str:
    """Delete a producer with no products, receipts, sales or settlements; otherwise deactivate."""
    approver = permissions.require_unless_cli(session, actor, "catalogue_edit", approved_by)
    producer = get_producer(session, producer_id)
    used = any(
        session.scalar(select(exists().where(column == producer_id)))
        for column in (
            Product.producer_id,
            GoodsReceipt.producer_id,
            SaleLine.producer_id,
            ConsignmentSettlement.producer_id,
        )
    )
    if used:
        if producer.active:
            producer.active = False
            audit.record_by(session, "producer.deactivated", actor, approver, "producer", producer_id,
                            name=producer.name)
        return "deactivated"
    audit.record_by(session, "producer.deleted", actor, approver, "producer", producer_id, name=producer.name)
    session.execute(delete(ProducerCommission).where(ProducerCommission.producer_id == producer_id))
    session.delete(producer)
    session.flush()
    return "deleted"


@dataclass(frozen=True)
class ProducerRow:
    id: int
    code: str | None
    name: str
    kind: str
    tax_code: str | None
    commune: str
    province: str
    phone: str
    active: bool
    products: int
    commission_bp: int | None


def list_producers(
    session: Session, text: str = "", include_inactive: bool = False, day: date | None = None
) -> list[ProducerRow]:
    day = day or business_day()
    counts = dict(
        session.execute(
            select(Product.producer_id, func.count()).where(Product.active).group_by(Product.producer_id)
        ).all()
    )
    stmt = select(Producer).order_by(Producer.name_folded)
    if not include_inactive:
        stmt = stmt.where(Producer.active)
    for word in fold(text).split():
        stmt = stmt.where(
            or_(
                Producer.name_folded.contains(word, autoescape=True),
                Producer.tax_code.startswith(word, autoescape=True),
                Producer.code.startswith(word.upper(), autoescape=True),
            )
        )
    return [
        ProducerRow(
            p.id,
            p.code,
            p.name,
            p.kind,
            p.tax_code,
            p.commune,
            p.province,
            p.phone,
            p.active,
            counts.get(p.id, 0),
            commission_rate(session, p.id, day),
        )
        for p in sorted(session.scalars(stmt), key=lambda p: vietnamese_sort_key(p.name))  # Đ after D
    ]
