"""Who may talk to the province server: outlets by bearer token, officers by password and session.

Outlet tokens are 32 random bytes shown once; only their SHA-256 is stored (a token has far more
entropy than a password, so a fast hash is enough and lets us look it up by hash). Officer passwords
are hashed with scrypt. Rate limits are in memory, per outlet and per client address.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from showroom_pos.core.security import hash_pin, verify_pin

from . import usbkey
from .models import ProvinceOutlet, StaffUser, WebSession, utcnow
from .storable import text_problem

OUTLET_CODE_RE = re.compile(r"^[A-Z0-9]{2,20}$")
SESSION_HOURS = 12
MIN_PASSWORD = 10


class AdminError(ValueError):
    """A refused admin action (the CLI prints it and exits 2)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return "ocop_" + secrets.token_urlsafe(32)


def add_outlet(
    session: Session,
    code: str,
    name: str = "",
    commune: str = "",
    *,
    opened_on: date | None = None,
    secret_file: Path | None = None,
) -> tuple[ProvinceOutlet, str]:
    """Register an outlet (or re-issue a revoked one's token); returns it and its token, shown once.

    ``opened_on``: its first business day (earlier days are refused; None: not known). The key that checks its
    USB files is stored wrapped with the server's secret (``usbkey``, ``secret_file``)."""
    code = code.strip().upper()
    if not OUTLET_CODE_RE.match(code):
        raise AdminError(f"outlet code {code!r}: 2–20 capital letters or digits, as set in the outlet (CL01)")
    token = new_token()
    outlet = session.scalar(select(ProvinceOutlet).where(ProvinceOutlet.code == code))
    if outlet is not None and outlet.active:
        raise AdminError(f"outlet {code} already exists; revoke it first to issue a new token")
    if outlet is None:
        outlet = ProvinceOutlet(code=code, name=name.strip(), commune=commune.strip(), token_hash=hash_token(token))
        session.add(outlet)
    else:
        outlet.token_hash, outlet.active, outlet.revoked_at = hash_token(token), True, None
        outlet.name = name.strip() or outlet.name
    if opened_on is not None:
        outlet.opened_on = opened_on
    outlet.usb_key = usbkey.wrap(usbkey.secret(secret_file), code, outlet.token_hash, token)
    session.flush()
    return outlet, token


def update_outlet(
    session: Session,
    code: str,
    *,
    name: str | None = None,
    commune: str | None = None,
    address: str | None = None,
    phone: str | None = None,
    map_url: str | None = None,
    opened_on: date | None = None,
) -> ProvinceOutlet:
    """Change what the province says about an outlet (None: unchanged). Text is checked as the public pages
    show it; a map link must be https://."""
    outlet = session.scalar(select(ProvinceOutlet).where(ProvinceOutlet.code == code.strip().upper()))
    if outlet is None:
        raise AdminError(f"no outlet {code}")
    limits = {"name": 200, "commune": 100, "address": 300, "phone": 40, "map_url": 500}
    for field, value in (("name", name), ("commune", commune), ("address", address), ("phone", phone),
                         ("map_url", map_url)):
        if value is None:
            continue
        value = " ".join(value.split())
        if len(value) > limits[field] or text_problem(value):
            raise AdminError(f"{field}: at most {limits[field]} characters, no control characters")
        if field == "phone" and value and not re.fullmatch(r"[0-9+ ().-]{3,40}", value):
            raise AdminError("phone: digits, spaces and + ( ) . - only")
        if field == "map_url" and value and not value.startswith("https://"):
            raise AdminError("map_url: an https:// link")
        setattr(outlet, field, value)
    if opened_on is not None:
        outlet.opened_on = opened_on
    return outlet


def revoke_outlet(session: Session, code: str) -> ProvinceOutlet:
    outlet = session.scalar(select(ProvinceOutlet).where(ProvinceOutlet.code == code.strip().upper()))
    if outlet is None:
        raise AdminError(f"no outlet {code}")
    outlet.active, outlet.revoked_at = False, utcnow()
    # The old hash is replaced by one of a random secret nobody holds: the old token stops working, and so
    # does the key of its USB files.
    outlet.token_hash = hash_token(secrets.token_hex(32))
    outlet.usb_key = None
    return outlet


def outlet_for_token(session: Session, token: str) -> ProvinceOutlet | None:
    if not token or len(token) > 200:
        return None
    outlet = session.scalar(select(ProvinceOutlet).where(ProvinceOutlet.token_hash == hash_token(token)))
    if outlet is None or not outlet.active:
        return None
    return outlet


def add_user(session: Session, username: str, password: str, role: str = "officer") -> StaffUser:
    username = username.strip()
    if not re.fullmatch(r"[\w.@-]{2,60}", username):
        raise AdminError("a user name is 2–60 letters, digits or . _ @ -")
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"a password needs at least {MIN_PASSWORD} characters")
    if role not in ("officer", "admin"):
        raise AdminError("role is officer or admin")
    if session.scalar(select(StaffUser.id).where(StaffUser.username == username)):
        raise AdminError(f"user {username} already exists")
    user = StaffUser(username=username, password_hash=hash_pin(password), role=role)
    session.add(user)
    session.flush()
    return user


@functools.cache
def _dummy_hash() -> str:
    """A hash made exactly as a real user's (same scrypt cost), computed once, on the first login."""
    return hash_pin(secrets.token_urlsafe(16))


