"""Returns against a receipt: scan the receipt's code or type its number, choose what comes back
(whole or part, to stock or written off with a reason), refund by the sale's method or in cash."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractSpinBox,
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

from showroom_pos.core.clock import format_date
from showroom_pos.core.errors import UserError
from showroom_pos.core.money import format_vnd
from showroom_pos.runtime.i18n import error_text
from showroom_pos.services import settings
from showroom_pos.services.documents import format_qty
from showroom_pos.services.till import sale_returns

from .checkout_keys import KeyRouter, big_font, keyed_button
from .checkout_shift import method_name
from .decimal_box import CommaDecimalSpinBox
from .scanner_filter import accept_scans
from .session import UiSession


class WeightSpinBox(CommaDecimalSpinBox):
    """A weight typed and shown in kilograms as the cart and the receipt show it (``1,234 kg``), a comma or a
    point before the grams; ``grams()`` and ``set_grams()`` speak the base unit (grams) the services use."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(3, 6, " kg", parent)
        self.setSingleStep(0.1)

    def grams(self) -> int:
        return round(self.value() * 1000)

    def set_grams(self, grams: int) -> None:
        self.setValue(grams / 1000)

    def set_max_grams(self, grams: int) -> None:
        self.setRange(0, grams / 1000)

    def textFromValue(self, value: float) -> str:
        return format_qty(round(value * 1000), True).removesuffix(" kg")


def _with_unit(qty: int, line: sale_returns.ReturnableLine) -> str:
    """A quantity of ``line`` as the cart and the receipt show it: "2 hộp", "1,234 kg"."""
    return format_qty(qty, line.by_weight) + ("" if line.by_weight else f" {line.unit}")


def quantity_of(spin: QAbstractSpinBox) -> int:
    """What a quantity box holds, in the line's base unit (pieces, or grams for goods sold by weight)."""
    return spin.grams() if isinstance(spin, WeightSpinBox) else spin.value() if isinstance(spin, QSpinBox) else 0



