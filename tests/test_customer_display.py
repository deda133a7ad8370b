"""The customer display (issue 21): the window on the customer's screen follows the checkout's cart through its
feed, shows the payment's exact VietQR code, thanks the customer, never takes the keyboard; the pole display
writes ESC/POS customer-display bytes to a serial port and never holds up a sale."""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from showroom_pos.core.barcode import with_check_digit
from showroom_pos.core.errors import ValidationError
from showroom_pos.core.money import format_vnd
from showroom_pos.core.vietqr import verify_crc
from showroom_pos.hardware import pole_display
from showroom_pos.hardware.pole_display import PoleDisplay, frame_bytes, setup_bytes
from showroom_pos.runtime.context import AppContext
from showroom_pos.services import settings
from showroom_pos.services.catalogue import product_list, products
from showroom_pos.ui.checkout import CheckoutScreen
from showroom_pos.ui.checkout_keys import StatusText
from showroom_pos.ui.checkout_payment import PaymentDialog, VietQRDialog
from showroom_pos.ui.customer_display import (
    HIGHLIGHT,
    CustomerDisplay,
    CustomerWindow,
    DisplayConfig,
    Slide,
    pick_screen,
)
from showroom_pos.ui.session import Events, LoggedIn, UiSession

from .conftest import Outlet
from .test_checkout_gui import Keyboard, key, raise_failures, when_modal

MAM_TOM, TRA = "8938000000015", "8938000000022"  # 55.000 ₫ a jar, 65.000 ₫ a box


@pytest.fixture
def ui(app_context: AppContext, outlet: Outlet) -> UiSession:
    outlet.open_shift(app_context.sessions)
    return UiSession(app_context, LoggedIn(outlet.cashier_id, "Trần Văn Minh", "cashier", outlet.terminal_id),
                     Events())


@pytest.fixture
def screen(qtbot: QtBot, ui: UiSession, outlet: Outlet) -> Iterator[CheckoutScreen]:
    widget = CheckoutScreen(ui, approve=lambda _action: outlet.manager_id)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    widget.search.setFocus()
    yield widget
    widget.shutdown()
    raise_failures()


@pytest.fixture
def kb() -> Keyboard:
    return Keyboard()


_started: list[CustomerDisplay] = []


@pytest.fixture(autouse=True)
def _shut_displays_down() -> Iterator[None]:
    yield
    while _started:
        _started.pop().shutdown()


def start_display(qtbot: QtBot, ui: UiSession, config: DisplayConfig | None = None, **kwargs: Any) -> CustomerDisplay:
    """The controller as the main window makes it, with its settings applied at once (not read on a thread).
    No till window is given, so the offscreen platform's one screen counts as the customer's."""
    display = CustomerDisplay(ui, None, load=False, **kwargs)
    _started.append(display)
    config = config or DisplayConfig(enabled=True, showroom="Điểm OCOP Mỹ Tho")
    display.apply((config, []))
    if config.enabled:
        assert display.window is not None
        qtbot.waitExposed(display.window)
    return display


def drawn(qtbot: QtBot, display: CustomerDisplay) -> None:
    """Until the customer's window has drawn the cart's last change (it follows a moment after the checkout)."""
    qtbot.waitUntil(lambda: not display.follow_timer.isActive(), timeout=2000)


def rows(window: CustomerWindow) -> list[tuple[str, ...]]:
    return [tuple(r) for r in window.model.rows]


def page(window: CustomerWindow) -> int:
    return window.pages.currentIndex()


def texts_of(widget: QWidget) -> str:
    """Every text the window shows: its labels and its table."""
    labels = [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]
    labels += [label.text() for label in widget.findChildren(StatusText) if label.isVisibleTo(widget)]
    cells = [cell for row in getattr(widget, "model").rows for cell in row]  # noqa: B009
    return "\n".join(labels + cells)


def zbar(path: Path) -> str:
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg is missing: apt-get install zbar-tools")
    out = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


# --- the window follows the cart ---------------------------------------------------------------------------------


