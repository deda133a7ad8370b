"""The daily summary: what an outlet tells the province about one business day.

Shared by the outlet (which computes and freezes it) and the province server (which validates and
stores it); pure data and JSON, no I/O. The JSON is an object with ``schema`` = 1. Decoding ignores
fields it does not know, and every field added later is optional with a default, so an old server
accepts a newer outlet's summary and a new server accepts an old outlet's one.

Money is whole đồng (int); quantities are ints in the product's base unit (grams for goods sold by
weight). Returns count against the business day of the sale they return, so a late return makes a new
revision of a past day.

Arithmetic the decoder enforces (a summary that breaks it is refused, never half-stored):
per product ``net = gross - discounts - returns``; the day's ``gross``, ``discounts``, ``returns``,
``net``, ``vat``, ``qty_sold`` and ``qty_returned`` are the sums over its products.

Since protocol 1.1 an outlet also sends ``cash_rounding`` (what cash paid beyond the exact totals it settled:
``sum(payments) = gross - discounts + cash_rounding``) and marks goods sold by weight (``by_weight``, their
quantities in grams). Both are optional: a summary without them (an older outlet) reads as ``None`` and
``False``, and is accepted as before.

An outlet may add ``stock``: its on-hand stock per product at the moment the summary was frozen
(optional; an outlet that leaves it out is accepted as before). It describes the outlet now, not the
business day, so the province keeps the newest snapshot per outlet whatever day it came with. The
stock is advisory and the figures are the contract: a ``stock`` this version cannot read (another
shape, a bad value) is dropped whole (``stock_problems`` says why) and never blocks the day's figures.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

SCHEMA = 1
KIND = "daily_summary"
PAYMENT_METHODS = ("cash", "card", "transfer", "ewallet")
MAX_PRODUCTS = 20_000
MAX_STOCK_ITEMS = 20_000
MAX_TEXT = 300
OUTLET_CODE_RE = re.compile(r"^[A-Z0-9]{2,20}$")
# Largest amount we accept for one figure: 10^15 đồng, well inside a signed 64-bit column.
MAX_AMOUNT = 10**15


class SummaryFormatError(ValueError):
    """A summary that cannot be accepted; ``problems`` lists each one as ``path: reason``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems[:20]) + (f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""))


@dataclass(frozen=True)
class ProductFigures:
    """One product's figures for the day, identified by its SKU (and barcode) at the outlet."""

    sku: str
    name: str
    qty_sold: int
    qty_returned: int
    gross: int
    discounts: int
    returns: int
    net: int
    vat: int
    barcode: str | None = None
    unit: str = ""
    producer: str | None = None
    producer_code: str | None = None
    stars: int | None = None
    group: str | None = None
    province_ref: str | None = None
    by_weight: bool = False  # quantities in grams (protocol 1.1; older outlets leave it out)


@dataclass(frozen=True)
class StockLevel:
    """One product's on-hand stock at the outlet (base unit: grams for goods sold by weight) and its
    current shelf price (per unit, per kg for goods sold by weight)."""

    sku: str
    on_hand: int
    barcode: str | None = None
    province_ref: str | None = None
    price: int | None = None
    by_weight: bool = False


@dataclass(frozen=True)
class StockSnapshot:
    """The outlet's stock when the summary was frozen (``at``), for the products it sells as OCOP."""

    at: datetime
    items: tuple[StockLevel, ...] = ()


@dataclass(frozen=True)
class DailySummary:
    outlet_code: str
    business_day: date
    revision: int
    idempotency_key: str
    generated_at: datetime
    receipts: int
    voided: int
    gross: int
    discounts: int
    returns: int
    net: int
    vat: int
    qty_sold: int
    qty_returned: int
    payments: dict[str, int] = field(default_factory=dict)
    refunds: dict[str, int] = field(default_factory=dict)
    cash_over_short: int = 0
    shifts_closed: int = 0
    products: tuple[ProductFigures, ...] = ()
    app_version: str = ""
    stock: StockSnapshot | None = None
    # Cash paid − the exact amounts it settled, over the day's receipts (protocol 1.1); None: not sent (an
    # older outlet), so not known.
    cash_rounding: int | None = None

    @property
    def sales_total(self) -> int:
        """What customers paid on the day's receipts, before returns."""
        return self.gross - self.discounts

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["schema"] = SCHEMA
        data["kind"] = KIND
        data["business_day"] = self.business_day.isoformat()
        data["generated_at"] = self.generated_at.isoformat()
        data["products"] = [_compact(asdict(p)) for p in self.products]
        del data["stock"]  # left out entirely when not sent: a summary without stock is byte-identical to before
        if self.cash_rounding is None:
            del data["cash_rounding"]
        if self.stock is not None:
            data["stock"] = {
                "at": self.stock.at.isoformat(),
                "items": [{k: v for k, v in _compact(asdict(i)).items() if v is not False} for i in self.stock.items],
            }
        return data

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, no spaces, UTF-8 text kept as is."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Optional product fields left out when empty: a 200-product day stays small."""
    return {k: v for k, v in data.items() if v is not None and v != "" and not (k == "by_weight" and v is False)}


