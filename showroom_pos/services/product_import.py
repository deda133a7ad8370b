"""Importing the province's OCOP product list (CSV or XLSX) into the catalogue: all rows or none.

A file is read whole, every row checked against the catalogue and against the other rows, and
only a file without a single rejected row is written, inside a savepoint. A dry run does
everything but the writing. Rows update the product with the same SKU, else the one carrying one
of the row's barcodes; other rows create products (and, when named for the first time, their
producers). Empty cells keep what the catalogue has; barcodes are only ever added. Importing the
same file twice changes nothing the second time.

Columns are recognised by their header, Vietnamese or English, with or without diacritics, in any
order; a header row may follow a few title rows. ``COLUMNS`` documents them (the README lists
them too). CSV may be UTF-8 with or without a byte-order mark, or UTF-16 ("Unicode text" from
Excel); comma, semicolon or tab separated.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table as SqlTable
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from showroom_pos.core import tax_code as mst
from showroom_pos.core.errors import N_, UserError, ValidationError, os_reason
from showroom_pos.core.spreadsheet import looks_like_formula, unguard
from showroom_pos.core.text import fold, nfc
from showroom_pos.storage.models import Producer, Product, ProductBarcode

from . import audit, permissions, setup
from .catalogue import lookup, product_fields
from .catalogue import producers as catalogue_producers
from .catalogue import products as catalogue_products
from .catalogue.producers import ProducerInput
from .catalogue.product_fields import ProductInput
from .context import Actor
from .field_errors import FieldError

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: str  # what exports write, and the first name recognised
    aliases: tuple[str, ...]  # other names, compared folded (no case, no diacritics)
    description: str  # English, for the README and the import dialog


COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn(
        "sku",
        "Mã hàng",
        ("sku", "ma sp", "ma san pham", "ma hang hoa"),
        "The showroom's item code. Needed unless the row has a barcode (then the first barcode is used).",
    ),
    ImportColumn(
        "barcode",
        "Mã vạch",
        ("barcode", "barcodes", "ma vach", "gtin", "ean"),
        "EAN-13/EAN-8/UPC-A with a valid check digit, or an in-store code; several separated by ; or ,",
    ),
    ImportColumn("name", "Tên sản phẩm", ("name", "ten sp", "ten hang", "san pham", "ten san pham ocop"), "Required."),
    ImportColumn("unit", "Đơn vị tính", ("unit", "dvt", "don vi"), "hũ, hộp, chai, kg… (default: cái)."),
    ImportColumn(
        "price",
        "Giá bán",
        ("price", "gia ban le", "gia", "don gia"),
        "Retail price in đồng, VAT included: 55000, 55.000 or 55,000. Required for a new product.",
    ),
    ImportColumn("cost", "Giá vốn", ("cost", "gia nhap"), "Cost in đồng (optional)."),
    ImportColumn(
        "vat",
        "Thuế GTGT",
        ("vat", "vat category", "thue suat", "thue", "thue vat"),
        "standard (10 % / 8 %), reduced (5 %), zero, exempt; or 10%, 8%, 5%, 0%, KCT (default: standard).",
    ),
    ImportColumn(
        "group",
        "Nhóm sản phẩm",
        ("group", "nhom", "nhom nganh", "bo san pham"),
        "Thực phẩm, Đồ uống, Dược liệu (Thảo dược), Thủ công mỹ nghệ, Sinh vật cảnh, Dịch vụ du lịch; "
        "or food, beverage, herbal, handicraft, ornamental, tourism.",
    ),
    ImportColumn(
        "stars",
        "Hạng sao",
        ("stars", "so sao", "sao", "xep hang", "hang", "hang ocop"),
        "3, 4 or 5 (also 4 sao, 4★, ★★★★).",
    ),
    ImportColumn(
        "certificate_no",
        "Số quyết định công nhận",
        ("certificate no", "so quyet dinh", "so qd", "so giay chung nhan", "so gcn", "quyet dinh"),
        "The certifying decision, e.g. 3982/QĐ-UBND.",
    ),
    ImportColumn(
        "certificate_signed",
        "Ngày ký quyết định",
        ("certificate signed", "ngay ky", "ngay quyet dinh", "ngay cap", "ngay cong nhan", "ngay chung nhan"),
        "dd/mm/yyyy (or yyyy-mm-dd, or an Excel date). The certificate runs 36 months from it.",
    ),
    ImportColumn(
        "certificate_expires",
        "Ngày hết hạn",
        ("certificate expires", "het han", "ngay het hieu luc", "hieu luc den"),
        "Only when it differs from the signing date + 36 months.",
    ),
    ImportColumn(
        "producer",
        "Chủ thể",
        ("producer", "chu the ocop", "ten chu the", "co so san xuat", "don vi san xuat", "nha san xuat"),
        "Producer name; matched by tax code, then by name. A new name creates the producer.",
    ),
    ImportColumn(
        "producer_kind",
        "Loại hình chủ thể",
        ("producer kind", "loai hinh", "loai hinh to chuc"),
        "Doanh nghiệp / Công ty, HTX, Tổ hợp tác, Hộ kinh doanh / Cơ sở (guessed from the name when empty).",
    ),
    ImportColumn(
        "producer_tax_code",
        "Mã số thuế chủ thể",
        ("producer tax code", "mst", "ma so thue", "mst chu the"),
        "10 or 13 digits with a valid check digit.",
    ),
    ImportColumn("producer_address", "Địa chỉ", ("address", "dia chi chu the"), "Producer's street address."),
    ImportColumn(
        "producer_commune", "Xã/phường", ("commune", "xa phuong", "xa", "phuong"), "Producer's commune or ward."
    ),
    ImportColumn(
        "province_ref",
        "Mã OCOP",
        ("province ref", "ma ocop tinh", "ma so ocop"),
        "The province's own reference for the product (kept, must be unique).",
    ),
    ImportColumn("consigned", "Ký gửi", ("consigned", "hinh thuc"), "có/không, x, yes/no, 1/0, Ký gửi/Mua đứt."),
    ImportColumn(
        "reorder_level",
        "Mức tồn tối thiểu",
        ("reorder level", "ton toi thieu", "muc dat hang"),
        "Alert below this quantity (grams for goods sold by weight).",
    ),
    ImportColumn(
        "sold_by_weight",
        "Bán theo cân",
        ("sold by weight", "ban theo can", "ban theo kg", "can ky"),
        "có/không: the price is per kg and quantities are grams.",
    ),
)
BY_KEY = {c.key: c for c in COLUMNS}
IGNORED_HEADERS = ("stt", "tt", "so tt", "ghi chu", "note", "notes", "ton kho", "on hand", "thanh tien")

# Errors a check of the whole product names by field, and the column each field comes from.
FIELD_COLUMN = {
    "sku": "sku",
    "name": "name",
    "unit": "unit",
    "price": "price",
    "cost": "cost",
    "vat_category": "vat",
    "ocop_group": "group",
    "stars": "stars",
    "certificate_no": "certificate_no",
    "certificate_signed": "certificate_signed",
    "certificate_expires": "certificate_expires",
    "barcodes": "barcode",
    "scale_item_code": "barcode",
    "producer_id": "producer",
    "consigned": "consigned",
    "reorder_level": "reorder_level",
    "sold_by_weight": "sold_by_weight",
    "quick_key": "sku",
    "active": "sku",
}
PRODUCER_FIELD_COLUMN = {
    "name": "producer",
    "kind": "producer_kind",
    "tax_code": "producer_tax_code",
    "address": "producer_address",
    "commune": "producer_commune",
    "province": "producer_address",
    "code": "producer",
    "phone": "producer",
    "bank_name": "producer",
    "bank_account": "producer",
}


def change_labels(changes: tuple[str, ...]) -> list[str]:
    """The columns an update changes, named as the file's standard headers (``Giá bán``, ``Mã vạch``)."""
    extra = {"province_ref": "province_ref", "producer_id": "producer"}
    return list(dict.fromkeys(BY_KEY[extra.get(c) or FIELD_COLUMN.get(c, "name")].header for c in changes))


