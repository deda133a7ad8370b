"""Memory of a manager's day through the real app: log in, visit every screen (every tab and every report of
Reports), come back to the checkout. Target (issue 14): the till stays under 200 MB after visiting every screen.

Each run is a new Python process that starts the app as ``showroom-pos --db FILE`` does (``cli.main``:
Vietnamese, the background integrity check), logs in as the administrator (every screen), and opens the screens
in navigation order; on Reports it chooses each tab and each report of each tab (sales by every grouping), waiting
for each to be computed. It prints, from ``/proc/self/status``:

- ``…_login_mb``: resident memory (VmRSS) with the checkout up;
- ``…_peak_mb``: the highest resident memory of the whole run (VmHWM);
- ``…_after_mb``: resident memory once back at the checkout after every screen (target ≤ 200 MB), and its
  ratio to the target;
- ``…_largest_screen``/``…_largest_step_mb``: the screen that raised resident memory most while shown.

Databases: ``showroom`` is the reports benchmark's two years of sales (``bench_reports.build``: 1,200 products,
1,000,000 sale lines; ``--quick``: the demo's three days), the showroom a manager would have after two busy years;
``catalogue`` (full runs only) is the demo with 50,000 generated products (``bench_startup``'s database), a stress
case: every list of the catalogue is 50,000 rows long.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 200.0

CHILD = r"""
import json, sys, time
db, pin, admin_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication
from showroom_pos.app import cli, main as gui

def status():
    found = {}
    for line in open("/proc/self/status"):
        key = line.split(":")[0]
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(line.split()[1]) / 1024
    return found

def settle(seconds=0.3):
    app = QApplication.instance()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)

def wait_for(panel, limit=120.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        settle(0.05)
        if panel.pending == 0:
            return
    raise RuntimeError("a report never came back")

marks = {"steps": []}

def step(name):
    marks["steps"].append([name, status()["VmRSS"]])

real_show_login = gui.AppController.show_login
def show_login(controller):
    real_show_login(controller)
    if "login" not in marks:
        marks["login"] = True
        QTimer.singleShot(200, lambda: visit(controller))
gui.AppController.show_login = show_login

def visit(controller):
    controller.login.select_user(admin_id)
    controller.login.try_login(pin)
    settle(1.0)
    window = controller.window
    marks["login_mb"] = status()["VmRSS"]
    for spec in window.specs:
        screen = window.open_screen(spec.key)
        settle()
        if spec.key == "reports":
            tabs = screen.tabs
            for index, panel in enumerate((screen.sales, screen.stock, screen.cash)):
                tabs.setCurrentIndex(index)
                wait_for(panel)
                kinds = panel.kind
                for k in range(kinds.count()):
                    kinds.setCurrentIndex(k)
                    wait_for(panel)
                    if getattr(panel, "by", None) is not None and kinds.currentData() == "sales":
                        for b in range(panel.by.count()):
                            panel.by.setCurrentIndex(b)
                            wait_for(panel)
                step(f"reports/{index}")
        step(spec.key)
    window.open_screen("checkout")
    settle(1.0)
    marks["after_mb"] = status()["VmRSS"]
    QCoreApplication.quit()

code = cli.main(["--db", db])
marks["peak_mb"] = status()["VmHWM"]
print(json.dumps(marks))
sys.exit(code)
"""


def visit_every_screen(db: Path, pin: str = "3579") -> dict[str, Any]:
    """One app process on ``db`` through every screen; its memory figures (MB)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = subprocess.run([sys.executable, "-c", CHILD, str(db), pin, str(admin_id(db))], capture_output=True,
                         text=True, env=env, check=False, cwd=db.parent, timeout=3600)  # the installed package
    if out.returncode != 0 or not out.stdout.strip():
        raise RuntimeError(f"screens child failed ({out.returncode}): {out.stderr[-3000:]}")
    marks: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return marks


def admin_id(path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT id FROM user WHERE role = 'admin' AND active ORDER BY id").fetchone()[0])
    finally:
        conn.close()


def figures(name: str, marks: dict[str, Any]) -> dict[str, float]:
    steps: list[tuple[str, float]] = [(s, float(mb)) for s, mb in marks["steps"]]
    before = float(marks["login_mb"])
    rises = []
    for label, mb in steps:
        rises.append((mb - before, label))
        before = mb
    largest, where = max(rises) if rises else (0.0, "")
    print(f"# {name}: largest rise while shown: {where} (+{largest:.1f} MB); "
          + ", ".join(f"{label} {mb:.0f}" for label, mb in steps), file=sys.stderr)
    return {
        f"screens_{name}_login_mb": float(marks["login_mb"]),
        f"screens_{name}_peak_mb": float(marks["peak_mb"]),
        f"screens_{name}_after_mb": float(marks["after_mb"]),
        f"screens_{name}_after_ratio_to_200mb_target": float(marks["after_mb"]) / TARGET_MB,
        f"screens_{name}_largest_step_mb": largest,
    }


def _demo(path: Path, days: int) -> Path:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-m", "showroom_pos.app.cli", "demo", "--db", str(path), "--days", str(days)],
                   check=True, capture_output=True, env=env)
    return path


def _catalogue(path: Path) -> Path:
    _demo(path, 3)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-m", "showroom_pos.app.cli", "simulate", "--db", str(path), "--products",
                    "50000", "--days", "1", "--sales-per-day", "20"], check=True, capture_output=True, env=env)
    return path


def run(quick: bool) -> dict[str, float]:
    out: dict[str, float] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        if quick:
            db = _demo(Path(tmp) / "demo.db", 3)
        else:
            from benchmarks import bench_reports

            db = Path(tmp) / "showroom.db"
            bench_reports.build(db)
        out.update(figures("showroom", visit_every_screen(db)))
        if not quick:
            out.update(figures("catalogue", visit_every_screen(_catalogue(Path(tmp) / "catalogue.db"))))
    out["screens_load_average_1min"] = os.getloadavg()[0]
    out["screens_seconds"] = time.perf_counter() - started
    return out


if __name__ == "__main__":
    for key, value in run("--quick" in sys.argv).items():
        print(f"{key:60} {value:12.3f}")
