"""What a product is made of, and the one check every product passes.

``ProductInput`` holds a product's editable values. ``check_product`` finds every problem with them, whichever
way a product comes in: the product form (``products.create_product`` / ``update_product``), the import (which
checks thousands of rows against a ``CatalogueIndex``), and the demo, the simulation and test fixtures
(``products.add_product``). ``new_product_values`` turns checked input into the product's columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from showroom_pos.core.barcode import BarcodeError, classify, normalize_gtin
from showroom_pos.core.clock import add_months, business_day
from showroom_pos.core.errors import N_
from showroom_pos.core.text import fold, is_ascii_digits, nfc
from showroom_pos.storage.models import (
    OCOP_GROUPS,
    GoodsReceiptLine,
    Producer,
    Product,
    ProductBarcode,
    SaleLine,
    StockCountLine,
    StockMovement,
)

from ..documents import vn_date
from ..field_errors import FieldError, check_length
from .certificates import CERTIFICATE_MONTHS
from .vat_rates import vat_categories


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


def is_scale_item_code(code: str) -> bool:
    """The item part of a price/weight label (``2000001``): digits starting with 2, not a GTIN length."""
    return is_ascii_digits(code) and code.startswith("2") and 3 <= len(code) <= 11 and len(code) != 8


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
            vat_categories=vat_categories(session),
            moved=set(session.scalars(select(StockMovement.product_id).distinct())),
        )


def has_history(session: Session, product_id: int) -> bool:
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
    check_length(errors, sku, 40, "sku", N_("SKU"))
    if not data.name.strip():
        errors.append(FieldError("Name: a product needs a name.", field="name"))
    check_length(errors, data.name.strip(), 200, "name", N_("Name"))
    if not data.unit.strip():
        errors.append(FieldError("Unit: a product needs a unit (hũ, hộp, kg…).", field="unit"))
    check_length(errors, data.unit.strip(), 20, "unit", N_("Unit"))
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
    if data.vat_category not in (index.vat_categories if index is not None else vat_categories(session)):
        errors.append(FieldError("VAT: unknown category {category}.", field="vat_category", category=data.vat_category))
    if data.reorder_level < 0:
        errors.append(FieldError("Reorder level: cannot be negative.", field="reorder_level"))
    if data.quick_key is not None and data.quick_key <= 0:
        errors.append(FieldError("Quick key: must be a positive number.", field="quick_key"))
    check_length(errors, data.certificate_no, 60, "certificate_no", N_("Certificate number"))
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
        moved = product_id in index.moved if index is not None else has_history(session, product_id)
        if was_by_weight != data.sold_by_weight and moved:
            errors.append(
                FieldError(
                    "Sold by weight: cannot change once the product has stock movements (quantities would "
                    "change meaning).",
                    field="sold_by_weight",
                )
            )
    return errors, codes, expires


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


def new_product(data: ProductInput, codes: list[str], expires: date | None) -> Product:
    """A product built from checked input (``check_product``'s codes and expiry); not yet added."""
    return Product(**new_product_values(data, expires), barcodes=[ProductBarcode(code=c) for c in codes])
