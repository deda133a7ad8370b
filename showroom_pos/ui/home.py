"""The home screen: today's figures at a glance, the open shift, what needs attention, and (for managers)
the last two weeks' sales and today's margin.

It recomputes when shown and after a sale only while visible, so the till never pays for a screen
nobody is looking at.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.money import format_vnd
from showroom_pos.runtime.i18n import count_text, one_or_many, readable_error
from showroom_pos.services import dashboard, report_export
from showroom_pos.services.reports.table import PERCENT
from showroom_pos.services.stock.alerts import Alert

from .charts import ChartWidget
from .session import UiSession

URGENT = QColor(176, 0, 32)
WARNING = QColor(156, 100, 0)


def _kg(grams: int) -> Decimal:
    return (Decimal(grams) / 1000).quantize(Decimal("0.001"))


class Card(QFrame):
    """A big figure with a caption under it."""

    def __init__(self, caption: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—")
        self.value.setObjectName(object_name)
        font = QFont(self.value.font())
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.note)


class HomeScreen(QWidget):
    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("homeScreen")
        self.is_manager = ui.user.can("manager", "admin")
        self.stale = True
        self.last: dashboard.Today | None = None
        self.outlet = QLabel()
        font = self.outlet.font()
        font.setPointSize(16)
        font.setBold(True)
        self.outlet.setFont(font)
        self.sales_card = Card(self.tr("Net sales today (₫)"), "homeSalesToday")
        self.sales_today = self.sales_card.value
        self.receipts_card = Card(self.tr("Receipts today"), "homeReceiptsToday")
        self.receipts_today = self.receipts_card.value
        self.basket_card = Card(self.tr("Average basket (₫)"), "homeAverageBasket")
        self.margin_card = Card(self.tr("Gross margin today (₫)"), "homeMarginToday")
        self.margin_card.setVisible(self.is_manager)
        cards = QHBoxLayout()
        for card in (self.sales_card, self.receipts_card, self.basket_card, self.margin_card):
            cards.addWidget(card)
        self.shift = QLabel()
        self.shift.setObjectName("homeShift")
        self.shift.setWordWrap(True)
        self.alerts = QLabel()
        self.alerts.setObjectName("homeAlertsSummary")
        self.alerts.setWordWrap(True)
        self.alert_list = QListWidget()
        self.alert_list.setObjectName("homeAlerts")
        self.top = QListWidget()
        self.top.setObjectName("homeTopProducts")
        self.trend = ChartWidget()
        self.trend.setVisible(self.is_manager)
        grid = QGridLayout()
        grid.addWidget(self._titled(self.tr("Shift"), self.shift), 0, 0)
        grid.addWidget(self._titled(self.tr("Needs attention"), self.alerts, self.alert_list), 1, 0)
        grid.addWidget(self._titled(self.tr("Best sellers today"), self.top), 0, 1, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outlet)
        layout.addLayout(cards)
        layout.addLayout(grid, 2)
        layout.addWidget(self.trend, 2)
        ui.events.sale_completed.connect(lambda _sale_id: self._changed())
        ui.events.data_changed.connect(lambda _what: self._changed())
        self.refresh()

    def _titled(self, title: str, *widgets: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(title)
        bold = QFont(label.font())
        bold.setBold(True)
        label.setFont(bold)
        layout.addWidget(label)
        for w in widgets:
            layout.addWidget(w)
        return box

    def _changed(self) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def release(self) -> None:
        """The screen was left: its lists and chart go; shown again, it computes afresh (as it always did)."""
        self.last = None
        self.alert_list.clear()
        self.top.clear()
        self.trend.set_data([])
        self.stale = True

    def refresh(self) -> None:
        today = self.ui.read(lambda s: dashboard.today(s, self.ui.user.terminal_id))
        self.last = today
        self.stale = False
        day = today.day.strftime("%d/%m/%Y") if today.day else ""
        self.outlet.setText(f"{today.outlet_name} — {day}")
        self.sales_today.setText(format_vnd(today.sales_total, symbol=False))
        change = today.change_vs_last_week_bp
        self.sales_card.note.setText(
            self.tr("{change} against the same day last week, at the same time").format(
                change=("+" if change > 0 else "") + report_export.format_cell(PERCENT, change))
            if change is not None else self.tr("nothing had been sold by this time on the same day last week"))
        self.receipts_today.setText(count_text(today.receipts))
        self.receipts_card.note.setText(
            self.tr("returns {returns} ₫, discounts {discounts} ₫").format(
                returns=format_vnd(today.returns, symbol=False), discounts=format_vnd(today.discounts, symbol=False)))
        self.basket_card.value.setText(format_vnd(today.average_basket, symbol=False))
        self.margin_card.value.setText(format_vnd(today.margin, symbol=False))
        self.margin_card.note.setText(report_export.format_cell(PERCENT, today.margin_bp) if today.margin_bp
                                      is not None else "")
        if today.shift is not None:
            s = today.shift
            self.shift.setText(one_or_many(
                s.receipts, "Open since {time}, by {name}: {receipts} receipt, {sales} ₫ net; {cash} ₫ expected in the "
                "drawer.", self.tr(
                    "Open since {time}, by {name}: {receipts} receipts, {sales} ₫ net; {cash} ₫ expected in the drawer."
                )).format(time=s.opened, name=s.cashier, receipts=count_text(s.receipts),
                          sales=format_vnd(s.net_sales, symbol=False), cash=format_vnd(s.expected_cash, symbol=False)))
        else:
            self.shift.setText(self.tr("No shift open on this till."))
        self.alerts.setText(self.alerts_text(today))
        self.alert_list.clear()
        for text, urgent in self._alert_lines(today):
            item = QListWidgetItem(text)
            item.setForeground(URGENT if urgent else WARNING)
            self.alert_list.addItem(item)
        self.top.clear()
        for name, net in today.top_products:
            self.top.addItem(f"{name} — {format_vnd(net)}")
        if not today.top_products:
            self.top.addItem(self.tr("No sales yet today."))
        if self.is_manager:
            self.trend.set_data([(d.strftime("%d/%m"), v) for d, v in today.trend], "bar",
                                self.tr("Net sales, last 14 days (₫)"))

    def alerts_text(self, today: dashboard.Today) -> str:
        """What needs doing, counted: only what there is ("0 products below reorder level" is not news)."""
        counted = (
            (today.low_stock, "{n} product below reorder level", self.tr("{n} products below reorder level")),
            (today.certificates_expiring, "{n} OCOP certificate expiring within 60 days",
             self.tr("{n} OCOP certificates expiring within 60 days")),
            (today.certificates_expired, "{n} OCOP certificate expired", self.tr("{n} OCOP certificates expired")),
            (today.days_unsynced, "{n} day not yet sent to the province",
             self.tr("{n} days not yet sent to the province")),
        )
        parts = [one_or_many(n, one, many).format(n=count_text(n)) for n, one, many in counted if n]
        return "; ".join(parts) + "." if parts else self.tr("Nothing needs attention.")

    def _alert_lines(self, today: dashboard.Today) -> list[tuple[str, bool]]:
        lines: list[tuple[str, bool]] = []
        if today.days_unsynced or today.sync_parked:
            if today.sync_parked:
                waiting = one_or_many(
                    today.days_unsynced, "{days} day not yet sent to the province ({parked} set aside after errors).",
                    self.tr("{days} days not yet sent to the province ({parked} set aside after errors)."),
                ).format(days=today.days_unsynced, parked=today.sync_parked)
            else:  # nothing set aside: no "(0 …)" to puzzle over
                waiting = one_or_many(today.days_unsynced, "{days} day not yet sent to the province.",
                                      self.tr("{days} days not yet sent to the province.")).format(
                    days=today.days_unsynced)
            lines.append((f"{waiting} {readable_error(today.sync_last_error)}".strip(), bool(today.sync_parked)))
        for a in today.alerts:
            lines.append((self._alert_text(a), a.kind in ("negative_stock", "certificate_expired",
                                                          "best_before_past")))
        return lines

    def _alert_text(self, a: Alert) -> str:
        day = a.day.strftime("%d/%m/%Y") if a.day else ""
        qty = report_export.format_cell("qty", _kg(a.on_hand) if a.sold_by_weight else a.on_hand)
        texts = {
            "negative_stock": self.tr("Negative stock: {name} ({qty}): count it"),
            "low_stock": self.tr("Low stock: {name} ({qty} left, reorder at {level})"),
            "certificate_expired": self.tr("OCOP certificate expired on {day}: {name}"),
            "certificate_expiring": self.tr("OCOP certificate expires on {day}: {name}"),
            "best_before_past": self.tr("Past its best-before date ({day}): {name}"),
            "best_before_near": self.tr("Best before {day}: {name}"),
        }
        level = _kg(a.reorder_level) if a.sold_by_weight else a.reorder_level
        return texts.get(a.kind, "{name}").format(name=a.name, qty=qty, day=day,
                                                   level=report_export.format_cell("qty", level))
