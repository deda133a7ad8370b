"""Importing the province's OCOP list: dry run, all-or-nothing, idempotent re-import, matching by SKU
or barcode, encodings and Excel quirks, export round trip."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core import clock
from showroom_pos.core.errors import ApprovalRequired, ValidationError
from showroom_pos.core.text import vietnamese_sort_text
from showroom_pos.services import check, exports
from showroom_pos.services.product_import.columns import BY_KEY
from showroom_pos.services.product_import.pipeline import import_products
from showroom_pos.services.product_import.report import ImportReport
from showroom_pos.services.stock import receiving
from showroom_pos.storage.models import AuditEvent, Producer, Product, ProductBarcode

from .conftest import Outlet

RESOURCES = Path(__file__).resolve().parents[1] / "showroom_pos" / "resources"
SAMPLE_CSV = RESOURCES / "sample_ocop_products.csv"
SAMPLE_XLSX = RESOURCES / "sample_ocop_products.xlsx"
HEADER = ("Mã hàng,Mã vạch,Tên sản phẩm,Đơn vị tính,Giá bán,Hạng sao,Ngày ký quyết định,Chủ thể,"
          "Loại hình chủ thể,Ký gửi")


def snapshot(session: Session) -> tuple[Any, ...]:
    """Everything an import may touch, row by row."""
    return tuple(
        tuple(tuple(r) for r in session.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all())
        for table in ("product", "product_barcode", "producer", "producer_commission", "audit_event")
    )


def run(sessions: sessionmaker[Session], data: bytes | Path, dry_run: bool = False) -> ImportReport:
    raw = data.read_bytes() if isinstance(data, Path) else data
    with sessions.begin() as s:
        return import_products(s, raw, source="test", dry_run=dry_run)


def outcomes(report: ImportReport) -> list[tuple[int, str, str]]:
    return [(r.line, r.action, r.sku) for r in report.rows]


def problems(report: ImportReport) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, e.error.text()) for e in report.errors]


# --- the sample file --------------------------------------------------------------------------------


def test_dry_run_reports_every_row_and_writes_nothing(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions() as s:
        before = snapshot(s)
    report = run(sessions, SAMPLE_CSV, dry_run=True)
    assert report.ok and not report.applied and report.ignored_columns == []
    assert len(report.rows) == 16 and report.count("create") == 16
    assert report.rows[0].line == 4  # a title row and a blank row come first
    assert len(report.new_producers) == 11  # Cơ sở Mắm Bà Hai Diễm already exists
    assert "Cơ sở Mắm Bà Hai Diễm" not in report.new_producers
    with sessions() as s:
        assert snapshot(s) == before


def test_rows_blank_in_every_column_read_are_skipped(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    """A template numbered down its STT column, a section title in the STT column: nothing a product is read from,
    so skipped as blank lines are (each was rejected, "the product must have a name", and nothing was imported)."""
    text = SAMPLE_CSV.read_text(encoding="utf-8-sig").splitlines()
    blank_but_numbered = "17" + "," * (text[2].count(","))
    section_title = "II. ĐỒ UỐNG" + "," * (text[2].count(","))
    data = "\n".join([*text[:5], section_title, *text[5:], blank_but_numbered, "18,,,,"]) + "\n"
    report = run(sessions, data.encode("utf-8"))
    assert report.ok and report.applied and report.count("create") == 16, problems(report)
    assert report.errors == []


def test_clean_list_imports_and_reimports_idempotently(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    report = run(sessions, SAMPLE_CSV)
    assert report.applied and report.count("create") == 16
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 3 + 16
        assert check.check_database(s) == []
        # written many at once without ORM objects, each still gets its place in the lists' order (0014)
        assert all(p.name_sort == vietnamese_sort_text(p.name) for p in s.scalars(select(Product)))
        durian = s.scalar(select(Product).where(Product.sku == "TCT-SRD-1K"))
        assert durian is not None
        assert (durian.price, durian.cost, durian.sold_by_weight, durian.stars, durian.reorder_level) == (
            165_000, 120_000, True, 4, 2000)
        assert durian.certificate_signed == date(2024, 4, 2) and durian.certificate_expires == date(2027, 4, 2)
        assert [b.code for b in durian.barcodes] == ["2000006"]
        assert durian.producer is not None and durian.producer.kind == "enterprise"
        assert durian.producer.tax_code == "0100109106"
        mam = s.scalar(select(Product).where(Product.sku == "HD-MAMTOM-200"))
        assert mam is not None and mam.producer_id == outlet.producer_id
        coop = s.scalar(select(Producer).where(Producer.name == "Tổ hợp tác Thanh long Chợ Gạo"))
        assert coop is not None and coop.kind == "coop_group" and coop.province == "Đồng Tháp"
        before = snapshot(s)
    for again in (SAMPLE_CSV, SAMPLE_XLSX):
        second = run(sessions, again)
        assert second.ok and not second.applied and second.count("unchanged") == 16, problems(second)
        with sessions() as s:
            assert snapshot(s) == before  # not even an audit event


def test_xlsx_sample_reads_like_the_csv(sessions: sessionmaker[Session], outlet: Outlet, tmp_path: Path) -> None:
    from tools.make_sample_xlsx import build

    csv_report = run(sessions, SAMPLE_CSV, dry_run=True)
    xlsx_report = run(sessions, SAMPLE_XLSX, dry_run=True)
    assert outcomes(xlsx_report) == outcomes(csv_report)
    assert [r.new_producer for r in xlsx_report.rows] == [r.new_producer for r in csv_report.rows]
    fresh = build(target=tmp_path / "fresh.xlsx")
    assert outcomes(run(sessions, fresh, dry_run=True)) == outcomes(csv_report)


# --- broken rows ------------------------------------------------------------------------------------


def test_a_broken_list_imports_nothing_and_names_each_error(sessions: sessionmaker[Session],
                                                            outlet: Outlet) -> None:
    lines = SAMPLE_CSV.read_text(encoding="utf-8-sig").splitlines()
    lines[4] = lines[4].replace("8930080004112", "8930080004113")  # line 5: bad check digit
    lines[5] = lines[5].replace(",4,485/", ",2,485/")  # line 6: 2 stars
    lines[7] = lines[7].replace("Yến chưng đường phèn hộp 6 hũ", "")  # line 8: no name
    lines[9] = lines[9].replace("8930080032887", "8930080001371")  # line 10: the barcode of line 4
    lines[11] = lines[11].replace("180.000", "một trăm tám mươi nghìn")  # line 12: text as a price
    with sessions() as s:
        before = snapshot(s)
    for dry_run in (True, False):
        report = run(sessions, "\n".join(lines).encode("utf-8"), dry_run=dry_run)
        assert not report.ok and not report.applied
        assert problems(report) == [
            (5, "Mã vạch", "Barcode 8930080004113 has a wrong check digit."),
            (6, "Hạng sao", "OCOP stars: only 3, 4 or 5 stars are certified (2 given)."),
            (8, "Tên sản phẩm", "Name: a product needs a name."),
            (10, "Mã vạch", "Barcode 8930080001371 is also on line 4."),
            (12, "Giá bán", "Price: một trăm tám mươi nghìn is not an amount in đồng."),
        ]
        assert [r.line for r in report.rejected] == [5, 6, 8, 10, 12]
        assert report.count("create") == 11  # the good rows say what they would have done
    with sessions() as s:
        assert snapshot(s) == before


def test_conflicts_with_the_catalogue(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    data = "\n".join([
        HEADER,
        "HD-MAMTOM,8938000000022,Mắm tôm chà,hũ,55000,4,,,,có",  # the tea's barcode on the shrimp paste
        "NEW-1,8938000000015;2000001,Hai mã,hũ,1000,3,,,,có",  # barcodes of two products
        "NEW-2,,Không loại hình,hũ,1000,3,,Ông Ba Tèo,,có",  # a new producer of unknown kind
        "NEW-3,,Ngày sai,hũ,1000,3,31/02/2025,,,có",
        "NEW-4,,Giá lẻ,hũ,12.5,3,,,,có",
        "NEW-5,,Đúng,hũ,1000,3,,,,có",
        "NEW-5,,Trùng mã,hũ,1000,3,,,,có",
    ]).encode()
    report = run(sessions, data)
    assert problems(report) == [
        (2, "Mã vạch", "Barcode 8938000000022 already belongs to TRV-TMC."),
        (3, "Mã vạch", "Barcodes 8938000000015, 2000001 belong to different products (HD-MAMTOM, TCT-SR)."),
        (4, "Loại hình chủ thể",
         "Producer kind: say whether Ông Ba Tèo is an enterprise, a cooperative (HTX), a cooperative group or a "
         "household business."),
        (5, "Ngày ký quyết định", "Certificate date: 31/02/2025 is not a date (dd/mm/yyyy)."),
        (6, "Giá bán", "Price: 12.5 is not an amount in đồng."),
        (8, "Mã hàng", "SKU NEW-5 is also on line 7."),
    ]


# One tax code, two producers: a valid tax code that no producer of the catalogue has yet.
TAX_CODE = "0101245486"
PRODUCER_HEADER = "Mã hàng,Tên sản phẩm,Giá bán,Chủ thể,Loại hình chủ thể,Mã số thuế chủ thể"


@pytest.mark.parametrize(("first", "second"), [
    ("HTX Dừa Sáp", "Cơ sở Mắm Bà Hai Diễm"),  # the second row names a producer we have (it has no tax code)
    ("Cơ sở Mắm Bà Hai Diễm", "HTX Dừa Sáp"),  # the first row does
    ("HTX Dừa Sáp", "HTX Thanh long Chợ Gạo"),  # both are new
], ids=["new-then-known", "known-then-new", "both-new"])
def test_rows_giving_one_new_tax_code_to_two_producers_conflict(sessions: sessionmaker[Session], outlet: Outlet,
                                                                first: str, second: str) -> None:
    """Found by tests/test_import_fuzz.py: one row's tax code made a new producer while the other row's name found
    one we have, so importing the same file again (the tax code now known) moved that row's product to the new
    producer. Which producer a tax code is, the file must say: nothing is imported until its rows agree."""
    data = "\n".join([PRODUCER_HEADER, f"NEW-1,Kẹo dừa,30000,{first},,{TAX_CODE}",
                      f"NEW-2,Mắm ruốc,48000,{second},,{TAX_CODE}"]).encode()
    with sessions() as s:
        before = snapshot(s)
    report = run(sessions, data)
    assert not report.applied
    assert problems(report) == [(3, "Chủ thể", f"Producer: tax code {TAX_CODE} is {second} here but {first} on "
                                               "line 2; correct the name or the tax code.")]
    assert problems(run(sessions, data)) == problems(report)
    with sessions() as s:
        assert snapshot(s) == before


def test_rows_agreeing_on_a_producer_import_once(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    """Rows that name a new producer alike (case, diacritics and spaces aside) make one producer; once its tax code
    is in the catalogue, the tax code alone finds it, whatever names a later file gives it."""
    data = "\n".join([PRODUCER_HEADER, f"NEW-1,Kẹo dừa,30000,HTX Dừa Sáp,,{TAX_CODE}",
                      f"NEW-2,Kẹo dừa sữa,32000,htx  dua sap,,{TAX_CODE}",
                      "NEW-3,Mắm ruốc,48000,Cơ sở Mắm Bà Hai Diễm,,"]).encode()
    report = run(sessions, data)
    assert report.applied, problems(report)
    assert report.new_producers == ["HTX Dừa Sáp"]
    with sessions() as s:
        after = snapshot(s)
        producers = dict(s.execute(select(Product.sku, Product.producer_id).where(Product.sku.like("NEW-%"))).all())
        coop = s.scalars(select(Producer).where(Producer.tax_code == TAX_CODE)).one()
        assert producers == {"NEW-1": coop.id, "NEW-2": coop.id, "NEW-3": outlet.producer_id}
    again = run(sessions, data)
    assert again.ok and not again.applied and again.count("unchanged") == 3
    later = "\n".join([PRODUCER_HEADER, f"NEW-4,Kẹo dừa lá dứa,30000,HTX Dừa Sáp Bến Tre,,{TAX_CODE}",
                       f"NEW-5,Bánh tráng dừa,20000,Hợp tác xã Dừa Sáp,,{TAX_CODE}"]).encode()
    assert run(sessions, later).applied
    with sessions() as s:
        assert set(s.scalars(select(Product.producer_id).where(Product.sku.in_(["NEW-4", "NEW-5"])))) == {coop.id}
        assert s.scalar(select(func.count()).select_from(Producer)) == len(after[2])
    assert run(sessions, later).count("unchanged") == 2


# --- matching updates -------------------------------------------------------------------------------


def test_updates_match_by_sku_or_barcode(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    data = "\n".join([
        HEADER,
        "HD-MAMTOM,,Mắm tôm chà Gò Công,hũ,58.000,4,,,,có",  # by SKU: a new price
        ",8938000000022,Trà mãng cầu xiêm,hộp,65000,4,,,,",  # by barcode only: 3 → 4 stars
        ",8938000000039,Kẹo dừa Bến Tre,gói,30000,3,,,,",  # new: its SKU is its barcode
    ]).encode("utf-8")
    report = run(sessions, data)
    assert report.applied, problems(report)
    assert [(r.line, r.action, r.sku, r.changes) for r in report.rows] == [
        (2, "update", "HD-MAMTOM", ("price",)),
        (3, "update", "TRV-TMC", ("stars",)),
        (4, "create", "8938000000039", ()),
    ]
    with sessions() as s:
        tea = s.get(Product, outlet.tra)
        assert tea is not None and tea.stars == 4 and tea.sku == "TRV-TMC"  # a barcode match keeps our SKU
        assert s.scalar(select(Product.price).where(Product.sku == "HD-MAMTOM")) == 58_000
        assert s.scalar(select(ProductBarcode.product_id).where(ProductBarcode.code == "8938000000039"))
        event = s.scalars(select(AuditEvent).where(AuditEvent.kind == "products.imported")).one()
        assert '"created": 1' in event.details and '"updated": 2' in event.details
    assert run(sessions, data).count("unchanged") == 3


def test_a_cashier_cannot_import(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        import_products(s, SAMPLE_CSV.read_bytes(), actor=outlet.cashier)
    with sessions.begin() as s:
        report = import_products(s, SAMPLE_CSV.read_bytes(), actor=outlet.cashier,
                                 approved_by=outlet.manager_id)
        assert report.applied


# --- encodings and Excel ----------------------------------------------------------------------------


ONE_ROW = f"{HEADER}\nKEO-1,,Kẹo dừa sáp Đồng Tháp,gói,30.000,3,01/03/2025,HTX Dừa Sáp,HTX,có\n"


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: t.encode("utf-8-sig"),
    lambda t: t.encode("utf-16"),
    lambda t: t.replace(",", ";").replace("30.000", "30.000").encode("utf-8-sig"),
    lambda t: t.replace(",", "\t").encode("utf-16"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
], ids=["utf8", "utf8-bom", "utf16", "semicolon", "excel-unicode-text", "crlf"])
def test_vietnamese_text_in_every_encoding(sessions: sessionmaker[Session], outlet: Outlet, encode: Any) -> None:
    report = run(sessions, encode(ONE_ROW))
    assert report.applied, (report.file_errors, problems(report))
    with sessions() as s:
        product = s.scalar(select(Product).where(Product.sku == "KEO-1"))
        assert product is not None and product.name == "Kẹo dừa sáp Đồng Tháp" and product.price == 30_000
        assert product.producer is not None and product.producer.kind == "cooperative"


def test_decomposed_vietnamese_is_stored_composed(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    import unicodedata

    report = run(sessions, unicodedata.normalize("NFD", ONE_ROW).encode("utf-8"))
    assert report.applied
    with sessions() as s:
        assert s.scalar(select(Product.name).where(Product.sku == "KEO-1")) == "Kẹo dừa sáp Đồng Tháp"


def test_bad_files_give_a_clean_message(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    cp1258 = ONE_ROW.encode("cp1258", errors="replace")
    assert run(sessions, cp1258).file_errors[0].text().startswith("Line 1: the file is not UTF-8 text.")
    assert run(sessions, b"").file_errors[0].text() == "The file is empty."
    assert run(sessions, b"\xd0\xcf\x11\xe0garbage").file_errors[0].text().startswith("This is an old Excel .xls")
    assert run(sessions, b"PK\x03\x04broken zip").file_errors[0].text() == (
        "The file cannot be read as an Excel workbook (.xlsx).")
    assert run(sessions, b"a,b,c\n1,2,3\n").file_errors[0].text().startswith("No header row naming")
    assert run(sessions, "Tên sản phẩm,Giá bán\nKẹo,1000\n".encode()).file_errors[0].text() == (
        "The file needs a SKU (Mã hàng) or a barcode (Mã vạch) column.")
    report = run(sessions, f'{HEADER}\nX,,"Kẹo,gói,1000\n'.encode())  # an unclosed quote
    assert not report.ok and not report.applied


def workbook_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_excel_numbers_dates_and_shortened_barcodes(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    header = HEADER.split(",")
    data = workbook_bytes([
        header,
        ["KEO-2", 8938000000039, "Kẹo dừa", "gói", 30000.0, 3.0, datetime(2025, 3, 1), None, None, True],
        ["KEO-3", None, "Bánh phồng tôm", "gói", 25000, "3 sao", 45717, None, None, "x"],
        ["KEO-4", "8.938E+12", "Bánh tráng", "gói", 20000, "★★★", None, None, None, None],
    ])
    report = run(sessions, data, dry_run=True)
    assert problems(report) == [(4, "Mã vạch", "Barcode 8.938E+12: Excel shortened it to scientific notation; "
                                               "format the column as text.")]
    assert [r.action for r in report.rows] == ["create", "create", "rejected"]
    good = workbook_bytes([
        header,
        ["KEO-2", 8938000000039, "Kẹo dừa", "gói", 30000.0, 3.0, datetime(2025, 3, 1), None, None, True],
        ["KEO-3", None, "Bánh phồng tôm", "gói", 25000, "3 sao", 45717, None, None, "x"],
    ])
    assert run(sessions, good).applied
    with sessions() as s:
        keo = s.scalar(select(Product).where(Product.sku == "KEO-2"))
        assert keo is not None and [b.code for b in keo.barcodes] == ["8938000000039"] and keo.consigned
        banh = s.scalar(select(Product).where(Product.sku == "KEO-3"))
        assert banh is not None and banh.certificate_signed == date(2025, 3, 1) and banh.stars == 3


# --- export and back --------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_changes_nothing(sessions: sessionmaker[Session], outlet: Outlet, tmp_path: Path,
                                            suffix: str) -> None:
    assert run(sessions, SAMPLE_CSV).applied
    target = tmp_path / f"catalogue{suffix}"
    with sessions() as s:
        assert exports.export_products(s, target) == 19
        before = snapshot(s)
    report = run(sessions, target)
    assert report.ok and report.count("unchanged") == 19, problems(report)
    with sessions() as s:
        assert snapshot(s) == before


@pytest.mark.parametrize(("utc_now", "standard"), [(datetime(2026, 12, 31, 16, 59), "8%"),
                                                   (datetime(2026, 12, 31, 17, 0), "10%")])
def test_export_writes_vat_as_the_rate_in_force(sessions: sessionmaker[Session], outlet: Outlet, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch, utc_now: datetime,
                                                standard: str) -> None:
    """A manager reads the VAT column as the rate in force in the showroom today (8 % until the end of 2026, 10 %
    from 2027 at midnight Vietnam time), KCT for exempt goods, never the app's English codes, and the file still
    imports back unchanged."""
    monkeypatch.setattr(clock, "now_utc", lambda: utc_now.replace(tzinfo=UTC))
    csv = ("Mã hàng,Tên sản phẩm,Đơn vị tính,Giá bán,Thuế GTGT\n"
           "VAT-A,Mắm tôm,hũ,65000,10%\nVAT-B,Thuốc nam,gói,30000,5%\n"
           "VAT-C,Sách,cuốn,20000,KCT\nVAT-D,Xuất khẩu,hộp,10000,0%\n").encode()
    assert run(sessions, csv).applied
    with sessions() as s:
        headers, rows = exports.catalogue_rows(s)
        before = snapshot(s)
        exports.export_products(s, tmp_path / "vat.xlsx")
    vat_at = headers.index(BY_KEY["vat"].header)
    shown = {r[0]: r[vat_at] for r in rows if r[0].startswith("VAT-")}
    assert shown == {"VAT-A": standard, "VAT-B": "5%", "VAT-C": "KCT", "VAT-D": "0%"}
    report = run(sessions, tmp_path / "vat.xlsx")
    assert report.ok and report.count("unchanged") == len(rows), problems(report)
    with sessions() as s:
        assert snapshot(s) == before


def test_stock_list_export(sessions: sessionmaker[Session], outlet: Outlet, tmp_path: Path) -> None:
    with sessions.begin() as s:
        receiving.receive_goods(s, outlet.manager, [receiving.GoodsReceiptLineIn(outlet.mam_tom, 12, 36_000),
                                                    receiving.GoodsReceiptLineIn(outlet.sau_rieng, 2_500, 120_000)],
                                producer_id=None, consigned=False)
    with sessions() as s:
        headers, rows = exports.stock_rows(s)
        assert exports.export_stock(s, tmp_path / "stock.xlsx") == 3
        assert exports.export_stock(s, tmp_path / "stock.csv") == 3
    by_sku = {r[0]: dict(zip(headers, r, strict=True)) for r in rows}
    assert by_sku["HD-MAMTOM"]["Tồn kho"] == 12 and by_sku["HD-MAMTOM"]["Giá trị tồn (giá vốn)"] == 432_000
    assert by_sku["TCT-SR"]["Đơn vị tồn"] == "g" and by_sku["TCT-SR"]["Giá trị tồn (giá bán)"] == 412_500
    csv_text = (tmp_path / "stock.csv").read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf") and "Mắm tôm chà Gò Công" in csv_text.decode("utf-8-sig")
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "stock.xlsx").active
    assert sheet is not None and sheet["A1"].value == "Mã hàng" and sheet.max_row == 4
    with sessions() as s, pytest.raises(ValidationError, match=r"xlsx or \.csv"):
        exports.export_stock(s, tmp_path / "stock.pdf")
