"""The HTTP plumbing the province server's routers share: the API's error (``ApiError``, answered as
``{"error": {"code", "message", "details"}}`` with the status codes of docs/PROTOCOL.md), request bodies read
with a size cap before anything is parsed, the two form encodings, and a rate limit's ``Retry-After``.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.requests import ClientDisconnect

from . import params


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or []
        self.headers = headers or {}


def error_response(
    status: int, code: str, message: str, details: list[str] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "details": details or []}}, status_code=status, headers=headers
    )


def retry_after(wait: float) -> str:
    """A rate limiter's wait (seconds) as a ``Retry-After`` header: whole seconds, rounded up, at least 1."""
    return str(max(1, int(wait + 0.999)))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    too_big = ApiError(413, "payload_too_large", f"The body is larger than {limit} bytes.")
    if declared is not None and (params.whole(declared, 0, 10**15) or 0) > limit:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_big
            chunks.append(chunk)
    except ClientDisconnect:
        # The request was cut mid-way: nothing was read, nothing is written, nobody to answer.
        raise ApiError(400, "incomplete_request", "The request body was cut off.") from None
    return b"".join(chunks)


async def read_form(request: Request, limit: int, *, keep_blank_values: bool = False) -> dict[str, str]:
    """The fields of an url-encoded form (the first value of each), its body read with a size cap."""
    body = await read_limited(request, limit)
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=keep_blank_values).items()}


def multipart_parts(body: bytes, content_type: str) -> Iterator[tuple[object, str | None, bytes]]:
    """Each part of a multipart/form-data body: its field name, its file name and its bytes (no third-party
    parser needed for our forms)."""
    if not content_type.lower().startswith("multipart/form-data"):
        return
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        return
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        yield (
            part.get_param("name", header="content-disposition"),
            part.get_filename(),
            payload if isinstance(payload, bytes) else b"",
        )


def parse_multipart(body: bytes, content_type: str) -> dict[str, tuple[str | None, bytes]]:
    """The fields of a multipart/form-data body (the last part of each name)."""
    return {name: (filename, data) for name, filename, data in multipart_parts(body, content_type)
            if isinstance(name, str)}


def multipart_files(body: bytes, content_type: str) -> list[tuple[str, bytes]]:
    """Every file of the form's ``file`` field (several may be chosen at once)."""
    return [(filename, data) for name, filename, data in multipart_parts(body, content_type)
            if name == "file" and filename and data]
