"""Exporting the catalogue and the stock list to XLSX or CSV, and inventory documents to XLSX.

The catalogue export uses the import's columns (``product_import.columns.COLUMNS``), so an exported file
can be edited in Excel and imported back: importing it unchanged changes nothing. CSV is UTF-8 with
a byte-order mark so that Excel shows Vietnamese correctly; files are written to a temporary name
and renamed, so a failed export never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from showroom_pos.core.errors import ValidationError, os_reason
from showroom_pos.core.spreadsheet import csv_cell, looks_like_formula, make_inert
from showroom_pos.storage.models import Producer, Product, ProductBarcode

from .catalogue.vat_rates import rates_in_force
from .documents import Document, cell_text, vn_date
from .product_import.checking import VAT_CELLS
from .product_import.columns import BY_KEY
from .stock.valuation import value_of

GROUP_NAMES = {
    "food": "Thực phẩm",
    "beverage": "Đồ uống",
    "herbal": "Dược liệu",
    "handicraft": "Thủ công mỹ nghệ",
    "ornamental": "Sinh vật cảnh",
    "tourism": "Dịch vụ du lịch",
}
KIND_NAMES = {
    "enterprise": "Doanh nghiệp",
    "cooperative": "Hợp tác xã",
    "coop_group": "Tổ hợp tác",
    "household": "Hộ kinh doanh",
}
PRODUCT_KEYS = (
    "sku",
    "barcode",
    "name",
    "unit",
    "price",
    "cost",
    "vat",
    "group",
    "stars",
    "certificate_no",
    "certificate_signed",
    "certificate_expires",
    "producer",
    "producer_kind",
    "producer_tax_code",
    "province_ref",
    "consigned",
    "reorder_level",
    "sold_by_weight",
)
STOCK_HEADERS = (
    "Mã hàng",
    "Tên sản phẩm",
    "Chủ thể",
    "Ký gửi",
    "Đơn vị tồn",
    "Tồn kho",
    "Mức tồn tối thiểu",
    "Giá vốn",
    "Giá trị tồn (giá vốn)",
    "Giá bán",
    "Giá trị tồn (giá bán)",
    "Cảnh báo",
)
MONEY_HEADERS = {
    "Giá bán",
    "Giá vốn",
    "Giá trị tồn (giá vốn)",
    "Giá trị tồn (giá bán)",
    "Doanh số",
    "Đơn giá",
    "Thành tiền",
}
# Text from the app's own short lists (OCOP groups, producer kinds, có/không, the stock warning), which no
# spreadsheet reads as a number or a date when a person types it again: it needs no text format, and openpyxl
# writes a cell without a style in about two thirds of the time of a styled one. Codes, names and the VAT category
# ("10%" typed into a General cell becomes 0.1) keep theirs.
WORD_HEADERS = {
    "Nhóm sản phẩm",
    "Loại hình chủ thể",
    "Ký gửi",
    "Bán theo cân",
    "Cảnh báo",
}


def export_format(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError("Export to a .xlsx or .csv file ({name} is neither).", name=Path(path).name)
    return suffix[1:]


def _yes(value: bool) -> str:
    return "có" if value else "không"


def vat_cells(session: Session) -> dict[str, str]:
    """What the VAT column says for each category: the rate in force today as a manager writes it ("8%", "5%",
    "0%"), "KCT" for exempt goods; the category's code where the import would not read a rate back to the same
    category (a rate the law has not yet had), or where no rate is in force."""
    cells = {}
    for category, rate_bp in rates_in_force(session).items():
        text = "KCT" if category == "exempt" else f"{rate_bp / 100:g}%"
        if VAT_CELLS.get(text.lower()) == category:
            cells[category] = text
    return cells


def catalogue_rows(session: Session, include_inactive: bool = False) -> tuple[list[str], list[list[Any]]]:
    """The catalogue as the import's columns, read as plain column tuples in one query (a product with two
    barcodes comes twice, joined here): loading an ORM object per product and its barcodes took 5,000 products
    about a quarter of a second of an export's second."""
    stmt = (
        select(
            Product.id, Product.sku, ProductBarcode.code, Product.name, Product.unit, Product.price, Product.cost,
            Product.vat_category, Product.ocop_group, Product.stars, Product.certificate_no,
            Product.certificate_signed, Product.certificate_expires, Producer.name, Producer.kind,
            Producer.tax_code, Product.province_ref, Product.consigned, Product.reorder_level,
            Product.sold_by_weight,
        )
        .outerjoin(Producer, Producer.id == Product.producer_id)
        .outerjoin(ProductBarcode, ProductBarcode.product_id == Product.id)
        .order_by(Product.sku, ProductBarcode.id)
    )
    if not include_inactive:
        stmt = stmt.where(Product.active)
    headers = [BY_KEY[k].header for k in PRODUCT_KEYS]
    vat_words = vat_cells(session)
    rows: list[list[Any]] = []
    last_id = None
    for (product_id, sku, code, name, unit, price, cost, vat, group, stars, certificate_no, signed, expires,
         producer, kind, tax_code, province_ref, consigned, reorder_level, by_weight) in session.execute(stmt):
        if product_id == last_id:  # the product's next barcode
            rows[-1][1] += "; " + code
            continue
        last_id = product_id
        rows.append(
            [
                sku,
                code or "",
                name,
                unit,
                price,
                cost,
                vat_words.get(vat, vat),
                GROUP_NAMES.get(group or "", ""),
                stars,
                certificate_no or "",
                signed,
                expires,
                producer or "",
                KIND_NAMES.get(kind, "") if kind is not None else "",
                tax_code or "",
                province_ref or "",
                _yes(consigned),
                reorder_level,
                _yes(by_weight),
            ]
        )
    return headers, rows


