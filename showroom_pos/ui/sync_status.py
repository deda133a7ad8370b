"""The province sync indicator in the status bar: last successful sync, days pending, last error,
and "Sync now".

The sending itself runs on the sync worker's own thread (``showroom_pos.sync.worker``); its status
reaches this widget through a queued Qt signal, so no widget is ever touched off the GUI thread.
One worker serves the whole app, whichever window is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from showroom_pos.app.context import AppContext
from showroom_pos.app.i18n import readable_error
from showroom_pos.core.clock import local
from showroom_pos.services import sync_state
from showroom_pos.sync.status import SyncStatus

if TYPE_CHECKING:
    from showroom_pos.sync.worker import SyncWorker

from .session import UiSession

_ATTRIBUTE = "_province_sync_worker"
_USERS = "_province_sync_widgets"


def _release(app: AppContext) -> None:
    users = getattr(app, _USERS, 1) - 1
    setattr(app, _USERS, users)
    if users <= 0:
        stop_worker(app, wait=0)


def shared_worker(app: AppContext) -> SyncWorker:
    """The app's one sync worker, started on first use and stopped when the application quits."""
    worker = getattr(app, _ATTRIBUTE, None)
    if worker is None:
        from showroom_pos.services import summary as summaries  # the summaries and the client: when first used

        # The first pass waits a few seconds: logging in and opening the first screen come first.
        worker = summaries.make_worker(app.sessions, initial_delay=5.0)
        setattr(app, _ATTRIBUTE, worker)
        instance = QCoreApplication.instance()
        if instance is not None:
            instance.aboutToQuit.connect(lambda: stop_worker(app))
        worker.start()
    return worker


def stop_worker(app: AppContext, wait: float = 10.0) -> None:
    worker = getattr(app, _ATTRIBUTE, None)
    if worker is not None:
        setattr(app, _ATTRIBUTE, None)
        worker.on_status = None
        worker.stop(wait)


class _Relay(QObject):
    status = Signal(object)


class SyncStatusWidget(QWidget):
    def __init__(self, ui: UiSession, parent: QWidget | None = None, *, start_worker: bool = True) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("syncStatus")
        self.label = QLabel()
        self.label.setObjectName("syncStatusLabel")
        self.button = QToolButton()
        self.button.setObjectName("syncNow")
        self.button.setText(self.tr("Sync now"))
        self.button.setToolTip(self.tr("Send the daily summaries to the province now"))
        self.button.clicked.connect(self.sync_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self._relay = _Relay(self)
        self._relay.status.connect(self.show_status)
        self.worker: SyncWorker | None = None
        if start_worker:
            self.worker = shared_worker(ui.app)
            self.worker.on_status = self._relay.status.emit
            app = ui.app
            setattr(app, _USERS, getattr(app, _USERS, 0) + 1)
            # When the last window showing it goes (logout, app closing), the worker finishes the pass
            # it is in and ends; the next window starts a new one. Never blocks the GUI thread.
            self.destroyed.connect(lambda *_: _release(app))
        self.show_status(ui.read(sync_state.sync_status))

    def sync_now(self) -> None:
        self.label.setText(self.tr("Sending to the province…"))
        if self.worker is not None:
            self.worker.sync_now()

    def show_status(self, status: object) -> None:
        assert isinstance(status, SyncStatus)
        if status.last_success is not None:
            last = self.tr("last sync {time}").format(time=local(status.last_success).strftime("%d/%m %H:%M"))
        else:
            last = self.tr("never synced")
        if not status.configured:
            last = self.tr("province sync not configured")
        parts = [self.tr("Province: {last}").format(last=last)]
        if status.days_pending:
            parts.append(self.tr("{days} days pending").format(days=status.days_pending))
        if status.parked:
            parts.append(self.tr("{count} refused by the server").format(count=status.parked))
        self.label.setText(" · ".join(parts))
        problem = status.last_error
        self.label.setToolTip(self.tr("Last error: {error}").format(error=readable_error(problem)) if problem else "")
        self.label.setProperty("problem", bool(problem or status.parked))
        self.label.setStyleSheet("color: #b3261e;" if problem or status.parked else "")
