"""A small PDF writer for reports: real text in an embedded TrueType font, lines and filled boxes.

Why not Qt (``QPdfWriter``)? Services never import Qt, and the CLI must export without a display.
Why not Pillow? A picture of a page cannot be searched, copied into a spreadsheet or read by a screen
reader, and is ten times bigger. Why not a library (reportlab, fpdf2)? Reports need about 400 lines of
PDF, and the one hard part — Vietnamese — is just "embed a Unicode TrueType font": a Type 0 font with
Identity-H encoding, glyph ids written as hex, a ToUnicode map so text copies out correctly, and a
subset of the font (unused glyph outlines emptied) so the file stays small.

Any TrueType font with outlines in ``glyf`` works (DejaVu Sans, Noto Sans, Arial, Tahoma);
CFF-flavoured OpenType (``.otf``) is refused.
"""

from __future__ import annotations

import struct
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

KEEP_TABLES = (b"OS/2", b"cmap", b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"prep")


class FontError(ValueError):
    pass


class TrueTypeFont:
    """What the writer needs from a .ttf: character → glyph, advance widths, metrics, and a subset."""

    def __init__(self, data: bytes, name: str = "Font") -> None:
        self.data = data
        self.name = "".join(ch for ch in name if ch.isalnum()) or "Font"
        if data[:4] not in (b"\x00\x01\x00\x00", b"true"):
            raise FontError("not a TrueType font with glyf outlines")
        count = struct.unpack(">H", data[4:6])[0]
        self.tables: dict[bytes, tuple[int, int]] = {}
        for i in range(count):
            tag, _checksum, offset, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
            self.tables[tag] = (offset, length)
        for needed in (b"head", b"hhea", b"hmtx", b"maxp", b"cmap", b"loca", b"glyf"):
            if needed not in self.tables:
                raise FontError(f"the font has no {needed.decode()} table")
        head = self.table(b"head")
        self.units_per_em = struct.unpack(">H", head[18:20])[0]
        self.bbox = struct.unpack(">hhhh", head[36:44])
        self.long_loca = struct.unpack(">h", head[50:52])[0] == 1
        hhea = self.table(b"hhea")
        self.ascent, self.descent = struct.unpack(">hh", hhea[4:8])
        metrics_count = struct.unpack(">H", hhea[34:36])[0]
        self.glyph_count = struct.unpack(">H", self.table(b"maxp")[4:6])[0]
        hmtx = self.table(b"hmtx")
        advances = [struct.unpack(">H", hmtx[4 * i: 4 * i + 2])[0] for i in range(metrics_count)]
        self.advances = advances + [advances[-1]] * (self.glyph_count - metrics_count)
        self.cap_height = self.ascent
        if b"OS/2" in self.tables:
            os2 = self.table(b"OS/2")
            if len(os2) >= 90 and struct.unpack(">H", os2[0:2])[0] >= 2:
                self.cap_height = struct.unpack(">h", os2[88:90])[0]
        self.cmap = self._read_cmap()

    @classmethod
    def load(cls, path: Path) -> TrueTypeFont:
        return cls(path.read_bytes(), path.stem)

    def table(self, tag: bytes) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset: offset + length]

    def _read_cmap(self) -> dict[int, int]:
        cmap = self.table(b"cmap")
        count = struct.unpack(">H", cmap[2:4])[0]
        records = [struct.unpack(">HHI", cmap[4 + 8 * i: 12 + 8 * i]) for i in range(count)]
        chosen = None
        for wanted in ((3, 10), (0, 4), (3, 1), (0, 3)):
            for platform, encoding, offset in records:
                if (platform, encoding) == wanted:
                    chosen = offset
                    break
            if chosen is not None:
                break
        if chosen is None:
            raise FontError("the font has no Unicode character map")
        fmt = struct.unpack(">H", cmap[chosen: chosen + 2])[0]
        mapping: dict[int, int] = {}
        if fmt == 4:
            seg2 = struct.unpack(">H", cmap[chosen + 6: chosen + 8])[0]
            base = chosen + 14
            ends = struct.unpack(f">{seg2 // 2}H", cmap[base: base + seg2])
            starts = struct.unpack(f">{seg2 // 2}H", cmap[base + seg2 + 2: base + 2 * seg2 + 2])
            deltas = struct.unpack(f">{seg2 // 2}h", cmap[base + 2 * seg2 + 2: base + 3 * seg2 + 2])
            range_at = base + 3 * seg2 + 2
            offsets = struct.unpack(f">{seg2 // 2}H", cmap[range_at: range_at + seg2])
            for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
                for code in range(start, end + 1):
                    if code == 0xFFFF:
                        continue
                    if offsets[i] == 0:
                        glyph = (code + deltas[i]) & 0xFFFF
                    else:
                        at = range_at + 2 * i + offsets[i] + 2 * (code - start)
                        glyph = struct.unpack(">H", cmap[at: at + 2])[0]
                        if glyph:
                            glyph = (glyph + deltas[i]) & 0xFFFF
                    if glyph:
                        mapping[code] = glyph
        elif fmt == 12:
            groups = struct.unpack(">I", cmap[chosen + 12: chosen + 16])[0]
            for g in range(groups):
                start, end, glyph = struct.unpack(">III", cmap[chosen + 16 + 12 * g: chosen + 28 + 12 * g])
                for code in range(start, end + 1):
                    mapping[code] = glyph + code - start
        else:
            raise FontError(f"unsupported character map format {fmt}")
        return mapping

    def glyphs(self, text: str) -> list[tuple[int, str]]:
        """(glyph id, the text it stands for) for each character; missing characters fall back to their
        decomposition's base letter, then to glyph 0."""
        out = []
        for ch in unicodedata.normalize("NFC", text):
            glyph = self.cmap.get(ord(ch))
            if glyph is None:
                base = unicodedata.normalize("NFD", ch)[0]
                glyph = self.cmap.get(ord(base), 0)
            out.append((glyph, ch))
        return out

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` at ``size`` points."""
        return sum(self.advances[g] for g, _ in self.glyphs(text)) * size / self.units_per_em

    def _locations(self) -> list[int]:
        loca = self.table(b"loca")
        n = self.glyph_count + 1
        if self.long_loca:
            return list(struct.unpack(f">{n}I", loca[: 4 * n]))
        return [2 * v for v in struct.unpack(f">{n}H", loca[: 2 * n])]

    def subset(self, used: set[int]) -> bytes:
        """The font with every glyph outline not in ``used`` (or their components) emptied.

        Glyph ids stay the same, so the PDF can address glyphs directly (CIDToGIDMap Identity)."""
        glyf = self.table(b"glyf")
        locations = self._locations()
        keep = set(used) | {0}
        todo = list(keep)
        while todo:  # composite glyphs draw other glyphs
            gid = todo.pop()
            start, end = locations[gid], locations[gid + 1]
            if end - start >= 10 and struct.unpack(">h", glyf[start: start + 2])[0] < 0:
                at = start + 10
                while True:
                    flags, component = struct.unpack(">HH", glyf[at: at + 4])
                    if component not in keep:
                        keep.add(component)
                        todo.append(component)
                    at += 4 + (4 if flags & 0x0001 else 2)
                    if flags & 0x0008:
                        at += 2
                    elif flags & 0x0040:
                        at += 4
                    elif flags & 0x0080:
                        at += 8
                    if not flags & 0x0020:
                        break
        new_glyf = bytearray()
        new_loca = []
        for gid in range(self.glyph_count):
            new_loca.append(len(new_glyf))
            if gid in keep:
                new_glyf += glyf[locations[gid]: locations[gid + 1]]
                new_glyf += b"\0" * (-len(new_glyf) % 4)
        new_loca.append(len(new_glyf))
        head = bytearray(self.table(b"head"))
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, not needed inside a PDF
        head[50:52] = struct.pack(">h", 1)  # long offsets
        tables = {tag: self.table(tag) for tag in KEEP_TABLES if tag in self.tables}
        tables[b"head"] = bytes(head)
        tables[b"glyf"] = bytes(new_glyf)
        tables[b"loca"] = struct.pack(f">{len(new_loca)}I", *new_loca)
        return _sfnt(tables)


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _sfnt(tables: dict[bytes, bytes]) -> bytes:
    tags = sorted(tables)
    count = len(tags)
    power = 1
    while power * 2 <= count:
        power *= 2
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    offset = 12 + 16 * count
    directory, body = b"", b""
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return header + directory + body


# --- the document -----------------------------------------------------------------------------------


@dataclass
class _FontUse:
    font: TrueTypeFont
    used: dict[int, str] = field(default_factory=dict)


class PdfDocument:
    """Pages of text, lines and boxes in points (1/72 in), origin at the top left."""

    def __init__(self, fonts: dict[str, TrueTypeFont], width: float = 842.0, height: float = 595.0,
                 title: str = "", author: str = "") -> None:
        self.width, self.height = width, height
        self.fonts = {key: _FontUse(font) for key, font in fonts.items()}
        self.pages: list[list[str]] = []
        self.title, self.author = title, author

    def new_page(self) -> None:
        self.pages.append([])

    def _ops(self, page: int | None = None) -> list[str]:
        if not self.pages:
            self.new_page()
        return self.pages[-1 if page is None else page]

    def text(self, x: float, y: float, text: str, size: float, font: str = "regular",
             gray: float = 0.0, page: int | None = None) -> None:
        """Text with its baseline at ``y`` points from the top (on the last page, or page number ``page``)."""
        use = self.fonts[font]
        hexes = []
        for glyph, ch in use.font.glyphs(text):
            use.used.setdefault(glyph, ch)
            hexes.append(f"{glyph:04X}")
        self._ops(page).append(f"BT {gray:.2f} g /{font} {size:.2f} Tf {x:.2f} {self.height - y:.2f} Td "
                           f"<{''.join(hexes)}> Tj ET")

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5, gray: float = 0.0) -> None:
        self._ops().append(f"{gray:.2f} G {width:.2f} w {x1:.2f} {self.height - y1:.2f} m "
                           f"{x2:.2f} {self.height - y2:.2f} l S")

    def box(self, x: float, y: float, w: float, h: float, gray: float = 0.9,
            rgb: tuple[float, float, float] | None = None) -> None:
        """A filled rectangle whose top-left corner is at (x, y)."""
        fill = f"{rgb[0]:.3f} {rgb[1]:.3f} {rgb[2]:.3f} rg" if rgb else f"{gray:.2f} g"
        self._ops().append(f"{fill} {x:.2f} {self.height - y - h:.2f} {w:.2f} {h:.2f} re f")

    def to_bytes(self) -> bytes:
        objects: list[bytes] = []

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        def stream(data: bytes, extra: str = "") -> int:
            packed = zlib.compress(data, 9)
            return add(f"<< /Length {len(packed)} /Filter /FlateDecode{extra} >>\nstream\n".encode()
                       + packed + b"\nendstream")

        catalog = add(b"")  # filled in below
        pages_id = add(b"")
        font_refs = []
        for key, use in self.fonts.items():
            font_refs.append(f"/{key} {self._font_objects(use, add, stream)} 0 R")
        resources = f"<< /Font << {' '.join(font_refs)} >> >>"
        kids = []
        for ops in self.pages or [[]]:
            content = stream("\n".join(ops).encode("ascii"))
            kids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {self.width:.0f} "
                            f"{self.height:.0f}] /Resources {resources} /Contents {content} 0 R >>".encode()))
        objects[pages_id - 1] = (f"<< /Type /Pages /Count {len(kids)} /Kids ["
                                 + " ".join(f"{k} 0 R" for k in kids) + "] >>").encode()
        objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
        info = add(f"<< /Title {_pdf_text(self.title)} /Author {_pdf_text(self.author)} "
                   "/Producer (OCOP Showroom POS) >>".encode())
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
        out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
        out += (f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>\n"
                f"startxref\n{xref}\n%%EOF\n").encode()
        return bytes(out)

    def _font_objects(self, use: _FontUse, add: Callable[[bytes], int], stream: Callable[..., int]) -> int:
        font = use.font
        scale = 1000 / font.units_per_em
        base = f"AAAAAA+{font.name}"
        data = font.subset(set(use.used))
        file_id = stream(data, f" /Length1 {len(data)}")
        bbox = " ".join(str(round(v * scale)) for v in font.bbox)
        descriptor = add(
            f"<< /Type /FontDescriptor /FontName /{base} /Flags 32 /FontBBox [{bbox}] /ItalicAngle 0 "
            f"/Ascent {round(font.ascent * scale)} /Descent {round(font.descent * scale)} "
            f"/CapHeight {round(font.cap_height * scale)} /StemV 80 /FontFile2 {file_id} 0 R >>".encode())
        widths = " ".join(f"{g} [{round(font.advances[g] * scale)}]" for g in sorted(use.used))
        cid_font = add(
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{base} /CIDSystemInfo << /Registry (Adobe) "
            f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /DW 500 "
            f"/W [{widths}] /CIDToGIDMap /Identity >>".encode())
        to_unicode = stream(_to_unicode(use.used))
        return add(
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{base} /Encoding /Identity-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>".encode())


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode(used: dict[int, str]) -> bytes:
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(used.items())
    for at in range(0, len(items), 100):
        chunk = items[at: at + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{g:04X}> <{_utf16_hex(ch)}>" for g, ch in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _pdf_text(text: str) -> str:
    """A PDF text string (UTF-16 with a byte order mark, so Vietnamese titles show in viewers)."""
    return f"<FEFF{_utf16_hex(text)}>"