def build(
    *,
    outlet_code: str,
    business_day: date,
    revision: int,
    idempotency_key: str,
    generated_at: datetime,
    receipts: int,
    voided: int,
    products: list[ProductFigures],
    payments: dict[str, int],
    refunds: dict[str, int],
    cash_over_short: int,
    shifts_closed: int,
    app_version: str = "",
    cash_rounding: int | None = None,
) -> DailySummary:
    """A summary whose day totals are the sums of its products (so the arithmetic always holds)."""
    ordered = tuple(sorted(products, key=lambda p: p.sku))
    return DailySummary(
        outlet_code=outlet_code,
        business_day=business_day,
        revision=revision,
        idempotency_key=idempotency_key,
        generated_at=generated_at,
        receipts=receipts,
        voided=voided,
        gross=sum(p.gross for p in ordered),
        discounts=sum(p.discounts for p in ordered),
        returns=sum(p.returns for p in ordered),
        net=sum(p.net for p in ordered),
        vat=sum(p.vat for p in ordered),
        qty_sold=sum(p.qty_sold for p in ordered),
        qty_returned=sum(p.qty_returned for p in ordered),
        payments={k: v for k, v in sorted(payments.items()) if v},
        refunds={k: v for k, v in sorted(refunds.items()) if v},
        cash_over_short=cash_over_short,
        shifts_closed=shifts_closed,
        products=ordered,
        app_version=app_version,
        cash_rounding=cash_rounding,
    )


# --- decoding ---------------------------------------------------------------------------------------


