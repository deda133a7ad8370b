"""Issue 14: screens that fit a showroom PC (1280×720, 1366×768, 1920×1080) and the showroom's clock whatever
the PC's clock zone."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from showroom_pos.core import clock
from showroom_pos.runtime.context import AppContext
from showroom_pos.services import shifts
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.till.sale_writer import PaymentIn, complete_sale, line_for
from showroom_pos.storage.models import Product
from showroom_pos.ui.checkout import CheckoutScreen
from showroom_pos.ui.checkout_keys import ElidingButton, StatusText
from showroom_pos.ui.checkout_shift import CloseShiftDialog, ShiftDialog
from showroom_pos.ui.main_window import MainWindow
from showroom_pos.ui.screen_fit import SMALLEST_SCREEN, fit_rect
from showroom_pos.ui.session import LoggedIn, UiSession

from .conftest import Outlet
from .test_scanner_policy import FACTORIES

SCREENS = [(1280, 720), (1366, 768), (1920, 1080)]


@pytest.fixture
def pc_zone() -> Iterator[Callable[[str], None]]:
    """Set the process's TZ (the PC's clock zone) for a test, and put it back."""
    before = os.environ.get("TZ")

    def set_tz(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield set_tz
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()
    clock.set_zone("")


def manager_session(app: AppContext, outlet: Outlet) -> UiSession:
    return UiSession(app, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager", outlet.terminal_id))


@pytest.mark.parametrize("size", SCREENS)
def test_the_cart_gives_the_product_name_at_least_40_percent(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                                             size: tuple[int, int]) -> None:
    outlet.open_shift(app_context.sessions)
    window = MainWindow(manager_session(app_context, outlet))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    screen = window.open_screen("checkout")
    assert isinstance(screen, CheckoutScreen)
    QApplication.processEvents()
    table = screen.table
    width = table.viewport().width()
    assert table.columnWidth(1) >= 0.4 * width, (table.columnWidth(1), width)
    # Every figure column still shows a large amount whole, and the side panel is not squeezed to nothing.
    assert table.columnWidth(5) >= table.fontMetrics().horizontalAdvance("1.250.000 ₫")
    assert screen.total.width() >= 240
    # The navigation is only as wide as its entries.
    assert window.nav.width() <= 240
    screen.shutdown()


def test_long_names_keep_their_size_on_quick_keys_and_in_the_cart(qtbot: QtBot) -> None:
    button = ElidingButton()
    qtbot.addWidget(button)
    button.resize(150, 44)
    button.setText("Trà mãng cầu xiêm túi lọc 100 g\n65.000 ₫ [Alt+1]")
    shown = button.shown_text().split("\n")[0]
    assert shown.endswith("100 g") and "…" in shown
    assert button.text().startswith("Trà mãng cầu xiêm túi lọc 100 g")  # the whole text is kept


def test_an_amount_never_breaks_before_its_currency_sign(qtbot: QtBot) -> None:
    label = StatusText(lines=2, points=30, bold=True)
    qtbot.addWidget(label)
    label.resize(300, label.height())
    label.setText("Tiền thừa: 153.890 ₫")
    label.show()
    label.repaint()  # paints with a non-breaking space before ₫ (no exception, no wrap inside the amount)
    assert "153.890 ₫" in label.text()


def test_every_dialog_fits_the_smallest_screen(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    outlet.open_shift(app_context.sessions)
    ui = manager_session(app_context, outlet)
    parent = QWidget()
    qtbot.addWidget(parent)
    too_big = []
    for name, make in FACTORIES.items():
        dialog = make(ui, outlet, parent)
        hint = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        if hint.width() > SMALLEST_SCREEN[0] or hint.height() > SMALLEST_SCREEN[1] - 40:
            too_big.append((name, hint.width(), hint.height()))
        dialog.deleteLater()
    assert not too_big


def test_the_close_shift_dialog_with_its_z_report_fits_1366x768(qtbot: QtBot, app_context: AppContext,
                                                                outlet: Outlet) -> None:
    outlet.open_shift(app_context.sessions)
    ui = manager_session(app_context, outlet)
    dialog = CloseShiftDialog(ui)
    qtbot.addWidget(dialog)
    dialog.counts[500_000].setValue(1)
    dialog.close_shift()  # asks to confirm the count
    dialog.close_shift()
    assert dialog.report is not None
    dialog.adjustSize()
    assert dialog.height() <= 768 - 40 and dialog.width() <= 1366
    assert "Exact" in dialog.z_label.text() or "Over" in dialog.z_label.text()


def test_a_window_is_clamped_inside_the_screen() -> None:
    assert fit_rect(QRect(100, 200, 600, 900), QRect(0, 0, 1366, 728)) == QRect(100, 0, 600, 728)
    assert fit_rect(QRect(1000, 10, 600, 300), QRect(0, 0, 1280, 720)) == QRect(680, 10, 600, 300)


@pytest.mark.parametrize("pc", ["UTC", "America/New_York"])
def test_the_shift_dialog_shows_showroom_time_whatever_the_pc_zone(qtbot: QtBot, app_context: AppContext,
                                                                  outlet: Outlet, pc_zone: Callable[[str], None],
                                                                  pc: str) -> None:
    pc_zone(pc)
    opened = datetime(2026, 12, 2, 21, 42, tzinfo=UTC)  # 04:42 on 03/12 in Vietnam
    with app_context.sessions.begin() as s:
        shifts.open_shift(s, outlet.cashier, 500_000, at=opened)
    ui = manager_session(app_context, outlet)
    dialog = ShiftDialog(ui, lambda _a: outlet.manager_id)
    qtbot.addWidget(dialog)
    text = dialog.figures.text()
    assert "03/12/2026 04:42" in text, text
    screen = CheckoutScreen(ui)
    qtbot.addWidget(screen)
    assert "03/12/2026 04:42" in screen.shift_banner.text()
    screen.shutdown()


def test_the_shift_dialog_says_what_went_back_and_what_the_drawer_should_hold(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    """After a cash sale of 120.000 ₫ and a cash refund of it, "Cash: 120.000 ₫" alone read as the drawer's cash."""
    from showroom_pos.core.money import format_vnd
    from showroom_pos.services.till import sale_returns

    with app_context.sessions.begin() as s:
        shifts.open_shift(s, outlet.cashier, 1_000_000)
        product = s.get(Product, outlet.tra)
        assert product is not None
        sold = complete_sale(s, outlet.cashier, [line_for(product, 2, vat_rates.vat_table(s))],
                             [PaymentIn("cash", 2 * product.price)])
    with app_context.sessions.begin() as s:
        info = sale_returns.find_sale_for_return(s, sold.receipt_no)
        sale_returns.create_return(s, outlet.cashier, info.sale_id,
                                   [sale_returns.ReturnItem(info.lines[0].sale_line_id, 1)], refund_method="cash",
                                   approved_by=outlet.manager_id)
    dialog = ShiftDialog(manager_session(app_context, outlet), lambda _a: outlet.manager_id)
    qtbot.addWidget(dialog)
    lines = dialog.figures.text().splitlines()
    price = format_vnd(product.price)
    assert f"  Cash: {format_vnd(2 * product.price)}" in lines
    assert f"  Refunded in cash: {price}" in lines
    assert f"Expected cash: {format_vnd(1_000_000 + product.price)}" in lines