class ReturnDialog(QDialog):
    def __init__(self, ui: UiSession, approve: Callable[[str], int | None], parent: QWidget | None = None,
                 receipt: str = "") -> None:
        super().__init__(parent)
        self.keys = KeyRouter(self)
        self.ui, self.approve = ui, approve
        self.sale: sale_returns.SaleForReturn | None = None
        self.outcome: sale_returns.ReturnResult | None = None
        self.cash_step = 0  # the till's cash rounding (read with the receipt)
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
        self.method.currentIndexChanged.connect(lambda _i: self._recompute())
        self.reason = QLineEdit()
        self.reason.setObjectName("returnReason")
        self.refund = QLabel(format_vnd(0))
        self.refund.setObjectName("returnRefund")
        self.refund.setFont(big_font(self.refund, 26))
        self.refund_detail = QLabel()  # a cash refund: the exact refund and its rounding, under the amount
        self.refund_detail.setObjectName("returnRefundDetail")
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
        layout.addWidget(self.refund_detail)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        accept_scans(self, self._scanned)
        if receipt:
            self.load()

    def _scanned(self, code: str) -> None:
        """A product of the loaded receipt: one more of its line comes back. Anything else: a receipt."""
        if self.sale is not None:
            sale = self.sale
            row = self.ui.read(lambda s: sale_returns.return_row_for_code(s, sale, code))
            if row is not None:
                spin = self._spin(row)
                self.message.clear()
                if isinstance(spin, QSpinBox) and spin.value() >= spin.maximum():
                    # One more than was sold (or is left to return): say so, or the scan seems lost.
                    line = sale.lines[row]
                    self.message.setText(self.tr("All {qty} of {name} are already on this return.").format(
                        qty=_with_unit(spin.maximum(), line), name=line.name))
                if isinstance(spin, WeightSpinBox):  # a weighed pack comes back whole
                    spin.setValue(spin.maximum())
                elif isinstance(spin, QSpinBox):
                    spin.setValue(min(spin.maximum(), spin.value() + 1))
                spin.setFocus()
                self.table.selectRow(row)
                return
            try:  # another receipt, or a product that is not on this one?
                self.ui.read(lambda s: sale_returns.find_sale_for_return(s, code))
            except UserError:
                # Keep the receipt loaded, and what the cashier chose on it, rather than lose both to "no receipt
                # numbered 893…".
                self.message.setText(self.tr("{code} is not on receipt {receipt}.").format(
                    code=code, receipt=sale.receipt_no))
                return
        self.receipt.setText(code)
        self.load()

    def load(self) -> None:
        try:
            self.sale = self.ui.read(lambda s: sale_returns.find_sale_for_return(s, self.receipt.text()))
            self.cash_step = self.ui.read(lambda s: settings.number(s, "checkout.cash_rounding"))
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
            sold = _with_unit(line.qty, line)
            if line.returned:
                sold += self.tr(" ({n} already back)").format(n=format_qty(line.returned, line.by_weight))
            self.table.setCellWidget(row, 1, QLabel(sold))
            spin: QAbstractSpinBox
            if line.by_weight:  # typed and shown in kilograms, as the cart and the receipt show it: 1,234 kg
                weight = WeightSpinBox()
                weight.set_max_grams(line.returnable)
                weight.valueChanged.connect(self._recompute)
                spin = weight
            else:
                pieces = QSpinBox()
                pieces.setRange(0, line.returnable)
                pieces.valueChanged.connect(self._recompute)
                spin = pieces
            spin.setObjectName(f"returnQty_{row}")
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

    def _spin(self, row: int) -> QSpinBox | WeightSpinBox:
        widget = self.table.cellWidget(row, 2)
        assert isinstance(widget, QSpinBox | WeightSpinBox)
        return widget

    def select_all(self) -> None:
        for row in range(self.table.rowCount()):
            spin = self._spin(row)
            if isinstance(spin, WeightSpinBox):
                spin.setValue(spin.maximum())
            else:
                spin.setValue(spin.maximum())

    def items(self) -> list[sale_returns.ReturnItem]:
        assert self.sale is not None
        out = []
        for row, line in enumerate(self.sale.lines):
            qty = quantity_of(self._spin(row))
            if qty:
                off = self.table.cellWidget(row, 3)
                why = self.table.cellWidget(row, 4)
                assert isinstance(off, QCheckBox) and isinstance(why, QLineEdit)
                out.append(sale_returns.ReturnItem(line.sale_line_id, qty, restock=not off.isChecked(),
                                                   write_off_reason=why.text()))
        return out

    def _recompute(self) -> None:
        if self.sale is None or self.table.rowCount() != len(self.sale.lines):  # still being filled in
            return
        by_id = {ln.sale_line_id: ln for ln in self.sale.lines}
        total = sum(sale_returns.share_of(by_id[i.sale_line_id].amount, by_id[i.sale_line_id].qty,
                                          by_id[i.sale_line_id].returned, i.qty) for i in self.items())
        paid, rounding = sale_returns.refund_in_cash(total, self.cash_step) if self.method.currentData() == "cash" \
            else (total, 0)
        self.refund.setText(self.tr("Refund: {amount}").format(amount=format_vnd(paid)))
        # Cash is handed back rounded to the till's step: the exact refund and the rounding under it.
        self.refund_detail.setText(self.tr("exact refund {exact}, cash rounding {rounding}").format(
            exact=format_vnd(total), rounding=format_vnd(rounding)) if rounding else "")

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
                self.outcome = sale_returns.create_return(session, self.ui.user.actor, sale_id, items,
                                                     refund_method=method, approved_by=approver,
                                                     reason=self.reason.text())
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.ui.events.print_requested.emit("return", self.outcome.return_id)
        self.accept()

