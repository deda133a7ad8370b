"""Stock counts: start one, scan items (or type the counts), see each variance against the ledger;
the count is saved line by line and can be continued later; a manager approves and the differences
post as ``count`` movements."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.clock import format_datetime
from showroom_pos.core.errors import UserError
from showroom_pos.core.money import format_vnd
from showroom_pos.runtime.i18n import one_or_many
from showroom_pos.services import settings
from showroom_pos.services.catalogue import product_list
from showroom_pos.services.catalogue.product_list import ProductFilter
from showroom_pos.services.stock import counts as stock_counts
from showroom_pos.services.stock.counts import CountLine, CountSheet

from .inventory_common import (
    RED,
    HeadedTableModel,
    confirm,
    error_lines,
    fit_columns,
    parse_qty,
    qty_text,
    show_error,
    show_ok,
    with_approval,
)
from .roles import ALIGNMENT, DISPLAY, EDIT, FOREGROUND, RIGHT
from .scanner_filter import accept_scans, scanner_policy
from .session import UiSession

Index = QModelIndex | QPersistentModelIndex


class CountLinesModel(HeadedTableModel):
    """A count's lines; the counted quantity is typed in place (``count_typed`` asks the screen to save)."""

    count_typed = Signal(int, int)  # product id, counted
    invalid = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[CountLine] = []
        self.editable = True
        self.headers = [
            self.tr("SKU"),
            self.tr("Name"),
            self.tr("Expected"),
            self.tr("Counted"),
            self.tr("Variance"),
            self.tr("Variance value"),
        ]

    def set_lines(self, lines: list[CountLine], editable: bool) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.editable = editable
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not 0 <= index.row() < len(self.lines) or not 0 <= index.column() < 6:  # an invalid index has row -1
            return None
        ln = self.lines[index.row()]
        if role in (DISPLAY, EDIT):
            return (
                ln.sku,
                ln.name,
                qty_text(ln.expected, ln.sold_by_weight),
                qty_text(ln.counted, ln.sold_by_weight),
                qty_text(ln.variance, ln.sold_by_weight),
                format_vnd(ln.variance_value),
            )[index.column()]
        if role == ALIGNMENT and index.column() >= 2:
            return RIGHT
        if role == FOREGROUND and index.column() in (4, 5) and ln.variance:
            return QBrush(RED)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 3 and self.editable else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != 3 or not self.editable:
            return False
        ln = self.lines[index.row()]
        try:
            counted = parse_qty(str(value), ln.sold_by_weight)
        except ValueError:
            self.invalid.emit(self.tr("{value} is not a quantity.").format(value=value))
            return False
        self.count_typed.emit(ln.product_id, counted)
        return True


