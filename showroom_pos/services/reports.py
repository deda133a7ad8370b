"""Reports for managers: sales, stock and cash, as plain data the screen, the exports and the CLI share.

Every report is a ``Report``: typed columns and rows of plain values (money in whole đồng, dates as
``date``, percentages in basis points), so that exports keep numbers as numbers and tests can compare to
the đồng. Titles and enumeration labels are English source text; the caller translates them.

Definitions (also in the README):
- A sale counts on its business day, a return on the return's business day; voided sales never count.
- *Gross* is price × quantity, *discounts* are line + cart discounts, *sales* = gross − discounts (what the
  customer paid, VAT included), *returns* are refunded line amounts, *net sales* = sales − returns.
- *Cost* is the unit cost copied onto the sale line at the time of sale (quantity in grams for goods sold by
  weight: cost × grams / 1000, rounded half up per line). Lines without a cost are left out of the margin:
  *margin* = (sales − VAT − cost) over lines whose cost is known, less the same for their returns; a
  returned line put back on the shelf gives its cost back, a written-off one does not.
- *Receipts* are completed sales; the *average basket* is sales ÷ receipts, rounded half up.

The sales aggregates are one SQL statement each over ``sale``, ``sale_line`` or (by product) the rollups
``sale_product_day`` (plus a small one over returns), written by hand for SQLite: see
``benchmarks/bench_reports.py`` for how they compare.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from operator import itemgetter
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day, local, now_local, utc_offset_hours
from showroom_pos.core.errors import N_, NotFound, ValidationError
from showroom_pos.core.money import div_half_up, round_half_up
from showroom_pos.storage.models import Shift

from . import permissions, shifts
from .context import Actor

# --- the shape every report shares -------------------------------------------------------------------

TEXT, ENUM, DATE, DATETIME, MONEY, INT, QTY, PERCENT, DAYS, MIXED = (
    "text", "enum", "date", "datetime", "money", "int", "qty", "percent", "days", "mixed")


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English source text, translated by the caller in context "Reports"
    kind: str = TEXT  # how to show and export it; ENUM values are English labels to translate;
    # MIXED takes each row's kind from ``Report.row_kinds`` (item / value reports such as a Z report)

    @property
    def numeric(self) -> bool:
        return self.kind in (MONEY, INT, QTY, PERCENT, DAYS)


@dataclass(frozen=True)
class Chart:
    """What the screen would rather draw than list: ``value`` per ``label`` as bars or a line."""

    label: str
    value: str
    style: str = "bar"  # "bar" | "line"


@dataclass
class Report:
    kind: str
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]
    totals: tuple[Any, ...] | None = None
    start: date | None = None
    end: date | None = None
    by: str | None = None
    chart: Chart | None = None
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (English template, fields)
    outlet: str = ""
    generated_at: datetime | None = None
    row_kinds: list[str] | None = None

    def kind_at(self, row: int, column: int) -> str:
        """How the cell at (row, column) is shown: the column's kind, or the row's for a MIXED column."""
        kind = self.columns[column].kind
        if kind == MIXED:
            return self.row_kinds[row] if self.row_kinds is not None and row < len(self.row_kinds) else TEXT
        return kind

    @staticmethod
    def note_text(note: tuple[str, dict[str, Any]], translate: Callable[[str], str] = str) -> str:
        template, fields = note
        try:
            return translate(template).format(**fields)
        except (KeyError, IndexError, ValueError):
            return template.format(**fields)

    def display_title(self, translate: Callable[[str], str] = str) -> str:
        """The title in the caller's language (``translate`` maps English source text)."""
        by = translate(DIMENSION_TITLES[self.by]) if self.by in DIMENSION_TITLES else ""
        by = by if by[:2].isupper() else by[:1].lower() + by[1:]  # "Sales by day", "Sales by OCOP stars"
        return translate(self.title).replace("{by}", by)

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def column(self, key: str) -> list[Any]:
        i = self.index(key)
        return [row[i] for row in self.rows]

    def total(self, key: str) -> Any:
        return None if self.totals is None else self.totals[self.index(key)]

    def to_json(self) -> str:
        """Plain JSON: money as integers in đồng, percentages as numbers (34.56), dates as ISO text."""
        def plain(kind: str, value: Any) -> Any:
            if value is None:
                return None
            if kind == PERCENT:
                return float(Decimal(value) / 100)
            if isinstance(value, Decimal):
                return float(value)
            if isinstance(value, date | datetime):
                return value.isoformat()
            return value

        def as_obj(row: Sequence[Any], at: int) -> dict[str, Any]:
            return {c.key: plain(self.kind_at(at, i) if at >= 0 else c.kind, v)
                    for i, (c, v) in enumerate(zip(self.columns, row, strict=True))}

        return json.dumps({
            "report": self.kind, "title": self.title, "outlet": self.outlet,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None, "by": self.by,
            "generated_at": self.generated_at.isoformat() if self.generated_at else None,
            "columns": [{"key": c.key, "title": c.title, "kind": c.kind} for c in self.columns],
            "rows": [as_obj(r, i) for i, r in enumerate(self.rows)],
            "totals": as_obj(self.totals, -1) if self.totals is not None else None,
            "notes": [self.note_text(n) for n in self.notes],
        }, ensure_ascii=False, indent=2)


def percent_bp(part: int, whole: int) -> int | None:
    """``part`` / ``whole`` in basis points (1% = 100), rounded half up; None when ``whole`` is 0."""
    if whole == 0:
        return None
    return div_half_up(part * 10000, whole)


