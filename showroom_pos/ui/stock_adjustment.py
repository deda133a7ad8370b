"""Adjusting a product's stock with a reason (damaged, expired, tasting sample, return to producer,
other), audited by the service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.errors import UserError
from showroom_pos.services.catalogue import product_list
from showroom_pos.services.stock import adjustments

from .inventory_common import REASON_LABELS, error_lines, label, parse_qty, qty_text, show_error, with_approval
from .session import UiSession

if TYPE_CHECKING:
    from showroom_pos.runtime.context import Session


class AdjustmentDialog(QDialog):
    def __init__(self, ui: UiSession, product_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.product_id = product_id
        self.setObjectName("adjustmentDialog")
        self.setWindowTitle(self.tr("Adjust stock"))
        row = ui.read(lambda s: product_list.product_row(s, product_id))
        self.by_weight, self.product_name = row.sold_by_weight, row.name
        self.reason = QComboBox()
        self.reason.setObjectName("adjustmentReason")
        for key in REASON_LABELS:
            self.reason.addItem(label(REASON_LABELS, key), key)
        self.qty = QLineEdit()
        self.qty.setObjectName("adjustmentQty")
        self.qty.setPlaceholderText(self.tr("-2 takes two out; 1,5 kg for goods by weight"))
        hint_width = self.qty.fontMetrics().horizontalAdvance(self.qty.placeholderText())
        self.qty.setMinimumWidth(hint_width + 16)  # the hint whole (it was cut: "1,5 kg với hàng ...")
        self.note = QLineEdit()
        self.note.setObjectName("adjustmentNote")
        self.message = QLabel()
        self.message.setObjectName("adjustmentMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Product"), QLabel(f"{row.sku} — {row.name}"))
        form.addRow(self.tr("On hand"), QLabel(qty_text(row.on_hand, row.sold_by_weight)))
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Quantity (+ in, − out)"), self.qty)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.qty.setFocus()  # what is typed is the quantity (the reason has its usual answer already chosen)

    def save(self) -> bool:
        if not self.qty.text().strip():
            show_error(self.message, self.tr("Quantity: type how many."))  # ("Quantity:  is not a number.")
            self.qty.setFocus()
            return False
        try:
            qty = parse_qty(self.qty.text(), self.by_weight)
        except ValueError:
            show_error(self.message, self.tr("Quantity: {value} is not a number.").format(value=self.qty.text()))
            return False
        reason = str(self.reason.currentData())
        if reason != "other" and qty > 0:
            qty = -qty  # damaged, expired, tasting and returns always take stock out
        actor, pid, note = self.ui.user.actor, self.product_id, self.note.text()

        def work(session: Session, approver: int | None) -> int:
            return adjustments.adjust_stock(session, actor, pid, qty, reason, note, approved_by=approver)

        try:
            done = with_approval(self.ui, self, work)
        except UserError as exc:
            show_error(self.message, "\n".join(error_lines(exc)))
            return False
        if done is None:
            show_error(self.message, self.tr("Not saved: no manager approved."))
            return False
        # Said where the manager looks next (the dialog closes): what was done, and what is left on the shelf.
        self.ui.events.status_message.emit(self.tr("{name}: {qty} ({reason}); {on_hand} on hand now.").format(
            name=self.product_name, qty=("+" if qty > 0 else "") + qty_text(qty, self.by_weight),
            reason=label(REASON_LABELS, reason).lower(), on_hand=qty_text(done, self.by_weight)))
        self.ui.events.data_changed.emit("stock")
        self.accept()
        return True
