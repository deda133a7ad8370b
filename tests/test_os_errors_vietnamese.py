"""Issue 14: every error fully Vietnamese. A system error on a file (a missing file, a read-only folder, a full disk)
reaches the person as a sentence of ours chosen by its error number, translated, never as the system's English
("No such file or directory", "Permission denied", "[Errno 28] No space left on device")."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from showroom_pos.app import cli
from showroom_pos.core.errors import file_problem
from showroom_pos.runtime import i18n
from showroom_pos.runtime.context import AppContext
from showroom_pos.storage import write_errors
from showroom_pos.storage.database import classify_open_error

from .conftest import Outlet

ENGLISH = ("No such file", "Permission denied", "Errno", "No space left", "Read-only file system", "Is a directory",
           "unable to open", "readonly database", "Cannot ", "cannot ")


@pytest.fixture
def vietnamese(qapp: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SHOWROOM_POS_LANG", "vi")
    i18n.install("vi")
    yield
    monkeypatch.undo()
    i18n.install(i18n.language_from_environment())


def all_vietnamese(text: str) -> bool:
    return bool(text.strip()) and not any(word in text for word in ENGLISH)


def read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder nothing can be written into (as root, where permissions do not stop writes, the disk refuses)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except OSError:
        return folder
    probe.unlink()
    real = Path.write_bytes

    def refuse(self: Path, data: bytes) -> int:
        if self.parent == folder:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", refuse)
    return folder


@pytest.mark.parametrize(("number", "words"), [
    (errno.ENOENT, "không tồn tại"), (errno.EACCES, "không có quyền"), (errno.ENOSPC, "ổ đĩa đã đầy"),
    (errno.EROFS, "chỉ cho phép đọc"), (errno.EISDIR, "là thư mục"), (errno.ECONNREFUSED, "từ chối"),
])
def test_a_system_error_is_our_sentence_by_its_number(vietnamese: None, number: int, words: str) -> None:
    text = i18n.problem_text(OSError(number, "the system's English", "/media/usb/bao-cao.xlsx"))
    assert "/media/usb/bao-cao.xlsx" in text and words in text and all_vietnamese(text), text
    assert all_vietnamese(i18n.error_text(file_problem(FileNotFoundError("folder x does not exist"))))


def test_opening_a_database_on_a_full_or_read_only_disk_says_why_in_vietnamese(vietnamese: None,
                                                                                tmp_path: Path) -> None:
    for error in (OSError(errno.ENOSPC, "No space left on device"), OSError(errno.EACCES, "Permission denied"),
                  sqlite3.OperationalError("attempt to write a readonly database"),
                  sqlite3.OperationalError("unable to open database file")):
        problem = classify_open_error(error, tmp_path / "showroom.db")
        assert problem is not None
        assert all_vietnamese(i18n.error_text(problem)), i18n.error_text(problem)
    assert write_errors.reason(sqlite3.OperationalError("database or disk is full")) == "the disk is full"


def test_the_sync_error_shown_is_vietnamese(vietnamese: None) -> None:
    shown = i18n.readable_error("cannot reach the province server: [Errno 111] Connection refused")
    assert shown == "không kết nối được máy chủ của tỉnh: kết nối bị từ chối", shown


def test_a_refused_token_is_said_in_vietnamese_first(vietnamese: None) -> None:
    import httpx

    from showroom_pos.sync.client import ProvinceClient, Unauthorized

    def province(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": {"code": "unauthorized",
                                                   "message": "The outlet token is wrong or was revoked."}})

    client = ProvinceClient("http://127.0.0.1:9", "ocop_wrong", transport=httpx.MockTransport(province))
    with client, pytest.raises(Unauthorized) as refused:
        client.send_summary("{}", "k")
    shown = i18n.readable_error(str(refused.value))  # as the Sync status, the home screen and `sync status` show it
    assert shown.startswith("tỉnh từ chối mã token của điểm bán (sai hoặc đã bị thu hồi; kiểm tra lại "
                            "province.token"), shown
    assert shown.endswith("HTTP 401 unauthorized: The outlet token is wrong or was revoked.")  # the server's words


def test_the_cli_says_a_missing_import_file_and_a_read_only_export_folder_in_vietnamese(
        vietnamese: None, app_context: AppContext, outlet: Outlet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    db = str(app_context.paths.database)
    app_context.close()
    missing = tmp_path / "danh-muc.xlsx"
    assert cli.main(["--db", db, "import", "products", str(missing)]) == 2
    said = capsys.readouterr().err
    assert str(missing) in said and "không tồn tại" in said and all_vietnamese(said), said
    folder = read_only_folder(tmp_path, monkeypatch)
    assert cli.main(["--db", db, "report", "sales", "--format", "csv", "-o", str(folder / "ban-hang.csv")]) == 2
    said = capsys.readouterr().err
    assert "ban-hang.csv" in said and all_vietnamese(said), said
    assert "cơ sở dữ liệu" not in said  # the export's folder, not the database, is named


def test_the_reports_screen_says_a_read_only_folder_in_vietnamese(vietnamese: None, qtbot: QtBot,
                                                                 app_context: AppContext, outlet: Outlet,
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from showroom_pos.ui.reports import ReportsScreen
    from showroom_pos.ui.session import LoggedIn, UiSession

    ui = UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager", outlet.terminal_id))
    screen = ReportsScreen(ui)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.sales.report is not None, timeout=10_000)
    folder = read_only_folder(tmp_path, monkeypatch)
    for fmt in ("xlsx", "csv", "pdf"):
        with qtbot.waitSignal(screen.sales.saved, timeout=10_000) as written:
            screen.sales.export(fmt, folder / f"ban-hang.{fmt}")
        assert written.args == [None]
        said = screen.sales.status.text()
        assert f"ban-hang.{fmt}" in said and all_vietnamese(said), said
    screen.close()


def test_the_import_dialog_says_a_missing_file_in_vietnamese(vietnamese: None, qtbot: QtBot, app_context: AppContext,
                                                            outlet: Outlet, tmp_path: Path) -> None:
    from showroom_pos.ui.import_products import ImportDialog
    from showroom_pos.ui.session import LoggedIn, UiSession

    ui = UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager", outlet.terminal_id))
    dialog = ImportDialog(ui)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.load(tmp_path / "khong-co.xlsx")
    said = dialog.summary.text()
    assert "khong-co.xlsx" in said and "không tồn tại" in said and all_vietnamese(said), said


def test_the_file_dialog_and_its_missing_file_message_are_vietnamese(vietnamese: None, qtbot: QtBot) -> None:
    """Qt's own file dialog (every export and import opens it) spoke English: "Look in:", "File name:",
    "File not found. Please verify the correct file name was given."."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QLabel

    dialog = QFileDialog(None, "Lưu báo cáo", "", "CSV (*.csv)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)]
    assert "&Tên tệp:" in labels and "&Loại tệp:" in labels, labels
    missing = QCoreApplication.translate(
        "QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given.")
    assert "Không tìm thấy tệp" in missing