def check_access(session: Session, actor: Actor, approved_by: int | None = None) -> None:
    """Reports are for managers; the screen calls this before it shows any figure."""
    permissions.require(session, actor, "reports", approved_by)


def _stamp(session: Session, report: Report) -> Report:
    report.outlet = session.scalar(text("SELECT name FROM outlet ORDER BY id LIMIT 1")) or ""
    report.generated_at = now_local().replace(microsecond=0)
    return report


def check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError("The period ends ({end}) before it starts ({start}).", start=start.isoformat(),
                              end=end.isoformat())


# --- labels (English source text; translated in context "Reports") --------------------------------------

PRODUCER_KIND_LABELS = {"enterprise": N_("Enterprise"), "cooperative": N_("Cooperative"),
                        "coop_group": N_("Cooperative group"), "household": N_("Household business")}
GROUP_LABELS = {"food": N_("Food"), "beverage": N_("Beverages"), "herbal": N_("Herbal products"),
                "handicraft": N_("Handicrafts"),
                "ornamental": N_("Ornamental plants and animals"), "tourism": N_("Rural tourism services")}
METHOD_LABELS = {"cash": N_("Cash"), "card": N_("Card"), "transfer": N_("Bank transfer"), "ewallet": N_("E-wallet")}
PAID_LABELS = {"cash": N_("Paid in cash"), "card": N_("Paid by card"), "transfer": N_("Paid by bank transfer"),
               "ewallet": N_("Paid by e-wallet")}
REFUND_LABELS = {"cash": N_("Refunded in cash"), "card": N_("Refunded to card"), "transfer": N_("Refunded by transfer"),
                 "ewallet": N_("Refunded to e-wallet")}
STARS_LABELS = {3: N_("3 stars"), 4: N_("4 stars"), 5: N_("5 stars")}
NONE_LABEL = N_("(none)")


# --- sales ----------------------------------------------------------------------------------------------

TIME_DIMENSIONS = ("day", "week", "month", "hour")
DIMENSIONS = (*TIME_DIMENSIONS, "product", "producer", "producer_kind", "stars", "group", "payment", "cashier")
DIMENSION_TITLES = {
    "day": N_("Day"), "week": N_("Week"), "month": N_("Month"), "hour": N_("Hour of day"), "product": N_("Product"),
    "producer": N_("Producer"), "producer_kind": N_("Producer kind"), "stars": N_("OCOP stars"),
    "group": N_("Product group"),
    "payment": N_("Payment method"), "cashier": N_("Cashier"),
}

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
# per-product-per-day rollups the triggers of migration 0009 keep (its cost follows the products sold, not the
# lines); the others read the lines product by product through the covering index of migration 0004 (lines
# carry their sale's day and whether it counts).
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
        # The per-product-per-day rollups (migration 0009): one row per product sold per day, grouped by product,
        # then each product's labels once.
        return (
            "SELECT a.k, a.receipts, a.qty, a.gross, a.discounts, a.amount, a.vat, a.costed, a.cost, "
            "p.sku, p.name, p.unit, p.sold_by_weight FROM ("
            "SELECT r.product_id AS k, SUM(r.receipts) AS receipts, SUM(r.qty) AS qty, SUM(r.gross) AS gross, "
            "SUM(r.discounts) AS discounts, SUM(r.amount) AS amount, SUM(r.vat) AS vat, SUM(r.costed) AS costed, "
            "SUM(r.cost) AS cost FROM sale_product_day r WHERE r.business_day BETWEEN :start AND :end "
            "GROUP BY r.product_id HAVING SUM(r.lines) > 0) a JOIN product p ON p.id = a.k"
        )
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
class _Figures:
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


def _period_params(start: date, end: date) -> dict[str, str]:
    return {"start": start.isoformat(), "end": end.isoformat()}


def _all_rows(session: Session, sql: str, params: dict[str, str]) -> list[tuple[Any, ...]]:
    """Every row of one of these hand-written statements, read by the driver's cursor in the session's
    transaction: a month by product is 40,000 rows, and a SQLAlchemy row object each cost more than the query."""
    raw = session.connection().connection.driver_connection
    assert raw is not None
    return raw.execute(sql, params).fetchall()


def _figures(session: Session, by: str, start: date, end: date) -> tuple[dict[Any, _Figures], _Figures]:
    """The figures per group, and their sums (receipts summed too: right only when a sale is in one group).
    (By product: ``_product_rows``.)"""
    found: dict[Any, _Figures] = defaultdict(_Figures)
    t = _Figures()
    params = _period_params(start, end)
    for k, receipts, qty, gross, disc, amount, vat, costed, cost in _all_rows(session, sales_sql(by), params):
        found[k] = _Figures(receipts, qty, gross, disc, amount, vat, costed, cost)
        t.receipts += receipts
        t.gross += gross
        t.discounts += disc
        t.sales += amount
        t.vat += vat
        t.costed += costed
        t.cost += cost
    for k, docs, qty, amount, vat, costed, back in _all_rows(session, returns_sql(by), params):
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


