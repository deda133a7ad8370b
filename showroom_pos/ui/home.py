"""The home screen: today's figures at a glance and the open shift."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from showroom_pos.core.money import format_vnd
from showroom_pos.services import dashboard

from .session import UiSession


class HomeScreen(QWidget):
    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("homeScreen")
        self.outlet = QLabel()
        font = self.outlet.font()
        font.setPointSize(16)
        font.setBold(True)
        self.outlet.setFont(font)
        self.sales_today = QLabel()
        self.sales_today.setObjectName("homeSalesToday")
        self.receipts_today = QLabel()
        self.shift = QLabel()
        self.alerts = QLabel()
        self.alerts.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Sales today"), self.sales_today)
        form.addRow(self.tr("Receipts today"), self.receipts_today)
        form.addRow(self.tr("Shift"), self.shift)
        form.addRow(self.tr("Alerts"), self.alerts)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outlet)
        layout.addLayout(form)
        layout.addStretch(1)
        ui.events.sale_completed.connect(lambda _sale_id: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        today = self.ui.read(lambda s: dashboard.today(s, self.ui.user.terminal_id))
        self.outlet.setText(today.outlet_name)
        self.sales_today.setText(format_vnd(today.sales_total))
        self.receipts_today.setText(str(today.receipts))
        self.shift.setText(
            self.tr("open since {time}, by {name}").format(time=today.shift_opened, name=today.shift_user)
            if today.shift_opened else self.tr("no shift open")
        )
        self.alerts.setText(
            self.tr("{low} products below reorder level; {expiring} certificates expiring within 60 days; "
                    "{expired} expired; {pending} days not yet sent to the province").format(
                low=today.low_stock, expiring=today.certificates_expiring, expired=today.certificates_expired,
                pending=today.days_unsynced)
        )
