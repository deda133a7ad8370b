"""Backups (online API, verified, kept to a count, in a configurable folder) and restoring them."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import VIETNAM
from showroom_pos.runtime.context import AppContext
from showroom_pos.services import backup, settings, shifts
from showroom_pos.services.backup import BackupDamaged, BackupFailed, BackupFolderMissing, RestoreRefused
from showroom_pos.storage import database
from showroom_pos.storage.models import AuditEvent, Shift

from .conftest import Outlet
from .safety_helpers import count_sales, dump, findings, sell, stock_up

T0 = datetime(2026, 1, 28, 2, 0, tzinfo=UTC)  # 09:00 in Mỹ Tho


@pytest.fixture
def selling(outlet: Outlet, sessions: sessionmaker[Session]) -> Outlet:
    stock_up(sessions, [outlet.mam_tom, outlet.tra, outlet.sau_rieng])
    outlet.open_shift(sessions)
    return outlet


def _events(sessions: sessionmaker[Session], kind: str) -> list[AuditEvent]:
    with sessions() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id)))


def _set(sessions: sessionmaker[Session], key: str, value: str) -> None:
    with sessions.begin() as s:
        settings.set(s, key, value)


# --- making backups --------------------------------------------------------------------------------


def test_a_backup_is_one_verified_file_equal_to_the_database(app_context: AppContext, selling: Outlet,
                                                            sessions: sessionmaker[Session]) -> None:
    sell(sessions, selling.cashier, [selling.mam_tom, selling.sau_rieng], count=3)
    info = backup.make_backup(app_context.engine, app_context.paths.backups, kind="manual", keep=5,
                              prefix="showroom-CL01", now=T0, create_parents=True)
    assert info.path == app_context.paths.backups / "showroom-CL01-20260128-090000-manual.db"
    assert info.made_at == datetime(2026, 1, 28, 9, 0, tzinfo=VIETNAM) and info.size == info.path.stat().st_size
    assert backup.verify(info.path) == "ok"
    assert info.path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL: a self-contained file
    # one file (no -wal, no -journal), and the SHA-256 of what was verified beside it
    assert sorted(p.name for p in info.path.parent.iterdir()) == [info.path.name, info.path.name + ".sha256"]
    assert backup.recorded_digest(info.path) == hashlib.sha256(info.path.read_bytes()).hexdigest()
    assert dump(info.path) == dump(app_context.paths.database)
    assert findings(info.path) == []


def test_backup_now_names_the_till_and_is_audited(app_context: AppContext, selling: Outlet,
                                                  sessions: sessionmaker[Session]) -> None:
    info = backup.backup_now(app_context.engine, app_context.paths.backups, user_id=selling.manager_id, now=T0)
    assert re.fullmatch(r"showroom-CL01-20260128-090000-manual\.db", info.path.name)
    [event] = _events(sessions, "backup.made")
    assert event.user_id == selling.manager_id
    assert json.loads(event.details)["path"] == str(info.path)


def test_only_the_newest_backups_are_kept_and_other_files_are_left_alone(
        app_context: AppContext, selling: Outlet, sessions: sessionmaker[Session]) -> None:
    _set(sessions, "backup.keep", "3")
    folder = app_context.paths.backups
    folder.mkdir(parents=True)
    foreign = [folder / "showroom-before-0002-20250101-000000.db", folder / "showroom-CL02-20200101-000000-daily.db",
               folder / "notes.txt"]
    for path in foreign:
        path.write_text("not ours")
    leftover = folder / "showroom-CL01-20200101-000000-manual.db.partial"
    leftover.write_text("an interrupted backup")
    os.utime(leftover, (0, 0))  # long ago
    in_progress = folder / "showroom-CL01-20260128-085959-manual.db.partial"
    in_progress.write_text("another process's backup, being written")
    made = [backup.backup_now(app_context.engine, folder, now=T0 + timedelta(hours=i)).path for i in range(5)]
    kept = [b.path for b in backup.list_backups(folder, "showroom-CL01")]
    assert kept == made[:1:-1]  # the three newest, newest first
    assert all(p.exists() for p in foreign) and not leftover.exists() and in_progress.exists()


def test_two_backups_in_the_same_second_are_both_kept(app_context: AppContext, selling: Outlet) -> None:
    first = backup.backup_now(app_context.engine, app_context.paths.backups, now=T0)
    second = backup.backup_now(app_context.engine, app_context.paths.backups, kind="shift", now=T0)
    assert first.path != second.path and first.path.exists() and second.path.exists()
    assert [b.path for b in backup.list_backups(app_context.paths.backups)] == [second.path, first.path]


def test_many_backups_in_one_second_with_pruning_keep_the_newest(app_context: AppContext, selling: Outlet,
                                                                  sessions: sessionmaker[Session]) -> None:
    """Found by the crash test: once pruning removed the first of a second's backups, the next one took its
    free name, sorted as the oldest and was pruned at once."""
    _set(sessions, "backup.keep", "2")
    made = [backup.backup_now(app_context.engine, app_context.paths.backups, kind="shift", now=T0).path
            for _ in range(5)]
    assert [b.path for b in backup.list_backups(app_context.paths.backups)] == made[:2:-1]
    assert made[-1].name == "showroom-CL01-20260128-090000-5-shift.db"


def test_the_configured_folder_is_used_and_a_missing_stick_is_a_clear_error(
        app_context: AppContext, selling: Outlet, sessions: sessionmaker[Session], tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    _set(sessions, "backup.folder", str(stick / "showroom-backups"))
    info = backup.backup_now(app_context.engine, app_context.paths.backups)
    assert info.path.parent == stick / "showroom-backups"
    _set(sessions, "backup.folder", str(tmp_path / "unplugged" / "showroom-backups"))
    with pytest.raises(BackupFolderMissing) as refused:
        backup.backup_now(app_context.engine, app_context.paths.backups, user_id=selling.manager_id)
    assert "USB" in refused.value.text()
    assert not (tmp_path / "unplugged").exists()  # not created on the local disk
    [failed] = _events(sessions, "backup.failed")
    assert failed.user_id == selling.manager_id and "unplugged" in failed.details


def test_a_full_stick_leaves_no_backup_behind(app_context: AppContext, selling: Outlet,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def full(engine: object, target: Path) -> Path:
        target.write_bytes(b"SQLite format 3\x00 half of it")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(database, "backup_file", full)
    with pytest.raises(BackupFailed) as failed:
        backup.backup_now(app_context.engine, app_context.paths.backups)
    assert "disk is full" in failed.value.text()
    assert list(app_context.paths.backups.iterdir()) == []


def test_a_backup_failing_its_integrity_check_is_deleted(app_context: AppContext, selling: Outlet,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "verify", lambda path: "row 3 missing from index ix_sale_business_day")
    with pytest.raises(BackupDamaged) as damaged:
        backup.backup_now(app_context.engine, app_context.paths.backups)
    assert "integrity check" in damaged.value.text()
    assert list(app_context.paths.backups.iterdir()) == []


def test_verify_finds_a_damaged_file(app_context: AppContext, selling: Outlet, sessions: sessionmaker[Session],
                                     tmp_path: Path) -> None:
    sell(sessions, selling.cashier, [selling.tra], count=20)
    info = backup.backup_now(app_context.engine, app_context.paths.backups)
    data = bytearray(info.path.read_bytes())
    for page in range(1, len(data) // 4096):
        data[4096 * page: 4096 * page + 12] = b"\x0d\xff\xff" * 4  # scribble over every b-tree page header
    broken = tmp_path / "broken.db"
    broken.write_bytes(bytes(data))
    assert backup.verify(broken) != "ok"
    assert backup.verify(tmp_path / "missing.db") != "ok"


def test_backups_taken_while_selling_are_consistent(app_context: AppContext, selling: Outlet,
                                                    sessions: sessionmaker[Session]) -> None:
    """The online backup API copies a consistent snapshot while another thread keeps selling."""
    done = threading.Event()
    errors: list[BaseException] = []

    def till() -> None:
        try:
            sell(sessions, selling.cashier, [selling.mam_tom, selling.tra, selling.sau_rieng], count=40)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=till)
    thread.start()
    made: list[backup.BackupInfo] = []
    while not done.is_set() or not made:
        made.append(backup.backup_now(app_context.engine, app_context.paths.backups, kind="manual"))
    thread.join()
    assert errors == []
    for info in made:
        assert findings(info.path) == [], info.path
    assert count_sales(made[-1].path) <= 40


def test_after_shift_close_makes_a_shift_backup_and_never_raises(
        app_context: AppContext, selling: Outlet, sessions: sessionmaker[Session], tmp_path: Path) -> None:
    sell(sessions, selling.cashier, [selling.mam_tom], count=2)
    with sessions.begin() as s:
        shifts.close_shift(s, selling.cashier, {100_000: 6, 10_000: 1})
    outcome = backup.after_shift_close(app_context.engine, app_context.paths.backups, user_id=selling.cashier_id)
    assert outcome.ok and outcome.info is not None and outcome.info.kind == "shift"
    conn = sqlite3.connect(outcome.info.path)
    assert conn.execute("SELECT count(*) FROM shift WHERE closed_at IS NOT NULL").fetchone()[0] == 1
    conn.close()
    _set(sessions, "backup.folder", str(tmp_path / "no-stick" / "backups"))
    failed = backup.after_shift_close(app_context.engine, app_context.paths.backups, user_id=selling.cashier_id)
    assert not failed.ok and isinstance(failed.error, BackupFolderMissing)
    with sessions() as s:
        assert s.scalars(select(Shift)).one().closed_at is not None  # the close stands


def test_a_shift_closed_moments_ago_is_told_from_an_old_one(selling: Outlet, sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        shifts.close_shift(s, selling.cashier, {}, at=T0)
        shift_id = s.scalars(select(Shift.id)).one()
        assert backup.shift_closed_recently(s, shift_id, now=T0 + timedelta(minutes=14))
        assert not backup.shift_closed_recently(s, shift_id, now=T0 + timedelta(minutes=16))
        assert not backup.shift_closed_recently(s, "no such shift", now=T0)


def test_the_daily_backup_is_made_once_per_business_day(app_context: AppContext, selling: Outlet) -> None:
    engine, folder = app_context.engine, app_context.paths.backups
    first = backup.daily_backup(engine, folder, now=T0)
    assert first is not None and first.info is not None and first.info.kind == "daily"
    assert backup.daily_backup(engine, folder, now=T0 + timedelta(hours=8)) is None
    # 16:59 UTC is still the 28th in Mỹ Tho; 17:00 UTC is the 29th.
    assert backup.daily_backup(engine, folder, now=datetime(2026, 1, 28, 16, 59, tzinfo=UTC)) is None
    assert backup.daily_backup(engine, folder, now=datetime(2026, 1, 28, 17, 0, tzinfo=UTC)) is not None
    manual = backup.backup_now(engine, folder, now=T0 + timedelta(days=2))
    assert manual.kind == "manual" and backup.daily_due(engine, folder, now=T0 + timedelta(days=2))


# --- restoring -------------------------------------------------------------------------------------


def test_a_restored_backup_equals_the_original_and_the_current_data_is_kept_aside(
        app_context: AppContext, selling: Outlet, sessions: sessionmaker[Session], tmp_path: Path) -> None:
    db = app_context.paths.database
    sell(sessions, selling.cashier, [selling.mam_tom, selling.tra], count=2)
    info = backup.make_backup(app_context.engine, tmp_path / "stick", kind="manual", keep=5,
                              prefix="showroom-CL01", create_parents=True)
    snapshot = dump(info.path)
    sell(sessions, selling.cashier, [selling.sau_rieng], count=3)
    current = dump(db)
    app_context.engine.dispose()
    result = backup.restore(db, info.path, app_context.paths.backups)
    assert dump(db) == snapshot
    assert result.aside is not None and result.aside.parent == app_context.paths.backups
    assert result.aside.name.startswith("showroom-before-restore-")
    assert dump(result.aside) == current
    assert dump(info.path) == snapshot  # the backup itself is untouched
    assert findings(db) == []
    assert not list(db.parent.glob("*.restoring"))
    # The till carries on from the backup: the next receipt follows the backup's last one.
    [receipt] = sell(sessions, selling.cashier, [selling.tra])
    assert receipt.endswith("-0003")


def test_the_copy_kept_aside_bears_a_backup_name_only_once_it_is_whole(
        app_context: AppContext, selling: Outlet, sessions: sessionmaker[Session], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A kill while the current file is being copied aside must not leave a half-written ``*.db`` (with a hot
    journal nobody can read) among the backups: the copy is flushed under a ``.partial`` name, then renamed."""
    db, aside = app_context.paths.database, app_context.paths.backups
    sell(sessions, selling.cashier, [selling.tra], count=2)
    info = backup.make_backup(app_context.engine, tmp_path / "stick", kind="manual", keep=5,
                              prefix="showroom-CL01", create_parents=True)
    app_context.engine.dispose()
    named_while_flushing: list[list[str]] = []
    real_fsync = backup._fsync

    def watching_fsync(path: Path) -> None:
        if path.parent == aside:
            named_while_flushing.append(sorted(p.name for p in aside.glob("*-before-restore-*.db")))
        real_fsync(path)

    monkeypatch.setattr(backup, "_fsync", watching_fsync)
    result = backup.restore(db, info.path, aside)
    assert named_while_flushing == [[]]  # flushed before it had its final name
    assert result.aside is not None and result.aside.exists()
    assert not list(aside.glob("*.partial*"))
    assert count_sales(result.aside) == 2


