"""Taking payment: cash with quick tenders and change, card with the terminal's reference, bank
transfer by VietQR, e-wallet, several of them in one sale. Keyboard first; every key is on its button.

The dialog only collects tenders (``payments``); the checkout screen completes the sale with them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.errors import UserError
from showroom_pos.core.money import format_vnd, parse_vnd
from showroom_pos.core.vietqr import BANK_BINS, VietQR
from showroom_pos.runtime.i18n import error_text
from showroom_pos.services.einvoice.buyer import Buyer
from showroom_pos.services.till.sale_writer import PaymentIn, cash_due, settle

from .checkout_keys import KeyRouter, big_font, keyed_button
from .scanner_filter import accept_scans

QUICK_TENDERS = (50_000, 100_000, 200_000, 500_000)


def qr_image(payload: str, box: int = 8) -> QImage:
    """The payload as a QR code image (``qrcode``, medium error correction, quiet zone of 4)."""
    import qrcode

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    size = len(matrix) * box
    data = b"".join(bytes(0 if dark else 255 for dark in row for _ in range(box)) * box for row in matrix)
    return QImage(data, size, size, size, QImage.Format.Format_Grayscale8).copy()


class VietQRDialog(QDialog):
    """Shows the dynamic VietQR for one transfer; the cashier confirms when the money has arrived."""

    def __init__(self, qr: VietQR, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vietqrDialog")
        self.setWindowTitle(self.tr("Bank transfer (VietQR)"))
        self.qr = qr
        self.keys = KeyRouter(self)
        self.payload = qr.payload()
        self.image = QLabel()
        self.image.setObjectName("vietqrImage")
        self.image.setPixmap(QPixmap.fromImage(qr_image(self.payload)))
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        amount = QLabel(format_vnd(qr.amount or 0))
        amount.setObjectName("vietqrAmount")
        amount.setFont(big_font(amount, 28))
        amount.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bank = BANK_BINS.get(qr.bank_bin, qr.bank_bin)
        details = QLabel(self.tr("{bank} · account {account} · reference {reference}").format(
            bank=bank, account=qr.account, reference=qr.reference or ""))
        details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        details.setTextFormat(Qt.TextFormat.PlainText)
        hint = QLabel(self.tr("Ask the customer to scan this code with their banking app. Confirm only when the "
                              "transfer shows as received."))
        hint.setWordWrap(True)
        received = keyed_button(self.tr("Transfer received"), "F12", self.accept, self.keys, "vietqrReceived")
        cancel = keyed_button(self.tr("Cancel"), "Esc", self.reject, self.keys, "vietqrCancel")
        buttons = QHBoxLayout()
        buttons.addWidget(received)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(amount)
        layout.addWidget(self.image)
        layout.addWidget(details)
        layout.addWidget(hint)
        layout.addLayout(buttons)


class PaymentDialog(QDialog):
    """Collects tenders for ``total``. ``make_qr(amount)`` builds the VietQR (raises ``UserError`` when
    the bank is not set up); ``receipt_no`` is the reference shown to the customer."""

    transfer_shown = Signal(object)  # the VietQR on screen (the customer display shows the same code)
    transfer_closed = Signal()

    def __init__(self, total: int, receipt_no: str, make_qr: Callable[[int], VietQR],
                 parent: QWidget | None = None, *, cash_step: int = 0,
                 lookup_buyer: Callable[[str], Buyer | None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDialog")
        self.setWindowTitle(self.tr("Payment — receipt {receipt}").format(receipt=receipt_no))
        self.total = total
        self.cash_step = cash_step  # cash pays what is left rounded to this (checkout.cash_rounding)
        self.receipt_no = receipt_no
        self.make_qr = make_qr
        self.keys = KeyRouter(self)
        self.payments: list[PaymentIn] = []
        self.qr_payloads: list[str] = []

        self.total_label = QLabel(format_vnd(total))
        self.total_label.setObjectName("payTotal")
        self.total_label.setFont(big_font(self.total_label, 32))
        self.remaining_label = QLabel()
        self.remaining_label.setObjectName("payRemaining")
        self.remaining_label.setFont(big_font(self.remaining_label, 22))
        self.change_label = QLabel()
        self.change_label.setObjectName("payChange")
        self.change_label.setFont(big_font(self.change_label, 32))
        self.change_label.setStyleSheet("color: #006400;")
        self.cash_label = QLabel()
        self.cash_label.setObjectName("payCashDue")
        self.cash_label.setFont(big_font(self.cash_label, 14, bold=False))
        self.amount = QLineEdit()
        self.amount.setObjectName("payAmount")
        self.amount.setFont(big_font(self.amount, 20, bold=False))
        self.amount.setPlaceholderText(self.tr("Amount (empty: what is left to pay)"))
        self.amount.returnPressed.connect(self.add_cash)
        self.reference = QLineEdit()
        self.reference.setObjectName("payReference")
        self.reference.setPlaceholderText(self.tr("Card or e-wallet reference"))
        self.tenders = QListWidget()
        self.tenders.setObjectName("payTenders")
        self.tenders.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.message = QLabel()
        self.message.setObjectName("payMessage")
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setWordWrap(True)

        grid = QGridLayout()
        methods = [
            (self.tr("Cash"), "F1", self.add_cash, "payCash"),
            (self.tr("Card"), "F2", self.add_card, "payCard"),
            (self.tr("VietQR transfer"), "F3", self.add_transfer, "payTransfer"),
            (self.tr("E-wallet"), "F4", self.add_ewallet, "payEwallet"),
        ]
        for i, (text, key, slot, name) in enumerate(methods):
            grid.addWidget(keyed_button(text, key, slot, self.keys, name), 0, i)
        quick = [(self.tr("Exact cash"), "F5", lambda: self.quick_cash(None), "payExact")] + [
            (format_vnd(v), f"F{6 + i}", (lambda v=v: self.quick_cash(v)), f"pay{v}")
            for i, v in enumerate(QUICK_TENDERS)
        ]
        for i, (text, key, slot, name) in enumerate(quick):
            grid.addWidget(keyed_button(text, key, slot, self.keys, name), 1, i)
        self.complete_button = keyed_button(self.tr("Complete sale"), "F12", self.complete, self.keys, "payComplete")
        self.complete_button.setFont(big_font(self.complete_button, 14))
        grid.addWidget(keyed_button(self.tr("Remove last payment"), "Ctrl+Backspace", self.remove_last, self.keys,
                                    "payRemoveLast"), 2, 0, 1, 2)
        grid.addWidget(keyed_button(self.tr("Back to the cart"), "Esc", self.reject, self.keys, "payCancel"), 2, 2)
        grid.addWidget(self.complete_button, 2, 3, 1, 2)
        # With e-invoicing on: the buyer's details for the invoice (F10), optional.
        self.buyer: Buyer | None = None
        self.lookup_buyer = lookup_buyer
        self.buyer_label = QLabel()
        self.buyer_label.setObjectName("payBuyerDetails")
        self.buyer_label.setWordWrap(True)
        if lookup_buyer is not None:
            grid.addWidget(keyed_button(self.tr("Buyer on the invoice"), "F10", self.ask_buyer, self.keys,
                                        "payBuyer"), 3, 0, 1, 2)
            grid.addWidget(self.buyer_label, 3, 2, 1, 3)

        figures = QGridLayout()
        figures.addWidget(QLabel(self.tr("Total")), 0, 0)
        figures.addWidget(self.total_label, 0, 1)
        figures.addWidget(QLabel(self.tr("Still to pay")), 1, 0)
        figures.addWidget(self.remaining_label, 1, 1)
        figures.addWidget(self.cash_label, 1, 2)
        figures.addWidget(QLabel(self.tr("Change")), 2, 0)
        figures.addWidget(self.change_label, 2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(figures)
        layout.addWidget(self.amount)
        layout.addWidget(self.reference)
        layout.addLayout(grid)
        layout.addWidget(self.tenders)
        layout.addWidget(self.message)
        self.amount.setFocus()
        self.refresh()
        # A scan while paying must not become an amount typed into the box.
        accept_scans(self, self._scanned)

    def _scanned(self, code: str) -> None:
        self.message.setText(self.tr("Scan of {code} ignored: finish the payment first (Esc returns to the cart).")
                             .format(code=code))
        QApplication.beep()

    # --- figures ---
    def paid_non_cash(self) -> int:
        return sum(p.amount for p in self.payments if p.method != "cash")

    def tendered_cash(self) -> int:
        return sum(p.amount for p in self.payments if p.method == "cash")

    def exact_left(self) -> int:
        """What card, transfer or e-wallet still have to pay (exact, before any cash)."""
        return max(0, self.total - self.paid_non_cash())

    def cash_due(self) -> int:
        """What cash has to pay: what is left, rounded to the cash step."""
        return cash_due(self.total, self.paid_non_cash(), self.cash_step)

    def cash_rounding(self) -> int:
        return self.cash_due() - self.exact_left() if self.tendered_cash() else 0

    def remaining(self) -> int:
        if self.tendered_cash():
            return max(0, self.cash_due() - self.tendered_cash())
        return self.exact_left()

    def cash_remaining(self) -> int:
        """What cash still has to pay (the default of Enter and of "Exact cash")."""
        return max(0, self.cash_due() - self.tendered_cash())

    def change(self) -> int:
        return max(0, self.tendered_cash() - self.cash_due()) if self.tendered_cash() else 0

    def refresh(self) -> None:
        self.remaining_label.setText(format_vnd(self.remaining()))
        self.change_label.setText(format_vnd(self.change()))
        rounding = self.cash_due() - self.exact_left()
        if self.cash_step and rounding and self.remaining():
            self.cash_label.setText(self.tr("in cash: {amount} (rounding {rounding})").format(
                amount=format_vnd(self.cash_remaining()), rounding=format_vnd(rounding)))
        else:
            self.cash_label.clear()
        self.tenders.clear()
        names = {"cash": self.tr("Cash"), "card": self.tr("Card"), "transfer": self.tr("VietQR transfer"),
                 "ewallet": self.tr("E-wallet")}
        for p in self.payments:
            ref = f" · {p.reference}" if p.reference else ""
            self.tenders.addItem(f"{names.get(p.method, p.method)}: {format_vnd(p.amount)}{ref}")
        self.complete_button.setEnabled(self.remaining() == 0)

    def _amount(self, default: int) -> int | None:
        text = self.amount.text().strip()
        if not text:
            return default
        try:
            value = parse_vnd(text)
        except ValueError:
            self.message.setText(self.tr("{text} is not an amount of money.").format(text=text))
            return None
        if value <= 0:
            self.message.setText(self.tr("A payment must be more than 0 ₫."))
            return None
        return value

    def _add(self, payment: PaymentIn) -> bool:
        trial = [*self.payments, payment]
        non_cash = sum(p.amount for p in trial if p.method != "cash")
        if non_cash > self.total:
            self.message.setText(self.tr("Card, transfer and e-wallet payments cannot exceed the total; change is "
                                         "given only in cash."))
            return False
        self.payments = trial
        self.amount.clear()
        self.message.clear()
        self.refresh()
        return True

    # --- methods ---
    def add_cash(self) -> None:
        amount = self._amount(self.cash_remaining())
        if amount:
            self._add(PaymentIn("cash", amount))
        elif amount == 0 and self.remaining() == 0:
            self.complete()

    def quick_cash(self, value: int | None) -> None:
        amount = self.cash_remaining() if value is None else value
        if amount > 0:
            self._add(PaymentIn("cash", amount))

    def add_card(self) -> None:
        reference = self.reference.text().strip()
        if not reference:
            self.message.setText(self.tr("Type the card terminal's reference first."))
            self.reference.setFocus()
            return
        amount = self._amount(self.remaining())
        if amount and self._add(PaymentIn("card", amount, reference)):
            self.reference.clear()

    def add_ewallet(self) -> None:
        amount = self._amount(self.remaining())
        if amount and self._add(PaymentIn("ewallet", amount, self.reference.text().strip())):
            self.reference.clear()

    def add_transfer(self) -> None:
        amount = self._amount(self.remaining())
        if not amount:
            return
        try:
            qr = self.make_qr(amount)
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        dialog = VietQRDialog(qr, self)
        self.qr_payloads.append(dialog.payload)
        self.transfer_shown.emit(qr)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.transfer_closed.emit()
        if accepted:
            self._add(PaymentIn("transfer", amount, self.receipt_no))

    def ask_buyer(self) -> None:
        from .einvoice_buyer import BuyerDialog

        if self.lookup_buyer is None:
            return
        dialog = BuyerDialog(self.buyer, self.lookup_buyer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.buyer = dialog.buyer if dialog.buyer is not None and not dialog.buyer.empty else None
            b = self.buyer
            self.buyer_label.setText(" · ".join(v for v in (b.name, b.tax_code) if v) if b else "")
        self.amount.setFocus()

    def remove_last(self) -> None:
        if self.payments:
            self.payments.pop()
            self.refresh()

    def complete(self) -> None:
        try:
            settle(self.total, self.payments, self.cash_step)
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()
