"""A local double of the SePay eInvoice API, following its published documentation (cited in docs/EINVOICE.md):

- ``POST /v1/token``: HTTP Basic client id/secret → ``{"success": true, "data": {"access_token", "token_type":
  "Bearer", "expires_in": 86400}}``; wrong credentials → 401.
- every other call needs ``Authorization: Bearer``; a missing, wrong or expired token → 401.
- ``POST /v1/invoices/create``: required ``template_code``, ``invoice_series``, ``issued_date``
  (``YYYY-MM-DD HH:mm:ss``), ``currency``, ``provider_account_id``, ``buyer`` (object), ``items`` (array);
  ``reference_code`` unique within the account (again → 409 ``EINVOICE_DOCUMENT_EXISTED``); ``total_amount``
  an integer. Answers ``{"tracking_code", "tracking_url", "message"}``.
- ``GET /v1/invoices/create/check/{tracking_code}``: ``Pending`` for a while, then ``Success`` with the invoice
  (or ``Failed`` with a message); unknown code → 404.
- ``GET /v1/invoices/{reference_code}``: the invoice (``status`` ``issued``); unknown → 404.
- errors: ``{"success": false, "error": {"code", "message"}}``; 429 and 5xx with ``Retry-After``.

Faults a test can turn on (``Double.faults``): an outage (503), slowness past the client's timeout (the invoice is
still created: the answer is what gets lost), a refusal of the next creation (422 with a code), token expiry,
rate limiting (429), and a creation that fails asynchronously.
"""

from __future__ import annotations

import asyncio
import base64
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.province_support import LiveApp

CLIENT_ID, CLIENT_SECRET, ACCOUNT = "ocop-client", "ocop-secret", "0aea3134-da40-11f0-aef4-52c7e9b4f41b"
REQUIRED = ("template_code", "invoice_series", "issued_date", "currency", "provider_account_id", "buyer", "items")


@dataclass
class Faults:
    outage: bool = False  # every call answers 503
    slow_seconds: float = 0.0  # creation answers after this long (the invoice is created first)
    refuse_next: str = ""  # the next creation is refused with this error code (422)
    expire_tokens: bool = False  # every token is refused once (as after 24 hours)
    rate_limit: int = 0  # this many next calls answer 429
    fail_next: str = ""  # the next creation fails asynchronously with this message
    pending_checks: int = 1  # how many status checks say Pending before Success


@dataclass
class Double:
    faults: Faults = field(default_factory=Faults)
    tokens: set[str] = field(default_factory=set)
    invoices: dict[str, dict[str, Any]] = field(default_factory=dict)  # by reference_code
    tracking: dict[str, dict[str, Any]] = field(default_factory=dict)  # tracking code → state
    creates: int = 0  # creation requests received (duplicates included)
    numbers: dict[str, int] = field(default_factory=dict)  # next number per series

    def issued(self) -> list[dict[str, Any]]:
        return [inv for inv in self.invoices.values() if inv["status"] == "issued"]


def _error(status: int, code: str, message: str, retry_after: float | None = None) -> JSONResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return JSONResponse({"success": False, "error": {"code": code, "message": message}}, status_code=status,
                        headers=headers)


