"""Pieces the inventory screens share: a read-only table model over service rows, dates, quantities,
messages, and running a service call with a manager's approval when it needs one."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.errors import ApprovalRequired, UserError
from showroom_pos.core.money import format_vnd
from showroom_pos.core.text import is_ascii_digits
from showroom_pos.runtime.i18n import error_text, problem_text, translate
from showroom_pos.services.documents import format_qty

from .approval import request_approval
from .roles import ALIGNMENT, DECORATION, DISPLAY, EDIT, FOREGROUND, RIGHT, TOOLTIP, USER
from .session import UiSession

if TYPE_CHECKING:
    from showroom_pos.runtime.context import Session

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
RED = QColor("#b00020")
AMBER = QColor("#a15c00")
GREY = QColor("#777777")


def tr(text: str) -> str:
    return QCoreApplication.translate("Inventory", text)


@dataclass(frozen=True)
class Col:
    title: str  # already translated
    value: Callable[[Any], Any]
    numeric: bool = False
    colour: Callable[[Any], QColor | None] | None = None
    decoration: Callable[[Any], Any] | None = None  # an icon (a product's photo)


class HeadedTableModel(QAbstractTableModel):
    """A table model whose columns are its horizontal header, ``headers`` (set in ``__init__``)."""

    headers: list[str]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None


class RowsModel(HeadedTableModel):
    """A table over a list of plain rows (service dataclasses); ``UserRole`` gives the row itself."""

    def __init__(self, columns: Sequence[Col], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.headers = [col.title for col in self.columns]
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r, c = index.row(), index.column()  # an invalid index has row -1
        if not (0 <= r < len(self.rows) and 0 <= c < len(self.columns)):
            return None
        if role in _TEXT_ROLES:
            value = self.columns[c].value(self.rows[r])
            return "" if value is None else str(value)
        col = self.columns[c]
        if role == ALIGNMENT:
            return RIGHT if col.numeric else None
        if role == FOREGROUND:
            colour = None if col.colour is None else col.colour(self.rows[r])
            return QBrush(colour) if colour is not None else None
        if role == DECORATION:
            return None if col.decoration is None else col.decoration(self.rows[r])
        if role == USER:
            return self.rows[r]
        return None


_TEXT_ROLES = frozenset({DISPLAY, TOOLTIP, EDIT})


class PagedRowsModel(RowsModel):
    """A ``RowsModel`` whose rows are read a page at a time, as the list is scrolled to its end (Qt asks
    ``canFetchMore`` and ``fetchMore``): ``read_page(after)`` gives up to ``page_size`` rows that follow the row
    ``after`` (``None``: the first page). The whole catalogue of 50,000 read at once kept the products screen
    1.1-1.4 s from showing."""

    def __init__(self, columns: Sequence[Col], page_size: int, parent: QWidget | None = None) -> None:
        super().__init__(columns, parent)
        self.page_size = page_size
        self._read_page: Callable[[Any | None], Sequence[Any]] | None = None
        self._more = False

    def read(self, read_page: Callable[[Any | None], Sequence[Any]]) -> None:
        """Show the first page of ``read_page``, which later pages are read from too."""
        self._read_page = read_page
        rows = read_page(None)
        self.set_rows(rows)
        self._more = len(rows) >= self.page_size  # (not before: a view asks for more while the reset is told)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._more = False
        super().set_rows(rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self._more and not parent.isValid()

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._read_page is None:
            return
        rows = self._read_page(self.rows[-1])
        self.append(rows)
        self._more = len(rows) >= self.page_size

    def append(self, rows: Sequence[Any]) -> None:
        """Rows read beyond the pages (up to one the screen must show): the next page follows the last of them."""
        more, self._more = self._more, False  # a view asks for more while rows go in (beginInsertRows): not twice
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self._more = more


FITTED_ROWS = 200  # the rows a list's columns are fitted to


def fit_columns(table: QTableView) -> None:
    """Columns as wide as their contents, measured on the first ``FITTED_ROWS`` rows (a longer text further down
    is elided), once each time the model is reset (rows read again); the manager may widen one by hand. Qt's
    default measures 1,000 rows, every cell several times each time the list is shown (~1 s of the products
    screen's 3.7 s with 50,000 products, and of the audit log's 0.7 s); kept fitted by Qt (``ResizeToContents``)
    they were measured three or four times over for one showing (78,000 calls of ``data`` for the products' first
    200 rows, 0.2-0.3 s), and again as each page came in. ``table`` has its model (set before)."""
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for header in (table.horizontalHeader(), table.verticalHeader()):
        header.setResizeContentsPrecision(FITTED_ROWS)
    table.model().modelReset.connect(table.resizeColumnsToContents)
    table.resizeColumnsToContents()


# --- values -----------------------------------------------------------------------------------------


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def vn_day(day: date | None) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


def parse_day(text: str) -> date | None:
    """``dd/mm/yyyy`` (or ``yyyy-mm-dd``) typed by a person; None when empty. Raises ValueError."""
    text = text.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return date.fromisoformat(text)


def parse_qty(text: str, by_weight: bool) -> int:
    """A quantity as typed: pieces; for goods sold by weight, ``1,25`` or ``1.25 kg`` is kilograms and a
    whole number is grams. Raises ValueError."""
    cleaned = text.strip().lower().replace(" ", "")
    if by_weight:
        kg = cleaned.endswith("kg")
        cleaned = cleaned.removesuffix("kg").removesuffix("g")
        if kg or "," in cleaned or "." in cleaned:
            whole, _, frac = cleaned.replace(",", ".").partition(".")
            digits = is_ascii_digits(whole or "0") and (not frac or is_ascii_digits(frac))
            if not (whole or frac) or not digits or len(frac) > 3:
                raise ValueError(text)
            return int(whole or "0") * 1000 + int((frac + "000")[:3])
    if not is_ascii_digits(cleaned.lstrip("-")):
        raise ValueError(text)
    return int(cleaned)


def qty_text(qty: int, by_weight: bool) -> str:
    return format_qty(qty, by_weight)


def money(amount: int | None) -> str:
    return "" if amount is None else format_vnd(amount)


# --- messages and approvals -------------------------------------------------------------------------


def show_error(label: QLabel, error: UserError | str) -> None:
    label.setStyleSheet("color: #b00020;")
    label.setText(error if isinstance(error, str) else error_text(error))


def show_ok(label: QLabel, text: str) -> None:
    label.setStyleSheet("color: #1b5e20;")
    label.setText(text)


def export_failure_text(error: BaseException) -> str:
    """Why an export made on a worker thread failed: our words for a refusal or a file's problem (a full disk),
    anything else (a bug, logged with its traceback) said to be the export's failure."""
    if isinstance(error, UserError | OSError):
        return problem_text(error)
    return QCoreApplication.translate("Inventory", "The export failed: {error}").format(error=error)


