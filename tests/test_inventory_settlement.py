"""Consignment settlement reproduces hand-computed figures to the đồng, and a settled period is locked."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import VIETNAM, business_day
from showroom_pos.core.errors import ApprovalRequired, ValidationError
from showroom_pos.services import settlement
from showroom_pos.services.catalogue import commission, products
from showroom_pos.services.catalogue.product_fields import ProductInput
from showroom_pos.services.documents import to_text
from showroom_pos.services.field_errors import FieldError
from showroom_pos.services.stock import adjustments, receiving
from showroom_pos.services.stock.receiving import GoodsReceiptLineIn
from showroom_pos.services.till import sale_returns, sale_writer
from showroom_pos.storage.models import ConsignmentSettlement, ProducerCommission, Product, SaleLine

from .conftest import Outlet

START = business_day() - timedelta(days=60)  # the period: START … START + 27 (four weeks, long past)
END = START + timedelta(days=27)
VAT = {"standard": 800, "reduced": 500, "zero": 0, "exempt": 0}


def at(day_offset: int, hour: int = 10) -> datetime:
    return datetime.combine(START + timedelta(days=day_offset), time(hour), VIETNAM).astimezone(UTC)


def sell(sessions: sessionmaker[Session], outlet: Outlet, items: list[tuple[int, int]], when: datetime) -> str:
    with sessions.begin() as s:
        lines = []
        for pid, qty in items:
            product = s.get(Product, pid)
            assert product is not None
            lines.append(sale_writer.line_for(product, qty, VAT))
        total = sum(ln.gross for ln in lines)
        return sale_writer.complete_sale(s, outlet.cashier, lines, [sale_writer.PaymentIn("cash", total)],
                                         at=when).sale_id


@pytest.fixture
def month(sessions: sessionmaker[Session], outlet: Outlet) -> Outlet:
    """A month of consignment: 15 % until day 14, then 12 %; a receipt, sales, a refund, a return."""
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        s.add(ProducerCommission(producer_id=outlet.producer_id, valid_from=START - timedelta(days=365),
                                 rate_bp=1500))
        s.add(ProducerCommission(producer_id=outlet.producer_id, valid_from=START + timedelta(days=14),
                                 rate_bp=1200))
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 30, 36_000)],
                                producer_id=outlet.producer_id, delivery_note_no="PGH-01", day=START)
        # Purchased goods (no producer, not consigned) stay out of the statement.
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.tra, 10, 42_000)], producer_id=None,
                                consigned=False, day=START)
    sell(sessions, outlet, [(outlet.mam_tom, 2)], at(2))  # 110.000 at 15 %
    sell(sessions, outlet, [(outlet.mam_tom, 1), (outlet.tra, 3)], at(9))  # 55.000 at 15 %; tea not consigned
    third = sell(sessions, outlet, [(outlet.mam_tom, 4)], at(19))  # 220.000 at 12 %
    with sessions.begin() as s:
        line_id = s.scalar(select(SaleLine.id).where(SaleLine.sale_id == third))
        assert line_id is not None
        sale_returns.create_return(s, outlet.manager, third, [sale_returns.ReturnItem(line_id, 1)],
                                   refund_method="cash", at=at(20))  # −55.000 at 12 %
        adjustments.adjust_stock(s, outlet.manager, outlet.mam_tom, -2, "return_to_producer", "hũ móp",
                               day=START + timedelta(days=21))
    sell(sessions, outlet, [(outlet.mam_tom, 1)], at(40))  # after the period
    return outlet


def test_statement_matches_hand_computed_figures(sessions: sessionmaker[Session], month: Outlet) -> None:
    with sessions() as s:
        st = settlement.compute(s, month.producer_id, START, END)
    assert [(ln.sku, ln.received, ln.sold, ln.returned, ln.on_hand, ln.sales_value) for ln in st.lines] == [
        ("HD-MAMTOM", 30, 6, 2, 22, 330_000)]
    assert [(seg.start, seg.end, seg.rate_bp, seg.sales_value, seg.commission) for seg in st.segments] == [
        (START, START + timedelta(days=13), 1500, 165_000, 24_750),
        (START + timedelta(days=14), END, 1200, 165_000, 19_800),
    ]
    assert (st.received, st.sold, st.returned, st.on_hand) == (30, 6, 2, 22)
    assert (st.sales_value, st.commission, st.payable) == (330_000, 44_550, 285_450)
    assert st.commission_bp == 1350  # 44.550 / 330.000
    assert not st.settled


def test_commission_rounds_half_up_to_the_dong(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        s.add(ProducerCommission(producer_id=outlet.producer_id, valid_from=START, rate_bp=1500))
        keo = products.create_product(s, outlet.manager, ProductInput(
            sku="KEO", name="Kẹo dừa", price=33_333, producer_id=outlet.producer_id, consigned=True)).id
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(keo, 5)], producer_id=outlet.producer_id,
                                day=START)
    sell(sessions, outlet, [(keo, 1)], at(3))
    with sessions() as s:
        st = settlement.compute(s, outlet.producer_id, START, END)
    assert (st.sales_value, st.commission, st.payable) == (33_333, 5_000, 28_333)  # 4.999,95 → 5.000


def test_settling_locks_the_period(sessions: sessionmaker[Session], month: Outlet) -> None:
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        settlement.settle(s, month.cashier, month.producer_id, START, END)
    with sessions.begin() as s:
        st = settlement.settle(s, month.cashier, month.producer_id, START, END, approved_by=month.manager_id)
        assert st.settled and st.settled_by == "Nguyễn Thị Lan"
        assert (st.sales_value, st.commission, st.payable) == (330_000, 44_550, 285_450)
    with sessions() as s:
        row = s.scalars(select(ConsignmentSettlement)).one()
        assert (row.qty_received, row.qty_sold, row.qty_returned, row.qty_on_hand) == (30, 6, 2, 22)
        assert (row.sales_value, row.commission_bp, row.commission, row.payable) == (330_000, 1350, 44_550, 285_450)
    # Later changes to the catalogue do not rewrite the signed statement.
    with sessions.begin() as s:
        data = products.product_input(s, month.mam_tom)
        products.update_product(s, month.manager, month.mam_tom, ProductInput(**{
            **data.__dict__, "name": "Mắm tôm (tên mới)", "producer_id": None}))
    with sessions() as s:
        again = settlement.statement(s, month.producer_id, START, END)
        assert again.settled and again.lines[0].name == "Mắm tôm chà Gò Công"
        assert (again.sales_value, again.commission, again.payable) == (330_000, 44_550, 285_450)
        doc = settlement.statement_document(s, again)
        text = "\n".join(to_text(doc, 48))
        assert "BẢNG KÊ THANH TOÁN HÀNG KÝ GỬI" in text and "ĐÃ CHỐT SỔ" in text
        assert ("Số tiền thanh toán cho bên ký gửi", "285.450 ₫") in doc.totals
        assert doc.notes[0] == "Bằng chữ: Hai trăm tám mươi lăm nghìn bốn trăm năm mươi đồng."
        assert len(settlement.settlements(s, month.producer_id)) == 1
        # Settled at 01:00 on 5 December in the showroom (18:00 UTC the day before): dated the 5th.
        late = dataclasses.replace(again, settled_at=datetime(2026, 12, 4, 18, 0, tzinfo=UTC))
        assert late.settled_on == date(2026, 12, 5)
        assert settlement.statement_document(s, late).stamp == "ĐÃ CHỐT SỔ ngày 05/12/2026"
    with sessions.begin() as s:
        data = products.product_input(s, month.mam_tom)
        products.update_product(s, month.manager, month.mam_tom, ProductInput(**{
            **data.__dict__, "producer_id": month.producer_id}))
    with sessions.begin() as s, pytest.raises(ValidationError, match="overlaps"):
        settlement.settle(s, month.manager, month.producer_id, END, END + timedelta(days=3))
    with sessions.begin() as s, pytest.raises(FieldError, match="settled"):
        commission.set_commission(s, month.manager, month.producer_id, 1000, END)
    with sessions.begin() as s, pytest.raises(ValidationError, match="settled"):
        receiving.receive_goods(s, month.manager, [GoodsReceiptLineIn(month.mam_tom, 1)],
                                producer_id=month.producer_id, day=END - timedelta(days=1))
    with sessions.begin() as s, pytest.raises(ValidationError, match="ended"):
        settlement.settle(s, month.manager, month.producer_id, END + timedelta(days=1), business_day())
    with sessions() as s:
        assert settlement.next_period(s, month.producer_id, business_day())[0] == END + timedelta(days=1)


def test_previous_month() -> None:
    assert settlement.previous_month(date(2026, 3, 15)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert settlement.previous_month(date(2026, 1, 1)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert settlement.percent_text(1250) == "12,5%" and settlement.percent_text(1500) == "15%"


def test_no_rate_is_a_clear_error(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        receiving.receive_goods(s, outlet.manager, [GoodsReceiptLineIn(outlet.mam_tom, 5)],
                                producer_id=outlet.producer_id, day=START)
    sell(sessions, outlet, [(outlet.mam_tom, 1)], at(1))
    with sessions() as s, pytest.raises(settlement.NoCommissionRate):
        settlement.compute(s, outlet.producer_id, START, END)


def test_statement_as_pdf_and_xlsx(sessions: sessionmaker[Session], month: Outlet, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from showroom_pos.services import documents, exports

    from .test_reports_export import _pdf_text

    with sessions.begin() as s:
        st = settlement.settle(s, month.manager, month.producer_id, START, END)
        doc = settlement.statement_document(s, st)
    data = documents.to_pdf(doc)
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    text = _pdf_text(data)
    for expected in ("BẢNG KÊ THANH TOÁN HÀNG KÝ GỬI", "Cơ sở Mắm Bà Hai Diễm", "Mắm tôm chà Gò Công", "330.000",
                     "285.450 ₫", "Hai trăm tám mươi lăm nghìn bốn trăm năm mươi đồng", "ĐẠI DIỆN BÊN KÝ GỬI",
                     "ĐÃ CHỐT SỔ"):
        assert expected in text, expected
    exports.document_to_xlsx(doc, tmp_path / "statement.xlsx")
    sheet = load_workbook(tmp_path / "statement.xlsx").active
    assert sheet is not None
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "BẢNG KÊ THANH TOÁN HÀNG KÝ GỬI" in values and "285.450 ₫" in values and 330_000 in values


def test_a_statement_pdf_keeps_each_sku_on_one_line() -> None:
    """The statement's eleven columns leave little room: the product names wrap between words, the SKUs keep their
    width ("TA-DTH-NUOC" was printed "TA-DTH-N" over "UOC")."""
    from showroom_pos.services.documents import Column, Document, to_pdf

    from .test_reports_export import _pdf_text

    columns = [Column("STT", True), Column("Mã hàng"), Column("Tên hàng"), Column("ĐVT"),
               *(Column(title, True) for title in ("Tồn đầu", "Nhận", "Bán", "Trả NSX", "Khác", "Tồn cuối",
                                                   "Doanh số"))]
    rows: list[list[str | int]] = [
        [1, "TA-DTH-NUOC", "Nước đông trùng hạ thảo 6 chai", "lốc", 60, 63, 117, 0, 0, 6, 14_040_000],
        [2, "TA-DTH-SAY", "Đông trùng hạ thảo sấy khô 10 g", "hộp", 60, 0, 11, 0, 0, 49, 4_620_000]]
    text = _pdf_text(to_pdf(Document("Bảng kê", columns=columns, rows=rows)))
    assert "TA-DTH-NUOC" in text and "TA-DTH-SAY" in text, text


def test_statement_adds_up_from_the_stock_at_the_start(sessions: sessionmaker[Session], month: Outlet) -> None:
    """A producer checks the statement: stock at the start + received − sold − returned + other = stock at the end,
    where other is what else moved it (a damaged jar, a count), shown on the screen's rows and on the paper; a
    period settled before the statement showed the start leaves both cells empty rather than inventing them."""
    with sessions.begin() as s:
        receiving.receive_goods(s, month.manager, [GoodsReceiptLineIn(month.mam_tom, 5, 36_000)],
                                producer_id=month.producer_id, delivery_note_no="PGH-00",
                                day=START - timedelta(days=5))
        adjustments.adjust_stock(s, month.manager, month.mam_tom, -1, "damaged", "vỡ nắp",
                                 day=START + timedelta(days=22))
    with sessions() as s:
        st = settlement.compute(s, month.producer_id, START, END)
    (line,) = st.lines
    assert (line.opening, line.received, line.sold, line.returned, line.other, line.on_hand) == (5, 30, 6, 2, -1, 26)
    assert (st.opening, st.other) == (5, -1)
    with sessions.begin() as s:
        st = settlement.settle(s, month.manager, month.producer_id, START, END)
        doc = settlement.statement_document(s, st)
    assert [c.title for c in doc.columns][4:10] == ["Tồn đầu", "Nhận", "Bán", "Trả NSX", "Khác", "Tồn cuối"]
    assert doc.rows[0][4:10] == ["5", "30", "6", "2", "-1", "26"]
    assert any(n.startswith("Tồn đầu + Nhận - Bán - Trả NSX + Khác = Tồn cuối") for n in doc.notes)

    with sessions.begin() as s:  # as a statement settled by an earlier version stored it: no start
        row = s.scalars(select(ConsignmentSettlement)).one()
        detail = json.loads(row.detail)
        for stored in detail["lines"]:
            del stored["opening"]
        row.detail = json.dumps(detail)
    with sessions() as s:
        old = settlement.statement(s, month.producer_id, START, END)
        doc = settlement.statement_document(s, old)
    assert old.settled and old.lines[0].opening is None and old.lines[0].other is None and old.opening is None
    assert doc.rows[0][4:10] == ["", "30", "6", "2", "", "26"]
    assert not any(n.startswith("Tồn đầu +") for n in doc.notes)
