"""Kills during a migration and during a restore: the database afterwards is whole, either before or after,
and the copies made on the way are sound or absent (the crash test's kills during sales and during the
high-water mark's write are in ``test_crash.py``).

A real ``showroom-pos`` process is started and SIGKILLed after a random delay, ``SHOWROOM_CRASH_STEPS``
times each (default 6); afterwards the database must open, pass ``check`` and hold exactly the sales of one
side, never a mix.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from showroom_pos.app.cli import main
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import backup
from showroom_pos.services.context import Actor
from showroom_pos.storage import sqlite_file
from showroom_pos.storage.models import Product, Terminal, User

from .conftest import Outlet
from .safety_helpers import count_sales, sell, stock_up
from .test_open_errors import _older

ROOT = Path(__file__).resolve().parents[1]
STEPS = int(os.environ.get("SHOWROOM_CRASH_STEPS", "6"))
SEED = int(os.environ.get("SHOWROOM_CRASH_SEED", str(random.SystemRandom().randrange(1 << 30))))
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")


def _shop(path: Path, sales: int) -> None:
    ctx = AppContext.open(AppPaths.resolve(path))
    try:
        outlet = Outlet(ctx.sessions)
        stock_up(ctx.sessions, [outlet.tra])
        outlet.open_shift(ctx.sessions)
        sell(ctx.sessions, outlet.cashier, [outlet.tra], count=sales)
    finally:
        ctx.close()


def _kill_after(args: list[str], delay: float) -> None:
    child = subprocess.Popen([sys.executable, "-m", "showroom_pos.app.cli", *args], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        child.wait(delay)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait()


def _timed(args: list[str]) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "showroom_pos.app.cli", *args], cwd=ROOT, check=True,
                   capture_output=True)
    return time.monotonic() - started


def _sound_copies(folder: Path) -> None:
    for copy in folder.glob("*.db"):
        assert sqlite_file.integrity_check(copy) == "ok", copy


def test_kills_during_a_migration_leave_the_database_whole(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(SEED)
    template = tmp_path / "template.db"
    _shop(template, 3)
    _older(template)
    probe = tmp_path / "probe" / "showroom.db"
    probe.parent.mkdir()
    shutil.copyfile(template, probe)
    whole = _timed(["check", "--db", str(probe)])
    for step in range(STEPS):
        folder = tmp_path / f"m{step}"
        folder.mkdir()
        db = folder / "showroom.db"
        shutil.copyfile(template, db)
        _kill_after(["check", "--db", str(db)], rng.uniform(0.2, whole))
        _sound_copies(folder / "backups")
        capsys.readouterr()
        assert main(["--lang", "en", "check", "--db", str(db)]) == 0, (SEED, step, capsys.readouterr())
        assert count_sales(db) == 3
        assert not list(folder.glob("backups/*.partial*")), (SEED, step)
        _sound_copies(folder / "backups")


def test_kills_during_a_restore_leave_the_old_or_the_restored_database(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(SEED)
    template = tmp_path / "template.db"
    _shop(template, 2)
    ctx = AppContext.open(AppPaths.resolve(template))
    try:
        old = backup.backup_now(ctx.engine, tmp_path / "stick", kind="manual").path
        with ctx.sessions() as session:
            cashier = session.scalars(select(User).where(User.role == "cashier")).one()
            terminal = session.scalars(select(Terminal)).one()
            tra = session.scalars(select(Product).where(Product.sku == "TRV-TMC")).one()
            actor = Actor(cashier.id, terminal.id, "cashier")
        sell(ctx.sessions, actor, [tra.id], count=3)
    finally:
        ctx.close()
    probe = tmp_path / "probe" / "showroom.db"
    probe.parent.mkdir()
    shutil.copyfile(template, probe)
    whole = _timed(["restore", str(old), "--db", str(probe), "--yes"])
    for step in range(STEPS):
        folder = tmp_path / f"r{step}"
        folder.mkdir()
        db = folder / "showroom.db"
        shutil.copyfile(template, db)
        _kill_after(["restore", str(old), "--db", str(db), "--yes"], rng.uniform(0.2, whole))
        assert count_sales(db) in (2, 5), (SEED, step)  # the backup's or the database's, never a mix
        _sound_copies(folder / "backups")
        capsys.readouterr()
        assert main(["--lang", "en", "check", "--db", str(db)]) in (0, 1), (SEED, step)
        out = capsys.readouterr()
        assert "Traceback" not in out.err
        # Whatever check says about the high-water mark (a restored old backup is behind it), the data is whole:
        assert not [line for line in out.err.splitlines() if line.startswith("FAILED") and "high-water" not in line]
        # and restoring again (what the person does next) works from any state the kill left.
        assert main(["--lang", "en", "restore", str(old), "--db", str(db), "--yes"]) == 0, (SEED, step)
        assert count_sales(db) == 2
