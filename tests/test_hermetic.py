"""Tests and commands on a named database leave the user's folders alone: every test runs in a home of its own
(``own_home`` in conftest), and a command given ``--db`` writes its log beside that database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from platformdirs import user_cache_dir, user_config_dir

from showroom_pos.runtime.paths import AppPaths

from .conftest import RUN_HOME


def _real_home() -> Path:
    pwd = pytest.importorskip("pwd")  # the account's home, whatever HOME says
    return Path(pwd.getpwuid(os.getuid()).pw_dir)


def test_every_test_has_a_home_of_its_own(own_home: Path) -> None:
    paths = AppPaths.resolve()
    folders = [paths.database, paths.backups, paths.logs, paths.printer_output, paths.marks,
               Path(user_cache_dir("showroom-pos")), Path(user_config_dir("showroom-pos")), Path.home()]
    for folder in folders:
        assert folder == own_home or own_home in folder.parents, folder
    assert _real_home() not in own_home.parents and own_home != _real_home()


def test_qt_settings_are_never_in_the_real_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Qt fixes its settings folder at its first use: the home of the run or of the first test using it."""
    from PySide6.QtCore import QSettings

    where = Path(QSettings("OCOP Showroom POS", "showroom-pos").fileName())
    assert RUN_HOME in where.parents or tmp_path_factory.getbasetemp() in where.parents, where
    assert _real_home() not in where.parents


def test_commands_on_a_named_database_log_beside_it(tmp_path: Path) -> None:
    """The log follows ``--db`` (given before the command or after it); the user's log folder is not made.
    What the home may still receive is a cache (python-escpos's profiles) and the high-water marks, which
    are kept apart from the database on purpose (a restored folder must not restore its mark)."""
    home, shop = tmp_path / "home", tmp_path / "shop" / "shop.db"
    home.mkdir()
    shop.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ESCPOS_", "SHOWROOM_POS_DB"))}
    env["HOME"] = str(home)  # the user's folders where platformdirs puts them by default
    for args in (["demo", "--db", str(shop), "--days", "1"], ["--db", str(shop), "check"]):
        run = subprocess.run([sys.executable, "-m", "showroom_pos.app.cli", "--lang", "en", *args], env=env,
                             capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
    log = shop.parent / "logs" / "showroom-pos.log"
    assert "alembic" in log.read_text(encoding="utf-8")  # the demo's migrations, logged beside its database
    made = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file())
    assert made and all(p.startswith((".cache/showroom-pos/", ".local/state/showroom-pos/high-water/"))
                        for p in made), made
    assert not (home / ".local" / "state" / "showroom-pos" / "log").exists()
    assert not (home / ".local" / "share").exists()  # no data folder either: the demo's printer output is beside it


def test_the_log_folder_follows_the_named_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   own_home: Path) -> None:
    named = AppPaths.resolve(tmp_path / "shop.db")
    assert (named.logs, named.backups, named.printer_output) == (
        tmp_path / "logs", tmp_path / "backups", tmp_path / "printer")
    assert own_home in named.marks.parents  # the marks stay apart from the database's folder
    monkeypatch.setenv("SHOWROOM_POS_DB", str(tmp_path / "env.db"))
    assert AppPaths.resolve().logs == tmp_path / "logs"
    monkeypatch.delenv("SHOWROOM_POS_DB")
    assert own_home in AppPaths.resolve().logs.parents
