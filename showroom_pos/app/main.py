"""Starting the desktop app: open (or create) the database, first-start setup, login, main window."""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from showroom_pos.core.errors import UserError

if TYPE_CHECKING:
    from showroom_pos.ui.login import LoginScreen
    from showroom_pos.ui.main_window import MainWindow

from showroom_pos.storage.database import quick_check

from . import i18n
from .context import AppContext
from .paths import AppPaths
from .qt_imports import lighten_pyside_import_hook

log = logging.getLogger(__name__)


def make_qt_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    lighten_pyside_import_hook()
    QCoreApplication.setOrganizationName("OCOP Showroom POS")
    QCoreApplication.setApplicationName("showroom-pos")
    return QApplication(argv or sys.argv[:1])


PRELOADED = ("showroom_pos.ui.main_window", "showroom_pos.ui.print_station", "showroom_pos.ui.sync_status",
             "showroom_pos.ui.auto_lock", "showroom_pos.ui.backup_screen", "showroom_pos.ui.checkout")


def _preload_main_window_modules() -> None:
    """Import what the main window needs (~0.3 s: python-escpos, Pillow, httpx, the screens) while the
    cashier types the PIN, so the checkout appears at once. Only imports: no widget is made off the GUI thread."""

    def load() -> None:
        for name in PRELOADED:
            try:
                importlib.import_module(name)
            except Exception:  # the GUI thread imports it again and reports the error there
                log.exception("preloading %s failed", name)

    threading.Thread(target=load, name="preload", daemon=True).start()


class AppController:
    """Switches between the login screen and the main window for the life of the app."""

    def __init__(self, app: AppContext) -> None:
        from showroom_pos.ui.session import Events

        self.app = app
        self.events = Events()
        self.window: MainWindow | None = None
        self.login: LoginScreen | None = None

    def show_login(self) -> None:
        from showroom_pos.ui.login import LoginScreen

        if self.window is not None:
            self.window.close()
            self.window = None
        login = LoginScreen(self.app)
        login.setWindowTitle(QCoreApplication.translate("AppController", "OCOP Showroom POS — login"))
        login.logged_in.connect(self.open_main)
        login.resize(720, 480)
        login.show()
        self.login = login
        # Once the PIN screen is on screen (not before: the threads would slow it down), prepare the checkout.
        QTimer.singleShot(0, self._prepare_checkout)

    def _prepare_checkout(self) -> None:
        from showroom_pos.services.checkout import ProductIndex

        _preload_main_window_modules()
        self.app.prefetch("product_index", ProductIndex.load)

    def open_main(self, who: object) -> None:
        from showroom_pos.ui.main_window import MainWindow
        from showroom_pos.ui.session import LoggedIn, UiSession

        assert isinstance(who, LoggedIn)
        window = MainWindow(UiSession(self.app, who, self.events))
        window.logout_requested.connect(self.show_login)
        window.showMaximized()
        self.window = window
        if self.login is not None:
            self.login.close()
            self.login = None


def _stop_if_damaged(qt_app: QApplication, paths: AppPaths, result: str) -> None:
    if result == "ok":
        return
    log.error("integrity check failed on %s: %s", paths.database, result)
    QMessageBox.critical(None, "OCOP Showroom POS", QCoreApplication.translate(
        "AppController", "The database {path} is damaged ({detail}). The app stops so that nothing more is "
        "written to it. Restore a backup with `showroom-pos restore`.").format(path=paths.database, detail=result))
    qt_app.exit(2)


def run_gui(paths: AppPaths, *, demo: bool = False, language: str | None = None) -> int:
    qt_app = make_qt_app()
    from showroom_pos.ui.preferences import saved_language

    i18n.install(language or saved_language())
    paths.ensure_default_folders()
    try:
        # A full quick_check reads the whole file (seconds at a year of sales): the till starts on a header
        # check and runs the full one in the background; a damaged file then stops the app before harm.
        app = AppContext.open(paths, integrity_check=False)
    except UserError as exc:
        QMessageBox.critical(None, "OCOP Showroom POS", i18n.error_text(exc))
        print(i18n.error_text(exc), file=sys.stderr)
        return 2
    from showroom_pos.services import demo as demo_data
    from showroom_pos.services import setup

    with app.sessions() as session:
        ready = setup.is_set_up(session)
    if not ready and demo:
        demo_data.seed(app.sessions, printer_file=paths.printer_output / "receipts.bin")
        ready = True
    if not ready:
        from showroom_pos.ui.setup_dialog import SetupDialog

        if SetupDialog(app).exec() != QDialog.DialogCode.Accepted:
            return 1
    controller = AppController(app)
    controller.show_login()
    from showroom_pos.ui.tasks import TaskRunner

    checker = TaskRunner()
    checker.run(lambda: quick_check(paths.database), lambda result: _stop_if_damaged(qt_app, paths, str(result)))
    code = qt_app.exec()
    checker.shutdown()
    app.close()
    return int(code)
