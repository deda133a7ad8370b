"""Inventory services: catalogue edits, producers, goods receipts, counts, adjustments, ledger, alerts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import ApprovalRequired, UserError, ValidationError
from showroom_pos.core.text import vietnamese_sort_text
from showroom_pos.services import check, printing, settings
from showroom_pos.services.catalogue import certificates, commission, producers, product_list, products
from showroom_pos.services.catalogue.producers import ProducerInput
from showroom_pos.services.catalogue.product_fields import ProductInput
from showroom_pos.services.catalogue.product_list import ProductFilter
from showroom_pos.services.documents import to_html, to_text
from showroom_pos.services.field_errors import FieldError, InvalidFields
from showroom_pos.services.stock import adjustments, negative_stock, receiving
from showroom_pos.services.stock import alerts as stock_alerts
from showroom_pos.services.stock import counts as stock_counts
from showroom_pos.services.stock import ledger as stock_ledger
from showroom_pos.services.stock.receiving import GoodsReceiptLineIn
from showroom_pos.services.till import sale_writer
from showroom_pos.storage.models import AuditEvent, Product, ProductBarcode, StockCount, StockMovement

from .conftest import Outlet

TODAY = business_day()


def fields_of(exc: UserError) -> set[str]:
    if isinstance(exc, InvalidFields):
        return {e.field for e in exc.errors}
    assert isinstance(exc, FieldError)
    return {exc.field}


def on_hand(sessions: sessionmaker[Session], product_id: int) -> int:
    with sessions() as s:
        product = s.get(Product, product_id)
        assert product is not None
        return product.on_hand


def sell(sessions: sessionmaker[Session], outlet: Outlet, product_id: int, qty: int) -> None:
    with sessions.begin() as s:
        product = s.get(Product, product_id)
        assert product is not None
        line = sale_writer.line_for(product, qty, {"standard": 800, "reduced": 500, "zero": 0, "exempt": 0})
        sale_writer.complete_sale(s, outlet.cashier, [line], [sale_writer.PaymentIn("cash", line.gross)])


# --- products ---------------------------------------------------------------------------------------


def test_every_invalid_field_is_named_at_once(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    bad = ProductInput(sku="", name=" ", price=0, stars=2, barcodes=("8938000000018",), ocop_group="toys",
                       certificate_signed=TODAY + timedelta(days=3), cost=-1)
    with sessions.begin() as s, pytest.raises(InvalidFields) as caught:
        products.create_product(s, outlet.manager, bad)
    assert fields_of(caught.value) == {"sku", "name", "price", "stars", "barcodes", "ocop_group",
                                       "certificate_signed", "cost"}
    texts = " ".join(e.text() for e in caught.value.errors)
    assert "8938000000018 has a wrong check digit" in texts
    assert "only 3, 4 or 5 stars" in texts
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 3  # the fixture's, nothing added


def test_certificate_expiry_defaults_to_36_months(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        p = products.create_product(s, outlet.manager, ProductInput(
            sku="TS-YEN", name="Yến chưng Trí Sơn", price=180_000, barcodes=("8938000000039",),
            certificate_signed=date(2024, 2, 29), stars=4))
        assert p.certificate_expires == date(2027, 2, 28)


def test_barcodes_unique_across_products_but_a_product_keeps_its_own(
        sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s, pytest.raises(FieldError) as caught:
        products.create_product(s, outlet.manager, ProductInput(
            sku="X1", name="Bánh tráng", price=20_000, barcodes=("8938000000015",)))
    assert caught.value.field == "barcodes" and "HD-MAMTOM" in caught.value.text()
    with sessions.begin() as s:
        data = products.product_input(s, outlet.mam_tom)
        changes = products.update_product(s, outlet.manager, outlet.mam_tom,
                                          ProductInput(**{**data.__dict__, "price": 58_000}))
        assert changes == {"price": (55_000, 58_000)}
    with sessions.begin() as s:
        data = products.product_input(s, outlet.sau_rieng)
        assert data.barcodes == ("2000001",)  # the scale item code is edited like any code
        products.update_product(s, outlet.manager, outlet.sau_rieng,
                                ProductInput(**{**data.__dict__, "barcodes": ("2000001", "8938000000046")}))
    with sessions() as s:
        codes = set(s.scalars(select(ProductBarcode.code).where(ProductBarcode.product_id == outlet.sau_rieng)))
        assert codes == {"2000001", "8938000000046"}
        events = s.scalars(select(AuditEvent).where(AuditEvent.kind == "product.updated")).all()
        assert len(events) == 2 and json.loads(events[0].details)["changes"]["price"] == [55_000, 58_000]


def test_a_cashier_needs_a_managers_approval(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    data = ProductInput(sku="GAO-VD20", name="Gạo VD20 Gò Công", price=35_000, unit="kg")
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        products.create_product(s, outlet.cashier, data)
    with sessions.begin() as s:
        p = products.create_product(s, outlet.cashier, data, approved_by=outlet.manager_id)
        event = s.scalars(select(AuditEvent).where(AuditEvent.kind == "product.created")).one()
        assert (event.user_id, event.approver_id, event.entity_id) == (outlet.cashier_id, outlet.manager_id,
                                                                       str(p.id))


def test_sold_products_are_deactivated_never_deleted(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        assert products.remove_product(s, outlet.manager, outlet.tra) == "deleted"
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 5, 36_000)],
                                producer_id=outlet.producer_id)
    sell(sessions, outlet, outlet.mam_tom, 1)
    with sessions.begin() as s:
        assert products.remove_product(s, outlet.manager, outlet.mam_tom) == "deactivated"
    with sessions() as s:
        assert s.get(Product, outlet.tra) is None
        kept = s.get(Product, outlet.mam_tom)
        assert kept is not None and not kept.active
        assert not s.scalars(select(ProductBarcode).where(ProductBarcode.product_id == outlet.tra)).all()
        assert product_list.list_products(s, ProductFilter(text="mắm")) == []
        assert [r.sku for r in product_list.list_products(s, ProductFilter(text="mắm", include_inactive=True))] == [
            "HD-MAMTOM"]


def test_sold_by_weight_cannot_change_after_movements(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.tra, 10, 42_000)], producer_id=None,
                                consigned=False)
    with sessions.begin() as s, pytest.raises(FieldError) as caught:
        data = products.product_input(s, outlet.tra)
        products.update_product(s, outlet.manager, outlet.tra, ProductInput(**{**data.__dict__,
                                                                               "sold_by_weight": True}))
    assert caught.value.field == "sold_by_weight"


def test_photo_is_copied_small(sessions: sessionmaker[Session], outlet: Outlet, tmp_path: Path) -> None:
    source = tmp_path / "big.jpg"
    Image.new("RGB", (2000, 1000), (200, 30, 30)).save(source)
    with sessions.begin() as s:
        stored = products.set_product_photo(s, outlet.manager, outlet.tra, source, tmp_path / "photos")
    assert stored is not None
    with Image.open(stored) as image:
        assert image.size == (512, 256)
    (tmp_path / "notes.txt").write_text("not an image")
    with sessions.begin() as s, pytest.raises(FieldError):
        products.set_product_photo(s, outlet.manager, outlet.tra, tmp_path / "notes.txt", tmp_path / "photos")


# --- listing ----------------------------------------------------------------------------------------


def test_search_ignores_diacritics_and_filters(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        expiring = products.create_product(s, outlet.manager, ProductInput(
            sku="TS-RUOU", name="Rượu đông trùng hạ thảo", price=250_000, stars=3, ocop_group="beverage",
            certificate_signed=TODAY - timedelta(days=36 * 30), reorder_level=5))
        expiring_id = expiring.id
    with sessions() as s:
        def skus(**kw: Any) -> list[str]:  # ProductFilter's fields
            return [r.sku for r in product_list.list_products(s, ProductFilter(**kw))]

        assert skus(text="MAM TOM") == ["HD-MAMTOM"]
        assert skus(text="ruou dong trung") == ["TS-RUOU"]
        assert skus(text="8938000000022") == ["TRV-TMC"]
        assert skus(text="hai diem") == ["HD-MAMTOM"]  # the producer's name
        assert skus(producer_id=outlet.producer_id) == ["HD-MAMTOM"]
        assert skus(stars=3) == ["TS-RUOU", "TRV-TMC"]
        assert skus(group="beverage") == ["TS-RUOU", "TRV-TMC"]
        assert skus(low_stock=True) == ["TS-RUOU"]
        assert skus(certificate_expiring=True) == ["TS-RUOU"]
        row = product_list.list_products(s, ProductFilter(text="ruou"))[0]
        assert row.id == expiring_id and row.certificate_status == "expiring" and row.low


def test_products_and_producers_are_listed_in_vietnamese_order(sessions: sessionmaker[Session], outlet: Outlet
                                                                ) -> None:
    """"Dưa hấu" before "Đông trùng hạ thảo" (Đ follows D in Vietnamese) on the products and producers screens, the
    label sheet, the stock alerts and a stock count's sheet: the database's order folded Đ into D, and put "Đông…"
    between "Củ kiệu" and "Dưa hấu"."""
    with sessions.begin() as s:
        for sku, name in (("DN-DUAHAU", "Dưa hấu Gò Công"), ("TA-DTH", "Đông trùng hạ thảo sấy"),
                          ("CC-CUKIEU", "Củ kiệu muối"), ("DN-DAU", "Đậu phộng rang")):
            products.create_product(s, outlet.manager, ProductInput(sku=sku, name=name, price=50_000, stars=3,
                                                                    reorder_level=5))
        for name in ("Đông trùng hạ thảo Thiên Ân", "Dừa sáp Cầu Kè"):
            producers.create_producer(s, outlet.manager, ProducerInput(name=name, kind="enterprise"))
    with sessions() as s:
        names = [r.name for r in product_list.list_products(s)]
        assert [n for n in names if n[0] in "CDĐ"] == [
            "Củ kiệu muối", "Dưa hấu Gò Công", "Đậu phộng rang", "Đông trùng hạ thảo sấy"]
        listed = [r.name for r in producers.list_producers(s)]
        assert listed.index("Dừa sáp Cầu Kè") < listed.index("Đông trùng hạ thảo Thiên Ân")
        labelled = [item.name for item in printing.label_items(s) if item.name[0] in "CDĐ"]
        assert labelled == ["Củ kiệu muối", "Dưa hấu Gò Công", "Đậu phộng rang", "Đông trùng hạ thảo sấy"]
        low = [a.name for a in stock_alerts.alerts(s) if a.kind == "low_stock" and a.name[0] in "CDĐ"]
        assert low == ["Củ kiệu muối", "Dưa hấu Gò Công", "Đậu phộng rang", "Đông trùng hạ thảo sấy"]
    with sessions.begin() as s:  # a stock count's sheet, in the same order as the shelf's list
        count_id = stock_counts.start_count(s, outlet.manager).id
        for sku in ("TA-DTH", "DN-DAU", "DN-DUAHAU", "CC-CUKIEU"):
            product_id = s.scalars(select(Product.id).where(Product.sku == sku)).one()
            stock_counts.record_count(s, outlet.manager, count_id, product_id, 1)
    with sessions() as s:
        assert [ln.name for ln in stock_counts.count_sheet(s, count_id).lines] == [
            "Củ kiệu muối", "Dưa hấu Gò Công", "Đậu phộng rang", "Đông trùng hạ thảo sấy"]


def test_lists_read_a_page_at_a_time_in_vietnamese_order(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    """The products screen reads the catalogue a page at a time (all 50,000 at once kept it 1.1-1.4 s from showing)
    and a stock count's or a delivery's search takes the first 100: the pages follow Vietnamese order, kept in
    ``product.name_sort`` (0014). Before it, SQLite chose the first rows in the folded name's order ("Đông" among
    the D's) and Python sorted only those: "Đông…" came in place of "Dưa hấu…"."""
    names = ("Dưa hấu Phú Kiết", "Đông trùng hạ thảo Phú Kiết", "Dâu tây Phú Kiết", "Củ kiệu Phú Kiết")
    with sessions.begin() as s:
        for n, name in enumerate(names):
            products.create_product(s, outlet.manager, ProductInput(sku=f"GC-{n}", name=name, price=50_000))
    with sessions() as s:
        assert [r.name for r in product_list.list_products(s, ProductFilter(text="phu kiet"), limit=3)] == [
            "Củ kiệu Phú Kiết", "Dâu tây Phú Kiết", "Dưa hấu Phú Kiết"]
        assert product_list.count_products(s, ProductFilter(text="phu kiet")) == 4
        everything = product_list.list_products(s)
        assert product_list.count_products(s) == len(everything) == 3 + 4
        paged: list[product_list.ProductRow] = []
        while page := product_list.list_products(s, limit=2, after=paged[-1] if paged else None):
            assert len(page) <= 2
            paged += page
        assert paged == everything
        dua = next(r for r in everything if r.name.startswith("Dưa"))
    with sessions.begin() as s:  # renamed, a product moves to its new place
        products.update_product(s, outlet.manager, dua.id, replace(products.product_input(s, dua.id),
                                                                   name="Ớt hiểm Phú Kiết"))
    with sessions() as s:
        assert [r.name for r in product_list.list_products(s, ProductFilter(text="phu kiet"))] == [
            "Củ kiệu Phú Kiết", "Dâu tây Phú Kiết", "Đông trùng hạ thảo Phú Kiết", "Ớt hiểm Phú Kiết"]
        assert all(p.name_sort == vietnamese_sort_text(p.name) for p in s.scalars(select(Product)))


