"""Backups in the app: back up now, the list of backups, restore one (an administrator's right).

Also the automatic backups of the running app (``BackupScheduler``, owned by the main window): the daily
one, checked a minute after start and every ten minutes, and the one after every shift close. The shift
close is noticed by its Z report going to the printer (``events.print_requested("z_report", shift id)``
for a shift closed in the last minutes: a reprint of an old Z report is not a close), so no screen has
to remember to ask; a screen may also call ``backup_after_shift_close(self, shift_id)`` after its commit
(one backup per shift either way); after each of them, and at idle, the database gets SQLite's full
integrity check (``IntegrityWatch``). Both run off the GUI thread and report a failure (USB stick missing,
disk full) in the status bar without ever undoing or blocking the close.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.errors import UserError
from showroom_pos.runtime.i18n import error_text, problem_text
from showroom_pos.services import backup, data_safety, permissions
from showroom_pos.services.backup import BackupInfo, BackupOutcome

from .approval import ApprovalDialog
from .integrity_watch import IntegrityWatch
from .inventory_common import confirm
from .session import UiSession
from .tasks import TaskRunner

FIRST_CHECK_MS = 60 * 1000
DAILY_CHECK_MS = 10 * 60 * 1000
RETRY_AFTER_FAILURE_S = 60 * 60


def size_text(n: int) -> str:
    """``1,6 MB``: a decimal comma, as the till writes ``1,250 kg``."""
    return f"{n / 1_048_576:.1f} MB".replace(".", ",") if n >= 1_048_576 else f"{max(1, n // 1024)} KB"


class BackupScheduler(QObject):
    """The running app's automatic backups; one per main window."""

    finished = Signal(object)  # BackupOutcome, or None when no backup was due

    def __init__(self, ui: UiSession, parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic, start: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("backupScheduler")
        self.ui = ui
        self.clock = clock
        self.runner = TaskRunner(self)
        self.busy = False
        self.retry_after = 0.0
        self.shifts_backed_up: set[str] = set()
        self.timer = QTimer(self)
        self.timer.setInterval(DAILY_CHECK_MS)
        self.timer.timeout.connect(self.check_daily)
        ui.events.print_requested.connect(self._print_requested)
        # The full integrity check: at idle, and after each backup (so at each shift close too).
        self.integrity = IntegrityWatch(ui, self, start=start)
        if start:  # the first check a minute after the window opens: the start stays quick
            self.timer.start()
            QTimer.singleShot(FIRST_CHECK_MS, self, self.check_daily)

    @property
    def default_folder(self) -> Path:
        return self.ui.app.paths.backups

    def check_daily(self) -> None:
        """Start today's daily backup if it is due (and no failure happened within the hour)."""
        if self.busy or self.clock() < self.retry_after:
            return
        engine, folder = self.ui.app.engine, self.default_folder
        self._run(lambda: backup.daily_backup(engine, folder))

    def _print_requested(self, kind: str, reference: str) -> None:
        if kind == "z_report" and reference not in self.shifts_backed_up and self.ui.read(
                lambda s: backup.shift_closed_recently(s, reference)):
            self.after_shift_close(shift_id=reference)

    def after_shift_close(self, user_id: int | None = None, shift_id: str | None = None) -> None:
        if shift_id is not None:
            if shift_id in self.shifts_backed_up:
                return
            self.shifts_backed_up.add(shift_id)
        engine, folder = self.ui.app.engine, self.default_folder
        who = user_id if user_id is not None else self.ui.user.user_id
        self._run(lambda: backup.after_shift_close(engine, folder, user_id=who), force=True)

    def _run(self, work: Callable[[], BackupOutcome | None], force: bool = False) -> None:
        if self.busy and not force:
            return
        self.busy = True
        self.runner.run(work, self._done, self._failed)

    def _done(self, outcome: BackupOutcome | None) -> None:
        self.busy = False
        if outcome is not None:
            self.integrity.check_now()
        if outcome is not None and outcome.error is not None:
            self.retry_after = self.clock() + RETRY_AFTER_FAILURE_S
            self.ui.events.status_message.emit(error_text(outcome.error))
        elif outcome is not None and outcome.info is not None:
            self.ui.events.status_message.emit(
                self.tr("Backup written and verified: {path}").format(path=outcome.info.path))
        self.finished.emit(outcome)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.integrity.check_now()
        self.retry_after = self.clock() + RETRY_AFTER_FAILURE_S
        self.ui.events.status_message.emit(
            problem_text(error) if isinstance(error, UserError | OSError) else self.tr(
                "The backup failed: {error}").format(error=error))
        self.finished.emit(BackupOutcome(None, error if isinstance(error, UserError) else None))


def backup_after_shift_close(widget: QWidget, shift_id: str | None = None, user_id: int | None = None) -> None:
    """For a shift-close screen, after its commit: start the shift-close backup in the background."""
    scheduler = widget.window().findChild(BackupScheduler)
    if scheduler is not None:
        scheduler.after_shift_close(user_id, shift_id)


class BackupScreen(QWidget):
    restored = Signal(str)  # the backup restored; the window goes back to the login screen

    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("backupScreen")
        self.runner = TaskRunner(self)
        self.folder = QLabel()
        self.folder.setObjectName("backupFolder")
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keep = QLabel()
        self.last = QLabel()
        self.last.setObjectName("backupLast")
        form = QFormLayout()
        form.addRow(self.tr("Backup folder"), self.folder)
        form.addRow(self.tr("Backups kept"), self.keep)
        form.addRow(self.tr("Last backup"), self.last)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels([self.tr("Made at"), self.tr("Kind"), self.tr("Size"), self.tr("File")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()  # no row numbers, as the other screens' tables
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.setObjectName("backupNow")
        self.restore_button = QPushButton(self.tr("Restore the selected backup…"))
        self.restore_button.setObjectName("backupRestore")
        self.restore_file_button = QPushButton(self.tr("Restore from a file…"))
        self.restore_file_button.setObjectName("backupRestoreFile")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        # Shown only when the database is behind what this till last wrote (the high-water mark).
        self.accept_loss_button = QPushButton(self.tr("Accept the loss: start a new receipt series…"))
        self.accept_loss_button.setObjectName("backupAcceptLoss")
        self.message = QLabel()
        self.message.setObjectName("backupMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.restore_file_button, self.refresh_button,
                       self.accept_loss_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        note = QLabel(self.tr("A backup is made automatically at every shift close and once a day. Restoring "
                              "replaces all data with the backup's; the current data is kept aside first."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(self.message)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.refresh_button.clicked.connect(self.refresh)
        self.accept_loss_button.clicked.connect(self.accept_loss)
        self.ui.events.settings_changed.connect(self.refresh)
        self.backups: list[BackupInfo] = []
        self.refresh()

    def _where(self) -> tuple[Path, int, str]:
        default = self.ui.app.paths.backups
        return self.ui.read(lambda s: (backup.folder_for(s, default), backup.keep_count(s),
                                       backup.name_prefix(s, self.ui.app.paths.database)))

    def refresh(self) -> None:
        folder, keep, prefix = self._where()
        self.folder.setText(str(folder) if folder.is_dir() else
                            self.tr("{folder} (not available now)").format(folder=folder))
        self.keep.setText(str(keep))
        self.backups = backup.list_backups(folder, prefix)
        kinds = {"shift": self.tr("shift close"), "daily": self.tr("daily"), "manual": self.tr("by hand")}
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            cells = (f"{info.made_at:%d/%m/%Y %H:%M:%S}", kinds.get(info.kind, info.kind), size_text(info.size),
                     info.path.name)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(info.path))
                self.table.setItem(row, col, item)
        self.last.setText(f"{self.backups[0].made_at:%d/%m/%Y %H:%M}" if self.backups else self.tr("none yet"))
        self.accept_loss_button.setVisible(self.ui.app.high_water.problem is not None)

    # --- a database behind the till's high-water mark -------------------------------------------------

    def accept_loss(self) -> bool:
        """Restoring the newest backup is the first advice; when nothing newer exists, a manager accepts the
        loss: receipts go on in a new series (``CL01B-…``), so no printed number is used again. Audited."""
        problem = self.ui.app.high_water.problem
        if problem is None:
            return False
        if not confirm(self, self.tr(
                "{problem}\n\nIf no newer backup exists, accept that these sales are lost from the database and go on "
                "selling with a new receipt series?").format(problem=error_text(problem)), self.tr("Accept the loss")):
            return False
        approver: int | None = None
        if not self.ui.user.can(*permissions.PERMISSIONS["settings"][0]):
            action = QCoreApplication.translate("UserError", permissions.describe("settings"))
            dialog = ApprovalDialog(self.ui, action, self)
            if dialog.exec() != ApprovalDialog.DialogCode.Accepted:
                return False
            approver = dialog.approver_id
        actor, details = self.ui.user.actor, dict(problem.params)
        try:
            with self.ui.transaction() as session:
                series = data_safety.accept_loss_at_till(session, actor, details, approved_by=approver)
        except UserError as exc:
            self.message.setText(error_text(exc))
            return False
        self.ui.app.accept_high_water()
        self.message.setText(self.tr("Loss accepted: receipts go on in the series {series}.").format(series=series))
        self.ui.events.data_changed.emit("receipt.series")
        self.refresh()
        return True

    # --- backing up ----------------------------------------------------------------------------------

    def back_up_now(self) -> None:
        self.backup_button.setEnabled(False)
        self.message.setText(self.tr("Backing up…"))
        engine, default, who = self.ui.app.engine, self.ui.app.paths.backups, self.ui.user.user_id
        self.runner.run(lambda: backup.backup_now(engine, default, kind="manual", user_id=who),
                        self._backed_up, self._backup_failed)

    def _backed_up(self, info: BackupInfo) -> None:
        self.backup_button.setEnabled(True)
        self.message.setText(self.tr("Backup written and verified: {path}").format(path=info.path))
        self.refresh()

    def _backup_failed(self, error: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.message.setText(problem_text(error))
        self.refresh()

    # --- restoring -----------------------------------------------------------------------------------

    def selected_path(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return Path(str(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None

    def restore_selected(self) -> None:
        path = self.selected_path()
        if path is None:
            self.message.setText(self.tr("Choose a backup in the list first."))
            return
        self.confirm_and_restore(path)

    def restore_from_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Restore a backup"), str(self._where()[0]), self.tr("Backups (*.db);;All files (*)"))
        if chosen:
            self.confirm_and_restore(Path(chosen))

    def confirm_and_restore(self, path: Path) -> bool:
        if not confirm(self, self.tr(
                "Replace all data on this till with the backup {name}? Sales made since that backup will no longer be "
                "in the database (the current data is kept aside in {folder}).").format(
                name=path.name, folder=self.ui.app.paths.backups), self.tr("Restore a backup")):
            return False
        approver: int | None = None
        roles = permissions.PERMISSIONS["backup_restore"][0]
        if not self.ui.user.can(*roles):
            action = QCoreApplication.translate("UserError", permissions.describe("backup_restore"))
            dialog = ApprovalDialog(self.ui, action, self, roles)
            if dialog.exec() != ApprovalDialog.DialogCode.Accepted:
                return False
            approver = dialog.approver_id
        return self.restore_file(path, approver)

    def restore_file(self, path: Path, approved_by: int | None = None) -> bool:
        """Restore ``path`` (after the confirmation and approval) and send everyone back to the login."""
        actor = self.ui.user.actor
        try:
            approver = self.ui.read(lambda s: permissions.require(s, actor, "backup_restore", approved_by))
            result, engine = backup.restore_live(
                self.ui.app.engine, path, self.ui.app.paths.backups, user_id=actor.user_id, approver_id=approver)
        except UserError as exc:
            self.message.setText(error_text(exc))
            return False
        self.ui.app.engine = engine
        self.ui.app.sessions.configure(bind=engine)
        self.ui.app.read_sessions.configure(bind=engine.execution_options(read_only=True))
        self.ui.app.reload_high_water()  # the restored file may be behind what this till last wrote
        done = self.tr("Restored {name}. The data before the restore is kept in {aside}.").format(
            name=path.name, aside=result.aside or "-")
        self.message.setText(done)
        self.ui.events.data_changed.emit("restore")
        self.restored.emit(str(path))
        from .main_window import MainWindow  # (which builds this screen)

        window = self.window()
        if isinstance(window, MainWindow):
            window.parting_note = done  # said again on the PIN screen everyone goes back to (this one closes)
            QTimer.singleShot(0, window, window.logout_requested.emit)
        return True