class StockCountScreen(QWidget):
    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("stockCountScreen")
        self.sheet: CountSheet | None = None
        self.message = QLabel()
        self.message.setObjectName("countMessage")
        self.message.setWordWrap(True)
        self.counts = QComboBox()
        self.counts.setObjectName("countOpen")
        self.counts.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_note = QLineEdit()
        self.new_note.setObjectName("countNote")
        self.new_note.setPlaceholderText(self.tr("Note for a new count (e.g. end of month, shelf 3)"))
        start = QPushButton(self.tr("Start a new count"))
        start.setObjectName("countStart")
        start.clicked.connect(lambda: self.start())
        self.cancel_button = cancel = QPushButton(self.tr("Cancel this count"))
        cancel.setObjectName("countCancel")
        cancel.clicked.connect(lambda: self.cancel())
        self.scan = QLineEdit()
        self.scan.setObjectName("countScan")
        self.scan.setPlaceholderText(self.tr("Scan items (each scan counts one), or type a code and Enter"))
        self.scan.returnPressed.connect(self._scan_typed)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("…or find a product by name"))
        self.search.textChanged.connect(self.find_products)
        self.found = QComboBox()
        self.found.setObjectName("countFound")
        add = QPushButton(self.tr("Add to the count"))
        add.clicked.connect(lambda: self.add_found())
        self.model = CountLinesModel(self)
        self.model.count_typed.connect(self.type_count)
        self.model.invalid.connect(lambda text: show_error(self.message, text))
        self.table = QTableView()
        self.table.setObjectName("countLines")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        fit_columns(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("countSummary")
        self.approve_button = QPushButton(self.tr("Approve and post the differences"))
        self.approve_button.setObjectName("countApprove")
        self.approve_button.clicked.connect(lambda: self.approve())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Open counts")))
        top.addWidget(self.counts, 2)
        top.addWidget(cancel)
        top.addStretch(1)
        top.addWidget(self.new_note, 2)
        top.addWidget(start)
        pick = QHBoxLayout()
        pick.addWidget(self.scan, 2)
        pick.addWidget(self.search, 2)
        pick.addWidget(self.found, 3)
        pick.addWidget(add)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.approve_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(pick)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        timing = ui.read(
            lambda s: (settings.number(s, "scanner.max_key_interval_ms"), settings.number(s, "scanner.min_length"))
        )
        scanner_policy().configure(*timing)
        accept_scans(self, self.add_code)
        ui.events.data_changed.connect(lambda _what: self.refresh())
        self.load_counts()
        self.find_products("")

    def load_counts(self, select: str | None = None) -> None:
        counts = self.ui.read(stock_counts.open_counts)
        current = select or self.counts.currentData()
        self.counts.blockSignals(True)
        self.counts.clear()
        for c in counts:
            self.counts.addItem(self._count_label(c), c.id)
        self.counts.setCurrentIndex(max(self.counts.findData(current), 0))
        self.counts.blockSignals(False)
        self.refresh()

    def _count_label(self, count: CountSheet) -> str:
        return one_or_many(len(count.lines), "{started} by {name}: {note} ({lines} line)",
                           self.tr("{started} by {name}: {note} ({lines} lines)")).format(
            started=format_datetime(count.started_at), name=count.started_by or "—", note=count.note or "—",
            lines=len(count.lines))

    def find_products(self, text: str) -> None:
        rows = self.ui.read(lambda s: product_list.list_products(s, ProductFilter(text=text), limit=100))
        self.found.clear()
        for r in rows:
            self.found.addItem(f"{r.sku} — {r.name}", r.id)

    def count_id(self) -> str | None:
        data = self.counts.currentData()
        return str(data) if data else None

    def refresh(self) -> None:
        count_id = self.count_id()
        if count_id is None:
            self.sheet = None
            self.model.set_lines([], False)
            self.summary.setText(self.tr("No count is open: start one."))
            self.approve_button.setEnabled(False)
            self.cancel_button.setEnabled(False)  # nothing to cancel (it did nothing, and said nothing)
            return
        self.sheet = self.ui.read(lambda s: stock_counts.count_sheet(s, count_id))
        self.model.set_lines(self.sheet.lines, self.sheet.status == "open")
        # The list of open counts says how many lines each has: the one being counted, as it grows.
        self.counts.setItemText(self.counts.currentIndex(), self._count_label(self.sheet))
        differing = sum(1 for ln in self.sheet.lines if ln.variance)
        self.summary.setText(
            one_or_many(
                len(self.sheet.lines), "{lines} product counted, {differing} not matching the ledger; variance {value} "
                "at cost.", self.tr("{lines} products counted, {differing} not matching the ledger; variance {value} "
                                    "at cost."),
            ).format(
                lines=len(self.sheet.lines), differing=differing, value=format_vnd(self.sheet.variance_value)
            )
        )
        self.approve_button.setEnabled(self.sheet.status == "open" and bool(self.sheet.lines))
        self.cancel_button.setEnabled(self.sheet.status == "open")

    # --- actions ------------------------------------------------------------------------------------

    def start(self) -> str:
        actor, note = self.ui.user.actor, self.new_note.text()
        with self.ui.transaction() as session:
            count_id = stock_counts.start_count(session, actor, note).id
        self.new_note.clear()
        self.load_counts(count_id)
        show_ok(self.message, self.tr("Count started: scan or type what is on the shelves. It is saved as you go."))
        return count_id

    def _ensure_count(self) -> str:
        return self.count_id() or self.start()

    def _scan_typed(self) -> None:
        code = self.scan.text()
        self.scan.clear()
        self.add_code(code)

    def add_code(self, code: str) -> bool:
        count_id = self._ensure_count()
        actor = self.ui.user.actor
        try:
            with self.ui.transaction() as session:
                product_id, counted = stock_counts.scan_into_count(session, actor, count_id, code)
        except UserError as exc:
            show_error(self.message, exc)
            return False
        self.refresh()
        self._highlight(product_id)
        line = next((ln for ln in self.model.lines if ln.product_id == product_id), None)
        if line is not None:
            show_ok(
                self.message,
                self.tr("{name}: {qty} counted").format(name=line.name, qty=qty_text(counted, line.sold_by_weight)),
            )
        return True

    def add_found(self) -> bool:
        product_id = self.found.currentData()
        if product_id is None:
            return False
        count_id = self._ensure_count()
        if any(ln.product_id == product_id for ln in self.model.lines):
            self._highlight(int(product_id))
            return True
        self.type_count(int(product_id), 0, count_id)
        self._highlight(int(product_id))
        return True

    def type_count(self, product_id: int, counted: int, count_id: str | None = None) -> bool:
        count_id = count_id or self.count_id()
        if count_id is None:
            return False
        actor = self.ui.user.actor
        try:
            with self.ui.transaction() as session:
                stock_counts.record_count(session, actor, count_id, product_id, counted)
        except UserError as exc:
            show_error(self.message, exc)
            return False
        self.refresh()
        return True

    def _highlight(self, product_id: int) -> None:
        for i, ln in enumerate(self.model.lines):
            if ln.product_id == product_id:
                self.table.selectRow(i)

    def approve(self) -> CountSheet | None:
        """Post the count's differences to stock, once the manager has seen what they come to (one click on a
        count begun by a single scan would otherwise write off the rest of that product's stock)."""
        count_id = self.count_id()
        if count_id is None:
            return None
        if self.sheet is not None:
            differing = [ln for ln in self.sheet.lines if ln.variance]
            question = self.tr("Post this count? Products counted: {lines}; not matching the ledger: {differing} "
                               "({value} at cost). Stock becomes what was counted; this cannot be undone.").format(
                differing=len(differing), lines=len(self.sheet.lines), value=format_vnd(self.sheet.variance_value))
            if not confirm(self, question):
                return None
        actor = self.ui.user.actor
        try:
            sheet = with_approval(
                self.ui, self, lambda s, a: stock_counts.approve_count(s, actor, count_id, approved_by=a)
            )
        except UserError as exc:
            show_error(self.message, "\n".join(error_lines(exc)))
            return None
        if sheet is None:
            show_error(self.message, self.tr("Not approved."))
            return None
        adjusted = sum(1 for ln in sheet.lines if ln.variance)
        show_ok(
            self.message,
            one_or_many(adjusted, "Count approved: {adjusted} product adjusted, variance {value}.",
                        self.tr("Count approved: {adjusted} products adjusted, variance {value}.")).format(
                adjusted=adjusted, value=format_vnd(sheet.variance_value)
            ),
        )
        self.load_counts()
        self.ui.events.data_changed.emit("stock")
        return sheet

    def cancel(self, ask: bool = True) -> bool:
        count_id = self.count_id()
        if count_id is None:
            return False
        question = self.tr("Cancel this count? What was counted is discarded; stock stays as it is.")
        if ask and not confirm(self, question):
            return False
        actor = self.ui.user.actor
        with self.ui.transaction() as session:
            stock_counts.cancel_count(session, actor, count_id)
        self.load_counts()
        # Said where the last scan was said ("… counted 1" stayed there, of a count no longer open).
        show_ok(self.message, self.tr("Count cancelled: what was counted is discarded; stock is unchanged."))
        return True
