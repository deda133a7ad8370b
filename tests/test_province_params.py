"""Every route of the province server, asked with hostile path segments and query values, answers something
other than a 500: ``'²'`` (``str.isdigit`` accepts it, ``int`` does not), full-width digits, numbers beyond
any integer column, dates ``date`` cannot step past, NUL, overlong text. Logged in as an officer, so the staff
pages are reached too. Fails with ``page_text.isdigit()`` in ``/ocop`` (``int('²')`` raised)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import Engine

from showroom_pos.province.server_state import ServerConfig
from tests.programme_support import add_staff, engine_for, import_catalogue, login, write_catalogue
from tests.province_support import LiveServer, register_outlet

HOSTILE = (
    "²",
    "１２",
    "٣",
    "99999999999999999999999",
    "-1",
    "0",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "\x00",
    "a" * 3000,
    "..",
    "%",
    "=1+1",
    "'; DROP TABLE outlet; --",
    "\ufffd",
)
QUERY_NAMES = (
    "page",
    "months",
    "stars",
    "group",
    "q",
    "in_stock",
    "start",
    "end",
    "outlet",
    "table",
    "from",
    "to",
    "since",
    "lang",
    "headers",
    "period",
    "v",
)
VALID = {"ref": "TRV-TMC", "n": "1", "fmt": "csv", "day_text": "2026-03-02"}


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for("sqlite", tmp_path)


@pytest.fixture
def live(engine: Engine, tmp_path: Path) -> Iterator[LiveServer]:
    add_staff(engine, "lan.nguyen", "admin")
    import_catalogue(
        engine,
        write_catalogue(
            tmp_path / "list.csv",
            [{"ref": "TRV-TMC", "sku": "TRV-TMC", "name": "Trà mãng cầu", "stars": 3, "producer_name": "Travipha"}],
        ),
    )
    server = LiveServer(engine, ServerConfig(outlet_burst=100_000, outlet_rate=10_000)).start()
    yield server
    server.stop()


def get_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every GET route, those of the included routers too."""
    for route in routes:
        if isinstance(route, APIRoute):
            if route.methods is not None and "GET" in route.methods:
                yield route
        elif hasattr(route, "original_router"):  # FastAPI's wrapper of an included router
            yield from get_routes(route.original_router.routes)


def _paths(route: APIRoute) -> Iterator[str]:
    """The route's path with each parameter in turn given every hostile value (the others valid)."""
    names = re.findall(r"{(\w+)(?::\w+)?}", route.path)

    def fill(values: dict[str, str]) -> str:
        return re.sub(r"{(\w+)(?::\w+)?}", lambda m: quote(values[m.group(1)], safe=""), route.path)

    yield fill({n: VALID.get(n, "x") for n in names})
    for name in names:
        for value in HOSTILE:
            yield fill({n: value if n == name else VALID.get(n, "x") for n in names})


def test_no_route_answers_500_whatever_its_path_or_query_holds(engine: Engine, live: LiveServer) -> None:
    from showroom_pos.province.app import create_app

    token = register_outlet(engine, "CL01")
    client = login(live, "lan.nguyen")
    client.headers["Authorization"] = f"Bearer {token}"  # the outlet API too (the officer's cookie is ignored)
    routes = list(get_routes(create_app(engine=engine).routes))
    assert len(routes) > 20
    failures: list[str] = []
    asked = 0

    def ask(path: str, query: dict[str, str]) -> None:
        nonlocal asked
        r = client.get(path, params=query)
        asked += 1
        if r.status_code >= 500:
            failures.append(f"{r.status_code} GET {path[:80]} {str(query)[:80]}")

    for route in routes:
        paths = list(_paths(route))
        for path in paths:  # each hostile path segment, no query
            ask(path, {})
        for value in HOSTILE:  # every query name at once with the same hostile value
            ask(paths[0], {name: value for name in QUERY_NAMES})
        for name in QUERY_NAMES:  # one at a time (a parser that fails first cannot hide another)
            for value in ("²", "99999999999999999999999"):
                ask(paths[0], {name: value})
    assert not failures, failures[:20]
    assert asked > 1000, asked


@pytest.mark.parametrize(
    "path",
    [
        "/ocop?page=²",
        "/ocop?page=١",
        "/ocop?page=99999999999999999999",
        "/programme?months=²",
        "/ocop/p/TRV-TMC/photo-99999999999999999999.jpg",
        "/ocop/p/%C2%B2",
        "/dashboard?start=9999-12-31&end=²",
        "/programme/export/sales.csv?start=2199-12-01&end=2199-12-31&period=month",
    ],
)
def test_named_hostile_addresses(live: LiveServer, path: str) -> None:
    client = login(live, "lan.nguyen")
    r = client.get(path)
    assert r.status_code < 500, (path, r.status_code, r.text[:300])
    if path.startswith("/ocop?"):
        assert r.status_code == 200  # the first page, as for no page at all


def test_a_day_that_is_no_date_is_not_found_on_the_api(engine: Engine, live: LiveServer) -> None:
    token = register_outlet(engine, "CL01")
    client = httpx.Client(base_url=live.url, timeout=30)
    for day in ("²", "2026-02-30", "99999999999999999999", "9999-12-31"):
        r = client.get(f"/api/v1/summaries/{quote(day)}", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", (day, r.text)
    r = client.get("/api/v1/days?from=²&to=2026-01-01", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 422