def _fold_header(value: object) -> str:
    text = fold(str(value or ""))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


_ALIASES: dict[str, str] = {}
for _c in COLUMNS:
    for _alias in (_c.header, _c.key.replace("_", " "), *_c.aliases):
        _ALIASES.setdefault(_fold_header(_alias), _c.key)


def column_for_header(header: object) -> str | None:
    """The column key a header names: exactly, or as the start of it (``Giá bán (đồng)``)."""
    folded = _fold_header(header)
    if not folded:
        return None
    if folded in _ALIASES:
        return _ALIASES[folded]
    best = max((a for a in _ALIASES if folded.startswith(a + " ")), key=len, default=None)
    return _ALIASES[best] if best else None


# --- results ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    line: int
    column: str  # the header as written in the file (or the standard one when the column is missing)
    error: UserError


@dataclass
class RowResult:
    line: int
    sku: str
    name: str
    action: str = ""  # create, update, unchanged, rejected
    changes: tuple[str, ...] = ()  # the fields an update changes
    errors: list[RowError] = field(default_factory=list)
    new_producer: str = ""
    product_id: int | None = None


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[UserError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    applied: bool = False
    # What the import did that the person should know, though nothing is wrong: merged cells filled down,
    # total rows skipped, text a spreadsheet would run (kept as text).
    notes: list[RowError] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if r.errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.rejected

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def new_producers(self) -> list[str]:
        return list(dict.fromkeys(r.new_producer for r in self.rows if r.new_producer))


# --- reading the file -------------------------------------------------------------------------------


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


# --- cell values ------------------------------------------------------------------------------------


class CellError(ValidationError):
    """A cell that cannot be read as what its column holds."""


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    text = unguard(nfc(str(cell)).strip())  # the apostrophe our CSV export puts before formula-like text
    return " ".join(text.split()) if "\n" in text or "\r" in text else text


def _clean(value: str, label: str) -> str:
    # ``isprintable`` (in C) is false for every control, surrogate, private-use and unassigned character (and a
    # few more, such as a no-break space): only such a value needs the character-by-character look.
    if not value.isprintable() and any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in value):
        raise CellError("{label}: contains characters that cannot be printed.", label=label)
    _check_decoding(value, label)
    return value


