"""The cold start with the PIN typed at once (issue 17): what waits until the checkout is painted, what the
garbage collector does meanwhile, and the product index read from its covering index as SQLite makes it.

The start itself runs in a new process (``showroom-pos --db FILE`` as ``cli.main`` runs it): which modules are
loaded at a given moment can only be seen in a process of its own."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app import main as gui
from showroom_pos.app.main import CollectorHold
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import settings
from showroom_pos.services.catalogue import product_fields, products
from showroom_pos.services.till import product_lookup
from showroom_pos.services.till.product_lookup import ProductIndex
from showroom_pos.storage.models import Product
from showroom_pos.ui.login import LoginScreen
from tests.conftest import CASHIER_PIN, Outlet
from tests.test_app_start import _log_in_and_check_the_checkout, _run_app

ROOT = Path(__file__).resolve().parents[1]

# Loaded by the printer's probe, the first receipt and the e-invoice delivery: never before the checkout is ready.
LATER = ("escpos", "PIL", "lxml", "httpx", "showroom_pos.services.printing", "showroom_pos.ui.einvoice_screen",
         "showroom_pos.services.einvoice.outbox")

CHILD = r"""
import gc, json, sys
from PySide6.QtCore import QCoreApplication, QTimer
from showroom_pos.app import cli, main as gui
db, cashier, pin, code, later = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5].split(",")
seen = {}

def loaded():
    return sorted(name for name in later if name in sys.modules)

real_show_login = gui.AppController.show_login
def show_login(controller):
    real_show_login(controller)
    if "gc_at_pin_screen" not in seen:
        seen["gc_at_pin_screen"] = gc.isenabled()
        QTimer.singleShot(0, lambda: guarded(enter, controller))  # the PIN typed the instant the screen shows
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
    screen = window.current_screen()
    seen["screen"] = type(screen).__name__
    seen["loaded_at_ready"] = loaded()
    seen["gc_at_ready"] = gc.isenabled()
    seen["printer_probed_at_ready"] = window.print_station.status is not None
    seen["einvoice_status_at_ready"] = window.einvoice_status is not None
    window.first_painted.connect(lambda: seen.update(gc_after_paint=gc.isenabled(),
                                                     frozen_after_paint=gc.get_freeze_count() > 0))
    screen.on_scan(code)  # a scan right after the login
    seen["lines"] = len(screen.cart.lines)
    seen["sold"] = screen.complete([PaymentIn("cash", screen.cart.totals().total)])  # before the printer's probe
    station = window.print_station

    def settled():
        return (station.status is not None and not station.busy and window.einvoice_status is not None
                and "gc_after_paint" in seen)

    def wait(left=300):
        if settled() or left == 0:
            seen["printer"] = station.status.state if station.status else None
            seen["printer_error"] = station.last_error
            seen["einvoice_status_later"] = window.einvoice_status is not None
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


def test_the_checkout_is_ready_before_printing_and_e_invoices_load_and_the_first_sale_prints(
        app_context: AppContext, outlet: Outlet, tmp_path: Path) -> None:
    receipts = tmp_path / "receipts.bin"
    with app_context.sessions.begin() as s:
        settings.set(s, "printer.connection", f"file:{receipts}")
    outlet.open_shift(app_context.sessions)
    app_context.dispose()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", CHILD, str(app_context.paths.database), str(outlet.cashier_id),
                          CASHIER_PIN, "8938000000015", ",".join(LATER)],
                         capture_output=True, text=True, env=env, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert "error" not in seen, seen["error"]
    assert seen["screen"] == "CheckoutScreen"
    # Ready to scan, and nothing of the printer (python-escpos, Pillow), e-invoices (lxml) or sync (httpx) loaded.
    assert seen["loaded_at_ready"] == []
    assert not seen["printer_probed_at_ready"] and not seen["einvoice_status_at_ready"]
    assert seen["lines"] == 1 and seen["sold"] is True
    # Once painted: the printer probed, the e-invoice delivery installed, the first sale's receipt printed.
    assert seen["einvoice_status_later"]
    assert "escpos" in seen["loaded_later"] and "showroom_pos.ui.einvoice_screen" in seen["loaded_later"]
    assert seen["printer"] == "ready" and seen["printer_error"] == ""
    assert receipts.stat().st_size > 0
    # The collector: held from the start to the painted checkout, then the start's objects frozen and it runs again;
    # nothing left frozen once the app has stopped.
    assert seen["gc_at_pin_screen"] is False and seen["gc_at_ready"] is False
    assert seen["gc_after_paint"] is True and seen["frozen_after_paint"] is True
    assert seen["gc_after_exit"] is True and seen["frozen_after_exit"] == 0


