"""Printing: receipt documents from saved sales, returns, Z/X reports and settlements; the print path
with its reprint queue (table ``print_job``); product labels and in-store EAN-13 codes.

A sale is committed before anything prints. ``run`` reads what it needs in its own short session,
renders the whole job, sends it with no database session open, and then records the outcome: the
sale marked printed, or the job in the reprint queue with the printer's reason. The queue prints the
original of a receipt that never came out; a reprint somebody asks for (``reprint``, the
``receipt_copy`` request) is marked as a copy, and so is a "receipt" request for a sale that printed.

The print path itself, the printer settings and the receipts and return slips are ``services.receipts``, in plain
SQL (``showroom-pos reprint`` runs it without SQLAlchemy); this module runs it in sessions and adds the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.barcode import BarcodeError, classify, with_check_digit
from showroom_pos.core.cart import price_cart
from showroom_pos.core.clock import format_date, now_utc
from showroom_pos.core.errors import NotFound, UserError, ValidationError
from showroom_pos.core.money import format_vnd
from showroom_pos.core.receipt import (
    DocumentKind,
    ReceiptDocument,
    ReceiptLine,
    Row,
    format_rate,
    format_time,
    method_name,
)
from showroom_pos.core.text import is_ascii_digits
from showroom_pos.hardware import labels as label_render
from showroom_pos.hardware.printers import (
    PrinterConfig,
    PrinterStatus,
    Transport,
    parse_connection,
    probe,
)
from showroom_pos.hardware.receipt_render import RenderOptions, trial_page_documents
from showroom_pos.storage.models import (
    ConsignmentSettlement,
    Producer,
    Product,
    ProductBarcode,
    ReprintQueue,
    Sale,
    SaleReturn,
    Shift,
    Terminal,
)

from . import audit, permissions, print_queue, receipts, settings, shifts
from .context import Actor
from .receipts import (  # noqa: F401  (part of this module's interface)
    OutletHeader,
    PreparedJob,
    PrintOutcome,
    PrintRequest,
    UnknownPrintKind,
    find_receipt,
    outlet_header,
    printer_config,
    return_document,
    sale_document,
)
from .receipts import header_fields as _header_fields
from .receipts import user_name as _user_name
from .reports import period_summary
from .till import checkout_sale, saved_carts

# What can be printed; the first five can wait in the reprint queue.
QUEUED_KINDS = ("receipt", "return", "z_report", "settlement", "void")
KINDS = (*QUEUED_KINDS, "receipt_copy", "return_copy", "x_report", "sales_summary", "payment_request", "test_page",
         "drawer")
INSTORE_PREFIX = "29"


# --- documents -------------------------------------------------------------------------------------


def void_document(session: Session, sale_id: str) -> ReceiptDocument:
    """The slip of a voided sale: its lines and totals under the title of a cancellation."""
    doc = sale_document(session, sale_id, copy=False)
    return replace(doc, kind=DocumentKind.VOID, title_override=None, footer="")


def sales_summary_document(session: Session, period: str, user_id: int | None = None) -> ReceiptDocument:
    """The period summary of the reports screen (``START/END`` as ISO dates) on receipt paper; the
    figures are the reports service's own."""
    try:
        start, end = (date.fromisoformat(part) for part in period.split("/", 1))
    except ValueError:
        raise ValidationError("A summary needs a period written START/END.") from None
    s = period_summary.summary(session, start, end)
    rows = [
        Row("Kỳ", f"{start:%d/%m/%Y} - {end:%d/%m/%Y}"),
        Row("Số hóa đơn", str(s.receipts)),
        Row("Hóa đơn đã hủy", str(s.voided)),
        Row("Doanh thu gộp", format_vnd(s.gross)),
        Row("Giảm giá", format_vnd(-s.discounts)),
        Row("Trả hàng", format_vnd(-s.returns)),
        Row("Doanh thu thuần", format_vnd(s.net), True),
        Row("Thuế GTGT (đã gồm)", format_vnd(s.vat)),
        Row("Bình quân mỗi hóa đơn", format_vnd(s.average_basket)),
        Row("THEO HÌNH THỨC THANH TOÁN", bold=True),
        *(Row(method_name(m), format_vnd(v)) for m, v in sorted(s.by_method.items())),
    ]
    return ReceiptDocument(
        kind=DocumentKind.SALES_SUMMARY, number=f"{start:%y%m%d}-{end:%y%m%d}", issued_at=now_utc(),
        cashier=_user_name(session, user_id), rows=tuple(rows), total=s.net, **_header_fields(session),
    )