def test_window_mirrors_scans_quantity_discounts_and_removal(qtbot: QtBot, screen: CheckoutScreen, kb: Keyboard,
                                                             ui: UiSession, monkeypatch: pytest.MonkeyPatch) -> None:
    display = start_display(qtbot, ui)
    window = display.window
    assert window is not None and page(window) == CustomerWindow.IDLE
    kb.scan(screen.search, MAM_TOM)
    drawn(qtbot, display)
    assert page(window) == CustomerWindow.CART
    assert rows(window) == [("Mắm tôm chà Gò Công", "1 hũ", "55.000 ₫", "", "55.000 ₫")]
    assert window.total.text() == "55.000 ₫" and window.model.latest == 0
    kb.scan(screen.search, MAM_TOM)
    drawn(qtbot, display)
    kb.scan(screen.search, TRA)
    drawn(qtbot, display)
    assert rows(window) == [("Mắm tôm chà Gò Công", "2 hũ", "55.000 ₫", "", "110.000 ₫"),
                            ("Trà mãng cầu xiêm", "1 hộp", "65.000 ₫", "", "65.000 ₫")]
    # The latest line is the highlighted one, and only it.
    assert window.model.latest == 1
    assert window.model.data(window.model.index(1, 0), Qt.ItemDataRole.BackgroundRole) == HIGHLIGHT
    assert window.model.data(window.model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert window.total.text() == screen.total.text() == "175.000 ₫"
    for label in (window.total_label, window.subtotal_label, window.total, window.subtotal):  # all on screen
        assert label.isVisibleTo(window) and label.width() > 60, label.objectName()

    screen.table.selectRow(0)  # the cashier changes a quantity: Ctrl+Up on the first line
    key(screen.search, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    drawn(qtbot, display)
    assert rows(window)[0][1:] == ("3 hũ", "55.000 ₫", "", "165.000 ₫") and window.model.latest == 0

    answers = iter([("10%", True), ("5000", True)])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: next(answers)))
    assert window.table.isColumnHidden(3)  # no discount yet: no discount column
    key(screen.search, Qt.Key.Key_F4)  # 10 % off the selected line (within the cashier's limit)
    drawn(qtbot, display)
    assert rows(window)[0][3:] == ("-16.500 ₫", "148.500 ₫") and not window.table.isColumnHidden(3)
    key(screen.search, Qt.Key.Key_F6)  # and 5.000 ₫ off the cart
    drawn(qtbot, display)
    assert window.discounts.isVisibleTo(window) and window.discounts.text() == "-21.500 ₫"
    assert window.total.text() == screen.total.text() == format_vnd(165_000 + 65_000 - 16_500 - 5_000)
    assert sum(int(r[4].replace(".", "").split()[0]) for r in rows(window)) == 165_000 + 65_000 - 16_500 - 5_000

    screen.table.selectRow(1)
    key(screen.search, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)  # the tea goes
    drawn(qtbot, display)
    assert [r[0] for r in rows(window)] == ["Mắm tôm chà Gò Công"] and window.model.latest is None
    assert window.total.text() == screen.total.text()


def test_window_follows_a_moment_after_the_checkout_and_draws_a_burst_once(qtbot: QtBot, screen: CheckoutScreen,
                                                                            kb: Keyboard, ui: UiSession) -> None:
    display = start_display(qtbot, ui)
    window = display.window
    assert window is not None
    kb.scan(screen.search, MAM_TOM)
    assert [ln.sku for ln in screen.cart.lines] == ["HD-MAMTOM"] and rows(window) == []  # the cashier's first
    drawn(qtbot, display)
    assert [r[1] for r in rows(window)] == ["1 hũ"]
    resets: list[int] = []
    window.model.modelReset.connect(lambda: resets.append(1))
    kb.scan(screen.search, TRA)
    drawn(qtbot, display)
    assert [r[0] for r in rows(window)] == ["Mắm tôm chà Gò Công", "Trà mãng cầu xiêm"] and resets == []  # one row
    for _ in range(3):  # faster than the window follows: drawn once, as the cart is then
        kb.scan(screen.search, TRA)
        kb.scan(screen.search, MAM_TOM)
    drawn(qtbot, display)
    assert rows(window) == [("Mắm tôm chà Gò Công", "4 hũ", "55.000 ₫", "", "220.000 ₫"),
                            ("Trà mãng cầu xiêm", "4 hộp", "65.000 ₫", "", "260.000 ₫")]
    assert resets == [1] and window.model.latest == 0 and window.total.text() == "480.000 ₫"


