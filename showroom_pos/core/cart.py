"""Cart arithmetic in whole đồng.

Rounding rule (one place, documented in the README):
1. A line's gross is unit price × quantity; goods sold by weight are priced per kilogram and
   their gross is price × grams / 1000 rounded half up to the đồng.
2. A line discount is a percentage of the gross (rounded half up) or an amount, capped at the gross.
3. A cart discount (percentage of the lines' net, rounded half up, or an amount capped at it) is spread
   over the lines in proportion to their net, largest remainder first, so shares sum exactly.
4. VAT is included in prices. For each rate, VAT = net × r / (1 + r) of the rate's total, rounded half
   up, then spread over that rate's lines the same way. Totals are therefore always sums of lines.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .money import allocate, percent_of, round_half_up, vat_included


@dataclass(frozen=True)
class Discount:
    """Either a percentage (basis points, 1% = 100) or an amount in đồng; never both."""

    percent_bp: int = 0
    amount: int = 0

    def __post_init__(self) -> None:
        if self.percent_bp < 0 or self.amount < 0:
            raise ValueError("discount cannot be negative")
        if self.percent_bp > 10000:
            raise ValueError("discount cannot exceed 100%")
        if self.percent_bp and self.amount:
            raise ValueError("a discount is a percentage or an amount, not both")

    def of(self, base: int) -> int:
        if self.percent_bp:
            return min(base, percent_of(base, self.percent_bp))
        return min(base, self.amount)

    def __bool__(self) -> bool:
        return bool(self.percent_bp or self.amount)


NO_DISCOUNT = Discount()


@dataclass(frozen=True)
class Approval:
    """A manager's yes to one change of a cart, bound to what the manager saw when typing the PIN.

    ``amount`` is the đồng given away that was approved: a discount's amount, or for a price change
    (list price − new price) × quantity. ``cashier_id`` is whose cart it was: an approval does not pass to
    another cashier with the cart. ``unit_price`` and ``qty`` are the approved price and quantity of a price
    change. The sale service re-checks each approval against the cart as sold (``covers_*``).
    """

    approver_id: int
    cashier_id: int | None
    amount: int
    unit_price: int | None = None
    qty: int | None = None

    def covers_discount(self, cashier_id: int, amount: int) -> bool:
        return self.cashier_id == cashier_id and amount <= self.amount

    def covers_price(self, cashier_id: int, unit_price: int, qty: int) -> bool:
        return (self.cashier_id == cashier_id and unit_price == self.unit_price
                and self.qty is not None and qty <= self.qty)


@dataclass(frozen=True)
class CartLine:
    product_id: int
    sku: str
    name: str
    unit: str
    qty: int
    unit_price: int
    vat_rate_bp: int
    list_price: int | None = None
    barcode: str | None = None
    by_weight: bool = False
    stars: int | None = None
    discount: Discount = NO_DISCOUNT
    price_approval: Approval | None = None
    discount_approval: Approval | None = None

    def __post_init__(self) -> None:
        if self.qty <= 0:
            raise ValueError("quantity must be positive")
        if self.unit_price < 0:
            raise ValueError("price cannot be negative")

    @property
    def gross(self) -> int:
        if self.by_weight:
            return round_half_up(Decimal(self.unit_price * self.qty) / 1000)
        return self.unit_price * self.qty

    @property
    def discount_amount(self) -> int:
        return self.discount.of(self.gross)

    @property
    def price_override_by(self) -> int | None:
        return self.price_approval.approver_id if self.price_approval else None

    @property
    def discount_approved_by(self) -> int | None:
        return self.discount_approval.approver_id if self.discount_approval else None

    @property
    def price_giveaway(self) -> int:
        """What a changed price gives away against the list price, for the line's whole quantity."""
        list_price = self.list_price if self.list_price is not None else self.unit_price
        if self.by_weight:
            return round_half_up(Decimal((list_price - self.unit_price) * self.qty) / 1000)
        return (list_price - self.unit_price) * self.qty

    def with_qty(self, qty: int) -> CartLine:
        return replace(self, qty=qty)


@dataclass(frozen=True)
class PricedLine:
    line: CartLine
    gross: int
    line_discount: int
    cart_discount: int
    net: int
    vat: int


@dataclass(frozen=True)
class CartTotals:
    lines: tuple[PricedLine, ...]
    subtotal: int
    line_discounts: int
    cart_discount: int
    vat_by_rate: dict[int, int] = field(default_factory=dict)
    net_by_rate: dict[int, int] = field(default_factory=dict)

    @property
    def discount_total(self) -> int:
        return self.line_discounts + self.cart_discount

    @property
    def total(self) -> int:
        return self.subtotal - self.discount_total

    @property
    def vat_total(self) -> int:
        return sum(self.vat_by_rate.values())


def price_cart(lines: list[CartLine] | tuple[CartLine, ...], cart_discount: Discount = NO_DISCOUNT) -> CartTotals:
    """Price a cart: every figure the screen, the receipt and the sale record show comes from here."""
    gross = [ln.gross for ln in lines]
    line_disc = [ln.discount_amount for ln in lines]
    after_line = [g - d for g, d in zip(gross, line_disc, strict=True)]
    cart_disc_total = cart_discount.of(sum(after_line))
    shares = allocate(cart_disc_total, after_line)
    nets = [a - s for a, s in zip(after_line, shares, strict=True)]

    by_rate: dict[int, list[int]] = defaultdict(list)
    for i, ln in enumerate(lines):
        by_rate[ln.vat_rate_bp].append(i)
    vats = [0] * len(lines)
    vat_by_rate: dict[int, int] = {}
    net_by_rate: dict[int, int] = {}
    for rate, idx in sorted(by_rate.items()):
        rate_net = sum(nets[i] for i in idx)
        rate_vat = vat_included(rate_net, rate)
        for i, v in zip(idx, allocate(rate_vat, [nets[i] for i in idx]), strict=True):
            vats[i] = v
        vat_by_rate[rate] = rate_vat
        net_by_rate[rate] = rate_net

    priced = tuple(
        PricedLine(ln, gross[i], line_disc[i], shares[i], nets[i], vats[i]) for i, ln in enumerate(lines)
    )
    return CartTotals(priced, sum(gross), sum(line_disc), cart_disc_total, vat_by_rate, net_by_rate)
