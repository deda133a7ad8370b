"""The one receipt renderer: a ``ReceiptDocument`` laid out once, drawn two ways.

* **raster** (the default): the receipt drawn with the shipped DejaVu Sans font into a 1-bit image
  as wide as the paper (384 dots for 58 mm, 576 for 80 mm, less when the printer profile says so) and
  sent as ESC/POS raster images (``GS v 0``). Every printer that prints images prints correct
  Vietnamese this way; the on-screen preview is the very same image.
* **text**: the printer's own font, with a Vietnamese code page from the python-escpos printer
  profile: TCVN-3 (two tables: lower case in one, upper case in the other) or CP1258, which has the
  base letters â ê ô ơ ư ă đ but the five tone marks only as combining characters, so text is
  decomposed for them before encoding. Profiles that list neither print without diacritics.

The receipt-number code for returns is a Code 128 where it fits with its quiet zones at two dots a
module (80 mm), otherwise a QR code (58 mm); a VietQR for an unpaid transfer is a QR code.
"""

from __future__ import annotations

import copy
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

import barcode as python_barcode
import qrcode
from escpos.capabilities import CAPABILITIES, get_profile
from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.magicencode import Encoder, MagicEncode
from escpos.printer import Dummy
from PIL import Image, ImageDraw, ImageFont

from showroom_pos import package_data
from showroom_pos.core.money import format_vnd
from showroom_pos.core.receipt import (
    COPY_MARK,
    LABELS,
    DocumentKind,
    ReceiptDocument,
    Row,
    format_rate,
    format_time,
)
from showroom_pos.core.text import is_ascii_digits, nfc, strip_diacritics

PAPER_DOTS = {58: 384, 80: 576}
PAPER_COLUMNS = {58: 32, 80: 48}
CODE128_MODULE_DOTS = 2
QUIET_MODULES = 10
# GS v 0 bands: small enough for the receive buffer of cheap printers.
RASTER_BAND_ROWS = 256

NBSP = "\u00a0"
Mode = Literal["raster", "text"]
Align = Literal["left", "center", "right"]
Size = Literal["normal", "big", "small"]


class RenderError(ValueError):
    """A printer profile or setting that cannot render (unknown profile, paper width…)."""


@dataclass(frozen=True)
class RenderOptions:
    paper_mm: int = 80
    mode: Mode = "raster"
    profile: str = "default"
    codepage: str = "auto"  # auto | tcvn3 | cp1258 | ascii

    def __post_init__(self) -> None:
        if self.paper_mm not in PAPER_DOTS:
            raise RenderError(f"paper width must be 58 or 80 mm, not {self.paper_mm}")
        if self.mode not in ("raster", "text"):
            raise RenderError(f"print mode must be raster or text, not {self.mode}")
        if self.codepage not in ("auto", "tcvn3", "cp1258", "ascii"):
            raise RenderError(f"code page must be auto, tcvn3, cp1258 or ascii, not {self.codepage}")
        if self.profile not in CAPABILITIES["profiles"]:
            raise RenderError(f"unknown printer profile {self.profile}")


def available_profiles() -> list[tuple[str, str]]:
    """(key, "vendor name") of every python-escpos printer profile, default first."""
    profiles = CAPABILITIES["profiles"]
    keys = sorted(profiles, key=lambda k: (k != "default", k.lower()))
    return [(k, f"{profiles[k].get('vendor', '')} {profiles[k].get('name', k)}".strip()) for k in keys]


def _profile_number(data: dict[str, Any], *path: str) -> int | None:
    node: Any = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, int) else None


def paper_dots(options: RenderOptions) -> int:
    """Printable width in dots: 384/576, or the profile's own width when it is narrower (TM-T88V: 512)."""
    base = PAPER_DOTS[options.paper_mm]
    known = _profile_number(CAPABILITIES["profiles"][options.profile], "media", "width", "pixels")
    return min(base, known) if known else base


def text_columns(options: RenderOptions) -> int:
    """Characters per line in font A: the profile's count, at most 32 on 58 mm paper."""
    known = _profile_number(CAPABILITIES["profiles"][options.profile], "fonts", "0", "columns")
    if options.paper_mm == 58:
        return min(PAPER_COLUMNS[58], known) if known else PAPER_COLUMNS[58]
    return known or PAPER_COLUMNS[80]


