"""What every benchmark shares: percentiles, the machine's load beside each figure, the benchmark cache.

The machine these run on is often shared (other programs, other test runs): a figure taken while the load
average is high is slower for reasons of its own. ``Figures`` therefore records, for every figure, the
1-minute load average at the moment it was taken, and ``python -m benchmarks`` prints it beside the figure,
so that a noisy run shows itself.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterable
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
