"""The status bar's province indicator: last sync, days pending, last error, and "Sync now"
driving the real worker thread against a real server."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.runtime.context import AppContext
from showroom_pos.services import settings
from showroom_pos.ui.main_window import MainWindow
from showroom_pos.ui.session import LoggedIn, UiSession
from showroom_pos.ui.sync_status import SyncStatusWidget, shared_worker, stop_worker
from tests.conftest import Outlet
from tests.province_support import LiveServer, at, open_shift, register_outlet, sell

DAY = date(2026, 3, 2)


def ui_for(app_context: AppContext, outlet: Outlet) -> UiSession:
    return UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager", outlet.terminal_id))


def a_day_sold_and_its_widget(qtbot: QtBot, app_context: AppContext, sessions: sessionmaker[Session],
                              outlet: Outlet) -> tuple[SyncStatusWidget, list[str]]:
    """A day with a sale to send, the status widget, and what it asks the status bar to say (the answer to
    "Sync now")."""
    open_shift(sessions, outlet.cashier, at(DAY, 8))
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], at(DAY, 9))
    widget = SyncStatusWidget(ui_for(app_context, outlet))
    qtbot.addWidget(widget)
    said: list[str] = []
    widget.ui.events.status_message.connect(said.append)
    return widget, said


def test_shows_pending_days_then_sync_now_sends_them(
    qtbot: QtBot,
    app_context: AppContext,
    sessions: sessionmaker[Session],
    outlet: Outlet,
    province: tuple[Engine, LiveServer],
) -> None:
    engine, live = province
    widget, said = a_day_sold_and_its_widget(qtbot, app_context, sessions, outlet)
    try:
        qtbot.waitUntil(lambda: "not configured" in widget.label.text(), timeout=10_000)
        assert "1 day pending" in widget.label.text() and said == []
        with sessions.begin() as s:
            settings.set(s, "province.url", live.url)
            settings.set(s, "province.token", "ocop_wrong_token")
        qtbot.mouseClick(widget.button, qtbot_left())
        qtbot.waitUntil(lambda: "token is wrong" in widget.label.toolTip(), timeout=10_000)
        assert "1 day pending" in widget.label.text()
        qtbot.waitUntil(lambda: len(said) == 1, timeout=10_000)
        assert said[0].startswith("Could not send to the province: the province refused this outlet's token")
        assert "HTTP 401" not in said[0]  # the server's words stay in the tooltip
        with sessions.begin() as s:
            settings.set(s, "province.token", register_outlet(engine, "CL01"))
        qtbot.mouseClick(widget.button, qtbot_left())
        qtbot.waitUntil(
            lambda: "last sync" in widget.label.text() and "pending" not in widget.label.text(), timeout=10_000
        )
        assert widget.label.toolTip() == ""
        qtbot.waitUntil(lambda: len(said) == 2, timeout=10_000)
        assert said[1] == "Sent to the province: nothing left to send."
    finally:
        stop_worker(app_context)


def test_days_the_province_refused_say_why_and_sync_now_sends_them_again(
    qtbot: QtBot,
    app_context: AppContext,
    sessions: sessionmaker[Session],
    outlet: Outlet,
    province: tuple[Engine, LiveServer],
) -> None:
    """An outlet registered at the province with a first day after the till's first sales: those days are refused.
    The till keeps the province's reason (it kept "cannot store" alone) and shows it; once the province moves the
    first day back, "Sync now" sends the refused days again (nothing else did, but a command)."""
    from showroom_pos.province import auth
    from showroom_pos.province.db import session_factory
    from showroom_pos.province.models import ProvinceOutlet

    engine, live = province
    with session_factory(engine).begin() as s:
        token = auth.add_outlet(s, "CL01", "Điểm OCOP CL01", opened_on=date(2026, 3, 10))[1]
    with sessions.begin() as s:
        settings.set(s, "province.url", live.url)
        settings.set(s, "province.token", token)
    widget, said = a_day_sold_and_its_widget(qtbot, app_context, sessions, outlet)
    try:
        qtbot.mouseClick(widget.button, qtbot_left())
        qtbot.waitUntil(lambda: "1 refused by the server" in widget.label.text(), timeout=10_000)
        tip = widget.label.toolTip()
        assert "The province refused 1 day:" in tip and "02/03" in tip
        assert "before the outlet opened (2026-03-10" in tip and '"Sync now" sends them again' in tip
        qtbot.waitUntil(lambda: len(said) == 1, timeout=10_000)
        assert said[0].startswith("The province refused 1 day: HTTP 422") and "before the outlet opened" in said[0]
        with session_factory(engine).begin() as s:
            s.query(ProvinceOutlet).filter_by(code="CL01").one().opened_on = date(2026, 3, 1)
        live.restart()  # (its token cache holds an outlet for 30 s: as if that long had passed)
        qtbot.mouseClick(widget.button, qtbot_left())
        qtbot.waitUntil(lambda: "last sync" in widget.label.text() and "refused" not in widget.label.text(),
                        timeout=10_000)
        qtbot.waitUntil(lambda: len(said) == 2, timeout=10_000)
        assert said[1] == "Sent to the province: nothing left to send."
    finally:
        stop_worker(app_context)


def test_setting_sync_up_sends_at_once_without_sync_now(
    qtbot: QtBot,
    app_context: AppContext,
    sessions: sessionmaker[Session],
    outlet: Outlet,
    province: tuple[Engine, LiveServer],
) -> None:
    """The manager saves the province's address and token on the Settings screen: the days go, and the status bar
    says so, without "Sync now" (it said "not configured" until that was pressed)."""
    engine, live = province
    widget, said = a_day_sold_and_its_widget(qtbot, app_context, sessions, outlet)
    try:
        qtbot.waitUntil(lambda: "not configured" in widget.label.text(), timeout=10_000)
        with qtbot.waitSignal(widget._relay.status, timeout=15_000):  # the worker's first pass: the next is 60 s on
            pass
        with sessions.begin() as s:
            settings.set(s, "receipt.footer", "Hẹn gặp lại!")
        widget.ui.events.settings_changed.emit()  # another setting saved: nothing to try
        assert "not configured" in widget.label.text()
        with sessions.begin() as s:
            settings.set(s, "province.url", live.url)
            settings.set(s, "province.token", register_outlet(engine, "CL01"))
        widget.ui.events.settings_changed.emit()  # as the Settings screen's "Save" does
        qtbot.waitUntil(
            lambda: "last sync" in widget.label.text() and "pending" not in widget.label.text(), timeout=10_000
        )
        assert said == []  # no answer to a question nobody asked
    finally:
        stop_worker(app_context)


def qtbot_left() -> Qt.MouseButton:
    return Qt.MouseButton.LeftButton


def test_the_main_window_carries_it_and_one_worker_serves_the_app(
    qtbot: QtBot,
    app_context: AppContext,
    outlet: Outlet,
) -> None:
    ui = ui_for(app_context, outlet)
    window = MainWindow(ui)
    qtbot.addWidget(window)
    try:
        assert window.findChild(SyncStatusWidget, "syncStatus") is not None
        assert window.sync_status.worker is None  # the worker's modules are not on the way to the checkout
        with qtbot.waitSignal(window.first_painted):
            window.show()
        assert window.sync_status.worker is not None
        assert shared_worker(app_context) is window.sync_status.worker
    finally:
        window.shutdown()
        stop_worker(app_context)


def test_the_worker_ends_with_the_last_window(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    first = SyncStatusWidget(ui_for(app_context, outlet))
    second = SyncStatusWidget(ui_for(app_context, outlet))  # the next window opened before the old one went
    worker = first.worker
    assert worker is not None and worker is second.worker and worker._thread is not None
    thread = worker._thread
    first.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert shared_worker(app_context) is worker  # still serving the second window
    second.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert getattr(app_context, "_province_sync_worker", None) is None
    thread.join(10)
    assert not thread.is_alive()
