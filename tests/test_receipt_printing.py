"""Receipts of real sales (``services.till.sale_writer.complete_sale``) printed through the print path to a file
printer, decoded independently; the reprint queue; copies; returns, Z reports, settlements and payment
requests through the same path; the ``reprint`` and ``printer`` commands."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from escpos import printer as escpos_printer
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app.cli import main
from showroom_pos.core.clock import business_day
from showroom_pos.core.money import format_vnd
from showroom_pos.core.receipt import DocumentKind
from showroom_pos.hardware import printers
from showroom_pos.hardware.receipt_render import RenderOptions, text_lines
from showroom_pos.services import check, printing, settings, settlement, shifts
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.till import checkout_sale, sale_returns, sale_writer, voids
from showroom_pos.storage.models import (
    AuditEvent,
    ConsignmentSettlement,
    Payment,
    ProducerCommission,
    Product,
    ReprintQueue,
    Sale,
    SaleLine,
)

from .conftest import Outlet
from .test_receipt_decoder import decode, zbar


def sell(sessions: sessionmaker[Session], outlet: Outlet, payments: list[sale_writer.PaymentIn] | None = None
         ) -> sale_writer.SaleResult:
    """2 hũ mắm tôm, a box of tea and 750 g of durian: 110.000 + 65.000 + 123.750 = 298.750 ₫."""
    with sessions.begin() as s:
        vat = vat_rates.vat_table(s)
        lines = [
            sale_writer.line_for(s.get_one(Product, outlet.mam_tom), 2, vat),
            sale_writer.line_for(s.get_one(Product, outlet.tra), 1, vat),
            sale_writer.line_for(s.get_one(Product, outlet.sau_rieng), 750, vat),
        ]
        return sale_writer.complete_sale(s, outlet.cashier, lines, payments or [sale_writer.PaymentIn("cash", 300_000)])


def use_printer(sessions: sessionmaker[Session], connection: str, **values: str) -> None:
    with sessions.begin() as s:
        settings.set(s, "printer.connection", connection)
        for key, value in values.items():
            settings.set(s, f"printer.{key}", value)


@pytest.fixture
def sale(sessions: sessionmaker[Session], outlet: Outlet) -> sale_writer.SaleResult:
    outlet.open_shift(sessions)
    return sell(sessions, outlet)


def snapshot(sessions: sessionmaker[Session], sale_id: str) -> tuple[object, ...]:
    with sessions() as s:
        row = s.get_one(Sale, sale_id)
        lines = s.scalars(select(SaleLine.amount).where(SaleLine.sale_id == sale_id)).all()
        paid = s.scalars(select(Payment.amount).where(Payment.sale_id == sale_id)).all()
        stock = s.scalars(select(Product.on_hand).order_by(Product.id)).all()
        return (row.receipt_no, row.total, row.change_due, row.status, tuple(lines), tuple(paid), tuple(stock))


@pytest.mark.parametrize("paper", ["58", "80"])
def test_text_receipt_of_a_real_sale_reads_back_exactly(sessions: sessionmaker[Session], outlet: Outlet,
                                                        sale: sale_writer.SaleResult, tmp_path: Path,
                                                        paper: str) -> None:
    out = tmp_path / "receipt.bin"
    use_printer(sessions, f"file:{out}", mode="text", paper_mm=paper)
    outcome = printing.run(sessions, printing.PrintRequest("receipt", sale.sale_id))
    assert outcome.printed

    decoded = decode(out.read_bytes())
    with sessions() as s:
        doc = printing.sale_document(s, sale.sale_id, copy=False)
        names = s.scalars(select(SaleLine.name).where(SaleLine.sale_id == sale.sale_id)).all()
    assert decoded.lines == text_lines(doc, RenderOptions(paper_mm=int(paper), mode="text"))
    text = " ".join(" ".join(decoded.lines).split())
    assert set(names) == {"Mắm tôm chà Gò Công", "Trà mãng cầu xiêm", "Sầu riêng Ri6"}
    for name in names:
        assert name in text
    for words in ("Điểm OCOP Mỹ Tho", "Thu ngân: Trần Văn Minh", f"Số: {sale.receipt_no}", "PHIẾU THANH TOÁN",
                  "0,750 kg x 165.000 đ", "Cảm ơn quý khách! Hẹn gặp lại."):
        assert words in text
    total_line = next(line for line in decoded.lines if line.startswith("TỔNG CỘNG"))
    assert total_line.endswith(format_vnd(298_750).replace("₫", "đ"))
    assert any(line.startswith("Tiền thừa trả khách") and line.endswith("1.250 đ") for line in decoded.lines)
    assert decoded.cuts == 1
    with sessions() as s:
        assert s.get_one(Sale, sale.sale_id).printed


def test_raster_receipt_of_a_real_sale_scans(sessions: sessionmaker[Session], sale: sale_writer.SaleResult,
                                             tmp_path: Path) -> None:
    out = tmp_path / "receipt.bin"
    use_printer(sessions, f"file:{out}")  # raster, 80 mm: the defaults
    assert printing.run(sessions, printing.PrintRequest("receipt", sale.sale_id)).printed
    decoded = decode(out.read_bytes())
    assert decoded.lines == [] and len(decoded.images) == 1
    assert decoded.images[0].width == 576
    assert zbar(decoded.images[0], tmp_path) == [f"CODE-128:{sale.receipt_no}"]
    # the returns desk finds the sale by what it scanned
    with sessions() as s:
        assert sale_returns.find_sale_for_return(s, sale.receipt_no).sale_id == sale.sale_id


def test_cash_sales_open_the_drawer_card_sales_do_not(sessions: sessionmaker[Session], outlet: Outlet,
                                                      sale: sale_writer.SaleResult, tmp_path: Path) -> None:
    out = tmp_path / "receipt.bin"
    use_printer(sessions, f"file:{out}", drawer_pin="5", drawer_pulse_ms="120")
    with sessions() as s:
        request = printing.request_for_sale(s, sale.sale_id)
    assert request.kick_drawer
    assert printing.run(sessions, request).printed
    assert decode(out.read_bytes()).drawer_kicks == [(1, 60, 60)]
    card = sell(sessions, outlet, [sale_writer.PaymentIn("card", 298_750, "VISA-0042")])
    with sessions() as s:
        request = printing.request_for_sale(s, card.sale_id)
    assert not request.kick_drawer
    assert printing.run(sessions, request).printed
    assert decode(out.read_bytes()).drawer_kicks == []


class BreaksHalfWay(escpos_printer.Dummy):
    """A printer that takes the first part of the job and then goes away (cable, power, paper jam)."""

    def _raw(self, msg: bytes) -> None:
        if len(self.output) >= 8192:
            raise OSError("printer disconnected")
        super()._raw(msg)


def test_a_printer_failure_mid_receipt_keeps_the_sale_and_queues_the_receipt(
        sessions: sessionmaker[Session], outlet: Outlet, sale: sale_writer.SaleResult, tmp_path: Path) -> None:
    use_printer(sessions, f"file:{tmp_path}/receipt.bin")
    before = snapshot(sessions, sale.sale_id)
    broken = BreaksHalfWay()
    transport = printers.EscposTransport(printers.Connection("file", str(tmp_path / "x")), printers.PrinterConfig(),
                                         device_factory=lambda _c, _p: broken)
    outcome = printing.run(sessions, printing.PrintRequest("receipt", sale.sale_id), transport=transport)
    assert not outcome.printed and "printer disconnected" in outcome.error
    assert 8192 <= len(broken.output) < 20000  # it failed in the middle of the receipt
    assert snapshot(sessions, sale.sale_id) == before
    with sessions() as s:
        assert check.check_database(s) == []
        jobs = printing.pending_jobs(s)
        assert [(j.kind, j.ref, j.label) for j in jobs] == [("receipt", sale.sale_id, sale.receipt_no)]
        assert "printer disconnected" in jobs[0].error
        assert not s.get_one(Sale, sale.sale_id).printed
    # Failing again keeps one entry; the reprint then prints the original (it never printed) and empties the queue.
    printing.run(sessions, printing.PrintRequest("receipt", sale.sale_id), transport=transport)
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(ReprintQueue)) == 1
    outcomes = printing.retry_pending(sessions)
    assert [o.printed for o in outcomes] == [True]
    reprinted = decode((tmp_path / "receipt.bin").read_bytes())
    assert zbar(reprinted.images[0], tmp_path) == [f"CODE-128:{sale.receipt_no}"]
    with sessions() as s:
        assert printing.pending_count(s) == 0
        assert s.get_one(Sale, sale.sale_id).printed
        job = s.scalars(select(ReprintQueue)).one()
        assert job.done_at is not None


def test_offline_printer_queues_and_reprint_marks_copies(sessions: sessionmaker[Session], outlet: Outlet,
                                                         sale: sale_writer.SaleResult, tmp_path: Path) -> None:
    use_printer(sessions, f"file:{tmp_path}/missing/receipt.bin", mode="text")
    outcome = printing.run(sessions, printing.PrintRequest("receipt", sale.sale_id))
    assert not outcome.printed and outcome.queued_job_id is not None
    out = tmp_path / "receipt.bin"
    use_printer(sessions, f"file:{out}")
    assert [o.printed for o in printing.retry_pending(sessions)] == [True]
    original = decode(out.read_bytes()).lines
    assert not any("BẢN SAO" in line for line in original)
    # From now on every print of this receipt is a copy, marked, and audited.
    outcome = printing.reprint(sessions, sale.receipt_no.lower(), user_id=outlet.manager_id)
    assert outcome.printed
    copy = decode(out.read_bytes()).lines
    assert "*** BẢN SAO - IN LẠI ***" in copy
    assert [line for line in copy if "BẢN SAO" not in line] == original
    with sessions() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.kind == "receipt.reprinted")).all()
        assert [(e.user_id, e.entity_id) for e in events] == [(outlet.manager_id, sale.sale_id)]
    # A reprint that fails is reported, not queued: the person is standing at the printer.
    use_printer(sessions, f"file:{tmp_path}/missing/receipt.bin")
    failed = printing.reprint(sessions, sale.receipt_no)
    assert not failed.printed and failed.queued_job_id is None


def test_a_reprint_is_a_copy_even_of_a_receipt_that_never_printed(sessions: sessionmaker[Session],
                                                                   sale: sale_writer.SaleResult,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "copy.bin"
    use_printer(sessions, f"file:{out}", mode="text")
    assert printing.reprint(sessions, sale.receipt_no).printed
    assert "*** BẢN SAO - IN LẠI ***" in decode(out.read_bytes()).lines


def test_no_printer_set_prints_nothing_and_queues_nothing(sessions: sessionmaker[Session],
                                                          sale: sale_writer.SaleResult) -> None:
    outcome = printing.run(sessions, printing.PrintRequest("receipt", sale.sale_id))
    assert outcome.skipped and not outcome.printed
    with sessions() as s:
        assert printing.pending_count(s) == 0
    assert printing.run(sessions, printing.PrintRequest("test_page")).skipped
    assert printing.kick_drawer(sessions).skipped


def test_returns_z_reports_and_settlements_print_through_the_same_path(
        sessions: sessionmaker[Session], outlet: Outlet, sale: sale_writer.SaleResult, tmp_path: Path) -> None:
    out = tmp_path / "doc.bin"
    use_printer(sessions, f"file:{out}", mode="text")
    with sessions.begin() as s:
        info = sale_returns.find_sale_for_return(s, sale.receipt_no)
        line = next(ln for ln in info.lines if ln.name == "Mắm tôm chà Gò Công")
        result = sale_returns.create_return(s, outlet.cashier, sale.sale_id,
                                            [sale_returns.ReturnItem(line.sale_line_id, 1)],
                                            refund_method="cash", approved_by=outlet.manager_id, reason="Hũ bị móp")
    assert printing.run(sessions, printing.PrintRequest("return", result.return_id)).printed
    text = decode(out.read_bytes()).text
    for words in ("PHIẾU TRẢ HÀNG", result.return_no, f"Theo phiếu{' ' * 2}", "Mắm tôm chà Gò Công", "Hũ bị móp",
                  "Hoàn lại khách (Tiền mặt)", "55.000 đ"):
        assert words in text

    with sessions() as s:
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None
        shift_id = shift.id
    assert printing.run(sessions, printing.PrintRequest("x_report", shift_id)).printed
    assert "BÁO CÁO GIỮA CA (X)" in decode(out.read_bytes()).text
    with sessions.begin() as s:
        report = shifts.close_shift(s, outlet.cashier, {500_000: 1, 200_000: 1, 50_000: 1})
    assert printing.run(sessions, printing.PrintRequest("z_report", shift_id)).printed
    z = decode(out.read_bytes()).lines
    assert "BÁO CÁO CUỐI CA (Z)" in z
    assert any(line.startswith("Doanh thu thuần") and line.endswith(format_vnd(report.net_sales).replace("₫", "đ"))
               for line in z)
    assert any(line.startswith("Chênh lệch") for line in z)

    with sessions.begin() as s:
        s.add(ProducerCommission(producer_id=outlet.producer_id, valid_from=business_day() - timedelta(days=90),
                                 rate_bp=1500))
    with sessions.begin() as s:
        yesterday = business_day() - timedelta(days=1)
        settlement.settle(s, outlet.manager, outlet.producer_id, yesterday - timedelta(days=29), yesterday)
    with sessions() as s:
        settlement_id = s.scalars(select(ConsignmentSettlement.id)).one()
    assert printing.run(sessions, printing.PrintRequest("settlement", settlement_id)).printed
    statement = decode(out.read_bytes()).text
    for words in ("BẢNG QUYẾT TOÁN HÀNG KÝ GỬI", "Cơ sở Mắm Bà Hai Diễm", "Hoa hồng (15%)", "Phải trả chủ thể"):
        assert words in statement


def test_void_slips_and_period_summaries(sessions: sessionmaker[Session], outlet: Outlet, sale: sale_writer.SaleResult,
                                        tmp_path: Path) -> None:
    out = tmp_path / "doc.bin"
    use_printer(sessions, f"file:{out}", mode="text")
    with sessions.begin() as s:
        voids.void_sale(s, outlet.cashier, sale.sale_id, approved_by=outlet.manager_id)
    assert printing.run(sessions, printing.PrintRequest("void", sale.sale_id)).printed
    lines = decode(out.read_bytes()).lines
    assert "PHIẾU HỦY GIAO DỊCH" in lines and "*** ĐÃ HỦY ***" in lines and f"Số: {sale.receipt_no}" in lines
    assert any(line.startswith("TỔNG CỘNG") and line.endswith("298.750 đ") for line in lines)

    second = sell(sessions, outlet)
    today = business_day()
    request = printing.PrintRequest("sales_summary", f"{today.isoformat()}/{today.isoformat()}")
    assert "sales_summary" in printing.KINDS
    assert printing.run(sessions, request).printed
    summary = decode(out.read_bytes()).lines
    assert "TỔNG HỢP DOANH THU" in summary
    assert any(line.startswith("Số hóa đơn") and line.endswith(" 1") for line in summary)
    assert any(line.startswith("Hóa đơn đã hủy") and line.endswith(" 1") for line in summary)
    assert any(line.startswith("Doanh thu thuần") and line.endswith(format_vnd(second.total).replace("₫", "đ"))
               for line in summary)
    with pytest.raises(printing.ValidationError):
        printing.run(sessions, printing.PrintRequest("sales_summary", "last month"))


def test_a_z_report_that_did_not_print_waits_in_the_queue(sessions: sessionmaker[Session], outlet: Outlet,
                                                          sale: sale_writer.SaleResult, tmp_path: Path) -> None:
    use_printer(sessions, f"file:{tmp_path}/gone/z.bin")
    with sessions.begin() as s:
        shift = shifts.open_shift_for(s, outlet.terminal_id)
        assert shift is not None
        shift_id = shift.id
        shifts.close_shift(s, outlet.cashier, {500_000: 1})
    assert not printing.run(sessions, printing.PrintRequest("z_report", shift_id)).printed
    with sessions() as s:
        assert [(j.kind, j.ref) for j in printing.pending_jobs(s)] == [("z_report", shift_id)]


def test_payment_request_carries_the_vietqr_of_the_unpaid_transfer(sessions: sessionmaker[Session],
                                                                    outlet: Outlet, tmp_path: Path) -> None:
    outlet.open_shift(sessions)
    out = tmp_path / "slip.bin"
    use_printer(sessions, f"file:{out}")
    with sessions.begin() as s:
        settings.set(s, "bank.bin", "970436")
        settings.set(s, "bank.account", "0011004123456")
        reference = checkout_sale.next_receipt_no(s, outlet.terminal_id)
        expected = checkout_sale.vietqr_for(s, outlet.terminal_id, 120_000, reference).payload()
    request = printing.PrintRequest("payment_request", f"120000:{reference}", user_id=outlet.cashier_id,
                                    terminal_id=outlet.terminal_id)
    assert printing.run(sessions, request).printed
    decoded = decode(out.read_bytes())
    found = zbar(decoded.images[0], tmp_path)
    assert f"QR-Code:{expected}" in found
    with sessions() as s:
        doc = printing.documents_for(s, request, printing.printer_config(s))[0][0]
        assert printing.pending_count(s) == 0
    assert doc.kind == DocumentKind.PAYMENT_REQUEST and doc.vietqr_amount == 120_000


def test_cli_reprint_and_printer_commands(sessions: sessionmaker[Session], sale: sale_writer.SaleResult, db_path: Path,
                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.bin"
    assert main(["reprint", sale.receipt_no, "--db", str(db_path), "--printer", f"file:{out}"]) == 0
    assert sale.receipt_no in capsys.readouterr().out
    assert decode(out.read_bytes()).images  # raster by default
    use_printer(sessions, f"file:{out}", mode="text")
    assert main(["reprint", sale.receipt_no, "--db", str(db_path)]) == 0
    assert "*** BẢN SAO - IN LẠI ***" in decode(out.read_bytes()).lines
    preview = tmp_path / "preview.png"
    assert main(["reprint", sale.receipt_no, "--db", str(db_path), "--preview", str(preview)]) == 0
    assert zbar(preview, tmp_path) == [f"CODE-128:{sale.receipt_no}"]
    assert main(["reprint", "CL01-000000-9999", "--db", str(db_path)]) == 2
    assert main(["printer", "test", "--db", str(db_path)]) == 0
    test_page = decode(out.read_bytes())
    assert test_page.images and "2. CHẾ ĐỘ CHỮ (text)" in test_page.lines
    assert main(["printer", "status", "--db", str(db_path)]) == 0
    use_printer(sessions, f"file:{tmp_path}/none/x.bin")
    assert printing.run(sessions, printing.PrintRequest("receipt", sale.sale_id)).queued_job_id
    capsys.readouterr()
    assert main(["printer", "queue", "--db", str(db_path)]) == 0
    assert sale.receipt_no in capsys.readouterr().out
    assert main(["printer", "queue", "--retry", "--db", str(db_path)]) == 1
    use_printer(sessions, f"file:{out}")
    assert main(["printer", "queue", "--retry", "--db", str(db_path)]) == 0
    assert "The reprint queue is empty." in capsys.readouterr().out


def test_bad_printer_settings_are_a_clear_error(sessions: sessionmaker[Session], sale: sale_writer.SaleResult) -> None:
    with sessions.begin() as s:
        settings.set(s, "printer.connection", "file:/tmp/x.bin")
        settings.set(s, "printer.profile", "no-such-model")
    with pytest.raises(printing.ValidationError, match="cannot be used"):
        printing.run(sessions, printing.PrintRequest("receipt", sale.sale_id))
    with pytest.raises(printing.UnknownPrintKind), sessions() as s:
        printing.documents_for(s, printing.PrintRequest("poster", "x"),
                               replace(printers.PrinterConfig(), profile="default"))