def latest_sale_document(session: Session) -> ReceiptDocument | None:
    """The newest sale's receipt (for the preview), or None before the first sale."""
    sale_id = session.scalar(select(Sale.id).order_by(Sale.created_at.desc(), Sale.receipt_no.desc()).limit(1))
    return sale_document(session, sale_id, copy=False) if sale_id else None


def _report_rows(report: shifts.ZReport, terminal: str, opened_by: str) -> list[Row]:
    def when(iso: str) -> str:
        return format_time(datetime.fromisoformat(iso)) if iso else ""

    money = format_vnd
    rows = [
        Row("Ngày kinh doanh", format_date(date.fromisoformat(report.business_day))),
        Row("Quầy", terminal),
        Row("Người mở ca", opened_by),
        Row("Mở ca", when(report.opened_at)),
    ]
    if report.closed_at:
        rows.append(Row("Đóng ca", when(report.closed_at)))
    rows += [
        Row("DOANH THU", bold=True),
        Row("Số hóa đơn", str(report.receipts)),
        Row("Hóa đơn đã hủy", str(report.voided)),
        Row("Doanh thu gộp", money(report.gross_sales)),
        Row("Giảm giá", money(-report.discounts)),
        Row("Trả hàng", money(-report.returns)),
        Row("Doanh thu thuần", money(report.net_sales), True),
        Row("Thuế GTGT (đã gồm)", money(report.vat)),
    ]
    if report.cash_rounding:
        rows.append(Row("Làm tròn tiền mặt", money(report.cash_rounding)))
    if report.refund_rounding:
        rows.append(Row("Làm tròn tiền mặt hoàn lại", money(report.refund_rounding)))
    if report.einvoices:  # e-invoices from the cash register: the shift's first and last number
        rows += [Row("HÓA ĐƠN ĐIỆN TỬ", bold=True), Row("Số hóa đơn", str(report.einvoices)),
                 Row("Từ số", report.einvoice_first), Row("Đến số", report.einvoice_last)]
    rows += [
        Row("THEO HÌNH THỨC THANH TOÁN", bold=True),
    ]
    rows += [Row(method_name(m), money(v)) for m, v in sorted(report.by_method.items())]
    rows += [Row(f"Hoàn tiền - {method_name(m)}", money(-v)) for m, v in sorted(report.refunds_by_method.items())]
    rows += [
        Row("KÉT TIỀN MẶT", bold=True),
        Row("Tiền đầu ca", money(report.opening_float)),
        Row("Nộp thêm", money(report.cash_in)),
        Row("Rút ra", money(-report.cash_out)),
        Row("Tiền mặt dự kiến", money(report.expected_cash), True),
    ]
    if report.closed_at:
        rows += [
            Row("Tiền mặt đếm được", money(report.counted_cash)),
            Row("Chênh lệch", money(report.over_short), True),
        ]
    return rows


def z_report_document(session: Session, shift_id: str) -> ReceiptDocument:
    """The stored Z report of a closed shift, or an X report (figures so far) of an open one."""
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise NotFound("No shift {shift}.", shift=shift_id)
    if shift.z_report:
        report = shifts.ZReport(**json.loads(shift.z_report))
        kind = DocumentKind.Z_REPORT
        issued = shift.closed_at or now_utc()
        cashier = _user_name(session, shift.closed_by)
    else:
        report = shifts.z_report(session, shift)
        kind = DocumentKind.X_REPORT
        issued = now_utc()
        cashier = _user_name(session, shift.user_id)
    terminal = session.scalar(select(Terminal.code).where(Terminal.id == shift.terminal_id)) or ""
    number = f"{terminal}-Z{shift.business_day:%y%m%d}-{shift.id[:4].upper()}"
    return ReceiptDocument(
        kind=kind, number=number, issued_at=issued, cashier=cashier,
        rows=tuple(_report_rows(report, terminal, _user_name(session, shift.user_id))),
        total=report.net_sales, **_header_fields(session),
    )


