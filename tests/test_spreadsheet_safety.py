"""Spreadsheet-safe text in every export, and an import that cannot mislead (real XLSX files built by openpyxl)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import business_day
from showroom_pos.core.spreadsheet import csv_cell, looks_like_formula, unguard
from showroom_pos.services import audit_log, exports, report_export
from showroom_pos.services.catalogue import product_fields, products
from showroom_pos.services.reports import sales_report
from showroom_pos.storage.models import Product

from .conftest import Outlet
from .safety_helpers import sell, stock_up
from .test_import_products import problems, run

HOSTILE_NAME = '=HYPERLINK("http://x","y")'


def _formula_cells(xlsx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return [name for name in archive.namelist()
                if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)]


@pytest.fixture
def hostile(sessions: sessionmaker[Session], outlet: Outlet) -> int:
    with sessions.begin() as s:
        product = products.add_product(s, product_fields.ProductInput(
            sku="=1+1", name=HOSTILE_NAME, unit="@hũ", price=45_000, barcodes=("8938000000039",), stars=3,
            producer_id=outlet.producer_id, consigned=True))
        return product.id


def test_the_guard_itself() -> None:
    for text in ("=1+1", "+84 90", "-2", "@SUM(A1)", "\t=1", "\r=1"):
        assert looks_like_formula(text) and csv_cell(text) == "'" + text and unguard(csv_cell(text)) == text
    for text in ("-", "+", "Mắm tôm", "'quoted", "", "1-2"):
        assert csv_cell(text) == text and unguard(text) == text
    assert csv_cell(-5) == -5


def test_product_and_stock_exports_are_inert_and_import_back_unchanged(
        sessions: sessionmaker[Session], outlet: Outlet, hostile: int, tmp_path: Path) -> None:
    for name in ("products.xlsx", "products.csv", "stock.xlsx", "stock.csv"):
        with sessions() as s:
            (exports.export_products if name.startswith("products") else exports.export_stock)(s, tmp_path / name)
    for name in ("products.xlsx", "stock.xlsx"):
        data = (tmp_path / name).read_bytes()
        assert _formula_cells(data) == []
        values = [c.value for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]
        assert HOSTILE_NAME in values and "=1+1" in values
    for name in ("products.csv", "stock.csv"):
        cells = [c for row in csv.reader(io.StringIO((tmp_path / name).read_text("utf-8-sig"))) for c in row]
        assert "'" + HOSTILE_NAME in cells and HOSTILE_NAME not in cells and "'=1+1" in cells
    with sessions() as s:
        before = s.get(Product, hostile)
        assert before is not None
        kept = (before.name, before.sku, before.unit)
    for name in ("products.xlsx", "products.csv"):
        report = run(sessions, tmp_path / name)
        assert report.ok, problems(report)
        assert {r.action for r in report.rows} == {"unchanged"}, name
        assert any("formula" in n.error.text() for n in report.notes)
    with sessions() as s:
        after = s.get(Product, hostile)
        assert after is not None and (after.name, after.sku, after.unit) == kept


def test_report_and_audit_exports_are_inert(sessions: sessionmaker[Session], outlet: Outlet, hostile: int) -> None:
    stock_up(sessions, [hostile])
    outlet.open_shift(sessions)
    sell(sessions, outlet.cashier, [hostile])
    with sessions() as s:
        today = business_day()  # the sale's day is the showroom's (Vietnam), not this machine's (UTC from 17:00)
        report = sales_report.sales(s, today.replace(day=1), today, by="product")
        xlsx = report_export.to_xlsx(report)
        text = report_export.to_csv(report)
        audit_csv = audit_log.to_csv(audit_log.search(s, outlet.manager, audit_log.AuditFilter()))
    assert _formula_cells(xlsx) == []
    assert HOSTILE_NAME in [c.value for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row]
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'" + HOSTILE_NAME in cells and HOSTILE_NAME not in cells
    audit_cells = [c for row in csv.reader(io.StringIO(audit_csv)) for c in row]
    assert not [c for c in audit_cells if looks_like_formula(c)]


def _xlsx(rows: Sequence[Sequence[object]], merges: Sequence[str] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEAD = ["Mã hàng", "Mã vạch", "Tên sản phẩm", "Đơn vị tính", "Giá bán", "Chủ thể", "Loại hình chủ thể", "Ký gửi"]


def test_a_producer_merged_over_three_rows_is_filled_down_with_a_note(
        sessions: sessionmaker[Session], outlet: Outlet) -> None:
    data = _xlsx([
        ["Danh sách sản phẩm OCOP"],
        HEAD,
        ["TR-01", "", "Trà mãng cầu túi lọc", "hộp", 65000, "Công ty TNHH Travipha", "Doanh nghiệp", "có"],
        ["TR-02", "", "Trà mãng cầu hộp quà", "hộp", 120000, None, None, "có"],
        ["TR-03", "", "Mứt mãng cầu", "hũ", 55000, None, None, "có"],
        ["Tổng cộng", None, None, None, 240000, None, None, None],
    ], merges=["F3:F5", "G3:G5", "A6:D6"])
    report = run(sessions, data)
    assert report.ok, problems(report)
    assert [r.action for r in report.rows] == ["create"] * 3
    notes = [n.error.text() for n in report.notes]
    assert any("F3:F5" in n and "Travipha" in n for n in notes)
    assert any("Tổng cộng" in n and "skipped" in n for n in notes)
    with sessions() as s:
        producers = {p.sku: p.producer_id for p in s.scalars(select(Product).where(Product.sku.like("TR-%")))}
    assert len(producers) == 3 and len(set(producers.values())) == 1 and None not in producers.values()


def test_a_new_sku_with_another_products_barcode_is_a_conflict_not_a_rename(
        sessions: sessionmaker[Session], outlet: Outlet) -> None:
    data = _xlsx([HEAD, ["NEW-1", "8938000000022", "Trà sâm dứa", "hộp", 99000, "", "", ""]])
    with sessions() as s:
        tra = s.get(Product, outlet.tra)
        assert tra is not None
        before = (tra.sku, tra.name, tra.price)
    report = run(sessions, data)
    assert not report.ok
    [(_line, column, message)] = problems(report)
    assert column == "Mã vạch" and "TRV-TMC" in message and "NEW-1" in message and "Trà mãng cầu xiêm" in message
    with sessions() as s:
        tra = s.get(Product, outlet.tra)
        assert tra is not None and (tra.sku, tra.name, tra.price) == before


@pytest.mark.parametrize("name, advice", [
    ("BÃ¡nh trÃ¡ng phÆ¡i sÆ°Æ¡ng", "Bánh tráng phơi sương"),
    ("B\ufffdnh tr\ufffdng", "�"),
    ("B?nh tr?ng Tr?ng B?ng", "? in place of letters"),
])
def test_text_decoded_wrongly_is_refused_with_advice(sessions: sessionmaker[Session], outlet: Outlet,
                                                     name: str, advice: str) -> None:
    for data in (_xlsx([HEAD, ["BT-01", "", name, "gói", 30000, "", "", ""]]),
                 (",".join(HEAD) + "\n" + f"BT-01,,{name},gói,30000,,,\n").encode("utf-8")):
        report = run(sessions, data)
        [(_line, column, message)] = problems(report)
        assert column == "Tên sản phẩm" and advice in message and "UTF-8" in message


def test_proper_vietnamese_is_not_taken_for_mojibake(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    names = ["Bánh tráng phơi sương Trảng Bàng", "ÂU CƠ — Đặc sản", "Nước mắm Ông Ấu", "Trà? Không — Trà!"]
    rows: list[Sequence[object]] = [HEAD] + [[f"OK-{i}", "", n, "gói", 30000, "", "", ""] for i, n in enumerate(names)]
    report = run(sessions, _xlsx(rows), dry_run=True)
    assert report.ok, problems(report)
