"""Exports for the national OCOP system and e-commerce platforms: the documented layout (docs/EXPORTS.md),
prices, photos, availability, and per-product sales by period equal to what the showrooms sent."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import Engine

from showroom_pos.core import summary as shapes
from showroom_pos.core.clock import business_day
from showroom_pos.province import cli as province_cli
from showroom_pos.province import exports, photos
from showroom_pos.province.db import session_factory
from tests.programme_support import (
    add_staff,
    engine_for,
    import_catalogue,
    login,
    post,
    product,
    summary,
    write_catalogue,
)
from tests.province_support import LiveServer, register_outlet

DOCS = Path(__file__).resolve().parents[1] / "docs" / "EXPORTS.md"
TODAY = business_day()
ROWS: list[dict[str, object]] = [
    {
        "ref": "SR-RI6",
        "sku": "SR-RI6",
        "name": "Sầu riêng Ri6 nguyên trái",
        "barcodes": "8938000000107",
        "unit": "kg",
        "group": "thực phẩm",
        "stars": 4,
        "producer_code": "TAMTHUY",
        "producer_name": "Công ty TNHH Tâm Thùy",
        "producer_kind": "doanh nghiệp",
        "producer_commune": "Cai Lậy",
        "producer_province": "Đồng Tháp",
        "certificate_no": "485/QĐ-UBND",
        "certificate_signed": "2025-04-02",
        "reference_price": 170000,
    },
    {
        "ref": "TRV-TMC",
        "sku": "TRV-TMC",
        "name": "Trà mãng cầu xiêm",
        "barcodes": "8938000000022",
        "unit": "hộp",
        "group": "đồ uống",
        "stars": 3,
        "producer_code": "TRAVIPHA",
        "producer_name": "Công ty TNHH Travipha",
        "certificate_signed": (TODAY - timedelta(days=1200)).isoformat(),
        "certificate_expires": (TODAY - timedelta(days=3)).isoformat(),
        "reference_price": 65000,
    },
    {
        "ref": "EVIL",
        "sku": "EVIL",
        "name": '=HYPERLINK("http://evil.example","bấm")',
        "stars": 3,
        "producer_name": "@SUM(A1:A9)",
    },
    {"ref": "GONE", "sku": "GONE", "name": "Sản phẩm thu hồi", "stars": 3, "producer_name": "X", "status": "revoked"},
]


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for(request.param, tmp_path)


@pytest.fixture
def live(engine: Engine, tmp_path: Path) -> Iterator[LiveServer]:
    import_catalogue(engine, write_catalogue(tmp_path / "list.csv", ROWS))
    server = LiveServer(engine).start()
    yield server
    server.stop()


def documented(table: str) -> list[str]:
    """The column codes of ``table`` as docs/EXPORTS.md lists them (its first column, in order)."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split(f"<!-- columns:{table} -->")[1].split("<!-- end -->")[0]
    return re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.M)


def test_the_documented_layout_is_the_one_written() -> None:
    assert documented("catalogue") == [c.code for c in exports.CATALOGUE_COLUMNS]
    assert documented("sales") == [c.code for c in exports.SALES_COLUMNS]
    text = DOCS.read_text(encoding="utf-8")
    for c in (*exports.CATALOGUE_COLUMNS, *exports.SALES_COLUMNS):
        assert c.vi in text, c.vi


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 60)).save(out, "JPEG")
    return out.getvalue()


def stock_up(engine: Engine, live: LiveServer) -> None:
    t1 = register_outlet(engine, "CL01", "Điểm OCOP Mỹ Tho")
    t2 = register_outlet(engine, "CB02", "Điểm OCOP Cái Bè")
    register_outlet(engine, "GC03", "Điểm OCOP Gò Công")
    day = TODAY - timedelta(days=1)
    at1 = datetime.now(UTC) - timedelta(hours=5)
    post(
        live,
        t1,
        summary(
            "CL01",
            day,
            [product("SR", 1_500, 255_000)],
            stock=[
                shapes.StockLevel("SR", 12_500, province_ref="SR-RI6", price=170_000, by_weight=True),
                shapes.StockLevel("TMC", 0, barcode="8938000000022", price=65_000),
            ],
            stock_at=at1,
        ),
    )
    post(
        live,
        t2,
        summary(
            "CB02",
            day,
            [product("X", 1_000, 185_000)],
            stock=[shapes.StockLevel("X", 2_250, barcode="8938000000107", price=185_000, by_weight=True)],
        ),
    )
    with session_factory(engine).begin() as s:
        photos.store(s, "SR-RI6", 1, _jpeg())
        photos.store(s, "SR-RI6", 2, _jpeg())


