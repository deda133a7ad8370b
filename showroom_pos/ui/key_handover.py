"""Keys typed while the PIN screen gives way to the checkout: kept, and given to the checkout.

A cashier logs in and scans at once. Building the checkout takes a moment, and until the window system has moved
the keyboard to it, it sends the scanner's keys to the PIN screen. Closed at once (as it was), the PIN screen took
the first keys of the scan with it, and the rest reached the checkout as a broken code ("wrong number of digits").

So the PIN screen stays up until the checkout's window is active; meanwhile ``KeyHandover`` keeps every key aimed
at any other window, with its time, and then gives them to the checkout's focused box in order. The scanner policy
(``scanner_filter``) judges them there as it judges any keys, from their own timestamps: a scan is a scan, typing is
typing. A window system that never activates the checkout gets it done after ``HANDOVER_AT_MOST_MS``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

HANDOVER_AT_MOST_MS = 1_500

_KEY_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride})


class KeyHandover(QObject):
    """From its making until ``target`` is the active window: keys aimed elsewhere are kept, then replayed into
    ``target``'s focused widget; ``then`` runs once it is over (it closes the PIN screen)."""

    def __init__(self, target: QWidget, then: Callable[[], object] | None,
                 at_most_ms: int = HANDOVER_AT_MOST_MS) -> None:
        super().__init__(target)
        self.target = target
        self._then = then
        self._kept: list[tuple[Qt.Key, Qt.KeyboardModifier, str, int]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.finish)
        self._timer.start(at_most_ms)
        self.done = False
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)  # installed last, it sees each key before the scanner policy does

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.WindowActivate and obj is self.target:
            QTimer.singleShot(0, self, self.finish)  # once the activation is through: the focused box is known
            return False
        if kind not in _KEY_EVENTS or not isinstance(obj, QWidget):
            return False
        window = obj.window()
        if window is self.target:  # the till has the keyboard: what was kept comes first
            self.finish()
            return False
        if obj is not (window.focusWidget() or window):
            return False  # on its way up from the focused widget: the Enter that logged in, still being delivered
        if kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            self._kept.append((Qt.Key(event.key()), event.modifiers(), event.text(), event.timestamp()))
        return True

    def finish(self) -> None:
        """Stop keeping keys, run ``then``, and replay what was kept into the target's focused widget."""
        if self.done:
            return
        self.done = True
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        then, self._then = self._then, None  # let the PIN screen go
        if then is not None:
            then()
        receiver = self.target.focusWidget() or self.target
        kept, self._kept = self._kept, []
        for key, modifiers, text, stamp in kept:
            press = QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text)
            press.setTimestamp(stamp)  # the scanner policy tells a scan from typing by these
            QApplication.sendEvent(receiver, press)
