"""E-invoices (managers): whether e-invoicing is on and ready, what is pending, waiting at the provider or
refused (with the provider's reason), the invoices of a day, counts per day; send now, send a refused one again
after a fix, record one dealt with in the provider's portal, export a day's XML and summary sheet.

Delivery runs on the app's one delivery worker (``install_delivery``, started by the main window): it is woken
after each sale and never blocks the GUI thread; its status reaches the screen and the status bar by a queued
signal.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.clock import business_day, local
from showroom_pos.core.errors import UserError
from showroom_pos.core.money import format_vnd
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.i18n import count_text, error_text, one_or_many, translate
from showroom_pos.services.einvoice import outbox
from showroom_pos.services.einvoice.providers.file import FileDrop

from .app_worker import AppWorker
from .inventory_common import ask_folder
from .session import UiSession

if TYPE_CHECKING:
    from showroom_pos.runtime.context import Session

_HUB = "_einvoice_delivery_hub"


class _Hub(QObject):
    """Lives on the GUI thread for the app: the worker's status, emitted on its thread, reaches the widgets
    connected here by a queued connection."""

    status = Signal(object)


def hub(app: AppContext) -> _Hub:
    found = getattr(app, _HUB, None)
    if found is None:
        found = _Hub()
        setattr(app, _HUB, found)
    assert isinstance(found, _Hub)
    return found


def _make_worker(app: AppContext) -> outbox.DeliveryWorker:
    sessions = app.sessions
    return outbox.DeliveryWorker(sessions, outbox.provider_factory(sessions, outbox.default_folder(
        app.paths.database)), initial_delay=5.0, on_status=hub(app).status.emit)


_WORKER: AppWorker[outbox.DeliveryWorker] = AppWorker("einvoice_delivery", _make_worker)


def shared_worker(app: AppContext) -> outbox.DeliveryWorker:
    """The app's one delivery worker, started on first use; it stops when the last window using it goes (a
    logout: the next window starts it again) or when the application quits."""
    return _WORKER.get(app)


def stop_worker(app: AppContext, wait: float = 10.0) -> None:
    _WORKER.stop(app, wait)


class DeliveryStatus(QLabel):
    """The status bar's word on e-invoices ("E-invoices: 3 to send"), shown only when there is something to say."""

    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("einvoiceStatus")
        app = ui.app
        self.worker = _WORKER.use(app, self)
        hub(app).status.connect(self.show_status)
        ui.events.sale_completed.connect(lambda _sale: self.worker.wake())
        self.show_status(ui.read(outbox.status))

    def show_status(self, state: object) -> None:
        assert isinstance(state, outbox.Status)
        parts = []
        if state.enabled and state.problems:
            parts.append(self.tr("E-invoices: not ready"))
        if state.pending:
            parts.append(self.tr("E-invoices: {count} to send").format(count=count_text(state.pending)))
        if state.parked:
            parts.append(self.tr("{count} refused by the provider").format(count=count_text(state.parked)))
        self.setText(" · ".join(parts))
        self.setVisible(bool(parts))
        problem = bool(state.parked or state.problems or state.last_error)
        self.setToolTip(self.tr("Last error: {error}").format(error=state.last_error) if state.last_error else "")
        self.setStyleSheet("color: #b3261e;" if problem else "")


def install_delivery(window: QMainWindow, ui: UiSession) -> DeliveryStatus:
    """Called by the main window: the worker runs for the app, the status bar says what waits."""
    status = DeliveryStatus(ui, window)
    window.statusBar().addPermanentWidget(status)
    return status


KINDS = {"invoice": QT_TRANSLATE_NOOP("EInvoices", "Invoice"),
         "adjustment": QT_TRANSLATE_NOOP("EInvoices", "Adjusting invoice"),
         "replacement": QT_TRANSLATE_NOOP("EInvoices", "Replacing invoice"),
         "cancellation": QT_TRANSLATE_NOOP("EInvoices", "Cancellation notice")}
STATES = {"pending": QT_TRANSLATE_NOOP("EInvoices", "Pending"),
          "accepted": QT_TRANSLATE_NOOP("EInvoices", "Accepted"),
          "parked": QT_TRANSLATE_NOOP("EInvoices", "Refused")}
CANCELLED = QT_TRANSLATE_NOOP("EInvoices", "cancelled")


def _kind(kind: str) -> str:
    return QCoreApplication.translate("EInvoices", str(KINDS.get(kind, kind)))


