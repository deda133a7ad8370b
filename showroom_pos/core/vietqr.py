"""VietQR (NAPAS247) payment payloads: EMVCo TLV with a CRC-16/CCITT-FALSE trailer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import is_ascii_digits, strip_diacritics

BANK_BINS: dict[str, str] = {
    "970436": "Vietcombank",
    "970415": "VietinBank",
    "970418": "BIDV",
    "970405": "Agribank",
    "970403": "Sacombank",
    "970407": "Techcombank",
    "970416": "ACB",
    "970422": "MB",
    "970423": "TPBank",
    "970432": "VPBank",
}


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def tlv(tag: str, value: str) -> str:
    if len(tag) != 2 or not is_ascii_digits(tag):
        raise ValueError(f"bad tag {tag!r}")
    if len(value) > 99:
        raise ValueError(f"value of tag {tag} longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def parse_tlv(payload: str) -> dict[str, str]:
    """Split one TLV level into {tag: value}; raises ValueError on a malformed string."""
    fields: dict[str, str] = {}
    i = 0
    while i < len(payload):
        if i + 4 > len(payload) or not is_ascii_digits(payload[i : i + 4]):
            raise ValueError(f"malformed TLV at {i}")
        tag, length = payload[i : i + 2], int(payload[i + 2 : i + 4])
        value = payload[i + 4 : i + 4 + length]
        if len(value) != length:
            raise ValueError(f"truncated value for tag {tag}")
        fields[tag] = value
        i += 4 + length
    return fields


def _ascii_purpose(text: str, limit: int = 25) -> str:
    """Banks' apps accept plain ASCII in the purpose field: drop diacritics and odd characters."""
    return re.sub(r"[^A-Za-z0-9 \-]", "", strip_diacritics(text))[:limit]


@dataclass(frozen=True)
class VietQR:
    bank_bin: str
    account: str
    amount: int | None = None
    bill_number: str | None = None
    reference: str | None = None
    terminal: str | None = None
    purpose: str | None = None
    to_card: bool = False

    def __post_init__(self) -> None:
        if not (is_ascii_digits(self.bank_bin) and len(self.bank_bin) == 6):
            raise ValueError("bank BIN must be 6 digits")
        if not (self.account.isalnum() and 1 <= len(self.account) <= 19):
            raise ValueError("account number must be 1–19 letters or digits")
        if self.amount is not None and self.amount <= 0:
            raise ValueError("amount must be positive")

    def payload(self) -> str:
        beneficiary = tlv("00", self.bank_bin) + tlv("01", self.account)
        service = "QRIBFTTC" if self.to_card else "QRIBFTTA"
        merchant = tlv("00", "A000000727") + tlv("01", beneficiary) + tlv("02", service)
        parts = [tlv("00", "01"), tlv("01", "12" if self.amount else "11"), tlv("38", merchant), tlv("53", "704")]
        if self.amount:
            parts.append(tlv("54", str(self.amount)))
        parts.append(tlv("58", "VN"))
        extra = ""
        for tag, value in (("01", self.bill_number), ("05", self.reference), ("07", self.terminal)):
            if value:
                extra += tlv(tag, _ascii_purpose(value, 25))
        if self.purpose:
            extra += tlv("08", _ascii_purpose(self.purpose))
        if extra:
            parts.append(tlv("62", extra))
        body = "".join(parts) + "6304"
        return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def verify_crc(payload: str) -> bool:
    if len(payload) < 8 or payload[-8:-4] != "6304":
        return False
    return f"{crc16_ccitt_false(payload[:-4].encode('ascii')):04X}" == payload[-4:].upper()
