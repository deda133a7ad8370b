"""Product labels: barcode, name, price and OCOP stars, drawn with the shipped font.

The bar patterns come from python-barcode (EAN-13, EAN-8, or Code 128 for codes that are not GTINs)
and are drawn here at a whole number of dots per module, so that every bar has the same width on
paper: 4 dots (0.34 mm, EAN's nominal 0.33 mm) on a 300 dpi A4 sheet, 3 dots on a 203 dpi thermal
label printer, less only when the label is too narrow. Sheets for A4 label stock (a configurable grid)
are written as PDF; single labels (50 × 30 mm by default) as PNG or PDF, one label a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import barcode as python_barcode
from PIL import Image, ImageDraw, ImageFont

from showroom_pos.core.barcode import BarcodeError, Symbology, classify
from showroom_pos.core.money import format_vnd

from .receipt_render import font

SHEET_DPI = 300
LABEL_DPI = 203.2  # 8 dots/mm, the usual thermal label printer
A4_MM = (210.0, 297.0)
MM_PER_INCH = 25.4
QUIET = {"ean13": (11, 7), "ean8": (7, 7), "code128": (10, 10)}


class LabelError(ValueError):
    """A label that cannot be drawn (too small for its barcode, a code no symbology takes)."""


LabelProgress = Callable[[int, int], None]
"""Told the labels drawn so far and the labels in all, as a batch is drawn (a page of a sheet at a time, or every
``PROGRESS_EVERY`` single labels). It may raise to stop the batch: nothing is written then (a file is written once
every label is drawn)."""

PROGRESS_EVERY = 24


@dataclass(frozen=True)
class LabelItem:
    code: str
    name: str
    price: int
    stars: int | None = None
    unit: str = ""
    sku: str = ""


def parse_size(text: str) -> tuple[float, float]:
    """``50x30`` (millimetres, width × height)."""
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*[x×]\s*(\d+(?:[.,]\d+)?)\s*", text)
    if not match:
        raise ValueError("a label size is WIDTHxHEIGHT in millimetres, e.g. 50x30")
    width, height = (float(g.replace(",", ".")) for g in match.groups())
    if not (15 <= width <= 200 and 10 <= height <= 200):
        raise ValueError("a label is 15–200 mm wide and 10–200 mm high")
    return width, height


def _numbers(text: str, count: int, what: str) -> list[float]:
    """``13,7`` or ``13; 7`` (a dot is the decimal point: ``2.5,0``)."""
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != count or any(v < 0 for v in values):
        raise ValueError(f"{what} is {count} numbers of millimetres")
    return values


@dataclass(frozen=True)
class SheetLayout:
    """A grid of labels on A4: ``columns`` × ``rows``, margins top/bottom and left/right (symmetric,
    as on label stock), gaps between labels. Label size follows from them."""

    columns: int = 3
    rows: int = 8
    margin_top: float = 13.0
    margin_left: float = 7.0
    gap_x: float = 2.5
    gap_y: float = 0.0
    page_width: float = A4_MM[0]
    page_height: float = A4_MM[1]

    def __post_init__(self) -> None:
        if not (1 <= self.columns <= 10 and 1 <= self.rows <= 30):
            raise ValueError("a sheet has 1–10 columns and 1–30 rows")
        if self.label_width < 15 or self.label_height < 10:
            raise ValueError("the labels of this grid are smaller than 15 × 10 mm")

    @property
    def label_width(self) -> float:
        return (self.page_width - 2 * self.margin_left - (self.columns - 1) * self.gap_x) / self.columns

    @property
    def label_height(self) -> float:
        return (self.page_height - 2 * self.margin_top - (self.rows - 1) * self.gap_y) / self.rows

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @classmethod
    def from_settings(cls, grid: str, margins: str, gaps: str) -> SheetLayout:
        """``3x8``, ``13,7`` (top, left mm), ``2.5,0`` (between columns, between rows, mm)."""
        match = re.fullmatch(r"\s*(\d+)\s*[x×]\s*(\d+)\s*", grid)
        if not match:
            raise ValueError("the grid is COLUMNSxROWS, e.g. 3x8")
        top, left = _numbers(margins, 2, "the margins")
        gap_x, gap_y = _numbers(gaps, 2, "the gaps")
        return cls(int(match.group(1)), int(match.group(2)), top, left, gap_x, gap_y)


def symbology(code: str) -> str:
    """python-barcode's name for the symbology a stored code is printed in."""
    try:
        kind = classify(code)
    except BarcodeError as exc:
        raise LabelError(f"{code!r} cannot be a barcode: {exc.reason}") from None
    if kind == Symbology.EAN13:
        return "ean13"
    if kind == Symbology.EAN8:
        return "ean8"
    if kind == Symbology.UPCA:
        return "upca"
    return "code128"