def _labels(session: Session, by: str, keys: Iterable[Any]) -> dict[Any, tuple[Any, ...]]:
    """The first cells of each row for a key: (day,), (sku, name, unit), (producer name,), …"""
    keys = list(keys)
    if by == "day":
        return {k: (date.fromisoformat(k),) for k in keys}
    if by == "week":
        return {k: (_week_label(date.fromisoformat(k)), date.fromisoformat(k)) for k in keys}
    if by == "month":
        return {k: (k,) for k in keys}
    if by == "hour":
        return {k: (f"{int(k):02d}:00–{int(k):02d}:59",) for k in keys}
    if by == "product":
        return {k: (i[0], i[1], "kg" if i[3] else i[2]) for k, i in _product_info(session, keys).items()}
    if by == "producer":
        names: dict[Any, str] = dict(session.execute(text("SELECT id, name FROM producer")).all())
        return {k: (names.get(k, NONE_LABEL) if k is not None else NONE_LABEL,) for k in keys}
    if by == "producer_kind":
        return {k: (PRODUCER_KIND_LABELS.get(k, NONE_LABEL),) for k in keys}
    if by == "stars":
        return {k: (STARS_LABELS.get(k, NONE_LABEL),) for k in keys}
    if by == "group":
        return {k: (GROUP_LABELS.get(k, NONE_LABEL),) for k in keys}
    if by == "cashier":
        people: dict[Any, str] = dict(session.execute(text('SELECT id, name FROM "user"')).all())
        return {k: (people.get(k, "?"),) for k in keys}
    raise ValidationError("Unknown report grouping {by}.", by=by)


def _product_info(session: Session, ids: Iterable[Any]) -> dict[Any, tuple[Any, ...]]:
    """(sku, name, unit, sold by weight) of the given products."""
    wanted = set(ids)
    return {r[0]: tuple(r[1:]) for r in session.execute(
        text("SELECT id, sku, name, unit, sold_by_weight FROM product")) if r[0] in wanted}


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


def _qty(value: int, by_weight: bool) -> int | Decimal:
    """Grams shown as kilograms (3 decimals); pieces as they are."""
    return (Decimal(value) / 1000).quantize(Decimal("0.001")) if by_weight else value


SALES_COLUMNS = (
    Column("receipts", N_("Receipts"), INT), Column("gross", N_("Gross sales"), MONEY),
    Column("discounts", N_("Discounts"), MONEY), Column("sales", N_("Sales"), MONEY),
    Column("returns", N_("Returns"), MONEY),
    Column("net", N_("Net sales"), MONEY), Column("vat", N_("VAT"), MONEY), Column("cost", N_("Cost"), MONEY),
    Column("margin", N_("Gross margin"), MONEY), Column("margin_pct", N_("Margin %"), PERCENT),
)


def sales(session: Session, start: date, end: date, by: str = "day") -> Report:
    """Sales over ``start``..``end`` (business days, both included) by one dimension."""
    check_period(start, end)
    if by not in DIMENSIONS:
        raise ValidationError("Unknown report grouping {by}; use one of: {choices}.", by=by,
                              choices=", ".join(DIMENSIONS))
    if by == "payment":
        return payments(session, start, end)
    time_dim = by in TIME_DIMENSIONS
    found: dict[Any, _Figures] = {}
    keys: list[Any] = []
    labels: dict[Any, tuple[Any, ...]] = {}
    weighed: set[Any] = set()
    product_rows: list[tuple[Any, ...]] = []
    if by == "product":
        product_rows, total = _product_rows(session, start, end)
    else:
        found, total = _figures(session, by, start, end)
        keys = _time_keys(by, start, end, found) if time_dim else list(found)
        labels = _labels(session, by, keys)
    key_cols = _key_columns(by)
    qty_cols = (Column("qty", N_("Quantity"), QTY),) if by == "product" else ()
    tail = (Column("avg_basket", N_("Average basket"), MONEY),) if by in _ONE_GROUP_PER_SALE else (
        Column("share", N_("Share of net sales"), PERCENT),)
    columns = key_cols + qty_cols + SALES_COLUMNS + tail
    if by not in _ONE_GROUP_PER_SALE:
        total.receipts = receipt_count(session, start, end)

    one_group, by_product, total_net = by in _ONE_GROUP_PER_SALE, by == "product", total.net

    def cells(f: _Figures, k: Any = None, totals: bool = False) -> tuple[Any, ...]:
        # Plain locals, not _Figures' properties: a month by product makes 40,000 of these rows.
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
        if by_product:
            qty = f.qty - f.returned_qty
            return (None if totals else (_qty(qty, True) if k in weighed else qty), *figures)
        return figures

    rows = product_rows if by == "product" else [labels[k] + cells(found.get(k) or _Figures(), k) for k in keys]
    if not time_dim:
        net_at = len(key_cols) + len(qty_cols) + 5
        rows.sort(key=lambda r: str(r[0]))
        rows.sort(key=itemgetter(net_at), reverse=True)  # stable: equal net sales stay in label order
    totals = (N_("Total"),) + (None,) * (len(key_cols) - 1) + cells(total, totals=True)
    chart_value = "net"
    label_key = key_cols[0].key if by != "product" else "name"
    report = Report(
        kind="sales", title=N_("Sales by {by}"), columns=columns, rows=rows, totals=totals, start=start, end=end, by=by,
        chart=Chart(label_key, chart_value, "line" if by in ("day", "week", "month") else "bar"),
    )
    if total.costed and total.costed != total.sales - total.vat:
        report.notes.append((N_("Margin covers only the lines whose cost is known."), {}))
    return _stamp(session, report)