def test_expired_certificate_warns_at_checkout(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        p = products.create_product(s, outlet.manager, ProductInput(
            sku="OLD", name="Kẹo dừa", price=30_000, stars=3, certificate_signed=date(2020, 5, 10)))
        assert p.certificate_expires == date(2023, 5, 10)
        assert certificates.is_expired_ocop(p, date(2023, 5, 10)) is False  # the last valid day
        assert certificates.is_expired_ocop(p, date(2023, 5, 11)) is True
        assert certificates.is_expired_ocop(p) is True
        assert certificates.expired_ocop_ids(s) == {p.id}
        assert certificates.certificate_status(date(2023, 7, 9), date(2023, 5, 10)) == "expiring"
        assert certificates.certificate_status(date(2023, 7, 10), date(2023, 5, 10)) == "valid"
        fresh = s.get(Product, outlet.tra)
        assert fresh is not None and not certificates.is_expired_ocop(fresh)


# --- producers --------------------------------------------------------------------------------------


def test_producer_checks_and_commission_history(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s, pytest.raises(InvalidFields) as caught:
        producers.create_producer(s, outlet.manager, ProducerInput(name="", kind="shop", tax_code="0312345679"))
    assert fields_of(caught.value) == {"name", "kind", "tax_code"}
    with sessions.begin() as s:
        p = producers.create_producer(s, outlet.manager, ProducerInput(
            name="HTX Nông nghiệp Đông Nghi", kind="cooperative", tax_code="0101245486"),
            commission_bp=1800, valid_from=date(2025, 1, 1))
        commission.set_commission(s, outlet.manager, p.id, 1500, date(2026, 1, 1))
        assert commission.commission_history(s, p.id) == [(date(2026, 1, 1), 1500), (date(2025, 1, 1), 1800)]
        assert commission.commission_rate(s, p.id, date(2025, 12, 31)) == 1800
        assert commission.commission_rate(s, p.id, date(2024, 12, 31)) is None
        with pytest.raises(FieldError):
            producers.create_producer(s, outlet.manager, ProducerInput(name="Khác", kind="household",
                                                                       tax_code="0101245486"))
        assert producers.remove_producer(s, outlet.manager, p.id) == "deleted"
        assert producers.remove_producer(s, outlet.manager, outlet.producer_id) == "deactivated"


# --- goods receipts ---------------------------------------------------------------------------------


def test_goods_receipt_posts_in_one_go(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    best = TODAY + timedelta(days=200)
    with sessions.begin() as s:
        receipt = receiving.receive_goods(s, outlet.manager, [
            GoodsReceiptLineIn(outlet.mam_tom, 20, 36_000, "L2611", best),
            GoodsReceiptLineIn(outlet.mam_tom, 4, 36_000),
        ], producer_id=outlet.producer_id, delivery_note_no="PGH-0042", note="Giao đủ")
        receipt_id = receipt.id
    with sessions.begin() as s:
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.sau_rieng, 1_500, 120_000)],
                                producer_id=None, consigned=False)
    assert on_hand(sessions, outlet.mam_tom) == 24
    assert on_hand(sessions, outlet.sau_rieng) == 1_500
    with sessions() as s:
        moves = s.scalars(select(StockMovement).where(StockMovement.ref_id == receipt_id)
                          .order_by(StockMovement.qty.desc())).all()
        assert [(m.kind, m.qty, m.unit_cost, m.batch_no, m.best_before) for m in moves] == [
            ("receipt", 20, 36_000, "L2611", best), ("receipt", 4, 36_000, None, None)]
        assert check.check_database(s) == []
        doc = receiving.goods_receipt_note(s, receipt_id)
        assert doc.totals[-1] == ("Tổng tiền hàng", "864.000 ₫")
        assert doc.notes[0] == "Bằng chữ: Tám trăm sáu mươi bốn nghìn đồng."
        text = "\n".join(to_text(doc, 42))
        assert "PHIẾU NHẬP KHO HÀNG KÝ GỬI" in text and "PGH-0042" in text
        assert all(len(line) <= 42 for line in to_text(doc, 42))
        assert "Mắm tôm chà Gò Công" in to_html(doc)
        weight_doc = receiving.goods_receipt_note(s, receiving.list_goods_receipts(s)[0].id)
        assert weight_doc.rows[0][5] == "1,500 kg" and weight_doc.totals[-1][1] == "180.000 ₫"
        assert [r.value for r in receiving.list_goods_receipts(s)] == [180_000, 864_000]


