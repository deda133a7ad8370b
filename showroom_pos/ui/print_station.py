"""The print station: prints receipts, reports and drawer kicks off the GUI thread, and shows what did
not print.

It listens to ``UiSession.events``: ``sale_completed`` (the receipt; the drawer opens first when cash
was taken), ``print_requested`` (a copy, a return slip, a Z report, a settlement, the test page…) and
``drawer_requested`` (a manager-approved "open drawer"). The sale is already committed when a job
starts, so a printer that is offline, out of paper or unplugged only puts the job in the reprint
queue: a banner above the screens says so and offers Reprint; the status bar shows the printer's state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QToolBar, QWidget

from showroom_pos.core.errors import UserError
from showroom_pos.hardware import prepare_escpos
from showroom_pos.runtime.i18n import one_or_many, problem_text
from showroom_pos.services import print_queue

from .session import UiSession
from .tasks import TaskRunner

if TYPE_CHECKING:
    from types import ModuleType

    from showroom_pos.hardware.printers import PrinterConfig, PrinterStatus, Transport
    from showroom_pos.runtime.context import Session
    from showroom_pos.services.printing import PrintOutcome, PrintRequest


def _printing() -> ModuleType:
    """The printing service, imported when first used (python-escpos, Pillow and the fonts take a third of a
    second): by the printing thread probing the printer once the checkout is painted, not on the way to it.
    python-escpos is given its cached printer profiles first (``prepare_escpos``): parsed, they take 0.4 s more."""
    prepare_escpos()
    from showroom_pos.services import printing

    return printing


def _said(outcome: PrintOutcome) -> str:
    """Why a job did not print, in the person's language (the outcome's ``error`` is the log's English)."""
    return problem_text(outcome.problem) if outcome.problem is not None else outcome.error


def _printer_status(state: str, detail: str) -> PrinterStatus:
    from showroom_pos.hardware.printers import PrinterStatus

    return PrinterStatus(state, detail)

log = logging.getLogger(__name__)


