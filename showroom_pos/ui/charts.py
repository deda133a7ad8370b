"""A small bar / line chart drawn with QPainter.

QtCharts would need PySide6-Addons (well over 100 MB more to install on every till) for what is, here,
one series of bars or one line with labels; forty lines of painting do it, look the same everywhere
and are easy to test.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from showroom_pos.core.money import format_vnd

BAR = QColor(74, 125, 181)
NEGATIVE = QColor(196, 78, 82)


class ChartWidget(QWidget):
    """``set_data([(label, value), …], "bar" | "line")``; values are whole numbers (đồng, counts)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportChart")
        self.points: list[tuple[str, int]] = []
        self.chart_style = "bar"
        self.title = ""
        self.setMouseTracking(True)
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(480, 240)

    def set_data(self, points: list[tuple[str, int]], style: str = "bar", title: str = "") -> None:
        self.points, self.chart_style, self.title = list(points), style, title
        self.setToolTip("")
        self.update()

    def _plot(self) -> QRectF:
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(format_vnd(v, symbol=False)) for _, v in self.points), default=0)
        top = metrics.height() + 8 if self.title else 8
        return QRectF(widest + 12, top, max(10, self.width() - widest - 20), max(10, self.height() - top
                                                                                 - metrics.height() - 10))

    def _range(self) -> tuple[int, int]:
        values = [v for _, v in self.points]
        return max(max(values, default=0), 0), min(min(values, default=0), 0)

    def point_at(self, x: float) -> int | None:
        """Which point a horizontal position falls on (for the tooltip)."""
        plot = self._plot()
        if not self.points or not plot.left() <= x <= plot.right():
            return None
        return min(len(self.points) - 1, int((x - plot.left()) / plot.width() * len(self.points)))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        metrics = QFontMetrics(self.font())
        if self.title:
            painter.setPen(text)
            painter.drawText(QPointF(4, metrics.ascent() + 2), self.title)
        if not self.points:
            painter.setPen(palette.placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Nothing to show for this period"))
            return
        plot = self._plot()
        high, low = self._range()
        span = (high - low) or 1

        def y_of(value: int) -> float:
            return plot.top() + plot.height() * (high - value) / span

        grid = QColor(text)
        grid.setAlpha(40)
        for tick in (high, (high + low) // 2, low):
            y = y_of(tick)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = format_vnd(tick, symbol=False)
            painter.drawText(QPointF(plot.left() - 6 - metrics.horizontalAdvance(label), y + metrics.ascent() / 2),
                             label)
        step = plot.width() / len(self.points)
        zero = y_of(0)
        if self.chart_style == "line" and len(self.points) > 1:
            painter.setPen(QPen(BAR, 2))
            centres = [QPointF(plot.left() + step * (i + 0.5), y_of(v)) for i, (_, v) in enumerate(self.points)]
            for a, b in itertools.pairwise(centres):
                painter.drawLine(a, b)
            painter.setBrush(BAR)
            for c in centres:
                painter.drawEllipse(c, 2.5, 2.5)
        else:
            for i, (_, value) in enumerate(self.points):
                y = y_of(value)
                rect = QRectF(plot.left() + step * (i + 0.15), min(y, zero), max(step * 0.7, 1.0), abs(zero - y))
                painter.fillRect(rect, BAR if value >= 0 else NEGATIVE)
        painter.setPen(text)
        every = max(1, int(len(self.points) * (metrics.horizontalAdvance("00/00") + 10) / plot.width()) + 1)
        for i, (label, _) in enumerate(self.points):
            if i % every:
                continue
            short = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(step * every) - 4)
            x = plot.left() + step * (i + 0.5) - metrics.horizontalAdvance(short) / 2
            painter.drawText(QPointF(x, plot.bottom() + metrics.ascent() + 4), short)
        painter.setPen(QPen(text, 1))
        painter.drawLine(QPointF(plot.left(), zero), QPointF(plot.right(), zero))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        at = self.point_at(event.position().x())
        if at is not None:
            label, value = self.points[at]
            QToolTip.showText(event.globalPosition().toPoint(), f"{label}: {format_vnd(value, symbol=False)}", self)
        super().mouseMoveEvent(event)
