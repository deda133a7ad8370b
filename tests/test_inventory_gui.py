"""Inventory screens driven offscreen with pytest-qt; their Qt models checked by qtmodeltester."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.runtime.context import AppContext
from showroom_pos.services.catalogue import products
from showroom_pos.services.stock import receiving
from showroom_pos.services.stock.receiving import GoodsReceiptLineIn
from showroom_pos.storage.models import Product
from showroom_pos.ui.session import LoggedIn, UiSession

from .conftest import Outlet
from .test_checkout_gui import when_modal

SAMPLE = Path(__file__).resolve().parents[1] / "showroom_pos" / "resources" / "sample_ocop_products.csv"


@pytest.fixture
def ui(app_context: AppContext, outlet: Outlet) -> UiSession:
    return UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager", outlet.terminal_id))


def product(sessions: sessionmaker[Session], sku: str) -> Product:
    with sessions() as s:
        found = s.scalar(select(Product).where(Product.sku == sku))
        assert found is not None
        return found


# --- products ---------------------------------------------------------------------------------------


def test_products_screen_searches_and_filters(qtbot: QtBot, qtmodeltester: ModelTester, ui: UiSession,
                                              outlet: Outlet) -> None:
    from showroom_pos.ui.products import ProductsScreen

    screen = ProductsScreen(ui)
    qtbot.addWidget(screen)
    qtmodeltester.check(screen.model)
    assert screen.model.rowCount() == 3
    screen.search.setText("MAM TOM")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert screen.model.row_at(0).sku == "HD-MAMTOM"
    screen.search.setText("")
    screen.stars.setCurrentIndex(screen.stars.findData(3))
    assert [r.sku for r in screen.model.rows] == ["TRV-TMC"]
    screen.stars.setCurrentIndex(0)
    screen.producer.setCurrentIndex(screen.producer.findData(outlet.producer_id))
    assert [r.sku for r in screen.model.rows] == ["HD-MAMTOM"]
    screen.producer.setCurrentIndex(0)
    screen.group.setCurrentIndex(screen.group.findData("beverage"))
    assert [r.sku for r in screen.model.rows] == ["TRV-TMC"]
    screen.group.setCurrentIndex(0)
    screen.low_stock.setChecked(True)
    assert screen.model.rowCount() == 0
    screen.low_stock.setChecked(False)
    screen.expiring.setChecked(True)
    assert screen.model.rowCount() == 0
    qtmodeltester.check(screen.model)


def test_products_screen_reads_the_catalogue_a_page_at_a_time(qtbot: QtBot, qtmodeltester: ModelTester, ui: UiSession,
                                                              outlet: Outlet, sessions: sessionmaker[Session],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole catalogue read each time the screen was shown kept it 1.1-1.4 s from showing at 50,000 products:
    it reads a page, says how many there are in all, reads on as the list is scrolled, and finds a product further
    down (one just saved, or the one selected before a search) by reading on to it."""
    from showroom_pos.services.catalogue.product_fields import ProductInput
    from showroom_pos.ui import products as products_screen

    monkeypatch.setattr(products_screen, "PRODUCTS_PAGE", 2)
    with sessions.begin() as s:
        for n in range(5):
            products.create_product(s, outlet.manager, ProductInput(sku=f"XOAI-{n}", name=f"Xoài cát {n}",
                                                                    price=40_000))
    screen = products_screen.ProductsScreen(ui)
    qtbot.addWidget(screen)
    screen.resize(900, 300)
    assert screen.model.rowCount() == 2 and screen.model.canFetchMore()
    assert screen.count.text() == screen.tr("{count} products").format(count=3 + 5)
    qtmodeltester.check(screen.model)
    screen.show()
    qtbot.waitExposed(screen)
    for _ in range(10):  # scrolled to its end, the list reads the next page, until there is none
        screen.table.scrollToBottom()
        qtbot.wait(10)
    assert screen.model.rowCount() == 8 and not screen.model.canFetchMore()
    assert [r.name for r in screen.model.rows][-5:] == [f"Xoài cát {n}" for n in range(5)]
    screen.refresh()  # read again from the first page (and on, as far as the list shows)
    assert 2 <= screen.model.rowCount() < 8 and screen.model.canFetchMore()
    last = product(sessions, "XOAI-4")
    screen.highlight(last.id)  # the rows up to it read in one go, each once
    assert screen.selected() is not None and screen.selected().sku == "XOAI-4"  # type: ignore[union-attr]
    assert [r.name for r in screen.model.rows][-5:] == [f"Xoài cát {n}" for n in range(5)]
    assert len({r.id for r in screen.model.rows}) == screen.model.rowCount() == 8
    screen.search.setText("xoai")
    qtbot.waitUntil(lambda: screen.count.text() == screen.tr("{count} products").format(count=5))
    assert screen.selected() is not None and screen.selected().sku == "XOAI-4"  # type: ignore[union-attr]
    screen.table.scrollToTop()
    screen.search.setText("")  # the search cleared: the product still selected, in view (it was left scrolled away)
    qtbot.waitUntil(lambda: screen.count.text() == screen.tr("{count} products").format(count=8))
    assert screen.selected() is not None and screen.selected().sku == "XOAI-4"  # type: ignore[union-attr]
    row = screen.table.selectionModel().selectedRows()[0].row()
    qtbot.waitUntil(lambda: screen.table.viewport().rect().intersects(
        screen.table.visualRect(screen.model.index(row, 1))), timeout=2000)
    qtmodeltester.check(screen.model)


