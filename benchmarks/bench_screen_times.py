"""How long each screen takes to come up, painted, on the big file (``big_file``: 50,000 products, 1,000,000 sale
lines over two years and their ledger and audit log; ``--quick``: 2,000 and 20,000): what a manager waits for after
choosing a screen.

The real main window (offscreen Qt) of the administrator (every screen), in navigation order; for each screen,
from ``open_screen`` to its first paint done (the screen's reads on the GUI thread, its table fitted, a grab of the
window), then once more after coming back from the checkout (a screen drops what it holds when left and reads
it again when shown). Figures, milliseconds: ``<screen>_first_ms`` and ``<screen>_again_ms`` (the median of three
such visits), and ``slowest_again_ms`` with its screen printed beside the figures; ``picker_key_p50_ms`` /
``_p99_ms``: a key typed into the stock count's product picker, painted (six names typed a key at a time). The
Reports screen computes in the background: its figure is the screen shown, not its report (``bench_reports`` times
that).

Session 12, this machine, 50,000 products (before → after): Home 0.7–0.9 s → ~20 ms of reads; products 3.7–3.9 s →
1.4–1.5 s; audit log 0.6–1.0 s → 0.16–0.18 s. Session 14 (the products read a page at a time in Vietnamese order kept
by migration 0014, the columns fitted once a reading): products again 1.03–1.06 s → 72–76 ms, first 1.24–1.27 s →
0.25 s; audit log 123–136 → 65–89 ms.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import time

from benchmarks.common import Figures, p50, p99


def run(quick: bool) -> Figures:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from benchmarks import big_file
    from showroom_pos.runtime.context import AppContext
    from showroom_pos.runtime.paths import AppPaths
    from showroom_pos.ui.main_window import MainWindow
    from showroom_pos.ui.session import LoggedIn, UiSession
    from showroom_pos.ui.stock_count import StockCountScreen

    path, _built = big_file.big_file(quick)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        admin, name = raw.execute("SELECT id, name FROM \"user\" WHERE role = 'admin' ORDER BY id LIMIT 1").fetchone()
        terminal = raw.execute("SELECT id FROM terminal ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        raw.close()
    app = QApplication.instance() or QApplication([])
    ctx = AppContext.open(AppPaths.resolve(path))
    window = MainWindow(UiSession(ctx, LoggedIn(admin, name, "admin", terminal)))
    figures = Figures()
    try:
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        checkout = window.specs[0].key

        def shown(key: str) -> float:
            t0 = time.perf_counter()
            window.open_screen(key)
            app.processEvents()
            window.grab()
            return (time.perf_counter() - t0) * 1000

        again: dict[str, float] = {}
        for spec in window.specs[1:]:
            figures[f"{spec.key}_first_ms"] = round(shown(spec.key), 1)
            visits = []
            for _ in range(3):
                shown(checkout)
                visits.append(shown(spec.key))
            again[spec.key] = statistics.median(visits)
            figures[f"{spec.key}_again_ms"] = round(again[spec.key], 1)
        slowest = max(again, key=again.__getitem__)
        print(f"# screen_times: slowest again: {slowest}", file=sys.stderr)
        figures["slowest_again_ms"] = round(again[slowest], 1)
        # A name typed into the stock count's product picker, a key at a time: each key finds the first 100
        # matches in Vietnamese order and fills the picker (the goods receipt's and the ledger's are the same).
        count_screen = window.open_screen("stock_count")
        assert isinstance(count_screen, StockCountScreen)
        picker = count_screen.search
        keys = []
        for words in ("yen dua", "keo gung", "banh pia", "tra mang cau", "muc kho", "zzz"):
            for end in range(1, len(words) + 1):
                t0 = time.perf_counter()
                picker.setText(words[:end])
                app.processEvents()
                window.grab()
                keys.append((time.perf_counter() - t0) * 1000)
        figures["picker_key_p50_ms"] = round(p50(keys), 1)
        figures["picker_key_p99_ms"] = round(p99(keys), 1)
    finally:
        window.shutdown()
        window.close()
        ctx.close()
    out = Figures()
    for key, value in figures.items():
        out[f"screen_times_{key}"] = value
        out.loads[f"screen_times_{key}"] = figures.loads[key]
    return out