def modules(code: str) -> tuple[str, str]:
    """(symbology, module pattern) for a code; GTINs keep their own check digit (validated above)."""
    kind = symbology(code)
    if kind == "upca":  # printed as the EAN-13 it is
        kind, code = "ean13", "0" + code
    if kind in ("ean13", "ean8"):
        cls = python_barcode.get_barcode_class(kind)
        symbol = cls(code[:-1])
        if symbol.get_fullcode() != code:
            raise LabelError(f"{code!r}: check digit mismatch")
    else:
        symbol = python_barcode.get_barcode_class("code128")(code)
    return kind, str(symbol.build()[0])


def _mm(value: float, dpi: float) -> int:
    return round(value * dpi / MM_PER_INCH)


def _fit_text(face: ImageFont.FreeTypeFont, text: str, width: int, max_lines: int) -> list[str]:
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if face.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and face.getlength(last + "…") > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return [ln if face.getlength(ln) <= width else _shorten(face, ln, width) for ln in lines]


def _shorten(face: ImageFont.FreeTypeFont, text: str, width: int) -> str:
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"


def render_label(item: LabelItem, width_mm: float, height_mm: float, dpi: float) -> Image.Image:
    """One label as a 1-bit image of exactly ``width_mm`` × ``height_mm`` at ``dpi``."""
    width, height = _mm(width_mm, dpi), _mm(height_mm, dpi)
    pad = _mm(1.5, dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    inner = width - 2 * pad
    kind, pattern = modules(item.code)
    quiet_left, quiet_right = QUIET[kind]
    module = max(2, round(0.33 * dpi / MM_PER_INCH))
    while module >= 2 and (len(pattern) + quiet_left + quiet_right) * module > width:
        module -= 1
    if module < 2:
        raise LabelError(f"a {width_mm:g} mm label is too narrow for {item.code}")

    name_face = font(max(10, _mm(2.6, dpi)), True)
    price_face = font(max(12, _mm(3.2, dpi)), True)
    digit_face = font(max(10, _mm(2.4, dpi)))
    y = pad
    name_lines = _fit_text(name_face, item.name, inner, 2)
    for line in name_lines:
        draw.text((pad, y), line, font=name_face, fill=0)
        y += sum(name_face.getmetrics())
    price = format_vnd(item.price) + (f"/{item.unit}" if item.unit else "")
    draw.text((pad, y), price, font=price_face, fill=0)
    if item.stars:
        stars = "OCOP " + "★" * item.stars
        star_face = font(max(10, _mm(2.6, dpi)), True)
        if star_face.getlength(stars) + price_face.getlength(price) + pad > inner:
            stars = "★" * item.stars
        draw.text((width - pad - star_face.getlength(stars), y + 2), stars, font=star_face, fill=0)
    y += sum(price_face.getmetrics()) + _mm(0.8, dpi)
    digits_h = sum(digit_face.getmetrics())
    bar_h = height - pad // 2 - digits_h - y
    if bar_h < _mm(6, dpi):
        raise LabelError(f"a {height_mm:g} mm label is too low for its barcode")
    total = (len(pattern) + quiet_left + quiet_right) * module
    x0 = (width - total) // 2 + quiet_left * module
    guards = _guard_modules(kind, len(pattern))
    for i, bit in enumerate(pattern):
        if bit == "1":
            extra = digits_h // 2 if i in guards else 0
            draw.rectangle([x0 + i * module, y, x0 + (i + 1) * module - 1, y + bar_h - 1 + extra], fill=0)
    text_y = y + bar_h
    _draw_human_readable(draw, kind, item.code, x0, module, text_y, digit_face, width)
    return image.point(lambda v: 255 if v >= 128 else 0).convert("1")


def _guard_modules(kind: str, length: int) -> set[int]:
    if kind == "ean13":
        return {0, 1, 2, 45, 46, 47, 48, 49, 92, 93, 94}
    if kind == "ean8":
        return {0, 1, 2, 31, 32, 33, 34, 35, 64, 65, 66}
    return set()


def _draw_human_readable(draw: ImageDraw.ImageDraw, kind: str, code: str, x0: int, module: int, y: int,
                         face: ImageFont.FreeTypeFont, width: int) -> None:
    def centred(text: str, start: int, end: int) -> None:
        mid = x0 + (start + end) * module / 2
        draw.text((mid - face.getlength(text) / 2, y), text, font=face, fill=0)

    if kind == "ean13":
        if len(code) == 12:
            code = "0" + code
        draw.text((x0 - face.getlength(code[0]) - module * 2, y), code[0], font=face, fill=0)
        centred(code[1:7], 3, 45)
        centred(code[7:], 50, 92)
    elif kind == "ean8":
        centred(code[:4], 3, 31)
        centred(code[4:], 36, 64)
    else:
        draw.text(((width - face.getlength(code)) / 2, y), code, font=face, fill=0)


def sheet_pages(items: Sequence[LabelItem], layout: SheetLayout, dpi: float = SHEET_DPI) -> list[Image.Image]:
    """A4 pages (1-bit, ``dpi``) with the labels in reading order."""
    return list(_sheet_pages(items, layout, dpi))


def _sheet_pages(items: Sequence[LabelItem], layout: SheetLayout, dpi: float,
                 progress: LabelProgress | None = None) -> Iterator[Image.Image]:
    page_w, page_h = _mm(layout.page_width, dpi), _mm(layout.page_height, dpi)
    for start in range(0, len(items), layout.per_page):
        page = Image.new("1", (page_w, page_h), 1)
        for i, item in enumerate(items[start:start + layout.per_page]):
            row, col = divmod(i, layout.columns)
            x = _mm(layout.margin_left + col * (layout.label_width + layout.gap_x), dpi)
            y = _mm(layout.margin_top + row * (layout.label_height + layout.gap_y), dpi)
            page.paste(render_label(item, layout.label_width, layout.label_height, dpi), (x, y))
        yield page
        if progress is not None:
            progress(min(start + layout.per_page, len(items)), len(items))


def _single_labels(items: Sequence[LabelItem], size: tuple[float, float], dpi: float,
                   progress: LabelProgress | None = None) -> Iterator[Image.Image]:
    for done, item in enumerate(items, start=1):
        yield render_label(item, size[0], size[1], dpi)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(items)):
            progress(done, len(items))


