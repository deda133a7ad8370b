"""E-invoices in the app: the buyer's details by a key at the payment screen (F10), the Settings page, the
managers' screen (what waits, what was refused, send again, dealt with by hand, export a day)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from showroom_pos.core.clock import business_day
from showroom_pos.runtime.context import AppContext
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.einvoice import Buyer, outbox
from showroom_pos.services.till import sale_writer
from showroom_pos.storage.models import EInvoice, Product
from showroom_pos.ui.checkout import CheckoutScreen
from showroom_pos.ui.checkout_payment import PaymentDialog
from showroom_pos.ui.einvoice_buyer import BuyerDialog
from showroom_pos.ui.einvoice_screen import EInvoiceScreen, stop_worker
from showroom_pos.ui.scanner_filter import scanner_policy
from showroom_pos.ui.session import Events, LoggedIn, UiSession
from tests.conftest import Outlet
from tests.einvoice_support import BUYER_TAX_CODE, EINVOICE_TABLE, switch_on

from .test_checkout_gui import Keyboard, key, raise_failures, when_modal


@pytest.fixture
def ui(app_context: AppContext, outlet: Outlet) -> Iterator[UiSession]:
    outlet.open_shift(app_context.sessions)
    yield UiSession(app_context, LoggedIn(outlet.cashier_id, "Trần Văn Minh", "cashier", outlet.terminal_id),
                    Events())
    stop_worker(app_context, wait=5)


@pytest.fixture
def manager(app_context: AppContext, outlet: Outlet) -> Iterator[UiSession]:
    outlet.open_shift(app_context.sessions)
    yield UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager", outlet.terminal_id),
                    Events())
    stop_worker(app_context, wait=5)


def checkout(qtbot: QtBot, ui: UiSession, outlet: Outlet) -> CheckoutScreen:
    widget = CheckoutScreen(ui, approve=lambda _action: outlet.manager_id)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item.text()


def sell(ui: UiSession, outlet: Outlet, buyer: Buyer | None = None) -> str:
    with ui.app.sessions.begin() as s:
        p = s.get(Product, outlet.tra)
        assert p is not None
        line = sale_writer.line_for(p, 1, vat_rates.vat_table(s))
        return sale_writer.complete_sale(s, outlet.cashier, [line], [sale_writer.PaymentIn("cash", line.gross)],
                                         buyer=buyer).sale_id


def test_f10_at_payment_puts_the_buyer_on_the_invoice_found_by_tax_code(qtbot: QtBot, ui: UiSession,
                                                                        outlet: Outlet) -> None:
    switch_on(ui.app.sessions)
    sell(ui, outlet, Buyer(name="Công ty TNHH Quà Tặng Mỹ Tho", tax_code=BUYER_TAX_CODE,
                           address="5 Ấp Bắc, phường Mỹ Tho", email="ketoan@quatang.vn"))
    screen = checkout(qtbot, ui, outlet)
    kb = Keyboard()
    completed: list[str] = []
    ui.events.sale_completed.connect(completed.append)
    kb.scan(screen.search, "8938000000015")
    seen: dict[str, str] = {}

    def fill(dialog: BuyerDialog) -> None:
        kb.type(dialog.tax_code, "0100109107", gap_ms=120)  # a wrong check digit first
        scanner_policy().flush()
        seen["wrong"] = dialog.tax_note.text()
        key(dialog.tax_code, Qt.Key.Key_F12)
        seen["refused"] = dialog.message.text()
        key(dialog.tax_code, Qt.Key.Key_Backspace)
        kb.type(dialog.tax_code, "6", gap_ms=120)
        scanner_policy().flush()
        seen["found"] = dialog.tax_note.text()
        assert dialog.name.text() == "Công ty TNHH Quà Tặng Mỹ Tho"
        assert dialog.address.text() == "5 Ấp Bắc, phường Mỹ Tho" and dialog.email.text() == "ketoan@quatang.vn"
        key(dialog.tax_code, Qt.Key.Key_F12)

    def pay(dialog: PaymentDialog) -> None:
        when_modal(BuyerDialog, fill)
        key(dialog.amount, Qt.Key.Key_F10)
        seen["label"] = dialog.buyer_label.text()
        key(dialog.amount, Qt.Key.Key_F5)  # exact cash
        key(dialog.amount, Qt.Key.Key_Return)

    when_modal(PaymentDialog, pay)
    key(screen.search, Qt.Key.Key_F12)
    raise_failures()
    assert seen["wrong"] == "Not a valid tax code yet"
    assert "not a valid Vietnamese tax code" in seen["refused"]
    assert seen["found"] == "Valid tax code; details of an earlier invoice filled in"
    assert seen["label"] == f"Công ty TNHH Quà Tặng Mỹ Tho · {BUYER_TAX_CODE}"
    assert len(completed) == 1
    with ui.app.sessions() as s:
        row = s.scalars(select(EInvoice).where(EInvoice.sale_id == completed[0])).one()
        assert (row.buyer_name, row.buyer_tax_code, row.number) == ("Công ty TNHH Quà Tặng Mỹ Tho", BUYER_TAX_CODE, 2)
    screen.shutdown()


def test_without_e_invoicing_the_payment_screen_has_no_buyer_key(qtbot: QtBot, ui: UiSession,
                                                                outlet: Outlet) -> None:
    screen = checkout(qtbot, ui, outlet)
    kb = Keyboard()
    kb.scan(screen.search, "8938000000015")
    found: list[bool] = []

    def pay(dialog: PaymentDialog) -> None:
        found.append(dialog.lookup_buyer is None and not dialog.buyer_label.isVisible())
        dialog.reject()

    when_modal(PaymentDialog, pay)
    key(screen.search, Qt.Key.Key_F12)
    assert found == [True]
    screen.shutdown()


def test_the_settings_page_refuses_to_switch_on_incomplete(qtbot: QtBot, manager: UiSession,
                                                           outlet: Outlet) -> None:
    from showroom_pos.ui.preferences import PreferencesScreen

    screen = PreferencesScreen(manager)
    qtbot.addWidget(screen)
    titles = [screen.pages.tabText(i) for i in range(screen.pages.count())]
    assert "E-invoices" in titles
    screen.set_value("einvoice.enabled", "yes")
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitExposed(screen)
    screen.save()
    assert screen.message.text().startswith("Not saved: ") and "einvoice.symbol" in screen.message.text()
    assert screen.errors["einvoice.symbol"].isVisible()  # the field to fill is shown, marked
    assert screen.focusWidget() is screen.editors["einvoice.symbol"]
    # The page is kept as tall as it asks while an error line shows (its scroll area squeezed the field, 13 px of 22,
    # in the main window under Xvfb), and sized as before once none does.
    page = screen.editors["einvoice.symbol"].parentWidget()
    assert page is not None and page.minimumHeight() >= page.heightForWidth(page.width()) > 0
    with manager.app.sessions() as s:
        assert outbox.status(s).enabled is False  # nothing was saved
    screen.set_value("einvoice.symbol", "C26XAA")  # no M: not a cash-register symbol
    assert not screen._validate("einvoice.symbol") and "C26MAA" in screen.errors["einvoice.symbol"].text()
    screen.set_value("einvoice.symbol", "C26MAZ")
    assert not screen.errors["einvoice.symbol"].isVisible() and page.minimumHeight() == 0
    screen.set_value("einvoice.seller_code", "AB12C")
    screen.set_value("outlet.tax_code", "0302712571")
    screen.set_value("outlet.address", "12 Lê Lợi")
    screen.save()
    assert "settings saved" in screen.message.text()
    with manager.app.sessions() as s:
        state = outbox.status(s)
        assert state.enabled and state.problems == ()


def test_the_managers_screen_sends_again_resolves_and_exports(qtbot: QtBot, manager: UiSession, outlet: Outlet,
                                                              tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    switch_on(manager.app.sessions, einvoice__export_folder=str(tmp_path / "drop"))
    for _ in range(3):
        sell(manager, outlet)
    with manager.app.sessions.begin() as s:
        s.execute(EINVOICE_TABLE.update().where(EInvoice.number == 2)
                  .values(status="parked", last_error="SePay 422 INVALID_BUYER: sai"))
    screen = EInvoiceScreen(manager)
    qtbot.addWidget(screen)
    screen.show()
    assert "To send: 2" in screen.summary.text() and "refused: 1" in screen.summary.text()
    assert screen.table.rowCount() == 3
    texts = [cell(screen.table, r, 5) for r in range(3)]
    assert sorted(texts) == ["Pending", "Pending", "Refused"]
    refused_row = texts.index("Refused")
    assert "INVALID_BUYER" in cell(screen.table, refused_row, 6)
    # Sending again and "dealt with" act on a refused invoice: offered once one is chosen, not for a pending one.
    assert not screen.retry_button.isEnabled() and not screen.resolve_button.isEnabled()
    assert screen.export_button.isEnabled()  # the day has invoices
    screen.table.selectRow(texts.index("Pending"))
    assert not screen.retry_button.isEnabled() and not screen.resolve_button.isEnabled()
    screen.table.selectRow(refused_row)
    assert screen.retry_button.isEnabled() and screen.resolve_button.isEnabled()
    screen.retry_selected()
    assert screen.message.text() in ("It will be sent again.", "Sending to the provider…")
    with manager.app.sessions() as s:
        assert outbox.status(s).parked == 0
    # The worker delivers (file drop) in the background; the screen refreshes on its status.
    qtbot.waitUntil(lambda: "To send: 0" in screen.summary.text(), timeout=15_000)
    with manager.app.sessions.begin() as s:
        s.execute(EINVOICE_TABLE.update().where(EInvoice.number == 3).values(status="parked"))
    screen.show_filter.setCurrentIndex(1)  # refused only
    assert screen.table.rowCount() == 1
    screen.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("issued in the provider's portal", True))
    screen.resolve_selected()
    assert "recorded as dealt with" in screen.message.text()
    screen.export_day(str(tmp_path / "usb"))
    assert "3 e-invoices of" in screen.message.text()
    assert len(list((tmp_path / "usb" / business_day().isoformat()).glob("*.xml"))) == 3
    assert screen.days.rowCount() >= 1 and cell(screen.days, 0, 1) == "3"


def test_send_now_with_e_invoicing_off_says_nothing_is_sent(qtbot: QtBot, manager: UiSession) -> None:
    """With e-invoicing off, "Send now" said "Sending to the provider…" and left it there; nothing was sent."""
    screen = EInvoiceScreen(manager)
    qtbot.addWidget(screen)
    screen.show()
    assert "E-invoicing is off" in screen.summary.text()
    # Nothing issued: nothing to send again, record as dealt with or export (each said "choose a refused invoice
    # first", or asked for a folder and wrote nothing); the tooltip says why.
    assert not [b for b in (screen.retry_button, screen.resolve_button, screen.export_button) if b.isEnabled()]
    assert screen.export_button.toolTip() == "No e-invoice was issued on this day."
    screen.send_now()
    assert screen.message.text() == "E-invoicing is off: nothing is sent (Settings → E-invoices)."