class _Reader:
    """Collects every problem instead of stopping at the first, so a 422 lists them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, reason: str) -> None:
        self.problems.append(f"{path}: {reason}")

    def text(
        self, obj: dict[str, Any], key: str, path: str, *, required: bool = True, pattern: re.Pattern[str] | None = None
    ) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.fail(f"{path}{key}", "is required")
            return None
        if not isinstance(value, str):
            self.fail(f"{path}{key}", "must be a string")
            return None
        if required and not value.strip():
            self.fail(f"{path}{key}", "must not be empty")
            return None
        if len(value) > MAX_TEXT:
            self.fail(f"{path}{key}", f"must be at most {MAX_TEXT} characters")
            return None
        if pattern is not None and not pattern.match(value):
            self.fail(f"{path}{key}", f"must match {pattern.pattern}")
            return None
        return value

    def integer(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        *,
        minimum: int | None = 0,
        required: bool = True,
        default: int = 0,
    ) -> int:
        value = obj.get(key)
        if value is None:
            if required:
                self.fail(f"{path}{key}", "is required")
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"{path}{key}", "must be a whole number")
            return default
        if abs(value) > MAX_AMOUNT:
            self.fail(f"{path}{key}", "is out of range")
            return default
        if minimum is not None and value < minimum:
            self.fail(f"{path}{key}", f"must be at least {minimum}")
            return default
        return value

    def optional_int(self, obj: dict[str, Any], key: str, path: str, low: int, high: int) -> int | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(f"{path}{key}", f"must be a whole number from {low} to {high}")
            return None
        return value

    def amounts(self, obj: dict[str, Any], key: str) -> dict[str, int]:
        value = obj.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, "must be an object of payment method to amount")
            return {}
        out: dict[str, int] = {}
        for method in value:
            if method not in PAYMENT_METHODS:
                self.fail(f"{key}.{method}", "is not a payment method (" + ", ".join(PAYMENT_METHODS) + ")")
                continue
            out[method] = self.integer(value, method, f"{key}.")
        return out


def from_dict(data: Any) -> DailySummary:
    """Validate and decode; raises ``SummaryFormatError`` listing every problem found."""
    r = _Reader()
    if not isinstance(data, dict):
        raise SummaryFormatError(["body: must be a JSON object"])
    schema = data.get("schema")
    if schema != SCHEMA:
        r.fail("schema", f"must be {SCHEMA}")
    if data.get("kind", KIND) != KIND:
        r.fail("kind", f"must be {KIND}")
    outlet_code = r.text(data, "outlet_code", "", pattern=OUTLET_CODE_RE)
    day = _date(r, data, "business_day")
    generated = _datetime(r, data, "generated_at")
    key = r.text(data, "idempotency_key", "")
    if key is not None:
        try:
            key = str(uuid.UUID(key))
        except ValueError:
            r.fail("idempotency_key", "must be a UUID")
    revision = r.integer(data, "revision", "", minimum=1)
    products_raw = data.get("products", [])
    products: list[ProductFigures] = []
    if not isinstance(products_raw, list):
        r.fail("products", "must be a list")
    elif len(products_raw) > MAX_PRODUCTS:
        r.fail("products", f"must hold at most {MAX_PRODUCTS} items")
    else:
        seen: set[str] = set()
        for i, item in enumerate(products_raw):
            product = _product(r, item, f"products[{i}].")
            if product is None:
                continue
            if product.sku in seen:
                r.fail(f"products[{i}].sku", f"{product.sku!r} appears twice")
            seen.add(product.sku)
            products.append(product)
    summary_fields = {
        name: r.integer(
            data,
            name,
            "",
            minimum=None if name in ("cash_over_short",) else 0,
            required=name not in ("cash_over_short", "shifts_closed", "voided"),
        )
        for name in (
            "receipts",
            "voided",
            "gross",
            "discounts",
            "returns",
            "net",
            "vat",
            "qty_sold",
            "qty_returned",
            "cash_over_short",
            "shifts_closed",
        )
    }
    payments = r.amounts(data, "payments")
    refunds = r.amounts(data, "refunds")
    app_version = data.get("app_version", "")
    if not isinstance(app_version, str) or len(app_version) > 40:
        r.fail("app_version", "must be a short string")
        app_version = ""
    stock = _stock(_Reader(), data.get("stock"))
    cash_rounding = (
        None if data.get("cash_rounding") is None else r.integer(data, "cash_rounding", "", minimum=None)
    )
    if not r.problems:
        for name in ("gross", "discounts", "returns", "net", "vat", "qty_sold", "qty_returned"):
            total = sum(getattr(p, name) for p in products)
            if summary_fields[name] != total:
                r.fail(name, f"is {summary_fields[name]} but its products add up to {total}")
    if r.problems:
        raise SummaryFormatError(r.problems)
    assert outlet_code is not None and day is not None and generated is not None and key is not None
    return DailySummary(
        outlet_code=outlet_code,
        business_day=day,
        revision=revision,
        idempotency_key=key,
        generated_at=generated,
        payments=payments,
        refunds=refunds,
        products=tuple(products),
        app_version=app_version,
        stock=stock,
        cash_rounding=cash_rounding,
        **summary_fields,
    )


def from_json(text: str | bytes) -> DailySummary:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SummaryFormatError([f"body: not valid JSON ({exc})"]) from None
    return from_dict(data)


def _product(r: _Reader, item: Any, path: str) -> ProductFigures | None:
    if not isinstance(item, dict):
        r.fail(path.rstrip("."), "must be an object")
        return None
    before = len(r.problems)
    sku = r.text(item, "sku", path)
    name = r.text(item, "name", path)
    figures = {
        k: r.integer(item, k, path) for k in ("qty_sold", "qty_returned", "gross", "discounts", "returns", "net", "vat")
    }
    optional = {
        k: r.text(item, k, path, required=False)
        for k in ("barcode", "producer", "producer_code", "group", "province_ref")
    }
    unit = r.text(item, "unit", path, required=False) or ""
    stars = r.optional_int(item, "stars", path, 1, 5)
    by_weight = item.get("by_weight", False)
    if not isinstance(by_weight, bool):
        r.fail(f"{path}by_weight", "must be true or false")
    if len(r.problems) > before:
        return None
    if figures["net"] != figures["gross"] - figures["discounts"] - figures["returns"]:
        r.fail(f"{path}net", "must equal gross - discounts - returns")
        return None
    assert sku is not None and name is not None
    return ProductFigures(
        sku=sku, name=name, unit=unit, stars=stars, qty_sold=figures["qty_sold"], qty_returned=figures["qty_returned"],
        gross=figures["gross"], discounts=figures["discounts"], returns=figures["returns"], net=figures["net"],
        vat=figures["vat"], barcode=optional["barcode"], producer=optional["producer"],
        producer_code=optional["producer_code"], group=optional["group"], province_ref=optional["province_ref"],
        by_weight=by_weight is True,
    )


def stock_problems(data: Any) -> list[str]:
    """Why a summary's ``stock`` is dropped (empty when it is absent or fine)."""
    r = _Reader()
    if isinstance(data, dict):
        _stock(r, data.get("stock"))
    return r.problems


