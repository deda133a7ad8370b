"""SePay eInvoice API (https://developer.sepay.vn/en/einvoice-api/v1/tong-quan): one REST integration in front
of the licensed providers a showroom holds an account with. Written to its published documentation (cited in
docs/EINVOICE.md), and tested against a local double that follows it (``tests/sepay_double.py``):

- ``POST /v1/token`` with HTTP Basic (client id and secret) gives a bearer token valid 24 hours; a 401 later
  means it expired: a new one is fetched once, then the credentials are wrong (``Unauthorized``).
- ``POST /v1/invoices/create`` with ``is_draft: false`` creates and issues; it answers a ``tracking_code``.
  ``reference_code`` "must be unique within your account": it is the invoice's key here, so sending the same
  invoice again is answered 409 ``EINVOICE_DOCUMENT_EXISTED`` and never makes a second invoice.
- ``GET /v1/invoices/create/check/{tracking_code}``: ``Pending``, ``Success`` (with the invoice) or ``Failed``
  ("undetermined, check before resending"); ``GET /v1/invoices/{reference_code}`` reads what the provider holds.
- Errors are ``{"success": false, "error": {"code", "message"}}``: 400/404/405/422 refuse the document (parked
  with the message), 401 the token, 409 a duplicate, 429 and 5xx are retried later (``Retry-After`` honoured).

What its pages do not show (the item fields for VAT and discount, adjustments, notices) is handled honestly:
VAT and discount go as ``tax_rate``/``discount_amount`` (to be confirmed against the provider's current page);
adjusting invoices and cancellation notices are refused by this module (parked, with the reason: do them in the
provider's portal, or deliver them with the file drop) rather than sent in a shape the API may not mean.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from showroom_pos import __version__
from showroom_pos.core.clock import local

from .. import document
from . import Accepted, Refused, Retryable, Submission, Unauthorized, Waiting

if TYPE_CHECKING:
    from ..issue import Config

LABEL = "SePay eInvoice API"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
POLL_AFTER = 3.0  # seconds before asking how a creation went
DUPLICATE = "EINVOICE_DOCUMENT_EXISTED"
NOT_IN_API = "NOT_IN_API"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def tax_rate(tsuat: str | None) -> int | float | str | None:
    """``8%`` → 8; ``KCT``/``KKKNT`` as they are (no rate to give)."""
    if tsuat is None:
        return None
    if tsuat.endswith("%"):
        return _number(Decimal(tsuat[:-1]))
    return tsuat


def payload(item: Submission, account: str) -> dict[str, Any]:
    """The create request for one invoice, from its frozen XML (so what the provider gets is what was issued)."""
    inv = document.from_xml(item.xml)
    buyer = {k: v for k, v in (("name", inv.buyer.name), ("tax_code", inv.buyer.tax_code),
                                ("address", inv.buyer.address), ("email", inv.buyer.email),
                                ("phone", inv.buyer.phone)) if v}
    items = []
    for ln in inv.lines:
        entry: dict[str, Any] = {"line_number": ln.no, "line_type": ln.nature, "item_code": ln.code,
                                 "item_name": ln.name, "unit": ln.unit, "quantity": _number(ln.qty),
                                 "unit_price": _number(ln.price)}
        if ln.tsuat is not None:
            entry["tax_rate"] = tax_rate(ln.tsuat)
        if ln.discount:
            entry["discount_amount"] = ln.discount
        items.append(entry)
    other = dict(inv.other)
    notes = f"Hóa đơn khởi tạo từ máy tính tiền {inv.form}{inv.symbol} số {inv.number}"
    if inv.code:
        notes += f", mã CQT {inv.code}"
    if other.get("Số phiếu"):
        notes += f"; phiếu {other['Số phiếu']}"
    if inv.related is not None:
        notes += f"; thay thế hóa đơn {inv.related.form}{inv.related.symbol} số {inv.related.number}"
    return {
        "reference_code": item.key,
        "provider_account_id": account,
        "template_code": inv.form,
        "invoice_series": inv.symbol,
        "issued_date": f"{local(item.issued_at):%Y-%m-%d %H:%M:%S}",
        "currency": inv.currency,
        "payment_method": inv.payment,
        "is_draft": False,
        "buyer": buyer,
        "items": items,
        "notes": notes,
        "total_amount": inv.total,
    }


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _error(body: Any) -> tuple[str, str]:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        err = body["error"]
        return str(err.get("code", "")), str(err.get("message", ""))
    return "", ""


class SePay:
    name = "sepay"

    def __init__(self, base_url: str, client_id: str, client_secret: str, account: str, *,
                 timeout: httpx.Timeout | float = TIMEOUT, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.monotonic, poll_after: float = POLL_AFTER) -> None:
        self.client_id, self.client_secret, self.account = client_id, client_secret, account
        self.http = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout, transport=transport,
                                 headers={"User-Agent": f"showroom-pos/{__version__}"})
        self._token = ""
        self._token_until = 0.0
        self._clock = clock
        self.poll_after = poll_after
        self.calls = 0

    # --- HTTP ----------------------------------------------------------------------------------------------
    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        self.calls += 1
        try:
            return self.http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise Retryable(f"SePay: no answer in time ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise Retryable(f"SePay unreachable: {exc}") from None

    def token(self) -> str:
        if self._token and self._clock() < self._token_until:
            return self._token
        if not self.client_id or not self.client_secret:
            raise Unauthorized("SePay: set the client id and secret (einvoice.provider_client_id/_secret).")
        response = self._send("POST", "/v1/token", auth=(self.client_id, self.client_secret))
        if response.status_code == 401:
            raise Unauthorized("SePay refused the client id and secret (401).", status=401)
        body = self._json(response)
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict) or not data.get("access_token"):
            raise Retryable("SePay: no token in its answer", status=response.status_code)
        self._token = str(data["access_token"])
        self._token_until = self._clock() + max(60.0, float(data.get("expires_in", 86400)) - 300.0)
        return self._token

    def _json(self, response: httpx.Response) -> Any:
        if response.status_code == 429 or response.status_code >= 500:
            code, message = _error(self._body(response))
            raise Retryable(f"SePay {response.status_code}: {message or response.reason_phrase}",
                            status=response.status_code, code=code, retry_after=_retry_after(response))
        return self._body(response)

    @staticmethod
    def _body(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            return None

    def _call(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
        """(status, JSON body) with a bearer token; a 401 fetches a new token once."""
        for attempt in (1, 2):
            response = self._send(method, path, headers={"Authorization": f"Bearer {self.token()}"}, **kwargs)
            if response.status_code == 401:
                self._token = ""
                if attempt == 2:
                    raise Unauthorized("SePay refused a fresh token (401).", status=401)
                continue
            return response.status_code, self._json(response)
        raise AssertionError("unreachable")  # pragma: no cover

    # --- the protocol ----------------------------------------------------------------------------------------
    def submit(self, item: Submission) -> Accepted | Waiting:
        if item.kind in ("adjustment", "cancellation"):
            what = "an adjusting invoice" if item.kind == "adjustment" else "a 04/SS-HĐĐT notice"
            raise Refused(f"SePay's published API has no call for {what}: issue it in the provider's portal "
                          "(or export it with the file drop), then mark it resolved.", code=NOT_IN_API)
        if item.provider_ref.startswith("track:"):
            return self._check(item, item.provider_ref.removeprefix("track:"))
        if item.provider_ref.startswith("ref:"):
            return self._detail(item, "")
        status, body = self._call("POST", "/v1/invoices/create", json=payload(item, self.account))
        code, message = _error(body)
        if status == 409 or code == DUPLICATE:
            return self._detail(item, message)  # it has this key already (an earlier answer was lost)
        if status == 200 and isinstance(body, dict) and body.get("success"):
            data = body.get("data") or {}
            tracking = str(data.get("tracking_code", ""))
            if tracking:
                return Waiting(f"track:{tracking}", self.poll_after, str(data.get("message", "")))
            return self._detail(item, "")
        raise Refused(f"SePay {status} {code}: {message}".strip(), status=status, code=code)

    def _accepted(self, invoice: dict[str, Any], item: Submission) -> Accepted:
        return Accepted(reference=str(invoice.get("reference_code") or item.key),
                        number=str(invoice.get("invoice_number") or ""), url=str(invoice.get("pdf_url") or ""))

    def _check(self, item: Submission, tracking: str) -> Accepted | Waiting:
        status, body = self._call("GET", f"/v1/invoices/create/check/{tracking}")
        if status == 404:
            return self._detail(item, "")
        data = body.get("data") if isinstance(body, dict) else None
        if status != 200 or not isinstance(data, dict):
            code, message = _error(body)
            raise Retryable(f"SePay {status} {code}: {message}".strip(), status=status, code=code)
        state = str(data.get("status", ""))
        if state == "Success" and isinstance(data.get("invoice"), dict):
            return self._accepted(data["invoice"], item)
        if state == "Failed":
            # "Undetermined, check before resending": ask what it holds under the key before giving up on it.
            return self._detail(item, str(data.get("message", "")), failed=True)
        return Waiting(f"track:{tracking}", self.poll_after, str(data.get("message", "")))

    def _detail(self, item: Submission, message: str, *, failed: bool = False) -> Accepted | Waiting:
        status, body = self._call("GET", f"/v1/invoices/{item.key}")
        if status == 404:
            if failed:
                raise Refused(f"SePay could not issue it: {message}", code="Failed")
            raise Retryable(f"SePay does not find reference {item.key} yet: {message}".strip(), status=404)
        data = body.get("data") if isinstance(body, dict) else None
        if status != 200 or not isinstance(data, dict):
            code, text = _error(body)
            raise Retryable(f"SePay {status} {code}: {text}".strip(), status=status, code=code)
        if str(data.get("status", "")) == "issued":
            return self._accepted(data, item)
        return Waiting(f"ref:{item.key}", self.poll_after * 2, f"SePay: {data.get('status', '')}")

    def close(self) -> None:
        self.http.close()


def create(config: Config, folder: Path) -> SePay:
    return SePay(config.provider_url, config.provider_client_id, config.provider_client_secret,
                 config.provider_account)
