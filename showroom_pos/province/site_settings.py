"""The province's own settings, stored by the server (``province_setting``): what the public pages say about
who publishes them. Edited by administrators (``showroom-province settings set``, or the dashboard's settings
page); read on every public page through a short cache.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ProvinceSetting, utcnow
from .storable import text_problem


@dataclass(frozen=True)
class SettingKey:
    key: str
    label: str  # Vietnamese, for the settings page
    default: str
    max_length: int
    help: str = ""


KEYS: tuple[SettingKey, ...] = (
    SettingKey("public.province", "Tên tỉnh", "", 60, "Hiện ở đầu mỗi trang công khai, ví dụ «Tỉnh Đồng Tháp»."),
    SettingKey(
        "public.emblem", "Chữ trên biểu trưng", "OCOP", 8, "Vài chữ trong huy hiệu tròn ở đầu trang, ví dụ «ĐT»."
    ),
    SettingKey("public.title", "Tên trang", "Sản phẩm OCOP được chứng nhận", 80),
    SettingKey(
        "public.agency",
        "Cơ quan công bố",
        "cơ quan quản lý Chương trình OCOP của tỉnh",
        150,
        "Hiện ở cuối trang: thông tin sản phẩm do cơ quan này công bố.",
    ),
)
BY_KEY = {k.key: k for k in KEYS}


class SettingError(ValueError):
    pass


def read(session: Session) -> dict[str, str]:
    stored = dict(session.execute(select(ProvinceSetting.key, ProvinceSetting.value)).all())
    return {k.key: stored.get(k.key, k.default) for k in KEYS}


def write(session: Session, key: str, value: str, *, by: str) -> bool:
    """Set one setting (in the caller's transaction); True when it changed. Refuses unknown keys, control
    characters and text longer than the page has room for."""
    spec = BY_KEY.get(key)
    if spec is None:
        raise SettingError(f"unknown setting {key!r} (known: {', '.join(BY_KEY)})")
    value = " ".join(value.split())
    if len(value) > spec.max_length:
        raise SettingError(f"{key}: at most {spec.max_length} characters")
    problem = text_problem(value)
    if problem:
        raise SettingError(f"{key}: {problem}")
    row = session.get(ProvinceSetting, key)
    if row is None:
        if value == spec.default:
            return False
        session.add(ProvinceSetting(key=key, value=value, updated_by=by, updated_at=utcnow()))
        return True
    if row.value == value:
        return False
    row.value, row.updated_by, row.updated_at = value, by, utcnow()
    return True


class SettingsCache:
    """The settings as last read, for ``ttl`` seconds (every public page shows them)."""

    def __init__(self, ttl: float = 10.0) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._entry: tuple[float, dict[str, str]] | None = None

    def get(self, session: Session) -> dict[str, str]:
        with self._lock:
            entry = self._entry
        if entry is not None and time.monotonic() - entry[0] < self.ttl:
            return entry[1]
        values = read(session)
        with self._lock:
            self._entry = (time.monotonic(), values)
        return values

    def clear(self) -> None:
        with self._lock:
            self._entry = None
