"""The columns an import file may have, and which one a header names.

A header is recognised in Vietnamese or English, with or without diacritics, in any case, exactly or as the
start of a longer header (``Giá bán (đồng)``). ``COLUMNS`` is the list the README and the catalogue export
share, so an exported catalogue imports back as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from showroom_pos.core.errors import ValidationError
from showroom_pos.core.text import fold

from .report import ImportReport


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


def fold_header(value: object) -> str:
    text = fold(str(value or ""))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


_ALIASES: dict[str, str] = {}
for _c in COLUMNS:
    for _alias in (_c.header, _c.key.replace("_", " "), *_c.aliases):
        _ALIASES.setdefault(fold_header(_alias), _c.key)


def column_for_header(header: object) -> str | None:
    """The column key a header names: exactly, or as the start of it (``Giá bán (đồng)``)."""
    folded = fold_header(header)
    if not folded:
        return None
    if folded in _ALIASES:
        return _ALIASES[folded]
    best = max((a for a in _ALIASES if folded.startswith(a + " ")), key=len, default=None)
    return _ALIASES[best] if best else None


def map_columns(headers: list[str], report: ImportReport) -> tuple[dict[int, str], dict[str, str]]:
    """The column key at each position of the header row, and the header each key was read from. Headers
    naming no column are listed in ``report.ignored_columns``; two headers naming one column, or a file
    with neither a SKU nor a barcode column, are file errors in ``report``."""
    names: dict[str, str] = {}
    for header in headers:
        key = column_for_header(header)
        if key and key not in names:
            names[key] = header
    index: dict[int, str] = {}
    for position, header in enumerate(headers):
        key = column_for_header(header)
        if key is None:
            if header.strip() and fold_header(header) not in IGNORED_HEADERS:
                report.ignored_columns.append(header)
        elif key in index.values():
            report.file_errors.append(
                ValidationError(
                    "Two columns are both read as {column}: {first} and {second}.",
                    column=BY_KEY[key].header,
                    first=names[key],
                    second=header,
                )
            )
        else:
            index[position] = key
    if "sku" not in index.values() and "barcode" not in index.values():
        report.file_errors.append(ValidationError("The file needs a SKU (Mã hàng) or a barcode (Mã vạch) column."))
    return index, names
