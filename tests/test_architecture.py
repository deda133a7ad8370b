"""The layers of docs/DESIGN.md as an allow-list, checked on the source: what each part of the package may import.

Every import counts: absolute or relative (resolved to its absolute name), at the top of a module or inside a
function, under ``TYPE_CHECKING`` or not, ``importlib.import_module`` / ``__import__`` of a name written in the source
(a literal, or the fixed start of an f-string), and a string that names one of our modules. A name that is not on its
part's list fails, ours or a third-party library nobody allowed. The standard library is free, except in ``core``,
which lists the modules it uses (pure domain: no files, sockets, processes or databases). The checker itself is
tested at the end of this file on probe packages written to a temporary folder."""

from __future__ import annotations

import ast
import functools
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SOURCE_ROOT = Path(__file__).resolve().parents[1]  # the folder holding showroom_pos/
PACKAGE = "showroom_pos"
CORE = f"{PACKAGE}.core"
VERSION = f"{PACKAGE}.__version__"  # the package's own __init__ holds only the version: anyone may read it
STDLIB = frozenset(sys.stdlib_module_names)

OURS = {f"{PACKAGE}.{name}" for name in ("core", "package_data", "storage", "hardware", "sync", "services", "runtime",
                                         "ui")}

# What each part may import besides itself, the standard library and the version. An entry allows its submodules
# (and the packages above it). A part is a package or a top-level module of showroom_pos; a file belongs to the
# longest part its module name starts with, and a file that belongs to none fails.
ALLOWED: dict[str, set[str]] = {
    PACKAGE: set(),  # showroom_pos/__init__.py
    # Pure domain: nothing of ours, no Qt, no SQL, no I/O library; its standard library is CORE_STDLIB.
    CORE: {"stdnum"},
    # Finds the files the package ships (importlib.resources); raises core's user errors.
    f"{PACKAGE}.package_data": {f"{PACKAGE}.core"},
    # Models, engine and session factory, SQLite pragmas, the migration runner. No Qt, nothing above it.
    f"{PACKAGE}.storage": {f"{PACKAGE}.core", f"{PACKAGE}.package_data", "sqlalchemy", "alembic"},
    # The Alembic scripts: the outlet's against storage's models (and core's pure functions, for a column kept
    # from another, as 0014's sort key of the name), the province's against its own.
    f"{PACKAGE}.db.migrations": {f"{PACKAGE}.core", f"{PACKAGE}.storage", "sqlalchemy", "alembic"},
    f"{PACKAGE}.db.province_migrations": {f"{PACKAGE}.province", "sqlalchemy", "alembic"},
    # Printers, receipt and label rendering, scanner bursts, the pole display: no Qt, no storage, no services.
    # (fpdf: label sheets are written as PDF a page at a time.)
    f"{PACKAGE}.hardware": {f"{PACKAGE}.core", f"{PACKAGE}.package_data", "PIL", "barcode", "escpos", "qrcode",
                            "serial", "usb", "platformdirs", "fpdf"},
    # The outlet side of the province protocol: outbox, client, worker. No Qt, no services, no ui.
    f"{PACKAGE}.sync": {f"{PACKAGE}.core", f"{PACKAGE}.storage", "sqlalchemy", "httpx"},
    # Use cases, each taking a Session. No Qt, no ui, no app, no runtime.
    f"{PACKAGE}.services": {f"{PACKAGE}.core", f"{PACKAGE}.package_data", f"{PACKAGE}.storage", f"{PACKAGE}.hardware",
                            f"{PACKAGE}.sync", "sqlalchemy", "PIL", "fpdf", "httpx", "lxml", "openpyxl"},
    # Below both app and ui: paths, the open database (AppContext), translations, malloc and Qt import helpers.
    # Qt only for the translator and QSettings (QtCore), never widgets.
    f"{PACKAGE}.runtime": {f"{PACKAGE}.core", f"{PACKAGE}.package_data", f"{PACKAGE}.storage", "sqlalchemy",
                           "platformdirs", "PySide6.QtCore"},
    # Screens: they call services (never SQL, never storage, never sync directly) and never import app.
    f"{PACKAGE}.ui": {f"{PACKAGE}.core", f"{PACKAGE}.services", f"{PACKAGE}.hardware", f"{PACKAGE}.runtime",
                      "PySide6", "shiboken6", "PIL", "qrcode"},
    # The composition root: wiring only, so all of the outlet's parts (not the province server).
    f"{PACKAGE}.app": OURS | {"PySide6", "sqlalchemy"},
    # The province server: its own models and storage; of the outlet's code only core (the shared formats).
    f"{PACKAGE}.province": {f"{PACKAGE}.core", f"{PACKAGE}.package_data", "sqlalchemy", "alembic", "fastapi",
                            "starlette", "anyio", "uvicorn", "psycopg", "openpyxl", "PIL", "qrcode", "platformdirs"},
}
# The standard library core may use: computing, not I/O (logging and threading for the retry helper's worker).
CORE_STDLIB = {"__future__", "base64", "calendar", "collections", "dataclasses", "datetime", "decimal", "enum",
               "errno", "hashlib", "hmac", "json", "logging", "re", "secrets", "threading", "typing", "unicodedata",
               "uuid", "zoneinfo"}

