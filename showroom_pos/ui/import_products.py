"""Importing the province's OCOP product list: a dry run first shows every row's outcome and every
error with its line and column; only a clean file can then be imported, all rows at once. The file is
read and checked off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.runtime.i18n import error_text, problem_text
from showroom_pos.services import permissions
from showroom_pos.services.product_import.columns import COLUMNS, change_labels
from showroom_pos.services.product_import.pipeline import import_file
from showroom_pos.services.product_import.report import ImportReport, RowResult

from .approval import request_approval
from .inventory_common import AMBER, RED, Col, RowsModel, ask_open_path, show_error, show_ok
from .session import UiSession
from .tasks import TaskRunner


def outcome_text(row: RowResult) -> str:
    return {
        "create": QCoreApplication.translate("Inventory", "new"),
        "update": QCoreApplication.translate("Inventory", "update"),
        "unchanged": QCoreApplication.translate("Inventory", "unchanged"),
        "rejected": QCoreApplication.translate("Inventory", "rejected"),
    }.get(row.action, row.action)


def details_text(row: RowResult) -> str:
    if row.errors:
        return "\n".join(
            QCoreApplication.translate("Inventory", "column “{column}”: {message}").format(
                column=e.column, message=error_text(e.error)
            )
            for e in row.errors
        )
    parts = []
    if row.changes:
        parts.append(", ".join(change_labels(row.changes)))
    if row.new_producer:
        parts.append(QCoreApplication.translate("Inventory", "new producer {name}").format(name=row.new_producer))
    return "; ".join(parts)


class ImportDialog(QDialog):
    checked = Signal()  # a dry run finished (or failed)
    imported = Signal()  # an import finished (or failed)

    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.path: Path | None = None
        self.report: ImportReport | None = None
        self.approver: int | None = None
        self.tasks = TaskRunner(self)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import the OCOP product list"))
        # The columns named here (a manager at the till has no README): their Vietnamese headers, as exported.
        self.file_label = QLabel(self.tr("No file chosen. CSV (UTF-8) or Excel .xlsx with a header row; the columns "
                                         "it may have: {columns}.").format(
            columns=", ".join(c.header for c in COLUMNS)))
        self.file_label.setWordWrap(True)
        choose = QPushButton(self.tr("Choose file…"))
        choose.clicked.connect(self.choose)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.model = RowsModel(
            [
                Col(self.tr("Line"), lambda r: r.line, numeric=True),
                Col(
                    self.tr("Outcome"),
                    outcome_text,
                    colour=lambda r: RED if r.errors else (AMBER if r.action == "update" else None),
                ),
                Col(self.tr("SKU"), lambda r: r.sku),
                Col(self.tr("Name"), lambda r: r.name),
                Col(self.tr("Details"), details_text, colour=lambda r: RED if r.errors else None),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setObjectName("importTable")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_now)
        self.recheck = QPushButton(self.tr("Check again"))
        self.recheck.setEnabled(False)
        self.recheck.clicked.connect(lambda: self.load(self.path) if self.path else None)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.recheck)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(1000, 600)
        self.finished.connect(lambda _code: self.tasks.shutdown())

    def choose(self) -> None:
        path = ask_open_path(self, self.tr("Product list"), self.tr("Product lists (*.csv *.xlsx);;All files (*)"))
        if path is not None:
            self.load(path)

    def load(self, path: Path) -> None:
        """Dry-run ``path`` in the background; ``checked`` is emitted when the report is shown."""
        self.path = path
        self.file_label.setText(str(path))
        self.import_button.setEnabled(False)
        self.recheck.setEnabled(False)
        show_ok(self.summary, self.tr("Checking…"))
        app = self.ui.app

        def work() -> ImportReport:
            with app.sessions() as session:
                return import_file(session, path, dry_run=True)

        self.tasks.run(work, self._checked, self._failed_check)

    def _failed_check(self, error: BaseException) -> None:
        show_error(self.summary, problem_text(error))
        self.recheck.setEnabled(True)
        self.checked.emit()

    def _checked(self, report: ImportReport) -> None:
        self.show_report(report)
        changes = report.count("create") + report.count("update")
        self.import_button.setEnabled(report.ok and changes > 0)
        self.recheck.setEnabled(True)
        self.checked.emit()

    def show_report(self, report: ImportReport) -> None:
        self.report = report
        self.model.set_rows(report.rows)
        self.table.resizeRowsToContents()
        counts = self.tr(
            "{rows} rows: {new} new, {updated} updated, {unchanged} unchanged, {rejected} rejected."
        ).format(
            rows=len(report.rows),
            new=report.count("create"),
            updated=report.count("update"),
            unchanged=report.count("unchanged"),
            rejected=len(report.rejected),
        )
        lines = [error_text(e) for e in report.file_errors]
        lines += [self.tr("Column “{column}” is not used.").format(column=c) for c in report.ignored_columns]
        lines += [self.tr("Note, line {line}: {message}").format(line=n.line, message=error_text(n.error))
                  for n in report.notes]
        if report.new_producers:
            lines.append(self.tr("New producers: {names}.").format(names=", ".join(report.new_producers)))
        if report.file_errors:
            show_error(self.summary, "\n".join(lines))
        elif not report.ok:
            show_error(
                self.summary,
                "\n".join([counts, *lines, self.tr("Nothing can be imported until every rejected row is corrected.")]),
            )
        elif report.applied:
            show_ok(self.summary, "\n".join([counts, *lines, self.tr("Imported.")]))
        elif report.count("create") + report.count("update") == 0:
            show_ok(
                self.summary,
                "\n".join([counts, *lines, self.tr("Nothing to change: the catalogue already matches the file.")]),
            )
        else:
            show_ok(self.summary, "\n".join([counts, *lines, self.tr("Press Import to save all of it.")]))

    def import_now(self) -> None:
        if self.path is None:
            return
        approver = None
        if not permissions.allowed(self.ui.user.role, "catalogue_edit"):
            approver = request_approval(self.ui, permissions.describe("catalogue_edit"), self)
            if approver is None:
                return
        self.import_button.setEnabled(False)
        show_ok(self.summary, self.tr("Importing…"))
        app, path, actor = self.ui.app, self.path, self.ui.user.actor

        def work() -> ImportReport:
            with app.transaction() as session:
                return import_file(session, path, actor=actor, approved_by=approver)

        self.tasks.run(work, self._imported, self._failed_import)

    def _failed_import(self, error: BaseException) -> None:
        show_error(self.summary, problem_text(error))
        self.imported.emit()

    def _imported(self, report: ImportReport) -> None:
        self.show_report(report)
        if report.applied:
            self.ui.events.data_changed.emit("products")
        self.imported.emit()