def test_list_columns_fit_their_rows_once_each_reading_and_can_be_widened_by_hand(
        qtbot: QtBot, ui: UiSession, outlet: Outlet, sessions: sessionmaker[Session],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept fitted by Qt (``ResizeToContents``), the columns were measured three or four times for one showing of
    the products (0.2-0.3 s of it at 50,000 products), could not be widened by hand, and were measured again as
    each page came in. They are fitted when the rows are read, and stay as they are (or as the manager sets them)
    while more pages come in."""
    from showroom_pos.services.catalogue.product_fields import ProductInput
    from showroom_pos.ui import products as products_screen

    monkeypatch.setattr(products_screen, "PRODUCTS_PAGE", 2)
    with sessions.begin() as s:
        products.create_product(s, outlet.manager, ProductInput(
            sku="ZZ-LONG", name="Xoài cát Hòa Lộc sấy dẻo không đường hộp quà tặng Tết 500 g", price=90_000))
    screen = products_screen.ProductsScreen(ui)
    qtbot.addWidget(screen)
    screen.resize(900, 300)
    screen.show()
    qtbot.waitExposed(screen)
    table, name = screen.table, 2
    assert [table.columnWidth(c) >= table.sizeHintForColumn(c) for c in range(screen.model.columnCount())] == [
        True] * screen.model.columnCount()
    table.horizontalHeader().resizeSection(name, 500)  # the manager widens the names
    while screen.model.canFetchMore():
        screen.model.fetchMore()
        qtbot.wait(10)
    assert screen.model.rowCount() == 4 and table.columnWidth(name) == 500
    screen.search.setText("hoa loc")  # read again: fitted to what is listed now
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert table.columnWidth(name) == table.sizeHintForColumn(name) > 0


def test_the_products_count_groups_its_thousands_and_agrees_in_the_persons_language(qtbot: QtBot, ui: UiSession,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The line under the list said "50000 sản phẩm" (seen at 50,000 products): a count reads as money does in
    Vietnamese, "50.000 sản phẩm", and "50,000 products" in English, where one is "1 product"."""
    from showroom_pos.runtime import i18n
    from showroom_pos.services.catalogue import product_list
    from showroom_pos.ui.products import ProductsScreen

    counted = [50_000]
    monkeypatch.setattr(product_list, "count_products", lambda _s, _flt: counted[0])
    try:
        i18n.install("vi")
        screen = ProductsScreen(ui)
        qtbot.addWidget(screen)
        assert screen.count.text() == "50.000 sản phẩm"
        counted[0] = 1
        screen.refresh()
        assert screen.count.text() == "1 sản phẩm"
        i18n.install("en")
        screen.refresh()
        assert screen.count.text() == "1 product"  # English nouns take a plural ("1 products" before)
        counted[0] = 50_000
        screen.refresh()
        assert screen.count.text() == "50,000 products"
    finally:
        i18n.install(i18n.language_from_environment())


def test_product_dialog_names_every_bad_field_and_saves_nothing(qtbot: QtBot, ui: UiSession,
                                                                sessions: sessionmaker[Session],
                                                                outlet: Outlet) -> None:
    from showroom_pos.ui.product_dialog import ProductDialog

    dialog = ProductDialog(ui, None)
    qtbot.addWidget(dialog)
    dialog.sku.setText("KEO-DUA")
    dialog.name.setText("Kẹo dừa sáp")
    dialog.price.setText("0")
    dialog.barcodes.setText("8938000000018")
    dialog.stars.setCurrentIndex(dialog.stars.findData(4))
    assert not dialog.save()
    assert "Price: must be more than 0 ₫." in dialog.errors["price"].text()
    assert "wrong check digit" in dialog.errors["barcodes"].text()
    assert dialog.errors["price"].isVisibleTo(dialog) and not dialog.errors["name"].isVisibleTo(dialog)
    dialog.price.setText("abc")
    assert not dialog.save()
    assert "abc is not an amount" in dialog.errors["price"].text()
    with sessions() as s:
        assert s.scalar(select(Product).where(Product.sku == "KEO-DUA")) is None
    dialog.price.setText("30.000")
    dialog.barcodes.setText("8938000000039")
    dialog.has_signed.setChecked(True)
    with qtbot.waitSignal(dialog.saved):
        assert dialog.save()
    saved = product(sessions, "KEO-DUA")
    assert (saved.price, saved.stars, saved.certificate_expires is not None) == (30_000, 4, True)


def test_the_reorder_level_of_goods_by_weight_says_grams(qtbot: QtBot, ui: UiSession) -> None:
    from showroom_pos.ui.product_dialog import ProductDialog

    dialog = ProductDialog(ui, None)
    qtbot.addWidget(dialog)
    assert dialog.reorder.suffix() == ""
    dialog.sold_by_weight.setChecked(True)  # a "5" typed here is 5 g, not 5 kg: the box says which
    assert dialog.reorder.suffix() == " g"
    dialog.sold_by_weight.setChecked(False)
    assert dialog.reorder.suffix() == ""


def test_long_lists_fit_their_columns_to_the_first_rows_only(qtbot: QtBot, ui: UiSession) -> None:
    """Showing a list of 5,000 rows asked Qt's column fitting for ~73,000 cells (1,000 rows, several times); the
    lists of the catalogue, the ledger, the alerts and the audit log measure their first rows: the products screen
    of a 50,000-product catalogue came up in 1.5 s instead of 3.7 s, the audit log in 0.17 s instead of 0.7 s."""
    from PySide6.QtWidgets import QTableView

    from showroom_pos.ui.audit_log import AuditLogScreen
    from showroom_pos.ui.inventory_common import FITTED_ROWS, Col, RowsModel, fit_columns
    from showroom_pos.ui.producers import ProducersScreen
    from showroom_pos.ui.products import ProductsScreen
    from showroom_pos.ui.stock_alerts import StockAlertsScreen

    asked = [0]

    class Counting(RowsModel):
        def data(self, index: object, role: int = 0) -> object:
            asked[0] += 1
            return super().data(index, role)  # type: ignore[arg-type]

    model = Counting([Col("Mã hàng", lambda r: r[0]), Col("Tên", lambda r: r[1]), Col("Tồn", lambda r: r[2], True)])
    model.set_rows([(f"SP-{i:05d}", f"Sản phẩm thứ {i}", i) for i in range(5000)])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    fit_columns(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    view.grab()
    assert 0 < asked[0] < 20_000
    for screen in (ProductsScreen(ui), ProducersScreen(ui), StockAlertsScreen(ui), AuditLogScreen(ui)):
        qtbot.addWidget(screen)
        assert screen.table.horizontalHeader().resizeContentsPrecision() == FITTED_ROWS, screen


def test_a_list_answers_each_role_as_qt_asks_it(qtmodeltester: ModelTester) -> None:
    """The lists' model compares roles as ints (issue 17: 6x faster per call); what it answers stays the same,
    whether a role comes as Qt's int or as the enum member, and Qt's model checks pass."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtGui import QColor

    from showroom_pos.ui.inventory_common import Col, RowsModel

    red = QColor("#b00020")
    model = RowsModel([Col("Tên", lambda r: r[0]), Col("Tồn", lambda r: r[1], numeric=True,
                                                      colour=lambda r: red if r[1] < 0 else None)])
    model.set_rows([("Mắm tôm chà", 5), ("Bánh phồng sữa", -2)])
    qtmodeltester.check(model)
    name, stock = model.index(1, 0), model.index(1, 1)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole):
        assert model.data(name, role) == model.data(name, int(role)) == "Bánh phồng sữa"
        assert model.data(stock, role) == "-2"
    assert model.data(stock, Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.data(stock, int(Qt.ItemDataRole.TextAlignmentRole)) == right
    assert model.data(name, Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.data(stock, Qt.ItemDataRole.ForegroundRole).color() == red
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(name, Qt.ItemDataRole.UserRole) == ("Bánh phồng sữa", -2)
    assert model.data(name, Qt.ItemDataRole.FontRole) is None
    assert model.data(QModelIndex(), Qt.ItemDataRole.DisplayRole) is None


def test_edit_remove_photo_adjust_and_ledger(qtbot: QtBot, ui: UiSession, sessions: sessionmaker[Session],
                                             outlet: Outlet, tmp_path: Path, qtmodeltester: ModelTester) -> None:
    from showroom_pos.ui.products import ProductsScreen

    with sessions.begin() as s:
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 10, 36_000)],
                                producer_id=outlet.producer_id)
    screen = ProductsScreen(ui)
    qtbot.addWidget(screen)
    screen.highlight(outlet.mam_tom)
    dialog = screen.edit_product()
    assert dialog is not None
    dialog.price.setText("58.000")
    assert dialog.save()
    assert product(sessions, "HD-MAMTOM").price == 58_000
    # photo
    picture = tmp_path / "mam.png"
    Image.new("RGB", (800, 600), (180, 120, 40)).save(picture)
    screen.highlight(outlet.mam_tom)
    screen.choose_photo(picture)
    row = next(r for r in screen.model.rows if r.id == outlet.mam_tom)
    assert row.photo_path and Path(row.photo_path).exists()
    index = screen.model.index(screen.model.rows.index(row), 0)
    assert screen.model.data(index, 1) is not None  # DecorationRole: the photo
    # adjust stock: damaged 2 (typed positive, taken out)
    screen.highlight(outlet.mam_tom)
    adjust = screen.adjust_stock()
    assert adjust is not None
    adjust.reason.setCurrentIndex(adjust.reason.findData("damaged"))
    adjust.show()
    assert adjust.focusWidget() is adjust.qty  # typing "2" went to the reason's list, and Enter saved nothing
    assert not adjust.save() and adjust.message.text() == "Quantity: type how many."
    hint = adjust.qty.fontMetrics().horizontalAdvance(adjust.qty.placeholderText())
    assert adjust.qty.width() > hint  # the hint is read whole
    adjust.qty.setText("2")
    adjust.note.setText("bể nắp")
    said: list[str] = []
    ui.events.status_message.connect(said.append)
    assert adjust.save()
    assert product(sessions, "HD-MAMTOM").on_hand == 8
    assert said == ["Mắm tôm chà Gò Công: -2 (damaged); 8 on hand now."]  # the dialog closed without a word
    # ledger
    screen.highlight(outlet.mam_tom)
    ledger = screen.open_ledger()
    assert ledger is not None
    model = ledger.ledger.model
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.data(model.index(1, 5)) == "Damaged: bể nắp"
    assert model.data(model.index(1, 3)) == "8"
    ledger.close()
    # remove: sold/received products are deactivated
    screen.highlight(outlet.mam_tom)
    assert screen.remove_product(ask=False) == "deactivated"
    screen.highlight(outlet.tra)
    assert screen.remove_product(ask=False) == "deleted"
    assert [r.sku for r in screen.model.rows] == ["TCT-SR"]


def test_import_dialog_dry_run_then_import(qtbot: QtBot, ui: UiSession, sessions: sessionmaker[Session],
                                           outlet: Outlet, qtmodeltester: ModelTester, tmp_path: Path) -> None:
    from showroom_pos.ui.products import ProductsScreen

    screen = ProductsScreen(ui)
    qtbot.addWidget(screen)
    broken = tmp_path / "broken.csv"
    broken.write_text(SAMPLE.read_text(encoding="utf-8-sig").replace(",4,485/", ",2,485/"), encoding="utf-8")
    dialog = screen.import_list()
    with qtbot.waitSignal(dialog.checked, timeout=20_000):
        dialog.load(broken)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 16 and not dialog.import_button.isEnabled()
    rejected = next(r for r in dialog.model.rows if r.errors)
    assert rejected.line == 6
    assert "Hạng sao" in dialog.model.data(dialog.model.index(dialog.model.rows.index(rejected), 4))
    with qtbot.waitSignal(dialog.checked, timeout=20_000):
        dialog.load(SAMPLE)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    assert "Imported." in dialog.summary.text()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 19)
    dialog.close()


def test_export_buttons_write_files(qtbot: QtBot, ui: UiSession, outlet: Outlet, tmp_path: Path) -> None:
    from showroom_pos.ui.products import ProductsScreen

    screen = ProductsScreen(ui)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.exported, timeout=10_000) as written:
        screen.export("products", tmp_path / "catalogue.xlsx")
    assert written.args == [tmp_path / "catalogue.xlsx"]
    with qtbot.waitSignal(screen.exported, timeout=10_000):
        screen.export("stock", tmp_path / "stock.csv")
    assert (tmp_path / "catalogue.xlsx").exists() and (tmp_path / "stock.csv").exists()
    assert "3 rows written" in screen.message.text()


def test_an_export_is_written_off_the_gui_thread_one_at_a_time_and_says_why_it_failed(
        qtbot: QtBot, ui: UiSession, outlet: Outlet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 50,000 products the catalogue's XLSX takes seconds: the screen froze ~12 s with it on the GUI thread. It
    is written on a worker thread; the export buttons wait for it; a folder that is not there is told in our words
    and the buttons come back."""
    import threading

    from showroom_pos.services import exports
    from showroom_pos.ui.products import ProductsScreen

    threads: list[str] = []
    release = threading.Event()
    real = exports.export_products

    def watched(*args: object, **kwargs: object) -> int:
        threads.append(threading.current_thread().name)
        release.wait(10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(exports, "export_products", watched)
    screen = ProductsScreen(ui)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.exported, timeout=10_000):
        screen.export("products", tmp_path / "catalogue.xlsx")
        assert not any(button.isEnabled() for button in screen.export_buttons)  # one export at a time
        assert str(tmp_path / "catalogue.xlsx") in screen.message.text()  # "Exporting to …"
        release.set()
    assert threads and threads[0] != threading.main_thread().name
    assert all(button.isEnabled() for button in screen.export_buttons)
    with qtbot.waitSignal(screen.exported, timeout=10_000) as refused:
        screen.export("products", tmp_path / "no-such-folder" / "catalogue.xlsx")
    assert refused.args == [None] and "no-such-folder" in screen.message.text()
    assert "Traceback" not in screen.message.text() and all(b.isEnabled() for b in screen.export_buttons)


# --- producers --------------------------------------------------------------------------------------


def test_producers_screen_checks_the_tax_code_and_keeps_rate_history(
        qtbot: QtBot, ui: UiSession, outlet: Outlet, qtmodeltester: ModelTester) -> None:
    from showroom_pos.ui.producers import ProducersScreen

    screen = ProducersScreen(ui)
    qtbot.addWidget(screen)
    qtmodeltester.check(screen.model)
    dialog = screen.new_producer()
    dialog.name.setText("HTX Dừa sáp Cầu Kè")
    dialog.tax_code.setText("0312345679")
    dialog.new_rate.setValue(12.5)
    assert not dialog.save()
    assert "is not a valid Vietnamese tax code" in dialog.errors["tax_code"].text()
    dialog.tax_code.setText("0101245486")
    assert dialog.save()
    created = next(r for r in screen.model.rows if r.name == "HTX Dừa sáp Cầu Kè")
    assert created.commission_bp == 1250 and created.kind == "cooperative"
    screen.highlight(created.id)
    edit = screen.edit_producer()
    assert edit is not None and edit.history.count() == 1
    screen.search.setText("cau ke")
    assert [r.name for r in screen.model.rows] == ["HTX Dừa sáp Cầu Kè"]
    screen.highlight(created.id)
    assert screen.remove_producer(ask=False) == "deleted"


# --- goods receipt ----------------------------------------------------------------------------------


def test_goods_receipt_scan_edit_post_and_note(qtbot: QtBot, ui: UiSession, outlet: Outlet,
                                               sessions: sessionmaker[Session], qtmodeltester: ModelTester,
                                               tmp_path: Path) -> None:
    from showroom_pos.core.barcode import with_check_digit
    from showroom_pos.ui.goods_receipt import GoodsReceiptScreen

    screen = GoodsReceiptScreen(ui)
    qtbot.addWidget(screen)
    screen.producer.setCurrentIndex(screen.producer.findData(outlet.producer_id))
    screen.delivery_note.setText("PGH-77")
    assert screen.add_code("8938000000015") and screen.add_code("8938000000015")
    assert [(ln.sku, ln.qty) for ln in screen.model.lines] == [("HD-MAMTOM", 2)]
    assert not screen.add_code("8938000000018")
    assert "wrong check digit" in screen.message.text()
    qtmodeltester.check(screen.model)
    model = screen.model
    assert model.setData(model.index(0, 2), "24")
    assert model.setData(model.index(0, 3), "36.000")
    assert model.setData(model.index(0, 5), "L2611")
    assert model.setData(model.index(0, 6), "31/12/2099")
    assert not model.setData(model.index(0, 2), "hai mươi")
    assert "864.000" in screen.total.text()
    with qtbot.waitSignal(screen.posted):
        receipt_id = screen.post()
    assert receipt_id is not None and screen.model.rowCount() == 0
    assert product(sessions, "HD-MAMTOM").on_hand == 24
    qtmodeltester.check(screen.recent)
    assert screen.recent.row_at(0).delivery_note_no == "PGH-77"
    pdf = screen.save_note_pdf(tmp_path / "note.pdf", receipt_id)
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    # A purchased weight item: a scale label brings its weight.
    screen.producer.setCurrentIndex(0)
    assert screen.add_code(with_check_digit("200000101500"))
    assert screen.model.lines[0].qty == 1_500
    assert screen.post() is not None
    assert product(sessions, "TCT-SR").on_hand == 1_500
    # The same delivery note again is refused, nothing posted.
    screen.producer.setCurrentIndex(screen.producer.findData(outlet.producer_id))
    screen.delivery_note.setText("PGH-77")
    screen.add_code("8938000000015")
    assert screen.post() is None and "already received" in screen.message.text()
    assert product(sessions, "HD-MAMTOM").on_hand == 24


def test_goods_receipt_of_consigned_goods_stays_consigned(qtbot: QtBot, ui: UiSession, outlet: Outlet,
                                                         sessions: sessionmaker[Session]) -> None:
    """A consigned product scanned first on an empty receipt brings its consignor, so the receipt is posted as
    consigned (owed to them at settlement), never silently as goods bought outright; with the producer taken away
    and "consigned" still ticked, the post is refused, saying why, and nothing is posted."""
    from showroom_pos.ui.goods_receipt import GoodsReceiptScreen

    screen = GoodsReceiptScreen(ui)
    qtbot.addWidget(screen)
    assert screen.producer.currentData() is None
    assert screen.add_code("8938000000015")  # HD-MAMTOM, consigned by the Mắm Bà Hai Diễm household
    assert screen.consigned.isChecked() and screen.producer.currentData() == outlet.producer_id
    assert screen.post() is not None
    assert screen.recent.row_at(0).consigned and screen.recent.row_at(0).producer_name == "Cơ sở Mắm Bà Hai Diễm"
    assert product(sessions, "HD-MAMTOM").on_hand == 1

    assert screen.add_code("8938000000015")
    screen.producer.setCurrentIndex(0)
    assert screen.consigned.isChecked()
    assert screen.post() is None and "consigned goods need the producer" in screen.message.text()
    assert product(sessions, "HD-MAMTOM").on_hand == 1 and len(screen.recent.rows) == 1


def test_an_unknown_code_on_a_delivery_is_offered_as_a_new_product(qtbot: QtBot, ui: UiSession, outlet: Outlet,
                                                                   sessions: sessionmaker[Session]) -> None:
    """A cooperative's new line arrives on a delivery before it is in the catalogue: its barcode, scanned, offers
    the product form with that barcode and the delivery's producer filled in, and once saved the product is on
    the receipt (it only said "No product has the code …": to the Products screen and back, scanning again)."""
    from showroom_pos.ui.goods_receipt import GoodsReceiptScreen

    screen = GoodsReceiptScreen(ui)
    qtbot.addWidget(screen)
    screen.show()
    screen.producer.setCurrentIndex(screen.producer.findData(outlet.producer_id))
    screen.consigned.setChecked(True)
    assert not screen.add_code("8938555000126")
    assert "8938555000126" in screen.message.text() and screen.new_product_button.isVisible()
    assert "8938555000126" in screen.new_product_button.text()
    dialog = screen.new_product()
    assert not screen.new_product_button.isVisible()
    assert dialog.barcodes.text() == "8938555000126" and dialog.sku.text() == ""
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.sku  # typing goes to the SKU (it went to the scroll area around the form)
    assert dialog.producer.currentData() == outlet.producer_id and dialog.consigned.isChecked()
    dialog.sku.setText("HD-MAMRUOC")
    dialog.name.setText("Mắm ruốc Gò Công hũ 300 g")
    dialog.price.setText("48.000")
    assert dialog.save()
    assert [(ln.sku, ln.qty) for ln in screen.model.lines] == [("HD-MAMRUOC", 1)]
    assert screen.post() is not None
    assert product(sessions, "HD-MAMRUOC").on_hand == 1 and product(sessions, "HD-MAMRUOC").consigned
    assert not screen.add_code("BT-LACAM")  # a typed SKU no product has: offered as the new product's SKU
    named = screen.new_product()
    assert named.sku.text() == "BT-LACAM" and named.focusWidget() is named.name
    assert not screen.add_code("8938555000127")  # a wrong check digit: nothing to offer
    assert not screen.new_product_button.isVisible()


def test_a_product_of_another_producer_is_refused_at_the_scan_saying_whose_it_is(
        qtbot: QtBot, ui: UiSession, outlet: Outlet, sessions: sessionmaker[Session]) -> None:
    """On a receipt from one producer, another producer's product scanned is not added (the post would refuse
    it only after every other scan, by line number), and the message names both producers; a product of no
    producer (bought outright) is still added."""
    from showroom_pos.services.catalogue import producers
    from showroom_pos.ui.goods_receipt import GoodsReceiptScreen

    with sessions.begin() as s:
        other = producers.add_producer(s, producers.ProducerInput(name="Tổ hợp tác Bánh phồng Tân Phước",
                                                                  kind="cooperative")).id
    screen = GoodsReceiptScreen(ui)
    qtbot.addWidget(screen)
    screen.producer.setCurrentIndex(screen.producer.findData(other))
    assert not screen.add_code("8938000000015")  # HD-MAMTOM, consigned by Cơ sở Mắm Bà Hai Diễm
    assert screen.model.rowCount() == 0
    assert screen.message.text() == ("Mắm tôm chà Gò Công comes from Cơ sở Mắm Bà Hai Diễm, not Tổ hợp tác Bánh "
                                     "phồng Tân Phước: not added to this receipt.")
    assert screen.add_code("8938000000022")  # TRV-TMC: no producer
    assert [ln.sku for ln in screen.model.lines] == ["TRV-TMC"]


def test_the_receipt_note_is_offered_under_the_receipts_number(qtbot: QtBot, ui: UiSession, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Saving several notes in a row must not offer one file name for all of them (each would overwrite the
    last): the name offered carries the receipt's number."""
    from showroom_pos.ui import goods_receipt
    from showroom_pos.ui.goods_receipt import GoodsReceiptScreen

    offered: list[str] = []

    def ask(_parent: object, _title: str, suggested: str, _filters: str) -> Path:
        offered.append(suggested)
        return tmp_path / suggested

    monkeypatch.setattr(goods_receipt, "ask_save_path", ask)
    screen = GoodsReceiptScreen(ui)
    qtbot.addWidget(screen)
    assert screen.add_code("8938000000022")
    assert screen.post() is not None
    saved = screen.save_note_pdf()
    number = screen.recent.row_at(0).number
    assert offered == [f"phieu-nhap-kho-{number}.pdf"] and number.startswith("PN-")
    assert saved is not None and saved.read_bytes().startswith(b"%PDF")


# --- stock count ------------------------------------------------------------------------------------


def answer(asked: list[str], yes: bool) -> Callable[[QMessageBox], None]:
    """Answer the next question Yes or No, noting its text; "No" must be its default (a stray Enter does nothing)."""
    def press(box: QMessageBox) -> None:
        asked.append(box.text())
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No).click()
    return press


def test_stock_count_screen_scan_type_continue_approve(qtbot: QtBot, ui: UiSession, outlet: Outlet,
                                                       sessions: sessionmaker[Session],
                                                       qtmodeltester: ModelTester) -> None:
    from showroom_pos.ui.stock_count import StockCountScreen

    with sessions.begin() as s:
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 10, 36_000),
                                                    GoodsReceiptLineIn(outlet.tra, 5, 42_000)],
                                producer_id=None, consigned=False)
    screen = StockCountScreen(ui)
    qtbot.addWidget(screen)
    assert not screen.approve_button.isEnabled()
    screen.new_note.setText("Cuối tháng")
    count_id = screen.start()
    assert screen.counts.currentText().endswith("(0 lines)")
    for _ in range(3):
        assert screen.add_code("8938000000015")
    assert screen.counts.currentText().endswith("Cuối tháng (1 line)")  # it said 0 lines as long as it was shown
    assert screen.summary.text().startswith("1 product counted, 1 not matching the ledger;")  # "1 products", "differ"
    qtmodeltester.check(screen.model)
    assert [(ln.sku, ln.expected, ln.counted, ln.variance) for ln in screen.model.lines] == [
        ("HD-MAMTOM", 10, 3, -7)]
    screen.close()
    # Later: a new screen finds the open count and continues it.
    again = StockCountScreen(ui)
    qtbot.addWidget(again)
    assert again.count_id() == count_id and again.model.rowCount() == 1
    model = again.model
    assert model.setData(model.index(0, 3), "9")
    assert not model.setData(model.index(0, 3), "chín")
    assert again.model.lines[0].variance == -1
    assert "-36.000" in again.summary.text()
    again.found.setCurrentIndex(again.found.findData(outlet.tra))
    assert again.add_found()
    row = next(i for i, ln in enumerate(again.model.lines) if ln.sku == "TRV-TMC")
    assert model.setData(model.index(row, 3), "6")
    assert again.counts.currentText().endswith("(2 lines)")
    asked: list[str] = []
    when_modal(QMessageBox, answer(asked, False))
    assert again.approve() is None  # the manager saw what it comes to and said no: nothing posted
    # -36.000 + 42.000 at cost
    assert "Products counted: 2; not matching the ledger: 2" in asked[0] and "6.000 ₫ at cost" in asked[0]
    assert product(sessions, "HD-MAMTOM").on_hand == 10 and again.count_id() == count_id
    when_modal(QMessageBox, answer(asked, True))
    sheet = again.approve()
    assert sheet is not None and sheet.status == "approved"
    assert product(sessions, "HD-MAMTOM").on_hand == 9 and product(sessions, "TRV-TMC").on_hand == 6
    assert again.count_id() is None and not again.approve_button.isEnabled()
    assert not again.cancel_button.isEnabled()  # nothing open: nothing to cancel (the button did nothing)