def test_the_catalogue_export_for_national_and_e_commerce_systems(
    engine: Engine, live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    stock_up(engine, live)
    monkeypatch.setenv("SHOWROOM_PROVINCE_PUBLIC_URL", "https://ocop.example.vn")
    add_staff(engine, "lan.nguyen")
    assert login(live, "lan.nguyen").get("/programme/exports").status_code == 200
    import httpx

    assert httpx.get(f"{live.url}/programme/export/catalogue.csv").status_code == 303  # staff only
    client = login(live, "lan.nguyen")
    r = client.get("/programme/export/catalogue.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert re.match(r'attachment; filename="ocop-catalogue-\d{8}-\d{4}\.csv"', r.headers["content-disposition"])
    assert r.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert list(rows[0]) == documented("catalogue")
    by_ref = {x["ref"]: x for x in rows}
    assert set(by_ref) == {"SR-RI6", "TRV-TMC", "EVIL"}  # certified only
    sr = by_ref["SR-RI6"]
    assert (sr["name"], sr["stars"], sr["group"], sr["group_name"]) == (
        "Sầu riêng Ri6 nguyên trái",
        "4",
        "food",
        "Thực phẩm",
    )
    assert (sr["producer_name"], sr["producer_kind"], sr["producer_commune"]) == (
        "Công ty TNHH Tâm Thùy",
        "Doanh nghiệp",
        "Cai Lậy",
    )
    assert (sr["price_min"], sr["price_max"], sr["price_unit"]) == ("170000", "185000", "kg")
    assert sr["product_url"] == "https://ocop.example.vn/ocop/p/SR-RI6"
    assert sr["photo_url_1"] == "https://ocop.example.vn/ocop/p/SR-RI6/photo-1.jpg"
    assert sr["photo_url_2"] == "https://ocop.example.vn/ocop/p/SR-RI6/photo-2.jpg" and sr["photo_url_3"] == ""
    assert (sr["in_stock"], sr["stock_qty"], sr["showrooms_in_stock"]) == ("yes", "14.750", "2")
    assert sr["showrooms"] == "Điểm OCOP Cái Bè; Điểm OCOP Mỹ Tho"
    assert datetime.fromisoformat(sr["stock_as_of"]) <= datetime.now(UTC)
    assert sr["certificate_expires"] == "2028-04-02" and sr["certificate_state"] == "valid"
    tra = by_ref["TRV-TMC"]
    assert (tra["in_stock"], tra["stock_qty"], tra["showrooms_in_stock"], tra["showrooms"]) == ("no", "0", "0", "")
    assert (tra["price_min"], tra["price_max"], tra["price_unit"]) == ("65000", "65000", "hộp")
    assert tra["certificate_state"] == "expired"
    evil = by_ref["EVIL"]
    assert evil["name"] == '\'=HYPERLINK("http://evil.example","bấm")' and evil["producer_name"] == "'@SUM(A1:A9)"
    assert (evil["price_min"], evil["reference_price"]) == ("", "")
    # XLSX: the same rows, text never a formula, a sheet explaining the columns; Vietnamese headers on request.
    x = client.get("/programme/export/catalogue.xlsx", params={"headers": "vi"})
    wb = load_workbook(io.BytesIO(x.content))
    ws = wb["catalogue"]
    assert [c.value for c in ws[1]] == [c.vi for c in exports.CATALOGUE_COLUMNS]
    values = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    assert values["SR-RI6"][documented("catalogue").index("stock_qty")] == pytest.approx(14.75)
    evil_cell = next(c for c in ws["D"] if c.value and "HYPERLINK" in str(c.value))
    assert evil_cell.data_type == "s" and str(evil_cell.value).startswith("'")
    assert [r[0] for r in wb["columns"].iter_rows(min_row=2, values_only=True)] == documented("catalogue")


def test_sales_by_product_and_period_equal_what_the_showrooms_sent(engine: Engine, live: LiveServer) -> None:
    t1 = register_outlet(engine, "CL01", "Điểm OCOP Mỹ Tho")
    t2 = register_outlet(engine, "CB02", "Điểm OCOP Cái Bè")
    jan, feb, apr = date(2026, 1, 30), date(2026, 2, 2), date(2026, 4, 1)
    post(live, t1, summary("CL01", jan, [product("SR-RI6", 1_000, 170_000), product("LOCAL", 2, 20_000, name="Túi")]))
    # A later revision of the same day replaces the first: counted once, with its figures.
    post(
        live,
        t1,
        summary(
            "CL01",
            jan,
            [product("SR-RI6", 1_000, 170_000, returns=17_000, qty_returned=100), product("LOCAL", 2, 20_000)],
            revision=2,
        ),
    )
    post(live, t2, summary("CB02", jan, [product("X", 500, 92_500, barcode="8938000000107", discounts=2_500)]))
    post(live, t1, summary("CL01", feb, [product("TMC", 3, 195_000, ref="TRV-TMC")]))
    post(live, t2, summary("CB02", apr, [product("X", 200, 37_000, barcode="8938000000107")]))
    with session_factory(engine)() as s:
        from showroom_pos.province.showcase import build

        sc = build(s)
        monthly = exports.sales_rows(s, sc, date(2026, 1, 15), date(2026, 3, 31), "month")
        quarterly = exports.sales_rows(s, sc, date(2026, 1, 1), date(2026, 12, 31), "quarter")
        only_cb = exports.sales_rows(s, sc, date(2026, 1, 1), date(2026, 12, 31), "year", outlet="CB02")
        daily = exports.sales_rows(s, sc, jan, jan, "day")
        with pytest.raises(exports.ExportError):
            exports.sales_rows(s, sc, feb, jan, "month")
        with pytest.raises(exports.ExportError):
            exports.sales_rows(s, sc, jan, feb, "week")
    codes = documented("sales")

    def table(rows: list[list[object]]) -> dict[tuple[object, object, object], dict[str, object]]:
        return {(r[0], r[3], r[4]): dict(zip(codes, r, strict=True)) for r in rows}

    m = table(monthly)
    assert set(m) == {("2026-01", "SR-RI6", "SR-RI6"), ("2026-01", "", "LOCAL"), ("2026-02", "TRV-TMC", "TRV-TMC")}
    sr = m[("2026-01", "SR-RI6", "SR-RI6")]
    assert (sr["period_start"], sr["period_end"]) == ("2026-01-15", "2026-01-31")  # inside the range asked
    assert (sr["qty_sold"], sr["qty_returned"], sr["gross"], sr["discounts"], sr["returns"], sr["net"]) == (
        1_500,
        100,
        262_500,
        2_500,
        17_000,
        243_000,
    )
    assert sr["showrooms"] == 2 and sr["name"] == "Sầu riêng Ri6 nguyên trái" and sr["producer_code"] == "TAMTHUY"
    assert m[("2026-01", "", "LOCAL")]["name"] == "LOCAL" and m[("2026-01", "", "LOCAL")]["net"] == 20_000
    assert m[("2026-02", "TRV-TMC", "TRV-TMC")]["net"] == 195_000
    q = table(quarterly)
    assert q[("2026-Q1", "SR-RI6", "SR-RI6")]["net"] == 243_000 and q[("2026-Q2", "SR-RI6", "SR-RI6")]["net"] == 37_000
    assert {k: v["net"] for k, v in table(only_cb).items()} == {("2026", "SR-RI6", "SR-RI6"): 92_500 - 2_500 + 37_000}
    assert {r[0] for r in daily} == {"2026-01-30"}
    assert sum(int(str(r[codes.index("net")])) for r in monthly) == 243_000 + 20_000 + 195_000


def test_sales_export_over_http_and_the_cli(engine: Engine, live: LiveServer, tmp_path: Path) -> None:
    token = register_outlet(engine, "CL01")
    post(live, token, summary("CL01", date(2026, 3, 2), [product("SR-RI6", 2_000, 340_000)]))
    add_staff(engine, "lan.nguyen")
    client = login(live, "lan.nguyen")
    r = client.get("/programme/export/sales.xlsx", params={"start": "2026-03-01", "end": "2026-03-31"})
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content))["sales"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == documented("sales") and rows[1][0] == "2026-03" and rows[1][16] == 340_000
    assert client.get("/programme/export/sales.csv", params={"start": "March"}).status_code == 422
    assert client.get("/programme/export/sales.csv", params={"period": "week"}).status_code == 422
    assert client.get("/programme/export/sales.pdf").status_code == 404
    if engine.dialect.name != "sqlite":
        return
    db = str(engine.url.database)
    out = tmp_path / "sales.csv"
    args = ["--db", db, "export", "sales", str(out), "--start", "2026-01-01", "--end", "2026-12-31", "--period", "year"]
    assert province_cli.main(args) == 0
    lines = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert lines[0] == documented("sales") and lines[1][0] == "2026" and lines[1][16] == "340000"
    book = tmp_path / "catalogue.xlsx"
    assert province_cli.main(["--db", db, "export", "catalogue", str(book), "--base-url", "https://x.vn"]) == 0
    sheet = load_workbook(book)["catalogue"]
    assert sheet.max_row == 4  # a header and the three certified products
