"""``showroom-pos backup`` and ``showroom-pos restore FILE``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app.cli import main
from showroom_pos.runtime.context import AppContext
from showroom_pos.services import backup
from showroom_pos.storage.models import AuditEvent

from .conftest import Outlet
from .safety_helpers import count_sales, dump, findings, sell, stock_up


@pytest.fixture
def shop(app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session]) -> Path:
    """A till with two sales, its engine closed (as when the CLI runs beside a closed app)."""
    stock_up(sessions, [outlet.tra])
    outlet.open_shift(sessions)
    sell(sessions, outlet.cashier, [outlet.tra], count=2)
    app_context.engine.dispose()
    return app_context.paths.database


def _only_backup(folder: Path) -> Path:
    [info] = backup.list_backups(folder)
    return info.path


def test_backup_writes_a_verified_copy_and_lists_it(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "backup", "--db", str(shop)]) == 0
    made = _only_backup(shop.parent / "backups")
    assert str(made) in capsys.readouterr().out
    assert backup.verify(made) == "ok" and count_sales(made) == 2
    assert main(["--lang", "en", "backup", "--db", str(shop), "--list"]) == 0
    assert made.name in capsys.readouterr().out


def test_backup_to_another_folder_and_daily_only_once(shop: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    assert main(["--lang", "en", "backup", "--db", str(shop), "--to", str(stick)]) == 0
    assert _only_backup(stick).name.endswith("-manual.db")
    assert main(["--lang", "en", "backup", "--db", str(shop), "--daily"]) == 0
    assert main(["--lang", "en", "backup", "--db", str(shop), "--daily"]) == 0
    assert "already" in capsys.readouterr().out
    assert [b.kind for b in backup.list_backups(shop.parent / "backups")] == ["daily"]


def test_a_backup_to_a_missing_stick_fails_clearly(shop: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "backup", "--db", str(shop), "--to", str(tmp_path / "gone" / "b")]) == 2
    assert "USB" in capsys.readouterr().err


def test_restore_keeps_the_current_database_aside_and_records_it(
        shop: Path, outlet: Outlet, sessions: sessionmaker[Session], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "backup", "--db", str(shop)]) == 0
    made = _only_backup(shop.parent / "backups")
    snapshot = dump(made)
    sell(sessions, outlet.cashier, [outlet.tra], count=3)
    sessions.kw["bind"].dispose()
    before = dump(shop)
    capsys.readouterr()
    assert main(["--lang", "en", "restore", str(made), "--db", str(shop), "--yes"]) == 0
    out = capsys.readouterr().out
    [aside] = list((shop.parent / "backups").glob("showroom-before-restore-*.db"))
    assert str(aside) in out and dump(aside) == before
    assert count_sales(shop) == 2 and findings(shop) == []
    with sessions() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.kind == "backup.restored")).one()
    assert json.loads(event.details)["path"] == str(made)
    # Apart from the record of the restore itself (the audit log is append-only: it stays), the data is the backup's.
    assert [line for line in dump(shop).splitlines() if "backup.restored" not in line] == snapshot.splitlines()


def test_restore_asks_first_and_refuses_bad_files_leaving_everything_untouched(
        shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["--lang", "en", "backup", "--db", str(shop)]) == 0
    made = _only_backup(shop.parent / "backups")
    before = dump(shop)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["--lang", "en", "restore", str(made), "--db", str(shop)]) == 2
    assert "--yes" in capsys.readouterr().err
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _question: "no")
    assert main(["--lang", "en", "restore", str(made), "--db", str(shop)]) == 1
    garbage = tmp_path / "holiday-photo.db"
    garbage.write_bytes(b"\xff\xd8\xff\xe0 JFIF" * 100)
    assert main(["--lang", "en", "restore", str(garbage), "--db", str(shop), "--yes"]) == 2
    assert "cannot be restored" in capsys.readouterr().err
    assert dump(shop) == before
    assert not list((shop.parent / "backups").glob("*before-restore*"))


def test_restore_brings_back_a_database_the_app_refuses_to_open(shop: Path, tmp_path: Path) -> None:
    assert main(["--lang", "en", "backup", "--db", str(shop)]) == 0
    made = _only_backup(shop.parent / "backups")
    for suffix in ("-wal", "-shm"):
        Path(f"{shop}{suffix}").unlink(missing_ok=True)
    shop.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8000)
    assert main(["--lang", "en", "check", "--db", str(shop)]) == 2  # damaged: the app will not open it
    assert main(["--lang", "en", "restore", str(made), "--db", str(shop), "--yes"]) == 0
    assert main(["--lang", "en", "check", "--db", str(shop)]) == 0


def test_the_installed_commands_back_up_and_restore(shop: Path) -> None:
    env = {**os.environ, "SHOWROOM_POS_LANG": "en"}
    run = [sys.executable, "-m", "showroom_pos.app.cli"]
    done = subprocess.run([*run, "backup", "--db", str(shop)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    made = _only_backup(shop.parent / "backups")
    done = subprocess.run([*run, "restore", str(made), "--db", str(shop), "--yes"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Restored" in done.stdout
