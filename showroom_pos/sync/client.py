"""The HTTP client for the province server: bearer token, TLS certificates always verified.

Every failure becomes one of three errors the worker knows how to treat:
``Retryable`` (network errors, timeouts, 409, 429, 5xx: try again later with backoff),
``Unauthorized`` (401: the token is wrong; nothing is parked, the manager fixes the setting) and
``Rejected`` (any other 4xx: this message will never be accepted as it is; the row is parked).
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from showroom_pos import __version__
from showroom_pos.core.catalogue_feed import CatalogueChanges, FeedFormatError, changes_from_dict
from showroom_pos.core.errors import N_, ValidationError
from showroom_pos.core.text import is_ascii_digits

if TYPE_CHECKING:  # httpx is imported when a client is made (on the sync worker's thread), not with the till
    import httpx

API = "/api/v1"
# The worker keeps these (English, for the log); the screens show them in the person's language.
NO_ANSWER = N_("the province server did not answer in time")
UNREACHABLE = N_("cannot reach the province server")
# (no ": " inside: the sentence leads the stored error, which ``readable_error`` translates up to the first one)
TOKEN_REFUSED = N_("the province refused this outlet's token (wrong or revoked; check province.token in Settings)")
DEFAULT_TIMEOUT = (20.0, 10.0)  # seconds per request, of which connecting may take this many


class SyncError(Exception):
    def __init__(self, message: str, status: int | None = None, code: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class Retryable(SyncError):
    def __init__(
        self, message: str, status: int | None = None, code: str = "", retry_after: float | None = None
    ) -> None:
        super().__init__(message, status, code)
        self.retry_after = retry_after


class Unauthorized(SyncError):
    pass


class Rejected(SyncError):
    pass


@dataclass(frozen=True)
class Ack:
    """The server's acknowledgement of one summary."""

    key: str
    status: str  # stored | superseded
    outlet_code: str
    business_day: str
    revision: int
    stored_revision: int
    replayed: bool = False

    @classmethod
    def from_dict(cls, data: Any, replayed: bool = False) -> Ack:
        if not isinstance(data, dict):
            raise ValueError("acknowledgement is not an object")
        return cls(
            key=str(data["key"]),
            status=str(data["status"]),
            outlet_code=str(data["outlet_code"]),
            business_day=str(data["business_day"]),
            revision=int(data["revision"]),
            stored_revision=int(data["stored_revision"]),
            replayed=replayed,
        )


@dataclass(frozen=True)
class DayDigest:
    """What the province holds for one of this outlet's days: revision, key and the body's SHA-256."""

    revision: int
    key: str
    sha256: str


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    """The server address, refusing plain http except to this machine (the token must not travel in clear)."""
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValidationError("Set the province server address (province.url) to an https:// address.")
    if parsed.scheme == "http" and not _loopback(parsed.hostname):
        raise ValidationError(
            "The province server address must start with https:// so the token is not sent in clear: {url}", url=url
        )
    return url.strip().rstrip("/")


DETAILS_SHOWN = 3  # the server's reasons kept with a refusal (a summary of many products may have dozens)


def _error_of(response: httpx.Response) -> tuple[str, str]:
    """The error's code and message, with the first of the server's reasons (``details``): "cannot store" alone
    left the manager with days refused and no way to learn why (the day before the outlet's first day, say)."""
    try:
        body = response.json()
        err = body.get("error", {}) if isinstance(body, dict) else {}
        message = str(err.get("message", "")) or response.reason_phrase
        details = err.get("details") or []
        if isinstance(details, list) and details:
            shown = "; ".join(str(d) for d in details[:DETAILS_SHOWN])
            more = len(details) - DETAILS_SHOWN
            message += f" ({shown}{f'; +{more}' if more > 0 else ''})"
        return str(err.get("code", "")), message
    except (ValueError, AttributeError):
        return "", f"HTTP {response.status_code} {response.reason_phrase}"


class ProvinceClient:
    """One connection pool to the province; safe to use from the worker thread only."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: httpx.Timeout | float | None = None,
        transport: httpx.BaseTransport | None = None,
        ca_file: str | None = None,
    ) -> None:
        import httpx

        if not token.strip():
            raise ValidationError("Set the outlet's province token (province.token) first.")
        self.base_url = check_url(base_url)
        verify: Any = ca_file if ca_file else True  # never False: certificates are always checked
        self._httpx = httpx
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(DEFAULT_TIMEOUT[0], connect=DEFAULT_TIMEOUT[1]) if timeout is None else timeout,
            verify=verify,
            transport=transport,
            headers={"Authorization": f"Bearer {token.strip()}", "User-Agent": f"showroom-pos/{__version__}"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ProvinceClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        httpx = self._httpx
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise Retryable(f"{NO_ANSWER}: {type(exc).__name__}") from exc
        except httpx.TransportError as exc:
            raise Retryable(f"{UNREACHABLE}: {exc or type(exc).__name__}") from exc
        status = response.status_code
        if status < 400 or status == 304:
            return response
        code, message = _error_of(response)
        text = f"HTTP {status} {code}: {message}".replace(" : ", ": ")
        if status in (408, 409, 425, 429) or status >= 500:
            retry_after = response.headers.get("Retry-After")
            wait = float(retry_after) if retry_after and is_ascii_digits(retry_after) else None
            raise Retryable(text, status, code, wait)
        if status == 401:
            raise Unauthorized(f"{TOKEN_REFUSED}: {text}", status, code)
        raise Rejected(text, status, code)

    def send_summary(self, payload: str, key: str) -> Ack:
        """POST one frozen summary exactly as frozen; the same bytes and key on every retry."""
        response = self._request(
            "POST",
            f"{API}/summaries",
            content=payload.encode("utf-8"),
            headers={"Content-Type": "application/json", "Idempotency-Key": key},
        )
        try:
            ack = Ack.from_dict(response.json(), replayed=response.headers.get("Idempotent-Replayed") == "true")
        except (ValueError, KeyError, TypeError) as exc:
            # A proxy's page or a cut body is not an acknowledgement: try again.
            raise Retryable(f"the server's answer is not an acknowledgement: {exc}") from exc
        if ack.key != key:
            raise Retryable(f"the server acknowledged {ack.key} instead of {key}")
        return ack

    def pull_catalogue(self, since: int, etag: str | None = None) -> tuple[CatalogueChanges | None, str | None]:
        """Changes after ``since``; ``(None, etag)`` when nothing changed (304)."""
        headers = {"If-None-Match": etag} if etag else {}
        response = self._request("GET", f"{API}/catalogue", params={"since": since}, headers=headers)
        if response.status_code == 304:
            return None, etag
        try:
            changes = changes_from_dict(response.json())
        except (ValueError, FeedFormatError, json.JSONDecodeError) as exc:
            raise Retryable(f"the catalogue could not be read: {exc}") from exc
        return changes, response.headers.get("ETag")

    def day_digest(self, start: date, end: date) -> dict[date, DayDigest]:
        """The province's revision of each of this outlet's days from ``start`` to ``end`` (≤ 400 days)."""
        response = self._request("GET", f"{API}/days", params={"from": start.isoformat(), "to": end.isoformat()})
        try:
            data = response.json()
            return {
                date.fromisoformat(str(d["business_day"])): DayDigest(
                    int(d["revision"]), str(d["key"]), str(d.get("sha256", ""))
                )
                for d in data["days"]
            }
        except (ValueError, KeyError, TypeError) as exc:
            raise Retryable(f"the server's list of days could not be read: {exc}") from exc