def create_app(double: Double) -> FastAPI:
    app = FastAPI()

    def gate(request: Request) -> JSONResponse | None:
        f = double.faults
        if f.outage:
            return _error(503, "SERVICE_UNAVAILABLE", "Hệ thống đang bảo trì", retry_after=1)
        if f.rate_limit > 0:
            f.rate_limit -= 1
            return _error(429, "TOO_MANY_REQUESTS", "Quá nhiều yêu cầu", retry_after=1)
        return None

    def bearer(request: Request) -> JSONResponse | None:
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip()
        if not auth.startswith("Bearer ") or token not in double.tokens:
            return _error(401, "UNAUTHORIZED", "Token không hợp lệ hoặc đã hết hạn")
        if double.faults.expire_tokens:
            double.tokens.discard(token)
            double.faults.expire_tokens = False
            return _error(401, "UNAUTHORIZED", "Token đã hết hạn")
        return None

    @app.post("/v1/token")
    async def token(request: Request) -> Any:
        if (blocked := gate(request)) is not None:
            return blocked
        auth = request.headers.get("Authorization", "")
        try:
            user, _, secret = base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")
        except ValueError:
            user = secret = ""
        if not auth.startswith("Basic ") or (user, secret) != (CLIENT_ID, CLIENT_SECRET):
            return _error(401, "UNAUTHORIZED", "Sai client_id hoặc client_secret")
        value = uuid.uuid4().hex
        double.tokens.add(value)
        return {"success": True, "data": {"access_token": value, "token_type": "Bearer", "expires_in": 86400}}

    @app.post("/v1/invoices/create")
    async def create(request: Request) -> Any:
        if (blocked := gate(request) or bearer(request)) is not None:
            return blocked
        double.creates += 1
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "INVALID_JSON", "Dữ liệu không hợp lệ")
        for name in REQUIRED:
            if name not in body or body[name] in (None, ""):
                return _error(400, "MISSING_FIELD", f"Thiếu trường bắt buộc: {name}")
        if not isinstance(body["buyer"], dict) or not isinstance(body["items"], list) or not body["items"]:
            return _error(400, "INVALID_FIELD", "buyer phải là object, items là mảng không rỗng")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", str(body["issued_date"])):
            return _error(400, "INVALID_ISSUED_DATE", "issued_date phải có dạng YYYY-MM-DD HH:mm:ss")
        if body["provider_account_id"] != ACCOUNT:
            return _error(404, "PROVIDER_ACCOUNT_NOT_FOUND", "Không tìm thấy tài khoản nhà cung cấp")
        if "total_amount" in body and not isinstance(body["total_amount"], int):
            return _error(400, "INVALID_TOTAL_AMOUNT", "total_amount phải là số nguyên")
        reference = str(body.get("reference_code") or uuid.uuid4())
        if reference in double.invoices:
            return _error(409, "EINVOICE_DOCUMENT_EXISTED", "Hệ thống đã ghi nhận hoá đơn cho mã tham chiếu này.")
        if double.faults.refuse_next:
            code, double.faults.refuse_next = double.faults.refuse_next, ""
            return _error(422, code, "Dữ liệu hóa đơn không hợp lệ theo quy định")
        series = f"{body['template_code']}{body['invoice_series']}"
        fails = double.faults.fail_next
        double.faults.fail_next = ""
        number = 0
        if not fails:
            number = double.numbers.get(series, 0) + 1
            double.numbers[series] = number
        invoice = {"reference_code": reference, "invoice_number": str(number), "issued_date": body["issued_date"][:10],
                   "pdf_url": f"https://portal.example/DownloadPDF?ref={reference}", "xml_url": None,
                   "status": "processing", "buyer": body["buyer"], "items": body["items"],
                   "total_amount": body.get("total_amount"), "notes": body.get("notes", ""), "source": "api",
                   "request": body}
        if not fails:
            double.invoices[reference] = invoice
        tracking = str(uuid.uuid4())
        double.tracking[tracking] = {"reference": reference, "checks": 0, "fails": fails, "invoice": invoice}
        if double.faults.slow_seconds:
            await asyncio.sleep(double.faults.slow_seconds)  # created already: only the answer comes too late
        return {"success": True, "data": {"tracking_code": tracking,
                                          "tracking_url": f"/v1/invoices/create/check/{tracking}",
                                          "message": "Đã tạo yêu cầu xuất hóa đơn điện tử"}}

    @app.get("/v1/invoices/create/check/{tracking_code}")
    async def check(tracking_code: str, request: Request) -> Any:
        if (blocked := gate(request) or bearer(request)) is not None:
            return blocked
        state = double.tracking.get(tracking_code)
        if state is None:
            return _error(404, "NOT_FOUND", "Không tìm thấy tracking_code")
        state["checks"] += 1
        if state["checks"] <= double.faults.pending_checks:
            return {"success": True, "data": {"reference_code": state["reference"], "status": "Pending",
                                              "message": "Đang xử lý"}}
        if state["fails"]:
            return {"success": True, "data": {"reference_code": state["reference"], "status": "Failed",
                                              "message": state["fails"]}}
        invoice = state["invoice"]
        invoice["status"] = "issued"
        public = {k: v for k, v in invoice.items() if k != "request"}
        return {"success": True, "data": {"reference_code": state["reference"], "status": "Success",
                                          "message": "Xuất hóa đơn điện tử thành công", "invoice": public}}

    @app.get("/v1/invoices/{reference_code}")
    async def detail(reference_code: str, request: Request) -> Any:
        if (blocked := gate(request) or bearer(request)) is not None:
            return blocked
        invoice = double.invoices.get(reference_code)
        if invoice is None:
            return _error(404, "NOT_FOUND", "Không tìm thấy hóa đơn")
        invoice["status"] = "issued"  # by the time anyone asks, the provider has finished with it
        return {"success": True, "data": {k: v for k, v in invoice.items() if k != "request"}}

    return app


class LiveDouble(LiveApp):
    """The double under uvicorn on a free loopback port, in a thread."""

    def __init__(self) -> None:
        super().__init__()
        self.double = Double()

    def make_app(self) -> Any:
        return create_app(self.double)
