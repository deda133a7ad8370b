"""Test support for the province's programme view: databases (SQLite, and PostgreSQL when
``SHOWROOM_TEST_POSTGRES_URL`` is set), staff logins, catalogue files and summaries with stock."""

from __future__ import annotations

import csv
import os
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from showroom_pos.core import summary as shapes
from showroom_pos.province import auth, catalogue
from showroom_pos.province.db import drop_schema, open_database, session_factory
from tests.province_support import LiveServer

PG_ENV = "SHOWROOM_TEST_POSTGRES_URL"
PASSWORD = "mật-khẩu-chương-trình-2026"
HOSTILE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'

CATALOGUE_HEADER = [
    "ref",
    "sku",
    "name",
    "barcodes",
    "unit",
    "group",
    "stars",
    "producer_code",
    "producer_name",
    "producer_kind",
    "producer_commune",
    "producer_province",
    "certificate_no",
    "certificate_signed",
    "certificate_expires",
    "reference_price",
    "status",
]


def engine_for(kind: str, tmp_path: Path) -> Iterator[Engine]:
    if kind == "sqlite":
        engine = open_database(str(tmp_path / "province.db"))
        yield engine
        engine.dispose()
        return
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests skipped")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    engine = open_database(url, schema=schema)
    try:
        yield engine
    finally:
        engine.dispose()
        drop_schema(url, schema)


def write_catalogue(path: Path, rows: list[dict[str, object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, CATALOGUE_HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in CATALOGUE_HEADER})
    return path


def import_catalogue(engine: Engine, path: Path) -> catalogue.ImportResult:
    with session_factory(engine).begin() as session:
        return catalogue.import_file(session, path)


def add_staff(engine: Engine, username: str, role: str = "officer") -> None:
    with session_factory(engine).begin() as session:
        auth.add_user(session, username, PASSWORD, role)


def page_token(page: str) -> str:
    """The CSRF token of the form on ``page``."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no CSRF token"
    return found.group(1)


def form_token(client: httpx.Client) -> str:
    """The login form's CSRF token (its cookie stays in ``client``)."""
    return page_token(client.get("/login").text)


def post_login(client: httpx.Client, username: str, password: str = PASSWORD) -> httpx.Response:
    """Log in as a browser does: the form first (its token and cookie), then the post."""
    return client.post("/login", data={"username": username, "password": password, "csrf": form_token(client)})


def login(live: LiveServer, username: str) -> httpx.Client:
    client = httpx.Client(base_url=live.url, follow_redirects=False, timeout=30)
    r = post_login(client, username)
    assert r.status_code == 303, r.text
    return client


def product(
    sku: str,
    qty: int,
    gross: int,
    *,
    name: str = "",
    barcode: str | None = None,
    ref: str | None = None,
    producer_code: str | None = None,
    discounts: int = 0,
    returns: int = 0,
    qty_returned: int = 0,
) -> shapes.ProductFigures:
    net = gross - discounts - returns
    return shapes.ProductFigures(
        sku=sku,
        name=name or sku,
        qty_sold=qty,
        qty_returned=qty_returned,
        gross=gross,
        discounts=discounts,
        returns=returns,
        net=net,
        vat=net * 8 // 108,
        barcode=barcode,
        province_ref=ref,
        producer_code=producer_code,
    )


def summary(
    code: str,
    day: date,
    products: list[shapes.ProductFigures],
    *,
    revision: int = 1,
    stock: list[shapes.StockLevel] | None = None,
    stock_at: datetime | None = None,
) -> shapes.DailySummary:
    built = shapes.build(
        outlet_code=code,
        business_day=day,
        revision=revision,
        idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC),
        receipts=len(products),
        voided=0,
        products=products,
        payments={"cash": sum(p.gross - p.discounts for p in products)},
        refunds={"cash": sum(p.returns for p in products)},
        cash_over_short=0,
        shifts_closed=1,
    )
    if stock is None:
        return built
    from dataclasses import replace

    return replace(built, stock=shapes.StockSnapshot(stock_at or datetime.now(UTC), tuple(stock)))


def post(live: LiveServer, token: str, s: shapes.DailySummary) -> httpx.Response:
    r = httpx.post(
        f"{live.url}/api/v1/summaries",
        content=s.to_json().encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    return r
