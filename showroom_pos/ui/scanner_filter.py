"""The Qt side of scanner detection: an application event filter that sees every key typed inside
one screen (whichever box has the focus), holds printable keys back while they may be a scan, and
either emits ``scanned(code)`` or replays them into the box they were aimed at.

So a scan typed while the cashier is in the quantity or the search box reaches the cart and leaves
the box untouched, and what a person types still arrives, in order.
"""

from __future__ import annotations

import time
import weakref
from typing import Any, cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from showroom_pos.hardware.scanner import BurstDetector, Decision, HeldKey

# Plain ints: this filter sees every event of the application, so it must be cheap.
_KEY_PRESS = QEvent.Type.KeyPress
_ENTER = frozenset({Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value})
_MODIFIER_KEYS = frozenset(k.value for k in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
                                             Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock))
_OTHER_MODIFIERS = ~(Qt.KeyboardModifier.ShiftModifier.value | Qt.KeyboardModifier.KeypadModifier.value)


class ScannerFilter(QObject):
    """Install with ``install()``; active while ``scope`` is visible and has the focus inside it."""

    scanned = Signal(str)

    def __init__(self, scope: QWidget, max_key_interval_ms: int = 30, min_length: int = 6) -> None:
        super().__init__(scope)
        self.scope = scope
        self.detector = BurstDetector(max_key_interval_ms, min_length)
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._installed = False

    def configure(self, max_key_interval_ms: int, min_length: int) -> None:
        self._apply(self.detector.other())
        self.detector = BurstDetector(max_key_interval_ms, min_length)

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def _in_scope(self, obj: QObject) -> bool:
        if not isinstance(obj, QWidget):
            return False
        scope = self.scope
        return scope.isVisible() and (obj is scope or scope.isAncestorOf(obj))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() is not _KEY_PRESS or self._replaying or not self._in_scope(obj):
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False
        stamp = float(event.timestamp()) or time.monotonic() * 1000
        plain = not (event.modifiers().value & _OTHER_MODIFIERS)
        if key in _ENTER and plain:
            decision = self.detector.enter(stamp)
        else:
            text = event.text()
            printable = plain and len(text) == 1 and text.isprintable()
            if printable:
                handle = (weakref.ref(obj), key, event.modifiers(), text)
                decision = self.detector.printable(text, stamp, handle)
            else:
                decision = self.detector.other()
        self._apply(decision)
        if self.detector.holding:
            self._timer.start(int(self.detector.flush_after_ms))
        else:
            self._timer.stop()
        if decision.scan is not None:
            self.scanned.emit(decision.scan)
        return decision.consume

    def _on_timeout(self) -> None:
        self._apply(self.detector.timeout())

    def flush(self) -> None:
        """Deliver anything held now (before the screen reads a box's text, for instance)."""
        self._timer.stop()
        self._apply(self.detector.other())

    def _apply(self, decision: Decision) -> None:
        for held in decision.replay:
            self._replay(held)

    def _replay(self, held: HeldKey) -> None:
        ref, key, modifiers, text = cast(tuple[Any, Qt.Key, Qt.KeyboardModifier, str], held.handle)
        target = ref() or QApplication.focusWidget()
        if target is None:
            return
        self._replaying = True
        try:
            QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text))
        finally:
            self._replaying = False