_MOJIBAKE_MARKS = re.compile(r"[ÃÂÄÅÆ][\x80-\xbf¡-¿]|á»|áº|Ä‘|Æ°|Æ¡")
_LOST_LETTER = re.compile(r"(?<=[^\W\d_])\?(?=[^\W\d_])")


def _check_decoding(value: str, label: str) -> None:
    """Refuse text that was decoded wrongly once: it would go on labels and receipts as it is."""
    if "\ufffd" in value:
        raise CellError("{label}: “{value}” holds � where letters were lost: the file was saved or read in the "
                        "wrong encoding. Save it again as .xlsx or as “CSV UTF-8”.", label=label, value=value[:40])
    if _MOJIBAKE_MARKS.search(value):
        try:
            meant = value.encode("cp1252").decode("utf-8")
        except UnicodeError:
            try:
                meant = value.encode("latin-1").decode("utf-8")
            except UnicodeError:
                meant = ""
        raise CellError("{label}: “{value}” looks like Vietnamese decoded wrongly{meant}. Save the file again as "
                        ".xlsx or as “CSV UTF-8” and import that.", label=label, value=value[:40],
                        meant=f" (“{meant[:40]}”?)" if meant and meant != value else "")
    if _LOST_LETTER.search(value):
        raise CellError("{label}: “{value}” has ? in place of letters: the file was saved in an encoding without "
                        "Vietnamese letters. Save it again as .xlsx or as “CSV UTF-8”.", label=label,
                        value=value[:40])


_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")


def _codes(cell: Any) -> list[str]:
    if isinstance(cell, float) and not cell.is_integer():
        raise CellError(
            "Barcode {value}: Excel stored it as a number and lost digits; format the column as text.", value=str(cell)
        )
    text = _clean(_text(cell), N_("Barcode"))
    parts = [p for p in re.split(r"[;,|\s/]+", text) if p]
    for part in parts:
        if _SCIENTIFIC.match(part):
            raise CellError(
                "Barcode {value}: Excel shortened it to scientific notation; format the column as text.", value=part
            )
    return parts


_MONEY = re.compile(r"^(?:\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*|\d+)$")


def _money(cell: Any, label: str) -> int:
    if isinstance(cell, bool):
        raise CellError("{label}: {value} is not an amount in đồng.", label=label, value=str(cell))
    if isinstance(cell, int):
        value = cell
    elif isinstance(cell, float):
        if not cell.is_integer():
            raise CellError("{label}: {value} is not a whole number of đồng.", label=label, value=str(cell))
        value = int(cell)
    else:
        text = _text(cell)
        stripped = re.sub(r"\s*(₫|đ|đồng|dong|vnd|vnđ)\.?$", "", text, flags=re.IGNORECASE).strip()
        if not _MONEY.match(stripped):
            raise CellError("{label}: {value} is not an amount in đồng.", label=label, value=text[:40])
        value = int(re.sub(r"[.,\s]", "", stripped))
    if value < 0:
        raise CellError("{label}: cannot be negative.", label=label)
    if value > 10_000_000_000:
        raise CellError("{label}: {value} is too large.", label=label, value=str(value))
    return value


def _whole(cell: Any, label: str) -> int:
    return _money(cell, label)


_STAR_TEXT = re.compile(r"^(\d+)\s*(?:sao|★|\*|stars?)?$")


