"""The receipt document: everything a printed receipt (or a Z report, a settlement statement, a return
slip) says, as plain data. Services build it from saved records; the hardware layer lays it out for
paper, the screen preview and the tests. Nothing here knows about printers.

Printed words are Vietnamese whatever the interface language: a receipt is handed to the customer
and kept with the accounts, so its wording is fixed here rather than translated with the UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .clock import local
from .money import format_vnd


class DocumentKind(StrEnum):
    SALE = "sale"
    RETURN = "return"
    Z_REPORT = "z_report"
    X_REPORT = "x_report"
    SETTLEMENT = "settlement"
    PAYMENT_REQUEST = "payment_request"
    VOID = "void"
    SALES_SUMMARY = "sales_summary"
    TEST_PAGE = "test_page"


# Printed wording (Vietnamese, fixed: see the module docstring).
TITLES: dict[DocumentKind, str] = {
    DocumentKind.SALE: "PHIẾU THANH TOÁN",
    DocumentKind.RETURN: "PHIẾU TRẢ HÀNG",
    DocumentKind.Z_REPORT: "BÁO CÁO CUỐI CA (Z)",
    DocumentKind.X_REPORT: "BÁO CÁO GIỮA CA (X)",
    DocumentKind.SETTLEMENT: "BẢNG QUYẾT TOÁN HÀNG KÝ GỬI",
    DocumentKind.PAYMENT_REQUEST: "PHIẾU CHUYỂN KHOẢN",
    DocumentKind.VOID: "PHIẾU HỦY GIAO DỊCH",
    DocumentKind.SALES_SUMMARY: "TỔNG HỢP DOANH THU",
    DocumentKind.TEST_PAGE: "TRANG IN THỬ",
}
PAYMENT_METHOD_NAMES = {
    "cash": "Tiền mặt",
    "card": "Thẻ",
    "transfer": "Chuyển khoản",
    "ewallet": "Ví điện tử",
}
COPY_MARK = "BẢN SAO - IN LẠI"
LABELS = {
    "number": "Số",
    "time": "Ngày",
    "cashier": "Thu ngân",
    "tax_code": "MST",
    "phone": "ĐT",
    "subtotal": "Tổng tiền hàng",
    "discount": "Giảm giá",
    "line_discount": "Giảm giá",
    "total": "TỔNG CỘNG",
    "vat_included": "Giá đã gồm thuế GTGT",
    "vat": "Thuế GTGT {rate}",
    "change": "Tiền thừa trả khách",
    "cash_rounding": "Làm tròn (tiền mặt)",
    "to_pay_cash": "Khách trả tiền mặt",
    "vietqr": "Quét mã để chuyển khoản {amount}",
    "refund": "Hoàn lại khách",
    "original": "Theo phiếu",
    "reason": "Lý do",
}


def method_name(method: str) -> str:
    return PAYMENT_METHOD_NAMES.get(method, method)


def format_rate(rate_bp: int) -> str:
    """VAT rate in basis points as printed: ``800`` → ``8%``, ``525`` → ``5,25%``, ``0`` → ``0%``."""
    whole, frac = divmod(rate_bp, 100)
    return f"{whole}%" if not frac else f"{whole},{frac:02d}".rstrip("0") + "%"


def format_quantity(qty: int, unit: str, by_weight: bool) -> str:
    """``2 hộp``; goods sold by weight are stored in grams and printed in kilograms: ``0,750 kg``."""
    if by_weight:
        kg, grams = divmod(qty, 1000)
        return f"{kg},{grams:03d} kg"
    return f"{qty} {unit}".rstrip()


def format_time(at: datetime) -> str:
    """Local (Vietnam) time as printed: ``28/01/2026 14:05``."""
    return f"{local(at):%d/%m/%Y %H:%M}"


@dataclass(frozen=True)
class ReceiptLine:
    """One line as sold. ``amount`` is the line's gross (quantity × price); ``discount`` is the line's
    own discount plus its share of a cart discount, printed under it when not zero."""

    name: str
    qty: int
    unit: str
    unit_price: int
    amount: int
    discount: int = 0
    stars: int | None = None
    by_weight: bool = False
    vat_rate_bp: int = 0

    @property
    def quantity_text(self) -> str:
        return format_quantity(self.qty, self.unit, self.by_weight)

    @property
    def net(self) -> int:
        return self.amount - self.discount


@dataclass(frozen=True)
class VatLine:
    """VAT contained in the total for one rate (prices include VAT)."""

    rate_bp: int
    base: int  # the VAT-inclusive amount the VAT is part of
    vat: int


@dataclass(frozen=True)
class PaymentLine:
    method: str
    amount: int
    tendered: int
    reference: str = ""

    @property
    def name(self) -> str:
        return method_name(self.method)


@dataclass(frozen=True)
class Row:
    """A label and a value, for the simple document variants (Z report, settlement, return)."""

    label: str
    value: str = ""
    bold: bool = False


@dataclass(frozen=True)
class ReceiptDocument:
    """What a printed document says. Money is whole đồng; ``issued_at`` is UTC-aware.

    A sale fills ``lines``, the totals and ``payments``; the simple variants (Z report, settlement
    statement, return slip) use ``rows`` and may leave the rest empty. ``code`` is what the barcode or
    QR at the bottom carries (the receipt number, for returns); ``vietqr`` a VietQR payload for a
    transfer not yet paid, with ``vietqr_amount`` printed beside it. When a sale has an e-invoice, the receipt is
    its printed form: ``title_override``/``subtitle``, its number and code in ``notes``, ``after_totals`` and the
    lookup QR in ``qr_codes``.
    """

    kind: DocumentKind
    outlet_name: str
    number: str
    issued_at: datetime
    outlet_address: str = ""
    tax_code: str = ""
    phone: str = ""
    cashier: str = ""
    lines: tuple[ReceiptLine, ...] = ()
    subtotal: int = 0
    discount: int = 0
    total: int = 0
    vat: tuple[VatLine, ...] = ()
    payments: tuple[PaymentLine, ...] = ()
    change_due: int = 0
    cash_rounding: int = 0  # cash paid − the exact amount it settled (``checkout.cash_rounding``)
    rows: tuple[Row, ...] = ()
    notes: tuple[str, ...] = ()
    footer: str = ""
    copy: bool = False
    code: str | None = None
    vietqr: str | None = None
    vietqr_amount: int = 0
    title_override: str | None = None
    # The e-invoice's printed form (services/einvoice/receipt.py): a second title line, lines after the totals
    # (the amount in words), and QR codes with a caption each (the invoice lookup).
    subtitle: str = ""
    after_totals: tuple[str, ...] = ()
    qr_codes: tuple[tuple[str, str], ...] = ()

    @property
    def title(self) -> str:
        return self.title_override or TITLES[self.kind]

    @property
    def vat_total(self) -> int:
        return sum(v.vat for v in self.vat)

    @property
    def paid(self) -> int:
        return sum(p.amount for p in self.payments)

    def text_summary(self) -> str:
        """A one-line description for logs and the reprint banner."""
        return f"{self.title} {self.number} {format_vnd(self.total)}" if self.total else f"{self.title} {self.number}"
