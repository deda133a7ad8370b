"""PIN hashing with scrypt (memory-hard, in the standard library)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from .text import is_ascii_digits

MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12
# 16 MiB of memory per hash: slow to brute-force a 4–6 digit PIN offline, ~50 ms at the till.
_N, _R, _P = 2**14, 8, 1


def validate_pin(pin: str) -> str | None:
    """An English reason why ``pin`` is not acceptable, or None."""
    if not is_ascii_digits(pin):
        return "A PIN contains digits only."
    if len(pin) < MIN_PIN_LENGTH:
        return "A PIN needs at least {min} digits."
    if len(pin) > MAX_PIN_LENGTH:
        return "A PIN has at most {max} digits."
    if guessable(pin):
        return "This PIN is too easy to guess (one digit repeated, or digits in a row such as 1234): choose another."
    return None


def guessable(pin: str) -> bool:
    """One digit repeated (0000, 9999) or digits in a row up or down the keypad's 0–9 (1234, 6543, 7890): the
    PINs tried first. Others (2468, 1357) are left to the person."""
    steps = {(int(pin[i + 1]) - int(pin[i])) % 10 for i in range(len(pin) - 1)}
    return steps in ({0}, {1}, {9})


def hash_pin(pin: str, *, n: int = _N) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=_R, p=_P, dklen=32)
    return f"scrypt${n}${_R}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        digest = hashlib.scrypt(pin.encode(), salt=salt, n=int(n), r=int(r), p=_P, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)