def settlement_document(session: Session, settlement_id: str) -> ReceiptDocument:
    row = session.get(ConsignmentSettlement, settlement_id)
    if row is None:
        raise NotFound("No settlement {settlement}.", settlement=settlement_id)
    producer = session.get(Producer, row.producer_id)
    rows = [
        Row("Chủ thể OCOP", producer.name if producer else str(row.producer_id)),
        Row("Kỳ", f"{row.period_start:%d/%m/%Y} - {row.period_end:%d/%m/%Y}"),
        Row("SL nhận", str(row.qty_received)),
        Row("SL bán", str(row.qty_sold)),
        Row("SL trả lại", str(row.qty_returned)),
        Row("SL còn lại", str(row.qty_on_hand)),
        Row("Doanh thu bán", format_vnd(row.sales_value)),
        Row(f"Hoa hồng ({format_rate(row.commission_bp)})", format_vnd(-row.commission)),
        Row("Phải trả chủ thể", format_vnd(row.payable), True),
        Row(""),
        Row("Đại diện điểm bán ký:"),
        Row(""),
        Row("Đại diện chủ thể OCOP ký:"),
        Row(""),
    ]
    return ReceiptDocument(
        kind=DocumentKind.SETTLEMENT, number=f"QT-{row.period_end:%y%m%d}-{row.id[:4].upper()}",
        issued_at=row.settled_at, cashier=_user_name(session, row.settled_by), rows=tuple(rows),
        total=row.payable, **_header_fields(session),
    )


def payment_request_document(session: Session, terminal_id: int, amount: int, reference: str,
                             user_id: int | None = None) -> ReceiptDocument:
    """A slip with the VietQR for a transfer not yet paid, with the cart in progress when there is one
    (the checkout owns the VietQR of a payment and the cart)."""
    qr = checkout_sale.vietqr_for(session, terminal_id, amount, reference)
    cart = saved_carts.active_cart(session, terminal_id, user_id)
    lines: tuple[ReceiptLine, ...] = ()
    subtotal = discount = total = 0
    if cart is not None and cart.lines:
        totals = price_cart(list(cart.lines), cart.discount)
        lines = tuple(
            ReceiptLine(name=p.line.name, qty=p.line.qty, unit=p.line.unit, unit_price=p.line.unit_price,
                        amount=p.gross, discount=p.line_discount, stars=p.line.stars, by_weight=p.line.by_weight,
                        vat_rate_bp=p.line.vat_rate_bp)
            for p in totals.lines
        )
        subtotal, discount, total = totals.subtotal, totals.discount_total, totals.total
    return ReceiptDocument(
        kind=DocumentKind.PAYMENT_REQUEST, number=reference, issued_at=now_utc(),
        cashier=_user_name(session, user_id), lines=lines, subtotal=subtotal, discount=discount, total=total,
        vietqr=qr.payload(), vietqr_amount=amount, **_header_fields(session),
    )


def documents_for(session: Session, request: PrintRequest,
                  config: PrinterConfig) -> list[tuple[ReceiptDocument, RenderOptions]]:
    kind, ref = request.kind, request.ref
    if kind in ("receipt", "receipt_copy", "return", "return_copy"):
        return receipts.documents(session, request, config)
    if kind == "void":
        docs = [void_document(session, ref)]
    elif kind == "sales_summary":
        docs = [sales_summary_document(session, ref, request.user_id)]
    elif kind in ("z_report", "x_report"):
        docs = [z_report_document(session, ref)]
    elif kind == "settlement":
        docs = [settlement_document(session, ref)]
    elif kind == "payment_request":
        amount_text, _, reference = ref.partition(":")
        if not is_ascii_digits(amount_text) or request.terminal_id is None:
            raise ValidationError("A payment request needs an amount and a till.")
        docs = [payment_request_document(session, request.terminal_id, int(amount_text), reference,
                                         request.user_id)]
    elif kind == "test_page":
        return trial_page_documents(outlet_header(session).name, config.render, now_utc())
    elif kind == "drawer":
        return []
    else:
        raise UnknownPrintKind(kind=kind)
    return [(doc, config.render) for doc in docs]


def prepare(session: Session, request: PrintRequest, config: PrinterConfig | None = None) -> PreparedJob:
    return receipts.prepare(session, request, config or printer_config(session), documents_for)


