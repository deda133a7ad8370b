"""Printer backends: the connection setting, job assembly (drawer, documents, cut), the file and network
backends against real files and sockets, and the failures the till must survive."""

from __future__ import annotations

import queue
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from escpos import printer as escpos_printer

from showroom_pos.core.receipt import DocumentKind, ReceiptDocument, Row
from showroom_pos.hardware import printers
from showroom_pos.hardware.printers import Connection, PrinterConfig, PrinterError, parse_connection

from .test_receipt_decoder import decode

DOC = ReceiptDocument(kind=DocumentKind.TEST_PAGE, outlet_name="Điểm OCOP Mỹ Tho", number="T-1",
                      issued_at=datetime(2026, 1, 28, tzinfo=UTC), rows=(Row("Mắm tôm chà Gò Công"),))


@pytest.mark.parametrize(("text", "expected"), [
    ("none", Connection("none")),
    ("network:192.168.1.50:9100", Connection("network", "192.168.1.50", 9100)),
    ("network:printer.local", Connection("network", "printer.local", 9100)),
    ("usb:04b8:0202", Connection("usb", "04b8:0202", vendor_id=0x04B8, product_id=0x0202)),
    ("serial:/dev/ttyUSB0", Connection("serial", "/dev/ttyUSB0", 9600)),
    ("serial:COM3:115200", Connection("serial", "COM3", 115200)),
    ("cups:TM-T20", Connection("cups", "TM-T20")),
    ("win32:EPSON TM-T82 Receipt", Connection("win32", "EPSON TM-T82 Receipt")),
    ("file:/tmp/out.bin", Connection("file", "/tmp/out.bin")),
])
def test_every_connection_form_parses_and_prints_back(text: str, expected: Connection) -> None:
    parsed = parse_connection(text)
    assert parsed == expected
    assert parse_connection(str(parsed)) == parsed


@pytest.mark.parametrize("text", ["", "lpt1", "network:", "network:host:99999", "usb:4b8:202", "usb:04b8",
                                  "file:", "bluetooth:AA:BB"])
def test_bad_connections_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_connection(text)


def test_a_job_opens_the_drawer_first_and_cuts_last() -> None:
    config = PrinterConfig(drawer_pin=5, drawer_pulse_ms=200, mode="text")
    data = printers.job_bytes([(DOC, config.render)], config, kick_drawer=True)
    assert data.startswith(b"\x1bp\x01\x64\x64")  # ESC p, pin 5 (m = 1), 100 × 2 ms on and off
    assert data.endswith(b"\x1dV\x01")  # partial cut
    decoded = decode(data)
    assert decoded.drawer_kicks == [(1, 100, 100)] and decoded.cuts == 1
    assert "Mắm tôm chà Gò Công" in decoded.lines
    assert printers.drawer_job(PrinterConfig()) == b"\x1bp\x00\x32\x32"  # pin 2, 100 ms
    assert not decode(printers.job_bytes([(DOC, config.render)], config)).drawer_kicks


def test_file_printer_receives_the_raw_bytes(tmp_path: Path) -> None:
    out = tmp_path / "receipt.bin"
    config = PrinterConfig(connection=f"file:{out}")
    data = printers.receipt_job(DOC, config)
    printers.send_job(config, data)
    assert out.read_bytes() == data
    assert printers.probe(parse_connection(config.connection), config).state == "ready"


def test_an_unplugged_file_printer_is_a_printer_error(tmp_path: Path) -> None:
    config = PrinterConfig(connection=f"file:{tmp_path}/gone/receipt.bin")
    with pytest.raises(PrinterError) as caught:
        printers.send_job(config, b"\x1b@hello\n")
    assert "does not exist" in caught.value.text()
    assert printers.probe(parse_connection(config.connection), config).state == "offline"


