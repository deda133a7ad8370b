"""Printable inventory documents (goods receipt notes, consignment statements) as plain data.

A document is built once by the service that owns its figures and rendered three ways: fixed-width
text for the receipt printer, HTML for a PDF or a page printer (the UI feeds it to ``QTextDocument``),
and XLSX (``exports.document_to_xlsx``). The documents a producer signs are in Vietnamese whatever
the interface language, as the legal paper is.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field
from datetime import date

from showroom_pos.core.money import format_vnd


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


# --- PDF (A4 portrait, the app's embedded Vietnamese font) ---------------------------------------------

A4_W, A4_H, MARGIN = 595.0, 842.0, 42.0


def to_pdf(doc: Document) -> bytes:
    """The document as a PDF a producer can sign: real text (searchable, copyable), the table with its
    header repeated on every page, totals, notes and signature blocks kept together."""
    from .pdf_writer import PdfDocument, TrueTypeFont
    from .report_export import load_fonts

    regular, bold = load_fonts()
    pdf = PdfDocument({"regular": regular, "bold": bold}, A4_W, A4_H, title=doc.title, author=" ".join(doc.heading[:1]))
    usable = A4_W - 2 * MARGIN
    y = MARGIN

    def page() -> None:
        nonlocal y
        pdf.new_page()
        y = MARGIN

    def need(height: float) -> None:
        if y + height > A4_H - MARGIN:
            page()

    def wrap(text: str, width: float, font: TrueTypeFont, size: float) -> list[str]:
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current = ""
            for word in paragraph.split(" "):
                candidate = f"{current} {word}".strip()
                if font.width(candidate, size) <= width or not current:
                    current = candidate
                else:
                    lines.append(current)
                    current = word
            lines.append(current)
        return lines

    def centred(text: str, size: float, font_key: str = "regular") -> None:
        nonlocal y
        font = bold if font_key == "bold" else regular
        for line in wrap(text, usable, font, size):
            need(size * 1.4)
            y += size * 1.4
            pdf.text((A4_W - font.width(line, size)) / 2, y, line, size, font_key)

    page()
    for line in doc.heading:
        need(12)
        y += 12
        pdf.text(MARGIN, y, line, 9, "bold" if line == doc.heading[0] else "regular")
    y += 10
    centred(doc.title.upper(), 15, "bold")
    if doc.stamp:
        centred(doc.stamp, 10, "bold")
    y += 8
    for label, value in doc.info:
        lines = wrap(value, usable - 130, regular, 9.5)
        need(13 * len(lines))
        y += 13
        pdf.text(MARGIN, y, f"{label}:", 9.5)
        for i, line in enumerate(lines):
            if i:
                y += 13
            pdf.text(MARGIN + 130, y, line, 9.5, "bold")
    y += 12
    # The table: numeric columns as wide as their widest cell, the rest share what is left.
    size = 8.5
    cells = [[cell_text(v) for v in row] for row in doc.rows]
    natural = [
        max([bold.width(c.title, size)] + [regular.width(r[i], size) for r in cells]) + 8
        for i, c in enumerate(doc.columns)
    ]
    fixed = sum(w for w, c in zip(natural, doc.columns, strict=True) if c.numeric or w < 60)
    flexible = [i for i, (w, c) in enumerate(zip(natural, doc.columns, strict=True)) if not c.numeric and w >= 60]
    widths = list(natural)
    if flexible:  # the text columns grow (or shrink) in proportion to fill the line
        room = max(usable - fixed, 40.0 * len(flexible))
        want = sum(natural[i] for i in flexible)
        for i in flexible:
            widths[i] = natural[i] * room / want
    scale = min(1.0, usable / sum(widths)) if widths else 1.0
    widths = [w * scale for w in widths]

    def header_row() -> None:
        nonlocal y
        height = size * 2.2
        pdf.box(MARGIN, y, sum(widths), height, gray=0.88)
        x = MARGIN
        for w, c in zip(widths, doc.columns, strict=True):
            title = c.title
            tx = x + w - 4 - bold.width(title, size) if c.numeric else x + 4
            pdf.text(tx, y + height - size * 0.7, title, size, "bold")
            x += w
        y += height

    if doc.columns:
        need(size * 4)
        header_row()
        for row in cells:
            wrapped = [
                wrap(text, w - 8, regular, size) if not c.numeric else [text]
                for text, w, c in zip(row, widths, doc.columns, strict=True)
            ]
            height = size * 1.5 * max(len(w) for w in wrapped) + size * 0.6
            if y + height > A4_H - MARGIN:
                page()
                header_row()
            x = MARGIN
            for lines, w, c in zip(wrapped, widths, doc.columns, strict=True):
                for n, line in enumerate(lines):
                    tx = x + w - 4 - regular.width(line, size) if c.numeric else x + 4
                    pdf.text(tx, y + size * 1.4 + n * size * 1.5, line, size)
                x += w
            y += height
            pdf.line(MARGIN, y, MARGIN + sum(widths), y, 0.3, gray=0.6)
    y += 10
    for label, value in doc.totals:
        need(15)
        y += 15
        pdf.text(MARGIN + usable * 0.35, y, label, 10, "bold" if label == doc.totals[-1][0] else "regular")
        font = bold if label == doc.totals[-1][0] else regular
        pdf.text(
            A4_W - MARGIN - font.width(value, 10), y, value, 10, "bold" if label == doc.totals[-1][0] else "regular"
        )
    y += 6
    for note in doc.notes:
        for line in wrap(note, usable, regular, 9.5):
            need(13)
            y += 13
            pdf.text(MARGIN, y, line, 9.5)
    if doc.signatures:
        need(110)
        y += 28
        step = usable / len(doc.signatures)
        for i, (title, hint) in enumerate(doc.signatures):
            cx = MARGIN + step * i + step / 2
            pdf.text(cx - bold.width(title.upper(), 10) / 2, y, title.upper(), 10, "bold")
            pdf.text(cx - regular.width(hint, 8.5) / 2, y + 13, hint, 8.5, gray=0.3)
    return pdf.to_bytes()
