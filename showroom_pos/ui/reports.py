"""The reports screen (managers): sales, stock and cash, each a table and a chart, exported to XLSX, CSV
or PDF; Z reports shown and sent to the receipt printer through the print station.

Every report is computed off the GUI thread (a year of sales takes a fraction of a second, but never
freezes the screen); the widgets only show what comes back.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from itertools import compress, repeat
from operator import eq, not_
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import UserError
from showroom_pos.core.money import format_vnd
from showroom_pos.core.text import file_slug, vietnamese_sort_key
from showroom_pos.runtime.i18n import count_text, one_or_many, problem_text
from showroom_pos.services import permissions, printing, report_export
from showroom_pos.services.reports import cash_report, period_summary, sales_lists, sales_report, stock_report
from showroom_pos.services.reports.labels import DIMENSION_TITLES
from showroom_pos.services.reports.table import DAYS, ENUM, INT, MIXED, MONEY, PERCENT, QTY, Report

from .charts import ChartWidget
from .inventory_common import ask_save_path
from .roles import ALIGNMENT, DISPLAY, FONT, LEFT, RIGHT, TOOLTIP, USER
from .screens import open_dialog, waiting
from .session import UiSession
from .tasks import TaskRunner

if TYPE_CHECKING:
    from showroom_pos.runtime.context import Session

Index = QModelIndex | QPersistentModelIndex
SUMMARY_PRINT_KIND = "sales_summary"  # printed by the print station once it knows this kind


def translate(text: str) -> str:
    """Report labels are English source text marked with ``N_`` below the UI (context "UserError")."""
    return QCoreApplication.translate("UserError", text)


_WHOLE_NUMBER_KINDS = frozenset({MONEY, INT, QTY, PERCENT, DAYS})  # shown as whole numbers when their values are ints
_ROLES = frozenset({DISPLAY, TOOLTIP, USER, ALIGNMENT, FONT})  # what ``data`` answers (a view asks for eight)
_PLAIN = frozenset({int, type(None)})  # whole numbers and empty cells, measured by ``longest_cells`` unformatted


def _longest_texts(cells: list[str], count: int) -> list[int]:
    """A row showing each of the ``count`` longest distinct texts of ``cells`` (its first row; the first texts
    among equally long ones), longest first. The rows of each length, from the longest down, are looked at until
    ``count`` texts are found: a month by product's 41,000 SKUs of one length are not all hashed and ranked."""
    lengths = list(map(len, cells))
    first_at: dict[str, int] = {}
    for length in sorted(set(lengths), reverse=True):
        for row in compress(range(len(cells)), map(eq, lengths, repeat(length))):
            first_at.setdefault(cells[row], row)
            if len(first_at) == count:
                return list(first_at.values())
    return list(first_at.values())