def test_a_bad_receipt_writes_nothing(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        other = producers.create_producer(s, outlet.manager, ProducerInput(name="Cơ sở Cải chua Thanh Quí",
                                                                           kind="household"))
        other_id = other.id
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 1, 36_000)],
                                producer_id=outlet.producer_id, delivery_note_no="A1")
    with sessions.begin() as s, pytest.raises(InvalidFields) as caught:
        receiving.receive_goods(s, outlet.manager, [
            GoodsReceiptLineIn(outlet.mam_tom, 0, 36_000), GoodsReceiptLineIn(outlet.tra, 5, -1,
                                                                              best_before=TODAY - timedelta(days=1)),
        ], producer_id=outlet.producer_id, delivery_note_no="A1")
    texts = [e.text() for e in caught.value.errors]
    assert "Delivery note A1 of this producer was already received." in texts
    assert "Line 1: the quantity must be more than 0." in texts
    assert "Line 2: the unit cost cannot be negative." in texts
    assert any(t.startswith("Line 2: the best-before date") for t in texts)
    with sessions.begin() as s, pytest.raises(FieldError, match="another producer"):
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 1)], producer_id=other_id)
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        receiving.receive_goods(s, outlet.cashier, [GoodsReceiptLineIn(outlet.tra, 1)], producer_id=None,
                                consigned=False)
    assert on_hand(sessions, outlet.mam_tom) == 1
    assert on_hand(sessions, outlet.tra) == 0


