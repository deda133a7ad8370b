"""Printers, receipt and label rendering, scanner burst detection.

python-escpos parses its 1 MB printer-profile file as YAML at every import (0.4 s) unless it finds the
pickle it wrote last time; by default it looks for that pickle in a new temporary folder each time, so
it never finds it. Python runs this file before any module of the package,
so it is the one place sure to come before python-escpos is imported: it points python-escpos at a
folder in the user cache, where the pickle is kept between runs.
"""

from __future__ import annotations

import atexit
import os
import platform
import tempfile
from pathlib import Path

from platformdirs import user_cache_dir

_PICKLE_DIR = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def _pickle_name() -> str:
    return f"{platform.python_version()}.capabilities.pickle"  # python-escpos's own naming


def keep_escpos_profiles(cache: Path | None = None) -> Path | None:
    """Point python-escpos at ``cache`` (default: ours in the user cache) before it is imported.

    Where the pickle is not there yet, python-escpos writes it into a private folder, and
    ``publish_escpos_profiles`` (called once python-escpos is imported, and at exit) moves it in whole,
    so that another process never reads half a file.
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
    atexit.register(publish_escpos_profiles, private)
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


NEW_PROFILE_CACHE = keep_escpos_profiles()