def _stock(r: _Reader, raw: Any) -> StockSnapshot | None:
    """The optional ``stock`` object: ``{"at": time, "items": [{"sku", "on_hand", ...}]}``; None when
    absent or when anything in it is wrong (then ``r`` holds the problems)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        r.fail("stock", "must be an object with at and items")
        return None
    at = _datetime(r, raw, "at", "stock.")
    items_raw = raw.get("items", [])
    if not isinstance(items_raw, list):
        r.fail("stock.items", "must be a list")
        return None
    if len(items_raw) > MAX_STOCK_ITEMS:
        r.fail("stock.items", f"must hold at most {MAX_STOCK_ITEMS} items")
        return None
    items: list[StockLevel] = []
    seen: set[str] = set()
    for i, item in enumerate(items_raw):
        path = f"stock.items[{i}]."
        if not isinstance(item, dict):
            r.fail(path.rstrip("."), "must be an object")
            continue
        before = len(r.problems)
        sku = r.text(item, "sku", path)
        on_hand = r.integer(item, "on_hand", path, minimum=None)
        barcode = r.text(item, "barcode", path, required=False)
        ref = r.text(item, "province_ref", path, required=False)
        price = r.integer(item, "price", path, required=False, default=-1)
        by_weight = item.get("by_weight", False)
        if not isinstance(by_weight, bool):
            r.fail(f"{path}by_weight", "must be true or false")
        if len(r.problems) > before or sku is None:
            continue
        if sku in seen:
            r.fail(f"{path}sku", f"{sku!r} appears twice")
            continue
        seen.add(sku)
        items.append(StockLevel(sku, on_hand, barcode, ref, None if price < 0 else price, bool(by_weight)))
    if at is None or r.problems:
        return None
    return StockSnapshot(at=at, items=tuple(items))


def _date(r: _Reader, data: dict[str, Any], key: str) -> date | None:
    value = data.get(key)
    if not isinstance(value, str):
        r.fail(key, "must be a date as YYYY-MM-DD")
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        r.fail(key, "must be a date as YYYY-MM-DD")
        return None
    if not 2000 <= day.year <= 2200:
        r.fail(key, "is out of range")
        return None
    return day


def _datetime(r: _Reader, data: dict[str, Any], key: str, path: str = "") -> datetime | None:
    value = data.get(key)
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        r.fail(path + key, "must be an ISO 8601 time with its UTC offset")
        return None
    return moment


# --- the USB file -----------------------------------------------------------------------------------

EXPORT_FORMAT = "showroom-pos-outbox"


EXPORT_VERSION = 2  # 1: signed with the token's SHA-256, which the province stores (no longer accepted)
USB_KEY_LABEL = b"ocop-usb-export/v2"


def export_document(outlet_code: str, exported_at: datetime, payloads: list[str], signature: str | None) -> str:
    """The file carried on a USB stick: the frozen summaries exactly as they would have been sent.

    ``signature`` is an HMAC-SHA256 over the payloads (see ``signing_message``) keyed with ``usb_key``, a key
    derived from the outlet's token: the province keeps it only wrapped with a secret outside its database,
    so its database alone cannot sign (docs/PROTOCOL.md, *The USB file*).
    """
    doc = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "outlet_code": outlet_code,
        "exported_at": exported_at.isoformat(),
        "summaries": [json.loads(p) for p in payloads],
        "signature": signature,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True)


def usb_key(token: str) -> bytes:
    """The key that signs an outlet's USB files: HMAC-SHA256 of a fixed label keyed with its token, so neither
    the token nor its stored hash gives it, and it gives neither."""
    return hmac.new(token.strip().encode("utf-8"), USB_KEY_LABEL, hashlib.sha256).digest()


def sign_export(key: bytes, payloads: list[str]) -> str:
    return hmac.new(key, signing_message(payloads), hashlib.sha256).hexdigest()


def signing_message(payloads: list[str]) -> bytes:
    return "\n".join(payloads).encode("utf-8")


def canonical(data: dict[str, Any]) -> str:
    """The canonical text of a summary object (what the outlet froze and signed)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
