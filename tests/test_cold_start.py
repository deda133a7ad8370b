"""The cold start with the PIN typed at once (issue 17): what waits until the checkout is painted, what the
garbage collector does meanwhile, when the database starts opening, and the product index read from its
covering index whatever ANALYZE said.

Which modules a start has loaded can only be seen in a process of its own: that test starts the app in a child
(``showroom-pos --db FILE`` as ``cli.main`` runs it). The others run the app in this process, and check that it
leaves nothing behind for the tests after them."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app import main as gui
from showroom_pos.app.main import CollectorHold
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import settings
from showroom_pos.services.till import product_lookup
from showroom_pos.services.till.product_lookup import ProductIndex
from showroom_pos.ui.login import LoginScreen
from showroom_pos.ui.main_window import MainWindow
from showroom_pos.ui.session import LoggedIn, UiSession
from tests.conftest import CASHIER_PIN, Outlet
from tests.test_app_start import _run_app, _top

ROOT = Path(__file__).resolve().parents[1]

# Loaded by the printer's probe, the first receipt, the e-invoice delivery, the sync's worker and the first return:
# never before the checkout is painted.
LATER = ("escpos", "PIL", "lxml", "showroom_pos.services.printing", "showroom_pos.hardware.receipt_render",
         "showroom_pos.ui.einvoice_screen", "showroom_pos.services.einvoice.outbox", "showroom_pos.services.summary",
         "showroom_pos.ui.checkout_returns")

CHILD = r"""
import gc, json, sys
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from showroom_pos.app import cli, main as gui
db, cashier, pin, code, later = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5].split(",")
seen = {}

def loaded():
    return sorted(name for name in later if name in sys.modules)

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "loaded_at_paint" not in seen:
            seen["loaded_at_paint"] = loaded()
            seen["gc_at_paint"] = gc.isenabled()
        return False

first_paint = FirstPaint()
real_show_login = gui.AppController.show_login
def show_login(controller):
    real_show_login(controller)
    if "gc_at_pin_screen" not in seen:
        seen["gc_at_pin_screen"] = gc.isenabled()
        QTimer.singleShot(0, lambda: guarded(enter, controller))  # the PIN typed the instant the screen is up
gui.AppController.show_login = show_login

def guarded(step, *args):
    try:
        step(*args)
    except BaseException:  # said on stdout, and the app stops (not a crash box waiting for a click)
        import traceback
        seen["error"] = traceback.format_exc()
        QCoreApplication.quit()

def enter(controller):
    from showroom_pos.services.till.sale_writer import PaymentIn
    controller.login.select_user(cashier)
    controller.login.try_login(pin)
    window = controller.window
    window.installEventFilter(first_paint)
    screen = window.current_screen()
    seen["screen"] = type(screen).__name__
    seen["loaded_at_ready"] = loaded()
    seen["gc_at_ready"] = gc.isenabled()
    seen["started_at_ready"] = [window.print_station.status is not None, window.einvoice_status is not None,
                                window.sync_status.worker is not None]
    screen.on_scan(code)  # a scan before the window is even painted
    seen["lines"] = len(screen.cart.lines)

    def painted():
        seen.update(gc_after_paint=gc.isenabled(), frozen_after_paint=gc.get_freeze_count() > 0)
        seen["sold"] = screen.complete([PaymentIn("cash", screen.cart.totals().total)])
    window.first_painted.connect(lambda: guarded(painted))
    station = window.print_station

    def settled():
        return (station.status is not None and not station.busy and window.einvoice_status is not None
                and window.sync_status.worker is not None and "sold" in seen)

    def wait(left=300):
        if settled() or left == 0:
            seen["printer"] = station.status.state if station.status else None
            seen["printer_error"] = station.last_error
            seen["started_later"] = [station.status is not None, window.einvoice_status is not None,
                                     window.sync_status.worker is not None]
            seen["loaded_later"] = loaded()
            QCoreApplication.quit()
        else:
            QTimer.singleShot(100, lambda: guarded(wait, left - 1))
    wait()

