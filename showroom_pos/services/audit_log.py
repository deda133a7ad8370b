"""Reading the audit log: filter by user, kind and business day, and export to CSV.

Reading it is a manager's right (``audit_log`` in the permission table), enforced here. "By user" means
events the person did *or* approved, so a manager sees every void they signed off.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, aliased

from showroom_pos.core.clock import day_start_utc, format_datetime
from showroom_pos.core.errors import N_
from showroom_pos.core.money import format_vnd
from showroom_pos.core.spreadsheet import csv_cell
from showroom_pos.storage.models import AuditEvent, Terminal, User

from . import audit, permissions, settings
from .context import Actor

DEFAULT_LIMIT = 5_000
CSV_HEADER = ("time", "kind", "user", "approver", "till", "entity", "entity_id", "details")


# What each kind of event is, as a manager reading the log says it (English source text, translated by the screen
# in the "UserError" context like the permissions' descriptions). The log and its CSV keep the kinds themselves.
KIND_LABELS: dict[str, str] = {
    "audit.exported": N_("Audit log exported"),
    "backup.failed": N_("Backup failed"),
    "backup.made": N_("Backup made"),
    "backup.restored": N_("Backup restored"),
    "cart.handed_over": N_("Cart handed over"),
    "cart.parked": N_("Cart parked"),
    "cart.recalled": N_("Cart recalled"),
    "cash.in": N_("Cash put in"),
    "cash.out": N_("Cash taken out"),
    "catalogue.pulled": N_("Province catalogue received"),
    "drawer.opened": N_("Cash drawer opened without a sale"),
    "einvoice.requeued": N_("E-invoice sent again"),
    "einvoice.resolved": N_("E-invoice problem resolved"),
    "login": N_("Logged in"),
    "login.failed": N_("Wrong PIN"),
    "outlet.set_up": N_("Showroom set up"),
    "producer.commission": N_("Producer's commission changed"),
    "producer.created": N_("Producer added"),
    "producer.deactivated": N_("Producer deactivated"),
    "producer.deleted": N_("Producer deleted"),
    "producer.updated": N_("Producer changed"),
    "product.activated": N_("Product reactivated"),
    "product.barcode_assigned": N_("In-store barcode assigned"),
    "product.created": N_("Product added"),
    "product.deactivated": N_("Product deactivated"),
    "product.deleted": N_("Product deleted"),
    "product.photo": N_("Product photo changed"),
    "product.updated": N_("Product changed"),
    "products.imported": N_("Products imported"),
    "receipt.reprinted": N_("Receipt reprinted"),
    "receipt.series_started": N_("New receipt series started"),
    "sale.approval": N_("Approved at the counter"),
    "sale.completed": N_("Sale completed"),
    "sale.returned": N_("Goods returned"),
    "sale.voided": N_("Sale voided"),
    "setting.changed": N_("Setting changed"),
    "settlement.settled": N_("Consignment settled"),
    "shift.closed": N_("Shift closed"),
    "shift.opened": N_("Shift opened"),
    "stock.adjusted": N_("Stock adjusted"),
    "stock.count_approved": N_("Stock count approved"),
    "stock.count_cancelled": N_("Stock count cancelled"),
    "stock.count_started": N_("Stock count started"),
    "stock.negative": N_("Sold below zero stock"),
    "stock.received": N_("Goods received"),
    "till.locked": N_("Till locked"),
    "till.unlocked": N_("Till unlocked"),
    "user.created": N_("User added"),
    "user.deactivated": N_("User deactivated"),
    "user.locked": N_("User locked (wrong PINs)"),
    "user.pin_changed": N_("PIN changed"),
    "user.reactivated": N_("User reactivated"),
    "user.unlocked": N_("User unlocked"),
}

# The families the kind filter offers whole ("sale." is every sale event).
FAMILY_LABELS: dict[str, str] = {
    "backup": N_("Backups (all)"), "cart": N_("Carts (all)"), "cash": N_("Cash in and out (all)"),
    "einvoice": N_("E-invoices (all)"), "login": N_("Logins (all)"), "producer": N_("Producers (all)"),
    "product": N_("Products (all)"), "receipt": N_("Receipts (all)"), "sale": N_("Sales (all)"),
    "shift": N_("Shifts (all)"), "stock": N_("Stock (all)"), "till": N_("Till lock (all)"), "user": N_("Users (all)"),
}

# What an event is about.
ENTITY_LABELS: dict[str, str] = {
    "audit": N_("audit log"), "backup": N_("backup"), "cart": N_("cart"), "catalogue": N_("catalogue"),
    "consignment_settlement": N_("settlement"), "einvoice": N_("e-invoice"), "goods_receipt": N_("goods receipt"),
    "import": N_("import"), "outlet": N_("showroom"), "producer": N_("producer"), "product": N_("product"),
    "sale": N_("sale"), "sale_return": N_("return"), "setting": N_("setting"), "shift": N_("shift"),
    "stock_count": N_("stock count"), "stock_movement": N_("stock movement"), "terminal": N_("till"),
    "user": N_("user"),
}


# The details' names as the screen shows them (the CSV keeps the names themselves), and those that are amounts
# of money when they are whole numbers (a setting's "value" is text, a delivery's is đồng).
DETAIL_LABELS: dict[str, str] = {
    "action": N_("action"), "adjusted": N_("adjusted"), "amount": N_("amount"),
    "approved_amount": N_("approved amount"), "aside": N_("kept aside in"), "attempts": N_("attempts"),
    "backup_kind": N_("backup"), "cash_rounding": N_("cash rounding"), "changes": N_("changes"), "code": N_("code"),
    "commission": N_("commission"), "commission_bp": N_("commission (1/100 %)"), "consigned": N_("consigned"),
    "context": N_("where"), "counted": N_("counted"), "created": N_("added"), "day_from": N_("from"),
    "day_to": N_("to"), "delivery_note_no": N_("delivery note"), "error": N_("error"), "expected": N_("expected"),
    "folder": N_("folder"), "idle_minutes": N_("idle minutes"), "invoice": N_("invoice"),
    "kind_filter": N_("kind filter"), "label": N_("label"), "lines": N_("lines"), "lockouts": N_("lockouts"),
    "lost": N_("lost"), "method": N_("method"), "name": N_("name"), "note": N_("note"), "on_hand": N_("on hand"),
    "opening_float": N_("opening float"), "over_short": N_("over/short"), "owner_id": N_("owner"),
    "path": N_("file"), "payable": N_("payable"), "period": N_("period"), "photo": N_("photo"),
    "previous": N_("before"), "previous_bp": N_("before (1/100 %)"), "price": N_("price"),
    "producer_id": N_("producer no."), "producers": N_("producers"), "purpose": N_("for"), "qty": N_("quantity"),
    "rate_bp": N_("rate (1/100 %)"), "reason": N_("reason"), "receipt_no": N_("receipt"), "refund": N_("refund"),
    "return_no": N_("return"), "revision": N_("revision"), "role": N_("role"), "rows": N_("rows"),
    "sales_value": N_("sales"), "series": N_("series"), "size": N_("size (bytes)"), "sku": N_("SKU"),
    "total": N_("total"), "unchanged": N_("unchanged"), "unlocked": N_("unlocked"), "until": N_("until"),
    "updated": N_("changed"), "user_filter": N_("user filter"), "valid_from": N_("from"), "value": N_("value"),
    "variance_value": N_("variance value"), "variances": N_("variances"), "via": N_("via"), "what": N_("what"),
}
# Details whose values are one of a few words the code writes ("role": "cashier"), as the screen shows them.
DETAIL_VALUE_LABELS: dict[str, dict[str, str]] = {
    "role": {"cashier": N_("cashier"), "manager": N_("manager"), "admin": N_("administrator")},
    "backup_kind": {"shift": N_("at shift close"), "daily": N_("daily"), "manual": N_("by hand")},
    "method": {"cash": N_("cash"), "card": N_("card"), "transfer": N_("bank transfer"), "ewallet": N_("e-wallet")},
    "via": {"app": N_("the app"), "cli": N_("the command line")},
    "purpose": {"login": N_("logging in"), "unlock": N_("unlocking the till")},
    "context": {"adjustment": N_("stock adjustment")},
}
APPROVALS = frozenset(permissions.PERMISSIONS)  # "purpose": "approve:<one of these>" on an approver's PIN
MONEY_DETAILS = frozenset({"amount", "approved_amount", "cash_rounding", "commission", "counted", "expected",
                           "opening_float", "over_short", "payable", "price", "refund", "sales_value", "total",
                           "value", "variance_value"})


def label_of(labels: dict[str, str], key: str, translate: Callable[[str], str]) -> str:
    """``labels[key]`` in the reader's language (``translate`` of its English source text), or ``key`` as it is."""
    label = labels.get(key)
    return translate(label) if label else key


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None
    kind: str | None = None  # an exact kind ("sale.completed") or a family ending in "." ("login.": login too)
    day_from: date | None = None  # business days, inclusive
    day_to: date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # UTC
    kind: str
    user: str
    approver: str
    terminal: str
    entity: str
    entity_id: str
    details: str  # JSON text

    @property
    def local_time(self) -> str:
        return format_datetime(self.at, seconds=True)

    def _details(self) -> dict[str, Any] | None:
        """The details' names and values; None when the stored text is not a JSON object."""
        try:
            data = json.loads(self.details or "{}")
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def details_text(self) -> str:
        """``key=value, …`` for people; the JSON as it is when it cannot be read."""
        data = self._details()
        if data is None:
            return self.details
        return ", ".join(f"{k}={v}" for k, v in data.items())

    def entity_shown(self, translate: Callable[[str], str]) -> str:
        """What the event is about as the screen shows it: "hóa đơn 9ce4…", a setting by its name in the interface
        language ("cài đặt: Máy in hóa đơn"; the key is in the CSV)."""
        label = label_of(ENTITY_LABELS, self.entity, translate)
        if self.entity == "setting" and self.entity_id in settings.KEYS:
            return f"{label}: {translate(settings.KEYS[self.entity_id].description)}"
        return f"{label} {self.entity_id}".strip()

    def details_shown(self, translate: Callable[[str], str]) -> str:
        """The details as the screen shows them: each name in the interface language (``translate`` of its
        label), amounts as ``480.000 ₫``, yes/no for true/false; the CSV keeps ``details_text``."""
        data = self._details()
        if data is None:
            return self.details
        parts = []
        for key, value in data.items():
            if value is None or value == "":  # nothing to read ("ghi chú: ;" for a count started without a note)
                continue
            if isinstance(value, bool):
                shown = translate(N_("yes") if value else N_("no"))
            elif key in MONEY_DETAILS and isinstance(value, int):
                shown = format_vnd(value)
            elif isinstance(value, str) and value in DETAIL_VALUE_LABELS.get(key, {}):
                shown = translate(DETAIL_VALUE_LABELS[key][value])
            elif key == "purpose" and isinstance(value, str) and value.removeprefix("approve:") in APPROVALS:
                action = translate(permissions.describe(value.removeprefix("approve:")))
                shown = translate(N_("approving: {action}")).replace("{action}", action)
            else:
                shown = str(value)
            parts.append(f"{label_of(DETAIL_LABELS, key, translate)}: {shown}")
        return "; ".join(parts)


