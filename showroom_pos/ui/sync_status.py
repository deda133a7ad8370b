"""The province sync indicator in the status bar: last successful sync, days pending, last error,
and "Sync now".

The sending itself runs on the sync worker's own thread (``showroom_pos.sync.worker``); its status
reaches this widget through a queued Qt signal, so no widget is ever touched off the GUI thread.
One worker serves the whole app, whichever window is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from showroom_pos.core.clock import local
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.i18n import one_or_many, readable_error
from showroom_pos.services import sync_state
from showroom_pos.services.sync_state import ParkedSummary, SyncStatus

from .app_worker import AppWorker
from .session import UiSession

if TYPE_CHECKING:
    from showroom_pos.services.summary import SyncWorker


def _make_worker(app: AppContext) -> SyncWorker:
    from showroom_pos.services import summary as summaries  # the summaries and the client: when first used

    # The first pass waits a few seconds: logging in and opening the first screen come first.
    return summaries.make_worker(app.sessions, initial_delay=5.0)


_WORKER: AppWorker[SyncWorker] = AppWorker("province_sync", _make_worker)


def shared_worker(app: AppContext) -> SyncWorker:
    """The app's one sync worker, started on first use and stopped when the application quits."""
    return _WORKER.get(app)


def stop_worker(app: AppContext, wait: float = 10.0) -> None:
    _WORKER.stop(app, wait)


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
        self.asked = False
        self.parked = 0
        self.worker: SyncWorker | None = None
        if start_worker:
            self.start_worker()
        self.address = ui.read(sync_state.province_address)
        ui.events.settings_changed.connect(self.settings_changed)
        self.show_status(ui.read(sync_state.sync_status))

    def start_worker(self) -> None:
        """The app's sync worker, used by this widget (the main window starts it once it is painted: the worker's
        modules are not on the way to the checkout). When the last window showing it goes (logout, app closing),
        the worker finishes the pass it is in and ends; the next window starts a new one. Never blocks the GUI
        thread."""
        if self.worker is None:
            self.worker = _WORKER.use(self.ui.app, self)
            self.worker.on_status = self._relay.status.emit

    def settings_changed(self) -> None:
        """A new province address or token is tried at once and the status bar shows it: after setting sync up, the
        bar said "not configured" until "Sync now" was pressed or the worker's next pass, up to a minute later."""
        address = self.ui.read(sync_state.province_address)
        if address == self.address:
            return
        self.address = address
        self.show_status(self.ui.read(sync_state.sync_status))
        if all(address) and self.worker is not None:
            self.label.setText(self.tr("Sending to the province…"))
            self.worker.sync_now()

    def sync_now(self) -> None:
        self.label.setText(self.tr("Sending to the province…"))
        self.asked = True  # the next status answers the person who pressed the button
        if self.parked:
            # A person asked to send now, so the days the province refused go again too (it may have fixed its
            # side since: the outlet's first day, say); nothing else sends them again.
            with self.ui.transaction() as session:
                sync_state.send_refused_again(session)
        if self.worker is not None:
            self.worker.sync_now()

    def refused_text(self, days: list[ParkedSummary]) -> str:
        """Which ``days`` the province refused and why (its words), and how to send them again."""
        reasons: dict[str, list[str]] = {}
        for day in days:
            reasons.setdefault(readable_error(day.last_error), []).append(day.business_day.strftime("%d/%m"))
        refused = one_or_many(len(days), "The province refused {count} day:",
                              self.tr("The province refused {count} days:"))
        lines = [refused.format(count=len(days))]
        for reason, shown in list(reasons.items())[:3]:
            listed = ", ".join(shown[:5]) + ("…" if len(shown) > 5 else "")
            lines.append(f"• {listed}: {reason}")
        lines.append(self.tr("Once the province has put it right, \"Sync now\" sends them again."))
        return "\n".join(lines)

    def answer(self, status: SyncStatus, refused: list[ParkedSummary]) -> str:
        """What "Sync now" came to, said in the status bar: the red label alone (its reason only in a tooltip)
        left the manager who pressed it with no answer."""
        if not status.configured:
            return self.tr("Province sync is not set up: Settings → Province sync.")
        latest = status.last_success
        failed = bool(status.last_error) and (
            latest is None or (status.last_attempt is not None and status.last_attempt > latest))
        if refused and (not failed or status.last_error in {day.last_error for day in refused}):
            return one_or_many(len(refused), "The province refused {count} day: {reason}",
                               self.tr("The province refused {count} days: {reason}")).format(
                count=len(refused), reason=readable_error(refused[0].last_error))
        if failed:  # our sentence, without the server's words after it (those are in the label's tooltip)
            head = readable_error(status.last_error.partition(": ")[0])
            return self.tr("Could not send to the province: {error}").format(error=head)
        if status.days_pending:
            return one_or_many(status.days_pending, "Sent to the province; {days} day still pending.",
                               self.tr("Sent to the province; {days} days still pending.")).format(
                days=status.days_pending)
        return self.tr("Sent to the province: nothing left to send.")

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
            parts.append(one_or_many(status.days_pending, "{days} day pending", self.tr("{days} days pending")).format(
                days=status.days_pending))
        if status.parked:
            parts.append(self.tr("{count} refused by the server").format(count=status.parked))
        self.label.setText(" · ".join(parts))
        problem = status.last_error
        tips = [self.tr("Last error: {error}").format(error=readable_error(problem))] if problem else []
        self.parked = status.parked
        refused = self.ui.read(sync_state.refused) if status.parked else []  # (read once for the tip and the answer)
        if refused:
            tips.append(self.refused_text(refused))
        self.label.setToolTip("\n".join(tips))
        self.label.setProperty("problem", bool(problem or status.parked))
        self.label.setStyleSheet("color: #b3261e;" if problem or status.parked else "")
        if self.asked:
            self.asked = False
            self.ui.events.status_message.emit(self.answer(status, refused))
