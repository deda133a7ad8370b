"""Lists drawn from the sales of a period: the best and worst sellers, every receipt with a discount (and who
approved it), every return (and the receipt it came back against)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from showroom_pos.core.errors import N_

from ._common import period_params, read_rows, stamp
from .labels import METHOD_LABELS
from .sales_report import sales
from .table import DATE, ENUM, INT, MONEY, PERCENT, Column, Report, check_period, percent_bp

if TYPE_CHECKING:
    from showroom_pos.storage.sqlite_file import Readable


def best_sellers(source: Readable, start: date, end: date, limit: int = 10, worst: bool = False) -> Report:
    """The products that sold the most (or the least: active products that sold nothing come first)."""
    base = sales(source, start, end, "product")
    rows = list(base.rows)
    net_at = base.index("net")
    if not worst:  # a product whose sales all came back (net 0 or less) sold nothing: not a best seller
        rows = [r for r in rows if r[net_at] > 0]
    else:
        sold = set(base.column("sku"))
        unsold = read_rows(source,
            "SELECT sku, name, CASE WHEN sold_by_weight THEN 'kg' ELSE unit END FROM product WHERE active ORDER BY sku")
        zero = (0,) * 10 + (None, 0)  # quantity, receipts … margin, no margin %, no share
        rows = [tuple(r) + zero for r in unsold if r[0] not in sold] + sorted(
            rows, key=lambda r: (r[net_at], r[0]))
    rows = rows[:limit]
    return replace(base, kind="worst_sellers" if worst else "best_sellers",
                   title=N_("Worst sellers") if worst else N_("Best sellers"), rows=rows, totals=None)


def discounts(source: Readable, start: date, end: date) -> Report:
    """Every completed receipt with a discount: who gave it and who approved it."""
    check_period(start, end)
    rows = [
        (r[0], date.fromisoformat(r[1]), r[2] or "", r[3], r[4], r[5], r[6], percent_bp(r[4] + r[5], r[3]),
         r[7] or "")
        for r in read_rows(source,
            'SELECT s.receipt_no, s.business_day, u.name, s.subtotal, s.line_discount, s.cart_discount, s.total, '
            'a.name FROM sale s LEFT JOIN "user" u ON u.id = s.user_id LEFT JOIN "user" a ON a.id = '
            "COALESCE(s.discount_approved_by, (SELECT MAX(l.discount_approved_by) FROM sale_line l "
            "WHERE l.sale_id = s.id)) "
            "WHERE s.business_day BETWEEN :start AND :end AND s.status = 'completed' "
            "AND s.line_discount + s.cart_discount > 0 ORDER BY s.business_day, s.receipt_no",
            period_params(start, end))
    ]
    columns = (Column("receipt_no", N_("Receipt")), Column("day", N_("Day"), DATE), Column("cashier", N_("Cashier")),
               Column("gross", N_("Gross sales"), MONEY), Column("line_discount", N_("Line discounts"), MONEY),
               Column("cart_discount", N_("Cart discount"), MONEY), Column("total", N_("Paid"), MONEY),
               Column("discount_pct", N_("Discount %"), PERCENT), Column("approved_by", N_("Approved by")))
    totals = (N_("Total"), None, None, sum(r[3] for r in rows), sum(r[4] for r in rows), sum(r[5] for r in rows),
              sum(r[6] for r in rows), percent_bp(sum(r[4] + r[5] for r in rows), sum(r[3] for r in rows)), None)
    return stamp(source, Report(kind="discounts", title=N_("Discounts"), columns=columns, rows=rows, totals=totals,
                                 start=start, end=end))


def returns(source: Readable, start: date, end: date) -> Report:
    """Every return in the period, with the receipt it came back against."""
    check_period(start, end)
    rows = [
        (r[0], date.fromisoformat(r[1]), r[2], r[3] or "", r[4] or "", r[5], METHOD_LABELS.get(r[6], r[6]), r[7],
         r[8] or "")
        for r in read_rows(source,
            'SELECT r.return_no, r.business_day, s.receipt_no, u.name, a.name, '
            "(SELECT COALESCE(SUM(rl.qty), 0) FROM return_line rl WHERE rl.return_id = r.id), r.refund_method, "
            'r.refund_total, r.reason FROM sale_return r JOIN sale s ON s.id = r.sale_id LEFT JOIN "user" u '
            'ON u.id = r.user_id LEFT JOIN "user" a ON a.id = r.approved_by '
            "WHERE r.business_day BETWEEN :start AND :end ORDER BY r.business_day, r.return_no",
            period_params(start, end))
    ]
    columns = (Column("return_no", N_("Return")), Column("day", N_("Day"), DATE), Column("receipt_no", N_("Receipt")),
               Column("cashier", N_("Cashier")), Column("approved_by", N_("Approved by")),
               Column("qty", N_("Quantity"), INT), Column("method", N_("Refunded by"), ENUM),
               Column("refunded", N_("Refunded"), MONEY), Column("reason", N_("Reason")))
    totals = (N_("Total"), None, None, None, None, None, None, sum(r[7] for r in rows), None)
    return stamp(source, Report(kind="returns", title=N_("Returns"), columns=columns, rows=rows, totals=totals,
                                 start=start, end=end))