def test_the_collector_hold() -> None:
    """Held: off. Released with a freeze (the checkout painted, or a PIN screen left waiting): on, the start's
    objects frozen. At the end: on, nothing frozen. A collector someone else switched off stays off."""
    assert gc.isenabled() and gc.get_freeze_count() == 0
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
    finally:
        gc.unfreeze()
        gc.enable()


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
        _log_in_and_check_the_checkout(qtbot, outlet)
        return 0

    assert _run_app(app_context.paths, drive) == 0
    assert seen == [True] and gc.isenabled() and gc.get_freeze_count() == 0


def test_the_database_opens_once_the_pin_screen_is_built(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Not while the GUI thread builds it (they shared the GIL); and a wait for it starts it if need be."""
    real_open = AppContext.open
    built: list[bool] = []

    def recorded_open(paths: AppPaths, **kwargs: Any) -> AppContext:
        built.append(any(isinstance(w, LoginScreen) and w.isVisible() for w in QApplication.topLevelWidgets()))
        return real_open(paths, **kwargs)

    monkeypatch.setattr(AppContext, "open", recorded_open)

    def drive() -> int:
        _log_in_and_check_the_checkout(qtbot, outlet)
        return 0

    assert _run_app(app_context.paths, drive) == 0
    assert built == [True]
    opening = gui.Opening(app_context.paths)  # never started: the first wait starts it
    opened = opening.result(timeout=30)
    assert isinstance(opened, AppContext) and built == [True, False]
    opened.close()


def test_the_index_lines_are_what_search_line_makes(sessions: sessionmaker[Session], outlet: Outlet,
                                                    app_context: AppContext) -> None:
    """SQLite makes the search lines; a product without a folded name or with a SKU beyond ASCII gets its line
    from ``search_line``, as every line did before."""
    with sessions.begin() as s:
        products.add_product(s, product_fields.ProductInput(sku="BÁNH-PÍA", name="Bánh pía Sóc Trăng", price=1000))
        products.add_product(s, product_fields.ProductInput(sku="KD-01", name="Kẹo dừa Bến Tre", price=1000))
        products.add_product(s, product_fields.ProductInput(sku="Off-1", name="Ngừng bán", price=1000, active=False))
    conn = sqlite3.connect(app_context.paths.database)
    conn.execute("UPDATE product SET name_folded = '' WHERE sku = 'KD-01'")  # as a writer other than ours left it
    conn.commit()
    conn.close()
    with sessions() as s:
        index = ProductIndex.load(s)
        rows = s.query(Product.id, Product.name_folded, Product.name, Product.sku).filter(Product.active).all()
    expected = sorted((product_lookup.search_line(folded, name, sku), pid) for pid, folded, name, sku in rows)
    lines = index._text.decode().splitlines(keepends=True)
    assert sorted(zip(lines, index._entry_ids, strict=True)) == expected
    assert [index._text[start:].split(b"\n", 1)[0].decode() + "\n" for start in index._starts] == lines
    assert "banh-pia" in index._text.decode()  # the SKU folded, as ``fold`` does
    assert [p.sku for p in index.search("keo dua")] == ["KD-01"]
    assert [p.sku for p in index.search("banh pia")] == ["BÁNH-PÍA"]
    assert index.search("ngung ban") == []


def test_the_index_is_read_from_its_covering_index_whatever_analyze_said(
        app_context: AppContext, outlet: Outlet) -> None:
    """With the statistics ANALYZE left on a large catalogue, SQLite 3.40 preferred ``ix_product_name_folded``
    and read every product's row (3 times slower at 50,000 products): the query names its index."""
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
