"""The main window: navigation on the left, the current screen, and a status bar with the user and
the database. Screens are built the first time they are opened.

What the till does not need to take its first scan starts once the window has been painted (``first_painted``):
the printer's probe (python-escpos, Pillow and the fonts load with it on the printing thread), the e-invoice
delivery (its module and lxml, loaded on a thread) and the province sync's worker. Started while the checkout was
built, they shared the interpreter with it and the cashier waited for them (a quarter of a second).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPaintEvent, QWindow
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from showroom_pos.runtime.malloc import give_back_memory

from .scanner_filter import scanner_policy
from .screens import ScreenSpec, all_screens
from .session import UiSession, disconnect_all, role_label
from .tasks import TaskRunner

if TYPE_CHECKING:
    from .einvoice_screen import DeliveryStatus


class MainWindow(QMainWindow):
    logout_requested = Signal()
    first_painted = Signal()  # once, when the event loop turns after the window's first paint

    def __init__(self, ui: UiSession) -> None:
        super().__init__()
        self.ui = ui
        self.setObjectName("mainWindow")
        self.parting_note = ""  # what the next PIN screen says after this window logs out (a restore just done)
        self.specs = [s for s in all_screens() if ui.user.role in s.roles]
        self.built: dict[str, QWidget] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        for spec in self.specs:
            item = QListWidgetItem(f"{spec.translated_title()}   {spec.shortcut}")
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            action = QAction(self)
            action.setShortcut(QKeySequence(spec.shortcut))
            action.triggered.connect(lambda _=False, key=spec.key: self.open_screen(key))
            self.addAction(action)
        # As wide as its longest entry, no wider: on a 1280/1366 px screen every pixel goes to the screen.
        self.nav.setFixedWidth(min(240, self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 12))
        self.nav.currentRowChanged.connect(lambda row: self.open_screen(self.specs[row].key))
        logout = QAction(self)
        logout.setShortcut(QKeySequence("Ctrl+L"))
        logout.triggered.connect(self.logout_requested.emit)
        self.addAction(logout)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.user_label = QLabel(f"{ui.user.name} ({role_label(ui.user.role)})")
        self.user_label.setObjectName("statusUser")
        self.db_label = QLabel(ui.app.paths.database.name)
        self.db_label.setObjectName("statusDatabase")
        self.db_label.setToolTip(str(ui.app.paths.database))  # the whole path; the bar shows the file's name
        # Who is logged in, always in sight: a permanent widget, so a note in the status bar is written beside it,
        # never over it (as a normal widget it could be shown again under a note, both painted in one place).
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)
        from .sync_status import SyncStatusWidget

        self.sync_status = SyncStatusWidget(ui, self, start_worker=False)  # its worker: once painted
        self.statusBar().addPermanentWidget(self.sync_status)
        self.einvoice_status: DeliveryStatus | None = None  # e-invoices: delivered off the GUI thread, once painted
        ui.events.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        scanner_policy().refused.connect(self._scan_refused)
        from .print_station import install_print_station  # receipts print off the GUI thread

        self.print_station = install_print_station(self, ui, probe=False)  # the printer probed once painted
        from .customer_display import CustomerDisplay  # the customer's screen and pole display (off by default)

        self.customer_display = CustomerDisplay(ui, self)
        self.setWindowTitle(self.tr("OCOP Showroom POS"))
        self.fit_to_screen()
        if self.specs:
            self.open_screen(self.specs[0].key)
        # Data safety: the till locks itself when left alone (the window and its cart stay), and backups are made
        # daily and after each shift close. (A full or read-only disk gives a clear error: AppContext.open and
        # backup.restore_live install storage.write_errors on every engine the app uses.)
        from .auto_lock import AutoLock
        from .backup_screen import BackupScheduler

        self.auto_lock = AutoLock(self, ui)
        self.backups = BackupScheduler(ui, self)
        self._focus_window: QWindow | None = None
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self._focus_window_changed)
        self._painted = False
        self._shut_down = False
        self._later: TaskRunner | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:  # the screens inside are painted in this same pass; then the loop turns
            self._painted = True
            QTimer.singleShot(0, self, self._start_after_paint)

    def _start_after_paint(self) -> None:
        if self._shut_down or not self.isVisible():  # closed before its first paint was over: nothing to start
            return
        self.print_station.refresh_status()
        self.sync_status.start_worker()
        self._later = TaskRunner(self)
        self._later.run(lambda: importlib.import_module("showroom_pos.ui.einvoice_screen"), self._install_delivery)
        self.first_painted.emit()

    def _install_delivery(self, module: ModuleType) -> None:
        if self._later is not None:
            self._later.shutdown()  # its one job done: no idle thread kept for the day
            self._later = None
        if not self._shut_down and self.isVisible():  # a window closed meanwhile starts no delivery
            self.einvoice_status = module.install_delivery(self, self.ui)

    def fit_to_screen(self) -> None:
        """Never larger than the screen's free area, whatever its size (1280×720 up); shown maximised by
        the caller. Without a window manager nothing maximises a window, so it is also placed and sized here."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 720)
            return
        self.setGeometry(screen.availableGeometry())

    def _focus_window_changed(self, window: QWindow | None) -> None:
        """When a dialog of ours closes and no window has the keyboard, take it back.

        A window manager does this; without one (a kiosk session, a virtual screen driven by a scanner or by
        xdotool) the keyboard went nowhere after the payment dialog closed, and the next scan was lost.
        A dialog still open (the cashier switched to another program) is left alone."""
        before, self._focus_window = self._focus_window, window
        if window is not None or before is None or not self.isVisible():
            return
        if not shiboken6.isValid(before) or not before.isVisible():
            self.activateWindow()

    def shutdown(self) -> None:
        """Before a logout closes this window: each screen writes what it holds (the checkout its cart,
        under this user), background work finishes, and this window stops listening to the application."""
        self._shut_down = True
        if self._later is not None:
            self._later.shutdown()
            self._later = None
        for widget in self.built.values():
            stop = getattr(widget, "shutdown", None)
            if callable(stop):
                stop()
        self.auto_lock.shutdown()
        self.backups.timer.stop()
        self.print_station.shutdown()
        self.customer_display.shutdown()
        scanner_policy().refused.disconnect(self._scan_refused)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.disconnect(self._focus_window_changed)
        disconnect_all(self.ui.events)  # this login's: the next one has its own
        disconnect_all(self.ui.cart_feed)

    def _scan_refused(self, _code: str) -> None:
        """A scan where nothing takes barcodes: the status bar says so too (the tooltip is brief)."""
        self.statusBar().showMessage(scanner_policy().last_refusal, 8000)

    def spec(self, key: str) -> ScreenSpec:
        return next(s for s in self.specs if s.key == key)

    def open_screen(self, key: str) -> QWidget | None:
        """Show a screen, building it on first use; returns it (None if this user may not open it).

        The screen left behind drops what it holds (``release()``: report rows, the catalogue's rows…) and reads
        it again when shown next: a till visiting every screen comes back to what the checkout needs, instead of
        keeping the largest report of the day in memory."""
        if not any(s.key == key for s in self.specs):
            return None
        left = self.stack.currentWidget()
        widget = self.built.get(key)
        if widget is None:
            widget = self.spec(key).factory(self.ui)
            self.built[key] = widget
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        if left is not None and left is not widget:
            self.leave(left)
        if widget.focusProxy() is not None:  # a screen that says where typing goes (the checkout: its search box)
            widget.setFocus()
        row = next(i for i, s in enumerate(self.specs) if s.key == key)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        return widget

    def leave(self, screen: QWidget) -> None:
        """``screen`` is no longer shown: what it caches goes, and the memory goes back to the system."""
        release = getattr(screen, "release", None)
        if callable(release):
            release()
            self.ui.app.release_idle_connections()
            give_back_memory()

    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()
