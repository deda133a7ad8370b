"""Starting the desktop app: open (or create) the database, first-start setup, login, main window.

The usual start puts the PIN screen up first, from a roster read with the sqlite3 module alone
(``services.login_roster``), and opens the database on a thread once that screen is built: SQLAlchemy and the
models (~0.5 s) then load while the cashier types the PIN, and the checkout's modules and product index after
them. Nothing else loads before the checkout is painted (the printer, e-invoices and the sync's worker wait for
``MainWindow.first_painted``), and the garbage collector is held until then (``CollectorHold``): with the PIN
typed at once, all of it shares one core with the GUI thread. A file that needs more than a header check (new,
older schema, not set up) is opened first, the careful way, as before. Nothing in this module imports
SQLAlchemy at the top, for the same reason.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from showroom_pos.core.errors import UserError
from showroom_pos.runtime import i18n
from showroom_pos.runtime.malloc import limit_malloc_arenas
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.runtime.qt_imports import lighten_pyside_import_hook
from showroom_pos.storage import process_lock
from showroom_pos.storage.sqlite_file import CheckCancelled, integrity_check

from . import crash_handler

if TYPE_CHECKING:
    from showroom_pos.runtime.context import AppContext
    from showroom_pos.services.login_roster import LoginRoster
    from showroom_pos.ui.login import LoginScreen
    from showroom_pos.ui.main_window import MainWindow

log = logging.getLogger(__name__)

FULL_CHECK_AFTER_READY_MS = 1_000
FULL_CHECK_AT_LATEST_MS = 8_000
COLLECTOR_HELD_AT_MOST_MS = 10_000


class CollectorHold:
    """Python's cyclic garbage collector, held from the start until the checkout is painted.

    Meanwhile it ran hundreds of times, over every object the imports made, to find a few hundred objects of
    garbage. Once the checkout is painted, what the start made is frozen (``gc.freeze``: no later collection walks
    those ~150,000 objects of SQLAlchemy, Qt and the models again, a pause of tens of milliseconds in the middle
    of a scan) and collection goes on as usual. A PIN screen left waiting gets it back after
    ``COLLECTOR_HELD_AT_MOST_MS``; a start that has more to do than open the file (migrations, first-start setup)
    at once. ``end`` leaves the collector as it found it (a test runs the app again). A collector someone else
    switched off stays theirs, and so do frozen objects: where some already are (the tests freeze what each module
    starts with), nothing more is frozen, since ``gc.unfreeze`` could only give back all of them."""

    def __init__(self) -> None:
        self.held = gc.isenabled()
        self.froze = False
        self.may_freeze = gc.get_freeze_count() == 0
        if self.held:
            gc.disable()

    def release(self, freeze: bool = False) -> None:
        if self.held:
            self.held = False
            if freeze and self.may_freeze:
                gc.freeze()
                self.froze = True
            gc.enable()

    def end(self) -> None:
        self.release()
        if self.froze:
            gc.unfreeze()
            self.froze = False


def make_qt_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    lighten_pyside_import_hook()
    QCoreApplication.setOrganizationName("OCOP Showroom POS")
    QCoreApplication.setApplicationName("showroom-pos")
    qt_app = QApplication(argv or sys.argv[:1])
    apply_identity(qt_app)
    return qt_app


def apply_identity(qt_app: QApplication) -> None:
    """The name, version and icon the desktop shows: every window's icon, the taskbar's (matched to the
    ``showroom-pos.desktop`` entry on Linux), and the version in the About dialog."""
    from PySide6.QtGui import QIcon

    from showroom_pos import __version__, package_data

    QCoreApplication.setApplicationVersion(__version__)
    qt_app.setDesktopFileName("showroom-pos")
    qt_app.setWindowIcon(QIcon(str(package_data.path("resources", "icons", "showroom-pos.png"))))


# What building the main window and its checkout imports, loaded on a thread while the PIN is typed. Nothing more:
# python-escpos, Pillow (the printer), lxml (e-invoices) and the sync's client load once the checkout is painted.
PRELOADED = ("showroom_pos.ui.main_window", "showroom_pos.ui.print_station", "showroom_pos.ui.sync_status",
             "showroom_pos.ui.customer_display", "showroom_pos.ui.auto_lock", "showroom_pos.ui.backup_screen",
             "showroom_pos.ui.checkout")


def _preload_main_window_modules() -> None:
    """Import what the main window and the checkout need while the cashier types the PIN, so that the checkout
    appears at once. Only imports: no widget is made off the GUI thread."""

    def load() -> None:
        for name in PRELOADED:
            try:
                importlib.import_module(name)
            except Exception:  # the GUI thread imports it again and reports the error there
                log.exception("preloading %s failed", name)

    threading.Thread(target=load, name="preload", daemon=True).start()


class AppController:
    """Switches between the login screen and the main window for the life of the app.

    ``app`` is the open database, or a ``Future`` of it while it opens on a thread (with ``roster``)."""

    def __init__(self, app: AppContext | Future[AppContext], roster: LoginRoster | None = None) -> None:
        from showroom_pos.ui.session import Events

        self._app = app
        self._roster = roster
        self.events = Events()
        self.window: MainWindow | None = None
        self.login: LoginScreen | None = None
        self.on_ready: list[Callable[[], None]] = []  # called once the first main window is on screen
        self.on_painted: list[Callable[[], None]] = []  # called once the first main window has been painted

    @property
    def app(self) -> AppContext:
        return self._app.result() if isinstance(self._app, Future) else self._app

    def show_login(self) -> None:
        """The PIN screen: at start, and after every logout (shift handover) for as long as the app runs."""
        from showroom_pos.ui.login import LoginScreen

        note = ""
        if self.window is not None:
            window, self.window = self.window, None
            note = window.parting_note
            window.shutdown()  # the cart is written under its user before anyone else logs in
            window.close()
            window.deleteLater()
        if self._roster is not None:
            login = LoginScreen(self._app, roster=self._roster)
            self._roster = None  # read afresh the next time (after a logout)
        else:  # after a logout the database is open: the screen reads the roster itself
            login = LoginScreen(self.app)
        login.setWindowTitle(QCoreApplication.translate("AppController", "OCOP Showroom POS — login"))
        login.logged_in.connect(self.open_main)
        login.resize(720, 480)
        if note:
            login.show_notice(note)
        login.show()
        self.login = login
        # Once the PIN screen is on screen (not before: the threads would slow it down), prepare the checkout.
        QTimer.singleShot(0, self._prepare_checkout)

    def _prepare_checkout(self) -> None:
        """On threads: the modules of the main window, then (once the database is open) the product index."""
        _preload_main_window_modules()
        if isinstance(self._app, Future):
            self._app.add_done_callback(_prefetch_index_once_open)
        else:
            _prefetch_index(self._app)

    def open_main(self, who: object) -> None:
        from showroom_pos.ui.key_handover import KeyHandover
        from showroom_pos.ui.main_window import MainWindow
        from showroom_pos.ui.session import LoggedIn, UiSession

        assert isinstance(who, LoggedIn)
        from showroom_pos.ui.session import Events

        # Each login gets its own Events: what the previous window's screens listened to (its print station
        # printed every later sale's receipt again, from a stopped thread) goes with that window.
        self.events = Events()
        window = MainWindow(UiSession(self.app, who, self.events))
        window.logout_requested.connect(self.show_login)
        # The PIN screen stays up, its keys kept, until the till has the keyboard: a scan made at once is not lost.
        login, self.login = self.login, None
        KeyHandover(window, then=(lambda: _close_for_good(login)) if login is not None else None)
        window.showMaximized()
        window.activateWindow()
        self.window = window
        ready, self.on_ready = self.on_ready, []
        for callback in ready:
            callback()
        painted, self.on_painted = self.on_painted, []
        for callback in painted:
            window.first_painted.connect(callback)


def _close_for_good(widget: QWidget) -> None:
    """Close a window that will not be shown again, and free it (a closed window stays in memory: one PIN screen
    a login, all day, until it was deleted)."""
    widget.close()
    widget.deleteLater()


def _prefetch_index(app: AppContext) -> None:
    from showroom_pos.services.till.product_lookup import ProductIndex
    from showroom_pos.services.warmup import prepare_till

    app.prefetch("product_index", ProductIndex.load)
    # The mappers configured and the login's and checkout's statements compiled before Enter, off the GUI thread.
    app.prefetch("checkout_start", prepare_till)


def _prefetch_index_once_open(opened: Future[AppContext]) -> None:
    if opened.exception() is None:  # else the GUI thread says why and stops
        _prefetch_index(opened.result())


def _stop(qt_app: QApplication, text: str) -> None:
    """Say why (already in the user's language) and stop the app."""
    log.error("stopping: %s", text)
    QMessageBox.critical(None, i18n.app_title(), text)
    qt_app.exit(2)


def _stop_if_damaged(qt_app: QApplication, paths: AppPaths, result: str) -> None:
    if result != "ok":
        _stop(qt_app, QCoreApplication.translate(
            "AppController", "The database {path} is damaged ({detail}). The app stops so that nothing more is "
            "written to it. Restore a backup with `showroom-pos restore`.").format(path=paths.database, detail=result))


def _open_in_background(paths: AppPaths, opened: Future[AppContext]) -> None:
    """``AppContext.open`` on a thread, its outcome handed to ``opened``."""

    def work() -> None:
        try:
            from showroom_pos.runtime.context import AppContext

            opened.set_result(AppContext.open(paths, integrity_check=False))
        except BaseException as exc:  # handed to the GUI thread, which says so and stops
            opened.set_exception(exc)

    threading.Thread(target=work, name="open-database", daemon=True).start()


def _open_first(paths: AppPaths, *, demo: bool) -> AppContext | None:
    """The careful start: open (create, migrate), seed the demo or run first-start setup; None to stop."""
    from showroom_pos.runtime.context import AppContext
    from showroom_pos.services import demo as demo_data
    from showroom_pos.services import setup

    app = AppContext.open(paths, integrity_check=False)
    with app.sessions() as session:
        ready = setup.is_set_up(session)
    if not ready and demo:
        demo_data.seed(app.sessions, printer_file=paths.printer_output / "receipts.bin")
        ready = True
    if not ready:
        from showroom_pos.ui.setup_dialog import SetupDialog

        if SetupDialog(app).exec() != QDialog.DialogCode.Accepted:
            app.close()
            return None
    return app


def _refuse(qt_app: QApplication, exc: BaseException, paths: AppPaths | None = None, *, running: bool = True) -> None:
    """The database could not be opened: say why (in the user's language, on the terminal too) and stop."""
    if not isinstance(exc, UserError) and paths is not None:
        from showroom_pos.storage.opening import classify_open_error

        exc = classify_open_error(exc, paths.database) or exc
    text = i18n.problem_text(exc)
    print(text, file=sys.stderr)
    if running:
        _stop(qt_app, text)
    else:  # before the event loop: nothing to exit (exiting a loop not yet running upsets the next one)
        log.error("stopping: %s", text)
        QMessageBox.critical(None, i18n.app_title(), text)


def run_gui(paths: AppPaths, *, demo: bool = False, language: str | None = None) -> int:
    try:
        return _start_gui(paths, demo=demo, language=language)
    finally:
        process_lock.release(paths.database)


def _start_gui(paths: AppPaths, *, demo: bool, language: str | None) -> int:
    limit_malloc_arenas()  # before any thread starts
    collector = CollectorHold()
    try:
        qt_app = make_qt_app()
        from showroom_pos.ui import screen_fit

        screen_fit.install()  # every dialog inside the screen, from 1280×720 up
        i18n.install(language or i18n.saved_language())
        previous_hook = sys.excepthook
        crash_handler.install(paths.logs / "showroom-pos.log")
        try:
            return _run_gui(qt_app, paths, demo=demo, collector=collector)
        finally:
            sys.excepthook = previous_hook
    finally:
        collector.end()


def _run_gui(qt_app: QApplication, paths: AppPaths, *, demo: bool, collector: CollectorHold) -> int:
    paths.ensure_default_folders()
    from showroom_pos.services.login_roster import ready_roster

    # A full integrity_check reads the whole file (seconds at a year of sales): the till starts on a header
    # check and runs the full one in the background; a damaged file then stops the app before harm (a damaged
    # index passes quick_check: the full check sees it).
    opening: AppContext | Future[AppContext] | None
    try:
        # One till per database: a second window (or a command that changes data) is told who holds it.
        process_lock.acquire(paths.database, "showroom-pos")
        roster = ready_roster(paths.database)
        if roster is None:
            collector.release()  # migrations, a setup dialog: no quick start to keep quick
        opening = Future() if roster is not None else _open_first(paths, demo=demo)
    except Exception as exc:  # told as what it is (full disk, read-only, locked…), never a traceback
        from showroom_pos.storage.opening import classify_open_error

        if not isinstance(exc, UserError) and classify_open_error(exc, paths.database) is None:
            raise
        _refuse(qt_app, exc, paths, running=False)
        return 2
    if opening is None:
        return 1
    controller = AppController(opening, roster)
    controller.show_login()
    if isinstance(opening, Future):  # now that the PIN screen is built (building it shared the interpreter)
        _open_in_background(paths, opening)
    from showroom_pos.ui.tasks import TaskRunner

    checker = TaskRunner()
    if isinstance(opening, Future):
        # A file that passed the header check can still fail to open (a folder turned read-only…).
        checker.run(opening.result, on_error=lambda exc: _refuse(qt_app, exc, paths))
    cancel = threading.Event()  # closing the app stops the full check (seconds on a big file) at once
    started = threading.Event()

    def start_full_check() -> None:
        if started.is_set():
            return
        started.set()
        checker.run(lambda: integrity_check(paths.database, cancel=cancel),
                    lambda result: _stop_if_damaged(qt_app, paths, str(result)),
                    on_error=lambda exc: None if isinstance(exc, CheckCancelled) else _refuse(qt_app, exc, paths))

    # The full check reads the whole file on a core of its own for many seconds (a 2-core till has two): it
    # starts once the checkout is up, or FULL_CHECK_AT_LATEST_MS after the PIN screen if nobody logs in, so
    # that it does not slow the start-up the cashier waits for. (It never finished before the first sale on a
    # big file anyway; a damaged file still stops the app within seconds of the start.)
    soon, at_latest, collector_limit = QTimer(), QTimer(), QTimer()
    for timer, delay in ((soon, FULL_CHECK_AFTER_READY_MS), (at_latest, FULL_CHECK_AT_LATEST_MS),
                         (collector_limit, COLLECTOR_HELD_AT_MOST_MS)):
        timer.setSingleShot(True)
        timer.setInterval(delay)
    soon.timeout.connect(start_full_check)
    at_latest.timeout.connect(start_full_check)
    collector_limit.timeout.connect(lambda: collector.release(freeze=True))
    controller.on_ready.append(soon.start)
    controller.on_painted.append(lambda: collector.release(freeze=True))
    at_latest.start()
    collector_limit.start()
    code = qt_app.exec()
    # The last window closing asks Qt to quit with a posted event; a loop that ended first (an exit code, a
    # refusal) left it waiting. Delivered later, outside any loop, it would make every later event loop of this
    # process (a test's, after the app ran in it) return at once.
    QCoreApplication.removePostedEvents(qt_app, QEvent.Type.Quit)
    started.set()  # an app that stopped before the check began never starts it
    soon.stop()
    at_latest.stop()
    collector_limit.stop()
    cancel.set()
    checker.shutdown()
    if not isinstance(opening, Future) or opening.exception() is None:  # else it never opened: said so already
        controller.app.close()
    return int(code)
