"""Reading an import file: its bytes to a header row and the rows under it.

CSV or XLSX, told apart by content. CSV may be UTF-8 (with or without a byte-order mark) or UTF-16, comma,
semicolon or tab separated. In a workbook, the first sheet with a header row is read, and a value merged over
several rows is filled down into each of them. The header row is the one naming the product name column and
the most others among the first rows, so a file may start with a title.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from typing import Any

from showroom_pos.core.errors import UserError, ValidationError

from .columns import column_for_header
from .report import RowError

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 15


@dataclass
class Table:
    header_line: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    notes: list[RowError] = field(default_factory=list)


def _find_header(candidates: list[tuple[int, list[Any]]]) -> tuple[int, int] | None:
    """(index in candidates, recognised columns) of the likeliest header row: the one naming the
    product name column and the most others."""
    best: tuple[int, int] | None = None
    for i, (_line, cells) in enumerate(candidates[:HEADER_SEARCH_ROWS]):
        keys = [column_for_header(c) for c in cells]
        if "name" not in keys:
            continue
        score = len({k for k in keys if k})
        if best is None or score > best[1]:
            best = (i, score)
    return best


def _table_from_rows(rows: list[tuple[int, list[Any]]]) -> Table:
    found = _find_header(rows)
    if found is None:
        raise ValidationError(
            "No header row naming the product name (Tên sản phẩm) was found in the first {rows} rows.",
            rows=HEADER_SEARCH_ROWS,
        )
    index = found[0]
    line, headers = rows[index]
    return Table(line, ["" if h is None else str(h).strip() for h in headers], rows[index + 1 :])


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValidationError("The file starts like UTF-16 text but is not.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError(
            "Line {line}: the file is not UTF-8 text. In Excel, save it as “CSV UTF-8” or as an .xlsx workbook.",
            line=line,
        ) from None


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    if "\x00" in text:
        raise ValidationError("The file contains NUL characters: it is not a CSV text file.")
    best: tuple[int, str] | None = None
    for delimiter in (",", ";", "\t"):
        try:
            head = _csv_rows(text, delimiter, limit=HEADER_SEARCH_ROWS)
        except ValidationError:
            continue
        found = _find_header(head)
        if found is not None and (best is None or found[1] > best[0]):
            best = (found[1], delimiter)
    if best is None:
        return _table_from_rows(_csv_rows(text, ",", limit=HEADER_SEARCH_ROWS))  # raises: no header
    return _table_from_rows(_csv_rows(text, best[1]))


def _csv_rows(text: str, delimiter: str, limit: int | None = None) -> list[tuple[int, list[Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    start = 1
    try:
        for record in reader:
            rows.append((start, list(record)))
            start = reader.line_num + 1
            if limit is not None and len(rows) >= limit:
                break
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise ValidationError("The file has more than {rows} rows.", rows=MAX_ROWS)
    except csv.Error:
        raise ValidationError(
            "Line {line}: the CSV cannot be read (a quotation mark is not closed?).", line=start
        ) from None
    return rows


def _read_xlsx(data: bytes) -> Table:
    import openpyxl

    merged = _has_merged_cells(data)
    try:
        # Merged cells are only known to a fully loaded workbook; without them, the quicker read-only load.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=not merged, data_only=True)
    except Exception:  # zipfile, XML and openpyxl errors alike: the file is not a workbook we can read
        log.info("not a readable workbook", exc_info=True)
        raise ValidationError("The file cannot be read as an Excel workbook (.xlsx).") from None
    try:
        sheets: list[list[tuple[int, list[Any]]]] = []
        sheet_notes: list[list[RowError]] = []
        for sheet in book.worksheets:
            rows: list[tuple[int, list[Any]]] = []
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                rows.append((number, list(values)))
                if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                    raise ValidationError("The file has more than {rows} rows.", rows=MAX_ROWS)
            sheets.append(rows)
            sheet_notes.append(_fill_merged(sheet, rows) if merged else [])
    except UserError:
        raise
    except Exception:
        log.info("unreadable workbook content", exc_info=True)
        raise ValidationError("The file cannot be read as an Excel workbook (.xlsx).") from None
    finally:
        book.close()
    for rows, notes in zip(sheets, sheet_notes, strict=True):  # the first sheet with a header row
        if _find_header(rows) is not None:
            table = _table_from_rows(rows)
            table.notes = [n for n in notes if n.line > table.header_line]
            return table
    return _table_from_rows(sheets[0] if sheets else [])


def _has_merged_cells(data: bytes) -> bool:
    """Whether any worksheet of the workbook has merged cells (read from its XML, without loading it)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(b"<mergeCell " in archive.read(name) for name in archive.namelist()
                       if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def _fill_merged(sheet: Any, rows: list[tuple[int, list[Any]]]) -> list[RowError]:
    """A value merged over several rows (a producer written once for its three products) belongs to each of
    them: it is filled down into every row of the range, and a note names the cells. A merge within one row
    (a title, a total) only leaves the other cells empty, as they look."""
    from openpyxl.utils import get_column_letter

    notes: list[RowError] = []
    for cells in list(sheet.merged_cells.ranges):
        if cells.min_row == cells.max_row:
            continue
        value = rows[cells.min_row - 1][1][cells.min_col - 1] if cells.min_row <= len(rows) else None
        for number in range(cells.min_row, min(cells.max_row, len(rows)) + 1):
            values = rows[number - 1][1]
            values.extend([None] * (cells.max_col - len(values)))
            for col in range(cells.min_col, cells.max_col + 1):
                values[col - 1] = value
        if value is not None:
            notes.append(RowError(cells.min_row, get_column_letter(cells.min_col), ValidationError(
                "Cells {cells} are merged: {value} was taken for each of their rows.",
                cells=cells.coord, value=str(value)[:60])))
    return notes


def read_table(data: bytes) -> Table:
    """The header and rows of a CSV or XLSX file (told apart by content, not by name)."""
    if len(data) > MAX_BYTES:
        raise ValidationError("The file is larger than {mb} MB.", mb=MAX_BYTES // (1024 * 1024))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError("This is an old Excel .xls file: save it as .xlsx (Excel Workbook) or as CSV UTF-8.")
    if not data.strip():
        raise ValidationError("The file is empty.")
    return _read_csv(data)
