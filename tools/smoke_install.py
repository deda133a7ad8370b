"""Try an installed app as a showroom PC meets it: nothing of the source tree beside it, no data yet.

    python tools/smoke_install.py wheel            # build the wheel, install it into a fresh venv, try it
    python tools/smoke_install.py wheel --wheel F  # the same with a wheel already built from this tree (CI's)
    python tools/smoke_install.py bundle DIR       # try a one-folder bundle (tools/build_app.py)

Both run in a temporary folder outside the source tree, with their own (empty) data, cache, config and log
folders, Qt offscreen. The steps: ``--version``; (wheel) every shipped file is installed; the GUI's first
start on no data shows the setup dialog; ``demo``; ``check`` in Vietnamese; a raster ``reprint`` to a file
printer; ``labels``; a report as PDF in Vietnamese; the GUI up to the PIN screen (timed); then data from the
previous release (schema one migration behind) is migrated on open, with the copy aside, and still checks.
Exit 1 at the first failure.
The wheel's venv installs with ``constraints.txt``, as CI and the bundle do.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # only to read the version we expect, never to run the app from the tree


class SmokeFailure(Exception):
    pass


def expected_version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "showroom_pos" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


class Installed:
    """Runs the installed ``showroom-pos`` (and, for a wheel, its Python) in an empty home of its own."""

    def __init__(self, program: Path, work: Path, python: Path | None = None) -> None:
        self.program = program
        self.python = python
        self.work = work
        home = work / "home"
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("PYTHON", "VIRTUAL_ENV", "XDG_", "SHOWROOM_"))}
        self.env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
                        XDG_STATE_HOME=str(home / "state"), XDG_CONFIG_HOME=str(home / "config"),
                        QT_QPA_PLATFORM="offscreen", SHOWROOM_POS_LANG="en")
        self.data = home / "data" / "showroom-pos"

    def run(self, *args: str, lang: str = "en", expect: int = 0, timeout: float = 120) -> str:
        env = dict(self.env, SHOWROOM_POS_LANG=lang)
        command = [str(self.program), *args]
        out = subprocess.run(command, cwd=self.work, env=env, capture_output=True, text=True, timeout=timeout,
                             check=False)
        if out.returncode != expect:
            raise SmokeFailure(f"{' '.join(args)}: exit {out.returncode} (wanted {expect})\n{out.stdout[-3000:]}\n"
                               f"{out.stderr[-3000:]}")
        return out.stdout + out.stderr

    def python_module(self, module: str) -> str:
        assert self.python is not None
        out = subprocess.run([str(self.python), "-m", module], cwd=self.work, env=self.env, capture_output=True,
                             text=True, check=False)
        if out.returncode != 0:
            raise SmokeFailure(f"python -m {module}: exit {out.returncode}\n{out.stdout}\n{out.stderr}")
        return out.stdout


def step(name: str, figures: dict[str, float]) -> _Step:
    return _Step(name, figures)


class _Step:
    def __init__(self, name: str, figures: dict[str, float]) -> None:
        self.name, self.figures = name, figures

    def __enter__(self) -> None:
        self.started = time.perf_counter()
        print(f"- {self.name} …", end=" ", flush=True)

    def __exit__(self, kind: object, *_: object) -> None:
        took = time.perf_counter() - self.started
        self.figures[self.name] = took
        print("ok" if kind is None else "FAILED", f"({took:.1f} s)", flush=True)


def try_app(app: Installed, figures: dict[str, float]) -> None:
    version = expected_version()
    with step("--version", figures):
        shown = app.run("--version").strip()
        if shown != f"showroom-pos {version}":
            raise SmokeFailure(f"--version said {shown!r}")
    if app.python is not None:
        with step("every shipped file is installed", figures):
            print(app.python_module("showroom_pos.package_data").strip(), end=" ")
    with step("first start on no data: the setup dialog", figures):
        said = app.run("--smoke", lang="vi", expect=1)
        if "smoke: setup dialog shown" not in said:
            raise SmokeFailure(f"no setup dialog: {said}")
        print(next(line for line in said.splitlines() if line.startswith("smoke:")).removeprefix("smoke: "), end=" ")
    shop = app.work / "shop.db"
    with step("demo", figures):
        app.run("demo", "--db", str(shop), "--days", "3")
    with step("check, in Vietnamese", figures):
        said = app.run("check", "--db", str(shop), lang="vi")
        first_line = said.strip().splitlines()[0]  # "Mọi kiểm tra đều đạt: …" (all checks passed)
        if not any(ch in first_line for ch in "ạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ"):
            raise SmokeFailure(f"check did not answer in Vietnamese:\n{said}")
        print(first_line, end=" ")
    printed = app.work / "receipt.bin"
    with step("raster reprint to a file printer", figures):
        with sqlite3.connect(shop) as conn:
            [receipt_no] = conn.execute("SELECT receipt_no FROM sale ORDER BY created_at DESC LIMIT 1").fetchone()
        app.run("config", "set", "printer.mode", "raster", "--db", str(shop))
        app.run("reprint", receipt_no, "--printer", f"file:{printed}", "--db", str(shop))
        data = printed.read_bytes()
        if b"\x1dv0" not in data:  # GS v 0: a raster image, the receipt drawn with the shipped font
            raise SmokeFailure(f"no raster image in {len(data)} bytes of receipt")
    with step("labels", figures):
        labels = app.work / "labels.pdf"
        app.run("labels", "--out", str(labels), "--db", str(shop))
        if not labels.read_bytes().startswith(b"%PDF"):
            raise SmokeFailure("labels.pdf is not a PDF")
    with step("a report as PDF, in Vietnamese (fpdf2, the shipped font)", figures):
        report = app.work / "report.pdf"
        app.run("report", "sales", "--kind", "summary", "--format", "pdf", "-o", str(report), "--db", str(shop),
                lang="vi")
        data = report.read_bytes()
        if not data.startswith(b"%PDF") or b"DejaVuSans" not in data:
            raise SmokeFailure(f"report.pdf is not a PDF in the shipped font ({len(data)} bytes)")
        if shutil.which("pdftotext"):  # poppler reads the Vietnamese back, as a reader copying it would
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(report), "-"], capture_output=True,
                                  check=True, text=True, encoding="utf-8").stdout
            if "Trang 1/" not in text:
                raise SmokeFailure(f"report.pdf does not read back in Vietnamese:\n{text[:2000]}")
    with step("GUI up to the PIN screen", figures):
        said = app.run("--db", str(shop), "--smoke", lang="vi")
        if "smoke: PIN screen shown" not in said:
            raise SmokeFailure(f"no PIN screen: {said}")
        print(next(line for line in said.splitlines() if line.startswith("smoke:")).removeprefix("smoke: "), end=" ")
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        app.run("--db", str(shop), "--smoke", lang="vi")
        runs.append(time.perf_counter() - started)
    figures["launch to PIN screen, wall (best of 3)"] = min(runs)
    with step("data of the previous release: migrated on open, copy aside", figures):
        with sqlite3.connect(shop) as conn:  # as 0004 left it: undo 0005, 0006, 0008, 0010, 0011
            conn.execute("DROP INDEX ix_product_sku_nocase")
            conn.execute('ALTER TABLE "user" DROP COLUMN lockouts')
            # 0008 recorded cash rounding: an older release took the exact amount in cash instead.
            conn.execute("""UPDATE payment SET amount = amount - r.rounding, tendered = tendered - r.rounding
                            FROM (SELECT MIN(p.id) AS id, s.cash_rounding AS rounding FROM payment p
                                  JOIN sale s ON s.id = p.sale_id WHERE p.method = 'cash' AND s.cash_rounding <> 0
                                  GROUP BY p.sale_id) AS r WHERE payment.id = r.id""")
            # …and its drawers expected (and were counted with) that exact cash: a closed shift's expected cash is
            # its cash, which check verifies.
            conn.execute("""UPDATE shift SET expected_cash = expected_cash - r.rounding,
                                             counted_cash = counted_cash - r.rounding
                            FROM (SELECT shift_id, SUM(cash_rounding) AS rounding FROM sale
                                  WHERE status = 'completed' GROUP BY shift_id) AS r
                            WHERE shift.id = r.shift_id AND shift.closed_at IS NOT NULL""")
            conn.execute("ALTER TABLE sale DROP COLUMN cash_rounding")
            conn.execute("DROP TABLE einvoice")  # 0010: e-invoices came later
            # 0011 recorded the rounding of cash refunds (the demo has no returns: nothing to give back).
            conn.execute("ALTER TABLE sale_return DROP COLUMN cash_rounding")
            conn.execute("UPDATE alembic_version SET version_num = '0004'")
        app.run("check", "--db", str(shop))
        with sqlite3.connect(shop) as conn:
            [revision] = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            index = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'ix_product_sku_nocase'").fetchone()
        copies = list((shop.parent / "backups").glob("shop-before-*.db"))
        if revision == "0004" or index is None or not copies:
            raise SmokeFailure(f"not migrated: revision {revision}, index {index}, copies {copies}")


def smoke_wheel(work: Path, figures: dict[str, float], built: Path | None = None) -> None:
    """``built``: a wheel already built from this tree (CI builds one for the tests and this smoke), else built now."""
    if built is not None:
        if not built.is_file():
            raise SmokeFailure(f"no wheel {built}")
        wheel = built
    else:
        with step("build the wheel", figures):
            subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work / "dist"),
                            str(ROOT)], check=True, capture_output=True)
            [wheel] = (work / "dist").glob("showroom_pos-*.whl")
    venv = work / "venv"
    with step("install it into a fresh venv (constraints.txt)", figures):
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        bindir = venv / ("Scripts" if os.name == "nt" else "bin")
        subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", "-c", str(ROOT / "constraints.txt"),
                        str(wheel)], check=True, capture_output=True, cwd=work)
    try_app(Installed(bindir / "showroom-pos", work, python=bindir / "python"), figures)


def smoke_bundle(folder: Path, work: Path, figures: dict[str, float]) -> None:
    exe = folder / ("showroom-pos.exe" if os.name == "nt" else "showroom-pos")
    if not exe.is_file():
        raise SmokeFailure(f"no executable {exe}")
    # nothing of this machine's Python may help the bundle: run it from a copy under the work folder
    copy = work / "bundle"
    shutil.copytree(folder, copy, symlinks=True)
    try_app(Installed(copy / exe.name, work), figures)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["wheel", "bundle"])
    parser.add_argument("folder", nargs="?", type=Path, help="the bundle's folder (bundle only)")
    parser.add_argument("--wheel", type=Path, help="wheel only: a wheel built from this tree, instead of building one")
    args = parser.parse_args(argv)
    figures: dict[str, float] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"showroom-smoke-{args.kind}-") as tmp:
        work = Path(tmp)
        print(f"{args.kind} smoke in {work}")
        try:
            if args.kind == "wheel":
                smoke_wheel(work, figures, args.wheel.resolve() if args.wheel else None)
            else:
                if args.folder is None:
                    parser.error("bundle needs the bundle's folder")
                smoke_bundle(args.folder.resolve(), work, figures)
        except (SmokeFailure, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            detail = getattr(exc, "stderr", None)
            print(f"\n{args.kind} smoke FAILED: {exc}\n{detail or ''}", file=sys.stderr)
            return 1
    print(f"{args.kind} smoke passed in {time.perf_counter() - started:.1f} s; "
          f"launch to PIN screen {figures['launch to PIN screen, wall (best of 3)']:.2f} s (wall, best of 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
