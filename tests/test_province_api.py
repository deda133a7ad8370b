"""The province server's API against a real uvicorn server, on SQLite and on PostgreSQL.

PostgreSQL tests read ``SHOWROOM_TEST_POSTGRES_URL`` and skip visibly without it; each run uses a
fresh schema, dropped afterwards.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from showroom_pos.core import summary as shapes
from showroom_pos.province import catalogue
from showroom_pos.province.db import session_factory
from showroom_pos.province.models import (
    Base,
    DailySummaryRow,
    DeliveryReceipt,
    ProvinceOutlet,
)
from showroom_pos.province.server_state import ServerConfig
from tests.programme_support import engine_for
from tests.province_support import LiveServer, register_outlet


@pytest.fixture(params=["sqlite", "postgresql"])
def province_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for(request.param, tmp_path)


@pytest.fixture
def server(province_engine: Engine) -> Iterator[LiveServer]:
    live = LiveServer(province_engine, ServerConfig(outlet_burst=1000)).start()
    yield live
    live.stop()


def summary_json(
    code: str = "CL01", day: date = date(2026, 3, 2), revision: int = 1, net_bump: int = 0, key: str | None = None
) -> str:
    gross = 130_000 + net_bump
    product = shapes.ProductFigures(
        sku="TRV-TMC",
        name="Trà mãng cầu <b>xiêm</b>",
        qty_sold=2,
        qty_returned=0,
        gross=gross,
        discounts=0,
        returns=0,
        net=gross,
        vat=9_630,
        stars=3,
        producer="Công ty TNHH Travipha",
    )
    return shapes.build(
        outlet_code=code,
        business_day=day,
        revision=revision,
        idempotency_key=key or str(uuid.uuid4()),
        generated_at=datetime.now(UTC),
        receipts=2,
        voided=0,
        products=[product],
        payments={"cash": gross},
        refunds={},
        cash_over_short=0,
        shifts_closed=1,
    ).to_json()


def post(server: LiveServer, token: str, body: str | bytes, **headers: str) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/v1/summaries",
        content=body if isinstance(body, bytes) else body.encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", **headers},
        timeout=10,
    )


def table_counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:
        return {
            t.name: s.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
            if t.name not in ("web_session",)
        }


def stored(engine: Engine, code: str, day: date) -> DailySummaryRow | None:
    with session_factory(engine)() as s:
        return s.scalar(
            select(DailySummaryRow)
            .join(ProvinceOutlet)
            .where(ProvinceOutlet.code == code, DailySummaryRow.business_day == day)
        )


def test_store_replay_older_newer_and_late_days(server: LiveServer, province_engine: Engine) -> None:
    token = register_outlet(province_engine, "CL01")
    first = summary_json(revision=1)
    r1 = post(server, token, first)
    assert r1.status_code == 200, r1.text
    ack = r1.json()
    assert ack["status"] == "stored" and ack["stored_revision"] == 1 and ack["outlet_code"] == "CL01"
    replay = post(server, token, first)
    assert replay.status_code == 200 and replay.json() == ack
    assert replay.headers["Idempotent-Replayed"] == "true"
    newer = post(server, token, summary_json(revision=3, net_bump=65_000))
    assert newer.json()["status"] == "stored"
    older = post(server, token, summary_json(revision=2, net_bump=999_000))
    assert older.status_code == 200 and older.json()["status"] == "superseded"
    assert older.json()["stored_revision"] == 3
    row = stored(province_engine, "CL01", date(2026, 3, 2))
    assert row is not None and row.revision == 3 and row.net == 195_000
    late = post(server, token, summary_json(day=date(2025, 12, 31)))
    assert late.status_code == 200 and late.json()["status"] == "stored"
    with session_factory(province_engine)() as s:
        assert s.scalar(select(func.count()).select_from(DailySummaryRow)) == 2
        assert s.scalar(select(func.count()).select_from(DeliveryReceipt)) == 4


def test_wrong_token_and_garbage_write_nothing(server: LiveServer, province_engine: Engine) -> None:
    token = register_outlet(province_engine, "CL01")
    before = table_counts(province_engine)
    r = post(server, "ocop_wrong", summary_json())
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized" and "token" in r.json()["error"]["message"]
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    r = httpx.post(f"{server.url}/api/v1/summaries", content=summary_json().encode(), timeout=10)
    assert r.status_code == 401 and "Authorization: Bearer" in r.json()["error"]["message"]
    for garbage in (b"", b"{not json", b"[]", b'{"schema": 1}', "Ω".encode() * 10, b"\x00\xff\xfe"):
        r = post(server, token, garbage)
        assert r.status_code == 422, garbage
        body = r.json()["error"]
        assert body["code"] == "invalid_summary" and "nothing was stored" in body["message"]
        assert body["details"]
    bad = json.loads(summary_json())
    bad["net"] = 1
    r = post(server, token, json.dumps(bad))
    assert r.status_code == 422 and any("products add up to" in d for d in r.json()["error"]["details"])
    assert table_counts(province_engine) == before


def test_an_outlet_writes_only_its_own_figures(server: LiveServer, province_engine: Engine) -> None:
    token = register_outlet(province_engine, "CL01")
    register_outlet(province_engine, "CL02")
    r = post(server, token, summary_json(code="CL02"))
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden" and "CL01" in r.json()["error"]["message"]
    assert stored(province_engine, "CL02", date(2026, 3, 2)) is None


def test_reused_key_and_header_mismatch_are_refused(server: LiveServer, province_engine: Engine) -> None:
    token = register_outlet(province_engine, "CL01")
    key = str(uuid.uuid4())
    assert post(server, token, summary_json(key=key)).status_code == 200
    r = post(server, token, summary_json(key=key, net_bump=1_000))
    assert r.status_code == 422 and r.json()["error"]["code"] == "key_reused"
    r = post(server, token, summary_json(), **{"Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 422 and "Idempotency-Key" in r.json()["error"]["message"]


def test_body_limit_and_rate_limit(province_engine: Engine) -> None:
    live = LiveServer(province_engine, ServerConfig(max_body=4_000, outlet_rate=0.01, outlet_burst=3)).start()
    try:
        token = register_outlet(province_engine, "CL01")
        big = b'{"schema":1,"pad":"' + b"x" * 10_000 + b'"}'
        r = post(live, token, big)
        assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"
        codes = [post(live, token, summary_json()).status_code for _ in range(4)]
        assert codes[-1] == 429 and 200 in codes
        last = post(live, token, summary_json())
        assert last.json()["error"]["code"] == "rate_limited" and int(last.headers["Retry-After"]) >= 1
    finally:
        live.stop()


def test_revoked_token_stops_working(server: LiveServer, province_engine: Engine) -> None:
    from showroom_pos.province import auth

    token = register_outlet(province_engine, "CL01")
    assert httpx.get(f"{server.url}/api/v1/whoami", headers={"Authorization": f"Bearer {token}"}).json() == {
        "outlet_code": "CL01",
        "name": "Điểm OCOP CL01",
    }
    with session_factory(province_engine).begin() as s:
        auth.revoke_outlet(s, "CL01")
    assert post(server, token, summary_json()).status_code == 401
    with session_factory(province_engine)() as s:
        assert len(s.scalars(select(ProvinceOutlet.token_hash)).one()) == 64  # a hash, never the token


CATALOGUE_CSV = (Path(__file__).resolve().parents[1] / "showroom_pos/db/seed/province_catalogue_sample.csv").read_text(
    encoding="utf-8"
)


def test_catalogue_pull_by_change_counter_and_etag(server: LiveServer, province_engine: Engine, tmp_path: Path) -> None:
    token = register_outlet(province_engine, "CL01")
    path = tmp_path / "ocop.csv"
    path.write_text(CATALOGUE_CSV, encoding="utf-8-sig")
    with session_factory(province_engine).begin() as s:
        result = catalogue.import_file(s, path)
    assert (result.created, result.producers_created, result.version) == (4, 4, 1)
    auth_header = {"Authorization": f"Bearer {token}"}
    r = httpx.get(f"{server.url}/api/v1/catalogue", params={"since": 0}, headers=auth_header)
    assert r.status_code == 200 and r.headers["ETag"] == '"catalogue-1"'
    data = r.json()
    assert data["version"] == 1 and {p["sku"] for p in data["products"]} == {"TRV-TMC", "DN-MIT", "HD-MAMTOM", "TS-YEN"}
    mit = next(p for p in data["products"] if p["sku"] == "DN-MIT")
    assert mit["certificate_signed"] == "2025-02-15" and mit["certificate_expires"] == "2028-02-15"
    assert mit["group"] == "food" and mit["stars"] == 3
    r304 = httpx.get(
        f"{server.url}/api/v1/catalogue", params={"since": 1}, headers={**auth_header, "If-None-Match": '"catalogue-1"'}
    )
    assert r304.status_code == 304
    with session_factory(province_engine).begin() as s:  # same file again: nothing changes
        again = catalogue.import_file(s, path)
    assert (again.created, again.updated, again.unchanged, again.version) == (0, 0, 4, 1)
    path.write_text(CATALOGUE_CSV.replace(",3,DONGNGHI", ",4,DONGNGHI"), encoding="utf-8")
    with session_factory(province_engine).begin() as s:
        assert catalogue.import_file(s, path).updated == 1
    changes = httpx.get(f"{server.url}/api/v1/catalogue", params={"since": 1}, headers=auth_header).json()
    assert changes["version"] == 2 and [p["sku"] for p in changes["products"]] == ["DN-MIT"]
    assert httpx.get(f"{server.url}/api/v1/catalogue", params={"since": "x"}, headers=auth_header).status_code == 422
    assert httpx.get(f"{server.url}/api/v1/catalogue").status_code == 401


def test_catalogue_import_is_all_or_nothing_with_line_numbers(province_engine: Engine, tmp_path: Path) -> None:
    broken = (
        CATALOGUE_CSV + "BAD-1,Sản phẩm hai sao,,cái,thực phẩm,2,X,Cơ sở X,hộ kinh doanh,,,,,,,\n"
        "BAD-2,,8938000000011,cái,,4,Y,Cơ sở Y,,,,,,,abc,\n"
    )
    path = tmp_path / "broken.csv"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(catalogue.ImportRejected) as info, session_factory(province_engine).begin() as s:
        catalogue.import_file(s, path)
    text = "\n".join(info.value.problems)
    assert "line 6, column stars" in text and "line 7, column name" in text
    assert "line 7, column barcodes" in text and "line 7, column reference_price" in text
    with session_factory(province_engine)() as s:
        assert catalogue.current_version(s) == 0


def test_catalogue_import_reads_xlsx(province_engine: Engine, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for line in CATALOGUE_CSV.strip().splitlines():
        ws.append(line.split(","))
    ws["F2"] = 4  # a number cell, as Excel stores it
    path = tmp_path / "ocop.xlsx"
    wb.save(path)
    with session_factory(province_engine).begin() as s:
        assert catalogue.import_file(s, path).created == 4


def test_concurrent_duplicates_and_revisions_settle_on_one_figure(server: LiveServer, province_engine: Engine) -> None:
    """Many copies of the same delivery and several revisions of one day, all at once."""
    from concurrent.futures import ThreadPoolExecutor

    token = register_outlet(province_engine, "CL01")
    same = summary_json(revision=1)
    revisions = [summary_json(revision=r, net_bump=1_000 * r) for r in range(2, 7)]

    def deliver(body: str) -> dict[str, object]:
        for _ in range(50):  # what the worker does: 409 and 5xx are retried
            r = post(server, token, body)
            if r.status_code == 200:
                return r.json()
            assert r.status_code in (409, 503), r.text
        raise AssertionError("never acknowledged")

    with ThreadPoolExecutor(8) as pool:
        acks = list(pool.map(deliver, [same] * 8 + revisions * 2))
    first = acks[:8]
    assert all(a == first[0] for a in first)  # every copy got the one acknowledgement
    row = stored(province_engine, "CL01", date(2026, 3, 2))
    assert row is not None and row.revision == 6 and row.gross == 130_000 + 6_000
    with session_factory(province_engine)() as s:
        assert s.scalar(select(func.count()).select_from(DeliveryReceipt)) == 6
        assert s.scalar(select(func.count()).select_from(DailySummaryRow)) == 1


@pytest.mark.parametrize("name", ["sample_ocop_products.csv", "sample_ocop_products.xlsx"])
def test_the_outlet_import_format_imports_at_the_province(province_engine: Engine, name: str, tmp_path: Path) -> None:
    """The same file (title rows, Vietnamese headers, in-store codes) serves the outlet and the province."""
    sample = Path(__file__).resolve().parents[1] / "showroom_pos" / "resources" / name
    with session_factory(province_engine).begin() as s:
        result = catalogue.import_file(s, sample)
    assert result.created == 16 and result.producers_created >= 10
    with session_factory(province_engine)() as s:
        changes = catalogue.changes_since(s, 0)
    tra = next(p for p in changes.products if p.sku == "TRV-TMC-100")
    assert (tra.stars, tra.group, tra.certificate_signed) == (4, "beverage", date(2024, 10, 15))
    assert tra.barcodes == ("8930080001371",) and tra.reference_price == 65_000
    durian = next(p for p in changes.products if p.sku == "TCT-SRD-1K")
    assert durian.barcodes == ()  # the scale code 2000006 stays at the outlet
    broken = tmp_path / "broken.csv"
    lines = sample.read_text(encoding="utf-8").splitlines() if name.endswith(".csv") else None
    if lines is not None:
        lines[3] = lines[3].replace(",4,3982/", ",2,3982/")
        broken.write_text("\n".join(lines), encoding="utf-8")
        with pytest.raises(catalogue.ImportRejected) as info, session_factory(province_engine).begin() as s:
            catalogue.import_file(s, broken)
        assert info.value.problems == ["line 4, column Hạng sao: '2': OCOP stars are 3, 4 or 5"]
