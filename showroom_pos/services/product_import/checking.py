"""Checking an import file's rows: each cell read as what its column holds, or refused with the reason.

Amounts (55.000, 55,000, 55000 ₫), dates (dd/mm/yyyy or an Excel date), stars (4, 4 sao, ★★★★), yes/no, the
OCOP group, the VAT category, the producer kind; barcodes that Excel turned into numbers; text decoded in the
wrong encoding (mojibake, ? or � in place of letters). Also the rows that are not products (a total row at the
foot of the list) and text a spreadsheet would run (kept as text, with a note).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from showroom_pos.core.errors import N_, UserError, ValidationError
from showroom_pos.core.spreadsheet import looks_like_formula, unguard
from showroom_pos.core.text import fold, nfc

from .columns import BY_KEY, fold_header
from .report import RowError, RowResult


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
    folded = fold_header(_text(cell))
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
    folded = fold_header(text)
    for prefix, kind in _KINDS:
        if folded == prefix or folded.startswith(prefix + " "):
            return kind
    return None


# What a VAT cell may say (diacritics and spaces dropped) → the category: the codes, the rates as a person writes
# them, and KCT (không chịu thuế) for exempt goods. The catalogue export writes a rate from here.
VAT_CELLS = {
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


def _vat(cell: Any) -> str:
    folded = fold(_text(cell)).replace(" ", "")
    if folded not in VAT_CELLS:
        raise CellError("VAT: {value} is not a VAT category (10%, 8%, 5%, 0%, KCT).", value=_text(cell)[:40])
    return VAT_CELLS[folded]


def parse_row(
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


def formula_notes(line: int, values: dict[str, Any], headers: dict[str, str]) -> list[RowError]:
    """A note for each value of the row that begins like a spreadsheet formula (it is imported as text)."""
    notes: list[RowError] = []
    for key, value in values.items():
        if isinstance(value, str) and looks_like_formula(value):
            notes.append(RowError(line, headers.get(key, BY_KEY[key].header), ValidationError(
                "“{value}” begins like a spreadsheet formula; it is kept as text, and exports write it "
                "so that no spreadsheet runs it.", value=value[:60])))
    return notes


_TOTAL_WORDS = ("tong cong", "tong so", "tong", "cong", "total", "grand total", "sum", "tong gia tri",
                "tong tien", "cong tien")


def total_row(cells: list[Any], index: dict[int, str]) -> str | None:
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
