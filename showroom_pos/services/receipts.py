"""A saved sale's receipt and a return's slip, and the print path that prints a job and records it, in plain SQL on
a sqlite3 connection or a session's own (``storage.sqlite_file``).

``showroom-pos reprint`` runs on them without loading SQLAlchemy and the models (~0.35 s of a command that
otherwise takes a few milliseconds); the screens and the print station run the very same code through their
sessions (``services.printing``). A job is built in a read (``read``), sent with nothing open, and only then
recorded in a write transaction (``write``): the reprint queue's job done, the sale marked printed, a copy in the
audit log. A printer failure records nothing of a print that did not happen (the reprint queue gets the job when
the caller asks for it).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, TypedDict, TypeVar

from showroom_pos.core.clock import now_utc
from showroom_pos.core.errors import NotFound, UserError, ValidationError
from showroom_pos.core.money import format_vnd
from showroom_pos.core.receipt import (
    LABELS,
    DocumentKind,
    PaymentLine,
    ReceiptDocument,
    ReceiptLine,
    Row,
    VatLine,
    method_name,
)
from showroom_pos.hardware.printers import (
    PrinterConfig,
    PrinterError,
    Transport,
    drawer_job,
    job_bytes,
    parse_connection,
    transport_for,
)
from showroom_pos.hardware.receipt_render import RenderError, RenderOptions
from showroom_pos.storage import write_errors
from showroom_pos.storage.sqlite_file import driver_connection, read_datetime, stored_datetime, write_connection

from . import audit, settings
from .einvoice import receipt as einvoice_receipt

if TYPE_CHECKING:
    from showroom_pos.storage.sqlite_file import Readable, Writable

log = logging.getLogger(__name__)

# A copy is recorded against its original's kind (the reprint queue holds originals).
BASE_KIND = {"receipt_copy": "receipt", "return_copy": "return", "x_report": "z_report"}


class UnknownPrintKind(ValidationError):
    message = "Nothing called {kind} can be printed."


# --- settings --------------------------------------------------------------------------------------


def printer_config(source: Readable) -> PrinterConfig:
    """The printer settings; an unusable value is a ``ValidationError`` naming the setting."""
    values = settings.get_many(source, "printer.")
    config = PrinterConfig(
        connection=values.get("printer.connection", "none"),
        profile=values.get("printer.profile", "default"),
        mode=values.get("printer.mode", "raster"),
        paper_mm=values.number("printer.paper_mm"),
        codepage=values.get("printer.codepage", "auto"),
        drawer_pin=values.number("printer.drawer_pin"),
        drawer_pulse_ms=values.number("printer.drawer_pulse_ms"),
    )
    try:
        parse_connection(config.connection)
        _ = config.render
    except (ValueError, RenderError) as exc:
        raise ValidationError("The printer settings cannot be used: {reason}.", reason=str(exc)) from None
    return config


# --- documents -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutletHeader:
    name: str
    address: str
    tax_code: str
    phone: str


def outlet_header(source: Readable) -> OutletHeader:
    """The first outlet (as ``setup.outlet``), its address with the commune and province it does not name."""
    row = driver_connection(source).execute(
        "SELECT name, address, commune, province, tax_code, phone FROM outlet ORDER BY id LIMIT 1").fetchone()
    if row is None:
        raise ValidationError("The outlet is not set up yet.")
    name, address, commune, province, tax_code, phone = row
    parts = [address.strip()]
    for extra in (commune, province):
        if extra and extra.strip() and extra.strip().lower() not in address.lower():
            parts.append(extra.strip())
    return OutletHeader(name, ", ".join(p for p in parts if p), tax_code, phone)


def user_name(source: Readable, user_id: int | None) -> str:
    if user_id is None:
        return ""
    row = driver_connection(source).execute('SELECT name FROM "user" WHERE id = ?', (user_id,)).fetchone()
    return str(row[0] or "") if row is not None else ""


class HeaderFields(TypedDict):
    outlet_name: str
    outlet_address: str
    tax_code: str
    phone: str


def header_fields(source: Readable) -> HeaderFields:
    head = outlet_header(source)
    return {"outlet_name": head.name, "outlet_address": head.address, "tax_code": head.tax_code, "phone": head.phone}


def find_receipt(source: Readable, number: str) -> tuple[str, str]:
    """("receipt", sale id) or ("return", return id) for a number as printed or scanned."""
    key = number.strip().upper()
    conn = driver_connection(source)
    if key:
        row = conn.execute("SELECT id FROM sale WHERE receipt_no = ?", (key,)).fetchone()
        if row is not None:
            return "receipt", str(row[0])
        row = conn.execute("SELECT id FROM sale_return WHERE return_no = ?", (key,)).fetchone()
        if row is not None:
            return "return", str(row[0])
    raise NotFound("No sale with receipt number {receipt}.", receipt=number.strip())


def sale_document(source: Readable, sale_id: str, *, copy: bool | None = None) -> ReceiptDocument:
    """The receipt of a saved sale; ``copy`` defaults to "printed before"."""
    conn = driver_connection(source)
    sale = conn.execute(
        "SELECT receipt_no, created_at, user_id, status, subtotal, line_discount, cart_discount, total, change_due, "
        "cash_rounding, printed FROM sale WHERE id = ?", (sale_id,)).fetchone()
    if sale is None:
        raise NotFound("No sale with receipt number {receipt}.", receipt=sale_id)
    (receipt_no, created_at, cashier_id, status, subtotal, line_discount, cart_discount, total, change_due,
     cash_rounding, printed) = sale
    rows = conn.execute(
        "SELECT name, qty, unit, unit_price, gross, line_discount, stars, sold_by_weight, vat_rate_bp, amount, "
        "vat_amount FROM sale_line WHERE sale_id = ? ORDER BY line_no", (sale_id,)).fetchall()
    lines = tuple(
        ReceiptLine(name=r[0], qty=r[1], unit=r[2], unit_price=r[3], amount=r[4], discount=r[5], stars=r[6],
                    by_weight=bool(r[7]), vat_rate_bp=r[8])
        for r in rows
    )
    base: dict[int, int] = defaultdict(int)
    vat: dict[int, int] = defaultdict(int)
    for r in rows:
        base[r[8]] += r[9]
        vat[r[8]] += r[10]
    payments = tuple(PaymentLine(*p) for p in conn.execute(
        "SELECT method, amount, tendered, reference FROM payment WHERE sale_id = ? ORDER BY id", (sale_id,)))
    notes: tuple[str, ...] = ()
    if status == "voided":
        notes = ("*** ĐÃ HỦY ***",)
    return einvoice_receipt.sale_form(source, sale_id, ReceiptDocument(
        kind=DocumentKind.SALE, number=receipt_no, issued_at=read_datetime(created_at),
        cashier=user_name(source, cashier_id), lines=lines, subtotal=subtotal,
        discount=line_discount + cart_discount, total=total,
        vat=tuple(VatLine(rate, base[rate], vat[rate]) for rate in sorted(base)),
        payments=payments, change_due=change_due, cash_rounding=cash_rounding,
        footer=settings.get(source, "receipt.footer"), copy=bool(printed) if copy is None else copy, code=receipt_no,
        notes=notes, **header_fields(source),
    ))  # with an e-invoice, the receipt is its printed form


def return_document(source: Readable, return_id: str, *, copy: bool = False) -> ReceiptDocument:
    conn = driver_connection(source)
    ret = conn.execute(
        "SELECT return_no, sale_id, user_id, created_at, refund_total, vat_total, refund_method, reason, "
        "cash_rounding FROM sale_return WHERE id = ?", (return_id,)).fetchone()
    if ret is None:
        raise NotFound("No return {number}.", number=return_id)
    return_no, sale_id, cashier_id, created_at, refund_total, vat_total, refund_method, reason, cash_rounding = ret
    lines = tuple(
        ReceiptLine(name=r[0], qty=r[1], unit=r[2], unit_price=r[3], amount=r[4], stars=r[5], by_weight=bool(r[6]),
                    vat_rate_bp=r[7])
        for r in conn.execute(
            "SELECT sl.name, rl.qty, sl.unit, sl.unit_price, rl.amount, sl.stars, sl.sold_by_weight, sl.vat_rate_bp "
            "FROM return_line AS rl JOIN sale_line AS sl ON sl.id = rl.sale_line_id WHERE rl.return_id = ? "
            "ORDER BY sl.line_no, rl.id", (return_id,))
    )
    found = conn.execute("SELECT receipt_no FROM sale WHERE id = ?", (sale_id,)).fetchone()
    summary = [Row("Theo phiếu", str(found[0] or "") if found else "")]
    if reason:
        summary.append(Row("Lý do", reason))
    if vat_total:
        summary.append(Row("Trong đó thuế GTGT", format_vnd(vat_total)))
    if cash_rounding:  # the exact refund stays; the cash handed back was rounded, shown as its own line
        summary.append(Row("Tổng tiền hoàn", format_vnd(refund_total)))
        summary.append(Row(LABELS["cash_rounding"], format_vnd(cash_rounding)))
    paid_out = refund_total + cash_rounding
    summary.append(Row(f"Hoàn lại khách ({method_name(refund_method)})", format_vnd(paid_out), True))
    return einvoice_receipt.return_form(source, return_id, ReceiptDocument(
        kind=DocumentKind.RETURN, number=return_no, issued_at=read_datetime(created_at),
        cashier=user_name(source, cashier_id), lines=lines, rows=tuple(summary), total=refund_total,
        copy=copy, code=return_no, **header_fields(source),
    ))


# --- jobs ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintRequest:
    """``kind`` is one of ``printing.KINDS``; ``ref`` the sale/return/shift/settlement id, or for a payment
    request ``AMOUNT:REFERENCE``. ``kick_drawer`` opens the drawer first (cash sales)."""

    kind: str
    ref: str = ""
    user_id: int | None = None
    terminal_id: int | None = None
    kick_drawer: bool = False


@dataclass(frozen=True)
class PreparedJob:
    request: PrintRequest
    config: PrinterConfig
    data: bytes
    label: str
    copy: bool = False


@dataclass(frozen=True)
class PrintOutcome:
    request: PrintRequest
    printed: bool
    skipped: bool = False  # no printer is set: nothing to do, nothing queued
    error: str = ""  # in English, as the queue and the log keep it
    queued_job_id: int | None = None
    label: str = ""
    problem: UserError | None = None  # the error itself, for the screen to say in the person's language


Rendered: TypeAlias = list[tuple[ReceiptDocument, RenderOptions]]
S = TypeVar("S", bound="Readable")
W = TypeVar("W", bound="Writable")


def documents(source: Readable, request: PrintRequest, config: PrinterConfig) -> Rendered:
    """The documents of a receipt or a return slip, original or copy (``printing.documents_for`` prints the rest)."""
    kind, ref = request.kind, request.ref
    if kind == "receipt":
        doc = sale_document(source, ref)
    elif kind == "receipt_copy":
        doc = sale_document(source, ref, copy=True)
    elif kind in ("return", "return_copy"):
        doc = return_document(source, ref, copy=kind == "return_copy")
    else:
        raise UnknownPrintKind(kind=kind)
    return [(doc, config.render)]


def prepare(source: S, request: PrintRequest, config: PrinterConfig,
            documents_for: Callable[[S, PrintRequest, PrinterConfig], Rendered] = documents) -> PreparedJob:
    """The job's bytes, rendered whole before anything is sent."""
    if request.kind == "drawer":
        return PreparedJob(request, config, drawer_job(config), "drawer")
    docs = documents_for(source, request, config)
    data = job_bytes(docs, config, kick_drawer=request.kick_drawer)
    first = docs[0][0]
    return PreparedJob(request, config, data, first.text_summary(), copy=first.copy)


