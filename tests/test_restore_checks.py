"""A restore checks the copy in full while it keeps the current file aside (issue 17): a backup whose damage only
the full check sees (an index) is still refused, the database untouched and nothing left aside; the full check
of backups gives the verdict SQLite's own ``integrity_check`` gives. A backup whose SHA-256, recorded when it was
made, matches its staged copy is not checked in full again; one without it, or changed since, is."""

from __future__ import annotations

import hashlib
import shutil
from datetime import UTC, datetime
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


# --- the SHA-256 recorded beside a backup -----------------------------------------------------------


def _counting_full_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files ``backup.verify`` (the full check) is run on from now on."""
    checked: list[Path] = []
    full_check = backup.verify

    def counted(path: Path) -> str:
        checked.append(Path(path))
        return full_check(path)

    monkeypatch.setattr(backup, "verify", counted)
    return checked


def test_a_backup_whose_sha256_matches_is_not_checked_in_full_again(
        app_context: AppContext, selling: Outlet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = backup.make_backup(app_context.engine, tmp_path / "stick", kind="manual", keep=3, prefix="t",
                              create_parents=True)
    assert backup.recorded_digest(made.path) == hashlib.sha256(made.path.read_bytes()).hexdigest()
    db = app_context.paths.database
    app_context.engine.dispose()
    checked = _counting_full_checks(monkeypatch)
    quick_checked: list[Path] = []
    quick_check = sqlite_file.quick_check

    def counted_quick(path: Path, *, full: bool = False) -> str:
        quick_checked.append(Path(path))
        return quick_check(path, full=full)

    monkeypatch.setattr(sqlite_file, "quick_check", counted_quick)
    backup.restore(db, made.path, app_context.paths.backups)
    assert checked == []
    staged = db.with_name(db.name + ".restoring")
    assert staged in quick_checked  # the quick check of the copy stays
    assert dump(db) == dump(made.path)


def test_a_backup_changed_by_one_byte_is_checked_in_full(
        app_context: AppContext, selling: Outlet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = backup.make_backup(app_context.engine, tmp_path / "stick", kind="manual", keep=3, prefix="t",
                              create_parents=True)
    with open(made.path, "r+b") as handle:  # the user_version's last byte: a sound file, not the one verified
        handle.seek(63)
        handle.write(b"\x07")
    assert backup.recorded_digest(made.path) != backup.file_digest(made.path)
    db = app_context.paths.database
    app_context.engine.dispose()
    checked = _counting_full_checks(monkeypatch)
    backup.restore(db, made.path, app_context.paths.backups)
    assert checked == [db.with_name(db.name + ".restoring")]
    assert dump(db) == dump(made.path)


def test_a_backup_damaged_after_it_was_made_is_checked_in_full_and_refused(
        app_context: AppContext, selling: Outlet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = backup.make_backup(app_context.engine, tmp_path / "stick", kind="manual", keep=3, prefix="t",
                              create_parents=True)
    recorded = backup.recorded_digest(made.path)
    damage_an_index(made.path)  # the stick's bits rot; its SHA-256 file stays as it was
    assert sqlite_file.quick_check(made.path) == "ok" and backup.recorded_digest(made.path) == recorded
    db = app_context.paths.database
    app_context.engine.dispose()
    before = dump(db)
    checked = _counting_full_checks(monkeypatch)
    with pytest.raises(RestoreRefused):
        backup.restore(db, made.path, app_context.paths.backups)
    assert len(checked) == 1
    assert dump(db) == before and not app_context.paths.backups.exists()


def test_a_backup_without_its_sha256_is_checked_in_full(
        app_context: AppContext, selling: Outlet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = backup.make_backup(app_context.engine, tmp_path / "stick", kind="manual", keep=3, prefix="t",
                              create_parents=True)
    copied = tmp_path / "elsewhere.db"  # a copy without its .sha256
    shutil.copyfile(made.path, copied)
    db = app_context.paths.database
    app_context.engine.dispose()
    checked = _counting_full_checks(monkeypatch)
    backup.restore(db, copied, app_context.paths.backups)
    assert len(checked) == 1


def test_the_sha256_goes_with_its_backup_when_pruned(app_context: AppContext, selling: Outlet,
                                                      tmp_path: Path) -> None:
    folder = tmp_path / "stick"
    folder.mkdir()
    orphan = folder / "t-20200101-000000-daily.db.sha256"  # its backup deleted by hand
    orphan.write_text("0" * 64 + "  t-20200101-000000-daily.db\n")
    foreign = folder / "u-20200101-000000-daily.db.sha256"  # another till's: left alone
    foreign.write_text("0" * 64 + "  u-20200101-000000-daily.db\n")
    made = [backup.make_backup(app_context.engine, folder, kind="manual", keep=2, prefix="t",
                               now=datetime(2026, 1, 28, 9, i, tzinfo=UTC)).path for i in range(3)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [foreign.name] + [name for p in made[1:] for name in (p.name, p.name + ".sha256")])