code = cli.main(["--db", db])
seen["gc_after_exit"] = gc.isenabled()
seen["frozen_after_exit"] = gc.get_freeze_count()
print(json.dumps(seen))
sys.exit(code)
"""


def test_the_checkout_is_painted_before_printing_e_invoices_and_sync_load_and_the_first_sale_prints(
        app_context: AppContext, outlet: Outlet, tmp_path: Path) -> None:
    receipts = tmp_path / "receipts.bin"
    with app_context.sessions.begin() as s:
        settings.set(s, "printer.connection", f"file:{receipts}")
    outlet.open_shift(app_context.sessions)
    app_context.dispose()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", CHILD, str(app_context.paths.database), str(outlet.cashier_id),
                          CASHIER_PIN, "8938000000015", ",".join(LATER)],
                         capture_output=True, text=True, env=env, timeout=120, check=False, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert "error" not in seen, seen["error"]
    assert seen["screen"] == "CheckoutScreen"
    # Ready to scan (a scan works at once), and nothing of the printer (python-escpos, Pillow), e-invoices (lxml)
    # or the sync loaded or started, until the window had been painted.
    assert seen["loaded_at_ready"] == [] and seen["started_at_ready"] == [False, False, False]
    assert seen["lines"] == 1
    assert seen["loaded_at_paint"] == []
    # Once painted: the printer probed, the e-invoice delivery installed, the sync's worker started, and the first
    # sale's receipt printed.
    assert seen["started_later"] == [True, True, True] and seen["sold"] is True
    assert {"escpos", "showroom_pos.ui.einvoice_screen", "showroom_pos.services.summary"} <= set(seen["loaded_later"])
    assert seen["printer"] == "ready" and seen["printer_error"] == ""
    assert receipts.stat().st_size > 0
    # The collector: held from the start to the painted checkout, then the start's objects frozen and it runs
    # again; nothing left frozen once the app has stopped.
    assert seen["gc_at_pin_screen"] is False and seen["gc_at_ready"] is False and seen["gc_at_paint"] is False
    assert seen["gc_after_paint"] is True and seen["frozen_after_paint"] is True
    assert seen["gc_after_exit"] is True and seen["frozen_after_exit"] == 0


def test_the_collector_hold() -> None:
    """Held: off. Released with a freeze (the checkout painted, or a PIN screen left waiting): on, the start's
    objects frozen. At the end: on, nothing frozen. A collector someone else switched off stays off; objects
    someone else froze (the tests' module fixture) stay frozen, and the hold then freezes nothing."""
    set_aside = gc.get_freeze_count()  # what conftest froze for this module, given back to it at the end
    gc.unfreeze()
    try:
        hold = CollectorHold()
        assert not gc.isenabled()
        hold.release(freeze=True)
        assert gc.isenabled() and gc.get_freeze_count() > 0
        hold.release()  # once only
        hold.end()
        assert gc.isenabled() and gc.get_freeze_count() == 0
        gc.disable()
        CollectorHold().end()
        assert not gc.isenabled()
        gc.enable()
        gc.freeze()
        frozen = gc.get_freeze_count()
        hold = CollectorHold()
        hold.release(freeze=True)
        hold.end()
        assert gc.isenabled() and 0 < gc.get_freeze_count() <= frozen  # neither more frozen, nor given back
    finally:
        gc.enable()
        if set_aside:
            gc.freeze()
        else:
            gc.unfreeze()


def test_the_app_run_here_holds_the_collector_until_painted_and_leaves_it_as_it_found_it(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    seen: dict[str, Any] = {}

    def drive() -> int:
        login = _top(LoginScreen)
        seen["at the PIN screen"] = gc.isenabled()
        login.select_user(outlet.cashier_id)
        login.try_login(CASHIER_PIN)
        window = _top(MainWindow)
        seen["checkout built"] = gc.isenabled()
        with qtbot.waitSignal(window.first_painted, timeout=10_000):
            pass
        seen["painted"] = gc.isenabled()
        window.close()
        return 0

    frozen = gc.get_freeze_count()  # the tests' own (conftest): the app leaves it as it is
    assert _run_app(app_context.paths, drive) == 0
    assert seen == {"at the PIN screen": False, "checkout built": False, "painted": True}
    assert gc.isenabled() and 0 < gc.get_freeze_count() <= frozen  # neither more frozen, nor given back


def test_a_start_the_careful_way_has_the_collector_at_once(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Migrations or the first-start setup (a dialog): nothing quick to keep quick, the collector runs."""
    from showroom_pos.services import login_roster

    monkeypatch.setattr(login_roster, "ready_roster", lambda _path: None)  # as for a file that needs care
    real_open_first = gui._open_first
    seen: list[bool] = []

    def open_first(paths: AppPaths, *, demo: bool) -> AppContext | None:
        seen.append(gc.isenabled())
        return real_open_first(paths, demo=demo)

    monkeypatch.setattr(gui, "_open_first", open_first)

    def drive() -> int:
        login = _top(LoginScreen)
        login.select_user(outlet.cashier_id)
        login.try_login(CASHIER_PIN)
        _top(MainWindow).close()
        return 0

    frozen = gc.get_freeze_count()
    assert _run_app(app_context.paths, drive) == 0
    assert seen == [True] and gc.isenabled() and 0 < gc.get_freeze_count() <= frozen


def test_the_database_opens_once_the_pin_screen_is_built(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Not while the GUI thread builds it: they shared the interpreter, and the PIN screen came up later."""
    built = threading.Event()
    real_init = LoginScreen.__init__

    def recorded_init(self: LoginScreen, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        built.set()

    real_open = AppContext.open
    opened_after_built: list[bool] = []

    def recorded_open(paths: AppPaths, **kwargs: Any) -> AppContext:
        opened_after_built.append(built.is_set())
        return real_open(paths, **kwargs)

    monkeypatch.setattr(LoginScreen, "__init__", recorded_init)
    monkeypatch.setattr(AppContext, "open", recorded_open)

    def drive() -> int:
        login = _top(LoginScreen)
        login.select_user(outlet.cashier_id)
        login.try_login(CASHIER_PIN)  # waits for the opening, which was started
        _top(MainWindow).close()
        return 0

    assert _run_app(app_context.paths, drive) == 0
    assert opened_after_built == [True]


def test_a_main_window_closed_before_its_first_paint_starts_nothing(qtbot: QtBot, app_context: AppContext,
                                                                   outlet: Outlet) -> None:
    """Its printer's probe, e-invoice delivery and sync worker wait for its first paint: one that never comes
    (a logout at once, a window closed) starts none of them, now or in a later test."""
    ui = UiSession(app_context, LoggedIn(outlet.cashier_id, "Trần Văn Minh", "cashier", outlet.terminal_id))
    window = MainWindow(ui)
    qtbot.addWidget(window)
    painted: list[bool] = []
    window.first_painted.connect(lambda: painted.append(True))
    window.show()
    window.shutdown()
    window.close()
    qtbot.wait(300)
    assert painted == []
    assert window.print_station.status is None and window.einvoice_status is None
    assert window.sync_status.worker is None


def test_the_index_is_read_from_its_covering_index_whatever_analyze_said(
        sessions: sessionmaker[Session], app_context: AppContext, outlet: Outlet) -> None:
    """With the statistics ANALYZE left on a large catalogue (the big benchmark file's), SQLite 3.40 preferred
    ``ix_product_name_folded`` and read every product's row (3 times slower at 50,000 products): the query names
    its index. Without that index (dropped by hand) the same rows come sorted."""
    conn = sqlite3.connect(app_context.paths.database)
    conn.execute("ANALYZE")
    conn.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'product'")
    conn.executemany("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('product', ?, ?)",
                     [("ix_product_search", "50000 1 1 1"), ("ix_product_name_folded", "50000 1"),
                      ("ix_product_sku_nocase", "50000 1"), ("ix_product_producer_id", "50000 834")])
    conn.commit()
    conn.close()
    conn = sqlite3.connect(app_context.paths.database)  # statistics are read when a connection opens
    try:
        plan = " ".join(str(row[-1]) for row in conn.execute("EXPLAIN QUERY PLAN " + product_lookup._SEARCH_SQL))
    finally:
        conn.close()
    assert "USING INDEX ix_product_search" in plan and "TEMP B-TREE" not in plan, plan
    app_context.dispose()
    with sessions() as s:
        expected = ProductIndex.load(s)
    conn = sqlite3.connect(app_context.paths.database)
    conn.execute("DROP INDEX ix_product_search")
    conn.commit()
    conn.close()
    app_context.dispose()
    with sessions() as s:
        index = ProductIndex.load(s)
    assert index._text == expected._text and list(index._entry_ids) == list(expected._entry_ids)
    assert [p.sku for p in index.search("mam tom")] == ["HD-MAMTOM"]
