"""The layers of docs/DESIGN.md: what each package may import, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "showroom_pos"

FORBIDDEN = {
    "core": ("PySide6", "sqlalchemy", "alembic", "httpx", "escpos", "showroom_pos.storage", "showroom_pos.services",
             "showroom_pos.ui", "showroom_pos.app", "showroom_pos.hardware", "showroom_pos.sync"),
    "storage": ("PySide6", "showroom_pos.services", "showroom_pos.ui", "showroom_pos.app", "showroom_pos.sync"),
    "services": ("PySide6", "showroom_pos.ui", "showroom_pos.app"),
    "hardware": ("PySide6.QtWidgets", "showroom_pos.storage", "showroom_pos.services", "showroom_pos.ui",
                 "showroom_pos.app", "sqlalchemy"),
    "sync": ("PySide6", "showroom_pos.ui", "showroom_pos.app"),
    "province": ("PySide6", "showroom_pos.storage", "showroom_pos.services", "showroom_pos.ui", "showroom_pos.app"),
    "ui": ("sqlalchemy.sql", "sqlalchemy.select", "showroom_pos.storage.database"),
}


def imports_of(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    offending = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in imports_of(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer])
    ]
    assert offending == []


def test_ui_writes_no_sql() -> None:
    """The UI calls services; SQL text or query construction in a screen is a layering bug."""
    offending = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for needle in ("select(", "insert(", "update(", "delete(", "text(\"", "execute("):
            if needle in source and "from sqlalchemy" in source:
                offending.append(f"{path.name}: {needle}")
    assert offending == []


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport sqlalchemy\n", encoding="utf-8")
    assert "PySide6.QtWidgets" in imports_of(bad)
    assert "sqlalchemy" in imports_of(bad)
