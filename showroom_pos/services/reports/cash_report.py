"""Cash reports: the shifts of a period with their Z reports (the drawer's expected and counted cash), the
over/short of each cashier, and one shift's Z report (its X report while it is open)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from showroom_pos.core.clock import local
from showroom_pos.core.errors import N_, NotFound
from showroom_pos.storage.models import Shift

from .. import shifts
from ._common import period_params, stamp
from .labels import PAID_LABELS, REFUND_LABELS
from .table import DATE, DATETIME, ENUM, INT, MIXED, MONEY, TEXT, Chart, Column, Report, check_period

CASH_KINDS = ("shifts", "cashiers", "z")  # the cash menu of the screen and CLI


def _shift_rows(session: Session, start: date, end: date) -> list[tuple[Any, ...]]:
    return list(session.execute(text(
        'SELECT sh.id, sh.business_day, t.code, u.name, sh.opened_at, sh.closed_at, sh.opening_float, '
        "sh.expected_cash, sh.counted_cash, sh.z_report, sh.user_id FROM shift sh JOIN terminal t "
        'ON t.id = sh.terminal_id JOIN "user" u ON u.id = sh.user_id '
        "WHERE sh.business_day BETWEEN :start AND :end ORDER BY sh.opened_at"), period_params(start, end)).all())


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
    return stamp(session, Report(kind="shifts", title=N_("Shifts and Z reports"), columns=columns, rows=rows,
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
    return stamp(session, Report(kind="over_short", title=N_("Over / short by cashier"), columns=columns, rows=rows,
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
    return stamp(session, Report(kind="z_report", title=title, rows=rows, start=shift.business_day,
                                  end=shift.business_day, row_kinds=kinds,
                                  columns=(Column("item", N_("Item"), ENUM), Column("value", N_("Value"), MIXED))))