def test_a_cancelled_count_says_so(qtbot: QtBot, ui: UiSession, outlet: Outlet, sessions: sessionmaker[Session]
                                   ) -> None:
    """Cancelled: said where the last scan was said ("…: 1 counted" stayed, of a count no longer open)."""
    from showroom_pos.ui.stock_count import StockCountScreen

    screen = StockCountScreen(ui)
    qtbot.addWidget(screen)
    assert not screen.cancel_button.isEnabled()
    assert screen.add_code("8938000000015")  # a scan with no count open starts one
    assert screen.cancel_button.isEnabled() and screen.message.text() == "Mắm tôm chà Gò Công: 1 counted"
    assert screen.cancel(ask=False)
    assert screen.message.text() == "Count cancelled: what was counted is discarded; stock is unchanged."
    assert screen.count_id() is None and not screen.cancel_button.isEnabled()
    assert product(sessions, "HD-MAMTOM").on_hand == 0


# --- settlement -------------------------------------------------------------------------------------


def test_settlement_screen_shows_settles_and_saves(qtbot: QtBot, ui: UiSession, outlet: Outlet,
                                                   sessions: sessionmaker[Session], qtmodeltester: ModelTester,
                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime, time, timedelta

    from showroom_pos.core.clock import VIETNAM, business_day
    from showroom_pos.services import settlement
    from showroom_pos.services.till import sale_writer
    from showroom_pos.storage.models import ProducerCommission
    from showroom_pos.ui import settlement as settlement_ui
    from showroom_pos.ui.settlement import SettlementScreen

    start, end = settlement.previous_month(business_day())
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        s.add(ProducerCommission(producer_id=outlet.producer_id, valid_from=start - timedelta(days=90), rate_bp=1500))
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 20, 36_000)],
                                producer_id=outlet.producer_id, day=start)
    with sessions.begin() as s:
        p = s.get(Product, outlet.mam_tom)
        assert p is not None
        line = sale_writer.line_for(p, 4, {"standard": 800, "reduced": 500, "zero": 0, "exempt": 0})
        when = datetime.combine(start + timedelta(days=3), time(10), VIETNAM).astimezone(UTC)
        sale_writer.complete_sale(s, outlet.cashier, [line], [sale_writer.PaymentIn("cash", line.gross)], at=when)
    screen = SettlementScreen(ui)
    qtbot.addWidget(screen)
    screen.producer.setCurrentIndex(screen.producer.findData(outlet.producer_id))
    screen.set_period(start, end)
    st = screen.show_statement()
    assert st is not None and (st.received, st.sold, st.sales_value, st.commission, st.payable) == (
        20, 4, 220_000, 33_000, 187_000)
    qtmodeltester.check(screen.model)
    assert "187.000" in screen.totals.text() and not screen.print_button.isEnabled()
    assert "settled" in screen.print_button.toolTip()  # why it cannot be printed yet
    headers = [screen.model.headerData(c, Qt.Orientation.Horizontal) for c in range(screen.model.columnCount())]
    cells = dict(zip(headers, (screen.model.index(0, c).data() for c in range(len(headers))), strict=True))
    assert (cells["On hand at the start"], cells["Received"], cells["Sold"], cells["Other (counts, damage)"],
            cells["On hand at the end"]) == ("0", "20", "4", "0", "16")
    assert "On hand at the start 0, received 20, sold 4, returned 0, other 0, on hand at the end 16." in (
        screen.totals.text())
    assert screen.save("pdf", tmp_path / "statement.pdf") is not None
    assert screen.save("xlsx", tmp_path / "statement.xlsx") is not None
    offered: list[str] = []
    monkeypatch.setattr(settlement_ui, "ask_save_path", lambda _p, _t, name, _f: offered.append(name))
    screen.save("pdf")  # one producer's statement after another's: each its own name (it was the month's alone)
    assert offered == [f"bang-ke-ky-gui-co-so-mam-ba-hai-diem-{end:%Y-%m}.pdf"]
    asked: list[str] = []
    when_modal(QMessageBox, answer(asked, False))
    assert screen.settle() is None and screen.settle_button.isEnabled()  # asked first: one click settled it
    assert "Cơ sở Mắm Bà Hai Diễm" in asked[0] and "187.000 ₫" in asked[0] and "locked" in asked[0]
    when_modal(QMessageBox, answer(asked, True))
    settled = screen.settle()
    assert settled is not None and settled.settled
    assert screen.print_button.isEnabled() and not screen.settle_button.isEnabled()
    assert screen.print_button.toolTip() == "" and screen.settle_button.toolTip() == ""  # settled: nothing to explain
    qtmodeltester.check(screen.history)
    assert screen.history.rowCount() == 1
    with qtbot.waitSignal(ui.events.print_requested) as printed:
        assert screen.print_receipt()
    assert printed.args == ["settlement", settled.settlement_id]


