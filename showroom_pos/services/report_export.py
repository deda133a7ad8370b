"""Exporting a ``reports.table.Report``: XLSX (openpyxl), CSV, PDF (fpdf2) and plain text.

- CSV and XLSX keep numbers as numbers: money in whole đồng, percentages as numbers (26.54 in CSV, a
  percent-formatted 0.2654 in XLSX), dates as dates, so the province and producers can compute with them.
  CSV is UTF-8 with a byte order mark (Excel then reads Vietnamese correctly), comma-separated.
- PDF and the screen show figures formatted the Vietnamese way (``1.250.000``, ``26,54 %``, ``dd/mm/yyyy``).
- Titles, column names and labels are English source text: the caller passes ``translate`` (Qt's
  translate in the app, the CLI's ``tr``) and gets them in the person's language.

PDF: fpdf2 through ``pdf.Pages`` (real text in the app's own DejaVu Sans, ``showroom_pos/resources/fonts``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showroom_pos.core.errors import N_, ValidationError, file_problem
from showroom_pos.core.money import format_vnd
from showroom_pos.core.spreadsheet import csv_cell, looks_like_formula
from showroom_pos.core.text import nfc

from .reports.table import (
    DATE,
    DATETIME,
    DAYS,
    ENUM,
    INT,
    MIXED,
    MONEY,
    PERCENT,
    QTY,
    TEXT,
    Report,
)

Translate = Callable[[str], str]

if TYPE_CHECKING:  # fpdf2 (and Pillow under it) load when a PDF is made, not with every report command
    from .pdf import Pages

FORMATS = ("csv", "json", "xlsx", "pdf", "text")


def _identity(text: str) -> str:
    return text


# --- cells ------------------------------------------------------------------------------------------

def _decimal_vi(value: Decimal | int | float, places: int | None = None) -> str:
    """``value`` the Vietnamese way (``1.234,5``), to ``places`` decimals, or a Decimal with as many as it has (the
    "f" format shows all of a Decimal's digits)."""
    text = f"{value:,f}" if places is None else f"{value:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_cell(kind: str, value: Any, translate: Translate = _identity) -> str:
    """A value as a person reads it (the screen, PDF and text exports)."""
    if value is None or value == "":
        return ""
    if kind == MONEY:
        return format_vnd(int(value), symbol=False)
    if kind == INT:
        return format_vnd(int(value), symbol=False)
    if kind == PERCENT:
        return _decimal_vi(Decimal(value) / 100, 1) + " %"
    if kind in (QTY, DAYS):
        if isinstance(value, Decimal):  # as many places as it has
            return _decimal_vi(value)
        return format_vnd(int(value), symbol=False)
    if kind == DATE and isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if kind == DATETIME and isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if kind == ENUM:
        return translate(str(value))
    return str(value)


def column_title(report: Report, column: int, translate: Translate = _identity) -> str:
    c = report.columns[column]
    title = translate(c.title)
    return f"{title} (₫)" if c.kind == MONEY else title


def period_text(report: Report, translate: Translate = _identity) -> str:
    if report.start is None and report.end is None:
        return ""
    if report.start is None or report.start == report.end:
        assert report.end is not None
        return translate(N_("On {day}")).replace("{day}", report.end.strftime("%d/%m/%Y"))
    assert report.end is not None
    return translate(N_("From {start} to {end}")).replace("{start}", report.start.strftime("%d/%m/%Y")).replace(
        "{end}", report.end.strftime("%d/%m/%Y"))


def header_lines(report: Report, translate: Translate = _identity) -> list[str]:
    lines = [report.outlet, period_text(report, translate)]
    if report.generated_at:
        lines.append(translate(N_("Printed {time}")).replace("{time}", report.generated_at.strftime("%d/%m/%Y %H:%M")))
    return [line for line in lines if line]


# Values equal only when shown alike (not Decimal: 1.50 == 1.5; not datetime: one instant in two zones).
_SHARED = frozenset({int, str, type(None), date})


def _column_cells(kind: str, values: Sequence[Any], translate: Translate, align: str = "", least: int = 0
                  ) -> list[str]:
    """``format_cell(kind, v)`` for every value ``v`` of one column; with ``align`` ("<" or ">"), each padded to the
    widest cell (at least ``least``) as ``str.ljust`` / ``str.rjust`` would.

    Each distinct whole number, text, date or None is formatted (and padded) once and the cells are looked up: a
    month by product is 41,000 rows of 15 cells, a function call per cell took longer than reading them (issue 17),
    and the amounts, counts, dates and percentages of a column repeat (prices, zeros, a few units sold). Other values
    (a Decimal, a datetime) are formatted once for each distinct text they have (``str``: 1.50 and 1.5 apart, as they
    are shown): the stock cover of 50,000 products formatted 150,000 of them one by one."""
    classes = set(map(type, values))
    if kind == TEXT and classes <= {str}:  # text is shown as it is (SKUs, names: all distinct)
        if not align:
            return list(values)
        width = max(least, max(map(len, values), default=0))
        return list(map(str.ljust if align == "<" else str.rjust, values, repeat(width)))
    # Each cell's key: the value itself where it is shown as any value equal to it is; the text of a value that can
    # equal another shown apart (Decimal: 1.50 == 1.5) where the column holds one such class and no text (a key
    # that is text then names one such value: no int, None or date equals a text); else its class and its text.
    # A value per key is formatted.
    keys: Sequence[Any]
    if classes <= _SHARED:
        keys = values
    elif len(classes - _SHARED) == 1 and str not in classes:
        keys = [v if type(v) in _SHARED else str(v) for v in values]
    else:
        keys = list(zip(map(type, values), map(str, values), strict=True))
    shown = {key: format_cell(kind, v, translate) for key, v in dict(zip(keys, values, strict=True)).items()}
    if align:
        width = max(least, max(map(len, shown.values()), default=0))
        pad = str.ljust if align == "<" else str.rjust
        shown = {key: pad(text, width) for key, text in shown.items()}
    return list(map(shown.__getitem__, keys))


def column_cells(report: Report, column: int, translate: Translate = _identity,
                 values: Sequence[Any] | None = None) -> list[str]:
    """The cells of one column of ``report``'s rows (not its totals) as ``format_cell`` shows them, formatted
    together (the screen's table asks for them a column at a time); ``values``: that column's values, when the
    caller has them already."""
    if values is None:
        values = list(map(itemgetter(column), report.rows))
    if report.columns[column].kind == MIXED:
        return [format_cell(report.kind_at(r, column), v, translate) for r, v in enumerate(values)]
    return _column_cells(report.columns[column].kind, values, translate)


def _display_columns(report: Report, translate: Translate, titles: Sequence[str] | None = None
                     ) -> list[list[str]]:
    """Every column's cells as ``format_cell`` shows them (the column's kind, or each row's in a MIXED column),
    the totals last; with ``titles``, padded as ``to_text`` shows them (numbers right-aligned) to the widest of the
    column's cells and title."""
    columns = []
    # The rows' values column by column, transposed once (an itemgetter per cell took a third of a month by
    # product's text).
    values_of = report.values_by_column()
    for c, column in enumerate(report.columns):
        total = None if report.totals is None else format_cell(column.kind if c else ENUM, report.totals[c], translate)
        align = "" if titles is None else ">" if column.numeric or column.kind == MIXED else "<"
        least = max(len(titles[c]), len(total or "")) if titles is not None else 0
        if column.kind == MIXED:
            cells = column_cells(report, c, translate)
            if align:
                width = max(least, max(map(len, cells), default=0))
                cells = [cell.rjust(width) for cell in cells]
        else:
            cells = _column_cells(column.kind, values_of[c], translate, align, least)
        if total is not None:
            width = len(cells[0]) if cells else least  # padded cells all have the column's width
            cells.append(total.rjust(width) if align == ">" else total.ljust(width) if align else total)
        columns.append(cells)
    return columns


def display_rows(report: Report, translate: Translate = _identity) -> list[list[str]]:
    """Every row's cells as ``format_cell`` shows them (each column's kind, or the row's in a MIXED column), the
    totals row last."""
    columns = _display_columns(report, translate)
    if not columns:
        return [[] for _ in range(len(report.rows) + (report.totals is not None))]
    return [list(cells) for cells in zip(*columns, strict=True)]


def _plain(kind: str, value: Any, translate: Translate) -> Any:
    """A value for machines: numbers stay numbers, dates ISO, labels translated."""
    if value is None:
        return ""
    if kind == PERCENT:
        return Decimal(value) / 100
    if kind == ENUM:
        return translate(str(value))
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- CSV, text, JSON ----------------------------------------------------------------------------------

def to_csv(report: Report, translate: Translate = _identity) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(column_title(report, i, translate)) for i in range(len(report.columns))])
    for r, row in enumerate(report.rows):
        writer.writerow([csv_cell(_plain(report.kind_at(r, c), v, translate)) for c, v in enumerate(row)])
    if report.totals is not None:
        writer.writerow([csv_cell(_plain(report.columns[c].kind if c else ENUM, v, translate))
                         for c, v in enumerate(report.totals)])
    return out.getvalue()


