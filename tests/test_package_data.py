"""Installing like real desktop software: the wheel carries every file the code loads, found through
``importlib.resources`` (never beside the source), a missing one is a clear error, the dependencies the code
imports are declared, and the app has a name, an icon, a version and an About dialog."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from showroom_pos import __version__, package_data
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.i18n import compiled_catalogue

from .conftest import Outlet

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "showroom_pos"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel a showroom PC would install, built from this tree (as ``pip install .`` builds it); or the one
    ``SHOWROOM_TEST_WHEEL`` names, which CI (``.ci/run``) built from this tree for this and its wheel smoke."""
    if given := os.environ.get("SHOWROOM_TEST_WHEEL"):
        return zipfile.ZipFile(given)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    [built] = out.glob("showroom_pos-*.whl")
    return zipfile.ZipFile(built)


def test_every_file_the_code_loads_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    wanted = package_data.declared(PACKAGE)
    assert [w for w in wanted if w[0] == "<not literal>"] == []
    # the six kinds of shipped data the issue names are all loaded through package_data
    assert {("db", "migrations"), ("db", "province_migrations"), ("db", "alembic.ini"),
            ("db", "seed", "demo_catalogue.json"), ("resources", "i18n"), ("resources", "fonts", "DejaVuSans.ttf"),
            ("resources", "icons", "showroom-pos.png")} <= set(wanted)
    names = set(wheel.namelist())
    missing = []
    for parts in wanted:
        name = "/".join(("showroom_pos", *parts))
        if name not in names and not any(n.startswith(name + "/") for n in names):
            missing.append(name)
    assert missing == []
    # what those folders must hold for the code that reads them
    for needed in ("showroom_pos/db/migrations/env.py", "showroom_pos/db/migrations/script.py.mako",
                   "showroom_pos/db/migrations/versions/0001_initial_schema.py",
                   "showroom_pos/db/province_migrations/env.py", "showroom_pos/resources/i18n/showroom_vi.ts",
                   "showroom_pos/resources/icons/showroom-pos.ico"):
        assert needed in names
    shipped = {n for n in names if n.startswith("showroom_pos/db/migrations/versions/")}
    in_tree = {f"showroom_pos/{p.relative_to(PACKAGE).as_posix()}"
               for p in (PACKAGE / "db" / "migrations" / "versions").glob("*.py")}
    assert shipped == in_tree


def test_the_package_checks_an_installed_copy() -> None:
    """``python -m showroom_pos.package_data``: what the CI's wheel smoke runs in a fresh venv."""
    out = subprocess.run([sys.executable, "-m", "showroom_pos.package_data"], capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0, out.stderr
    assert " shipped files found in " in out.stdout


def test_no_module_finds_its_data_beside_the_source() -> None:
    """``Path(__file__).parents[2] / "db"`` worked only in a checkout: every shipped file goes through package_data."""
    offending = []
    for source in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name) and node.id == "__file__":
                offending.append(str(source.relative_to(ROOT)))
    assert offending == []


def test_a_missing_file_is_a_clear_error() -> None:
    with pytest.raises(package_data.MissingResource) as caught:
        package_data.path("resources", "fonts", "NoSuchFont.ttf")
    assert "showroom_pos/resources/fonts/NoSuchFont.ttf" in str(caught.value)
    assert "Reinstall" in str(caught.value)


def test_a_missing_translation_is_an_error_not_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package_data, "path", lambda *parts: tmp_path)
    with pytest.raises(package_data.MissingResource, match=r"showroom_vi\.ts"):
        compiled_catalogue("vi")
    # a bundle ships the catalogue compiled (it carries no lrelease): that is used as it is
    (tmp_path / "showroom_vi.qm").write_bytes(b"x")
    assert compiled_catalogue("vi") == tmp_path / "showroom_vi.qm"


def test_an_uncompilable_catalogue_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from showroom_pos.runtime import i18n

    (tmp_path / "showroom_xx.ts").write_text("not a catalogue", encoding="utf-8")
    monkeypatch.setattr(package_data, "path", lambda *parts: tmp_path)
    monkeypatch.setattr(i18n, "lrelease_tool", lambda: tmp_path / "no-lrelease-here")
    monkeypatch.setattr(i18n, "user_cache_dir", lambda *a, **k: str(tmp_path / "cache"))
    with pytest.raises(package_data.UnusableResource, match=r"showroom_xx\.ts"):
        compiled_catalogue("xx")


