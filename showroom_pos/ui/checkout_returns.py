"""Returns against a receipt: scan the receipt's code or type its number, choose what comes back
(whole or part, to stock or written off with a reason), refund by the sale's method or in cash."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.app.i18n import error_text
from showroom_pos.core.clock import format_date
from showroom_pos.core.errors import UserError
from showroom_pos.core.money import format_vnd
from showroom_pos.services import checkout
from showroom_pos.services.documents import format_qty

from .checkout_keys import KeyRouter, big_font, keyed_button
from .checkout_shift import method_name
from .scanner_filter import accept_scans
from .session import UiSession


class ReturnDialog(QDialog):
    def __init__(self, ui: UiSession, approve: Callable[[str], int | None], parent: QWidget | None = None,
                 receipt: str = "") -> None:
        super().__init__(parent)
        self.keys = KeyRouter(self)
        self.ui, self.approve = ui, approve
        self.sale: checkout.SaleForReturn | None = None
        self.outcome: checkout.ReturnResult | None = None
        self.setObjectName("returnDialog")
        self.setWindowTitle(self.tr("Return against a receipt"))
        self.resize(820, 520)
        self.receipt = QLineEdit(receipt)
        self.receipt.setObjectName("returnReceipt")
        self.receipt.setPlaceholderText(self.tr("Scan the receipt or type its number, then Enter"))
        self.receipt.returnPressed.connect(self.load)
        self.summary = QLabel()
        self.summary.setObjectName("returnSummary")
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("returnLines")
        self.table.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Sold"), self.tr("Returned now"),
                                              self.tr("Write off"), self.tr("Reason for writing off")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 280)
        self.method = QComboBox()
        self.method.setObjectName("returnMethod")
        self.reason = QLineEdit()
        self.reason.setObjectName("returnReason")
        self.refund = QLabel(format_vnd(0))
        self.refund.setObjectName("returnRefund")
        self.refund.setFont(big_font(self.refund, 26))
        self.message = QLabel()
        self.message.setObjectName("returnMessage")
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Receipt"), self.receipt)
        form.addRow(self.tr("Refund by"), self.method)
        form.addRow(self.tr("Reason"), self.reason)
        buttons = QHBoxLayout()
        buttons.addWidget(keyed_button(self.tr("Return everything"), "F2", self.select_all, self.keys, "returnAll"))
        self.confirm = keyed_button(self.tr("Refund"), "F12", self.save, self.keys, "returnSave")
        buttons.addWidget(self.confirm)
        buttons.addWidget(keyed_button(self.tr("Cancel"), "Esc", self.reject, self.keys, "returnCancel"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.refund)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        accept_scans(self, self._scanned)
        if receipt:
            self.load()

    def _scanned(self, code: str) -> None:
        """A product of the loaded receipt: one more of its line comes back. Anything else: a receipt."""
        if self.sale is not None:
            sale = self.sale
            row = self.ui.read(lambda s: checkout.return_row_for_code(s, sale, code))
            if row is not None:
                spin = self._spin(row)
                spin.setValue(min(spin.maximum(), spin.value() + 1))
                spin.setFocus()
                self.table.selectRow(row)
                self.message.clear()
                return
        self.receipt.setText(code)
        self.load()

    def load(self) -> None:
        try:
            self.sale = self.ui.read(lambda s: checkout.find_sale_for_return(s, self.receipt.text()))
        except UserError as exc:
            self.sale = None
            self.message.setText(error_text(exc))
            self.table.setRowCount(0)
            return
        sale = self.sale
        self.message.clear()
        self.summary.setText(self.tr("Receipt {receipt} of {day}: {total}").format(
            receipt=sale.receipt_no, day=format_date(sale.business_day), total=format_vnd(sale.total)))
        if sale.status != "completed":
            self.message.setText(self.tr("This sale was voided: nothing to return."))
        self.method.clear()
        for m in (*sale.methods, *(() if "cash" in sale.methods else ("cash",))):
            self.method.addItem(method_name(m), m)
        self.table.setRowCount(len(sale.lines))
        for row, line in enumerate(sale.lines):
            self.table.setCellWidget(row, 0, QLabel(line.name))
            # Weights as the cart and the receipt show them: 1,234 kg.
            sold = format_qty(line.qty, line.by_weight) + ("" if line.by_weight else f" {line.unit}")
            if line.returned:
                sold += self.tr(" ({n} already back)").format(n=format_qty(line.returned, line.by_weight))
            self.table.setCellWidget(row, 1, QLabel(sold))
            spin = QSpinBox()
            spin.setObjectName(f"returnQty_{row}")
            spin.setRange(0, line.returnable)
            if line.by_weight:
                spin.setSuffix(" g")  # the returned weight is typed in grams (1,234 kg = 1234 g)
            spin.valueChanged.connect(self._recompute)
            self.table.setCellWidget(row, 2, spin)
            off = QCheckBox()
            off.setObjectName(f"returnWriteOff_{row}")
            self.table.setCellWidget(row, 3, off)
            why = QLineEdit()
            why.setObjectName(f"returnWriteOffReason_{row}")
            self.table.setCellWidget(row, 4, why)
        self._recompute()
        if sale.lines:
            self._spin(0).setFocus()

    def _spin(self, row: int) -> QSpinBox:
        widget = self.table.cellWidget(row, 2)
        assert isinstance(widget, QSpinBox)
        return widget

    def select_all(self) -> None:
        for row in range(self.table.rowCount()):
            self._spin(row).setValue(self._spin(row).maximum())

    def items(self) -> list[checkout.ReturnItem]:
        assert self.sale is not None
        out = []
        for row, line in enumerate(self.sale.lines):
            qty = self._spin(row).value()
            if qty:
                off = self.table.cellWidget(row, 3)
                why = self.table.cellWidget(row, 4)
                assert isinstance(off, QCheckBox) and isinstance(why, QLineEdit)
                out.append(checkout.ReturnItem(line.sale_line_id, qty, restock=not off.isChecked(),
                                               write_off_reason=why.text()))
        return out

    def _recompute(self) -> None:
        if self.sale is None:
            return
        by_id = {ln.sale_line_id: ln for ln in self.sale.lines}
        total = sum(checkout.share_of(by_id[i.sale_line_id].amount, by_id[i.sale_line_id].qty,
                                      by_id[i.sale_line_id].returned, i.qty) for i in self.items())
        self.refund.setText(self.tr("Refund: {amount}").format(amount=format_vnd(total)))

    def save(self) -> None:
        if self.sale is None:
            self.load()
            return
        items = self.items()
        if not items:
            self.message.setText(self.tr("Choose what comes back."))
            return
        approver = self.approve("refund")
        if approver is None:
            self.message.setText(self.tr("Not refunded: a manager's approval is needed."))
            return
        sale_id, method = self.sale.sale_id, str(self.method.currentData())
        try:
            with self.ui.transaction() as session:
                self.outcome = checkout.create_return(session, self.ui.user.actor, sale_id, items,
                                                     refund_method=method, approved_by=approver,
                                                     reason=self.reason.text())
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.ui.events.print_requested.emit("return", self.outcome.return_id)
        self.accept()

