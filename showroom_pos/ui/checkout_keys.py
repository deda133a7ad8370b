"""Keys for the checkout and its dialogs: each screen or dialog routes its own keys while the focus
is inside it, ahead of any other screen's shortcuts, and every button shows its key."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QKeySequence, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QPushButton, QSizePolicy, QWidget

from .scanner_filter import scanner_policy

_KEY_PRESS = QEvent.Type.KeyPress
_SHORTCUT_OVERRIDE = QEvent.Type.ShortcutOverride


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
        if kind is not _KEY_PRESS and kind is not _SHORTCUT_OVERRIDE:
            return False
        scope = self.scope
        if not isinstance(obj, QWidget) or not scope.isVisible() or not (obj is scope or scope.isAncestorOf(obj)):
            return False
        assert isinstance(event, QKeyEvent)
        slot = self.keys.get(event.keyCombination().toCombined())
        if slot is None:
            return False
        if kind is _SHORTCUT_OVERRIDE:
            event.accept()  # deliver it to us as a key press rather than as someone's shortcut
            return True
        scanner_policy().flush()  # what was typed just before (a reference, an amount) lands first
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


class ElidingButton(QPushButton):
    """A button whose lines lose their middle when it is narrow (a quick key's product name keeps its
    size or weight: "Trà mãng cầu…túi lọc 10"), instead of being cut at the edge."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def text(self) -> str:
        """The whole text (what the button shows may be elided: :meth:`shown_text`)."""
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(20, self.width() - 16)
        metrics = self.fontMetrics()
        lines = [metrics.elidedText(line, Qt.TextElideMode.ElideMiddle, room) for line in self._full.split("\n")]
        super().setText("\n".join(lines))


class StatusText(QWidget):
    """A label for text that changes on every scan (total, change, messages).

    A QLabel asks the layout to recompute the whole screen whenever its text changes; this one has
    a fixed height and only repaints itself, which keeps a scan's repaint small.
    """

    def __init__(self, lines: int = 1, points: int = 12, bold: bool = False,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(big_font(self, points, bold))
        self._text = ""
        self._color = QColor("#000000")
        self._align = align | Qt.AlignmentFlag.AlignVCenter
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 6)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # It paints its own background: what lies under it (the whole screen) is not repainted with it.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.update()

    def clear(self) -> None:
        self.setText("")

    def set_color(self, color: str) -> None:
        if QColor(color) != self._color:
            self._color = QColor(color)
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        painter.setPen(self._color)
        area = self.rect().adjusted(2, 0, -2, 0)
        # An amount never breaks before its ₫, and a word too wide for the box shrinks the font rather than
        # being cut (a large total on a 1280 px screen).
        text = self._text.replace(" ₫", "\u00a0₫")
        font = self.font()
        words = [w for w in text.replace("\n", " ").split(" ") if w]  # not split(): it breaks at the NBSP
        while words and font.pointSizeF() > 8 and max(
                QFontMetrics(font).horizontalAdvance(w) for w in words) > area.width():
            font.setPointSizeF(font.pointSizeF() - 1)
        painter.setFont(font)
        painter.drawText(area, int(self._align | Qt.TextFlag.TextWordWrap), text)
        painter.end()

