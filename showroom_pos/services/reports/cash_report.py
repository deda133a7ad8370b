"""Cash reports: the shifts of a period with their Z reports (the drawer's expected and counted cash), the
over/short of each cashier, and one shift's Z report (its X report while it is open).

Like the other reports they read plain SQL (``_common``); only an open shift's X figures are computed by the
shifts service, on a session (``_x_report``)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from showroom_pos.core.clock import local
from showroom_pos.core.errors import N_, NotFound

from ._common import period_params, read_rows, stamp
from .labels import PAID_LABELS, REFUND_LABELS
from .table import DATE, DATETIME, ENUM, INT, MIXED, MONEY, TEXT, Chart, Column, Report, check_period

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from showroom_pos.storage.sqlite_file import Readable

CASH_KINDS = ("shifts", "cashiers", "z")  # the cash menu of the screen and CLI


def _shift_rows(source: Readable, start: date, end: date) -> list[tuple[Any, ...]]:
    return read_rows(source,
        'SELECT sh.id, sh.business_day, t.code, u.name, sh.opened_at, sh.closed_at, sh.opening_float, '
        "sh.expected_cash, sh.counted_cash, sh.z_report, sh.user_id FROM shift sh JOIN terminal t "
        'ON t.id = sh.terminal_id JOIN "user" u ON u.id = sh.user_id '
        "WHERE sh.business_day BETWEEN :start AND :end ORDER BY sh.opened_at", period_params(start, end))


def _x_report(session: Session, shift_id: str) -> dict[str, Any]:
    """The figures of a shift still open, computed now by the shifts service (a closed shift's are stored)."""
    from showroom_pos.storage.models import Shift

    from .. import shifts

    shift = session.get(Shift, shift_id)
    assert shift is not None
    return dict(json.loads(shifts.z_report(session, shift).to_json()))


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
        z = json.loads(z_json) if z_json else _x_report(session, sid)
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


def over_short_by_cashier(source: Readable, start: date, end: date) -> Report:
    """Closed shifts per cashier (who opened the shift): how often and by how much the drawer was off."""
    check_period(start, end)
    per: dict[str, list[int]] = defaultdict(list)
    for row in _shift_rows(source, start, end):
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
    return stamp(source, Report(kind="over_short", title=N_("Over / short by cashier"), columns=columns, rows=rows,
                                 totals=totals, start=start, end=end, chart=Chart("cashier", "net", "bar")))


Z_ITEMS = (
    ("business_day", N_("Business day"), DATE), ("opened_at", N_("Opened at"), DATETIME),
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


def shift_opened_at(report: Report) -> datetime | None:
    """When the shift of a Z (or X) report opened, in the showroom's time: what tells a day's shifts apart."""
    value = next((row[1] for row, (key, _, _) in zip(report.rows, Z_ITEMS, strict=False) if key == "opened_at"), None)
    return value if isinstance(value, datetime) else None


def z_report(session: Session, shift_id: str) -> Report:
    """One shift's Z report as stored at close (or its X report while it is still open)."""
    found = read_rows(session, "SELECT business_day, closed_at, z_report FROM shift WHERE id = :id", {"id": shift_id})
    if not found:
        raise NotFound("No shift {shift_id}.", shift_id=shift_id)
    day, closed_at, stored = found[0]
    data = json.loads(stored) if stored else _x_report(session, shift_id)
    rows: list[tuple[Any, ...]] = []
    kinds: list[str] = []
    for key, label, kind in Z_ITEMS:
        value = data.get(key, 0 if key == "refund_rounding" else None)  # stored before refunds were rounded: none
        if kind == DATETIME:
            value = _local_time(datetime.fromisoformat(value).astimezone(UTC).replace(tzinfo=None)) \
                if value else None
        elif kind == DATE and value:  # dd/mm/yyyy on screen and paper, as every other date
            value = date.fromisoformat(value)
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
    title = N_("Z report") if closed_at else N_("X report (shift still open)")
    business_day = date.fromisoformat(day)
    return stamp(session, Report(kind="z_report", title=title, rows=rows, start=business_day,
                                  end=business_day, row_kinds=kinds,
                                  columns=(Column("item", N_("Item"), ENUM), Column("value", N_("Value"), MIXED))))