def enqueue(session: Session, kind: str, ref: str, error: str) -> ReprintQueue:
    """Put a job in the reprint queue (once: a job already waiting gets the newest error)."""
    kind = {"receipt_copy": "receipt", "return_copy": "return", "x_report": "z_report"}.get(kind, kind)
    if kind not in QUEUED_KINDS:
        raise UnknownPrintKind(kind=kind)
    job = session.scalars(
        select(ReprintQueue).where(ReprintQueue.kind == kind, ReprintQueue.ref == ref, ReprintQueue.done_at.is_(None))
    ).first()
    if job is None:
        job = ReprintQueue(kind=kind, ref=ref, error=error)
        session.add(job)
    else:
        job.error = error
    session.flush()
    return job


@dataclass(frozen=True)
class QueuedJob:
    id: int
    kind: str
    ref: str
    label: str
    error: str
    created_at: datetime


def pending_jobs(session: Session) -> list[QueuedJob]:
    """What waits in the reprint queue, oldest first, with a label people recognise (receipt number)."""
    jobs = session.scalars(select(ReprintQueue).where(ReprintQueue.done_at.is_(None)).order_by(ReprintQueue.id))
    out = []
    for job in jobs:
        label = job.ref
        if job.kind == "receipt":
            label = session.scalar(select(Sale.receipt_no).where(Sale.id == job.ref)) or job.ref
        elif job.kind == "return":
            label = session.scalar(select(SaleReturn.return_no).where(SaleReturn.id == job.ref)) or job.ref
        out.append(QueuedJob(job.id, job.kind, job.ref, label, job.error, job.created_at))
    return out


pending_count = print_queue.pending_count  # the queue's length lives where the status bar can read it cheaply


def _enqueue(session: Session, kind: str, ref: str, error: str) -> int:
    return enqueue(session, kind, ref, error).id


def run(sessions: sessionmaker[Session], request: PrintRequest, *, transport: Transport | None = None,
        config: PrinterConfig | None = None, queue_on_failure: bool = True) -> PrintOutcome:
    """Print one job start to end (``receipts.run``) in the sessions of ``sessions``; never raises for a printer
    problem (see ``PrintOutcome``): a job that did not print waits in the reprint queue (``queue_on_failure``).

    Called off the GUI thread by the print station, and by the CLI. A job that cannot even be built
    (unknown receipt, bad settings) raises its ``UserError``.
    """
    queued = queue_on_failure and request.kind not in ("test_page", "drawer", "payment_request")
    return receipts.run(sessions, sessions.begin, request, documents_for=documents_for, transport=transport,
                        config=config, enqueue=_enqueue if queued else None)


def retry_pending(sessions: sessionmaker[Session], *, transport: Transport | None = None,
                  user_id: int | None = None) -> list[PrintOutcome]:
    """Print everything in the reprint queue, oldest first; stops at the first failure (the printer is
    still not working: the rest would fail the same way)."""
    with sessions() as session:
        jobs = pending_jobs(session)
    outcomes = []
    for job in jobs:
        outcome = run(sessions, PrintRequest(job.kind, job.ref, user_id=user_id), transport=transport)
        outcomes.append(outcome)
        if not outcome.printed:
            break
    return outcomes


def reprint(sessions: sessionmaker[Session], number: str, *, user_id: int | None = None,
            transport: Transport | None = None, config: PrinterConfig | None = None) -> PrintOutcome:
    """``receipts.reprint`` in the sessions of ``sessions``."""
    return receipts.reprint(sessions, sessions.begin, number, user_id=user_id, transport=transport, config=config)


def printer_status(sessions: sessionmaker[Session]) -> PrinterStatus:
    """Whether the configured printer is there (a second or two at most; call it off the GUI thread)."""
    with sessions() as session:
        config = printer_config(session)
    return probe(parse_connection(config.connection), config)


def kick_drawer(sessions: sessionmaker[Session], *, transport: Transport | None = None) -> PrintOutcome:
    return run(sessions, PrintRequest("drawer"), transport=transport, queue_on_failure=False)


def sale_has_cash(session: Session, sale_id: str) -> bool:
    sale = session.get(Sale, sale_id)
    return sale is not None and any(p.method == "cash" for p in sale.payments)


