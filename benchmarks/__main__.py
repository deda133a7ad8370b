"""Run every ``benchmarks/bench_*.py``: each exposes ``run(quick: bool) -> dict[str, float]``.

Prints first how fast this machine is at fixed work (``common.machine``), then one line per figure (name, value,
and the machine's 1-minute load average when it was taken: a figure taken on a busy machine says so), or with
``--json`` one JSON object of figure names to numbers (the loads as ``load.NAME``). ``--quick`` runs small sizes: a
smoke run for CI, not a measurement. ``--only NAME`` runs one module (several: ``--only checkout,reports``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

from benchmarks.common import load, machine
from showroom_pos import hardware


def modules(only: str | None) -> list[str]:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = None if only is None else {w.strip() for w in only.split(",")}
    return [n for n in names if wanted is None or n in wanted or n.removeprefix("bench_") in wanted]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--json", action="store_true", help="print one JSON object of figures")
    parser.add_argument("--only", help="run one benchmark module (e.g. checkout)")
    args = parser.parse_args(argv)
    hardware.prepare_escpos()  # as the app does before its printing modules load python-escpos
    figures: dict[str, float] = dict(machine())
    if not args.json:  # first, so that every figure below can be read against this machine's speed
        print(f"# machine: {figures['machine_cores']:.0f} cores; a fixed Python loop "
              f"{figures['machine_python_loop_ms']:.1f} ms, a fixed SQLite GROUP BY "
              f"{figures['machine_sqlite_group_by_ms']:.1f} ms (best of 5); load {load():.2f}")
    for name in modules(args.only):
        started = time.perf_counter()
        result = importlib.import_module(f"benchmarks.{name}").run(args.quick)
        ended_load = load()
        loads = getattr(result, "loads", {})
        figures.update(result)
        for key in result:
            figures[f"load.{key}"] = round(loads.get(key, ended_load), 2)
        if not args.json:
            print(f"# {name} ({time.perf_counter() - started:.1f} s)")
            for key, value in result.items():
                print(f"{key:60} {value:12.3f}   load {loads.get(key, ended_load):5.2f}")
            sys.stdout.flush()
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