class ReportTableModel(QAbstractTableModel):
    """A ``Report`` as a table: formatted cells, numbers right-aligned, the totals row last and bold.

    ``Qt.UserRole`` gives the raw value (money in đồng, dates as ``date``) and sorting uses it; the totals
    row stays at the bottom whatever the order. Cells are formatted when asked for (the rows in view); a column's
    width is measured on its few longest cells, found without formatting a month by product's 41,000 numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: Report | None = None
        self.order: list[int] = []
        self.shown: dict[int, list[str]] = {}  # column → the cells of its rows as shown, in the report's order
        self.longest: dict[int, list[int]] = {}  # column → the report rows of its longest texts
        self.resorted = False  # shown in another order than the report's
        self.position: list[int] | None = None  # report row → the row it is shown at (when resorted; made when asked)
        self.transposed: list[tuple[Any, ...]] | None = None  # the rows' values column by column (``values``)

    def set_report(self, report: Report | None) -> None:
        self.beginResetModel()
        self.report = report
        self.order = list(range(len(report.rows))) if report else []
        self.shown = {}
        self.longest = {}
        self.resorted = False
        self.position = None
        self.transposed = None
        self.endResetModel()

    def has_totals(self) -> bool:
        return self.report is not None and self.report.totals is not None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.report is None:
            return 0
        return len(self.report.rows) + (1 if self.has_totals() else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.report is None else len(self.report.columns)

    def source_row(self, row: int) -> int | None:
        """The report row shown at ``row`` (None for the totals row)."""
        return self.order[row] if 0 <= row < len(self.order) else None

    def row_values(self, row: int) -> tuple[Any, ...] | None:
        at = self.source_row(row)
        return None if at is None or self.report is None else self.report.rows[at]

    def values(self, column: int) -> Sequence[Any]:
        """``column``'s values by report row (the report's rows transposed once: ``Report.values_by_column``)."""
        assert self.report is not None
        if self.transposed is None:
            self.transposed = self.report.values_by_column()
        return self.transposed[column]

    def column_cells(self, column: int) -> list[str]:
        """The cells of ``column``'s report rows as shown (``report_export.format_cell``), by report row."""
        cells = self.shown.get(column)
        if cells is None:
            assert self.report is not None
            cells = self.shown[column] = report_export.column_cells(self.report, column, translate,
                                                                    self.values(column))
        return cells

    def longest_cells(self, column: int, count: int) -> list[int]:
        """Report rows whose cells in ``column`` are among its longest as shown. Whole numbers (money, counts, basis
        points) are shown longer the more digits and with a sign: the largest and the smallest are the longest, found
        without formatting the column (41,000 rows of 13 number columns for a month by product took ~100 ms to
        format, issue 17); other values (text, dates, kilograms as Decimal) by their texts, ``count`` distinct ones.
        Each step is one pass of Python's built-ins over the column (a Python loop over 41,000 rows takes ~2 ms)."""
        assert self.report is not None
        values = self.values(column)
        classes = set(map(type, values))
        kind = self.report.columns[column].kind
        if kind not in _WHOLE_NUMBER_KINDS or int not in classes:
            return _longest_texts(self.column_cells(column), count)
        whole = values if classes == {int} else [v for v in values if type(v) is int]
        rows = {values.index(max(whole)), values.index(min(whole))}
        if not classes <= _PLAIN:  # e.g. kilograms (Decimal) among counts: each distinct text formatted once
            other = list(map(not_, map(isinstance, values, repeat(tuple(_PLAIN)))))
            row_with = dict(zip(map(str, compress(values, other)), compress(range(len(values)), other), strict=True))
            rows.update(heapq.nlargest(count, row_with.values(),
                                       key=lambda r: len(report_export.format_cell(kind, values[r]))))
        return sorted(rows)

    def widest_rows(self, column: int, count: int = 16) -> list[int]:
        """The rows (as shown) of ``column``'s longest cells (``longest_cells``), and the totals row (bold): the cells
        its width is measured on."""
        if self.report is None or not 0 <= column < len(self.report.columns):
            return []
        rows = self.longest.get(column)
        if rows is None:  # asked again on every layout: found once per report
            rows = self.longest[column] = self.longest_cells(column, count)
        if self.resorted:  # by a click on a header: the rows are shown elsewhere
            if self.position is None:
                self.position = sorted(range(len(self.order)), key=self.order.__getitem__)
            rows = [self.position[r] for r in rows]
        return rows + ([len(self.order)] if self.has_totals() else [])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        report = self.report
        if role not in _ROLES or report is None or not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        column = index.column()
        at = self.source_row(index.row())
        if role in (DISPLAY, TOOLTIP):
            if at is None:
                assert report.totals is not None
                return report_export.format_cell(ENUM if column == 0 else report.columns[column].kind,
                                                 report.totals[column], translate)
            cells = self.shown.get(column)  # a text column measured whole
            if cells is not None:
                return cells[at]
            return report_export.format_cell(report.kind_at(at, column), report.rows[at][column], translate)
        if role == USER:
            if at is None:
                assert report.totals is not None
                return report.totals[column]
            return report.rows[at][column]
        if role == ALIGNMENT:
            return RIGHT if report.columns[column].numeric or report.columns[column].kind == MIXED else LEFT
        if role == FONT and at is None:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.report is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.report.columns):
            return report_export.column_title(self.report, section, translate)
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            return "" if self.source_row(section) is None else str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        report = self.report
        if report is None or not 0 <= column < len(report.columns):
            return
        self.layoutAboutToBeChanged.emit()
        present = [i for i in self.order if report.rows[i][column] is not None]
        missing = [i for i in self.order if report.rows[i][column] is None]
        present.sort(key=lambda i: _sort_key(report.rows[i][column]),
                     reverse=order == Qt.SortOrder.DescendingOrder)
        self.order = present + missing
        self.resorted = True
        self.position = None
        self.layoutChanged.emit()