@pytest.mark.parametrize("pc", ["UTC", "America/New_York"])
def test_receipt_z_report_and_reports_use_the_showroom_zone(app_context: AppContext, outlet: Outlet,
                                                            pc_zone: Callable[[str], None], pc: str) -> None:
    from showroom_pos.core.receipt import format_time
    from showroom_pos.services.reports import cash_report, sales_report

    pc_zone(pc)
    opened = datetime(2026, 12, 2, 21, 42, tzinfo=UTC)
    sold = datetime(2026, 12, 2, 23, 5, tzinfo=UTC)  # 06:05 on 03/12 in Vietnam
    with app_context.sessions.begin() as s:
        shifts.open_shift(s, outlet.cashier, 500_000, at=opened)
        product = s.get(Product, outlet.tra)
        assert product is not None
        result = complete_sale(s, outlet.cashier, [line_for(product, 1, vat_rates.vat_table(s))],
                               [PaymentIn("cash", 100_000)], at=sold)
    assert result.receipt_no.split("-")[1] == "261203"  # the business day is Vietnam's
    assert format_time(sold) == "03/12/2026 06:05"
    with app_context.sessions() as s:
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None
        z = cash_report.z_report(s, shift.id)
        by_hour = sales_report.sales(s, clock.business_day(sold), clock.business_day(sold), by="hour")
    opened_cells = [cell for row in z.rows for cell in row if isinstance(cell, datetime)]
    assert opened_cells and (opened_cells[0].hour, opened_cells[0].minute) == (4, 42), z.rows
    assert str(by_hour.rows[0][0]).lstrip("0").startswith("6"), by_hour.rows


