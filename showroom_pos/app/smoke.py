"""``showroom-pos --smoke``: start the app as usual and stop as soon as the first screen is painted.

What an installation check needs from outside the process (a wheel in a fresh venv, a PyInstaller bundle,
where no test code can be injected): proof that the GUI comes up, with the real translations, icon and
database, and how long it took. It prints one line and quits:

- ``smoke: PIN screen shown after 0.41 s`` (exit 0) once the login screen is painted;
- ``smoke: setup dialog shown after 0.38 s`` when the data folder is new: the dialog is closed again, as a
  person closing it would, so the app stops (exit 1) without creating a showroom.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog

MARKER = "smoke:"


def arm(started: float | None = None) -> QTimer:
    """Watch the top-level windows from the first turn of any event loop (the setup dialog runs its own)."""
    from .main import make_qt_app

    begun = time.perf_counter() if started is None else started
    qt_app = make_qt_app()
    timer = QTimer(qt_app)
    timer.setInterval(20)

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if not widget.isVisible():
                continue
            kind = type(widget).__name__
            if kind == "LoginScreen":
                print(f"{MARKER} PIN screen shown after {time.perf_counter() - begun:.2f} s "
                      f"({widget.windowTitle()})", flush=True)
                timer.stop()
                QCoreApplication.exit(0)
                return
            if kind == "SetupDialog" and isinstance(widget, QDialog):
                print(f"{MARKER} setup dialog shown after {time.perf_counter() - begun:.2f} s "
                      f"({widget.windowTitle()})", flush=True)
                timer.stop()
                widget.reject()
                return

    timer.timeout.connect(look)
    timer.start()
    return timer
