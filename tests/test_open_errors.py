"""Opening a database: every failure told as what it is, in its own words, exit code 2, never a traceback.

Against real conditions: a real full file system (a small tmpfs filled up), a real read-only file system
(remounted read-only with a stale ``-wal``/``-shm`` left by a killed till), a real second process holding
the write lock, an older schema whose pre-migration copy finds no room.
"""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from showroom_pos.app.cli import main
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.storage import database, sqlite_file
from showroom_pos.storage.database import (
    DatabaseDamaged,
    DatabaseDiskFull,
    DatabaseIOError,
    DatabaseLocked,
    DatabasePermission,
    DatabaseReadOnly,
    classify_open_error,
)

from .conftest import Outlet
from .safety_helpers import count_sales, fill_up, remount_read_only, sell, small_disk, stock_up

ROOT = Path(__file__).resolve().parents[1]


def _till(path: Path, sales: int = 3) -> None:
    ctx = AppContext.open(AppPaths.resolve(path))
    try:
        outlet = Outlet(ctx.sessions)
        stock_up(ctx.sessions, [outlet.tra])
        outlet.open_shift(ctx.sessions)
        sell(ctx.sessions, outlet.cashier, [outlet.tra], count=sales)
    finally:
        ctx.close()


def _older(path: Path) -> None:
    """Take the database back to the previous schema revision, as a till not yet upgraded has it."""
    engine = database.make_engine(path)
    database.upgrade(engine, "0004")  # no-op at head; the downgrade below does the work
    from alembic import command

    config = database.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
    engine.dispose()


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", "6m") as folder:
        yield folder


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--lang", "en", *args])
    return code, capsys.readouterr().err


