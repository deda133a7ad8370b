"""Build the app for showroom PCs: a one-folder PyInstaller bundle, ``python tools/build_app.py``.

Steps (each one printed):

1. a fresh build venv (``build/bundle-venv``) gets the project *installed* (not editable) with its ``bundle``
   extra, every version from ``constraints.txt``: the bundle holds what a tested till runs;
2. the Vietnamese catalogue is compiled to ``showroom_vi.qm`` (the bundle carries no ``lrelease``);
3. PyInstaller freezes ``showroom-pos`` into ``dist/showroom-pos/`` with the package's shipped files
   (migrations, seed data, fonts, icons, the compiled catalogue) in their places inside ``showroom_pos/``, so
   ``importlib.resources`` finds them as in a wheel;
4. Linux: ``showroom-pos.desktop``, ``showroom-pos.png`` and ``install-desktop-entry.sh`` go into the folder,
   which is packed as ``dist/showroom-pos-VERSION-linux-ARCH.tar.gz``;
   Windows: the executable is windowed and carries the icon; with Inno Setup's ``iscc`` on the PATH the
   installer ``installer/showroom-pos.iss`` is compiled into ``dist/showroom-pos-VERSION-setup.exe``.

Then try it: ``python tools/smoke_install.py bundle dist/showroom-pos``. The data never lives in the bundle
(platformdirs: ``~/.local/share/showroom-pos`` on Linux, ``%LOCALAPPDATA%\\showroom-pos`` on Windows), so
replacing the folder with a newer build keeps it, and the new build migrates it on open (copy aside first).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "showroom-pos"
WINDOWS = os.name == "nt"

# Modules imported by name at run time (commands, screens), which PyInstaller's analysis cannot see.
# fontTools (fpdf2's font subsetter) imports the module of each font table by its tag.
COLLECT_SUBMODULES = ("showroom_pos.core", "showroom_pos.storage", "showroom_pos.services", "showroom_pos.hardware",
                      "showroom_pos.sync", "showroom_pos.runtime", "showroom_pos.ui", "showroom_pos.app",
                      "alembic.ddl", "alembic.operations", "fontTools.ttLib.tables")
# What the migration scripts import: alembic loads them from files, after the analysis.
# pyserial loads the handler of a socket:// or rfc2217:// pole display port by name.
HIDDEN_IMPORTS = ("alembic.op", "alembic.context", "alembic.runtime.migration", "sqlalchemy.dialects.sqlite",
                  "logging.config", "serial.urlhandler.protocol_socket", "serial.urlhandler.protocol_rfc2217")
# Libraries that read files of their own: python-escpos's printer profiles, python-barcode's font,
# python-stdnum's tax-code tables, fpdf2's colour profile.
COLLECT_DATA = ("escpos", "barcode", "stdnum", "fpdf")
# The province server and the test tools are not part of a till.
EXCLUDE = ("showroom_pos.province", "fastapi", "uvicorn", "uvloop", "httptools", "psycopg", "pytest", "hypothesis",
           "mypy", "tkinter")


def version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "showroom_pos" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def desktop_entry(exec_path: str = NAME, icon: str = NAME) -> str:
    """The freedesktop.org entry: the menu item and the name and icon the taskbar shows (the app sets the
    same desktop file name, so the window is matched to it)."""
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=OCOP Showroom POS",
        "GenericName=Point of sale",
        "GenericName[vi]=Phần mềm bán hàng",
        "Comment=Point of sale for OCOP showrooms",
        "Comment[vi]=Bán hàng tại điểm giới thiệu và bán sản phẩm OCOP",
        f"Exec={exec_path}",
        f"Icon={icon}",
        "Terminal=false",
        "Categories=Office;Finance;",
        "StartupWMClass=showroom-pos",
        "",
    ])


INSTALL_DESKTOP_ENTRY = """#!/bin/sh
# Put OCOP Showroom POS in this user's application menu (and, with --autostart, start it at login),
# pointing at this folder. Run it again after moving the folder. The data is not here: see the About dialog.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons"
cp "$here/showroom-pos.png" "$icons/showroom-pos.png"
sed "s|^Exec=.*|Exec=\\"$here/showroom-pos\\"|" "$here/showroom-pos.desktop" > "$apps/showroom-pos.desktop"
if [ "${1:-}" = "--autostart" ]; then
  mkdir -p "${XDG_CONFIG_HOME:-$HOME/.config}/autostart"
  cp "$apps/showroom-pos.desktop" "${XDG_CONFIG_HOME:-$HOME/.config}/autostart/showroom-pos.desktop"
fi
echo "OCOP Showroom POS is in the application menu ($apps/showroom-pos.desktop)"
"""


def inno_command(iscc: str, app_version: str) -> list[str]:
    """Inno Setup's compiler on ``installer/showroom-pos.iss``; the version comes from the package, only here."""
    return [iscc, f"/DAppVersion={app_version}", str(ROOT / "installer" / "showroom-pos.iss")]


def run(command: list[str]) -> None:
    print("  $", " ".join(command), flush=True)
    subprocess.run(command, check=True)


