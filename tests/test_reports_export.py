"""Exports of reports (CSV, XLSX, PDF, text, JSON) and the ``showroom-pos report`` command."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app import cli
from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import ValidationError
from showroom_pos.runtime import i18n
from showroom_pos.services import documents, report_export, simulate
from showroom_pos.services.reports import sales_report
from showroom_pos.services.reports.table import DATE, MONEY, PERCENT, QTY, Chart, Column, Report
from tests.conftest import Outlet


@pytest.fixture
def filled(sessions: sessionmaker[Session], outlet: Outlet, db_path: Path) -> Path:
    simulate.simulate(sessions, products=4, days=3, sales_per_day=6, seed=5)
    return db_path


def sample() -> Report:
    return Report(
        kind="sample", title="Sales by {by}", by="product", start=date(2026, 11, 1), end=date(2026, 11, 30),
        columns=(Column("name", "Product"), Column("qty", "Quantity", QTY), Column("net", "Net sales", MONEY),
                 Column("margin_pct", "Margin %", PERCENT), Column("last", "Last sold", DATE)),
        rows=[("Mắm tôm chà Gò Công", 12, 1_234_567, 2654, date(2026, 11, 28)),
              ("Sầu riêng Ri6", Decimal("1.250"), 206_250, None, None)],
        totals=("Total", None, 1_440_817, 2500, None), outlet="Điểm OCOP Mỹ Tho", notes=[("A note.", {})],
    )


def test_cells_are_formatted_the_vietnamese_way() -> None:
    f = report_export.format_cell
    assert f(MONEY, 1_234_567) == "1.234.567"
    assert f(MONEY, -400) == "-400"
    assert f(PERCENT, 2654) == "26,5 %"
    assert f(QTY, Decimal("1.250")) == "1,250"
    assert f(QTY, 12) == "12"
    assert f(DATE, date(2026, 1, 5)) == "05/01/2026"
    assert f(MONEY, None) == ""
    assert f("enum", "Cash", {"Cash": "Tiền mặt"}.__getitem__) == "Tiền mặt"


def test_csv_keeps_numbers_and_translates_labels() -> None:
    vi = {"Product": "Sản phẩm", "Total": "Tổng cộng", "Net sales": "Doanh thu thuần"}
    text = report_export.to_csv(sample(), lambda s: vi.get(s, s))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Sản phẩm", "Quantity", "Doanh thu thuần (₫)"]
    assert rows[1] == ["Mắm tôm chà Gò Công", "12", "1234567", "26.54", "2026-11-28"]
    assert rows[2] == ["Sầu riêng Ri6", "1.250", "206250", "", ""]
    assert rows[3][0] == "Tổng cộng" and rows[3][2] == "1440817"


def test_csv_file_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    target = report_export.write(sample(), "csv", tmp_path / "r.csv")
    assert target.read_bytes().startswith("\ufeff".encode())


def test_xlsx_cells_are_numbers_with_formats(tmp_path: Path) -> None:
    path = report_export.write(sample(), "xlsx", tmp_path / "r.xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(values) if r[0] == "Product")
    assert values[0][0] == "Sales by product" and sheet.title == "Sales by product"  # the tab: "Sales by" before
    first = sheet[header + 2]
    assert first[2].value == 1_234_567 and first[2].number_format == "#,##0"
    assert first[3].value == pytest.approx(0.2654) and first[3].number_format == "0.00%"
    assert first[4].value.date() == date(2026, 11, 28)
    assert sheet[header + 3][1].value == pytest.approx(1.25)
    total = sheet[header + 4]
    assert total[0].value == "Total" and total[2].value == 1_440_817 and total[2].font.b
    assert sheet.freeze_panes == f"A{header + 2}"


def test_a_long_report_in_xlsx_keeps_every_row_format_and_guard(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A month by product is 41,000 rows: written row by row (a workbook kept whole asked for its last row twice a
    row, walking every cell: over ten minutes, issue 17), each row, format, the bold totals, the filter over the
    rows, the frozen header and the notes are still there, and a name that looks like a formula stays text."""
    from openpyxl.worksheet.worksheet import Worksheet

    def no_whole_sheet(self: Worksheet) -> int:
        raise AssertionError("the report's sheet was kept whole and asked for its last row")

    monkeypatch.setattr(Worksheet, "max_row", property(no_whole_sheet))
    report = sample()
    report.rows = [(f"Sản phẩm {i}", i % 9, 1_000 * i, 1_000 + i, date(2026, 11, 1 + i % 30)) for i in range(3_000)]
    report.rows[1_234] = ("=HYPERLINK(\"http://x\",\"y\")", 1, 5, None, None)
    path = report_export.write(report, "xlsx", tmp_path / "r.xlsx")
    monkeypatch.undo()
    sheet = load_workbook(path).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(values) if r[0] == "Product") + 1  # as Excel numbers rows
    assert values[header: header + 3_000][2_999][:3] == ["Sản phẩm 2999", 2_999 % 9, 2_999_000]
    assert values[header + 1_234][0] == '=HYPERLINK("http://x","y")' and sheet.cell(header + 1_235, 1).data_type == "s"
    assert sheet.cell(header + 1, 3).number_format == "#,##0" and sheet.cell(header + 1, 4).number_format == "0.00%"
    assert sheet.cell(header, 1).font.b and sheet.cell(header, 1).fill.fgColor.rgb.endswith("DDE7F0")
    totals = header + 3_001
    assert sheet.cell(totals, 1).value == "Total" and sheet.cell(totals, 3).font.b
    assert sheet.auto_filter.ref == f"A{header}:E{header + 3_000}" and sheet.freeze_panes == f"A{header + 1}"
    assert values[totals] == [None] * 5 and values[totals + 1][0] == "A note."  # (values count from 0)
    assert sheet.column_dimensions["A"].width == len("Sản phẩm 499") + 2  # from the first 500 rows


