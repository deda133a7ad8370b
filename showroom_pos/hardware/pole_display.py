"""The pole display: a 2×20 vacuum-fluorescent customer display on a serial port.

Most of these displays (Epson DM-D, POS-X, Partner, the unbranded "VFD220" sold with Vietnamese tills) understand
Epson's ESC/POS customer-display command set; the few we need, as listed in Epson's DM-D110 specification and
the POS-X XP8200 and Epson P07303 manuals (see docs/customer_display.md):

- ``ESC @`` (1B 40) initialise: settings back to power-on, screen cleared, cursor home;
- ``US MD1`` (1F 01) overwrite mode, so writing the 20th character of a line never scrolls the screen;
- ``US C 0`` (1F 43 00) cursor hidden;
- ``CLR`` (0C) clear the screen; ``HOM`` (0B) cursor to the upper-left position;
- ``US $ x y`` (1F 24 x y) cursor to column x (1–20) of line y (1–2).

They have no Vietnamese characters, so text is folded to ASCII (``Trà mãng cầu`` → ``Tra mang cau``).

A display that is missing, unplugged or failing never holds up a sale: ``show`` only leaves the newest two lines
for a thread of its own, which opens the port and writes them; a failure is logged, reported once through
``on_status``, and the port is tried again on a later update, at most every ``retry_seconds``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from showroom_pos.core.text import strip_diacritics

try:  # pyserial's flush() on POSIX lets termios's own error through (not an OSError): an unplugged display
    from termios import error as _TermiosError
    PORT_ERRORS: tuple[type[Exception], ...] = (OSError, ValueError, _TermiosError)
except ImportError:  # Windows
    PORT_ERRORS = (OSError, ValueError)

log = logging.getLogger(__name__)

WIDTH = 20
INITIALIZE = b"\x1b\x40"  # ESC @
OVERWRITE_MODE = b"\x1f\x01"  # US MD1
CURSOR_OFF = b"\x1f\x43\x00"  # US C 0
CLEAR = b"\x0c"  # CLR
HOME = b"\x0b"  # HOM
BAUD_RATES = (2400, 4800, 9600, 19200, 38400, 57600, 115200)


def move_to(column: int, line: int) -> bytes:
    """``US $ x y``: the cursor to ``column`` (1–20) of ``line`` (1–2)."""
    if not (1 <= column <= WIDTH and 1 <= line <= 2):
        raise ValueError(f"no position {column},{line} on a 2x{WIDTH} display")
    return b"\x1f\x24" + bytes((column, line))


def to_ascii(text: str) -> str:
    """What the display can draw: Vietnamese without its marks, ``₫`` as ``d``, anything else as ``?``."""
    folded = strip_diacritics(text.replace("₫", "d"))
    return "".join(ch if " " <= ch <= "~" else "?" for ch in " ".join(folded.split()))


def fit(left: str, right: str = "", width: int = WIDTH) -> str:
    """One line of exactly ``width`` characters: ``right`` kept whole at the right end, ``left`` cut to what is
    left (with one space between them)."""
    left, right = to_ascii(left), to_ascii(right)[:width]
    room = width - len(right) - (1 if right else 0)
    left = left[:max(0, room)]
    return left + " " * (width - len(left) - len(right)) + right


def setup_bytes() -> bytes:
    """Sent once after the port opens: a known state, whatever the display was left in."""
    return INITIALIZE + OVERWRITE_MODE + CURSOR_OFF + CLEAR


def frame_bytes(top: str, bottom: str, top_right: str = "", bottom_right: str = "") -> bytes:
    """Both lines (each with an optional right-aligned part, a price), written over whatever was there: no
    clear, so the screen does not flicker."""
    return HOME + fit(top, top_right).encode("ascii") + move_to(1, 2) + fit(bottom, bottom_right).encode("ascii")


Frame = tuple[str, str, str, str]  # top, bottom, top_right, bottom_right


class Port(Protocol):
    def write(self, data: bytes) -> int | None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


def open_serial(port: str, baud: int) -> Port:
    """pyserial's port (a device such as ``/dev/ttyUSB0`` or ``COM3``, or a ``socket://host:port`` URL); writes
    give up after a second rather than wait for a display that stopped reading."""
    import serial

    return serial.serial_for_url(port, baudrate=baud, timeout=0, write_timeout=1.0)


class PoleDisplay:
    """Writes the newest two lines to the display from a thread of its own; ``show`` never waits."""

    def __init__(self, port: str, baud: int = 9600, *, on_status: Callable[[bool, str], None] | None = None,
                 opener: Callable[[str, int], Port] = open_serial, retry_seconds: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.port_name = port
        self.baud = baud
        self.on_status = on_status
        self._opener = opener
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._port: Port | None = None
        self._failing = False  # reported once, until the display works again
        self._retry_at = 0.0
        self._pending: Frame | None = None
        self._last: Frame | None = None
        self._closing = False
        self._busy = False
        self._wake = threading.Condition()
        self.written = 0  # frames written, for tests and the benchmark
        self._thread = threading.Thread(target=self._run, name="pole-display", daemon=True)
        self._thread.start()

    def show(self, top: str, bottom: str, *, top_right: str = "", bottom_right: str = "") -> None:
        """Put these two lines on the display as soon as it can take them (an older update not yet written is
        replaced: only the newest matters). ``*_right`` is kept whole at the line's right end (a price)."""
        with self._wake:
            self._pending = (top, bottom, top_right, bottom_right)
            self._wake.notify()

    @property
    def last(self) -> Frame | None:
        """The newest lines given (written, or waiting for the display to answer)."""
        return self._pending or self._last

    def close(self, timeout: float = 2.0) -> None:
        with self._wake:
            self._closing = True
            self._wake.notify()
        self._thread.join(timeout)

    def wait_idle(self, timeout: float = 2.0) -> bool:
        """Until every update given so far was handled (tests, the benchmark)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._wake:
                if self._pending is None and not self._busy:
                    return True
            time.sleep(0.005)
        return False

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._closing:
                    self._wake.wait()
                if self._closing:
                    break
                frame, self._pending = self._pending, None
                self._busy = True
            try:
                self._write(frame)
            finally:
                with self._wake:
                    self._busy = False
        self._drop_port()

    def _write(self, frame: Frame | None) -> None:
        if frame is None:
            return
        self._last = frame
        if self._port is None:
            if self._failing and self._clock() < self._retry_at:
                return  # not again so soon: the newest lines are written once it opens
            try:
                self._port = self._opener(self.port_name, self.baud)
                self._port.write(setup_bytes())
            except PORT_ERRORS as exc:
                self._failed(exc)
                return
        try:
            self._port.write(frame_bytes(*frame))
            self._port.flush()
        except PORT_ERRORS as exc:
            self._failed(exc)
            return
        self.written += 1
        if self._failing:
            self._failing = False
            log.info("pole display %s works again", self.port_name)
            self._report(True, "")

    def _failed(self, exc: BaseException) -> None:
        self._drop_port()
        self._retry_at = self._clock() + self._retry_seconds
        if not self._failing:
            self._failing = True
            log.warning("pole display %s: %s", self.port_name, exc)
            self._report(False, str(exc))
        else:
            log.debug("pole display %s still failing: %s", self.port_name, exc)

    def _report(self, ok: bool, detail: str) -> None:
        if self.on_status is not None:
            try:
                self.on_status(ok, detail)
            except Exception:  # whoever listens must not stop the display's thread
                log.exception("pole display status listener failed")

    def _drop_port(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            with contextlib.suppress(*PORT_ERRORS):
                port.close()
