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
    selects = [q for q in statements if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2 and "FROM vat_rate" in selects[0], statements  # the rates in force, the catalogue
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
    """The sheet as openpyxl's public write-only API writes it (the export before issue 17, but for the words of
    ``WORD_HEADERS``, written without the text format since), kept as the oracle for any quicker way: values and
    cells appended as they come, openpyxl converting each row, saved by ``Workbook.save``."""
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
                if headers[i] in exports.WORD_HEADERS:  # words from the app's own lists need no text format
                    out.append(value)
                    continue
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
    """Every part of the file but ``docProps`` (its creation time), the sheet and the styles (compared as read)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return {n: archive.read(n) for n in archive.namelist()
                if not n.startswith(("docProps/", "xl/worksheets/")) and n != "xl/styles.xml"}


def _as_read(xlsx: bytes) -> dict[str, Any]:
    """What a person opening the file sees: its sheets, the frozen row, the column widths, and each cell's value,
    number format and boldness. A cell the file leaves out has its column's format, as Excel shows it."""
    from openpyxl import load_workbook
    from openpyxl.cell.read_only import EmptyCell
    from openpyxl.utils import get_column_letter

    book = load_workbook(io.BytesIO(xlsx))
    sheet = book.active
    assert sheet is not None
    columns = sheet.column_dimensions
    seen: dict[str, Any] = {"sheets": book.sheetnames, "freeze": sheet.freeze_panes,
                            "widths": {k: d.width for k, d in columns.items()}}
    rows = load_workbook(io.BytesIO(xlsx), read_only=True).active
    assert rows is not None
    for r, row in enumerate(rows.iter_rows(max_col=sheet.max_column), start=1):
        for c, cell in enumerate(row, start=1):
            letter = get_column_letter(c)
            if isinstance(cell, EmptyCell):
                seen[f"{letter}{r}"] = (None, columns[letter].number_format, False)
            else:
                seen[f"{letter}{r}"] = (cell.value, cell.number_format, bool(cell.font.bold))
    return seen


@pytest.mark.parametrize("what", ["products", "stock"])
def test_the_xlsx_reads_as_the_file_openpyxl_writes_its_own_way(sessions: sessionmaker[Session], outlet: Outlet,
                                                                catalogue: None, tmp_path: Path, what: str) -> None:
    with sessions() as s:
        headers, rows = exports.catalogue_rows(s, True) if what == "products" else exports.stock_rows(s)
        (exports.export_products if what == "products" else exports.export_stock)(s, tmp_path / "out.xlsx")
    sheet = "Danh mục sản phẩm" if what == "products" else "Tồn kho"
    if what == "products":  # the export leaves retired products out
        rows = [r for r in rows if r[0] != "CU-1"]
    ours, reference = (tmp_path / "out.xlsx").read_bytes(), _openpyxls_own_way(headers, rows, sheet)
    assert _as_read(ours) == _as_read(reference)
    assert _parts(ours) == _parts(reference)
    with zipfile.ZipFile(io.BytesIO(ours)) as archive:
        worksheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in worksheet and b"HYPERLINK" in worksheet  # formula-like text stays text


def test_a_reader_finds_the_values_formats_widths_and_header(sessions: sessionmaker[Session], outlet: Outlet,
                                                             catalogue: None, tmp_path: Path) -> None:
    """What the file promises to a person opening it, read back rather than compared with another writer: a
    quicker writer that leaves a format, a width or the bold header out fails here."""
    with sessions() as s:
        exports.export_products(s, tmp_path / "out.xlsx", include_inactive=True)
    seen = _as_read((tmp_path / "out.xlsx").read_bytes())
    assert seen["sheets"] == ["Danh mục sản phẩm"] and seen["freeze"] == "A2"
    header = {seen[f"{c}1"][0]: c for c in "ABCDEFGHIJKLMNOPQRS"}
    assert all(seen[f"{c}1"][2] for c in header.values())  # bold
    line = {seen[f"A{r}"][0]: r for r in range(2, 7)}

    def cell(sku: str, column: str) -> tuple[Any, str]:
        value, number_format, _ = seen[f"{header[column]}{line[sku]}"]
        return value, number_format

    assert cell("KEO-2", "Mã vạch") == ("8938000000039; 8938000000046", "@")
    assert cell("KEO-2", "Tên sản phẩm") == ('=HYPERLINK("http://x","y")', "@")
    assert cell("KEO-2", "Giá bán") == (45_000, "#,##0") and cell("KEO-2", "Giá vốn") == (30_000, "#,##0")
    signed, signed_format = cell("KEO-2", "Ngày ký quyết định")
    assert signed.date() == date(2025, 3, 1) and signed_format == "dd/mm/yyyy"
    assert cell("KEO-2", "Hạng sao") == (3, "General")
    assert cell("TCT-SR", "Chủ thể") == (None, "@")  # an empty text cell is text too: typed in, it stays text
    assert seen["widths"][header["Mã vạch"]] == len("8938000000039; 8938000000046") + 2
    assert seen["widths"]["A"] == max(len(sku) for sku in line) + 2  # the longest SKU, + 2


def test_only_text_a_spreadsheet_could_misread_has_the_text_format(sessions: sessionmaker[Session], outlet: Outlet,
                                                                   catalogue: None, tmp_path: Path) -> None:
    """A styled cell costs openpyxl half as much again as a plain one, so the words from the app's own lists
    (OCOP group, producer kind, có/không) go without the text format, which they never needed: typed again, they
    stay words. Codes, names and the VAT category keep it ("10%" typed into a General cell becomes 0.1)."""
    with sessions() as s:
        exports.export_products(s, tmp_path / "out.xlsx")
        exports.export_stock(s, tmp_path / "stock.xlsx")
    seen = _as_read((tmp_path / "out.xlsx").read_bytes())
    header = {seen[f"{c}1"][0]: c for c in "ABCDEFGHIJKLMNOPQRS"}
    row = {seen[f"A{r}"][0]: r for r in range(2, 6)}["KEO-2"]
    formats = {name: seen[f"{column}{row}"][1] for name, column in header.items() if seen[f"{column}{row}"][0]}
    words = {"Nhóm sản phẩm", "Loại hình chủ thể", "Ký gửi", "Bán theo cân"}
    assert {name: formats[name] for name in words} == dict.fromkeys(words, "General")
    assert {name for name, number_format in formats.items() if number_format == "@"} == {
        "Mã hàng", "Mã vạch", "Tên sản phẩm", "Đơn vị tính", "Thuế GTGT", "Số quyết định công nhận", "Chủ thể"}
    stock = _as_read((tmp_path / "stock.xlsx").read_bytes())
    assert stock["D2"][0] in ("có", "không") and stock["D2"][1] == "General"  # Ký gửi
    assert stock["A2"][1] == "@" and stock["B2"][1] == "@"  # the SKU and the name