def build_venv(venv: Path) -> Path:
    """A fresh venv with the project installed from a wheel, every version pinned by constraints.txt."""
    if venv.exists():
        shutil.rmtree(venv)
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / ("Scripts/python.exe" if WINDOWS else "bin/python")
    run([str(python), "-m", "pip", "install", "-q", "-c", str(ROOT / "constraints.txt"), f"{ROOT}[bundle]"])
    return python


def site_package(python: Path) -> Path:
    out = subprocess.run([str(python), "-c", "import showroom_pos, pathlib; print(pathlib.Path(showroom_pos.__file__)"
                                             ".parent)"], check=True, capture_output=True, text=True)
    return Path(out.stdout.strip())


def compile_catalogue(python: Path, package: Path, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    qm = out / "showroom_vi.qm"
    script = ("import subprocess, sys; from showroom_pos.runtime.i18n import lrelease_tool; "
              "subprocess.run([str(lrelease_tool()), '-silent', sys.argv[1], '-qm', sys.argv[2]], check=True)")
    run([str(python), "-c", script, str(package / "resources" / "i18n" / "showroom_vi.ts"), str(qm)])
    return qm


def pyinstaller_command(python: Path, package: Path, qm: Path, work: Path, dist: Path) -> list[str]:
    sep = os.pathsep  # PyInstaller's SOURCE:DEST separator (";" on Windows)
    entry = work / "showroom-pos.py"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text("import sys\n\nfrom showroom_pos.app.cli import main\n\nsys.exit(main())\n", encoding="utf-8")
    data = [
        (package / "db" / "alembic.ini", "showroom_pos/db"),
        (package / "db" / "migrations", "showroom_pos/db/migrations"),
        (package / "db" / "seed", "showroom_pos/db/seed"),
        (package / "resources" / "fonts", "showroom_pos/resources/fonts"),
        (package / "resources" / "icons", "showroom_pos/resources/icons"),
        (package / "resources" / "einvoice", "showroom_pos/resources/einvoice"),  # the e-invoice rules
        (package / "resources" / "sample_ocop_products.csv", "showroom_pos/resources"),
        (package / "resources" / "sample_ocop_products.xlsx", "showroom_pos/resources"),
        (qm, "showroom_pos/resources/i18n"),
    ]
    command = [str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--onedir", "--name", NAME,
               "--distpath", str(dist), "--workpath", str(work / "pyinstaller"), "--specpath", str(work),
               "--icon", str(package / "resources" / "icons" / "showroom-pos.ico")]
    if WINDOWS:
        command.append("--windowed")  # a till shows no console window behind the app
    for source, dest in data:
        command += ["--add-data", f"{source}{sep}{dest}"]
    for name in COLLECT_SUBMODULES:
        command += ["--collect-submodules", name]
    for name in HIDDEN_IMPORTS:
        command += ["--hidden-import", name]
    for name in COLLECT_DATA:
        command += ["--collect-data", name]
    for name in EXCLUDE:
        command += ["--exclude-module", name]
    return [*command, str(entry)]


def linux_extras(folder: Path, package: Path, app_version: str, dist: Path) -> Path:
    (folder / f"{NAME}.desktop").write_text(desktop_entry(), encoding="utf-8")
    shutil.copy2(package / "resources" / "icons" / "showroom-pos.png", folder / f"{NAME}.png")
    script = folder / "install-desktop-entry.sh"
    script.write_text(INSTALL_DESKTOP_ENTRY, encoding="utf-8")
    script.chmod(0o755)
    tarball = dist / f"{NAME}-{app_version}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(folder, arcname=f"{NAME}-{app_version}")
    return tarball


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bundle", help="build files (default: build/)")
    parser.add_argument("--reuse-venv", action="store_true", help="keep an existing build venv (faster rebuilds)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    app_version = version()
    venv = args.work / "venv"
    print(f"1. build venv {venv}")
    python = venv / ("Scripts/python.exe" if WINDOWS else "bin/python")
    if not (args.reuse_venv and python.exists()):
        python = build_venv(venv)
    package = site_package(python)
    print("2. compile the Vietnamese catalogue")
    qm = compile_catalogue(python, package, args.work / "i18n")
    print("3. PyInstaller")
    run(pyinstaller_command(python, package, qm, args.work, args.dist))
    folder = args.dist / NAME
    print("4. desktop files")
    if WINDOWS:
        iscc = shutil.which("iscc") or shutil.which("ISCC")
        if iscc:
            run(inno_command(iscc, app_version))
        else:
            print("  Inno Setup (iscc) is not on the PATH: the installer is not built; "
                  "the folder dist\\showroom-pos works on its own")
    else:
        tarball = linux_extras(folder, package, app_version, args.dist)
        print(f"  {tarball} ({tarball.stat().st_size / 1e6:.0f} MB)")
    print(f"built {folder} ({folder_size(folder) / 1e6:.0f} MB) in {time.perf_counter() - started:.0f} s; "
          f"try it: python tools/smoke_install.py bundle {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