def to_text(report: Report, translate: Translate = _identity) -> str:
    """An aligned table for a terminal: each cell padded to its column's width (numbers right-aligned), as
    ``cell.rjust(width)`` / ``cell.ljust(width)``, two spaces between columns, no trailing spaces. Built column by
    column, one join per line and one for the whole text (a month by product is 41,000 lines)."""
    titles = [column_title(report, i, translate) for i in range(len(report.columns))]
    columns = _display_columns(report, translate, titles)
    widths = [len(cells[0]) if cells else len(title) for cells, title in zip(columns, titles, strict=True)]
    lines = [line.rstrip() for line in map("  ".join, zip(*columns, strict=True))]
    rule = "  ".join("-" * w for w in widths)
    titles_line = "  ".join(t.rjust(w) if c.numeric or c.kind == MIXED else t.ljust(w)
                            for c, t, w in zip(report.columns, titles, widths, strict=True)).rstrip()
    out = [report.display_title(translate), *header_lines(report, translate), "", titles_line, rule]
    if report.totals is not None:
        out += [*lines[:-1], rule, lines[-1]]
    else:
        out += lines
    out += [report.note_text(n, translate) for n in report.notes]
    return "\n".join(out) + "\n"


def write(report: Report, fmt: str, target: Path, translate: Translate = _identity) -> Path:
    """Write ``report`` as ``fmt`` to ``target`` (a file path)."""
    if fmt not in FORMATS:
        raise ValidationError("Unknown export format {fmt}; use one of: {choices}.", fmt=fmt,
                              choices=", ".join(FORMATS))
    target = Path(target)
    if fmt == "xlsx":
        data = to_xlsx(report, translate)
    elif fmt == "pdf":
        data = to_pdf(report, translate)
    elif fmt == "csv":
        data = ("\ufeff" + to_csv(report, translate)).encode("utf-8")
    elif fmt == "json":
        data = report.to_json().encode("utf-8")
    else:
        data = to_text(report, translate).encode("utf-8")
    try:
        target.write_bytes(data)
    except OSError as exc:  # a missing or read-only folder, a full stick: said in our words, not the system's
        raise file_problem(exc, target, writing=True) from None
    return target