def test_window_follows_park_recall_clear_and_a_cancelled_payment(qtbot: QtBot, screen: CheckoutScreen,
                                                                  kb: Keyboard, ui: UiSession,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    display = start_display(qtbot, ui)
    window = display.window
    assert window is not None
    kb.scan(screen.search, MAM_TOM)
    drawn(qtbot, display)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Chị Hoa", True)))
    key(screen.search, Qt.Key.Key_F7)  # parked: the customer's screen goes back to the slideshow
    drawn(qtbot, display)
    assert rows(window) == [] and page(window) == CustomerWindow.IDLE
    kb.scan(screen.search, TRA)
    drawn(qtbot, display)
    assert [r[0] for r in rows(window)] == ["Trà mãng cầu xiêm"]
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda _p, _t, _l, items, *a, **k: (items[0], True)))
    key(screen.search, Qt.Key.Key_F8)  # recalled (the tea is parked in its turn)
    drawn(qtbot, display)
    assert [r[0] for r in rows(window)] == ["Mắm tôm chà Gò Công"] and page(window) == CustomerWindow.CART
    assert window.total.text() == "55.000 ₫"

    def give_up(dialog: PaymentDialog) -> None:
        assert window.please_pay.isVisibleTo(window) and "55.000 ₫" in window.please_pay.text()
        key(dialog.amount, Qt.Key.Key_Escape)

    when_modal(PaymentDialog, give_up)
    key(screen.search, Qt.Key.Key_F12)
    drawn(qtbot, display)
    assert page(window) == CustomerWindow.CART and not window.please_pay.isVisibleTo(window)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    key(screen.search, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    drawn(qtbot, display)
    assert screen.cart.empty and rows(window) == [] and page(window) == CustomerWindow.IDLE


def test_thanks_and_change_after_a_cash_sale_then_the_slideshow(qtbot: QtBot, screen: CheckoutScreen, kb: Keyboard,
                                                                ui: UiSession) -> None:
    slide = product_list.ShowcaseItem("Trà mãng cầu xiêm", 4, "Công ty TNHH Travipha", 65_000, "hộp", False, None)
    display = start_display(qtbot, ui)
    window = display.window
    assert window is not None
    window.set_slides([Slide(slide, None)], 8)
    kb.scan(screen.search, MAM_TOM)
    drawn(qtbot, display)
    kb.scan(screen.search, TRA)  # 120.000 ₫
    drawn(qtbot, display)

    def pay(dialog: PaymentDialog) -> None:
        kb.type(dialog.amount, "200000", gap_ms=150)
        key(dialog.amount, Qt.Key.Key_Return)
        key(dialog.amount, Qt.Key.Key_F12)

    when_modal(PaymentDialog, pay)
    key(screen.search, Qt.Key.Key_F12)
    drawn(qtbot, display)
    assert screen.cart.empty and screen.last_sale_id
    assert page(window) == CustomerWindow.THANKS
    assert window.thanks.vi.text() == "Cảm ơn quý khách!"
    assert window.change.text() == "80.000 ₫" and window.change_label.vi.text() == "Tiền thối lại"
    assert "200.000 ₫" in window.tendered.vi.text()
    assert window.thanks_timer.isActive()
    window.thanks_timer.timeout.emit()  # a few seconds later
    assert page(window) == CustomerWindow.IDLE
    assert window.slide_name.text() == "Trà mãng cầu xiêm" and window.slide_stars.text() == "★★★★☆"
    assert "Travipha" in window.slide_producer.vi.text() and window.slide_price.text() == "65.000 ₫ / hộp"
    # The next customer's first scan comes straight back to the cart.
    kb.scan(screen.search, TRA)
    drawn(qtbot, display)
    assert page(window) == CustomerWindow.CART and [r[0] for r in rows(window)] == ["Trà mãng cầu xiêm"]


def test_vietqr_payment_shows_the_payments_exact_code(qtbot: QtBot, screen: CheckoutScreen, kb: Keyboard,
                                                      ui: UiSession, tmp_path: Path) -> None:
    with ui.transaction() as s:
        settings.set(s, "bank.bin", "970436")
        settings.set(s, "bank.account", "0011004123456")
    display = start_display(qtbot, ui, DisplayConfig(enabled=True, showroom="Điểm OCOP Mỹ Tho",
                                                     account_name="CONG TY OCOP MY THO"))
    window = display.window
    assert window is not None
    kb.scan(screen.search, TRA)
    drawn(qtbot, display)
    kb.scan(screen.search, TRA)  # 130.000 ₫
    drawn(qtbot, display)
    seen: dict[str, str] = {}

    def qr(dialog: VietQRDialog) -> None:
        assert page(window) == CustomerWindow.QR
        seen["dialog"] = dialog.payload
        seen["window"] = window.payload
        assert window.qr.grab().save(str(tmp_path / "qr.png"))
        seen["qr widget"] = zbar(tmp_path / "qr.png")
        assert window.grab().save(str(tmp_path / "window.png"))  # the whole customer's screen, as drawn
        seen["whole window"] = zbar(tmp_path / "window.png")
        seen["amount"] = window.qr_amount.text()
        seen["details"] = window.qr_details.text()
        key(dialog.image, Qt.Key.Key_F12)  # the transfer arrived

    def pay(dialog: PaymentDialog) -> None:
        when_modal(VietQRDialog, qr)
        key(dialog.amount, Qt.Key.Key_F3)
        assert page(window) == CustomerWindow.CART  # the code goes once the cashier closed it
        key(dialog.amount, Qt.Key.Key_F12)

    when_modal(PaymentDialog, pay)
    key(screen.search, Qt.Key.Key_F12)
    drawn(qtbot, display)
    assert screen.cart.empty
    assert verify_crc(seen["dialog"])
    assert seen["window"] == seen["qr widget"] == seen["whole window"] == seen["dialog"]
    assert seen["amount"] == "130.000 ₫"
    assert "Vietcombank" in seen["details"] and "0011004123456" in seen["details"]
    assert "CONG TY OCOP MY THO" in seen["details"]
    assert page(window) == CustomerWindow.THANKS and window.change_label.vi.text() == "Đã thanh toán"


def test_the_customer_never_sees_search_results_messages_or_costs(qtbot: QtBot, screen: CheckoutScreen,
                                                                  kb: Keyboard, ui: UiSession) -> None:
    display = start_display(qtbot, ui)
    window = display.window
    assert window is not None
    kb.scan(screen.search, MAM_TOM)
    drawn(qtbot, display)
    kb.type(screen.search, "tra", gap_ms=180)
    qtbot.waitUntil(lambda: screen.results.isVisible())
    kb.scan(screen.search, with_check_digit("893800000099"))  # unknown: the cashier's red message
    drawn(qtbot, display)
    shown = texts_of(window)
    assert screen.message.text() and screen.message.text() not in shown
    assert "TRV-TMC" not in shown and "Trà mãng cầu" not in shown  # the search result
    assert "36.000" not in shown and "HD-MAMTOM" not in shown  # the jar's cost, its SKU


def test_vietnamese_for_customers_whatever_the_cashiers_language_and_english_beneath(qtbot: QtBot,
                                                                                      ui: UiSession) -> None:
    display = start_display(qtbot, ui)  # the tests' interface is English
    window = display.window
    assert window is not None
    assert window.total_label.vi.text() == "Tổng cộng" and window.total_label.en.isHidden()
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Sản phẩm"
    display.apply((DisplayConfig(enabled=True, bilingual=True, showroom="Điểm OCOP Mỹ Tho"), None))
    assert not window.total_label.en.isHidden() and window.total_label.en.text() == "Total"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Sản phẩm\nProduct"
    assert window.header.text() == "Điểm OCOP Mỹ Tho"


# --- the window never takes the keyboard -------------------------------------------------------------------------


def test_window_is_frameless_full_screen_and_the_checkout_keeps_the_keyboard(qtbot: QtBot, screen: CheckoutScreen,
                                                                            kb: Keyboard, ui: UiSession) -> None:
    assert screen.search.hasFocus()
    display = start_display(qtbot, ui)
    window = display.window
    assert window is not None and window.isVisible()
    flags = window.windowFlags()
    for flag in (Qt.WindowType.FramelessWindowHint, Qt.WindowType.WindowDoesNotAcceptFocus, Qt.WindowType.Tool):
        assert flags & flag, flag
    assert window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert window.isFullScreen() and window.geometry() == QGuiApplication.screens()[0].geometry()
    for _ in range(5):
        QApplication.processEvents()
    # Qt's offscreen platform activates every window it shows; the customer's gives the keyboard straight back.
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is screen.window().windowHandle())
    assert not window.isActiveWindow()
    assert QApplication.focusWidget() is screen.search
    # A scan typed wherever the system sends the keys (the focus widget) still reaches the checkout.
    target = QApplication.focusWidget()
    assert target is not None
    kb.scan(target, TRA)
    assert [ln.sku for ln in screen.cart.lines] == ["TRV-TMC"]
    drawn(qtbot, display)
    assert [r[0] for r in rows(window)] == ["Trà mãng cầu xiêm"]
    assert QApplication.focusWidget() is screen.search


