"""Sales by payment method: what each method took and paid back, and the cash rounding of a period (the drawer
holds the rounded amounts, the sales the exact ones)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from showroom_pos.core.errors import N_

from ._common import period_params, read_rows, read_scalar, receipt_count, stamp
from .labels import METHOD_LABELS
from .table import ENUM, INT, MONEY, PERCENT, Chart, Column, Report, check_period, percent_bp

if TYPE_CHECKING:
    from showroom_pos.storage.sqlite_file import Readable


def payments(source: Readable, start: date, end: date) -> Report:
    """Takings by payment method, with refunds by the method they were paid back in."""
    check_period(start, end)
    params = period_params(start, end)
    taken = {m: (int(n), int(a)) for m, n, a in read_rows(source,
        "SELECT p.method, COUNT(DISTINCT p.sale_id), SUM(p.amount) FROM payment p JOIN sale s ON s.id = p.sale_id "
        "WHERE s.business_day BETWEEN :start AND :end AND s.status = 'completed' GROUP BY p.method", params)}
    # What each method paid back: a cash refund's rounding is in the cash handed back, as the Z report counts it.
    refunded = {m: (int(n), int(a), int(r)) for m, n, a, r in read_rows(source,
        "SELECT refund_method, COUNT(*), SUM(refund_total + cash_rounding), SUM(cash_rounding) FROM sale_return "
        "WHERE business_day BETWEEN :start AND :end GROUP BY refund_method", params)}
    rounded = cash_rounding_totals(source, start, end)
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
    totals = (N_("Total"), receipt_count(source, start, end), sum(r[2] for r in rows), sum(r[3] for r in rows),
              sum(r[4] for r in rows), sum(r[5] for r in rows), sum(r[6] for r in rows), percent_bp(all_net, all_net))
    report = Report(kind="sales", title=N_("Sales by {by}"), columns=columns, rows=rows, totals=totals,
                    start=start, end=end, by="payment", chart=Chart("payment", "net", "bar"))
    if rounded.sales or rounded.refunds:
        report.notes.append((N_("Cash is counted as it went through the drawer: net − cash rounding = net sales."),
                             {}))
    return stamp(source, report)


@dataclass(frozen=True)
class CashRounding:
    """The cash rounding of a period: on sales (cash taken − the exact amounts it settled) and on cash refunds
    (cash handed back − the exact refunds). The drawer holds ``sales − refunds`` more than the exact figures."""

    sales: int = 0
    refunds: int = 0


def cash_rounding_totals(source: Readable, start: date, end: date) -> CashRounding:
    params = period_params(start, end)
    sales = read_scalar(source,
        "SELECT COALESCE(SUM(cash_rounding), 0) FROM sale WHERE business_day BETWEEN :start AND :end "
        "AND status = 'completed'", params) or 0
    refunds = read_scalar(source,
        "SELECT COALESCE(SUM(cash_rounding), 0) FROM sale_return WHERE business_day BETWEEN :start AND :end",
        params) or 0
    return CashRounding(int(sales), int(refunds))
