"""Every inventory text a person can see has a Vietnamese translation waiting in
``showroom_pos/resources/i18n/pending/inventory.tsv``, with the same ``{placeholders}``."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TSV = ROOT / "showroom_pos" / "resources" / "i18n" / "pending" / "inventory.tsv"
UI = ["inventory_common", "products", "product_dialog", "producers", "goods_receipt", "stock_count", "stock_ledger",
      "stock_adjustment", "settlement", "stock_alerts", "import_products"]
SERVICES = ["field_errors", "catalogue/lookup", "catalogue/certificates", "catalogue/product_fields",
            "catalogue/products", "catalogue/product_list", "catalogue/producers", "catalogue/commission",
            "stock/receiving", "stock/counts", "stock/adjustments", "stock/negative_stock", "stock/ledger",
            "stock/alerts", "product_import/reading", "product_import/columns", "product_import/checking",
            "product_import/planning", "product_import/applying", "product_import/pipeline", "product_import/report",
            "settlement", "exports", "documents"]
SCREENS = ["Products", "Producers", "Goods receipt", "Stock count", "Stock ledger", "Stock alerts",
           "Consignment settlement"]


def translations() -> dict[str, str]:
    pairs = {}
    for line in TSV.read_text(encoding="utf-8").splitlines():
        source, _, target = line.partition("\t")
        pairs[source.replace("\\n", "\n")] = target
    return pairs


def ui_texts(tmp_path: Path) -> set[str]:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed")
    files = [str(ROOT / "showroom_pos" / "ui" / f"{name}.py") for name in UI]
    files.append(str(ROOT / "showroom_pos" / "app" / "commands" / "inventory.py"))
    ts = tmp_path / "inventory.ts"
    subprocess.run([str(lupdate), *files, "-ts", str(ts)], check=True, capture_output=True)
    return {m.findtext("source") or "" for m in ET.parse(ts).getroot().iter("message")}


def service_texts() -> set[str]:
    from tools import i18n as tool  # the project's extraction rules
    every = sorted(p for sub in tool.SCANNED for p in (tool.PACKAGE / sub).rglob("*.py"))
    classes = tool._error_classes([ast.parse(p.read_text(encoding="utf-8")) for p in every])
    found: set[str] = set()
    for name in SERVICES:
        tree = ast.parse((ROOT / "showroom_pos" / "services" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in classes:
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant) \
                            and isinstance(stmt.value.value, str) and getattr(stmt.targets[0], "id", "") == "message":
                        found.add(stmt.value.value)
            if isinstance(node, ast.Call):
                func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if func in classes | {"N_"} and node.args and isinstance(node.args[0], ast.Constant) \
                        and isinstance(node.args[0].value, str):
                    found.add(node.args[0].value)
    return found


def test_every_inventory_text_has_a_vietnamese_translation(tmp_path: Path) -> None:
    pairs = translations()
    needed = ui_texts(tmp_path) | service_texts() | set(SCREENS)
    assert sorted(needed - set(pairs)) == []
    for source, target in pairs.items():
        assert target.strip(), source
        assert sorted(re.findall(r"\{\w+\}", source)) == sorted(re.findall(r"\{\w+\}", target)), source
