"""The checkout screen: where a cashier spends the day. Scan, search, the cart, payment, returns,
voids and the shift, all from the keyboard (each button shows its key).

A scan is caught by ``ScannerFilter`` wherever the focus is on this screen; the product comes from
the in-memory ``ProductIndex``; the cart is saved in the background after every change, so a crash
or restart gives it back. Completing a sale is one transaction; printing and the drawer are the
printing station's business, told through ``events.sale_completed`` after the commit.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.cart import CartLine, Discount, PricedLine
from showroom_pos.core.cart_state import Cart, LineChange
from showroom_pos.core.clock import business_day, format_datetime, format_time
from showroom_pos.core.errors import UserError
from showroom_pos.core.money import format_vnd, parse_vnd
from showroom_pos.core.text import is_ascii_digits
from showroom_pos.runtime.i18n import error_text, one_or_many, problem_text
from showroom_pos.services import einvoice, permissions, settings, shifts, users
from showroom_pos.services.catalogue import certificates
from showroom_pos.services.einvoice import buyer as einvoice_buyer
from showroom_pos.services.till import (
    cart_approvals,
    cart_saver,
    cash_drawer,
    checkout_sale,
    product_lookup,
    quick_keys,
    saved_carts,
    voids,
)
from showroom_pos.services.till.product_lookup import IndexedProduct, ProductIndex
from showroom_pos.services.till.sale_writer import PaymentIn

from .approval import request_approval
from .cart_feed import SaleDone
from .checkout_keys import ElidingButton, KeyRouter, StatusText, big_font, key_text
from .checkout_payment import PaymentDialog
from .checkout_shift import OpenShiftDialog, ShiftDialog, method_name
from .inventory_common import confirm
from .roles import ALIGNMENT, DISPLAY, RIGHT, TOOLTIP
from .scanner_filter import accept_scans, scanner_policy
from .session import UiSession

log = logging.getLogger(__name__)

# What a receipt's own code holds: its number (CL01-260128-0042) or the sale's id (a UUID).
RECEIPT_RE = re.compile(r"^([A-Z0-9]{2,12}-\d{6}-\d{4}|[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12})$")
QUICK_KEY_COUNT = 10
SAVE_AFTER_MS = 30
SIDE_PANEL_WIDTH = 240  # the total, the change and the warnings beside the cart (what it had at rest)


def qty_text(line: CartLine) -> str:
    if line.by_weight:
        return f"{line.qty / 1000:.3f} kg".replace(".", ",")
    return f"{line.qty} {line.unit}"


def parse_discount(text: str) -> Discount:
    """``10%``, ``12,5 %`` (a percentage) or ``5.000``/``5k`` (an amount); empty removes it."""
    text = text.strip()
    if not text:
        return Discount()
    if text.endswith("%"):
        number = text[:-1].strip().replace(",", ".")
        try:
            bp = round(float(number) * 100)
        except ValueError:
            raise ValueError(text) from None
        return Discount(percent_bp=bp)
    return Discount(amount=parse_vnd(text))


class CartModel(QAbstractTableModel):
    """The cart as a table. Updates one row per scan (inserted or changed), so it stays fast however
    long the cart is."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Checkout", "#"),
        QT_TRANSLATE_NOOP("Checkout", "Product"),
        QT_TRANSLATE_NOOP("Checkout", "Quantity"),
        QT_TRANSLATE_NOOP("Checkout", "Price"),
        QT_TRANSLATE_NOOP("Checkout", "Discount"),
        QT_TRANSLATE_NOOP("Checkout", "Amount"),
    )

    def __init__(self, cart: Cart, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cart = cart
        self._rows: dict[int, tuple[str, ...]] = {}  # display texts, made once per change of a row

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cart.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def priced(self, row: int) -> PricedLine:
        return self.cart.totals().lines[row]

    def texts(self, row: int) -> tuple[str, ...]:
        cached = self._rows.get(row)
        if cached is None:
            ln = self.cart.lines[row]
            net, discount = self.cart.line_net(row)
            price = format_vnd(ln.unit_price) + ("/kg" if ln.by_weight else "")
            if ln.list_price is not None and ln.unit_price != ln.list_price:
                price += " *"
            cached = (str(row + 1), ln.name, qty_text(ln), price, format_vnd(-discount) if discount else "",
                      format_vnd(net))
            self._rows[row] = cached
        return cached

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        # The view asks for every role of every visible cell on each repaint: answer from a cache.
        if role == DISPLAY:
            row = index.row()
            if 0 <= row < len(self.cart.lines):
                return self.texts(row)[index.column()]
            return None
        if role == ALIGNMENT:
            return RIGHT if index.column() != 1 else None
        if role == TOOLTIP and index.column() == 1 and 0 <= index.row() < len(self.cart.lines):
            return self.cart.lines[index.row()].name  # the whole name when the column elides it
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("Checkout", str(self.HEADERS[section]))
        return None

    def apply(self, change: LineChange) -> None:
        if change.removed or self.cart.discount:  # line numbers or every line's share move
            self._rows.clear()
        else:
            self._rows.pop(change.row, None)
        if change.inserted:
            self.beginInsertRows(QModelIndex(), change.row, change.row)
            self.endInsertRows()
        elif change.removed:
            self.beginResetModel()
            self.endResetModel()
        else:
            self.dataChanged.emit(self.index(change.row, 0), self.index(change.row, 5))
        if self.cart.discount and len(self.cart.lines):
            self.dataChanged.emit(self.index(0, 4), self.index(len(self.cart.lines) - 1, 5))

    def reset(self, cart: Cart) -> None:
        self.beginResetModel()
        self.cart = cart
        self._rows.clear()
        self.endResetModel()


class ResultsModel(QAbstractListModel):
    """Search results: replaced whole on every keystroke, texts made only for the rows shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.products: list[IndexedProduct] = []

    def set_products(self, products: list[IndexedProduct]) -> None:
        self.beginResetModel()
        self.products = products
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.products)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == DISPLAY and 0 <= index.row() < len(self.products):
            p = self.products[index.row()]
            return f"{p.name}   ·   {p.sku}   ·   {format_vnd(p.price)}"
        return None


class _Relay(QObject):
    message = Signal(str)
    quick_keys = Signal(object)


class CheckoutScreen(QWidget):
    def __init__(self, ui: UiSession, parent: QWidget | None = None, *,
                 approve: Callable[[str], int | None] | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("checkoutScreen")
        self.approve_fn = approve
        self._shut_down = False
        self.last_sale_id: str | None = None
        self._relay = _Relay(self)
        self.feed = ui.cart_feed  # what the customer's displays follow
        self._relay.message.connect(lambda text: self.show_message(text, error=True))
        self._load_settings()
        # Built while the PIN was typed (app.main prefetches it), else read now.
        self.index = ui.app.take_prefetched("product_index") or ui.read(ProductIndex.load)
        self._ctx_day = business_day()
        start = ui.app.take_prefetched("checkout_start")  # read while the PIN was typed (services.warmup)
        if start is not None and start.day == self._ctx_day:
            self.scan_ctx, self.expired_ocop = start.scan_context, start.expired_ocop
        else:
            self.scan_ctx = ui.read(lambda s: product_lookup.load_scan_context(s, self._ctx_day))
            self.expired_ocop = ui.read(lambda s: certificates.expired_ocop_ids(s, self._ctx_day))
        # Shift handover: carts others left on this till are parked under their names; this user's comes back.
        with ui.transaction() as session:
            handed_over = saved_carts.hand_over_carts(session, ui.user.actor)
            recovered = saved_carts.active_cart(session, ui.user.terminal_id, ui.user.user_id)
            waiting = saved_carts.parked_for(session, ui.user.actor) if recovered is None else 0
        self.cart = recovered or self.new_cart()
        self.saver = cart_saver.CartSaver(ui.app.sessions, ui.user.actor,
                                          on_error=lambda exc: self._relay.message.emit(problem_text(exc)))
        # The cart is handed to the saver just after the screen has been repainted, not during it.
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_AFTER_MS)
        self._save_timer.timeout.connect(lambda: self.saver.save(self.cart))
        self._build()
        # Scans anywhere on this screen (search box, quantity box, the cart) go to the cart; the application's
        # one scanner policy keeps them out of every dialog opened from here.
        self.scanner = scanner_policy()
        self.scanner.configure(*self.scanner_timing)
        self.scan_receiver = accept_scans(self, self.on_scan)
        self.router = KeyRouter(self)
        self._bind_keys()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        ui.events.settings_changed.connect(self._settings_changed)
        ui.events.data_changed.connect(self._data_changed)
        self._relay.quick_keys.connect(self._show_quick_keys)
        self.refresh_quick_keys()
        self.refresh_shift()
        self.refresh_totals()
        if recovered is not None:
            self.show_message(one_or_many(len(recovered), "The cart in progress was recovered ({n} line).", self.tr(
                "The cart in progress was recovered ({n} lines).")).format(n=len(recovered)))
        elif handed_over:
            self.show_message(self.tr("The cart in progress of {names} was parked: recall it with F8.").format(
                names=", ".join(handed_over)))
        elif waiting:
            self.show_message(self.tr("Parked carts of yours wait on this till ({n}): recall them with F8.").format(
                n=waiting))
        self.setFocusProxy(self.search)  # the main window gives the keyboard (the scanner) to the search box
        self.search.setFocus()

    # --- set-up ---------------------------------------------------------------------------------------
    def new_cart(self) -> Cart:
        """An empty cart of the user logged in (approvals given to it are theirs)."""
        return Cart(owner_id=self.ui.user.user_id)

    def _load_settings(self) -> None:
        values = self.ui.read(lambda s: settings.get_many(s, ""))
        self.scanner_timing = (values.number("scanner.max_key_interval_ms"), values.number("scanner.min_length"))
        self.discount_limit = values.number("checkout.discount_limit_percent")
        self.cash_step = values.number("checkout.cash_rounding")

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("checkoutSearch")
        self.search.setPlaceholderText(self.tr("Scan, or search by name or SKU [F2]"))
        self.search.setFont(big_font(self.search, 16, bold=False))
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._search_entered)
        self.search.installEventFilter(self)
        self.qty = QLineEdit()
        self.qty.setObjectName("checkoutQty")
        self.qty.setPlaceholderText(self.tr("Quantity [F3]"))
        self.qty.setMaximumWidth(160)
        self.qty.setFont(big_font(self.qty, 16, bold=False))
        self.qty.returnPressed.connect(self._qty_entered)
        self.results_model = ResultsModel(self)
        # The results drop down over the cart, outside the layout: showing and hiding them at the first letter of
        # every search no longer lays out and repaints the whole screen (the slowest keystrokes of a search).
        self.results = QListView(self)
        self.results.setObjectName("checkoutResults")
        self.results.setModel(self.results_model)
        self.results.setUniformItemSizes(True)
        self.results.setFixedHeight(180)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.activated.connect(lambda _index: self._add_selected_result())
        self.results.hide()
        self.message = StatusText(lines=2, points=13, bold=True)
        self.message.setObjectName("checkoutMessage")
        self.shift_banner = QLabel()
        self.shift_banner.setObjectName("checkoutShift")
        self.shift_banner.setWordWrap(True)  # the side panel is at most 300 px: "…trước khi bán" was cut off

        self.model = CartModel(self.cart, self)
        self.table = QTableView()
        self.table.setObjectName("checkoutCart")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)
        # A long name loses its middle, never its end: "Trà mãng cầu…250 g" and "…100 g" stay apart.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setFont(big_font(self.table, 13, bold=False))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        # The figures take what their widest usual value needs; the name takes the rest.
        metrics, pad = self.table.fontMetrics(), 10
        self.table.setColumnWidth(0, metrics.horizontalAdvance("99") + pad)
        self.table.setColumnWidth(2, metrics.horizontalAdvance("12,345 kg") + pad)
        self.table.setColumnWidth(3, metrics.horizontalAdvance("125.000 ₫/kg") + pad)
        self.table.setColumnWidth(4, metrics.horizontalAdvance("−99.000 ₫") + pad)
        self.table.setColumnWidth(5, metrics.horizontalAdvance("1.250.000 ₫") + pad)

        right = Qt.AlignmentFlag.AlignRight
        self.total = StatusText(lines=1, points=36, bold=True, align=right)
        self.total.setObjectName("checkoutTotal")
        self.breakdown = StatusText(lines=7, points=12, align=right)  # two VAT rates and a discount, wrapped
        self.breakdown.setObjectName("checkoutBreakdown")
        self.change = StatusText(lines=2, points=30, bold=True, align=right)
        self.change.setObjectName("checkoutChange")
        self.change.set_color("#006400")
        side_panel = QWidget()
        side_panel.setObjectName("checkoutSide")
        # One width whatever it says: the cart and the search field do not move while scanning (the wrapped "no
        # shift" warning widened it by ~40 px, the cart narrowed under the cashier's eyes). An amount too wide for
        # it is drawn smaller (``StatusText``).
        side_panel.setFixedWidth(SIDE_PANEL_WIDTH)
        side = QVBoxLayout(side_panel)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel(self.tr("Total to pay")))
        side.addWidget(self.total)
        side.addWidget(self.breakdown)
        side.addSpacing(16)
        side.addWidget(self.change)
        side.addStretch(1)
        side.addWidget(self.shift_banner)

        self.quick = QGridLayout()
        self.quick_buttons: list[QPushButton] = []
        for i in range(QUICK_KEY_COUNT):
            button = ElidingButton()
            button.setObjectName(f"quickKey_{i + 1}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(44)
            button.setText(f"— [Alt+{(i + 1) % 10}]")
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, n=i: self.quick_key(n))
            self.quick_buttons.append(button)
            self.quick.addWidget(button, i // 5, i % 5)
        self.quick_ids: list[int] = []

        self.buttons = QGridLayout()
        self.action_specs: list[tuple[str, str, Callable[[], None], str]] = [
            (self.tr("Pay"), "F12", self.pay, "checkoutPay"),
            (self.tr("Quantity"), "F3", self.focus_qty, "checkoutQtyButton"),
            (self.tr("Line discount"), "F4", self.line_discount, "checkoutLineDiscount"),
            (self.tr("Change price"), "F5", self.change_price, "checkoutPrice"),
            (self.tr("Cart discount"), "F6", self.cart_discount, "checkoutCartDiscount"),
            (self.tr("Park cart"), "F7", self.park, "checkoutPark"),
            (self.tr("Recall cart"), "F8", self.recall, "checkoutRecall"),
            (self.tr("Return"), "F9", self.returns, "checkoutReturn"),
            (self.tr("Void last sale"), "F10", self.void_last, "checkoutVoid"),
            (self.tr("Shift"), "F11", self.shift, "checkoutShiftButton"),
            (self.tr("Remove line"), "Ctrl+Del", self.remove_line, "checkoutRemove"),
            (self.tr("Quantity +1"), "Ctrl+Up", lambda: self.bump(1), "checkoutPlus"),
            (self.tr("Quantity −1"), "Ctrl+Down", lambda: self.bump(-1), "checkoutMinus"),
            (self.tr("Clear the cart"), "Ctrl+Shift+Del", self.clear_cart, "checkoutClear"),
            (self.tr("Open drawer"), "Ctrl+D", self.open_drawer, "checkoutDrawer"),
            (self.tr("Search"), "F2", self.focus_search, "checkoutSearchButton"),
        ]
        for i, (text, key, slot, name) in enumerate(self.action_specs):
            action = QPushButton(f"{text}\n[{key_text(key)}]")
            action.setObjectName(name)
            action.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            action.setMinimumHeight(48)
            action.clicked.connect(lambda _=False, s=slot: s())
            if name == "checkoutPay":
                action.setFont(big_font(action, 14))
            self.buttons.addWidget(action, i // 8, i % 8)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.qty)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.message)
        left.addWidget(self.table, 1)
        middle = QHBoxLayout()
        middle.addLayout(left, 1)
        middle.addWidget(side_panel)
        layout = QVBoxLayout(self)
        layout.addLayout(middle, 1)
        layout.addLayout(self.quick)
        layout.addLayout(self.buttons)

    def _bind_keys(self) -> None:
        for _text, key, slot, _name in self.action_specs:
            self.router.bind(key, slot)
        self.router.bind("Escape", self.escape)
        for i in range(QUICK_KEY_COUNT):
            self.router.bind(f"Alt+{(i + 1) % 10}", partial(self.quick_key, i))

    def shutdown(self) -> None:
        """Write the cart and stop listening (the app is closing or the screen goes away); once."""
        if self._shut_down:
            return
        self._shut_down = True
        self.scan_receiver.scanned.disconnect(self.on_scan)
        self.router.remove()
        self.persist_now()
        self.saver.close()

    def _settings_changed(self) -> None:
        self._load_settings()
        self.scanner.configure(*self.scanner_timing)
        self.scan_ctx = self.ui.read(lambda s: product_lookup.load_scan_context(s, self._ctx_day))

    def _data_changed(self, what: str) -> None:
        if what in ("product", "products", "catalogue", "barcodes"):
            self.reload_catalogue()

    def reload_catalogue(self) -> None:
        self.index = self.ui.read(ProductIndex.load)
        self.expired_ocop = self.ui.read(lambda s: certificates.expired_ocop_ids(s, self._ctx_day))
        self.refresh_quick_keys()

    def approve(self, action: str, amount: int | None = None) -> int | None:
        """A manager's id approving ``action`` (a manager approves their own), or None. ``amount`` (the đồng
        given away) is shown to the manager: the approval is bound to it."""
        if self.approve_fn is not None:
            return self.approve_fn(action)
        text = QCoreApplication.translate("UserError", permissions.describe(action))
        if amount is not None:
            text = self.tr("{action}: {amount}").format(action=text, amount=format_vnd(amount))
        return request_approval(self.ui, text, self)

    # --- messages and figures -------------------------------------------------------------------------
    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.set_color("#b00020" if error else "#1b5e20")
        self.message.setText(text)

    def refuse(self, text: str) -> None:
        """Something was not done: say so visibly and audibly."""
        self.show_message(text, error=True)
        QApplication.beep()

    def refresh_totals(self) -> None:
        totals = self.cart.summary()
        self.total.setText(format_vnd(totals.total))
        parts = [one_or_many(len(self.cart), "{n} line · subtotal {v}", self.tr("{n} lines · subtotal {v}")).format(
            n=len(self.cart), v=format_vnd(totals.subtotal))]
        if totals.discount_total:
            parts.append(self.tr("discounts −{v}").format(v=format_vnd(totals.discount_total)))
        for rate, vat in sorted(totals.vat_by_rate.items()):
            if vat:
                parts.append(self.tr("incl. VAT {rate}%: {v}").format(rate=f"{rate / 100:g}", v=format_vnd(vat)))
        self.breakdown.setText("\n".join(parts))

    def refresh_shift(self) -> None:
        shift = self.ui.read(lambda s: shifts.open_shift_for(s, self.ui.user.terminal_id))
        self.shift_open = shift is not None
        if shift is None:
            self.shift_banner.setStyleSheet("color: #b00020; font-weight: bold;")
            self.shift_banner.setText(self.tr("No shift open: F11 to open one before selling."))
        else:
            self.shift_banner.setStyleSheet("")
            self.shift_banner.setText(self.tr("Shift open since {time}").format(
                time=format_datetime(shift.opened_at)))

    def refresh_quick_keys(self) -> None:
        """Best sellers come from the sales history (a query over weeks of sales): read them off the GUI
        thread, so the checkout is ready to scan without waiting for them."""
        relay, sessions = self._relay, self.ui.app.sessions

        def work() -> None:
            try:
                with sessions() as session:
                    relay.quick_keys.emit(quick_keys.quick_keys(session, QUICK_KEY_COUNT))
            except Exception:  # the quick keys stay empty; selling goes on
                log.exception("reading the quick keys failed")

        threading.Thread(target=work, name="quick-keys", daemon=True).start()

    def _show_quick_keys(self, ids: list[int]) -> None:
        self.quick_ids = [pid for pid in ids if pid in self.index]
        for i, button in enumerate(self.quick_buttons):
            shown = f"Alt+{(i + 1) % 10}"
            if i < len(self.quick_ids):
                product = self.index.product(self.quick_ids[i])
                assert product is not None
                button.setText(f"{product.name}\n{format_vnd(product.price)} [{shown}]")
                button.setToolTip(product.name)
                button.setEnabled(True)
            else:
                button.setText(f"— [{shown}]")
                button.setEnabled(False)

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return len(self.cart) - 1 if len(self.cart) else None

    def _changed(self, change: LineChange | None = None) -> None:
        if change is None:
            self.model.reset(self.cart)
        else:
            self.model.apply(change)
        if change is not None and not change.removed and change.row < len(self.cart):
            self.table.selectRow(change.row)
        self.refresh_totals()
        self._save_timer.start()
        self.feed.cart_changed.emit(self.cart, change)

    def persist_now(self) -> None:
        """Write the cart in progress now and wait until it is on disk."""
        if self._save_timer.isActive():
            self._save_timer.stop()
            self.saver.save(self.cart)
        self.saver.flush()

    # --- scanning and searching -----------------------------------------------------------------------
    def on_scan(self, code: str) -> None:
        code = code.strip()
        if RECEIPT_RE.match(code.upper()):
            self.returns(code)
            return
        today = business_day()
        if today != self._ctx_day:  # VAT rates and certificates are data with dates: reload at midnight
            self._ctx_day = today
            self.scan_ctx = self.ui.read(lambda s: product_lookup.load_scan_context(s, today))
            self.expired_ocop = self.ui.read(lambda s: certificates.expired_ocop_ids(s, today))
        try:
            line = product_lookup.line_for_scan(self.index, code, self.scan_ctx)
        except UserError as exc:
            self.refuse(error_text(exc))
            return
        self.add_line(line)

    def add_line(self, line: CartLine) -> None:
        change = self.cart.add(line)
        self.change.clear()
        self._changed(change)
        qty = self.cart.lines[change.row].qty
        if line.product_id in self.expired_ocop:
            self.show_message(self.tr("{name}: its OCOP certificate has expired, so it can no longer be sold as an "
                                      "OCOP product.").format(name=line.name), error=True)
            return
        if qty:
            self._say_line(change.row)
        else:
            self.show_message(line.name)

    def _say_line(self, row: int) -> None:
        """The message line names the cart line and its quantity now: "Mắm tôm chà · 3 hũ"."""
        line = self.cart.lines[row]
        self.show_message(f"{line.name} · {qty_text(line)}")

    def _place_results(self) -> None:
        """Just below the search and quantity boxes, as wide as both, above the cart."""
        left = self.search.mapTo(self, QPoint(0, self.search.height() + 2))
        right = self.qty.mapTo(self, QPoint(self.qty.width(), 0)).x()
        self.results.setGeometry(left.x(), left.y(), max(right - left.x(), 200), self.results.height())
        self.results.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.results.isVisible():
            self._place_results()

    def _search_changed(self, text: str) -> None:
        found = self.index.search(text, 30) if text.strip() else []
        self.results_model.set_products(found)
        if bool(found) != self.results.isVisible():
            if found:
                self._place_results()
            self.results.setVisible(bool(found))
        if found:
            self.results.setCurrentIndex(self.results_model.index(0, 0))

    def _search_entered(self) -> None:
        text = self.search.text().strip()
        if not text:
            return
        if self.index.by_code(text) is not None or (is_ascii_digits(text) and len(text) in (8, 12, 13)):
            self.search.clear()
            self.on_scan(text)  # a code typed by hand
            return
        if self.results.isVisible() and self.results.currentIndex().isValid():
            self._add_selected_result()
        else:
            self.refuse(self.tr("Nothing found for {text}.").format(text=text))

    def _add_selected_result(self) -> None:
        current = self.results.currentIndex()
        if not current.isValid():
            return
        product = self.results_model.products[current.row()]
        self.search.clear()
        self._add_product(product.id)

    def _add_product(self, product_id: int, qty: int | None = None) -> None:
        product = self.index.product(product_id)
        if product is None:
            return
        if product.by_weight and qty is None:
            grams, ok = QInputDialog.getInt(self, self.tr("Weight"), self.tr("{name}: weight in grams").format(
                name=product.name), 500, 1, 1_000_000)
            if not ok:
                return
            qty = grams
        try:
            line = product_lookup.cart_line(product, qty or 1, self.scan_ctx)
        except UserError as exc:
            self.refuse(error_text(exc))
            return
        self.add_line(line)

    def quick_key(self, n: int) -> None:
        if n < len(self.quick_ids):
            self._add_product(self.quick_ids[n])

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Up/Down in the search box move through the results, or through the cart."""
        if obj is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(event.key()))
            if step is not None and not event.modifiers():
                if self.results.isVisible():
                    row = max(0, min(self.results_model.rowCount() - 1, self.results.currentIndex().row() + step))
                    self.results.setCurrentIndex(self.results_model.index(row, 0))
                elif len(self.cart):
                    current = self.selected_row()
                    row = max(0, min(len(self.cart) - 1, (current if current is not None else 0) + step))
                    self.table.selectRow(row)
                return True
        return super().eventFilter(obj, event)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def escape(self) -> None:
        self.search.clear()
        self.qty.clear()
        self.message.clear()
        self.search.setFocus()

    # --- line operations ------------------------------------------------------------------------------
    def focus_qty(self) -> None:
        row = self.selected_row()
        if row is None:
            self.refuse(self.tr("The cart is empty."))
            return
        self.qty.setText(str(self.cart.lines[row].qty))
        self.qty.setFocus()
        self.qty.selectAll()

    def _qty_entered(self) -> None:
        row = self.selected_row()
        text = self.qty.text().strip()
        self.qty.clear()
        self.search.setFocus()
        if row is None or not text:
            return
        if not is_ascii_digits(text):
            self.refuse(self.tr("{text} is not a whole number.").format(text=text))
            return
        self._quantity_changed(row, int(text))

    def _quantity_changed(self, row: int, qty: int) -> None:
        """The line's new quantity, and the message line saying it (not the quantity it was added with)."""
        name = self.cart.lines[row].name
        change = self.cart.set_qty(row, qty)
        self._changed(change)
        if change.removed:
            self.show_message(self.tr("Removed: {name}").format(name=name))
        else:
            self._say_line(row)

    def bump(self, step: int) -> None:
        row = self.selected_row()
        if row is None:
            return
        line = self.cart.lines[row]
        if line.by_weight:
            self.refuse(self.tr("Weighed goods: scan the label or type the weight [F3]."))
            return
        self._quantity_changed(row, line.qty + step)

    def remove_line(self) -> None:
        row = self.selected_row()
        if row is not None:
            name = self.cart.lines[row].name
            self._changed(self.cart.remove(row))
            self.show_message(self.tr("Removed: {name}").format(name=name))

    def clear_cart(self) -> None:
        if self.cart.empty:
            return
        if confirm(self, self.tr("Remove every line of this cart?"), self.tr("Clear the cart")):
            self.cart.clear()
            self._changed(None)
            self.feed.cart_cancelled.emit()

    def _ask_discount(self, title: str) -> Discount | None:
        text, ok = QInputDialog.getText(self, title, self.tr("A percentage (10%) or an amount (5.000); "
                                                             "empty removes the discount"))
        if not ok:
            return None
        try:
            return parse_discount(text)
        except ValueError:
            self.refuse(self.tr("{text} is not a discount.").format(text=text))
            return None

    def line_discount(self) -> None:
        row = self.selected_row()
        if row is None:
            self.refuse(self.tr("The cart is empty."))
            return
        discount = self._ask_discount(self.tr("Discount on {name}").format(name=self.cart.lines[row].name))
        if discount is None:
            return
        approver = None
        gross = self.cart.lines[row].gross
        if cart_approvals.discount_needs_approval(gross, discount, self.discount_limit):
            approver = self.approve("discount_over_limit", discount.of(gross))
            if approver is None:
                self.refuse(self.tr("Discount not given: a manager's approval is needed."))
                return
        name = self.cart.lines[row].name
        self._changed(self.cart.set_line_discount(row, discount, approver))
        self.show_message(self._discount_said(discount.of(gross), name, approver))

    def cart_discount(self) -> None:
        if self.cart.empty:
            self.refuse(self.tr("The cart is empty."))
            return
        discount = self._ask_discount(self.tr("Discount on the whole cart"))
        if discount is None:
            return
        base = self.cart.lines_net()
        approver = None
        if cart_approvals.discount_needs_approval(base, discount, self.discount_limit):
            approver = self.approve("discount_over_limit", discount.of(base))
            if approver is None:
                self.refuse(self.tr("Discount not given: a manager's approval is needed."))
                return
        self.cart.set_discount(discount, approver)
        self._changed(None)
        self.show_message(self._discount_said(discount.of(base), None, approver))

    def _discount_said(self, amount: int, name: str | None, approver: int | None) -> str:
        """What a discount just given (or taken off) did, and who approved it: the message line showed the last
        product scanned instead."""
        if not amount:
            return self.tr("Discount removed from {name}.").format(name=name) if name else self.tr(
                "Discount on the cart removed.")
        said = self.tr("Discount {amount} on {name}.").format(amount=format_vnd(amount), name=name) if name else \
            self.tr("Discount {amount} on the cart.").format(amount=format_vnd(amount))
        return said + self._approved_by(approver)

    def _approved_by(self, approver: int | None) -> str:
        """The words after what a manager approved (' Approved by Nguyễn Thị Lan.'), or none."""
        if approver is None:
            return ""
        name = self.ui.read(lambda session: users.name_of(session, approver))
        return " " + self.tr("Approved by {name}.").format(name=name)

    def change_price(self) -> None:
        row = self.selected_row()
        if row is None:
            self.refuse(self.tr("The cart is empty."))
            return
        line = self.cart.lines[row]
        text, ok = QInputDialog.getText(self, self.tr("Change price"), self.tr("New price for {name}").format(
            name=line.name), text=format_vnd(line.unit_price, symbol=False))  # "120.000", as the till shows it
        if not ok:
            return
        try:
            price = parse_vnd(text)
        except ValueError:
            self.refuse(self.tr("{text} is not an amount of money.").format(text=text))
            return
        list_price = line.list_price if line.list_price is not None else line.unit_price
        approver = None
        if price != list_price:
            approver = self.approve("price_override", replace(line, unit_price=price).price_giveaway)
            if approver is None:
                self.refuse(self.tr("Price not changed: a manager's approval is needed."))
                return
        self._changed(self.cart.set_price(row, price, approver))
        said = self.tr("{name} at {price}.").format(name=line.name, price=format_vnd(price))
        self.show_message(said + self._approved_by(approver))

    # --- paying ---------------------------------------------------------------------------------------
    def pay(self) -> None:
        self.scanner.flush()
        if self.cart.empty:
            self.refuse(self.tr("The cart is empty."))
            return
        self.refresh_shift()
        if not self.shift_open:
            self.refuse(self.tr("No shift is open on this till: open a shift first."))
            self.shift()
            if not self.shift_open:
                return
        if not self.approve_what_changed():
            return
        totals = self.cart.totals()
        terminal_id = self.ui.user.terminal_id
        receipt_no = self.ui.read(lambda s: checkout_sale.next_receipt_no(s, terminal_id))

        def make_qr(amount: int) -> Any:
            return self.ui.read(lambda s: checkout_sale.vietqr_for(s, terminal_id, amount, receipt_no))

        lookup = self._buyer_lookup() if self.ui.read(einvoice.enabled) else None  # F10: the invoice's buyer
        dialog = PaymentDialog(totals.total, receipt_no, make_qr, self, cash_step=self.cash_step, lookup_buyer=lookup)
        self.payment_dialog = dialog
        dialog.transfer_shown.connect(self.feed.vietqr_shown)
        dialog.transfer_closed.connect(self.feed.vietqr_closed)
        self.feed.payment_started.emit(totals.total)
        if not (dialog.exec() == QDialog.DialogCode.Accepted and self.complete(dialog.payments, dialog.buyer)):
            self.feed.payment_cancelled.emit()
        self.search.setFocus()

    def approve_what_changed(self) -> bool:
        """Before paying: a manager approves again every discount or price whose approval no longer covers
        the cart (the quantity went up, lines were added, the cart passed to another cashier)."""
        for needed in cart_approvals.approvals_needed(self.cart, self.discount_limit, self.ui.user.user_id):
            approver = self.approve(needed.action, needed.amount)
            if approver is None:
                self.refuse(self.tr("Not paid: a manager must approve the discount or price as the cart is now "
                                    "({amount}).").format(amount=format_vnd(needed.amount)))
                return False
            self.cart.approve(needed, approver)
            self._changed(None)
        return True

    def _buyer_lookup(self) -> Callable[[str], einvoice.Buyer | None]:
        return lambda code: self.ui.read(lambda s: einvoice_buyer.lookup(s, code))

    def complete(self, payments: list[PaymentIn], buyer: einvoice.Buyer | None = None) -> bool:
        """One transaction: the sale (with its e-invoice), and the saved cart gone. Then tell the printing station."""
        self._save_timer.stop()
        self.saver.flush()
        try:
            with self.ui.transaction() as session:
                result = checkout_sale.complete_checkout(session, self.ui.user.actor, self.cart, payments,
                                                         limit_percent=self.discount_limit, cash_step=self.cash_step,
                                                         buyer=buyer)
        except UserError as exc:
            self.refuse(error_text(exc))
            return False
        self.saver.forget(self.cart.id)
        self.last_sale_id = result.sale_id
        self.cart = self.new_cart()
        self._changed(None)
        if result.change_due:
            self.change.setText(self.tr("Change: {amount}").format(amount=format_vnd(result.change_due)))
        else:
            self.change.setText(self.tr("Paid: {amount}").format(amount=format_vnd(result.paid)))
        self.show_message(self.tr("Sale {receipt} completed.").format(receipt=result.receipt_no))
        self.feed.sale_completed.emit(SaleDone(result.total, result.paid + result.change_due, result.change_due))
        try:
            self.ui.events.sale_completed.emit(result.sale_id)
        except Exception:  # a printing problem never undoes or blocks a sale
            log.exception("a listener of sale_completed failed")
            self.ui.events.status_message.emit(self.tr("The receipt could not be printed; reprint it later."))
        return True

    # --- parking --------------------------------------------------------------------------------------
    def park(self) -> None:
        if self.cart.empty:
            self.refuse(self.tr("The cart is empty."))
            return
        label, ok = QInputDialog.getText(self, self.tr("Park cart"), self.tr("A name to find it again (optional)"))
        if not ok:
            return
        self._park_current(label)
        self.show_message(self.tr("Cart parked. Recall it with F8."))

    def _park_current(self, label: str) -> None:
        self._save_timer.stop()
        self.saver.flush()
        cart = self.cart
        with self.ui.transaction() as session:
            saved_carts.park_cart(session, self.ui.user.actor, cart, label)
        self.saver.forget(cart.id)
        self.cart = self.new_cart()
        self._changed(None)
        self.feed.cart_parked.emit()

    def recall(self) -> None:
        parked = self.ui.read(lambda s: saved_carts.parked_carts(s, self.ui.user.terminal_id))
        if not parked:
            self.refuse(self.tr("No parked cart."))
            return
        items = [
            one_or_many(p.lines, "{label} · {n} line · {total} · {time}",
                        self.tr("{label} · {n} lines · {total} · {time}")).format(
                label=p.label or self.tr("(no name)"), n=p.lines, total=format_vnd(p.total),
                time=format_time(p.updated_at))
            for p in parked
        ]
        choice, ok = QInputDialog.getItem(self, self.tr("Recall cart"), self.tr("Parked carts"), items, 0, False)
        if not ok:
            return
        chosen = parked[items.index(choice)]
        swapped = not self.cart.empty
        if swapped:
            self._park_current(self.tr("parked automatically"))
        self.persist_now()
        try:
            with self.ui.transaction() as session:
                self.cart = saved_carts.recall_cart(session, self.ui.user.actor, chosen.id)
        except UserError as exc:
            self.refuse(error_text(exc))
            return
        self._changed(None)
        self.feed.cart_recalled.emit()
        self.show_message(self.tr("Cart recalled; the cart you were ringing up is parked as \"parked automatically\" "
                                  "(F8 brings it back).") if swapped else self.tr("Cart recalled."))

    # --- returns, voids, shift, drawer ----------------------------------------------------------------
    def returns(self, receipt: str = "") -> None:
        from .checkout_returns import ReturnDialog  # loaded when first opened, not on the way to the checkout

        self.scanner.flush()
        dialog = ReturnDialog(self.ui, self.approve, self, receipt=receipt)
        self.return_dialog = dialog
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted and dialog.outcome is not None:
            outcome = dialog.outcome
            method = method_name(outcome.refund_method)
            self.change.setText(self.tr("Refund: {amount}").format(amount=format_vnd(outcome.paid_out)))
            # How to hand it back, said where the cashier looks next (it said only "recorded").
            self.show_message(self.tr("Return {number} recorded: refund {amount} by {method}.").format(
                number=outcome.return_no, amount=format_vnd(outcome.paid_out), method=method[:1].lower() + method[1:]))

    def void_last(self) -> None:
        sale, refusal = self.ui.read(lambda s: voids.last_sale_to_void(s, self.ui.user.terminal_id))
        if sale is None:
            self.refuse(self.tr("There is no sale to void."))
            return
        if refusal is not None:  # said before asking to confirm, and a manager for a PIN, what cannot be done
            self.refuse(error_text(refusal))
            return
        if not confirm(self, self.tr("Void receipt {receipt} of {total}? The goods go back to stock.").format(
                receipt=sale.receipt_no, total=format_vnd(sale.total)), self.tr("Void last sale")):
            return
        approver = self.approve("void")
        if approver is None:
            self.refuse(self.tr("Not voided: a manager's approval is needed."))
            return
        try:
            with self.ui.transaction() as session:
                voids.void_sale(session, self.ui.user.actor, sale.id, approved_by=approver)
        except UserError as exc:
            self.refuse(error_text(exc))
            return
        self.change.clear()
        self.show_message(self.tr("Receipt {receipt} voided.").format(receipt=sale.receipt_no))
        self.ui.events.print_requested.emit("void", sale.id)

    def shift(self) -> None:
        self.refresh_shift()
        dialog: QDialog = OpenShiftDialog(self.ui, self) if not self.shift_open else ShiftDialog(
            self.ui, self.approve, self)
        self.shift_dialog = dialog
        dialog.exec()
        if isinstance(dialog, ShiftDialog) and dialog.closed:
            # The last sale's change or refund, and its message, belong to the shift just closed.
            self.change.clear()
            self.show_message(self.tr("Shift closed."))
        self.refresh_shift()

    def open_drawer(self) -> None:
        approver = self.approve("open_drawer")
        if approver is None:
            self.refuse(self.tr("Drawer not opened: a manager's approval is needed."))
            return
        try:
            with self.ui.transaction() as session:
                cash_drawer.open_drawer(session, self.ui.user.actor, approved_by=approver)
        except UserError as exc:
            self.refuse(error_text(exc))
            return
        self.ui.events.drawer_requested.emit()