def make_printer_profile(options: RenderOptions) -> Any:
    """The python-escpos profile with its media width filled in (python-escpos prints a warning on
    every image when a profile does not know its width)."""
    profile = get_profile(options.profile)
    data = copy.deepcopy(profile.profile_data)
    data.setdefault("media", {}).setdefault("width", {})["pixels"] = paper_dots(options)
    profile.profile_data = data
    return profile


def dummy_printer(options: RenderOptions) -> Dummy:
    """An ``escpos.printer.Dummy`` set up for ``options``: collects the bytes of a job."""
    printer = Dummy(profile=options.profile)
    printer.profile = make_printer_profile(options)
    return printer


# --- Vietnamese code pages -------------------------------------------------------------------------

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
# Printed instead of symbols no Vietnamese code page has.
TEXT_SUBSTITUTES = str.maketrans({
    "₫": "đ", "×": "x", "★": "*", "–": "-", "—": "-", "…": "...", "“": '"', "”": '"', "‘": "'", "’": "'",
    "\u00a0": " ",
})
# escpos-printer-db draws TCVN-3's capital Đ (0xA7 of the upper-case table) with the look-alike Ð.
TCVN_CAPITAL_D = "\u00d0"


def decompose_tones(text: str) -> str:
    """Split off the five Vietnamese tone marks, keep â ê ô ơ ư ă composed: ``ộ`` → ``ô`` + U+0323.

    This is how CP1258 writes Vietnamese: it has those base letters but the tone marks only as
    combining characters. NFC of the result is the original text.
    """
    out: list[str] = []
    for ch in nfc(text):
        parts = unicodedata.normalize("NFD", ch)
        tones = [c for c in parts if c in TONE_MARKS]
        if not tones:
            out.append(ch)
            continue
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS)) + "".join(tones))
    return "".join(out)


@dataclass(frozen=True)
class CodePagePlan:
    """Which Vietnamese code page this printer profile gets, and at which ``ESC t`` slots."""

    family: Literal["tcvn3", "cp1258", "ascii"]
    slots: dict[str, int]

    def describe(self) -> str:
        if self.family == "ascii":
            return "ASCII (không dấu)"
        names = {"TCVN-3-1": "TCVN-3", "TCVN-3-2": "TCVN-3 hoa", "CP1258": "CP1258"}
        return ", ".join(f"{names.get(k, k)} = {v}" for k, v in sorted(self.slots.items()))

    def prepare(self, text: str) -> str:
        """Text ready for the encoder: NFC, symbols replaced, tone marks split for CP1258."""
        text = nfc(text).translate(TEXT_SUBSTITUTES)
        if self.family == "cp1258":
            return decompose_tones(text)
        if self.family == "tcvn3":
            return text.replace("Đ", TCVN_CAPITAL_D)
        return strip_diacritics(text)

    def attach(self, printer: Escpos) -> None:
        """Give ``printer`` a python-escpos encoder limited to these code pages (fresh state: the next
        character selects its page with ``ESC t``)."""
        slots = {"CP437": 0} if self.family == "ascii" else dict(self.slots)
        printer.magic = MagicEncode(printer, encoder=Encoder(slots), defaultsymbol="?")


def code_page_plan(options: RenderOptions) -> CodePagePlan:
    """TCVN-3 when the profile lists both of its tables (precomposed letters print best), else CP1258,
    else plain ASCII without diacritics; ``options.codepage`` can insist on one."""
    listed: dict[str, int] = {}
    for slot, name in CAPABILITIES["profiles"][options.profile].get("codePages", {}).items():
        if is_ascii_digits(str(slot)) and (name not in listed or int(slot) < listed[name]):
            listed[name] = int(slot)
    tcvn: dict[str, int] = {k: listed[k] for k in ("TCVN-3-1", "TCVN-3-2") if k in listed}
    has_tcvn = len(tcvn) == 2
    has_cp1258 = "CP1258" in listed
    wanted = options.codepage
    if wanted in ("auto", "tcvn3") and has_tcvn:
        return CodePagePlan("tcvn3", tcvn)
    if wanted in ("auto", "cp1258") and has_cp1258:
        return CodePagePlan("cp1258", {"CP1258": listed["CP1258"]})
    if wanted == "tcvn3" and has_cp1258:
        return CodePagePlan("cp1258", {"CP1258": listed["CP1258"]})
    if wanted == "cp1258" and has_tcvn:
        return CodePagePlan("tcvn3", tcvn)
    return CodePagePlan("ascii", {})


