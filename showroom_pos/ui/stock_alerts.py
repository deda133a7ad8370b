"""What needs a manager's attention: stock below zero or below its reorder level, OCOP certificates
expired or expiring within 60 days, goods past or near their best-before date."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from showroom_pos.runtime.i18n import count_text, one_or_many
from showroom_pos.services.stock import alerts as stock_alerts
from showroom_pos.services.stock.alerts import Alert

from .inventory_common import ALERT_LABELS, AMBER, RED, Col, RowsModel, fit_columns, label, qty_text, vn_day
from .screens import open_dialog
from .session import UiSession
from .stock_ledger import LedgerDialog

URGENT = {"negative_stock", "certificate_expired", "best_before_past"}


def alert_detail(alert: Alert) -> str:
    w = alert.sold_by_weight
    if alert.kind in ("negative_stock", "low_stock"):
        return QCoreApplication.translate("Inventory", "on hand {qty}, reorder level {level}").format(
            qty=qty_text(alert.on_hand, w), level=qty_text(alert.reorder_level, w)
        )
    if alert.kind.startswith("certificate"):
        return QCoreApplication.translate("Inventory", "certificate valid until {day}").format(day=vn_day(alert.day))
    return QCoreApplication.translate("Inventory", "batch {batch}: {qty} best before {day}").format(
        batch=alert.batch_no or "—", qty=qty_text(alert.qty, w), day=vn_day(alert.day)
    )


class StockAlertsScreen(QWidget):
    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("stockAlertsScreen")
        self.model = RowsModel(
            [
                Col(
                    self.tr("Alert"),
                    lambda a: label(ALERT_LABELS, a.kind),
                    colour=lambda a: RED if a.kind in URGENT else AMBER,
                ),
                Col(self.tr("SKU"), lambda a: a.sku),
                Col(self.tr("Product"), lambda a: a.name),
                Col(self.tr("Details"), alert_detail),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setObjectName("alertsTable")
        self.table.setModel(self.model)
        fit_columns(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda i: self.open_ledger(i.row()))
        self.summary = QLabel()
        self.summary.setObjectName("alertsSummary")
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.stale = False  # out of date (or released): read again when shown
        # Bound methods, not lambdas: a ledger dialog deleted on close is disconnected with it.
        ui.events.data_changed.connect(self._changed)
        ui.events.sale_completed.connect(self._changed)
        self.refresh()

    def _changed(self, _what: object = None) -> None:
        """Recomputed at once unless the screen was left: a sale at the checkout does not go through the whole
        catalogue behind it."""
        if not self.stale:  # left behind (released), it reads again when shown
            self.refresh()

    def release(self) -> None:
        """The screen was left: its alerts go; shown again, they are computed afresh."""
        self.model.set_rows([])
        self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self.stale = False
        alerts = self.ui.read(stock_alerts.alerts)
        self.model.set_rows(alerts)
        urgent = sum(1 for a in alerts if a.kind in URGENT)
        self.summary.setText(
            one_or_many(len(alerts), "{count} alert, {urgent} urgent. Double-click it to see its ledger.",
                        self.tr("{count} alerts, {urgent} urgent. Double-click one to see its ledger.")).format(
                count=count_text(len(alerts)), urgent=count_text(urgent)
            )
        )

    def open_ledger(self, row: int) -> LedgerDialog | None:
        alert = self.model.row_at(row)
        if alert is None:
            return None
        dialog = LedgerDialog(self.ui, alert.product_id, self)
        open_dialog(dialog)
        return dialog