def _stars(cell: Any) -> int:
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return int(cell)
    text = _text(cell)
    if text and set(text) <= {"★", "☆", "*"}:
        return text.count("★") + text.count("*")
    match = _STAR_TEXT.match(fold(text).replace("★", "").strip() or text) or _STAR_TEXT.match(text)
    if not match:
        raise CellError("OCOP stars: {value} is not 3, 4 or 5 stars.", value=text[:40])
    return int(match.group(1))


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%y")
EXCEL_EPOCH = date(1899, 12, 30)


def _date(cell: Any, label: str) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if float(cell).is_integer() and 20_000 <= cell <= 80_000:  # an Excel serial day
            return EXCEL_EPOCH + timedelta(days=int(cell))
        raise CellError("{label}: {value} is not a date (dd/mm/yyyy).", label=label, value=str(cell))
    text = _text(cell)
    if "T" in text or " " in text:
        text = re.split(r"[T ]", text)[0]
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if 1990 <= day.year <= 2100:
            return day
    raise CellError("{label}: {value} is not a date (dd/mm/yyyy).", label=label, value=text[:40])


_YES = {"1", "x", "co", "yes", "y", "true", "ky gui", "consigned", "dung", "v"}
_NO = {"0", "khong", "no", "n", "false", "mua", "mua dut", "purchased", "sai"}


def _bool(cell: Any, label: str) -> bool:
    if isinstance(cell, bool):
        return cell
    folded = fold(_text(cell))
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise CellError("{label}: {value} is not yes or no (có/không).", label=label, value=_text(cell)[:40])


_GROUPS = {
    "thuc pham": "food",
    "food": "food",
    "do uong": "beverage",
    "beverage": "beverage",
    "beverages": "beverage",
    "duoc lieu": "herbal",
    "thao duoc": "herbal",
    "herbal": "herbal",
    "thu cong my nghe": "handicraft",
    "handicraft": "handicraft",
    "handicrafts": "handicraft",
    "vai va may mac": "handicraft",
    "luu niem noi that trang tri": "handicraft",
    "sinh vat canh": "ornamental",
    "ornamental": "ornamental",
    "dich vu du lich": "tourism",
    "du lich": "tourism",
    "tourism": "tourism",
}


def _group(cell: Any) -> str:
    folded = _fold_header(_text(cell))
    for alias in sorted(_GROUPS, key=len, reverse=True):
        if folded == alias or folded.startswith(alias + " "):
            return _GROUPS[alias]
    raise CellError("OCOP group: {value} is not one of the six groups.", value=_text(cell)[:60])


_KINDS = (
    ("to hop tac", "coop_group"),
    ("tht", "coop_group"),
    ("coop group", "coop_group"),
    ("hop tac xa", "cooperative"),
    ("htx", "cooperative"),
    ("cooperative", "cooperative"),
    ("doanh nghiep", "enterprise"),
    ("cong ty", "enterprise"),
    ("dn", "enterprise"),
    ("enterprise", "enterprise"),
    ("cty", "enterprise"),
    ("ho kinh doanh", "household"),
    ("ho san xuat", "household"),
    ("co so", "household"),
    ("hkd", "household"),
    ("ho", "household"),
    ("household", "household"),
)


def guess_kind(text: str) -> str | None:
    """The producer kind a name or a kind cell suggests: ``HTX …`` → cooperative, ``Công ty …`` → enterprise."""
    folded = _fold_header(text)
    for prefix, kind in _KINDS:
        if folded == prefix or folded.startswith(prefix + " "):
            return kind
    return None


def _vat(cell: Any) -> str:
    folded = fold(_text(cell)).replace(" ", "")
    table = {
        "standard": "standard",
        "10%": "standard",
        "8%": "standard",
        "10": "standard",
        "8": "standard",
        "reduced": "reduced",
        "5%": "reduced",
        "5": "reduced",
        "zero": "zero",
        "0%": "zero",
        "0": "zero",
        "exempt": "exempt",
        "kct": "exempt",
        "khongchiuthue": "exempt",
    }
    if folded not in table:
        raise CellError("VAT: {value} is not a VAT category (10%, 8%, 5%, 0%, KCT).", value=_text(cell)[:40])
    return table[folded]


# --- planning ---------------------------------------------------------------------------------------


@dataclass
class _Row:
    result: RowResult
    values: dict[str, Any]
    product_id: int | None = None
    data: ProductInput | None = None
    producer_key: str | None = None
    province_ref: str | None = None
    codes: list[str] = field(default_factory=list)  # as stored (checked)


@dataclass
class _NewProducer:
    key: str
    data: ProducerInput
    line: int


def _header_names(table: Table) -> dict[str, str]:
    names: dict[str, str] = {}
    for header in table.headers:
        key = column_for_header(header)
        if key and key not in names:
            names[key] = header
    return names


