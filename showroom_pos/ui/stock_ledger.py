"""A product's stock ledger: every movement, with the running balance, who did it and why."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.clock import format_datetime
from showroom_pos.services.catalogue import product_list
from showroom_pos.services.catalogue.product_list import ProductFilter
from showroom_pos.services.stock import ledger as stock_ledger
from showroom_pos.services.stock.ledger import LedgerRow

from .inventory_common import (
    MOVEMENT_LABELS,
    REASON_LABELS,
    RED,
    Col,
    RowsModel,
    fit_columns,
    label,
    money,
    qty_text,
    vn_day,
)
from .scanner_filter import accept_scans
from .session import UiSession


def reason_text(reason: str) -> str:
    """``damaged: bể nắp`` → ``Damaged: bể nắp`` in the person's language."""
    code, _, note = reason.partition(": ")
    if code in REASON_LABELS:
        return label(REASON_LABELS, code) + (f": {note}" if note else "")
    return reason


def ledger_model(by_weight: bool, parent: QWidget | None = None) -> RowsModel:
    def qty(r: LedgerRow) -> str:
        return qty_text(r.qty, by_weight)

    return RowsModel(
        [
            Col(
                QCoreApplication.translate("Inventory", "Time"), lambda r: format_datetime(r.at)
            ),
            Col(QCoreApplication.translate("Inventory", "Movement"), lambda r: label(MOVEMENT_LABELS, r.kind)),
            Col(
                QCoreApplication.translate("Inventory", "Quantity"),
                qty,
                numeric=True,
                colour=lambda r: RED if r.qty < 0 else None,
            ),
            Col(
                QCoreApplication.translate("Inventory", "Balance"),
                lambda r: qty_text(r.balance, by_weight),
                numeric=True,
                colour=lambda r: RED if r.balance < 0 else None,
            ),
            Col(QCoreApplication.translate("Inventory", "Unit cost"), lambda r: money(r.unit_cost), numeric=True),
            Col(QCoreApplication.translate("Inventory", "Why"), lambda r: reason_text(r.reason)),
            Col(QCoreApplication.translate("Inventory", "Reference"), lambda r: r.reference),
            Col(QCoreApplication.translate("Inventory", "By"), lambda r: r.user_name),
            Col(QCoreApplication.translate("Inventory", "Batch"), lambda r: r.batch_no or ""),
            Col(QCoreApplication.translate("Inventory", "Best before"), lambda r: vn_day(r.best_before)),
        ],
        parent,
    )


class StockLedgerScreen(QWidget):
    """Pick a product (search by name, SKU or barcode), read its ledger."""

    def __init__(self, ui: UiSession, parent: QWidget | None = None, product_id: int | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("stockLedgerScreen")
        self.search = QLineEdit()
        self.search.setObjectName("ledgerSearch")
        self.search.setPlaceholderText(self.tr("Search products by name, SKU or barcode"))
        self.search.textChanged.connect(self.find_products)
        accept_scans(self.search, self.search.setText)  # a box that searches by barcode takes a scan as its query
        self.product = QComboBox()
        self.product.setObjectName("ledgerProduct")
        self.product.currentIndexChanged.connect(self.refresh)
        self.summary = QLabel()
        self.summary.setObjectName("ledgerSummary")
        self.model = ledger_model(False, self)
        self.table = QTableView()
        self.table.setObjectName("ledgerTable")
        self.table.setModel(self.model)
        fit_columns(self.table)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.product, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.stale = False  # out of date (or released): read again when shown
        # Bound methods, not lambdas: a ledger dialog deleted on close is disconnected with it.
        ui.events.data_changed.connect(self._changed)
        ui.events.sale_completed.connect(self._changed)
        self.find_products("")
        if product_id is not None:
            self.show_product(product_id)

    def find_products(self, text: str) -> None:
        rows = self.ui.read(
            lambda s: product_list.list_products(s, ProductFilter(text=text, include_inactive=True), limit=200)
        )
        current = self.product.currentData()
        self.product.blockSignals(True)
        self.product.clear()
        for r in rows:
            self.product.addItem(f"{r.sku} — {r.name}", r.id)
        index = self.product.findData(current)
        self.product.setCurrentIndex(index if index >= 0 else 0)
        self.product.blockSignals(False)
        self.refresh()

    def show_product(self, product_id: int) -> None:
        if self.product.findData(product_id) < 0:
            row = self.ui.read(lambda s: product_list.product_row(s, product_id))
            self.product.addItem(f"{row.sku} — {row.name}", row.id)
        self.product.setCurrentIndex(self.product.findData(product_id))
        self.refresh()

    def _changed(self, _what: object = None) -> None:
        if not self.stale:  # left behind (released), it reads again when shown
            self.refresh()

    def release(self) -> None:
        """The screen (not the dialog) was left: its movements go; shown again, they are read afresh."""
        self.model.set_rows([])
        self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self.stale = False
        product_id = self.product.currentData()
        if product_id is None:
            self.model.set_rows([])
            self.summary.clear()
            return
        row = self.ui.read(lambda s: product_list.product_row(s, int(product_id)))
        rows = self.ui.read(lambda s: stock_ledger.product_ledger(s, int(product_id)))
        by_weight = row.sold_by_weight
        self.model.columns = ledger_model(by_weight).columns
        self.model.set_rows(rows)
        self.summary.setText(
            self.tr("{movements} movements; on hand {qty}").format(
                movements=len(rows), qty=qty_text(row.on_hand, by_weight)
            )
        )
        if rows:
            self.table.scrollToBottom()


class LedgerDialog(QDialog):
    def __init__(self, ui: UiSession, product_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Stock ledger"))
        self.ledger = StockLedgerScreen(ui, self, product_id)
        layout = QVBoxLayout(self)
        layout.addWidget(self.ledger)
        self.resize(1000, 560)
