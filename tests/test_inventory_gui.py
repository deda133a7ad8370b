"""Inventory screens driven offscreen with pytest-qt; their Qt models checked by qtmodeltester."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app.context import AppContext
from showroom_pos.services import inventory
from showroom_pos.services.inventory import ReceiptLineIn
from showroom_pos.storage.models import Product
from showroom_pos.ui.session import LoggedIn, UiSession

from .conftest import Outlet

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample_ocop_products.csv"


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


def test_edit_remove_photo_adjust_and_ledger(qtbot: QtBot, ui: UiSession, sessions: sessionmaker[Session],
                                             outlet: Outlet, tmp_path: Path, qtmodeltester: ModelTester) -> None:
    from showroom_pos.ui.products import ProductsScreen

    with sessions.begin() as s:
        inventory.receive_goods(s, outlet.manager, [ReceiptLineIn(outlet.mam_tom, 10, 36_000)],
                                producer_id=outlet.producer_id)
    screen = ProductsScreen(ui)
    qtbot.addWidget(screen)
    screen.select(outlet.mam_tom)
    dialog = screen.edit_product()
    assert dialog is not None
    dialog.price.setText("58.000")
    assert dialog.save()
    assert product(sessions, "HD-MAMTOM").price == 58_000
    # photo
    picture = tmp_path / "mam.png"
    Image.new("RGB", (800, 600), (180, 120, 40)).save(picture)
    screen.select(outlet.mam_tom)
    screen.choose_photo(picture)
    row = next(r for r in screen.model.rows if r.id == outlet.mam_tom)
    assert row.photo_path and Path(row.photo_path).exists()
    index = screen.model.index(screen.model.rows.index(row), 0)
    assert screen.model.data(index, 1) is not None  # DecorationRole: the photo
    # adjust stock: damaged 2 (typed positive, taken out)
    screen.select(outlet.mam_tom)
    adjust = screen.adjust_stock()
    assert adjust is not None
    adjust.reason.setCurrentIndex(adjust.reason.findData("damaged"))
    adjust.qty.setText("2")
    adjust.note.setText("bể nắp")
    assert adjust.save()
    assert product(sessions, "HD-MAMTOM").on_hand == 8
    # ledger
    screen.select(outlet.mam_tom)
    ledger = screen.open_ledger()
    assert ledger is not None
    model = ledger.ledger.model
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.data(model.index(1, 5)) == "Damaged: bể nắp"
    assert model.data(model.index(1, 3)) == "8"
    ledger.close()
    # remove: sold/received products are deactivated
    screen.select(outlet.mam_tom)
    assert screen.remove_product(ask=False) == "deactivated"
    screen.select(outlet.tra)
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
    screen.export("products", tmp_path / "catalogue.xlsx")
    screen.export("stock", tmp_path / "stock.csv")
    assert (tmp_path / "catalogue.xlsx").exists() and (tmp_path / "stock.csv").exists()
    assert "3 rows written" in screen.message.text()
