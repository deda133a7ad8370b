"""Printers, receipt and label rendering, scanner burst detection.

python-escpos parses its 1 MB printer-profile file as YAML at every import (0.4 s) unless it finds the
pickle it wrote last time; by default it looks for that pickle in a new temporary folder each time, so
it never finds it. ``prepare_escpos`` points it at a folder in the user cache, where the pickle is kept
between runs, and loads it. Importing this package does nothing of the kind (the scanner needs none of
it): the app calls ``prepare_escpos`` where printing is first needed, before python-escpos is imported
(``app.cli`` before the commands' modules, ``ui.print_station`` on the printing thread, which probes the printer
once the checkout is painted).
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import threading
from pathlib import Path

from platformdirs import user_cache_dir

_PICKLE_DIR = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def _pickle_name() -> str:
    return f"{platform.python_version()}.capabilities.pickle"  # python-escpos's own naming


def keep_escpos_profiles(cache: Path | None = None) -> Path | None:
    """Point python-escpos at ``cache`` (default: ours in the user cache) before it is imported.

    Where the pickle is not there yet, python-escpos writes it into a private folder, and
    ``publish_escpos_profiles`` (called once python-escpos is imported) moves it in whole, so that another
    process never reads half a file.
    Returns that private folder, or None. A setting already made (by the user or a test) is kept.
    """
    if _PICKLE_DIR in os.environ:
        return None
    folder = cache or Path(user_cache_dir("showroom-pos", appauthor=False)) / "escpos"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if (folder / _pickle_name()).is_file():
            os.environ[_PICKLE_DIR] = str(folder)
            return None
        private = Path(tempfile.mkdtemp(prefix="new-", dir=folder))
    except OSError:  # no writable cache: python-escpos parses its file each time, as it would anyway
        return None
    os.environ[_PICKLE_DIR] = str(private)
    return private


def publish_escpos_profiles(private: Path | None) -> None:
    """Move the pickle python-escpos wrote (if it was imported) into the shared folder, atomically; a
    second call finds nothing left to do."""
    if private is None:
        return
    shared = private.parent
    try:
        if (private / _pickle_name()).is_file():
            os.replace(private / _pickle_name(), shared / _pickle_name())
        private.rmdir()
    except OSError:
        return
    if os.environ.get(_PICKLE_DIR) == str(private):  # processes started from here inherit the setting
        os.environ[_PICKLE_DIR] = str(shared)


_prepare_lock = threading.Lock()
_prepared = False


def prepare_escpos(cache: Path | None = None) -> None:
    """Load python-escpos with its printer profiles kept in ``cache`` (default: ours in the user cache).

    Call it before anything imports python-escpos (``hardware.printers``, ``hardware.receipt_render``,
    ``services.printing``); later calls, from any thread, return at once. A till switched off rather than
    closed still leaves the pickle for the next start: it is published as soon as python-escpos has
    written it. Where python-escpos is already imported, nothing is changed."""
    global _prepared
    with _prepare_lock:
        if _prepared:
            return
        _prepared = True
        if "escpos.capabilities" in sys.modules:
            return
        private = keep_escpos_profiles(cache)
        import escpos.capabilities  # noqa: F401  parses the profiles, or reads them from the pickle

        publish_escpos_profiles(private)