def _pdf_text(data: bytes) -> str:
    """The text a reader copies out of a PDF, as poppler (an extractor that is not our writer) reads it."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(data)
        run = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                             check=True, text=True, encoding="utf-8")
    assert "Error" not in run.stderr, run.stderr  # poppler reads a broken file on, saying so
    return run.stdout


def test_pdf_vietnamese_text_can_be_searched_and_copied_back(tmp_path: Path) -> None:
    path = report_export.write(sample(), "pdf", tmp_path / "r.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = _pdf_text(data)
    for expected in ("Mắm tôm chà Gò Công", "Sầu riêng Ri6", "1.234.567", "26,5 %", "Điểm OCOP Mỹ Tho",
                     "Sales by product", "1,250", "Net sales (₫)", "Page 1 of 1"):
        assert expected in text, expected
    assert len(data) < 150_000  # the font is subset, not embedded whole
    info = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(path)], capture_output=True, check=True, text=True,
                          encoding="utf-8").stdout
    assert re.search(r"^Producer: +fpdf2 \d", info, re.M), info  # fpdf2 wrote it (no hand-written writer left)
    assert re.search(r"^Title: +Sales by product$", info, re.M)
    assert re.search(r"^Author: +Điểm OCOP Mỹ Tho$", info, re.M)


def test_pdf_in_vietnamese_reads_back_with_its_diacritics() -> None:
    vi = {"Product": "Sản phẩm", "Total": "Tổng cộng", "Net sales": "Doanh thu thuần",
          "Sales by {by}": "Doanh số theo {by}", "Page {n} of {count}": "Trang {n}/{count}"}
    report = sample()
    report.rows = [("Mắm tôm chà Gò Công", 1, 125_000, 2000, None)]
    report.totals = ("Total", None, 125_000, 2000, None)
    text = _pdf_text(report_export.to_pdf(report, lambda s: vi.get(s, s)))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Mắm tôm chà Gò Công 1 125.000 20,0 %" in lines
    assert "Tổng cộng 125.000 20,0 %" in lines
    assert "Doanh thu thuần (₫)" in text and "Trang 1/1" in text


def test_pdf_chart_labels_are_whole_where_they_fit_and_cut_with_an_ellipsis_where_not() -> None:
    """Bars are labelled by their name, as wide as the bar's room allows (cut at 14 characters, "Dịch vụ du lịch
    cộng đồng" read "Dịch vụ du lịc" under a bar with room for it all)."""
    groups = ["Thực phẩm", "Đồ uống", "Dịch vụ du lịch cộng đồng", "Sinh vật cảnh", "Thủ công mỹ nghệ", "Dược liệu"]
    report = Report(
        kind="sales", title="Sales by {by}", by="group", start=date(2026, 12, 1), end=date(2026, 12, 5),
        columns=(Column("group", "Group"), Column("net", "Net sales", MONEY)),
        rows=[(g, 1_000_000 * (6 - i)) for i, g in enumerate(groups)], totals=("Total", 21_000_000),
        chart=Chart("group", "net", "bar"),
    )
    chart = _pdf_text(report_export.to_pdf(report)).rsplit("Net sales", 1)[1]  # after the chart's title
    for group in groups:
        assert group in chart, group
    report.rows = [(f"Hợp tác xã nông nghiệp dịch vụ thương mại số {i}", 1_000_000 - i) for i in range(40)]
    chart = _pdf_text(report_export.to_pdf(report)).rsplit("Net sales", 1)[1]
    assert "Hợp tác" in chart and "…" in chart and "thương mại số 0" not in chart


