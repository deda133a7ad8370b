"""Rescue from a read-only disk: backups to another folder, the list of backups, exports, reports and check all
work on a database that cannot be written (a real file system remounted read-only), and nothing is written."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from showroom_pos.app.cli import main
from showroom_pos.services import backup

from .safety_helpers import count_sales, remount_read_only, small_disk

ROOT = Path(__file__).resolve().parents[1]


def _till_killed_after_selling(db: Path, *, clean: bool) -> None:
    """A till process that sells three times, then dies (SIGKILL: its -wal and -shm stay) or closes cleanly."""
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from showroom_pos.runtime.context import AppContext
        from showroom_pos.runtime.paths import AppPaths
        from tests.conftest import Outlet
        from tests.safety_helpers import sell, stock_up
        ctx = AppContext.open(AppPaths.resolve(Path({str(db)!r})))
        outlet = Outlet(ctx.sessions)
        stock_up(ctx.sessions, [outlet.tra])
        outlet.open_shift(ctx.sessions)
        sell(ctx.sessions, outlet.cashier, [outlet.tra], count=3)
        if {clean!r}:
            ctx.close()
        else:
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=False, capture_output=True)


@pytest.fixture(params=["closed", "killed"])
def read_only_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", "8m") as disk:
        db = disk / "showroom.db"
        _till_killed_after_selling(db, clean=request.param == "closed")
        assert db.with_name(db.name + "-wal").exists() == (request.param == "killed")
        remount_read_only(disk)
        yield db


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_rescue_works_on_a_read_only_disk(read_only_db: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    db, stick = read_only_db, tmp_path / "usb"
    stick.mkdir()
    before = sorted(p.name for p in db.parent.iterdir())

    code, out, err = _run(["check", "--db", str(db)], capsys)
    assert code == 0 and "All checks passed" in out and "read-only" in err

    code, out, err = _run(["backup", "--db", str(db), "--to", str(stick)], capsys)
    assert code == 0, err
    [made] = backup.list_backups(stick)
    assert backup.verify(made.path) == "ok" and count_sales(made.path) == 3  # the sales in the -wal too

    code, out, err = _run(["backup", "--db", str(db), "--list", "--to", str(stick)], capsys)
    assert code == 0 and made.path.name in out

    for export in (["export", "products", str(stick / "products.xlsx")], ["export", "stock", str(stick / "s.csv")]):
        code, out, err = _run([*export, "--db", str(db)], capsys)
        assert code == 0, err
    code, out, err = _run(["report", "sales", "--kind", "summary", "--format", "csv", "-o", str(stick / "r.csv"),
                           "--db", str(db)], capsys)
    assert code == 0, err
    code, out, err = _run(["config", "get", "outlet.code", "--db", str(db)], capsys)
    assert code == 0 and out.strip() == "CL01"

    # What writes is refused with the true reason, never a traceback.
    code, out, err = _run(["config", "set", "receipt.footer", "x", "--db", str(db)], capsys)
    assert code == 2 and "read-only" in err and "Traceback" not in err
    assert sorted(p.name for p in db.parent.iterdir()) == before