def _parse_row(
    line: int, cells: list[Any], index: dict[int, str], headers: dict[str, str], result: RowResult
) -> tuple[dict[str, Any], set[str]]:
    """The row's cells as values, and the keys of the cells that could not be read (reported)."""
    values: dict[str, Any] = {}
    bad: set[str] = set()

    def fail(key: str, exc: UserError) -> None:
        bad.add(key)
        result.errors.append(RowError(line, headers.get(key, BY_KEY[key].header), exc))

    for position, key in index.items():
        cell = cells[position] if position < len(cells) else None
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        try:
            if key == "barcode":
                values[key] = _codes(cell)
            elif key in ("price", "cost"):
                values[key] = _money(cell, N_("Price") if key == "price" else N_("Cost"))
            elif key == "reorder_level":
                values[key] = _whole(cell, N_("Reorder level"))
            elif key == "stars":
                values[key] = _stars(cell)
            elif key in ("certificate_signed", "certificate_expires"):
                values[key] = _date(
                    cell, N_("Certificate date") if key == "certificate_signed" else N_("Certificate expiry")
                )
            elif key in ("consigned", "sold_by_weight"):
                values[key] = _bool(cell, N_("Consigned") if key == "consigned" else N_("Sold by weight"))
            elif key == "group":
                values[key] = _group(cell)
            elif key == "vat":
                values[key] = _vat(cell)
            elif key == "producer_kind":
                kind = guess_kind(_text(cell))
                if kind is None:
                    raise CellError(
                        "Producer kind: {value} is not an enterprise, cooperative (HTX), cooperative "
                        "group or household business.",
                        value=_text(cell)[:40],
                    )
                values[key] = kind
            else:
                values[key] = _clean(_text(cell), BY_KEY[key].header)
        except UserError as exc:
            fail(key, exc)
    return values, bad


def plan_import(session: Session, table: Table, report: ImportReport) -> tuple[list[_Row], list[_NewProducer]]:
    """Check every row and work out what it would do; writes nothing."""
    headers = _header_names(table)
    index: dict[int, str] = {}
    for position, header in enumerate(table.headers):
        key = column_for_header(header)
        if key is None:
            if header.strip() and _fold_header(header) not in IGNORED_HEADERS:
                report.ignored_columns.append(header)
        elif key in index.values():
            report.file_errors.append(
                ValidationError(
                    "Two columns are both read as {column}: {first} and {second}.",
                    column=BY_KEY[key].header,
                    first=headers[key],
                    second=header,
                )
            )
        else:
            index[position] = key
    if "sku" not in index.values() and "barcode" not in index.values():
        report.file_errors.append(ValidationError("The file needs a SKU (Mã hàng) or a barcode (Mã vạch) column."))
    if report.file_errors:
        return [], []
    planner = _Planner(session, headers)
    report.notes.extend(table.notes)
    for line, cells in table.rows:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        label = _total_row(cells, index)
        if label is not None:
            report.notes.append(RowError(line, "", ValidationError(
                "A total row (“{label}”) was skipped: it is not a product.", label=label)))
            continue
        if len(planner.rows) >= MAX_ROWS:
            report.file_errors.append(ValidationError("The file has more than {rows} rows.", rows=MAX_ROWS))
            break
        result = RowResult(line, "", "")
        values, bad = _parse_row(line, cells, index, headers, result)
        for key, value in values.items():
            if isinstance(value, str) and looks_like_formula(value):
                report.notes.append(RowError(line, headers.get(key, BY_KEY[key].header), ValidationError(
                    "“{value}” begins like a spreadsheet formula; it is kept as text, and exports write it "
                    "so that no spreadsheet runs it.", value=value[:60])))
        row = _Row(result, values)
        planner.rows.append(row)
        report.rows.append(result)
        planner.plan(row, bad)
    for row in planner.rows:
        if row.result.errors:
            row.result.action = "rejected"
    unique = {id(p): p for p in planner.new_producers.values()}
    return planner.rows, list(unique.values())


_TOTAL_WORDS = ("tong cong", "tong so", "tong", "cong", "total", "grand total", "sum", "tong gia tri",
                "tong tien", "cong tien")


def _total_row(cells: list[Any], index: dict[int, str]) -> str | None:
    """The label of a footer row (“Tổng cộng”, “Total”…) that names no SKU nor barcode, else None."""
    texts = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    if not texts:
        return None
    label = texts[0]
    first = fold(label).strip(" :.")
    if first not in _TOTAL_WORDS and not first.startswith(("tong cong", "total ")):
        return None
    for pos, key in index.items():  # a SKU or barcode other than the label itself: a product after all
        value = cells[pos] if pos < len(cells) else None
        if key in ("sku", "barcode") and value not in (None, "") and str(value).strip() != label:
            return None
    return label[:40]


