"""Run every ``benchmarks/bench_*.py``: each exposes ``run(quick: bool) -> dict[str, float]``.

Prints one line per figure (name, value), or with ``--json`` one JSON object of figure names to numbers.
``--quick`` runs small sizes: a smoke run for CI, not a measurement. ``--only NAME`` runs one module.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

from showroom_pos import hardware


def modules(only: str | None) -> list[str]:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    return [n for n in names if only is None or n in (only, f"bench_{only}")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--json", action="store_true", help="print one JSON object of figures")
    parser.add_argument("--only", help="run one benchmark module (e.g. checkout)")
    args = parser.parse_args(argv)
    hardware.prepare_escpos()  # as the app does before its printing modules load python-escpos
    figures: dict[str, float] = {}
    for name in modules(args.only):
        started = time.perf_counter()
        result = importlib.import_module(f"benchmarks.{name}").run(args.quick)
        figures.update(result)
        if not args.json:
            print(f"# {name} ({time.perf_counter() - started:.1f} s)")
            for key, value in result.items():
                print(f"{key:60} {value:12.3f}")
            sys.stdout.flush()
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