def test_the_compiled_catalogue_follows_the_catalogues_content_not_its_date(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Two installs of the app for one user share the cache: a newer .qm compiled from another version's catalogue
    (an upgrade, a downgrade, a second checkout) is never taken for this one's."""
    import os
    import shutil

    from showroom_pos.runtime import i18n

    shipped = package_data.path("resources", "i18n", "showroom_vi.ts")
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    for folder, extra in ((mine, "Mine"), (theirs, "Theirs")):
        folder.mkdir()
        text = shipped.read_text(encoding="utf-8").replace(
            "<context>", f"<context><name>Probe</name><message><source>Who</source><translation>{extra}</translation>"
                         "</message></context><context>", 1)
        (folder / "showroom_vi.ts").write_text(text, encoding="utf-8")
    monkeypatch.setattr(i18n, "user_cache_dir", lambda *a, **k: str(tmp_path / "cache"))
    monkeypatch.setattr(package_data, "path", lambda *parts: theirs)
    their_qm = compiled_catalogue("vi")
    os.utime(mine / "showroom_vi.ts", (1, 1))  # this install's catalogue is older than the cache
    monkeypatch.setattr(package_data, "path", lambda *parts: mine)
    my_qm = compiled_catalogue("vi")
    assert my_qm != their_qm and my_qm.exists()
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(my_qm)) and translator.translate("Probe", "Who") == "Mine"
    assert compiled_catalogue("vi") == my_qm  # compiled once
    shutil.rmtree(tmp_path / "cache")


def test_lrelease_is_found_beside_pyside6_not_beside_python() -> None:
    """``pip install --user`` puts scripts away from ``sys.executable``: PySide6's own copy is always there."""
    from showroom_pos.runtime.i18n import lrelease_tool

    assert lrelease_tool().is_file()


# Imported only after python-escpos says its optional extra is installed (``Usb.is_usable()``).
OPTIONAL_IMPORTS = ("usb",)


def test_every_third_party_import_is_a_declared_dependency() -> None:
    """``qrcode`` was imported directly but only arrived through python-escpos."""
    declared = {r.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0].split("!")[0].strip().lower()
                for r in importlib.metadata.requires("showroom-pos") or [] if "extra ==" not in r}
    distributions = importlib.metadata.packages_distributions()
    undeclared: set[str] = set()
    for source in sorted(PACKAGE.rglob("*.py")):
        relative = source.relative_to(PACKAGE).parts
        if relative[0] in ("province", "db"):
            continue  # the province server's own extra; alembic's scripts
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                       else [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
                       else [])
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in ("showroom_pos", *OPTIONAL_IMPORTS):
                    continue
                dists = {d.lower().replace("_", "-") for d in distributions.get(top, [top])}
                if not dists & {d.replace("_", "-") for d in declared} and top != "shiboken6":
                    undeclared.add(f"{top} ({source.relative_to(PACKAGE)})")
    assert sorted(undeclared) == []
    assert "qrcode" in declared


def test_version_is_one_figure_everywhere() -> None:
    out = subprocess.run([sys.executable, "-m", "showroom_pos.app.cli", "--version"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == f"showroom-pos {__version__}"
    assert importlib.metadata.version("showroom-pos") == __version__


def test_the_app_has_its_name_and_icon(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from showroom_pos.app.main import apply_identity

    assert isinstance(qapp, QApplication)
    apply_identity(qapp)
    assert not qapp.windowIcon().isNull()
    assert qapp.windowIcon().availableSizes()[0].width() == 256
    assert qapp.desktopFileName() == "showroom-pos"
    assert QCoreApplication.applicationVersion() == __version__


def test_about_dialog_shows_version_and_data_folder(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QLabel

    from showroom_pos.ui import about
    from showroom_pos.ui.preferences import PreferencesScreen
    from showroom_pos.ui.session import LoggedIn, UiSession

    screen = PreferencesScreen(UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager",
                                                               outlet.terminal_id)))
    qtbot.addWidget(screen)
    shown: list[about.AboutDialog] = []

    def exec_(self: about.AboutDialog) -> int:
        shown.append(self)
        return 0

    monkeypatch.setattr(about.AboutDialog, "exec", exec_)
    screen.about_button.click()
    [dialog] = shown  # a child of the screen: closed with it
    texts = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert texts["aboutVersion"] == __version__
    assert texts["aboutDataFolder"] == str(app_context.paths.database.parent)
    assert __version__ in texts["aboutTitle"]


def _isolated_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "SHOWROOM_"))}
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"),
               XDG_CONFIG_HOME=str(home / "config"), QT_QPA_PLATFORM="offscreen")
    return env


