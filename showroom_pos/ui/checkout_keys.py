"""Keys for the checkout and its dialogs: each screen or dialog routes its own keys while the focus
is inside it, ahead of any other screen's shortcuts, and every button shows its key."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QPushButton, QWidget


def big_font(widget: QWidget, points: int, bold: bool = True) -> QFont:
    font = widget.font()
    font.setPointSize(points)
    font.setBold(bold)
    return font


def key_text(sequence: str) -> str:
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


class KeyRouter(QObject):
    """An application event filter for one widget's keys.

    A key bound here is taken (as a key press, not as a shortcut) whenever the focus is inside
    ``scope`` and ``scope`` is visible: it does not depend on which window the system thinks is
    active, and no other screen's shortcut of the same key can make it ambiguous.
    """

    def __init__(self, scope: QWidget) -> None:
        super().__init__(scope)
        self.scope = scope
        self.keys: dict[int, Callable[[], object]] = {}
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def bind(self, sequence: str, slot: Callable[[], object]) -> None:
        combo = QKeySequence(sequence)[0]  # type: ignore[index]
        self.keys[combo.toCombined()] = slot

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        scope = self.scope
        if not isinstance(obj, QWidget) or not scope.isVisible() or not (obj is scope or scope.isAncestorOf(obj)):
            return False
        assert isinstance(event, QKeyEvent)
        slot = self.keys.get(event.keyCombination().toCombined())
        if slot is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # deliver it to us as a key press rather than as someone's shortcut
            return True
        slot()
        return True


def keyed_button(text: str, key: str, slot: Callable[[], object], router: KeyRouter, name: str) -> QPushButton:
    """A button showing its key, which works while the focus is in the router's scope."""
    button = QPushButton(f"{text}\n[{key_text(key)}]")
    button.setObjectName(name)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumHeight(48)
    button.clicked.connect(lambda _=False: slot())
    router.bind(key, slot)
    return button
