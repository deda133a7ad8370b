"""An ESC/POS decoder for the receipt tests, written from the command reference and independent of the
renderer: it follows ``ESC t`` code-page switches through the printer profile's tables (python-escpos's
printer database) or Python's codecs, rebuilds ``GS v 0`` raster images, and collects barcodes, QR
codes, drawer kicks and cuts. Unknown commands fail loudly, so a stray byte cannot hide in a receipt.

The other receipt tests import it (``from test_receipt_decoder import decode``); its own tests below
check it against byte strings written by hand.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from escpos.capabilities import CAPABILITIES
from PIL import Image, ImageOps

ESC, GS = 0x1B, 0x1D


def _table(name: str) -> dict[int, str]:
    """Byte → character for the upper half of a code page."""
    encoding = CAPABILITIES["encodings"][name]
    if "data" in encoding:
        chars = "".join(encoding["data"])
        # The printer database draws TCVN-3's capital Đ (0xA7) with the look-alike Ð (U+00D0).
        return {0x80 + i: ("Đ" if c == "\u00d0" else c) for i, c in enumerate(chars) if c != " "}
    codec = encoding["python_encode"]
    out = {}
    for b in range(0x80, 0x100):
        with contextlib.suppress(UnicodeDecodeError):
            out[b] = bytes([b]).decode(codec)
    return out


@dataclass
class Decoded:
    lines: list[str] = field(default_factory=list)
    images: list[Image.Image] = field(default_factory=list)
    barcodes: list[tuple[int, bytes]] = field(default_factory=list)
    qr_codes: list[bytes] = field(default_factory=list)
    drawer_kicks: list[tuple[int, int, int]] = field(default_factory=list)
    cuts: int = 0
    code_pages: list[int] = field(default_factory=list)
    inits: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def decode(data: bytes, profile: str = "default") -> Decoded:
    pages = CAPABILITIES["profiles"][profile]["codePages"]
    out = Decoded()
    page = 0
    tables: dict[int, dict[int, str]] = {}
    line: list[str] = []
    band_run: list[Image.Image] = []

    def flush_images() -> None:
        if band_run:
            width = max(b.width for b in band_run)
            image = Image.new("L", (width, sum(b.height for b in band_run)), 255)
            y = 0
            for band in band_run:
                image.paste(band, (0, y))
                y += band.height
            out.images.append(image)
            band_run.clear()

    def char(byte: int) -> str:
        if byte < 0x80:
            return chr(byte)
        if page not in tables:
            tables[page] = _table(pages[str(page)])
        if byte not in tables[page]:
            raise AssertionError(f"byte {byte:#x} has no character in code page {page} ({pages[str(page)]})")
        return tables[page][byte]

    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b == 0x0A:
            flush_images()
            out.lines.append(unicodedata.normalize("NFC", "".join(line)))
            line = []
            i += 1
        elif b == ESC:
            cmd = data[i + 1]
            if cmd == ord("@"):
                page = 0
                out.inits += 1
                i += 2
            elif cmd == ord("t"):
                page = data[i + 2]
                out.code_pages.append(page)
                i += 3
            elif cmd in b"aE!M-G{3":
                i += 3
            elif cmd == ord("2"):
                i += 2
            elif cmd == ord("d"):
                flush_images()
                if line:
                    out.lines.append(unicodedata.normalize("NFC", "".join(line)))
                    line = []
                i += 3
            elif cmd == ord("p"):
                out.drawer_kicks.append((data[i + 2], data[i + 3], data[i + 4]))
                i += 5
            else:
                raise AssertionError(f"unknown command ESC {cmd:#x} at {i}")
        elif b == GS:
            cmd = data[i + 1]
            if cmd == ord("v") and data[i + 2] == ord("0"):
                width_bytes = data[i + 4] | data[i + 5] << 8
                height = data[i + 6] | data[i + 7] << 8
                start = i + 8
                raw = data[start:start + width_bytes * height]
                assert len(raw) == width_bytes * height, "truncated raster image"
                band = Image.frombytes("1", (width_bytes * 8, height), raw)
                band_run.append(ImageOps.invert(band.convert("L")))  # ESC/POS: 1 = black dot
                i = start + width_bytes * height
            elif cmd == ord("V"):
                out.cuts += 1
                i += 3 if data[i + 2] in (0, 1, 48, 49) else 4
            elif cmd == ord("k"):
                m = data[i + 2]
                if m <= 6:
                    end = data.index(0, i + 3)
                    out.barcodes.append((m, data[i + 3:end]))
                    i = end + 1
                else:
                    length = data[i + 3]
                    out.barcodes.append((m, data[i + 4:i + 4 + length]))
                    i += 4 + length
            elif cmd in b"hwHfB!":
                i += 3
            elif cmd == ord("(") and data[i + 2] in b"kL":
                length = data[i + 3] | data[i + 4] << 8
                body = data[i + 5:i + 5 + length]
                if data[i + 2] == ord("k") and body[:2] == b"1P":
                    out.qr_codes.append(body[3:])
                i += 5 + length
            else:
                raise AssertionError(f"unknown command GS {cmd:#x} at {i}")
        elif b < 0x20:
            raise AssertionError(f"unexpected control byte {b:#x} at {i}")
        else:
            line.append(char(b))
            i += 1
    flush_images()
    if line:
        out.lines.append(unicodedata.normalize("NFC", "".join(line)))
    return out


def zbar(image: Image.Image | Path, tmp_path: Path, name: str = "scan.png") -> list[str]:
    """What zbarimg (an independent decoder) reads in an image: ``["CODE-128:…", "QR-Code:…"]``."""
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg is missing: apt-get install zbar-tools")
    path = image if isinstance(image, Path) else tmp_path / name
    if isinstance(image, Image.Image):
        image.save(path)
    result = subprocess.run(["zbarimg", "--quiet", str(path)], capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line]


# --- the decoder's own tests -------------------------------------------------------------------------


def test_decoder_follows_tcvn3_tables_and_cp1258_combining_marks() -> None:
    # "Điểm" in TCVN-3: Đ (upper-case table 31, 0xA7), "i", "ể" (lower-case table 30), "m".
    tcvn = bytes([ESC, ord("t"), 31, 0xA7, ESC, ord("t"), 30]) + b"i" + bytes([0xD3]) + b"m\n"
    assert decode(tcvn).lines == ["Điểm"]
    # "Điểm" in CP1258 (52): Đ = 0xD0, ê = 0xEA, combining hook above = 0xD2.
    cp1258 = bytes([ESC, ord("t"), 52, 0xD0]) + b"i" + bytes([0xEA, 0xD2]) + b"m\n"
    assert decode(cp1258).lines == ["Điểm"]


def test_decoder_rebuilds_raster_images_and_rejects_unknown_commands() -> None:
    band = bytes([GS, ord("v"), ord("0"), 0, 1, 0, 2, 0, 0b10000000, 0b00000001])
    decoded = decode(band)
    assert len(decoded.images) == 1
    image = decoded.images[0]
    assert image.size == (8, 2)
    assert image.getpixel((0, 0)) == 0 and image.getpixel((1, 0)) == 255 and image.getpixel((7, 1)) == 0
    with pytest.raises(AssertionError, match="unknown command"):
        decode(bytes([ESC, ord("Z"), 0]))
    with pytest.raises(AssertionError, match="no character"):
        decode(bytes([ESC, ord("t"), 30, 0x80]))
