"""Receiving goods: scan (or pick) items, type quantities, unit costs, batches and best-before dates,
the producer's delivery note number, consigned or purchased; post it in one go and print the note."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.errors import NotFound, UserError
from showroom_pos.core.money import format_vnd, parse_vnd
from showroom_pos.core.text import is_ascii_digits
from showroom_pos.runtime.i18n import one_or_many, problem_text
from showroom_pos.services import documents, settings
from showroom_pos.services.catalogue import lookup, product_list
from showroom_pos.services.catalogue import producers as catalogue_producers
from showroom_pos.services.catalogue.product_fields import ProductInput
from showroom_pos.services.catalogue.product_list import ProductFilter
from showroom_pos.services.stock import receiving, valuation
from showroom_pos.services.stock.receiving import GoodsReceiptLineIn, GoodsReceiptSummary

from .inventory_common import (
    Col,
    HeadedTableModel,
    RowsModel,
    ask_save_path,
    error_lines,
    money,
    parse_day,
    parse_qty,
    qty_text,
    show_error,
    show_ok,
    vn_day,
    with_approval,
)
from .product_dialog import ProductDialog
from .roles import ALIGNMENT, DISPLAY, EDIT, RIGHT
from .scanner_filter import accept_scans, scanner_policy
from .screens import open_dialog
from .session import UiSession

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class DraftLine:
    product_id: int
    sku: str
    name: str
    by_weight: bool
    qty: int
    unit_cost: int
    batch_no: str = ""
    best_before: date | None = None

    @property
    def amount(self) -> int:
        return valuation.value_of(self.qty, self.unit_cost, self.by_weight)


class ReceiptLinesModel(HeadedTableModel):
    """The lines being received; quantity, unit cost, batch and best-before are edited in place."""

    invalid = Signal(str)
    changed = Signal()
    EDITABLE = (2, 3, 5, 6)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[DraftLine] = []
        self.headers = [
            self.tr("SKU"),
            self.tr("Name"),
            self.tr("Quantity"),
            self.tr("Unit cost"),
            self.tr("Amount"),
            self.tr("Batch"),
            self.tr("Best before"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def _cells(self, line: DraftLine) -> list[str]:
        return [
            line.sku,
            line.name,
            qty_text(line.qty, line.by_weight),
            format_vnd(line.unit_cost, symbol=False),
            format_vnd(line.amount, symbol=False),
            line.batch_no,
            vn_day(line.best_before),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not 0 <= index.row() < len(self.lines) or not 0 <= index.column() < 7:  # an invalid index has row -1
            return None
        line = self.lines[index.row()]
        if role in (DISPLAY, EDIT):
            return self._cells(line)[index.column()]
        if role == ALIGNMENT and index.column() in (2, 3, 4):
            return RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in self.EDITABLE else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in self.EDITABLE:
            return False
        line = self.lines[index.row()]
        text = str(value)
        try:
            if index.column() == 2:
                line = replace(line, qty=parse_qty(text, line.by_weight))
            elif index.column() == 3:
                line = replace(line, unit_cost=parse_vnd(text) if text.strip() else 0)
            elif index.column() == 5:
                line = replace(line, batch_no=text.strip())
            else:
                line = replace(line, best_before=parse_day(text))
        except ValueError:
            self.invalid.emit(self.tr("{value} cannot be read here.").format(value=text))
            return False
        self.lines[index.row()] = line
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 6))
        self.changed.emit()
        return True

    def add(self, line: DraftLine) -> int:
        """Add a product, or add to its line when it is already there without a batch (scanning twice)."""
        for i, existing in enumerate(self.lines):
            if existing.product_id == line.product_id and not existing.batch_no and existing.best_before is None:
                self.lines[i] = replace(existing, qty=existing.qty + line.qty)
                self.dataChanged.emit(self.index(i, 0), self.index(i, 6))
                self.changed.emit()
                return i
        self.beginInsertRows(QModelIndex(), len(self.lines), len(self.lines))
        self.lines.append(line)
        self.endInsertRows()
        self.changed.emit()
        return len(self.lines) - 1

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.lines[row]
            self.endRemoveRows()
            self.changed.emit()

    def clear(self) -> None:
        self.beginResetModel()
        self.lines = []
        self.endResetModel()
        self.changed.emit()


class GoodsReceiptScreen(QWidget):
    posted = Signal(str)  # the receipt's id

    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("goodsReceiptScreen")
        self.last_receipt: str | None = None
        self.message = QLabel()
        self.message.setObjectName("receiptMessage")
        self.message.setWordWrap(True)
        self.unknown_code = ""
        self.new_product_button = QPushButton()
        self.new_product_button.setObjectName("receiptNewProduct")
        self.new_product_button.hide()
        self.new_product_button.clicked.connect(self.new_product)
        self.producer = QComboBox()
        self.producer.setObjectName("receiptProducer")
        self.consigned = QCheckBox(self.tr("Consigned (paid when sold, settled monthly)"))
        self.consigned.setObjectName("receiptConsigned")
        # Follows the first product received (its own consignment status): goods bought outright are not
        # received as consigned by default. The manager can still change it before posting.
        self.consigned.setChecked(False)
        self.delivery_note = QLineEdit()
        self.delivery_note.setObjectName("receiptDeliveryNote")
        self.note = QLineEdit()
        self.scan = QLineEdit()
        self.scan.setObjectName("receiptScan")
        self.scan.setPlaceholderText(self.tr("Scan or type a barcode or SKU, then Enter"))
        self.scan.returnPressed.connect(self._scan_typed)
        self.search = QLineEdit()
        self.search.setObjectName("receiptSearch")
        self.search.setPlaceholderText(self.tr("…or find a product by name"))
        self.search.textChanged.connect(self.find_products)
        self.found = QComboBox()
        self.found.setObjectName("receiptFound")
        add = QPushButton(self.tr("Add"))
        add.setObjectName("receiptAdd")
        add.clicked.connect(self.add_found)
        self.model = ReceiptLinesModel(self)
        self.model.invalid.connect(lambda text: show_error(self.message, text))
        self.model.changed.connect(self._update_total)
        self.table = QTableView()
        self.table.setObjectName("receiptLines")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        remove = QPushButton(self.tr("Remove line"))
        remove.clicked.connect(self.remove_selected)
        self.total = QLabel()
        self.total.setObjectName("receiptTotal")
        self.post_button = QPushButton(self.tr("Post receipt"))
        self.post_button.setObjectName("receiptPost")
        self.post_button.clicked.connect(self.post)
        self.recent = RowsModel(
            [
                Col(self.tr("Number"), lambda r: r.number),
                Col(self.tr("Day"), lambda r: vn_day(r.business_day)),
                Col(self.tr("Producer"), lambda r: r.producer_name),
                Col(self.tr("Delivery note"), lambda r: r.delivery_note_no),
                Col(self.tr("Consigned"), lambda r: self.tr("yes") if r.consigned else self.tr("no")),
                Col(self.tr("Lines"), lambda r: r.lines, numeric=True),
                Col(self.tr("Value"), lambda r: money(r.value), numeric=True),
            ],
            self,
        )
        self.recent_table = QTableView()
        self.recent_table.setObjectName("receiptsRecent")
        self.recent_table.setModel(self.recent)
        self.recent_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.recent_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        note_pdf = QPushButton(self.tr("Save receipt note as PDF…"))
        note_pdf.setObjectName("receiptNotePdf")
        note_pdf.clicked.connect(lambda: self.save_note_pdf())

        form = QFormLayout()
        form.addRow(self.tr("Producer"), self.producer)
        form.addRow("", self.consigned)
        form.addRow(self.tr("Delivery note number"), self.delivery_note)
        form.addRow(self.tr("Note"), self.note)
        pick = QHBoxLayout()
        pick.addWidget(self.scan, 2)
        pick.addWidget(self.search, 2)
        pick.addWidget(self.found, 3)
        pick.addWidget(add)
        actions = QHBoxLayout()
        actions.addWidget(remove)
        actions.addStretch(1)
        actions.addWidget(self.total)
        actions.addWidget(self.post_button)
        recent_actions = QHBoxLayout()
        recent_actions.addWidget(QLabel(self.tr("Recent receipts")))
        recent_actions.addStretch(1)
        recent_actions.addWidget(note_pdf)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(pick)
        layout.addWidget(self.table, 2)
        layout.addLayout(actions)
        said = QHBoxLayout()
        said.addWidget(self.message, 1)
        said.addWidget(self.new_product_button)
        layout.addLayout(said)
        layout.addLayout(recent_actions)
        layout.addWidget(self.recent_table, 1)
        timing = ui.read(
            lambda s: (settings.number(s, "scanner.max_key_interval_ms"), settings.number(s, "scanner.min_length"))
        )
        scanner_policy().configure(*timing)
        accept_scans(self, self.add_code)
        ui.events.data_changed.connect(self._data_changed)
        self.load_producers()
        self.producer.currentIndexChanged.connect(lambda _i: self.find_products(self.search.text()))
        self.find_products("")
        self.refresh_recent()
        self._update_total()

    def _data_changed(self, what: str) -> None:
        if what == "producers":
            self.load_producers()
        if what in ("products", "producers"):
            self.find_products(self.search.text())

    def load_producers(self) -> None:
        current = self.producer.currentData()
        producers = self.ui.read(lambda s: catalogue_producers.list_producers(s))
        self.producer.blockSignals(True)
        self.producer.clear()
        self.producer.addItem(self.tr("— no producer (purchased) —"), None)
        for p in producers:
            self.producer.addItem(p.name, p.id)
        self.producer.setCurrentIndex(max(self.producer.findData(current), 0))
        self.producer.blockSignals(False)

    def find_products(self, text: str) -> None:
        producer_id = self.producer.currentData()
        rows = self.ui.read(lambda s: product_list.list_products(s, ProductFilter(text=text), limit=100))
        self.found.clear()
        for r in rows:
            if producer_id is None or r.producer_id in (None, producer_id):
                self.found.addItem(f"{r.sku} — {r.name}", r.id)

    def refresh_recent(self) -> None:
        self.recent.set_rows(self.ui.read(lambda s: receiving.list_goods_receipts(s, limit=50)))

    def _update_total(self) -> None:
        lines = self.model.lines
        self.total.setText(
            one_or_many(len(lines), "{lines} line, {value}", self.tr("{lines} lines, {value}")).format(
                lines=len(lines), value=format_vnd(sum(ln.amount for ln in lines)))
        )

    # --- adding lines -------------------------------------------------------------------------------

    def _scan_typed(self) -> None:
        code = self.scan.text()
        self.scan.clear()
        self.add_code(code)

    def add_code(self, code: str) -> bool:
        """A scanned or typed code adds its product (a piece, or a scale label's weight). A code no product has is
        offered as a new product: a cooperative's new line arrives on a delivery before it is in the catalogue."""
        self.new_product_button.hide()
        try:
            scanned = self.ui.read(lambda s: lookup.lookup_code(s, code))
        except NotFound as exc:
            show_error(self.message, exc)
            self.unknown_code = code.strip()
            self.new_product_button.setText(self.tr("New product with code {code}…").format(code=self.unknown_code))
            self.new_product_button.show()
            return False
        except UserError as exc:
            show_error(self.message, exc)
            return False
        return self.add_product(scanned.product_id, scanned.qty)

    def new_product(self) -> ProductDialog:
        """The product form with the unknown code (as its barcode, or its SKU when it is not digits) and this
        delivery's producer filled in; once saved, the product is put on the receipt."""
        code = self.unknown_code
        digits = is_ascii_digits(code)
        producer_id = self.producer.currentData()
        dialog = ProductDialog(self.ui, None, self, new=ProductInput(
            sku="" if digits else code, name="", price=0, ocop_group="food", barcodes=(code,) if digits else (),
            producer_id=producer_id, consigned=producer_id is not None and self.consigned.isChecked()))
        dialog.saved.connect(lambda product_id: self.add_product(product_id, None))
        self.new_product_button.hide()
        open_dialog(dialog)
        return dialog

    def add_found(self) -> bool:
        product_id = self.found.currentData()
        if product_id is None:
            show_error(self.message, self.tr("Select a product first."))
            return False
        return self.add_product(int(product_id), None)

    def add_product(self, product_id: int, qty: int | None) -> bool:
        row = self.ui.read(lambda s: product_list.product_row(s, product_id))
        if qty is None:
            qty = 1000 if row.sold_by_weight else 1
        chosen = self.producer.currentData()
        if receiving.from_another_producer(row.producer_id, chosen):
            # Said at the scan, not at the post twenty scans later: another producer's goods are not on this
            # producer's delivery (nor owed to them at settlement).
            show_error(self.message, self.tr("{name} comes from {producer}, not {receipt_producer}: not added to "
                                             "this receipt.").format(name=row.name, producer=row.producer_name,
                                                                     receipt_producer=self.producer.currentText()))
            return False
        if not self.model.lines:
            self.consigned.setChecked(row.consigned)
            if row.consigned and row.producer_id is not None and self.producer.currentData() is None:
                # Consigned goods are owed to their consignor: the receipt is theirs unless the manager says so.
                self.producer.setCurrentIndex(max(self.producer.findData(row.producer_id), 0))
        index = self.model.add(DraftLine(row.id, row.sku, row.name, row.sold_by_weight, qty, row.cost or 0))
        self.table.selectRow(index)
        show_ok(
            self.message,
            self.tr("{name}: {qty}").format(
                name=row.name, qty=qty_text(self.model.lines[index].qty, row.sold_by_weight)
            ),
        )
        return True

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        for row in rows:
            self.model.remove(row)

    # --- posting ------------------------------------------------------------------------------------

    def post(self) -> str | None:
        lines = [
            GoodsReceiptLineIn(ln.product_id, ln.qty, ln.unit_cost, ln.batch_no or None, ln.best_before)
            for ln in self.model.lines
        ]
        producer_id = self.producer.currentData()
        consigned = self.consigned.isChecked()  # without a producer the service refuses it, saying why
        actor, note_no, note = self.ui.user.actor, self.delivery_note.text(), self.note.text()
        try:
            receipt_id = with_approval(
                self.ui,
                self,
                lambda s, a: (
                    receiving.receive_goods(
                        s,
                        actor,
                        lines,
                        producer_id=producer_id,
                        delivery_note_no=note_no,
                        consigned=consigned,
                        note=note,
                        approved_by=a,
                    ).id
                ),
            )
        except UserError as exc:
            show_error(self.message, "\n".join(error_lines(exc)))
            return None
        if receipt_id is None:
            show_error(self.message, self.tr("Not posted: no manager approved."))
            return None
        self.last_receipt = receipt_id
        self.model.clear()
        self.delivery_note.clear()
        self.note.clear()
        self.refresh_recent()
        summary = self.recent.rows[0] if self.recent.rows else None
        show_ok(
            self.message,
            self.tr("Receipt {number} posted: stock updated.").format(number=summary.number if summary else receipt_id),
        )
        self.ui.events.data_changed.emit("stock")
        self.posted.emit(receipt_id)
        return receipt_id

    def selected_receipt(self) -> GoodsReceiptSummary | None:
        indexes = self.recent_table.selectionModel().selectedRows()
        return self.recent.row_at(indexes[0].row()) if indexes else None

    def save_note_pdf(self, path: Path | None = None, receipt_id: str | None = None) -> Path | None:
        chosen = self.selected_receipt()
        receipt_id = receipt_id or (chosen.id if chosen else self.last_receipt)
        if receipt_id is None:
            show_error(self.message, self.tr("Select a receipt first."))
            return None
        if path is None:
            # Named after the receipt, so that saving the day's notes one after another keeps each of them.
            number = next((r.number for r in self.recent.rows if r.id == receipt_id), "")
            suggested = f"phieu-nhap-kho-{number}.pdf" if number else "phieu-nhap-kho.pdf"
            path = ask_save_path(self, self.tr("Receipt note"), suggested, self.tr("PDF (*.pdf)"))
            if path is None:
                return None
        rid = receipt_id
        try:
            data = self.ui.read(lambda s: documents.to_pdf(receiving.goods_receipt_note(s, rid)))
            path.write_bytes(data)
        except (UserError, OSError) as exc:
            show_error(self.message, problem_text(exc))
            return None
        show_ok(self.message, self.tr("Saved {path}.").format(path=path))
        return path
