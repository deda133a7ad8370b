"""No summary an outlet sends can make the province answer 500: values the shared validator lets
through but a column cannot hold (4-byte integers, NUL on PostgreSQL, lone surrogates on SQLite,
control characters, far-future days) are refused with a 422 that names the field, and nothing is
written. Against a real uvicorn server, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from showroom_pos.province.db import session_factory
from showroom_pos.province.programme_models import OutletStockSnapshot
from showroom_pos.province.server_state import ServerConfig
from tests.programme_support import engine_for
from tests.province_support import LiveServer, register_outlet
from tests.test_province_api import post, stored, summary_json, table_counts


@pytest.fixture(params=["sqlite", "postgresql"])
def province_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for(request.param, tmp_path)


@pytest.fixture
def server(province_engine: Engine) -> Iterator[LiveServer]:
    live = LiveServer(province_engine, ServerConfig(outlet_burst=100_000, outlet_rate=1000)).start()
    yield live
    live.stop()


def with_product(change: dict[str, Any]) -> dict[str, Any]:
    body = json.loads(summary_json())
    body["products"][0].update(change)
    return body


def with_day(change: dict[str, Any]) -> dict[str, Any]:
    body = json.loads(summary_json())
    body.update(change)
    return body


BIG = 3_000_000_000  # > 2^31 - 1, < the validator's 10^15

UNSTORABLE: list[tuple[str, dict[str, Any], str]] = [
    ("receipts beyond 4 bytes", with_day({"receipts": BIG}), "receipts"),
    ("revision beyond 4 bytes", with_day({"revision": BIG}), "revision"),
    ("voided beyond 4 bytes", with_day({"voided": BIG}), "voided"),
    ("shifts beyond 4 bytes", with_day({"shifts_closed": BIG}), "shifts_closed"),
    ("absurd payment", with_day({"payments": {"cash": 10**14}}), "payments.cash"),
    ("NUL in a product name", with_product({"name": "Trà\u0000xiêm"}), "products[0].name"),
    ("NUL in a SKU", with_product({"sku": "TRV\u0000TMC"}), "products[0].sku"),
    ("lone surrogate in a name", with_product({"name": "Trà \ud800"}), "products[0].name"),
    ("lone surrogate in a producer", with_product({"producer": "\udfff"}), "products[0].producer"),
    ("bell in a barcode", with_product({"barcode": "893\u0007"}), "products[0].barcode"),
    ("a day in 2199", with_day({"business_day": "2199-12-31"}), "business_day"),
]


def encode(body: dict[str, Any]) -> bytes:
    # ensure_ascii: lone surrogates travel as \\ud800 escapes, exactly what a JSON encoder may send.
    return json.dumps(body, ensure_ascii=True).encode("ascii")


@pytest.mark.parametrize("case", UNSTORABLE, ids=[c[0] for c in UNSTORABLE])
def test_unstorable_values_are_refused_naming_the_field(
    server: LiveServer, province_engine: Engine, case: tuple[str, dict[str, Any], str]
) -> None:
    _name, body, field = case
    token = register_outlet(province_engine, "CL01")
    before = table_counts(province_engine)
    r = post(server, token, encode(body))
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "invalid_summary"
    assert any(d.startswith(f"{field}:") for d in error["details"]), error
    assert table_counts(province_engine) == before


def test_a_body_in_utf16_is_refused_not_a_500(server: LiveServer, province_engine: Engine) -> None:
    token = register_outlet(province_engine, "CL01")
    r = post(server, token, summary_json().encode("utf-16"))
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_summary", r.text


def test_unstorable_stock_is_dropped_and_the_figures_stored(server: LiveServer, province_engine: Engine) -> None:
    token = register_outlet(province_engine, "CL01")
    body = with_day({"stock": {"at": "2026-03-02T10:00:00+00:00", "items": [{"sku": "A\u0000", "on_hand": 3}]}})
    r = post(server, token, encode(body))
    assert r.status_code == 200 and r.json()["status"] == "stored", r.text
    assert stored(province_engine, "CL01", date(2026, 3, 2)) is not None
    with session_factory(province_engine)() as s:
        assert s.get(OutletStockSnapshot, 1) is None


HOSTILE_TEXT = st.text(
    alphabet=st.sampled_from(["a", "Đ", "\u0000", "\ud800", "\udfff", "\u0007", "\u202e", "\ufffe", "'", '"', "\\"]),
    max_size=12,
)
HOSTILE_INT = st.one_of(
    st.integers(min_value=0, max_value=10),
    st.sampled_from([2**31 - 1, 2**31, 3_000_000_000, 2**53, 10**15, 10**15 + 1]),
)


@st.composite
def hostile_summaries(draw: st.DrawFn) -> dict[str, Any]:
    body = json.loads(summary_json(key=str(uuid.uuid4())))
    product = body["products"][0]
    for name in ("sku", "name", "producer", "barcode", "group", "province_ref", "unit"):
        if draw(st.booleans()):
            product[name] = draw(HOSTILE_TEXT)
    gross = draw(HOSTILE_INT)
    product.update(gross=gross, net=gross, discounts=0, returns=0)
    body.update(gross=gross, net=gross)
    for name in ("receipts", "voided", "shifts_closed", "revision"):
        if draw(st.booleans()):
            body[name] = draw(HOSTILE_INT)
    body["business_day"] = draw(st.dates(min_value=date(1999, 1, 1), max_value=date(2201, 1, 1))).isoformat()
    if draw(st.booleans()):
        body["stock"] = {"at": "2026-03-02T10:00:00+00:00", "items": [{"sku": draw(HOSTILE_TEXT), "on_hand": 1}]}
    return body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=hostile_summaries())
def test_generated_hostile_summaries_never_get_a_500(
    server: LiveServer, province_engine: Engine, body: dict[str, Any]
) -> None:
    code = f"H{uuid.uuid4().hex[:8].upper()}"
    token = register_outlet(province_engine, code)
    body["outlet_code"] = code
    r = httpx.post(
        f"{server.url}/api/v1/summaries",
        content=encode(body),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=20,
    )
    assert r.status_code in (200, 422), r.text
    assert r.headers["content-type"].startswith("application/json")
    if r.status_code == 422:
        assert r.json()["error"]["details"]


def test_an_unexpected_failure_answers_the_documented_json(
    server: LiveServer, province_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import showroom_pos.province.api as app_module

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(app_module, "ingest", broken)
    monkeypatch.setattr(app_module, "ingest_new_day", broken)  # (PostgreSQL's new days)
    token = register_outlet(province_engine, "CL01")
    r = post(server, token, summary_json())
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal_error" and "a bug" not in r.text


def test_a_busy_database_anywhere_answers_503_json(
    server: LiveServer, province_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from showroom_pos.province import auth

    def busy(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT …", {}, Exception("database is locked"))

    monkeypatch.setattr(auth, "outlet_for_token", busy)
    r = httpx.get(f"{server.url}/api/v1/whoami", headers={"Authorization": "Bearer ocop_x"}, timeout=20)
    assert r.status_code == 503 and r.json()["error"]["code"] == "unavailable" and r.headers["Retry-After"]
