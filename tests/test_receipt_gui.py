"""The print station and the printer screen, offscreen: receipts print off the GUI thread after the sale
is saved; a printer failure shows the banner with Reprint; the status bar shows the printer's state."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.hardware import printers
from showroom_pos.runtime.context import AppContext
from showroom_pos.services import printing, settings
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.till import sale_writer
from showroom_pos.storage.models import AuditEvent, Product
from showroom_pos.ui.print_station import PrintStation, install_print_station
from showroom_pos.ui.printer_settings import PrinterSettingsScreen
from showroom_pos.ui.session import LoggedIn, UiSession

from .conftest import Outlet
from .test_receipt_decoder import decode, zbar

JOB_MS = 20_000


class Window(QMainWindow):
    pass


def ui_for(app_context: AppContext, outlet: Outlet, role: str = "cashier") -> UiSession:
    user_id = outlet.cashier_id if role == "cashier" else outlet.manager_id
    return UiSession(app_context, LoggedIn(user_id, "Trần Văn Minh", role, outlet.terminal_id))


def station_window(qtbot: QtBot, ui: UiSession, **kwargs: object) -> tuple[Window, PrintStation]:
    window = Window()
    qtbot.addWidget(window)
    station = install_print_station(window, ui, probe=False, **kwargs)
    window.show()
    return window, station


def sell_cash(sessions: sessionmaker[Session], outlet: Outlet) -> sale_writer.SaleResult:
    with sessions.begin() as s:
        vat = vat_rates.vat_table(s)
        line = sale_writer.line_for(s.get_one(Product, outlet.mam_tom), 1, vat)
        return sale_writer.complete_sale(s, outlet.cashier, [line], [sale_writer.PaymentIn("cash", 100_000)])


def sell_and_print(qtbot: QtBot, ui: UiSession, station: PrintStation, sessions: sessionmaker[Session],
                   outlet: Outlet) -> tuple[sale_writer.SaleResult, Any]:
    """A cash sale completed at the till, and the outcome of printing its receipt."""
    result = sell_cash(sessions, outlet)
    with qtbot.waitSignal(station.job_finished, timeout=JOB_MS) as done:
        ui.events.sale_completed.emit(result.sale_id)
    return result, done.args[0]


def set_printer(sessions: sessionmaker[Session], connection: str) -> None:
    with sessions.begin() as s:
        settings.set(s, "printer.connection", connection)


class ThreadRecorder:
    """A transport that writes like a file printer and remembers which thread sent the job."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.threads: list[str] = []

    def send(self, data: bytes) -> None:
        self.threads.append(threading.current_thread().name)
        self.path.write_bytes(data)

    def describe(self) -> str:
        return "recorder"


def test_a_completed_sale_prints_off_the_gui_thread_with_the_drawer(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session],
        tmp_path: Path) -> None:
    outlet.open_shift(sessions)
    out = tmp_path / "receipt.bin"
    set_printer(sessions, f"file:{out}")
    recorder = ThreadRecorder(out)
    ui = ui_for(app_context, outlet)
    _window, station = station_window(qtbot, ui, transport=lambda: recorder)
    result, outcome = sell_and_print(qtbot, ui, station, sessions, outlet)
    assert outcome.printed
    assert recorder.threads and recorder.threads[0] != threading.main_thread().name
    decoded = decode(out.read_bytes())
    assert decoded.drawer_kicks == [(0, 50, 50)]
    assert zbar(decoded.images[0], tmp_path) == [f"CODE-128:{result.receipt_no}"]
    assert station.status_label is not None and station.status_label.text() == "Printer: ready"
    assert station.banner_bar is not None and not station.banner_bar.isVisible()