# --- counts -----------------------------------------------------------------------------------------


def test_stock_count_saved_continued_and_approved(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 10, 36_000),
                                                    GoodsReceiptLineIn(outlet.sau_rieng, 5_000, 120_000)],
                                producer_id=None, consigned=False)
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.tra, 7, 42_000)], producer_id=None,
                                consigned=False)
        count_id = stock_counts.start_count(s, outlet.cashier, "Kiểm kê cuối tháng").id
        for _ in range(3):
            stock_counts.scan_into_count(s, outlet.cashier, count_id, "8938000000015")
    with sessions.begin() as s:  # later, another session: the count was kept
        assert [c.id for c in stock_counts.open_counts(s)] == [count_id]
        stock_counts.scan_into_count(s, outlet.cashier, count_id, "8938000000015")
        stock_counts.record_count(s, outlet.cashier, count_id, outlet.mam_tom, 8)  # typed: replaces the scans
        # a scale label: 2000001 + 04250 (4,250 kg) + check digit
        from showroom_pos.core.barcode import with_check_digit

        stock_counts.scan_into_count(s, outlet.cashier, count_id, with_check_digit("200000104250"))
        sheet = stock_counts.count_sheet(s, count_id)
        assert [(ln.sku, ln.expected, ln.counted, ln.variance, ln.variance_value) for ln in sheet.lines] == [
            ("HD-MAMTOM", 10, 8, -2, -72_000), ("TCT-SR", 5_000, 4_250, -750, -90_000)]
        assert sheet.variance_value == -162_000
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        stock_counts.approve_count(s, outlet.cashier, count_id)
    with sessions.begin() as s:
        done = stock_counts.approve_count(s, outlet.cashier, count_id, approved_by=outlet.manager_id)
        assert done.status == "approved" and done.approved_by == "Nguyễn Thị Lan"
        assert [(ln.expected, ln.counted, ln.variance) for ln in done.lines] == [(10, 8, -2), (5_000, 4_250, -750)]
    assert on_hand(sessions, outlet.mam_tom) == 8
    assert on_hand(sessions, outlet.sau_rieng) == 4_250
    assert on_hand(sessions, outlet.tra) == 7  # not counted: untouched
    with sessions() as s:
        assert check.check_database(s) == []
        assert s.get_one(StockCount, count_id).status == "approved"
        with pytest.raises(ValidationError):
            stock_counts.record_count(s, outlet.cashier, count_id, outlet.tra, 1)


