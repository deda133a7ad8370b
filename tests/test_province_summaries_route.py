"""``POST /api/v1/summaries`` is answered before FastAPI's router (``app.SummariesRoute``, the ingest's hot path):
every answer the same as through the router, byte for byte but the time received, for every kind of request an
outlet can send: stored, replayed, superseded, newer, refused (token, JSON, UTF-8, key reused, header, another
outlet, too large, rate limited), the database busy, a bug; and other methods or paths go on to the router."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from showroom_pos.province import api, auth
from showroom_pos.province.app import SummariesRoute
from showroom_pos.province.server_state import ServerConfig
from tests.programme_support import engine_for
from tests.province_support import LiveServer, register_outlet
from tests.test_province_api import summary_json

CONFIG = ServerConfig(max_body=6_000, outlet_rate=0.01, outlet_burst=16)


class RouterOnly(LiveServer):
    """The same app without ``SummariesRoute``: the summaries go through FastAPI's router, as before it."""

    def make_app(self) -> Any:
        app = super().make_app()
        app.user_middleware = [m for m in app.user_middleware if m.cls is not SummariesRoute]
        return app


@pytest.fixture(params=["sqlite", "postgresql"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def engines(kind: str, tmp_path: Path) -> Iterator[tuple[Engine, Engine]]:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for first in engine_for(kind, tmp_path / "a"):
        for second in engine_for(kind, tmp_path / "b"):
            yield first, second


def answers(server: LiveServer, engine: Engine, bodies: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
            ) -> list[tuple[str, int, list[tuple[str, str]], Any]]:
    token = register_outlet(engine, "CL01")
    register_outlet(engine, "CL02")
    url = f"{server.url}/api/v1/summaries"
    got = []

    def send(label: str, body: bytes | None = None, method: str = "POST", path: str = "", *,
             bearer: str | None = token, **headers: str) -> None:
        sent = {"Content-Type": "application/json", **headers}
        if bearer is not None:
            sent["Authorization"] = f"Bearer {bearer}"
        r = httpx.request(method, url + path, content=body, headers=sent, timeout=10, follow_redirects=False)
        kept = sorted((k, v.replace(server.url, "…")) for k, v in r.headers.items() if k != "date")
        if r.status_code == 429:  # (the wait left depends on the time the requests took: a whole number of seconds)
            assert int(r.headers["retry-after"]) >= 1
            kept = [(k, "…" if k == "retry-after" else v) for k, v in kept]
        text = re.sub(r'"received_at":"[^"]+"', '"received_at":"…"', r.text)
        got.append((label, r.status_code, kept, text))

    send("stored", bodies["day"])
    send("replayed", bodies["day"])
    send("key reused", bodies["reused"])
    send("newer", bodies["newer"])
    send("superseded", bodies["older"])
    send("wrong token", bodies["other"], bearer="ocop_wrong")
    send("no token", bodies["other"], bearer=None)
    for i, garbage in enumerate((b"", b"{not json", b"[]", b'{"schema": 1}', b"\x00\xff\xfe", b"\xff{}")):
        send(f"garbage {i}", garbage)
    send("header differs", bodies["other"], **{"Idempotency-Key": str(uuid.uuid4())})
    send("another outlet", bodies["cl02"])
    send("too large", b'{"schema":1,"pad":"' + b"x" * 10_000 + b'"}')
    send("trailing slash", bodies["other"], path="/")
    send("GET", method="GET")
    with monkeypatch.context() as patch:  # the database busy where the token is looked up (not cached)
        def busy(*_args: object, **_kwargs: object) -> None:
            raise OperationalError("SELECT …", {}, Exception("database is locked"))

        patch.setattr(auth, "outlet_for_token", busy)
        send("busy", bodies["other"], bearer="ocop_not_cached")
    with monkeypatch.context() as patch:  # a bug: 500, nothing of it told
        def broken(*_args: object, **_kwargs: object) -> None:
            raise RuntimeError("a bug")

        patch.setattr(api, "ingest", broken)
        patch.setattr(api, "ingest_new_day", broken)
        send("bug", bodies["other"])
    for i in range(6):  # the outlet's rate limit runs out
        send(f"rate {i}", bodies["other"])
    return got


def test_the_summaries_route_answers_as_the_router(
    engines: tuple[Engine, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    key = str(uuid.uuid4())
    day = date(2026, 3, 2)
    bodies = {name: text.encode() for name, text in {
        "day": summary_json(day=day, revision=2, key=key),
        "reused": summary_json(day=day, revision=2, key=key, net_bump=1_000),
        "newer": summary_json(day=day, revision=3),
        "older": summary_json(day=day, revision=1),
        "other": summary_json(day=date(2026, 3, 5)),
        "cl02": summary_json(code="CL02"),
    }.items()}
    fast = LiveServer(engines[0], CONFIG).start()
    try:
        through_route = answers(fast, engines[0], bodies, monkeypatch)
    finally:
        fast.stop()
    router = RouterOnly(engines[1], CONFIG).start()
    try:
        through_router = answers(router, engines[1], bodies, monkeypatch)
    finally:
        router.stop()
    assert through_route == through_router
    statuses = {label: status for label, status, _headers, _text in through_route}
    assert statuses["stored"] == statuses["replayed"] == statuses["newer"] == statuses["superseded"] == 200
    assert (statuses["wrong token"], statuses["key reused"], statuses["too large"], statuses["busy"],
            statuses["bug"], statuses["rate 5"]) == (401, 422, 413, 503, 500, 429)
    assert json.loads(through_route[0][3])["status"] == "stored"
