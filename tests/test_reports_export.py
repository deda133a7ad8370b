"""Exports of reports (CSV, XLSX, PDF, text, JSON) and the ``showroom-pos report`` command."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zlib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app import cli
from showroom_pos.core.clock import business_day
from showroom_pos.services import report_export, reports, simulate
from showroom_pos.services.pdf_writer import PdfDocument, TrueTypeFont
from showroom_pos.services.reports import DATE, MONEY, PERCENT, QTY, Column, Report
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
    assert f("enum", "Cash", {"Cash": "Tiền mặt"}.get) == "Tiền mặt"


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
    assert values[0][0] == "Sales by product"
    first = sheet[header + 2]
    assert first[2].value == 1_234_567 and first[2].number_format == "#,##0"
    assert first[3].value == pytest.approx(0.2654) and first[3].number_format == "0.00%"
    assert first[4].value.date() == date(2026, 11, 28)
    assert sheet[header + 3][1].value == pytest.approx(1.25)
    total = sheet[header + 4]
    assert total[0].value == "Total" and total[2].value == 1_440_817 and total[2].font.b
    assert sheet.freeze_panes == f"A{header + 2}"


def _pdf_text(data: bytes) -> str:
    """Text out of our PDFs: the content streams' glyph ids mapped back through each font's ToUnicode."""
    streams = [zlib.decompress(m.group(2)) for m in re.finditer(
        rb"<< /Length (\d+) /FlateDecode[^>]*>>\nstream\n(.*?)\nendstream", data.replace(
            b"/Filter /FlateDecode", b"/FlateDecode"), re.S)]
    mapping: dict[str, str] = {}
    for s in streams:
        if b"beginbfchar" in s:
            for gid, uni in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]+)>", s):
                mapping[gid.decode()] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    out = []
    for s in streams:
        for hexes in re.findall(rb"<([0-9A-F]*)> Tj", s):
            h = hexes.decode()
            out.append("".join(mapping.get(h[i:i + 4], "?") for i in range(0, len(h), 4)))
    return "\n".join(out)


def test_pdf_is_well_formed_and_its_vietnamese_text_can_be_read_back() -> None:
    data = report_export.to_pdf(sample())
    assert data.startswith(b"%PDF-1.7") and data.rstrip().endswith(b"%%EOF")
    xref = int(data[data.rindex(b"startxref") + 10:].split()[0])
    table = data[xref:].split(b"trailer")[0].split(b"\n")[3:]
    for number, line in enumerate(table, start=1):
        if line.strip():
            offset = int(line.split()[0])
            assert data[offset:].startswith(f"{number} 0 obj".encode())
    text = _pdf_text(data)
    for expected in ("Mắm tôm chà Gò Công", "Sầu riêng Ri6", "1.234.567", "26,5 %", "Điểm OCOP Mỹ Tho",
                     "Sales by product", "1,250", "Page 1 of"):
        assert expected in text
    assert len(data) < 150_000  # the font is subset, not embedded whole


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_pdf_reads_in_poppler(tmp_path: Path) -> None:
    path = report_export.write(sample(), "pdf", tmp_path / "r.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "Mắm tôm chà Gò Công" in text and "1.234.567" in text


def test_pdf_writer_subsets_the_font_but_keeps_glyph_ids() -> None:
    regular, _ = report_export.load_fonts()
    glyphs = regular.glyphs("Mắm")
    subset = TrueTypeFont(regular.subset({g for g, _ in glyphs}))
    assert subset.glyph_count == regular.glyph_count
    assert [g for g, _ in subset.glyphs("Mắm")] == [g for g, _ in glyphs]
    assert len(regular.subset({g for g, _ in glyphs})) < len(regular.data) / 3
    doc = PdfDocument({"regular": regular})
    doc.text(10, 10, "Đồng Tháp", 12)
    assert "Đồng Tháp" in _pdf_text(doc.to_bytes())


def test_long_reports_break_into_pages_with_the_header_repeated() -> None:
    long = sample()
    long.rows = [(f"Sản phẩm {i}", i, i * 1000, 2000, None) for i in range(120)]
    text = _pdf_text(report_export.to_pdf(long))
    assert text.count("Net sales (₫)") >= 3
    assert "Sản phẩm 119" in text and "Page 3 of" in text


def test_text_export_aligns_numbers_right() -> None:
    lines = report_export.to_text(sample()).splitlines()
    table = [ln for ln in lines if ln.startswith(("Mắm", "Sầu"))]
    assert table[0].rstrip().endswith("28/11/2026")
    assert table[1].index("206.250") + len("206.250") == table[0].index("1.234.567") + len("1.234.567")


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(reports.ValidationError):
        report_export.write(sample(), "docx", tmp_path / "x.docx")


# --- the command line ---------------------------------------------------------------------------------

def test_cli_sales_csv_equals_the_report(filled: Path, sessions: sessionmaker[Session],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    start = business_day() - timedelta(days=3)
    code = cli.main(["--lang", "en", "report", "sales", "--db", str(filled), "--from", start.isoformat(),
                     "--to", "today", "--by", "producer", "--format", "csv"])
    assert code == 0
    with sessions() as s:
        report = reports.sales(s, start, business_day(), "producer")
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