def test_the_zone_is_a_setting(app_context: AppContext, outlet: Outlet) -> None:
    from showroom_pos.core.errors import ValidationError
    from showroom_pos.services import settings

    at = datetime(2026, 12, 2, 21, 42, tzinfo=UTC)
    try:
        with app_context.sessions.begin() as s:
            assert settings.get(s, "outlet.time_zone") == "Asia/Ho_Chi_Minh"
            settings.set(s, "outlet.time_zone", "Asia/Tokyo")
        assert clock.format_datetime(at) == "03/12/2026 06:42"
        AppContext.open(app_context.paths).close()  # the app reads it on start
        assert clock.format_datetime(at) == "03/12/2026 06:42"
        with pytest.raises(ValidationError), app_context.sessions.begin() as s:
            settings.set(s, "outlet.time_zone", "Mars/Olympus")
    finally:
        clock.set_zone("")
    assert clock.format_datetime(at) == "03/12/2026 04:42"


def test_screens_show_dates_as_dd_mm_yyyy(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    outlet.open_shift(app_context.sessions)
    dialog = CloseShiftDialog(manager_session(app_context, outlet))
    qtbot.addWidget(dialog)
    dialog.close_shift()  # asks to confirm the count
    dialog.close_shift()
    assert dialog.report is not None
    day = clock.format_date(clock.business_day())
    assert day in dialog.z_label.text() and clock.business_day().isoformat() not in dialog.z_label.text()
    assert isinstance(dialog.z_label, QLabel) and isinstance(dialog, QDialog)


def test_goods_receipt_follows_the_products_consignment(qtbot: QtBot, app_context: AppContext,
                                                        outlet: Outlet) -> None:
    from showroom_pos.ui.goods_receipt import GoodsReceiptScreen

    screen = GoodsReceiptScreen(manager_session(app_context, outlet))
    qtbot.addWidget(screen)
    assert not screen.consigned.isChecked()  # nothing is consigned until a consigned product is received
    assert screen.add_code("8938000000022")  # Trà mãng cầu xiêm: bought outright
    assert not screen.consigned.isChecked()
    screen.model.lines.clear()
    screen2 = GoodsReceiptScreen(manager_session(app_context, outlet))
    qtbot.addWidget(screen2)
    assert screen2.add_code("8938000000015")  # Mắm tôm chà: consigned by its producer
    assert screen2.consigned.isChecked()


def test_settings_is_a_form_with_labels_and_fitting_editors(qtbot: QtBot, app_context: AppContext,
                                                           outlet: Outlet) -> None:
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox

    from showroom_pos.services import settings
    from showroom_pos.ui.preferences import MANAGED_ELSEWHERE, PAGES, PreferencesScreen

    screen = PreferencesScreen(manager_session(app_context, outlet))
    qtbot.addWidget(screen)
    # every setting has its place on a page, but those with their own audited path
    assert set(screen.editors) == set(settings.KEYS) - MANAGED_ELSEWHERE
    assert [screen.pages.tabText(i) for i in range(screen.pages.count())][:3] == [
        "Outlet", "Printer and drawer", "Bank / VietQR"]
    assert len(PAGES) >= 7
    for key, label in screen.labels.items():
        assert label.text() and label.text() != key and "." not in label.text().split()[0], key  # no raw keys
    assert isinstance(screen.editors["printer.drawer_pulse_ms"], QSpinBox)
    assert screen.editors["printer.drawer_pulse_ms"].suffix().strip() == "ms"
    assert isinstance(screen.editors["checkout.cash_rounding"], QComboBox)
    assert isinstance(screen.editors["printer.paper_mm"], QComboBox)
    assert isinstance(screen.editors["stock.allow_negative"], QCheckBox)
    token = screen.editors["province.token"]
    assert isinstance(token, QLineEdit) and token.echoMode() == QLineEdit.EchoMode.Password
    # A wrong tax code is flagged beside the field as it is typed, and nothing is saved.
    screen.set_value("outlet.tax_code", "0312345678")
    assert screen.errors["outlet.tax_code"].isVisibleTo(screen)
    assert "Tax code" in screen.errors["outlet.tax_code"].text()
    screen.save()
    assert "red" in screen.message.text()
    screen.set_value("outlet.tax_code", "0312345602")
    assert not screen.errors["outlet.tax_code"].isVisibleTo(screen)
    screen.set_value("checkout.cash_rounding", "500")
    screen.set_value("printer.drawer_pulse_ms", "200")
    screen.set_value("stock.allow_negative", "yes")
    screen.set_value("outlet.time_zone", "Asia/Bangkok")
    screen.save()
    assert "4 settings saved" in screen.message.text() or "5 settings saved" in screen.message.text(), \
        screen.message.text()
    try:
        with app_context.sessions() as s:
            assert settings.get(s, "outlet.tax_code") == "0312345602"
            assert settings.get(s, "checkout.cash_rounding") == "500"
            assert settings.get(s, "printer.drawer_pulse_ms") == "200"
            assert settings.get(s, "stock.allow_negative") == "yes"
            assert settings.get(s, "outlet.time_zone") == "Asia/Bangkok"
    finally:
        clock.set_zone("")


def test_the_return_dialog_takes_and_shows_weights_in_kg(qtbot: QtBot, app_context: AppContext,
                                                         outlet: Outlet) -> None:
    """A weighed line comes back as the cart and the receipt show it (1,234 kg), typed in kilograms (0,5 or 0.5),
    not in grams; a cash refund shows the cash handed back rounded, beside the exact refund."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from showroom_pos.services import settings
    from showroom_pos.storage.models import SaleReturn
    from showroom_pos.ui.checkout_returns import ReturnDialog, WeightSpinBox
    from showroom_pos.ui.scanner_filter import scanner_policy

    outlet.open_shift(app_context.sessions, opening_float=1_000_000)
    with app_context.sessions.begin() as s:
        settings.set(s, "checkout.cash_rounding", "1000")
        product = s.get(Product, outlet.sau_rieng)
        assert product is not None
        sold = complete_sale(s, outlet.cashier, [line_for(product, 1234, vat_rates.vat_table(s))],
                             [PaymentIn("cash", 300_000)])  # 203.610 ₫, paid 204.000 ₫ in cash
    ui = manager_session(app_context, outlet)
    dialog = ReturnDialog(ui, lambda _a: outlet.manager_id, receipt=sold.receipt_no)
    qtbot.addWidget(dialog)
    dialog.show()
    sold_cell = dialog.table.cellWidget(0, 1)
    assert isinstance(sold_cell, QLabel) and sold_cell.text() == "1,234 kg"
    spin = dialog._spin(0)
    assert isinstance(spin, WeightSpinBox)
    assert spin.text() == "0,000 kg" and spin.maximum() == 1.234
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin.lineEdit(), "0,5")
    scanner_policy().flush()
    spin.interpretText()
    assert spin.text() == "0,500 kg" and [i.qty for i in dialog.items()] == [500]
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin.lineEdit(), "0.75")  # a point before the grams is read the same
    scanner_policy().flush()
    spin.interpretText()
    assert spin.text() == "0,750 kg" and [i.qty for i in dialog.items()] == [750]
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin.lineEdit(), "2")  # more than was sold is not taken
    scanner_policy().flush()
    spin.interpretText()
    assert [i.qty for i in dialog.items()] == [750]
    # 0,750 kg × 165.000 ₫ = 123.750 ₫ exact; handed back in notes: 124.000 ₫
    assert dialog.method.currentData() == "cash"
    assert dialog.refund.text() == "Refund: 124.000 ₫"
    assert "123.750 ₫" in dialog.refund_detail.text() and "250 ₫" in dialog.refund_detail.text()
    QTest.keyClick(spin, Qt.Key.Key_F12)
    assert dialog.outcome is not None and dialog.outcome.paid_out == 124_000
    with app_context.sessions() as s:
        ret = s.get(SaleReturn, dialog.outcome.return_id)
        assert ret is not None
        assert [line.qty for line in ret.lines] == [750] and ret.refund_total == 123_750 and ret.cash_rounding == 250


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("size", SCREENS[:2])
def test_every_dialog_opens_inside_a_showroom_screen_without_sideways_scrolling(
        qtbot: QtBot, app_context: AppContext, outlet: Outlet, size: tuple[int, int], language: str) -> None:
    """Each dialog as it opens (its own size, then clamped to the screen's free area as the app does), in either
    language: inside the screen, nothing cut off at the right, and no form that must be scrolled sideways (the
    product form was wider than 1366 px under Xvfb, with a horizontal scroll bar)."""
    from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea

    from showroom_pos.runtime import i18n

    outlet.open_shift(app_context.sessions)
    ui = manager_session(app_context, outlet)
    parent = QWidget()
    qtbot.addWidget(parent)
    free = QRect(0, 0, size[0], size[1] - 40)  # a task bar below
    i18n.install(language)
    problems: list[str] = []
    try:
        for name, make in FACTORIES.items():
            dialog = make(ui, outlet, parent)
            dialog.show()
            QApplication.processEvents()
            dialog.setGeometry(fit_rect(dialog.geometry(), free))
            QApplication.processEvents()
            if not free.contains(dialog.geometry()):
                problems.append(f"{name}: {dialog.geometry()} outside {free}")
            for area in dialog.findChildren(QAbstractScrollArea):
                if isinstance(area, QScrollArea) and area.isVisibleTo(dialog) and (form := area.widget()) is not None:
                    needed = form.minimumSizeHint().width()
                    if needed > area.viewport().width() or area.horizontalScrollBar().maximum() > 0:
                        problems.append(f"{name}: its form needs {needed} px in {area.viewport().width()} px")
            for child in dialog.findChildren(QWidget):
                if child.isVisibleTo(dialog) and child.isWindow() is False and child.parentWidget() is dialog:
                    right = child.geometry().right()
                    if right > dialog.width():
                        problems.append(f"{name}: {child.objectName() or type(child).__name__} cut off at the right")
            dialog.close()
            dialog.deleteLater()
    finally:
        i18n.install(i18n.language_from_environment())
    assert not problems, problems


def test_the_no_shift_warning_is_shown_whole_in_vietnamese(qtbot: QtBot, app_context: AppContext,
                                                          outlet: Outlet) -> None:
    """With no shift open, the checkout's side panel (300 px at most) says so in full: the Vietnamese sentence
    was cut at "…trước khi bá" on a 1366×768 screen."""
    from showroom_pos.runtime import i18n

    i18n.install("vi")
    try:
        ui = UiSession(app_context, LoggedIn(outlet.cashier_id, "Trần Văn Minh", "cashier", outlet.terminal_id))
        window = MainWindow(ui)
        qtbot.addWidget(window)
        window.setGeometry(QRect(0, 0, 1366, 728))
        window.show()
        screen = window.open_screen("checkout")
        QApplication.processEvents()
        assert isinstance(screen, CheckoutScreen)
        banner = screen.shift_banner
        assert banner.text().startswith("Chưa mở ca") and banner.text().endswith("trước khi bán.")
        needed = banner.fontMetrics().boundingRect(QRect(0, 0, banner.width(), 1000), Qt.TextFlag.TextWordWrap,
                                                   banner.text())
        assert needed.width() <= banner.width() and needed.height() <= banner.height()
        window.shutdown()
    finally:
        i18n.install(i18n.language_from_environment())


@pytest.mark.parametrize("size", SCREENS[:2])
def test_every_screen_fits_a_showroom_screen_in_vietnamese(qtbot: QtBot, app_context: AppContext, outlet: Outlet,
                                                           size: tuple[int, int]) -> None:
    """The main window on a 1280×720 / 1366×768 screen with every screen opened in turn: it never needs to be
    wider than the screen, and no page of it must be scrolled sideways."""
    from PySide6.QtWidgets import QScrollArea

    from showroom_pos.runtime import i18n

    outlet.open_shift(app_context.sessions)
    i18n.install("vi")
    problems: list[str] = []
    try:
        ui = UiSession(app_context, LoggedIn(outlet.admin_id, "Quản trị", "admin", outlet.terminal_id))
        window = MainWindow(ui)
        qtbot.addWidget(window)
        window.setGeometry(QRect(0, 0, size[0], size[1] - 40))
        window.show()
        for spec in window.specs:
            screen = window.open_screen(spec.key)
            assert screen is not None
            QApplication.processEvents()
            if window.minimumSizeHint().width() > size[0] or window.width() > size[0]:
                problems.append(f"{spec.key}: the window needs {window.minimumSizeHint().width()} px")
            for area in screen.findChildren(QScrollArea):
                if area.isVisibleTo(screen) and area.widget() is not None and (
                        area.horizontalScrollBar().maximum() > 0):
                    problems.append(f"{spec.key}: {area.objectName() or 'a page'} scrolls sideways")
        window.shutdown()
    finally:
        i18n.install(i18n.language_from_environment())
    assert not problems, problems


def test_a_new_language_says_when_it_applies_and_the_next_login_is_in_it(qtbot: QtBot, app_context: AppContext,
                                                                         outlet: Outlet) -> None:
    """The note promised the new language on "screens opened from now on", and the Home screen came back half in
    the old one (a screen is built once a login): it says the next login, and the next login's window is in it."""
    from showroom_pos.runtime import i18n
    from showroom_pos.ui.preferences import PreferencesScreen

    before = i18n.saved_language()
    screen = PreferencesScreen(manager_session(app_context, outlet))
    qtbot.addWidget(screen)
    try:
        screen.language.setCurrentIndex(screen.language.findData("en"))
        screen.language.setCurrentIndex(screen.language.findData("vi"))
        assert "đăng nhập lại" in screen.language_note.text() and "Ctrl+L" in screen.language_note.text()
        window = MainWindow(manager_session(app_context, outlet))  # the next login
        qtbot.addWidget(window)
        assert window.nav.item(0).text().startswith("Bán hàng")
        window.shutdown()
    finally:
        i18n.save_language(before)
        i18n.install(i18n.language_from_environment())