def kinds(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.kind).distinct().order_by(AuditEvent.kind)))


def people(session: Session) -> list[tuple[int, str]]:
    """Everyone who ever had an account (former staff too: their events stay in the log)."""
    return [(uid, name) for uid, name in session.execute(select(User.id, User.name).order_by(User.name))]


def _query(flt: AuditFilter) -> Select:
    actor, approver = aliased(User), aliased(User)
    query = (
        select(AuditEvent.id, AuditEvent.at, AuditEvent.kind, actor.name, approver.name, Terminal.code,
               AuditEvent.entity, AuditEvent.entity_id, AuditEvent.details)
        .outerjoin(actor, actor.id == AuditEvent.user_id)
        .outerjoin(approver, approver.id == AuditEvent.approver_id)
        .outerjoin(Terminal, Terminal.id == AuditEvent.terminal_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if flt.user_id is not None:
        query = query.where(or_(AuditEvent.user_id == flt.user_id, AuditEvent.approver_id == flt.user_id))
    if flt.kind:
        if flt.kind.endswith("."):  # a family: "login." is login, login.failed…
            query = query.where(or_(AuditEvent.kind == flt.kind[:-1],
                                    AuditEvent.kind.startswith(flt.kind, autoescape=True)))
        else:
            query = query.where(AuditEvent.kind == flt.kind)
    if flt.day_from is not None:
        query = query.where(AuditEvent.at >= day_start_utc(flt.day_from))
    if flt.day_to is not None:
        query = query.where(AuditEvent.at < day_start_utc(flt.day_to + timedelta(days=1)))
    return query


def search(session: Session, actor: Actor, flt: AuditFilter, *, limit: int | None = DEFAULT_LIMIT,
           approved_by: int | None = None) -> list[AuditRow]:
    """The newest events matching ``flt`` (at most ``limit``; None for all)."""
    permissions.require(session, actor, "audit_log", approved_by)
    query = _query(flt)
    if limit is not None:
        query = query.limit(limit)
    return list(_audit_rows(session, query))


_READ_BATCH = 2000  # rows read from SQLite at a time


def _audit_rows(session: Session, query: Select[Any]) -> Iterator[AuditRow]:
    for r in session.execute(query.execution_options(yield_per=_READ_BATCH)):
        yield AuditRow(r[0], r[1], r[2], r[3] or "", r[4] or "", r[5] or "", r[6] or "", r[7] or "", r[8] or "")


def _csv_rows(rows: Iterable[AuditRow]) -> Iterator[list[str]]:
    yield list(CSV_HEADER)
    for r in rows:
        yield [csv_cell(v) for v in (r.local_time, r.kind, r.user, r.approver, r.terminal, r.entity, r.entity_id,
                                     r.details_text())]


def to_csv(rows: Iterable[AuditRow]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(_csv_rows(rows))
    return out.getvalue()


def write_csv(session: Session, actor: Actor, flt: AuditFilter, path: Path, approved_by: int | None = None) -> int:
    """Write every event matching ``flt`` to ``path`` (UTF-8 with a BOM, so Excel shows Vietnamese) and return how
    many were written. It only reads: a read session serves (a whole log of 334,000 events takes seconds, and a
    write transaction held that long would keep a sale waiting); ``record_export`` then logs it.

    Streamed, a batch of rows at a time, into a file beside ``path`` that replaces it once whole (a failure leaves
    ``path`` as it was): built as one 47 MB text, the whole log (334,000 events) held the app's other threads (the
    screen) ~0.28 s at a time at its end, making the text, encoding it and letting every row go at once."""
    permissions.require(session, actor, "audit_log", approved_by)
    tmp = path.with_name(path.name + ".tmp")
    written = -1  # the header is not an event
    try:
        with tmp.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            for row in _csv_rows(_audit_rows(session, _query(flt))):
                writer.writerow(row)
                written += 1
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return written


def record_export(session: Session, actor: Actor, flt: AuditFilter, path: Path, rows: int,
                  approved_by: int | None = None) -> None:
    """Record in the log that ``rows`` events matching ``flt`` were exported to ``path`` (in the caller's
    transaction)."""
    audit.record(session, "audit.exported", user_id=actor.user_id, terminal_id=actor.terminal_id,
                 approver_id=approved_by, entity="audit", rows=rows, path=str(path),
                 user_filter=flt.user_id, kind_filter=flt.kind or "",
                 day_from=str(flt.day_from or ""), day_to=str(flt.day_to or ""))

