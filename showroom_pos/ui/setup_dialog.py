"""First start: name the outlet and create the first administrator."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from showroom_pos.core.errors import UserError
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.i18n import error_text
from showroom_pos.services import setup


class SetupDialog(QDialog):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("Set up this showroom"))
        self.outlet_name = QLineEdit()
        self.outlet_name.setObjectName("setupOutletName")
        self.outlet_code = QLineEdit()
        self.outlet_code.setObjectName("setupOutletCode")
        self.outlet_code.setPlaceholderText("CL01")
        self.address = QLineEdit()
        self.admin_name = QLineEdit()
        self.admin_name.setObjectName("setupAdminName")
        self.pin = QLineEdit()
        self.pin.setObjectName("setupPin")
        self.pin_again = QLineEdit()
        self.pin_again.setObjectName("setupPinAgain")
        for field in (self.pin, self.pin_again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Showroom name"), self.outlet_name)
        form.addRow(self.tr("Outlet code (from the province)"), self.outlet_code)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Administrator's name"), self.admin_name)
        form.addRow(self.tr("Administrator's PIN (4–12 digits)"), self.pin)
        form.addRow(self.tr("PIN again"), self.pin_again)
        self.message = QLabel()
        self.message.setObjectName("setupMessage")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Welcome! Name this showroom and create its administrator.")))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.pin.text() != self.pin_again.text():
            self.message.setText(self.tr("The two PINs differ."))
            return
        try:
            with self.app.transaction() as session:
                setup.set_up_outlet(
                    session, outlet_code=self.outlet_code.text(), outlet_name=self.outlet_name.text(),
                    address=self.address.text(), admin_name=self.admin_name.text(), admin_pin=self.pin.text(),
                )
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()
