"""Scan-to-paint with the customer display on (issue 21), beside the same scans with it off.

The real checkout screen and the real customer window (offscreen platform, both windows shown, the customer's
full screen), scans sent as key events at scanner speed (``bench_checkout.send_scan``). Three modes, interleaved
in blocks of 20 scans so that the machine's load touches them alike: ``off`` (no customer display), ``window``,
and ``window_pole`` (the window and a pole display writing to a pseudo-terminal). Carts grow to 100 lines, as in
``bench_checkout``.

Per scan, from the first key event:
- ``scan_to_line``: until the line is in the cart and its model (``bench_checkout``'s figure, target 8 ms p99);
- ``checkout_paint``: until the checkout's cart has been painted (the line on the cashier's screen);
- ``customer_paint``: until the customer window's cart has been painted (it follows ``FOLLOW_MS`` later, on
  purpose: the cashier's screen first, a burst of scans drawn once);
- ``gui_cpu``: the GUI thread's own CPU time for the scan and both paints (``time.thread_time``: what the scan
  cost this program, less disturbed by the other programs on the machine than the wall clock).
p50/p99 of each, the ratios to ``off``, the customer window's paints per scan (it must paint each scan, or the
figures would flatter it), and the load average before and after: read the figures beside it.
``--quick``: 1,000 products, 60 scans a mode.
"""

from __future__ import annotations

import os
import random
import select
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import bench_reports
from benchmarks.bench_checkout import _qt_app, _screen, pct, prepare, send_scan

FULL = {"products": 10_000, "sale_lines": 10_000, "scans": 400}
QUICK = {"products": 1_000, "sale_lines": 1_000, "scans": 60}
BLOCK = 20
MODES = ("off", "window", "window_pole")