# --- alerts and registration ------------------------------------------------------------------------


def test_alerts_screen(qtbot: QtBot, ui: UiSession, outlet: Outlet, sessions: sessionmaker[Session],
                       qtmodeltester: ModelTester) -> None:
    from datetime import date

    from showroom_pos.services.catalogue.product_fields import ProductInput
    from showroom_pos.ui.stock_alerts import StockAlertsScreen

    with sessions.begin() as s:
        data = products.product_input(s, outlet.tra)
        products.update_product(s, outlet.manager, outlet.tra, ProductInput(**{
            **data.__dict__, "certificate_signed": date(2020, 1, 1), "reorder_level": 3}))
    screen = StockAlertsScreen(ui)
    qtbot.addWidget(screen)
    qtmodeltester.check(screen.model)
    assert [(a.kind, a.sku) for a in screen.model.rows] == [("low_stock", "TRV-TMC"),
                                                            ("certificate_expired", "TRV-TMC")]
    assert screen.model.data(screen.model.index(1, 0)) == "OCOP certificate expired"
    assert "01/01/2023" in screen.model.data(screen.model.index(1, 3))
    dialog = screen.open_ledger(0)
    assert dialog is not None
    dialog.close()


def test_screens_are_registered_for_managers_only(qtbot: QtBot, app_context: AppContext, outlet: Outlet) -> None:
    from showroom_pos.ui.main_window import MainWindow

    mine = {"products", "producers", "goods_receipt", "stock_count", "stock_ledger", "stock_alerts", "settlement"}
    manager = MainWindow(UiSession(app_context, LoggedIn(outlet.manager_id, "Nguyễn Thị Lan", "manager",
                                                         outlet.terminal_id)))
    qtbot.addWidget(manager)
    assert mine <= {s.key for s in manager.specs}
    for key in sorted(mine):
        assert manager.open_screen(key) is not None
    cashier = MainWindow(UiSession(app_context, LoggedIn(outlet.cashier_id, "Trần Văn Minh", "cashier",
                                                         outlet.terminal_id)))
    qtbot.addWidget(cashier)
    assert not mine & {s.key for s in cashier.specs}


