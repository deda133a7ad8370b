"""Money is whole đồng as ``int``: VND has no minor unit, so floats never touch it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .text import is_ascii_digits

CURRENCY_SYMBOL = "₫"
PLACEHOLDER_PRICE = 1
"""The price a product gets when nobody priced it yet (a province catalogue item without a reference price): it
cannot be sold until a manager sets a real one."""


def format_vnd(amount: int, symbol: bool = True) -> str:
    """Format as Vietnamese shops write it: ``125.000 ₫`` (dot as thousands separator)."""
    digits = f"{amount:,}".replace(",", ".")  # a negative amount keeps its sign: -125.000
    return f"{digits} {CURRENCY_SYMBOL}" if symbol else digits


def parse_vnd(text: str) -> int:
    """Parse what a person types: ``125.000``, ``125000``, ``125.000 ₫``, ``125k``.

    Raises ValueError on anything else. Dots and commas are thousands separators:
    there are no fractional đồng.
    """
    cleaned = text.strip().replace(CURRENCY_SYMBOL, "").replace("đ", "").replace("VND", "").strip()
    multiplier = 1
    if cleaned.lower().endswith("k"):
        multiplier = 1000
        cleaned = cleaned[:-1]
    cleaned = cleaned.replace(".", "").replace(",", "").replace(" ", "")
    if not cleaned or not is_ascii_digits(cleaned.removeprefix("-")):
        raise ValueError(f"not an amount of money: {text!r}")
    return int(cleaned) * multiplier


def round_half_up(value: Decimal | int) -> int:
    """The rounding rule used everywhere: to the nearest đồng, halves away from zero."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def div_half_up(numerator: int, denominator: int) -> int:
    """``numerator`` / ``denominator`` rounded half up in integers, halves away from zero: ``round_half_up`` without
    a Decimal, for sums and grams × price per kg done row by row."""
    if numerator >= 0 and denominator > 0:  # the usual case, without abs()
        return (2 * numerator + denominator) // (2 * denominator)
    quotient = (2 * abs(numerator) + abs(denominator)) // (2 * abs(denominator))
    return -quotient if (numerator < 0) != (denominator < 0) else quotient


def percent_of(amount: int, basis_points: int) -> int:
    """``amount`` × ``basis_points``/10000, rounded half up (1% = 100 basis points)."""
    return round_half_up(Decimal(amount) * basis_points / Decimal(10000))


def vat_included(gross: int, rate_bp: int) -> int:
    """VAT contained in a VAT-inclusive price: gross × r / (1 + r), rounded half up.

    Vietnamese retail prices include VAT, so VAT is extracted from the amount paid.
    """
    if rate_bp <= 0 or gross == 0:
        return 0
    return round_half_up(Decimal(gross) * rate_bp / Decimal(10000 + rate_bp))


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` across ``weights`` proportionally, largest remainder first; shares sum to total.

    Used to spread a cart discount over its lines so that every line knows its own net amount.
    """
    if not weights:
        return []
    weight_sum = sum(weights)
    if weight_sum <= 0:
        shares = [0] * len(weights)
        shares[0] = total
        return shares
    raw = [total * w for w in weights]
    shares = [r // weight_sum for r in raw]
    remainder = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] % weight_sum), i))
    for i in order[:remainder]:
        shares[i] += 1
    return shares


CASH_STEPS = (0, 100, 500, 1000)


def round_cash(amount: int, step: int) -> int:
    """The amount due in cash, rounded half up to ``step`` đồng (0: exact).

    The rule of the till (``checkout.cash_rounding``, default 1.000 ₫, the smallest note in daily use): when cash
    settles what is left of a sale, that remainder is rounded to the nearest step, a half step going up
    (1.346.110 → 1.346.000; 1.346.500 → 1.347.000). Card, transfer and e-wallet pay the exact amount. The
    difference is recorded on the sale as its own figure, never as a discount or a change to the lines or VAT.
    """
    if step <= 0 or amount <= 0:
        return amount
    return (amount + step // 2) // step * step
