"""The audit log screen (managers): who did what, who approved it, when; filters and CSV export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import UserError
from showroom_pos.runtime.i18n import count_text, error_text, one_or_many, problem_text, translated_reason
from showroom_pos.services import audit_log
from showroom_pos.services.audit_log import AuditFilter, AuditRow

from .inventory_common import HeadedTableModel, ask_save_path, export_failure_text, fit_columns
from .roles import DISPLAY, TOOLTIP, USER
from .session import UiSession
from .tasks import TaskRunner

Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(HeadedTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []
        self.headers = [self.tr("Time"), self.tr("Kind"), self.tr("User"), self.tr("Approved by"),
                        self.tr("Till"), self.tr("Entity"), self.tr("Details")]

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not 0 <= index.row() < len(self.rows):  # an invalid index has row -1
            return None
        row = self.rows[index.row()]
        if role in (DISPLAY, TOOLTIP):
            column = index.column()
            if column == 1:  # what happened, in the interface language; the kind itself in the tooltip
                label = kind_text(row.kind)
                return label if role == DISPLAY or label == row.kind else f"{label} ({row.kind})"
            if column == 5:
                return row.entity_shown(translated_reason)
            if column == 6:  # the details are read and worded for their own cell only (not for every cell asked)
                return row.details_shown(translated_reason)
            return (row.local_time, "", row.user, row.approver, row.terminal)[column]
        if role == USER:
            return row.id
        return None


def _translated(labels: dict[str, str], key: str) -> str:
    """``labels[key]`` in the interface language (the service's English source text), or ``key`` as it is."""
    return audit_log.label_of(labels, key, translated_reason)


def kind_text(kind: str) -> str:
    """An event's kind as the screen shows it ("sale.completed" is "Bán xong hóa đơn")."""
    return _translated(audit_log.KIND_LABELS, kind)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class AuditLogScreen(QWidget):
    exported = Signal(object)  # how many events an export wrote, or None

    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("auditLogScreen")
        self.user = QComboBox()
        self.user.setObjectName("auditUser")
        self.kind = QComboBox()
        self.kind.setObjectName("auditKind")
        self.dates = QCheckBox(self.tr("From"))
        self.dates.setObjectName("auditDates")
        self.dates.setChecked(True)
        today = business_day()
        self.day_from = QDateEdit(_qdate(today - timedelta(days=6)))
        self.day_from.setObjectName("auditFrom")
        self.day_to = QDateEdit(_qdate(today))
        self.day_to.setObjectName("auditTo")
        for edit in (self.day_from, self.day_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.export_button = QPushButton(self.tr("Export to CSV…"))
        self.export_button.setObjectName("auditExport")
        self.exports = TaskRunner(self)
        self.model = AuditTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        fit_columns(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.count = QLabel()
        self.count.setObjectName("auditCount")
        self.message = QLabel()
        self.message.setObjectName("auditMessage")
        self.message.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("User")))
        filters.addWidget(self.user, 1)
        filters.addWidget(QLabel(self.tr("Kind")))
        filters.addWidget(self.kind, 1)
        filters.addWidget(self.dates)
        filters.addWidget(self.day_from)
        filters.addWidget(QLabel(self.tr("to")))
        filters.addWidget(self.day_to)
        filters.addWidget(self.refresh_button)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.message)

        self._load_choices()
        self.user.currentIndexChanged.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.dates.toggled.connect(self._dates_toggled)
        self.day_from.dateChanged.connect(self.refresh)
        self.day_to.dateChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(self.export)
        self.stale = False  # released: read again when shown
        self.refresh()

    def release(self) -> None:
        """The screen was left: the events listed go; shown again, they are read afresh."""
        self.model.set_rows([])
        self.stale = True

    def showEvent(self, event: Any) -> None:
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def _load_choices(self) -> None:
        people, kinds = self.ui.read(lambda s: (audit_log.people(s), audit_log.kinds(s)))
        current_user, current_kind = self.user.currentData(), self.kind.currentData()
        for combo in (self.user, self.kind):
            combo.blockSignals(True)
            combo.clear()
        self.user.addItem(self.tr("Everyone"), None)
        for uid, name in people:
            self.user.addItem(name, uid)
        self.kind.addItem(self.tr("All kinds"), None)
        for family in sorted({k.split(".", 1)[0] for k in kinds}):
            if sum(1 for k in kinds if k == family or k.startswith(family + ".")) > 1:
                self.kind.addItem(_translated(audit_log.FAMILY_LABELS, family) if family in audit_log.FAMILY_LABELS
                                  else f"{family}.*", family + ".")
        for kind in kinds:
            self.kind.addItem(kind_text(kind), kind)
        self.user.setCurrentIndex(max(0, self.user.findData(current_user)))
        self.kind.setCurrentIndex(max(0, self.kind.findData(current_kind)))
        for combo in (self.user, self.kind):
            combo.blockSignals(False)

    def _dates_toggled(self, on: bool) -> None:
        self.day_from.setEnabled(on)
        self.day_to.setEnabled(on)
        self.refresh()

    def current_filter(self) -> AuditFilter:
        day_from = day_to = None
        if self.dates.isChecked():
            day_from, day_to = _pydate(self.day_from.date()), _pydate(self.day_to.date())
        return AuditFilter(user_id=self.user.currentData(), kind=self.kind.currentData(),
                           day_from=day_from, day_to=day_to)

    def reload(self) -> None:
        """New users and kinds may have appeared since the screen was built."""
        self._load_choices()
        self.refresh()

    def refresh(self) -> None:
        self.stale = False
        flt = self.current_filter()
        try:
            rows = self.ui.read(lambda s: audit_log.search(s, self.ui.user.actor, flt))
        except UserError as exc:
            self.message.setText(error_text(exc))
            self.model.set_rows([])
            return
        self.model.set_rows(rows)
        if len(rows) >= audit_log.DEFAULT_LIMIT:
            self.count.setText(self.tr("Showing the newest {count} events: narrow the filters to see older "
                                       "ones (the export has them all).").format(count=count_text(len(rows))))
        else:
            self.count.setText(one_or_many(len(rows), "{count} event", self.tr("{count} events")).format(
                count=count_text(len(rows))))

    def export(self) -> None:
        name = f"nhat-ky-hoat-dong-{business_day():%Y-%m-%d}.csv"
        chosen = ask_save_path(self, self.tr("Export the audit log"), name, self.tr("CSV files (*.csv)"))
        if chosen:
            self.export_to(chosen)

    def export_to(self, path: Path) -> None:
        """Write the events matching the filters to ``path`` on a worker thread, in a read session (the whole log of a
        busy showroom, 334,000 events, froze the screen ~10 s and held a write transaction all that time), then record
        the export; ``exported`` says how many were written, or None."""
        flt, actor, sessions = self.current_filter(), self.ui.user.actor, self.ui.app.read_sessions

        def work() -> int:
            with sessions() as session:
                return audit_log.write_csv(session, actor, flt, path)

        self.export_button.setEnabled(False)  # one at a time
        self.message.setText(self.tr("Exporting to {path}…").format(path=path))
        self.exports.run(work, lambda count: self._exported(flt, path, count), self._not_exported)

    def _exported(self, flt: AuditFilter, path: Path, count: int) -> None:
        self.export_button.setEnabled(True)
        try:
            with self.ui.transaction() as session:
                audit_log.record_export(session, self.ui.user.actor, flt, path, count)
        except UserError as exc:  # the file is written; the log could not say so (a full disk…)
            self.message.setText(problem_text(exc))
            self.exported.emit(None)
            return
        self.message.setText(one_or_many(count, "{count} event exported to {path}", self.tr(
            "{count} events exported to {path}")).format(count=count_text(count), path=path))
        self.exported.emit(count)

    def _not_exported(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(export_failure_text(error))
        self.exported.emit(None)

    def shutdown(self) -> None:
        """Before a logout: an export under way finishes writing its file."""
        self.exports.shutdown()
