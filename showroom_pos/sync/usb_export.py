"""Exporting pending summaries to a file, for an outlet with no network (a USB stick to the province).

The rows stay pending: they are frozen (so the file and a later online send carry the same key and
bytes) but not marked sent, because only the server's acknowledgement marks a row sent. When the
outlet comes online, the server recognises every key from the imported file and answers the same
acknowledgement, so nothing counts twice.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import now_utc
from showroom_pos.core.errors import file_problem
from showroom_pos.core.summary import export_document, sign_export, usb_key

from .worker import Summarize, freeze_pending


def sign(token: str, payloads: list[str]) -> str:
    """The file's signature (version 2): keyed with a key derived from the token, never with its hash."""
    return sign_export(usb_key(token), payloads)


def export_pending(
    sessions: sessionmaker[Session], summarize: Summarize, path: Path, *, outlet_code: str, token: str = ""
) -> int:
    """Write every pending summary to ``path`` (atomically); returns how many."""
    frozen = freeze_pending(sessions, summarize)
    payloads = [payload for _key, payload in frozen]
    text = export_document(outlet_code, now_utc(), payloads, sign(token, payloads) if token.strip() else None)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # a missing stick, a folder given for the file, a full disk: said in our words
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise file_problem(exc, path, writing=True) from None
    return len(payloads)