def test_a_full_disk_at_start_up_is_a_full_disk_not_damage(disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = disk / "showroom.db"
    _till(db)
    before = db.read_bytes()
    fill_up(disk)
    code, err = _cli(["check", "--db", str(db)], capsys)
    assert code == 2 and "disk is full" in err and "is damaged" not in err and "Traceback" not in err
    with pytest.raises(DatabaseDiskFull):
        AppContext.open(AppPaths.resolve(db), integrity_check=False)  # the app's own start
    assert db.read_bytes() == before


def test_the_copy_before_a_migration_on_a_full_disk_is_told_and_leaves_nothing_behind(
        disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = disk / "showroom.db"
    _till(db)
    _older(db)
    before = db.read_bytes()
    fill_up(disk, keep=64 * 1024)  # room for SQLite's small files, not for a copy of the database
    code, err = _cli(["check", "--db", str(db)], capsys)
    assert code == 2 and "disk is full" in err and "Traceback" not in err
    assert not list(disk.glob("backups/*"))
    assert db.read_bytes() == before
    assert count_sales(db) == 3


def _killed_till(db: Path) -> None:
    """A till that had the file open when it died: its -wal and -shm stay beside the database."""
    script = textwrap.dedent(f"""
        import os, sqlite3, sys
        conn = sqlite3.connect({str(db)!r})
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
        conn.execute("INSERT INTO scratch VALUES (1)")
        conn.commit()
        print("ready", flush=True)
        sys.stdin.readline()
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert db.with_name(db.name + "-shm").exists()


def test_a_read_only_disk_with_a_stale_shm_is_read_only_not_a_traceback(
        disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = disk / "showroom.db"
    _till(db)
    _killed_till(db)
    remount_read_only(disk)
    code, err = _cli(["config", "set", "receipt.footer", "x", "--db", str(db)], capsys)
    assert code == 2 and "read-only" in err and "Traceback" not in err and "is damaged" not in err
    with pytest.raises(DatabaseReadOnly):
        AppContext.open(AppPaths.resolve(db), integrity_check=False)


def _hold_write_lock(db: Path) -> subprocess.Popen[str]:
    """Another program (a real second process) holding the database's write lock."""
    script = textwrap.dedent(f"""
        import sqlite3, sys
        conn = sqlite3.connect({str(db)!r}, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        sys.stdin.readline()
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    return child


def test_a_write_lock_held_by_another_program_while_upgrading_is_told_as_a_lock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "showroom.db"
    _till(db)
    _older(db)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)  # the real wait is 10 s
    holder = _hold_write_lock(db)
    try:
        started = time.monotonic()
        code, err = _cli(["check", "--db", str(db)], capsys)
        assert code == 2 and "locked by another program" in err and "Traceback" not in err
        assert time.monotonic() - started < 8
    finally:
        holder.kill()
        holder.wait()
    assert not list(tmp_path.glob("backups/*.partial*"))
    # Once the other program lets go, the upgrade runs after its copy: a sound, named one.
    assert main(["--lang", "en", "check", "--db", str(db)]) == 0
    [copy] = list((tmp_path / "backups").glob(f"showroom-before-{database.head_revision()}-*.db"))
    assert sqlite_file.integrity_check(copy) == "ok" and count_sales(copy) == 3
    capsys.readouterr()
    assert main(["--lang", "en", "backup", "--list", "--db", str(db)]) == 0
    assert f"before-upgrade\t{copy.stat().st_size}\t{copy}" in capsys.readouterr().out


def test_each_condition_has_its_own_message(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    cases: list[tuple[BaseException, type[database.DatabaseProblem]]] = [
        (OSError(errno.ENOSPC, "No space left on device"), DatabaseDiskFull),
        (OSError(errno.EROFS, "Read-only file system"), DatabaseReadOnly),
        (OSError(errno.EACCES, "Permission denied"), DatabasePermission),
        (OSError(errno.EIO, "Input/output error"), DatabaseIOError),
        (sqlite3.OperationalError("database is locked"), DatabaseLocked),
        (sqlite3.OperationalError("attempt to write a readonly database"), DatabaseReadOnly),
        (sqlite3.DatabaseError("database disk image is malformed"), DatabaseDamaged),
        (sqlite3.OperationalError("database or disk is full"), DatabaseDiskFull),
    ]
    texts = set()
    for error, kind in cases:
        problem = classify_open_error(error, db)
        assert isinstance(problem, kind), (error, problem)
        texts.add(type(problem).message)
    assert len(texts) == 6
    assert classify_open_error(ValueError("a bug"), db) is None
    assert classify_open_error(sqlite3.IntegrityError("UNIQUE"), db) is None


def test_a_condition_is_told_before_sqlalchemy_is_loaded(tmp_path: Path) -> None:
    """The app and the commands open the file with sqlite3 first and load SQLAlchemy after: a disk full, read-only or
    refused then was a TypeError in telling it (its traceback in place of the message)."""
    script = (
        "import errno, sqlite3, sys\n"
        "from showroom_pos.storage.opening import classify_open_error\n"
        "assert 'sqlalchemy' not in sys.modules\n"
        "for error in (OSError(errno.ENOSPC, 'full'), OSError(errno.EACCES, 'refused'),\n"
        "              sqlite3.OperationalError('database is locked'), ValueError('a bug')):\n"
        "    print(type(classify_open_error(error, sys.argv[1])).__name__)\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(tmp_path / "x.db")], capture_output=True, text=True,
                         cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["DatabaseDiskFull", "DatabasePermission", "DatabaseLocked", "NoneType"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_file_without_permission(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "showroom.db"
    _till(db)
    db.chmod(0)
    try:
        code, err = _cli(["check", "--db", str(db)], capsys)
    finally:
        db.chmod(0o644)
    assert code == 2 and "Traceback" not in err


def test_the_installed_command_on_a_full_disk_says_so_with_exit_code_2(disk: Path, tmp_path: Path) -> None:
    db = disk / "showroom.db"
    _till(db)
    fill_up(disk)
    # Its own translation cache: the user's may hold a catalogue compiled from another checkout.
    env = {**os.environ, "SHOWROOM_POS_LANG": "vi", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-m", "showroom_pos.app.cli", "check", "--db", str(db)],
                         capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "đầy" in run.stderr  # "ổ đĩa đã đầy": in Vietnamese by default


def _gui_refusal(paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> str:
    from PySide6.QtWidgets import QMessageBox

    from showroom_pos.runtime.i18n import app_title

    from .test_app_start import _run_app

    said: list[str] = []
    titles: list[str] = []

    def critical(_parent: object, title: str, text: str) -> None:
        titles.append(title)
        said.append(text)

    monkeypatch.setattr(QMessageBox, "critical", critical)
    assert _run_app(paths, lambda: None) == 2
    assert len(said) == 1 and titles == [app_title()]
    return said[0]


def test_the_refusal_box_is_titled_in_the_persons_language(qapp: object) -> None:
    from showroom_pos.runtime import i18n
    from showroom_pos.runtime.i18n import app_title

    i18n.install("vi")
    try:
        assert app_title() == "Bán hàng OCOP"  # the main window's title; the box said "OCOP Showroom POS"
    finally:
        i18n.install(i18n.language_from_environment())


def test_the_app_refuses_an_empty_file_and_a_full_disk_with_their_own_words(
        qtbot: object, disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert "empty (0 bytes)" in _gui_refusal(AppPaths.resolve(empty), monkeypatch)
    assert empty.stat().st_size == 0
    db = disk / "showroom.db"
    _till(db)
    fill_up(disk)
    text = _gui_refusal(AppPaths.resolve(db), monkeypatch)
    assert "disk is full" in text and "is damaged" not in text


def test_copies_before_migrations_are_verified_named_and_pruned(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    db = tmp_path / "showroom.db"
    _till(db)
    folder = tmp_path / "backups"
    folder.mkdir()
    leftover = folder / "showroom-before-0004-20260101-000000.db.partial"
    leftover.write_bytes(b"half a copy from a killed upgrade")
    engine = database.make_engine(db)
    try:
        start = datetime(2026, 12, 1, tzinfo=UTC)
        for n in range(5):
            name = database.pre_migration_name(db, database.head_revision(), start + timedelta(minutes=n))
            database.copy_before_upgrade(engine, folder / name)
    finally:
        engine.dispose()
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [database.pre_migration_name(db, database.head_revision(), start + timedelta(minutes=n))
                    for n in (2, 3, 4)]
    for name in kept:
        assert sqlite_file.integrity_check(folder / name) == "ok" and count_sales(folder / name) == 3
        assert not (folder / (name + "-wal")).exists()
