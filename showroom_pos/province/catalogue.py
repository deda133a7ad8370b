"""The province's OCOP catalogue: importing its list (CSV or XLSX) and publishing changes to outlets.

The file has one product per row; column names are matched ignoring case and Vietnamese diacritics,
in English or Vietnamese (see ``COLUMNS``). An import is all or nothing: every problem is reported
with its line and column and nothing is written. Re-importing the same file changes nothing. Each
import that changes something takes the next value of the change counter; changed producers and
products carry it, so an outlet can ask for what changed since the counter it last saw.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from showroom_pos.core.barcode import BarcodeError, classify, normalize_gtin
from showroom_pos.core.catalogue_feed import (
    OCOP_GROUPS,
    PRODUCER_KINDS,
    CatalogueChanges,
    FeedProducer,
    FeedProduct,
)
from showroom_pos.core.clock import add_months
from showroom_pos.core.text import fold, is_ascii_digits, nfc

from .models import CatalogueProducer, CatalogueProduct, Counter, utcnow

CERTIFICATE_MONTHS = 36
COUNTER = "catalogue"

# canonical column → accepted headers, compared folded (lower case, no diacritics, punctuation as spaces).
# They include every header of the outlet's product import (services/product_import/columns.py), so the same
# CSV/XLSX file — the province's OCOP list — imports on both sides.
COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "province ref", "ma ocop", "ma san pham ocop", "ma ocop tinh", "ma so ocop"),
    "sku": ("sku", "ma hang", "ma san pham", "ma sp", "ma hang hoa"),
    "name": ("name", "ten san pham", "ten", "ten sp", "ten hang", "san pham", "ten san pham ocop"),
    "barcodes": ("barcodes", "barcode", "ma vach", "gtin", "ean"),
    "unit": ("unit", "don vi", "don vi tinh", "dvt"),
    "group": ("group", "ocop group", "nhom", "nhom san pham", "nhom nganh", "bo san pham"),
    "stars": ("stars", "so sao", "hang sao", "sao", "xep hang", "hang", "hang ocop"),
    "producer_code": ("producer code", "ma chu the"),
    "producer_name": (
        "producer name",
        "producer",
        "chu the",
        "ten chu the",
        "chu the ocop",
        "co so san xuat",
        "don vi san xuat",
        "nha san xuat",
    ),
    "producer_kind": ("producer kind", "loai chu the", "loai hinh", "loai hinh chu the", "loai hinh to chuc"),
    "producer_commune": ("producer commune", "commune", "xa phuong", "xa", "phuong"),
    "producer_province": ("producer province", "province", "tinh"),
    "producer_tax_code": ("producer tax code", "tax code", "ma so thue", "mst", "ma so thue chu the", "mst chu the"),
    "certificate_no": (
        "certificate no",
        "so chung nhan",
        "so quyet dinh",
        "so quyet dinh cong nhan",
        "so qd",
        "so giay chung nhan",
        "so gcn",
        "quyet dinh",
    ),
    "certificate_signed": (
        "certificate signed",
        "ngay ky",
        "ngay cap",
        "ngay quyet dinh",
        "ngay ky quyet dinh",
        "ngay cong nhan",
        "ngay chung nhan",
    ),
    "certificate_expires": ("certificate expires", "ngay het han", "het han", "ngay het hieu luc", "hieu luc den"),
    "reference_price": ("reference price", "price", "gia", "gia ban", "gia tham khao", "gia ban le", "don gia"),
    "status": ("status", "trang thai"),
}
REQUIRED = ("name", "stars", "producer_name")
GROUP_ALIASES = {
    "thuc pham": "food",
    "do uong": "beverage",
    "duoc lieu": "herbal",
    "thao duoc": "herbal",
    "thu cong my nghe": "handicraft",
    "sinh vat canh": "ornamental",
    "dich vu du lich": "tourism",
    "du lich": "tourism",
    **{g: g for g in OCOP_GROUPS},
}
KIND_ALIASES = {
    "doanh nghiep": "enterprise",
    "cong ty": "enterprise",
    "hop tac xa": "cooperative",
    "htx": "cooperative",
    "to hop tac": "coop_group",
    "tht": "coop_group",
    "ho kinh doanh": "household",
    "co so": "household",
    "ho san xuat": "household",
    **{k: k for k in PRODUCER_KINDS},
}
STATUS_ALIASES = {
    "certified": "certified",
    "con hieu luc": "certified",
    "revoked": "revoked",
    "thu hoi": "revoked",
    "het hieu luc": "revoked",
}


class ImportRejected(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    producers_created: int = 0
    producers_updated: int = 0
    version: int = 0
    problems: list[str] = field(default_factory=list)


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, with or without BOM, comma or semicolon) or XLSX file, as header → text."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        values = [["" if v is None else _cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
    else:
        text = path.read_bytes().decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        values = list(csv.reader(io.StringIO(text), dialect))
    start = _header_row(values)
    if start is None:
        return []
    headers = [_fold_header(h) for h in values[start]]
    written = {HEADER + f: str(h).strip() for f, h in zip(headers, values[start], strict=False) if f}
    # Each row keeps its line number in the file (title rows above the header count too).
    return [
        {**dict(zip(headers, row, strict=False)), **written, LINE: str(start + 2 + i)}
        for i, row in enumerate(values[start + 1 :])
        if any(str(c).strip() for c in row)
    ]


LINE = "\x00line"
HEADER = "\x00header "  # + folded header: the header as written in the file, for messages


def _fold_header(value: object) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(str(value or ""))).split())


_KNOWN = {alias for aliases in COLUMNS.values() for alias in aliases}


def _header_row(values: list[list[str]]) -> int | None:
    """The header may follow a few title rows (a sheet's heading): the first row naming a product name."""
    for index, row in enumerate(values[:15]):
        folded = {_fold_header(c) for c in row}
        if folded & set(COLUMNS["name"]) and len(folded & _KNOWN) >= 2:
            return index
    return 0 if values else None


def _cell_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _column_map(headers: list[str]) -> tuple[dict[str, str], list[str]]:
    mapping: dict[str, str] = {}
    for canonical, aliases in COLUMNS.items():
        for h in headers:
            if h in aliases and canonical not in mapping:
                mapping[canonical] = h
    missing = [c for c in REQUIRED if c not in mapping]
    return mapping, [f"line 1: column {c} is missing (accepted names: {', '.join(COLUMNS[c])})" for c in missing]


def _date(text: str) -> date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("is not a date (YYYY-MM-DD or DD/MM/YYYY)")


@dataclass
class _Row:
    line: int
    product: dict[str, Any]
    producer: dict[str, Any]


def parse(rows: list[dict[str, str]]) -> tuple[list[_Row], list[str]]:
    if not rows:
        return [], ["the file holds no rows"]
    mapping, problems = _column_map([h for h in rows[0] if not h.startswith("\x00")])
    if problems:
        return [], problems
    out: list[_Row] = []
    seen_refs: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    for n, raw in enumerate(rows, start=2):
        i = int(raw.get(LINE, n))

        def get(col: str, raw: dict[str, str] = raw) -> str:
            return nfc(str(raw.get(mapping.get(col, ""), "") or "").strip())

        def bad(col: str, reason: str, line: int = i, raw: dict[str, str] = raw) -> None:
            header = mapping.get(col, col)
            problems.append(f"line {line}, column {raw.get(HEADER + header, header)}: {reason}")

        before = len(problems)
        sku, name = get("sku"), get("name")
        if not sku:  # as in the outlet's import: no item code, then the first barcode is the SKU
            sku = re.split(r"[;,\s]+", get("barcodes"))[0]
        if not sku or len(sku) > 40:
            bad("sku", "a SKU of 1–40 characters is required")
        if not name or len(name) > 200:
            bad("name", "a name of 1–200 characters is required")
        ref = get("ref") or sku
        stars: int | None = None
        try:
            stars = int(get("stars").replace("★", "").strip())
            if not 3 <= stars <= 5:
                raise ValueError
        except ValueError:
            bad("stars", f"{get('stars')!r}: OCOP stars are 3, 4 or 5")
        group_text = fold(get("group"))
        group = GROUP_ALIASES.get(group_text) if group_text else None
        if group_text and group is None:
            bad("group", f"{get('group')!r} is not an OCOP product group")
        barcodes: list[str] = []
        for code in re.split(r"[;,\s]+", get("barcodes")):
            if not code:
                continue
            if is_ascii_digits(code) and code.startswith("2") and len(code) not in (8, 12, 13, 14):
                continue  # a showroom's in-store or scale code: meaningless to the province
            try:
                classify(code)
                barcodes.append(normalize_gtin(code))
            except BarcodeError as exc:
                bad("barcodes", f"{code}: {exc.text()}")
        for code in barcodes:
            if code in seen_codes:
                bad("barcodes", f"{code} is also on line {seen_codes[code]}")
            seen_codes[code] = i
        if ref in seen_refs:
            bad("ref", f"{ref} is also on line {seen_refs[ref]}")
        seen_refs[ref] = i
        signed = expires = None
        try:
            signed = _date(get("certificate_signed")) if get("certificate_signed") else None
        except ValueError as exc:
            bad("certificate_signed", str(exc))
        try:
            expires = _date(get("certificate_expires")) if get("certificate_expires") else None
        except ValueError as exc:
            bad("certificate_expires", str(exc))
        if expires is None and signed is not None:
            expires = add_months(signed, CERTIFICATE_MONTHS)
        if signed and expires and expires <= signed:
            bad("certificate_expires", "must be after the signing date")
        price: int | None = None
        if get("reference_price"):
            digits = get("reference_price").replace(".", "").replace(",", "").replace("₫", "").replace("đ", "").strip()
            if is_ascii_digits(digits) and int(digits) > 0:
                price = int(digits)
            else:
                bad("reference_price", f"{get('reference_price')!r} is not an amount in đồng")
        status = STATUS_ALIASES.get(fold(get("status")) or "certified")
        if status is None:
            bad("status", f"{get('status')!r}: certified or revoked")
        producer_name = get("producer_name")
        if not producer_name:
            bad("producer_name", "the producer's name is required")
        kind_text = fold(get("producer_kind"))
        kind = KIND_ALIASES.get(kind_text) if kind_text else _guess_kind(producer_name)
        if kind is None:
            bad("producer_kind", f"{get('producer_kind')!r}: enterprise, cooperative, coop_group or household")
        producer_code = get("producer_code") or _code_from_name(producer_name)
        if len(problems) > before:
            continue
        out.append(
            _Row(
                i,
                {
                    "ref": ref,
                    "sku": sku,
                    "name": name,
                    "name_folded": fold(name),
                    "barcodes": " ".join(barcodes),
                    "unit": get("unit"),
                    "ocop_group": group,
                    "stars": stars,
                    "producer_code": producer_code,
                    "certificate_no": get("certificate_no") or None,
                    "certificate_signed": signed,
                    "certificate_expires": expires,
                    "reference_price": price,
                    "status": status,
                },
                {
                    "code": producer_code,
                    "name": producer_name,
                    "kind": kind,
                    "commune": get("producer_commune"),
                    "province": get("producer_province"),
                    "tax_code": get("producer_tax_code"),
                },
            )
        )
    return out, problems


def _guess_kind(name: str) -> str:
    folded = fold(name)
    if folded.startswith(("htx", "hop tac xa")):
        return "cooperative"
    if folded.startswith(("to hop tac", "tht")):
        return "coop_group"
    if folded.startswith(("cong ty", "doanh nghiep", "dntn")):
        return "enterprise"
    return "household"


def _code_from_name(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", fold(name).upper())[:30] or "UNKNOWN"


def next_version(session: Session) -> int:
    counter = session.get(Counter, COUNTER, with_for_update=session.get_bind().dialect.name == "postgresql")
    if counter is None:
        counter = Counter(name=COUNTER, value=0)
        session.add(counter)
    counter.value += 1
    session.flush()
    return counter.value


def current_version(session: Session) -> int:
    counter = session.get(Counter, COUNTER)
    return counter.value if counter is not None else 0


def import_file(session: Session, path: Path, *, dry_run: bool = False) -> ImportResult:
    """Import ``path`` in the caller's transaction; raises ``ImportRejected`` (nothing written) on any problem."""
    try:
        rows = read_rows(path)
    except (OSError, ValueError, csv.Error, KeyError) as exc:
        raise ImportRejected([f"{path.name}: cannot be read ({exc})"]) from None
    return import_rows(session, rows, dry_run=dry_run)


def import_rows(session: Session, rows: list[dict[str, str]], *, dry_run: bool = False) -> ImportResult:
    parsed, problems = parse(rows)
    if problems:
        raise ImportRejected(problems)
    result = ImportResult(rows=len(parsed))
    producers = {p.code: p for p in session.scalars(select(CatalogueProducer))}
    products = {p.ref: p for p in session.scalars(select(CatalogueProduct))}
    version: int | None = None

    def bump() -> int:
        nonlocal version
        if version is None:
            version = 0 if dry_run else next_version(session)
        return version

    for row in parsed:
        data = row.producer
        existing = producers.get(data["code"])
        if existing is None:
            producers[data["code"]] = CatalogueProducer(**data, version=bump(), updated_at=utcnow())
            if not dry_run:
                session.add(producers[data["code"]])
            result.producers_created += 1
        elif any(getattr(existing, k) != v for k, v in data.items()):
            if not dry_run:
                for k, v in data.items():
                    setattr(existing, k, v)
                existing.version, existing.updated_at = bump(), utcnow()
            result.producers_updated += 1
    for row in parsed:
        data = row.product
        current = products.get(data["ref"])
        if current is None:
            if not dry_run:
                session.add(CatalogueProduct(**data, version=bump(), updated_at=utcnow()))
            result.created += 1
        elif any(getattr(current, k) != v for k, v in data.items()):
            if not dry_run:
                for k, v in data.items():
                    setattr(current, k, v)
                current.version, current.updated_at = bump(), utcnow()
            result.updated += 1
        else:
            result.unchanged += 1
    if not dry_run:
        session.flush()
    result.version = current_version(session)
    return result


def changes_since(session: Session, since: int) -> CatalogueChanges:
    version = current_version(session)
    producers = session.scalars(
        select(CatalogueProducer).where(CatalogueProducer.version > since).order_by(CatalogueProducer.code)
    )
    products = session.scalars(
        select(CatalogueProduct).where(CatalogueProduct.version > since).order_by(CatalogueProduct.ref)
    )
    return CatalogueChanges(
        version=version,
        since=since,
        producers=tuple(
            FeedProducer(
                code=p.code,
                name=p.name,
                kind=p.kind,
                version=p.version,
                commune=p.commune,
                province=p.province,
                tax_code=p.tax_code,
            )
            for p in producers
        ),
        products=tuple(
            FeedProduct(
                ref=p.ref,
                sku=p.sku,
                name=p.name,
                version=p.version,
                producer_code=p.producer_code,
                barcodes=tuple(p.barcodes.split()),
                unit=p.unit,
                group=p.ocop_group,
                stars=p.stars,
                certificate_no=p.certificate_no,
                certificate_signed=p.certificate_signed,
                certificate_expires=p.certificate_expires,
                reference_price=p.reference_price,
                status=p.status,
            )
            for p in products
        ),
    )


def etag(version: int) -> str:
    return f'"catalogue-{version}"'
