"""Inventory at scale: importing a province list of 5,000 products (``--quick``: 500), re-importing it
(nothing changes), searching the catalogue, listing the alerts, exporting it to XLSX.

The list is written as the province would send it (Vietnamese headers, prices as ``55.000``,
dd/mm/yyyy dates, 80 producers named in the rows), then imported through the same service as
``showroom-pos import products``. Figures in milliseconds (search: median of 20 queries).

The XLSX export is timed first as a person's first export of the session (``export_xlsx_N_ms``: openpyxl is
imported, the query compiled), then five times again with its two parts apart: the query
(``catalogue_rows``) and the sheet (``write_table``: openpyxl's write-only writer and the zip).
"""

from __future__ import annotations

import csv
import io
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import Figures, p50, p99
from showroom_pos.core.barcode import with_check_digit
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import exports, setup
from showroom_pos.services.catalogue import product_list
from showroom_pos.services.product_import.pipeline import import_products
from showroom_pos.services.product_import.report import ImportReport
from showroom_pos.services.stock import alerts as stock_alerts

FULL, QUICK = 5_000, 500
WORDS = ("Trà", "Mứt", "Bánh", "Kẹo", "Mắm", "Nước", "Rượu", "Gạo", "Khô", "Tương", "Yến", "Mật ong")
KINDS = ("mãng cầu", "sầu riêng", "dừa", "thanh long", "vú sữa", "xoài", "mít", "tôm", "cá lóc", "gừng")
HEADER = ["STT", "Mã hàng", "Mã vạch", "Tên sản phẩm", "Đơn vị tính", "Giá bán", "Nhóm sản phẩm", "Hạng sao",
          "Ngày ký quyết định", "Chủ thể", "Loại hình chủ thể", "Ký gửi"]


def province_list(rows: int) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    signed = date(2024, 1, 1)
    for n in range(1, rows + 1):
        producer = n % 80
        writer.writerow([
            n, f"BM-{n:05d}", with_check_digit(f"8936{n:08d}"),
            f"{WORDS[n % len(WORDS)]} {KINDS[n % len(KINDS)]} loại {n}", "hộp",
            f"{(20 + n % 300) * 1000:,}".replace(",", "."), ("Thực phẩm", "Đồ uống", "Dược liệu")[n % 3],
            3 + n % 3, (signed + timedelta(days=n % 700)).strftime("%d/%m/%Y"),
            f"HTX Mô phỏng số {producer}", "Hợp tác xã", "có",
        ])
    return out.getvalue().encode("utf-8-sig")


def run(quick: bool) -> Figures:
    rows = QUICK if quick else FULL
    data = province_list(rows)
    figures = Figures()
    with tempfile.TemporaryDirectory() as folder:
        ctx = AppContext.open(AppPaths.resolve(Path(folder) / "bench.db"))
        try:
            with ctx.transaction() as s:
                setup.set_up_outlet(s, outlet_code="BM01", outlet_name="Điểm OCOP", admin_name="Quản trị",
                                    admin_pin="3579")

            def timed(name: str, dry_run: bool) -> ImportReport:
                started = time.perf_counter()
                with ctx.transaction() as s:
                    report = import_products(s, data, source="bench", dry_run=dry_run)
                figures[name] = (time.perf_counter() - started) * 1000
                assert report.ok, report.file_errors or report.errors[:3]
                return report

            timed(f"import_{rows}_dry_run_ms", True)
            assert timed(f"import_{rows}_apply_ms", False).count("create") == rows
            assert timed(f"reimport_{rows}_unchanged_ms", False).count("unchanged") == rows
            with ctx.sessions() as s:
                times = []
                for query in ("mam tom", "banh dua", "8936000000017", "BM-0", "ruou xoai")[:5] * 4:
                    started = time.perf_counter()
                    product_list.list_products(s, product_list.ProductFilter(text=query))
                    times.append((time.perf_counter() - started) * 1000)
                figures[f"search_{rows}_median_ms"] = statistics.median(times)
                started = time.perf_counter()
                stock_alerts.alerts(s)
                figures[f"alerts_{rows}_ms"] = (time.perf_counter() - started) * 1000
                target = Path(folder) / "catalogue.xlsx"
                started = time.perf_counter()
                exports.export_products(s, target)  # the first: openpyxl is imported, the query compiled
                figures[f"export_xlsx_{rows}_ms"] = (time.perf_counter() - started) * 1000
                again_ms: list[float] = []
                query_ms: list[float] = []
                sheet_ms: list[float] = []
                for _ in range(5):
                    started = time.perf_counter()
                    exports.export_products(s, target)
                    again_ms.append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    headers, table = exports.catalogue_rows(s)
                    query_ms.append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    exports.write_table(target, headers, table, sheet="Danh mục sản phẩm")
                    sheet_ms.append((time.perf_counter() - started) * 1000)
                figures[f"export_xlsx_{rows}_again_p50_ms"] = p50(again_ms)
                figures[f"export_xlsx_{rows}_again_p99_ms"] = p99(again_ms)
                figures[f"export_xlsx_{rows}_query_p50_ms"] = p50(query_ms)
                figures[f"export_xlsx_{rows}_sheet_p50_ms"] = p50(sheet_ms)
        finally:
            ctx.close()
    return figures