class PrintStation(QObject):
    """Owns the printing thread; one per main window."""

    job_finished = Signal(object)  # PrintOutcome
    state_changed = Signal()

    def __init__(self, ui: UiSession, parent: QObject | None = None, *,
                 transport: Callable[[], Transport | None] | None = None, probe: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("printStation")
        self.ui = ui
        self.runner = TaskRunner(self)
        self._transport = transport or (lambda: None)
        self.pending = 0
        self.busy = 0
        self.last_error = ""
        self.last_label = ""
        self.status: PrinterStatus | None = None
        self.banner: PrintBanner | None = None
        self.banner_bar: QToolBar | None = None
        self.status_label: QLabel | None = None
        ui.events.sale_completed.connect(self.print_sale)
        ui.events.print_requested.connect(self.print_requested)
        ui.events.drawer_requested.connect(self.open_drawer)
        ui.events.settings_changed.connect(self.refresh_status)
        self.refresh_queue()
        if probe:
            self.refresh_status()

    # --- requests ----------------------------------------------------------------------------------

    def print_sale(self, sale_id: str) -> None:
        """The receipt of a sale just committed (the drawer kicks first when cash was taken)."""
        self._print_with_drawer(_printing().request_for_sale, sale_id)

    def _print_with_drawer(self, make: Callable[[Session, str, int | None], PrintRequest], ref: str) -> None:
        """A sale's receipt or a return's slip: whether the drawer opens is read from what was recorded."""
        user_id, sessions = self.ui.user.user_id, self.ui.app.sessions

        def work() -> PrintOutcome:
            with sessions() as session:
                request = make(session, ref, user_id)
            return _printing().run(sessions, request, transport=self._transport())

        self._submit(work)

    def print_requested(self, kind: str, ref: str) -> None:
        if kind == "return":  # a cash refund opens the drawer, as a cash sale does
            self._print_with_drawer(_printing().request_for_return, ref)
            return
        self.submit(_printing().PrintRequest(kind, ref, user_id=self.ui.user.user_id,
                                             terminal_id=self.ui.user.terminal_id))

    def open_drawer(self) -> None:
        self.submit(_printing().PrintRequest("drawer", user_id=self.ui.user.user_id,
                                             terminal_id=self.ui.user.terminal_id))

    def submit(self, request: PrintRequest, config: PrinterConfig | None = None) -> None:
        sessions = self.ui.app.sessions
        self._submit(lambda: _printing().run(sessions, request, transport=self._transport(), config=config,
                                             queue_on_failure=config is None))

    def reprint_queue(self) -> None:
        """Print what waits in the reprint queue (the banner's button)."""
        sessions, user_id = self.ui.app.sessions, self.ui.user.user_id

        def work() -> list[PrintOutcome]:
            return _printing().retry_pending(sessions, transport=self._transport(), user_id=user_id)

        self.busy += 1
        self.state_changed.emit()
        self.runner.run(work, self._retried, self._failed)

    def _submit(self, work: Callable[[], PrintOutcome]) -> None:
        self.busy += 1
        self.state_changed.emit()
        self.runner.run(work, self._finished, self._failed)

    # --- results (GUI thread) ------------------------------------------------------------------------

    def _finished(self, outcome: PrintOutcome) -> None:
        self.busy -= 1
        if not outcome.skipped:
            if outcome.printed:
                self.last_error = ""
                self.status = _printer_status("ready", outcome.label)
            else:
                self.last_error = _said(outcome)
                self.last_label = outcome.label
                self.status = _printer_status("offline", self.last_error)
        self.refresh_queue()
        self.job_finished.emit(outcome)

    def _retried(self, outcomes: list[PrintOutcome]) -> None:
        self.busy -= 1
        failed = [o for o in outcomes if not o.printed]
        if failed:
            self.last_error, self.last_label = _said(failed[0]), failed[0].label
            self.status = _printer_status("offline", self.last_error)
        elif outcomes:
            self.last_error = ""
            self.status = _printer_status("ready", outcomes[-1].label)
        self.refresh_queue()
        for outcome in outcomes:
            self.job_finished.emit(outcome)

    def _failed(self, error: BaseException) -> None:
        """A job that could not even be built (bad settings, unknown receipt): say so, never crash."""
        self.busy -= 1
        self.last_error = problem_text(error)
        if not isinstance(error, UserError):
            log.error("print job failed", exc_info=error)
        self.refresh_queue()

    def refresh_queue(self) -> None:
        self.pending = self.ui.read(print_queue.pending_count)
        self.state_changed.emit()

    def refresh_status(self) -> None:
        sessions = self.ui.app.sessions
        self.runner.run(lambda: _printing().printer_status(sessions), self._status, self._status_failed)

    def _status(self, status: PrinterStatus) -> None:
        self.status = status
        self.state_changed.emit()

    def _status_failed(self, error: BaseException) -> None:
        self.status = _printer_status("offline", problem_text(error))
        self.state_changed.emit()

    def status_text(self) -> str:
        if self.busy:
            return self.tr("Printer: printing…")
        state = self.status.state if self.status else "unknown"
        if state == "none":
            text = self.tr("Printer: none set")
        elif state == "paper_out":
            text = self.tr("Printer: out of paper")
        elif state == "paper_low":
            text = self.tr("Printer: paper running low")
        elif state == "offline" or self.last_error:
            text = self.tr("Printer: not working")
        elif state == "ready":
            text = self.tr("Printer: ready")
        else:
            text = self.tr("Printer: not checked yet")
        if self.pending:
            text += " · " + self.tr("{count} to reprint").format(count=self.pending)
        return text

    def dismiss_error(self) -> None:
        self.last_error = ""
        self.state_changed.emit()

    def shutdown(self) -> None:
        self.runner.shutdown()


class PrintBanner(QFrame):
    """Shown while jobs wait in the reprint queue: what failed, why, and a Reprint button."""

    def __init__(self, station: PrintStation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.setObjectName("printBanner")
        self.setStyleSheet("#printBanner { background: #fff3cd; border: 1px solid #d39e00; }")
        self.message = QLabel()
        self.message.setObjectName("printBannerMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.reprint = QPushButton(self.tr("Reprint"))
        self.reprint.setObjectName("printBannerReprint")
        self.reprint.clicked.connect(station.reprint_queue)
        self.hide_button = QPushButton(self.tr("Hide"))
        self.hide_button.setObjectName("printBannerHide")
        self.hide_button.clicked.connect(station.dismiss_error)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.reprint)
        layout.addWidget(self.hide_button)
        station.state_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        station = self.station
        if station.pending:
            text = one_or_many(
                station.pending, "{count} receipt or report did not print and waits in the reprint queue. The sales "
                "are saved.", self.tr("{count} receipts or reports did not print and wait in the reprint queue. "
                                      "The sales are saved.")).format(count=station.pending)
            if station.last_error:
                text += " " + self.tr("Last error: {error}").format(error=station.last_error)
        elif station.last_error:
            text = self.tr("The printer did not print: {error}").format(error=station.last_error)
        else:
            text = ""
        self.message.setText(text)
        self.reprint.setEnabled(bool(station.pending) and not station.busy)
        self.reprint.setVisible(bool(station.pending))
        self.hide_button.setVisible(bool(station.last_error) and not station.pending)

    def wanted(self) -> bool:
        return bool(self.station.pending or self.station.last_error)

    def sizeHint(self) -> QSize:
        """As tall as the message needs at the banner's width. A toolbar gives a widget the height it hints, and a
        wrapped label hints a narrow column's: one line of text stood in a banner three lines tall (76 px of the
        till's height, at 1366 px wide)."""
        hint = super().sizeHint()
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth() and self.width() > hint.width():
            frame = self.contentsMargins()  # the border, around the layout
            inner = layout.heightForWidth(self.width() - frame.left() - frame.right())
            return QSize(hint.width(), inner + frame.top() + frame.bottom())
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.height() != self.sizeHint().height():
            self.updateGeometry()  # its height asked again, at the width it now has


def install_print_station(window: QMainWindow, ui: UiSession, **kwargs: Any) -> PrintStation:
    """Wire the station into a main window: the banner above the screens (hidden while all is well) and
    the printer's state at the right of the status bar."""
    station = PrintStation(ui, window, **kwargs)
    banner = PrintBanner(station)
    bar = QToolBar(window)
    bar.setObjectName("printBannerBar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)
    bar.addWidget(banner)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    label = QLabel()
    label.setObjectName("statusPrinter")
    window.statusBar().addPermanentWidget(label)

    def refresh() -> None:
        label.setText(station.status_text())
        bar.setVisible(banner.wanted())

    station.state_changed.connect(refresh)
    refresh()
    station.banner, station.banner_bar, station.status_label = banner, bar, label
    return station