def error_lines(error: UserError) -> list[str]:
    """Each invalid field's message when a service named several at once."""
    from showroom_pos.services.field_errors import InvalidFields

    if isinstance(error, InvalidFields):
        return [error_text(e) for e in error.errors]
    return [error_text(error)]


def with_approval(ui: UiSession, parent: QWidget | None, work: Callable[[Session, int | None], T]) -> T | None:
    """Run ``work`` in one transaction; if the service asks for a manager, ask for their PIN and run
    it again with the approver. None when nobody approved. ``UserError``s go to the caller."""
    try:
        with ui.transaction() as session:
            return work(session, None)
    except ApprovalRequired as exc:
        action = translate("UserError", str(exc.params.get("action", "")))
        approver = request_approval(ui, action, parent)
        if approver is None:
            return None
        with ui.transaction() as session:
            return work(session, approver)


def confirm(parent: QWidget | None, text: str, title: str | None = None) -> bool:
    """Yes only when the person chooses it: "No" is the answer a stray Enter gives (the questions asked here undo
    or replace work: a cart, a sale, the whole database)."""
    answer = QMessageBox.question(
        parent,
        title or QCoreApplication.translate("Inventory", "Please confirm"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


_last_folder: Path | None = None  # the folder of the last file saved or opened in this run of the app


def documents_folder() -> Path:
    """Where the save and open dialogs start: the folder last chosen in this run of the app (a USB stick, say), else
    the person's Documents folder, else home; never the folder the app happened to be started from (a desktop
    shortcut starts it in / or in the install's folder)."""
    if _last_folder is not None and _last_folder.is_dir():
        return _last_folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember_folder(path: Path) -> Path:
    """``path`` (a file or folder chosen in a dialog), its folder remembered for the next dialog."""
    global _last_folder
    _last_folder = path if path.is_dir() else path.parent
    return path


def ask_save_path(parent: QWidget | None, title: str, suggested: str, filters: str) -> Path | None:
    """Where to save a file, ``suggested`` (a file name) offered in ``documents_folder()``."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(documents_folder() / suggested), filters)
    return remember_folder(Path(name)) if name else None


def ask_folder(parent: QWidget | None, title: str) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, str(documents_folder()))
    return remember_folder(Path(name)) if name else None


def add_checked_row(form: QFormLayout, errors: dict[str, QLabel], field: str, text: str, widget: QWidget) -> None:
    """A form row whose field has an error line under it (hidden until the service names that field)."""
    error = QLabel()
    error.setObjectName(f"error_{field}")
    error.setStyleSheet("color: #b00020;")
    error.setWordWrap(True)
    error.hide()
    errors[field] = error
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(widget)
    column.addWidget(error)
    form.addRow(text, box)


def ask_open_path(parent: QWidget | None, title: str, filters: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, str(documents_folder()), filters)
    return remember_folder(Path(name)) if name else None


# --- labels (marked for translation here, translated when shown) ------------------------------------

GROUP_LABELS = {
    "food": str(QT_TRANSLATE_NOOP("Inventory", "Food")),
    "beverage": str(QT_TRANSLATE_NOOP("Inventory", "Beverages")),
    "herbal": str(QT_TRANSLATE_NOOP("Inventory", "Herbal products")),
    "handicraft": str(QT_TRANSLATE_NOOP("Inventory", "Handicrafts")),
    "ornamental": str(QT_TRANSLATE_NOOP("Inventory", "Ornamental plants and animals")),
    "tourism": str(QT_TRANSLATE_NOOP("Inventory", "Rural tourism services")),
}
KIND_LABELS = {
    "enterprise": str(QT_TRANSLATE_NOOP("Inventory", "Enterprise")),
    "cooperative": str(QT_TRANSLATE_NOOP("Inventory", "Cooperative")),
    "coop_group": str(QT_TRANSLATE_NOOP("Inventory", "Cooperative group")),
    "household": str(QT_TRANSLATE_NOOP("Inventory", "Household business")),
}
REASON_LABELS = {
    "damaged": str(QT_TRANSLATE_NOOP("Inventory", "Damaged")),
    "expired": str(QT_TRANSLATE_NOOP("Inventory", "Expired")),
    "tasting": str(QT_TRANSLATE_NOOP("Inventory", "Tasting sample")),
    "return_to_producer": str(QT_TRANSLATE_NOOP("Inventory", "Return to producer")),
    "other": str(QT_TRANSLATE_NOOP("Inventory", "Other")),
}
MOVEMENT_LABELS = {
    "receipt": str(QT_TRANSLATE_NOOP("Inventory", "Goods receipt")),
    "sale": str(QT_TRANSLATE_NOOP("Inventory", "Sale")),
    "return": str(QT_TRANSLATE_NOOP("Inventory", "Customer return")),
    "adjustment": str(QT_TRANSLATE_NOOP("Inventory", "Adjustment")),
    "count": str(QT_TRANSLATE_NOOP("Inventory", "Stock count")),
    "consignment_return": str(QT_TRANSLATE_NOOP("Inventory", "Returned to producer")),
    "void": str(QT_TRANSLATE_NOOP("Inventory", "Voided sale")),
}
CERTIFICATE_LABELS = {
    "none": "",
    "valid": str(QT_TRANSLATE_NOOP("Inventory", "valid")),
    "expiring": str(QT_TRANSLATE_NOOP("Inventory", "expires within 60 days")),
    "expired": str(QT_TRANSLATE_NOOP("Inventory", "expired: not to be sold as OCOP")),
}
ALERT_LABELS = {
    "negative_stock": str(QT_TRANSLATE_NOOP("Inventory", "Stock below zero")),
    "low_stock": str(QT_TRANSLATE_NOOP("Inventory", "Below reorder level")),
    "certificate_expired": str(QT_TRANSLATE_NOOP("Inventory", "OCOP certificate expired")),
    "certificate_expiring": str(QT_TRANSLATE_NOOP("Inventory", "OCOP certificate expires within 60 days")),
    "best_before_past": str(QT_TRANSLATE_NOOP("Inventory", "Past its best-before date")),
    "best_before_near": str(QT_TRANSLATE_NOOP("Inventory", "Near its best-before date")),
}
VAT_LABELS = {
    "standard": str(QT_TRANSLATE_NOOP("Inventory", "Standard (10 %, 8 % until 2026)")),
    "reduced": str(QT_TRANSLATE_NOOP("Inventory", "Reduced (5 %)")),
    "zero": str(QT_TRANSLATE_NOOP("Inventory", "Zero (0 %)")),
    "exempt": str(QT_TRANSLATE_NOOP("Inventory", "Exempt")),
}


def label(table: dict[str, str], key: str | None) -> str:
    """A marked label in the person's language (the key itself when unknown)."""
    if key is None:
        return ""
    return tr(table[key]) if key in table else key