class ReportTable(QTableView):
    """The report's table, its columns as wide as their contents (``ResizeToContents``). Qt would measure a column
    over 1,000 of its rows, asking the model eight things of each cell (240,000 calls, over a second, for a month by
    product: issue 17); here each column is measured on its longest texts over every row, and the totals."""

    def sizeHintForColumn(self, column: int) -> int:
        model = self.model()
        if not isinstance(model, ReportTableModel) or model.report is None:
            return super().sizeHintForColumn(column)
        self.ensurePolished()
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        hint = 0
        for row in model.widest_rows(column):
            index = model.index(row, column)
            hint = max(hint, self.itemDelegateForIndex(index).sizeHint(option, index).width())
        return hint + 1 if self.showGrid() else hint  # as QTableView: the grid line


def _sort_key(value: Any) -> Any:
    """Numbers by value, then text in Vietnamese order ("Dưa hấu" before "Đông trùng…", not after "Xoài")."""
    if isinstance(value, int | float) or hasattr(value, "as_tuple"):
        return (0, value)
    return (1, vietnamese_sort_key(str(value)))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def preset_period(preset: str, today: date) -> tuple[date, date]:
    """The named periods of the period picker."""
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    last_month_end = first - timedelta(days=1)
    return {
        "today": (today, today), "yesterday": (today - timedelta(days=1), today - timedelta(days=1)),
        "this_week": (monday, today), "last_7": (today - timedelta(days=6), today),
        "this_month": (first, today), "last_month": (last_month_end.replace(day=1), last_month_end),
        "last_30": (today - timedelta(days=29), today), "this_year": (today.replace(month=1, day=1), today),
        "last_365": (today - timedelta(days=364), today),
    }[preset]