def test_a_failed_receipt_shows_the_banner_and_reprints(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                                        sessions: sessionmaker[Session], tmp_path: Path) -> None:
    outlet.open_shift(sessions)
    set_printer(sessions, f"file:{tmp_path}/unplugged/receipt.bin")
    ui = ui_for(app_context, outlet)
    _window, station = station_window(qtbot, ui)
    result, outcome = sell_and_print(qtbot, ui, station, sessions, outlet)
    assert not outcome.printed
    assert station.banner is not None and station.banner_bar is not None and station.status_label is not None
    assert station.banner_bar.isVisible()
    message = station.banner.message.text()
    assert "1 receipt or report did not print and waits" in message and "The sales are saved." in message
    assert "does not exist" in message
    assert station.banner.reprint.isVisible() and station.banner.reprint.isEnabled()
    # As tall as its text at the window's width: every line shown, and no more (at 1366 px one line of text stood in
    # a banner three lines tall, 76 px of the till's height).
    banner, text = station.banner, station.banner.message
    for width in (1366, 700):
        _window.resize(width, 768)
        qtbot.waitUntil(lambda: banner.height() == banner.sizeHint().height())
        _window.grab()
        needed = text.heightForWidth(text.width())
        assert text.height() >= needed and banner.height() <= needed + 24, (width, text.height(), banner.height())
    assert text.heightForWidth(text.width()) > text.fontMetrics().lineSpacing()  # at 700 px: wrapped, all shown
    assert station.status_label.text() == "Printer: not working · 1 to reprint"
    with sessions() as s:
        assert s.get_one(Product, outlet.mam_tom).on_hand == -1  # the sale stands
        assert [j.label for j in printing.pending_jobs(s)] == [result.receipt_no]

    out = tmp_path / "receipt.bin"
    set_printer(sessions, f"file:{out}")  # plugged back in
    with qtbot.waitSignal(station.job_finished, timeout=JOB_MS) as done:
        qtbot.mouseClick(station.banner.reprint, Qt.MouseButton.LeftButton)
    assert done.args[0].printed
    assert not station.banner_bar.isVisible()
    assert station.status_label.text() == "Printer: ready"
    assert zbar(decode(out.read_bytes()).images[0], tmp_path) == [f"CODE-128:{result.receipt_no}"]
    with sessions() as s:
        assert printing.pending_count(s) == 0


def test_print_requests_and_the_drawer_go_through_the_station(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session],
        tmp_path: Path) -> None:
    outlet.open_shift(sessions)
    out = tmp_path / "out.bin"
    set_printer(sessions, f"file:{out}")
    ui = ui_for(app_context, outlet)
    _window, station = station_window(qtbot, ui)
    result = sell_cash(sessions, outlet)
    with qtbot.waitSignal(station.job_finished, timeout=JOB_MS):
        ui.events.print_requested.emit("receipt_copy", result.sale_id)
    assert decode(out.read_bytes()).images
    with qtbot.waitSignal(station.job_finished, timeout=JOB_MS):
        ui.events.drawer_requested.emit()
    assert out.read_bytes() == printers.drawer_job(printers.PrinterConfig())
    # A request that cannot be built (no such sale) says so in the banner and crashes nothing.
    station.print_requested("receipt", "no-such-sale")
    qtbot.waitUntil(lambda: station.busy == 0 and bool(station.last_error), timeout=JOB_MS)
    assert "No sale" in station.last_error
    assert station.banner is not None and station.banner.hide_button.isVisible()
    qtbot.mouseClick(station.banner.hide_button, Qt.MouseButton.LeftButton)
    assert station.banner_bar is not None and not station.banner_bar.isVisible()


def test_printer_screen_saves_tests_previews_and_opens_the_drawer(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session],
        tmp_path: Path) -> None:
    ui = ui_for(app_context, outlet, "manager")
    _window, station = station_window(qtbot, ui)
    screen = PrinterSettingsScreen(ui)
    qtbot.addWidget(screen)
    assert screen.preview_image.width == 576  # a sample receipt before the first sale
    out = tmp_path / "printer.bin"
    screen.kind.setCurrentIndex(screen.kind.findData("file"))
    screen.target.setText(str(out))
    screen.mode.setCurrentIndex(screen.mode.findData("text"))
    screen.drawer_pulse.setValue(200)
    screen.paper.setCurrentIndex(screen.paper.findData("58"))
    assert screen.preview_image.width == 384
    with qtbot.waitSignal(station.job_finished, timeout=JOB_MS) as done:
        qtbot.mouseClick(screen.test_button, Qt.MouseButton.LeftButton)
    assert done.args[0].printed
    with sessions() as s:
        assert settings.get(s, "printer.connection") == f"file:{out}"
        assert settings.get(s, "printer.mode") == "text"
        assert settings.get(s, "printer.drawer_pulse_ms") == "200"
    page = decode(out.read_bytes())
    assert page.images and "2. CHẾ ĐỘ CHỮ (text)" in page.lines and "Ư Ừ Ứ Ử Ữ Ự Y Ỳ Ý Ỷ Ỹ Ỵ đ Đ" in page.lines

    with qtbot.waitSignal(station.job_finished, timeout=JOB_MS):
        qtbot.mouseClick(screen.drawer_button, Qt.MouseButton.LeftButton)
    assert decode(out.read_bytes()).drawer_kicks == [(0, 100, 100)]
    with sessions() as s:
        assert s.query(AuditEvent).filter_by(kind="drawer.opened").count() == 1

    screen.kind.setCurrentIndex(screen.kind.findData("network"))
    screen.target.setText("")
    assert not screen.save()
    assert "connection is not right" in screen.message.text()

    labels_pdf = tmp_path / "labels.pdf"
    screen.label_skus.setText("HD-MAMTOM TRV-TMC")
    screen.save_labels(labels_pdf)
    qtbot.waitUntil(lambda: "Labels written" in screen.message.text(), timeout=JOB_MS)
    assert labels_pdf.stat().st_size > 0


