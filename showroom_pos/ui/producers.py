"""Producers (chủ thể OCOP): list, search, edit with every field checked (tax code by its check
digit), the commission rate history, and deactivate-or-delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import UserError
from showroom_pos.runtime.i18n import error_text
from showroom_pos.services import settlement
from showroom_pos.services.catalogue import commission, producers
from showroom_pos.services.catalogue.producers import ProducerInput, ProducerRow
from showroom_pos.services.field_errors import FieldError, InvalidFields

from .decimal_box import CommaDecimalSpinBox
from .inventory_common import (
    GREY,
    KIND_LABELS,
    Col,
    RowsModel,
    add_checked_row,
    confirm,
    fit_columns,
    label,
    pydate,
    qdate,
    show_error,
    show_ok,
    vn_day,
    with_approval,
)
from .session import UiSession

if TYPE_CHECKING:
    from showroom_pos.runtime.context import Session


def rate_text(bp: int | None) -> str:
    return "" if bp is None else settlement.percent_text(bp)



class ProducerDialog(QDialog):
    saved = Signal(int)

    def __init__(self, ui: UiSession, producer_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.producer_id = producer_id
        self.setObjectName("producerDialog")
        self.setWindowTitle(self.tr("New producer") if producer_id is None else self.tr("Edit producer"))
        if producer_id is not None:
            data = ui.read(lambda s: producers.producer_input(s, producer_id))
            history = ui.read(lambda s: commission.commission_history(s, producer_id))
        else:
            data = ProducerInput(name="", kind="cooperative")
            history = []
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()

        def add(field: str, text: str, widget: QWidget) -> None:
            add_checked_row(form, self.errors, field, text, widget)

        self.name = QLineEdit(data.name)
        self.name.setObjectName("producerName")
        add("name", self.tr("Name"), self.name)
        self.kind = QComboBox()
        self.kind.setObjectName("producerKind")
        for key in KIND_LABELS:
            self.kind.addItem(label(KIND_LABELS, key), key)
        self.kind.setCurrentIndex(max(self.kind.findData(data.kind), 0))
        add("kind", self.tr("Kind"), self.kind)
        self.code = QLineEdit(data.code or "")
        add("code", self.tr("Code"), self.code)
        self.tax_code = QLineEdit(data.tax_code)
        self.tax_code.setObjectName("producerTaxCode")
        add("tax_code", self.tr("Tax code"), self.tax_code)
        self.address = QLineEdit(data.address)
        add("address", self.tr("Address"), self.address)
        self.commune = QLineEdit(data.commune)
        add("commune", self.tr("Commune or ward"), self.commune)
        self.province = QLineEdit(data.province)
        add("province", self.tr("Province"), self.province)
        self.phone = QLineEdit(data.phone)
        add("phone", self.tr("Phone"), self.phone)
        self.bank_name = QLineEdit(data.bank_name)
        add("bank_name", self.tr("Bank"), self.bank_name)
        self.bank_account = QLineEdit(data.bank_account)
        add("bank_account", self.tr("Bank account"), self.bank_account)
        self.modern = QCheckBox(self.tr("Also sells through supermarkets or online"))
        self.modern.setChecked(data.sells_modern_channels)
        add("sells_modern_channels", "", self.modern)
        # Commission: the history, and a new rate from a date.
        self.history = QListWidget()
        self.history.setObjectName("commissionHistory")
        self.history.setMaximumHeight(90)
        for since, bp in history:
            self.history.addItem(self.tr("{rate} from {day}").format(rate=rate_text(bp), day=vn_day(since)))
        self.new_rate = CommaDecimalSpinBox(2, 3, " %")  # "12,50 %"
        self.new_rate.setObjectName("commissionRate")
        self.new_rate.setRange(0, 100)
        self.new_rate.setValue((history[0][1] / 100) if history else 15.0)
        self.rate_from = QDateEdit(qdate(business_day()))
        self.rate_from.setObjectName("commissionFrom")
        self.rate_from.setDisplayFormat("dd/MM/yyyy")
        self.rate_from.setCalendarPopup(True)
        self.change_rate = QCheckBox(self.tr("Set this rate from"))
        self.change_rate.setObjectName("commissionChange")
        self.change_rate.setChecked(not history)
        rate_row = QWidget()
        rate_layout = QHBoxLayout(rate_row)
        rate_layout.setContentsMargins(0, 0, 0, 0)
        rate_layout.addWidget(self.new_rate)
        rate_layout.addWidget(self.change_rate)
        rate_layout.addWidget(self.rate_from)
        rate_layout.addStretch(1)
        form.addRow(self.tr("Commission history"), self.history)
        add("commission", self.tr("Commission on consigned sales"), rate_row)
        self.errors["valid_from"] = self.errors["commission"]
        self.message = QLabel()
        self.message.setObjectName("producerMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def data(self) -> ProducerInput:
        return ProducerInput(
            name=self.name.text(),
            kind=str(self.kind.currentData()),
            tax_code=self.tax_code.text(),
            address=self.address.text(),
            commune=self.commune.text(),
            province=self.province.text(),
            phone=self.phone.text(),
            bank_name=self.bank_name.text(),
            bank_account=self.bank_account.text(),
            code=self.code.text() or None,
            sells_modern_channels=self.modern.isChecked(),
        )

    def mark(self, field: str, text: str) -> None:
        error_label = self.errors.get(field)
        if error_label is None:
            show_error(self.message, text)
            return
        error_label.setText((error_label.text() + "\n" + text).strip())
        error_label.show()

    def save(self) -> bool:
        for error_label in self.errors.values():
            error_label.clear()
            error_label.hide()
        self.message.clear()
        data = self.data()
        actor = self.ui.user.actor
        rate = round(self.new_rate.value() * 100) if self.change_rate.isChecked() else None
        since = pydate(self.rate_from.date())
        pid = self.producer_id

        def work(session: Session, approver: int | None) -> int:
            if pid is None:
                return producers.create_producer(
                    session, actor, data, commission_bp=rate, valid_from=since, approved_by=approver
                ).id
            producers.update_producer(session, actor, pid, data, approved_by=approver)
            if rate is not None:
                commission.set_commission(session, actor, pid, rate, since, approved_by=approver)
            return pid

        try:
            result = with_approval(self.ui, self, work)
        except InvalidFields as exc:
            for error in exc.errors:
                self.mark(error.field, error_text(error))
            return False
        except FieldError as exc:
            self.mark(exc.field, error_text(exc))
            return False
        except UserError as exc:
            show_error(self.message, exc)
            return False
        if result is None:
            show_error(self.message, self.tr("Not saved: no manager approved."))
            return False
        self.producer_id = result
        self.saved.emit(result)
        self.ui.events.data_changed.emit("producers")
        self.accept()
        return True


class ProducersScreen(QWidget):
    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("producersScreen")
        self.search = QLineEdit()
        self.search.setObjectName("producerSearch")
        self.search.setPlaceholderText(self.tr("Search: name, code or tax code"))
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.inactive = QCheckBox(self.tr("Show inactive"))
        self.inactive.toggled.connect(self.refresh)
        self.model = RowsModel(
            [
                Col(
                    QCoreApplication.translate("Inventory", "Name"),
                    lambda r: (
                        r.name
                        if r.active
                        else QCoreApplication.translate("Inventory", "{name} (inactive)").format(name=r.name)
                    ),
                    colour=lambda r: None if r.active else GREY,
                ),
                Col(QCoreApplication.translate("Inventory", "Kind"), lambda r: label(KIND_LABELS, r.kind)),
                Col(QCoreApplication.translate("Inventory", "Code"), lambda r: r.code or ""),
                Col(QCoreApplication.translate("Inventory", "Tax code"), lambda r: r.tax_code or ""),
                Col(QCoreApplication.translate("Inventory", "Commune or ward"), lambda r: r.commune),
                Col(QCoreApplication.translate("Inventory", "Phone"), lambda r: r.phone),
                Col(QCoreApplication.translate("Inventory", "Products"), lambda r: r.products, numeric=True),
                Col(
                    QCoreApplication.translate("Inventory", "Commission"),
                    lambda r: rate_text(r.commission_bp),
                    numeric=True,
                ),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setObjectName("producersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.table)
        self.table.doubleClicked.connect(lambda _i: self.edit_producer())
        self.message = QLabel()
        self.message.setObjectName("producersMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("New…"), self.new_producer),
            (self.tr("Edit…"), self.edit_producer),
            (self.tr("Deactivate / delete"), self.remove_producer),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.inactive)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        ui.events.data_changed.connect(lambda _what: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        text, inactive = self.search.text(), self.inactive.isChecked()
        self.model.set_rows(self.ui.read(lambda s: producers.list_producers(s, text, inactive)))

    def selected(self) -> ProducerRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def highlight(self, producer_id: int) -> None:
        for i, row in enumerate(self.model.rows):
            if row.id == producer_id:
                self.table.selectRow(i)

    def new_producer(self) -> ProducerDialog:
        dialog = ProducerDialog(self.ui, None, self)
        dialog.open()
        return dialog

    def edit_producer(self) -> ProducerDialog | None:
        row = self.selected()
        if row is None:
            show_error(self.message, self.tr("Select a producer first."))
            return None
        dialog = ProducerDialog(self.ui, row.id, self)
        dialog.open()
        return dialog

    def remove_producer(self, ask: bool = True) -> str | None:
        row = self.selected()
        if row is None:
            show_error(self.message, self.tr("Select a producer first."))
            return None
        if ask and not confirm(
            self,
            self.tr("Remove {name}? A producer with products, receipts or settlements is only deactivated.").format(
                name=row.name
            ),
        ):
            return None
        actor = self.ui.user.actor
        try:
            outcome = with_approval(
                self.ui, self, lambda s, a: producers.remove_producer(s, actor, row.id, approved_by=a)
            )
        except UserError as exc:
            show_error(self.message, exc)
            return None
        show_ok(
            self.message,
            self.tr("{name} was deleted.").format(name=row.name)
            if outcome == "deleted"
            else self.tr("{name} was deactivated.").format(name=row.name),
        )
        self.ui.events.data_changed.emit("producers")
        return outcome