# --- adjustments, negative stock, ledger -------------------------------------------------------------


def test_adjustments_need_a_reason_and_refuse_negative_stock(sessions: sessionmaker[Session],
                                                             outlet: Outlet) -> None:
    with sessions.begin() as s:
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 3, 36_000)],
                                producer_id=outlet.producer_id)
    with sessions.begin() as s, pytest.raises(FieldError) as caught:
        adjustments.adjust_stock(s, outlet.manager, outlet.mam_tom, 2, "other")
    assert caught.value.field == "note"
    with sessions.begin() as s, pytest.raises(FieldError):
        adjustments.adjust_stock(s, outlet.manager, outlet.mam_tom, 2, "damaged")
    with sessions.begin() as s, pytest.raises(negative_stock.NotEnoughStock, match="Only 3 of Mắm tôm"):
        adjustments.adjust_stock(s, outlet.manager, outlet.mam_tom, -5, "damaged")
    with sessions.begin() as s:
        adjustments.adjust_stock(s, outlet.manager, outlet.mam_tom, -1, "tasting", "khách nếm thử")
        adjustments.adjust_stock(s, outlet.manager, outlet.mam_tom, -1, "return_to_producer")
        settings.set(s, "stock.allow_negative", "yes")
    with sessions.begin() as s:
        adjustments.adjust_stock(s, outlet.manager, outlet.mam_tom, -3, "damaged", "bể hũ")
    assert on_hand(sessions, outlet.mam_tom) == -2
    with sessions() as s:
        flagged = s.scalars(select(AuditEvent).where(AuditEvent.kind == "stock.negative")).one()
        assert json.loads(flagged.details)["on_hand"] == -2
        assert [a.kind for a in stock_alerts.alerts(s) if a.product_id == outlet.mam_tom] == ["negative_stock"]
        ledger = stock_ledger.product_ledger(s, outlet.mam_tom)
        assert [(r.kind, r.qty, r.balance, r.reason, r.user_name) for r in ledger] == [
            ("receipt", 3, 3, "Cơ sở Mắm Bà Hai Diễm", "Nguyễn Thị Lan"),
            ("adjustment", -1, 2, "tasting: khách nếm thử", "Nguyễn Thị Lan"),
            ("consignment_return", -1, 1, "return_to_producer", "Nguyễn Thị Lan"),
            ("adjustment", -3, -2, "damaged: bể hũ", "Nguyễn Thị Lan"),
        ]
        assert ledger[0].reference.startswith("PN-")
        assert len(s.scalars(select(AuditEvent).where(AuditEvent.kind == "stock.adjusted")).all()) == 3