class ReportPanel(QWidget):
    """What every tab shares: controls on top, the table beside its chart, export buttons below."""

    loaded = Signal()
    failed = Signal(str)
    saved = Signal(object)  # an export finished: the file written, or None (not written: ``status`` says why)

    def __init__(self, ui: UiSession, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.runner = runner
        self.report: Report | None = None
        self.model = ReportTableModel(self)
        self.controls = QHBoxLayout()
        self.table = ReportTable()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.chart = ChartWidget()
        self.summary = QLabel()
        self.summary.setObjectName("reportSummary")
        self.summary.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Show"))
        self.refresh_button.clicked.connect(self.refresh)
        self.export_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for fmt, label in (("xlsx", self.tr("Excel (XLSX)")), ("csv", self.tr("CSV")), ("pdf", self.tr("PDF"))):
            button = QPushButton(label)
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = button
            buttons.addWidget(button)
        self.extra_buttons = QHBoxLayout()
        buttons.insertLayout(1, self.extra_buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(self.controls)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.pending = 0
        self.released = False  # the screen was left: what it computed is gone, and late results are dropped

    def release(self) -> None:
        """Drop the report, its table and its chart (the screen was left); shown again, it computes afresh."""
        self.released = True
        self._drop_report()
        self.status.clear()

    def _drop_report(self) -> None:
        """The report shown goes, with what is said above it (its period's summary) and what would export it."""
        self.summary.clear()
        self.report = None
        self.model.set_report(None)
        self.chart.set_data([])
        for button in self.export_buttons.values():
            button.setEnabled(False)

    # --- subclasses say what to compute ----------------------------------------------------------------

    def _preset_changed(self) -> None:
        period = getattr(self, "period", None)
        if isinstance(period, PeriodPicker) and period.preset.currentData() != "custom":
            self.refresh()

    def request(self) -> Callable[[Session], Any]:
        """Read the controls (GUI thread) and return the work to do in a session (worker thread)."""
        raise NotImplementedError

    def after_load(self, extra: Any) -> None:
        """Show what the work returned beside the report (the sales summary strip…)."""

    # --- loading ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.released = False
        work = self.request()
        sessions, actor = self.ui.app.read_sessions, self.ui.user.actor

        def job() -> Any:
            with sessions() as session:
                permissions.require(session, actor, "reports")
                return work(session)

        # The report shown (another kind, another period) goes now, not when the new one arrives: at 50,000 products
        # the two together were the screen's peak, and memory once raised did not all go back to the system.
        self._drop_report()
        self.pending += 1
        self.refresh_button.setEnabled(False)
        self.status.setText(self.tr("Computing…"))
        self.runner.run(job, self._show, self._fail)

    def _show(self, result: Any) -> None:
        self.pending -= 1
        self.refresh_button.setEnabled(True)
        if self.released:  # computed for a screen since left: not kept
            return
        report, extra = result if isinstance(result, tuple) else (result, None)
        self.report = report
        self.model.set_report(report)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        if report.chart is not None:
            title = translate(report.columns[report.index(report.chart.value)].title)
            self.chart.set_data(report_export.chart_points(report, translate), report.chart.style, title)
            self.chart.show()
        else:
            self.chart.set_data([])
            self.chart.hide()
        self.status.setText(" ".join(report.note_text(n, translate) for n in report.notes))
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self.after_load(extra)
        self.loaded.emit()

    def _fail(self, error: BaseException) -> None:
        self.pending -= 1
        self.refresh_button.setEnabled(True)
        text = problem_text(error) if isinstance(error, UserError | OSError) else self.tr(
            "The report failed: {error}").format(error=error)
        self.status.setText(text)
        self.failed.emit(text)

    # --- export ----------------------------------------------------------------------------------------

    def suggested_name(self, fmt: str) -> str:
        report = self.report
        assert report is not None
        parts = [file_slug(report.display_title(translate))]  # in the screen's language, as its title
        if report.start and report.end:
            parts += [report.start.isoformat(), report.end.isoformat()]
        elif report.end:
            parts.append(report.end.isoformat())
        return "_".join(p for p in parts if p) + f".{fmt}"

    def export(self, fmt: str, path: Path | None = None) -> None:
        """Save the report shown as ``fmt`` (asks where unless ``path`` is given), written on the worker thread: a
        month by product is 41,000 rows, seconds in XLSX and longer in PDF, during which the screen stays in use
        (it froze). ``saved`` says when it is done; ``status`` says it to the person."""
        if self.report is None:
            return
        if path is None:
            path = ask_save_path(self, self.tr("Save the report"), self.suggested_name(fmt), f"{fmt.upper()} (*.{fmt})")
            if path is None:
                return
        report, target = self.report, path
        for button in self.export_buttons.values():  # one file at a time
            button.setEnabled(False)
        self.status.setText(self.tr("Saving {path}…").format(path=target))
        self.runner.run(lambda: report_export.write(report, fmt, target, translate), self._exported,
                        self._not_exported)

    def _export_done(self) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(self.report is not None)

    def _exported(self, written: Path) -> None:
        self._export_done()
        message = self.tr("Saved {path}").format(path=written)
        self.status.setText(message)
        self.ui.events.status_message.emit(message)
        self.saved.emit(written)

    def _not_exported(self, error: BaseException) -> None:
        self._export_done()  # a missing or read-only folder, a full disk: in our words
        self.status.setText(problem_text(error) if isinstance(error, UserError | OSError) else self.tr(
            "The report was not saved: {error}").format(error=error))
        self.saved.emit(None)


class PeriodPicker(QWidget):
    """A named period (today, this month…) or any two days."""

    PRESETS = ("today", "yesterday", "this_week", "last_7", "this_month", "last_month", "last_30", "this_year",
               "last_365", "custom")

    def __init__(self, preset: str = "this_month", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        labels = {
            "today": self.tr("Today"), "yesterday": self.tr("Yesterday"), "this_week": self.tr("This week"),
            "last_7": self.tr("Last 7 days"), "this_month": self.tr("This month"),
            "last_month": self.tr("Last month"), "last_30": self.tr("Last 30 days"),
            "this_year": self.tr("This year"), "last_365": self.tr("Last 12 months"), "custom": self.tr("Other days"),
        }
        self.preset = QComboBox()
        for key in self.PRESETS:
            self.preset.addItem(labels[key], key)
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Period")))
        layout.addWidget(self.preset)
        layout.addWidget(QLabel(self.tr("from")))
        layout.addWidget(self.start)
        layout.addWidget(QLabel(self.tr("to")))
        layout.addWidget(self.end)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.start.userDateChanged.connect(self._dates_edited)
        self.end.userDateChanged.connect(self._dates_edited)
        self._setting = False
        self.preset.setCurrentIndex(self.PRESETS.index(preset))
        self._preset_chosen()

    def _preset_chosen(self) -> None:
        key = self.preset.currentData()
        if key == "custom":
            return
        start, end = preset_period(key, business_day())
        self._setting = True
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))
        self._setting = False

    def _dates_edited(self) -> None:
        if not self._setting:
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(self.PRESETS.index("custom"))
            self.preset.blockSignals(False)

    def period(self) -> tuple[date, date]:
        start, end = _pydate(self.start.date()), _pydate(self.end.date())
        return (start, end) if start <= end else (end, start)

    def set_period(self, start: date, end: date) -> None:
        self.preset.setCurrentIndex(self.PRESETS.index("custom"))
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))


