"""Start-up as a cashier meets it: launch to the PIN screen, then PIN accepted to a ready checkout.

The main window's modules load in the background while the PIN is typed (``app.main`` preloads them), so
the second figure is what a cashier waits after Enter. Each run is a new Python process on the demo
showroom (``--quick``) or on the demo plus 50,000 generated products (full size).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, os, sys, time
started = float(sys.argv[2])
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from showroom_pos.app.main import AppController, make_qt_app
from showroom_pos.app.context import AppContext
from showroom_pos.app.paths import AppPaths
qt = make_qt_app()
ctx = AppContext.open(AppPaths.resolve(sys.argv[1]), integrity_check=False)
controller = AppController(ctx)
controller.show_login()
qt.processEvents()
login = time.time() - started
time.sleep(2.0)  # the cashier types a PIN
from showroom_pos.services import users
from showroom_pos.ui.session import LoggedIn
with ctx.sessions() as s:
    cashier = next(u for u in users.active_users(s) if u.role == "cashier")
    who = LoggedIn(cashier.id, cashier.name, cashier.role, 1)
entered = time.perf_counter()
controller.open_main(who)
qt.processEvents()
assert type(controller.window.current_screen()).__name__ == "CheckoutScreen"
ready = time.perf_counter() - entered
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"login": login, "checkout": ready, "peak_kb": peak}))
"""


def _database(folder: Path, quick: bool) -> Path:
    path = folder / "startup.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-m", "showroom_pos.app.cli", "demo", "--db", str(path), "--days", "3"],
                   check=True, capture_output=True, env=env)
    if not quick:
        subprocess.run([sys.executable, "-m", "showroom_pos.app.cli", "simulate", "--db", str(path),
                        "--products", "50000", "--days", "1", "--sales-per-day", "20"],
                       check=True, capture_output=True, env=env)
    return path


def run(quick: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = _database(Path(tmp), quick)
        results = []
        for _ in range(2 if quick else 5):
            out = subprocess.run([sys.executable, "-c", CHILD, str(db), repr(time.time())], capture_output=True,
                                 text=True, check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "startup_launch_to_pin_screen_s": statistics.median(r["login"] for r in results),
        "startup_pin_to_ready_checkout_s": statistics.median(r["checkout"] for r in results),
        "startup_peak_memory_mb": max(r["peak_kb"] for r in results) / 1024,
    }