def _product_rows(session: Session, start: date, end: date) -> tuple[list[tuple[Any, ...]], _Figures]:
    """The rows of a report by product, and the period's sums: straight from the statement's rows to the report's
    (``cells`` gives the same for one ``_Figures``), as a month at 50,000 products is 40,000 rows."""
    params = _period_params(start, end)
    sold = _all_rows(session, sales_sql("product"), params)
    back = {r[0]: r[1:] for r in _all_rows(session, returns_sql("product"), params)}
    total = _Figures()
    if sold:
        columns = list(zip(*sold, strict=True))
        total.gross, total.discounts, total.sales = sum(columns[3]), sum(columns[4]), sum(columns[5])
        total.vat, total.costed, total.cost = sum(columns[6]), sum(columns[7]), sum(columns[8])
    for docs, _qty_back, amount, vat, costed, cost_back in back.values():
        total.return_docs += docs
        total.returns += amount
        total.returns_vat += vat
        total.returns_costed += costed
        total.cost_back += cost_back
    total_net = total.sales - total.returns
    div = div_half_up
    unsold = {k: (0,) * 8 for k in back.keys() - {r[0] for r in sold}} if back else {}
    if unsold:  # returned in the period but not sold in it
        sold = sold + [(k, *unsold[k], *info) for k, info in _product_info(session, unsold).items()]
    rows: list[tuple[Any, ...]] = []
    for k, receipts, qty, gross, disc, amount, vat, costed, cost, sku, name, unit, weighed in sold:
        returned = back.get(k) if back else None
        if returned is None:
            returns = 0
        else:
            qty -= returned[1]
            returns, vat, costed, cost = returned[2], vat - returned[3], costed - returned[4], cost - returned[5]
        net = amount - returns
        margin = costed - cost
        rows.append((sku, name, "kg" if weighed else unit, _qty(qty, True) if weighed else qty, receipts, gross,
                     disc, amount, returns, net, vat, cost, margin, div(margin * 10000, costed) if costed else None,
                     div(net * 10000, total_net) if total_net else None))
    return rows, total


def receipt_count(session: Session, start: date, end: date) -> int:
    return int(session.scalar(text(
        "SELECT COUNT(*) FROM sale WHERE business_day BETWEEN :start AND :end AND status = 'completed'"),
        _period_params(start, end)) or 0)


def payments(session: Session, start: date, end: date) -> Report:
    """Takings by payment method, with refunds by the method they were paid back in."""
    check_period(start, end)
    params = _period_params(start, end)
    taken = {m: (int(n), int(a)) for m, n, a in session.execute(text(
        "SELECT p.method, COUNT(DISTINCT p.sale_id), SUM(p.amount) FROM payment p JOIN sale s ON s.id = p.sale_id "
        "WHERE s.business_day BETWEEN :start AND :end AND s.status = 'completed' GROUP BY p.method"), params)}
    # What each method paid back: a cash refund's rounding is in the cash handed back, as the Z report counts it.
    refunded = {m: (int(n), int(a), int(r)) for m, n, a, r in session.execute(text(
        "SELECT refund_method, COUNT(*), SUM(refund_total + cash_rounding), SUM(cash_rounding) FROM sale_return "
        "WHERE business_day BETWEEN :start AND :end GROUP BY refund_method"), params)}
    rounded = cash_rounding_totals(session, start, end)
    methods = [m for m in METHOD_LABELS if m in taken or m in refunded]
    all_net = sum(a for _, a in taken.values()) - sum(a for _, a, _r in refunded.values())
    rows = []
    for m in methods:
        n, amount = taken.get(m, (0, 0))
        r, back, _ = refunded.get(m, (0, 0, 0))
        rounding = rounded.sales - rounded.refunds if m == "cash" else 0
        rows.append((METHOD_LABELS[m], n, amount, r, back, rounding, amount - back,
                     percent_bp(amount - back, all_net)))
    rows.sort(key=lambda row: -row[6])
    columns = (Column("payment", N_("Payment method"), ENUM), Column("receipts", N_("Receipts"), INT),
               Column("taken", N_("Taken"), MONEY), Column("refunds_count", N_("Refunds"), INT),
               Column("refunded", N_("Refunded"), MONEY), Column("cash_rounding", N_("Cash rounding (net)"), MONEY),
               Column("net", N_("Net"), MONEY), Column("share", N_("Share of net"), PERCENT))
    totals = (N_("Total"), receipt_count(session, start, end), sum(r[2] for r in rows), sum(r[3] for r in rows),
              sum(r[4] for r in rows), sum(r[5] for r in rows), sum(r[6] for r in rows), percent_bp(all_net, all_net))
    report = Report(kind="sales", title=N_("Sales by {by}"), columns=columns, rows=rows, totals=totals,
                    start=start, end=end, by="payment", chart=Chart("payment", "net", "bar"))
    if rounded.sales or rounded.refunds:
        report.notes.append((N_("Cash is counted as it went through the drawer: net − cash rounding = net sales."),
                             {}))
    return _stamp(session, report)


@dataclass(frozen=True)
class CashRounding:
    """The cash rounding of a period: on sales (cash taken − the exact amounts it settled) and on cash refunds
    (cash handed back − the exact refunds). The drawer holds ``sales − refunds`` more than the exact figures."""

    sales: int = 0
    refunds: int = 0


def cash_rounding_totals(session: Session, start: date, end: date) -> CashRounding:
    params = _period_params(start, end)
    sales = session.scalar(text(
        "SELECT COALESCE(SUM(cash_rounding), 0) FROM sale WHERE business_day BETWEEN :start AND :end "
        "AND status = 'completed'"), params) or 0
    refunds = session.scalar(text(
        "SELECT COALESCE(SUM(cash_rounding), 0) FROM sale_return WHERE business_day BETWEEN :start AND :end"),
        params) or 0
    return CashRounding(int(sales), int(refunds))


@dataclass(frozen=True)
class Summary:
    """A period at a glance (the report screen's header and the home dashboard)."""

    start: date
    end: date
    receipts: int
    voided: int
    gross: int
    line_discounts: int
    cart_discounts: int
    discounted_receipts: int
    sales: int
    return_docs: int
    returns: int
    net: int
    vat: int
    cost: int
    margin: int
    margin_bp: int | None
    average_basket: int
    by_method: dict[str, int]  # what each method took (cash: received − change, its rounding included)
    cash_rounding: int = 0  # on sales: in the cash taken
    refund_rounding: int = 0  # on cash refunds: in the cash handed back

    @property
    def discounts(self) -> int:
        return self.line_discounts + self.cart_discounts


