"""The full integrity check: it sees a damaged index that quick_check passes, runs off the GUI thread after
each backup (so at each shift close) and at idle, can be cancelled, and stops all writing when it fails."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import backup, data_safety
from showroom_pos.storage import database, sqlite_file
from showroom_pos.storage.database import DatabaseDamaged

from .conftest import Outlet
from .safety_helpers import count_sales, damage_an_index, sell, stock_up
from .test_safety_ui import window_for  # noqa: F401 - the fixture


def test_a_damaged_index_passes_quick_check_and_fails_the_full_one(
        app_context: AppContext, outlet: Outlet) -> None:
    app_context.close()
    path = app_context.paths.database
    damage_an_index(path)
    assert sqlite_file.quick_check(path) == "ok"
    assert "missing from index" in sqlite_file.integrity_check(path)
    assert "missing from index" in data_safety.full_check(path, threading.Event())


def test_the_full_check_can_be_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (a, b)")
    conn.execute("CREATE INDEX ix_t_a ON t (a)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", ((i, str(i) * 5) for i in range(50_000)))
    conn.commit()
    conn.close()
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(sqlite_file.CheckCancelled):
        sqlite_file.integrity_check(path, cancel=cancel)
    assert sqlite_file.integrity_check(path, cancel=threading.Event()) == "ok"


def test_at_shift_close_the_full_check_finds_damage_and_writing_stops(
        qtbot: QtBot, window_for: Any, outlet: Outlet, sessions: sessionmaker[Session],  # noqa: F811
        app_context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from showroom_pos.ui.checkout_shift import CloseShiftDialog

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    stock_up(sessions, [outlet.tra])
    outlet.open_shift(sessions)
    sell(sessions, outlet.cashier, [outlet.tra], count=2)
    sound = backup.backup_now(app_context.engine, app_context.paths.backups.parent / "stick", kind="manual").path
    damage_an_index(app_context.paths.database, "product")
    app_context.engine.dispose()  # the schema was changed behind its connections
    window = window_for("cashier")
    dialog = CloseShiftDialog(window.ui, window)
    dialog.counts[100_000].setValue(6)
    dialog.close_shift()  # asks to confirm the count
    with qtbot.waitSignal(window.backups.integrity.found_damage, timeout=10_000):
        dialog.close_shift()
    dialog.close()
    assert shown and "damaged" in shown[0] and "backup" in shown[0]
    try:
        with pytest.raises(DatabaseDamaged):  # nothing more is written to it
            sell(sessions, outlet.cashier, [outlet.tra])
        with app_context.read_sessions() as session:  # reading (and so backups, exports) goes on
            assert session.get_bind() is not None
        assert count_sales(app_context.paths.database) == 2
        # Restoring the sound backup puts a sound file in place: selling goes on.
        _result, engine = backup.restore_live(app_context.engine, sound, app_context.paths.backups)
        sessions.configure(bind=engine)
        sell(sessions, outlet.cashier, [outlet.tra])
        assert database.writing_stopped(app_context.paths.database) is None
        engine.dispose()
    finally:
        sqlite_file._stopped.clear()


def test_a_healthy_database_is_checked_after_a_backup_and_nothing_stops(
        qtbot: QtBot, window_for: Any, outlet: Outlet, sessions: sessionmaker[Session]) -> None:  # noqa: F811
    window = window_for("manager")
    with qtbot.waitSignal(window.backups.integrity.checked, timeout=10_000) as checked:
        window.backups.after_shift_close()
    assert checked.args == ["ok"]
    stock_up(sessions, [outlet.tra])


def test_the_app_stops_on_a_damaged_index_found_in_the_background(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, monkeypatch: pytest.MonkeyPatch) -> None:
    from showroom_pos.app import main

    from .test_app_start import _run_app

    app_context.close()
    damage_an_index(app_context.paths.database)
    said: list[str] = []
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    # Nobody logs in: the full check starts on its own, FULL_CHECK_AT_LATEST_MS after the PIN screen (8 s, which
    # this test waited out idle); the same timer, sooner.
    monkeypatch.setattr(main, "FULL_CHECK_AT_LATEST_MS", 200)
    assert _run_app(AppPaths.resolve(app_context.paths.database), lambda: None) == 2
    assert said and "damaged" in said[0] and "missing from index" in said[0]


def test_the_window_says_at_once_that_the_database_is_behind_the_till(
        qtbot: QtBot, window_for: Any, outlet: Outlet, app_context: AppContext,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from showroom_pos.storage.high_water import BehindHighWater

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    app_context.high_water.problem = BehindHighWater(sales=1, db_receipt="CL01-261203-0001", marked_sales=3,
                                                     marked_receipt="CL01-261203-0003")
    window = window_for("cashier")
    window.backups.integrity.warn_if_behind()
    assert warned and "CL01-261203-0003" in warned[0] and "accept-loss" in warned[0]
