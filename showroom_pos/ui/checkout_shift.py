"""Shift dialogs: open with a cash float; cash in/out with a reason (manager's approval); close with a
blind count by banknote, then the Z report (expected vs counted, over/short), kept and printed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.clock import format_date, format_datetime
from showroom_pos.core.errors import UserError
from showroom_pos.core.money import format_vnd, parse_vnd
from showroom_pos.runtime.i18n import error_text
from showroom_pos.services import shifts
from showroom_pos.services.reports.labels import REFUND_LABELS
from showroom_pos.services.till import cash_drawer

from .checkout_keys import KeyRouter, big_font, keyed_button
from .session import UiSession

METHOD_NAMES = {
    "cash": QT_TRANSLATE_NOOP("Checkout", "Cash"),
    "card": QT_TRANSLATE_NOOP("Checkout", "Card"),
    "transfer": QT_TRANSLATE_NOOP("Checkout", "VietQR transfer"),
    "ewallet": QT_TRANSLATE_NOOP("Checkout", "E-wallet"),
}


def method_name(method: str) -> str:
    return QCoreApplication.translate("Checkout", str(METHOD_NAMES.get(method, method)))


def refund_name(method: str) -> str:
    """"Hoàn tiền mặt", as the reports say it ("Hoàn tiền bằng Tiền mặt" put a method's name mid-sentence)."""
    return QCoreApplication.translate("UserError", REFUND_LABELS.get(method, method))


class OpenShiftDialog(QDialog):
    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = KeyRouter(self)
        self.ui = ui
        self.setObjectName("openShiftDialog")
        self.setWindowTitle(self.tr("Open a shift"))
        self.float_field = QLineEdit("0")
        self.float_field.setObjectName("shiftFloat")
        self.float_field.setFont(big_font(self.float_field, 20, bold=False))
        self.float_field.selectAll()
        self.float_field.returnPressed.connect(self.open_shift)
        self.message = QLabel()
        self.message.setObjectName("shiftMessage")
        self.message.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(self.tr("Cash float in the drawer"), self.float_field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(keyed_button(self.tr("Open the shift"), "F12", self.open_shift, self.keys, "shiftOpen"))
        layout.addWidget(self.message)

    def open_shift(self) -> None:
        try:
            amount = parse_vnd(self.float_field.text() or "0")
            with self.ui.transaction() as session:
                shifts.open_shift(session, self.ui.user.actor, amount)
        except ValueError:
            self.message.setText(self.tr("{text} is not an amount of money.").format(text=self.float_field.text()))
            return
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()


class CashMoveDialog(QDialog):
    """Cash in (positive) or out (negative) with a reason; a manager approves."""

    def __init__(self, ui: UiSession, direction: int, approve: Callable[[str], int | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = KeyRouter(self)
        self.ui, self.direction, self.approve = ui, direction, approve
        self.setObjectName("cashMoveDialog")
        self.setWindowTitle(self.tr("Cash in") if direction > 0 else self.tr("Cash out"))
        self.amount = QLineEdit()
        self.amount.setObjectName("cashMoveAmount")
        self.reason = QLineEdit()
        self.reason.setObjectName("cashMoveReason")
        self.reason.returnPressed.connect(self.save)
        self.message = QLabel()
        self.message.setObjectName("cashMoveMessage")
        self.message.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(keyed_button(self.tr("Save"), "F12", self.save, self.keys, "cashMoveSave"))
        layout.addWidget(self.message)

    def save(self) -> None:
        try:
            amount = parse_vnd(self.amount.text())
        except ValueError:
            self.message.setText(self.tr("{text} is not an amount of money.").format(text=self.amount.text()))
            return
        approver = self.approve("cash_in_out")
        if approver is None:
            self.message.setText(self.tr("Not saved: a manager's approval is needed."))
            return
        try:
            with self.ui.transaction() as session:
                cash_drawer.cash_in_out(session, self.ui.user.actor, self.direction * abs(amount), self.reason.text(),
                                        approved_by=approver)
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()


class CloseShiftDialog(QDialog):
    """Blind count: the cashier counts each banknote; the expected amount is shown only afterwards."""

    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = KeyRouter(self)
        self.ui = ui
        self.report: shifts.ZReport | None = None
        # The count the cashier was asked to confirm: closing is for good, and F12 is "pay" at the till, so
        # one press by habit must not close a shift on a count not finished (or not started: 0 ₫).
        self.confirming: int | None = None
        self.setObjectName("closeShiftDialog")
        self.setWindowTitle(self.tr("Close the shift: count the drawer"))
        self.counts: dict[int, QSpinBox] = {}
        grid = QGridLayout()
        for row, note in enumerate(shifts.BANKNOTES):
            spin = QSpinBox()
            spin.setObjectName(f"count_{note}")
            spin.setRange(0, 10_000)
            spin.valueChanged.connect(self._recount)
            self.counts[note] = spin
            grid.addWidget(QLabel(format_vnd(note)), row, 0)
            grid.addWidget(spin, row, 1)
        self.counted = QLabel(format_vnd(0))
        self.counted.setObjectName("countedTotal")
        self.counted.setFont(big_font(self.counted, 22))
        self.z_label = QLabel()
        self.z_label.setObjectName("zReport")
        self.z_label.setTextFormat(Qt.TextFormat.PlainText)
        self.z_label.setFont(big_font(self.z_label, 12, bold=False))
        self.message = QLabel()
        self.message.setObjectName("closeShiftMessage")
        self.message.setStyleSheet("color: #b00020;")
        self.close_button = keyed_button(self.tr("Close the shift"), "F12", self.close_shift, self.keys, "shiftClose")
        self.message.setWordWrap(True)
        # The count on the left, the Z report beside it (scrolling if it must): the dialog fits a 1280×720
        # screen with its over/short line in view.
        count = QVBoxLayout()
        instructions = QLabel(self.tr("Count every banknote in the drawer (Tab moves to the next)."))
        instructions.setWordWrap(True)
        count.addWidget(instructions)
        count.addLayout(grid)
        count.addWidget(self.counted)
        count.addWidget(self.close_button)
        count.addWidget(self.message)
        count.addStretch(1)
        self.z_scroll = QScrollArea()
        self.z_scroll.setObjectName("zReportScroll")
        self.z_scroll.setWidgetResizable(True)
        self.z_scroll.setWidget(self.z_label)
        self.z_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.z_label.setMargin(6)
        self.z_label.setWordWrap(True)
        self.z_scroll.setMinimumWidth(380)
        layout = QHBoxLayout(self)
        layout.addLayout(count, 0)
        layout.addWidget(self.z_scroll, 1)
        self.counts[shifts.BANKNOTES[0]].setFocus()

    def counted_notes(self) -> dict[int, int]:
        return {note: spin.value() for note, spin in self.counts.items() if spin.value()}

    def counted_total(self) -> int:
        return sum(n * c for n, c in self.counted_notes().items())

    def _recount(self) -> None:
        self.counted.setText(format_vnd(self.counted_total()))
        if self.confirming is not None and self.report is None:  # a changed count is asked about again
            self.confirming = None
            self.message.clear()
            self.close_button.setText(self.tr("Close the shift") + "\n[F12]")

    def close_shift(self) -> None:
        if self.report is not None:
            self.accept()
            return
        total = self.counted_total()
        if self.confirming != total:
            self.confirming = total
            self.message.setText(self.tr(
                "Close the shift with {total} counted? A closed shift cannot be changed: press F12 again to close "
                "it, or correct the count.").format(total=format_vnd(total)))
            self.close_button.setText(self.tr("Close with {total}").format(total=format_vnd(total)) + "\n[F12]")
            return
        try:
            with self.ui.transaction() as session:
                report = shifts.close_shift(session, self.ui.user.actor, self.counted_notes())
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.report = report
        self.message.clear()  # the question is answered
        for spin in self.counts.values():
            spin.setEnabled(False)
        self.z_label.setText(self.z_report_text(report))
        self.close_button.setText(self.tr("Done") + "\n[F12]")
        self.ui.events.print_requested.emit("z_report", report.shift_id)

    def z_report_text(self, r: shifts.ZReport) -> str:
        """The Z report as shown on screen (in ``self.tr``: lupdate and Qt both take this class as the context)."""
        lines = [
            self.tr("Z report — business day {day}").format(day=format_date(date.fromisoformat(r.business_day))),
            self.tr("Opened {start}, closed {end}").format(
                start=format_datetime(datetime.fromisoformat(r.opened_at)),
                end=format_datetime(datetime.fromisoformat(r.closed_at)) if r.closed_at else "—"),
            self.tr("Receipts: {n} (voided: {v})").format(n=r.receipts, v=r.voided),
            self.tr("Gross sales: {v}").format(v=format_vnd(r.gross_sales)),
            self.tr("Discounts: {v}").format(v=format_vnd(r.discounts)),
            self.tr("Returns: {v}").format(v=format_vnd(r.returns)),
            self.tr("Net sales: {v}").format(v=format_vnd(r.net_sales)),
            self.tr("VAT included: {v}").format(v=format_vnd(r.vat)),
        ]
        if r.cash_rounding:
            lines.append(self.tr("Cash rounding: {v}").format(v=format_vnd(r.cash_rounding)))
        if r.refund_rounding:
            lines.append(self.tr("Cash rounding on refunds: {v}").format(v=format_vnd(r.refund_rounding)))
        for method, amount in sorted(r.by_method.items()):
            lines.append(f"  {method_name(method)}: {format_vnd(amount)}")
        for method, amount in sorted(r.refunds_by_method.items()):
            lines.append(f"  {refund_name(method)}: {format_vnd(amount)}")
        lines += [
            self.tr("Opening float: {v}").format(v=format_vnd(r.opening_float)),
            self.tr("Cash in: {a}; cash out: {b}").format(a=format_vnd(r.cash_in), b=format_vnd(r.cash_out)),
            self.tr("Expected cash: {v}").format(v=format_vnd(r.expected_cash)),
            self.tr("Counted cash: {v}").format(v=format_vnd(r.counted_cash)),
            (self.tr("Over: {v}") if r.over_short > 0 else self.tr("Short: {v}") if r.over_short < 0
             else self.tr("Exact: {v}")).format(v=format_vnd(abs(r.over_short))),
        ]
        return "\n".join(lines)


class ShiftDialog(QDialog):
    """F11 from the checkout: the shift's figures so far and what can be done with it."""

    def __init__(self, ui: UiSession, approve: Callable[[str], int | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = KeyRouter(self)
        self.ui, self.approve = ui, approve
        self.setObjectName("shiftDialog")
        self.setWindowTitle(self.tr("Shift"))
        self.figures = QLabel()
        self.figures.setObjectName("shiftFigures")
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.figures)
        layout.addWidget(keyed_button(self.tr("Cash in"), "F2", lambda: self._move(1), self.keys, "shiftCashIn"))
        layout.addWidget(keyed_button(self.tr("Cash out"), "F3", lambda: self._move(-1), self.keys, "shiftCashOut"))
        layout.addWidget(keyed_button(self.tr("Close the shift"), "F4", self._close, self.keys, "shiftCloseStart"))
        layout.addWidget(keyed_button(self.tr("Back"), "Esc", self.reject, self.keys, "shiftBack"))
        self.closed = False
        self.refresh()

    def refresh(self) -> None:
        def read(session: Any) -> str:
            shift = shifts.open_shift_for(session, self.ui.user.terminal_id)
            if shift is None:
                return self.tr("No shift is open.")
            r = shifts.z_report(session, shift)
            return "\n".join([
                self.tr("Shift open since {time}").format(time=format_datetime(datetime.fromisoformat(r.opened_at))),
                self.tr("Receipts: {n}").format(n=r.receipts),
                self.tr("Net sales: {v}").format(v=format_vnd(r.net_sales)),
                *(f"  {method_name(m)}: {format_vnd(v)}" for m, v in sorted(r.by_method.items())),
                # What went back out and what the drawer should hold: "Tiền mặt: 287.000 ₫" alone, after a cash
                # refund of 185.000 ₫, read as the drawer's cash.
                *(f"  {refund_name(m)}: {format_vnd(v)}" for m, v in sorted(r.refunds_by_method.items())),
                self.tr("Expected cash: {v}").format(v=format_vnd(r.expected_cash)),
            ])

        self.figures.setText(self.ui.read(read))

    def _move(self, direction: int) -> None:
        CashMoveDialog(self.ui, direction, self.approve, self).exec()
        self.refresh()

    def _close(self) -> None:
        dialog = CloseShiftDialog(self.ui, self)
        dialog.exec()
        if dialog.report is not None:
            self.closed = True
            self.accept()