# --- layout ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str
    align: Align = "left"
    bold: bool = False
    size: Size = "normal"


@dataclass(frozen=True)
class Pair:
    """A label on the left and an amount on the right of the same line."""

    left: str
    right: str
    bold: bool = False
    size: Size = "normal"


@dataclass(frozen=True)
class Rule:
    pass


@dataclass(frozen=True)
class Gap:
    lines: float = 0.5


@dataclass(frozen=True)
class Code:
    """The receipt number as Code 128 (or QR where Code 128 does not fit), with the number under it."""

    data: str


@dataclass(frozen=True)
class QR:
    data: str
    caption: str = ""


Block = Text | Pair | Rule | Gap | Code | QR


@dataclass(frozen=True)
class Symbols:
    """Raster receipts use the real symbols; text mode spells them with what every code page has."""

    text_safe: bool

    def money(self, amount: int) -> str:
        """Amounts never break across lines (a no-break space before the currency)."""
        formatted = format_vnd(amount).replace(" ", NBSP)
        return formatted.replace("₫", "đ") if self.text_safe else formatted

    def times(self) -> str:
        return "x" if self.text_safe else "×"

    def stars(self, stars: int | None) -> str:
        if not stars:
            return ""
        return f"({stars}{NBSP}sao)" if self.text_safe else "★" * stars


def layout(doc: ReceiptDocument, symbols: Symbols) -> list[Block]:
    """The document as a column of blocks, the same for every paper width and mode."""
    s = symbols
    blocks: list[Block] = [Text(doc.outlet_name, "center", bold=True, size="big")]
    if doc.outlet_address:
        blocks.append(Text(doc.outlet_address, "center"))
    if doc.tax_code:
        blocks.append(Text(f"{LABELS['tax_code']}: {doc.tax_code}", "center"))
    if doc.phone:
        blocks.append(Text(f"{LABELS['phone']}: {doc.phone}", "center"))
    blocks += [Rule(), Text(doc.title, "center", bold=True, size="big")]
    if doc.subtitle:
        blocks.append(Text(doc.subtitle, "center", bold=True))
    if doc.copy:
        blocks.append(Text(f"*** {COPY_MARK} ***", "center", bold=True))
    blocks.append(Text(f"{LABELS['number']}: {doc.number}"))
    blocks.append(Text(f"{LABELS['time']}: {format_time(doc.issued_at)}"))
    if doc.cashier:
        blocks.append(Text(f"{LABELS['cashier']}: {doc.cashier}"))
    blocks += [Text(note) for note in doc.notes]
    if doc.lines:
        blocks.append(Rule())
        for line in doc.lines:
            stars = s.stars(line.stars)
            blocks.append(Text(f"{line.name} {stars}" if stars else line.name, bold=True))
            blocks.append(Pair(f"  {line.quantity_text} {s.times()} {s.money(line.unit_price)}", s.money(line.amount)))
            if line.discount:
                blocks.append(Pair(f"  {LABELS['line_discount']}", s.money(-line.discount)))
    if doc.rows:
        blocks.append(Rule())
        blocks += [Pair(r.label, r.value, bold=r.bold) if r.value else Text(r.label, bold=r.bold) for r in doc.rows]
    if doc.kind in (DocumentKind.SALE, DocumentKind.PAYMENT_REQUEST, DocumentKind.VOID) and doc.lines:
        blocks.append(Rule())
        if doc.discount:
            blocks.append(Pair(LABELS["subtotal"], s.money(doc.subtotal)))
            blocks.append(Pair(LABELS["discount"], s.money(-doc.discount)))
        blocks.append(Pair(LABELS["total"], s.money(doc.total), bold=True, size="big"))
        if doc.vat:
            blocks.append(Text(LABELS["vat_included"], size="small"))
            blocks += [
                Pair("  " + LABELS["vat"].format(rate=format_rate(v.rate_bp)), s.money(v.vat), size="small")
                for v in doc.vat if v.rate_bp
            ]
        if doc.payments:
            blocks.append(Rule())
            if doc.cash_rounding:  # the exact total stays; the cash due was rounded, shown as its own line
                blocks.append(Pair(LABELS["cash_rounding"], s.money(doc.cash_rounding)))
                blocks.append(Pair(LABELS["to_pay_cash"], s.money(sum(p.amount for p in doc.payments
                                                                       if p.method == "cash")), bold=True))
            blocks += [Pair(p.name, s.money(p.tendered)) for p in doc.payments]
            if doc.change_due:
                blocks.append(Pair(LABELS["change"], s.money(doc.change_due), bold=True))
    blocks += [Text(line) for line in doc.after_totals]
    if doc.vietqr:
        blocks += [Gap(), QR(doc.vietqr, LABELS["vietqr"].format(amount=s.money(doc.vietqr_amount)))]
    for data, caption in doc.qr_codes:
        blocks += [Gap(), QR(data, caption)]
    if doc.code:
        blocks += [Gap(), Code(doc.code)]
    if doc.footer:
        blocks += [Gap(), Text(doc.footer, "center")]
    if doc.copy:
        blocks.append(Text(COPY_MARK, "center", bold=True))
    blocks.append(Gap(1))
    return blocks


