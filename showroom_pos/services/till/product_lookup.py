"""Finding products at the till: a scanned or typed code, or a few letters of a name, to a cart line.

Speed: a scan is one lookup on SQLite's unique indexes, and a keystroke of search walks one string of folded names
in memory (``ProductIndex``), then reads only the products shown; both are flat in catalogue size.
"""

from __future__ import annotations

import logging
import sqlite3
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from showroom_pos.core.barcode import EmbeddedLayout, classify, normalize_gtin, parse_embedded
from showroom_pos.core.cart import CartLine
from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import N_, UserError, ValidationError
from showroom_pos.core.money import div_half_up
from showroom_pos.core.text import fold

from .. import settings
from ..catalogue import vat_rates as catalogue_vat_rates

log = logging.getLogger(__name__)


class UnknownCode(UserError):
    message = "Unknown code {code}: nothing added."


class InvalidCode(UserError):
    message = "Invalid code {code} ({reason}): nothing added."


class NotForSale(UserError):
    message = "{name} is not for sale (inactive product)."


@dataclass(frozen=True, slots=True)
class IndexedProduct:
    """What the till needs of a product to put it in a cart."""

    id: int
    sku: str
    name: str
    unit: str
    price: int
    vat_category: str
    by_weight: bool
    stars: int | None
    active: bool


# Search: active products in Vietnamese order (``product.name_sort``, as every list), read in that order from the
# covering index of migrations 0009 and 0015 (``ix_product_search``: sorting 50,000 names took a third of the time
# from Enter to a ready checkout). The index is named: where ANALYZE has run (the big benchmark file, a file copied
# from elsewhere), SQLite 3.40 took the non-covering ``ix_product_name_folded`` and read every product's row (100 ms
# instead of 35 ms at 50,000 products). The few without a folded name (none, as the services write them) are folded
# from their names.
_SEARCH_SQL = ("SELECT id, name_folded, sku FROM product INDEXED BY ix_product_search WHERE active "
               "ORDER BY name_sort, id")
_UNFOLDED_SQL = "SELECT id, name FROM product WHERE active AND name_folded = ''"
_PRODUCT_SQL = "SELECT id, sku, name, unit, price, vat_category, sold_by_weight, stars, active FROM product"
# A typed SKU matches in any case (``ix_product_sku_nocase``); the exact spelling wins a tie.
_BY_SKU_SQL = _PRODUCT_SQL + " WHERE sku = ? COLLATE NOCASE ORDER BY sku = ? DESC LIMIT 1"


def _indexed(row: tuple[Any, ...]) -> IndexedProduct:
    pid, sku, name, unit, price, vat, by_weight, stars, active = row
    return IndexedProduct(pid, sku, name, unit, price, vat, bool(by_weight), stars or None, bool(active))


