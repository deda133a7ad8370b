"""Exports for the national OCOP management system and e-commerce platforms (layout: docs/EXPORTS.md).

Two tables, each as CSV (UTF-8 with BOM, comma, one header row) or XLSX (first sheet, one header row;
a second sheet explains the columns):

- ``catalogue``: every certified product with its producer, certificate, price range, photos' URLs,
  its public page and its availability in the showrooms now;
- ``sales``: per product and period (day, month, quarter or year), what the showrooms sold.

Headers are stable English codes (for machines) or, with ``headers="vi"``, Vietnamese titles (for
people). Text is never a formula in a spreadsheet: one starting with ``= + - @`` gets an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from sqlalchemy import BigInteger, cast, func, literal, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import business_day, local

from . import rollup
from .models import DailySummaryRow, ProductMonth, ProvinceOutlet, SummaryProduct
from .showcase import GROUP_LABELS, KIND_LABELS, CatalogueIndex, Showcase, catalogue_index

PERIODS = ("day", "month", "quarter", "year")
MAX_PHOTO_COLUMNS = 3


@dataclass(frozen=True)
class Column:
    code: str
    vi: str
    meaning: str


CATALOGUE_COLUMNS: tuple[Column, ...] = (
    Column("ref", "Mã sản phẩm OCOP", "the product's stable identity at the province (mã OCOP)"),
    Column("sku", "Mã hàng", "the catalogue's item code"),
    Column("gtin", "Mã vạch (GTIN)", "barcodes, separated by a space"),
    Column("name", "Tên sản phẩm", ""),
    Column("group", "Mã nhóm", "food, beverage, herbal, handicraft, ornamental or tourism"),
    Column("group_name", "Nhóm sản phẩm", "the group's Vietnamese name"),
    Column("stars", "Hạng sao", "3, 4 or 5"),
    Column("unit", "Đơn vị tính", ""),
    Column("producer_code", "Mã chủ thể", ""),
    Column("producer_name", "Tên chủ thể", ""),
    Column("producer_kind", "Loại hình chủ thể", "Doanh nghiệp, Hợp tác xã, Tổ hợp tác or Hộ kinh doanh"),
    Column("producer_tax_code", "Mã số thuế chủ thể", ""),
    Column("producer_commune", "Xã/phường", ""),
    Column("producer_province", "Tỉnh/thành phố", ""),
    Column("certificate_no", "Số quyết định công nhận", ""),
    Column("certificate_signed", "Ngày ký", "YYYY-MM-DD"),
    Column("certificate_expires", "Ngày hết hạn", "YYYY-MM-DD"),
    Column("certificate_state", "Tình trạng chứng nhận", "valid, expiring (within 90 days), expired or undated"),
    Column("reference_price", "Giá tham khảo (đồng)", "the province's reference price"),
    Column("price_min", "Giá thấp nhất (đồng)", "lowest shelf price in the showrooms now (else the reference)"),
    Column("price_max", "Giá cao nhất (đồng)", "highest shelf price in the showrooms now (else the reference)"),
    Column("price_unit", "Giá tính theo", "the unit the prices are for (kg for goods sold by weight)"),
    Column("product_url", "Trang sản phẩm", "the public page (the QR code on a stamp points to it)"),
    *(Column(f"photo_url_{n}", f"Ảnh {n}", "a JPEG hosted by the province") for n in range(1, MAX_PHOTO_COLUMNS + 1)),
    Column("in_stock", "Còn hàng", "yes when at least one showroom has it now, else no"),
    Column("stock_qty", "Tồn kho tại điểm bán", "sum over the showrooms, in price_unit (kg with 3 decimals)"),
    Column("showrooms_in_stock", "Số điểm bán còn hàng", ""),
    Column("showrooms", "Điểm bán còn hàng", "their names, separated by '; '"),
    Column("stock_as_of", "Tồn kho cập nhật lúc", "the oldest of those showrooms' stock times (local, ISO 8601)"),
)

SALES_COLUMNS: tuple[Column, ...] = (
    Column("period", "Kỳ", "2026-03-02, 2026-03, 2026-Q1 or 2026"),
    Column("period_start", "Từ ngày", "YYYY-MM-DD"),
    Column("period_end", "Đến ngày", "YYYY-MM-DD (inside the requested range)"),
    Column("ref", "Mã sản phẩm OCOP", "blank when the showrooms' product matches no catalogue product"),
    Column("sku", "Mã hàng", "the catalogue's, else the showroom's"),
    Column("gtin", "Mã vạch (GTIN)", ""),
    Column("name", "Tên sản phẩm", "the catalogue's, else as the showroom names it"),
    Column("producer_code", "Mã chủ thể", ""),
    Column("producer_name", "Tên chủ thể", ""),
    Column("stars", "Hạng sao", ""),
    Column("group", "Mã nhóm", ""),
    Column("qty_sold", "Số lượng bán", "in the base unit (grams for goods sold by weight)"),
    Column("qty_returned", "Số lượng trả lại", ""),
    Column("gross", "Doanh số (đồng)", "quantity × price before discounts"),
    Column("discounts", "Giảm giá (đồng)", ""),
    Column("returns", "Hàng trả lại (đồng)", ""),
    Column("net", "Doanh thu thuần (đồng)", "gross − discounts − returns, VAT included"),
    Column("vat", "Thuế GTGT (đồng)", "VAT contained in net"),
    Column("showrooms", "Số điểm bán có bán", "showrooms that sold it in the period"),
)


class ExportError(ValueError):
    pass


def product_url(base: str, ref: str) -> str:
    return f"{base.rstrip('/')}/ocop/p/{quote(ref, safe='')}"


def photo_url(base: str, ref: str, position: int) -> str:
    return f"{product_url(base, ref)}/photo-{position}.jpg"


def _kg(grams: int) -> Decimal:
    return (Decimal(grams) / 1000).quantize(Decimal("0.001"))


def catalogue_rows(showcase: Showcase, base_url: str) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for p in showcase.products:
        prices = [a.price for a in p.stock if a.price is not None and a.price > 0]
        by_weight = any(a.by_weight for a in p.stock)
        low = min(prices) if prices else p.reference_price
        high = max(prices) if prices else p.reference_price
        present = p.in_stock
        qty_total = sum(a.on_hand for a in present)
        photos = [photo_url(base_url, p.ref, pos) for pos, _sha in p.photos][:MAX_PHOTO_COLUMNS]
        rows.append(
            [
                p.ref,
                p.sku,
                " ".join(p.barcodes),
                p.name,
                p.group or "",
                GROUP_LABELS.get(p.group or "", ""),
                p.stars,
                p.unit,
                p.producer_code,
                p.producer_name,
                KIND_LABELS.get(p.producer_kind, ""),
                p.producer_tax_code,
                p.producer_commune,
                p.producer_province,
                p.certificate_no or "",
                p.certificate_signed.isoformat() if p.certificate_signed else "",
                p.certificate_expires.isoformat() if p.certificate_expires else "",
                p.certificate_state(showcase.today),
                p.reference_price if p.reference_price is not None else "",
                low if low is not None else "",
                high if high is not None else "",
                "kg" if by_weight else p.unit,
                product_url(base_url, p.ref),
                *(photos + [""] * (MAX_PHOTO_COLUMNS - len(photos))),
                "yes" if present else "no",
                _kg(qty_total) if by_weight else qty_total,
                len(present),
                "; ".join(a.outlet_name for a in present),
                min(local(a.taken_at) for a in present).replace(microsecond=0).isoformat() if present else "",
            ]
        )
    return rows


def period_of(day: date, period: str) -> tuple[str, date, date]:
    """(label, first day, last day) of the ``period`` holding ``day``."""
    if period == "day":
        return day.isoformat(), day, day
    if period == "month":
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return f"{day.year:04d}-{day.month:02d}", start, end
    if period == "quarter":
        q = (day.month - 1) // 3
        start = date(day.year, 3 * q + 1, 1)
        end = (start + timedelta(days=95)).replace(day=1) - timedelta(days=1)
        return f"{day.year:04d}-Q{q + 1}", start, end
    if period == "year":
        return f"{day.year:04d}", date(day.year, 1, 1), date(day.year, 12, 31)
    raise ExportError(f"period: one of {', '.join(PERIODS)}")


@dataclass
class _SalesAcc:
    sku: str
    gtin: str
    name: str
    producer_code: str
    producer_name: str
    stars: int | None
    group: str
    qty_sold: int = 0
    qty_returned: int = 0
    gross: int = 0
    discounts: int = 0
    returns: int = 0
    net: int = 0
    vat: int = 0
    outlets: set[int] = field(default_factory=set)


def periods_in(start: date, end: date, period: str) -> list[tuple[str, date, date]]:
    """The periods covering [start, end], each clipped to it."""
    out: list[tuple[str, date, date]] = []
    day = start
    while day <= end:
        label, _first, last = period_of(day, period)
        out.append((label, day, min(last, end)))
        day = last + timedelta(days=1)
    return out


def sales_rows(
    session: Session,
    showcase: Showcase,
    start: date,
    end: date,
    period: str = "month",
    *,
    outlet: str | None = None,
    index: CatalogueIndex | None = None,
) -> list[list[Any]]:
    """Per product and period, the newest revision of every (outlet, day) in [start, end], summed.

    Grouped per outlet and product as the outlet names it: every whole month of the range in one read of the
    monthly rollup (``rollup``), the days of each partial month from their own lines, so a year by month reads
    a few rows per product, not every line of every day.
    """
    if period not in PERIODS:
        raise ExportError(f"period: one of {', '.join(PERIODS)}")
    if end < start:
        raise ExportError("the end of the range is before its start")
    if (end - start).days > 366 * 20:
        raise ExportError("the range is longer than 20 years")
    index = index or catalogue_index(session)

    def grouped(model: Any) -> Any:
        """Per outlet and product as the outlet names it; the rollup's with its month first (a range of days lies
        in one period: its lines are summed over the whole range)."""
        when: Any = ProductMonth.month if model is ProductMonth else literal(None)
        outlet_col = ProductMonth.outlet_id if model is ProductMonth else DailySummaryRow.outlet_id
        stmt = select(
            when,
            outlet_col,
            model.province_ref,
            model.barcode,
            model.sku,
            func.max(model.name),
            func.max(model.producer),
            func.max(model.producer_code),
            func.max(model.stars),
            func.max(model.ocop_group),
            *(
                cast(func.sum(getattr(model, n)), BigInteger)  # (PostgreSQL's sum of bigint is a numeric)
                for n in ("qty_sold", "qty_returned", "gross", "discounts", "returns", "net", "vat")
            ),
        )
        if model is SummaryProduct:
            stmt = stmt.join(DailySummaryRow, DailySummaryRow.id == SummaryProduct.summary_id)
        if outlet:
            stmt = stmt.join(ProvinceOutlet, ProvinceOutlet.id == outlet_col).where(ProvinceOutlet.code == outlet)
        keys = (outlet_col, model.province_ref, model.barcode, model.sku)
        return stmt.group_by(when, *keys) if model is ProductMonth else stmt.group_by(*keys)

    # Every whole month of every period in one read of the rollup, the partial months' days one read per range.
    periods = periods_in(start, end, period)
    found: dict[str, list[Any]] = {label: [] for label, _first, _last in periods}
    month_period: dict[date, str] = {}
    day_ranges: list[tuple[str, date, date]] = []
    for label, first, last in periods:
        span = rollup.split(first, last)
        if span.months is not None:
            month = span.months[0]
            while month <= span.months[1]:
                month_period[month] = label
                month = rollup.next_month(month)
        day_ranges += [(label, a, b) for a, b in span.days]
    if month_period:
        stmt = grouped(ProductMonth).where(
            ProductMonth.month >= min(month_period), ProductMonth.month <= max(month_period)
        )
        for row in session.execute(stmt):
            month = row[0] if isinstance(row[0], date) else date.fromisoformat(row[0])
            found[month_period[month]].append(row[1:])
    day_stmt = grouped(SummaryProduct)
    for label, day_first, day_last in day_ranges:
        found[label] += [
            row[1:]
            for row in session.execute(
                day_stmt.where(DailySummaryRow.business_day >= day_first, DailySummaryRow.business_day <= day_last)
            )
        ]
    matches: dict[tuple[Any, Any, Any], str | None] = {}
    rows: list[list[Any]] = []
    for label, first, last in periods:
        acc: dict[str, _SalesAcc] = {}
        for outlet_id, ref, barcode, sku, name, producer, producer_code, stars, group, *sums in found[label]:
            if (ref, barcode, sku) not in matches:
                matches[(ref, barcode, sku)] = index.match(ref, barcode, sku)
            matched = matches[(ref, barcode, sku)]
            key = matched or f"\x00{sku}"
            a = acc.get(key)
            if a is None:
                p = showcase.by_ref.get(matched or "")
                if p is not None:
                    a = _SalesAcc(
                        p.sku, " ".join(p.barcodes), p.name, p.producer_code, p.producer_name, p.stars, p.group or ""
                    )
                else:
                    a = _SalesAcc(sku, barcode or "", name, producer_code or "", producer or "", stars, group or "")
                acc[key] = a
            qty_sold, qty_returned, gross, discounts, returns, net, vat = sums
            a.qty_sold += qty_sold or 0
            a.qty_returned += qty_returned or 0
            a.gross += gross or 0
            a.discounts += discounts or 0
            a.returns += returns or 0
            a.net += net or 0
            a.vat += vat or 0
            a.outlets.add(outlet_id)
        for key, a in sorted(acc.items(), key=lambda kv: (kv[1].name, kv[0])):
            rows.append(
                [
                    label,
                    first.isoformat(),
                    last.isoformat(),
                    "" if key.startswith("\x00") else key,
                    a.sku,
                    a.gtin,
                    a.name,
                    a.producer_code,
                    a.producer_name,
                    a.stars if a.stars is not None else "",
                    a.group,
                    a.qty_sold,
                    a.qty_returned,
                    a.gross,
                    a.discounts,
                    a.returns,
                    a.net,
                    a.vat,
                    len(a.outlets),
                ]
            )
    return rows


def default_range(today: date | None = None) -> tuple[date, date]:
    """The last twelve whole months and this one so far."""
    today = today or business_day()
    start = date(today.year - 1, today.month, 1)
    return start, today


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def header(columns: Iterable[Column], headers: str) -> list[str]:
    return [c.vi if headers == "vi" else c.code for c in columns]


def to_csv(columns: tuple[Column, ...], rows: list[list[Any]], headers: str = "code") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(columns, headers))
    writer.writerows([[safe_cell(v) for v in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(columns: tuple[Column, ...], rows: list[list[Any]], headers: str = "code", title: str = "data") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    ws.append(header(columns, headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([safe_cell(float(v) if isinstance(v, Decimal) else v) for v in row])
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text says
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("columns")
    notes.append(["code", "tiêu đề", "meaning"])
    for c in columns:
        notes.append([c.code, c.vi, c.meaning])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def stamp(now: datetime | None = None) -> str:
    return local(now or datetime.now().astimezone()).strftime("%Y%m%d-%H%M")
