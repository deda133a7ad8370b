"""SQLite's full ``integrity_check`` of the running till's database, off the GUI thread.

``quick_check`` (what opening runs) does not compare indexes with their tables: a damaged index passes it,
and every later write can spread the damage. So the app runs the full check when the till is idle (every
``IDLE_CHECK_MS``), after each backup and at each shift close (``BackupScheduler`` asks for it). The check
reads on a connection of its own (WAL: it never blocks a sale) and is cancelled when the window closes.
When it finds damage, nothing more is written to the file (``data_safety.stop_writing_damaged``: every write
transaction is refused with the reason) and the person is told what to do: back up what can be read,
then restore the newest sound backup.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from showroom_pos.runtime.i18n import error_text, problem_text
from showroom_pos.services import data_safety

from .session import UiSession
from .tasks import TaskRunner

IDLE_CHECK_MS = 30 * 60 * 1000


class IntegrityWatch(QObject):
    """The full check, on demand (``check_now``) and on a timer; ``found_damage`` when it fails."""

    checked = Signal(str)  # "ok" or what is wrong
    found_damage = Signal(str)  # the message shown

    def __init__(self, ui: UiSession, parent: QObject | None = None, *, start: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.setObjectName("integrityWatch")
        self.ui = ui
        self.clock = clock
        self.runner = TaskRunner(self)
        self.cancel = threading.Event()
        self.busy = False
        self.again = False
        self.last_run = clock()
        self.timer = QTimer(self)
        self.timer.setInterval(IDLE_CHECK_MS)
        self.timer.timeout.connect(self._idle)
        if start:
            self.timer.start()
            QTimer.singleShot(0, self, self.warn_if_behind)
        self.destroyed.connect(self.cancel.set)

    def warn_if_behind(self) -> None:
        """A database behind the till's high-water mark can be read but not sold on: say so at once, not at the
        first sale (what happened, and what to do: restore the newest backup or a manager's accept-loss)."""
        problem = self.ui.app.high_water.problem
        if problem is None:
            return
        text = error_text(problem)
        self.ui.events.status_message.emit(text)
        parent = self.parent()
        QMessageBox.warning(parent.window() if isinstance(parent, QWidget) else None,
                            self.tr("The database is behind this till"), text)

    @property
    def path(self) -> Path:
        return self.ui.app.paths.database

    def _idle(self) -> None:
        if self.clock() - self.last_run >= IDLE_CHECK_MS / 1000 / 2:
            self.check_now()

    def check_now(self) -> None:
        """Start a full check now (one at a time; one asked for meanwhile runs after it)."""
        if self.busy:
            self.again = True
            return
        self.busy = True
        self.last_run = self.clock()
        path, cancel = self.path, self.cancel
        self.runner.run(lambda: data_safety.full_check(path, cancel), self._done, self._failed)

    def stop(self) -> None:
        """Cancel a running check (the window is closing) and wait for its thread."""
        self.cancel.set()
        self.timer.stop()
        self.runner.shutdown()

    def _finish(self) -> None:
        self.busy = False
        if self.again and not self.cancel.is_set():
            self.again = False
            self.check_now()

    def _done(self, result: str) -> None:
        self.checked.emit(result)
        if result != "ok":
            data_safety.stop_writing_damaged(self.path, result)
            text = self.tr(
                "The full check found the database {path} damaged ({detail}). Nothing more will be written to "
                "it. Make a backup now (Backups, or `showroom-pos backup --to DIR`) to keep what can be read, "
                "then restore the newest sound backup with `showroom-pos restore`.").format(
                    path=self.path, detail=result)
            self.ui.events.status_message.emit(text)
            self.found_damage.emit(text)
            parent = self.parent()
            QMessageBox.critical(parent.window() if isinstance(parent, QWidget) else None,
                                 self.tr("Database damaged"), text)
            self.busy = False
            return
        self._finish()

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, data_safety.CheckCancelled):
            problem = data_safety.storage_problem(error, self.path)
            self.ui.events.status_message.emit(error_text(problem) if problem is not None else problem_text(error))
        self._finish()