class ProductIndex:
    """The catalogue as the till finds it: codes in SQLite, names in memory (compact, not objects).

    A code (barcode, scale item code, SKU) is one lookup on SQLite's unique indexes: well under a
    millisecond, flat in catalogue size, and always the product as it is now. Names are folded (``fold``:
    no case, no diacritics, đ → d) and joined with their SKUs, in Vietnamese name order, into one byte string
    searched with ``bytes.find`` (C speed); a match's position maps back to its product by bisection, and
    only the products shown are read from the database. At 50,000 products the string is ~2 MB, where a
    dict of every code and a row of every product took ~25 MB and 0.3 s to build.
    """

    def __init__(self, engine: Engine, entries: Iterable[tuple[int, str | None, str, str]], count: int) -> None:
        """``entries``: (id, name_folded, name, sku) of the active products in Vietnamese name order."""
        self._engine = engine
        self._count = count
        self._entry_ids = array("q")
        self._starts = array("q")
        parts: list[bytes] = []
        position = 0
        for pid, folded, name, sku in entries:
            entry = f"{folded or fold(name)} {sku.lower() if sku.isascii() else fold(sku)}\n".encode()
            self._entry_ids.append(pid)
            self._starts.append(position)
            position += len(entry)
            parts.append(entry)
        self._text = b"".join(parts) or b"\n"

    @classmethod
    def load(cls, session: Session) -> ProductIndex:
        """One plain query on the driver's cursor, streamed: no ORM objects, no rows kept."""
        raw = session.connection().connection.driver_connection
        assert raw is not None
        count = raw.execute("SELECT count(*) FROM product").fetchone()[0]
        bind = session.get_bind()
        engine = bind if isinstance(bind, Engine) else bind.engine
        unfolded: dict[int, str] = dict(raw.execute(_UNFOLDED_SQL).fetchall())
        try:
            rows = raw.execute(_SEARCH_SQL)
        except sqlite3.OperationalError:  # no ix_product_search (dropped by hand): the same rows, sorted
            rows = raw.execute(_SEARCH_SQL.replace(" INDEXED BY ix_product_search", ""))
        return cls(engine, ((pid, folded, unfolded.get(pid, ""), sku) for pid, folded, sku in rows), count)

    @contextmanager
    def _database(self) -> Iterator[sqlite3.Connection]:
        """A pooled connection for a few reads; with no transaction open, each SELECT sees the latest commit."""
        pooled = self._engine.raw_connection()
        try:
            yield pooled.driver_connection  # type: ignore[misc]
        finally:
            pooled.close()

    def __len__(self) -> int:
        return self._count

    def __contains__(self, product_id: object) -> bool:
        return isinstance(product_id, int) and self.product(product_id) is not None

    def product(self, product_id: int) -> IndexedProduct | None:
        with self._database() as db:
            row = db.execute(_PRODUCT_SQL + " WHERE id = ?", (product_id,)).fetchone()
        return _indexed(row) if row is not None else None

    def by_code(self, code: str) -> IndexedProduct | None:
        """A barcode (as typed, in 13 digits for a UPC-A, or upper-cased), else a SKU in any case."""
        keys = list(dict.fromkeys((normalize_gtin(code), code, code.upper())))
        with self._database() as db:
            found = dict(db.execute(
                f"SELECT code, product_id FROM product_barcode WHERE code IN ({','.join('?' * len(keys))})", keys
            ).fetchall())
            if found:
                pid = next(found[k] for k in keys if k in found)
                row = db.execute(_PRODUCT_SQL + " WHERE id = ?", (pid,)).fetchone()
            else:
                row = db.execute(_BY_SKU_SQL, (code, code)).fetchone()
        return _indexed(row) if row is not None else None

    def _products(self, ids: list[int]) -> list[IndexedProduct]:
        """The active ones of ``ids``, in that order (one read)."""
        if not ids:
            return []
        with self._database() as db:
            rows = db.execute(f"{_PRODUCT_SQL} WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
        products = {row[0]: _indexed(row) for row in rows}
        return [p for p in (products.get(pid) for pid in ids) if p is not None and p.active]

    def _rarity(self, word: bytes) -> tuple[bool, int]:
        """How often ``word`` occurs, estimated on eight slices of the names (an eighth of the text);
        one-letter words last, as they are never the rarest."""
        text = self._text
        step = len(text) // 8 + 1
        return len(word) < 2, sum(text.count(word, a, a + step // 8 + len(word)) for a in range(0, len(text), step))

    def search(self, query: str, limit: int = 50) -> list[IndexedProduct]:
        """Active products whose folded name or SKU contains every word of ``query``, in Vietnamese name order (the
        first ``limit`` in that order); a product whose code or SKU is exactly ``query`` comes first."""
        exact = self.by_code(query.strip()) if query.strip() else None
        found = [exact] if exact is not None and exact.active else []
        words = fold(query).split()
        if not words:
            return found
        encoded = [w.encode() for w in words]
        text, starts, ids = self._text, self._starts, self._entry_ids
        # Walk the matches of the rarest word (counting is C speed) and check the others on each.
        key = encoded[0] if len(encoded) == 1 else min(encoded, key=self._rarity)
        others = [w for w in encoded if w is not key]
        find, rfind, newline = text.find, text.rfind, b"\n"
        matches: list[int] = []
        pos = find(key)
        while pos >= 0 and len(found) + len(matches) < limit:
            start = rfind(newline, 0, pos) + 1  # this entry's line, found in C rather than by bisection
            end = find(newline, pos)
            for w in others:
                if find(w, start, end) < 0:
                    break
            else:
                pid = ids[bisect_right(starts, start) - 1]
                if exact is None or pid != exact.id:
                    matches.append(pid)
            pos = find(key, end + 1)
        return found + self._products(matches)


@dataclass(frozen=True)
class ScanContext:
    """What turning a scanned code into a cart line needs besides the index."""

    vat_rates: dict[str, int]
    layout: EmbeddedLayout = field(default_factory=EmbeddedLayout)


def load_scan_context(session: Session, day: date | None = None) -> ScanContext:
    layout_text = settings.get(session, "barcode.embedded_layout")
    try:
        layout = EmbeddedLayout.from_setting(layout_text)
    except ValueError:
        log.warning("bad barcode.embedded_layout %r; using the default", layout_text)
        layout = EmbeddedLayout()
    return ScanContext(catalogue_vat_rates.vat_table(session, day), layout)


def cart_line(
    product: IndexedProduct,
    qty: int,
    ctx: ScanContext,
    barcode: str | None = None,
    unit_price: int | None = None,
) -> CartLine:
    if not product.active:
        raise NotForSale(name=product.name)
    price = product.price if unit_price is None else unit_price
    if product.vat_category not in ctx.vat_rates:  # never sell at a silently assumed 0% VAT
        raise ValidationError(
            "No VAT rate {category} is in force on {day}.", category=product.vat_category, day=business_day()
        )
    return CartLine(
        product_id=product.id,
        sku=product.sku,
        name=product.name,
        unit=product.unit,
        qty=qty,
        unit_price=price,
        list_price=price,
        vat_rate_bp=ctx.vat_rates[product.vat_category],
        barcode=barcode,
        by_weight=product.by_weight,
        stars=product.stars,
    )


def _grams_for_price(price_per_kg: int, label_price: int) -> int:
    """Grams whose price (rounded half up, as ``CartLine.gross``) equals the label, or the nearest."""
    estimate = max(1, round(label_price * 1000 / price_per_kg))
    for grams in (estimate, estimate - 1, estimate + 1, estimate - 2, estimate + 2):
        if grams > 0 and div_half_up(price_per_kg * grams, 1000) == label_price:
            return grams
    return estimate


def line_for_scan(index: ProductIndex, code: str, ctx: ScanContext, qty: int = 1) -> CartLine:
    """The cart line a scanned or typed code stands for; ``UnknownCode``/``InvalidCode`` otherwise.

    Price/weight codes (in-store EAN-13, prefix 2x, layout from ``barcode.embedded_layout``) carry the
    weight in grams or the label's price; an in-store code registered as such wins over the layout.
    """
    code = code.strip()
    if not code:
        raise InvalidCode(code=code, reason=N_("empty"))
    classify(code)  # a BarcodeError (a UserError naming the code) for a wrong check digit or length
    product = index.by_code(code)
    if product is not None:
        return cart_line(product, qty, ctx, barcode=code)
    embedded = parse_embedded(code, ctx.layout)
    if embedded is not None:
        product = index.by_code(embedded.item_code)
        if product is not None:
            if embedded.grams is not None:
                if embedded.grams <= 0:
                    raise InvalidCode(code=code, reason=N_("zero weight"))
                if product.by_weight:
                    return cart_line(product, embedded.grams, ctx, barcode=code)
                raise InvalidCode(code=code, reason=N_("a weight code for goods not sold by weight"))
            assert embedded.price is not None
            if embedded.price <= 0:
                raise InvalidCode(code=code, reason=N_("zero price"))
            if product.by_weight:
                return cart_line(product, _grams_for_price(product.price, embedded.price), ctx, barcode=code)
            # A piece priced on its label: the label's price is this item's list price.
            return cart_line(product, qty, ctx, barcode=code, unit_price=embedded.price)
    raise UnknownCode(code=code)
