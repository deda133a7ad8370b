"""What a quantity of goods is worth at a unit price or cost: a goods receipt's lines, a count's variances,
the stock list's value. Goods sold by weight are priced per kilogram and counted in grams."""

from __future__ import annotations

from showroom_pos.core.money import div_half_up


def value_of(qty: int, unit_price: int, by_weight: bool) -> int:
    """``qty`` at ``unit_price``; by weight, grams at a price per kilogram, rounded half up to the đồng."""
    return div_half_up(qty * unit_price, 1000) if by_weight else qty * unit_price
