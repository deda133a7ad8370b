"""The till's use cases around ``sales.complete_sale``: finding products fast, the cart in progress
(kept in the database on every change), completing a checked-and-approved sale, returns, voids,
cash in/out, and the quick keys.

Speed: a scan is one lookup on SQLite's unique indexes, and a keystroke of search walks one string
of folded names in memory (``ProductIndex``), then reads only the products shown; both are flat in
catalogue size. The cart is saved by ``CartSaver`` on a background thread, latest state wins.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Engine, String, Table, bindparam, delete, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.barcode import EmbeddedLayout, classify, normalize_gtin, parse_embedded
from showroom_pos.core.cart import NO_DISCOUNT, Approval, CartLine, CartTotals, Discount, price_cart
from showroom_pos.core.clock import business_day, now_utc
from showroom_pos.core.errors import N_, ApprovalRequired, NotFound, UserError, ValidationError
from showroom_pos.core.money import div_half_up, round_cash, vat_included
from showroom_pos.core.retry import FailureBurst
from showroom_pos.core.text import fold
from showroom_pos.core.vietqr import VietQR
from showroom_pos.storage import fast_write
from showroom_pos.storage.models import (
    PAYMENT_METHODS,
    ParkedCart,
    Payment,
    Product,
    ReturnLine,
    Sale,
    SaleLine,
    SaleProductDay,
    SaleReturn,
    StockMovement,
    Terminal,
    User,
)
from showroom_pos.sync.outbox import mark_day_changed

from . import audit, einvoice, permissions, sales, settings, shifts
from .catalogue import vat_rates as catalogue_vat_rates
from .context import Actor
from .stock import movements

log = logging.getLogger(__name__)

# --- scanning and searching -------------------------------------------------------------------------


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


# Search: active products in name order, read in that order from the covering index of migration 0009
# (``ix_product_search``: sorting 50,000 names took a third of the time from Enter to a ready checkout). The
# few without a folded name (none, as the services write them) are folded from their names.
_SEARCH_SQL = "SELECT id, name_folded, sku FROM product WHERE active ORDER BY name_folded, id"
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
    no case, no diacritics, đ → d) and joined with their SKUs, in name order, into one byte string
    searched with ``bytes.find`` (C speed); a match's position maps back to its product by bisection, and
    only the products shown are read from the database. At 50,000 products the string is ~2 MB, where a
    dict of every code and a row of every product took ~25 MB and 0.3 s to build.
    """

    def __init__(self, engine: Engine, entries: Iterable[tuple[int, str | None, str, str]], count: int) -> None:
        """``entries``: (id, name_folded, name, sku) of the active products in name order."""
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
        return cls(engine, ((pid, folded, unfolded.get(pid, ""), sku)
                            for pid, folded, sku in raw.execute(_SEARCH_SQL)), count)

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
        """Active products whose folded name or SKU contains every word of ``query``, in name order;
        a product whose code or SKU is exactly ``query`` comes first."""
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


# --- the cart in progress ---------------------------------------------------------------------------


def discount_needs_approval(base: int, discount: Discount, limit_percent: int) -> bool:
    """Above ``limit_percent`` of ``base`` (a percentage, or an amount compared with the base)."""
    if not discount:
        return False
    if discount.percent_bp:
        return discount.percent_bp > limit_percent * 100
    return discount.amount * 100 > base * limit_percent


@dataclass(frozen=True)
class CartSummary:
    """What the screen shows after each change: the same figures as ``price_cart`` (rule for rule)."""

    subtotal: int
    discount_total: int
    total: int
    vat_by_rate: dict[int, int]


@dataclass(frozen=True)
class LineChange:
    """What a cart operation did, so a view can update one row instead of all: ``row`` was inserted
    (``inserted``), changed, or removed (``removed``)."""

    row: int
    inserted: bool = False
    removed: bool = False