def code128_modules(data: str) -> str:
    """The module pattern (``1`` = bar) of ``data`` as Code 128, from python-barcode."""
    return str(python_barcode.get_barcode_class("code128")(data).build()[0])


def code_fits_as_code128(data: str, width_dots: int) -> bool:
    return (len(code128_modules(data)) + 2 * QUIET_MODULES) * CODE128_MODULE_DOTS <= width_dots


def qr_matrix(data: str, error: int = qrcode.constants.ERROR_CORRECT_M) -> list[list[bool]]:
    """The QR code's modules without the quiet zone (the renderer adds its own)."""
    code = qrcode.QRCode(error_correction=error, border=0)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def pair_lines(left: str, right: str, fits: Any, gap: str) -> list[str | None]:
    """Wrap ``left`` to whole lines; ``right`` goes at the end of its last line when it fits there
    (``gap`` apart). A trailing None means ``right`` needs a line of its own, right-aligned."""
    lines: list[str | None] = list(wrap(left, fits))
    return lines if fits(f"{lines[-1]}{gap}{right}") else [*lines, None]


# --- raster ----------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def font(size_px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    shipped = (package_data.path("resources", "fonts", "DejaVuSans-Bold.ttf") if bold
               else package_data.path("resources", "fonts", "DejaVuSans.ttf"))
    return ImageFont.truetype(str(shipped), size_px)


def _font_sizes(width: int) -> dict[str, int]:
    base = 20 if width < 480 else 24
    return {"normal": base, "big": round(base * 1.35), "small": round(base * 0.85)}


def wrap(text: str, fits: Any) -> list[str]:
    """Greedy word wrap keeping the text's indent; ``fits(candidate)`` says whether a line fits.
    Words longer than a line are cut."""
    body = text.lstrip(" ")
    indent = text[: len(text) - len(body)]
    if indent and not fits(indent + "W"):
        indent = ""
    lines: list[str] = []
    current = ""
    for word in body.split(" "):
        candidate = f"{current} {word}" if current else word
        if fits(indent + candidate):
            current = candidate
            continue
        if current:
            lines.append(indent + current)
        while word and not fits(indent + word):
            cut = next((i for i in range(len(word) - 1, 0, -1) if fits(indent + word[:i])), 1)
            lines.append(indent + word[:cut])
            word = word[cut:]
        current = word
    lines.append(indent + current)
    return lines