def check_password(session: Session, username: str, password: str) -> StaffUser | None:
    user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip()))
    if user is None or not user.active:
        # The same scrypt work as for a real account, so the answer's time does not tell which names exist.
        verify_pin(password, _dummy_hash())
        return None
    return user if verify_pin(password, user.password_hash) else None


class LoginThrottle:
    """Failed logins per typed user name (whether or not it exists, so it reveals nothing): after ``free``
    failures each further one locks the name for ``base`` seconds, doubling up to ``cap``. A success resets it.
    In memory, like the other limits: a restart forgets it."""

    def __init__(self, free: int = 5, base: float = 30.0, cap: float = 900.0) -> None:
        self.free, self.base, self.cap = free, base, cap
        self._state: dict[str, tuple[int, float]] = {}  # name -> (failures, locked until)
        self._lock = threading.Lock()

    @staticmethod
    def _key(username: str) -> str:
        return username.strip().casefold()[:60]

    def wait(self, username: str, now: float | None = None) -> float:
        """Seconds before this name may try again (0: now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            _failures, until = self._state.get(self._key(username), (0, 0.0))
        return max(0.0, until - now)

    def failed(self, username: str, now: float | None = None) -> float:
        """Record a failure; returns how long the name is now locked."""
        now = time.monotonic() if now is None else now
        key = self._key(username)
        with self._lock:
            failures, _until = self._state.get(key, (0, 0.0))
            failures += 1
            over = failures - self.free
            lock = 0.0 if over <= 0 else min(self.cap, self.base * 2 ** min(over - 1, 20))
            self._state[key] = (failures, now + lock)
            if len(self._state) > 100_000:  # a flood of invented names must not grow without end
                self._state = {k: v for k, v in self._state.items() if v[1] > now}
            return lock

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._state.pop(self._key(username), None)


def open_web_session(session: Session, user: StaffUser, now: datetime | None = None) -> tuple[str, str]:
    """A new login session; returns (cookie token, CSRF token). Only the cookie's hash is stored."""
    now = now or utcnow()
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    session.add(
        WebSession(
            token_hash=hash_token(token),
            user_id=user.id,
            csrf=csrf,
            created_at=now,
            expires_at=now + timedelta(hours=SESSION_HOURS),
        )
    )
    return token, csrf


def web_session(session: Session, token: str | None) -> tuple[StaffUser, WebSession] | None:
    if not token or len(token) > 200:
        return None
    row = session.get(WebSession, hash_token(token))
    if row is None or row.expires_at < utcnow():
        return None
    user = session.get(StaffUser, row.user_id)
    if user is None or not user.active:
        return None
    return user, row


def close_web_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == hash_token(token)))


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())


def enrol_usb_key(session: Session, outlet_id: int, token: str, secret_file: Path | None = None) -> None:
    """Store the USB key of an outlet registered before keys were stored, now that its token is in hand."""
    outlet = session.get(ProvinceOutlet, outlet_id)
    if outlet is not None and outlet.usb_key is None and outlet.token_hash == hash_token(token):
        outlet.usb_key = usbkey.wrap(usbkey.secret(secret_file), outlet.code, outlet.token_hash, token)


class TokenCache:
    """Outlets (detached copies) of the tokens seen in the last ``ttl`` seconds, by token hash: the summaries'
    hot path checks a token without a query. Never the last word: ``ingest`` checks the token again in the
    write transaction, so a revoked token stores nothing even while it is cached here."""

    def __init__(self, ttl: float = 30.0, size: int = 10_000) -> None:
        self.ttl, self.size = ttl, size
        self._entries: dict[str, tuple[float, ProvinceOutlet]] = {}
        self._lock = threading.Lock()

    def get(self, token_hash: str, now: float | None = None) -> ProvinceOutlet | None:
        now = time.monotonic() if now is None else now
        with self._lock:
            entry = self._entries.get(token_hash)
        return entry[1] if entry is not None and now - entry[0] < self.ttl else None

    def put(self, token_hash: str, outlet: ProvinceOutlet, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._entries) >= self.size:
                self._entries = {k: v for k, v in self._entries.items() if now - v[0] < self.ttl}
                if len(self._entries) >= self.size:
                    self._entries.clear()
            self._entries[token_hash] = (now, outlet)

    def drop(self, token_hash: str) -> None:
        with self._lock:
            self._entries.pop(token_hash, None)


def remember_active_outlets(session: Session, cache: TokenCache) -> int:
    """Every active outlet's token hash put in ``cache`` as if just seen (the server starting): outlets sending at
    once after a restart wait for no look-up each. Not those without a USB key yet: their first request enrols it
    (``api.authenticate``). How many were put."""
    outlets = session.scalars(select(ProvinceOutlet).where(ProvinceOutlet.active, ProvinceOutlet.usb_key.is_not(None)))
    count = 0
    for outlet in outlets:
        session.expunge(outlet)
        cache.put(outlet.token_hash, outlet)
        count += 1
    return count


class RateLimiter:
    """A token bucket per key: ``rate`` requests a second on average, bursts up to ``burst``."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> tuple[bool, float]:
        """(allowed, seconds until the next request would be allowed)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return True, 0.0
            self._buckets[key] = (tokens, now)
            return False, (1.0 - tokens) / self.rate if self.rate > 0 else 60.0