def test_restore_live_reopens_the_database_and_records_the_restore(
        app_context: AppContext, selling: Outlet, sessions: sessionmaker[Session]) -> None:
    sell(sessions, selling.cashier, [selling.tra])
    info = backup.backup_now(app_context.engine, app_context.paths.backups)
    sell(sessions, selling.cashier, [selling.tra], count=2)
    result, engine = backup.restore_live(app_context.engine, info.path, app_context.paths.backups,
                                         user_id=selling.admin_id, approver_id=None)
    app_context.engine = engine
    sessions.configure(bind=engine)
    assert count_sales(app_context.paths.database) == 1
    [event] = _events(sessions, "backup.restored")
    assert event.user_id == selling.admin_id
    assert json.loads(event.details)["aside"] == str(result.aside)


def test_a_restore_reaches_a_connection_another_program_holds_open(
        app_context: AppContext, selling: Outlet, sessions: sessionmaker[Session]) -> None:
    sell(sessions, selling.cashier, [selling.tra])
    info = backup.backup_now(app_context.engine, app_context.paths.backups)
    sell(sessions, selling.cashier, [selling.tra], count=4)
    other = sqlite3.connect(app_context.paths.database)  # like a second process: not closed for the restore
    assert other.execute("SELECT count(*) FROM sale").fetchone()[0] == 5
    backup.restore(app_context.paths.database, info.path, app_context.paths.backups)
    assert other.execute("SELECT count(*) FROM sale").fetchone()[0] == 1
    other.close()