def request_for_return(session: Session, return_id: str, user_id: int | None = None) -> PrintRequest:
    """The slip of a return just recorded: the drawer opens first when cash is handed back (a refund by
    card, transfer or e-wallet leaves it shut)."""
    ret = session.get(SaleReturn, return_id)
    cash = ret is not None and ret.refund_method == "cash" and ret.paid_out > 0
    return PrintRequest("return", return_id, user_id=user_id, terminal_id=ret.terminal_id if ret else None,
                        kick_drawer=cash)


def request_for_sale(session: Session, sale_id: str, user_id: int | None = None) -> PrintRequest:
    """The receipt of a sale just completed: the drawer opens first when cash was taken."""
    sale = session.get(Sale, sale_id)
    terminal_id = sale.terminal_id if sale else None
    return PrintRequest("receipt", sale_id, user_id=user_id, terminal_id=terminal_id,
                        kick_drawer=sale_has_cash(session, sale_id))


# --- labels and in-store codes ---------------------------------------------------------------------


def scannable_code(codes: list[str]) -> str | None:
    """The first stored code a scanner can read back as itself: a valid EAN-13/EAN-8/UPC, or Code 128
    text. Scale item codes (the 7-digit prefix of price/weight codes) are not labels."""
    for code in codes:
        try:
            classify(code)
        except BarcodeError:
            continue
        return code
    return None


def label_items(session: Session, skus: list[str] | None = None) -> list[label_render.LabelItem]:
    """Labels for the named SKUs (in that order), or for every active product by name (as the products screen lists
    them: Vietnamese order, then SKU).

    Read as plain rows, each product with its codes, in one statement: loading every product of a 50,000-product
    catalogue and then each one's barcodes took ~9 s before the first label was drawn, and Python's collector, walking
    those objects, held the screen's thread up to 0.4 s at a time."""
    stmt = (select(Product.sku, Product.name, Product.price, Product.stars, Product.sold_by_weight, Product.unit,
                   ProductBarcode.code).outerjoin(ProductBarcode, ProductBarcode.product_id == Product.id))
    if skus:
        stmt = stmt.where(Product.sku.in_(skus)).order_by(ProductBarcode.id)
    else:
        stmt = stmt.where(Product.active).order_by(Product.name_sort, Product.sku, ProductBarcode.id)
    found: dict[str, tuple[tuple[str, int, int | None, str], list[str]]] = {}
    for sku, name, price, stars, by_weight, unit, code in session.execute(stmt):
        entry = found.get(sku)
        if entry is None:
            entry = found[sku] = ((name, price, stars, "kg" if by_weight else unit), [])
        if code is not None:
            entry[1].append(code)
    if skus:
        missing = [s for s in skus if s not in found]
        if missing:
            raise NotFound("No product with SKU {sku}.", sku=", ".join(missing))
    items = []
    for sku in skus or found:
        (name, price, stars, unit), codes = found[sku]
        items.append(label_render.LabelItem(code=scannable_code(codes) or sku, name=name, price=price, stars=stars,
                                            unit=unit, sku=sku))
    return items


def sheet_layout(session: Session) -> label_render.SheetLayout:
    values = settings.get_many(session, "labels.")
    try:
        return label_render.SheetLayout.from_settings(
            values.get("labels.sheet_grid", "3x8"), values.get("labels.sheet_margins_mm", "13,7"),
            values.get("labels.sheet_gap_mm", "2.5,0"))
    except ValueError as exc:
        raise ValidationError("The label sheet settings cannot be used: {reason}.", reason=str(exc)) from None


def single_label_size(session: Session) -> tuple[float, float]:
    try:
        return label_render.parse_size(settings.get(session, "labels.single_size_mm"))
    except ValueError as exc:
        raise ValidationError("The label size setting cannot be used: {reason}.", reason=str(exc)) from None


class LabelsStopped(UserError):
    """Raised by a batch's ``progress`` when the person stops it: no label file is written."""

    message = "Labels stopped: no file was written."