class Cart:
    """The cart in progress: lines, cart discount, approvals. Priced by ``core.cart.price_cart``.

    A product scanned again increments its line (not for goods sold by weight: every weighed
    package is its own line, nor for a line whose price was changed).
    """

    def __init__(
        self,
        cart_id: str | None = None,
        lines: list[CartLine] | None = None,
        discount: Discount = NO_DISCOUNT,
        discount_approval: Approval | None = None,
        label: str = "",
        *,
        owner_id: int | None = None,
    ) -> None:
        from showroom_pos.storage.models import new_uuid

        self.id = cart_id or new_uuid()
        self.lines: list[CartLine] = list(lines or [])
        self.discount = discount
        self.discount_approval = discount_approval
        self.label = label
        self.owner_id = owner_id  # the cashier whose cart it is: approvals given now are bound to them
        self._totals: CartTotals | None = None
        self._mergeable: dict[int, int] = {}
        # Running sums, so a scan costs the same in a cart of 1 line or 100: (gross, line discount) per line.
        self._amounts: list[tuple[int, int]] = []
        self._gross = self._line_discounts = 0
        self._net_by_rate: dict[int, int] = {}
        self._reindex()

    def _reindex(self) -> None:
        self._mergeable = {}
        for i, ln in enumerate(self.lines):
            if self._can_merge(ln):
                self._mergeable.setdefault(ln.product_id, i)
        self._amounts = []
        self._gross = self._line_discounts = 0
        self._net_by_rate = {}
        for ln in self.lines:
            self._amounts.append((0, 0))
            self._count(len(self._amounts) - 1, ln)

    def _count(self, row: int, line: CartLine) -> None:
        """Replace row's contribution to the running sums by ``line``'s."""
        old_gross, old_discount = self._amounts[row]
        gross, discount = line.gross, line.discount_amount
        self._amounts[row] = (gross, discount)
        self._gross += gross - old_gross
        self._line_discounts += discount - old_discount
        rate = line.vat_rate_bp
        self._net_by_rate[rate] = self._net_by_rate.get(rate, 0) + (gross - discount) - (old_gross - old_discount)

    def summary(self) -> CartSummary:
        """Totals in time independent of the cart's length (without a cart discount, which spreads
        over every line and so is priced in full)."""
        if self.discount:
            t = self.totals()
            return CartSummary(t.subtotal, t.discount_total, t.total, dict(t.vat_by_rate))
        vat = {rate: vat_included(net, rate) for rate, net in sorted(self._net_by_rate.items())}
        return CartSummary(self._gross, self._line_discounts, self._gross - self._line_discounts, vat)

    def line_net(self, row: int) -> tuple[int, int]:
        """(net amount, discounts) of one line as ``price_cart`` would give them."""
        if self.discount:
            p = self.totals().lines[row]
            return p.net, p.line_discount + p.cart_discount
        gross, discount = self._amounts[row]
        return gross - discount, discount

    @staticmethod
    def _can_merge(line: CartLine) -> bool:
        return not line.by_weight and line.price_override_by is None and line.unit_price == line.list_price

    def _changed(self) -> None:
        self._totals = None

    def __len__(self) -> int:
        return len(self.lines)

    @property
    def empty(self) -> bool:
        return not self.lines

    def totals(self) -> CartTotals:
        if self._totals is None:
            self._totals = price_cart(self.lines, self.discount)
        return self._totals

    def add(self, line: CartLine) -> LineChange:
        row = self._mergeable.get(line.product_id) if self._can_merge(line) else None
        if row is not None and self.lines[row].unit_price == line.unit_price:
            self.lines[row] = self.lines[row].with_qty(self.lines[row].qty + line.qty)
            self._count(row, self.lines[row])
            self._changed()
            return LineChange(row)
        self.lines.append(line)
        self._amounts.append((0, 0))
        self._count(len(self.lines) - 1, line)
        if self._can_merge(line):
            self._mergeable.setdefault(line.product_id, len(self.lines) - 1)
        self._changed()
        return LineChange(len(self.lines) - 1, inserted=True)

    def set_qty(self, row: int, qty: int) -> LineChange:
        if qty <= 0:
            return self.remove(row)
        self.lines[row] = self.lines[row].with_qty(qty)
        self._count(row, self.lines[row])
        self._changed()
        return LineChange(row)

    def remove(self, row: int) -> LineChange:
        del self.lines[row]
        self._reindex()
        self._changed()
        return LineChange(row, removed=True)

    def _approval(self, approved_by: int | None, amount: int, **bound: int) -> Approval | None:
        return Approval(approved_by, self.owner_id, amount, **bound) if approved_by is not None else None

    def set_line_discount(self, row: int, discount: Discount, approved_by: int | None = None) -> LineChange:
        """``approved_by`` approves this discount for the line as it is now (its amount, in đồng)."""
        line = self.lines[row]
        approval = self._approval(approved_by, discount.of(line.gross)) if discount else None
        self.lines[row] = replace(line, discount=discount, discount_approval=approval)
        self._count(row, self.lines[row])
        self._changed()
        return LineChange(row)

    def set_price(self, row: int, price: int, approved_by: int | None) -> LineChange:
        """``approved_by`` approves this price for at most the line's present quantity."""
        line = self.lines[row]
        list_price = line.list_price if line.list_price is not None else line.unit_price
        if price < 0:
            raise ValidationError("A price cannot be negative.")
        changed = replace(line, unit_price=price)
        approval = None
        if price != list_price:
            approval = self._approval(approved_by, changed.price_giveaway, unit_price=price, qty=line.qty)
        self.lines[row] = replace(changed, price_approval=approval)
        self._reindex()
        self._changed()
        return LineChange(row)

    def lines_net(self) -> int:
        """What a cart discount applies to: the lines after their own discounts."""
        return self._gross - self._line_discounts

    def set_discount(self, discount: Discount, approved_by: int | None = None) -> None:
        """``approved_by`` approves this cart discount for its amount on the cart as it is now."""
        self.discount = discount
        self.discount_approval = self._approval(approved_by, discount.of(self.lines_net())) if discount else None
        self._changed()

    @property
    def discount_approved_by(self) -> int | None:
        return self.discount_approval.approver_id if self.discount_approval else None

    def approve(self, needed: NeededApproval, approved_by: int) -> None:
        """A manager approves, again, what ``approvals_needed`` found unapproved, as it is now."""
        if needed.row is None:
            self.set_discount(self.discount, approved_by)
        elif needed.action == "price_override":
            self.set_price(needed.row, self.lines[needed.row].unit_price, approved_by)
        else:
            self.set_line_discount(needed.row, self.lines[needed.row].discount, approved_by)

    def clear(self) -> None:
        self.lines.clear()
        self.discount = NO_DISCOUNT
        self.discount_approval = None
        self._reindex()
        self._changed()

    # Persistence: plain JSON, so a cart survives a crash and a new version of the app.
    def to_json(self) -> str:
        return self.serialize(tuple(self.lines), self.discount, self.discount_approval)

    @staticmethod
    def serialize(lines: tuple[CartLine, ...], discount: Discount, discount_approval: Approval | None) -> str:
        def line(ln: CartLine) -> dict[str, object]:
            return {
                "product_id": ln.product_id,
                "sku": ln.sku,
                "name": ln.name,
                "unit": ln.unit,
                "qty": ln.qty,
                "unit_price": ln.unit_price,
                "vat_rate_bp": ln.vat_rate_bp,
                "list_price": ln.list_price,
                "barcode": ln.barcode,
                "by_weight": ln.by_weight,
                "stars": ln.stars,
                "discount": [ln.discount.percent_bp, ln.discount.amount],
                "price_approval": _approval_json(ln.price_approval),
                "discount_approval": _approval_json(ln.discount_approval),
            }

        return json.dumps(
            {
                "v": 2,
                "lines": [line(ln) for ln in lines],
                "discount": [discount.percent_bp, discount.amount],
                "discount_approval": _approval_json(discount_approval),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, cart_id: str, data: str, label: str = "", *, owner_id: int | None = None) -> Cart:
        """A saved cart. Approvals saved by a version that did not bind them (v1) are dropped: a manager
        approves those again at payment."""
        raw = json.loads(data)
        lines = []
        for d in raw.get("lines", []):
            pct, amt = d.pop("discount", [0, 0])
            d.pop("price_override_by", None)
            d.pop("discount_approved_by", None)
            price_approval = _approval_from(d.pop("price_approval", None))
            discount_approval = _approval_from(d.pop("discount_approval", None))
            lines.append(CartLine(**d, discount=Discount(pct, amt), price_approval=price_approval,
                                  discount_approval=discount_approval))
        pct, amt = raw.get("discount", [0, 0])
        return cls(cart_id, lines, Discount(pct, amt), _approval_from(raw.get("discount_approval")), label,
                   owner_id=owner_id)


def _approval_json(approval: Approval | None) -> dict[str, int | None] | None:
    return None if approval is None else {
        "approver_id": approval.approver_id, "cashier_id": approval.cashier_id, "amount": approval.amount,
        "unit_price": approval.unit_price, "qty": approval.qty,
    }


def _approval_from(raw: dict[str, Any] | None) -> Approval | None:
    return None if not raw else Approval(**raw)


@dataclass(frozen=True)
class NeededApproval:
    """Something in the cart a manager has not approved as it is now: ``action`` (a permission), the
    line's ``row`` (None for the cart discount), and the đồng it gives away."""

    action: str
    row: int | None
    amount: int


@dataclass(frozen=True)
class UsedApproval:
    """An approval a sale relies on: the action, what (a line's SKU or "cart"), the đồng given away as
    sold, and the approval (with the amount the manager saw)."""

    action: str
    what: str
    amount: int
    approval: Approval


@dataclass(frozen=True)
class _Approvable:
    """A changed price or a discount above the limit in a cart, and whether its approval covers it."""

    action: str
    row: int | None
    what: str
    amount: int
    approval: Approval | None
    covered: bool


def _approvables(cart: Cart, limit_percent: int, cashier_id: int) -> Iterator[_Approvable]:
    """Every changed price and every discount above the limit, with its approval checked against the cart as it
    is (for this cashier, this amount, this price and quantity). The one rule behind ``approvals_needed`` and
    ``authorize_cart``."""
    for row, ln in enumerate(cart.lines):
        list_price = ln.list_price if ln.list_price is not None else ln.unit_price
        if ln.unit_price != list_price:
            approval = ln.price_approval
            yield _Approvable("price_override", row, ln.sku, ln.price_giveaway, approval,
                              approval is not None and approval.covers_price(cashier_id, ln.unit_price, ln.qty))
        if discount_needs_approval(ln.gross, ln.discount, limit_percent):
            amount, approval = ln.discount_amount, ln.discount_approval
            yield _Approvable("discount_over_limit", row, ln.sku, amount, approval,
                              approval is not None and approval.covers_discount(cashier_id, amount))
    base = cart.lines_net()
    if discount_needs_approval(base, cart.discount, limit_percent):
        amount, approval = cart.discount.of(base), cart.discount_approval
        yield _Approvable("discount_over_limit", None, "cart", amount, approval,
                          approval is not None and approval.covers_discount(cashier_id, amount))


def approvals_needed(cart: Cart, limit_percent: int, cashier_id: int) -> list[NeededApproval]:
    """Every changed price and every discount above the limit whose approval is missing, was given to
    another cashier, or no longer covers the line or cart as it is (more quantity, more lines, a bigger
    discount). Used by the checkout screen before paying; the sale service applies the same rule."""
    return [NeededApproval(a.action, a.row, a.amount)
            for a in _approvables(cart, limit_percent, cashier_id) if not a.covered]


@dataclass(frozen=True)
class ParkedInfo:
    id: str
    label: str
    lines: int
    total: int
    updated_at: datetime


def save_cart(
    session: Session,
    actor: Actor,
    cart_id: str,
    data: str,
    *,
    status: str = "active",
    label: str | None = None,
) -> None:
    """Insert or update the cart row; an emptied active cart is deleted (nothing to recover)."""
    row = session.get(ParkedCart, cart_id)
    if not json.loads(data).get("lines") and status == "active":
        if row is not None:
            session.delete(row)
        return
    now = now_utc()
    if row is None:
        session.add(
            ParkedCart(
                id=cart_id,
                terminal_id=actor.terminal_id,
                user_id=actor.user_id,
                status=status,
                label=label or "",
                data=data,
                created_at=now,
                updated_at=now,
            )
        )
    else:
        row.data, row.status, row.updated_at = data, status, now
        if label is not None:
            row.label = label


def active_cart(session: Session, terminal_id: int, user_id: int | None = None) -> Cart | None:
    """The cart ``user_id`` had in progress on this till (after a crash, a restart, a lock or a logout), if
    any; without ``user_id``, the latest of anyone's."""
    query = select(ParkedCart).where(ParkedCart.terminal_id == terminal_id, ParkedCart.status == "active")
    if user_id is not None:
        query = query.where(ParkedCart.user_id == user_id)
    row = session.scalars(query.order_by(ParkedCart.updated_at.desc())).first()
    return Cart.from_json(row.id, row.data, row.label, owner_id=row.user_id) if row is not None else None


def hand_over_carts(session: Session, actor: Actor) -> list[str]:
    """At a login: carts other users left in progress on this till are parked under their names, so the
    new user starts with their own cart and the others wait for F8. Returns those users' names."""
    rows = session.scalars(
        select(ParkedCart).where(ParkedCart.terminal_id == actor.terminal_id, ParkedCart.status == "active",
                                 or_(ParkedCart.user_id.is_(None), ParkedCart.user_id != actor.user_id))
    ).all()
    names: list[str] = []
    for row in rows:
        owner = session.get(User, row.user_id) if row.user_id is not None else None
        name = owner.name if owner is not None else ""
        row.status, row.label = "parked", row.label or name
        row.updated_at = now_utc()
        names.append(name)
        audit.record(session, "cart.handed_over", user_id=actor.user_id, terminal_id=actor.terminal_id,
                     entity="cart", entity_id=row.id, owner_id=row.user_id)
    return names


def park_cart(session: Session, actor: Actor, cart: Cart, label: str = "") -> None:
    if cart.empty:
        raise ValidationError("The cart is empty.")
    save_cart(session, actor, cart.id, cart.to_json(), status="parked", label=label.strip())
    audit.record(
        session,
        "cart.parked",
        user_id=actor.user_id,
        terminal_id=actor.terminal_id,
        entity="cart",
        entity_id=cart.id,
        lines=len(cart),
        total=cart.totals().total,
    )


def parked_carts(session: Session, terminal_id: int) -> list[ParkedInfo]:
    rows = session.scalars(
        select(ParkedCart)
        .where(ParkedCart.terminal_id == terminal_id, ParkedCart.status == "parked")
        .order_by(ParkedCart.updated_at)
    )
    out = []
    for row in rows:
        cart = Cart.from_json(row.id, row.data, row.label)
        out.append(ParkedInfo(row.id, row.label, len(cart), cart.totals().total, row.updated_at))
    return out


def recall_cart(session: Session, actor: Actor, cart_id: str) -> Cart:
    row = session.get(ParkedCart, cart_id)
    if row is None or row.status != "parked":
        raise NotFound("That parked cart is no longer there.")
    row.status = "active"
    row.updated_at = now_utc()
    row.user_id = actor.user_id  # now it is this user's cart in progress (approvals for another lapse)
    audit.record(
        session,
        "cart.recalled",
        user_id=actor.user_id,
        terminal_id=actor.terminal_id,
        entity="cart",
        entity_id=cart_id,
    )
    return Cart.from_json(row.id, row.data, row.label, owner_id=actor.user_id)


_PARKED = cast(Table, ParkedCart.__table__)
# Every sale runs it: built once, through the driver's cursor (``storage.fast_write``).
_DISCARD = fast_write.Statement(delete(_PARKED).where(_PARKED.c.id == bindparam("cart_id", type_=String)))


def discard_cart(session: Session, cart_id: str) -> None:
    _DISCARD.execute(session, [{"cart_id": cart_id}])


class CartSaver:
    """Saves the cart in progress on a background thread after every change; the latest state wins.

    A scan never waits for the disk: ``save`` only takes a snapshot (the lines are immutable) and
    the thread serialises and writes it a few milliseconds later, after the screen has been
    updated. ``flush`` waits until everything asked for is written (before completing, parking or
    recalling, so a late write cannot bring back a finished cart).

    When saving fails (a full or read-only disk), it is retried after a pause that doubles up to
    ``FailureBurst.cap`` (a flush asks for one attempt at once), and the failure is logged and reported
    once per burst, not once per attempt.
    """

    DELAY_S = 0.0

    def __init__(
        self,
        sessions: sessionmaker[Session],
        actor: Actor,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._sessions = sessions
        self.actor = actor
        self._on_error = on_error
        self._pending: dict[str, tuple[tuple[CartLine, ...], Discount, Approval | None]] = {}
        self._cond = threading.Condition()
        self._busy = False
        self._urgent = False
        self._closed = False
        self.saves = 0
        self.attempts = 0
        self.burst = FailureBurst()
        self._thread = threading.Thread(target=self._run, name="cart-saver", daemon=True)
        self._thread.start()

    def save(self, cart: Cart) -> None:
        snapshot = (tuple(cart.lines), cart.discount, cart.discount_approval)
        with self._cond:
            self._pending[cart.id] = snapshot
            self._cond.notify_all()

    def forget(self, cart_id: str) -> None:
        with self._cond:
            self._pending.pop(cart_id, None)

    def flush(self, timeout: float = 30.0) -> None:
        """Wait until everything asked for is written, or until an attempt fails (the disk refuses it: waiting
        longer would only hold up the screen; the retries go on)."""
        with self._cond:
            failed_before = self.burst.failures
            self._urgent = True
            self._cond.notify_all()
            self._cond.wait_for(
                lambda: (not self._pending and not self._busy) or self.burst.failures > failed_before, timeout)
            self._urgent = False

    def close(self) -> None:
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(5)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._closed)
                if self._closed and not self._pending:
                    return
                if self.burst.failures:  # after a failure, a pause (a flush does not cut it short: no spinning)
                    self._cond.wait_for(lambda: self._closed, self.burst.delay)
                elif self.DELAY_S:  # let a burst of changes coalesce
                    self._cond.wait_for(lambda: self._urgent or self._closed, self.DELAY_S)
                batch, self._pending = self._pending, {}
                self._busy = True
            try:
                self.attempts += 1
                with self._sessions.begin() as session:
                    for cart_id, (lines, discount, approval) in batch.items():
                        save_cart(session, self.actor, cart_id, Cart.serialize(lines, discount, approval))
                self.saves += 1
                ended = self.burst.succeeded()
                if ended:
                    log.info("saving the cart works again after %d failed attempts", ended)
            except Exception as exc:  # keep the till running; retried after a pause
                first = self.burst.failed()
                if first:
                    log.exception("saving the cart failed (retrying with pauses up to %.0f s)", self.burst.cap)
                with self._cond:
                    if self._closed:  # closing on a disk that refuses the write: nothing more to try
                        log.warning("the cart in progress could not be saved before closing")
                        batch = {}
                    for cart_id, snapshot in batch.items():
                        self._pending.setdefault(cart_id, snapshot)
                if self._on_error and first:
                    self._on_error(exc)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


# --- completing a sale ------------------------------------------------------------------------------


def discount_limit(session: Session) -> int:
    return int(settings.get(session, "checkout.discount_limit_percent"))


def authorize_cart(session: Session, actor: Actor, cart: Cart, limit_percent: int) -> list[UsedApproval]:
    """The services' own check that every price change and large discount was approved by a manager for
    this cashier and covers the cart as it is sold (a screen that forgot to ask, or a cart changed after
    the approval, cannot sell it): raises ``ApprovalRequired``/``PermissionDenied``. Returns the approvals
    the sale relies on, for the audit log."""
    if permissions.allowed(actor.role, "discount_over_limit") and permissions.allowed(actor.role, "price_override"):
        return []  # a manager selling approves their own discounts and prices
    items = list(_approvables(cart, limit_percent, actor.user_id))
    missing = next((item for item in items if not item.covered), None)
    if missing is not None:
        raise ApprovalRequired(action=permissions.describe(missing.action))
    used = [UsedApproval(item.action, item.what, item.amount, item.approval) for item in items
            if item.approval is not None]  # covered implies approved
    for use in used:
        permissions.require(session, actor, use.action, use.approval.approver_id)
    return used


def next_receipt_no(session: Session, terminal_id: int, at: datetime | None = None) -> str:
    """The number the next sale on this till will get (for the VietQR reference shown before it)."""
    day = business_day(at)
    prefix = sales.receipt_prefix(session, terminal_id)
    return sales.receipt_number(prefix, day, sales.next_receipt_seq(session, terminal_id, day))


def complete_checkout(
    session: Session,
    actor: Actor,
    cart: Cart,
    payments: list[sales.PaymentIn],
    *,
    limit_percent: int | None = None,
    at: datetime | None = None,
    cash_step: int | None = None,
    buyer: einvoice.Buyer | None = None,
) -> sales.SaleResult:
    """Check approvals, record the sale (``sales.complete_sale``) and drop the saved cart, all in the
    caller's transaction: after the commit the sale exists and the cart is gone, or neither changed."""
    permissions.require(session, actor, "sell")
    used = authorize_cart(session, actor, cart, discount_limit(session) if limit_percent is None else limit_percent)
    result = sales.complete_sale(
        session,
        actor,
        list(cart.lines),
        payments,
        cart.discount,
        discount_approved_by=cart.discount_approved_by,
        at=at,
        cash_step=cash_step,
        buyer=buyer,
    )
    for use in used:
        audit.record(session, "sale.approval", user_id=actor.user_id, terminal_id=actor.terminal_id,
                     approver_id=use.approval.approver_id, entity="sale", entity_id=result.sale_id,
                     receipt_no=result.receipt_no, action=use.action, what=use.what, amount=use.amount,
                     approved_amount=use.approval.amount)
    discard_cart(session, cart.id)
    return result


def vietqr_for(session: Session, terminal_id: int, amount: int, reference: str) -> VietQR:
    """The dynamic VietQR for one payment: the outlet's bank and account, the exact amount, the
    receipt number as reference and transfer message."""
    bank_bin = settings.get(session, "bank.bin")
    account = settings.get(session, "bank.account")
    if not bank_bin or not account:
        raise ValidationError("Set the bank BIN and account for VietQR in Settings first.")
    code = session.scalar(select(Terminal.code).where(Terminal.id == terminal_id))
    return VietQR(
        bank_bin=bank_bin,
        account=account,
        amount=amount,
        reference=reference,
        terminal=str(code or ""),
        purpose=reference,
    )


# --- voids ------------------------------------------------------------------------------------------


class CannotVoid(UserError):
    message = "Receipt {receipt_no} cannot be voided: {reason}."


def last_sale(session: Session, terminal_id: int) -> Sale | None:
    return session.scalars(
        select(Sale).where(Sale.terminal_id == terminal_id).order_by(Sale.created_at.desc(), Sale.receipt_no.desc())
    ).first()


def void_sale(session: Session, actor: Actor, sale_id: str, *, approved_by: int | None, reason: str = "") -> Sale:
    """Void the sale just completed on this till (manager's approval): goods back to stock with
    movements of kind ``void``, the sale marked voided (its receipt number stays, so numbering
    stays gapless), everything audited."""
    approver = permissions.require(session, actor, "void", approved_by)
    sale = session.get(Sale, sale_id)
    if sale is None:
        raise NotFound("No such sale.")
    latest = last_sale(session, actor.terminal_id)
    if latest is None or latest.id != sale.id:
        raise CannotVoid(receipt_no=sale.receipt_no, reason=N_("only the last sale of this till can be voided"))
    if sale.status != "completed":
        raise CannotVoid(receipt_no=sale.receipt_no, reason=N_("it is already voided"))
    shift = shifts.open_shift_for(session, actor.terminal_id)
    if shift is None or sale.shift_id != shift.id:
        raise CannotVoid(receipt_no=sale.receipt_no, reason=N_("its shift is closed; take a return instead"))
    if session.scalar(select(func.count()).select_from(SaleReturn).where(SaleReturn.sale_id == sale.id)):
        raise CannotVoid(receipt_no=sale.receipt_no, reason=N_("goods were already returned against it"))
    lines = session.execute(select(SaleLine.product_id, SaleLine.qty).where(SaleLine.sale_id == sale.id)).all()
    movements.post_movements(
        session,
        [(pid, qty) for pid, qty in lines],
        kind="void",
        day=sale.business_day,
        user_id=actor.user_id,
        ref_type="sale",
        ref_id=sale.id,
        reason=reason or "void",
    )
    sale.status = "voided"
    sale.voided_at = now_utc()
    sale.voided_by = actor.user_id
    sale.void_approved_by = approver if approver is not None else actor.user_id
    audit.record(
        session,
        "sale.voided",
        user_id=actor.user_id,
        approver_id=sale.void_approved_by,
        terminal_id=actor.terminal_id,
        entity="sale",
        entity_id=sale.id,
        receipt_no=sale.receipt_no,
        total=sale.total,
        reason=reason,
    )
    einvoice.cancel_for_void(session, sale, reason)  # the rules' notice for its invoice, in this transaction
    mark_day_changed(session, sale.business_day)
    return sale


# --- returns ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnableLine:
    sale_line_id: int
    line_no: int
    product_id: int
    name: str
    unit: str
    by_weight: bool
    qty: int
    returned: int
    amount: int
    vat_amount: int

    @property
    def returnable(self) -> int:
        return self.qty - self.returned


@dataclass(frozen=True)
class SaleForReturn:
    sale_id: str
    receipt_no: str
    business_day: date
    total: int
    status: str
    methods: tuple[str, ...]
    lines: tuple[ReturnableLine, ...]


def find_sale_for_return(session: Session, receipt: str) -> SaleForReturn:
    """A sale by its receipt number as printed or scanned (any case, surrounding spaces ignored)."""
    key = receipt.strip().upper()
    sale = session.scalars(select(Sale).where(Sale.receipt_no == key)).first() if key else None
    if sale is None and key:
        sale = session.get(Sale, receipt.strip().lower())
    if sale is None:
        raise NotFound("No sale with receipt number {receipt}.", receipt=receipt.strip())
    returned = dict(
        session.execute(
            select(ReturnLine.sale_line_id, func.sum(ReturnLine.qty))
            .join(SaleLine)
            .where(SaleLine.sale_id == sale.id)
            .group_by(ReturnLine.sale_line_id)
        ).all()
    )
    lines = tuple(
        ReturnableLine(
            ln.id,
            ln.line_no,
            ln.product_id,
            ln.name,
            ln.unit,
            ln.sold_by_weight,
            ln.qty,
            int(returned.get(ln.id, 0)),
            ln.amount,
            ln.vat_amount,
        )
        for ln in sale.lines
    )
    methods = tuple(dict.fromkeys(p.method for p in sale.payments))
    return SaleForReturn(sale.id, sale.receipt_no, sale.business_day, sale.total, sale.status, methods, lines)


def return_row_for_code(session: Session, sale: SaleForReturn, code: str) -> int | None:
    """The line of ``sale`` a scanned product code stands for (the first with something left to return),
    or None when the code is no product of this sale (it may be another receipt's number)."""
    from .catalogue.lookup import lookup_code

    try:
        product_id = lookup_code(session, code).product_id
    except UserError:
        return None
    rows = [i for i, ln in enumerate(sale.lines) if ln.product_id == product_id]
    return next((i for i in rows if sale.lines[i].returnable > 0), rows[0] if rows else None)


@dataclass(frozen=True)
class ReturnItem:
    """``qty`` of one sale line back; to stock (``restock``) or written off with a ``reason``."""

    sale_line_id: int
    qty: int
    restock: bool = True
    write_off_reason: str = ""


def share_of(amount: int, sold: int, before: int, now: int) -> int:
    """The part of a line's ``amount`` for ``now`` more units after ``before`` were returned.

    Cumulative rounding (half up): returning a line in several goes refunds exactly its amount.
    """
    if not sold:
        return 0
    return div_half_up(amount * (before + now), sold) - div_half_up(amount * before, sold)


@dataclass(frozen=True)
class _Planned:
    line: ReturnableLine
    qty: int
    restock: bool
    reason: str
    amount: int
    vat: int


@dataclass(frozen=True)
class ReturnResult:
    return_id: str
    return_no: str
    refund_total: int
    refund_method: str
    cash_rounding: int = 0  # cash handed back − the exact refund (see ``refund_in_cash``)

    @property
    def paid_out(self) -> int:
        return self.refund_total + self.cash_rounding


def refund_in_cash(refund: int, cash_step: int) -> tuple[int, int]:
    """(cash handed back, its rounding) for an exact ``refund`` paid back in cash: rounded half up to the till's
    cash step as a sale's cash is (``round_cash``), the difference kept as the return's own figure, never a change
    to its lines or VAT."""
    paid = round_cash(refund, cash_step)
    return paid, paid - refund


def _next_return_no(session: Session, terminal_id: int, day: date) -> str:
    code = session.scalar(select(Terminal.code).where(Terminal.id == terminal_id))
    prefix = f"{code}-R{day:%y%m%d}-"
    count = (
        session.scalar(
            select(func.count())
            .select_from(SaleReturn)
            .where(SaleReturn.terminal_id == terminal_id, SaleReturn.business_day == day)
        )
        or 0
    )
    return f"{prefix}{count + 1:04d}"


def create_return(
    session: Session,
    actor: Actor,
    sale_id: str,
    items: list[ReturnItem],
    *,
    refund_method: str,
    approved_by: int | None = None,
    reason: str = "",
    at: datetime | None = None,
    cash_step: int | None = None,
) -> ReturnResult:
    """Goods back against a sale: never more than was sold (less what came back before), refunded
    by one of the sale's own methods or in cash, restocked or written off. A refund is a manager's
    decision (``refund`` permission); cash refunds come out of this shift's drawer, rounded to the cash step
    (``cash_step``, default the ``checkout.cash_rounding`` setting) with the difference recorded on the return."""
    permissions.require(session, actor, "return")
    approver = permissions.require(session, actor, "refund", approved_by)
    shift = shifts.open_shift_for(session, actor.terminal_id)
    if shift is None:
        raise shifts.NoOpenShift()
    info = find_sale_for_return(session, sale_id)
    if info.status != "completed":
        raise ValidationError("Receipt {receipt_no} was voided: nothing to return.", receipt_no=info.receipt_no)
    if refund_method not in PAYMENT_METHODS:
        raise ValidationError("Unknown payment method {method}.", method=refund_method)
    if refund_method != "cash" and refund_method not in info.methods:
        raise ValidationError("Refund by the sale's own payment method or in cash.")
    items = [i for i in items if i.qty]
    if not items:
        raise ValidationError("Choose what comes back.")
    by_id = {ln.sale_line_id: ln for ln in info.lines}
    planned: list[_Planned] = []
    for item in items:
        line = by_id.get(item.sale_line_id)
        if line is None or any(p.line is line for p in planned):
            raise ValidationError("That line is not on receipt {receipt_no}.", receipt_no=info.receipt_no)
        if item.qty < 0 or item.qty > line.returnable:
            raise ValidationError("{name}: at most {qty} can come back.", name=line.name, qty=line.returnable)
        if not item.restock and not item.write_off_reason.strip():
            raise ValidationError("Give a reason for writing off {name}.", name=line.name)
        planned.append(
            _Planned(
                line,
                item.qty,
                item.restock,
                item.write_off_reason.strip(),
                share_of(line.amount, line.qty, line.returned, item.qty),
                share_of(line.vat_amount, line.qty, line.returned, item.qty),
            )
        )
    refund = sum(p.amount for p in planned)
    vat = sum(p.vat for p in planned)
    rounding = 0
    if refund_method == "cash":
        step = int(settings.get(session, "checkout.cash_rounding")) if cash_step is None else cash_step
        _paid, rounding = refund_in_cash(refund, step)
    if refund_method == "cash" and refund + rounding > shifts.expected_cash(session, shift):
        raise ValidationError("Not enough cash in the drawer for this refund: refund by another method.")
    when = at or now_utc()
    day = business_day(when)
    ret = SaleReturn(
        return_no=_next_return_no(session, actor.terminal_id, day),
        sale_id=info.sale_id,
        terminal_id=actor.terminal_id,
        shift_id=shift.id,
        user_id=actor.user_id,
        approved_by=approver if approver is not None else actor.user_id,
        business_day=day,
        created_at=when,
        refund_total=refund,
        vat_total=vat,
        refund_method=refund_method,
        reason=reason.strip(),
        cash_rounding=rounding,
    )
    session.add(ret)
    session.flush()
    for p in planned:
        session.add(
            ReturnLine(
                return_id=ret.id,
                sale_line_id=p.line.sale_line_id,
                qty=p.qty,
                amount=p.amount,
                vat_amount=p.vat,
                restock=p.restock,
                write_off_reason=p.reason,
            )
        )
    movements.post_movements(
        session,
        [(p.line.product_id, p.qty) for p in planned],
        kind="return",
        day=day,
        user_id=actor.user_id,
        ref_type="return",
        ref_id=ret.id,
        reason=reason.strip(),
    )
    for p in planned:
        if not p.restock:  # back in, then out again as a write-off: the ledger shows both
            movements.post_movements(
                session,
                [(p.line.product_id, -p.qty)],
                kind="adjustment",
                day=day,
                user_id=actor.user_id,
                ref_type="return",
                ref_id=ret.id,
                reason=f"write-off: {p.reason}",
            )
    einvoice.issue_for_return(session, ret)  # the rules' adjusting invoice, in this transaction
    audit.record(
        session,
        "sale.returned",
        user_id=actor.user_id,
        approver_id=ret.approved_by,
        terminal_id=actor.terminal_id,
        entity="sale_return",
        entity_id=ret.id,
        return_no=ret.return_no,
        receipt_no=info.receipt_no,
        refund=refund,
        method=refund_method,
        cash_rounding=rounding,
    )
    mark_day_changed(session, day)
    sale_day = session.scalar(select(Sale.business_day).where(Sale.id == info.sale_id))
    if sale_day is not None and sale_day != day:
        # The province counts a return against the day of its sale: a late return revises that day.
        mark_day_changed(session, sale_day)
    return ReturnResult(ret.id, ret.return_no, refund, refund_method, rounding)


# --- drawer and cash --------------------------------------------------------------------------------


def cash_in_out(session: Session, actor: Actor, amount: int, reason: str, *, approved_by: int | None = None) -> None:
    approver = permissions.require(session, actor, "cash_in_out", approved_by)
    shifts.cash_movement(session, actor, amount, reason, approved_by=approver)


def open_drawer(session: Session, actor: Actor, *, approved_by: int | None = None, reason: str = "") -> None:
    """Record a manager-approved "open the drawer without a sale" (the UI then asks the printer)."""
    approver = permissions.require(session, actor, "open_drawer", approved_by)
    audit.record(
        session,
        "drawer.opened",
        user_id=actor.user_id,
        approver_id=approver or actor.user_id,
        terminal_id=actor.terminal_id,
        reason=reason,
    )


# --- quick keys -------------------------------------------------------------------------------------


def quick_keys(session: Session, limit: int = 10, days: int = 30, today: date | None = None) -> list[int]:
    """Product ids for the quick keys: those given a ``quick_key`` number first (in that order), then
    the outlet's best sellers by receipts over the last ``days`` days."""
    chosen = list(
        session.scalars(
            select(Product.id)
            .where(Product.active, Product.quick_key.is_not(None))
            .order_by(Product.quick_key)
            .limit(limit)
        )
    )
    if len(chosen) < limit:
        since = (today or business_day()) - timedelta(days=days)
        lines = func.sum(SaleProductDay.lines)  # lines of completed sales, from the rollups (migration 0009)
        best = session.execute(
            select(SaleProductDay.product_id)
            .join(Product, Product.id == SaleProductDay.product_id)
            .where(SaleProductDay.business_day >= since, Product.active)
            .group_by(SaleProductDay.product_id)
            .having(lines > 0)
            .order_by(lines.desc(), SaleProductDay.product_id)
            .limit(limit * 2)
        ).scalars()
        for pid in best:
            if pid not in chosen:
                chosen.append(pid)
            if len(chosen) >= limit:
                break
    return chosen


def sale_payments(session: Session, sale_id: str) -> list[tuple[str, int, int, str]]:
    return [
        (p.method, p.amount, p.tendered, p.reference)
        for p in session.scalars(select(Payment).where(Payment.sale_id == sale_id).order_by(Payment.id))
    ]


def stock_moves_for(session: Session, ref_id: str) -> list[tuple[int, str, int]]:
    rows = session.execute(
        select(StockMovement.product_id, StockMovement.kind, StockMovement.qty).where(StockMovement.ref_id == ref_id)
    )
    return [(int(pid), str(kind), int(qty)) for pid, kind, qty in rows]
