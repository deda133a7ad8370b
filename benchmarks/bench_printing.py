"""Printing: how long the till spends turning a receipt into printer bytes, and labels into a PDF.

Figures (median of several runs, milliseconds):
- ``receipt_raster_80mm_ms`` / ``receipt_raster_58mm_ms``: a 10-line sale receipt drawn with the
  shipped font and encoded as ``GS v 0`` bands (what happens off the GUI thread after each sale);
- ``receipt_text_ms``: the same receipt in text mode (TCVN-3);
- ``receipt_raster_kb``: the size of the raster job (what a serial printer has to swallow);
- ``label_sheet_24_ms``: one A4 sheet of 24 EAN-13 labels at 300 dpi, written as PDF.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from showroom_pos.core.barcode import with_check_digit
from showroom_pos.core.receipt import DocumentKind, PaymentLine, ReceiptDocument, ReceiptLine, VatLine
from showroom_pos.core.vietqr import VietQR
from showroom_pos.hardware import labels
from showroom_pos.hardware.printers import PrinterConfig, receipt_job
from showroom_pos.hardware.receipt_render import RenderOptions, document_bytes


def _doc() -> ReceiptDocument:
    lines = tuple(
        ReceiptLine(f"Sản phẩm OCOP số {i} – mắm tôm chà Gò Công hũ 200 g", 1 + i % 3, "hũ", 55_000 + i * 1000,
                    (55_000 + i * 1000) * (1 + i % 3), stars=3 + i % 3, vat_rate_bp=800)
        for i in range(10)
    )
    total = sum(ln.amount for ln in lines)
    return ReceiptDocument(
        kind=DocumentKind.SALE, outlet_name="Điểm giới thiệu và bán sản phẩm OCOP Mỹ Tho", number="CL01-260128-0042",
        issued_at=datetime(2026, 1, 28, 7, 5, tzinfo=UTC), outlet_address="92 Ấp Bắc, phường Mỹ Tho, tỉnh Đồng Tháp",
        tax_code="0312345678", cashier="Trần Văn Minh", lines=lines, subtotal=total, total=total,
        vat=(VatLine(800, total, total * 8 // 108),), payments=(PaymentLine("cash", total, total),),
        footer="Cảm ơn quý khách! Hẹn gặp lại.", code="CL01-260128-0042",
        vietqr=VietQR("970436", "0011004123456", amount=total).payload(), vietqr_amount=total,
    )


def _median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(quick: bool) -> dict[str, float]:
    runs = 3 if quick else 15
    doc = _doc()
    items = [labels.LabelItem(with_check_digit(f"89300800{i:04d}"), f"Trà mãng cầu xiêm túi lọc {i}", 65_000, 4,
                              "hộp") for i in range(24)]
    config = PrinterConfig()
    figures = {
        "receipt_raster_80mm_ms": _median_ms(lambda: receipt_job(doc, config), runs),
        "receipt_raster_58mm_ms": _median_ms(lambda: document_bytes(doc, RenderOptions(paper_mm=58)), runs),
        "receipt_text_ms": _median_ms(lambda: document_bytes(doc, RenderOptions(mode="text")), runs),
        "receipt_raster_kb": len(receipt_job(doc, config)) / 1024,
    }
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "labels.pdf"
        figures["label_sheet_24_ms"] = _median_ms(
            lambda: labels.write_sheet_pdf(items, out, labels.SheetLayout()), max(1, runs // 3))
    return figures
