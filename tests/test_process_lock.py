"""One process per database (a real second process holds the lock), and ``check``'s rules about shifts."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app.cli import main
from showroom_pos.core.clock import format_datetime
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.storage import process_lock

from .conftest import Outlet
from .safety_helpers import findings, sell, stock_up

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def shop(app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session]) -> Path:
    stock_up(sessions, [outlet.tra])
    outlet.open_shift(sessions)
    sell(sessions, outlet.cashier, [outlet.tra], count=2)
    app_context.close()
    return app_context.paths.database


def _other_till(db: Path) -> subprocess.Popen[str]:
    """Another program taking the database's lock, as the app does, then waiting."""
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from showroom_pos.storage import process_lock
        process_lock.acquire(Path({str(db)!r}), "showroom-pos (the app)")
        print("held", flush=True)
        sys.stdin.readline()
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, cwd=ROOT)
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


def test_a_second_writer_is_told_who_holds_the_database_and_readers_go_on(
        shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = _other_till(shop)
    try:
        for command in (["simulate", "--days", "1", "--sales-per-day", "1"], ["user", "add", "X", "--pin", "4826"],
                        ["config", "set", "receipt.footer", "x"], ["demo"]):
            assert main(["--lang", "en", *command, "--db", str(shop)]) == 2, command
            err = capsys.readouterr().err
            assert "already in use by showroom-pos (the app)" in err and f"process {other.pid}" in err, err
            since = datetime.fromisoformat(process_lock.holder(shop)["since"])
            assert since.utcoffset() == timedelta(0)
            assert f"since {format_datetime(since, seconds=True)})" in err, err  # the showroom's clock, not UTC
        assert main(["--lang", "en", "restore", str(shop), "--db", str(shop), "--yes"]) == 2
        assert main(["--lang", "en", "check", "--db", str(shop)]) == 0  # reading is fine beside a till
        assert main(["--lang", "en", "backup", "--db", str(shop)]) == 0
    finally:
        other.send_signal(signal.SIGKILL)  # a crash: the operating system drops its lock
        other.wait()
    assert main(["--lang", "en", "config", "set", "receipt.footer", "Cảm ơn", "--db", str(shop)]) == 0
    assert main(["--lang", "en", "config", "set", "receipt.footer", "Cảm ơn!", "--db", str(shop)]) == 0  # released


def test_a_second_window_of_the_app_is_refused(qtbot: object, shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_open_errors import _gui_refusal

    other = _other_till(shop)
    try:
        text = _gui_refusal(AppPaths.resolve(shop), monkeypatch)
    finally:
        other.kill()
        other.wait()
    assert "already in use" in text and str(other.pid) in text
    assert not process_lock.held_by_this_process(shop)


def test_the_lock_is_held_while_a_context_is_open_and_dropped_with_it(shop: Path) -> None:
    ctx = AppContext.open(AppPaths.resolve(shop), lock="test")
    probe = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
        from pathlib import Path
        from showroom_pos.storage import process_lock
        try:
            process_lock.acquire(Path({str(shop)!r}), "probe")
        except process_lock.DatabaseInUse as exc:
            print(exc.params["program"])
    """)], capture_output=True, text=True, cwd=ROOT, check=True)
    assert probe.stdout.strip() == "test"
    ctx.close()
    assert not process_lock.held_by_this_process(shop)


def test_check_verifies_shifts(shop: Path) -> None:
    assert findings(shop) == []
    conn = sqlite3.connect(shop)
    with conn:
        (shift_id, opened) = conn.execute("SELECT id, opened_at FROM shift").fetchone()
        # Two runs interleaved: a shift closed before it was opened, a second open shift, a sale outside its shift.
        conn.execute("UPDATE shift SET closed_at = '2000-01-01 00:00:00.000000' WHERE id = ?", (shift_id,))
        for other, start, closed in (("second", opened, "9000-01-01 00:00:00.000000"),
                                     ("third", "8000-01-01 00:00:00.000000", None)):
            conn.execute("INSERT INTO shift (id, terminal_id, user_id, business_day, opened_at, opening_float, "
                         "closed_at) SELECT ?, terminal_id, user_id, business_day, ?, 0, ? FROM shift WHERE id = ?",
                         (other, start, closed, shift_id))
    conn.close()
    rules = {f.rule for f in findings(shop)}
    assert "every shift is opened before it is closed" in rules
    assert "every sale lies inside its shift, on its till" in rules
    assert "shifts of one till do not overlap" in rules


def test_two_simulate_runs_cannot_interleave_their_shifts(shop: Path) -> None:
    """The fault trial's case: two real ``showroom-pos simulate`` processes on one file."""
    command = [sys.executable, "-m", "showroom_pos.app.cli", "simulate", "--db", str(shop), "--days", "30",
               "--sales-per-day", "40"]
    env = {**os.environ, "SHOWROOM_POS_LANG": "en"}
    first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not process_lock.holder(shop).get("pid") and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert first.poll() is None, first.communicate()
        second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 2 and "already in use by showroom-pos simulate" in second.stderr
        assert f"process {first.pid}" in second.stderr and "Traceback" not in second.stderr
    finally:
        first.kill()
        first.wait()
    # The killed run leaves its back-dated shift open (check then reports it overlapping the later ones);
    # the second run changed nothing: every sale is whole and inside its shift.
    rules = {f.rule for f in findings(shop)}
    assert rules <= {"shifts of one till do not overlap"}, rules
