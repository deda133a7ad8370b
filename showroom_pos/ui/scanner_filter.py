"""The scanner policy: one application-wide event filter decides where every barcode scan goes.

A USB scanner is a keyboard. The filter sees every key typed anywhere in the app, holds printable keys
back while they may be a scan (``hardware.scanner.BurstDetector``), and either replays them into the box
they were aimed at (a person typing) or takes the whole burst, Enter included, as a scan. So a scan never
types into, or answers, a dialog, a message box, a spin box or a button: its Enter is swallowed with it.

Where a scan goes is declared by the screens, not guessed: ``accept_scans(widget, handler)`` marks a widget
(and everything inside it, up to its window) as a place scans are meant for — the checkout, the return
dialog, goods receipt, stock count, a product's barcode field, the PIN pad (which says "log in first").
A scan anywhere else is refused: a beep, a short message at the field, and ``refused`` for the status bar.
A dialog opened from the checkout is its own window, so it does not inherit the checkout's receiver.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from showroom_pos.hardware.scanner import (
    DEFAULT_MAX_KEY_INTERVAL_MS,
    DEFAULT_MIN_LENGTH,
    BurstDetector,
    Decision,
    HeldKey,
)

# Plain ints: this filter sees every event of the application, so it must be cheap.
_KEY_PRESS = QEvent.Type.KeyPress
_ENTER = frozenset({Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value})
_MODIFIER_KEYS = frozenset(k.value for k in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
                                             Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock))
_OTHER_MODIFIERS = ~(Qt.KeyboardModifier.ShiftModifier.value | Qt.KeyboardModifier.KeypadModifier.value)
_FIND_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
# A flush timer that ran out this much after its time was held up by the GUI thread; it looks once more this later.
LATE_TIMER_MS = 20
ONE_MORE_LOOK_MS = 10
# Events before which held keys are delivered: a click, a focus change, and a shortcut (a QAction's Ctrl+S…),
# which arrives as ShortcutOverride before its key press.
_FLUSH_BEFORE = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.ShortcutOverride, QEvent.Type.FocusOut})


class ScanReceiver(QObject):
    """A child of the widget that takes scans; found by walking up from where the keys were aimed."""

    scanned = Signal(str)


def accept_scans(widget: QWidget, handler: Callable[[str], object]) -> ScanReceiver:
    """Scans made while the focus is in ``widget`` (or inside it, in the same window) go to ``handler``."""
    scanner_policy()  # the policy must be listening before the first scan
    receiver = ScanReceiver(widget)
    receiver.scanned.connect(handler)
    return receiver


def receiver_for(widget: QWidget | None) -> ScanReceiver | None:
    """The receiver of ``widget`` or of its nearest ancestor within the same window, if any."""
    node = widget
    while node is not None:
        found = node.findChild(ScanReceiver, "", _FIND_DIRECT)
        if isinstance(found, ScanReceiver):
            return found
        if node.isWindow():
            return None
        node = node.parentWidget()
    return None


class ScannerPolicy(QObject):
    """The application's one scanner filter; get it with ``scanner_policy()``."""

    refused = Signal(str)  # a scan that went nowhere: its code

    def __init__(self, max_key_interval_ms: int = DEFAULT_MAX_KEY_INTERVAL_MS,
                 min_length: int = DEFAULT_MIN_LENGTH) -> None:
        super().__init__()
        self.setObjectName("scannerPolicy")
        self.detector = BurstDetector(max_key_interval_ms, min_length)
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self.last_refusal = ""
        self._held_for: QObject | None = None
        self._armed_at: float | None = None  # when the flush timer was started for the keys held now

    def configure(self, max_key_interval_ms: int, min_length: int) -> None:
        """The scanner's timing from Settings (``scanner.max_key_interval_ms``, ``scanner.min_length``)."""
        if (max_key_interval_ms, min_length) != (self.detector.max_key_interval_ms, self.detector.min_length):
            self._apply(self.detector.other())
            self.detector = BurstDetector(max_key_interval_ms, min_length)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind is not _KEY_PRESS:
            if kind in _FLUSH_BEFORE and self.detector.holding and not self._replaying and self._ends_typing(event):
                self.flush()  # a click, a shortcut or a focus change after typing: the typed text lands first
            return False
        if self._replaying or not isinstance(obj, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False
        stamp = float(event.timestamp()) or time.monotonic() * 1000
        plain = not (event.modifiers().value & _OTHER_MODIFIERS)
        if self.detector.holding and self._held_for is not obj:
            self.flush()  # the focus moved: what was held was typed into the box before
        if key in _ENTER and plain:
            decision = self.detector.enter(stamp)
        else:
            text = event.text()
            if plain and len(text) == 1 and text.isprintable():
                self._held_for = obj
                decision = self.detector.printable(text, stamp, (weakref.ref(obj), key, event.modifiers(), text))
            else:
                decision = self.detector.other()
        self._apply(decision)
        if self.detector.holding:
            self._timer.start(int(self.detector.flush_after_ms))
            self._armed_at = time.monotonic()
        else:
            self._timer.stop()
        if decision.scan is not None:
            self._route(decision.scan, obj)
        return decision.consume

    @staticmethod
    def _ends_typing(event: QEvent) -> bool:
        """Every key press is preceded by a ShortcutOverride: only a shortcut's (a function key, Ctrl+…)
        ends what is held, not the next key of a scan or of a word."""
        if not isinstance(event, QKeyEvent):
            return True
        key = event.key()
        if key in _MODIFIER_KEYS or key in _ENTER:
            return False
        text = event.text()
        plain = not (event.modifiers().value & _OTHER_MODIFIERS)
        return not (plain and len(text) == 1 and text.isprintable())

    def _route(self, code: str, aimed_at: QWidget) -> None:
        receiver = receiver_for(aimed_at)
        if receiver is not None:
            receiver.scanned.emit(code)
        else:
            self._refuse(code, aimed_at)

    def _refuse(self, code: str, widget: QWidget) -> None:
        """Nothing here takes a barcode: say so where the cashier is looking, and beep."""
        self.last_refusal = QCoreApplication.translate(
            "ScannerPolicy", "Scan of {code} ignored: this field does not take barcodes.").format(code=code)
        QApplication.beep()
        if widget.isVisible():
            QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), self.last_refusal, widget,
                              widget.rect(), 4000)
        self.refused.emit(code)

    def _on_timeout(self) -> None:
        """No key for a while: what is held was typed. Unless the timer ran out while the GUI thread was busy (a
        window's first paint, a screen being built): the scan's next keys may be waiting behind it, with their own
        times; the timer then waits a little longer, once, for them to be delivered first."""
        armed_at, self._armed_at = self._armed_at, None
        if armed_at is not None and (time.monotonic() - armed_at) * 1000 > self._timer.interval() + LATE_TIMER_MS:
            self._timer.start(ONE_MORE_LOOK_MS)  # once: the next run-out decides
            return
        self._apply(self.detector.timeout())

    def flush(self) -> None:
        """Deliver anything held now (before a screen reads a box's text, for instance)."""
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


_policy: ScannerPolicy | None = None


def scanner_policy() -> ScannerPolicy:
    """The application's scanner policy, installed on the running QApplication the first time it is asked
    for (the app asks at start, before the PIN screen)."""
    global _policy
    app = QApplication.instance()
    if _policy is None:
        _policy = ScannerPolicy()
    if app is not None and _policy.parent() is not app:
        _policy.setParent(app)
        app.installEventFilter(_policy)
    return _policy