def test_smoke_start_reports_the_first_screen(tmp_path: Path) -> None:
    """``--smoke``: how the wheel and bundle checks see the GUI come up, from outside the process."""
    env = _isolated_env(tmp_path)
    cli = [sys.executable, "-m", "showroom_pos.app.cli"]
    first = subprocess.run([*cli, "--smoke"], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert first.returncode == 1 and "smoke: setup dialog shown after" in first.stdout, first.stderr
    shop = tmp_path / "shop.db"
    subprocess.run([*cli, "demo", "--db", str(shop), "--days", "1"], env=env, check=True, capture_output=True)
    shown = subprocess.run([*cli, "--db", str(shop), "--smoke"], env=env, capture_output=True, text=True,
                           timeout=120, check=False)
    assert shown.returncode == 0 and "smoke: PIN screen shown after" in shown.stdout, shown.stderr


def test_the_wheel_smoke_takes_a_wheel_already_built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CI builds one wheel for the tests and the smoke (``--wheel``): the smoke installs that file, never another."""
    from tools import smoke_install

    assert smoke_install.main(["wheel", "--wheel", str(tmp_path / "showroom_pos-0-py3-none-any.whl")]) == 1
    said = capsys.readouterr()
    assert f"no wheel {tmp_path}" in said.err and "build the wheel" not in said.out


def test_linux_desktop_entry_names_the_app_and_its_icon() -> None:
    from tools import build_app

    entry = build_app.desktop_entry()
    assert {"Type=Application", "Name=OCOP Showroom POS", "Exec=showroom-pos", "Icon=showroom-pos",
            "StartupWMClass=showroom-pos"} <= set(entry.splitlines())


def test_windows_installer_keeps_the_data_and_takes_the_version_from_the_package() -> None:
    """The Inno Setup script cannot be compiled here: what can be read is checked."""
    from tools import build_app

    iss = (ROOT / "installer" / "showroom-pos.iss").read_text(encoding="utf-8")
    sections = {line.strip() for line in iss.splitlines() if line.startswith("[")}
    assert {"[Setup]", "[Files]", "[Icons]", "[Tasks]"} <= sections
    assert "[UninstallDelete]" not in sections  # the uninstaller removes only what it installed
    code = [line for line in iss.splitlines() if not line.startswith(";")]
    assert not any("appdata" in line.lower() for line in code)  # the data folder is never named
    assert any(line.startswith('Name: "{userstartup}') and "Tasks: autostart" in line for line in code)
    assert any(line.startswith('Name: "{group}\\{#AppName}"') for line in code)
    assert 'Source: "dist\\showroom-pos\\*"' in iss
    assert "SetupIconFile=showroom_pos\\resources\\icons\\showroom-pos.ico" in iss
    assert (ROOT / "showroom_pos" / "resources" / "icons" / "showroom-pos.ico").is_file()
    assert build_app.inno_command("iscc", __version__)[1] == f"/DAppVersion={__version__}"


def _name(requirement: str) -> str:
    for stop in ";[<>=!~ ":
        requirement = requirement.split(stop)[0]
    return requirement.strip().lower().replace("_", "-")


def test_constraints_pin_every_dependency_and_the_linters_exactly() -> None:
    """A till, the bundle and CI install the versions the suite ran with; a new ruff or mypy cannot break CI."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            name, _, rest = line.partition("==")
            pins[_name(name)] = rest.split(";")[0].strip()
    wanted = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    assert sorted(_name(r) for r in wanted if _name(r) != "showroom-pos" and _name(r) not in pins) == []
    assert all(version for version in pins.values())
    linters = {_name(r): r for r in project["optional-dependencies"]["test"] if _name(r) in ("ruff", "mypy")}
    assert linters == {"ruff": f"ruff=={pins['ruff']}", "mypy": f"mypy=={pins['mypy']}"}
    # and the environment running this suite is the pinned one (the README's and CI's install command)
    assert importlib.metadata.version("ruff") == pins["ruff"]
    assert importlib.metadata.version("PySide6-Essentials") == pins["pyside6-essentials"]
