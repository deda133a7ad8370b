"""Write ``showroom_pos/resources/sample_ocop_products.xlsx`` from the CSV sample: ``python tools/make_sample_xlsx.py``.

The workbook holds the same rows as Excel would: prices as numbers, dates as dates, barcodes as
text, a title row above the header. ``tests/test_import_products.py`` checks both files import alike.
"""

from __future__ import annotations

import csv
import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

ROOT = Path(__file__).resolve().parents[1]
CSV_FILE = ROOT / "showroom_pos" / "resources" / "sample_ocop_products.csv"
XLSX_FILE = ROOT / "showroom_pos" / "resources" / "sample_ocop_products.xlsx"
NUMBERS = {"STT", "Giá bán", "Giá vốn", "Hạng sao", "Mức tồn tối thiểu"}
DATES = {"Ngày ký quyết định"}


def build(source: Path = CSV_FILE, target: Path = XLSX_FILE) -> Path:
    rows = list(csv.reader(source.read_text(encoding="utf-8-sig").splitlines()))
    header_at = next(i for i, r in enumerate(rows) if "Tên sản phẩm" in r)
    header = rows[header_at]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách OCOP"
    sheet.append([rows[0][0]])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for raw in rows[header_at + 1:]:
        values: list[object] = []
        for title, text in zip(header, raw, strict=True):
            if title in NUMBERS and text:
                values.append(int(text.replace(".", "")))
            elif title in DATES and text:
                values.append(datetime.strptime(text, "%d/%m/%Y"))
            else:
                values.append(text or None)
        sheet.append(values)
        row = sheet.max_row
        for col, title in enumerate(header, start=1):
            cell = sheet.cell(row, col)
            if title in DATES:
                cell.number_format = "dd/mm/yyyy"
            elif title == "Mã vạch":
                cell.number_format = "@"
    widths = (5, 15, 16, 40, 8, 10, 10, 14, 8, 18, 12, 40, 14, 14, 14, 8, 10, 10, 16)
    for letter, width in zip("ABCDEFGHIJKLMNOPQRS", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    book.save(target)
    return target


if __name__ == "__main__":
    print(build(*(Path(a) for a in sys.argv[1:3])))