class SalesPanel(ReportPanel):
    KINDS = ("sales", "summary", "best", "worst", "discounts", "returns")

    def __init__(self, ui: UiSession, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ui, runner, parent)
        self.period = PeriodPicker("this_month")
        self.kind = QComboBox()
        self.kind.setObjectName("salesReportKind")
        for key, label in (("sales", self.tr("Sales by…")), ("summary", self.tr("Summary")),
                           ("best", self.tr("Best sellers")), ("worst", self.tr("Worst sellers")),
                           ("discounts", self.tr("Discounts")), ("returns", self.tr("Returns"))):
            self.kind.addItem(label, key)
        self.by = QComboBox()
        self.by.setObjectName("salesReportBy")
        for key in sales_report.DIMENSIONS:
            self.by.addItem(translate(DIMENSION_TITLES[key]), key)
        self.limit = QSpinBox()
        self.limit.setRange(1, 500)
        self.limit.setValue(20)
        self.limit.setPrefix(self.tr("top "))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.by.currentIndexChanged.connect(self.refresh)
        self.period.preset.currentIndexChanged.connect(self._preset_changed)
        for widget in (self.period, self.kind, self.by, self.limit):
            self.controls.addWidget(widget)
        self.controls.addStretch(1)
        self.controls.addWidget(self.refresh_button)
        self.print_summary = QPushButton(self.tr("Print summary"))
        self.print_summary.setVisible(SUMMARY_PRINT_KIND in printing.KINDS)
        self.print_summary.clicked.connect(self.print_period_summary)
        self.extra_buttons.addWidget(self.print_summary)
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.by.setVisible(kind == "sales")
        self.limit.setVisible(kind in ("best", "worst"))
        self.refresh()

    def choose(self, kind: str, by: str | None = None) -> None:
        """Pick a report as a person would with the two lists (used by tests and shortcuts)."""
        self.kind.blockSignals(True)
        self.by.blockSignals(True)
        self.kind.setCurrentIndex(self.KINDS.index(kind))
        if by is not None:
            self.by.setCurrentIndex(sales_report.DIMENSIONS.index(by))
        self.kind.blockSignals(False)
        self.by.blockSignals(False)
        self.by.setVisible(kind == "sales")
        self.limit.setVisible(kind in ("best", "worst"))

    def request(self) -> Callable[[Session], Any]:
        start, end = self.period.period()
        kind, by, limit = self.kind.currentData(), self.by.currentData(), self.limit.value()

        def work(session: Session) -> tuple[Report, period_summary.Summary]:
            summary = period_summary.summary(session, start, end)  # the header above any report
            if kind == "summary":
                report = period_summary.summary_report(session, start, end, summary)
            elif kind in ("best", "worst"):
                report = sales_lists.best_sellers(session, start, end, limit, worst=kind == "worst")
            elif kind == "discounts":
                report = sales_lists.discounts(session, start, end)
            elif kind == "returns":
                report = sales_lists.returns(session, start, end)
            else:
                report = sales_report.sales(session, start, end, by)
            return report, summary

        return work

    def after_load(self, extra: Any) -> None:
        s: period_summary.Summary = extra
        margin = report_export.format_cell(PERCENT, s.margin_bp) if s.margin_bp is not None else "—"
        self.summary.setText(one_or_many(
            s.receipts,
            "Net sales {net} ₫ · {receipts} receipt · average basket {basket} ₫ · discounts {discounts} ₫ · "
            "returns {returns} ₫ · gross margin {margin} ₫ ({margin_pct})",
            self.tr("Net sales {net} ₫ · {receipts} receipts · average basket {basket} ₫ · discounts {discounts} ₫ · "
                    "returns {returns} ₫ · gross margin {margin} ₫ ({margin_pct})")).format(
            net=format_vnd(s.net, symbol=False), receipts=count_text(s.receipts),
            basket=format_vnd(s.average_basket, symbol=False), discounts=format_vnd(s.discounts, symbol=False),
            returns=format_vnd(s.returns, symbol=False), margin=format_vnd(s.margin, symbol=False),
            margin_pct=margin))

    def print_period_summary(self) -> None:
        start, end = self.period.period()
        self.ui.events.print_requested.emit(SUMMARY_PRINT_KIND, f"{start.isoformat()}/{end.isoformat()}")