def stock_rows(session: Session) -> tuple[list[str], list[list[Any]]]:
    rows = []
    stmt = (
        select(Product, Producer.name)
        .outerjoin(Producer, Producer.id == Product.producer_id)
        .where(Product.active)
        .order_by(Product.sku)
    )
    for p, producer_name in session.execute(stmt).all():
        cost_value = value_of(p.on_hand, p.cost, p.sold_by_weight) if p.cost is not None else None
        warning = "âm kho" if p.on_hand < 0 else ("dưới mức tối thiểu" if p.on_hand < p.reorder_level else "")
        rows.append(
            [
                p.sku,
                p.name,
                producer_name or "",
                _yes(p.consigned),
                "g" if p.sold_by_weight else p.unit,
                p.on_hand,
                p.reorder_level,
                p.cost,
                cost_value,
                p.price,
                value_of(p.on_hand, p.price, p.sold_by_weight),
                warning,
            ]
        )
    return list(STOCK_HEADERS), rows


def export_products(session: Session, path: Path, include_inactive: bool = False) -> int:
    headers, rows = catalogue_rows(session, include_inactive)
    write_table(path, headers, rows, sheet="Danh mục sản phẩm")
    return len(rows)


def export_stock(session: Session, path: Path) -> int:
    headers, rows = stock_rows(session)
    write_table(path, headers, rows, sheet="Tồn kho")
    return len(rows)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return vn_date(value)
    return str(value)


def _atomic_write(path: Path, data: bytes) -> None:
    path = Path(path)
    if not path.parent.is_dir():
        raise ValidationError("The folder {folder} does not exist.", folder=str(path.parent))
    fd, temp = tempfile.mkstemp(prefix=".export-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ValidationError(
            "Cannot write {path}: {reason}", path=str(path), reason=os_reason(exc)
        ) from None


def write_table(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], sheet: str = "Sheet1") -> None:
    fmt = export_format(path)
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows([[csv_cell(_csv_value(v)) for v in row] for row in rows])
        _atomic_write(path, out.getvalue().encode("utf-8-sig"))
        return
    _atomic_write(path, _xlsx_bytes(headers, rows, sheet))


