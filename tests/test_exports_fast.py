"""The product export's speed work (issue 17) changes nothing in the files: the catalogue is read as plain column
tuples in one query (no ORM object per product, no second query for the barcodes), the XLSX sheet is the very
file openpyxl's own way of appending writes, and a reader finds in it what the export promises (values, number
formats, widths, header, sheet name)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.services import exports
from showroom_pos.services.catalogue import product_fields, products
from showroom_pos.storage.models import Product

from .conftest import Outlet


@pytest.fixture
def catalogue(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    """Beside the outlet's three: two barcodes, a certificate's dates, formula-like text, a retired product."""
    with sessions.begin() as s:
        products.add_product(s, product_fields.ProductInput(
            sku="KEO-2", name='=HYPERLINK("http://x","y")', unit="@hũ", price=45_000, cost=30_000,
            barcodes=("8938000000039", "8938000000046"), stars=3, producer_id=outlet.producer_id,
            certificate_no="QD-12", certificate_signed=date(2025, 3, 1), certificate_expires=date(2028, 3, 1)))
        retired = products.add_product(s, product_fields.ProductInput(
            sku="CU-1", name="Bánh cũ", unit="gói", price=10_000, barcodes=("8938000000053",)))
        retired.active = False


def test_the_product_export_reads_plain_columns_in_one_query(sessions: sessionmaker[Session], outlet: Outlet,
                                                             catalogue: None) -> None:
    statements: list[str] = []
    with sessions() as s:
        engine = s.get_bind()

        def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", seen)
        try:
            headers, rows = exports.catalogue_rows(s, include_inactive=True)
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        assert not [o for o in s.identity_map.values() if isinstance(o, Product)]  # no ORM object per product
    assert len([q for q in statements if q.lstrip().upper().startswith("SELECT")]) == 1, statements
    by_sku = {r[0]: dict(zip(headers, r, strict=True)) for r in rows}
    assert [r[0] for r in rows] == sorted(by_sku) and len(rows) == 5
    keo = by_sku["KEO-2"]
    assert keo["Mã vạch"] == "8938000000039; 8938000000046"
    assert keo["Ngày ký quyết định"] == date(2025, 3, 1) and keo["Giá bán"] == 45_000
    assert keo["Chủ thể"] == "Cơ sở Mắm Bà Hai Diễm"
    assert by_sku["TCT-SR"]["Chủ thể"] == "" and by_sku["TRV-TMC"]["Mã vạch"] == "8938000000022"
    with sessions() as s:
        assert "CU-1" not in [r[0] for r in exports.catalogue_rows(s)[1]]


def _openpyxls_own_way(headers: Sequence[str], rows: Sequence[Sequence[Any]], sheet: str) -> bytes:
    """The sheet as openpyxl's public write-only API writes it (the export before issue 17), kept as the oracle
    for any quicker way: values and cells appended as they come, openpyxl converting each row, saved by
    ``Workbook.save``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    for col, header in enumerate(headers, start=1):
        width = max([len(str(header))] + [len(exports._csv_value(r[col - 1])) for r in rows[:500]])
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A2"
    money = {i for i, header in enumerate(headers) if header in exports.MONEY_HEADERS}

    def styled(number_format: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws)
        cell.number_format = number_format
        return cell

    text = [styled("@") for _ in headers]
    day = [styled("dd/mm/yyyy") for _ in headers]
    amount = [styled("#,##0") for _ in headers]
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=str(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        out: list[Any] = []
        for i, value in enumerate(row):
            if isinstance(value, date):
                cell = day[i]
            elif isinstance(value, str):
                cell = text[i]
            elif i in money and isinstance(value, int):
                cell = amount[i]
            else:
                out.append(value)
                continue
            cell.value = value
            if cell.data_type == "f":
                cell.data_type = "s"
            out.append(cell)
        ws.append(out)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _parts(xlsx: bytes) -> dict[str, bytes]:
    """Every part of the file but ``docProps`` (its creation time)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if not n.startswith("docProps/")}


@pytest.mark.parametrize("what", ["products", "stock"])
def test_the_xlsx_is_the_file_openpyxl_writes_its_own_way(sessions: sessionmaker[Session], outlet: Outlet,
                                                          catalogue: None, tmp_path: Path, what: str) -> None:
    with sessions() as s:
        headers, rows = exports.catalogue_rows(s, True) if what == "products" else exports.stock_rows(s)
        (exports.export_products if what == "products" else exports.export_stock)(s, tmp_path / "out.xlsx")
    sheet = "Danh mục sản phẩm" if what == "products" else "Tồn kho"
    ours, reference = _parts((tmp_path / "out.xlsx").read_bytes()), _parts(_openpyxls_own_way(headers, rows, sheet))
    if what == "products":  # the export leaves retired products out
        reference = _parts(_openpyxls_own_way(headers, [r for r in rows if r[0] != "CU-1"], sheet))
    assert ours == reference
    worksheet = ours["xl/worksheets/sheet1.xml"]
    assert b"<f>" not in worksheet and b"HYPERLINK" in worksheet  # formula-like text stays text


def test_a_reader_finds_the_values_formats_widths_and_header(sessions: sessionmaker[Session], outlet: Outlet,
                                                             catalogue: None, tmp_path: Path) -> None:
    """What the file promises to a person opening it, read back by openpyxl rather than compared as XML: a
    quicker writer that leaves a format, a width or the bold header out fails here."""
    from openpyxl import load_workbook

    with sessions() as s:
        exports.export_products(s, tmp_path / "out.xlsx", include_inactive=True)
    book = load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames == ["Danh mục sản phẩm"]
    sheet = book.active
    assert sheet is not None and sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Mã hàng", "Mã vạch", "Tên sản phẩm"] and all(c.font.bold for c in sheet[1])
    cells = {row[0].value: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)}
    keo = cells["KEO-2"]
    assert (keo["Mã vạch"].value, keo["Mã vạch"].number_format) == ("8938000000039; 8938000000046", "@")
    assert keo["Tên sản phẩm"].value == '=HYPERLINK("http://x","y")' and keo["Tên sản phẩm"].data_type == "s"
    assert keo["Giá bán"].value == 45_000 and keo["Giá bán"].number_format == "#,##0"
    assert keo["Giá vốn"].value == 30_000 and keo["Giá vốn"].number_format == "#,##0"
    signed = keo["Ngày ký quyết định"]
    assert signed.value.date() == date(2025, 3, 1) and signed.number_format == "dd/mm/yyyy"
    assert keo["Hạng sao"].value == 3 and keo["Hạng sao"].number_format == "General"
    assert cells["TCT-SR"]["Chủ thể"].number_format == "@"  # an empty text cell keeps its text format
    assert sheet.column_dimensions["B"].width == len("8938000000039; 8938000000046") + 2
    assert sheet.column_dimensions["A"].width == max(len(str(sku)) for sku in cells) + 2  # the longest, + 2
