"""A database that is empty, missing or behind what this till last wrote is never taken for a new one.

Real files throughout: a real 0-byte file, a missing path, a database copied without its ``-wal`` while
the last sales were still in it, and an old backup put back by ``restore``.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app.cli import main
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import backup, data_safety
from showroom_pos.storage import database, high_water
from showroom_pos.storage.models import AuditEvent

from .conftest import MANAGER_PIN, Outlet
from .safety_helpers import count_sales, sell, stock_up

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def test_a_real_empty_file_is_refused_everywhere_and_left_empty(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "showroom.db"
    empty.write_bytes(b"")
    assert main(["--lang", "en", "check", "--db", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "empty (0 bytes)" in err and "Traceback" not in err
    with pytest.raises(database.DatabaseEmpty):  # the app's own first start (it creates missing files)
        AppContext.open(AppPaths.resolve(empty), create=True)
    assert main(["--lang", "en", "demo", "--db", str(empty)]) == 2
    assert empty.stat().st_size == 0 and not (tmp_path / "backups").exists()


def test_a_mistyped_path_is_refused_unless_the_command_creates_databases(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    typo = tmp_path / "showrom.db"
    for command in (["check"], ["config", "get"], ["backup"], ["user", "list"], ["sync", "status"]):
        assert main(["--lang", "en", *command, "--db", str(typo)]) == 2, command
        assert "does not exist" in capsys.readouterr().err
        assert not typo.exists()
    assert main(["--lang", "en", "demo", "--db", str(typo), "--days", "1"]) == 0
    assert typo.stat().st_size > 0


def _mark_folder() -> Path:
    return AppPaths.resolve("/x").marks


def test_a_missing_file_this_till_wrote_to_is_not_created_again(
        app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session]) -> None:
    stock_up(sessions, [outlet.tra])
    outlet.open_shift(sessions)
    [receipt] = sell(sessions, outlet.cashier, [outlet.tra])
    app_context.close()
    path = app_context.paths.database
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    with pytest.raises(high_water.MissingDatabase) as refused:
        AppContext.open(AppPaths.resolve(path), create=True)  # even where a first start would create it
    assert receipt in refused.value.text() and not path.exists()


@pytest.fixture
def rolled_back(app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session]) -> tuple[Path, list[str]]:
    """A database copied without its -wal: the last two sales were still in the -wal and are gone."""
    stock_up(sessions, [outlet.tra])
    outlet.open_shift(sessions)
    first = sell(sessions, outlet.cashier, [outlet.tra])
    conn = sqlite3.connect(app_context.paths.database)
    assert conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    conn.close()
    later = sell(sessions, outlet.cashier, [outlet.tra], count=2)
    path = app_context.paths.database
    copy = path.with_name("copied-without-wal.db")
    shutil.copyfile(path, copy)  # the main file only, as a careless copy does
    app_context.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(copy, path)
    assert count_sales(path) == 1 and database.quick_check(path) == "ok"  # it passes every check of its own
    return path, first + later


def test_a_database_copied_without_its_wal_is_refused_for_selling(
        rolled_back: tuple[Path, list[str]], outlet: Outlet, capsys: pytest.CaptureFixture[str]) -> None:
    path, receipts = rolled_back
    ctx = AppContext.open(AppPaths.resolve(path))
    try:
        assert ctx.high_water.problem is not None
        with pytest.raises(high_water.BehindHighWater) as refused:
            sell(ctx.sessions, outlet.cashier, [outlet.tra])
        assert receipts[-1] in refused.value.text() and "restore" in refused.value.text()
        assert count_sales(path) == 1  # nothing was written: the receipt number of the lost sale stays unused
        with ctx.sessions() as session:  # reading (reports, exports) still works
            assert session.scalar(select(AuditEvent.id).limit(1)) is not None
    finally:
        ctx.close()
    assert main(["--lang", "en", "check", "--db", str(path)]) == 1
    assert "high-water" in capsys.readouterr().err


def test_a_manager_accepts_the_loss_and_receipts_continue_in_a_new_series(
        rolled_back: tuple[Path, list[str]], outlet: Outlet, capsys: pytest.CaptureFixture[str]) -> None:
    path, receipts = rolled_back
    wrong = ["--lang", "en", "accept-loss", "--db", str(path), "--manager", "Nguyễn Thị Lan", "--pin", "0000"]
    assert main(wrong) == 2
    assert main([*wrong[:-1], MANAGER_PIN]) == 0
    assert "B" in capsys.readouterr().out
    ctx = AppContext.open(AppPaths.resolve(path))
    try:
        assert ctx.high_water.problem is None
        [receipt] = sell(ctx.sessions, outlet.cashier, [outlet.tra])
        assert receipt.startswith("CL01B-") and receipt not in receipts
        with ctx.sessions() as session:
            event = session.scalars(select(AuditEvent).where(AuditEvent.kind == "receipt.series_started")).one()
            assert event.approver_id == outlet.manager_id and '"os_user"' in event.details
    finally:
        ctx.close()
    assert main(["--lang", "en", "check", "--db", str(path)]) == 0


def test_an_old_backup_put_back_is_behind_and_the_newest_one_is_not(
        app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session], tmp_path: Path) -> None:
    stock_up(sessions, [outlet.tra])
    outlet.open_shift(sessions)
    sell(sessions, outlet.cashier, [outlet.tra])
    old = backup.backup_now(app_context.engine, tmp_path / "b", kind="manual").path
    sell(sessions, outlet.cashier, [outlet.tra])
    newest = backup.backup_now(app_context.engine, tmp_path / "b", kind="manual").path
    app_context.close()
    path = app_context.paths.database
    assert main(["--lang", "en", "restore", str(old), "--db", str(path), "--yes"]) == 0
    ctx = AppContext.open(AppPaths.resolve(path))
    assert ctx.high_water.problem is not None
    ctx.close()
    assert main(["--lang", "en", "restore", str(newest), "--db", str(path), "--yes"]) == 0
    ctx = AppContext.open(AppPaths.resolve(path))
    try:
        assert ctx.high_water.problem is None
        sell(ctx.sessions, outlet.cashier, [outlet.tra])
    finally:
        ctx.close()


def test_the_mark_is_written_with_each_sale_outside_the_database(
        app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session]) -> None:
    stock_up(sessions, [outlet.tra])
    outlet.open_shift(sessions)
    receipts = sell(sessions, outlet.cashier, [outlet.tra], count=3)
    app_context.high_water.flush()  # written on its own thread right after each commit
    mark = high_water.read(app_context.paths.marks, app_context.paths.database)
    assert mark is not None and mark.sales == 3 and mark.receipt_no == receipts[-1]
    assert app_context.paths.database.parent not in high_water.mark_file(
        app_context.paths.marks, app_context.paths.database).parents
    # A refused sale (rolled back) does not move it.
    with sqlite3.connect(app_context.paths.database) as conn:
        assert conn.execute("SELECT count(*) FROM sale").fetchone()[0] == 3


def test_the_next_series_never_repeats() -> None:
    seen = {""}
    series = ""
    for _ in range(60):
        series = data_safety.next_series(series)
        assert series not in seen and len(series) <= 3
        seen.add(series)


def test_the_demo_keeps_no_mark_so_deleting_demo_db_starts_it_afresh(monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # platformdirs reads it on every call
    monkeypatch.delenv("SHOWROOM_POS_DB", raising=False)
    demo = AppPaths.resolve(None, demo=True)
    assert demo.is_demo and not AppPaths.resolve(None).is_demo
    assert main(["--lang", "en", "demo", "--days", "1"]) == 0
    assert high_water.read(demo.marks, demo.database) is None
    for suffix in ("", "-wal", "-shm"):
        demo.database.with_name(demo.database.name + suffix).unlink(missing_ok=True)
    assert main(["--lang", "en", "demo", "--days", "1"]) == 0


def test_a_manager_accepts_the_loss_in_the_app(qtbot: QtBot, rolled_back: tuple[Path, list[str]], outlet: Outlet,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from showroom_pos.ui.backup_screen import BackupScreen
    from showroom_pos.ui.session import LoggedIn, UiSession

    path, receipts = rolled_back
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, *_buttons: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    ctx = AppContext.open(AppPaths.resolve(path))
    try:
        ui = UiSession(ctx, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager", outlet.terminal_id))
        screen = BackupScreen(ui)
        qtbot.addWidget(screen)
        screen.show()
        assert screen.accept_loss_button.isVisible()
        assert screen.accept_loss()
        assert receipts[-1] in asked[0] and "CL01B" not in asked[0]
        assert not screen.accept_loss_button.isVisible() and "B" in screen.message.text()
        [receipt] = sell(ctx.sessions, outlet.cashier, [outlet.tra])
        assert receipt.startswith("CL01B-")
        with ctx.sessions() as session:
            event = session.scalars(select(AuditEvent).where(AuditEvent.kind == "receipt.series_started")).one()
            assert event.user_id == outlet.manager_id
    finally:
        ctx.close()