class StockPanel(ReportPanel):
    KINDS = ("value", "cover", "slow")

    def __init__(self, ui: UiSession, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ui, runner, parent)
        self.kind = QComboBox()
        for key, label in (("value", self.tr("Stock value")), ("cover", self.tr("Stock cover")),
                           ("slow", self.tr("Slow movers"))):
            self.kind.addItem(label, key)
        self.window_days = QSpinBox()
        self.window_days.setRange(1, 365)
        self.window_days.setValue(30)
        self.window_days.setSuffix(self.tr(" days of sales"))
        self.over = QSpinBox()
        self.over.setRange(1, 3650)
        self.over.setValue(90)
        self.over.setPrefix(self.tr("cover over "))
        self.over.setSuffix(self.tr(" days"))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for widget in (QLabel(self.tr("Report")), self.kind, self.window_days, self.over):
            self.controls.addWidget(widget)
        self.controls.addStretch(1)
        self.controls.addWidget(self.refresh_button)
        self._kind_changed(refresh=False)

    def _kind_changed(self, _index: int = 0, refresh: bool = True) -> None:
        kind = self.kind.currentData()
        self.window_days.setVisible(kind != "value")
        self.over.setVisible(kind == "slow")
        if refresh:
            self.refresh()

    def request(self) -> Callable[[Session], Any]:
        kind, window, over = self.kind.currentData(), self.window_days.value(), self.over.value()

        def work(session: Session) -> Report:
            if kind == "cover":
                return stock_report.stock_cover(session, window)
            if kind == "slow":
                return stock_report.slow_movers(session, window, over)
            return stock_report.stock_value(session)

        return work

    def after_load(self, extra: Any) -> None:
        report = self.report
        if report is not None and report.kind == "stock_value":
            self.summary.setText(self.tr("On hand at cost {cost} ₫, at price {price} ₫").format(
                cost=format_vnd(report.total("value_cost"), symbol=False),
                price=format_vnd(report.total("value_price"), symbol=False)))
        else:
            self.summary.setText("")


