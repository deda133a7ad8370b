"""Product photos hosted by the province: checked, re-encoded and served from its own address.

An uploaded image is opened with Pillow (anything it cannot read is refused), turned upright from its
EXIF orientation, stripped of its metadata (GPS positions of a producer's farm stay private) and
stored as a JPEG of at most ``MAX_SIDE`` pixels plus a small copy for the catalogue's list. Only the
re-encoded bytes are ever served, so an uploaded file can never be served as something else.

Files are named after the product: ``<ref>.jpg`` is its first photo, ``<ref>@2.jpg`` its second (up to
``MAX_PHOTOS``); a GTIN or a catalogue SKU can stand for the ref. A ZIP of such files loads many at once.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .models import CatalogueProduct, utcnow
from .programme_models import CataloguePhoto

MAX_PHOTOS = 5
MAX_SIDE = 1200
SMALL_SIDE = 360
MAX_PIXELS = 40_000_000
MAX_FILE = 15 * 1024 * 1024
MAX_ZIP_ENTRIES = 5_000
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff")
_NAME_RE = re.compile(r"^(?P<ref>.+?)(?:@(?P<n>[1-9]))?$")


class PhotoRejected(ValueError):
    pass


@dataclass
class PhotoImport:
    stored: list[tuple[str, int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def encode(data: bytes) -> tuple[bytes, bytes, int, int]:
    """(JPEG, small JPEG, width, height) of an image file's bytes; ``PhotoRejected`` when it is not one."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_FILE:
        raise PhotoRejected(f"larger than {MAX_FILE // (1024 * 1024)} MB")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise PhotoRejected(f"{width}×{height} pixels is too large")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            upright = ImageOps.exif_transpose(image) or image
            if upright.mode in ("RGBA", "LA", "P"):
                rgba = upright.convert("RGBA")
                flat = Image.new("RGB", rgba.size, (255, 255, 255))
                flat.paste(rgba, mask=rgba.getchannel("A"))
                rgb = flat
            else:
                rgb = upright.convert("RGB")
    except PhotoRejected:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise PhotoRejected(f"not an image Pillow can read ({type(exc).__name__})") from None
    big = rgb.copy()
    big.thumbnail((MAX_SIDE, MAX_SIDE))
    small = rgb.copy()
    small.thumbnail((SMALL_SIDE, SMALL_SIDE))
    out_big, out_small = io.BytesIO(), io.BytesIO()
    big.save(out_big, "JPEG", quality=85, optimize=True, progressive=True)
    small.save(out_small, "JPEG", quality=78, optimize=True)
    return out_big.getvalue(), out_small.getvalue(), big.size[0], big.size[1]


def resolve_ref(session: Session, name: str) -> str | None:
    """The catalogue ref a file stem names: the ref itself, a GTIN, or a SKU unique in the catalogue."""
    if session.scalar(select(CatalogueProduct.ref).where(CatalogueProduct.ref == name)) is not None:
        return name
    for ref, barcodes in session.execute(
        select(CatalogueProduct.ref, CatalogueProduct.barcodes).where(CatalogueProduct.barcodes.contains(name))
    ):
        if name in barcodes.split():
            return str(ref)
    refs = list(session.scalars(select(CatalogueProduct.ref).where(CatalogueProduct.sku == name)))
    return refs[0] if len(refs) == 1 else None


def store(session: Session, ref: str, position: int, data: bytes, *, by: str = "") -> CataloguePhoto:
    """Put ``data`` as photo ``position`` of product ``ref`` (replacing the one there)."""
    if not 1 <= position <= MAX_PHOTOS:
        raise PhotoRejected(f"photo number {position}: 1 to {MAX_PHOTOS}")
    if session.scalar(select(CatalogueProduct.ref).where(CatalogueProduct.ref == ref)) is None:
        raise PhotoRejected(f"no product {ref!r} in the catalogue")
    big, small, width, height = encode(data)
    session.execute(
        delete(CataloguePhoto).where(CataloguePhoto.product_ref == ref, CataloguePhoto.position == position)
    )
    photo = CataloguePhoto(
        product_ref=ref,
        position=position,
        width=width,
        height=height,
        sha256=hashlib.sha256(big).hexdigest(),
        data=big,
        small=small,
        uploaded_by=by,
        uploaded_at=utcnow(),
    )
    session.add(photo)
    session.flush()
    return photo


def remove(session: Session, ref: str, position: int) -> bool:
    result = session.execute(
        delete(CataloguePhoto).where(CataloguePhoto.product_ref == ref, CataloguePhoto.position == position)
    )
    return bool(getattr(result, "rowcount", 0))


def import_named(session: Session, files: list[tuple[str, bytes]], *, by: str = "") -> PhotoImport:
    """Store files named ``<ref>[@n].<image suffix>`` (or a ZIP of them); problems are listed, the rest kept."""
    result = PhotoImport()
    for name, data in _expand(files, result):
        path = PurePosixPath(name.replace("\\", "/"))
        match = _NAME_RE.match(path.stem.strip())
        if match is None:
            result.problems.append(f"{name}: name it <product ref>.jpg or <product ref>@2.jpg")
            continue
        ref = resolve_ref(session, match["ref"])
        if ref is None:
            result.problems.append(f"{name}: no catalogue product {match['ref']!r} (ref, barcode or SKU)")
            continue
        try:
            store(session, ref, int(match["n"] or 1), data, by=by)  # checks everything before it writes
        except PhotoRejected as exc:
            result.problems.append(f"{name}: {exc}")
            continue
        result.stored.append((ref, int(match["n"] or 1)))
    return result


def _expand(files: list[tuple[str, bytes]], result: PhotoImport) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for name, data in files:
        if name.lower().endswith(".zip"):
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    for info in archive.infolist()[:MAX_ZIP_ENTRIES]:
                        inner = info.filename
                        if info.is_dir() or PurePosixPath(inner).name.startswith("."):
                            continue
                        if not inner.lower().endswith(IMAGE_SUFFIXES):
                            result.problems.append(f"{name}/{inner}: not an image file name")
                            continue
                        if info.file_size > MAX_FILE:
                            result.problems.append(f"{name}/{inner}: larger than {MAX_FILE // (1024 * 1024)} MB")
                            continue
                        out.append((inner, archive.read(info)))
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                result.problems.append(f"{name}: not a readable ZIP file ({exc})")
            continue
        if not name.lower().endswith(IMAGE_SUFFIXES):
            result.problems.append(f"{name}: not an image file name ({', '.join(IMAGE_SUFFIXES)})")
            continue
        out.append((PurePosixPath(name.replace("\\", "/")).name, data))
    return out


def load(session: Session, ref: str, position: int) -> CataloguePhoto | None:
    return session.scalar(
        select(CataloguePhoto).where(CataloguePhoto.product_ref == ref, CataloguePhoto.position == position)
    )
