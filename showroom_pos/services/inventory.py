"""Inventory for managers: the catalogue and producers edited with every field checked, goods
receipts, stock counts, adjustments, the per-product ledger and the alerts of the dashboard.

Every function takes the caller's ``Session`` and writes nothing on error: all checks run before the
first write, and a ``UserError`` is raised so that the caller rolls back. Stock only ever changes
through ``stock.post_movements``. Permissions come from ``permissions.require``; an ``actor`` of
``None`` is the command line, run by whoever holds the database file (like ``config set``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Integer, and_, delete, exists, func, literal_column, or_, select, update
from sqlalchemy.orm import Session

from showroom_pos.core import tax_code as mst
from showroom_pos.core.barcode import BarcodeError, EmbeddedLayout, classify, normalize_gtin, parse_embedded
from showroom_pos.core.clock import add_months, business_day
from showroom_pos.core.errors import N_, NotFound, ValidationError, file_problem, os_reason
from showroom_pos.core.money import PLACEHOLDER_PRICE, div_half_up, format_vnd
from showroom_pos.core.text import fold, nfc
from showroom_pos.storage.models import (
    OCOP_GROUPS,
    PRODUCER_KINDS,
    ConsignmentSettlement,
    GoodsReceipt,
    GoodsReceiptLine,
    Producer,
    ProducerCommission,
    Product,
    ProductBarcode,
    Sale,
    SaleLine,
    SaleReturn,
    StockCount,
    StockCountLine,
    StockMovement,
    User,
    VatRate,
)

from . import audit, catalogue, permissions, settings, stock
from .catalogue import CERTIFICATE_MONTHS, ProducerInput, ProductInput, is_scale_item_code
from .context import Actor
from .documents import Column, Document, format_qty, vn_date

CERTIFICATE_WARNING_DAYS = 60
COUNT_STATUS = {"open": N_("open"), "approved": N_("approved"), "cancelled": N_("cancelled")}
ADJUSTMENT_REASONS = ("damaged", "expired", "tasting", "return_to_producer", "other")
ALLOW_NEGATIVE_KEY = "stock.allow_negative"
BEST_BEFORE_DAYS_KEY = "stock.best_before_warning_days"
DEFAULT_BEST_BEFORE_DAYS = 30


# --- errors that name a field -----------------------------------------------------------------------


class FieldError(ValidationError):
    """One invalid field. ``field`` is the input's attribute name (``price``, ``barcodes``…); the
    message names the field in words, so it reads on its own in any language."""

    def __init__(self, message: str, *, field: str, **params: Any) -> None:
        self.field = field
        super().__init__(message, **params)


class InvalidFields(ValidationError):
    """Several fields are wrong at once: ``errors`` lists them all, so a form can mark each."""

    message = "Please correct: {details}"

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__(details=" ".join(e.text() for e in self.errors))


def _raise_if(errors: list[FieldError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InvalidFields(errors)


def _require(session: Session, actor: Actor | None, action: str, approved_by: int | None) -> int | None:
    if actor is None:
        return None
    return permissions.require(session, actor, action, approved_by)


def _audit(
    session: Session,
    kind: str,
    actor: Actor | None,
    approver: int | None,
    entity: str,
    entity_id: object,
    **details: Any,
) -> None:
    audit.record(
        session,
        kind,
        user_id=actor.user_id if actor else None,
        terminal_id=actor.terminal_id if actor else None,
        approver_id=approver,
        entity=entity,
        entity_id=str(entity_id),
        via="app" if actor else "cli",
        **details,
    )


# --- codes ------------------------------------------------------------------------------------------


def check_code(code: str, errors: list[FieldError], field: str = "barcodes") -> str | None:
    """``code`` as stored (UPC-A as EAN-13), or None after adding a named error."""
    code = code.strip()
    if is_scale_item_code(code):
        return code
    try:
        classify(code)
    except BarcodeError as exc:
        if exc.reason == "wrong check digit":
            errors.append(FieldError("Barcode {code} has a wrong check digit.", field=field, code=code))
        elif exc.reason == "wrong length":
            errors.append(FieldError("Barcode {code} has a wrong number of digits.", field=field, code=code))
        else:
            errors.append(FieldError("{code} is not a barcode.", field=field, code=code[:60]))
        return None
    return normalize_gtin(code)


# --- products ---------------------------------------------------------------------------------------


def _vat_categories(session: Session) -> set[str]:
    return set(session.scalars(select(VatRate.category).distinct()))


def _has_history(session: Session, product_id: int) -> bool:
    """Sold, received, counted or moved: such a product is deactivated, never deleted."""
    return any(
        session.scalar(select(exists().where(column == product_id)))
        for column in (
            SaleLine.product_id,
            StockMovement.product_id,
            GoodsReceiptLine.product_id,
            StockCountLine.product_id,
        )
    )


@dataclass
class CatalogueIndex:
    """The catalogue's keys in memory, for checking thousands of rows (an import) without a query
    per row. Kept up to date by the caller as it plans new products."""

    sku_to_id: dict[str, int]
    code_owner: dict[str, tuple[int, str]]  # barcode -> (product id, SKU)
    producer_ids: set[int]
    vat_categories: set[str]
    moved: set[int]  # products with stock movements (their unit of sale cannot change)

    @classmethod
    def load(cls, session: Session) -> CatalogueIndex:
        skus = dict(session.execute(select(Product.sku, Product.id)).all())
        owners = {
            code: (pid, sku)
            for code, pid, sku in session.execute(
                select(ProductBarcode.code, Product.id, Product.sku).join(Product)
            ).all()
        }
        return cls(
            sku_to_id=skus,
            code_owner=owners,
            producer_ids=set(session.scalars(select(Producer.id))),
            vat_categories=_vat_categories(session),
            moved=set(session.scalars(select(StockMovement.product_id).distinct())),
        )


def _text_limit(errors: list[FieldError], value: str | None, limit: int, field: str, label: str) -> None:
    if value and len(value) > limit:
        errors.append(FieldError("{label}: at most {limit} characters.", field=field, label=label, limit=limit))


def check_product(
    session: Session,
    data: ProductInput,
    product_id: int | None = None,
    day: date | None = None,
    index: CatalogueIndex | None = None,
    current: ProductInput | None = None,
) -> tuple[list[FieldError], list[str], date | None]:
    """Every problem with ``data`` as a new product (or as product ``product_id``'s new values).

    Returns the errors, the barcodes as they will be stored, and the certificate expiry
    (the signing date + 36 months unless given). With an ``index`` (and the product's ``current``
    values) nothing is queried: an import checks thousands of rows this way.
    """
    day = day or business_day()
    errors: list[FieldError] = []
    sku = data.sku.strip()
    if not sku:
        errors.append(FieldError("SKU: a product needs a SKU.", field="sku"))
    elif (
        index.sku_to_id.get(sku, product_id) != product_id
        if index is not None
        else session.scalar(select(Product.id).where(Product.sku == sku, Product.id != (product_id or -1)))
    ):
        errors.append(FieldError("SKU: {sku} already belongs to another product.", field="sku", sku=sku))
    _text_limit(errors, sku, 40, "sku", N_("SKU"))
    if not data.name.strip():
        errors.append(FieldError("Name: a product needs a name.", field="name"))
    _text_limit(errors, data.name.strip(), 200, "name", N_("Name"))
    if not data.unit.strip():
        errors.append(FieldError("Unit: a product needs a unit (hũ, hộp, kg…).", field="unit"))
    _text_limit(errors, data.unit.strip(), 20, "unit", N_("Unit"))
    if data.price <= 0:
        errors.append(FieldError("Price: must be more than 0 ₫.", field="price"))
    if data.cost is not None and data.cost < 0:
        errors.append(FieldError("Cost: cannot be negative.", field="cost"))
    if data.stars is not None and not 3 <= data.stars <= 5:
        errors.append(
            FieldError(
                "OCOP stars: only 3, 4 or 5 stars are certified ({stars} given).",
                field="stars",
                stars=data.stars,
            )
        )
    if data.ocop_group is not None and data.ocop_group not in OCOP_GROUPS:
        errors.append(
            FieldError("OCOP group: {group} is not one of the six groups.", field="ocop_group", group=data.ocop_group)
        )
    if data.vat_category not in (index.vat_categories if index is not None else _vat_categories(session)):
        errors.append(FieldError("VAT: unknown category {category}.", field="vat_category", category=data.vat_category))
    if data.reorder_level < 0:
        errors.append(FieldError("Reorder level: cannot be negative.", field="reorder_level"))
    if data.quick_key is not None and data.quick_key <= 0:
        errors.append(FieldError("Quick key: must be a positive number.", field="quick_key"))
    _text_limit(errors, data.certificate_no, 60, "certificate_no", N_("Certificate number"))
    expires = data.certificate_expires
    if data.certificate_signed is not None:
        if data.certificate_signed > day:
            errors.append(
                FieldError(
                    "Certificate date: {day} is in the future.",
                    field="certificate_signed",
                    day=vn_date(data.certificate_signed),
                )
            )
        if expires is None:
            expires = add_months(data.certificate_signed, CERTIFICATE_MONTHS)
        elif expires <= data.certificate_signed:
            errors.append(
                FieldError("Certificate expiry: must be after the signing date.", field="certificate_expires")
            )
    codes: list[str] = []
    for raw in data.barcodes:
        if not raw.strip():
            continue
        code = check_code(raw, errors)
        if code is not None:
            if code in codes:
                errors.append(FieldError("Barcode {code} is given twice.", field="barcodes", code=code))
            else:
                codes.append(code)
    if data.scale_item_code:
        scale = data.scale_item_code.strip()
        if not is_scale_item_code(scale):
            errors.append(
                FieldError(
                    "Scale item code {code}: 3–11 digits starting with 2.",
                    field="scale_item_code",
                    code=scale,
                )
            )
        elif scale in codes:
            errors.append(FieldError("Barcode {code} is given twice.", field="barcodes", code=scale))
        else:
            codes.append(scale)
    if codes:
        taken: tuple[str, str] | None = None
        if index is not None:
            for code in codes:
                owner = index.code_owner.get(code)
                if owner is not None and owner[0] != product_id:
                    taken = (code, owner[1])
                    break
        else:
            row = session.execute(
                select(ProductBarcode.code, Product.sku)
                .join(Product)
                .where(ProductBarcode.code.in_(codes), Product.id != (product_id or -1))
            ).first()
            taken = (row[0], row[1]) if row is not None else None
        if taken is not None:
            errors.append(
                FieldError("Barcode {code} already belongs to {sku}.", field="barcodes", code=taken[0], sku=taken[1])
            )
    if data.producer_id is not None and (
        data.producer_id not in index.producer_ids
        if index is not None
        else session.get(Producer, data.producer_id) is None
    ):
        errors.append(FieldError("Producer: no such producer.", field="producer_id"))
    if product_id is not None:
        if current is None:
            found = session.get(Product, product_id)
            was_by_weight = found.sold_by_weight if found is not None else data.sold_by_weight
        else:
            was_by_weight = current.sold_by_weight
        moved = product_id in index.moved if index is not None else _has_history(session, product_id)
        if was_by_weight != data.sold_by_weight and moved:
            errors.append(
                FieldError(
                    "Sold by weight: cannot change once the product has stock movements (quantities would "
                    "change meaning).",
                    field="sold_by_weight",
                )
            )
    return errors, codes, expires


def create_product(
    session: Session, actor: Actor | None, data: ProductInput, *, approved_by: int | None = None
) -> Product:
    approver = _require(session, actor, "catalogue_edit", approved_by)
    product = _create_product(session, data)
    _audit(
        session,
        "product.created",
        actor,
        approver,
        "product",
        product.id,
        sku=product.sku,
        name=product.name,
        price=product.price,
    )
    return product


def _create_product(session: Session, data: ProductInput) -> Product:
    errors, codes, expires = check_product(session, data)
    _raise_if(errors)
    product = new_product(data, codes, expires)
    session.add(product)
    session.flush()
    return product


def new_product(data: ProductInput, codes: list[str], expires: date | None) -> Product:
    """A product built from checked input (``check_product``'s codes and expiry); not yet added."""
    return Product(**new_product_values(data, expires), barcodes=[ProductBarcode(code=c) for c in codes])


def new_product_values(data: ProductInput, expires: date | None) -> dict[str, Any]:
    """The columns of a new product from checked input, as ``new_product`` sets them (an import writes many at
    once with them, without an ORM object each)."""
    name = nfc(data.name.strip())
    return {
        "sku": data.sku.strip(),
        "name": name,
        "name_folded": fold(name),
        "unit": nfc(data.unit.strip()),
        "price": data.price,
        "cost": data.cost,
        "sold_by_weight": data.sold_by_weight,
        "vat_category": data.vat_category,
        "ocop_group": data.ocop_group,
        "stars": data.stars,
        "certificate_no": (data.certificate_no or "").strip() or None,
        "certificate_signed": data.certificate_signed,
        "certificate_expires": expires,
        "producer_id": data.producer_id,
        "consigned": data.consigned,
        "reorder_level": data.reorder_level,
        "active": data.active,
        "quick_key": data.quick_key,
        "on_hand": 0,
    }


EDITABLE = (
    "sku",
    "name",
    "unit",
    "price",
    "cost",
    "sold_by_weight",
    "vat_category",
    "ocop_group",
    "stars",
    "certificate_no",
    "certificate_signed",
    "certificate_expires",
    "producer_id",
    "consigned",
    "reorder_level",
    "active",
    "quick_key",
)


def product_input(session: Session, product_id: int) -> ProductInput:
    """A product's editable values, every code in ``barcodes`` (scale item codes included)."""
    return input_of(_product(session, product_id))


def input_of(p: Product) -> ProductInput:
    return ProductInput(
        sku=p.sku,
        name=p.name,
        price=p.price,
        unit=p.unit,
        barcodes=tuple(b.code for b in p.barcodes),
        cost=p.cost,
        sold_by_weight=p.sold_by_weight,
        vat_category=p.vat_category,
        ocop_group=p.ocop_group,
        stars=p.stars,
        certificate_no=p.certificate_no,
        certificate_signed=p.certificate_signed,
        certificate_expires=p.certificate_expires,
        producer_id=p.producer_id,
        consigned=p.consigned,
        reorder_level=p.reorder_level,
        active=p.active,
        quick_key=p.quick_key,
    )


def _product(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound("No product with id {id}.", id=product_id)
    return product


def update_product(
    session: Session,
    actor: Actor | None,
    product_id: int,
    data: ProductInput,
    *,
    approved_by: int | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Apply new values; returns what changed (field: (old, new)), audited. Codes not listed are removed."""
    approver = _require(session, actor, "catalogue_edit", approved_by)
    changes = _update_product(session, product_id, data, remove_codes=True)
    if changes:
        _audit(session, "product.updated", actor, approver, "product", product_id, changes=changes)
    return changes


def _update_product(
    session: Session,
    product_id: int,
    data: ProductInput,
    *,
    remove_codes: bool,
    checked: tuple[list[str], date | None] | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Apply ``data`` (checked here, unless ``checked`` gives the codes and expiry of a prior check;
    then nothing is flushed either: an import flushes once at its end)."""
    product = _product(session, product_id)
    if checked is None:
        errors, codes, expires = check_product(session, data, product_id)
        _raise_if(errors)
    else:
        codes, expires = checked
    # The same columns a new product gets; its folded name follows the name, its stock the ledger.
    new = {k: v for k, v in new_product_values(data, expires).items() if k not in ("name_folded", "on_hand")}
    changes: dict[str, tuple[Any, Any]] = {}
    for key, value in new.items():
        old = getattr(product, key)
        if old != value:
            changes[key] = (old, value)
            setattr(product, key, value)
    if "name" in changes:
        product.name_folded = fold(new["name"])
    current = [b.code for b in product.barcodes]
    added = [c for c in codes if c not in current]
    removed = [c for c in current if c not in codes] if remove_codes else []
    if removed:
        product.barcodes = [b for b in product.barcodes if b.code not in removed]
        session.flush()
    for code in added:
        product.barcodes.append(ProductBarcode(code=code))
    if added or removed:
        changes["barcodes"] = (current, [b.code for b in product.barcodes])
    if changes:
        product.updated_at = datetime.now().astimezone()
    if checked is None:
        session.flush()
    return changes


def set_product_active(
    session: Session, actor: Actor | None, product_id: int, active: bool, *, approved_by: int | None = None
) -> None:
    approver = _require(session, actor, "catalogue_edit", approved_by)
    product = _product(session, product_id)
    if active and product.price <= PLACEHOLDER_PRICE:
        # A product pulled from the province's catalogue without a reference price waits at 1 ₫.
        raise ValidationError("Set the price of {sku} before putting it on sale.", sku=product.sku)
    if product.active != active:
        product.active = active
        _audit(
            session,
            "product.activated" if active else "product.deactivated",
            actor,
            approver,
            "product",
            product_id,
            sku=product.sku,
            on_hand=product.on_hand,
        )


def remove_product(session: Session, actor: Actor | None, product_id: int, *, approved_by: int | None = None) -> str:
    """Delete a product nobody ever sold, received or counted; otherwise deactivate it (history stays
    whole). Returns ``deleted`` or ``deactivated``."""
    approver = _require(session, actor, "catalogue_edit", approved_by)
    product = _product(session, product_id)
    if _has_history(session, product_id):
        if product.active:
            product.active = False
            _audit(
                session,
                "product.deactivated",
                actor,
                approver,
                "product",
                product_id,
                sku=product.sku,
                on_hand=product.on_hand,
            )
        return "deactivated"
    _audit(session, "product.deleted", actor, approver, "product", product_id, sku=product.sku, name=product.name)
    session.delete(product)
    session.flush()
    return "deleted"


def set_product_photo(
    session: Session,
    actor: Actor | None,
    product_id: int,
    source: Path | None,
    photos_dir: Path,
    *,
    approved_by: int | None = None,
) -> str | None:
    """Store a copy of an image (at most 512 px, PNG) as the product's photo; None removes it."""
    approver = _require(session, actor, "catalogue_edit", approved_by)
    product = _product(session, product_id)
    if source is None:
        product.photo_path = None
        _audit(session, "product.photo", actor, approver, "product", product_id, photo=None)
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(source) as image:
            image.load()
            picture = image.convert("RGBA") if image.mode in ("RGBA", "LA", "P") else image.convert("RGB")
    except OSError as exc:
        if exc.errno is not None and not isinstance(exc, UnidentifiedImageError):  # missing, no permission…
            raise FieldError("Cannot read {path}: {reason}", field="photo", path=str(source),
                             reason=os_reason(exc)) from None
        raise FieldError("Photo: {path} is not an image that can be read.", field="photo", path=str(source)) from None
    except (ValueError, Image.DecompressionBombError):
        raise FieldError("Photo: {path} is not an image that can be read.", field="photo", path=str(source)) from None
    picture.thumbnail((512, 512))
    target = photos_dir / f"product-{product_id}.png"
    try:
        photos_dir.mkdir(parents=True, exist_ok=True)
        picture.save(target, "PNG")
    except OSError as exc:  # a read-only or full disk beside the database
        raise file_problem(exc, target, writing=True) from None
    product.photo_path = str(target)
    _audit(session, "product.photo", actor, approver, "product", product_id, photo=str(target))
    return str(target)


# --- catalogue listing ------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class ProductFilter:
    text: str = ""
    producer_id: int | None = None
    stars: int | None = None
    group: str | None = None
    low_stock: bool = False
    certificate_expiring: bool = False  # expiring within 60 days or expired
    include_inactive: bool = False


@dataclass(frozen=True)
class ProductRow:
    id: int
    sku: str
    name: str
    unit: str
    price: int
    cost: int | None
    on_hand: int
    reorder_level: int
    sold_by_weight: bool
    stars: int | None
    group: str | None
    producer_id: int | None
    producer_name: str
    certificate_no: str | None
    certificate_expires: date | None
    certificate_status: str
    consigned: bool
    active: bool
    barcodes: tuple[str, ...]
    photo_path: str | None

    @property
    def low(self) -> bool:
        return self.on_hand < self.reorder_level


def list_products(
    session: Session,
    flt: ProductFilter = ProductFilter(),
    day: date | None = None,
    limit: int | None = None,
    only_id: int | None = None,
) -> list[ProductRow]:
    """Products matching the filter. The text matches every word of the name or the producer's name
    ignoring case and Vietnamese diacritics, the start of the SKU, or a whole barcode."""
    day = day or business_day()
    stmt = (
        select(Product.id)
        .outerjoin(Producer, Product.producer_id == Producer.id)
        .order_by(Product.name_folded, Product.id)
    )
    if not flt.include_inactive:
        stmt = stmt.where(Product.active)
    words = fold(flt.text).split()
    if words:
        name_match = and_(
            *[
                or_(
                    Product.name_folded.contains(w, autoescape=True),
                    Producer.name_folded.contains(w, autoescape=True),
                )
                for w in words
            ]
        )
        code = normalize_gtin(flt.text.strip())
        by_code = exists().where(ProductBarcode.product_id == Product.id, ProductBarcode.code == code)
        stmt = stmt.where(or_(name_match, Product.sku.startswith(flt.text.strip(), autoescape=True), by_code))
    if flt.producer_id is not None:
        stmt = stmt.where(Product.producer_id == flt.producer_id)
    if flt.stars is not None:
        stmt = stmt.where(Product.stars == flt.stars)
    if flt.group is not None:
        stmt = stmt.where(Product.ocop_group == flt.group)
    if flt.low_stock:
        stmt = stmt.where(Product.on_hand < Product.reorder_level)
    if flt.certificate_expiring:
        stmt = stmt.where(Product.certificate_expires <= day + timedelta(days=CERTIFICATE_WARNING_DAYS))
    if only_id is not None:
        stmt = stmt.where(Product.id == only_id)
    if limit:
        stmt = stmt.limit(limit)
    # Columns, not products, and the barcodes in one more query: the whole catalogue of 50,000 as ORM objects cost
    # ~230 MB at peak (the till's memory never came back from it).
    rows = session.execute(stmt.with_only_columns(*_ROW_COLUMNS, Producer.name)).all()
    codes: dict[int, list[str]] = {}
    if rows:
        ids_stmt = stmt.with_only_columns(Product.id)
        ids = (ids_stmt if limit else ids_stmt.order_by(None)).scalar_subquery()
        for product_id, code in session.execute(
            select(ProductBarcode.product_id, ProductBarcode.code)
            .where(ProductBarcode.product_id.in_(ids)).order_by(ProductBarcode.id)
        ):
            codes.setdefault(product_id, []).append(code)
    return [
        ProductRow(
            id=r.id, sku=r.sku, name=r.name, unit=r.unit, price=r.price, cost=r.cost, on_hand=r.on_hand,
            reorder_level=r.reorder_level, sold_by_weight=r.sold_by_weight, stars=r.stars, group=r.ocop_group,
            producer_id=r.producer_id, producer_name=str(r[-1] or ""), certificate_no=r.certificate_no,
            certificate_expires=r.certificate_expires,
            certificate_status=certificate_status(r.certificate_expires, day), consigned=r.consigned,
            active=r.active, barcodes=tuple(codes.get(r.id, ())), photo_path=r.photo_path,
        )
        for r in rows
    ]


_ROW_COLUMNS = (
    Product.id, Product.sku, Product.name, Product.unit, Product.price, Product.cost, Product.on_hand,
    Product.reorder_level, Product.sold_by_weight, Product.stars, Product.ocop_group, Product.producer_id,
    Product.certificate_no, Product.certificate_expires, Product.consigned, Product.active, Product.photo_path,
)


def product_row(session: Session, product_id: int, day: date | None = None) -> ProductRow:
    """One product as the catalogue lists it (active or not)."""
    rows = list_products(session, ProductFilter(include_inactive=True), day, only_id=product_id)
    if not rows:
        raise NotFound("No product with id {id}.", id=product_id)
    return rows[0]


# --- producers --------------------------------------------------------------------------------------


def check_producer(session: Session, data: ProducerInput, producer_id: int | None = None) -> list[FieldError]:
    errors: list[FieldError] = []
    if not data.name.strip():
        errors.append(FieldError("Producer name: a producer needs a name.", field="name"))
    _text_limit(errors, data.name.strip(), 200, "name", N_("Producer name"))
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
    _text_limit(errors, code, 30, "code", N_("Producer code"))
    _text_limit(errors, data.address, 300, "address", N_("Address"))
    _text_limit(errors, data.commune, 100, "commune", N_("Commune"))
    _text_limit(errors, data.province, 100, "province", N_("Province"))
    _text_limit(errors, data.phone, 30, "phone", N_("Phone"))
    _text_limit(errors, data.bank_name, 100, "bank_name", N_("Bank"))
    _text_limit(errors, data.bank_account, 30, "bank_account", N_("Bank account"))
    return errors


def create_producer(
    session: Session,
    actor: Actor | None,
    data: ProducerInput,
    *,
    commission_bp: int | None = None,
    valid_from: date | None = None,
    approved_by: int | None = None,
) -> Producer:
    approver = _require(session, actor, "catalogue_edit", approved_by)
    errors = check_producer(session, data)
    if commission_bp is not None and not 0 <= commission_bp <= 10_000:
        errors.append(FieldError("Commission: from 0 to 100 %.", field="commission"))
    _raise_if(errors)
    producer = catalogue.create_producer(session, replace(data, code=(data.code or "").strip() or None))
    if commission_bp is not None:
        session.add(
            ProducerCommission(producer_id=producer.id, valid_from=valid_from or business_day(), rate_bp=commission_bp)
        )
    _audit(
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


def producer_input(session: Session, producer_id: int) -> ProducerInput:
    p = catalogue.get_producer(session, producer_id)
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
    approver = _require(session, actor, "catalogue_edit", approved_by)
    producer = catalogue.get_producer(session, producer_id)
    _raise_if(check_producer(session, data, producer_id))
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
        _audit(session, "producer.updated", actor, approver, "producer", producer_id, changes=changes)
    session.flush()
    return changes


def remove_producer(session: Session, actor: Actor | None, producer_id: int, *, approved_by: int | None = None) -> str:
    """Delete a producer with no products, receipts, sales or settlements; otherwise deactivate."""
    approver = _require(session, actor, "catalogue_edit", approved_by)
    producer = catalogue.get_producer(session, producer_id)
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
            _audit(session, "producer.deactivated", actor, approver, "producer", producer_id, name=producer.name)
        return "deactivated"
    _audit(session, "producer.deleted", actor, approver, "producer", producer_id, name=producer.name)
    session.execute(delete(ProducerCommission).where(ProducerCommission.producer_id == producer_id))
    session.delete(producer)
    session.flush()
    return "deleted"


def last_settled_day(session: Session, producer_id: int) -> date | None:
    return session.scalar(
        select(func.max(ConsignmentSettlement.period_end)).where(ConsignmentSettlement.producer_id == producer_id)
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
    approver = _require(session, actor, "catalogue_edit", approved_by)
    catalogue.get_producer(session, producer_id)
    if not 0 <= rate_bp <= 10_000:
        raise FieldError("Commission: from 0 to 100 %.", field="commission")
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
    _audit(
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
        for p in session.scalars(stmt)
    ]


# --- negative stock ---------------------------------------------------------------------------------


def negative_stock_allowed(session: Session) -> bool:
    return settings.get(session, ALLOW_NEGATIVE_KEY) == "yes"


class NotEnoughStock(ValidationError):
    message = "Only {on_hand} of {name} in stock: taking out {qty} would leave {after}."


def _guard_negative(
    session: Session, product: Product, delta: int, actor: Actor | None, approver: int | None, context: str
) -> None:
    """Refuse to take stock below zero unless the outlet allows it; then flag it in the audit log."""
    after = product.on_hand + delta
    if delta >= 0 or after >= 0:
        return
    if not negative_stock_allowed(session):
        raise NotEnoughStock(
            on_hand=format_qty(product.on_hand, product.sold_by_weight),
            name=product.name,
            qty=format_qty(-delta, product.sold_by_weight),
            after=format_qty(after, product.sold_by_weight),
        )
    _audit(
        session,
        "stock.negative",
        actor,
        approver,
        "product",
        product.id,
        sku=product.sku,
        on_hand=after,
        context=context,
    )


def _ensure_not_settled(session: Session, producer_id: int | None, day: date) -> None:
    if producer_id is None:
        return
    settled = last_settled_day(session, producer_id)
    if settled is not None and day <= settled:
        raise ValidationError(
            "The producer's consignment is settled up to {day}: nothing can be dated in a settled period.",
            day=vn_date(settled),
        )


# --- goods receipts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptLineIn:
    product_id: int
    qty: int
    unit_cost: int = 0
    batch_no: str | None = None
    best_before: date | None = None


def receive_goods(
    session: Session,
    actor: Actor | None,
    lines: list[ReceiptLineIn],
    *,
    producer_id: int | None,
    delivery_note_no: str = "",
    consigned: bool = True,
    note: str = "",
    approved_by: int | None = None,
    day: date | None = None,
) -> GoodsReceipt:
    """Post a delivery in one go: the receipt, its lines and a ``receipt`` movement per line (with its
    batch and best-before date). The latest non-zero unit cost becomes the product's cost."""
    approver = _require(session, actor, "stock_receipt", approved_by)
    day = day or business_day()
    errors: list[FieldError] = []
    producer = session.get(Producer, producer_id) if producer_id is not None else None
    if producer_id is not None and producer is None:
        errors.append(FieldError("Producer: no such producer.", field="producer_id"))
    if consigned and producer_id is None:
        errors.append(FieldError("Producer: consigned goods need the producer who consigns them.", field="producer_id"))
    note_no = delivery_note_no.strip()
    _text_limit(errors, note_no, 60, "delivery_note_no", N_("Delivery note number"))
    if (
        note_no
        and producer_id is not None
        and session.scalar(
            select(GoodsReceipt.id).where(
                GoodsReceipt.producer_id == producer_id, GoodsReceipt.delivery_note_no == note_no
            )
        )
    ):
        errors.append(
            FieldError(
                "Delivery note {number} of this producer was already received.",
                field="delivery_note_no",
                number=note_no,
            )
        )
    if not lines:
        errors.append(FieldError("Lines: a receipt needs at least one item.", field="lines"))
    products: dict[int, Product] = {}
    for n, line in enumerate(lines, start=1):
        product = session.get(Product, line.product_id)
        if product is None:
            errors.append(FieldError("Line {line}: no such product.", field="lines", line=n))
            continue
        products[product.id] = product
        if not product.active:
            errors.append(FieldError("Line {line}: {name} is deactivated.", field="lines", line=n, name=product.name))
        if producer_id is not None and product.producer_id not in (None, producer_id):
            errors.append(
                FieldError(
                    "Line {line}: {name} comes from another producer.",
                    field="lines",
                    line=n,
                    name=product.name,
                )
            )
        if line.qty <= 0:
            errors.append(FieldError("Line {line}: the quantity must be more than 0.", field="lines", line=n))
        if line.unit_cost < 0:
            errors.append(FieldError("Line {line}: the unit cost cannot be negative.", field="lines", line=n))
        if line.batch_no and len(line.batch_no.strip()) > 40:
            errors.append(
                FieldError("Line {line}: the batch number is longer than 40 characters.", field="lines", line=n)
            )
        if line.best_before is not None and line.best_before < day:
            errors.append(
                FieldError(
                    "Line {line}: the best-before date {date} has already passed.",
                    field="lines",
                    line=n,
                    date=vn_date(line.best_before),
                )
            )
    _raise_if(errors)
    _ensure_not_settled(session, producer_id, day)
    receipt = GoodsReceipt(
        producer_id=producer_id,
        delivery_note_no=note_no,
        consigned=consigned,
        user_id=actor.user_id if actor else None,
        business_day=day,
        note=nfc(note.strip()),
    )
    session.add(receipt)
    session.flush()
    reason = f"{producer.name if producer else ''} {note_no}".strip()
    for line in lines:
        session.add(
            GoodsReceiptLine(
                receipt_id=receipt.id,
                product_id=line.product_id,
                qty=line.qty,
                unit_cost=line.unit_cost,
                batch_no=(line.batch_no or "").strip() or None,
                best_before=line.best_before,
            )
        )
        stock.post_movements(
            session,
            [(line.product_id, line.qty)],
            kind="receipt",
            day=day,
            user_id=actor.user_id if actor else None,
            ref_type="goods_receipt",
            ref_id=receipt.id,
            reason=reason,
            unit_costs=[line.unit_cost],
        )
        if line.batch_no or line.best_before:
            _tag_last_movement(
                session, receipt.id, line.product_id, (line.batch_no or "").strip() or None, line.best_before
            )
        if line.unit_cost > 0:
            products[line.product_id].cost = line.unit_cost
    session.flush()
    for product in products.values():
        session.expire(product, ["on_hand"])
    _audit(
        session,
        "stock.received",
        actor,
        approver,
        "goods_receipt",
        receipt.id,
        producer_id=producer_id,
        delivery_note_no=note_no,
        consigned=consigned,
        lines=len(lines),
        qty=sum(ln.qty for ln in lines),
        value=sum(ln.qty * ln.unit_cost for ln in lines),
    )
    return receipt


def _tag_last_movement(
    session: Session, ref_id: str, product_id: int, batch_no: str | None, best_before: date | None
) -> None:
    """Set the batch and best-before on the movement ``post_movements`` has just written for this
    line: the one with the highest rowid for the receipt and product (the ledger's only writer does
    not take these fields)."""
    rowid = literal_column("stock_movement.rowid", Integer)
    last = session.scalar(
        select(func.max(rowid)).where(StockMovement.ref_id == ref_id, StockMovement.product_id == product_id)
    )
    session.execute(
        update(StockMovement)
        .where(rowid == last)
        .values(batch_no=batch_no, best_before=best_before)
        .execution_options(synchronize_session=False)
    )


def receipt_number(receipt: GoodsReceipt) -> str:
    """A short human number for the note: ``PN-261128-1A2B3C`` (day and the start of the UUID)."""
    return f"PN-{receipt.business_day:%y%m%d}-{receipt.id[:6].upper()}"


def receipt_note(session: Session, receipt_id: str) -> Document:
    """The goods receipt note (phiếu nhập kho) both sides sign, in Vietnamese."""
    from . import setup

    receipt = session.get(GoodsReceipt, receipt_id)
    if receipt is None:
        raise NotFound("No goods receipt {id}.", id=receipt_id)
    shop = setup.outlet(session)
    producer = session.get(Producer, receipt.producer_id) if receipt.producer_id else None
    user = session.get(User, receipt.user_id) if receipt.user_id else None
    rows = session.execute(
        select(GoodsReceiptLine, Product)
        .join(Product, Product.id == GoodsReceiptLine.product_id)
        .where(GoodsReceiptLine.receipt_id == receipt_id)
        .order_by(GoodsReceiptLine.id)
    ).all()
    doc = Document(
        title="Phiếu nhập kho" + (" hàng ký gửi" if receipt.consigned else ""),
        heading=[h for h in (shop.name, shop.address, f"MST: {shop.tax_code}" if shop.tax_code else "") if h],
        info=[
            ("Số phiếu", receipt_number(receipt)),
            ("Ngày nhập", vn_date(receipt.business_day)),
            ("Bên giao", producer.name if producer else "—"),
            ("Số phiếu giao hàng", receipt.delivery_note_no or "—"),
            ("Hình thức", "Ký gửi" if receipt.consigned else "Mua đứt"),
            ("Người nhận", user.name if user else "—"),
        ],
        columns=[
            Column("STT"),
            Column("Mã hàng"),
            Column("Tên hàng"),
            Column("ĐVT"),
            Column("Lô / HSD"),
            Column("Số lượng", True),
            Column("Đơn giá", True),
            Column("Thành tiền", True),
        ],
        signatures=[("Người giao hàng", "(Ký, ghi rõ họ tên)"), ("Người nhận hàng", "(Ký, ghi rõ họ tên)")],
    )
    total = 0
    for n, (line, product) in enumerate(rows, start=1):
        amount = _line_amount(line.qty, line.unit_cost, product.sold_by_weight)
        total += amount
        batch = " / ".join(x for x in (line.batch_no or "", vn_date(line.best_before)) if x)
        doc.rows.append(
            [
                str(n),
                product.sku,
                product.name,
                "kg" if product.sold_by_weight else product.unit,
                batch,
                format_qty(line.qty, product.sold_by_weight),
                line.unit_cost,
                amount,
            ]
        )
    doc.totals = [("Tổng số mặt hàng", str(len(rows))), ("Tổng tiền hàng", format_vnd(total))]
    from .documents import amount_in_words

    doc.notes = [f"Bằng chữ: {amount_in_words(total)}."] + ([f"Ghi chú: {receipt.note}"] if receipt.note else [])
    return doc


def _line_amount(qty: int, unit_cost: int, by_weight: bool) -> int:
    """Goods sold by weight are costed per kilogram and counted in grams: round half up to the đồng."""
    return div_half_up(qty * unit_cost, 1000) if by_weight else qty * unit_cost


@dataclass(frozen=True)
class ReceiptSummary:
    id: str
    number: str
    business_day: date
    producer_name: str
    delivery_note_no: str
    consigned: bool
    lines: int
    value: int


def list_receipts(session: Session, producer_id: int | None = None, limit: int = 200) -> list[ReceiptSummary]:
    stmt = (
        select(GoodsReceipt, Producer.name)
        .outerjoin(Producer, Producer.id == GoodsReceipt.producer_id)
        .order_by(GoodsReceipt.created_at.desc())
        .limit(limit)
    )
    if producer_id is not None:
        stmt = stmt.where(GoodsReceipt.producer_id == producer_id)
    out = []
    for receipt, producer_name in session.execute(stmt).all():
        lines = session.execute(
            select(GoodsReceiptLine.qty, GoodsReceiptLine.unit_cost, Product.sold_by_weight)
            .join(Product, Product.id == GoodsReceiptLine.product_id)
            .where(GoodsReceiptLine.receipt_id == receipt.id)
        ).all()
        out.append(
            ReceiptSummary(
                receipt.id,
                receipt_number(receipt),
                receipt.business_day,
                producer_name or "",
                receipt.delivery_note_no,
                receipt.consigned,
                len(lines),
                sum(_line_amount(q, c, w) for q, c, w in lines),
            )
        )
    return out


# --- scanning ---------------------------------------------------------------------------------------


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
        product = catalogue.find_by_code(session, embedded.item_code)
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
                if code.isdigit()
                else NotFound("No product has the code {code}.", code=code)
            ) from None
        return Scanned(found.id, 1)
    product = catalogue.find_by_code(session, code)
    if product is None:
        raise NotFound("No product has the code {code}.", code=code)
    return Scanned(product.id, 1)


# --- stock counts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountLine:
    product_id: int
    sku: str
    name: str
    unit: str
    sold_by_weight: bool
    expected: int
    counted: int
    variance: int
    variance_value: int  # at cost (the price when no cost is known)


@dataclass(frozen=True)
class CountSheet:
    id: str
    status: str
    note: str
    started_at: datetime
    started_by: str
    approved_at: datetime | None
    approved_by: str
    lines: list[CountLine] = field(default_factory=list)

    @property
    def variance_value(self) -> int:
        return sum(ln.variance_value for ln in self.lines)


def _count(session: Session, count_id: str, *, open_only: bool = True) -> StockCount:
    count = session.get(StockCount, count_id)
    if count is None:
        raise NotFound("No stock count {id}.", id=count_id)
    if open_only and count.status != "open":
        raise ValidationError(
            "This stock count is already {status}.", status=COUNT_STATUS.get(count.status, count.status)
        )
    return count


def start_count(session: Session, actor: Actor | None, note: str = "") -> StockCount:
    """Start a count; it stays open, saved line by line, until approved or cancelled."""
    count = StockCount(status="open", note=nfc(note.strip()), started_by=actor.user_id if actor else None)
    session.add(count)
    session.flush()
    _audit(session, "stock.count_started", actor, None, "stock_count", count.id, note=count.note)
    return count


def record_count(
    session: Session, actor: Actor | None, count_id: str, product_id: int, counted: int, *, add: bool = False
) -> int:
    """Set (or with ``add``, increase) the quantity counted for a product; returns the new count."""
    _count(session, count_id)
    _product(session, product_id)
    line = session.scalar(
        select(StockCountLine).where(StockCountLine.count_id == count_id, StockCountLine.product_id == product_id)
    )
    value = (line.counted if line and add else 0) + counted
    if value < 0:
        raise FieldError("Counted: cannot be negative.", field="counted")
    if line is None:
        line = StockCountLine(count_id=count_id, product_id=product_id, counted=value)
        session.add(line)
    else:
        line.counted = value
    session.flush()
    return value


def scan_into_count(session: Session, actor: Actor | None, count_id: str, code: str) -> tuple[int, int]:
    """A scan adds one piece (or a scale label's weight); returns (product id, new count)."""
    scanned = lookup_code(session, code)
    return scanned.product_id, record_count(session, actor, count_id, scanned.product_id, scanned.qty, add=True)


def count_sheet(session: Session, count_id: str) -> CountSheet:
    """The count with every line's variance against the ledger (now, for an open count; as posted,
    for an approved one)."""
    count = _count(session, count_id, open_only=False)
    names = dict(session.execute(select(User.id, User.name)).all())
    posted: dict[int, int] = {}
    if count.status == "approved":
        posted = dict(
            session.execute(
                select(StockMovement.product_id, func.sum(StockMovement.qty))
                .where(StockMovement.ref_type == "stock_count", StockMovement.ref_id == count_id)
                .group_by(StockMovement.product_id)
            ).all()
        )
    lines = []
    for line, product in session.execute(
        select(StockCountLine, Product)
        .join(Product, Product.id == StockCountLine.product_id)
        .where(StockCountLine.count_id == count_id)
        .order_by(Product.name_folded)
    ).all():
        if count.status == "approved":
            variance = posted.get(product.id, 0)
            expected = line.counted - variance
        else:
            expected = product.on_hand
            variance = line.counted - expected
        unit_value = product.cost if product.cost is not None else product.price
        lines.append(
            CountLine(
                product.id,
                product.sku,
                product.name,
                product.unit,
                product.sold_by_weight,
                expected,
                line.counted,
                variance,
                _line_amount(variance, unit_value, product.sold_by_weight),
            )
        )
    return CountSheet(
        count.id,
        count.status,
        count.note,
        count.started_at,
        names.get(count.started_by or -1, ""),
        count.approved_at,
        names.get(count.approved_by or -1, ""),
        lines,
    )


def open_counts(session: Session) -> list[CountSheet]:
    return [
        count_sheet(session, cid)
        for cid in session.scalars(
            select(StockCount.id).where(StockCount.status == "open").order_by(StockCount.started_at.desc())
        )
    ]


def approve_count(
    session: Session, actor: Actor | None, count_id: str, *, approved_by: int | None = None
) -> CountSheet:
    """A manager approves: every counted product's variance posts as a ``count`` movement, so on-hand
    becomes what was counted. Products not in the count are left alone."""
    approver = _require(session, actor, "stock_count_approve", approved_by)
    count = _count(session, count_id)
    sheet = count_sheet(session, count_id)
    if not sheet.lines:
        raise ValidationError("Nothing was counted yet.")
    moves = [(ln.product_id, ln.variance) for ln in sheet.lines if ln.variance != 0]
    stock.post_movements(
        session,
        moves,
        kind="count",
        user_id=actor.user_id if actor else None,
        ref_type="stock_count",
        ref_id=count_id,
        reason="Kiểm kê",
        unit_costs=[None] * len(moves),
    )
    count.status = "approved"
    count.approved_by = approver if approver is not None else (actor.user_id if actor else None)
    count.approved_at = datetime.now().astimezone()
    session.flush()
    session.expire_all()
    _audit(
        session,
        "stock.count_approved",
        actor,
        approver,
        "stock_count",
        count_id,
        lines=len(sheet.lines),
        adjusted=len(moves),
        variance_value=sheet.variance_value,
        variances={ln.sku: ln.variance for ln in sheet.lines if ln.variance},
    )
    return count_sheet(session, count_id)


def cancel_count(session: Session, actor: Actor | None, count_id: str) -> None:
    count = _count(session, count_id)
    count.status = "cancelled"
    _audit(session, "stock.count_cancelled", actor, None, "stock_count", count_id)
    session.flush()


# --- adjustments ------------------------------------------------------------------------------------


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
) -> None:
    """Take out (or, for ``other``, put in) stock with a reason, audited. ``return_to_producer`` posts a
    ``consignment_return``, which the producer's settlement counts as returned."""
    approver = _require(session, actor, "stock_adjustment", approved_by)
    day = day or business_day()
    product = _product(session, product_id)
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
    _text_limit(errors, note.strip(), 150, "note", N_("Note"))
    _raise_if(errors)
    if reason == "return_to_producer":
        _ensure_not_settled(session, product.producer_id, day)
    _guard_negative(session, product, qty, actor, approver, "adjustment")
    text = reason + (f": {nfc(note.strip())}" if note.strip() else "")
    stock.post_movements(
        session,
        [(product_id, qty)],
        kind="consignment_return" if reason == "return_to_producer" else "adjustment",
        day=day,
        user_id=actor.user_id if actor else None,
        ref_type="adjustment",
        reason=text,
    )
    session.expire(product, ["on_hand"])
    _audit(
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


# --- ledger -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerRow:
    at: datetime
    business_day: date
    kind: str
    qty: int
    balance: int
    unit_cost: int | None
    reason: str  # a reason code (damaged…) or free text, with the manager's note after ": "
    reference: str
    user_name: str
    batch_no: str | None
    best_before: date | None


def product_ledger(session: Session, product_id: int) -> list[LedgerRow]:
    """Every movement of a product, oldest first, with the running balance, who and why."""
    _product(session, product_id)
    names = dict(session.execute(select(User.id, User.name)).all())
    moves = session.scalars(
        select(StockMovement)
        .where(StockMovement.product_id == product_id)
        .order_by(StockMovement.created_at, literal_column("stock_movement.rowid"))
    ).all()
    refs: dict[tuple[str, str], str] = {}
    ids_by_type: dict[str, set[str]] = {}
    for m in moves:
        if m.ref_type and m.ref_id:
            ids_by_type.setdefault(m.ref_type, set()).add(m.ref_id)
    if ids_by_type.get("sale"):
        refs.update(
            {
                ("sale", i): n
                for i, n in session.execute(
                    select(Sale.id, Sale.receipt_no).where(Sale.id.in_(ids_by_type["sale"]))
                ).all()
            }
        )
    for ref_type in ("sale_return", "return"):
        if ids_by_type.get(ref_type):
            refs.update(
                {
                    (ref_type, i): n
                    for i, n in session.execute(
                        select(SaleReturn.id, SaleReturn.return_no).where(SaleReturn.id.in_(ids_by_type[ref_type]))
                    ).all()
                }
            )
    if ids_by_type.get("goods_receipt"):
        for receipt in session.scalars(select(GoodsReceipt).where(GoodsReceipt.id.in_(ids_by_type["goods_receipt"]))):
            refs[("goods_receipt", receipt.id)] = receipt_number(receipt) + (
                f" ({receipt.delivery_note_no})" if receipt.delivery_note_no else ""
            )
    balance = 0
    out = []
    for m in moves:
        balance += m.qty
        reference = refs.get((m.ref_type or "", m.ref_id or ""), "")
        if not reference and m.ref_type == "stock_count" and m.ref_id:
            reference = f"KK-{m.ref_id[:6].upper()}"
        out.append(
            LedgerRow(
                m.created_at,
                m.business_day,
                m.kind,
                m.qty,
                balance,
                m.unit_cost,
                m.reason,
                reference,
                names.get(m.user_id or -1, ""),
                m.batch_no,
                m.best_before,
            )
        )
    return out


# --- alerts -----------------------------------------------------------------------------------------

ALERT_KINDS = (
    "negative_stock",
    "low_stock",
    "certificate_expired",
    "certificate_expiring",
    "best_before_past",
    "best_before_near",
)


@dataclass(frozen=True)
class Alert:
    kind: str
    product_id: int
    sku: str
    name: str
    on_hand: int = 0
    reorder_level: int = 0
    day: date | None = None  # certificate expiry or best-before
    batch_no: str | None = None
    qty: int = 0  # how much of the batch is (by first-in first-out) still on the shelf
    sold_by_weight: bool = False


def alerts(session: Session, day: date | None = None) -> list[Alert]:
    """What a manager must act on, most urgent first: negative stock, stock below its reorder level,
    certificates expired or expiring within 60 days, goods past or near their best-before date.

    Sales do not say which batch they took, so the batches on the shelf are the newest receipts that
    make up the quantity on hand (first in, first out).
    """
    day = day or business_day()
    near_days = int(settings.get(session, BEST_BEFORE_DAYS_KEY) or DEFAULT_BEST_BEFORE_DAYS)
    # The columns it needs, not whole products: with a catalogue of 50,000 the objects cost ~100 MB at peak,
    # and the till's memory stayed there after the home screen or this one was shown.
    products = session.execute(
        select(Product.id, Product.sku, Product.name, Product.on_hand, Product.reorder_level, Product.sold_by_weight,
               Product.certificate_expires)
        .where(Product.active).order_by(Product.name_folded)
    ).all()
    out: list[Alert] = []

    def make(kind: str, p: Any, **extra: Any) -> Alert:
        return Alert(kind, p.id, p.sku, p.name, p.on_hand, p.reorder_level, sold_by_weight=p.sold_by_weight, **extra)

    for p in products:
        if p.on_hand < 0:
            out.append(make("negative_stock", p))
        elif p.on_hand < p.reorder_level:
            out.append(make("low_stock", p))
    for p in products:
        status = certificate_status(p.certificate_expires, day)
        if status == "expired":
            out.append(make("certificate_expired", p, day=p.certificate_expires))
    for p in products:
        if certificate_status(p.certificate_expires, day) == "expiring":
            out.append(make("certificate_expiring", p, day=p.certificate_expires))
    dated = {p.id: p for p in products if p.on_hand > 0}
    receipts: dict[int, list[tuple[int, str | None, date | None]]] = {}
    if dated:
        for pid, qty, batch, best in session.execute(
            select(StockMovement.product_id, StockMovement.qty, StockMovement.batch_no, StockMovement.best_before)
            .where(
                StockMovement.kind == "receipt",
                StockMovement.qty > 0,
                StockMovement.product_id.in_(list(dated)),
                StockMovement.product_id.in_(
                    select(StockMovement.product_id).where(StockMovement.best_before.is_not(None))
                ),
            )
            .order_by(StockMovement.created_at.desc(), literal_column("stock_movement.rowid").desc())
        ).all():
            receipts.setdefault(pid, []).append((qty, batch, best))
    near: list[Alert] = []
    past: list[Alert] = []
    for pid, batches in receipts.items():
        p = dated[pid]
        remaining = p.on_hand
        for qty, batch, best in batches:
            if remaining <= 0:
                break
            take = min(qty, remaining)
            remaining -= take
            if best is None:
                continue
            if best < day:
                past.append(make("best_before_past", p, day=best, batch_no=batch, qty=take))
            elif best <= day + timedelta(days=near_days):
                near.append(make("best_before_near", p, day=best, batch_no=batch, qty=take))
    out += sorted(past, key=lambda a: (a.day or day, a.sku)) + sorted(near, key=lambda a: (a.day or day, a.sku))
    return out


def alert_counts(session: Session, day: date | None = None) -> dict[str, int]:
    counts = dict.fromkeys(ALERT_KINDS, 0)
    for a in alerts(session, day):
        counts[a.kind] += 1
    return counts
