"""Stock reports: what the shelves hold at cost and at price, how many days each product's stock lasts at its
recent sales, and the slow movers (stock that sold nothing or lasts too long)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from operator import itemgetter
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


# What each active product sold in the window and the last day it sold. The window's figures and the last day a
# product sold in it come from the per-product-per-day rollups (0009; a day whose lines were all voided has
# lines 0 and is not a sale); a product that sold nothing in the window looks up its last counted line along the
# report index of its lines (0004's ix_sale_line_report, covering), one seek each. A voided sale is no sale: the
# ledger's sale movements (read here before session 16) counted it, and took ~25 ms more at 50,000 products.
_COVER_SQL = (
    "WITH sold AS (SELECT product_id, SUM(qty) AS qty, MAX(CASE WHEN lines > 0 THEN business_day END) AS last_day "
    "FROM sale_product_day WHERE business_day BETWEEN :start AND :end GROUP BY product_id HAVING SUM(lines) > 0) "
    "SELECT p.id, p.sku, p.name, p.unit, p.sold_by_weight, p.on_hand, p.reorder_level, p.price, "
    "COALESCE(sold.qty, 0), COALESCE(sold.last_day, (SELECT l.business_day FROM sale_line l "
    "WHERE l.product_id = p.id AND l.counted ORDER BY l.business_day DESC LIMIT 1)) "
    "FROM product p LEFT JOIN sold ON sold.product_id = p.id WHERE p.active")
_RETURNED_SQL = (
    "SELECT l.product_id, SUM(rl.qty) FROM sale_return r JOIN return_line rl ON rl.return_id = r.id "
    "JOIN sale_line l ON l.id = rl.sale_line_id WHERE r.business_day BETWEEN :start AND :end GROUP BY l.product_id")


def _returned_in_window(source: Readable, start: date, end: date) -> dict[int, int]:
    """Quantity returned per product over business days ``start``..``end`` (it is taken off what sold)."""
    return {pid: int(qty) for pid, qty in read_rows(source, _RETURNED_SQL, period_params(start, end))}


_COVER_PLACES = Decimal("0.1")
_PER_DAY_PLACES = Decimal("0.001")


def _per_day(sold: int, window_days: int, by_weight: int) -> Decimal:
    """Sold per day over the window: pieces, or kilograms of a product sold by weight (grams / 1000)."""
    return (Decimal(sold) / window_days / (1000 if by_weight else 1)).quantize(_PER_DAY_PLACES)


def cover_days(on_hand: int, sold: int, window_days: int) -> Decimal | None:
    """Days the stock lasts at the window's average daily sales (None: nothing sold, it lasts for ever)."""
    if sold <= 0:
        return None
    return (Decimal(max(on_hand, 0)) * window_days / sold).quantize(_COVER_PLACES)


def stock_cover(source: Readable, window_days: int = 30, as_of: date | None = None,
                slow_over_days: int | None = None) -> Report:
    """Stock cover in days for every active product, the shortest first.

    With ``slow_over_days`` it is the slow movers report instead: products in stock that sold nothing in the
    window or whose cover is longer than that many days, the slowest (and most money tied up) first.

    Built for 50,000 products (issue 17: the command's target is 0.5 s): the figures products share are made once
    (a day last sold and the days since it; the cover and the sales per day of a stock and a quantity sold: most
    products sell a few a month), and the rows are sorted here, not in SQL.
    """
    if window_days <= 0:
        raise ValidationError("The sales window must be at least one day.")
    end = as_of or business_day()
    start = end - timedelta(days=window_days - 1)
    params = period_params(start, end)
    returned = _returned_in_window(source, start, end)
    days: dict[str, tuple[date | None, int | None]] = {}  # a day last sold (ISO) -> the date, the days since
    made: dict[tuple[int, int, int], tuple[Decimal, Decimal | None]] = {}  # (held, sold, by weight) -> per day, cover
    yes_no = (N_("No"), N_("Yes"))
    rows = []
    for pid, sku, name, unit, by_weight, on_hand, reorder, price, qty_sold, last_sold in read_rows(
            source, _COVER_SQL, params):
        if returned:
            qty_sold -= returned.get(pid, 0)
        last = days.get(last_sold) if last_sold else (None, None)  # never sold: no day, no days since
        if last is None:
            day = date.fromisoformat(last_sold)
            last = days[last_sold] = (day, (end - day).days)
        held = on_hand if on_hand > 0 else 0
        key = (held, qty_sold, by_weight)
        rates = made.get(key)
        if rates is None:
            rates = made[key] = (_per_day(qty_sold, window_days, by_weight), cover_days(held, qty_sold, window_days))
        if by_weight:
            rows.append((sku, name, shown_qty(on_hand, True), "kg", shown_qty(reorder, True),
                         shown_qty(qty_sold, True), *rates, *last, _value(held, price, True),
                         yes_no[on_hand < reorder]))
        else:
            rows.append((sku, name, on_hand, unit, reorder, qty_sold, *rates, *last,
                         None if price is None else held * price, yes_no[on_hand < reorder]))
    columns = (Column("sku", N_("SKU")), Column("name", N_("Product")), Column("on_hand", N_("On hand"), QTY),
               Column("unit", N_("Unit")), Column("reorder_level", N_("Reorder level"), QTY),
               Column("sold", N_("Sold in window"), QTY), Column("per_day", N_("Sold per day"), QTY),
               Column("cover_days", N_("Cover (days)"), DAYS), Column("last_sold", N_("Last sold"), DATE),
               Column("days_since_sale", N_("Days since last sale"), INT),
               Column("value_price", N_("Value at price"), MONEY),
               Column("below_reorder", N_("Below reorder level"), ENUM))
    rows.sort(key=itemgetter(0))  # by SKU, then by cover (a stable sort keeps SKUs in order within a cover)
    if slow_over_days is None:
        covered = [r for r in rows if r[7] is not None]
        covered.sort(key=itemgetter(7))
        rows = covered + [r for r in rows if r[7] is None]  # the shortest cover first, never sold last
        kind, title = "stock_cover", N_("Stock cover")
    else:
        rows = [r for r in rows if (r[2] or 0) > 0 and (r[7] is None or r[7] > slow_over_days)]
        rows.sort(key=lambda r: (r[7] is not None, -(r[7] or 0), -(r[10] or 0), r[0]))
        kind, title = "slow_movers", N_("Slow movers")
    totals = (N_("Total"),) + (None,) * 9 + (sum(r[10] or 0 for r in rows), None)
    report = Report(kind=kind, title=title, columns=columns, rows=rows, totals=totals, start=start, end=end,
                    chart=Chart("name", "cover_days", "bar") if slow_over_days is None else None)
    report.notes.append((N_("Sales window: 1 day.") if window_days == 1 else N_("Sales window: {days} days."),
                         {"days": window_days}))
    return stamp(source, report)


def slow_movers(source: Readable, window_days: int = 60, over_days: int = 90, as_of: date | None = None) -> Report:
    return stock_cover(source, window_days, as_of, slow_over_days=over_days)