class _Canvas:
    """A growing column of greyscale strips, white background."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.strips: list[Image.Image] = []

    def strip(self, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        image = Image.new("L", (self.width, max(1, height)), 255)
        self.strips.append(image)
        return image, ImageDraw.Draw(image)

    def bitmap(self) -> Image.Image:
        """The strips made 1-bit one by one into one image: a whole greyscale copy is never held."""
        height = sum(s.height for s in self.strips)
        out = Image.new("1", (self.width, max(1, height)), 1)
        y = 0
        for s in self.strips:
            out.paste(_to_bitmap(s), (0, y))
            y += s.height
        return out


def _draw_text_lines(canvas: _Canvas, lines: list[str], face: ImageFont.FreeTypeFont, align: Align,
                     margin: int) -> None:
    ascent, descent = face.getmetrics()
    line_height = ascent + descent + 2
    for line in lines:
        _, draw = canvas.strip(line_height)
        width = face.getlength(line)
        x = {"left": margin, "center": (canvas.width - width) / 2, "right": canvas.width - margin - width}[align]
        draw.text((x, 1), line, font=face, fill=0)


def _draw_modules(draw: ImageDraw.ImageDraw, x0: int, y0: int, pattern: str, module: int, height: int) -> None:
    for i, bit in enumerate(pattern):
        if bit == "1":
            draw.rectangle([x0 + i * module, y0, x0 + (i + 1) * module - 1, y0 + height - 1], fill=0)


def _draw_qr(canvas: _Canvas, data: str, max_fraction: float = 0.6, min_module: int = 3) -> None:
    matrix = qr_matrix(data)
    n = len(matrix)
    module = max(min_module, min(8, int(canvas.width * max_fraction) // (n + 8)))
    size = (n + 8) * module
    if size > canvas.width:
        raise RenderError("QR code wider than the paper")
    _, draw = canvas.strip(size)
    x0 = (canvas.width - n * module) // 2
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                draw.rectangle([x0 + c * module, (r + 4) * module, x0 + (c + 1) * module - 1,
                                (r + 5) * module - 1], fill=0)


def _draw_code(canvas: _Canvas, data: str) -> None:
    """The receipt number: Code 128 at two dots a module where it fits with its quiet zones, else QR."""
    if code_fits_as_code128(data, canvas.width):
        pattern = code128_modules(data)
        _, draw = canvas.strip(72 + 8)
        x0 = (canvas.width - len(pattern) * CODE128_MODULE_DOTS) // 2
        _draw_modules(draw, x0, 4, pattern, CODE128_MODULE_DOTS, 72)
    else:
        _draw_qr(canvas, data, max_fraction=0.45, min_module=4)


def render_raster(doc: ReceiptDocument, options: RenderOptions) -> Image.Image:
    """The receipt as a 1-bit image exactly as wide as the printable paper: what is printed and previewed."""
    width = paper_dots(options)
    sizes = _font_sizes(width)
    margin = 4
    canvas = _Canvas(width)
    for block in layout(doc, Symbols(text_safe=False)):
        if isinstance(block, Text):
            face = font(sizes[block.size], block.bold)
            lines = wrap(block.text, lambda t, f=face: f.getlength(t) <= width - 2 * margin)
            _draw_text_lines(canvas, lines, face, block.align, margin)
        elif isinstance(block, Pair):
            face = font(sizes[block.size], block.bold)
            room = width - 2 * margin
            paired = pair_lines(block.left, block.right, lambda t, f=face, r=room: f.getlength(t) <= r, "  ")
            _draw_text_lines(canvas, [t for t in paired if t is not None], face, "left", margin)
            if paired[-1] is None:
                _draw_text_lines(canvas, [block.right], face, "right", margin)
            else:
                last = canvas.strips[-1]
                ImageDraw.Draw(last).text((width - margin - face.getlength(block.right), 1), block.right,
                                          font=face, fill=0)
        elif isinstance(block, Rule):
            _, draw = canvas.strip(12)
            for x in range(margin, width - margin, 8):
                draw.rectangle([x, 5, min(x + 4, width - margin), 6], fill=0)
        elif isinstance(block, Gap):
            canvas.strip(int(sizes["normal"] * 1.2 * block.lines))
        elif isinstance(block, Code):
            _draw_code(canvas, block.data)
            _draw_text_lines(canvas, [block.data], font(sizes["normal"]), "center", margin)
        elif isinstance(block, QR):
            if block.caption:
                face = font(sizes["normal"], True)
                lines = wrap(block.caption, lambda t, f=face: f.getlength(t) <= width - 2 * margin)
                _draw_text_lines(canvas, lines, face, "center", margin)
            _draw_qr(canvas, block.data)
    return canvas.bitmap()


def _to_bitmap(grey: Image.Image) -> Image.Image:
    """Greyscale to 1-bit with a fixed threshold: crisp text on thermal paper (no dithering)."""
    return grey.point(lambda v: 255 if v >= 150 else 0).convert("1")


def write_raster(printer: Escpos, image: Image.Image) -> None:
    """Send a 1-bit image as ``GS v 0`` bands through python-escpos.

    Band by band: python-escpos converts what it is given to RGBA and RGB before it splits it, which for a
    whole 40-line receipt (576 × 3,700 dots) held ~22 MB at once; a band of 256 rows holds ~1.5 MB. The
    bytes are the same as its own splitting gives."""
    for top in range(0, image.height, RASTER_BAND_ROWS):
        band = image.crop((0, top, image.width, min(top + RASTER_BAND_ROWS, image.height)))
        printer.image(band, impl="bitImageRaster", fragment_height=RASTER_BAND_ROWS, center=False)


# --- text ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextLine:
    """One printed line in text mode: its characters (before code-page preparation) and style."""

    text: str
    align: Align = "left"
    bold: bool = False
    size: Size = "normal"


@dataclass(frozen=True)
class TextCode:
    data: str
    kind: Literal["code128", "qr"]
    caption: str = ""


def _text_layout(doc: ReceiptDocument, options: RenderOptions) -> list[TextLine | TextCode]:
    """Lines of at most ``text_columns`` characters. "big" is double height only, so that the
    column count stays the same."""
    columns = text_columns(options)

    def fits(t: str) -> bool:
        return len(t) <= columns

    def line(text: str, align: Align = "left", bold: bool = False, size: Size = "normal") -> TextLine:
        return TextLine(text.replace(NBSP, " "), align, bold, size)

    out: list[TextLine | TextCode] = []
    for block in layout(doc, Symbols(text_safe=True)):
        if isinstance(block, Text):
            out += [line(t, block.align, block.bold, block.size) for t in wrap(block.text, fits)]
        elif isinstance(block, Pair):
            lines = pair_lines(block.left, block.right, fits, " ")
            if lines[-1] is None:
                texts = [t for t in lines if t is not None] + [" " * (columns - len(block.right)) + block.right]
            else:
                last = lines[-1]
                texts = [t for t in lines[:-1] if t is not None]
                texts.append(last + " " * (columns - len(last) - len(block.right)) + block.right)
            out += [line(t, "left", block.bold, block.size) for t in texts]
        elif isinstance(block, Rule):
            out.append(line("-" * columns))
        elif isinstance(block, Gap):
            out += [line("")] * max(1, round(block.lines))
        elif isinstance(block, Code):
            kind: Literal["code128", "qr"] = (
                "code128" if code_fits_as_code128(block.data, paper_dots(options)) else "qr")
            out.append(TextCode(block.data, kind))
            out.append(line(block.data, "center"))
        elif isinstance(block, QR):
            if block.caption:
                out += [line(t, "center", True) for t in wrap(block.caption, fits)]
            out.append(TextCode(block.data, "qr"))
    return out


def text_lines(doc: ReceiptDocument, options: RenderOptions) -> list[str]:
    """The lines text mode prints, as text: what a decoder of the printer's bytes must read back."""
    return [item.text for item in _text_layout(doc, options) if isinstance(item, TextLine)]


