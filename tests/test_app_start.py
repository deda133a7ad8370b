"""Starting the app: the PIN screen comes up from a roster read without SQLAlchemy while the database
opens on a thread; a file that needs care (older schema, not set up, damaged) is opened first."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app import main as gui
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import setup, users
from showroom_pos.services.login_roster import LoginRoster, read_login_roster, ready_roster
from showroom_pos.storage.sqlite_file import head_revision
from showroom_pos.ui.login import LoginScreen
from showroom_pos.ui.main_window import MainWindow
from tests.conftest import CASHIER_PIN, Outlet


def test_the_roster_is_what_the_services_say(sessions: sessionmaker[Session], app_context: AppContext,
                                             outlet: Outlet) -> None:
    with sessions.begin() as s:
        users.create_user(s, "An Đã Nghỉ", "cashier", "8642").active = False
    with sessions() as s:
        expected = LoginRoster(setup.outlet(s).name, setup.terminal(s).id,
                               tuple((u.id, u.name, u.role) for u in users.active_users(s)))
    assert ready_roster(app_context.paths.database) == expected == read_login_roster(app_context.paths.database)
    assert "An Đã Nghỉ" not in [name for _id, name, _role in expected.people]


def test_a_file_that_needs_care_gets_no_quick_roster(tmp_path: Path, app_context: AppContext, outlet: Outlet) -> None:
    assert ready_roster(tmp_path / "missing.db") is None
    (tmp_path / "text.db").write_text("not a database")
    assert ready_roster(tmp_path / "text.db") is None
    fresh = AppContext.open(AppPaths.resolve(tmp_path / "fresh.db"))  # migrated, not set up
    fresh.close()
    assert ready_roster(tmp_path / "fresh.db") is None
    path = app_context.paths.database
    assert ready_roster(path) is not None
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0004'")  # an older schema: migrate first
    conn.commit()
    conn.close()
    assert ready_roster(path) is None


def _run_app(paths: AppPaths, drive: Callable[[], int | None]) -> int:
    """``run_gui`` as ``showroom-pos`` runs it; ``drive`` is called once its event loop runs and returns the
    exit code to stop it with (None: the app stops by itself). A failure in ``drive`` stops the app too,
    and is raised here."""
    failures: list[BaseException] = []

    def guarded() -> None:
        try:
            code = drive()
        except BaseException as exc:  # raised below, once the app has stopped
            failures.append(exc)
            code = 99
        if code is not None:
            QApplication.exit(code)

    QTimer.singleShot(0, guarded)
    try:
        code = gui.run_gui(paths, language="en")
    finally:
        for widget in QApplication.topLevelWidgets():
            widget.close()
    if failures:
        raise failures[0]
    return code


def _top(kind: type[Any]) -> Any:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def _log_in_and_check_the_checkout(qtbot: QtBot, outlet: Outlet) -> None:
    login = _top(LoginScreen)
    login.select_user(outlet.cashier_id)
    login.try_login(CASHIER_PIN)
    window = _top(MainWindow)
    screen = window.current_screen()
    assert type(screen).__name__ == "CheckoutScreen"
    # The keyboard (the scanner) is the checkout's at once: not the navigation list's, not the closed login's.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_the_pin_screen_is_up_before_the_database_is_open(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    released = threading.Event()
    real_open = AppContext.open

    def slow_open(paths: AppPaths, **kwargs: Any) -> AppContext:
        assert released.wait(10), "the PIN screen never came up"
        return real_open(paths, **kwargs)

    monkeypatch.setattr(AppContext, "open", slow_open)
    seen: dict[str, bool] = {}

    def drive() -> int:
        login = _top(LoginScreen)
        seen["pin screen up, database not open yet"] = not released.is_set()
        assert login.users.item(0).text().startswith("Nguyễn Thị Lan")  # users by name, as the services give them
        released.set()  # the database opens now, as if its thread had been slow
        _log_in_and_check_the_checkout(qtbot, outlet)
        seen["logged in"] = True
        return 0

    assert _run_app(app_context.paths, drive) == 0
    assert seen == {"pin screen up, database not open yet": True, "logged in": True}


def test_an_app_that_ran_in_this_process_leaves_no_quit_behind(qtbot: QtBot, app_context: AppContext,
                                                                outlet: Outlet) -> None:
    """The till's window closed (Qt posts a quit) and the loop ended by its exit code first. The quit left waiting,
    delivered outside any loop, set Qt's "quit now" for good: every later event loop of the process returned at
    once, and pytest-qt's waitUntil timed out in the GUI tests after it (customer display, e-invoices…)."""

    def drive() -> int:
        login = _top(LoginScreen)
        login.select_user(outlet.cashier_id)
        login.try_login(CASHIER_PIN)
        _top(MainWindow).close()  # the last window: Qt posts its quit, and the loop ends before it is delivered
        return 0

    assert _run_app(app_context.paths, drive) == 0
    QApplication.processEvents()  # as pytest-qt does between tests: a quit left waiting is delivered here
    loop = QEventLoop()
    QTimer.singleShot(0, lambda: loop.exit(7))
    assert loop.exec() == 7


def test_an_older_file_is_migrated_before_the_pin_screen(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = app_context.paths.database
    app_context.engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX ix_product_sku_nocase")  # undo 0005, 0006, 0008, 0010, 0011, 0014 (0007: triggers)
    conn.execute('ALTER TABLE "user" DROP COLUMN lockouts')
    conn.execute("ALTER TABLE sale DROP COLUMN cash_rounding")
    conn.execute("DROP TABLE einvoice")
    conn.execute("ALTER TABLE sale_return DROP COLUMN cash_rounding")
    conn.execute("DROP INDEX ix_product_name_sort")
    conn.execute("DROP INDEX ix_product_search")  # 0015's, over name_sort (0009 makes it again, 0015 as it is now)
    conn.execute("ALTER TABLE product DROP COLUMN name_sort")
    conn.execute("UPDATE alembic_version SET version_num = '0004'")
    conn.commit()
    conn.close()
    opened: list[str] = []
    real_open = AppContext.open

    def recorded_open(paths: AppPaths, **kwargs: Any) -> AppContext:
        opened.append(threading.current_thread().name)
        return real_open(paths, **kwargs)

    monkeypatch.setattr(AppContext, "open", recorded_open)

    def drive() -> int:
        assert opened == ["MainThread"]  # opened (and migrated) before the PIN screen, on the GUI thread
        _log_in_and_check_the_checkout(qtbot, outlet)
        return 0

    assert _run_app(app_context.paths, drive) == 0
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
    conn.close()


def test_a_database_that_fails_to_open_behind_the_pin_screen_stops_the_app(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, monkeypatch: pytest.MonkeyPatch) -> None:
    from showroom_pos.storage.database import DatabaseProblem

    def failing_open(paths: AppPaths, **kwargs: Any) -> AppContext:
        raise DatabaseProblem("The database cannot be opened: the folder {folder} cannot be written.",
                              folder=str(paths.database.parent))

    said: list[str] = []
    monkeypatch.setattr(AppContext, "open", failing_open)
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: said.append(text))

    assert _run_app(app_context.paths, lambda: None) == 2  # nothing to do: the app stops by itself
    assert said and "cannot be written" in said[0]