class CashPanel(ReportPanel):
    def __init__(self, ui: UiSession, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ui, runner, parent)
        self.period = PeriodPicker("last_30")
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Shifts and Z reports"), "shifts")
        self.kind.addItem(self.tr("Over / short by cashier"), "cashiers")
        self.kind.currentIndexChanged.connect(self.refresh)
        self.period.preset.currentIndexChanged.connect(self._preset_changed)
        for widget in (self.period, self.kind):
            self.controls.addWidget(widget)
        self.controls.addStretch(1)
        self.controls.addWidget(self.refresh_button)
        self.show_z = QPushButton(self.tr("Z report…"))
        self.show_z.setObjectName("showZReport")
        self.print_z = QPushButton(self.tr("Print Z report"))
        self.print_z.setObjectName("printZReport")
        self.show_z.clicked.connect(self.open_z_report)
        self.print_z.clicked.connect(self.print_selected)
        self.extra_buttons.addWidget(self.show_z)
        self.extra_buttons.addWidget(self.print_z)
        self.table.doubleClicked.connect(lambda _index: self.open_z_report())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.model.modelReset.connect(self._selection_changed)
        self._selection_changed()

    def after_load(self, extra: Any) -> None:
        report = self.report
        for column in range(self.model.columnCount()):
            self.table.setColumnHidden(column, False)
        if report is not None and report.kind == "shifts":  # the id is for exports and the CLI, not for eyes
            self.table.setColumnHidden(report.index("shift_id"), True)

    def request(self) -> Callable[[Session], Any]:
        start, end = self.period.period()
        kind = self.kind.currentData()

        def work(session: Session) -> Report:
            if kind == "cashiers":
                return cash_report.over_short_by_cashier(session, start, end)
            return cash_report.shift_history(session, start, end)

        return work

    def selected_shift(self) -> tuple[str, bool] | None:
        """(shift id, closed?) of the selected shift row."""
        report = self.report
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if report is None or report.kind != "shifts" or not rows:
            return None
        values = self.model.row_values(rows[0].row())
        if values is None:
            return None
        return values[report.index("shift_id")], values[report.index("status")] == "Closed"

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _selection_changed(self) -> None:
        chosen = self.selected_shift()
        self.show_z.setEnabled(chosen is not None)
        self.print_z.setEnabled(chosen is not None)
        self.print_z.setText(self.tr("Print X report") if chosen and not chosen[1] else self.tr("Print Z report"))

    def print_selected(self) -> None:
        chosen = self.selected_shift()
        if chosen is None:
            return
        shift_id, closed = chosen
        self.ui.events.print_requested.emit("z_report" if closed else "x_report", shift_id)
        self.ui.events.status_message.emit(self.tr("Sent to the receipt printer."))

    def open_z_report(self) -> ZReportDialog | None:
        chosen = self.selected_shift()
        if chosen is None:
            return None
        with self.ui.app.read_sessions() as session:
            permissions.require(session, self.ui.user.actor, "reports")
            report = cash_report.z_report(session, chosen[0])
        dialog = ZReportDialog(self.ui, report, chosen[0], chosen[1], self)
        open_dialog(dialog)
        return dialog


