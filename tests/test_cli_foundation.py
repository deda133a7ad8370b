"""The headless commands: demo, check, config, user add, and clear errors for bad paths."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from showroom_pos.app.cli import main


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(path), "--days", "5"]) == 0
    return path


def test_demo_seeds_a_realistic_showroom_that_passes_check(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(demo_db) as conn:
        products = conn.execute("SELECT count(*) FROM product").fetchone()[0]
        producers = conn.execute("SELECT count(DISTINCT kind), count(*) FROM producer").fetchone()
        stars = {r[0] for r in conn.execute("SELECT DISTINCT stars FROM product")}
        weight = conn.execute("SELECT count(*) FROM product WHERE sold_by_weight").fetchone()[0]
        instore = conn.execute("SELECT count(*) FROM product_barcode WHERE code LIKE '2%'").fetchone()[0]
        expired = conn.execute("SELECT count(*) FROM product WHERE certificate_expires < date('now')").fetchone()[0]
        soon = conn.execute("SELECT count(*) FROM product WHERE certificate_expires BETWEEN date('now') "
                            "AND date('now', '+60 days')").fetchone()[0]
        roles = {r[0] for r in conn.execute("SELECT role FROM user")}
        open_shifts = conn.execute("SELECT count(*) FROM shift WHERE closed_at IS NULL").fetchone()[0]
        days = conn.execute("SELECT count(DISTINCT business_day) FROM sale").fetchone()[0]
    assert products >= 60 and producers[0] == 4 and producers[1] >= 15
    assert stars == {3, 4, 5}
    assert weight >= 3 and instore >= 3
    assert expired == 1 and soon >= 2
    assert roles == {"admin", "manager", "cashier"}
    assert open_shifts == 1 and days >= 5
    capsys.readouterr()
    assert main(["check", "--db", str(demo_db)]) == 0
    assert "passed" in capsys.readouterr().out


def ledger_edited_by_hand(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo whose first stock movement was changed outside the app."""
    copy = tmp_path / "edited.db"
    with sqlite3.connect(demo_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE stock_movement SET qty = qty + 5 WHERE rowid = (SELECT min(rowid) FROM stock_movement)")
    return copy


def test_check_fails_on_a_ledger_edited_by_hand(demo_db: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    copy = ledger_edited_by_hand(demo_db, tmp_path)
    assert main(["check", "--db", str(copy)]) == 1
    assert "on-hand equals the stock ledger" in capsys.readouterr().err


def test_demo_refuses_a_database_that_already_has_a_showroom(demo_db: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--db", str(demo_db)]) == 2
    assert "already" in capsys.readouterr().err


def test_config_get_and_set(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cfg.db"
    with sqlite3.connect(demo_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    assert main(["config", "set", "printer.connection", "file:/tmp/out.bin", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["config", "get", "printer.connection", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip() == "file:/tmp/out.bin"
    assert main(["config", "set", "no.such", "x", "--db", str(db)]) == 2
    assert "Unknown setting" in capsys.readouterr().err
    assert main(["config", "set", "bank.bin", "12", "--db", str(db)]) == 2
    assert main(["config", "set", "province.token", "abcdefgh12345678", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["config", "get", "province.token", "--db", str(db)]) == 0
    shown = capsys.readouterr().out
    assert "abcdefgh" not in shown and shown.strip().endswith("5678")


def test_user_add_refuses_short_pins(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "users.db"
    with sqlite3.connect(demo_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    assert main(["user", "add", "Lê Thị Hoa", "--role", "cashier", "--pin", "12", "--db", str(db)]) == 2
    assert main(["user", "add", "Lê Thị Hoa", "--role", "cashier", "--pin", "4826", "--db", str(db)]) == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT role FROM user WHERE name = 'Lê Thị Hoa'").fetchone() == ("cashier",)


def test_a_db_in_a_missing_folder_is_a_clear_error_with_a_non_zero_exit(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "showroom_pos.app.cli", "--db", str(tmp_path / "nope" / "x.db"), "check"],
        capture_output=True, text=True, env={"SHOWROOM_POS_LANG": "en", "PATH": "/usr/bin:/bin"}, check=False,
    )
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_env_variable_chooses_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from showroom_pos.runtime.paths import AppPaths

    monkeypatch.setenv("SHOWROOM_POS_DB", str(tmp_path / "env.db"))
    assert AppPaths.resolve(None).database == tmp_path / "env.db"
    assert AppPaths.resolve(str(tmp_path / "flag.db")).database == tmp_path / "flag.db"


def test_check_names_each_failed_rule_in_vietnamese(demo_db: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    copy = ledger_edited_by_hand(demo_db, tmp_path)
    assert main(["--lang", "vi", "check", "--db", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "LỖI: tồn kho khớp sổ kho:" in err and "on-hand" not in err


def test_warnings_go_to_the_log_file_not_the_terminal(tmp_path: Path) -> None:
    """A command tells its user in their language; the log's English warning is not repeated on the terminal
    (errors still are, and ``-v`` shows everything)."""
    script = (
        "import logging, sys\n"
        "from showroom_pos.runtime.paths import AppPaths, setup_logging\n"
        f"setup_logging(AppPaths.resolve({str(tmp_path / 'x.db')!r}), verbose=len(sys.argv) > 1)\n"
        "logging.getLogger('showroom_pos.test').warning('an English warning')\n"
        "logging.getLogger('showroom_pos.test').error('an English error')\n"
    )
    quiet = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loud = subprocess.run([sys.executable, "-c", script, "-v"], capture_output=True, text=True, check=True)
    assert "an English warning" not in quiet.stderr and "an English error" in quiet.stderr
    assert "an English warning" in loud.stderr
    assert "an English warning" in (tmp_path / "logs" / "showroom-pos.log").read_text(encoding="utf-8")