def record_printed(target: Writable, prepared: PreparedJob) -> None:
    """What a job that printed leaves, in the caller's transaction: its waiting job in the reprint queue done, the
    sale marked printed, and a copy (a reprint) in the audit log."""
    request = prepared.request
    base_kind = BASE_KIND.get(request.kind, request.kind)
    with write_errors.translated():
        conn = write_connection(target)
        conn.execute("UPDATE print_job SET done_at = ? WHERE kind = ? AND ref = ? AND done_at IS NULL",
                     (stored_datetime(now_utc()), base_kind, request.ref))
        if request.kind in ("receipt", "receipt_copy"):
            conn.execute("UPDATE sale SET printed = 1 WHERE id = ? AND NOT printed", (request.ref,))
    if prepared.copy:
        audit.record(target, "receipt.reprinted", user_id=request.user_id, terminal_id=request.terminal_id,
                     entity=base_kind, entity_id=request.ref, label=prepared.label)


def run(read: Callable[[], AbstractContextManager[S]], write: Callable[[], AbstractContextManager[W]],
        request: PrintRequest, *, documents_for: Callable[[S, PrintRequest, PrinterConfig], Rendered] = documents,
        transport: Transport | None = None, config: PrinterConfig | None = None,
        enqueue: Callable[[W, str, str, str], int] | None = None) -> PrintOutcome:
    """Print one job start to end; never raises for a printer problem (see ``PrintOutcome``). ``read`` and ``write``
    give the reading and the writing transaction (a session factory and its ``begin``, or a command's sqlite3
    ones); ``enqueue``: a job that did not print goes to the reprint queue through it (its id returned).

    A job that cannot even be built (unknown receipt, bad settings) raises its ``UserError``.
    """
    with read() as source:
        config = config or printer_config(source)
        if not config.enabled and transport is None:
            return PrintOutcome(request, printed=False, skipped=True)
        prepared = prepare(source, request, config, documents_for)
    try:
        (transport or transport_for(config)).send(prepared.data)
    except PrinterError as exc:
        error = exc.text()
        job_id = None
        if enqueue is not None:
            with write() as target:
                job_id = enqueue(target, request.kind, request.ref, error)
        log.warning("not printed: %s: %s", prepared.label, error)
        return PrintOutcome(request, printed=False, error=error, queued_job_id=job_id, label=prepared.label,
                            problem=exc)
    with write() as target:
        record_printed(target, prepared)
    return PrintOutcome(request, printed=True, label=prepared.label)


def reprint(read: Callable[[], AbstractContextManager[S]], write: Callable[[], AbstractContextManager[W]],
            number: str, *, user_id: int | None = None, transport: Transport | None = None,
            config: PrinterConfig | None = None) -> PrintOutcome:
    """Reprint a past receipt or return slip by its number, marked as a copy (only the reprint queue prints the
    original of a receipt that never came out); one that does not print is not queued (someone is there to see)."""
    with read() as source:
        kind, ref = find_receipt(source, number)
    request_kind = "receipt_copy" if kind == "receipt" else "return_copy"
    return run(read, write, PrintRequest(request_kind, ref, user_id=user_id), transport=transport, config=config)