def write_text(printer: Escpos, doc: ReceiptDocument, options: RenderOptions) -> None:
    """Print ``doc`` in the printer's font with its Vietnamese code page."""
    plan = code_page_plan(options)
    plan.attach(printer)
    supports = printer.profile.supports
    for item in _text_layout(doc, options):
        if isinstance(item, TextCode):
            printer.set(align="center")
            if item.kind == "code128" and supports("barcodeB"):
                # The hardware renderer directly: Escpos.barcode() prints its choice on stdout.
                printer._hw_barcode("{B" + item.data, "CODE128", height=64, width=CODE128_MODULE_DOTS, pos="OFF",
                                    font="A", align_ct=True, function_type="B")
            elif item.kind == "qr" and supports("qrCode"):
                printer.qr(item.data, ec=QR_ECLEVEL_M, size=5 if options.paper_mm == 80 else 4, native=True)
            else:  # the printer draws neither: the same picture as in raster mode
                canvas = _Canvas(paper_dots(options))
                if item.kind == "qr":
                    _draw_qr(canvas, item.data)
                else:
                    _draw_code(canvas, item.data)
                write_raster(printer, canvas.bitmap())
            continue
        big = item.size == "big"
        printer.set(align=item.align, bold=item.bold, double_height=big, normal_textsize=not big)
        printer.text(plan.prepare(item.text) + "\n")
    printer.set(align="left", bold=False, normal_textsize=True)