def label_count(session: Session, skus: list[str] | None = None) -> int:
    """How many labels ``write_labels`` makes for ``skus`` (every active product when None), without drawing them:
    the screen asks before a batch that takes minutes (a sheet for every product of a 50,000-product catalogue is
    2,084 A4 pages)."""
    if skus:
        return len(skus)
    return session.scalar(select(func.count()).select_from(Product).where(Product.active)) or 0


def write_labels(session: Session, out: Path, skus: list[str] | None = None, *, single: bool = False,
                 progress: label_render.LabelProgress | None = None) -> list[Path]:
    """Labels for ``skus`` (all active products when None) to ``out``: an A4 sheet PDF, or single
    labels (PDF one per page, PNG one file per product). Returns the files written.

    ``progress`` is told the labels drawn and the labels in all as they are drawn; raising ``LabelsStopped`` (or
    anything) from it stops the batch before any file is written."""
    items = label_items(session, skus)
    if not items:
        raise ValidationError("No products to print labels for.")
    try:
        if out.suffix.lower() == ".png":
            return label_render.write_single_png(items, out, single_label_size(session), progress=progress)
        if single:
            return [label_render.write_single_pdf(items, out, single_label_size(session), progress=progress)]
        return [label_render.write_sheet_pdf(items, out, sheet_layout(session), progress=progress)]
    except (label_render.LabelError, OSError) as exc:
        raise ValidationError("Labels not written: {reason}.", reason=str(exc)) from None


def next_instore_ean13(session: Session, prefix: str = INSTORE_PREFIX) -> str:
    """A new in-store EAN-13: prefix 2x (GS1's range for in-store use), a number above every code with
    that prefix, a valid check digit; never the item part of a scale code already in use."""
    return next(_instore_ean13s(session, prefix))


def _instore_ean13s(session: Session, prefix: str = INSTORE_PREFIX) -> Iterator[str]:
    """``next_instore_ean13`` one after another, from one read of the codes in use (giving codes to thousands of
    products read them all again for each)."""
    if not (is_ascii_digits(prefix) and prefix.startswith("2") and 1 <= len(prefix) <= 4):
        raise ValidationError("In-store codes start with 2.")
    existing = set(session.scalars(select(ProductBarcode.code).where(ProductBarcode.code.startswith(prefix))))
    scale_items = [c for c in existing if len(c) < 13]
    number = max((int(c[len(prefix):12]) for c in existing if len(c) == 13 and is_ascii_digits(c)), default=0)
    while True:
        number += 1
        body = f"{prefix}{number:0{12 - len(prefix)}d}"
        if len(body) != 12:
            raise ValidationError("No in-store code is left with prefix {prefix}.", prefix=prefix)
        code = with_check_digit(body)
        if code not in existing and not any(code.startswith(s) for s in scale_items):
            yield code


def assign_instore_codes(session: Session, actor: Actor, skus: list[str] | None = None, *,
                         approved_by: int | None = None) -> dict[str, str]:
    """Give each product without a scannable barcode an in-store EAN-13 (goods sold by weight are left
    to the scale's price/weight labels). Returns {sku: new code}.

    The products and their codes are read as plain rows, one statement: loading every product with its barcodes
    took ~8 s at 50,000 products (the printer screen frozen), even when none needed a code."""
    approver = permissions.require(session, actor, "catalogue_edit", approved_by)
    stmt = (select(Product.id, Product.sku, ProductBarcode.code).outerjoin(ProductBarcode)
            .where(Product.sku.in_(skus) if skus else Product.active, Product.sold_by_weight.is_(False))
            .order_by(Product.id, ProductBarcode.id))
    codes_of: dict[tuple[int, str], list[str]] = {}
    for pid, sku, code in session.execute(stmt):
        codes = codes_of.setdefault((pid, sku), [])
        if code is not None:
            codes.append(code)
    assigned: dict[str, str] = {}
    fresh = _instore_ean13s(session)
    for (pid, sku), codes in codes_of.items():
        if scannable_code(codes):
            continue
        code = next(fresh)
        product = session.get_one(Product, pid)  # only the products given a code are loaded
        product.barcodes.append(ProductBarcode(code=code))
        product.updated_at = now_utc()
        session.flush()
        assigned[sku] = code
        audit.record(session, "product.barcode_assigned", user_id=actor.user_id, approver_id=approver,
                     terminal_id=actor.terminal_id, entity="product", entity_id=str(pid), code=code)
    return assigned

