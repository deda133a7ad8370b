"""The receipt as the e-invoice's printed form, decoded as the receipt tests decode receipts (text mode through
the printer's code page, raster mode as an image), its QR code read back by zbarimg to the lookup data; the return
slip naming its adjusting invoice; the Z report listing the shift's first and last invoice number."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.money import format_vnd
from showroom_pos.hardware.receipt_render import RenderOptions, text_lines
from showroom_pos.services import printing, settings, shifts
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.einvoice import Buyer
from showroom_pos.services.reports import cash_report
from showroom_pos.services.till import sale_returns, sale_writer
from showroom_pos.storage.models import EInvoice, Product, SaleLine
from tests.conftest import Outlet
from tests.einvoice_support import BUYER_TAX_CODE, SELLER_TAX_CODE, switch_on

from .test_receipt_decoder import decode, zbar


def sell(sessions: sessionmaker[Session], outlet: Outlet, buyer: Buyer | None = None) -> sale_writer.SaleResult:
    with sessions.begin() as s:
        vat = vat_rates.vat_table(s)
        lines = [sale_writer.line_for(s.get_one(Product, outlet.mam_tom), 2, vat),
                 sale_writer.line_for(s.get_one(Product, outlet.sau_rieng), 750, vat)]
        return sale_writer.complete_sale(s, outlet.cashier, lines, [sale_writer.PaymentIn("cash", 300_000)],
                                         buyer=buyer)


def use_printer(sessions: sessionmaker[Session], out: Path, mode: str, paper: str = "80") -> None:
    with sessions.begin() as s:
        settings.set(s, "printer.connection", f"file:{out}")
        settings.set(s, "printer.mode", mode)
        settings.set(s, "printer.paper_mm", paper)


@pytest.fixture
def invoiced(sessions: sessionmaker[Session], outlet: Outlet) -> tuple[sale_writer.SaleResult, EInvoice]:
    outlet.open_shift(sessions)
    switch_on(sessions)
    done = sell(sessions, outlet, Buyer(name="Công ty TNHH Quà Tặng Mỹ Tho", tax_code=BUYER_TAX_CODE,
                                        address="5 Ấp Bắc, phường Mỹ Tho", email="ketoan@quatang.vn"))
    with sessions() as s:
        row = s.scalars(select(EInvoice).where(EInvoice.sale_id == done.sale_id)).one()
        s.expunge(row)
    return done, row


def lookup_fields(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


@pytest.mark.parametrize("paper", ["58", "80"])
def test_text_mode_prints_the_invoice_form_and_its_lookup_qr(sessions: sessionmaker[Session], outlet: Outlet,
                                                            invoiced: tuple[sale_writer.SaleResult, EInvoice],
                                                            tmp_path: Path, paper: str) -> None:
    done, row = invoiced
    out = tmp_path / "receipt.bin"
    use_printer(sessions, out, "text", paper)
    assert printing.run(sessions, printing.PrintRequest("receipt", done.sale_id)).printed
    decoded = decode(out.read_bytes())
    with sessions() as s:
        doc = printing.sale_document(s, done.sale_id, copy=False)
    assert decoded.lines == text_lines(doc, RenderOptions(paper_mm=int(paper), mode="text"))
    text = " ".join(" ".join(decoded.lines).split())
    assert row.code is not None and row.number == 1
    for words in ("HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "(KHỞI TẠO TỪ MÁY TÍNH TIỀN)", f"Mẫu số - Ký hiệu: 1{row.symbol}",
                  "Số hóa đơn: 00000001", f"Mã CQT: {row.code}", "Người mua: Công ty TNHH Quà Tặng Mỹ Tho",
                  f"MST người mua: {BUYER_TAX_CODE}", "Địa chỉ: 5 Ấp Bắc, phường Mỹ Tho",
                  "Email: ketoan@quatang.vn", f"MST: {SELLER_TAX_CODE}", "Thu ngân: Trần Văn Minh",
                  f"Số: {done.receipt_no}",
                  "Số tiền viết bằng chữ: Hai trăm ba mươi ba nghìn bảy trăm năm mươi đồng",
                  "Tra cứu hóa đơn tại hoadondientu.gdt.gov.vn"):
        assert words in text, (words, decoded.lines)
    assert "PHIẾU THANH TOÁN" not in text
    total_line = next(line for line in decoded.lines if line.startswith("TỔNG CỘNG"))
    assert total_line.endswith(format_vnd(233_750).replace("₫", "đ"))
    # The printer draws the QR itself in text mode: the decoder reads the bytes it was given. (On 58 mm paper the
    # receipt number is a QR code too: Code 128 does not fit.)
    [qr] = [q.decode() for q in decoded.qr_codes if q.startswith(b"https://")]
    assert qr == row.lookup_url
    assert lookup_fields(qr) == {"mst": SELLER_TAX_CODE, "khmshdon": "1", "khhdon": row.symbol, "shdon": "1",
                                 "tgtttbso": "233750", "mccqt": row.code}


def test_raster_mode_draws_the_invoice_form_and_zbar_reads_its_qr(sessions: sessionmaker[Session],
                                                                  invoiced: tuple[sale_writer.SaleResult, EInvoice],
                                                                  tmp_path: Path) -> None:
    done, row = invoiced
    out = tmp_path / "receipt.bin"
    use_printer(sessions, out, "raster")
    assert printing.run(sessions, printing.PrintRequest("receipt", done.sale_id)).printed
    decoded = decode(out.read_bytes())
    assert decoded.lines == [] and len(decoded.images) == 1 and decoded.images[0].width == 576
    found = zbar(decoded.images[0], tmp_path)
    assert f"CODE-128:{done.receipt_no}" in found
    [qr] = [f.removeprefix("QR-Code:") for f in found if f.startswith("QR-Code:")]
    assert qr == row.lookup_url and lookup_fields(qr)["mccqt"] == row.code
    # The words are drawn with the shipped font: the raster is the text-mode layout drawn (same blocks).
    with sessions() as s:
        doc = printing.sale_document(s, done.sale_id, copy=False)
    assert doc.title == "HÓA ĐƠN GIÁ TRỊ GIA TĂNG" and doc.subtitle == "(KHỞI TẠO TỪ MÁY TÍNH TIỀN)"
    assert any(n == f"Mã CQT: {row.code}" for n in doc.notes)


def test_without_e_invoicing_the_receipt_is_unchanged(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    done = sell(sessions, outlet)
    with sessions() as s:
        doc = printing.sale_document(s, done.sale_id, copy=False)
    assert doc.title == "PHIẾU THANH TOÁN" and doc.qr_codes == () and doc.subtitle == "" and doc.after_totals == ()


def test_the_return_slip_names_its_adjusting_invoice_and_the_z_report_the_range(
        sessions: sessionmaker[Session], outlet: Outlet, invoiced: tuple[sale_writer.SaleResult, EInvoice],
        tmp_path: Path) -> None:
    done, row = invoiced
    sell(sessions, outlet)
    with sessions.begin() as s:
        line_id = s.scalars(select(SaleLine.id).where(SaleLine.sale_id == done.sale_id)
                            .order_by(SaleLine.line_no)).first()
        assert line_id is not None
        ret = sale_returns.create_return(s, outlet.manager, done.sale_id, [sale_returns.ReturnItem(line_id, 1)],
                                         refund_method="cash")
    with sessions() as s:
        slip = printing.return_document(s, ret.return_id)
        adjusting = s.scalars(select(EInvoice).where(EInvoice.kind == "adjustment")).one()
    assert f"Hóa đơn điều chỉnh: 1{row.symbol}-00000003" in slip.notes
    assert f"(cho hóa đơn 1{row.symbol}-00000001)" in slip.notes
    assert slip.qr_codes == ((adjusting.lookup_url, "Tra cứu hóa đơn tại hoadondientu.gdt.gov.vn"),)
    with sessions.begin() as s:
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None
        shift_id = shift.id
        report = shifts.close_shift(s, outlet.cashier, {500_000: 1})
    assert (report.einvoices, report.einvoice_first, report.einvoice_last) == (
        3, f"1{row.symbol}-00000001", f"1{row.symbol}-00000003")
    with sessions() as s:  # the Z report on screen and in `report cash --kind z` too
        rows = dict(cash_report.z_report(s, shift_id).rows)
    assert (rows["E-invoices issued"], rows["First e-invoice"], rows["Last e-invoice"]) == (
        3, f"1{row.symbol}-00000001", f"1{row.symbol}-00000003")
    out = tmp_path / "z.bin"
    use_printer(sessions, out, "text")
    assert printing.run(sessions, printing.PrintRequest("z_report", shift_id)).printed
    lines = decode(out.read_bytes()).lines
    assert "HÓA ĐƠN ĐIỆN TỬ" in lines
    assert any(line.startswith("Từ số") and line.endswith(f"1{row.symbol}-00000001") for line in lines)
    assert any(line.startswith("Đến số") and line.endswith(f"1{row.symbol}-00000003") for line in lines)