def _not_ours(tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    return path


def _newer(tmp_path: Path, source: Path) -> Path:
    path = tmp_path / "newer.db"
    with sqlite3.connect(source) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.db"
    database.open_database(path).dispose()  # migrated, but no outlet: a fresh install, not a backup
    return path


@pytest.mark.parametrize("case", ["missing", "garbage", "not ours", "newer", "empty", "itself"])
def test_what_is_not_a_sound_backup_is_refused_and_nothing_is_touched(
        case: str, app_context: AppContext, selling: Outlet, sessions: sessionmaker[Session], tmp_path: Path) -> None:
    db = app_context.paths.database
    sell(sessions, selling.cashier, [selling.tra])
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"PK\x03\x04 a zip file, say" * 50)
    file = {
        "missing": lambda: tmp_path / "nothing.db",
        "garbage": lambda: garbage,
        "not ours": lambda: _not_ours(tmp_path),
        "newer": lambda: _newer(tmp_path, db),
        "empty": lambda: _empty(tmp_path),
        "itself": lambda: db,
    }[case]()
    app_context.engine.dispose()
    before = dump(db)
    with pytest.raises(RestoreRefused) as refused:
        backup.restore(db, file, app_context.paths.backups)
    assert str(file) in refused.value.text()
    assert dump(db) == before
    assert not app_context.paths.backups.exists()  # nothing kept aside: nothing was changed
    assert not list(db.parent.glob("*.restoring"))


