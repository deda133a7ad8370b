"""Products and producers as the till needs them: lookups by code, search, VAT rates, creation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from showroom_pos.core import tax_code as mst
from showroom_pos.core.barcode import classify, normalize_gtin
from showroom_pos.core.clock import add_months, business_day
from showroom_pos.core.errors import NotFound, ValidationError
from showroom_pos.core.text import fold, is_ascii_digits, nfc
from showroom_pos.storage.models import OCOP_GROUPS, PRODUCER_KINDS, Producer, Product, ProductBarcode, VatRate

CERTIFICATE_MONTHS = 36


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
    categories = session.scalars(select(VatRate.category).distinct())
    return {c: vat_rate_bp(session, c, day) for c in categories}


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


def get_producer(session: Session, producer_id: int) -> Producer:
    producer = session.get(Producer, producer_id)
    if producer is None:
        raise NotFound("No producer with id {id}.", id=producer_id)
    return producer


def create_producer(session: Session, data: ProducerInput) -> Producer:
    if not data.name.strip():
        raise ValidationError("A producer needs a name.")
    if data.kind not in PRODUCER_KINDS:
        raise ValidationError("Unknown producer kind {kind}.", kind=data.kind)
    if data.tax_code and not mst.is_valid(data.tax_code):
        raise ValidationError("{tax_code} is not a valid tax code.", tax_code=data.tax_code)
    producer = Producer(
        code=data.code, name=nfc(data.name.strip()), name_folded=fold(data.name), kind=data.kind,
        tax_code=mst.compact(data.tax_code) if data.tax_code else None, address=nfc(data.address),
        commune=nfc(data.commune), province=nfc(data.province), phone=data.phone, bank_name=data.bank_name,
        bank_account=data.bank_account, sells_modern_channels=data.sells_modern_channels,
    )
    session.add(producer)
    session.flush()
    return producer


@dataclass
class ProductInput:
    sku: str
    name: str
    price: int
    unit: str = "cái"
    barcodes: tuple[str, ...] = ()
    cost: int | None = None
    sold_by_weight: bool = False
    vat_category: str = "standard"
    ocop_group: str | None = "food"
    stars: int | None = None
    certificate_no: str | None = None
    certificate_signed: date | None = None
    certificate_expires: date | None = None
    producer_id: int | None = None
    consigned: bool = False
    reorder_level: int = 0
    active: bool = True
    quick_key: int | None = None
    scale_item_code: str | None = None


def validate_barcode(code: str) -> str:
    """A code fit to store: valid check digit for GTINs, UPC-A stored as EAN-13."""
    classify(code)  # raises BarcodeError, a UserError naming the code and what is wrong
    return normalize_gtin(code.strip())


def is_scale_item_code(code: str) -> bool:
    """The item part of a price/weight label (``2000001``): digits starting with 2, not a GTIN length."""
    return is_ascii_digits(code) and code.startswith("2") and 3 <= len(code) <= 11 and len(code) != 8


def validate_scale_item_code(code: str) -> str:
    """The prefix + item digits a label scale prints into price/weight EAN-13s (``20`` + 5 digits)."""
    code = code.strip()
    if not is_scale_item_code(code):
        raise ValidationError("Scale item code {code}: 3–11 digits starting with 2.", code=code)
    return code


def create_product(session: Session, data: ProductInput) -> Product:
    if not data.sku.strip():
        raise ValidationError("A product needs a SKU.")
    if not data.name.strip():
        raise ValidationError("A product needs a name.")
    if data.price <= 0:
        raise ValidationError("The price must be more than 0 ₫.")
    if data.stars is not None and not 3 <= data.stars <= 5:
        raise ValidationError("OCOP stars are 3, 4 or 5.")
    if data.ocop_group is not None and data.ocop_group not in OCOP_GROUPS:
        raise ValidationError("Unknown OCOP product group {group}.", group=data.ocop_group)
    expires = data.certificate_expires
    if expires is None and data.certificate_signed is not None:
        expires = add_months(data.certificate_signed, CERTIFICATE_MONTHS)
    codes = [validate_barcode(c) for c in data.barcodes]
    if data.scale_item_code:
        codes.append(validate_scale_item_code(data.scale_item_code))
    if len(set(codes)) != len(codes):
        raise ValidationError("The same barcode is given twice.")
    taken = session.scalars(select(ProductBarcode.code).where(ProductBarcode.code.in_(codes))).first()
    if taken:
        raise ValidationError("Barcode {code} already belongs to another product.", code=taken)
    if session.scalar(select(Product.id).where(Product.sku == data.sku.strip())):
        raise ValidationError("SKU {sku} already exists.", sku=data.sku)
    name = nfc(data.name.strip())
    product = Product(
        sku=data.sku.strip(), name=name, name_folded=fold(name), unit=nfc(data.unit), price=data.price,
        cost=data.cost, sold_by_weight=data.sold_by_weight, vat_category=data.vat_category,
        ocop_group=data.ocop_group, stars=data.stars, certificate_no=data.certificate_no,
        certificate_signed=data.certificate_signed, certificate_expires=expires, producer_id=data.producer_id,
        consigned=data.consigned, reorder_level=data.reorder_level, active=data.active, quick_key=data.quick_key,
        on_hand=0, barcodes=[ProductBarcode(code=c) for c in codes],
    )
    session.add(product)
    session.flush()
    return product


def find_by_code(session: Session, code: str) -> Product | None:
    """The product carrying ``code`` (any of its barcodes, or its SKU)."""
    code = normalize_gtin(code.strip())
    product = session.scalar(
        select(Product).join(ProductBarcode).where(ProductBarcode.code == code)
    )
    return product or session.scalar(select(Product).where(Product.sku == code))


def search(session: Session, query: str, limit: int = 50, active_only: bool = True) -> list[Product]:
    """Products whose name (ignoring case and diacritics) contains every word, or whose SKU starts so."""
    words = fold(query).split()
    stmt = select(Product).options(selectinload(Product.barcodes)).order_by(Product.name_folded).limit(limit)
    if active_only:
        stmt = stmt.where(Product.active)
    if words:
        name_match = and_(*[Product.name_folded.contains(w, autoescape=True) for w in words])
        stmt = stmt.where(or_(name_match, Product.sku.startswith(query.strip(), autoescape=True)))
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class ShowcaseItem:
    """A product as the customer display's slideshow shows it: what a customer may see (no cost, no stock)."""

    name: str
    stars: int
    producer: str
    price: int
    unit: str
    sold_by_weight: bool
    photo_path: str | None


def showcase(session: Session, day: date | None = None, limit: int = 100) -> list[ShowcaseItem]:
    """The showroom's OCOP products for the idle slideshow: active, rated, with a certificate in force (or none
    recorded); those with a photo first, then by stars and name."""
    day = day or business_day()
    rows = session.execute(
        select(Product, Producer.name)
        .outerjoin(Producer, Product.producer_id == Producer.id)
        .where(Product.active, Product.stars.is_not(None))
        .where(or_(Product.certificate_expires.is_(None), Product.certificate_expires >= day))
        .order_by(Product.photo_path.is_(None), Product.stars.desc(), Product.name_folded)
        .limit(limit)
    ).all()
    return [
        ShowcaseItem(p.name, p.stars or 0, producer or "", p.price, p.unit, p.sold_by_weight, p.photo_path)
        for p, producer in rows
    ]