DYNAMIC_IMPORTS = {"import_module", "__import__"}
MODULE_NAME = re.compile(rf"{PACKAGE}(\.[A-Za-z_]\w*)+")


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def our_modules(root: Path) -> set[str]:
    names = {module_name(root, path) for path in (root / PACKAGE).rglob("*.py")}
    return names | {name.rpartition(".")[0] for name in names if "." in name}


def part_of(module: str) -> str | None:
    candidates = [part for part in ALLOWED
                  if module == part or (part != PACKAGE and module.startswith(part + "."))]
    return max(candidates, key=len) if candidates else None


def docstrings(tree: ast.Module) -> set[int]:
    nodes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef))]
    return {id(n.body[0].value) for n in nodes
            if n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}


def resolve(name: str, level: int, package: str) -> str:
    """``from ..storage import x`` in ``showroom_pos.services.y`` → ``showroom_pos.storage``."""
    if level == 0:
        return name
    base = package.split(".")
    if level - 1 >= len(base):
        return "." * level + name  # above the top of the package: never allowed
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def written_name(node: ast.expr, module: str) -> str | None:
    """The module name a dynamic import is given, as far as the source fixes it: a literal, or an f-string's fixed
    start up to its last dot (``f"showroom_pos.ui.{name}"`` → ``showroom_pos.ui``; ``__name__`` counts as fixed)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if not isinstance(node, ast.JoinedStr):
        return None
    fixed = ""
    for value in node.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            fixed += value.value
        elif isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.Name) \
                and value.value.id == "__name__":
            fixed += module
        else:
            return fixed.rpartition(".")[0] or None
    return fixed


def imports_in(root: Path, path: Path, known: set[str]) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) for everything ``path`` imports, wherever in the module it does."""
    module = module_name(root, path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = resolve(node.module or "", node.level, package)
            yield node.lineno, base
            for alias in node.names:
                if alias.name != "*":
                    yield node.lineno, f"{base}.{alias.name}"
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if called in DYNAMIC_IMPORTS:
                name = written_name(node.args[0], module)
                if name is not None:
                    dots = len(name) - len(name.lstrip("."))
                    yield node.lineno, resolve(name[dots:], dots, package) if dots else name
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                and MODULE_NAME.fullmatch(node.value) and node.value in known:
            yield node.lineno, node.value  # a module named to be imported later (a preload list, a registry)


@functools.cache
def imports_by_file(root: Path) -> dict[Path, list[tuple[int, str]]]:
    """Each module of the package under ``root`` and what it imports, each (line, name) once; read once per tree."""
    known = our_modules(root)
    return {path: list(dict.fromkeys(imports_in(root, path, known))) for path in sorted((root / PACKAGE).rglob("*.py"))}


def is_allowed(part: str, name: str) -> bool:
    top = name.partition(".")[0]
    if top in STDLIB:
        return part != CORE or top in CORE_STDLIB
    if name in (PACKAGE, VERSION):
        return True
    entries = ALLOWED[part] | ({part} if part != PACKAGE else set())
    return any(name == e or name.startswith(e + ".") or e.startswith(name + ".") for e in entries)


def violations(root: Path) -> list[str]:
    """Every import of the package under ``root`` that its part's list does not allow, as ``file:line imports x``."""
    found = []
    for path, imports in imports_by_file(root).items():
        where = path.relative_to(root).as_posix()
        part = part_of(module_name(root, path))
        if part is None:
            found.append(f"{where}: in no part of the allow-list")
            continue
        found += [f"{where}:{line} imports {name}" for line, name in imports if not is_allowed(part, name)]
    return found


SQL_LIBRARIES = {"sqlalchemy", "sqlite3", "alembic", "psycopg", "psycopg2", "apsw"}
SQL_CALLS = {"execute", "executemany", "executescript", "exec_driver_sql"}
SQL_TEXT = re.compile(
    r"\bSELECT\b[^;]*?\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bREPLACE\s+INTO\b|\bUPDATE\s+\S+\s+SET\b"
    r"|\bDELETE\s+FROM\b|\b(CREATE|DROP)\s+(TABLE|INDEX|VIEW|TRIGGER)\b|\bALTER\s+TABLE\b|\bPRAGMA\s+\w"
    r"|\bselect\s+(\*|count\(|distinct\b|[\w.]+\s*,)[^;]*?\bfrom\s+\w|\binsert\s+into\s+\w+\s*[(\s]"
    r"|\bupdate\s+\w+\s+set\s+\w+\s*=|\bdelete\s+from\s+\w+\s+where\b|\bpragma\s+\w+\s*=")


def sql_in_ui(root: Path) -> list[str]:
    """What would let a screen write SQL: a database library imported (however named), a statement executed, or
    SQL text in a string (docstrings aside)."""
    ui = root / PACKAGE / "ui"
    found = []
    for path, imports in imports_by_file(root).items():
        if ui not in path.parents:
            continue
        where = path.relative_to(root).as_posix()
        found += [f"{where}:{line} imports {name}" for line, name in imports if name.partition(".")[0] in SQL_LIBRARIES]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
                found.append(f"{where}:{node.lineno} calls {node.func.attr}()")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                text = node.value
            elif isinstance(node, ast.JoinedStr):  # f"DELETE FROM {table}": its fixed parts, the rest as "?"
                text = "?".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
            else:
                continue
            if SQL_TEXT.search(text):
                found.append(f"{where}:{node.lineno} has SQL text {text[:40]!r}")
    return sorted(set(found))


def test_every_part_imports_only_what_its_list_allows() -> None:
    assert violations(SOURCE_ROOT) == []


def test_ui_writes_no_sql() -> None:
    """The UI calls services; a database library, an executed statement or SQL text in a screen is a layering bug."""
    assert sql_in_ui(SOURCE_ROOT) == []


def test_the_allow_list_names_only_what_exists_and_is_used() -> None:
    """Every part is in the tree, and every entry is imported by its part today: a list that grows looser than the
    code (a library no longer used, a package renamed) is trimmed rather than left to allow what nobody needs."""
    assert sorted(set(ALLOWED) - our_modules(SOURCE_ROOT)) == []
    used: dict[str, set[str]] = {part: set() for part in ALLOWED}
    for path, imports in imports_by_file(SOURCE_ROOT).items():
        part = part_of(module_name(SOURCE_ROOT, path))
        if part is not None:
            used[part] |= {name for _, name in imports}
    unused = [f"{part}: {entry}" for part, entries in ALLOWED.items() for entry in sorted(entries)
              if not any(name == entry or name.startswith(entry + ".") for name in used[part])]
    unused += [f"{CORE}: {name}" for name in sorted(CORE_STDLIB)
               if not any(n.partition(".")[0] == name for n in used[CORE])]
    assert unused == []


# The checker on probe packages: each probe is a few modules written into an empty showroom_pos/ under tmp_path.

PROBES = {
    "a relative import reaching storage from core": (
        {"core/cart.py": "from ..storage import models\n"},
        {"showroom_pos/core/cart.py:1 imports showroom_pos.storage",
         "showroom_pos/core/cart.py:1 imports showroom_pos.storage.models"}),
    "sqlalchemy imported under another name in ui": (
        {"ui/screen.py": "import sqlalchemy as sa\n"},
        {"showroom_pos/ui/screen.py:1 imports sqlalchemy"}),
    "core importing openpyxl": (
        {"core/spreadsheet.py": "from openpyxl import load_workbook\n"},
        {"showroom_pos/core/spreadsheet.py:1 imports openpyxl",
         "showroom_pos/core/spreadsheet.py:1 imports openpyxl.load_workbook"}),
    "core importing an I/O module of the standard library": (
        {"core/money.py": "import sqlite3\n"},
        {"showroom_pos/core/money.py:1 imports sqlite3"}),
    "sync importing services": (
        {"sync/worker.py": "from showroom_pos.services import summary\n"},
        {"showroom_pos/sync/worker.py:1 imports showroom_pos.services",
         "showroom_pos/sync/worker.py:1 imports showroom_pos.services.summary"}),
    "province importing the outlet's sync and storage": (
        {"province/ingest.py": "from showroom_pos.sync import outbox\nfrom ..storage.models import Sale\n"},
        {"showroom_pos/province/ingest.py:1 imports showroom_pos.sync",
         "showroom_pos/province/ingest.py:1 imports showroom_pos.sync.outbox",
         "showroom_pos/province/ingest.py:2 imports showroom_pos.storage.models",
         "showroom_pos/province/ingest.py:2 imports showroom_pos.storage.models.Sale"}),
    "importlib.import_module of a forbidden module": (
        {"hardware/printers.py": "import importlib\n\nDB = importlib.import_module('showroom_pos.storage.database')\n"},
        {"showroom_pos/hardware/printers.py:3 imports showroom_pos.storage.database"}),
    "__import__ and a relative import_module": (
        {"services/sales.py": "from importlib import import_module\n\n"
                              "UI = __import__('showroom_pos.ui.checkout')\n"
                              "APP = import_module('..app', __package__)\n"},
        {"showroom_pos/services/sales.py:3 imports showroom_pos.ui.checkout",
         "showroom_pos/services/sales.py:4 imports showroom_pos.app"}),
    "an f-string import_module into app": (
        {"ui/screens.py": "import importlib\n\n\ndef load(name):\n"
                          "    return importlib.import_module(f'showroom_pos.app.{name}')\n"},
        {"showroom_pos/ui/screens.py:5 imports showroom_pos.app"}),
    "a lazy import inside a function": (
        {"services/printing.py": "def show():\n    from PySide6.QtWidgets import QMessageBox\n\n"
                                 "    return QMessageBox\n"},
        {"showroom_pos/services/printing.py:2 imports PySide6.QtWidgets",
         "showroom_pos/services/printing.py:2 imports PySide6.QtWidgets.QMessageBox"}),
    "an import only for type checking": (
        {"ui/session.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
                          "    from showroom_pos.app.main import AppController\n"},
        {"showroom_pos/ui/session.py:4 imports showroom_pos.app.main",
         "showroom_pos/ui/session.py:4 imports showroom_pos.app.main.AppController"}),
    "a module named in a string, to be imported later": (
        {"app/__init__.py": "", "app/cli.py": "", "ui/main_window.py": "LATER = ('showroom_pos.app.cli',)\n"},
        {"showroom_pos/ui/main_window.py:1 imports showroom_pos.app.cli"}),
    "a third-party library nobody allowed": (
        {"services/shop.py": "import requests\n"},
        {"showroom_pos/services/shop.py:1 imports requests"}),
    "a package the allow-list does not know": (
        {"plugins/__init__.py": ""},
        {"showroom_pos/plugins/__init__.py: in no part of the allow-list"}),
}

CLEAN = {
    "__init__.py": "from showroom_pos import __version__\n",
    "core/__init__.py": "",
    "core/money.py": "from decimal import Decimal\n\nfrom .text import fold\n",
    "core/text.py": "import unicodedata\n",
    "storage/__init__.py": "",
    "storage/models.py": "from sqlalchemy.orm import DeclarativeBase\n\nfrom showroom_pos.core import money\n",
    "services/__init__.py": "",
    "services/sales.py": "import sqlite3\n\nimport sqlalchemy as sa\n\nfrom ..storage import models\n"
                         "from . import context\n",
    "services/context.py": "",
    "runtime/__init__.py": "",
    "runtime/i18n.py": "def tool():\n    import PySide6\n    from PySide6.QtCore import QTranslator\n",
    "ui/__init__.py": "",
    "ui/screen.py": '"""A screen: SELECT id FROM sale is for services to write."""\n\n'
                    "from PySide6.QtWidgets import QWidget\n\nfrom showroom_pos.runtime.i18n import tool\n"
                    "from showroom_pos.services import sales\n\nfrom . import screens\n\n\ndef later():\n"
                    "    from showroom_pos.core.money import Decimal\n\n    return Decimal\n\n\n"
                    "TITLE = 'Select a product from the list, then update the price'\n",
    "ui/screens.py": "import importlib\n\n\ndef load(name):\n"
                     "    return importlib.import_module(f'showroom_pos.ui.{name}')\n",
    "app/__init__.py": "",
    "app/main.py": "from showroom_pos.runtime import i18n\nfrom showroom_pos.ui import screen\n\n"
                   "PRELOADED = ('showroom_pos.ui.screens',)\n",
}


def write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / PACKAGE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("probe", sorted(PROBES))
def test_the_checker_reports_each_kind_of_violation(probe: str, tmp_path: Path) -> None:
    files, expected = PROBES[probe]
    root = write_package(tmp_path, files)
    assert set(violations(root)) == expected


def test_the_checker_passes_a_clean_package(tmp_path: Path) -> None:
    root = write_package(tmp_path, CLEAN)
    assert violations(root) == []
    assert sql_in_ui(root) == []


@pytest.mark.parametrize(("source", "expected"), [
    ("import sqlalchemy as sa\n", "showroom_pos/ui/screen.py:1 imports sqlalchemy"),
    ("from sqlalchemy.orm import Session\n", "showroom_pos/ui/screen.py:1 imports sqlalchemy.orm"),
    ("import sqlite3\n", "showroom_pos/ui/screen.py:1 imports sqlite3"),
    ("def f(engine):\n    return engine.connect().exec_driver_sql(QUERY)\n",
     "showroom_pos/ui/screen.py:2 calls exec_driver_sql()"),
    ("QUERY = 'SELECT id, name FROM product WHERE active'\n", "showroom_pos/ui/screen.py:1 has SQL text"),
    ("QUERY = 'update product set price = 0'\n", "showroom_pos/ui/screen.py:1 has SQL text"),
    ("def f(t):\n    return f'DELETE FROM {t} WHERE id = 1'\n", "showroom_pos/ui/screen.py:2 has SQL text"),
])
def test_the_sql_check_reports_a_screen_that_could_write_sql(source: str, expected: str, tmp_path: Path) -> None:
    root = write_package(tmp_path, {"ui/__init__.py": "", "ui/screen.py": source})
    found = sql_in_ui(root)
    assert any(f.startswith(expected) for f in found), found