# --- documents -------------------------------------------------------------------------------------


def write_document(printer: Escpos, doc: ReceiptDocument, options: RenderOptions) -> None:
    """Initialise the printer and print ``doc`` in ``options.mode`` (no cut: the caller ends the job)."""
    printer.hw("INIT")
    if options.mode == "raster":
        write_raster(printer, render_raster(doc, options))
    else:
        write_text(printer, doc, options)


def document_bytes(doc: ReceiptDocument, options: RenderOptions) -> bytes:
    printer = dummy_printer(options)
    write_document(printer, doc, options)
    return bytes(printer.output)


VIETNAMESE_SAMPLE = (
    "a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ",
    "e è é ẻ ẽ ẹ ê ề ế ể ễ ệ i ì í ỉ ĩ ị",
    "o ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ",
    "u ù ú ủ ũ ụ ư ừ ứ ử ữ ự y ỳ ý ỷ ỹ ỵ",
    "A À Á Ả Ã Ạ Ă Ằ Ắ Ẳ Ẵ Ặ Â Ầ Ấ Ẩ Ẫ Ậ",
    "Ê Ề Ế Ể Ễ Ệ Ô Ồ Ố Ổ Ỗ Ộ Ơ Ờ Ớ Ở Ỡ Ợ",
    "Ư Ừ Ứ Ử Ữ Ự Y Ỳ Ý Ỷ Ỹ Ỵ đ Đ",
    "Mắm tôm chà Gò Công, trà mãng cầu xiêm",
)


def trial_page_document(outlet_name: str, options: RenderOptions, *, section: Mode, issued_at: Any,
                       number: str = "TEST") -> ReceiptDocument:
    """One half of the test page: the same Vietnamese sample in raster or in text mode."""
    plan = code_page_plan(options)
    if section == "raster":
        heading = "1. CHẾ ĐỘ ẢNH (raster)"
        how = f"Khổ {options.paper_mm} mm, {paper_dots(options)} điểm, phông DejaVu Sans"
    else:
        heading = "2. CHẾ ĐỘ CHỮ (text)"
        how = f"Bảng mã: {plan.describe()}, {text_columns(options)} ký tự/dòng"
    rows: list[Row] = [Row(heading, bold=True), Row(how), Row(f"Máy in: {options.profile}")]
    rows += [Row(line) for line in VIETNAMESE_SAMPLE]
    rows.append(Row("Giá", format_vnd(125_000)))
    rows.append(Row("Nếu mọi dấu ở trên đều đúng, chọn chế độ này trong Cài đặt máy in."))
    return ReceiptDocument(kind=DocumentKind.TEST_PAGE, outlet_name=outlet_name, number=number,
                           issued_at=issued_at, rows=tuple(rows), code=number)


def trial_page_documents(outlet_name: str, options: RenderOptions,
                         issued_at: Any) -> list[tuple[ReceiptDocument, RenderOptions]]:
    """The test page prints the sample twice, raster then text, whatever mode is chosen."""
    raster = replace(options, mode="raster")
    text = replace(options, mode="text")
    return [
        (trial_page_document(outlet_name, raster, section="raster", issued_at=issued_at), raster),
        (trial_page_document(outlet_name, text, section="text", issued_at=issued_at), text),
    ]

