"""PDF pages for reports, settlement statements, goods receipts and Z reports, written with fpdf2.

fpdf2 (kept by others, with fontTools for the font) embeds a subset of the app's own DejaVu Sans
(``showroom_pos/resources/fonts``) as a Unicode font with a ToUnicode map, so Vietnamese text stays real
text: searchable, copyable, read by screen readers. Its tables wrap long cells and repeat their header
row on every page. Services never import Qt, so the CLI exports without a display.

The layouts themselves live beside the data they show (``report_export.to_pdf``, ``documents.to_pdf``);
this module only sets the page up the same way for both.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from fpdf import FPDF, FPDF_VERSION, FontFace

from showroom_pos import package_data
from showroom_pos.core.text import nfc as text  # one glyph for ``ắ``, not a letter and two marks

FAMILY = "dejavu"
HEADING_FILL = (222, 232, 240)
STRIPE_FILL = (245, 245, 245)


class Pages(FPDF):
    """A4 pages in points with DejaVu Sans (regular and bold), a running title on the pages after the
    first and, when ``page_label`` is given, ``Page n of N`` at the foot of every page."""

    def __init__(self, *, landscape: bool, title: str, author: str = "", margin: float = 36.0,
                 running_title: str = "", page_label: Callable[[int], str] | None = None) -> None:
        super().__init__(orientation="L" if landscape else "P", unit="pt", format="A4")
        # fontTools reports every table it prunes while subsetting at INFO: not news for the app's log.
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        self.add_font(FAMILY, "", str(package_data.path("resources", "fonts", "DejaVuSans.ttf")))
        self.add_font(FAMILY, "B", str(package_data.path("resources", "fonts", "DejaVuSans-Bold.ttf")))
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(True, margin + (14 if page_label else 0))
        self.set_title(text(title))
        self.set_author(text(author))
        self.set_creator("OCOP Showroom POS")
        self.set_producer(f"fpdf2 {FPDF_VERSION}")
        self.set_lang("vi")
        self.running_title = text(running_title)
        self.page_label = page_label
        if page_label is not None:
            self.alias_nb_pages()
        self.set_font(FAMILY, size=9)

    def header(self) -> None:
        if self.running_title and self.page_no() > 1:
            with self.local_context():
                self.set_font(FAMILY, "B", 10)
                self.cell(text=self.running_title, new_x="LMARGIN", new_y="NEXT")
            self.ln(6)

    def footer(self) -> None:
        if self.page_label is None:
            return
        with self.local_context():
            self.set_y(-self.b_margin + 4)
            self.set_font(FAMILY, "", 7)
            self.set_text_color(102)
            self.cell(w=self.epw, text=text(self.page_label(self.page_no())), align="R")

    def width_of(self, value: str, size: float, bold: bool = False) -> float:
        """How wide ``value`` is at ``size`` points."""
        return self.widths_of([value], size, bold)[0]

    def widths_of(self, values: Iterable[str], size: float, bold: bool = False) -> list[float]:
        """How wide each of ``values`` is at ``size`` points (one font change for them all)."""
        with self.local_context():
            self.set_font(FAMILY, "B" if bold else "", size)
            return [float(self.get_string_width(text(v))) for v in values]

    def write_lines(self, value: str, size: float, *, bold: bool = False, align: str = "L", gray: int = 0,
                    line_height: float | None = None) -> None:
        """A paragraph across the page, wrapped at words; a new page when it reaches the foot."""
        with self.local_context():
            self.set_font(FAMILY, "B" if bold else "", size)
            self.set_text_color(gray)
            self.multi_cell(w=self.epw, h=line_height or size * 1.4, text=text(value), align=align,
                            new_x="LMARGIN", new_y="NEXT")

    def grid(self, headings: Sequence[str], rows: Sequence[Sequence[str]], *, size: float,
             widths: Sequence[float], right: Sequence[bool], bold_last: bool = False,
             stripes: bool = False) -> None:
        """A table at the left margin (fpdf2's): the heading row shaded and repeated at the top of every page it
        runs onto, long cells wrapped at words, numbers right-aligned, the last row bold (totals). For the
        documents people sign, where no word may be cut; ``lines`` is the fast one for long reports."""
        align = tuple("RIGHT" if r else "LEFT" for r in right)
        options: dict[str, Any] = {}
        if stripes:
            options = {"cell_fill_color": STRIPE_FILL, "cell_fill_mode": "ROWS"}
        with self.local_context():
            self.set_font(FAMILY, "", size)
            self.set_draw_color(160)
            self.set_line_width(0.3)
            with self.table(
                col_widths=tuple(widths), width=sum(widths), align="LEFT", text_align=align,
                line_height=size * 1.3, padding=(size * 0.15, 3), repeat_headings=1,
                borders_layout="HORIZONTAL_LINES", v_align="TOP",
                headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL), **options,
            ) as table:
                table.row([text(h) for h in headings])
                for n, cells in enumerate(rows):
                    last = bold_last and n == len(rows) - 1
                    table.row([text(c) for c in cells], style=FontFace(emphasis="BOLD") if last else None)

    def lines(self, headings: Sequence[str], rows: Sequence[Sequence[str]], *, size: float,
              widths: Sequence[float], right: Sequence[bool], bold_last: bool = False) -> None:
        """A table of one-line rows, for reports of thousands of rows (``grid`` lays every cell out as a
        paragraph, twice: ~1 ms a cell): the heading row shaded, wrapped, and repeated at the top of every page,
        every other row striped, a cell too long for its column cut short with "…", the last row bold (totals)
        under a rule."""
        row_h, pad = size * 1.6, 3.0
        total_w = sum(widths)
        align = ["R" if r else "L" for r in right]

        def heading() -> None:
            self.set_font(FAMILY, "B", size)
            wrapped = [cast(list[str], self.multi_cell(w=w, h=row_h, text=text(h), dry_run=True, output="LINES"))
                       for h, w in zip(headings, widths, strict=True)]
            top, height = self.get_y(), row_h * max((len(w) for w in wrapped), default=1) + 2
            self.set_fill_color(*HEADING_FILL)
            self.rect(self.l_margin, top, total_w, height, style="F")
            x = self.l_margin
            for parts, w, a in zip(wrapped, widths, align, strict=True):
                for n, part in enumerate(parts):
                    self.set_xy(x, top + 1 + n * row_h)
                    self.cell(w=w, h=row_h, text=part, align=a)
                x += w
            self.set_xy(self.l_margin, top + height)

        def fit(value: str, width: float) -> tuple[str, float]:
            """The text cut to ``width`` (with "…" when cut), and how wide it is."""
            value = text(value)
            wide = self.get_string_width(value)
            if wide <= width:
                return value, wide
            while value and self.get_string_width(value + "…") > width:
                value = value[:-1]
            return value + "…", self.get_string_width(value + "…")

        # Not in a local_context(): a page added inside one would leave its graphics state open.
        margin, width = self.c_margin, self.line_width
        self.c_margin = pad
        self.set_draw_color(128)
        self.set_line_width(0.5)
        heading()
        for n, cells in enumerate(rows):
            last = bold_last and n == len(rows) - 1
            if self.will_page_break(row_h):
                self.add_page()
                heading()
            self.set_font(FAMILY, "B" if last else "", size)
            if last:
                self.line(self.l_margin, self.get_y(), self.l_margin + total_w, self.get_y())
            elif n % 2:
                self.set_fill_color(*STRIPE_FILL)
                self.rect(self.l_margin, self.get_y(), total_w, row_h, style="F")
            x, baseline = self.l_margin, self.get_y() + row_h - size * 0.5
            for value, w, r in zip(cells, widths, right, strict=True):
                if value:  # text() rather than cell(): six times faster, and the row's height is fixed
                    shown, wide = fit(value, w - 2 * pad)
                    self.text(x + w - pad - wide if r else x + pad, baseline, shown)
                x += w
            self.ln(row_h)
        self.line(self.l_margin, self.get_y(), self.l_margin + total_w, self.get_y())
        self.c_margin = margin
        self.set_line_width(width)
        self.set_draw_color(0)
        self.set_font(FAMILY, "", 9)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
