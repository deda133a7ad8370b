"""The sales report: sales, returns, cost and margin over a period by one grouping (day, week, month, hour of
day, product, producer, producer kind, OCOP stars, product group, cashier; by payment method is
``payments_report``).

Each grouping is one SQL statement over ``sale`` or ``sale_line``, plus a small one over returns, written by hand
for SQLite; by product reads the rollups (``sale_product_month`` for the period's whole months,
``sale_product_day`` for its other days) and SQLite computes every cell of its rows. See
``benchmarks/bench_reports.py`` for how they compare.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from showroom_pos.core.clock import utc_offset_hours
from showroom_pos.core.errors import N_, ValidationError
from showroom_pos.core.money import div_half_up

from . import payments_report
from ._common import period_params, read_rows, receipt_count, shown_qty, stamp
from .labels import DIMENSION_TITLES, GROUP_LABELS, NONE_LABEL, PRODUCER_KIND_LABELS, STARS_LABELS
from .table import DATE, ENUM, INT, MONEY, PERCENT, QTY, Chart, Column, Report, check_period, percent_bp

if TYPE_CHECKING:
    from showroom_pos.storage.sqlite_file import Readable

SALES_KINDS = ("sales", "summary", "best", "worst", "discounts", "returns")  # the sales menu of the screen and CLI

TIME_DIMENSIONS = ("day", "week", "month", "hour")
DIMENSIONS = (*TIME_DIMENSIONS, "product", "producer", "producer_kind", "stars", "group", "payment", "cashier")

# The showroom's offset now (the zone is a setting; Vietnam keeps no daylight saving time).
_HOUR = "(CAST(substr({t}.created_at, 12, 2) AS INTEGER) + {offset} + 24) % 24"

# (key on sale s / line l, key on return r / return line rl / sold line l, extra joins)
_KEYS: dict[str, tuple[str, str, str]] = {
    "day": ("s.business_day", "r.business_day", ""),
    "week": ("date(s.business_day, '-6 days', 'weekday 1')", "date(r.business_day, '-6 days', 'weekday 1')", ""),
    "month": ("substr(s.business_day, 1, 7)", "substr(r.business_day, 1, 7)", ""),
    "hour": (_HOUR.format(t="s", offset="{offset}"), _HOUR.format(t="r", offset="{offset}"), ""),
    "product": ("p.id", "l.product_id", ""),
    "producer": ("l.producer_id", "l.producer_id", ""),
    "producer_kind": ("pr.kind", "pr.kind", " LEFT JOIN producer pr ON pr.id = l.producer_id"),
    "stars": ("l.stars", "l.stars", ""),
    "group": ("p.ocop_group", "p.ocop_group", ""),
    "cashier": ("s.user_id", "r.user_id", ""),
}
# A sale lies wholly in one group of these: they are summed from the sales alone (one row per receipt,
# with the line costs the triggers of migration 0003 keep on it), never from the lines. By product reads the
# per-product rollups the triggers of migrations 0009 (per day) and 0012 (per month) keep (its cost follows the
# products sold, not the lines: ``product_rows_sql``); the others read the lines product by product through the
# covering index of migration 0004 (lines carry their sale's day and whether it counts).
_ONE_GROUP_PER_SALE = frozenset({*TIME_DIMENSIONS, "cashier"})


def _keys(by: str) -> tuple[str, str, str]:
    sale_key, return_key, joins = _KEYS[by]
    offset = str(utc_offset_hours())
    return sale_key.replace("{offset}", offset), return_key.replace("{offset}", offset), joins


_LINE_COST = ("CASE WHEN l.unit_cost IS NULL THEN 0 WHEN l.sold_by_weight THEN (l.unit_cost * {q} + 500) / 1000 "
              "ELSE l.unit_cost * {q} END")


def sales_sql(by: str) -> str:
    """The one statement behind a sales report by ``by`` (parameters :start and :end, ISO dates)."""
    key, _, joins = _keys(by)
    if by in _ONE_GROUP_PER_SALE:
        return (
            f"SELECT {key} AS k, COUNT(*), 0, SUM(s.subtotal), SUM(s.line_discount + s.cart_discount), "
            "SUM(s.total), SUM(s.vat_total), SUM(s.costed_total), SUM(s.cost_total) FROM sale s "
            "WHERE s.business_day BETWEEN :start AND :end AND s.status = 'completed' GROUP BY k"
        )
    if by == "product":
        raise ValueError("by product the rows come from product_rows_sql")
    receipts = "COUNT(DISTINCT l.sale_id)"
    labels = ""
    return (
        f"SELECT {key} AS k, {receipts}, SUM(l.qty), SUM(l.gross), "
        "SUM(l.line_discount + l.cart_discount), SUM(l.amount), SUM(l.vat_amount), "
        "SUM(CASE WHEN l.unit_cost IS NULL THEN 0 ELSE l.amount - l.vat_amount END), "
        f"SUM({_LINE_COST.format(q='l.qty')}){labels} "
        "FROM product p JOIN sale_line l ON l.product_id = p.id AND l.business_day BETWEEN :start AND :end "
        f"AND l.counted{joins} GROUP BY k"
    )


def returns_sql(by: str) -> str:
    _, key, joins = _keys(by)
    cost_back = _LINE_COST.format(q="rl.qty").replace("CASE WHEN l.unit_cost IS NULL", "CASE WHEN l.unit_cost IS "
                                                      "NULL OR NOT rl.restock", 1)
    return (
        f"SELECT {key} AS k, COUNT(DISTINCT r.id), SUM(rl.qty), SUM(rl.amount), SUM(rl.vat_amount), "
        "SUM(CASE WHEN l.unit_cost IS NULL THEN 0 ELSE rl.amount - rl.vat_amount END), "
        f"SUM({cost_back}) "
        "FROM sale_return r JOIN return_line rl ON rl.return_id = r.id JOIN sale_line l ON l.id = rl.sale_line_id "
        f"JOIN product p ON p.id = l.product_id{joins} WHERE r.business_day BETWEEN :start AND :end GROUP BY k"
    )


@dataclass(slots=True)
class Figures:
    """The sales and returns of one group (or of the whole period): what the report's cells, and the period's
    summary, are computed from."""

    receipts: int = 0
    qty: int = 0
    gross: int = 0
    discounts: int = 0
    sales: int = 0
    vat: int = 0
    costed: int = 0  # sales less VAT on lines whose cost is known
    cost: int = 0
    returns: int = 0
    returned_qty: int = 0
    returns_vat: int = 0
    returns_costed: int = 0
    cost_back: int = 0
    return_docs: int = 0

    @property
    def net(self) -> int:
        return self.sales - self.returns

    @property
    def margin(self) -> int:
        return (self.costed - self.returns_costed) - (self.cost - self.cost_back)

    @property
    def margin_bp(self) -> int | None:
        return percent_bp(self.margin, self.costed - self.returns_costed)


def _figures(source: Readable, by: str, start: date, end: date) -> tuple[dict[Any, Figures], Figures]:
    """The figures per group, and their sums (receipts summed too: right only when a sale is in one group).
    (By product: ``_product_rows``.)"""
    found: dict[Any, Figures] = defaultdict(Figures)
    t = Figures()
    params = period_params(start, end)
    for k, receipts, qty, gross, disc, amount, vat, costed, cost in read_rows(source, sales_sql(by), params):
        found[k] = Figures(receipts, qty, gross, disc, amount, vat, costed, cost)
        t.receipts += receipts
        t.gross += gross
        t.discounts += disc
        t.sales += amount
        t.vat += vat
        t.costed += costed
        t.cost += cost
    for k, docs, qty, amount, vat, costed, back in read_rows(source, returns_sql(by), params):
        f = found[k]
        f.return_docs, f.returned_qty, f.returns, f.returns_vat = docs, qty, amount, vat
        f.returns_costed, f.cost_back = costed, back
        t.return_docs += docs
        t.returns += amount
        t.returns_vat += vat
        t.returns_costed += costed
        t.cost_back += back
    return found, t


def _week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _time_keys(by: str, start: date, end: date, found: Iterable[Any]) -> list[Any]:
    """Every day, week or month of the period (empty ones too, so charts show the gaps)."""
    if by == "day":
        return [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
    if by == "week":
        monday = start - timedelta(days=start.weekday())
        keys = []
        while monday <= end:
            keys.append(monday.isoformat())
            monday += timedelta(days=7)
        return keys
    if by == "month":
        keys, year, month = [], start.year, start.month
        while (year, month) <= (end.year, end.month):
            keys.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return keys
    hours = [int(h) for h in found]
    return list(range(min(hours), max(hours) + 1)) if hours else []


def _labels(source: Readable, by: str, keys: Iterable[Any]) -> dict[Any, tuple[Any, ...]]:
    """The first cells of each row for a key: (day,), (producer name,), … (by product: ``_product_rows``)"""
    keys = list(keys)
    if by == "day":
        return {k: (date.fromisoformat(k),) for k in keys}
    if by == "week":
        return {k: (_week_label(date.fromisoformat(k)), date.fromisoformat(k)) for k in keys}
    if by == "month":
        return {k: (k,) for k in keys}
    if by == "hour":
        return {k: (f"{int(k):02d}:00–{int(k):02d}:59",) for k in keys}
    if by == "producer":
        names: dict[Any, str] = dict(read_rows(source, "SELECT id, name FROM producer"))
        return {k: (names.get(k, NONE_LABEL) if k is not None else NONE_LABEL,) for k in keys}
    if by == "producer_kind":
        return {k: (PRODUCER_KIND_LABELS.get(k, NONE_LABEL),) for k in keys}
    if by == "stars":
        return {k: (STARS_LABELS.get(k, NONE_LABEL),) for k in keys}
    if by == "group":
        return {k: (GROUP_LABELS.get(k, NONE_LABEL),) for k in keys}
    if by == "cashier":
        people: dict[Any, str] = dict(read_rows(source, 'SELECT id, name FROM "user"'))
        return {k: (people.get(k, "?"),) for k in keys}
    raise ValidationError("Unknown report grouping {by}.", by=by)


def _key_columns(by: str) -> tuple[Column, ...]:
    if by == "day":
        return (Column("day", N_("Day"), DATE),)
    if by == "week":
        return (Column("week", N_("Week")), Column("week_start", N_("Week starting"), DATE))
    if by == "month":
        return (Column("month", N_("Month")),)
    if by == "hour":
        return (Column("hour", N_("Hour of day")),)
    if by == "product":
        return (Column("sku", N_("SKU")), Column("name", N_("Product")), Column("unit", N_("Unit")))
    if by in ("producer_kind", "stars", "group"):
        return (Column(by, DIMENSION_TITLES[by], ENUM),)
    return (Column(by, DIMENSION_TITLES[by]),)


SALES_COLUMNS = (
    Column("receipts", N_("Receipts"), INT), Column("gross", N_("Gross sales"), MONEY),
    Column("discounts", N_("Discounts"), MONEY), Column("sales", N_("Sales"), MONEY),
    Column("returns", N_("Returns"), MONEY),
    Column("net", N_("Net sales"), MONEY), Column("vat", N_("VAT"), MONEY), Column("cost", N_("Cost"), MONEY),
    Column("margin", N_("Gross margin"), MONEY), Column("margin_pct", N_("Margin %"), PERCENT),
)


def sales(source: Readable, start: date, end: date, by: str = "day") -> Report:
    """Sales over ``start``..``end`` (business days, both included) by one dimension."""
    check_period(start, end)
    if by not in DIMENSIONS:
        raise ValidationError("Unknown report grouping {by}; use one of: {choices}.", by=by,
                              choices=", ".join(DIMENSIONS))
    if by == "payment":
        return payments_report.payments(source, start, end)
    time_dim = by in TIME_DIMENSIONS
    found: dict[Any, Figures] = {}
    keys: list[Any] = []
    labels: dict[Any, tuple[Any, ...]] = {}
    product_rows: list[tuple[Any, ...]] = []
    if by == "product":
        product_rows, total = _product_rows(source, start, end)
    else:
        found, total = _figures(source, by, start, end)
        keys = _time_keys(by, start, end, found) if time_dim else list(found)
        labels = _labels(source, by, keys)
    key_cols = _key_columns(by)
    qty_cols = (Column("qty", N_("Quantity"), QTY),) if by == "product" else ()
    tail = (Column("avg_basket", N_("Average basket"), MONEY),) if by in _ONE_GROUP_PER_SALE else (
        Column("share", N_("Share of net sales"), PERCENT),)
    columns = key_cols + qty_cols + SALES_COLUMNS + tail
    if by not in _ONE_GROUP_PER_SALE and by != "product":  # by product: counted with its sums
        total.receipts = receipt_count(source, start, end)

    one_group, by_product, total_net = by in _ONE_GROUP_PER_SALE, by == "product", total.net

    def cells(f: Figures) -> tuple[Any, ...]:
        # Plain locals, not Figures' properties: a year by day makes 365 of these rows.
        net = f.sales - f.returns
        costed = f.costed - f.returns_costed
        cost = f.cost - f.cost_back
        margin = costed - cost
        margin_bp = div_half_up(margin * 10000, costed) if costed else None
        last: int | None
        if one_group:
            last = div_half_up(f.sales, f.receipts) if f.receipts else 0
        else:
            last = div_half_up(net * 10000, total_net) if total_net else None
        figures = (f.receipts, f.gross, f.discounts, f.sales, f.returns, net, f.vat - f.returns_vat, cost, margin,
                   margin_bp, last)
        return (None, *figures) if by_product else figures  # by product: the rows are ``_product_rows``'

    rows = product_rows if by == "product" else [labels[k] + cells(found.get(k) or Figures()) for k in keys]
    if not time_dim and not by_product:  # by product: sorted by ``_product_rows``
        net_at = len(key_cols) + len(qty_cols) + 5
        rows.sort(key=lambda r: str(r[0]))
        rows.sort(key=itemgetter(net_at), reverse=True)  # stable: equal net sales stay in label order
    totals = (N_("Total"),) + (None,) * (len(key_cols) - 1) + cells(total)
    chart_value = "net"
    label_key = key_cols[0].key if by != "product" else "name"
    report = Report(
        kind="sales", title=N_("Sales by {by}"), columns=columns, rows=rows, totals=totals, start=start, end=end, by=by,
        chart=Chart(label_key, chart_value, "line" if by in ("day", "week", "month") else "bar"),
    )
    if total.costed and total.costed != total.sales - total.vat:
        report.notes.append((N_("Margin covers only the lines whose cost is known."), {}))
    return stamp(source, report)


ROLLUP_FIGURES = ("lines", "receipts", "qty", "gross", "discounts", "amount", "vat", "costed", "cost")


def rollup_ranges(start: date, end: date) -> list[tuple[str, str, str, str]]:
    """The rollups that cover business days ``start``..``end``: (table, key column, first key, last key). The
    period's whole months come from ``sale_product_month`` (migration 0012), its other days, before and after
    them, from ``sale_product_day`` (0009)."""
    first_whole = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    last_whole = end if (end + timedelta(days=1)).day == 1 else end.replace(day=1) - timedelta(days=1)
    if first_whole > last_whole:
        return [("sale_product_day", "business_day", start.isoformat(), end.isoformat())]
    ranges = [("sale_product_month", "month", first_whole.isoformat()[:7], last_whole.isoformat()[:7])]
    if start < first_whole:
        ranges.append(("sale_product_day", "business_day", start.isoformat(),
                       (first_whole - timedelta(days=1)).isoformat()))
    if last_whole < end:
        ranges.append(("sale_product_day", "business_day", (last_whole + timedelta(days=1)).isoformat(),
                       end.isoformat()))
    return ranges


def div_half_up_sql(numerator: str, denominator: str, scale: int = 1) -> str:
    """SQL for ``core.money.div_half_up(numerator * scale, denominator)`` (``scale`` > 0: 10000 for basis points),
    NULL when the denominator is 0 (SQLite's integer division truncates, so halves are rounded away from zero on the
    absolute values). The usual case (a positive denominator, a numerator not below 0) is the first branch and the
    fewest steps: the sign is read off the numerator, not its scaled value (41,000 rows by product, two percentages
    each: 4-7 ms fewer than ``2 * n * 10000``)."""
    n, d = numerator, denominator
    quotient = f"({2 * scale} * abs({n}) + abs({d})) / (2 * abs({d}))"
    return (f"CASE WHEN {d} > 0 AND {n} >= 0 THEN ({n} * {2 * scale} + {d}) / (2 * {d}) "
            f"WHEN {d} = 0 THEN NULL WHEN ({n} < 0) = ({d} < 0) THEN {quotient} ELSE -{quotient} END")


PRODUCT_NET_AT = 9  # a row by product: sku, name, unit, qty, receipts, gross, discounts, sales, returns, net …

# The period's receipts and their sums, as a report by product totals them: from the sales, along the covering index
# of migration 0003 (a month: 3 ms for 13,600 sales, where summing the month's 41,000 rollup rows took 8-9 ms and
# counting the receipts 1.5 ms more). The same sums as its rows' (each sale's figures are its lines', kept by the
# triggers of migrations 0003 and 0009/0012: ``services/check`` and tests/test_reports_by_product.py hold them equal).
PERIOD_SALES_SQL = (
    "SELECT COUNT(*), COALESCE(SUM(subtotal), 0), COALESCE(SUM(line_discount + cart_discount), 0), "
    "COALESCE(SUM(total), 0), COALESCE(SUM(vat_total), 0), COALESCE(SUM(costed_total), 0), "
    "COALESCE(SUM(cost_total), 0) FROM sale WHERE business_day BETWEEN :start AND :end AND status = 'completed'")


def _product_cells_sql(sold: bool, returned: bool = True) -> str:
    """The cells of a row by product: from its sums sold ``a`` less its sums returned ``b`` (perhaps none), or when
    not ``sold`` (returned in the period but not sold in it) from ``b`` alone, or when not ``returned`` (sold and
    nothing of it returned in the period) from ``a`` alone: the same cells without reading ``b``."""
    def sold_(figure: str) -> str:
        return f"a.{figure}" if sold else "0"

    def back(figure: str) -> str:
        if not returned:
            return "0"
        return f"COALESCE(b.{figure}, 0)" if sold else f"b.{figure}"

    def kept(figure: str) -> str:
        return f"({sold_(figure)} - {back(figure)})" if returned else sold_(figure)

    qty, net, costed, cost = kept("qty"), kept("amount"), kept("costed"), kept("cost")
    margin = f"({costed} - {cost})"
    return (
        "p.sku, p.name, CASE WHEN p.sold_by_weight THEN 'kg' ELSE p.unit END, "
        f"CASE WHEN p.sold_by_weight THEN CAST({qty} AS TEXT) ELSE {qty} END, {sold_('receipts')}, {sold_('gross')}, "
        f"{sold_('discounts')}, {sold_('amount')}, {back('amount')}, {net}, {kept('vat')}, {cost}, {margin}, "
        f"{div_half_up_sql(margin, costed, 10000)}, {div_half_up_sql(net, ':total_net', 10000)}")


def product_rows_sql(start: date, end: date) -> tuple[str, str, dict[str, str]]:
    """The two statements of a report by product and their parameters: the period's receipts and sums
    (``PERIOD_SALES_SQL``), and the rows, every cell computed by SQLite, unsorted (the
    caller sorts them: ``_product_rows``), with parameter :total_net. A period of one month (or one day) reads one
    rollup row per product in product order; others group the rollups by product. A quantity sold by weight comes
    as text (grams): the caller shows it in kilograms."""
    params = period_params(start, end)
    ranges = rollup_ranges(start, end)
    figures = ", ".join(ROLLUP_FIGURES)
    parts = []
    for n, (table, key, first, last) in enumerate(ranges):
        params[f"first{n}"], params[f"last{n}"] = first, last
        parts.append(f"SELECT product_id, {figures} FROM {table} WHERE {key} BETWEEN :first{n} AND :last{n}")
    table, key, first, last = ranges[0]
    if len(ranges) == 1 and first == last:  # each product once: no grouping, and SQLite streams it in key order
        sold = f"SELECT product_id AS k, {figures} FROM {table} WHERE {key} = :first0 AND lines > 0"
        # Most products sold have nothing returned in the period: their cells are read from ``a`` alone (no
        # COALESCE of an absent return per cell: ~7% fewer instructions for a month); the few returned are looked
        # up by key (LIMIT -1 keeps that subquery apart: joined, SQLite would build a Bloom filter of the month).
        unreturned = (f"SELECT {_product_cells_sql(sold=True, returned=False)} FROM ({sold}) a "
                      "JOIN product p ON p.id = a.k WHERE a.k NOT IN (SELECT k FROM back) ")
        sold = f"{sold} AND product_id IN (SELECT k FROM back) LIMIT -1"
        unsold_returns = ("UNION ALL SELECT {cells} FROM back b JOIN product p ON p.id = b.k "
                          f"WHERE NOT EXISTS (SELECT 1 FROM {table} a WHERE a.{key} = :first0 AND a.product_id = b.k "
                          "AND a.lines > 0)")
    else:  # the products returned in the period join the grouping, so that those not sold in it have a row too
        sums = ", ".join(f"SUM({f}) AS {f}" for f in ROLLUP_FIGURES)
        zeros = ", ".join("0" for _ in ROLLUP_FIGURES)
        sold = (f"SELECT product_id AS k, {sums} FROM ({' UNION ALL '.join(parts)} UNION ALL "
                f"SELECT k, {zeros} FROM back) GROUP BY product_id "
                "HAVING SUM(lines) > 0 OR product_id IN (SELECT k FROM back)")
        unsold_returns = ""
        unreturned = ""
    cost_back = _LINE_COST.format(q="rl.qty").replace("CASE WHEN l.unit_cost IS NULL", "CASE WHEN l.unit_cost IS "
                                                      "NULL OR NOT rl.restock", 1)
    rows = (
        "WITH back AS MATERIALIZED ("
        "SELECT l.product_id AS k, SUM(rl.qty) AS qty, SUM(rl.amount) AS amount, SUM(rl.vat_amount) AS vat, "
        "SUM(CASE WHEN l.unit_cost IS NULL THEN 0 ELSE rl.amount - rl.vat_amount END) AS costed, "
        f"SUM({cost_back}) AS cost "
        "FROM sale_return r JOIN return_line rl ON rl.return_id = r.id JOIN sale_line l ON l.id = rl.sale_line_id "
        "WHERE r.business_day BETWEEN :start AND :end GROUP BY l.product_id) "
        + (f"{unreturned}UNION ALL " if unreturned else "")
        + f"SELECT {_product_cells_sql(sold=True)} FROM ({sold}) a JOIN product p ON p.id = a.k "
        + ("JOIN back b ON b.k = a.k " if unreturned else "LEFT JOIN back b ON b.k = a.k ")
        # Returned in the period but not sold in it, when not in the grouping. (Not a LEFT JOIN from the returns to
        # the month's sums: SQLite would build a Bloom filter of the whole month's rows for the few returns.)
        + unsold_returns.format(cells=_product_cells_sql(sold=False))
    )
    return PERIOD_SALES_SQL, rows, params


def _product_rows(source: Readable, start: date, end: date) -> tuple[list[tuple[Any, ...]], Figures]:
    """The rows of a report by product, and the period's sums: SQLite computes the cells (``cells`` gives the same
    for one ``Figures``) as a month at 50,000 products is 40,000 rows; Python only shows the weighed quantities
    in kilograms."""
    totals_sql, rows_sql, params = product_rows_sql(start, end)
    total = Figures()
    (total.receipts, total.gross, total.discounts, total.sales, total.vat, total.costed, total.cost), = read_rows(
        source, totals_sql, params)
    for _k, docs, _qty, amount, vat, costed, cost_back in read_rows(source, returns_sql("product"), params):
        total.return_docs += docs
        total.returns += amount
        total.returns_vat += vat
        total.returns_costed += costed
        total.cost_back += cost_back
    rows = read_rows(source, rows_sql, {**params, "total_net": total.sales - total.returns})
    for i in compress(range(len(rows)), map(isinstance, map(itemgetter(3), rows), repeat(str))):
        row = rows[i]  # grams of a product sold by weight (found without a Python step per row)
        rows[i] = (*row[:3], shown_qty(int(row[3]), True), *row[4:])
    # The report's order, net sales down, then SKU (two stable sorts on one cell each: a month of 41,000 rows
    # sorted here takes half the time an ORDER BY took in SQLite, whose sorter carries every cell of the rows;
    # SQLite's text order is Python's, by code point).
    rows.sort(key=itemgetter(0))
    rows.sort(key=itemgetter(PRODUCT_NET_AT), reverse=True)
    return rows, total