class _Planner:
    """What each row will do, checked against the catalogue and against the rows before it."""

    def __init__(self, session: Session, headers: dict[str, str]) -> None:
        self.session = session
        self.headers = headers
        self.default_province = setup.outlet(session).province
        self.producers_by_tax = {p.tax_code: p for p in session.scalars(select(Producer)) if p.tax_code}
        self.producers_by_name = {p.name_folded: p for p in session.scalars(select(Producer).order_by(Producer.id))}
        # The catalogue in memory: one query per table, not one per row.
        self.index = product_fields.CatalogueIndex.load(session)
        self.products = {p.id: p for p in session.scalars(select(Product).options(selectinload(Product.barcodes)))}
        self.refs = {p.province_ref: (p.id, p.sku) for p in self.products.values() if p.province_ref}
        self.new_producers: dict[str, _NewProducer] = {}
        self.seen_sku: dict[str, int] = {}
        self.seen_code: dict[str, int] = {}
        self.seen_ref: dict[str, int] = {}
        self.seen_product: dict[int, int] = {}
        self.rows: list[_Row] = []

    def fail(self, row: _Row, key: str, exc: UserError) -> None:
        row.result.errors.append(RowError(row.result.line, self.headers.get(key, BY_KEY[key].header), exc))

    def plan(self, row: _Row, bad: set[str]) -> None:
        values, result, line = row.values, row.result, row.result.line
        name = values.get("name", "")
        result.name = name
        if not name and "name" not in bad:
            self.fail(row, "name", FieldError("Name: a product needs a name.", field="name"))
            bad.add("name")
        codes: list[str] = []
        code_errors: list[FieldError] = []
        for raw in values.get("barcode", []):
            code = product_fields.check_code(raw, code_errors)
            if code is not None and code not in codes:
                codes.append(code)
        for exc in code_errors:
            self.fail(row, "barcode", exc)
        sku = values.get("sku", "") or (codes[0] if codes else "")
        result.sku = sku
        if not sku:
            if not code_errors and not bad & {"sku", "barcode"}:
                self.fail(row, "sku", FieldError("SKU: the row needs a SKU or a barcode.", field="sku"))
            return
        # Against the rows before it.
        duplicate = False
        if sku in self.seen_sku:
            duplicate = True
            self.fail(
                row,
                "sku",
                FieldError("SKU {sku} is also on line {other}.", field="sku", sku=sku, other=self.seen_sku[sku]),
            )
        for code in codes:
            if code in self.seen_code:
                duplicate = True
                self.fail(
                    row,
                    "barcode",
                    FieldError(
                        "Barcode {code} is also on line {other}.",
                        field="barcodes",
                        code=code,
                        other=self.seen_code[code],
                    ),
                )
        ref = values.get("province_ref")
        if ref and ref in self.seen_ref:
            self.fail(
                row,
                "province_ref",
                FieldError(
                    "OCOP code {code} is also on line {other}.",
                    field="province_ref",
                    code=ref,
                    other=self.seen_ref[ref],
                ),
            )
        self.seen_sku.setdefault(sku, line)
        for code in codes:
            self.seen_code.setdefault(code, line)
        if ref:
            self.seen_ref.setdefault(ref, line)
        # Against the catalogue: the SKU first, else a barcode.
        found = self.index.sku_to_id.get(sku) if values.get("sku") else None
        product = self.products.get(found) if found is not None else None
        if product is None and codes:
            owner_ids = {self.index.code_owner[c][0] for c in codes if c in self.index.code_owner}
            owners = {pid: self.products[pid] for pid in owner_ids}
            if len(owners) > 1:
                self.fail(
                    row,
                    "barcode",
                    FieldError(
                        "Barcodes {codes} belong to different products ({skus}).",
                        field="barcodes",
                        codes=", ".join(codes),
                        skus=", ".join(sorted(p.sku for p in owners.values())),
                    ),
                )
                return
            if owners and values.get("sku"):
                # A new SKU with a barcode of another product: a conflict, never a rename of that product.
                other = next(iter(owners.values()))
                code = next(c for c in codes if self.index.code_owner.get(c, (None,))[0] == other.id)
                self.fail(row, "barcode", FieldError(
                    "Barcode {code} belongs to {other_sku} ({other_name}), but this row is for SKU {sku} "
                    "({name}), which is not in the catalogue. Correct the SKU or the barcode: an import "
                    "never moves a barcode to another product.", field="barcodes", code=code,
                    other_sku=other.sku, other_name=other.name, sku=sku, name=name or "-"))
                return
            product = next(iter(owners.values()), None)
        if product is not None:
            if product.id in self.seen_product and not duplicate:
                self.fail(
                    row,
                    "sku",
                    FieldError(
                        "This row updates the same product as line {other}.",
                        field="sku",
                        other=self.seen_product[product.id],
                    ),
                )
            self.seen_product.setdefault(product.id, line)
            row.product_id = result.product_id = product.id
            result.sku = product.sku if not values.get("sku") else sku
        if ref:
            held = self.refs.get(ref)
            holder = held[1] if held is not None and held[0] != row.product_id else None
            if holder is not None:
                self.fail(
                    row,
                    "province_ref",
                    FieldError(
                        "OCOP code {code} already belongs to {sku}.", field="province_ref", code=ref, sku=holder
                    ),
                )
        row.province_ref = ref or None
        producer_id = self._producer(row)
        self._product(row, sku, name, codes, producer_id, bad)

    def _producer(self, row: _Row) -> int | None:
        """The existing producer the row names, or None (a new one is planned under ``row.producer_key``)."""
        values = row.values
        name = values.get("producer", "")
        tax = values.get("producer_tax_code", "")
        if not name and not tax:
            return None
        tax_compact = mst.compact(tax) if tax and mst.is_valid(tax) else ""
        existing = self.producers_by_tax.get(tax_compact) if tax_compact else None
        if existing is None and name:
            existing = self.producers_by_name.get(fold(name))
        if existing is not None:
            return existing.id
        if not name:
            self.fail(
                row,
                "producer",
                FieldError(
                    "Producer: no producer has the tax code {tax_code}; give its name.", field="producer", tax_code=tax
                ),
            )
            return None
        key = tax_compact or fold(name)
        planned = self.new_producers.get(key) or self.new_producers.get(fold(name))
        if planned is None:
            kind = values.get("producer_kind") or guess_kind(name)
            data = ProducerInput(
                name=name,
                kind=kind or "",
                tax_code=tax,
                address=values.get("producer_address", ""),
                commune=values.get("producer_commune", ""),
                province=self.default_province,
            )
            problems = catalogue_producers.check_producer(self.session, data)
            for exc in problems:
                if exc.field == "kind" and not kind:
                    exc = FieldError(
                        "Producer kind: say whether {name} is an enterprise, a cooperative (HTX), a "
                        "cooperative group or a household business.",
                        field="kind",
                        name=name,
                    )
                self.fail(row, PRODUCER_FIELD_COLUMN.get(exc.field, "producer"), exc)
            if problems:
                return None
            planned = _NewProducer(key, data, row.result.line)
            self.new_producers[key] = planned
            self.new_producers.setdefault(fold(name), planned)
            row.result.new_producer = name
        row.producer_key = planned.key
        return None

    def _product(
        self, row: _Row, sku: str, name: str, codes: list[str], producer_id: int | None, bad: set[str]
    ) -> None:
        """The whole product as it would be after this row, checked like a form."""
        values, result, session = row.values, row.result, self.session
        if row.product_id is not None:
            current = product_fields.input_of(self.products[row.product_id])
        else:
            current = ProductInput(sku=sku, name=name, price=1, ocop_group=None)
            if "price" not in values and "price" not in bad:
                self.fail(row, "price", FieldError("Price: a new product needs a price.", field="price"))
        signed = values.get("certificate_signed", current.certificate_signed)
        expires = values.get("certificate_expires")
        if expires is None:
            expires = None if "certificate_signed" in values else current.certificate_expires
        merged = replace(
            current,
            sku=sku if values.get("sku") else current.sku,
            name=name or current.name,
            unit=values.get("unit", current.unit),
            price=values.get("price", current.price),
            cost=values.get("cost", current.cost),
            vat_category=values.get("vat", current.vat_category),
            ocop_group=values.get("group", current.ocop_group),
            stars=values.get("stars", current.stars),
            certificate_no=values.get("certificate_no", current.certificate_no),
            certificate_signed=signed,
            certificate_expires=expires,
            producer_id=producer_id if producer_id is not None else (None if row.producer_key else current.producer_id),
            consigned=values.get("consigned", current.consigned),
            reorder_level=values.get("reorder_level", current.reorder_level),
            sold_by_weight=values.get("sold_by_weight", current.sold_by_weight),
            barcodes=tuple(dict.fromkeys([*current.barcodes, *codes])),
        )
        problems, stored, computed = product_fields.check_product(
            session, merged, row.product_id, index=self.index, current=current if row.product_id else None
        )
        row.codes = stored
        for exc in problems:
            key = FIELD_COLUMN.get(exc.field, "name")
            if key not in bad:
                self.fail(row, key, exc)
        row.data = replace(merged, certificate_expires=computed)
        if result.errors:
            return
        if row.product_id is None:
            result.action = "create"
            return
        before = current
        changed = [k for k in product_fields.EDITABLE if getattr(before, k) != getattr(row.data, k)]
        if row.producer_key:
            changed.append("producer_id")
        if tuple(before.barcodes) != tuple(row.data.barcodes):
            changed.append("barcodes")
        product = self.products[row.product_id]
        if row.province_ref and product.province_ref != row.province_ref:
            changed.append("province_ref")
        result.changes = tuple(dict.fromkeys(changed))
        result.action = "update" if result.changes else "unchanged"