def test_ledger_names_the_sale(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.tra, 4, 42_000)], producer_id=None,
                                consigned=False)
    sell(sessions, outlet, outlet.tra, 3)
    with sessions() as s:
        last = stock_ledger.product_ledger(s, outlet.tra)[-1]
        assert (last.kind, last.qty, last.balance, last.user_name) == ("sale", -3, 1, "Trần Văn Minh")
        assert last.reference.startswith("CL01-")


# --- alerts -----------------------------------------------------------------------------------------


def test_alerts(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        settings.set(s, "stock.best_before_warning_days", "30")
        data = products.product_input(s, outlet.mam_tom)
        products.update_product(s, outlet.manager, outlet.mam_tom, ProductInput(**{
            **data.__dict__, "reorder_level": 10, "certificate_signed": TODAY - timedelta(days=1090)}))
        data = products.product_input(s, outlet.tra)
        products.update_product(s, outlet.manager, outlet.tra, ProductInput(**{
            **data.__dict__, "certificate_signed": date(2020, 1, 1)}))
        # Old batch past its date, then a batch near it, then a fresh one: FIFO leaves 2 + 5 + 1 on the shelf.
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 6, 36_000, "OLD",
                                                                       TODAY + timedelta(days=1))],
                                producer_id=outlet.producer_id, day=TODAY - timedelta(days=40))
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 5, 36_000, "NEAR",
                                                                       TODAY + timedelta(days=20))],
                                producer_id=outlet.producer_id)
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 1, 36_000, "NEW",
                                                                       TODAY + timedelta(days=90))],
                                producer_id=outlet.producer_id)
        adjustments.adjust_stock(s, outlet.manager, outlet.mam_tom, -4, "damaged")
    with sessions() as s:
        found = [(a.kind, a.sku, a.batch_no, a.qty) for a in stock_alerts.alerts(s, TODAY + timedelta(days=2))]
        assert found == [
            ("low_stock", "HD-MAMTOM", None, 0),
            ("certificate_expired", "TRV-TMC", None, 0),
            ("certificate_expiring", "HD-MAMTOM", None, 0),
            ("best_before_past", "HD-MAMTOM", "OLD", 2),
            ("best_before_near", "HD-MAMTOM", "NEAR", 5),
        ]
        counts, _listed = stock_alerts.overview(s, TODAY + timedelta(days=2), 0)
        assert counts["best_before_past"] == 1 and counts["certificate_expired"] == 1


