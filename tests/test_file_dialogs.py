"""Where the app offers to save or open a file: in the person's Documents folder, then in the folder they last chose
(a USB stick, say), under a Vietnamese name; never in the folder the app was started from (labels, Z reports and
goods receipt notes were offered there: / or the install's folder when started from a desktop shortcut)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from showroom_pos.core.clock import business_day
from showroom_pos.runtime.context import AppContext
from showroom_pos.ui import inventory_common
from showroom_pos.ui.audit_log import AuditLogScreen
from showroom_pos.ui.printer_settings import PrinterSettingsScreen
from showroom_pos.ui.products import ProductsScreen
from showroom_pos.ui.session import LoggedIn, UiSession

from .conftest import Outlet


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The person's Documents folder (and no folder chosen yet in this run)."""
    folder = tmp_path / "Tài liệu"
    folder.mkdir()

    def writable(location: QStandardPaths.StandardLocation) -> str:
        return str(folder) if location == QStandardPaths.StandardLocation.DocumentsLocation else str(tmp_path)

    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(writable))
    monkeypatch.setattr(inventory_common, "_last_folder", None)
    return folder


def test_files_are_offered_in_documents_then_where_the_person_last_saved(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, documents: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ui = UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager", outlet.terminal_id))
    usb = tmp_path / "USB"
    usb.mkdir()
    offered: list[Path] = []
    answers = iter([str(usb / "tem-thang-12.pdf"), "", "", ""])

    def ask_save(_parent: object, _title: str, suggested: str, _filters: str) -> tuple[str, str]:
        offered.append(Path(suggested))
        return next(answers), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask_save)
    monkeypatch.setattr(PrinterSettingsScreen, "save_labels", lambda self, path: None)
    labels = PrinterSettingsScreen(ui)
    products = ProductsScreen(ui)
    audit = AuditLogScreen(ui)
    for screen in (labels, products, audit):
        qtbot.addWidget(screen)

    labels.choose_label_file()  # the first of this run: in Documents
    products.export("products")  # after the labels were saved on the USB stick: there
    audit.export()
    products.export("stock")
    assert offered[0] == documents / "tem-san-pham.pdf"
    assert offered[1] == usb / "danh-muc-san-pham.xlsx"
    assert offered[2].parent == usb and offered[2].name.startswith("nhat-ky-hoat-dong-")  # was audit-YYYYMMDD.csv
    assert offered[3] == usb / f"ton-kho-{business_day():%Y-%m-%d}.xlsx"  # the stock of a day (was ton-kho.xlsx)


def test_open_dialogs_start_in_documents_not_the_working_folder(documents: Path, monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    started_in: list[str] = []

    def ask_open(_parent: object, _title: str, folder: str, _filters: str) -> tuple[str, str]:
        started_in.append(folder)
        return str(tmp_path / "ds-san-pham.xlsx"), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", ask_open)
    monkeypatch.chdir(tmp_path)
    assert inventory_common.ask_open_path(None, "Danh sách", "*.xlsx") == tmp_path / "ds-san-pham.xlsx"
    assert started_in == [str(documents)]
    assert inventory_common.documents_folder() == tmp_path  # the next dialog starts where that file was

    def ask_folder(_parent: object, _title: str, folder: str) -> str:
        started_in.append(folder)
        return ""

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", ask_folder)
    assert inventory_common.ask_folder(None, "Xuất hóa đơn") is None  # (the e-invoices of a day: a folder)
    assert started_in == [str(documents), str(tmp_path)]
