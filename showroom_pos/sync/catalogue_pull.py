"""Pulling the province's OCOP catalogue and merging it into the outlet's.

The outlet remembers the change counter it last saw (and the ETag); the server answers only what
changed since, or 304. Merging never overwrites what the showroom owns: prices, names, stock, the
active flag. Products new to the outlet are created **inactive** for the manager to price and activate
(at the province's reference price when it gives one, else a placeholder of 1 ₫ that cannot be sold
because the product is inactive); stars, certificate number and dates follow the province.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.barcode import BarcodeError, classify, normalize_gtin
from showroom_pos.core.catalogue_feed import CatalogueChanges, FeedProduct
from showroom_pos.core.clock import now_utc
from showroom_pos.core.money import PLACEHOLDER_PRICE
from showroom_pos.core.text import fold, nfc
from showroom_pos.storage.models import AuditEvent, Producer, Product, ProductBarcode, Setting

from .client import ProvinceClient

STATE_VERSION = "catalogue.state.version"
STATE_ETAG = "catalogue.state.etag"
STATE_LAST_PULL = "catalogue.state.last_pull"


@dataclass
class MergeResult:
    version: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)
    producers_created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    not_modified: bool = False


def _state(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else ""


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value, row.updated_at = value, now_utc()


def pull(sessions: sessionmaker[Session], client: ProvinceClient) -> MergeResult:
    """Fetch the changes since the last pull and merge them in one transaction."""
    with sessions() as session:
        since = int(_state(session, STATE_VERSION) or 0)
        etag = _state(session, STATE_ETAG) or None
    changes, new_etag = client.pull_catalogue(since, etag)
    with sessions.begin() as session:
        _put(session, STATE_LAST_PULL, now_utc().isoformat())
        if changes is None:
            return MergeResult(version=since, not_modified=True)
        result = merge(session, changes)
        _put(session, STATE_VERSION, str(changes.version))
        _put(session, STATE_ETAG, new_etag or "")
        return result


def _valid_dates(p: FeedProduct) -> tuple[date | None, date | None]:
    if p.certificate_signed and p.certificate_expires and p.certificate_expires <= p.certificate_signed:
        return p.certificate_signed, None
    return p.certificate_signed, p.certificate_expires


def _clean_barcodes(session: Session, codes: tuple[str, ...], skipped: list[str], sku: str) -> list[str]:
    out: list[str] = []
    for raw in codes:
        try:
            classify(raw)
        except BarcodeError:
            skipped.append(f"{sku}: barcode {raw} has a wrong check digit or form; not added")
            continue
        code = normalize_gtin(raw.strip())
        if code in out:
            continue
        if session.scalar(select(ProductBarcode.id).where(ProductBarcode.code == code)):
            skipped.append(f"{sku}: barcode {code} already belongs to another product; not added")
            continue
        out.append(code)
    return out


def merge(session: Session, changes: CatalogueChanges) -> MergeResult:
    result = MergeResult(version=changes.version)
    producer_ids: dict[str, int] = {
        code: pid for pid, code in session.execute(select(Producer.id, Producer.code)) if code
    }
    for fp in changes.producers:
        if fp.code in producer_ids:
            continue
        producer = Producer(
            code=fp.code,
            name=nfc(fp.name),
            name_folded=fold(fp.name),
            kind=fp.kind,
            commune=nfc(fp.commune),
            province=nfc(fp.province),
            tax_code=fp.tax_code or None,
        )
        session.add(producer)
        session.flush()
        producer_ids[fp.code] = producer.id
        result.producers_created.append(fp.code)
    for item in changes.products:
        product = session.scalar(select(Product).where(Product.province_ref == item.ref))
        if product is None:
            product = session.scalar(select(Product).where(Product.sku == item.sku))
        if product is None and item.barcodes:
            codes = [normalize_gtin(c.strip()) for c in item.barcodes]
            product = session.scalar(select(Product).join(ProductBarcode).where(ProductBarcode.code.in_(codes)))
        signed, expires = _valid_dates(item)
        if product is None:
            if item.status == "revoked":
                continue
            name = nfc(item.name)
            product = Product(
                sku=item.sku,
                name=name,
                name_folded=fold(name),
                unit=nfc(item.unit) or "cái",
                price=item.reference_price or PLACEHOLDER_PRICE,
                ocop_group=item.group,
                stars=item.stars,
                certificate_no=item.certificate_no,
                certificate_signed=signed,
                certificate_expires=expires,
                producer_id=producer_ids.get(item.producer_code or ""),
                active=False,
                on_hand=0,
                province_ref=item.ref,
                barcodes=[
                    ProductBarcode(code=c) for c in _clean_barcodes(session, item.barcodes, result.skipped, item.sku)
                ],
            )
            session.add(product)
            session.flush()
            result.created.append(item.sku)
            continue
        before = (
            product.stars,
            product.certificate_no,
            product.certificate_signed,
            product.certificate_expires,
            product.province_ref,
            product.ocop_group,
        )
        if product.province_ref is None and not session.scalar(
            select(Product.id).where(Product.province_ref == item.ref)
        ):
            product.province_ref = item.ref
        if item.stars is not None:
            product.stars = item.stars
        if item.certificate_no:
            product.certificate_no = item.certificate_no
        if signed is not None:
            product.certificate_signed = signed
            product.certificate_expires = expires
        elif expires is not None and (product.certificate_signed is None or expires > product.certificate_signed):
            product.certificate_expires = expires
        if product.ocop_group is None and item.group is not None:
            product.ocop_group = item.group
        if product.producer_id is None and item.producer_code in producer_ids:
            product.producer_id = producer_ids[item.producer_code or ""]
        if item.status == "revoked":
            result.revoked.append(product.sku)
        if before != (
            product.stars,
            product.certificate_no,
            product.certificate_signed,
            product.certificate_expires,
            product.province_ref,
            product.ocop_group,
        ):
            product.updated_at = now_utc()
            result.updated.append(product.sku)
    session.add(
        AuditEvent(
            kind="catalogue.pulled",
            entity="catalogue",
            entity_id=str(changes.version),
            details=json.dumps(
                {
                    "created": result.created,
                    "updated": result.updated,
                    "revoked": result.revoked,
                    "skipped": result.skipped[:50],
                },
                ensure_ascii=False,
            ),
        )
    )
    return result