def test_alerts_are_ordered_limited_and_counted_by_sqlite_as_listed_in_python(sessions: sessionmaker[Session],
                                                                             outlet: Outlet,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The home screen counts the products' alerts in SQLite and makes only those it lists (it made all of them:
    ~0.8 s on the GUI thread with 16,666 products below their reorder level); its first ones and its counts are the
    full list's, whose order is Vietnamese (SQLite orders it by ``name_sort``)."""
    from collections import Counter

    from sqlalchemy import update

    from showroom_pos.core.text import vietnamese_sort_key
    from showroom_pos.services import dashboard

    names = ["Đông trùng hạ thảo", "Dưa hấu Gò Công", "Cam sành", "Cân đường", "bánh pía", "Bánh phồng tôm",
             "Ổi nữ hoàng", "Ớt hiểm", "Dừa sáp", "Chuối sấy", "Kẹo dừa", "Khô cá lóc"]
    later = TODAY + timedelta(days=2)  # the batch below is past its best-before date then
    with sessions.begin() as s:
        made = [products.create_product(s, outlet.manager, ProductInput(sku=f"AL-{i:02}", name=name, price=50_000,
                                                                         stars=3)).id
                for i, name in enumerate(names)]
        for i, pid in enumerate(made):  # a third below zero, the rest below their level; some certificates too
            s.execute(update(Product).where(Product.id == pid).values(
                on_hand=-1 if i % 3 == 0 else 2, reorder_level=5,
                certificate_expires=later - timedelta(days=1) if i % 4 == 1 else
                later + timedelta(days=30) if i % 4 == 2 else None))
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.tra, 3, 40_000, "B1",
                                                                       TODAY + timedelta(days=1))],
                                producer_id=outlet.producer_id)
    with sessions() as s:
        every = stock_alerts.alerts(s, later)
        kinds = [a.kind for a in every]
        assert kinds == sorted(kinds, key=stock_alerts.ALERT_KINDS.index)
        for kind in ("negative_stock", "low_stock", "certificate_expired", "certificate_expiring"):
            listed = [a.name for a in every if a.kind == kind]
            assert listed and listed == sorted(listed, key=vietnamese_sort_key)
        assert "best_before_past" in kinds
        tally = {**dict.fromkeys(stock_alerts.ALERT_KINDS, 0), **Counter(kinds)}
        for n in range(len(every) + 2):
            assert stock_alerts.overview(s, later, n) == (tally, every[:n])
        assert stock_alerts.overview(s, later, 0)[0] == tally

        made_alerts: list[stock_alerts.Alert] = []
        real = stock_alerts.Alert

        def counted(*args: Any, **kwargs: Any) -> stock_alerts.Alert:
            made_alerts.append(real(*args, **kwargs))
            return made_alerts[-1]

        monkeypatch.setattr(stock_alerts, "Alert", counted)
        today = dashboard.today(s, outlet.terminal_id, later)
        assert today.alerts == every[:dashboard.ALERTS_LISTED]
        # (the batches' alerts are made to be counted: they come from first-in, first-out in Python)
        assert len([a for a in made_alerts if not a.kind.startswith("best_before")]) == dashboard.ALERTS_LISTED
        assert today.low_stock == kinds.count("low_stock") and today.negative_stock == kinds.count("negative_stock")
        assert today.certificates_expired == kinds.count("certificate_expired") == 3


def test_long_receipt_note_pdf_breaks_pages(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    from showroom_pos.services.documents import to_pdf

    from .test_reports_export import _pdf_text

    with sessions.begin() as s:
        lines = [GoodsReceiptLineIn(outlet.mam_tom, n, 36_000, f"L{n:03d}") for n in range(1, 61)]
        receipt_id = receiving.receive_goods(s, outlet.manager, lines, producer_id=outlet.producer_id).id
        data = to_pdf(receiving.goods_receipt_note(s, receipt_id))
    pages = [page for page in _pdf_text(data).split("\f") if page.strip()]
    text = "".join(pages)
    assert len(pages) >= 2
    assert all("Thành tiền" in page for page in pages)  # the header repeats on the next page
    assert "L060" in text and f"{sum(range(1, 61)) * 36_000:,}".replace(",", ".") + " ₫" in text