def test_main_window_has_the_print_station_and_the_printer_screen(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    from showroom_pos.ui.main_window import MainWindow

    window = MainWindow(ui_for(app_context, outlet, "manager"))
    qtbot.addWidget(window)
    station = window.print_station
    assert isinstance(station, PrintStation)
    assert station.status_label is not None
    window.show()  # the printer is probed once the window is painted
    qtbot.waitUntil(lambda: station.status is not None, timeout=JOB_MS)
    assert station.status_label.text() == "Printer: none set"
    assert isinstance(window.open_screen("printer"), PrinterSettingsScreen)
    cashier_window = MainWindow(ui_for(app_context, outlet, "cashier"))
    qtbot.addWidget(cashier_window)
    assert cashier_window.open_screen("printer") is None



def test_a_network_printer_that_cannot_be_reached_is_said_in_vietnamese(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session]) -> None:
    """The banner said "…did not print: Device not found (Could not open socket for …: [Errno 113] No route to
    host)" in a Vietnamese till; the reason is now ours and in Vietnamese, the sale stands and waits to reprint."""
    import socket

    from showroom_pos.runtime import i18n

    with socket.socket() as sock:  # a port nobody listens on: the connection is refused at once
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    outlet.open_shift(sessions)
    set_printer(sessions, f"network:127.0.0.1:{port}")
    i18n.install("vi")
    try:
        ui = ui_for(app_context, outlet)
        _window, station = station_window(qtbot, ui)
        result, outcome = sell_and_print(qtbot, ui, station, sessions, outlet)
        assert not outcome.printed
        assert station.banner is not None
        message = station.banner.message.text()
    finally:
        i18n.install(i18n.language_from_environment())
    assert "Máy in hóa đơn network:127.0.0.1:" in message and "không in được: kết nối bị từ chối" in message
    assert "Errno" not in message and "Device not found" not in message
    with sessions() as s:
        assert [j.label for j in printing.pending_jobs(s)] == [result.receipt_no]


def test_each_kind_of_printer_connection_keeps_its_own_address(qtbot: QtBot, app_context: AppContext,
                                                               outlet: Outlet, sessions: sessionmaker[Session],
                                                               tmp_path: Path) -> None:
    """Choosing "Network" after a file printer left the file's path in the address field (saved as the network
    address); now the field is empty with an example, and going back to "File" brings the path back."""
    set_printer(sessions, f"file:{tmp_path}/receipts.bin")
    screen = PrinterSettingsScreen(ui_for(app_context, outlet, "manager"))
    qtbot.addWidget(screen)
    assert screen.target.text() == f"{tmp_path}/receipts.bin"
    screen.kind.setCurrentIndex(screen.kind.findData("network"))
    assert screen.target.text() == "" and screen.target.placeholderText() == "192.168.1.50:9100"
    screen.target.setText("192.168.1.60:9100")
    screen.kind.setCurrentIndex(screen.kind.findData("file"))
    assert screen.target.text() == f"{tmp_path}/receipts.bin"
    screen.kind.setCurrentIndex(screen.kind.findData("network"))
    assert screen.connection() == "network:192.168.1.60:9100"


