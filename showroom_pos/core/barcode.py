"""Barcode validation and parsing for what a scanner or a person types.

python-barcode silently replaces a wrong check digit, so scanned and typed codes are
validated here before any lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .errors import N_, UserError
from .text import is_ascii_digits


class Symbology(StrEnum):
    EAN13 = "ean13"
    EAN8 = "ean8"
    UPCA = "upca"
    CODE128 = "code128"


def gtin_check_digit(body: str) -> int:
    """GS1 check digit for the digits before it (weights 3,1,3,… from the right)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10


def has_valid_check_digit(code: str) -> bool:
    return is_ascii_digits(code) and len(code) >= 2 and gtin_check_digit(code[:-1]) == int(code[-1])


def with_check_digit(body: str) -> str:
    return body + str(gtin_check_digit(body))


_CODE128_RE = re.compile(r"^[\x20-\x7e]{1,48}$")


REASONS = {
    "wrong check digit": N_("Barcode {code} has a wrong check digit."),
    "wrong length": N_("Barcode {code} has a wrong number of digits."),
    "not a barcode": N_("{code} is not a barcode."),
}


class BarcodeError(UserError, ValueError):
    """A code that cannot be a valid barcode; ``code`` is kept for the cashier's message."""

    def __init__(self, code: str, reason: str) -> None:
        self.code = code
        self.reason = reason
        super().__init__(REASONS.get(reason, "{code} is not a barcode."), code=code)


def classify(code: str) -> Symbology:
    """Which symbology a scanned code is, after validating its check digit.

    All-digit codes of length 8, 12 or 13 are GTINs and must carry a correct check digit;
    anything else printable is Code 128 (internal SKUs, receipt numbers).
    """
    code = code.strip()
    if is_ascii_digits(code) and len(code) in (8, 12, 13):
        if not has_valid_check_digit(code):
            raise BarcodeError(code, "wrong check digit")
        return {8: Symbology.EAN8, 12: Symbology.UPCA, 13: Symbology.EAN13}[len(code)]
    if is_ascii_digits(code) and len(code) in (7, 11, 14):
        raise BarcodeError(code, "wrong length")
    if not _CODE128_RE.match(code):
        raise BarcodeError(code, "not a barcode")
    return Symbology.CODE128


def normalize_gtin(code: str) -> str:
    """UPC-A is EAN-13 with a leading zero: look both up under the 13-digit form."""
    return "0" + code if is_ascii_digits(code) and len(code) == 12 else code


@dataclass(frozen=True)
class EmbeddedLayout:
    """Layout of an in-store EAN-13 with an embedded price or weight (prefix 2x).

    ``prefixes`` lists the two-digit prefixes it applies to. Digits: prefix (2), item
    (``item_digits``), value (``value_digits``), optional filler, check digit: 13 in all.
    ``kind`` is ``price`` (whole đồng × 10^decimals) or ``weight`` (kilograms with ``decimals``).
    """

    prefixes: tuple[str, ...] = ("20", "21", "22", "23", "24", "25", "26", "27", "28", "29")
    item_digits: int = 5
    value_digits: int = 5
    decimals: int = 3
    kind: str = "weight"

    def __post_init__(self) -> None:
        if self.kind not in ("weight", "price"):
            raise ValueError("kind must be 'weight' or 'price'")
        if self.item_digits < 1 or self.value_digits < 1 or 2 + self.item_digits + self.value_digits > 12:
            raise ValueError("item and value digits must fit in an EAN-13")
        if not 0 <= self.decimals <= self.value_digits:
            raise ValueError("decimals out of range")

    @classmethod
    def from_setting(cls, text: str) -> EmbeddedLayout:
        """Parse ``weight:5:5:3`` or ``price:5:5:0`` (kind:item:value:decimals) with optional ``:20,21``."""
        parts = text.split(":")
        if len(parts) not in (4, 5):
            raise ValueError("layout must be kind:item_digits:value_digits:decimals[:prefixes]")
        prefixes = tuple(p.strip() for p in parts[4].split(",")) if len(parts) == 5 else cls.prefixes
        if not all(len(p) == 2 and is_ascii_digits(p) and p.startswith("2") for p in prefixes):
            raise ValueError("prefixes must be two digits starting with 2")
        return cls(prefixes, int(parts[1]), int(parts[2]), int(parts[3]), parts[0])

    def to_setting(self) -> str:
        return f"{self.kind}:{self.item_digits}:{self.value_digits}:{self.decimals}:{','.join(self.prefixes)}"


@dataclass(frozen=True)
class EmbeddedCode:
    """A decoded price/weight code: the item's lookup code and the embedded value.

    ``grams`` for a weight code, ``price`` in đồng for a price code; the other is None.
    ``item_code`` is the prefix and item digits, which the catalogue stores as the product's code.
    """

    item_code: str
    grams: int | None
    price: int | None


def parse_embedded(code: str, layout: EmbeddedLayout) -> EmbeddedCode | None:
    """Decode an in-store EAN-13 under ``layout``; None if the code is not such a code."""
    if len(code) != 13 or not is_ascii_digits(code) or code[:2] not in layout.prefixes:
        return None
    if not has_valid_check_digit(code):
        raise BarcodeError(code, "wrong check digit")
    item_end = 2 + layout.item_digits
    value_text = code[item_end : item_end + layout.value_digits]
    value = int(value_text)
    if layout.kind == "weight":
        # value is kilograms with `decimals` decimals: convert to grams exactly.
        grams = value * 1000 // (10**layout.decimals) if layout.decimals <= 3 else value // 10 ** (layout.decimals - 3)
        return EmbeddedCode(code[:item_end], grams, None)
    return EmbeddedCode(code[:item_end], None, value // (10**layout.decimals))
