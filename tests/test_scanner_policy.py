"""One scanner policy for the whole application: a scan (real key events, a few ms apart, then Enter) never
types into, or answers, a dialog, a message box, an input box, a file dialog or a screen's field unless that
place is made for barcodes; there it is routed.

Every dialog class of ``showroom_pos.ui`` and every kind of Qt standard dialog the UI opens is enumerated
here: a new one without a check fails ``test_every_dialog_of_the_ui_is_checked``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

import showroom_pos.ui
from showroom_pos.core.vietqr import VietQR
from showroom_pos.runtime.context import AppContext
from showroom_pos.services import shifts
from showroom_pos.services.reports import cash_report
from showroom_pos.services.users import UserRow
from showroom_pos.ui.about import AboutDialog
from showroom_pos.ui.approval import ApprovalDialog
from showroom_pos.ui.checkout import CheckoutScreen
from showroom_pos.ui.checkout_payment import PaymentDialog, VietQRDialog
from showroom_pos.ui.checkout_returns import ReturnDialog
from showroom_pos.ui.checkout_shift import CashMoveDialog, CloseShiftDialog, OpenShiftDialog, ShiftDialog
from showroom_pos.ui.einvoice_buyer import BuyerDialog
from showroom_pos.ui.import_products import ImportDialog
from showroom_pos.ui.producers import ProducerDialog
from showroom_pos.ui.product_dialog import ProductDialog
from showroom_pos.ui.reports import ZReportDialog
from showroom_pos.ui.scanner_filter import receiver_for, scanner_policy
from showroom_pos.ui.screens import all_screens
from showroom_pos.ui.session import Events, LoggedIn, UiSession
from showroom_pos.ui.setup_dialog import SetupDialog
from showroom_pos.ui.stock_adjustment import AdjustmentDialog
from showroom_pos.ui.stock_ledger import LedgerDialog
from showroom_pos.ui.users_screen import NewUserDialog, PinDialog

from .conftest import Outlet
from .test_checkout_gui import Keyboard, raise_failures, when_modal

CODE = "8938000000015"  # a product of the outlet: a scan a careless field would take as an amount
UI_ROOT = Path(showroom_pos.ui.__file__).parent


@pytest.fixture
def manager_ui(app_context: AppContext, outlet: Outlet) -> UiSession:
    outlet.open_shift(app_context.sessions)
    return UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager", outlet.terminal_id),
                     Events())


def approve_as(outlet: Outlet) -> Callable[[str], int | None]:
    return lambda _action: outlet.manager_id


def z_report(ui: UiSession, parent: QWidget | None) -> ZReportDialog:
    with ui.app.sessions() as s:
        shift = shifts.open_shift_for(s, ui.user.terminal_id)
        assert shift is not None
        report = cash_report.z_report(s, shift.id)
    return ZReportDialog(ui, report, shift.id, False, parent)


def vietqr() -> VietQR:
    return VietQR(bank_bin="970436", account="0011001234567", amount=125_000, reference="CL01-261203-0001",
                  terminal="CL01", purpose="CL01-261203-0001")


# How each dialog of the UI is opened for the check (what the screens pass it).
DialogFactory = Callable[[UiSession, Outlet, QWidget], QDialog]
FACTORIES: dict[str, DialogFactory] = {
    "AboutDialog": lambda ui, o, p: AboutDialog(ui.app.paths, p),
    "SetupDialog": lambda ui, o, p: SetupDialog(ui.app, p),
    "ProducerDialog": lambda ui, o, p: ProducerDialog(ui, o.producer_id, p),
    "ImportDialog": lambda ui, o, p: ImportDialog(ui, p),
    "VietQRDialog": lambda ui, o, p: VietQRDialog(vietqr(), p),
    "PaymentDialog": lambda ui, o, p: PaymentDialog(125_000, "CL01-261203-0001", lambda _a: vietqr(), p),
    "AdjustmentDialog": lambda ui, o, p: AdjustmentDialog(ui, o.mam_tom, p),
    "ProductDialog": lambda ui, o, p: ProductDialog(ui, o.mam_tom, p),
    "ReturnDialog": lambda ui, o, p: ReturnDialog(ui, approve_as(o), p),
    "LedgerDialog": lambda ui, o, p: LedgerDialog(ui, o.mam_tom, p),
    "ZReportDialog": lambda ui, o, p: z_report(ui, p),
    "OpenShiftDialog": lambda ui, o, p: OpenShiftDialog(ui, p),
    "CashMoveDialog": lambda ui, o, p: CashMoveDialog(ui, 1, approve_as(o), p),
    "CloseShiftDialog": lambda ui, o, p: CloseShiftDialog(ui, p),
    "ShiftDialog": lambda ui, o, p: ShiftDialog(ui, approve_as(o), p),
    "ApprovalDialog": lambda ui, o, p: ApprovalDialog(ui, "void", p),
    "BuyerDialog": lambda ui, o, p: BuyerDialog(None, lambda _code: None, p),
    "NewUserDialog": lambda ui, o, p: NewUserDialog(ui, p),
    "PinDialog": lambda ui, o, p: PinDialog(ui, UserRow(o.cashier_id, "Trần Văn Minh", "cashier", True, False, None, 0),
                                            p),
}

# Qt's standard dialogs as the UI opens them (static calls), built the same way for the check.
STANDARD: dict[str, Callable[[QWidget], QDialog]] = {
    "QMessageBox.question": lambda p: QMessageBox(QMessageBox.Icon.Question, "Xóa giỏ hàng", "Xóa mọi dòng?",
                                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, p),
    "QInputDialog.getText": lambda p: _input(p, QInputDialog.InputMode.TextInput),
    "QInputDialog.getInt": lambda p: _input(p, QInputDialog.InputMode.IntInput),
    "QInputDialog.getItem": lambda p: _input(p, QInputDialog.InputMode.TextInput, items=["Chị Hoa", "Anh Tư"]),
    "QFileDialog.getSaveFileName": lambda p: _file_dialog(p, QFileDialog.AcceptMode.AcceptSave),
    "QFileDialog.getOpenFileName": lambda p: _file_dialog(p, QFileDialog.AcceptMode.AcceptOpen),
    "QFileDialog.getExistingDirectory": lambda p: _folder_dialog(p),
}


def _input(parent: QWidget, mode: QInputDialog.InputMode, items: list[str] | None = None) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setInputMode(mode)
    if items:
        dialog.setComboBoxItems(items)
    return dialog


def _file_dialog(parent: QWidget, mode: QFileDialog.AcceptMode) -> QFileDialog:
    dialog = QFileDialog(parent)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(mode)
    return dialog


def _folder_dialog(parent: QWidget) -> QFileDialog:
    dialog = _file_dialog(parent, QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    return dialog


def ui_dialog_classes() -> set[str]:
    found: set[str] = set()
    for info in pkgutil.iter_modules([str(UI_ROOT)]):
        module = importlib.import_module(f"showroom_pos.ui.{info.name}")
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, QDialog) and obj.__module__ == module.__name__:
                found.add(name)
    return found


def standard_dialogs_in_code() -> set[str]:
    pattern = re.compile(r"\b(QMessageBox\.(?:question|warning|information|critical)|QInputDialog\.get\w+|"
                         r"QFileDialog\.get\w+)\(")
    found: set[str] = set()
    for path in list(UI_ROOT.rglob("*.py")) + list((UI_ROOT.parent / "app").rglob("*.py")):
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_dialog_of_the_ui_is_checked() -> None:
    assert ui_dialog_classes() == set(FACTORIES)
    # warning/information/critical boxes share question's behaviour: a QMessageBox with default buttons
    kinds = {re.sub(r"QMessageBox\.\w+", "QMessageBox.question", k) for k in standard_dialogs_in_code()}
    assert kinds <= set(STANDARD), kinds - set(STANDARD)


# --- the check itself ------------------------------------------------------------------------------------

INPUTS = (QLineEdit, QAbstractSpinBox, QComboBox, QAbstractButton, QPlainTextEdit, QTextEdit)


def state(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QCheckBox | QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    raise AssertionError(widget)


def fields(dialog: QWidget) -> list[QWidget]:
    return [w for w in dialog.findChildren(QWidget)
            if isinstance(w, INPUTS) and w.isVisible() and w.isEnabled()
            and w.focusPolicy() != Qt.FocusPolicy.NoFocus]


def scan_everywhere(qtbot: QtBot, dialog: QDialog, kb: Keyboard) -> tuple[int, int]:
    """Scan into every field of ``dialog``: nothing changes where barcodes are not taken and the dialog is
    never answered. Returns (fields refused, fields routed)."""
    policy = scanner_policy()
    dialog.show()
    qtbot.waitExposed(dialog)
    refused = routed = 0
    targets = fields(dialog) or [dialog]  # buttons only, none taking the focus: the keys go to the dialog
    for widget in targets:
        if not widget.isVisible():  # an earlier routed scan changed the dialog (a receipt loaded…)
            continue
        widget.setFocus()
        before = {id(w): state(w) for w in fields(dialog) if receiver_for(w) is None}
        if widget is dialog:
            dialog.activateWindow()
            dialog.setFocus()
        seen: list[str] = []
        policy.refused.connect(seen.append)
        try:
            kb.scan(widget, CODE)
        finally:
            policy.refused.disconnect(seen.append)
        assert dialog.isVisible() and dialog.result() == 0, f"a scan answered {type(dialog).__name__}"
        if receiver_for(widget) is None:
            assert seen == [CODE], f"the scan into {widget.objectName() or type(widget).__name__} was not refused"
            after = {id(w): state(w) for w in fields(dialog) if id(w) in before}
            assert after == {k: v for k, v in before.items() if k in after}, \
                f"a scan changed {type(dialog).__name__}: {widget.objectName() or type(widget).__name__}"
            assert CODE in policy.last_refusal
            refused += 1
        else:
            assert seen == []
            routed += 1
    dialog.reject()
    return refused, routed


@pytest.fixture
def kb() -> Keyboard:
    return Keyboard()


@pytest.fixture
def parent(qtbot: QtBot) -> Iterator[QWidget]:
    widget = QWidget()
    qtbot.addWidget(widget)
    yield widget
    raise_failures()


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_a_scan_never_fills_nor_answers_a_dialog(name: str, qtbot: QtBot, manager_ui: UiSession, outlet: Outlet,
                                                 parent: QWidget, kb: Keyboard) -> None:
    dialog = FACTORIES[name](manager_ui, outlet, parent)
    refused, routed = scan_everywhere(qtbot, dialog, kb)
    made_for_barcodes = {"ReturnDialog", "ProductDialog", "ApprovalDialog", "PaymentDialog", "LedgerDialog"}
    assert routed > 0 if name in made_for_barcodes else routed == 0
    assert refused > 0 or name in {"ReturnDialog", "ApprovalDialog", "PaymentDialog"}


@pytest.mark.parametrize("name", sorted(STANDARD))
def test_a_scan_never_fills_nor_answers_a_standard_dialog(name: str, qtbot: QtBot, parent: QWidget,
                                                          kb: Keyboard) -> None:
    refused, routed = scan_everywhere(qtbot, STANDARD[name](parent), kb)
    assert refused > 0 and routed == 0


def test_a_scan_never_fills_a_field_of_the_managers_screens(qtbot: QtBot, manager_ui: UiSession, outlet: Outlet,
                                                            kb: Keyboard) -> None:
    """Every screen a manager can open: fields not made for barcodes refuse a scan and keep their value."""
    policy = scanner_policy()
    for spec in all_screens():
        if spec.key == "checkout" or manager_ui.user.role not in spec.roles:
            continue
        screen = spec.factory(manager_ui)
        qtbot.addWidget(screen)
        screen.show()
        qtbot.waitExposed(screen)
        for widget in fields(screen):
            if receiver_for(widget) is not None or isinstance(widget, QAbstractButton):
                continue  # goods receipt and stock count take scans; buttons are checked in the dialogs
            before = state(widget)
            widget.setFocus()
            seen: list[str] = []
            policy.refused.connect(seen.append)
            kb.scan(widget, CODE)
            policy.refused.disconnect(seen.append)
            assert seen == [CODE] and state(widget) == before, (spec.key, widget.objectName())
        screen.close()


def test_typing_in_a_dialog_still_arrives(qtbot: QtBot, manager_ui: UiSession, outlet: Outlet, parent: QWidget,
                                          kb: Keyboard) -> None:
    """A person's typing (keys 150 ms apart) reaches the field, and Enter typed by a person still accepts."""
    dialog = OpenShiftDialog(manager_ui, parent)
    dialog.show()
    qtbot.waitExposed(dialog)
    field = dialog.findChild(QLineEdit) or dialog.findChild(QAbstractSpinBox)
    assert field is not None
    field.setFocus()
    if isinstance(field, QLineEdit):
        field.clear()
    kb.type(field, "500000", gap_ms=150)
    scanner_policy().flush()
    assert "500" in (field.text())
    dialog.reject()


