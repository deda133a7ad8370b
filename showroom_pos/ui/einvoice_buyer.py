"""The buyer's details for the e-invoice, asked at the payment screen (F10) when a customer wants them on the
invoice (a company buying gift baskets). All optional; a tax code is checked as it is typed (python-stdnum) and,
once valid, the details of an earlier invoice with that code fill the empty fields.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from showroom_pos.core.errors import UserError
from showroom_pos.runtime.i18n import error_text
from showroom_pos.services.einvoice.buyer import Buyer, valid_tax_code

from .checkout_keys import KeyRouter, keyed_button


class BuyerDialog(QDialog):
    """``lookup(tax_code)`` finds earlier details (None when there are none); ``buyer`` is what was entered
    (cleaned), or None when the dialog was cancelled; an emptied form gives an empty ``Buyer``."""

    def __init__(self, current: Buyer | None, lookup: Callable[[str], Buyer | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("buyerDialog")
        self.setWindowTitle(self.tr("Buyer on the e-invoice"))
        self.lookup = lookup
        self.buyer: Buyer | None = None
        self.keys = KeyRouter(self)
        start = current or Buyer()
        self.tax_code = self._field("buyerTaxCode", start.tax_code, self.tr("10 or 13 digits"))
        self.name = self._field("buyerName", start.name, self.tr("Company or person"))
        self.address = self._field("buyerAddress", start.address, "")
        self.email = self._field("buyerEmail", start.email, self.tr("Where the invoice is sent"))
        self.phone = self._field("buyerPhone", start.phone, "")
        self.id_no = self._field("buyerIdNo", start.id_no, self.tr("12 digits"))
        self.tax_note = QLabel()
        self.tax_note.setObjectName("buyerTaxNote")
        self.message = QLabel()
        self.message.setObjectName("buyerMessage")
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Tax code"), self.tax_code)
        form.addRow("", self.tax_note)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Citizen ID"), self.id_no)
        buttons = QHBoxLayout()
        buttons.addWidget(keyed_button(self.tr("Use these details"), "F12", self.confirm, self.keys, "buyerOk"))
        buttons.addWidget(keyed_button(self.tr("No buyer details"), "F8", self.clear, self.keys, "buyerClear"))
        buttons.addWidget(keyed_button(self.tr("Back"), "Esc", self.reject, self.keys, "buyerCancel"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.tax_code.textChanged.connect(self._tax_code_changed)
        for field in (self.tax_code, self.name, self.address, self.email, self.phone, self.id_no):
            field.returnPressed.connect(self.focusNextChild)
        self._tax_code_changed(self.tax_code.text())
        self.tax_code.setFocus()

    def _field(self, name: str, value: str, hint: str) -> QLineEdit:
        field = QLineEdit(value)
        field.setObjectName(name)
        field.setPlaceholderText(hint)
        return field

    def _tax_code_changed(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.tax_note.clear()
            return
        if not valid_tax_code(text):
            self.tax_note.setText(self.tr("Not a valid tax code yet"))
            self.tax_note.setStyleSheet("color: #b00020;")
            return
        self.tax_note.setStyleSheet("color: #006400;")
        found = self.lookup(text)
        if found is None:
            self.tax_note.setText(self.tr("Valid tax code"))
            return
        self.tax_note.setText(self.tr("Valid tax code; details of an earlier invoice filled in"))
        for field, value in ((self.name, found.name), (self.address, found.address), (self.email, found.email),
                             (self.phone, found.phone)):
            if not field.text().strip():
                field.setText(value)

    def entered(self) -> Buyer:
        return Buyer(name=self.name.text(), tax_code=self.tax_code.text(), address=self.address.text(),
                     email=self.email.text(), phone=self.phone.text(), id_no=self.id_no.text())

    def confirm(self) -> None:
        try:
            self.buyer = self.entered().cleaned()
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()

    def clear(self) -> None:
        self.buyer = Buyer()
        self.accept()