def summary(session: Session, start: date, end: date) -> Summary:
    check_period(start, end)
    params = _period_params(start, end)
    receipts, gross, line_disc, cart_disc, total, vat, discounted = session.execute(text(
        "SELECT COUNT(*), COALESCE(SUM(subtotal), 0), COALESCE(SUM(line_discount), 0), "
        "COALESCE(SUM(cart_discount), 0), COALESCE(SUM(total), 0), COALESCE(SUM(vat_total), 0), "
        "COALESCE(SUM(line_discount + cart_discount > 0), 0) "
        "FROM sale WHERE business_day BETWEEN :start AND :end AND status = 'completed'"), params).one()
    voided = session.scalar(text(
        "SELECT COUNT(*) FROM sale WHERE business_day BETWEEN :start AND :end AND status = 'voided'"), params) or 0
    costed, cost = session.execute(text(
        "SELECT COALESCE(SUM(costed_total), 0), COALESCE(SUM(cost_total), 0) FROM sale "
        "WHERE business_day BETWEEN :start AND :end AND status = 'completed'"), params).one()
    returned = _figures_returns_total(session, params)
    by_method = {m: int(a) for m, a in session.execute(text(
        "SELECT p.method, SUM(p.amount) FROM payment p JOIN sale s ON s.id = p.sale_id "
        "WHERE s.business_day BETWEEN :start AND :end AND s.status = 'completed' GROUP BY p.method"), params)}
    f = _Figures(receipts=int(receipts), gross=int(gross), discounts=int(line_disc + cart_disc), sales=int(total),
                 vat=int(vat), costed=int(costed), cost=int(cost), **returned)
    rounded = cash_rounding_totals(session, start, end)
    return Summary(
        start=start, end=end, receipts=f.receipts, voided=int(voided), gross=f.gross, line_discounts=int(line_disc),
        cart_discounts=int(cart_disc), discounted_receipts=int(discounted), sales=f.sales,
        return_docs=f.return_docs, returns=f.returns, net=f.net, vat=f.vat - f.returns_vat,
        cost=f.cost - f.cost_back, margin=f.margin, margin_bp=f.margin_bp,
        average_basket=div_half_up(f.sales, f.receipts) if f.receipts else 0, by_method=by_method,
        cash_rounding=rounded.sales, refund_rounding=rounded.refunds,
    )


