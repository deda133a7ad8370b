"""Stock reports: what the shelves hold at cost and at price, how many days each product's stock lasts at its
recent sales, and the slow movers (stock that sold nothing or lasts too long)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import N_, ValidationError
from showroom_pos.core.money import round_half_up

from ._common import period_params, read_rows, shown_qty, stamp
from .table import DATE, DAYS, ENUM, INT, MONEY, QTY, Chart, Column, Report

if TYPE_CHECKING:
    from showroom_pos.storage.sqlite_file import Readable

STOCK_KINDS = ("value", "cover", "slow")  # the stock menu of the screen and CLI


def _value(qty: int, unit_value: int | None, by_weight: bool) -> int | None:
    if unit_value is None:
        return None
    return round_half_up(Decimal(qty) * unit_value / 1000) if by_weight else qty * unit_value


def stock_value(source: Readable) -> Report:
    """What is on the shelves, at cost and at today's price (negative stock counts as none)."""
    rows = []
    negative = no_cost = 0
    for sku, name, unit, by_weight, on_hand, cost, price, producer, consigned in read_rows(source,
            "SELECT p.sku, p.name, p.unit, p.sold_by_weight, p.on_hand, p.cost, p.price, pr.name, p.consigned "
            "FROM product p LEFT JOIN producer pr ON pr.id = p.producer_id "
            "WHERE p.on_hand <> 0 OR p.active ORDER BY p.sku"):
        if on_hand < 0:
            negative += 1
        held = max(on_hand, 0)
        if cost is None and held:
            no_cost += 1
        rows.append((sku, name, producer or "", N_("Consigned") if consigned else N_("Owned"),
                     shown_qty(on_hand, bool(by_weight)), "kg" if by_weight else unit, cost, price,
                     _value(held, cost, bool(by_weight)), _value(held, price, bool(by_weight))))
    columns = (Column("sku", N_("SKU")), Column("name", N_("Product")), Column("producer", N_("Producer")),
               Column("ownership", N_("Ownership"), ENUM), Column("on_hand", N_("On hand"), QTY),
               Column("unit", N_("Unit")),
               Column("unit_cost", N_("Unit cost"), MONEY), Column("price", N_("Price"), MONEY),
               Column("value_cost", N_("Value at cost"), MONEY), Column("value_price", N_("Value at price"), MONEY))
    totals = (N_("Total"), None, None, None, None, None, None, None, sum(r[8] or 0 for r in rows),
              sum(r[9] or 0 for r in rows))
    report = Report(kind="stock_value", title=N_("Stock value"), columns=columns, rows=rows, totals=totals,
                    end=business_day())
    # A count of one has its own English text ("1 product … has", not "1 products … have"); Vietnamese says both
    # alike.
    if no_cost:
        report.notes.append((
            N_("1 product in stock has no cost: it is left out of the value at cost.") if no_cost == 1 else
            N_("{count} products in stock have no cost: they are left out of the value at cost."), {"count": no_cost}))
    if negative:
        report.notes.append((N_("1 product shows negative stock: count it.") if negative == 1 else
                             N_("{count} products show negative stock: count them."), {"count": negative}))
    return stamp(source, report)


def _sold_in_window(source: Readable, start: date, end: date) -> dict[int, int]:
    """Net quantity sold per product (sales less returns) over business days ``start``..``end``."""
    params = period_params(start, end)
    sold: dict[int, int] = defaultdict(int)
    for pid, qty in read_rows(source,  # the per-product-per-day rollups (migration 0009)
            "SELECT product_id, SUM(qty) FROM sale_product_day WHERE business_day BETWEEN :start AND :end "
            "GROUP BY product_id HAVING SUM(lines) > 0", params):
        sold[pid] += int(qty)
    for pid, qty in read_rows(source,
            "SELECT l.product_id, SUM(rl.qty) FROM sale_return r JOIN return_line rl ON rl.return_id = r.id "
            "JOIN sale_line l ON l.id = rl.sale_line_id WHERE r.business_day BETWEEN :start AND :end "
            "GROUP BY l.product_id", params):
        sold[pid] -= int(qty)
    return sold


