"""Receipt printer backends, chosen by one setting string, all through python-escpos.

``network:HOST[:PORT]`` (9100 by default), ``usb:VID:PID`` (hex), ``serial:DEVICE[:BAUD]``,
``cups:NAME`` (pycups when installed, else the ``lp`` command), ``win32:NAME`` (the Windows spooler,
needs pywin32), ``file:/path`` (the raw bytes, written afresh for each job) and ``none``.

A job is first rendered whole into an ``escpos.printer.Dummy`` (drawer kick, documents, cut), then sent
to the device in one go; a failure anywhere (offline, unplugged, out of paper, cut off half-way) is a
``PrinterError``, which the caller turns into a reprint-queue entry. Nothing here touches the database.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from escpos.constants import RT_STATUS_PAPER
from escpos.escpos import Escpos

from showroom_pos.core.errors import N_, UserError, os_reason
from showroom_pos.core.receipt import ReceiptDocument
from showroom_pos.core.text import is_ascii_digits

from .receipt_render import Mode, RenderOptions, dummy_printer, write_document

log = logging.getLogger(__name__)

DEFAULT_NETWORK_PORT = 9100
DEFAULT_BAUD = 9600
CHUNK_BYTES = 4096
CONNECT_TIMEOUT_S = 5.0
STATUS_TIMEOUT_S = 1.0
KINDS = ("none", "network", "usb", "serial", "cups", "win32", "file")


class PrinterError(UserError):
    """The printer did not take the job. ``reason`` is the device's own words (English)."""

    message = "The receipt printer {printer} did not print: {reason}"


@dataclass(frozen=True)
class Connection:
    kind: str
    target: str = ""
    port: int = 0  # network port, or serial baud rate
    vendor_id: int = 0
    product_id: int = 0

    def __str__(self) -> str:
        if self.kind == "none":
            return "none"
        if self.kind == "network":
            return f"network:{self.target}:{self.port}"
        if self.kind == "usb":
            return f"usb:{self.vendor_id:04x}:{self.product_id:04x}"
        if self.kind == "serial":
            return f"serial:{self.target}:{self.port}" if self.port != DEFAULT_BAUD else f"serial:{self.target}"
        return f"{self.kind}:{self.target}"


def parse_connection(text: str) -> Connection:
    """Parse the ``printer.connection`` setting; raises ValueError with an English reason."""
    text = text.strip()
    kind, _, rest = text.partition(":")
    kind = kind.lower()
    if kind == "none" and not rest:
        return Connection("none")
    if kind not in KINDS or not rest:
        raise ValueError("write none, network:HOST[:PORT], usb:VID:PID, serial:DEVICE[:BAUD], cups:NAME, "
                         "win32:NAME or file:PATH")
    if kind == "network":
        match = re.fullmatch(r"([\w.\-]+)(?::(\d{1,5}))?", rest)
        if not match or (match.group(2) and not 0 < int(match.group(2)) < 65536):
            raise ValueError("a network printer is HOST or HOST:PORT, e.g. network:192.168.1.50:9100")
        return Connection("network", match.group(1), int(match.group(2) or DEFAULT_NETWORK_PORT))
    if kind == "usb":
        match = re.fullmatch(r"([0-9a-fA-F]{4}):([0-9a-fA-F]{4})", rest)
        if not match:
            raise ValueError("a USB printer is usb:VID:PID in hexadecimal, e.g. usb:04b8:0202")
        return Connection("usb", rest.lower(), vendor_id=int(match.group(1), 16), product_id=int(match.group(2), 16))
    if kind == "serial":
        device, baud = rest, DEFAULT_BAUD
        head, sep, tail = rest.rpartition(":")
        if sep and is_ascii_digits(tail) and head:
            device, baud = head, int(tail)
        return Connection("serial", device, baud)
    return Connection(kind, rest)


@dataclass(frozen=True)
class PrinterConfig:
    """Everything the hardware needs to know, read from the business settings by the service layer."""

    connection: str = "none"
    profile: str = "default"
    mode: str = "raster"
    paper_mm: int = 80
    codepage: str = "auto"
    drawer_pin: int = 2
    drawer_pulse_ms: int = 100

    @property
    def render(self) -> RenderOptions:
        mode: Mode = "text" if self.mode == "text" else "raster"
        return RenderOptions(paper_mm=self.paper_mm, mode=mode, profile=self.profile, codepage=self.codepage)

    @property
    def enabled(self) -> bool:
        return parse_connection(self.connection).kind != "none"

    def with_connection(self, connection: str) -> PrinterConfig:
        return replace(self, connection=connection)


