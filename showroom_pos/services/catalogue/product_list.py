"""The catalogue as the screens list it: products matching a filter (the products, stock count, goods receipt
and ledger screens), one product's row, and the customer display's showcase of OCOP products."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, func, or_, select, tuple_
from sqlalchemy.orm import Session

from showroom_pos.core.barcode import normalize_gtin
from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import NotFound
from showroom_pos.core.text import fold
from showroom_pos.storage.models import Producer, Product, ProductBarcode

from .certificates import CERTIFICATE_WARNING_DAYS, certificate_status


@dataclass(frozen=True)
class ProductFilter:
    text: str = ""
    producer_id: int | None = None
    stars: int | None = None
    group: str | None = None
    low_stock: bool = False
    certificate_expiring: bool = False  # expiring within 60 days or expired
    include_inactive: bool = False


class ProductRow(NamedTuple):
    """A product as the catalogue lists it. A named tuple, made positionally: the whole catalogue of 50,000 as a
    frozen dataclass of 20 fields took ~1 s to build (each field set through ``object.__setattr__``)."""

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
    name_sort: str = ""  # the name's place in Vietnamese order (``Product.name_sort``): where the next page starts

    @property
    def low(self) -> bool:
        return self.on_hand < self.reorder_level


def _matching(flt: ProductFilter, day: date) -> Select[Any]:
    """The ids of the products matching the filter. The text matches every word of the name or the producer's
    name ignoring case and Vietnamese diacritics, the start of the SKU, or a whole barcode.

    The producers and the barcode that match are found once, not joined to each product: along
    ``ix_product_name_sort`` (0017), which holds the folded name, the SKU and the producer, SQLite matches a
    product without reading its row (a picker's search read ~45,000 rows for a name late in the alphabet)."""
    stmt = select(Product.id)
    if not flt.include_inactive:
        stmt = stmt.where(Product.active)
    words = fold(flt.text).split()
    if words:
        name_match = and_(*[
            or_(Product.name_folded.contains(w, autoescape=True),
                Product.producer_id.in_(select(Producer.id).where(Producer.name_folded.contains(w, autoescape=True))))
            for w in words
        ])
        code = normalize_gtin(flt.text.strip())
        by_code = Product.id.in_(select(ProductBarcode.product_id).where(ProductBarcode.code == code))
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
    return stmt


def list_products(
    session: Session,
    flt: ProductFilter = ProductFilter(),
    day: date | None = None,
    limit: int | None = None,
    only_id: int | None = None,
    after: ProductRow | None = None,
    through: ProductRow | None = None,
) -> list[ProductRow]:
    """Products matching the filter (``_matching``) in Vietnamese order of their names ("Dưa hấu" before "Đông
    trùng…", then by id): all of them, or the first ``limit``, or with ``after`` the ``limit`` that follow that row
    (a list read a page at a time: ``count_products`` says how many there are in all), and with ``through`` none
    beyond that row (the rest of a list up to one it must show)."""
    day = day or business_day()
    stmt = _matching(flt, day).order_by(Product.name_sort, Product.id)
    if only_id is not None:
        stmt = stmt.where(Product.id == only_id)
    if after is not None:
        stmt = stmt.where(tuple_(Product.name_sort, Product.id) > tuple_(after.name_sort, after.id))
    if through is not None:
        stmt = stmt.where(tuple_(Product.name_sort, Product.id) <= tuple_(through.name_sort, through.id))
    if limit:
        stmt = stmt.limit(limit)
    # Columns, not products, and the barcodes in one more query: the whole catalogue of 50,000 as ORM objects cost
    # ~230 MB at peak (the till's memory never came back from it).
    rows = session.execute(stmt.with_only_columns(*_ROW_COLUMNS, Producer.name)
                           .outerjoin(Producer, Product.producer_id == Producer.id)).all()
    codes: dict[int, list[str]] = {}
    if rows:
        ids = [row[0] for row in rows] if limit else stmt.with_only_columns(Product.id).order_by(None)
        for product_id, code in session.execute(
            select(ProductBarcode.product_id, ProductBarcode.code)
            .where(ProductBarcode.product_id.in_(ids)).order_by(ProductBarcode.id)
        ):
            codes.setdefault(product_id, []).append(code)
    no_codes: tuple[str, ...] = ()
    return [
        ProductRow(pid, sku, name, unit, price, cost, on_hand, reorder_level, by_weight, stars, group, producer_id,
                   producer or "", certificate_no, expires, certificate_status(expires, day), consigned, active,
                   tuple(codes[pid]) if pid in codes else no_codes, photo_path, name_sort)
        for (pid, sku, name, unit, price, cost, on_hand, reorder_level, by_weight, stars, group, producer_id,
             certificate_no, expires, consigned, active, photo_path, name_sort, producer) in rows
    ]


def count_products(session: Session, flt: ProductFilter = ProductFilter(), day: date | None = None) -> int:
    """How many products match the filter (``list_products`` may give them a page at a time)."""
    matching = _matching(flt, day or business_day()).subquery()
    return session.scalar(select(func.count()).select_from(matching)) or 0


_ROW_COLUMNS = (
    Product.id, Product.sku, Product.name, Product.unit, Product.price, Product.cost, Product.on_hand,
    Product.reorder_level, Product.sold_by_weight, Product.stars, Product.ocop_group, Product.producer_id,
    Product.certificate_no, Product.certificate_expires, Product.consigned, Product.active, Product.photo_path,
    Product.name_sort,
)


def product_row(session: Session, product_id: int, day: date | None = None) -> ProductRow:
    """One product as the catalogue lists it (active or not)."""
    rows = list_products(session, ProductFilter(include_inactive=True), day, only_id=product_id)
    if not rows:
        raise NotFound("No product with id {id}.", id=product_id)
    return rows[0]


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
