"""The Vietnamese catalogue is complete, current, and loads into Qt."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "showroom_pos" / "resources" / "i18n" / "showroom_vi.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def messages(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall("./context/message")


def test_vietnamese_catalogue_has_no_unfinished_entries() -> None:
    unfinished = [
        m.findtext("source") for m in messages(TS)
        if (tr := m.find("translation")) is None or tr.get("type") == "unfinished" or not (tr.text or "").strip()
    ]
    assert unfinished == []


def test_translations_keep_every_placeholder() -> None:
    broken = [
        m.findtext("source") for m in messages(TS)
        if sorted(PLACEHOLDER.findall(m.findtext("source") or ""))
        != sorted(PLACEHOLDER.findall(m.findtext("translation") or ""))
    ]
    assert broken == []


def test_catalogue_holds_every_text_in_the_code(tmp_path: Path) -> None:
    check = subprocess.run([sys.executable, str(ROOT / "tools" / "i18n.py"), "check"], capture_output=True,
                           text=True, check=False)
    assert check.returncode == 0, check.stdout
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    sources = [str(p) for p in sorted((ROOT / "showroom_pos").rglob("*.py"))]
    subprocess.run([str(lupdate), *sources, "-locations", "none", "-ts", str(fresh)], check=True,
                   capture_output=True)
    in_code = {(m.findtext("source")) for m in messages(fresh)}
    in_catalogue = {(m.findtext("source")) for m in messages(TS)}
    assert in_code - in_catalogue == set()


def test_qt_shows_vietnamese_by_default_and_english_on_request(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication

    from showroom_pos.core.errors import ValidationError
    from showroom_pos.runtime import i18n

    i18n.install("vi")
    try:
        assert QCoreApplication.translate("Screens", "Home") == "Trang chủ"
        assert i18n.error_text(ValidationError("The cart is empty.")) == "Giỏ hàng đang trống."
        i18n.install("en")
        assert QCoreApplication.translate("Screens", "Home") == "Home"
    finally:
        i18n.install(i18n.language_from_environment())  # the tests' own language (English), for the next tests


def test_qt_own_buttons_and_menus_speak_vietnamese(qapp: object) -> None:
    """Qt ships no Vietnamese of its own: our catalogue carries its standard buttons and edit menu."""
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

    from showroom_pos.runtime import i18n

    i18n.install("vi")
    try:
        box = QMessageBox(QMessageBox.Icon.Question, "?", "?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        texts = {box.button(b).text() for b in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No)}
        assert texts == {"&Có", "&Không"}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        assert {b.text().replace("&", "") for b in buttons.buttons()} == {"Đồng ý", "Hủy"}
        field = QLineEdit()
        menu = field.createStandardContextMenu()
        assert menu is not None and "&Dán" in [a.text().split("\t")[0] for a in menu.actions()]
    finally:
        i18n.install(i18n.language_from_environment())


def test_every_text_has_a_context_qt_can_find_it_by() -> None:
    """``tr`` called outside a class gave texts no context: lupdate stored them under an empty one, Qt asked
    under the widget's class, and the Z report stayed English on a Vietnamese till."""
    import xml.etree.ElementTree as ET

    root = ET.parse(TS).getroot()
    nameless = [m.findtext("source") for c in root.findall("context") if not (c.findtext("name") or "").strip()
                for m in c.findall("message")]
    assert nameless == []
