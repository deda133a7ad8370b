"""When a widget has really been painted: the mark the checkout's and the start-up's figures stop at.

A zero-delay timer started after ``show()`` is no such mark: it fired before the window's paint event, which in the
app came only after its threads had had their turn. ``PaintWatch`` watches the paint events the widget itself
receives. It imports Qt only (already loaded by the app), so that the start-up's child process can use it without
loading anything the app would not.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer


class _PaintFilter(QObject):
    """Counts the paint events of the widget it is installed on; calls what waits for the next one."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.waiting: list[Callable[[], None]] = []

    def eventFilter(self, obj: Any, event: Any) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
            waiting, self.waiting = self.waiting, []
            for step in waiting:
                # Called once this paint is over: the window's widgets are painted in this same pass, then
                # flushed to the screen, before the event loop turns and the timer fires.
                QTimer.singleShot(0, step)
        return False


class PaintWatch:
    """The paint events a widget receives (a window, the cart's viewport): what the person sees is there once
    one has arrived after the change and been handled."""

    def __init__(self, widget: Any) -> None:
        self._filter = _PaintFilter()
        widget.installEventFilter(self._filter)

    @property
    def count(self) -> int:
        return self._filter.count

    def wait(self, app: Any, since: int, timeout_s: float = 2.0) -> bool:
        """Process events until a paint event arrived after ``since`` and was handled (True), or the timeout."""
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            app.processEvents()
            if self.count > since:
                return True
        return False

    def after_next_paint(self, step: Callable[[], None]) -> None:
        """Call ``step`` from the event loop once the widget's next paint is over (nothing spins meanwhile: the
        app's own event loop runs as it would)."""
        self._filter.waiting.append(step)
