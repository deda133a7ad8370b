"""What every benchmark shares: percentiles, the machine's load beside each figure, the benchmark cache.

The machine these run on is often shared (other programs, other test runs): a figure taken while the load
average is high is slower for reasons of its own. ``Figures`` therefore records, for every figure, the
1-minute load average at the moment it was taken, and ``python -m benchmarks`` prints it beside the figure,
so that a noisy run shows itself.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import SupportsKeysAndGetItem


def load() -> float:
    """The 1-minute load average (0.0 where the system has none)."""
    try:
        return os.getloadavg()[0]
    except (OSError, AttributeError):
        return 0.0


def machine() -> dict[str, float]:
    """How fast this machine is at fixed work, so that figures from different machines can be compared (the same
    code ran twice as slow on one 2-core machine as on another): the best of five runs of a fixed pure-Python loop
    and of a fixed SQLite statement (in memory), in milliseconds, and the cores."""
    import sqlite3
    import time

    def best(work: Callable[[], object]) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            work()
            times.append((time.perf_counter() - started) * 1000)
        return round(min(times), 1)

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (k INTEGER, v INTEGER)")
    db.execute("INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
               "SELECT i % 1000, i FROM n")
    figures = {
        "machine_python_loop_ms": best(lambda: sum(i * i for i in range(1_000_000))),
        "machine_sqlite_group_by_ms": best(lambda: db.execute("SELECT k, SUM(v), COUNT(*) FROM t GROUP BY k")
                                           .fetchall()),
        "machine_cores": float(os.cpu_count() or 0),
    }
    db.close()
    return figures


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by nearest rank: p99 of 100 values is the 99th."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def p50(values: list[float]) -> float:
    return statistics.median(values)


def p99(values: list[float]) -> float:
    return pct(values, 0.99)


class Figures(dict[str, float]):
    """Figure name → value, with the 1-minute load average when each was set (``loads``)."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: dict[str, float] = {}

    def __setitem__(self, key: str, value: float) -> None:
        super().__setitem__(key, float(value))
        self.loads[key] = load()

    def update(self, other: SupportsKeysAndGetItem[str, float] | Iterable[tuple[str, float]] = (), /,
               **kwargs: float) -> None:
        other_loads = getattr(other, "loads", {})
        for key, value in dict(other, **kwargs).items():  # what dict.update takes, through __setitem__
            self[key] = value
            if key in other_loads:
                self.loads[key] = other_loads[key]


def cache_dir() -> Path:
    """Where large benchmark files are kept between runs: ``$SHOWROOM_BENCH_CACHE`` or the user cache."""
    chosen = os.environ.get("SHOWROOM_BENCH_CACHE")
    if chosen:
        folder = Path(chosen)
    else:
        from platformdirs import user_cache_dir

        folder = Path(user_cache_dir("showroom-pos")) / "benchmarks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