# --- building jobs ---------------------------------------------------------------------------------


def drawer_pulse(config: PrinterConfig) -> list[int]:
    """``ESC p m t1 t2``: pin 2 is m = 0, pin 5 is m = 1; times are in units of 2 ms."""
    on = max(1, min(255, config.drawer_pulse_ms // 2))
    return [27, 112, 0 if config.drawer_pin == 2 else 1, on, on]


def job_bytes(documents: Sequence[tuple[ReceiptDocument, RenderOptions]], config: PrinterConfig, *,
              kick_drawer: bool = False, cut: bool = True) -> bytes:
    """One print job as bytes: the drawer first (so it opens while the receipt prints), the documents,
    the cut."""
    printer = dummy_printer(config.render)
    if kick_drawer:
        printer.cashdraw(drawer_pulse(config))
    for doc, options in documents:
        write_document(printer, doc, options)
    if cut:
        printer.cut(mode="PART")
    return bytes(printer.output)


def receipt_job(doc: ReceiptDocument, config: PrinterConfig, *, kick_drawer: bool = False) -> bytes:
    return job_bytes([(doc, config.render)], config, kick_drawer=kick_drawer)


def drawer_job(config: PrinterConfig) -> bytes:
    printer = dummy_printer(config.render)
    printer.cashdraw(drawer_pulse(config))
    return bytes(printer.output)


# --- sending ---------------------------------------------------------------------------------------


class Transport(Protocol):
    """Where a job's bytes go. Tests use fakes; the app uses ``EscposTransport``."""

    def send(self, data: bytes) -> None: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class PrinterStatus:
    state: str  # ready | none | offline | paper_out | paper_low | unknown
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.state in ("ready", "paper_low", "unknown")


class NullTransport:
    def send(self, data: bytes) -> None:
        return None

    def describe(self) -> str:
        return "none"


def _missing(what: str, extra: str) -> PrinterError:
    return PrinterError(printer=what, reason=f"this needs pip install 'python-escpos[{extra}]'")


def escpos_device(connection: Connection, config: PrinterConfig) -> Escpos:
    """The python-escpos printer object for a connection (not opened yet)."""
    from escpos import printer as p

    profile = config.profile
    if connection.kind == "network":
        return p.Network(connection.target, connection.port, timeout=CONNECT_TIMEOUT_S, profile=profile)
    if connection.kind == "file":
        return p.File(str(Path(connection.target).expanduser()), profile=profile)
    if connection.kind == "usb":
        if not p.Usb.is_usable():
            raise _missing(str(connection), "usb")
        return p.Usb(connection.vendor_id, connection.product_id, timeout=int(CONNECT_TIMEOUT_S * 1000),
                     profile=profile)
    if connection.kind == "serial":
        if not p.Serial.is_usable():
            raise _missing(str(connection), "serial")
        return p.Serial(connection.target, baudrate=connection.port, profile=profile)
    if connection.kind == "cups":
        if p.CupsPrinter.is_usable():
            return p.CupsPrinter(connection.target, profile=profile)
        if p.LP.is_usable():
            return p.LP(connection.target, profile=profile)
        raise _missing(str(connection), "cups")
    if connection.kind == "win32":
        if not p.Win32Raw.is_usable():
            raise _missing(str(connection), "win32")
        return p.Win32Raw(connection.target, profile=profile)
    raise PrinterError(printer=str(connection), reason=N_("no printer is set"))


def _reason(exc: BaseException) -> str:
    """Why a device failed: a system error in our words (translated with the message), else the driver's own. The
    system error may be the cause of the driver's (python-escpos wraps a refused or unreachable socket in its own
    "Device not found (Could not open socket …)")."""
    for cause in (exc, exc.__cause__, exc.__context__):
        if isinstance(cause, OSError) and (cause.errno is not None or type(cause) is not OSError):
            return os_reason(cause)  # (an OSError raised with words of its own and no number keeps its words)
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


class EscposTransport:
    """Sends a job through a python-escpos printer: open, (network: ask for paper), write in chunks, close."""

    def __init__(self, connection: Connection, config: PrinterConfig,
                 device_factory: Callable[[Connection, PrinterConfig], Escpos] = escpos_device) -> None:
        self.connection = connection
        self.config = config
        self.device_factory = device_factory

    def describe(self) -> str:
        return str(self.connection)

    def send(self, data: bytes) -> None:
        name = str(self.connection)
        device: Escpos | None = None
        try:
            device = self.device_factory(self.connection, self.config)
            if self.connection.kind == "file":
                parent = Path(self.connection.target).expanduser().parent
                if not parent.is_dir():
                    raise FileNotFoundError(errno.ENOENT, "folder does not exist", str(parent))
            device.open()
            if self.connection.kind == "network":
                paper = network_paper_state(getattr(device, "device", None))
                if paper == "paper_out":
                    raise PrinterError(printer=name, reason=N_("out of paper"))
            for start in range(0, len(data), CHUNK_BYTES):
                device._raw(data[start:start + CHUNK_BYTES])
            device.close()
            device = None
        except PrinterError:
            raise
        except Exception as exc:  # any device failure means "not printed"
            log.warning("printer %s failed: %s", name, exc)
            raise PrinterError(printer=name, reason=_reason(exc)) from exc
        finally:
            if device is not None:
                try:
                    device.close()
                except Exception:
                    log.debug("closing %s after a failure also failed", name, exc_info=True)

    def status(self) -> PrinterStatus:
        return probe(self.connection, self.config)


def network_paper_state(sock: Any) -> str:
    """Ask a connected network printer for its paper sensor (``DLE EOT 4``); "unknown" if it does not
    answer (many printers do not)."""
    if not isinstance(sock, socket.socket):
        return "unknown"
    previous = sock.gettimeout()
    try:
        sock.settimeout(STATUS_TIMEOUT_S)
        sock.sendall(RT_STATUS_PAPER)
        reply = sock.recv(16)
    except OSError:
        return "unknown"
    finally:
        sock.settimeout(previous)
    if not reply:
        return "unknown"
    byte = reply[-1]
    if byte & 0x60 == 0x60:
        return "paper_out"
    if byte & 0x0C == 0x0C:
        return "paper_low"
    return "ready"


def transport_for(config: PrinterConfig) -> Transport:
    connection = parse_connection(config.connection)
    if connection.kind == "none":
        return NullTransport()
    return EscposTransport(connection, config)


def probe(connection: Connection, config: PrinterConfig) -> PrinterStatus:
    """A quick look at whether the printer is there, without printing (a second or two at most)."""
    from escpos import printer as p

    try:
        if connection.kind == "none":
            return PrinterStatus("none", "no receipt printer is set")
        if connection.kind == "network":
            with socket.create_connection((connection.target, connection.port), timeout=2.0) as sock:
                paper = network_paper_state(sock)
            return PrinterStatus(paper if paper != "unknown" else "ready", str(connection))
        if connection.kind == "file":
            parent = Path(connection.target).expanduser().parent
            if parent.is_dir() and os.access(parent, os.W_OK):
                return PrinterStatus("ready", str(connection))
            return PrinterStatus("offline", f"cannot write to {parent}")
        if connection.kind == "serial":
            if not p.Serial.is_usable():
                return PrinterStatus("offline", "needs python-escpos[serial]")
            if connection.target.startswith("/dev/") and not os.path.exists(connection.target):
                return PrinterStatus("offline", f"{connection.target} is not plugged in")
            return PrinterStatus("unknown", str(connection))
        if connection.kind == "usb":
            if not p.Usb.is_usable():
                return PrinterStatus("offline", "needs python-escpos[usb]")
            import usb.core

            found = usb.core.find(idVendor=connection.vendor_id, idProduct=connection.product_id)
            return PrinterStatus("ready" if found else "offline", str(connection) if found else "not plugged in")
        if connection.kind == "cups":
            if not (p.CupsPrinter.is_usable() or p.LP.is_usable()):
                return PrinterStatus("offline", "needs python-escpos[cups]")
            return PrinterStatus("unknown", str(connection))
        if connection.kind == "win32":
            if not p.Win32Raw.is_usable():
                return PrinterStatus("offline", "needs python-escpos[win32]")
            return PrinterStatus("unknown", str(connection))
    except OSError as exc:
        return PrinterStatus("offline", _reason(exc))
    return PrinterStatus("unknown", str(connection))


def send_job(config: PrinterConfig, data: bytes, transport: Transport | None = None) -> None:
    """Send bytes to the configured printer; raises ``PrinterError``."""
    (transport or transport_for(config)).send(data)
