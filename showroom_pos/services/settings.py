"""The outlet's business settings: one registry of keys, each with a default and a validator.

Used by the settings screens and by ``showroom-pos config get|set``. Outlet identity keys live in the
``outlet`` row; the rest in the ``setting`` table. Unknown keys and invalid values are refused.

Values are stored as text; a key's ``kind`` says what it means. Callers read numbers and yes/no flags with
``number``/``flag`` (or ``Values.number``/``Values.flag`` on what ``get_many`` read): the one place that
parses and checks them, so no caller casts a setting itself.

Reading (``get``, ``get_many``, ``display``…) is plain SQL on a sqlite3 connection or a session's own
(``sqlite_file.driver_connection``): ``showroom-pos config get`` answers without loading SQLAlchemy.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlparse

from showroom_pos.core import clock, tax_code
from showroom_pos.core.barcode import EmbeddedLayout
from showroom_pos.core.clock import now_utc
from showroom_pos.core.errors import N_, ValidationError
from showroom_pos.core.text import is_ascii_digits
from showroom_pos.storage.sqlite_file import driver_connection

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from showroom_pos.storage.sqlite_file import Readable

    from .context import Actor


def _nonempty(value: str) -> str:
    if not value.strip():
        raise ValidationError("{key} must not be empty.")
    return value.strip()


def _any(value: str) -> str:
    return value.strip()


def _int_range(low: int, high: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not is_ascii_digits(value.strip()) or not low <= int(value) <= high:
            raise ValidationError("{key} must be a whole number from {low} to {high}.", low=low, high=high)
        return str(int(value))

    return check


def _choice(*options: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value.strip() not in options:
            raise ValidationError("{key} must be one of: {options}.", options=", ".join(options))
        return value.strip()

    return check


def _tax_code(value: str) -> str:
    value = value.strip()
    if value and not tax_code.is_valid(value):
        raise ValidationError("{key} is not a valid Vietnamese tax code (10 or 13 digits with a check digit).")
    return tax_code.compact(value) if value else ""


def _time_zone(value: str) -> str:
    name = value.strip() or clock.DEFAULT_ZONE
    try:
        clock.zone_for(name)
    except ValueError:
        raise ValidationError("{key} must be a time zone name such as Asia/Ho_Chi_Minh.") from None
    return name


def _bank_bin(value: str) -> str:
    if value.strip() and not re.fullmatch(r"\d{6}", value.strip()):
        raise ValidationError("{key} must be the bank's 6-digit BIN, e.g. 970436 for Vietcombank.")
    return value.strip()


def _bank_account(value: str) -> str:
    if value.strip() and not re.fullmatch(r"[A-Za-z0-9]{1,19}", value.strip()):
        raise ValidationError("{key} must be 1–19 letters or digits.")
    return value.strip()


def _url(value: str) -> str:
    value = value.strip()
    if value:
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValidationError("{key} must be an http:// or https:// address.")
    return value.rstrip("/")


def _printer(value: str) -> str:
    value = value.strip()
    patterns = (
        r"none",
        r"network:[\w.\-]+(:\d{1,5})?",
        r"usb:[0-9a-fA-F]{4}:[0-9a-fA-F]{4}",
        r"serial:\S+",
        r"cups:\S+",
        r"win32:.+",
        r"file:.+",
    )
    if not any(re.fullmatch(p, value) for p in patterns):
        raise ValidationError(
            "{key} must be none, network:HOST[:PORT], usb:VID:PID, serial:DEVICE, cups:NAME, win32:NAME or file:PATH."
        )
    return value


def _pattern(regex: str, example: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not re.fullmatch(regex, value.strip()):
            raise ValidationError("{key} must look like {example}.", example=example)
        return value.strip()

    return check


def _screen(value: str) -> str:
    """``auto`` (the first screen the till's window is not on), a screen's number (1, 2…) or its name as the
    system gives it (``HDMI-1``): which screens exist is known only to the till, so only the form is checked."""
    value = value.strip() or "auto"
    if len(value) > 60 or not value.isprintable():
        raise ValidationError("{key} must be auto, a screen's number (1, 2…) or its name (such as HDMI-1).")
    return value


def _serial_port(value: str) -> str:
    value = value.strip()
    if value and not re.fullmatch(r"/dev/[\w./\-]+|COM\d{1,3}|(socket|rfc2217)://[\w.\-]+:\d{1,5}", value):
        raise ValidationError("{key} must be a serial port such as /dev/ttyUSB0 or COM3 (empty: no pole display).")
    return value


def _layout(value: str) -> str:
    try:
        return EmbeddedLayout.from_setting(value.strip()).to_setting()
    except ValueError:
        raise ValidationError(
            "{key} must be kind:item_digits:value_digits:decimals[:prefixes], e.g. weight:5:5:3 or price:5:5:0."
        ) from None


@dataclass(frozen=True)
class SettingKey:
    key: str
    description: str
    default: str = ""
    validate: Callable[[str], str] = _any
    secret: bool = False
    outlet_field: str | None = None
    kind: Literal["text", "number", "flag"] = "text"  # number: whole; flag: "yes"/"no"


KEYS: dict[str, SettingKey] = {
    k.key: k
    for k in (
        SettingKey("outlet.code", N_("Outlet code known to the province"), validate=_nonempty, outlet_field="code"),
        SettingKey("outlet.name", N_("Outlet name printed on receipts"), validate=_nonempty, outlet_field="name"),
        SettingKey("outlet.address", N_("Street address"), outlet_field="address"),
        SettingKey("outlet.commune", N_("Commune or ward"), outlet_field="commune"),
        SettingKey("outlet.province", N_("Province"), outlet_field="province"),
        SettingKey("outlet.tax_code", N_("Tax code (mã số thuế)"), validate=_tax_code, outlet_field="tax_code"),
        SettingKey("outlet.phone", N_("Phone number"), outlet_field="phone"),
        SettingKey("outlet.time_zone", N_("The showroom's time zone (every time shown, printed and reported)"),
                   clock.DEFAULT_ZONE, _time_zone),
        SettingKey("checkout.cash_rounding", N_("Round the amount due in cash to (đồng; 0 = exact)"), "1000",
                   _choice("0", "100", "500", "1000"), kind="number"),
        SettingKey("printer.connection", N_("Receipt printer"), "none", _printer),
        SettingKey("printer.profile", N_("python-escpos printer profile"), "default"),
        SettingKey("printer.mode", N_("How Vietnamese is printed"), "raster", _choice("raster", "text")),
        SettingKey("printer.paper_mm", N_("Paper width in mm"), "80", _choice("58", "80"), kind="number"),
        SettingKey("printer.drawer_pin", N_("Cash drawer kick pin"), "2", _choice("2", "5"), kind="number"),
        SettingKey("printer.drawer_pulse_ms", N_("Cash drawer pulse length (ms)"), "100", _int_range(10, 510),
                   kind="number"),
        SettingKey("printer.codepage", N_("Vietnamese code page in text mode"), "auto",
                   _choice("auto", "tcvn3", "cp1258", "ascii")),
        SettingKey("labels.sheet_grid", N_("Labels on an A4 sheet (columns x rows)"), "3x8",
                   _pattern(r"\d{1,2}x\d{1,2}", "3x8")),
        SettingKey("labels.sheet_margins_mm", N_("A4 label sheet margins, top and left (mm)"), "13,7",
                   _pattern(r"\d+(\.\d+)?\s*[,;]\s*\d+(\.\d+)?", "13,7")),
        SettingKey("labels.sheet_gap_mm", N_("Gaps between labels, across and down (mm)"), "2.5,0",
                   _pattern(r"\d+(\.\d+)?\s*[,;]\s*\d+(\.\d+)?", "2.5,0")),
        SettingKey("labels.single_size_mm", N_("Single label size (mm)"), "50x30",
                   _pattern(r"\d+(\.\d+)?x\d+(\.\d+)?", "50x30")),
        SettingKey("receipt.series", N_("Receipt series after a loss was accepted (letters after the till's code)"),
                   validate=_pattern(r"[A-Z]{0,3}", "B")),
        SettingKey("receipt.footer", N_("Receipt footer"), "Cảm ơn quý khách! Hẹn gặp lại."),
        SettingKey("bank.bin", N_("Bank BIN for VietQR"), validate=_bank_bin),
        SettingKey("bank.account", N_("Bank account for VietQR"), validate=_bank_account),
        SettingKey("bank.account_name", N_("Account holder name")),
        SettingKey("province.url", N_("Province server address"), validate=_url),
        SettingKey("province.token", N_("Outlet token for the province server"), secret=True),
        SettingKey("scanner.max_key_interval_ms", N_("Longest gap between scanner keys"), "30", _int_range(5, 200),
                   kind="number"),
        SettingKey("scanner.min_length", N_("Shortest code a scanner sends"), "6", _int_range(3, 20), kind="number"),
        SettingKey("barcode.embedded_layout", N_("Price/weight barcode layout"), "weight:5:5:3", _layout),
        SettingKey("checkout.discount_limit_percent", N_("Largest discount without approval"), "10", _int_range(0, 100),
                   kind="number"),
        SettingKey("security.auto_lock_minutes", N_("Lock the till after inactivity (0 = never)"), "10",
                   _int_range(0, 240), kind="number"),
        SettingKey("backup.folder", N_("Backup folder (empty: the default)")),
        SettingKey("backup.keep", N_("Backups kept"), "30", _int_range(1, 1000), kind="number"),
        SettingKey("customer_display.enabled", N_("Show the customer display on a second screen"), "no",
                   _choice("no", "yes"), kind="flag"),
        SettingKey("customer_display.screen", N_("Screen of the customer display (auto, a number or a name)"), "auto",
                   _screen),
        SettingKey("customer_display.languages", N_("Customer display language (vi, or vi+en for English beneath)"),
                   "vi", _choice("vi", "vi+en")),
        SettingKey("customer_display.slide_seconds", N_("Seconds each product shows on the idle slideshow"), "8",
                   _int_range(3, 120), kind="number"),
        SettingKey("pole_display.port", N_("Pole display serial port (empty: none)"), validate=_serial_port),
        SettingKey("pole_display.baud", N_("Pole display speed (baud)"), "9600",
                   _choice("2400", "4800", "9600", "19200", "38400", "57600", "115200"), kind="number"),
        SettingKey("stock.allow_negative", N_("Allow stock below zero (then flagged)"), "no", _choice("no", "yes"),
                   kind="flag"),
        SettingKey("stock.best_before_warning_days", N_("Warn this many days before best-before"), "30",
                   _int_range(0, 365), kind="number"),
    )
}


def _key(key: str) -> SettingKey:
    spec = KEYS.get(key)
    if spec is None:
        raise ValidationError("Unknown setting {key}. Known settings: {known}", key=key, known=", ".join(KEYS))
    return spec


def default_of(key: str) -> str:
    """A key's value when it was never set."""
    return _key(key).default


def _outlet_fields(conn: sqlite3.Connection) -> dict[str, str]:
    """The outlet's identity (the first outlet, as ``setup.outlet``): the settings kept in its row."""
    fields = [spec.outlet_field for spec in KEYS.values() if spec.outlet_field]
    row = conn.execute(f"SELECT {', '.join(fields)} FROM outlet ORDER BY id LIMIT 1").fetchone()
    if row is None:
        raise ValidationError("The outlet is not set up yet.")
    return {name: str(value or "") for name, value in zip(fields, row, strict=True)}


def get(source: Readable, key: str) -> str:
    """One setting's stored text (or its default); ``source``: a session or a sqlite3 connection."""
    spec = _key(key)
    conn = driver_connection(source)
    if spec.outlet_field:
        return _outlet_fields(conn)[spec.outlet_field]
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row is not None else spec.default


class Values(dict[str, str]):
    """Settings as read (key → stored text), with each key's typed reading."""

    def number(self, key: str) -> int:
        return _typed(key, self[key], "number")

    def flag(self, key: str) -> bool:
        return _typed(key, self[key], "flag") == 1


def _typed(key: str, stored: str, kind: str) -> int:
    spec = _key(key)
    if spec.kind != kind:
        raise TypeError(f"{key} is a {spec.kind} setting, not a {kind}")
    try:
        clean = spec.validate(stored)
    except ValidationError:
        raise ValidationError("The setting {key} holds “{value}”, which it cannot take: set it again in Settings "
                              "(or with showroom-pos config set).", key=key, value=stored) from None
    return int(clean) if kind == "number" else int(clean == "yes")


def stored_number(key: str, stored: str | None) -> int:
    """A number setting read with other columns in one statement (``None``: never set, so its default)."""
    return _typed(key, default_of(key) if stored is None else stored, "number")


def stored_flag(key: str, stored: str | None) -> bool:
    """A yes/no setting read with other columns in one statement (``None``: never set, so its default)."""
    return _typed(key, default_of(key) if stored is None else stored, "flag") == 1


def number(session: Session, key: str) -> int:
    """A whole-number setting, checked against its rule."""
    return _typed(key, get(session, key), "number")


def flag(session: Session, key: str) -> bool:
    """A yes/no setting."""
    return _typed(key, get(session, key), "flag") == 1


def get_many(source: Readable, prefix: str = "") -> Values:
    """Every key under ``prefix`` in two reads (the settings, the outlet), not one per key; ``source``: a
    session or a sqlite3 connection."""
    conn = driver_connection(source)
    stored = dict(conn.execute("SELECT key, value FROM setting WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)))
    place: dict[str, str] | None = None
    out = Values()
    for key, spec in KEYS.items():
        if not key.startswith(prefix):
            continue
        if spec.outlet_field:
            place = place or _outlet_fields(conn)
            out[key] = place[spec.outlet_field]
        else:
            out[key] = stored.get(key, spec.default)
    return out


def display_many(source: Readable) -> dict[str, str]:
    """Every key as shown to people (secrets masked)."""
    return {key: mask(value) if _key(key).secret else value for key, value in get_many(source).items()}


def display(source: Readable, key: str) -> str:
    """The value as shown to people: secrets masked."""
    value = get(source, key)
    return mask(value) if _key(key).secret else value


def mask(value: str) -> str:
    return "" if not value else "•" * max(4, len(value) - 4) + value[-4:] if len(value) > 8 else "••••"


def set(
    session: Session, key: str, value: str, *, user_id: int | None = None, actor: Actor | None = None,
    approved_by: int | None = None, at: datetime | None = None,
) -> str:
    """Validate and store one setting. With an ``actor`` (the till), the "settings" permission applies:
    a cashier needs a manager's approval. Without one (the command line of whoever runs the machine,
    first-start set-up), nobody is asked. ``at``: when it was set, if not now (the demo's own set-up)."""
    from showroom_pos.storage.models import Setting

    from . import audit, permissions, setup

    spec = _key(key)
    approver = permissions.require(session, actor, "settings", approved_by) if actor is not None else None
    if actor is not None:
        user_id = actor.user_id
    try:
        clean = spec.validate(value)
    except ValidationError as exc:
        exc.params.setdefault("key", key)
        raise ValidationError(exc.message, **exc.params) from None
    if spec.outlet_field:
        setattr(setup.outlet(session), spec.outlet_field, clean.upper() if spec.outlet_field == "code" else clean)
    else:
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=clean))
        else:
            row.value = clean
            row.updated_at = at or now_utc()
    if key == "outlet.time_zone":
        clock.set_zone(clean)
    audit.record(session, "setting.changed", user_id=user_id, approver_id=approver, entity="setting", entity_id=key,
                 value=mask(clean) if spec.secret else clean, at=at)
    return clean


# The e-invoice settings live beside their feature (services/einvoice/keys.py) and join this one registry.
from .einvoice.keys import KEYS as _EINVOICE_KEYS  # noqa: E402

KEYS.update({k.key: k for k in _EINVOICE_KEYS})