# --- XLSX ---------------------------------------------------------------------------------------------

XLSX_FORMATS = {MONEY: "#,##0", INT: "#,##0", PERCENT: "0.00%", DATE: "dd/mm/yyyy", DATETIME: "dd/mm/yyyy hh:mm",
                DAYS: "#,##0.0"}


def _xlsx_value(kind: str, value: Any, translate: Translate) -> tuple[Any, str | None]:
    if value is None:
        return None, None
    if kind == PERCENT:
        return float(Decimal(value) / 10000), XLSX_FORMATS[PERCENT]
    if kind == ENUM:
        return translate(str(value)), None
    if isinstance(value, Decimal):
        places = max(0, -int(value.as_tuple().exponent))
        return float(value), "#,##0" + ("." + "0" * places if places else "")
    if isinstance(value, datetime):
        return value.replace(tzinfo=None), XLSX_FORMATS[DATETIME]
    if isinstance(value, date):
        return value, XLSX_FORMATS[DATE]
    return value, XLSX_FORMATS.get(kind)


def to_xlsx(report: Report, translate: Translate = _identity) -> bytes:
    """The report as one worksheet: title, outlet and period, the table under a bold header (frozen, filtered),
    numbers as numbers with their formats, the totals bold, the notes. Written row by row in openpyxl's write-only
    mode: a workbook kept whole asked for its last row twice a row, a walk over every cell each time (a month by
    product, 41,000 rows, took over ten minutes; issue 17)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    title, lines = report.display_title(translate), header_lines(report, translate)
    # The sheet's tab: the title as shown ("Doanh thu theo sản phẩm"; it was "Doanh thu theo", the grouping cut).
    sheet = book.create_sheet((title.strip() or "Report").translate(str.maketrans("", "", "[]:*?/\\"))[:31])
    for i in range(len(report.columns)):  # widths and panes before the rows: the sheet writes them out with the first
        texts = [column_title(report, i, translate)] + [
            format_cell(report.kind_at(r, i), row[i], translate) for r, row in enumerate(report.rows[:500])]
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(60, max(8, *(len(t) + 2 for t in texts)))

    def cell(value: Any, number_format: str | None = None, font: Font | None = None) -> Any:
        """``value`` as it is, or in a cell of its own when it needs a format or a font, or is formula-like text
        (written as text, never a formula)."""
        if number_format is None and font is None and not (isinstance(value, str) and looks_like_formula(value)):
            return value
        styled = WriteOnlyCell(sheet, value=value)
        if styled.data_type == "f":
            styled.data_type = "s"
        if number_format:
            styled.number_format = number_format
        if font is not None:
            styled.font = font
        return styled

    def values(row: Sequence[Any], kinds: Sequence[str], font: Font | None = None) -> list[Any]:
        return [cell(*_xlsx_value(kind, v, translate), font) for kind, v in zip(kinds, row, strict=False)]

    header_row = len(lines) + 3  # under the title, the outlet and period, a blank row
    sheet.freeze_panes = f"A{header_row + 1}"
    bold = Font(bold=True)
    sheet.append([cell(title, font=Font(bold=True, size=14))])
    for text in lines:
        sheet.append([cell(text)])
    sheet.append([])
    fill, wrap = PatternFill("solid", fgColor="DDE7F0"), Alignment(wrap_text=True, vertical="top")
    header = []
    for i in range(len(report.columns)):
        title = cell(column_title(report, i, translate), font=bold)
        title.fill, title.alignment = fill, wrap
        header.append(title)
    sheet.append(header)
    kinds = [c.kind for c in report.columns]
    mixed = MIXED in kinds
    for r, row in enumerate(report.rows):
        sheet.append(values(row, [report.kind_at(r, c) for c in range(len(kinds))] if mixed else kinds))
    last_data = header_row + len(report.rows)
    if report.totals is not None:
        sheet.append(values(report.totals, [ENUM, *kinds[1:]], bold))
    for note in report.notes:
        sheet.append([])
        sheet.append([cell(report.note_text(note, translate))])
    if report.rows:  # (written after the rows: it may be set now)
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(report.columns))}{last_data}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------

PAGE_W, MARGIN = 842.0, 36.0  # A4 landscape (842 × 595 pt), half-inch margins
BAR_RGB = (74, 125, 181)


def to_pdf(report: Report, translate: Translate = _identity, chart: bool = True) -> bytes:
    """A4 landscape: title, outlet and period, the table (header repeated on each page, totals in bold),
    notes, the chart if the report has one, and page numbers."""
    title = report.display_title(translate)
    page_label = translate(N_("Page {n} of {count}")).replace("{count}", "{nb}")
    from .pdf import Pages

    pdf = Pages(landscape=True, title=title, author=report.outlet, margin=MARGIN, running_title=title,
                page_label=lambda n: page_label.replace("{n}", str(n)))
    pdf.add_page()
    pdf.write_lines(title, 14, bold=True, line_height=18)
    for line in header_lines(report, translate):
        pdf.write_lines(line, 9, line_height=12)
    pdf.ln(8)
    titles = [column_title(report, i, translate) for i in range(len(report.columns))]
    body = display_rows(report, translate)
    right = [c.numeric or c.kind == "mixed" for c in report.columns]
    usable = PAGE_W - 2 * MARGIN
    # Widths at 1 pt, scaled: each column as wide as its widest cell (headings wrap past 110 pt).
    head = pdf.widths_of(titles, 1.0, bold=True)
    cells = [pdf.widths_of([row[c] for row in body], 1.0) for c in range(len(titles))]
    if report.totals is not None and body:
        totals = pdf.widths_of(body[-1], 1.0, bold=True)
        cells = [[*col[:-1], total] for col, total in zip(cells, totals, strict=True)]
    size = 8.0
    while True:  # smaller type while the table is wider than the page
        widths = [max([min(h * size, 110.0), 18.0] + [w * size for w in col]) + 8 for h, col in zip(head, cells,
                                                                                                   strict=True)]
        if sum(widths) <= usable or size <= 5.5:
            break
        size -= 0.5
    if sum(widths) > usable:  # still too wide: the text columns share what is left
        fixed = sum(w for w, r in zip(widths, right, strict=True) if r)
        text_cols = [i for i, r in enumerate(right) if not r]
        wanted = sum(widths[i] for i in text_cols) or 1.0
        room = max(usable - fixed, 30.0 * len(text_cols))
        for i in text_cols:
            widths[i] = max(30.0, widths[i] * room / wanted)
    scale = min(1.0, usable / sum(widths))
    pdf.lines(titles, body, size=size, widths=[w * scale for w in widths], right=right,
              bold_last=report.totals is not None)
    pdf.ln(6)
    for note in report.notes:
        pdf.write_lines(report.note_text(note, translate), 8, gray=77, line_height=12)
    if chart and report.chart is not None and report.rows:
        _pdf_chart(pdf, report, translate)
    return pdf.to_bytes()


def chart_points(report: Report, translate: Translate = _identity, limit: int = 40) -> list[tuple[str, int]]:
    """(label, value) pairs the chart draws: in order for time, the largest first (at most ``limit``)."""
    if report.chart is None:
        return []
    li, vi = report.index(report.chart.label), report.index(report.chart.value)
    kind = report.columns[li].kind
    most = limit if report.chart.style == "bar" and report.by not in ("hour",) else len(report.rows)
    points: list[tuple[str, int]] = []
    for r, row in enumerate(report.rows):
        if len(points) == most:  # the rest are not drawn (a month by product has 41,000)
            break
        value = row[vi]
        if value is None:
            continue
        label = row[li]
        if kind == DATE and isinstance(label, date):
            text = label.strftime("%d/%m")
        else:
            text = format_cell(report.kind_at(r, li), label, translate)
        points.append((text, int(value)))
    return points


def _fitted(pdf: Pages, text: str, room: float) -> str:
    """``text`` whole if it fits ``room`` in the current font, else cut to fit with "…" (a label cut at 14
    characters read "Thủ công mỹ ng" under a bar with room for the whole name)."""
    if pdf.get_string_width(text) <= room:
        return text
    while text and pdf.get_string_width(text.rstrip() + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…" if text else ""


def _pdf_chart(pdf: Pages, report: Report, translate: Translate) -> None:
    from .pdf import FAMILY

    points = chart_points(report, translate)
    if not points:
        return
    height = 170.0
    if pdf.will_page_break(height + 50):
        pdf.add_page()
    assert report.chart is not None
    pdf.ln(12)
    pdf.write_lines(translate(report.columns[report.index(report.chart.value)].title), 9, bold=True)
    top = pdf.get_y() + 6
    left, width = MARGIN + 60, PAGE_W - 2 * MARGIN - 70
    high = max(max(v for _, v in points), 0)
    low = min(min(v for _, v in points), 0)
    span = (high - low) or 1
    zero_y = top + height * high / span
    with pdf.local_context():
        pdf.set_font(FAMILY, "", 6)
        pdf.set_line_width(0.3)
        pdf.set_draw_color(204)
        pdf.set_text_color(77)
        for tick in (high, (high + low) // 2, low):
            y = top + height * (high - tick) / span
            pdf.line(left, y, left + width, y)
            label = format_vnd(tick, symbol=False)
            pdf.text(left - 4 - pdf.get_string_width(label), y + 2, label)
        step = width / len(points)
        every = max(1, int(len(points) * 28 / width) + 1)
        pdf.set_fill_color(*BAR_RGB)
        pdf.set_text_color(51)
        for i, (label, value) in enumerate(points):
            x = left + i * step
            y = top + height * (high - max(value, 0)) / span
            h = abs(value) * height / span
            if h > 0:
                pdf.rect(x + step * 0.15, y if value >= 0 else zero_y, max(step * 0.7, 0.5), h, style="F")
            if i % every == 0:
                short = _fitted(pdf, nfc(label), step * every - 4)
                pdf.text(x + step / 2 - pdf.get_string_width(short) / 2, top + height + 9, short)
        pdf.set_line_width(0.6)
        pdf.set_draw_color(0)
        pdf.line(left, zero_y, left + width, zero_y)
    pdf.set_y(top + height + 14)