def _save_pdf(pages: Iterable[Image.Image], path: Path, dpi: float) -> Path:
    """``pages`` as a PDF, each page its image's size at ``dpi``, made one page at a time (fpdf2: a page's image is
    encoded as it is added, 1-bit CCITT G4, and let go). Pillow's writer held every page until the end, 8.7 MB each
    at 300 dpi: a sheet for every product of a 50,000-product catalogue took the till past 9 GB."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.set_auto_page_break(False)
    for page in pages:
        width, height = page.width * 72 / dpi, page.height * 72 / dpi
        pdf.add_page(format=(width, height))
        pdf.image(page, x=0, y=0, w=width, h=height)
    if pdf.page == 0:
        raise LabelError("no labels to write")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def write_sheet_pdf(items: Sequence[LabelItem], path: Path, layout: SheetLayout, dpi: float = SHEET_DPI,
                    progress: LabelProgress | None = None) -> Path:
    return _save_pdf(_sheet_pages(items, layout, dpi, progress), path, dpi)


def single_labels(items: Sequence[LabelItem], size: tuple[float, float], dpi: float = LABEL_DPI) -> list[Image.Image]:
    return list(_single_labels(items, size, dpi))


def write_single_pdf(items: Sequence[LabelItem], path: Path, size: tuple[float, float],
                     dpi: float = LABEL_DPI, progress: LabelProgress | None = None) -> Path:
    """One label a page, each page the label's size (for a thermal label printer's driver)."""
    return _save_pdf(_single_labels(items, size, dpi, progress), path, dpi)


def write_single_png(items: Sequence[LabelItem], path: Path, size: tuple[float, float],
                     dpi: float = LABEL_DPI, progress: LabelProgress | None = None) -> list[Path]:
    """``path`` for one label; ``stem-SKU.png`` beside it for each of several."""
    images = list(_single_labels(items, size, dpi, progress))
    path.parent.mkdir(parents=True, exist_ok=True)
    if len(images) == 1:
        images[0].save(path, dpi=(dpi, dpi))
        return [path]
    written = []
    for item, image in zip(items, images, strict=True):
        safe = re.sub(r"[^\w.\-]+", "_", item.sku or item.code)
        target = path.with_name(f"{path.stem}-{safe}{path.suffix}")
        image.save(target, dpi=(dpi, dpi))
        written.append(target)
    return written
