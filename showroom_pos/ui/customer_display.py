"""The customer display: a window on a second monitor facing the customer, and the optional pole display.

The customer sees the showroom's name, the lines as they are scanned (the latest one highlighted), discounts and
the total in large type; during a VietQR payment the payment's own code, large, with the amount and the bank;
after the sale "Cảm ơn quý khách" and the change; between customers a slideshow of the showroom's OCOP products.
Texts are in Vietnamese whatever the cashier's language, with English beneath when the till asks for both
(``customer_display.languages``).

It follows the sale only through the checkout's ``CartFeed`` (no polling), and it never reads the database on
the GUI thread: the settings, the showroom's name and the slideshow (photos decoded and scaled too) are read on a
worker thread at start and after a change. The window never takes the focus or the keyboard (the scanner types
into the checkout whatever is on the second screen), and it shows only what the feed carries: never the
cashier's search results, messages, costs or approvals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPalette,
    QPixmap,
    QResizeEvent,
    QScreen,
    QWindow,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.cart_state import Cart, LineChange
from showroom_pos.core.money import format_vnd
from showroom_pos.core.text import is_ascii_digits
from showroom_pos.core.vietqr import BANK_BINS, VietQR
from showroom_pos.hardware.pole_display import PoleDisplay, Port, open_serial
from showroom_pos.services import settings
from showroom_pos.services.catalogue import product_list

from .cart_feed import SaleDone
from .checkout_keys import StatusText
from .checkout_payment import qr_image
from .roles import ALIGNMENT, BACKGROUND, DISPLAY, FONT, LEFT, RIGHT
from .session import UiSession
from .tasks import TaskRunner

log = logging.getLogger(__name__)

CONTEXT = "CustomerDisplay"
THANKS_SECONDS = 8  # "Cảm ơn quý khách" and the change stay this long, then the slideshow
FOLLOW_MS = 30  # the customer's screen is drawn this long after the cart changed (see CustomerDisplay)
GREEN = "#1b5e20"
HIGHLIGHT = QColor("#fff2b3")

# What the customer reads (Vietnamese from the catalogue, the English source beneath when asked).
HEADERS = (
    QT_TRANSLATE_NOOP("CustomerDisplay", "Product"),
    QT_TRANSLATE_NOOP("CustomerDisplay", "Qty"),
    QT_TRANSLATE_NOOP("CustomerDisplay", "Price"),
    QT_TRANSLATE_NOOP("CustomerDisplay", "Discount"),
    QT_TRANSLATE_NOOP("CustomerDisplay", "Amount"),
)
T_SUBTOTAL = QT_TRANSLATE_NOOP("CustomerDisplay", "Subtotal")
T_DISCOUNTS = QT_TRANSLATE_NOOP("CustomerDisplay", "You save")
T_TOTAL = QT_TRANSLATE_NOOP("CustomerDisplay", "Total")
T_ITEMS = QT_TRANSLATE_NOOP("CustomerDisplay", "{n} items")
T_PLEASE_PAY = QT_TRANSLATE_NOOP("CustomerDisplay", "Please pay {amount}")
T_SCAN_TO_PAY = QT_TRANSLATE_NOOP("CustomerDisplay", "Scan to pay with your banking app")
T_AMOUNT = QT_TRANSLATE_NOOP("CustomerDisplay", "Amount to pay")
T_BANK = QT_TRANSLATE_NOOP("CustomerDisplay", "Bank")
T_ACCOUNT = QT_TRANSLATE_NOOP("CustomerDisplay", "Account")
T_HOLDER = QT_TRANSLATE_NOOP("CustomerDisplay", "Account holder")
T_REFERENCE = QT_TRANSLATE_NOOP("CustomerDisplay", "Transfer note")
T_THANKS = QT_TRANSLATE_NOOP("CustomerDisplay", "Thank you!")
T_CHANGE = QT_TRANSLATE_NOOP("CustomerDisplay", "Your change")
T_PAID = QT_TRANSLATE_NOOP("CustomerDisplay", "Amount paid")
T_TENDERED = QT_TRANSLATE_NOOP("CustomerDisplay", "You gave {amount}")
T_SEE_YOU = QT_TRANSLATE_NOOP("CustomerDisplay", "See you again!")
T_WELCOME = QT_TRANSLATE_NOOP("CustomerDisplay", "Welcome")
T_OCOP = QT_TRANSLATE_NOOP("CustomerDisplay", "OCOP products of Vietnam")
T_STARS = QT_TRANSLATE_NOOP("CustomerDisplay", "OCOP {stars} stars")
T_PRODUCER = QT_TRANSLATE_NOOP("CustomerDisplay", "Producer: {name}")
T_TRANSFER = QT_TRANSLATE_NOOP("CustomerDisplay", "VietQR transfer")

# What the cashier reads (in the interface's language), in the status bar.
N_NO_SECOND_SCREEN = QT_TRANSLATE_NOOP("CustomerDisplay", "Customer display: no second screen is connected.")
N_SCREEN_MISSING = QT_TRANSLATE_NOOP("CustomerDisplay", "Customer display: screen {name} is not connected.")
N_TILLS_OWN_SCREEN = QT_TRANSLATE_NOOP(
    "CustomerDisplay", "Customer display: screen {name} is the till's own screen; choose another in Settings."
)
N_POLE_FAILED = QT_TRANSLATE_NOOP(
    "CustomerDisplay", "Pole display {port} does not answer ({detail}); selling goes on without it."
)


def cashier_text(source: object, **fields: object) -> str:
    return QCoreApplication.translate("CustomerDisplay", str(source)).format(**fields)


_vietnamese: QTranslator | None = None
_vietnamese_failed = False


def vietnamese(source: object) -> str:
    """``source`` (an English text marked in context CustomerDisplay) in Vietnamese, whatever language the
    cashier chose: the catalogue is loaded once into a translator of our own, not installed in the app."""
    global _vietnamese, _vietnamese_failed
    text = str(source)
    if _vietnamese is None and not _vietnamese_failed:
        from showroom_pos.runtime import i18n

        try:
            translator = QTranslator()
            if not translator.load(str(i18n.compiled_catalogue("vi"))):
                raise OSError("Qt could not read the Vietnamese catalogue")
            _vietnamese = translator
        except Exception:  # the customer then reads the English source; the cashier's till goes on
            log.exception("the customer display's Vietnamese could not be loaded")
            _vietnamese_failed = True
    if _vietnamese is not None:
        return _vietnamese.translate(CONTEXT, text) or text
    return text


def qty_text(qty: int, unit: str, by_weight: bool) -> str:
    return f"{qty / 1000:.3f} kg".replace(".", ",") if by_weight else f"{qty} {unit}"


# --- what the display is told to do, read off the GUI thread ----------------------------------------------------


@dataclass(frozen=True)
class DisplayConfig:
    enabled: bool = False
    screen: str = "auto"
    bilingual: bool = False
    slide_seconds: int = 8
    pole_port: str = ""
    pole_baud: int = 9600
    showroom: str = ""
    account_name: str = ""

    @classmethod
    def from_settings(cls, values: settings.Values) -> DisplayConfig:
        return cls(
            enabled=values.flag("customer_display.enabled"),
            screen=values["customer_display.screen"] or "auto",
            bilingual=values["customer_display.languages"] == "vi+en",
            slide_seconds=values.number("customer_display.slide_seconds"),
            pole_port=values["pole_display.port"],
            pole_baud=values.number("pole_display.baud"),
            showroom=values["outlet.name"],
            account_name=values["bank.account_name"],
        )


@dataclass(frozen=True)
class Slide:
    item: product_list.ShowcaseItem
    image: QImage | None  # decoded and scaled on the worker thread (QImage may be; QPixmap may not)


SLIDE_IMAGE_PX = 520


def load_display(sessions: Any) -> tuple[DisplayConfig, list[Slide] | None]:
    """On a worker thread: the display's settings and, when the window is on, the slideshow (photos decoded)."""
    with sessions() as session:
        values = settings.Values({key: settings.get(session, key) for key in (
            "customer_display.enabled", "customer_display.screen", "customer_display.languages",
            "customer_display.slide_seconds", "pole_display.port", "pole_display.baud", "outlet.name",
            "bank.account_name")})
        config = DisplayConfig.from_settings(values)
        items = product_list.showcase(session) if config.enabled else None
    if items is None:
        return config, None
    slides = []
    for item in items:
        image = None
        if item.photo_path and Path(item.photo_path).is_file():
            loaded = QImage(item.photo_path)
            if not loaded.isNull():
                image = loaded.scaled(SLIDE_IMAGE_PX, SLIDE_IMAGE_PX, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation)
        slides.append(Slide(item, image))
    return config, slides