class ZReportDialog(QDialog):
    """One shift's Z report (X while open): read it, export it, or print it on the receipt printer."""

    def __init__(self, ui: UiSession, report: Report, shift_id: str, closed: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.report, self.shift_id, self.closed = ui, report, shift_id, closed
        self.setWindowTitle(translate(report.title))
        self.model = ReportTableModel(self)
        self.model.set_report(report)
        table = QTableView()
        table.setModel(self.model)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.print_button = QPushButton(self.tr("Print Z report") if closed else self.tr("Print X report"))
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button = QPushButton(self.tr("PDF"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        self.message = QLabel()
        self.message.setObjectName("zReportMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.print_button, self.pdf_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(report_export.period_text(report, translate)))
        layout.addWidget(table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(440, 560)

    def print_report(self) -> None:
        self.ui.events.print_requested.emit("z_report" if self.closed else "x_report", self.shift_id)

    def export(self, fmt: str, path: Path | None = None) -> Path | None:
        if path is None:
            # A day can have several shifts (morning, afternoon): each report its own file, by when its shift opened.
            opened = cash_report.shift_opened_at(self.report)
            when = f"{opened:%Y-%m-%d-%H%M}" if opened else str(self.report.end)
            name = f"bao-cao-{'z' if self.closed else 'x'}-{when}.{fmt}"
            path = ask_save_path(self, self.tr("Save the report"), name, f"{fmt.upper()} (*.{fmt})")
            if path is None:
                return None
        try:
            with waiting():
                written = report_export.write(self.report, fmt, path, translate)
        except (UserError, OSError) as exc:  # a missing or read-only folder, a full stick: said in our words
            self.message.setText(problem_text(exc))
            return None
        self.message.setText(self.tr("Saved {path}").format(path=written))
        return written


class ReportsScreen(QWidget):
    """Sales, Stock and Cash tabs; each computes when first shown and when its choices change."""

    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("reportsScreen")
        self.runner = TaskRunner(self)
        self.tabs = QTabWidget()
        self.sales = SalesPanel(ui, self.runner)
        self.stock = StockPanel(ui, self.runner)
        self.cash = CashPanel(ui, self.runner)
        self.tabs.addTab(self.sales, self.tr("Sales"))
        self.tabs.addTab(self.stock, self.tr("Stock"))
        self.tabs.addTab(self.cash, self.tr("Cash and shifts"))
        self.shown_once = {0}
        self.released = False
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        ui.events.sale_completed.connect(lambda _sale_id: self._data_changed())

    def panels(self) -> list[ReportPanel]:
        return [self.sales, self.stock, self.cash]

    def release(self) -> None:
        """The screen was left: every tab drops its report, table and chart (a year of rows by product was kept
        for the rest of the day); shown again, the tab in front computes afresh, the others when chosen."""
        self.released = True
        self.shown_once = set()
        for panel in self.panels():
            panel.release()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.released:
            self.released = False
            self._tab_changed(self.tabs.currentIndex())

    def _tab_changed(self, index: int) -> None:
        if index not in self.shown_once:
            self.shown_once.add(index)
            panel = self.tabs.widget(index)
            if isinstance(panel, ReportPanel):
                panel.refresh()

    def _data_changed(self) -> None:
        """A sale was made: the figures on the sales tab are stale if they include today."""
        start, end = self.sales.period.period()
        if start <= business_day() <= end and self.isVisible():
            self.sales.refresh()

    def closeEvent(self, event: Any) -> None:
        self.runner.shutdown()
        super().closeEvent(event)