def _apply(
    session: Session,
    rows: list[_Row],
    producers: list[_NewProducer],
    actor: Actor | None,
    approver: int | None,
    report: ImportReport,
) -> None:
    ids: dict[str, int] = {}
    for new in producers:
        ids[new.key] = catalogue_producers.add_producer(session, replace(new.data, code=None)).id
    created: list[tuple[_Row, dict[str, Any]]] = []
    for row in rows:
        if row.data is None or row.result.action not in ("create", "update"):
            continue
        data = row.data
        if row.producer_key:
            data = replace(data, producer_id=ids[row.producer_key])
        if row.result.action == "create":
            values = product_fields.new_product_values(data, data.certificate_expires)
            values["province_ref"] = row.province_ref
            created.append((row, values))
            continue
        assert row.product_id is not None
        catalogue_products.apply_product_update(
            session, row.product_id, data, remove_codes=False, checked=(row.codes, data.certificate_expires)
        )
        product = lookup.get_product(session, row.product_id)
        if row.province_ref and product.province_ref != row.province_ref:
            product.province_ref = row.province_ref
    session.flush()  # the updates, once for the whole file
    if created:
        # New products in a few multi-row INSERTs (their ids back in order), then all their barcodes in one: an
        # ORM object per product and per barcode made writing 5,000 products most of an import's time.
        products, barcodes = cast(SqlTable, Product.__table__), cast(SqlTable, ProductBarcode.__table__)
        new_ids = session.execute(
            insert(products).returning(products.c.id, sort_by_parameter_order=True),
            [values for _row, values in created],
        ).scalars().all()
        codes = []
        for (row, _values), product_id in zip(created, new_ids, strict=True):
            row.result.product_id = product_id
            codes += [{"product_id": product_id, "code": code} for code in row.codes]
        if codes:
            session.execute(insert(barcodes), codes)
    audit.record(
        session,
        "products.imported",
        user_id=actor.user_id if actor else None,
        terminal_id=actor.terminal_id if actor else None,
        approver_id=approver,
        entity="import",
        entity_id=report.source[-40:],
        created=report.count("create"),
        updated=report.count("update"),
        unchanged=report.count("unchanged"),
        producers=report.new_producers,
        via="app" if actor else "cli",
    )