def test_a_failure_half_way_through_is_a_printer_error() -> None:
    class Breaks(escpos_printer.Dummy):
        def _raw(self, msg: bytes) -> None:
            if len(self.output) > 5000:
                raise OSError("cable pulled")
            super()._raw(msg)

    device = Breaks()
    transport = printers.EscposTransport(Connection("file", "/dev/null"), PrinterConfig(),
                                         device_factory=lambda _c, _p: device)
    with pytest.raises(PrinterError, match="cable pulled"):
        transport.send(printers.receipt_job(DOC, PrinterConfig()))
    assert 5000 < len(device.output) < len(printers.receipt_job(DOC, PrinterConfig()))


@dataclass
class FakeNetworkPrinter:
    """A printer on a local TCP port: stores what it receives, answers DLE EOT 4 with its paper state."""

    paper_status: int | None = 0x12  # 0x12: paper present; 0x72: paper end; None: never answers
    jobs: queue.Queue[bytes] = field(default_factory=queue.Queue)
    port: int = 0

    def __post_init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                data = b""
                while chunk := conn.recv(65536):
                    if chunk.endswith(b"\x10\x04\x04") and self.paper_status is not None:
                        conn.sendall(bytes([self.paper_status]))
                        chunk = chunk[:-3]
                    data += chunk
                self.jobs.put(data)

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def network_printer() -> Iterator[FakeNetworkPrinter]:
    fake = FakeNetworkPrinter()
    yield fake
    fake.close()


def test_network_printer_receives_the_job(network_printer: FakeNetworkPrinter) -> None:
    config = PrinterConfig(connection=f"network:127.0.0.1:{network_printer.port}", mode="text")
    data = printers.receipt_job(DOC, config, kick_drawer=True)
    printers.send_job(config, data)
    assert network_printer.jobs.get(timeout=10) == data
    assert printers.probe(parse_connection(config.connection), config).state == "ready"


def test_network_printer_out_of_paper_is_refused(network_printer: FakeNetworkPrinter) -> None:
    network_printer.paper_status = 0x72
    config = PrinterConfig(connection=f"network:127.0.0.1:{network_printer.port}")
    with pytest.raises(PrinterError, match="out of paper"):
        printers.send_job(config, printers.receipt_job(DOC, config))
    assert printers.probe(parse_connection(config.connection), config).state == "paper_out"


def test_a_printer_that_does_not_answer_status_still_prints(network_printer: FakeNetworkPrinter) -> None:
    network_printer.paper_status = None
    config = PrinterConfig(connection=f"network:127.0.0.1:{network_printer.port}")
    printers.send_job(config, b"\x1b@ok\n")
    assert network_printer.jobs.get(timeout=10).endswith(b"\x1b@ok\n")


def test_an_offline_network_printer_is_a_printer_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    config = PrinterConfig(connection=f"network:127.0.0.1:{port}")
    with pytest.raises(PrinterError):
        printers.send_job(config, b"\x1b@")
    assert printers.probe(parse_connection(config.connection), config).state == "offline"


def test_none_prints_nothing_and_says_so() -> None:
    config = PrinterConfig()
    assert not config.enabled
    assert isinstance(printers.transport_for(config), printers.NullTransport)
    assert printers.probe(Connection("none"), config).state == "none"


@pytest.mark.parametrize(("connection", "extra", "cls"), [
    ("usb:04b8:0202", "usb", escpos_printer.Usb),
    ("serial:/dev/ttyUSB0", "serial", escpos_printer.Serial),
    ("win32:EPSON", "win32", escpos_printer.Win32Raw),
])
def test_a_backend_whose_library_is_missing_says_what_to_install(connection: str, extra: str, cls: Any) -> None:
    if cls.is_usable():
        pytest.skip(f"{extra} support is installed here")
    config = PrinterConfig(connection=connection)
    with pytest.raises(PrinterError, match=rf"python-escpos\[{extra}\]"):
        printers.send_job(config, b"\x1b@")
    assert printers.probe(parse_connection(connection), config).state == "offline"