def test_settlement_sums_quantities_only_in_one_unit(qtbot: QtBot, ui: UiSession) -> None:
    """Jars and kilograms do not add up: a producer consigning both gets no summed quantities, one consigning by
    weight gets them in kilograms (the lines hold grams)."""
    from datetime import date

    from showroom_pos.services.settlement import Statement, StatementLine
    from showroom_pos.ui.settlement import SettlementScreen

    screen = SettlementScreen(ui)
    qtbot.addWidget(screen)
    durian = StatementLine(1, "SR-1K", "Sầu riêng Ri6", "kg", True, 12_500, 2_250, 0, 10_250, 371_250, 0)
    jars = StatementLine(2, "SR-KEO", "Kẹo sầu riêng", "hũ", False, 10, 4, 0, 6, 200_000, 0)

    def shown(*lines: StatementLine) -> str:
        screen._show(Statement(1, "HTX Ngũ Hiệp", "", date(2026, 11, 1), date(2026, 11, 30), lines, (), 2000))
        return screen.totals.text()

    assert "On hand at the start 0,000 kg, received 12,500 kg, sold 2,250 kg" in shown(durian)
    assert "received 10, sold 4" in shown(jars)
    mixed = shown(durian, jars)
    assert "several units (hũ, kg)" in mixed and "received" not in mixed


