"""A period at a glance: receipts, sales, discounts, returns, VAT, cost, margin, average basket and what each
payment method took. The report screen's header, the home dashboard and the day's printout read it; as a
report of two columns it is exported, printed and shown by the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from showroom_pos.core.errors import N_
from showroom_pos.core.money import div_half_up

from ._common import period_params, read_one, read_rows, read_scalar, stamp
from .labels import PAID_LABELS
from .payments_report import cash_rounding_totals
from .sales_report import Figures, returns_sql
from .table import ENUM, INT, MIXED, MONEY, PERCENT, Column, Report, check_period

if TYPE_CHECKING:
    from showroom_pos.storage.sqlite_file import Readable


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


def summary(source: Readable, start: date, end: date) -> Summary:
    check_period(start, end)
    params = period_params(start, end)
    receipts, gross, line_disc, cart_disc, total, vat, discounted, costed, cost = read_one(source,
        "SELECT COUNT(*), COALESCE(SUM(subtotal), 0), COALESCE(SUM(line_discount), 0), "
        "COALESCE(SUM(cart_discount), 0), COALESCE(SUM(total), 0), COALESCE(SUM(vat_total), 0), "
        "COALESCE(SUM(line_discount + cart_discount > 0), 0), COALESCE(SUM(costed_total), 0), "
        "COALESCE(SUM(cost_total), 0) "
        "FROM sale WHERE business_day BETWEEN :start AND :end AND status = 'completed'", params)
    voided = read_scalar(source,
        "SELECT COUNT(*) FROM sale WHERE business_day BETWEEN :start AND :end AND status = 'voided'", params) or 0
    returned = _figures_returns_total(source, params)
    by_method = {m: int(a) for m, a in read_rows(source,
        "SELECT p.method, SUM(p.amount) FROM payment p JOIN sale s ON s.id = p.sale_id "
        "WHERE s.business_day BETWEEN :start AND :end AND s.status = 'completed' GROUP BY p.method", params)}
    f = Figures(receipts=int(receipts), gross=int(gross), discounts=int(line_disc + cart_disc), sales=int(total),
                 vat=int(vat), costed=int(costed), cost=int(cost), **returned)
    rounded = cash_rounding_totals(source, start, end)
    return Summary(
        start=start, end=end, receipts=f.receipts, voided=int(voided), gross=f.gross, line_discounts=int(line_disc),
        cart_discounts=int(cart_disc), discounted_receipts=int(discounted), sales=f.sales,
        return_docs=f.return_docs, returns=f.returns, net=f.net, vat=f.vat - f.returns_vat,
        cost=f.cost - f.cost_back, margin=f.margin, margin_bp=f.margin_bp,
        average_basket=div_half_up(f.sales, f.receipts) if f.receipts else 0, by_method=by_method,
        cash_rounding=rounded.sales, refund_rounding=rounded.refunds,
    )


def net_sales_until(source: Readable, day: date, until: datetime) -> int:
    """Net sales of ``day`` made up to the instant ``until`` (today against the same hour last week)."""
    params = {"day": day.isoformat(), "until": until.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")}
    sold = read_scalar(source,
        "SELECT COALESCE(SUM(total), 0) FROM sale WHERE business_day = :day AND status = 'completed' "
        "AND created_at <= :until", params) or 0
    back = read_scalar(source,
        "SELECT COALESCE(SUM(refund_total), 0) FROM sale_return WHERE business_day = :day AND created_at <= :until",
        params) or 0
    return int(sold) - int(back)


def _figures_returns_total(source: Readable, params: dict[str, str]) -> dict[str, int]:
    sql = returns_sql("day").replace("GROUP BY k", "").replace("SELECT r.business_day AS k, ", "SELECT ")
    docs, qty, amount, vat, costed, back = read_one(source, sql, params)
    return {"return_docs": int(docs or 0), "returned_qty": int(qty or 0), "returns": int(amount or 0),
            "returns_vat": int(vat or 0), "returns_costed": int(costed or 0), "cost_back": int(back or 0)}


def summary_report(source: Readable, start: date, end: date, s: Summary | None = None) -> Report:
    """The summary as a two-column report (for export, print and the CLI); ``s`` when it was read already."""
    s = s or summary(source, start, end)
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
    return stamp(source, Report(
        kind="summary", title=N_("Sales summary"), start=start, end=end,
        columns=(Column("item", N_("Item"), ENUM), Column("value", N_("Value"), MIXED)),
        rows=[(label, value) for label, value, _ in rows], row_kinds=[kind for _, _, kind in rows]))
