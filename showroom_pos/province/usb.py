"""Importing a file of pending summaries that an outlet with no network exported to a USB stick.

The whole file is checked before anything is written (format, signature, every summary, the outlet
it claims); then each summary goes through the same exactly-once ``ingest`` as the API, in one
transaction. Importing the same file twice, or a file whose summaries were also sent online, changes
nothing the second time.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from showroom_pos.core.summary import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    SummaryFormatError,
    canonical,
    from_dict,
    sign_export,
)

from . import usbkey
from .ingest import ingest
from .models import ProvinceOutlet
from .storable import storable


def _check_signature(doc: dict[str, Any], outlet: ProvinceOutlet, texts: list[str], secret_file: Path | None) -> None:
    """The file must be signed (version 2) with the outlet's USB key; compared in constant time."""
    code = outlet.code
    if doc.get("version") == 1:
        raise UsbImportRejected([
            f"this file of outlet {code} is in the old format (version 1), signed with a key the province's "
            "database holds, which it no longer accepts: update showroom-pos at the outlet and export again "
            "(or, for a file whose origin you know, import it without checking the signature)"
        ])
    if outlet.usb_key is None:
        raise UsbImportRejected([
            f"outlet {code} has no USB key at the province yet: it gets one at its next online sync, or with a "
            f"new token (showroom-province outlet revoke {code}, then outlet add {code})"
        ])
    try:
        key = usbkey.unwrap(usbkey.secret(secret_file, create=False), code, outlet.token_hash, outlet.usb_key)
    except usbkey.SecretMissing as exc:
        raise UsbImportRejected([f"the province cannot check USB files: {exc}"]) from None
    signature = doc.get("signature")
    expected = sign_export(key, texts).encode("ascii")
    if not isinstance(signature, str) or not hmac.compare_digest(expected, signature.encode("utf-8", "replace")):
        raise UsbImportRejected(
            [f"the file's signature does not match outlet {code}'s key (altered, or exported with another token)"]
        )


class UsbImportRejected(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems[:20]))


@dataclass(frozen=True)
class UsbImportResult:
    outlet_code: str
    acks: list[dict[str, Any]]
    known: list[bool]  # each ack's summary was stored already

    @property
    def replayed(self) -> int:
        return sum(self.known)

    @property
    def new(self) -> int:
        """Summaries this file brought that the province did not hold (a file imported twice brings none)."""
        return len(self.acks) - self.replayed


def import_export(
    session: Session, data: bytes, *, require_signature: bool = True, secret_file: Path | None = None
) -> UsbImportResult:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UsbImportRejected([f"the file is not JSON: {exc}"]) from None
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT or doc.get("version") not in (1, 2):
        raise UsbImportRejected([f"not a {EXPORT_FORMAT} file of version {EXPORT_VERSION}"])
    code = doc.get("outlet_code")
    raw = doc.get("summaries")
    if not isinstance(code, str) or not isinstance(raw, list):
        raise UsbImportRejected(["outlet_code and summaries are required"])
    outlet = session.scalar(select(ProvinceOutlet).where(ProvinceOutlet.code == code))
    if outlet is None or not outlet.active:
        raise UsbImportRejected([f"outlet {code} is not registered (or was revoked)"])
    texts = [canonical(item) if isinstance(item, dict) else "" for item in raw]
    if require_signature:
        _check_signature(doc, outlet, texts, secret_file)
    problems: list[str] = []
    summaries = []
    for i, item in enumerate(raw):
        try:
            summary = from_dict(item)
        except SummaryFormatError as exc:
            problems += [f"summaries[{i}].{p}" for p in exc.problems]
            continue
        if summary.outlet_code != code:
            problems.append(f"summaries[{i}].outlet_code: {summary.outlet_code} in a file of outlet {code}")
        summary, unstorable = storable(summary, opened_on=outlet.opened_on)
        problems += [f"summaries[{i}].{p}" for p in unstorable]
        summaries.append(summary)
    if problems:
        raise UsbImportRejected(problems)
    acks: list[dict[str, Any]] = []
    known: list[bool] = []
    for summary, text in zip(summaries, texts, strict=True):
        result = ingest(session, outlet, summary, text.encode("utf-8"), source="usb")
        acks.append(result.ack)
        known.append(bool(result.replayed))
    return UsbImportResult(code, acks, known)
