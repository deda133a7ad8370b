"""Unhandled exceptions in the GUI: written to the log with their traceback, told to the cashier in their
language, and the till keeps running.

PySide6 hands an exception raised in a slot or an overridden Qt method to ``sys.excepthook`` and then
carries on with the event loop, so a fault in one button's code need not end the day's selling. Without a
hook the traceback went to stderr only (nobody reads a till's terminal) and nothing was said on screen.
A completed sale is already committed before anything that could fail here runs (printing, screens).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

log = logging.getLogger("showroom_pos.crash")

QUIET_SECONDS = 5.0  # a fault repeating in a loop shows one message, not a storm of them


class CrashHandler:
    """``sys.excepthook`` for the desktop app; ``show`` puts the message on screen (a message box)."""

    def __init__(self, log_file: Path | None, show: Callable[[str], None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.log_file = log_file
        self.show = show
        self.clock = clock
        self.count = 0
        self._last_shown = -QUIET_SECONDS
        self._showing = False

    def __call__(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(kind, error, tb)
            return
        self.count += 1
        log.critical("unhandled error in the app (it keeps running)", exc_info=(kind, error, tb))
        now = self.clock()
        if self._showing or now - self._last_shown < QUIET_SECONDS:
            return
        self._last_shown = now
        self._showing = True
        try:
            self.show(self.message())
        except Exception:  # the message itself failed: the log has the fault, keep going
            log.exception("could not show the error message")
        finally:
            self._showing = False

    def message(self) -> str:
        from PySide6.QtCore import QCoreApplication

        text = QCoreApplication.translate(
            "CrashHandler", "Something went wrong in the app. What you were doing may not have finished; "
            "completed sales are saved. The details are in the log file {path}. You can go on working; "
            "if it happens again, log out and in, or restart the app.")
        return text.format(path=self.log_file or "—")


def install(log_file: Path | None) -> CrashHandler:
    """Make unhandled exceptions in the GUI logged and shown instead of printed to stderr."""

    def show(text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        from showroom_pos.runtime.i18n import app_title

        QMessageBox.critical(None, app_title(), text)

    handler = CrashHandler(log_file, show)
    sys.excepthook = handler
    return handler