def test_the_import_dialog_names_the_columns_instead_of_the_readme(qtbot: QtBot, ui: UiSession) -> None:
    """A manager at the till has no README: the dialog lists the headers a file may have, in Vietnamese."""
    from showroom_pos.runtime import i18n
    from showroom_pos.ui.import_products import ImportDialog

    i18n.install("vi")
    try:
        dialog = ImportDialog(ui)
        qtbot.addWidget(dialog)
        text = dialog.file_label.text()
    finally:
        i18n.install(i18n.language_from_environment())
    assert text.startswith("Chưa chọn tệp.") and "README" not in text
    assert "Mã hàng, Mã vạch, Tên sản phẩm, Đơn vị tính, Giá bán" in text


def test_a_commission_rate_is_written_with_a_decimal_comma_and_typed_either_way(qtbot: QtBot, ui: UiSession) -> None:
    """The rate showed "15.00 %" among amounts written "125.000 ₫"; it is "15,00 %", and "12.5" typed on the
    keypad (a point) is 12,5 % like "12,5"."""
    from showroom_pos.ui.producers import ProducersScreen

    screen = ProducersScreen(ui)
    qtbot.addWidget(screen)
    dialog = screen.new_producer()
    rate = dialog.new_rate
    assert rate.text() == "15,00 %"
    for typed in ("12.5", "12,5", "12.5 %", "12,50 %"):
        assert rate.validate(typed, 0) == QValidator.State.Acceptable, typed
        rate.lineEdit().setText(typed)  # (typed keys: a burst of them would read as a scan here)
        rate.interpretText()
        assert rate.value() == 12.5 and rate.text() == "12,50 %", typed
    for wrong in ("1000", "12,345", "abc", "1.2.3"):
        assert rate.validate(wrong, 0) == QValidator.State.Invalid, wrong