def test_screen_choice(qapp: QApplication) -> None:
    screens = QGuiApplication.screens()
    only = screens[0]
    assert pick_screen("auto", None) == (only, "")
    chosen, problem = pick_screen("auto", only)  # the till's own screen is never covered
    assert chosen is None and "no second screen" in problem
    chosen, problem = pick_screen("1", only)
    assert chosen is None and "till's own screen" in problem
    assert pick_screen("1", None) == (only, "")
    chosen, problem = pick_screen("HDMI-9", None)
    assert chosen is None and "HDMI-9 is not connected" in problem


def test_off_by_default_and_turned_on_by_the_settings(qtbot: QtBot, ui: UiSession, outlet: Outlet,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    display = CustomerDisplay(ui, None)  # reads its settings on a worker thread
    _started.append(display)
    with qtbot.waitSignal(display.applied, timeout=5000):
        pass
    assert display.window is None and not display.config.enabled and display.pole is None
    reads: list[str] = []
    original = product_list.showcase

    def showcase(session: Any, *args: Any, **kwargs: Any) -> list[product_list.ShowcaseItem]:
        reads.append(threading.current_thread().name)
        return original(session, *args, **kwargs)

    monkeypatch.setattr(product_list, "showcase", showcase)
    with ui.transaction() as s:
        settings.set(s, "customer_display.enabled", "yes")
        settings.set(s, "customer_display.languages", "vi+en")
    with qtbot.waitSignal(display.applied, timeout=5000):
        ui.events.settings_changed.emit()
    window = display.window
    assert window is not None
    qtbot.waitExposed(window)
    assert window is not None and window.bilingual and window.header.text() == "Điểm OCOP Mỹ Tho"
    assert reads and all(name != threading.main_thread().name for name in reads)  # the catalogue: off the GUI thread
    # The demo-like outlet's OCOP products with a certificate in force, stars first.
    assert [s.item.name for s in window.slides] == ["Mắm tôm chà Gò Công", "Sầu riêng Ri6", "Trà mãng cầu xiêm"]
    with ui.transaction() as s:
        settings.set(s, "customer_display.enabled", "no")
    with qtbot.waitSignal(display.applied, timeout=5000):
        ui.events.settings_changed.emit()
    assert display.window is None


def test_showcase_shows_certified_products_without_costs(sessions: Any, outlet: Outlet) -> None:
    from datetime import date

    from showroom_pos.storage.models import Product

    with sessions.begin() as s:
        s.get(Product, outlet.tra).certificate_expires = date(2020, 1, 1)  # expired: not shown to customers
    with sessions() as s:
        items = product_list.showcase(s)
    assert [i.name for i in items] == ["Mắm tôm chà Gò Công", "Sầu riêng Ri6"]
    assert items[0].producer == "Cơ sở Mắm Bà Hai Diễm" and items[0].stars == 4
    assert not hasattr(items[0], "cost")


def test_settings_are_validated(sessions: Any, outlet: Outlet) -> None:
    with sessions.begin() as s:
        assert settings.get(s, "customer_display.enabled") == "no"  # off by default
        for good in ("auto", "2", "HDMI-1", "DP-1-2"):
            assert settings.set(s, "customer_display.screen", good) == good
        assert settings.set(s, "customer_display.screen", "  ") == "auto"
        for good in ("", "/dev/ttyUSB0", "COM3", "socket://192.168.1.60:4001"):
            assert settings.set(s, "pole_display.port", good) == good
        for key, bad in (("pole_display.port", "ttyUSB0 x"), ("pole_display.port", "rm -rf"),
                         ("pole_display.baud", "9601"), ("customer_display.slide_seconds", "1"),
                         ("customer_display.languages", "en"), ("customer_display.screen", "HDMI\n1")):
            with pytest.raises(ValidationError):
                settings.set(s, key, bad)


def test_settings_page(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox

    from showroom_pos.ui.preferences import PreferencesScreen

    ui = UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager", outlet.terminal_id),
                   Events())
    page_widget = PreferencesScreen(ui)
    qtbot.addWidget(page_widget)
    titles = [page_widget.pages.tabText(i) for i in range(page_widget.pages.count())]
    assert "Customer display" in titles
    assert isinstance(page_widget.editors["customer_display.enabled"], QCheckBox)
    assert isinstance(page_widget.editors["customer_display.slide_seconds"], QSpinBox)
    screens = page_widget.editors["customer_display.screen"]
    assert isinstance(screens, QComboBox)
    assert screens.count() == 1 + len(QGuiApplication.screens()) and screens.itemData(0) == "auto"
    page_widget.set_value("pole_display.port", "ttyUSB0 x")
    assert not page_widget.errors["pole_display.port"].isHidden()
    assert "serial port" in page_widget.errors["pole_display.port"].text()
    page_widget.set_value("pole_display.port", "/dev/ttyUSB0")
    page_widget.set_value("customer_display.enabled", "yes")
    page_widget.set_value("pole_display.baud", "19200")
    page_widget.save()
    with app_context.sessions() as s:
        assert settings.get(s, "customer_display.enabled") == "yes"
        assert settings.get(s, "pole_display.port") == "/dev/ttyUSB0"
        assert settings.get(s, "pole_display.baud") == "19200"


# --- the pole display --------------------------------------------------------------------------------------------


def read_until(fd: int, suffix: bytes, timeout: float = 3.0) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout
    while not data.endswith(suffix) and time.monotonic() < deadline:
        ready, _w, _x = select.select([fd], [], [], 0.05)
        if ready:
            data += os.read(fd, 4096)
    assert data.endswith(suffix), data
    return data


def read_exactly(fd: int, count: int, timeout: float = 3.0) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout
    while len(data) < count and time.monotonic() < deadline:
        ready, _w, _x = select.select([fd], [], [], 0.05)
        if ready:
            data += os.read(fd, 4096)
    return data


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    name = os.ttyname(slave)
    yield master, name
    os.close(master)
    os.close(slave)


def test_pole_display_bytes_on_a_pty(pty_pair: tuple[int, str]) -> None:
    master, name = pty_pair
    pole = PoleDisplay(name, 9600)  # pyserial opens the pty's slave side, as it would /dev/ttyUSB0
    try:
        pole.show("Trà mãng cầu xiêm", "Tổng cộng", top_right="65.000", bottom_right="130.000")
        expected = (b"\x1b\x40" b"\x1f\x01" b"\x1f\x43\x00" b"\x0c"  # ESC @, US MD1, US C 0, CLR
                    b"\x0b" b"Tra mang cau  65.000"  # HOM, line 1: the name cut to leave the price whole
                    b"\x1f\x24\x01\x02" b"Tong cong    130.000")  # US $ 1 2, line 2
        assert read_exactly(master, len(expected)) == expected
        assert setup_bytes() + frame_bytes("Trà mãng cầu xiêm", "Tổng cộng", "65.000", "130.000") == expected
        pole.show("Cảm ơn quý khách!", "Đặc sản Đồng Tháp ₫")  # the setup is sent once only
        assert read_exactly(master, 45) == b"\x0bCam on quy khach!   \x1f\x24\x01\x02Dac san Dong Thap d "
    finally:
        pole.close()


def test_pole_display_follows_the_checkout(qtbot: QtBot, screen: CheckoutScreen, kb: Keyboard, ui: UiSession,
                                           pty_pair: tuple[int, str], monkeypatch: pytest.MonkeyPatch) -> None:
    master, name = pty_pair
    display = start_display(qtbot, ui, DisplayConfig(enabled=False, pole_port=name, showroom="Điểm OCOP Mỹ Tho"))
    pole = display.pole
    assert pole is not None and display.window is None  # a pole display without the window is fine
    assert read_until(master, b"\x0bDiem OCOP My Tho    \x1f\x24\x01\x02Kinh chao quy khach ").startswith(
        setup_bytes())
    kb.scan(screen.search, MAM_TOM)
    drawn(qtbot, display)
    kb.scan(screen.search, MAM_TOM)  # written as it comes, or only the newest if the display lags behind
    drawn(qtbot, display)
    read_until(master, b"\x0b2x Mam tom c 110.000\x1f\x24\x01\x02Tong cong    110.000")
    told: list[str] = []  # what the display was told, before its thread keeps only the newest
    show = pole.show

    def told_then_show(top: str, bottom: str, **kw: str) -> None:
        told.append(top)
        show(top, bottom, **kw)

    monkeypatch.setattr(pole, "show", told_then_show)

    def pay(dialog: PaymentDialog) -> None:
        read_until(master, b"\x0bTong cong           \x1f\x24\x01\x02So tien than 110.000")  # paying
        kb.type(dialog.amount, "200000", gap_ms=150)
        key(dialog.amount, Qt.Key.Key_Return)
        key(dialog.amount, Qt.Key.Key_F12)

    when_modal(PaymentDialog, pay)
    key(screen.search, Qt.Key.Key_F12)
    assert screen.cart.empty
    after_sale = read_until(master, b"\x0bCam on quy khach!   \x1f\x24\x01\x02Tien thoi lai 90.000")
    assert b"Kinh chao" not in after_sale  # the thanks straight after the payment, no greeting flashed between
    assert told == ["Tổng cộng", "Cảm ơn quý khách!"]
    kb.scan(screen.search, TRA)
    kb.scan(screen.search, MAM_TOM)  # the next customer's two items, drawn once
    drawn(qtbot, display)
    read_until(master, b"\x0bMam tom cha G 55.000\x1f\x24\x01\x02Tong cong    120.000")
    screen.cart.clear()
    screen._changed(None)  # the cart emptied: the greeting again
    drawn(qtbot, display)
    read_until(master, b"\x0bDiem OCOP My Tho    \x1f\x24\x01\x02Kinh chao quy khach ")


def test_missing_pole_display_never_blocks_and_is_reported_once(qtbot: QtBot, screen: CheckoutScreen,
                                                                 kb: Keyboard, ui: UiSession) -> None:
    messages: list[str] = []
    ui.events.status_message.connect(messages.append)
    start_display(qtbot, ui, DisplayConfig(enabled=False, pole_port="/dev/ttyUSB-h21-missing"))
    started = time.perf_counter()
    for _ in range(5):
        kb.scan(screen.search, MAM_TOM)
    assert time.perf_counter() - started < 2.0  # five scans, the port's failure never waited for
    assert [ln.qty for ln in screen.cart.lines] == [5]
    qtbot.waitUntil(lambda: len(messages) == 1)
    qtbot.wait(100)
    assert len(messages) == 1 and "/dev/ttyUSB-h21-missing" in messages[0] and "selling goes on" in messages[0]


class FlakyPort:
    """A display that stops answering after ``good`` writes, until it is opened again."""

    def __init__(self, log: list[bytes], good: int) -> None:
        self.log, self.good = log, good

    def write(self, data: bytes) -> int:
        if self.good <= 0:
            raise OSError("write timeout")
        self.good -= 1
        self.log.append(data)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_failing_pole_display_is_retried_later_and_reported_once() -> None:
    written: list[bytes] = []
    statuses: list[tuple[bool, str]] = []
    now = [0.0]
    opens = [0]

    def opener(_port: str, _baud: int) -> FlakyPort:
        opens[0] += 1
        return FlakyPort(written, 2)  # the setup and one frame, then silence

    pole = PoleDisplay("/dev/ttyUSB0", 9600, opener=opener, retry_seconds=30, clock=lambda: now[0],
                       on_status=lambda ok, detail: statuses.append((ok, detail)))
    try:
        pole.show("a", "b")
        assert pole.wait_idle()
        pole.show("c", "d")  # the display stops answering
        assert pole.wait_idle()
        pole.show("e", "f")  # not tried again before 30 s
        assert pole.wait_idle()
        assert opens[0] == 1 and statuses == [(False, "write timeout")]
        now[0] = 31.0
        pole.show("g", "h")
        assert pole.wait_idle()
        assert opens[0] == 2 and statuses == [(False, "write timeout"), (True, "")]
        assert written[-1] == frame_bytes("g", "h") and pole.written == 2
    finally:
        pole.close()


def test_a_pole_display_unplugged_mid_write_keeps_its_thread() -> None:
    """Unplugging a USB-serial display makes pyserial's flush() raise termios's own error, which is not an
    OSError: it ended the display's thread (nothing shown again until a restart). It is now a failure like
    any other: reported, retried, and the display shows again once it answers."""
    import termios

    written: list[bytes] = []
    statuses: list[tuple[bool, str]] = []
    now = [0.0]

    class Unplugged(FlakyPort):
        def flush(self) -> None:
            raise termios.error(5, "Input/output error")

    ports = [Unplugged(written, 10), FlakyPort(written, 10)]
    pole = PoleDisplay("/dev/ttyUSB0", 9600, opener=lambda _p, _b: ports.pop(0), retry_seconds=30,
                       clock=lambda: now[0], on_status=lambda ok, detail: statuses.append((ok, detail)))
    try:
        pole.show("a", "b")
        assert pole.wait_idle()
        assert statuses == [(False, "(5, 'Input/output error')")] and pole._thread.is_alive()
        now[0] = 31.0
        pole.show("c", "d")
        assert pole.wait_idle()
        assert statuses[-1] == (True, "") and written[-1] == frame_bytes("c", "d") and pole.written == 1
    finally:
        pole.close()


def test_folding_to_what_a_vfd_can_draw() -> None:
    assert pole_display.to_ascii("Đặc sản  Gò Công: 55.000 ₫ ★") == "Dac san Go Cong: 55.000 d ?"
    assert pole_display.fit("Mứt mãng cầu sấy dẻo", "1.250.000") == "Mut mang c 1.250.000"
    with pytest.raises(ValueError):
        pole_display.move_to(21, 1)



def test_slideshow_shows_a_products_photo(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                          tmp_path: Path) -> None:
    from PIL import Image

    from showroom_pos.ui.customer_display import load_display

    Image.new("RGB", (800, 600), (200, 30, 30)).save(tmp_path / "tra.jpg")
    with app_context.sessions.begin() as s:
        products.set_product_photo(s, None, outlet.tra, tmp_path / "tra.jpg", tmp_path / "photos")
        settings.set(s, "customer_display.enabled", "yes")
    config, slides = load_display(app_context.sessions)
    assert config.enabled and slides is not None
    assert slides[0].item.name == "Trà mãng cầu xiêm"  # a photo goes first
    assert slides[0].image is not None and max(slides[0].image.width(), slides[0].image.height()) <= 520
    assert slides[0].image.pixelColor(10, 10).red() > 150
    window = CustomerWindow()
    qtbot.addWidget(window)
    window.set_slides(slides, 8)
    assert window.slide_name.text() == "Trà mãng cầu xiêm" and not window.slide_photo.pixmap().isNull()
    assert window.slide_photo.pixmap().toImage().pixelColor(10, 10).red() > 150


def test_pole_display_on_a_network_serial_server() -> None:
    """``socket://host:port``: a display behind a serial-to-Ethernet adapter (pyserial's URL handler)."""
    import socket

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    pole = PoleDisplay(f"socket://127.0.0.1:{port}", 9600)
    try:
        pole.show("Xin chào", "OCOP")
        server.settimeout(3)
        conn, _addr = server.accept()
        conn.settimeout(0.2)
        expected = setup_bytes() + frame_bytes("Xin chào", "OCOP")
        data = b""
        deadline = time.monotonic() + 3
        while len(data) < len(expected) and time.monotonic() < deadline:
            with contextlib.suppress(TimeoutError):
                data += conn.recv(4096)
        assert data == expected
        conn.close()
    finally:
        pole.close()
        server.close()



def test_a_note_in_the_status_bar_is_written_beside_the_users_name_not_over_it(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    """Turned on with no second screen, the customer display says so as the till's window is made at login: the
    note was painted over the user's name in the status bar (both shown in one place)."""
    from showroom_pos.app.main import AppController
    from tests.conftest import CASHIER_PIN
    from tests.test_logout_memory import _log_in

    with app_context.transaction() as s:
        settings.set(s, "customer_display.enabled", "yes")  # offscreen has one screen: the till's own
    controller = AppController(app_context)
    controller.show_login()
    window = _log_in(qtbot, controller, outlet.cashier_id, CASHIER_PIN)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "")
    window.showNormal()
    window.resize(1366, 768)  # the till's screen
    qtbot.wait(300)  # (the window settled: painted, its status bar laid out)
    bar = window.statusBar()
    assert "second screen" in bar.currentMessage()
    # Both in sight, side by side: the note is written left of the user's name, not over it.
    assert window.user_label.isVisible()
    assert bar.fontMetrics().horizontalAdvance(bar.currentMessage()) < window.user_label.x()
    window.close()