def cover_days(on_hand: int, sold: int, window_days: int) -> Decimal | None:
    """Days the stock lasts at the window's average daily sales (None: nothing sold, it lasts for ever)."""
    if sold <= 0:
        return None
    return (Decimal(max(on_hand, 0)) * window_days / sold).quantize(Decimal("0.1"))


def stock_cover(source: Readable, window_days: int = 30, as_of: date | None = None,
                slow_over_days: int | None = None) -> Report:
    """Stock cover in days for every active product, the shortest first.

    With ``slow_over_days`` it is the slow movers report instead: products in stock that sold nothing in the
    window or whose cover is longer than that many days, the slowest (and most money tied up) first.
    """
    if window_days <= 0:
        raise ValidationError("The sales window must be at least one day.")
    end = as_of or business_day()
    start = end - timedelta(days=window_days - 1)
    sold = _sold_in_window(source, start, end)
    rows = []
    for pid, sku, name, unit, by_weight, on_hand, reorder, price, last_sold in read_rows(source,
            "SELECT p.id, p.sku, p.name, p.unit, p.sold_by_weight, p.on_hand, p.reorder_level, p.price, "
            "(SELECT m.business_day FROM stock_movement m WHERE m.product_id = p.id AND m.kind = 'sale' "
            " ORDER BY m.business_day DESC LIMIT 1) FROM product p WHERE p.active ORDER BY p.sku"):
        qty_sold = sold.get(pid, 0)
        cover = cover_days(on_hand, qty_sold, window_days)
        last = date.fromisoformat(last_sold) if last_sold else None
        w = bool(by_weight)
        rows.append((sku, name, shown_qty(on_hand, w), "kg" if w else unit, shown_qty(reorder, w),
                     shown_qty(qty_sold, w),
                     (Decimal(qty_sold) / window_days / (1000 if w else 1)).quantize(Decimal("0.001")),
                     cover, last, (end - last).days if last else None,
                     _value(max(on_hand, 0), price, w), on_hand < reorder))
    columns = (Column("sku", N_("SKU")), Column("name", N_("Product")), Column("on_hand", N_("On hand"), QTY),
               Column("unit", N_("Unit")), Column("reorder_level", N_("Reorder level"), QTY),
               Column("sold", N_("Sold in window"), QTY), Column("per_day", N_("Sold per day"), QTY),
               Column("cover_days", N_("Cover (days)"), DAYS), Column("last_sold", N_("Last sold"), DATE),
               Column("days_since_sale", N_("Days since last sale"), INT),
               Column("value_price", N_("Value at price"), MONEY),
               Column("below_reorder", N_("Below reorder level"), ENUM))
    if slow_over_days is None:
        rows.sort(key=lambda r: (r[7] is None, r[7] if r[7] is not None else 0, r[0]))
        kind, title = "stock_cover", N_("Stock cover")
    else:
        rows = [r for r in rows if (r[2] or 0) > 0 and (r[7] is None or r[7] > slow_over_days)]
        rows.sort(key=lambda r: (r[7] is not None, -(r[7] or 0), -(r[10] or 0), r[0]))
        kind, title = "slow_movers", N_("Slow movers")
    rows = [(*r[:-1], N_("Yes") if r[-1] else N_("No")) for r in rows]
    totals = (N_("Total"),) + (None,) * 9 + (sum(r[10] or 0 for r in rows), None)
    report = Report(kind=kind, title=title, columns=columns, rows=rows, totals=totals, start=start, end=end,
                    chart=Chart("name", "cover_days", "bar") if slow_over_days is None else None)
    report.notes.append((N_("Sales window: 1 day.") if window_days == 1 else N_("Sales window: {days} days."),
                         {"days": window_days}))
    return stamp(source, report)


def slow_movers(source: Readable, window_days: int = 60, over_days: int = 90, as_of: date | None = None) -> Report:
    return stock_cover(source, window_days, as_of, slow_over_days=over_days)