def pick_screen(choice: str, till_screen: QScreen | None) -> tuple[QScreen | None, str]:
    """The screen for the customer window, or None and why not (for the cashier's status bar).

    ``choice`` is ``auto`` (the first screen the till's window is not on), a screen's number from 1, or its name.
    The till's own screen is never taken: a full-screen window there would hide the checkout."""
    screens = QGuiApplication.screens()
    if choice == "auto":
        chosen = next((s for s in screens if s is not till_screen), None)
        if chosen is None:
            return None, cashier_text(N_NO_SECOND_SCREEN)
    else:
        chosen = next((s for s in screens if s.name() == choice), None)
        if chosen is None and is_ascii_digits(choice) and 1 <= int(choice) <= len(screens):
            chosen = screens[int(choice) - 1]
        if chosen is None:
            return None, cashier_text(N_SCREEN_MISSING, name=choice)
    if chosen is till_screen:
        return None, cashier_text(N_TILLS_OWN_SCREEN, name=choice)
    return chosen, ""


# --- the window -------------------------------------------------------------------------------------------------


class BiLabel(QWidget):
    """A text in Vietnamese, and its English source beneath in smaller type when the till asks for both.

    Both are ``StatusText``: a fixed height, repainted alone when the text changes (a QLabel would make Qt lay out
    the whole full-screen window again on every scan)."""

    def __init__(self, points: int, *, bold: bool = True, color: str = "#111111", align: Qt.AlignmentFlag =
                 Qt.AlignmentFlag.AlignLeft, lines: int = 1, name: str = "") -> None:
        super().__init__()
        self.vi = StatusText(lines=lines, points=points, bold=bold, align=align)
        self.en = StatusText(lines=1, points=max(9, points * 11 // 20), align=align)
        self.vi.set_color(color)
        self.en.set_color("#666666")
        self.en.hide()
        if name:
            self.setObjectName(name)
            self.vi.setObjectName(f"{name}_vi")
            self.en.setObjectName(f"{name}_en")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.vi)
        layout.addWidget(self.en)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.bilingual = False

    def set(self, source: object, **fields: object) -> None:
        self.vi.setText(vietnamese(source).format(**fields))
        self.en.setText(str(source).format(**fields))
        if self.en.isHidden() == self.bilingual:
            self.en.setVisible(self.bilingual)

    def text(self) -> str:
        return self.vi.text() + (("\n" + self.en.text()) if self.bilingual else "")


def big_text(points: int, *, bold: bool = True, color: str = "#111111", lines: int = 1,
             align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft, name: str = "") -> StatusText:
    """Text that changes while the customer watches (a total, a product's name): repaints alone."""
    text = StatusText(lines=lines, points=points, bold=bold, align=align)
    text.set_color(color)
    if name:
        text.setObjectName(name)
    return text


class CustomerCartModel(QAbstractTableModel):
    """The cart as the customer reads it: name, quantity, price, discount and amount of each line, the latest
    line highlighted. It keeps its own texts, made once per change of a row.

    It always has at least ``capacity`` rows (as many as the screen shows), blank ones after the cart's lines: a
    scan then fills a blank row, which repaints that row alone, where inserting a row makes the view lay out and
    repaint all of them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str, str, str]] = []
        self.latest: int | None = None
        self.capacity = 0
        self.bilingual = False
        self._bold = QFont()
        self._bold.setBold(True)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else max(len(self.rows), self.capacity)

    def set_capacity(self, capacity: int) -> None:
        if capacity != self.capacity:
            self.beginResetModel()
            self.capacity = capacity
            self.endResetModel()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        row = index.row()
        if not 0 <= row < len(self.rows):
            return None
        if role == DISPLAY:
            return self.rows[row][index.column()]
        if role == ALIGNMENT:
            return LEFT if index.column() == 0 else RIGHT
        if row == self.latest:
            if role == BACKGROUND:
                return HIGHLIGHT
            if role == FONT:
                return self._bold
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            source = HEADERS[section]
            return vietnamese(source) + (f"\n{source}" if self.bilingual else "")
        return None

    @staticmethod
    def row_texts(cart: Cart, row: int) -> tuple[str, str, str, str, str]:
        line = cart.lines[row]
        net, discount = cart.line_net(row)
        price = format_vnd(line.unit_price) + ("/kg" if line.by_weight else "")
        return (line.name, qty_text(line.qty, line.unit, line.by_weight), price,
                format_vnd(-discount) if discount else "", format_vnd(net))

    def apply(self, cart: Cart, change: LineChange | None, *, whole: bool = False) -> None:
        """Follow one change of the checkout's cart: one row when it can, every row when it must (a removal
        renumbers them, a cart discount moves every line's share; ``whole``: several changes at once)."""
        if whole or change is None or change.removed or cart.discount or len(cart.lines) != len(self.rows) + (
                1 if change.inserted else 0):
            self.beginResetModel()
            self.rows = [self.row_texts(cart, r) for r in range(len(cart.lines))]
            self.latest = None if change is None or change.removed or change.row >= len(self.rows) else change.row
            self.endResetModel()
            return
        previous, self.latest = self.latest, change.row
        if change.inserted and change.row == len(self.rows) and change.row < self.capacity:
            self.rows.append(self.row_texts(cart, change.row))  # into a blank row
            self.dataChanged.emit(self.index(change.row, 0), self.index(change.row, len(HEADERS) - 1))
        elif change.inserted:
            self.beginInsertRows(QModelIndex(), change.row, change.row)
            self.rows.insert(change.row, self.row_texts(cart, change.row))
            self.endInsertRows()
        else:
            self.rows[change.row] = self.row_texts(cart, change.row)
            self.dataChanged.emit(self.index(change.row, 0), self.index(change.row, len(HEADERS) - 1))
        if previous is not None and previous != change.row and previous < len(self.rows):
            self.dataChanged.emit(self.index(previous, 0), self.index(previous, len(HEADERS) - 1))


class CartView(QTableView):
    """Tells its model how many rows the screen holds (see ``CustomerCartModel``)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        model = self.model()
        if isinstance(model, CustomerCartModel):
            model.set_capacity(max(1, self.viewport().height() // max(1, self.verticalHeader().defaultSectionSize())))


class CustomerWindow(QWidget):
    """Full screen on the customer's monitor, without a frame, never active: no focus, no keyboard."""

    IDLE, CART, QR, THANKS = range(4)

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setObjectName("customerWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_X11DoNotAcceptFocus)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWindowTitle("OCOP — customer display")
        palette = self.palette()  # a palette, not a style sheet: a style sheet slows every child's painting
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#111111"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.bilingual = False
        self.account_name = ""
        self.slides: list[Slide] = []
        self.slide_index = -1
        self.payload = ""  # the VietQR payload on screen ("" when none)

        self.header = QLabel()
        self.header.setObjectName("customerShowroom")
        self.header.setStyleSheet(f"background: {GREEN}; color: white; padding: 10px 24px;")  # drawn once
        self._points(self.header, 26, bold=True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._idle_page())
        self.pages.addWidget(self._cart_page())
        self.pages.addWidget(self._qr_page())
        self.pages.addWidget(self._thanks_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.pages, 1)
        for child in self.findChildren(QWidget):
            child.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.setInterval(THANKS_SECONDS * 1000)
        self.thanks_timer.timeout.connect(self.show_idle)
        self.slide_timer = QTimer(self)
        self.slide_timer.setInterval(8000)
        self.slide_timer.timeout.connect(self.next_slide)
        self.apply_language(False)
        self.show_idle()

    @staticmethod
    def _points(widget: QWidget, points: int, *, bold: bool = False) -> None:
        font = QFont(widget.font())
        font.setPointSize(points)
        font.setBold(bold)
        widget.setFont(font)

    # --- pages ---
    def _idle_page(self) -> QWidget:
        page = QWidget()
        self.slide_photo = QLabel()
        self.slide_photo.setObjectName("customerSlidePhoto")
        self.slide_photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.slide_photo.setMinimumSize(200, 200)
        self.slide_photo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.slide_name = big_text(28, lines=2, name="customerSlideName")
        self.slide_stars = big_text(34, color="#e0a100", name="customerSlideStars")
        self.slide_rating = BiLabel(18, name="customerSlideRating", color=GREEN)
        self.slide_producer = BiLabel(17, bold=False, lines=2, name="customerSlideProducer")
        self.slide_price = big_text(26, name="customerSlidePrice")
        self.welcome = BiLabel(28, name="customerWelcome", color=GREEN)
        self.ocop_line = BiLabel(20, bold=False, name="customerOcop")
        _picture_beside_text(page, self.slide_photo, [
            self.welcome, self.ocop_line, 24, self.slide_name, self.slide_stars, self.slide_rating,
            self.slide_producer, 12, self.slide_price], margin=(32, 24), text_stretch=6)
        return page

    def _cart_page(self) -> QWidget:
        page = QWidget()
        self.model = CustomerCartModel(self)
        self.table = CartView()
        self.table.setObjectName("customerCart")
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._points(self.table, 18)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        self._points(header, 13, bold=True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        for column, widest in ((1, "12,345 kg"), (2, "125.000 ₫/kg"), (3, "−99.000 ₫"), (4, "1.250.000 ₫")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, metrics.horizontalAdvance(widest) + 24)
        self.table.setColumnHidden(3, True)

        self.items = BiLabel(16, bold=False, name="customerItems")
        self.subtotal_label = BiLabel(18, bold=False, name="customerSubtotalLabel")
        right = Qt.AlignmentFlag.AlignRight
        self.subtotal = big_text(22, bold=False, align=right, name="customerSubtotal")
        self.discounts_label = BiLabel(18, bold=False, name="customerDiscountsLabel", color="#b00020")
        self.discounts = big_text(22, color="#b00020", align=right, name="customerDiscounts")
        self.total_label = BiLabel(22, name="customerTotalLabel", color=GREEN)
        self.total = big_text(54, color=GREEN, align=right, name="customerTotal")
        self.please_pay = BiLabel(18, name="customerPleasePay", color="#0d47a1")
        self.please_pay.setVisible(False)
        figures = QGridLayout()
        figures.addWidget(self.items, 0, 0, 1, 2)
        figures.addWidget(self.subtotal_label, 1, 0)
        figures.addWidget(self.subtotal, 1, 1)
        figures.addWidget(self.discounts_label, 2, 0)
        figures.addWidget(self.discounts, 2, 1)
        figures.addWidget(self.total_label, 3, 0)
        figures.addWidget(self.total, 3, 1)
        figures.addWidget(self.please_pay, 4, 0, 1, 2)
        figures.setColumnStretch(0, 2)  # StatusText has no width of its own: the columns share the width
        figures.setColumnStretch(1, 3)
        rule = QFrame()
        rule.setFixedHeight(3)
        rule.setAutoFillBackground(True)
        palette = rule.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(GREEN))
        rule.setPalette(palette)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.table, 1)
        layout.addWidget(rule)
        layout.addLayout(figures)
        return page

    def _qr_page(self) -> QWidget:
        page = QWidget()
        self.qr = QLabel()
        self.qr.setObjectName("customerQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_title = BiLabel(24, name="customerQrTitle", color="#0d47a1", lines=3)
        self.qr_amount_label = BiLabel(16, bold=False, name="customerQrAmountLabel")
        self.qr_amount = big_text(44, color=GREEN, name="customerQrAmount")
        self.qr_details = big_text(16, bold=False, lines=6, name="customerQrDetails")
        _picture_beside_text(page, self.qr, [
            self.qr_title, 16, self.qr_amount_label, self.qr_amount, 16, self.qr_details], margin=(24, 16),
            text_stretch=4)
        return page

    def _thanks_page(self) -> QWidget:
        page = QWidget()
        self.thanks = BiLabel(48, name="customerThanks", color=GREEN, align=Qt.AlignmentFlag.AlignHCenter)
        self.change_label = BiLabel(22, bold=False, name="customerChangeLabel", align=Qt.AlignmentFlag.AlignHCenter)
        self.change = big_text(54, align=Qt.AlignmentFlag.AlignHCenter, name="customerChange")
        self.tendered = BiLabel(18, bold=False, name="customerTendered", align=Qt.AlignmentFlag.AlignHCenter)
        self.see_you = BiLabel(20, bold=False, name="customerSeeYou", align=Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.thanks)
        layout.addSpacing(24)
        layout.addWidget(self.change_label)
        layout.addWidget(self.change)
        layout.addWidget(self.tendered)
        layout.addSpacing(24)
        layout.addWidget(self.see_you)
        layout.addStretch(1)
        return page

    # --- settings ---
    def apply_language(self, bilingual: bool) -> None:
        self.bilingual = bilingual
        self.model.bilingual = bilingual
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        for label in self.findChildren(BiLabel):
            label.bilingual = bilingual
        self.subtotal_label.set(T_SUBTOTAL)
        self.discounts_label.set(T_DISCOUNTS)
        self.total_label.set(T_TOTAL)
        self.qr_title.set(T_SCAN_TO_PAY)
        self.qr_amount_label.set(T_AMOUNT)
        self.thanks.set(T_THANKS)
        self.see_you.set(T_SEE_YOU)
        self.welcome.set(T_WELCOME)
        self.ocop_line.set(T_OCOP)
        self.items.set(T_ITEMS, n=len(self.model.rows))

    def set_showroom(self, name: str) -> None:
        self.header.setText(name)

    def set_slides(self, slides: list[Slide], seconds: int) -> None:
        self.slides = slides
        self.slide_index = -1
        self.slide_timer.setInterval(seconds * 1000)
        if self.pages.currentIndex() == self.IDLE:
            self.next_slide()

    # --- what the checkout tells ---
    def show_cart(self, cart: Cart, change: LineChange | None, *, whole: bool = False) -> None:
        self.model.apply(cart, change, whole=whole)
        summary = cart.summary()
        self.items.set(T_ITEMS, n=len(cart.lines))
        self.subtotal.setText(format_vnd(summary.subtotal))
        has_discount = summary.discount_total > 0
        self.discounts.setText(format_vnd(-summary.discount_total) if has_discount else "")
        self.discounts.setVisible(has_discount)
        self.discounts_label.setVisible(has_discount)
        if self.table.isColumnHidden(3) == has_discount:  # the discount column only when there is one: names
            self.table.setColumnHidden(3, not has_discount)  # get its room on a small screen
        self.total.setText(format_vnd(summary.total))
        if cart.empty:
            if self.pages.currentIndex() != self.THANKS:
                self.show_idle()
            return
        self.please_pay.setVisible(False)
        self._page(self.CART)
        if len(self.model.rows) > self.model.capacity:  # more lines than the screen holds: keep the latest in view
            if self.model.latest is not None:
                self.table.scrollTo(self.model.index(self.model.latest, 0))
            else:
                self.table.scrollToBottom()

    def show_payment(self, total: int) -> None:
        self.please_pay.set(T_PLEASE_PAY, amount=format_vnd(total))
        self.please_pay.setVisible(True)
        self._page(self.CART)

    def show_vietqr(self, qr: VietQR) -> None:
        self.payload = qr.payload()
        side = max(160, min(self.pages.height(), self.pages.width() // 2) - 40)
        code = qr_image(self.payload, box=1)  # one pixel a module, then enlarged by a whole factor: crisp edges
        factor = max(2, side // code.width())
        self.qr.setPixmap(QPixmap.fromImage(code.scaled(code.width() * factor, code.height() * factor,
                                                        Qt.AspectRatioMode.KeepAspectRatio,
                                                        Qt.TransformationMode.FastTransformation)))
        self.qr_amount.setText(format_vnd(qr.amount or 0))
        lines = [f"{vietnamese(T_BANK)}: {BANK_BINS.get(qr.bank_bin, qr.bank_bin)}",
                 f"{vietnamese(T_ACCOUNT)}: {qr.account}"]
        if self.account_name:
            lines.append(f"{vietnamese(T_HOLDER)}: {self.account_name}")
        if qr.reference:
            lines.append(f"{vietnamese(T_REFERENCE)}: {qr.reference}")
        self.qr_details.setText("\n".join(lines))
        self._page(self.QR)

    def close_vietqr(self) -> None:
        self.payload = ""
        self.qr.clear()
        if self.pages.currentIndex() == self.QR:
            self._page(self.CART)

    def show_cart_again(self) -> None:
        """The payment was given up: the cart as it is (or the slideshow when it is empty)."""
        self.close_vietqr()
        self.please_pay.setVisible(False)
        if self.model.rows:
            self._page(self.CART)
        elif self.pages.currentIndex() != self.THANKS:
            self.show_idle()

    def show_thanks(self, done: SaleDone) -> None:
        self.close_vietqr()
        self.please_pay.setVisible(False)
        if done.change_due:
            self.change_label.set(T_CHANGE)
            self.change.setText(format_vnd(done.change_due))
            self.tendered.set(T_TENDERED, amount=format_vnd(done.tendered))
            self.tendered.setVisible(True)
        else:
            self.change_label.set(T_PAID)
            self.change.setText(format_vnd(done.total))
            self.tendered.setVisible(False)
        self._page(self.THANKS)
        self.thanks_timer.start()

    def show_idle(self) -> None:
        self.thanks_timer.stop()
        self._page(self.IDLE)
        self.next_slide()

    def next_slide(self) -> None:
        showing = bool(self.slides)
        for widget in (self.slide_name, self.slide_stars, self.slide_rating, self.slide_producer, self.slide_price,
                       self.slide_photo):
            widget.setVisible(showing)
        self.ocop_line.setVisible(not showing)
        if not showing:
            return
        self.slide_index = (self.slide_index + 1) % len(self.slides)
        slide = self.slides[self.slide_index]
        item = slide.item
        self.slide_name.setText(item.name)
        self.slide_stars.setText("★" * item.stars + "☆" * max(0, 5 - item.stars))
        self.slide_rating.set(T_STARS, stars=item.stars)
        self.slide_producer.set(T_PRODUCER, name=item.producer)
        self.slide_producer.setVisible(bool(item.producer))
        unit = "kg" if item.sold_by_weight else item.unit
        self.slide_price.setText(f"{format_vnd(item.price)} / {unit}")
        self.slide_photo.setPixmap(QPixmap.fromImage(slide.image) if slide.image is not None
                                   else self._placeholder(item.stars))

    @staticmethod
    def _placeholder(stars: int) -> QPixmap:
        """No photo yet: the OCOP colours and the product's stars."""
        from PySide6.QtGui import QPainter

        pixmap = QPixmap(SLIDE_IMAGE_PX, SLIDE_IMAGE_PX)
        pixmap.fill(QColor("#e8f5e9"))
        painter = QPainter(pixmap)
        painter.setPen(QColor("#e0a100"))
        font = QFont()
        font.setPixelSize(SLIDE_IMAGE_PX // 4)
        painter.setFont(font)
        painter.drawText(QRect(0, 0, SLIDE_IMAGE_PX, SLIDE_IMAGE_PX), Qt.AlignmentFlag.AlignCenter,
                         "★" * max(1, min(stars, 3)) + ("\n" + "★" * (stars - 3) if stars > 3 else ""))
        painter.end()
        return pixmap

    def _page(self, page: int) -> None:
        if page != self.THANKS:
            self.thanks_timer.stop()
        if self.pages.currentIndex() != page:
            self.pages.setCurrentIndex(page)
        if page == self.IDLE:
            if not self.slide_timer.isActive():
                self.slide_timer.start()
        else:
            self.slide_timer.stop()


# --- the controller ---------------------------------------------------------------------------------------------


class _Status(QObject):
    pole = Signal(bool, str)  # from the pole display's thread to the GUI thread


class CustomerDisplay(QObject):
    """Owns the customer window and the pole display of one login: shows them as the settings say, on the screen
    they name, and feeds them what the checkout's ``CartFeed`` tells."""

    applied = Signal()  # settings read and applied (tests, and whoever waits for the window)

    def __init__(self, ui: UiSession, till: QWidget | None = None, *,
                 pole_opener: Callable[[str, int], Port] = open_serial, load: bool = True) -> None:
        super().__init__(till)
        self.setObjectName("customerDisplay")
        self.ui = ui
        self.till = till
        self.pole_opener = pole_opener
        self.config = DisplayConfig()
        self.slides: list[Slide] = []
        self.window: CustomerWindow | None = None
        self.pole: PoleDisplay | None = None
        self.placement_problem = ""
        self._pole_reported = False
        self._cart: Cart | None = None  # the checkout's current cart, as last told (to draw a new window at once)
        self._shut_down = False
        self.runner = TaskRunner(self)
        self._status = _Status(self)
        self._status.pole.connect(self._pole_status, Qt.ConnectionType.QueuedConnection)
        self._focus_before: QWindow | None = None
        # The customer's screen follows a change FOLLOW_MS later: the cashier's screen is painted first, and a
        # burst of changes is drawn once. Its own paint is then never in the way of a scan.
        self._pending: list[LineChange | None] = []
        self.follow_timer = QTimer(self)
        self.follow_timer.setSingleShot(True)
        self.follow_timer.setInterval(FOLLOW_MS)
        self.follow_timer.timeout.connect(self.flush)
        feed = ui.cart_feed
        feed.cart_changed.connect(self.cart_changed)
        feed.payment_started.connect(self.payment_started)
        feed.vietqr_shown.connect(self.vietqr_shown)
        feed.vietqr_closed.connect(self.vietqr_closed)
        feed.payment_cancelled.connect(self.payment_cancelled)
        feed.sale_completed.connect(self.sale_completed)
        feed.cart_cancelled.connect(self.cart_cancelled)
        ui.events.settings_changed.connect(self.reload)
        ui.events.data_changed.connect(self._data_changed)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screens_changed)
        app.focusWindowChanged.connect(self._focus_window_changed)
        if load:
            self.reload()

    # --- settings and placement ---
    def reload(self) -> None:
        """Read the settings (and the slideshow) on a worker thread, then apply them here."""
        sessions = self.ui.app.sessions
        self.runner.run(lambda: load_display(sessions), self.apply, self._load_failed)

    def _load_failed(self, exc: BaseException) -> None:
        log.error("the customer display's settings could not be read", exc_info=exc)

    def _data_changed(self, what: str) -> None:
        if what in ("product", "products", "catalogue", "producer", "producers"):
            self.reload()

    def apply(self, loaded: tuple[DisplayConfig, list[Slide] | None]) -> None:
        if self._shut_down:
            return
        config, slides = loaded
        before, self.config = self.config, config
        if slides is not None:
            self.slides = slides
        if config.enabled:
            window = self.window
            if window is None:
                window = self.window = CustomerWindow()
                if self._cart is not None:
                    window.show_cart(self._cart, None)
            window.account_name = config.account_name
            window.set_showroom(config.showroom)
            if config.bilingual != window.bilingual:
                window.apply_language(config.bilingual)
            window.set_slides(self.slides, config.slide_seconds)
            self.place()
        elif self.window is not None:
            self._close_window()
        if (config.pole_port, config.pole_baud) != (before.pole_port, before.pole_baud) or (
                config.pole_port and self.pole is None):
            self._close_pole()
            if config.pole_port:
                self._pole_reported = False
                self.pole = PoleDisplay(config.pole_port, config.pole_baud, opener=self.pole_opener,
                                        on_status=self._status.pole.emit)
                self._pole_idle()
        self.applied.emit()

    def place(self) -> None:
        """Full screen on the chosen screen, or hidden (and the cashier told once why) when it is not there."""
        window = self.window
        if window is None:
            return
        till_screen = self.till.screen() if self.till is not None else None
        screen, problem = pick_screen(self.config.screen, till_screen)
        if screen is None:
            window.hide()
            if problem != self.placement_problem:
                self.ui.events.status_message.emit(problem)
                log.info("%s", problem)
            self.placement_problem = problem
            return
        self.placement_problem = ""
        self._focus_before = QGuiApplication.focusWindow()
        # The screen first (a screen of another X display is another desktop: the window is made again there),
        # then its whole area; not showFullScreen(), which also activates the window and so takes the keyboard.
        window.setScreen(screen)
        window.setGeometry(screen.geometry())
        window.setWindowState(Qt.WindowState.WindowFullScreen)
        window.show()

    def _screens_changed(self, _screen: QScreen) -> None:
        if self.window is not None and self.config.enabled:
            QTimer.singleShot(0, self.place)  # after Qt has moved its windows off a screen that went

    def _focus_window_changed(self, window: QWindow | None) -> None:
        """Some window systems (and Qt's offscreen platform) activate every window shown: the customer's window
        gives the keyboard straight back to the till, so a scan is never typed into it."""
        ours = self.window.windowHandle() if self.window is not None else None
        if window is not None and window is ours:
            back = self._focus_before
            if back is None and self.till is not None:
                back = self.till.window().windowHandle()
            if back is not None and shiboken6.isValid(back) and back.isVisible():
                back.requestActivate()
        elif window is not None:
            self._focus_before = window

    def _close_window(self) -> None:
        window, self.window = self.window, None
        self.follow_timer.stop()
        self._pending.clear()
        if window is not None:
            window.thanks_timer.stop()
            window.slide_timer.stop()
            window.close()
            window.deleteLater()

    def _close_pole(self) -> None:
        pole, self.pole = self.pole, None
        if pole is not None:
            pole.close(timeout=0.5)

    def shutdown(self) -> None:
        """Logout or quit: the window closes, the pole display's thread ends."""
        if self._shut_down:
            return
        self._shut_down = True
        feed = self.ui.cart_feed
        for signal, slot in ((feed.cart_changed, self.cart_changed), (feed.payment_started, self.payment_started),
                             (feed.vietqr_shown, self.vietqr_shown), (feed.vietqr_closed, self.vietqr_closed),
                             (feed.payment_cancelled, self.payment_cancelled),
                             (feed.sale_completed, self.sale_completed), (feed.cart_cancelled, self.cart_cancelled)):
            signal.disconnect(slot)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.disconnect(self._screens_changed)
            app.screenRemoved.disconnect(self._screens_changed)
            app.focusWindowChanged.disconnect(self._focus_window_changed)
        self._close_window()
        self._close_pole()
        self.runner.shutdown()

    # --- the feed ---
    def cart_changed(self, cart: Cart, change: LineChange | None) -> None:
        self._cart = cart
        if self.window is not None or self.pole is not None:
            self._pending.append(change)
            if not self.follow_timer.isActive():
                self.follow_timer.start()

    def flush(self, *, pole: bool = True) -> None:
        """Draw the cart's changes not drawn yet: when the follow timer fires, and at once before any other news
        of the sale (a payment, a VietQR code, the thanks), so that they are shown in their order. ``pole``:
        the pole display too (not when the thanks follow at once: its 20 characters would flash the greeting)."""
        self.follow_timer.stop()
        pending, self._pending = self._pending, []
        cart = self._cart
        if not pending or cart is None:
            return
        last = pending[-1]
        if self.window is not None:
            if len(pending) == 1:
                self.window.show_cart(cart, last)
            else:  # several changes in one go (a burst of scans): every row again, the newest line highlighted
                self.window.show_cart(cart, last, whole=True)
        if pole and self.pole is not None:
            self._pole_cart(cart, last.row if last is not None and not last.removed and last.row < len(cart) else None)

    def payment_started(self, total: int) -> None:
        self.flush()
        if self.window is not None:
            self.window.show_payment(total)
        if self.pole is not None:
            self.pole.show(vietnamese(T_TOTAL), vietnamese(T_AMOUNT), bottom_right=format_vnd(total, symbol=False))

    def vietqr_shown(self, qr: VietQR) -> None:
        self.flush()
        if self.window is not None:
            self.window.show_vietqr(qr)
        if self.pole is not None:
            self.pole.show(vietnamese(T_TRANSFER), vietnamese(T_AMOUNT),
                           bottom_right=format_vnd(qr.amount or 0, symbol=False))

    def vietqr_closed(self) -> None:
        self.flush()
        if self.window is not None:
            self.window.close_vietqr()

    def payment_cancelled(self) -> None:
        self.flush()
        if self.window is not None:
            self.window.show_cart_again()
        if self._cart is not None:
            self._pole_cart(self._cart, None)

    def sale_completed(self, done: SaleDone) -> None:
        self.flush(pole=False)  # the cart just emptied: the thanks, not the greeting
        if self.window is not None:
            self.window.show_thanks(done)
        if self.pole is not None:
            if done.change_due:
                self.pole.show(vietnamese(T_THANKS), vietnamese(T_CHANGE),
                               bottom_right=format_vnd(done.change_due, symbol=False))
            else:
                self.pole.show(vietnamese(T_THANKS), vietnamese(T_PAID), bottom_right=format_vnd(done.total,
                                                                                                 symbol=False))
            QTimer.singleShot(THANKS_SECONDS * 1000, self._pole_idle_if_empty)

    def cart_cancelled(self) -> None:
        self.flush()
        if self.window is not None:
            self.window.show_idle()

    # --- the pole display ---
    def _pole_cart(self, cart: Cart, row: int | None) -> None:
        """The line just scanned or changed (else the last one) and the total."""
        if self.pole is None:
            return
        if cart.empty:
            self._pole_idle()
            return
        row = len(cart) - 1 if row is None else row
        line = cart.lines[row]
        net, _discount = cart.line_net(row)
        if line.by_weight:
            name = f"{line.qty / 1000:g}kg {line.name}".replace(".", ",")
        else:
            name = line.name if line.qty == 1 else f"{line.qty}x {line.name}"
        self.pole.show(name, vietnamese(T_TOTAL), top_right=format_vnd(net, symbol=False),
                       bottom_right=format_vnd(cart.summary().total, symbol=False))

    def _pole_idle(self) -> None:
        if self.pole is not None:
            self.pole.show(self.config.showroom or vietnamese(T_WELCOME),
                           vietnamese(T_WELCOME) if self.config.showroom else vietnamese(T_OCOP))

    def _pole_idle_if_empty(self) -> None:
        if self._cart is None or self._cart.empty:
            self._pole_idle()

    def _pole_status(self, ok: bool, detail: str) -> None:
        """Said once in the status bar (the log has every failure): selling goes on without the display."""
        if ok or self._pole_reported:
            return
        self._pole_reported = True
        self.ui.events.status_message.emit(cashier_text(N_POLE_FAILED, port=self.config.pole_port, detail=detail))


def _picture_beside_text(page: QWidget, picture: QWidget, column: list[QWidget | int], *,
                         margin: tuple[int, int], text_stretch: int) -> None:
    """A picture (product photo, QR) on the left and a column of texts centred beside it; an int in
    ``column`` is a gap in pixels."""
    text = QVBoxLayout()
    text.addStretch(1)
    for item in column:
        if isinstance(item, int):
            text.addSpacing(item)
        else:
            text.addWidget(item)
    text.addStretch(1)
    row = QHBoxLayout(page)
    row.setContentsMargins(margin[0], margin[1], margin[0], margin[1])
    row.addWidget(picture, 5)
    row.addSpacing(margin[0])
    row.addLayout(text, text_stretch)