def test_long_reports_break_into_pages_with_the_header_repeated() -> None:
    long = sample()
    long.rows = [(f"Sản phẩm {i}", i, i * 1000, 2000, None) for i in range(120)]
    data = report_export.to_pdf(long)
    pages = _pdf_text(data).split("\f")
    assert len([p for p in pages if p.strip()]) >= 3
    for page in pages[1:-1]:  # every page after the first opens with the title and the table's header
        assert "Sales by product" in page and "Net sales (₫)" in page
    assert "Sản phẩm 119" in pages[-2] and f"Page {len(pages) - 1} of {len(pages) - 1}" in pages[-2]


def test_text_export_aligns_numbers_right() -> None:
    lines = report_export.to_text(sample()).splitlines()
    table = [ln for ln in lines if ln.startswith(("Mắm", "Sầu"))]
    assert table[0].rstrip().endswith("28/11/2026")
    assert table[1].index("206.250") + len("206.250") == table[0].index("1.234.567") + len("1.234.567")


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        report_export.write(sample(), "docx", tmp_path / "x.docx")


# --- the command line ---------------------------------------------------------------------------------

def test_cli_sales_csv_equals_the_report(filled: Path, sessions: sessionmaker[Session],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    start = business_day() - timedelta(days=3)
    code = cli.main(["--lang", "en", "report", "sales", "--db", str(filled), "--from", start.isoformat(),
                     "--to", "today", "--by", "producer", "--format", "csv"])
    assert code == 0
    with sessions() as s:
        report = sales_report.sales(s, start, business_day(), "producer")
    assert capsys.readouterr().out == report_export.to_csv(report)


def test_cli_json_xlsx_pdf_and_the_other_reports(filled: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(filled)]
    assert cli.main(["--lang", "en", "report", "sales", *db, "--from", "2000-01-01", "--by", "day",
                     "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["by"] == "day" and data["totals"]["receipts"] == 18
    assert cli.main(["--lang", "en", "report", "sales", *db, "--kind", "summary", "--from", "2000-01-01",
                     "--format", "xlsx", "-o", str(tmp_path / "s.xlsx")]) == 0
    assert load_workbook(tmp_path / "s.xlsx").active is not None
    assert cli.main(["--lang", "en", "report", "stock", *db, "--kind", "cover", "--format", "pdf",
                     "-o", str(tmp_path / "c.pdf")]) == 0
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")
    assert cli.main(["--lang", "en", "report", "cash", *db, "--from", "2000-01-01", "--format", "json"]) == 0
    shifts = json.loads(capsys.readouterr().out)["rows"]
    assert len(shifts) == 4
    assert cli.main(["--lang", "en", "report", "cash", *db, "--kind", "z", "--shift", shifts[0]["shift_id"]]) == 0
    assert "Z report" in capsys.readouterr().out
    assert cli.main(["--lang", "en", "report", "cash", *db, "--kind", "z"]) == 2
    assert "--shift" in capsys.readouterr().err
    for kind in ("best", "worst", "discounts", "returns"):
        assert cli.main(["--lang", "en", "report", "sales", *db, "--kind", kind]) == 0
    assert cli.main(["--lang", "en", "report", "stock", *db, "--kind", "slow"]) == 0
    assert cli.main(["--lang", "en", "report", "cash", *db, "--kind", "cashiers"]) == 0


def test_z_report_pdf_from_the_command_line_reads_back_in_vietnamese(filled: Path, tmp_path: Path, qapp: object,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(filled)]
    assert cli.main(["--lang", "en", "report", "cash", *db, "--from", "2000-01-01", "--format", "json"]) == 0
    shift = json.loads(capsys.readouterr().out)["rows"][0]
    target = tmp_path / "z.pdf"
    try:
        assert cli.main(["--lang", "vi", "report", "cash", *db, "--kind", "z", "--shift", shift["shift_id"],
                         "--format", "pdf", "-o", str(target)]) == 0
    finally:
        i18n.install(i18n.language_from_environment())  # the process's catalogue: the tests' own (English)
    lines = [" ".join(line.split()) for line in _pdf_text(target.read_bytes()).splitlines()]
    assert "Báo cáo Z" in lines
    counted = f"{shift['counted_cash']:,}".replace(",", ".")
    assert f"Tiền mặt kiểm đếm {counted}" in lines
    assert "Trang 1/1" in lines


def test_signed_documents_read_back_with_their_diacritics() -> None:
    """The goods-receipt note and the settlement statement share this layout (documents.to_pdf)."""
    doc = documents.Document(
        title="Phiếu nhập kho", heading=["Điểm OCOP Mỹ Tho"], info=[("Bên giao", "Cơ sở Mắm Bà Hai Diễm")],
        columns=[documents.Column("Sản phẩm"), documents.Column("Số lượng", True),
                 documents.Column("Thành tiền", True)],
        rows=[["Mắm tôm chà Gò Công", 2, 125_000]], totals=[("Tổng cộng", "125.000 ₫")],
        notes=[f"Bằng chữ: {documents.amount_in_words(125_000)}"],
        signatures=[("Người giao hàng", "(Ký, ghi rõ họ tên)")], stamp="ĐÃ CHỐT SỔ")
    lines = [" ".join(line.split()) for line in _pdf_text(documents.to_pdf(doc)).splitlines()]
    for expected in ("PHIẾU NHẬP KHO", "ĐÃ CHỐT SỔ", "Bên giao: Cơ sở Mắm Bà Hai Diễm", "Mắm tôm chà Gò Công 2 125.000",
                     "Tổng cộng 125.000 ₫", "Bằng chữ: Một trăm hai mươi lăm nghìn đồng", "NGƯỜI GIAO HÀNG"):
        assert expected in lines, expected


def test_text_export_formats_every_cell_as_format_cell_does() -> None:
    """``display_rows`` picks each column's formatting once (issue 17: 40,000 rows by product); the cells are
    still exactly ``format_cell``'s, and ``to_text`` pads them as ``str.rjust``/``str.ljust`` did."""
    from datetime import datetime

    from showroom_pos.services.reports.table import DATETIME, DAYS, ENUM, INT, MIXED, TEXT

    columns = (Column("a", "Product"), Column("b", "Kind", ENUM), Column("c", "Qty", QTY), Column("d", "Count", INT),
               Column("e", "Total", MONEY), Column("f", "Margin", PERCENT), Column("g", "Cover", DAYS),
               Column("h", "Day", DATE), Column("i", "At", DATETIME), Column("j", "Value", MIXED))
    rows: list[tuple[object, ...]] = [
        ("Trà {x}", "sale", 3, 1, 1497000, 2656, 12, date(2026, 11, 2), datetime(2026, 11, 2, 9, 5), 1250000),
        ("", "return", Decimal("1.50"), -4, -1234567, 2656, Decimal("2.5"), None, None, Decimal("26.54")),
        (None, None, Decimal("1.5"), 0, 0, -15, 0, "", "", "ghi chú"),
        ("x" * 40, "sale", 3, 1000, 1, 1, 1, date(2026, 1, 31), datetime(2026, 1, 31, 23, 59), 3)]
    report = Report("probe", "Probe", columns, rows, totals=("Total", None, 5, 997, 262434, 1234, 15, None, None, ""),
                    row_kinds=[MONEY, PERCENT, TEXT, QTY])

    def translate(text: str) -> str:
        return {"sale": "bán", "return": "trả", "Total": "Tổng"}.get(text, text)

    expected = [[report_export.format_cell(report.kind_at(r, c), v, translate) for c, v in enumerate(row)]
                for r, row in enumerate(rows)]
    expected.append([report_export.format_cell(columns[c].kind if c else ENUM, v, translate)
                     for c, v in enumerate(report.totals or ())])
    assert report_export.display_rows(report, translate) == expected
    assert expected[0][2] == "3" and expected[1][2] == "1,50" and expected[2][2] == "1,5"
    titles = [report_export.column_title(report, i, translate) for i in range(len(columns))]
    widths = [max(len(t), *(len(r[i]) for r in expected)) for i, t in enumerate(titles)]
    right = [c.numeric or c.kind == MIXED for c in columns]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.rjust(w) if r else cell.ljust(w) for cell, w, r in zip(cells, widths, right,
                                                                                      strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    assert report_export.to_text(report, translate).splitlines() == [
        "Probe", "", line(titles), rule, *(line(cells) for cells in expected[:-1]), rule, line(expected[-1])]
    empty = Report("probe", "Probe", columns, [])
    assert report_export.to_text(empty).splitlines()[-1] == "  ".join(
        "-" * len(report_export.column_title(empty, i)) for i in range(len(columns)))


def test_text_export_of_columns_that_repeat_and_mix_kinds_of_values() -> None:
    """The text export formats each distinct whole number, text or None of a column once and pads it once (issue 17):
    values that are equal but shown differently (1.50 and 1.5, 1 and True and 1.0) still show as ``format_cell`` shows
    each, and repeated values pad like the others."""
    from showroom_pos.services.reports.table import ENUM, INT, TEXT

    columns = (Column("unit", "Unit"), Column("kind", "Kind", ENUM), Column("qty", "Qty", QTY),
               Column("count", "Count", INT), Column("amount", "Amount", MONEY), Column("pct", "Margin", PERCENT),
               Column("note", "Note", TEXT))
    rows: list[tuple[object, ...]] = [
        ("hộp", "sale", 3, 1, 0, 2656, "a"), ("hộp", "sale", Decimal("1.50"), True, 0, 2656, None),
        ("kg", "return", Decimal("1.5"), 1, 1_497_000, None, 7), ("hộp", "sale", 3, 1.0, Decimal("1.5"), 2656, "a"),
        ("", None, 1500, 1, 1_497_000, -15, ""), ("hộp", "sale", Decimal("1.50"), 12_345_678, -1_497_000, 2656, "a")]
    report = Report("probe", "Probe", columns, rows, totals=("Total", None, 5, 12_345_690, 0, 2500, None))

    def translate(text: str) -> str:
        return {"sale": "bán", "return": "trả", "Total": "Tổng"}.get(text, text)

    def shown(report: Report) -> list[list[str]]:
        cells = [[report_export.format_cell(columns[c].kind, v, translate) for c, v in enumerate(row)]
                 for row in report.rows]
        return [*cells, [report_export.format_cell(columns[c].kind if c else ENUM, v, translate)
                         for c, v in enumerate(report.totals or ())]]

    def text(report: Report) -> list[str]:  # as to_text was before: each cell formatted, then padded
        cells = shown(report)
        titles = [report_export.column_title(report, i, translate) for i in range(len(columns))]
        widths = [max(len(t), *(len(r[i]) for r in cells)) for i, t in enumerate(titles)]

        def line(row: list[str]) -> str:
            return "  ".join(cell.rjust(w) if c.numeric else cell.ljust(w)
                             for cell, w, c in zip(row, widths, columns, strict=True)).rstrip()

        rule = "  ".join("-" * w for w in widths)
        return ["Probe", "", line(titles), rule, *(line(row) for row in cells[:-1]), rule, line(cells[-1])]

    cells = shown(report)
    assert report_export.display_rows(report, translate) == cells
    assert [r[2] for r in cells[:3]] == ["3", "1,50", "1,5"] and cells[3][4] == "1" and cells[5][4] == "-1.497.000"
    assert report_export.to_text(report, translate).splitlines() == text(report)
    no_rows = Report("probe", "Probe", columns, [], totals=report.totals)
    assert report_export.to_text(no_rows, translate).splitlines() == text(no_rows)


def test_a_reports_values_by_column_leave_the_collector_as_found() -> None:
    """``values_by_column`` is the rows transposed (a column per tuple; a tuple per column of no rows) and holds
    Python's collector only while it transposes: running before, running after; held by someone else, still held."""
    import gc

    from showroom_pos.services.reports.table import collector_held

    columns = (Column("name", "Product"), Column("net", "Net sales", MONEY))
    report = Report("probe", "Probe", columns, [("Trà", 1), ("Mắm", 2), ("Sầu riêng", 3)])
    assert gc.isenabled()
    assert report.values_by_column() == [("Trà", "Mắm", "Sầu riêng"), (1, 2, 3)]
    assert gc.isenabled()
    gc.disable()
    try:
        assert Report("probe", "Probe", columns, []).values_by_column() == [(), ()]
        assert report.values_by_column()[1] == (1, 2, 3)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with collector_held():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_repeated_decimals_and_dates_are_formatted_once_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stock cover of 50,000 products formatted its kilograms, days of cover and last days sold one by one (0.3 s
    of the command's 1.2 s): each distinct text is formatted once, and still shown as ``format_cell`` shows it
    (1.50 and 1.5 apart)."""
    from showroom_pos.services.reports.table import DATE, DAYS

    columns = (Column("qty", "Qty", QTY), Column("cover", "Cover", DAYS), Column("last", "Last sold", DATE))
    rows = [(Decimal("1.500") if i % 2 else 3, Decimal("12.5") if i % 3 else None, date(2026, 11, 1 + i % 3))
            for i in range(3_000)] + [(Decimal("1.5"), Decimal("12.50"), None)]
    report = Report("probe", "Probe", columns, rows)
    formatted: list[object] = []
    real = report_export.format_cell

    def counted(kind: str, value: object, *args: object) -> str:
        formatted.append(value)
        return real(kind, value, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(report_export, "format_cell", counted)
    lines = report_export.to_text(report).splitlines()
    assert len(formatted) < 20  # the distinct texts of each column, not 9,003 cells
    monkeypatch.setattr(report_export, "format_cell", real)
    assert lines[4].split() == ["3", "01/11/2026"] and lines[5].split() == ["1,500", "12,5", "02/11/2026"]
    assert lines[-1].split() == ["1,5", "12,50"]


def test_one_instant_in_two_zones_shows_each_zones_time() -> None:
    """Two datetimes of one instant are equal but shown apart (07:00 in Vietnam, 00:00 UTC): a column's cells are
    shared only between values shown alike, and a column of one class (with None) is told apart by its text."""
    from datetime import UTC, datetime, timezone

    from showroom_pos.services.reports.table import DATE, DATETIME

    vietnam = timezone(timedelta(hours=7))
    columns = (Column("at", "At", DATETIME), Column("day", "Day", DATE))
    rows = [(datetime(2026, 12, 5, 7, 0, tzinfo=vietnam), date(2026, 12, 5)),
            (datetime(2026, 12, 5, 0, 0, tzinfo=UTC), None), (None, date(2026, 12, 5))]
    assert report_export.display_rows(Report("probe", "Probe", columns, rows)) == [
        ["05/12/2026 07:00", "05/12/2026"], ["05/12/2026 00:00", ""], ["", "05/12/2026"]]


def test_chart_points_of_a_long_report() -> None:
    """A bar chart draws the first ``limit`` rows that have a value (labels formatted for those only: a month by
    product has 41,000 rows); by hour and lines draw every row that has one."""
    from showroom_pos.services.reports.table import Chart

    rows: list[tuple[object, ...]] = [(f"SP {i}", None if i % 3 == 0 else i * 1000) for i in range(200)]
    columns = (Column("name", "Product"), Column("net", "Net sales", MONEY))
    bars = Report("probe", "Probe", columns, rows, chart=Chart("name", "net"), by="product")
    expected = [(f"SP {i}", i * 1000) for i in range(200) if i % 3]
    assert report_export.chart_points(bars) == expected[:40]
    assert report_export.chart_points(bars, limit=5) == expected[:5]
    bars.by = "hour"
    assert report_export.chart_points(bars) == expected
    line = Report("probe", "Probe", columns, rows, chart=Chart("name", "net", "line"), by="product")
    assert report_export.chart_points(line) == expected
    assert report_export.chart_points(Report("probe", "Probe", columns, [], chart=Chart("name", "net"))) == []
