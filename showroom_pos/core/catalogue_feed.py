"""The province's OCOP catalogue as the protocol carries it (``GET /api/v1/catalogue``).

Pure shapes shared by the server (which publishes) and the outlet (which pulls and merges). Every
item carries the change counter (``version``) at which it last changed; an outlet asks for the
changes ``since`` the counter it last saw. Unknown fields are ignored, new fields are optional.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

SCHEMA = 1
PRODUCER_KINDS = ("enterprise", "cooperative", "coop_group", "household")
OCOP_GROUPS = ("food", "beverage", "herbal", "handicraft", "ornamental", "tourism")
STATUSES = ("certified", "revoked")


class FeedFormatError(ValueError):
    pass


@dataclass(frozen=True)
class FeedProducer:
    code: str
    name: str
    kind: str
    version: int
    commune: str = ""
    province: str = ""
    tax_code: str = ""


@dataclass(frozen=True)
class FeedProduct:
    ref: str
    sku: str
    name: str
    version: int
    producer_code: str | None = None
    barcodes: tuple[str, ...] = ()
    unit: str = ""
    group: str | None = None
    stars: int | None = None
    certificate_no: str | None = None
    certificate_signed: date | None = None
    certificate_expires: date | None = None
    reference_price: int | None = None
    status: str = "certified"


@dataclass(frozen=True)
class CatalogueChanges:
    version: int
    since: int
    producers: tuple[FeedProducer, ...] = ()
    products: tuple[FeedProduct, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "version": self.version,
            "since": self.since,
            "producers": [asdict(p) for p in self.producers],
            "products": [_product_dict(p) for p in self.products],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _product_dict(p: FeedProduct) -> dict[str, Any]:
    data = asdict(p)
    data["barcodes"] = list(p.barcodes)
    for key in ("certificate_signed", "certificate_expires"):
        data[key] = data[key].isoformat() if data[key] else None
    return data


def _str(obj: dict[str, Any], key: str, *, required: bool = False, limit: int = 300) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            raise FeedFormatError(f"{key} is required")
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise FeedFormatError(f"{key} must be a string of at most {limit} characters")
    return value


def _int(obj: dict[str, Any], key: str, *, required: bool = False) -> int | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise FeedFormatError(f"{key} is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise FeedFormatError(f"{key} must be a whole number")
    return value


def _day(obj: dict[str, Any], key: str) -> date | None:
    value = _str(obj, key)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FeedFormatError(f"{key} must be YYYY-MM-DD") from None


def producer_from_dict(obj: Any) -> FeedProducer:
    if not isinstance(obj, dict):
        raise FeedFormatError("a producer must be an object")
    kind = _str(obj, "kind", required=True)
    if kind not in PRODUCER_KINDS:
        raise FeedFormatError(f"producer kind {kind!r} is not one of {', '.join(PRODUCER_KINDS)}")
    return FeedProducer(
        code=_str(obj, "code", required=True, limit=30) or "",
        name=_str(obj, "name", required=True) or "",
        kind=kind,
        version=_int(obj, "version", required=True) or 0,
        commune=_str(obj, "commune") or "",
        province=_str(obj, "province") or "",
        tax_code=_str(obj, "tax_code", limit=20) or "",
    )


def product_from_dict(obj: Any) -> FeedProduct:
    if not isinstance(obj, dict):
        raise FeedFormatError("a product must be an object")
    stars = _int(obj, "stars")
    if stars is not None and not 3 <= stars <= 5:
        raise FeedFormatError("stars must be 3, 4 or 5")
    group = _str(obj, "group")
    if group is not None and group not in OCOP_GROUPS:
        raise FeedFormatError(f"group {group!r} is not one of {', '.join(OCOP_GROUPS)}")
    status = _str(obj, "status") or "certified"
    if status not in STATUSES:
        raise FeedFormatError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    barcodes = obj.get("barcodes") or []
    if not isinstance(barcodes, list) or not all(isinstance(b, str) and len(b) <= 48 for b in barcodes):
        raise FeedFormatError("barcodes must be a list of strings")
    price = _int(obj, "reference_price")
    if price is not None and price <= 0:
        raise FeedFormatError("reference_price must be more than 0")
    return FeedProduct(
        ref=_str(obj, "ref", required=True, limit=60) or "",
        sku=_str(obj, "sku", required=True, limit=40) or "",
        name=_str(obj, "name", required=True, limit=200) or "",
        version=_int(obj, "version", required=True) or 0,
        producer_code=_str(obj, "producer_code", limit=30),
        barcodes=tuple(barcodes),
        unit=_str(obj, "unit", limit=20) or "",
        group=group,
        stars=stars,
        certificate_no=_str(obj, "certificate_no", limit=60),
        certificate_signed=_day(obj, "certificate_signed"),
        certificate_expires=_day(obj, "certificate_expires"),
        reference_price=price,
        status=status,
    )


def changes_from_dict(data: Any) -> CatalogueChanges:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise FeedFormatError(f"not a catalogue document of schema {SCHEMA}")
    version, since = _int(data, "version", required=True), _int(data, "since", required=True)
    producers, products = data.get("producers", []), data.get("products", [])
    if not isinstance(producers, list) or not isinstance(products, list):
        raise FeedFormatError("producers and products must be lists")
    return CatalogueChanges(
        version=version or 0,
        since=since or 0,
        producers=tuple(producer_from_dict(p) for p in producers),
        products=tuple(product_from_dict(p) for p in products),
    )