def paint_clock() -> Any:
    """An event filter noting when each widget it watches was last painted, and how often."""
    from PySide6.QtCore import QEvent, QObject

    class PaintClock(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.last: dict[int, float] = {}
            self.count: dict[int, int] = {}

        def eventFilter(self, obj: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.last[id(obj)] = time.perf_counter()
                self.count[id(obj)] = self.count.get(id(obj), 0) + 1
            return False

    return PaintClock()


def run(quick: bool) -> dict[str, float]:
    sizes = QUICK if quick else FULL
    rng = random.Random(21)
    app = _qt_app()
    from showroom_pos.ui.customer_display import CustomerDisplay, DisplayConfig

    load_before = os.getloadavg()
    figures_of: dict[str, dict[str, list[float]]] = {
        mode: {"scan_to_line": [], "checkout_paint": [], "customer_paint": [], "gui_cpu": []} for mode in MODES}
    paints = window_scans = till_unpainted = 0
    master, slave = os.openpty()
    with tempfile.TemporaryDirectory(prefix="bench-customer-") as tmp:
        path = Path(tmp) / "till.db"
        bench_reports.build(path, lines=sizes["sale_lines"], products=sizes["products"], ledger=True)
        ids = prepare(path, Path(tmp))
        ctx, ui, screen = _screen(path, ids)
        clock_filter = paint_clock()
        till_view = screen.table.viewport()
        till_view.installEventFilter(clock_filter)
        displays: dict[str, CustomerDisplay | None] = {"off": None}
        try:
            for mode in ("window", "window_pole"):
                opened = CustomerDisplay(ui, None, load=False)
                opened.apply((DisplayConfig(enabled=True, showroom="Điểm OCOP Mỹ Tho",
                                            pole_port=os.ttyname(slave) if mode == "window_pole" else ""), []))
                assert opened.window is not None
                opened.window.table.viewport().installEventFilter(clock_filter)
                opened.window.hide()
                ui.cart_feed.cart_changed.disconnect(opened.cart_changed)
                displays[mode] = opened
            key_clock = [10_000_000]
            screen.search.setFocus()
            for _ in range(5):
                app.processEvents()
            scans = sizes["scans"]
            while min(len(f["gui_cpu"]) for f in figures_of.values()) < scans:
                for mode in MODES:
                    display = displays[mode]
                    window = display.window if display is not None else None
                    if display is not None and window is not None:  # only this mode's display follows the cart
                        ui.cart_feed.cart_changed.connect(display.cart_changed)
                        window.show()
                        display.cart_changed(screen.cart, None)
                    for _ in range(5):
                        app.processEvents()
                    time.sleep(0.05)
                    app.processEvents()
                    for _ in range(BLOCK):
                        if len(screen.cart) >= 100:
                            screen.cart.clear()
                            screen._changed(None)
                            app.processEvents()
                        screen.persist_now()
                        customer_view = window.table.viewport() if window is not None else None
                        painted_before = clock_filter.count.get(id(customer_view), 0)
                        till_before = clock_filter.count.get(id(till_view), 0)
                        started, started_cpu = time.perf_counter(), time.thread_time()
                        send_scan(app, screen.search, rng.choice(ids["barcodes"]), key_clock)
                        line_in_cart = (time.perf_counter() - started) * 1000
                        app.processEvents()
                        if display is not None:
                            deadline = time.perf_counter() + 1.0
                            while (clock_filter.count.get(id(customer_view), 0) == painted_before
                                   and time.perf_counter() < deadline):
                                time.sleep(0.001)  # the customer's window follows a moment later
                                app.processEvents()
                        cpu = (time.thread_time() - started_cpu) * 1000
                        f = figures_of[mode]
                        f["gui_cpu"].append(cpu)
                        f["scan_to_line"].append(line_in_cart)
                        if clock_filter.count.get(id(till_view), 0) > till_before:
                            f["checkout_paint"].append((clock_filter.last[id(till_view)] - started) * 1000)
                        else:
                            till_unpainted += 1
                        if display is not None:
                            f["customer_paint"].append(
                                (clock_filter.last.get(id(customer_view), started) - started) * 1000)
                            paints += clock_filter.count.get(id(customer_view), 0) - painted_before
                            window_scans += 1
                            if display.pole is not None:  # its bytes read as a display would take them
                                display.pole.wait_idle()
                                while select.select([master], [], [], 0)[0]:
                                    os.read(master, 65536)
                    if display is not None and window is not None:
                        ui.cart_feed.cart_changed.disconnect(display.cart_changed)
                        window.hide()
        finally:
            for display in displays.values():
                if display is not None:
                    ui.cart_feed.cart_changed.connect(display.cart_changed)  # as shutdown expects it
                    display.shutdown()
            screen.shutdown()
            screen.deleteLater()
            app.processEvents()
            ctx.close()
            os.close(master)
            os.close(slave)
    load_after = os.getloadavg()
    figures: dict[str, float] = {"customer_display_scans_per_mode": float(scans)}
    for mode in MODES:
        for name, values in figures_of[mode].items():
            if values:
                figures[f"customer_display_{name}_p50_ms_{mode}"] = statistics.median(values)
                figures[f"customer_display_{name}_p99_ms_{mode}"] = pct(values, 0.99)
    off = figures_of["off"]
    for mode in MODES[1:]:
        on = figures_of[mode]
        figures[f"customer_display_scan_to_line_p99_ratio_{mode}_to_off"] = (
            pct(on["scan_to_line"], 0.99) / pct(off["scan_to_line"], 0.99))
        figures[f"customer_display_checkout_paint_p99_ratio_{mode}_to_off"] = (
            pct(on["checkout_paint"], 0.99) / pct(off["checkout_paint"], 0.99))
        figures[f"customer_display_gui_cpu_p50_ratio_{mode}_to_off"] = (
            statistics.median(on["gui_cpu"]) / statistics.median(off["gui_cpu"]))
    figures["customer_display_window_paints_per_scan"] = paints / max(1, window_scans)
    figures["customer_display_scans_without_checkout_paint"] = float(till_unpainted)
    figures["customer_display_load_average_1min_before"] = load_before[0]
    figures["customer_display_load_average_1min_after"] = load_after[0]
    figures["customer_display_cpu_count"] = float(os.cpu_count() or 0)
    return figures


if __name__ == "__main__":
    for name, value in run("--quick" in sys.argv).items():
        print(f"{name:60} {value:12.3f}")