def _xlsx_bytes(headers: Sequence[str], rows: Sequence[Sequence[Any]], sheet: str) -> bytes:
    """The table as one worksheet, written row by row in openpyxl's write-only mode (5,000 products took 10 s
    as a workbook kept whole in memory): bold headers, column widths from the first rows, dates as dd/mm/yyyy,
    money with thousands, text as text (barcodes stay text in Excel, formula-like text never a formula).

    openpyxl's public API only (its private methods are not ours to replace): most of the time is its own work
    for each of the ~80,000 cells of 5,000 products, which no public setting makes shorter (issue 17). What is
    ours to save is styled cells: openpyxl takes each through an exception and a new cell of its own, so a cell
    gets a format only where it needs one (see ``WORD_HEADERS``)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])

    def styled(number_format: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws)
        cell.number_format = number_format
        return cell

    # A write-only sheet writes a row out as it is appended, so one styled cell per column and kind is filled
    # again for each row; a value that needs no format goes as it is, into openpyxl's own cell.
    sample = rows[:500]
    columns = []
    for col, header in enumerate(headers, start=1):
        values = [r[col - 1] for r in sample]
        width = max([len(str(header))] + [len(_csv_value(v)) for v in values])
        column = ws.column_dimensions[get_column_letter(col)]
        column.width = min(max(width + 2, 8), 60)
        words = header in WORD_HEADERS
        all_text = bool(values) and all(isinstance(v, str) for v in values)
        if all_text and not words:
            # A text column is text all the way down: its empty cells (one in six of the benchmark's catalogue) are
            # left out and read as text from the column, the way Excel formats a cell nobody has written yet.
            column.number_format = "@"
        amount = styled("#,##0") if header in MONEY_HEADERS else None
        columns.append((styled("@"), words, all_text, styled("dd/mm/yyyy"), amount))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=str(header))
        if cell.data_type == "f":
            cell.data_type = "s"
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        out: list[Any] = []
        for value, (text, words, omit_empty, day, amount) in zip(row, columns, strict=True):
            if isinstance(value, str):
                if not value and omit_empty:
                    out.append(None)
                    continue
                if words and not looks_like_formula(value):
                    out.append(value)
                    continue
                cell = text
            elif isinstance(value, date):
                cell = day
            elif amount is not None and isinstance(value, int):
                cell = amount
            else:
                out.append(value)
                continue
            cell.value = value
            if cell.data_type == "f":  # openpyxl takes text beginning with "=" for a formula: keep it text
                cell.data_type = "s"
            out.append(cell)
        ws.append(out)
    buffer = io.BytesIO()
    # What Workbook.save does, at zlib's quickest level: under half its compression time, a third more bytes.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
        ExcelWriter(book, archive).save()
    return buffer.getvalue()


def document_to_xlsx(doc: Document, path: Path) -> None:
    """A printable document as a worksheet: heading, title, details, the table, totals, signatures."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    if export_format(path) != "xlsx":
        raise ValidationError("Export to a .xlsx or .csv file ({name} is neither).", name=Path(path).name)
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = doc.title[:31]
    width = max(len(doc.columns), 2)
    for line in doc.heading:
        ws.append([line])
    ws.append([])
    ws.append([doc.title.upper()])
    title_row = ws.max_row
    ws.merge_cells(start_row=title_row, start_column=1, end_row=title_row, end_column=width)
    ws.cell(title_row, 1).font = Font(bold=True, size=14)
    ws.cell(title_row, 1).alignment = Alignment(horizontal="center")
    if doc.stamp:
        ws.append([doc.stamp])
    for label, value in doc.info:
        ws.append([label, value])
    ws.append([])
    ws.append([c.title for c in doc.columns])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in doc.rows:
        ws.append([v if isinstance(v, int) else cell_text(v) for v in row])
        for col, cell_value in enumerate(row, start=1):
            if isinstance(cell_value, int):
                ws.cell(ws.max_row, col).number_format = "#,##0"
    ws.append([])
    for label, value in doc.totals:
        ws.append([label] + [""] * (width - 2) + [value])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    for note in doc.notes:
        ws.append([note])
    if doc.signatures:
        ws.append([])
        step = max(width // len(doc.signatures), 1)
        titles: list[Any] = [""] * width
        hints: list[Any] = [""] * width
        for i, (title, hint) in enumerate(doc.signatures):
            titles[min(i * step, width - 1)] = title
            hints[min(i * step, width - 1)] = hint
        ws.append(titles)
        ws.append(hints)
    for col in range(1, width + 1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = 14 if col != 3 else 34
    make_inert(ws)
    buffer = io.BytesIO()
    book.save(buffer)
    _atomic_write(path, buffer.getvalue())
