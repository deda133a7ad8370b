"""A restore checks the copy in full while it keeps the current file aside (issue 17): a backup whose damage only
the full check sees (an index) is still refused, the database untouched and nothing left aside; the full check
of backups gives the verdict SQLite's own ``integrity_check`` gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.runtime.context import AppContext
from showroom_pos.services import backup
from showroom_pos.services.backup import RestoreRefused
from showroom_pos.storage import sqlite_file

from .conftest import Outlet
from .safety_helpers import damage_an_index, dump, sell, stock_up


@pytest.fixture
def selling(app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session]) -> Outlet:
    stock_up(sessions, [outlet.tra, outlet.mam_tom])
    outlet.open_shift(sessions)
    sell(sessions, outlet.cashier, [outlet.tra, outlet.mam_tom], count=3)
    return outlet


def test_a_backup_damaged_where_only_the_full_check_sees_is_refused_and_nothing_is_touched(
        app_context: AppContext, selling: Outlet, tmp_path: Path) -> None:
    made = backup.make_backup(app_context.engine, tmp_path / "stick", kind="manual", keep=3, prefix="t",
                              create_parents=True)
    damaged = tmp_path / "damaged.db"
    shutil.copyfile(made.path, damaged)
    damage_an_index(damaged)
    assert sqlite_file.quick_check(damaged) == "ok"  # only the full check sees it
    db = app_context.paths.database
    app_context.engine.dispose()
    before = dump(db)
    with pytest.raises(RestoreRefused) as refused:
        backup.restore(db, damaged, app_context.paths.backups)
    assert "missing from index" in refused.value.text() or "wrong # of entries" in refused.value.text()
    assert dump(db) == before
    assert not app_context.paths.backups.exists()  # the copy kept aside meanwhile is gone again, with its folder
    assert not list(db.parent.glob("*.restoring"))


def test_the_faster_full_check_gives_sqlites_verdict(app_context: AppContext, selling: Outlet,
                                                     tmp_path: Path) -> None:
    made = backup.make_backup(app_context.engine, tmp_path / "stick", kind="manual", keep=3, prefix="t",
                              create_parents=True)
    assert sqlite_file.parallel_integrity_check(made.path) == "ok" == sqlite_file.quick_check(made.path, full=True)
    damage_an_index(made.path, "sale")
    assert sqlite_file.quick_check(made.path) == "ok"
    parallel, single = sqlite_file.parallel_integrity_check(made.path), sqlite_file.quick_check(made.path, full=True)
    assert parallel != "ok" and single != "ok"
    assert backup.verify(made.path) != "ok"
