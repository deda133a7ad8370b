"""Read-only commands on a big file, as a manager or a script runs them: each a new process
(``python -m showroom_pos.app.cli``, bytecode cached as in an installed app), timed from launch to exit.

On a copy of the big file (``big_file``: 50,000 products, 1,000,000 sale lines with their ledger, ~700 MB,
built once and cached; ``--quick``: 2,000 products, 20,000 lines). The OS file cache is warm (the copy was
just written), as on a till that has been selling.

Figures (seconds, median and worst of ``runs`` each; target ≤ 0.5 s):
- ``config_get_s``: ``config get`` (every setting);
- ``report_s``: ``report sales --by product`` over the last whole month, as text (41,000 rows printed: the
  reading, grouping and formatting of that many rows is most of it);
- ``report_by_day_s``: ``report sales`` (by day, the default) over the same month: a report of a screenful,
  where what is left is the opening and the imports;
- ``report_stock_cover_s``: ``report stock --kind cover``: every active product's stock cover over the last 30
  days (50,000 rows printed, each with its last day sold); added in session 15, when it was tried by
  hand at 1.2-1.4 s (0.9 s after its Decimal cells were formatted once per distinct text);
- ``reprint_s``: ``reprint RECEIPT`` of the file's last receipt, to a file printer;
- ``sync_status_s``: ``sync status``.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks import big_file
from benchmarks.common import Figures

TARGET_S = 0.5


def _commands(path: Path, folder: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        receipt = conn.execute("SELECT receipt_no FROM sale WHERE status = 'completed' "
                               "ORDER BY created_at DESC LIMIT 1").fetchone()[0]
        conn.execute("INSERT INTO setting (key, value, updated_at) VALUES ('printer.connection', ?, "
                     "'2026-01-01 00:00:00.000000') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                     (f"file:{folder / 'receipts.bin'}",))
    finally:
        conn.close()
    last = big_file.last_day(path)
    month_end = last.replace(day=1) - timedelta(days=1)
    month = month_end.replace(day=1)
    return {
        "config_get": ["config", "get"],
        "report": ["report", "sales", "--by", "product", "--from", month.isoformat(), "--to", month_end.isoformat()],
        "report_by_day": ["report", "sales", "--from", month.isoformat(), "--to", month_end.isoformat()],
        "report_stock_cover": ["report", "stock", "--kind", "cover"],
        "reprint": ["reprint", receipt],
        "sync_status": ["sync", "status"],
    }


def run(quick: bool) -> Figures:
    source, _built = big_file.big_file(quick)
    runs = 3 if quick else 7
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="bench-commands-") as tmp:
        folder = Path(tmp)
        path = big_file.working_copy(source, folder)
        figures["commands_database_mb"] = path.stat().st_size / 1e6
        for name, words in _commands(path, folder).items():
            argv = [sys.executable, "-m", "showroom_pos.app.cli", "--db", str(path), *words]
            subprocess.run(argv, env=env, capture_output=True, check=True)  # bytecode written, cache warm
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                subprocess.run(argv, env=env, capture_output=True, check=True)
                times.append(time.perf_counter() - started)
            figures[f"commands_{name}_s"] = statistics.median(times)
            figures[f"commands_{name}_s_max"] = max(times)
        figures["commands_worst_ratio_to_0.5s_target"] = max(
            v for k, v in figures.items() if k.endswith("_s") and k != "commands_database_mb") / TARGET_S
    return figures
