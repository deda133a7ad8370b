"""The running till's background check of its own file never memory-maps it (issue 17): every mapped page a
check touches counts in the till's resident memory (860 MB for a full check of an 850 MB file). The checks a
person waits for (a backup's verification, a restore, opening before a change) read through the map, for ~3× less
CPU. Each check's connection is watched as the check statement starts (its ``mmap_size`` and page cache)."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.runtime.context import AppContext
from showroom_pos.services import backup, data_safety
from showroom_pos.storage import sqlite_file

from .conftest import Outlet
from .safety_helpers import sell, stock_up

CHECK = re.compile(r"\s*PRAGMA\s+(quick_check|integrity_check)\b", re.IGNORECASE)


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, int]]:
    """Every check statement run meanwhile, with its connection's ``mmap_size`` and page cache size then."""
    seen: list[tuple[str, int, int]] = []

    class Watched(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if CHECK.match(sql):
                mmap = int(super().execute("PRAGMA mmap_size").fetchone()[0])
                cache = int(super().execute("PRAGMA cache_size").fetchone()[0])
                seen.append((sql, mmap, cache))
            return super().execute(sql, *args)

    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("factory", Watched)
        return real(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    return seen


@pytest.fixture
def database(app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session]) -> Path:
    stock_up(sessions, [outlet.tra, outlet.mam_tom])
    outlet.open_shift(sessions)
    sell(sessions, outlet.cashier, [outlet.tra, outlet.mam_tom], count=3)
    return app_context.paths.database


BACKGROUND: dict[str, Callable[[Path], str]] = {
    "cancellable full check": lambda path: sqlite_file.integrity_check(path, cancel=threading.Event()),
    "the app's idle full check": lambda path: data_safety.full_check(path, threading.Event()),
}
WAITED_FOR: dict[str, Callable[[Path], str]] = {
    "quick_check": sqlite_file.quick_check,
    "full check": lambda path: sqlite_file.quick_check(path, full=True),
    "parallel full check": sqlite_file.parallel_integrity_check,
    "backup verification": backup.verify,
}


@pytest.mark.parametrize("name", list(WAITED_FOR))
def test_a_check_a_person_waits_for_reads_through_the_map(name: str, database: Path,
                                                          watched: list[tuple[str, int, int]]) -> None:
    assert WAITED_FOR[name](database) == "ok"
    assert watched, "the check ran no check statement on a watched connection"
    for sql, mmap, _cache in watched:
        assert mmap >= 1 << 30, f"{sql!r} ran with mmap_size = {mmap}"  # SQLite caps MMAP_BYTES a little


@pytest.mark.parametrize("name", list(BACKGROUND))
def test_the_tills_background_check_does_not_map_the_file(name: str, database: Path,
                                                           watched: list[tuple[str, int, int]]) -> None:
    assert BACKGROUND[name](database) == "ok"
    assert watched, "the check ran no check statement on a watched connection"
    for sql, mmap, cache in watched:
        assert mmap == 0, f"{sql!r} ran with mmap_size = {mmap}: the mapped file would count in the till's memory"
        assert -cache <= 4096, f"{sql!r} ran with a {-cache} KiB page cache: more than a modest cache"
