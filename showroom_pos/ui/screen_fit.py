"""Every window and dialog inside the screen it opens on, from 1280×720 up.

A dialog laid out on a large monitor can be taller than a 768-pixel showroom screen: its last lines (the Z report's
over/short) would be off the bottom, with no way to reach them. One application-wide filter clamps each top-level
window to the free area of its screen and moves it inside when it is shown; the dialogs themselves keep their
minimum sizes below 1280×720 (a test checks it) and scroll inside when their content is longer.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

SMALLEST_SCREEN = (1280, 720)


def fit_rect(wanted: QRect, free: QRect) -> QRect:
    """``wanted`` made no larger than ``free`` and moved inside it."""
    width, height = min(wanted.width(), free.width()), min(wanted.height(), free.height())
    x = min(max(wanted.x(), free.x()), free.x() + free.width() - width)
    y = min(max(wanted.y(), free.y()), free.y() + free.height() - height)
    return QRect(x, y, width, height)


def fit_to_screen(widget: QWidget) -> None:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    free = screen.availableGeometry()
    frame = widget.frameGeometry()
    # The window manager's frame (title bar) counts: the client area shrinks by as much.
    extra_w, extra_h = frame.width() - widget.width(), frame.height() - widget.height()
    inner = QRect(free.x(), free.y(), free.width() - extra_w, free.height() - extra_h)
    target = fit_rect(widget.geometry(), inner)
    if target != widget.geometry():
        widget.setGeometry(target)


class _ScreenFit(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(obj, QDialog) and obj.isWindow():
            fit_to_screen(obj)
        return False


_filter: _ScreenFit | None = None


def install() -> None:
    """Once per application."""
    global _filter
    app = QApplication.instance()
    if _filter is None and app is not None:
        _filter = _ScreenFit(app)
        app.installEventFilter(_filter)