def _state(status: str, cancelled: bool) -> str:
    text = QCoreApplication.translate("EInvoices", str(STATES.get(status, status)))
    return text + (" · " + QCoreApplication.translate("EInvoices", str(CANCELLED)) if cancelled else "")


class EInvoiceScreen(QWidget):
    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("einvoiceScreen")
        self.summary = QLabel()
        self.summary.setObjectName("einvoiceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.send_button = QPushButton(self.tr("Send now"))
        self.send_button.setObjectName("einvoiceSend")
        self.send_button.clicked.connect(self.send_now)
        self.retry_button = QPushButton(self.tr("Send the refused one again"))
        self.retry_button.setObjectName("einvoiceRetry")
        self.retry_button.clicked.connect(self.retry_selected)
        self.resolve_button = QPushButton(self.tr("Dealt with in the provider's portal…"))
        self.resolve_button.setObjectName("einvoiceResolve")
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.export_button = QPushButton(self.tr("Export the day…"))
        self.export_button.setObjectName("einvoiceExport")
        self.export_button.clicked.connect(self.export_day)
        self.show_filter = QComboBox()
        self.show_filter.setObjectName("einvoiceFilter")
        self.show_filter.addItem(self.tr("To send or refused"), ("pending", "parked"))
        self.show_filter.addItem(self.tr("Refused"), ("parked",))
        self.show_filter.addItem(self.tr("All of the day"), ())
        self.show_filter.currentIndexChanged.connect(self.refresh)
        self.day = QDateEdit()
        self.day.setObjectName("einvoiceDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        today = business_day()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.dateChanged.connect(self.refresh)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("einvoiceTable")
        self.table.setHorizontalHeaderLabels([self.tr("Invoice"), self.tr("Document"), self.tr("Time"),
                                              self.tr("Total"), self.tr("Buyer"), self.tr("State"),
                                              self.tr("Provider's answer")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self.update_buttons)
        self.days = QTableWidget(0, 6)
        self.days.setObjectName("einvoiceDays")
        self.days.setHorizontalHeaderLabels([self.tr("Day"), self.tr("Issued"), self.tr("Accepted"),
                                             self.tr("Pending"), self.tr("Refused"), self.tr("Invoiced")])
        self.days.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.days.verticalHeader().setVisible(False)
        self.days.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setObjectName("einvoiceMessage")
        self.message.setWordWrap(True)

        actions = QHBoxLayout()
        for button in (self.send_button, self.retry_button, self.resolve_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show")))
        filters.addWidget(self.show_filter)
        filters.addWidget(QLabel(self.tr("Day")))
        filters.addWidget(self.day)
        filters.addStretch(1)
        per_day = QGroupBox(self.tr("The last 14 days"))
        QVBoxLayout(per_day).addWidget(self.days)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addLayout(filters)
        layout.addWidget(self.table, 3)
        layout.addWidget(per_day, 2)
        self.worker = shared_worker(ui.app)
        self.enabled = False  # e-invoicing is on (read with the summary)
        hub(ui.app).status.connect(self._delivered)
        self.keys: list[str] = []
        self.statuses: list[str] = []  # of the rows listed
        self.day_invoices = 0  # invoices and notices of the day chosen (what "Export the day…" writes)
        self.refresh()

    # --- reading -----------------------------------------------------------------------------------------
    def _delivered(self, _state: object) -> None:
        if self.isVisible():
            self.refresh()

    def selected_day(self) -> date:
        qd = self.day.date()
        return date(qd.year(), qd.month(), qd.day())

    def refresh(self) -> None:
        which = self.show_filter.currentData() or ()
        day = self.selected_day()

        def read(session: Session) -> tuple[outbox.Status, list[outbox.RowInfo], list[outbox.DayCount], int]:
            state = outbox.status(session)
            listed = outbox.rows(session, status_in=tuple(which), day=day if not which else None)
            on_day = sum(c.issued + c.notices for c in outbox.per_day(session, day, day))
            return state, listed, outbox.per_day(session, business_day() - timedelta(days=13), business_day()), on_day

        state, listed, counts, self.day_invoices = self.ui.read(read)
        self.show_summary(state)
        self.keys = [r.key for r in listed]
        self.statuses = [r.status for r in listed]
        self.table.setRowCount(len(listed))
        for i, r in enumerate(listed):
            cells = [r.label, _kind(r.kind), f"{local(r.issued_at):%d/%m/%Y %H:%M}", format_vnd(r.total), r.buyer,
                     _state(r.status, r.cancelled), r.last_error]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.days.setRowCount(len(counts))
        for i, c in enumerate(reversed(counts)):
            for j, text in enumerate([f"{c.day:%d/%m/%Y}", str(c.issued), str(c.accepted), str(c.pending),
                                      str(c.refused), format_vnd(c.total)]):
                self.days.setItem(i, j, QTableWidgetItem(text))
        self.update_buttons()

    def update_buttons(self) -> None:
        """What can be done now: a refused invoice chosen can be sent again or recorded as dealt with; a day with
        invoices exported (each button said "choose a refused invoice first" or wrote nothing, e-invoicing off)."""
        row = self.table.currentRow() if self.table.selectedItems() else -1
        refused = 0 <= row < len(self.statuses) and self.statuses[row] == "parked"
        for button in (self.retry_button, self.resolve_button):
            button.setEnabled(refused)
            button.setToolTip("" if refused else self.tr("Choose a refused invoice in the list first."))
        self.export_button.setEnabled(self.day_invoices > 0)
        self.export_button.setToolTip("" if self.day_invoices else self.tr("No e-invoice was issued on this day."))
    def show_summary(self, state: outbox.Status) -> None:
        self.enabled = state.enabled
        if not state.enabled:
            head = self.tr("E-invoicing is off (Settings → E-invoices).")
        elif state.problems:
            head = self.tr("E-invoicing is on but not ready: {problem}").format(
                problem=translate("UserError", state.problems[0]))
        else:
            head = self.tr("E-invoicing is on; delivery: {provider}.").format(provider=state.provider)
        last = f"{local(state.last_success):%d/%m/%Y %H:%M}" if state.last_success else self.tr("never")
        lines = [head, self.tr("To send: {pending} (at the provider, being processed: {waiting}) · refused: "
                               "{parked} · accepted today: {today} · last delivery: {last}").format(
            pending=state.pending, waiting=state.waiting, parked=state.parked, today=state.accepted_today,
            last=last)]
        if state.last_error:
            lines.append(self.tr("Last error: {error}").format(error=state.last_error))
        self.summary.setText("\n".join(lines))

    def selected_key(self) -> str | None:
        row = self.table.currentRow()
        return self.keys[row] if 0 <= row < len(self.keys) else None

    # --- actions -------------------------------------------------------------------------------------------
    def send_now(self) -> None:
        if not self.enabled:  # ("Sending to the provider…" stayed on the screen, and nothing was sent)
            self.message.setText(self.tr("E-invoicing is off: nothing is sent (Settings → E-invoices)."))
            return
        self.worker.wake(force=True)
        self.message.setText(self.tr("Sending to the provider…"))

    def retry_selected(self) -> None:
        key = self.selected_key()
        if key is None:
            self.message.setText(self.tr("Choose a refused invoice in the list first."))
            return
        try:
            with self.ui.transaction() as session:
                count = outbox.requeue(session, key, actor=self.ui.user.actor)
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.message.setText(self.tr("It will be sent again.") if count else self.tr("It is not refused."))
        self.send_now()
        self.refresh()

    def resolve_selected(self) -> None:
        key = self.selected_key()
        if key is None:
            self.message.setText(self.tr("Choose a refused invoice in the list first."))
            return
        note, ok = QInputDialog.getText(self, self.tr("Dealt with outside the till"),
                                        self.tr("How was it dealt with (e.g. issued in the provider's portal)?"))
        if not ok:
            return
        try:
            with self.ui.transaction() as session:
                row = outbox.resolve(session, key, note, actor=self.ui.user.actor)
                name = outbox.label(row)
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.message.setText(self.tr("{invoice} recorded as dealt with.").format(invoice=name))
        self.refresh()

    def export_day(self, folder: str | None = None) -> None:
        if folder is None:
            chosen = ask_folder(self, self.tr("Export the day's e-invoices to"))
            folder = str(chosen) if chosen else None
        if not folder:
            return
        day = self.selected_day()
        try:
            count = self.ui.read(lambda s: outbox.export_days(s, FileDrop(Path(folder)), day, day))
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        except Exception as exc:  # a file the disk refuses: said, not a crash
            self.message.setText(str(exc))
            return
        self.message.setText(one_or_many(count, "{count} e-invoice of {day} written to {folder}.",
                                         self.tr("{count} e-invoices of {day} written to {folder}.")).format(
            count=count_text(count), day=f"{day:%d/%m/%Y}", folder=folder))
