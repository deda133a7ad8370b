"""The certified OCOP catalogue as the public sees it: products with their producer, certificate,
photos and the showrooms that have them in stock now. Shared by the public pages and the exports.

Outlets name their products their own way: a stock line is matched to the catalogue by its
``province_ref`` (set when the outlet pulled the catalogue), else by barcode, else by SKU (when that
SKU is unique in the catalogue). Only active outlets whose snapshot is at most ``STOCK_FRESH`` old
count: an outlet silent for weeks says nothing about "now".

Building it reads the whole catalogue; ``ShowcaseCache`` keeps the last build while nothing it
depends on changed (one cheap query tells) and for at most ``ShowcaseCache.ttl`` seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.barcode import normalize_gtin
from showroom_pos.core.clock import business_day
from showroom_pos.core.text import fold, vietnamese_sort_key

from .models import CatalogueProducer, CatalogueProduct, Counter, ProvinceOutlet, utcnow
from .programme_models import CataloguePhoto, OutletStockItem, OutletStockSnapshot

STOCK_FRESH = timedelta(days=14)
EXPIRING_DAYS = 90

GROUP_LABELS = {
    "food": "Thực phẩm",
    "beverage": "Đồ uống",
    "herbal": "Dược liệu và sản phẩm từ dược liệu",
    "handicraft": "Thủ công mỹ nghệ",
    "ornamental": "Sinh vật cảnh",
    "tourism": "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
}
KIND_LABELS = {
    "enterprise": "Doanh nghiệp",
    "cooperative": "Hợp tác xã",
    "coop_group": "Tổ hợp tác",
    "household": "Hộ kinh doanh",
}


@dataclass(frozen=True)
class Availability:
    """One showroom's stock of a product (the quantity is for staff exports, never shown publicly)."""

    outlet_code: str
    outlet_name: str
    commune: str
    on_hand: int
    price: int | None
    by_weight: bool
    taken_at: datetime
    address: str = ""
    phone: str = ""
    map_url: str = ""


@dataclass(frozen=True)
class ShowProduct:
    ref: str
    sku: str
    name: str
    barcodes: tuple[str, ...]
    unit: str
    group: str | None
    stars: int | None
    producer_code: str
    producer_name: str
    producer_kind: str
    producer_commune: str
    producer_province: str
    producer_tax_code: str
    certificate_no: str | None
    certificate_signed: date | None
    certificate_expires: date | None
    reference_price: int | None
    photos: tuple[tuple[int, str], ...]  # (position, sha256) in position order
    stock: tuple[Availability, ...]  # fresh snapshots of active outlets, any quantity
    haystack: str  # folded name, producer, commune, group, ref, barcodes: what the search looks in

    def certificate_state(self, today: date) -> str:
        """``valid``, ``expiring`` (within 90 days), ``expired`` or ``undated`` (no expiry date known)."""
        if self.certificate_expires is None:
            return "undated"
        if self.certificate_expires < today:
            return "expired"
        if self.certificate_expires <= today + timedelta(days=EXPIRING_DAYS):
            return "expiring"
        return "valid"

    @property
    def in_stock(self) -> tuple[Availability, ...]:
        return tuple(a for a in self.stock if a.on_hand > 0)

    @property
    def group_label(self) -> str:
        return GROUP_LABELS.get(self.group or "", "")

@dataclass(frozen=True)
class Showcase:
    products: tuple[ShowProduct, ...]  # certified (expired included), sorted by name
    by_ref: dict[str, ShowProduct]
    revoked: frozenset[str]
    by_barcode: dict[str, str]  # GTIN → ref of a certified product
    today: date
    built_at: datetime

    def search(
        self,
        query: str = "",
        *,
        stars: int | None = None,
        group: str | None = None,
        in_stock: bool = False,
    ) -> list[ShowProduct]:
        """Every word of ``query`` in a product's folded text (``sau rieng`` finds ``Sầu riêng``)."""
        words = fold(query).split()
        return [
            p
            for p in self.products
            if all(w in p.haystack for w in words)
            and (stars is None or p.stars == stars)
            and (group is None or p.group == group)
            and (not in_stock or p.in_stock)
        ]


class CatalogueIndex:
    """Find the catalogue ref of a product as an outlet names it (ref, then barcode, then unique SKU)."""

    def __init__(self, products: Iterable[tuple[str, str, str]]) -> None:
        self.refs: set[str] = set()
        self.by_barcode: dict[str, str] = {}
        skus: dict[str, list[str]] = {}
        for ref, sku, barcodes in products:
            self.refs.add(ref)
            for code in barcodes.split():
                self.by_barcode.setdefault(code, ref)
            skus.setdefault(sku, []).append(ref)
        self.by_sku = {sku: refs[0] for sku, refs in skus.items() if len(refs) == 1}

    def match(self, ref: str | None, barcode: str | None, sku: str | None) -> str | None:
        if ref and ref in self.refs:
            return ref
        if barcode:
            found = self.by_barcode.get(normalize_gtin(barcode.strip()))
            if found is not None:
                return found
        if sku:
            return self.by_sku.get(sku)
        return None


def catalogue_index(session: Session) -> CatalogueIndex:
    return CatalogueIndex(
        session.execute(select(CatalogueProduct.ref, CatalogueProduct.sku, CatalogueProduct.barcodes)).all()
    )


