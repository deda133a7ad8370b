"""The keys that check outlets' USB files, kept so that the province's database alone cannot sign one.

An outlet signs its file with ``usb_key(token)`` (``core.summary``: an HMAC of a fixed label keyed with its
token). HMAC is symmetric: whoever checks a signature can make one. So the province never stores that key as
it is: it stores it XORed with a pad only it can make, ``HMAC-SHA256(secret, outlet code + token hash)``, where
``secret`` is 32 random bytes in a file *outside* the database (``--secret-file``, ``$SHOWROOM_PROVINCE_SECRET_FILE``
or the server's configuration folder). Someone with a copy of the database (a backup, a read-only account) holds
only pads' worth of noise; the token hash it also holds gives neither the token nor the key.

The trade-off, said plainly: the running server, which reads the secret, could still sign any outlet's file
(an Ed25519 key pair per outlet would take that away too, but needs the ``cryptography`` package, which this
project does not depend on). Keep the secret file out of database backups, and back it up on its own: without
it the stored keys are useless, and each outlet gets its key again at its next online sync (or with a new
token: ``outlet revoke`` then ``outlet add``).

An outlet registered before this (issue 19) has no stored key: it gets one the first time it talks to the API
with its token, which the server then has in hand.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from showroom_pos.core.summary import usb_key

ENV_SECRET = "SHOWROOM_PROVINCE_SECRET_FILE"
SECRET_BYTES = 32


class SecretMissing(RuntimeError):
    """The secret file is gone (or unreadable): stored keys cannot be read."""


def default_path() -> Path:
    configured = os.environ.get(ENV_SECRET, "").strip()
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return platformdirs.user_config_path("showroom-province") / "usb-signing.secret"


def secret(path: Path | None = None, *, create: bool = True) -> bytes:
    """The server's secret, made (readable by its owner only) the first time a key is stored."""
    path = path or default_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not create:
            raise SecretMissing(f"the USB signing secret {path} does not exist") from None
        path.parent.mkdir(parents=True, exist_ok=True)
        data = secrets.token_bytes(SECRET_BYTES)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        return data
    except OSError as exc:
        raise SecretMissing(f"the USB signing secret {path} cannot be read: {exc}") from None
    if len(data) != SECRET_BYTES:
        raise SecretMissing(f"the USB signing secret {path} is not {SECRET_BYTES} bytes")
    return data


def _pad(secret_bytes: bytes, outlet_code: str, token_hash: str) -> bytes:
    message = b"ocop-usb-key\x00" + outlet_code.encode("utf-8") + b"\x00" + token_hash.encode("ascii")
    return hmac.new(secret_bytes, message, hashlib.sha256).digest()


def wrap(secret_bytes: bytes, outlet_code: str, token_hash: str, token: str) -> str:
    """What the database keeps for an outlet's USB key (hex); ``token`` is at hand only when it is given."""
    key = usb_key(token)
    return bytes(a ^ b for a, b in zip(key, _pad(secret_bytes, outlet_code, token_hash), strict=True)).hex()


def unwrap(secret_bytes: bytes, outlet_code: str, token_hash: str, stored: str) -> bytes:
    return bytes(a ^ b for a, b in zip(bytes.fromhex(stored), _pad(secret_bytes, outlet_code, token_hash),
                                       strict=True))
