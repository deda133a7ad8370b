"""Importing the package does no work: no folder made, no environment changed, no exit handler registered.

Each probe runs in a fresh interpreter whose home and XDG folders are empty folders of the test's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import atexit, json, os, sys
before = dict(os.environ)
ours = []  # exit handlers our modules register (the standard library's logging and weakref have their own)
register = atexit.register
def recording(func, *args, **kwargs):
    caller = sys._getframe(1).f_code.co_filename
    if "showroom_pos" in caller:
        ours.append(f"{caller}: {func!r}")
    return register(func, *args, **kwargs)
atexit.register = recording
for name in sys.argv[1:]:
    __import__(name)
print(json.dumps({"environ_changed": sorted(k for k in set(os.environ) | set(before)
                                            if os.environ.get(k) != before.get(k)),
                  "atexit": ours}))
"""

def _import_in_empty_home(tmp_path: Path, *modules: str) -> tuple[dict[str, object], list[Path]]:
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ESCPOS_"))}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), XDG_STATE_HOME=str(home / ".local" / "state"),
               XDG_DATA_HOME=str(home / ".local" / "share"), XDG_CONFIG_HOME=str(home / ".config"),
               TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    run = subprocess.run([sys.executable, "-c", PROBE, *modules], env=env, capture_output=True, text=True,
                         check=False, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1]), sorted(home.rglob("*"))


def test_importing_the_scanner_does_nothing_but_import(tmp_path: Path) -> None:
    """The scanner's burst detector is pure: importing it (and so ``showroom_pos.hardware``) used to make a
    cache folder, set ESCPOS_CAPABILITIES_PICKLE_DIR and register an exit handler."""
    seen, made = _import_in_empty_home(tmp_path, "showroom_pos.hardware", "showroom_pos.hardware.scanner")
    assert seen == {"environ_changed": [], "atexit": []}
    assert made == []


def test_importing_the_headless_layers_does_nothing_but_import(tmp_path: Path) -> None:
    modules = ["showroom_pos.core.money", "showroom_pos.core.cart", "showroom_pos.core.cart_state",
               "showroom_pos.core.barcode", "showroom_pos.storage.database", "showroom_pos.runtime.paths",
               *(f"showroom_pos.services.till.{name}" for name in (
                   "product_lookup", "saved_carts", "cart_saver", "cart_approvals", "checkout_sale", "sale_writer",
                   "voids", "sale_returns", "cash_drawer", "quick_keys")),
               "showroom_pos.sync.worker"]
    seen, made = _import_in_empty_home(tmp_path, *modules)
    assert seen == {"environ_changed": [], "atexit": []}
    assert made == []


def test_importing_every_module_does_nothing_but_import(tmp_path: Path) -> None:
    """Every module, the screens and python-escpos with them: still nothing written under the home folder
    (python-escpos, imported unprepared, puts its pickle in a temporary folder of its own)."""
    root = Path(__file__).resolve().parents[1] / "showroom_pos"
    modules = sorted(
        ".".join(path.relative_to(root.parent).with_suffix("").parts).removesuffix(".__init__")
        for path in root.rglob("*.py")
        if path.relative_to(root).parts[0] != "db" and path.name != "__main__.py")  # alembic runs db/ itself
    seen, made = _import_in_empty_home(tmp_path, *modules)
    assert seen == {"environ_changed": [], "atexit": []}
    assert made == []