# --- the cases seen at the counter ---------------------------------------------------------------------


@pytest.fixture
def till(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> Iterator[CheckoutScreen]:
    ui = UiSession(app_context, LoggedIn(outlet.cashier_id, "Trần Văn Minh", "cashier", outlet.terminal_id),
                   Events())
    screen = CheckoutScreen(ui, approve=approve_as(outlet))
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    yield screen
    screen.shutdown()
    raise_failures()


def test_a_scan_at_the_open_shift_dialog_is_not_an_opening_float(till: CheckoutScreen, kb: Keyboard,
                                                                 app_context: AppContext) -> None:
    seen: list[tuple[object, bool]] = []

    def scan_then_cancel(dialog: OpenShiftDialog) -> None:
        field = QApplication.focusWidget()
        assert field is not None
        kb.scan(field, "8930080001371")
        seen.append((state(field) if isinstance(field, INPUTS) else "", dialog.isVisible()))
        dialog.reject()

    when_modal(OpenShiftDialog, scan_then_cancel)
    till.shift()
    raise_failures()
    assert seen and "8930080001371" not in str(seen[0][0]) and seen[0][1]
    with app_context.sessions() as s:
        assert shifts.open_shift_for(s, till.ui.user.terminal_id) is None


def test_a_scan_at_the_clear_cart_question_does_not_answer_it(till: CheckoutScreen, kb: Keyboard,
                                                              outlet: Outlet, app_context: AppContext) -> None:
    outlet.open_shift(app_context.sessions)
    kb.scan(till.search, CODE)
    assert len(till.cart) == 1

    def scan_then_no(box: QMessageBox) -> None:
        kb.scan(box.focusWidget() or box, CODE)
        assert box.isVisible()
        box.button(QMessageBox.StandardButton.No).click()

    when_modal(QMessageBox, scan_then_no)
    till.clear_cart()
    raise_failures()
    assert len(till.cart) == 1  # the scan neither answered "Có" nor reached the cart


def test_in_the_return_dialog_a_scanned_product_selects_its_line(till: CheckoutScreen, kb: Keyboard,
                                                                 outlet: Outlet, app_context: AppContext,
                                                                 qtbot: QtBot) -> None:
    from showroom_pos.services.till.sale_writer import PaymentIn

    outlet.open_shift(app_context.sessions)
    kb.scan(till.search, "8938000000022")
    kb.scan(till.search, CODE)
    kb.scan(till.search, CODE)
    assert till.complete([PaymentIn("cash", till.cart.totals().total)])
    with app_context.sessions() as s:
        receipt = _last_receipt(s)
    dialog = ReturnDialog(till.ui, approve_as(outlet), till, receipt=receipt)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.sale is not None
    rows = [ln.product_id for ln in dialog.sale.lines]
    kb.scan(dialog, CODE)
    kb.scan(dialog, CODE)
    assert dialog.message.text() == ""
    kb.scan(dialog, CODE)  # only two were sold: the cashier is told why the scan changed nothing
    row = rows.index(outlet.mam_tom)
    assert [dialog._spin(i).value() for i in range(len(rows))] == [2 if i == row else 0 for i in range(len(rows))]
    assert dialog.message.text().startswith("All 2 ") and dialog.message.text().endswith("already on this return.")
    kb.scan(dialog, "8938000000039")  # a product not on this receipt: the receipt and the choices stay
    assert dialog.sale is not None and dialog.sale.receipt_no == receipt
    assert dialog.message.text() == f"8938000000039 is not on receipt {receipt}."
    assert [dialog._spin(i).value() for i in range(len(rows))] == [2 if i == row else 0 for i in range(len(rows))]
    assert dialog.isVisible() and dialog.result() == 0
    dialog.reject()


def _last_receipt(session: Session) -> str:
    from sqlalchemy import select

    from showroom_pos.storage.models import Sale

    return str(session.scalars(select(Sale.receipt_no).order_by(Sale.created_at.desc())).first())


def test_a_scan_in_the_product_form_fills_only_its_barcode_field(qtbot: QtBot, manager_ui: UiSession,
                                                                 outlet: Outlet, parent: QWidget,
                                                                 kb: Keyboard) -> None:
    dialog = ProductDialog(manager_ui, None, parent)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.barcodes.setFocus()
    kb.scan(dialog.barcodes, "8938000000039")
    kb.scan(dialog.barcodes, "8938000000039")  # twice: listed once
    assert dialog.barcodes.text() == "8938000000039"
    assert dialog.isVisible() and dialog.result() == 0
    name = dialog.findChild(QLineEdit, "productName")
    if name is not None:
        name.setFocus()
        kb.scan(name, "8938000000046")
        assert "8938000000046" not in name.text()
        assert dialog.barcodes.text() == "8938000000039"
    dialog.reject()


def test_date_fields_refuse_a_scan(qtbot: QtBot, parent: QWidget, kb: Keyboard) -> None:
    date = QDateEdit(parent)
    parent.show()
    qtbot.waitExposed(parent)
    date.setFocus()
    before = date.date()
    kb.scan(date, CODE)
    assert date.date() == before


@pytest.mark.parametrize(("key", "box"), [("products", "productSearch"), ("stock_ledger", "ledgerSearch")])
def test_a_search_box_that_searches_by_barcode_takes_a_scan_as_its_query(
        key: str, box: str, qtbot: QtBot, manager_ui: UiSession, outlet: Outlet, kb: Keyboard) -> None:
    [spec] = [s for s in all_screens() if s.key == key]
    screen = spec.factory(manager_ui)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    search = screen.findChild(QLineEdit, box)
    assert search is not None
    search.setText("mắm")
    search.setFocus()
    kb.scan(search, "8938000000022")
    assert search.text() == "8938000000022"  # the scan is the whole query, with no Enter left in it