def import_products(
    session: Session,
    data: bytes,
    *,
    source: str = "",
    dry_run: bool = False,
    actor: Actor | None = None,
    approved_by: int | None = None,
) -> ImportReport:
    """Check (and unless ``dry_run``, apply) a product list. Never raises for bad content: the report
    says what is wrong, and nothing is written unless every row is fine. Writes happen in a savepoint,
    so the caller's transaction is untouched when anything fails."""
    approver = permissions.require_unless_cli(session, actor, "catalogue_edit", approved_by)
    report = ImportReport(source=source, dry_run=dry_run)
    try:
        table = read_table(data)
    except UserError as exc:
        report.file_errors.append(exc)
        return report
    rows, producers = plan_import(session, table, report)
    if not report.ok or dry_run or not any(r.result.action in ("create", "update") for r in rows):
        return report
    savepoint = session.begin_nested()
    try:
        _apply(session, rows, producers, actor, approver, report)
    except Exception as exc:  # a row passed the checks but could not be written: keep nothing
        savepoint.rollback()
        log.exception("product import failed while writing")
        detail = exc.text() if isinstance(exc, UserError) else type(exc).__name__
        report.file_errors.append(ValidationError("The import stopped and nothing was saved: {reason}", reason=detail))
        return report
    savepoint.commit()
    report.applied = True
    return report


def import_file(session: Session, path: Path, **kwargs: Any) -> ImportReport:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError("Cannot read {path}: {reason}", path=str(path), reason=os_reason(exc)) from None
    return import_products(session, data, source=str(path), **kwargs)
