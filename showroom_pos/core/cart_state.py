"""The cart in progress at the till, free of I/O: its lines, cart discount and approvals, the running totals the
screen shows after each scan, and its JSON form (saved on every change, so a cart survives a crash and a new
version of the app). Priced rule for rule by ``core.cart.price_cart``; saving and parking are the till services'
(``services.till.saved_carts``, ``services.till.cart_saver``), the approval rules ``services.till.cart_approvals``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from typing import Any

from .cart import NO_DISCOUNT, Approval, CartLine, CartTotals, Discount, price_cart
from .errors import ValidationError
from .money import vat_included


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


@dataclass(frozen=True)
class NeededApproval:
    """Something in the cart a manager has not approved as it is now: ``action`` (a permission), the
    line's ``row`` (None for the cart discount), and the đồng it gives away."""

    action: str
    row: int | None
    amount: int


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
        self.id = cart_id or str(uuid.uuid4())
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
