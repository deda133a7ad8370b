"""The big file several benchmarks share: a showroom's database after two years at 50,000 products and
1,000,000 sale lines (``--quick``: 2,000 products, 20,000 lines), with what a till writes beside its sales
(barcodes, a stock movement per line, an audit event per sale and per return, the outbox), ~700 MB.

It is built by ``bench_reports.build`` (the app's own migrations and services, then bulk SQL checked
against what the triggers would keep) once, and kept in the benchmark cache (``common.cache_dir()``) under
a name that changes with the schema, the builder and the sizes: a new migration or a changed builder
builds it again, and older copies are deleted. Benchmarks that write take a copy (``working_copy``);
those that only read use the cached file itself.
"""

from __future__ import annotations

import hashlib
import inspect
import shutil
import sqlite3
import time
from datetime import date
from pathlib import Path

from benchmarks import bench_reports
from benchmarks.common import cache_dir

FULL = {"products": 50_000, "lines": 1_000_000}
QUICK = {"products": 2_000, "lines": 20_000}


def _key(sizes: dict[str, int]) -> str:
    from showroom_pos.storage.sqlite_file import migrations_dir

    digest = hashlib.sha256()
    for function in (bench_reports.build, bench_reports.product_rows, bench_reports._ledger,
                     bench_reports.fill_derived, bench_reports._basket_sql):
        digest.update(inspect.getsource(function).encode())
    for script in sorted(migrations_dir().joinpath("versions").glob("*.py")):
        digest.update(script.read_bytes())
    digest.update(repr(sorted(sizes.items())).encode())
    return digest.hexdigest()[:12]


def big_file(quick: bool) -> tuple[Path, float]:
    """The cached file (built now if missing) and the seconds spent building it (0 when cached)."""
    sizes = QUICK if quick else FULL
    folder = cache_dir()
    name = f"big-{sizes['products']}p-{sizes['lines']}l-{_key(sizes)}.db"
    path = folder / name
    if path.exists():
        return path, 0.0
    # Older builds (another schema or builder) beyond the newest two are deleted (a run of an older checkout of
    # the code, to compare with, may still use one), with any -wal/-shm left beside them.
    older = sorted(folder.glob(f"big-{sizes['products']}p-{sizes['lines']}l-*.db"), key=lambda p: p.stat().st_mtime)
    for old in older[:-2]:
        old.unlink()
    for stray in [*folder.glob("big-*.db-wal"), *folder.glob("big-*.db-shm")]:
        if not stray.with_name(stray.name[:-4]).exists():
            stray.unlink()
    partial = folder / (name + ".partial")
    for leftover in folder.glob(name + ".partial*"):
        leftover.unlink()
    started = time.perf_counter()
    bench_reports.build(partial, lines=sizes["lines"], products=sizes["products"], ledger=True)
    conn = sqlite3.connect(partial)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # one self-contained file, copied as it is
    finally:
        conn.close()
    partial.rename(path)
    return path, time.perf_counter() - started


def working_copy(source: Path, folder: Path, name: str = "showroom.db") -> Path:
    """A copy of the cached file to write on."""
    target = folder / name
    shutil.copyfile(source, target)
    return target


def last_day(path: Path) -> date:
    """The file's last business day with sales (the reports' periods end there)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return date.fromisoformat(conn.execute("SELECT MAX(business_day) FROM sale").fetchone()[0])
    finally:
        conn.close()