def test_labels_are_offered_under_a_vietnamese_file_name(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file the app offers to save is named in Vietnamese (phieu-nhap-kho-…, bang-ke-ky-gui-…); labels were
    offered as "labels.pdf"."""
    from PySide6.QtWidgets import QFileDialog

    offered: list[str] = []

    def ask(_parent: object, _title: str, name: str, _filters: str) -> tuple[str, str]:
        offered.append(name)
        return "", ""  # (the person cancels)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    screen = PrinterSettingsScreen(ui_for(app_context, outlet, "manager"))
    qtbot.addWidget(screen)
    screen.choose_label_file()
    assert [Path(name).name for name in offered] == ["tem-san-pham.pdf"]


def test_a_large_batch_of_labels_is_asked_first_tells_how_far_it_got_and_can_be_stopped(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    """"Save labels as PDF" with no SKU made labels for every product: 2,084 A4 pages, minutes, at 50,000 products,
    with no word before and no way to stop. A batch over ``LARGE_LABEL_BATCH`` is asked first; while it is made the
    screen says how far it has got, and "Stop making labels" stops it, writing no file (a logout too)."""
    from showroom_pos.hardware import labels as label_render
    from showroom_pos.ui import printer_settings

    monkeypatch.setattr(printer_settings, "LARGE_LABEL_BATCH", 1)
    monkeypatch.setattr(label_render, "PROGRESS_EVERY", 1)
    answers: list[bool] = []
    asked: list[str] = []

    def confirm(_parent: object, text: str, _title: str | None = None) -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(printer_settings, "confirm", confirm)
    gate = threading.Event()
    drawn: list[str] = []
    real = label_render.render_label

    def held(item: label_render.LabelItem, *args: Any) -> Any:
        drawn.append(item.sku)
        if len(drawn) > 1:
            gate.wait(JOB_MS / 1000)  # the second label waits for the test
        return real(item, *args)

    monkeypatch.setattr(label_render, "render_label", held)
    screen = PrinterSettingsScreen(ui_for(app_context, outlet, "manager"))
    qtbot.addWidget(screen)
    screen.show()
    screen.label_skus.setText("HD-MAMTOM TRV-TMC")
    screen.label_single.setChecked(True)
    out = tmp_path / "labels.pdf"

    answers.append(False)  # asked, and the manager says no: nothing is made
    screen.save_labels(out)
    assert asked == ['This makes 2 labels, one a page, and takes a while. You can go on working meanwhile and stop '
                     'them with "Stop making labels". Make them?']
    assert drawn == [] and screen.label_button.isVisible() and not screen.label_stop_button.isVisible()

    answers.append(True)
    screen.save_labels(out)
    qtbot.waitUntil(lambda: screen.message.text() == "Writing labels… 1 of 2", timeout=JOB_MS)
    assert screen.label_stop_button.isVisible() and not screen.label_button.isVisible()
    screen.save_labels(out)  # (a second batch is not started meanwhile)
    assert len(asked) == 2
    qtbot.mouseClick(screen.label_stop_button, Qt.MouseButton.LeftButton)
    assert screen.message.text() == "Stopping the labels…" and not screen.label_stop_button.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: screen.message.text() == "Labels stopped: no file was written.", timeout=JOB_MS)
    assert not out.exists() and drawn == ["HD-MAMTOM", "TRV-TMC"]
    assert screen.label_button.isVisible() and not screen.label_stop_button.isVisible()

    answers.append(True)  # a batch let run is written
    screen.save_labels(out)
    qtbot.waitUntil(lambda: screen.message.text() == f"Labels written to {out}", timeout=JOB_MS)
    assert out.stat().st_size > 0
    out.unlink()

    gate.clear()  # a logout meanwhile stops the batch too, and waits for it
    answers.append(True)
    drawn.clear()
    screen.save_labels(out)
    qtbot.waitUntil(lambda: screen.message.text() == "Writing labels… 1 of 2", timeout=JOB_MS)
    threading.Timer(0.2, gate.set).start()
    screen.shutdown()
    assert not out.exists() and drawn == ["HD-MAMTOM", "TRV-TMC"]


def test_in_store_codes_say_how_many_and_when_none_was_needed(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session]) -> None:
    """The printer screen's "in-store codes" button says how many products got a code, and when every product
    already had a barcode says so (it said "0 products got an in-store code.", which read as a fault)."""
    from showroom_pos.services.catalogue import products
    from showroom_pos.services.catalogue.product_fields import ProductInput

    with sessions.begin() as s:
        for n in (1, 2):
            products.add_product(s, ProductInput(sku=f"BANH-{n}", name=f"Bánh pía {n}", unit="hộp", price=60_000))
    screen = PrinterSettingsScreen(ui_for(app_context, outlet, "manager"))
    qtbot.addWidget(screen)
    screen.assign_codes()
    assert screen.message.text() == "2 products got an in-store code."
    screen.assign_codes()
    assert screen.message.text().startswith("No product needed an in-store code: each already has a barcode")
