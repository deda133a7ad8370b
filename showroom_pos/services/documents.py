"""Printable inventory documents (goods receipt notes, consignment statements) as plain data.

A document is built once by the service that owns its figures and rendered four ways: fixed-width
text for the receipt printer, HTML for a page printer (the UI feeds it to ``QTextDocument``), PDF
(``to_pdf``, fpdf2) and XLSX (``exports.document_to_xlsx``). The documents a producer signs are in
Vietnamese whatever the interface language, as the legal paper is.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field
from datetime import date

from showroom_pos.core.money import format_vnd
from showroom_pos.core.text import nfc


@dataclass(frozen=True)
class Column:
    title: str
    numeric: bool = False


Cell = str | int


@dataclass
class Document:
    title: str
    heading: list[str] = field(default_factory=list)  # the outlet: name, address, tax code
    info: list[tuple[str, str]] = field(default_factory=list)  # label, value
    columns: list[Column] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    totals: list[tuple[str, str]] = field(default_factory=list)  # label, formatted value
    notes: list[str] = field(default_factory=list)
    signatures: list[tuple[str, str]] = field(default_factory=list)  # title, hint
    stamp: str = ""  # e.g. "ĐÃ CHỐT SỔ" on a settled statement


def vn_date(day: date | None) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


def format_qty(qty: int, by_weight: bool) -> str:
    """Pieces as a whole number, goods sold by weight (grams) as kilograms: ``1,250 kg``."""
    if not by_weight:
        return f"{qty:,}".replace(",", ".")
    sign = "-" if qty < 0 else ""
    kg, grams = divmod(abs(qty), 1000)
    return f"{sign}{kg:,}".replace(",", ".") + f",{grams:03d} kg"


def cell_text(value: Cell) -> str:
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else value


# --- Vietnamese amount in words ("Bằng chữ"), as every payment document shows it -------------------

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")


def _three(n: int, full: bool) -> list[str]:
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5 and tens > 0:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _words(n: int) -> list[str]:
    if n == 0:
        return ["không"]
    groups: list[int] = []
    while n:
        n, rest = divmod(n, 1000)
        groups.append(rest)
    words: list[str] = []
    started = False
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if value == 0:
            # Beyond "tỷ" the group names repeat: a zero "tỷ" group still names the billions.
            if index % 3 == 0 and index > 0 and started and words[-1] != "tỷ":
                words.append("tỷ")
            continue
        words += _three(value, started)
        started = True
        unit = _GROUPS[index % 3] if index % 3 else ("tỷ" if index >= 3 else "")
        if unit:
            words.append(unit)
    return words


def amount_in_words(amount: int) -> str:
    """``125000`` → ``Một trăm hai mươi lăm nghìn đồng``."""
    text = " ".join(_words(abs(amount))) + " đồng"
    if amount < 0:
        text = "âm " + text
    return text[0].upper() + text[1:]


# --- renderers --------------------------------------------------------------------------------------


def to_text(doc: Document, width: int = 42) -> list[str]:
    """Lines for a receipt printer of ``width`` characters: each table row on two lines or more."""

    def centre(text: str) -> list[str]:
        return [line.center(width).rstrip() for line in textwrap.wrap(text, width) or [""]]

    def pair(label: str, value: str) -> list[str]:
        if len(label) + len(value) + 1 <= width:
            return [label + value.rjust(width - len(label))]
        return [*textwrap.wrap(label, width), value.rjust(width)]

    out: list[str] = []
    for line in doc.heading:
        out += centre(line)
    out.append("")
    out += centre(doc.title.upper())
    if doc.stamp:
        out += centre(f"[{doc.stamp}]")
    out.append("")
    for label, value in doc.info:
        out += textwrap.wrap(f"{label}: {value}", width, subsequent_indent="  ")
    out.append("-" * width)
    text_cols = [i for i, c in enumerate(doc.columns) if not c.numeric]
    num_cols = [i for i, c in enumerate(doc.columns) if c.numeric]
    for row in doc.rows:
        first = " ".join(cell_text(row[i]) for i in text_cols if cell_text(row[i]))
        out += textwrap.wrap(first, width, subsequent_indent="  ") or [""]
        for i in num_cols:
            out += pair("  " + doc.columns[i].title, cell_text(row[i]))
    out.append("-" * width)
    for label, value in doc.totals:
        out += pair(label, value)
    for note in doc.notes:
        out += textwrap.wrap(note, width)
    for title, hint in doc.signatures:
        out += ["", *centre(title), *centre(hint), "", ""]
    return out


def to_html(doc: Document) -> str:
    """A standalone HTML page (UTF-8) for ``QTextDocument`` → PDF or paper."""
    e = html.escape
    parts = [
        "<html><head><meta charset='utf-8'><style>",
        "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt}",
        "h1{font-size:14pt;text-align:center;margin:6pt 0}",
        "table.lines{border-collapse:collapse;width:100%}",
        "table.lines th,table.lines td{border:1px solid #444;padding:2pt 4pt}",
        "td.num,th.num{text-align:right}",
        ".stamp{text-align:center;font-weight:bold;color:#a00}",
        "</style></head><body>",
    ]
    parts += [f"<div>{e(line)}</div>" for line in doc.heading]
    parts.append(f"<h1>{e(doc.title.upper())}</h1>")
    if doc.stamp:
        parts.append(f"<p class='stamp'>{e(doc.stamp)}</p>")
    if doc.info:
        parts.append("<table>")
        parts += [f"<tr><td>{e(label)}:</td><td><b>{e(value)}</b></td></tr>" for label, value in doc.info]
        parts.append("</table><br>")
    parts.append("<table class='lines' border='1' cellspacing='0' cellpadding='3' width='100%'><tr>")
    parts += [f"<th class='{'num' if c.numeric else ''}'>{e(c.title)}</th>" for c in doc.columns]
    parts.append("</tr>")
    for row in doc.rows:
        cells = "".join(
            f"<td class='num' align='right'>{e(cell_text(v))}</td>" if c.numeric else f"<td>{e(cell_text(v))}</td>"
            for c, v in zip(doc.columns, row, strict=True)
        )
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</table><br><table>")
    parts += [f"<tr><td>{e(label)}</td><td align='right'><b>{e(value)}</b></td></tr>" for label, value in doc.totals]
    parts.append("</table>")
    parts += [f"<p>{e(note)}</p>" for note in doc.notes]
    if doc.signatures:
        parts.append("<br><table width='100%'><tr>")
        parts += [
            f"<td align='center' width='{100 // len(doc.signatures)}%'><b>{e(title)}</b><br><i>{e(hint)}</i>"
            "<br><br><br><br></td>"
            for title, hint in doc.signatures
        ]
        parts.append("</tr></table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def money(amount: int) -> str:
    return format_vnd(amount)


# --- PDF (A4 portrait, the app's Vietnamese font) -------------------------------------------------------

A4_W, MARGIN = 595.0, 42.0  # A4 portrait (595 × 842 pt)


def to_pdf(doc: Document) -> bytes:
    """The document as a PDF a producer can sign: real text (searchable, copyable), the table with its
    header repeated on every page, totals, notes and signature blocks kept together."""
    from fpdf import FontFace

    from .pdf import FAMILY, Pages

    pdf = Pages(landscape=False, title=doc.title, author=" ".join(doc.heading[:1]), margin=MARGIN)
    usable = A4_W - 2 * MARGIN
    pdf.add_page()
    for line in doc.heading:
        pdf.write_lines(line, 9, bold=line == doc.heading[0], line_height=12)
    pdf.ln(10)
    pdf.write_lines(doc.title.upper(), 15, bold=True, align="C", line_height=21)
    if doc.stamp:
        pdf.write_lines(doc.stamp, 10, bold=True, align="C")
    pdf.ln(8)
    if doc.info:
        with pdf.local_context():
            pdf.set_font(FAMILY, "", 9.5)
            with pdf.table(col_widths=(130, usable - 130), width=usable, align="LEFT", borders_layout="NONE",
                           first_row_as_headings=False, text_align="LEFT", line_height=13) as table:
                for label, value in doc.info:
                    row = table.row()
                    row.cell(nfc(f"{label}:"))
                    row.cell(nfc(value), style=FontFace(emphasis="BOLD"))
    pdf.ln(12)
    # The table: numeric columns and codes as wide as their widest cell, the rest share what is left.
    size = 8.5
    cells = [[cell_text(v) for v in row] for row in doc.rows]
    if doc.columns:
        natural = [
            max([pdf.width_of(c.title, size, bold=True)] + [pdf.width_of(r[i], size) for r in cells]) + 8
            for i, c in enumerate(doc.columns)
        ]
        # A column of codes (no cell with a space: SKUs) keeps its width too: shrunk, "TA-DTH-NUOC" was cut in two
        # lines mid-code, where the names beside it wrap between words.
        kept = [c.numeric or w < 60 or not any(" " in r[i] for r in cells)
                for i, (w, c) in enumerate(zip(natural, doc.columns, strict=True))]
        fixed = sum(w for w, keep in zip(natural, kept, strict=True) if keep)
        flexible = [i for i, keep in enumerate(kept) if not keep]
        widths = list(natural)
        if flexible:  # the text columns grow (or shrink) in proportion to fill the line
            room = max(usable - fixed, 40.0 * len(flexible))
            want = sum(natural[i] for i in flexible)
            for i in flexible:
                widths[i] = natural[i] * room / want
        scale = min(1.0, usable / sum(widths))
        pdf.grid([c.title for c in doc.columns], cells, size=size, widths=[w * scale for w in widths],
                 right=[c.numeric for c in doc.columns])
    pdf.ln(10)
    for label, value in doc.totals:
        last = label == doc.totals[-1][0]
        with pdf.local_context():
            pdf.set_font(FAMILY, "B" if last else "", 10)
            pdf.set_x(MARGIN + usable * 0.35)
            pdf.cell(w=usable * 0.35, h=15, text=nfc(label))
            pdf.cell(w=usable * 0.3, h=15, text=nfc(value), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for note in doc.notes:
        pdf.write_lines(note, 9.5, line_height=13)
    if doc.signatures:
        if pdf.will_page_break(110):
            pdf.add_page()
        pdf.ln(20)
        step = usable / len(doc.signatures)
        top = pdf.get_y()
        for i, (title, hint) in enumerate(doc.signatures):
            with pdf.local_context():
                pdf.set_xy(MARGIN + step * i, top)
                pdf.set_font(FAMILY, "B", 10)
                pdf.multi_cell(w=step, h=13, text=nfc(title.upper()), align="C", new_x="LEFT", new_y="NEXT")
                pdf.set_font(FAMILY, "", 8.5)
                pdf.set_text_color(77)
                pdf.multi_cell(w=step, h=12, text=nfc(hint), align="C")
    return pdf.to_bytes()
