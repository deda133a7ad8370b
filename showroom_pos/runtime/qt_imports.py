"""PySide6's import hook, kept from holding the source of every module in memory.

From its first import on, PySide6 runs a check after every ``import`` in the process: does the module
use PySide6's ``from __feature__ import ...`` switches? It answers with ``inspect.getsource(module)``,
which reads the module's file through ``linecache`` and keeps every line there for good. At start-up
that was SQLAlchemy, python-escpos, Pillow, httpx and our own modules: ~25 MB held, more than a sixth of
the till's memory budget, for a check whose answer is one substring test.

``lighten_pyside_import_hook`` gives the hook the same answer ("PySide6" in the module's source) read
straight from the file, without the cache, and empties the cache of what PySide6 read while it was
imported (it checks every module loaded before it, too). It relies on a private name of PySide6
(``_mod_uses_pyside`` in ``PySide6.support.feature``, present in the 6.x versions ``pyproject.toml``
allows); where that is missing it changes nothing, and ``tests/test_qt_runtime.py`` fails.
"""

from __future__ import annotations

import inspect
import linecache
import sys
from pathlib import Path
from types import ModuleType


def _uses_pyside(module: ModuleType) -> bool:
    """PySide6's own test, without ``linecache``: does the module's source name PySide6?"""
    try:
        path = inspect.getsourcefile(module)
    except TypeError:  # built-in or extension module: no source
        return False
    if not path:
        return False
    try:
        return b"PySide6" in Path(path).read_bytes()
    except OSError:
        return False


def lighten_pyside_import_hook() -> bool:
    """Call after PySide6 is imported; True when the hook now reads sources without keeping them."""
    feature = sys.modules.get("PySide6.support.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    if feature._mod_uses_pyside is not _uses_pyside:
        feature._mod_uses_pyside = _uses_pyside  # type: ignore[attr-defined]
        linecache.clearcache()  # only a cache: a traceback reads its files again
    return True