def test_a_damaged_database_is_kept_aside_byte_for_byte_and_replaced(
        app_context: AppContext, selling: Outlet, sessions: sessionmaker[Session]) -> None:
    db = app_context.paths.database
    sell(sessions, selling.cashier, [selling.tra], count=2)
    info = backup.backup_now(app_context.engine, app_context.paths.backups)
    app_context.engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    damaged = b"SQLite format 3\x00" + b"\x00\x13" * 3000
    db.write_bytes(damaged)
    with pytest.raises(database.DatabaseProblem):
        database.open_database(db)
    result = backup.restore(db, info.path, app_context.paths.backups)
    assert result.aside is not None and result.aside.read_bytes() == damaged
    assert count_sales(db) == 2 and findings(db) == []


def test_an_older_backup_is_migrated_after_the_restore_with_a_copy_first(
        app_context: AppContext, selling: Outlet, tmp_path: Path) -> None:
    if database.head_revision() == "0001":
        pytest.skip("only one schema revision exists")
    old = tmp_path / "old.db"
    engine = database.make_engine(old)
    database.upgrade(engine, "0001")
    engine.dispose()
    with sqlite3.connect(old) as conn:
        conn.execute("INSERT INTO outlet (code, name, address, commune, province, tax_code, phone, created_at) "
                     "VALUES ('CL01', 'Điểm OCOP cũ', '', '', '', '', '', '2025-01-01 00:00:00')")
    result, new_engine = backup.restore_live(app_context.engine, old, app_context.paths.backups)
    try:
        assert result.revision == "0001"
        assert database.current_revision(new_engine) == database.head_revision()
        [copy] = app_context.paths.backups.glob("showroom-before-0*.db")  # the pre-migration copy
        assert database.quick_check(copy) == "ok"
    finally:
        new_engine.dispose()
