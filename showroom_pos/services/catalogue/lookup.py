"""Finding things in the catalogue: a product or a producer by id, a product by one of its codes, and what
a scanned or typed code stands for (a product, or a scale label's product and weight)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from showroom_pos.core.barcode import BarcodeError, EmbeddedLayout, classify, normalize_gtin, parse_embedded
from showroom_pos.core.errors import NotFound, ValidationError
from showroom_pos.core.text import is_ascii_digits
from showroom_pos.storage.models import Producer, Product, ProductBarcode

from .. import settings


def get_product(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound("No product with id {id}.", id=product_id)
    return product


def get_producer(session: Session, producer_id: int) -> Producer:
    producer = session.get(Producer, producer_id)
    if producer is None:
        raise NotFound("No producer with id {id}.", id=producer_id)
    return producer


def find_by_code(session: Session, code: str) -> Product | None:
    """The product carrying ``code`` (any of its barcodes, or its SKU)."""
    code = normalize_gtin(code.strip())
    product = session.scalar(
        select(Product).join(ProductBarcode).where(ProductBarcode.code == code)
    )
    return product or session.scalar(select(Product).where(Product.sku == code))


@dataclass(frozen=True)
class Scanned:
    product_id: int
    qty: int  # 1 for a piece; the embedded weight in grams for a scale label


def lookup_code(session: Session, code: str) -> Scanned:
    """What a scanned or typed code stands for: a product's barcode or SKU, or a scale label."""
    code = code.strip()
    if not code:
        raise ValidationError("Nothing was scanned.")
    layout = EmbeddedLayout.from_setting(settings.get(session, "barcode.embedded_layout"))
    try:
        embedded = parse_embedded(code, layout)
    except BarcodeError:
        raise ValidationError("Barcode {code} has a wrong check digit.", code=code) from None
    if embedded is not None:
        product = find_by_code(session, embedded.item_code)
        if product is not None:
            qty = embedded.grams if embedded.grams is not None else 1
            return Scanned(product.id, qty)
    try:
        classify(code)
    except BarcodeError:
        found = session.scalar(select(Product).where(Product.sku == code))
        if found is None:
            raise (
                ValidationError("Barcode {code} has a wrong check digit.", code=code)
                if is_ascii_digits(code)
                else NotFound("No product has the code {code}.", code=code)
            ) from None
        return Scanned(found.id, 1)
    product = find_by_code(session, code)
    if product is None:
        raise NotFound("No product has the code {code}.", code=code)
    return Scanned(product.id, 1)
