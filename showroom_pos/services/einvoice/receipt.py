"""The receipt as the invoice's printed form: when a sale has an e-invoice, its receipt carries the invoice's
title, form and symbol, number, the tax authority's code, the buyer's details when given, the amount in words and
a QR code to look the invoice up. Printed words are Vietnamese, as on every receipt (``core.receipt``); the
wording of the title comes from the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from showroom_pos.core.receipt import ReceiptDocument
from showroom_pos.storage.sqlite_file import driver_connection

if TYPE_CHECKING:
    from showroom_pos.storage.sqlite_file import Readable

    from . import document

NOTE_LABELS = {"symbol": "Mẫu số - Ký hiệu", "number": "Số hóa đơn", "code": "Mã CQT", "no_code": "(chờ cấp)",
               "seller": "Đơn vị bán", "buyer": "Người mua", "tax_code": "MST người mua", "address": "Địa chỉ",
               "email": "Email", "phone": "Điện thoại", "id_no": "Số CCCD", "words": "Số tiền viết bằng chữ",
               "lookup": "Tra cứu hóa đơn tại {site}", "cancelled": "*** HÓA ĐƠN ĐÃ BỊ HỦY ***",
               "adjusting": "Hóa đơn điều chỉnh", "cancel_notice": "Thông báo hủy hóa đơn 04/SS-HĐĐT"}


@dataclass(frozen=True)
class _Invoice:
    """What a receipt shows of an ``einvoice`` row (read in plain SQL: ``showroom-pos reprint`` loads no models)."""

    kind: str
    rules: str
    form: str
    symbol: str
    number: int | None
    code: str | None
    cancelled: bool
    xml: str
    lookup_url: str


_COLUMNS = "kind, rules, form, symbol, number, code, cancelled, xml, lookup_url"


def _invoice(row: tuple[object, ...]) -> _Invoice:
    kind, rules, form, symbol, number, code, cancelled, xml, lookup_url = row
    return _Invoice(str(kind), str(rules), str(form), str(symbol), number if isinstance(number, int) else None,
                    None if code is None else str(code), bool(cancelled), str(xml), str(lookup_url or ""))


def _invoice_for_sale(source: Readable, sale_id: str) -> _Invoice | None:
    """The sale's invoice in force, else its latest numbered one (a voided sale shows the cancelled invoice)."""
    rows = [_invoice(r) for r in driver_connection(source).execute(
        f"SELECT {_COLUMNS} FROM einvoice WHERE sale_id = ? AND number IS NOT NULL AND return_id IS NULL "
        "ORDER BY issued_at DESC, number DESC", (sale_id,))]
    live = [r for r in rows if not r.cancelled]
    return live[0] if live else (rows[0] if rows else None)


def _subtitle(row: _Invoice) -> str:
    from .rules import load

    for rule_set in load():
        if rule_set.id == row.rules:
            return str(rule_set.data.get("printed_subtitle", ""))
    return ""


def _lines(row: _Invoice, inv: document.Invoice, outlet_name: str) -> list[str]:
    notes = [f"{NOTE_LABELS['symbol']}: {row.form}{row.symbol}", f"{NOTE_LABELS['number']}: {row.number:08d}",
             f"{NOTE_LABELS['code']}: {row.code or NOTE_LABELS['no_code']}"]
    if inv.seller.name and inv.seller.name != outlet_name:
        notes.append(f"{NOTE_LABELS['seller']}: {inv.seller.name}")
    b = inv.buyer
    for key, value in (("buyer", b.name), ("tax_code", b.tax_code), ("address", b.address), ("email", b.email),
                       ("phone", b.phone), ("id_no", b.id_no)):
        if value:
            notes.append(f"{NOTE_LABELS[key]}: {value}")
    return notes


def _lookup(row: _Invoice) -> tuple[tuple[str, str], ...]:
    if not row.lookup_url:
        return ()
    site = urlparse(row.lookup_url).netloc or row.lookup_url
    return ((row.lookup_url, NOTE_LABELS["lookup"].format(site=site)),)


def sale_form(source: Readable, sale_id: str, doc: ReceiptDocument) -> ReceiptDocument:
    """``doc`` (the sale's receipt) as its invoice's printed form; unchanged when the sale has no invoice."""
    row = _invoice_for_sale(source, sale_id)
    if row is None:
        return doc
    from . import document  # lxml: loaded for the receipts that have an invoice
    inv = document.from_xml(row.xml)
    after = [f"{NOTE_LABELS['words']}: {inv.total_words}"]
    if row.cancelled and row.kind == "invoice" and doc.notes:  # voided: the receipt says so already
        after.append(NOTE_LABELS["cancelled"])
    return replace(doc, title_override=inv.title, subtitle=_subtitle(row),
                   notes=(*doc.notes, *_lines(row, inv, doc.outlet_name)), after_totals=tuple(after),
                   qr_codes=_lookup(row))


def return_form(source: Readable, return_id: str, doc: ReceiptDocument) -> ReceiptDocument:
    """A return slip names the adjusting invoice (or notice) the return produced, with its lookup QR."""
    rows = [_invoice(r) for r in driver_connection(source).execute(
        f"SELECT {_COLUMNS} FROM einvoice WHERE return_id = ?", (return_id,))]
    if not rows:
        return doc
    from . import document
    notes = list(doc.notes)
    qr: tuple[tuple[str, str], ...] = ()
    for row in rows:
        if row.number is None:
            notes.append(NOTE_LABELS["cancel_notice"])
            continue
        inv = document.from_xml(row.xml)
        notes.append(f"{NOTE_LABELS['adjusting']}: {row.form}{row.symbol}-{row.number:08d}")
        notes.append(f"{NOTE_LABELS['code']}: {row.code or NOTE_LABELS['no_code']}")
        if inv.related is not None:
            notes.append(f"(cho hóa đơn {inv.related.form}{inv.related.symbol}-{inv.related.number:08d})")
        qr = _lookup(row)
    return replace(doc, notes=tuple(notes), qr_codes=qr)