def stock_by_ref(session: Session, index: CatalogueIndex, now: datetime | None = None) -> dict[str, list[Availability]]:
    """Fresh stock lines of active outlets, grouped by the catalogue ref they match."""
    now = now or utcnow()
    out: dict[str, list[Availability]] = {}
    rows = session.execute(
        select(
            ProvinceOutlet.code,
            ProvinceOutlet.name,
            ProvinceOutlet.commune,
            ProvinceOutlet.address,
            ProvinceOutlet.phone,
            ProvinceOutlet.map_url,
            OutletStockSnapshot.taken_at,
            OutletStockItem.sku,
            OutletStockItem.barcode,
            OutletStockItem.province_ref,
            OutletStockItem.on_hand,
            OutletStockItem.price,
            OutletStockItem.by_weight,
        )
        .join(OutletStockSnapshot, OutletStockSnapshot.outlet_id == ProvinceOutlet.id)
        .join(OutletStockItem, OutletStockItem.outlet_id == ProvinceOutlet.id)
        .where(ProvinceOutlet.active.is_(True), OutletStockSnapshot.taken_at >= now - STOCK_FRESH)
        .order_by(ProvinceOutlet.name, ProvinceOutlet.code)
    )
    for code, name, commune, address, phone, map_url, taken_at, sku, barcode, ref, on_hand, price, by_weight in rows:
        matched = index.match(ref, barcode, sku)
        if matched is None:
            continue
        lines = out.setdefault(matched, [])
        if any(a.outlet_code == code for a in lines):
            continue  # two outlet products matching one catalogue product: the first (by SKU order) names it
        lines.append(
            Availability(
                code, name or code, commune, int(on_hand), price, bool(by_weight), taken_at, address, phone, map_url
            )
        )
    for lines in out.values():  # the showrooms in Vietnamese order ("Điểm …" after "Dịch vụ …", not after "Z…")
        lines.sort(key=lambda a: vietnamese_sort_key(a.outlet_name))
    return out


def build(session: Session, now: datetime | None = None) -> Showcase:
    now = now or utcnow()
    today = business_day(now)
    producers = {p.code: p for p in session.scalars(select(CatalogueProducer))}
    products = list(session.scalars(select(CatalogueProduct)))
    index = CatalogueIndex((p.ref, p.sku, p.barcodes) for p in products)
    stock = stock_by_ref(session, index, now)
    photos: dict[str, list[tuple[int, str]]] = {}
    for ref, position, sha in session.execute(
        select(CataloguePhoto.product_ref, CataloguePhoto.position, CataloguePhoto.sha256).order_by(
            CataloguePhoto.product_ref, CataloguePhoto.position
        )
    ):
        photos.setdefault(ref, []).append((position, sha))
    shown: list[ShowProduct] = []
    revoked: set[str] = set()
    for p in products:
        if p.status != "certified":
            revoked.add(p.ref)
            continue
        producer = producers.get(p.producer_code or "")
        group_label = GROUP_LABELS.get(p.ocop_group or "", "")
        shown.append(
            ShowProduct(
                ref=p.ref,
                sku=p.sku,
                name=p.name,
                barcodes=tuple(p.barcodes.split()),
                unit=p.unit,
                group=p.ocop_group,
                stars=p.stars,
                producer_code=p.producer_code or "",
                producer_name=producer.name if producer else "",
                producer_kind=producer.kind if producer else "",
                producer_commune=producer.commune if producer else "",
                producer_province=producer.province if producer else "",
                producer_tax_code=producer.tax_code if producer else "",
                certificate_no=p.certificate_no,
                certificate_signed=p.certificate_signed,
                certificate_expires=p.certificate_expires,
                reference_price=p.reference_price,
                photos=tuple(photos.get(p.ref, ())),
                stock=tuple(stock.get(p.ref, ())),
                haystack=fold(
                    " ".join(
                        (
                            p.name,
                            producer.name if producer else "",
                            producer.commune if producer else "",
                            group_label,
                            p.ref,
                            p.sku,
                            p.barcodes,
                        )
                    )
                ),
            )
        )
    shown.sort(key=lambda s: (vietnamese_sort_key(s.name), s.ref))  # Đ after D, as the showrooms list them
    by_barcode = {code: s.ref for s in shown for code in s.barcodes}
    return Showcase(
        products=tuple(shown),
        by_ref={s.ref: s for s in shown},
        revoked=frozenset(revoked),
        by_barcode=by_barcode,
        today=today,
        built_at=now,
    )


def fingerprint(session: Session) -> tuple[object, ...]:
    """Changes whenever the catalogue, a photo, an outlet's stock or an outlet's state changes."""
    row = session.execute(
        select(
            select(func.max(Counter.value)).where(Counter.name == "catalogue").scalar_subquery(),
            select(func.count()).select_from(CataloguePhoto).scalar_subquery(),
            select(func.max(CataloguePhoto.uploaded_at)).scalar_subquery(),
            select(func.sum(CataloguePhoto.id)).scalar_subquery(),
            select(func.max(OutletStockSnapshot.received_at)).scalar_subquery(),
            select(func.count()).select_from(OutletStockSnapshot).scalar_subquery(),
            select(func.count()).select_from(ProvinceOutlet).where(ProvinceOutlet.active.is_(True)).scalar_subquery(),
            select(func.max(ProvinceOutlet.revoked_at)).scalar_subquery(),
            select(func.count()).select_from(ProvinceOutlet).scalar_subquery(),
        )
    ).one()
    return tuple(row)


class ShowcaseCache:
    """The last build, reused while its fingerprint and the day hold, for at most ``ttl`` seconds."""

    def __init__(self, ttl: float = 30.0) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._entry: tuple[tuple[object, ...], float, Showcase] | None = None

    def get(self, session: Session) -> Showcase:
        key = (*fingerprint(session), business_day())
        with self._lock:
            entry = self._entry
            if entry is not None and entry[0] == key and time.monotonic() - entry[1] < self.ttl:
                return entry[2]
        showcase = build(session)
        with self._lock:
            self._entry = (key, time.monotonic(), showcase)
        return showcase