def net_sales_until(session: Session, day: date, until: datetime) -> int:
    """Net sales of ``day`` made up to the instant ``until`` (today against the same hour last week)."""
    params = {"day": day.isoformat(), "until": until.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")}
    sold = session.scalar(text(
        "SELECT COALESCE(SUM(total), 0) FROM sale WHERE business_day = :day AND status = 'completed' "
        "AND created_at <= :until"), params) or 0
    back = session.scalar(text(
        "SELECT COALESCE(SUM(refund_total), 0) FROM sale_return WHERE business_day = :day AND created_at <= :until"),
        params) or 0
    return int(sold) - int(back)


def _figures_returns_total(session: Session, params: dict[str, str]) -> dict[str, int]:
    sql = returns_sql("day").replace("GROUP BY k", "").replace("SELECT r.business_day AS k, ", "SELECT ")
    docs, qty, amount, vat, costed, back = session.execute(text(sql), params).one()
    return {"return_docs": int(docs or 0), "returned_qty": int(qty or 0), "returns": int(amount or 0),
            "returns_vat": int(vat or 0), "returns_costed": int(costed or 0), "cost_back": int(back or 0)}


def summary_report(session: Session, start: date, end: date) -> Report:
    """The summary as a two-column report (for export, print and the CLI)."""
    s = summary(session, start, end)
    rows: list[tuple[Any, ...]] = [
        (N_("Receipts"), s.receipts, INT), (N_("Voided receipts"), s.voided, INT), (N_("Gross sales"), s.gross, MONEY),
        (N_("Line discounts"), s.line_discounts, MONEY), (N_("Cart discounts"), s.cart_discounts, MONEY),
        (N_("Receipts with a discount"), s.discounted_receipts, INT), (N_("Sales"), s.sales, MONEY),
        (N_("Returns"), s.return_docs, INT), (N_("Refunded"), s.returns, MONEY), (N_("Net sales"), s.net, MONEY),
        (N_("VAT"), s.vat, MONEY), (N_("Cost"), s.cost, MONEY), (N_("Gross margin"), s.margin, MONEY),
        (N_("Margin %"), s.margin_bp, PERCENT), (N_("Average basket"), s.average_basket, MONEY),
    ]
    rows += [(PAID_LABELS[m], a, MONEY) for m, a in sorted(s.by_method.items())]
    rows += [(N_("Cash rounding"), s.cash_rounding, MONEY), (N_("Cash rounding on refunds"), s.refund_rounding, MONEY)]
    return _stamp(session, Report(
        kind="summary", title=N_("Sales summary"), start=start, end=end,
        columns=(Column("item", N_("Item"), ENUM), Column("value", N_("Value"), MIXED)),
        rows=[(label, value) for label, value, _ in rows], row_kinds=[kind for _, _, kind in rows]))


def best_sellers(session: Session, start: date, end: date, limit: int = 10, worst: bool = False) -> Report:
    """The products that sold the most (or the least: active products that sold nothing come first)."""
    base = sales(session, start, end, "product")
    rows = list(base.rows)
    net_at = base.index("net")
    if worst:
        sold = set(base.column("sku"))
        unsold = session.execute(text(
            "SELECT sku, name, CASE WHEN sold_by_weight THEN 'kg' ELSE unit END FROM product "
            "WHERE active ORDER BY sku")).all()
        zero = (0,) * 10 + (None, 0)  # quantity, receipts … margin, no margin %, no share
        rows = [tuple(r) + zero for r in unsold if r[0] not in sold] + sorted(
            rows, key=lambda r: (r[net_at], r[0]))
    rows = rows[:limit]
    return replace(base, kind="worst_sellers" if worst else "best_sellers",
                   title=N_("Worst sellers") if worst else "Best sellers", rows=rows, totals=None)


def discounts(session: Session, start: date, end: date) -> Report:
    """Every completed receipt with a discount: who gave it and who approved it."""
    check_period(start, end)
    rows = [
        (r[0], date.fromisoformat(r[1]), r[2] or "", r[3], r[4], r[5], r[6], percent_bp(r[4] + r[5], r[3]),
         r[7] or "")
        for r in session.execute(text(
            'SELECT s.receipt_no, s.business_day, u.name, s.subtotal, s.line_discount, s.cart_discount, s.total, '
            'a.name FROM sale s LEFT JOIN "user" u ON u.id = s.user_id LEFT JOIN "user" a ON a.id = '
            "COALESCE(s.discount_approved_by, (SELECT MAX(l.discount_approved_by) FROM sale_line l "
            "WHERE l.sale_id = s.id)) "
            "WHERE s.business_day BETWEEN :start AND :end AND s.status = 'completed' "
            "AND s.line_discount + s.cart_discount > 0 ORDER BY s.business_day, s.receipt_no"),
            _period_params(start, end))
    ]
    columns = (Column("receipt_no", N_("Receipt")), Column("day", N_("Day"), DATE), Column("cashier", N_("Cashier")),
               Column("gross", N_("Gross sales"), MONEY), Column("line_discount", N_("Line discounts"), MONEY),
               Column("cart_discount", N_("Cart discount"), MONEY), Column("total", N_("Paid"), MONEY),
               Column("discount_pct", N_("Discount %"), PERCENT), Column("approved_by", N_("Approved by")))
    totals = (N_("Total"), None, None, sum(r[3] for r in rows), sum(r[4] for r in rows), sum(r[5] for r in rows),
              sum(r[6] for r in rows), percent_bp(sum(r[4] + r[5] for r in rows), sum(r[3] for r in rows)), None)
    return _stamp(session, Report(kind="discounts", title=N_("Discounts"), columns=columns, rows=rows, totals=totals,
                                  start=start, end=end))


def returns(session: Session, start: date, end: date) -> Report:
    """Every return in the period, with the receipt it came back against."""
    check_period(start, end)
    rows = [
        (r[0], date.fromisoformat(r[1]), r[2], r[3] or "", r[4] or "", r[5], METHOD_LABELS.get(r[6], r[6]), r[7],
         r[8] or "")
        for r in session.execute(text(
            'SELECT r.return_no, r.business_day, s.receipt_no, u.name, a.name, '
            "(SELECT COALESCE(SUM(rl.qty), 0) FROM return_line rl WHERE rl.return_id = r.id), r.refund_method, "
            'r.refund_total, r.reason FROM sale_return r JOIN sale s ON s.id = r.sale_id LEFT JOIN "user" u '
            'ON u.id = r.user_id LEFT JOIN "user" a ON a.id = r.approved_by '
            "WHERE r.business_day BETWEEN :start AND :end ORDER BY r.business_day, r.return_no"),
            _period_params(start, end))
    ]
    columns = (Column("return_no", N_("Return")), Column("day", N_("Day"), DATE), Column("receipt_no", N_("Receipt")),
               Column("cashier", N_("Cashier")), Column("approved_by", N_("Approved by")),
               Column("qty", N_("Quantity"), INT), Column("method", N_("Refunded by"), ENUM),
               Column("refunded", N_("Refunded"), MONEY), Column("reason", N_("Reason")))
    totals = (N_("Total"), None, None, None, None, None, None, sum(r[7] for r in rows), None)
    return _stamp(session, Report(kind="returns", title=N_("Returns"), columns=columns, rows=rows, totals=totals,
                                  start=start, end=end))


# --- stock ----------------------------------------------------------------------------------------------

def _value(qty: int, unit_value: int | None, by_weight: bool) -> int | None:
    if unit_value is None:
        return None
    return round_half_up(Decimal(qty) * unit_value / 1000) if by_weight else qty * unit_value


def stock_value(session: Session) -> Report:
    """What is on the shelves, at cost and at today's price (negative stock counts as none)."""
    rows = []
    negative = no_cost = 0
    for sku, name, unit, by_weight, on_hand, cost, price, producer, consigned in session.execute(text(
            "SELECT p.sku, p.name, p.unit, p.sold_by_weight, p.on_hand, p.cost, p.price, pr.name, p.consigned "
            "FROM product p LEFT JOIN producer pr ON pr.id = p.producer_id "
            "WHERE p.on_hand <> 0 OR p.active ORDER BY p.sku")):
        if on_hand < 0:
            negative += 1
        held = max(on_hand, 0)
        if cost is None and held:
            no_cost += 1
        rows.append((sku, name, producer or "", N_("Consigned") if consigned else N_("Owned"),
                     _qty(on_hand, bool(by_weight)), "kg" if by_weight else unit, cost, price,
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
    if no_cost:
        report.notes.append((N_("{count} products in stock have no cost: they are left out of the value at cost."),
                             {"count": no_cost}))
    if negative:
        report.notes.append((N_("{count} products show negative stock: count them."), {"count": negative}))
    return _stamp(session, report)


def _sold_in_window(session: Session, start: date, end: date) -> dict[int, int]:
    """Net quantity sold per product (sales less returns) over business days ``start``..``end``."""
    params = _period_params(start, end)
    sold: dict[int, int] = defaultdict(int)
    for pid, qty in session.execute(text(  # the per-product-per-day rollups (migration 0009)
            "SELECT product_id, SUM(qty) FROM sale_product_day WHERE business_day BETWEEN :start AND :end "
            "GROUP BY product_id HAVING SUM(lines) > 0"), params):
        sold[pid] += int(qty)
    for pid, qty in session.execute(text(
            "SELECT l.product_id, SUM(rl.qty) FROM sale_return r JOIN return_line rl ON rl.return_id = r.id "
            "JOIN sale_line l ON l.id = rl.sale_line_id WHERE r.business_day BETWEEN :start AND :end "
            "GROUP BY l.product_id"), params):
        sold[pid] -= int(qty)
    return sold


def cover_days(on_hand: int, sold: int, window_days: int) -> Decimal | None:
    """Days the stock lasts at the window's average daily sales (None: nothing sold, it lasts for ever)."""
    if sold <= 0:
        return None
    return (Decimal(max(on_hand, 0)) * window_days / sold).quantize(Decimal("0.1"))


def stock_cover(session: Session, window_days: int = 30, as_of: date | None = None,
                slow_over_days: int | None = None) -> Report:
    """Stock cover in days for every active product, the shortest first.

    With ``slow_over_days`` it is the slow movers report instead: products in stock that sold nothing in the
    window or whose cover is longer than that many days, the slowest (and most money tied up) first.
    """
    if window_days <= 0:
        raise ValidationError("The sales window must be at least one day.")
    end = as_of or business_day()
    start = end - timedelta(days=window_days - 1)
    sold = _sold_in_window(session, start, end)
    rows = []
    for pid, sku, name, unit, by_weight, on_hand, reorder, price, last_sold in session.execute(text(
            "SELECT p.id, p.sku, p.name, p.unit, p.sold_by_weight, p.on_hand, p.reorder_level, p.price, "
            "(SELECT m.business_day FROM stock_movement m WHERE m.product_id = p.id AND m.kind = 'sale' "
            " ORDER BY m.business_day DESC LIMIT 1) FROM product p WHERE p.active ORDER BY p.sku")):
        qty_sold = sold.get(pid, 0)
        cover = cover_days(on_hand, qty_sold, window_days)
        last = date.fromisoformat(last_sold) if last_sold else None
        w = bool(by_weight)
        rows.append((sku, name, _qty(on_hand, w), "kg" if w else unit, _qty(reorder, w), _qty(qty_sold, w),
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
    report.notes.append((N_("Sales window: {days} days."), {"days": window_days}))
    return _stamp(session, report)


def slow_movers(session: Session, window_days: int = 60, over_days: int = 90, as_of: date | None = None) -> Report:
    return stock_cover(session, window_days, as_of, slow_over_days=over_days)


# --- cash -----------------------------------------------------------------------------------------------

def _shift_rows(session: Session, start: date, end: date) -> list[tuple[Any, ...]]:
    return list(session.execute(text(
        'SELECT sh.id, sh.business_day, t.code, u.name, sh.opened_at, sh.closed_at, sh.opening_float, '
        "sh.expected_cash, sh.counted_cash, sh.z_report, sh.user_id FROM shift sh JOIN terminal t "
        'ON t.id = sh.terminal_id JOIN "user" u ON u.id = sh.user_id '
        "WHERE sh.business_day BETWEEN :start AND :end ORDER BY sh.opened_at"), _period_params(start, end)).all())


def _local_time(value: Any) -> datetime | None:
    """A stored (naive UTC) time as local time."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return local(parsed.replace(tzinfo=UTC)).replace(microsecond=0)


def shift_history(session: Session, start: date, end: date) -> Report:
    """Shifts and their Z reports (an open shift shows its X figures so far)."""
    check_period(start, end)
    rows: list[tuple[Any, ...]] = []
    for sid, day, till, cashier, opened, closed, float_, expected, counted, z_json, _uid in _shift_rows(
            session, start, end):
        if z_json:
            z = json.loads(z_json)
        else:
            shift = session.get(Shift, sid)
            assert shift is not None
            z = json.loads(shifts.z_report(session, shift).to_json())
        over = counted - expected if closed is not None and counted is not None and expected is not None else None
        # Cash as the Z report counts it: taken (received − change) and handed back, rounding included; the
        # rounding (sales − refunds) also on its own.
        rows.append((sid, date.fromisoformat(day), till, cashier, _local_time(opened), _local_time(closed),
                     N_("Closed") if closed else N_("Open"), int(z["receipts"]), int(z["net_sales"]),
                     int(z["by_method"].get("cash", 0)), int(z.get("refunds_by_method", {}).get("cash", 0)),
                     int(z.get("cash_rounding", 0)) - int(z.get("refund_rounding", 0)), int(float_),
                     int(expected) if expected is not None else int(z["expected_cash"]),
                     int(counted) if counted is not None else None, over))
    columns = (Column("shift_id", N_("Shift")), Column("day", N_("Day"), DATE), Column("till", N_("Till")),
               Column("cashier", N_("Cashier")), Column("opened", N_("Opened at"), DATETIME),
               Column("closed", N_("Closed at"), DATETIME), Column("status", N_("Status"), ENUM),
               Column("receipts", N_("Receipts"), INT), Column("net_sales", N_("Net sales"), MONEY),
               Column("cash_sales", N_("Cash sales"), MONEY), Column("cash_refunds", N_("Cash refunds"), MONEY),
               Column("cash_rounding", N_("Cash rounding (net)"), MONEY),
               Column("opening_float", N_("Opening float"), MONEY),
               Column("expected_cash", N_("Expected cash"), MONEY), Column("counted_cash", N_("Counted cash"), MONEY),
               Column("over_short", N_("Over / short"), MONEY))
    summed = [sum(int(r[i]) for r in rows) for i in range(7, 12)]
    totals: tuple[Any, ...] = (N_("Total"), *(None,) * 6, *summed, None, None, None,
                               sum(int(r[15] or 0) for r in rows))
    return _stamp(session, Report(kind="shifts", title=N_("Shifts and Z reports"), columns=columns, rows=rows,
                                  totals=totals, start=start, end=end, chart=Chart("day", "over_short", "bar")))


def over_short_by_cashier(session: Session, start: date, end: date) -> Report:
    """Closed shifts per cashier (who opened the shift): how often and by how much the drawer was off."""
    check_period(start, end)
    per: dict[str, list[int]] = defaultdict(list)
    for row in _shift_rows(session, start, end):
        if row[5] is not None and row[7] is not None and row[8] is not None:
            per[row[3]].append(int(row[8]) - int(row[7]))
    rows = []
    for cashier, diffs in per.items():
        rows.append((cashier, len(diffs), sum(1 for d in diffs if d != 0), sum(d for d in diffs if d > 0),
                     sum(d for d in diffs if d < 0), sum(diffs), min(diffs), max(diffs)))
    rows.sort(key=lambda r: (r[5], r[0]))
    columns = (Column("cashier", N_("Cashier")), Column("shifts", N_("Closed shifts"), INT),
               Column("off", N_("Shifts with a difference"), INT), Column("over", N_("Total over"), MONEY),
               Column("short", N_("Total short"), MONEY), Column("net", N_("Net over / short"), MONEY),
               Column("worst_short", N_("Largest short"), MONEY), Column("worst_over", N_("Largest over"), MONEY))
    totals = (N_("Total"), sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows),
              sum(r[4] for r in rows), sum(r[5] for r in rows), None, None)
    return _stamp(session, Report(kind="over_short", title=N_("Over / short by cashier"), columns=columns, rows=rows,
                                  totals=totals, start=start, end=end, chart=Chart("cashier", "net", "bar")))


Z_ITEMS = (
    ("business_day", N_("Business day"), TEXT), ("opened_at", N_("Opened at"), DATETIME),
    ("closed_at", N_("Closed at"), DATETIME),
    ("receipts", N_("Receipts"), INT), ("voided", N_("Voided receipts"), INT),
    ("gross_sales", N_("Gross sales"), MONEY),
    ("discounts", N_("Discounts"), MONEY), ("returns", N_("Returns"), MONEY), ("net_sales", N_("Net sales"), MONEY),
    ("vat", N_("VAT"), MONEY), ("cash_rounding", N_("Cash rounding"), MONEY),
    ("refund_rounding", N_("Cash rounding on refunds"), MONEY),
    ("opening_float", N_("Opening float"), MONEY), ("cash_in", N_("Cash in"), MONEY),
    ("cash_out", N_("Cash out"), MONEY), ("expected_cash", N_("Expected cash"), MONEY),
    ("counted_cash", N_("Counted cash"), MONEY), ("over_short", N_("Over / short"), MONEY),
)


def z_report(session: Session, shift_id: str) -> Report:
    """One shift's Z report as stored at close (or its X report while it is still open)."""
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise NotFound("No shift {shift_id}.", shift_id=shift_id)
    data = json.loads(shift.z_report) if shift.z_report else json.loads(shifts.z_report(session, shift).to_json())
    rows: list[tuple[Any, ...]] = []
    kinds: list[str] = []
    for key, label, kind in Z_ITEMS:
        value = data.get(key, 0 if key == "refund_rounding" else None)  # stored before refunds were rounded: none
        if kind == DATETIME:
            value = _local_time(datetime.fromisoformat(value).astimezone(UTC).replace(tzinfo=None)) \
                if value else None
        rows.append((label, value))
        kinds.append(kind)
    for method, amount in sorted(data.get("by_method", {}).items()):
        rows.append((PAID_LABELS.get(method, method), amount))
        kinds.append(MONEY)
    for method, amount in sorted(data.get("refunds_by_method", {}).items()):
        rows.append((REFUND_LABELS.get(method, method), amount))
        kinds.append(MONEY)
    if data.get("einvoices"):  # e-invoices from the cash register (services/einvoice): the shift's range
        rows += [(N_("E-invoices issued"), data["einvoices"]), (N_("First e-invoice"), data["einvoice_first"]),
                 (N_("Last e-invoice"), data["einvoice_last"])]
        kinds += [INT, TEXT, TEXT]
    title = N_("Z report") if shift.closed_at else N_("X report (shift still open)")
    return _stamp(session, Report(kind="z_report", title=title, rows=rows, start=shift.business_day,
                                  end=shift.business_day, row_kinds=kinds,
                                  columns=(Column("item", N_("Item"), ENUM), Column("value", N_("Value"), MIXED))))


# --- the catalogue of reports (screen, CLI) -------------------------------------------------------------

SALES_KINDS = ("sales", "summary", "best", "worst", "discounts", "returns")
STOCK_KINDS = ("value", "cover", "slow")
CASH_KINDS = ("shifts", "cashiers", "z")
