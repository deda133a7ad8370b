"""The province officers' dashboard: login, figures, escaping, exports, uploads, the CLI; and the
page in a real headless browser (Debian's chromium through chromedriver), with a screenshot check."""

from __future__ import annotations

import base64
import io
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from PIL import Image
from sqlalchemy import Engine, select

from showroom_pos.core import summary as shapes
from showroom_pos.core.clock import business_day
from showroom_pos.core.money import format_vnd
from showroom_pos.province import cli as province_cli
from showroom_pos.province.db import open_database, session_factory
from showroom_pos.province.models import ProvinceOutlet, StaffUser, utcnow
from tests.programme_support import post_login
from tests.province_support import (
    CHROMEDRIVER,
    CHROMIUM,
    LiveServer,
    WebDriver,
    browser_session,
    register_outlet,
    wait_until,
)

PASSWORD = "mật-khẩu-đủ-dài-2026"
# Days inside the period the dashboard opens on (last month and this one), three days apart.
D2 = business_day() - timedelta(days=1)
D1 = D2 - timedelta(days=3)
EVIL = '<script>alert("x")</script>'


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(str(tmp_path / "province.db"))
    yield engine
    engine.dispose()


@pytest.fixture
def live(engine: Engine) -> Iterator[LiveServer]:
    server = LiveServer(engine).start()
    yield server
    server.stop()


def db(engine: Engine) -> str:
    return str(engine.url.database)


def send(
    live: LiveServer,
    token: str,
    code: str,
    day: date,
    products: list[tuple[str, str, int, int, int | None]],
    revision: int = 1,
) -> None:
    figures = [
        shapes.ProductFigures(
            sku=sku,
            name=name,
            qty_sold=qty,
            qty_returned=0,
            gross=gross,
            discounts=0,
            returns=0,
            net=gross,
            vat=gross * 8 // 108,
            stars=stars,
            producer=f"Chủ thể {sku[:2]}",
        )
        for sku, name, qty, gross, stars in products
    ]
    body = shapes.build(
        outlet_code=code,
        business_day=day,
        revision=revision,
        idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC),
        receipts=len(products),
        voided=0,
        products=figures,
        payments={"cash": sum(f.gross for f in figures)},
        refunds={},
        cash_over_short=-500,
        shifts_closed=1,
    ).to_json()
    r = httpx.post(f"{live.url}/api/v1/summaries", content=body.encode(), headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text


def populate(engine: Engine, live: LiveServer) -> None:
    assert (
        province_cli.main(["--db", db(engine), "user", "add", "lan.nguyen", "--role", "admin", "--password", PASSWORD])
        == 0
    )
    assert province_cli.main(["--db", db(engine), "user", "add", "minh.tran", "--password", PASSWORD]) == 0
    t1, t2 = register_outlet(engine, "CL01", "Điểm OCOP Mỹ Tho"), register_outlet(engine, "CB02", "Điểm OCOP Cái Bè")
    register_outlet(engine, "GC03", "Điểm OCOP Gò Công")  # never synced: flagged stale
    d1, d2 = D1, D2
    send(live, t1, "CL01", d1, [("TRV-TMC", "Trà mãng cầu xiêm", 2, 130_000, 3), ("HD-MAMTOM", EVIL, 1, 55_000, 4)])
    send(live, t1, "CL01", d2, [("TRV-TMC", "Trà mãng cầu xiêm", 1, 65_000, 3)])
    send(live, t2, "CB02", d2, [("SR-RI6", '=HYPERLINK("http://x")', 3, 495_000, 5)])


def login(live: LiveServer, user: str = "lan.nguyen") -> httpx.Client:
    client = httpx.Client(base_url=live.url, follow_redirects=False)
    r = post_login(client, user, PASSWORD)
    assert r.status_code == 303 and r.headers["location"].startswith("/dashboard")
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    return client


def test_login_is_required_and_wrong_passwords_refused(engine: Engine, live: LiveServer) -> None:
    populate(engine, live)
    r = httpx.get(f"{live.url}/dashboard")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert httpx.get(f"{live.url}/dashboard/export.csv").status_code == 303
    with httpx.Client(base_url=live.url) as fresh:
        bad = post_login(fresh, "lan.nguyen", "wrong-password!")
    assert bad.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in bad.text
    with session_factory(engine)() as s:
        hashes = list(s.scalars(select(StaffUser.password_hash)))
    assert all(h.startswith("scrypt$") and PASSWORD not in h for h in hashes)


def test_dashboard_figures_escaping_and_stale_outlets(engine: Engine, live: LiveServer) -> None:
    populate(engine, live)
    client = login(live)
    page = client.get("/dashboard").text
    assert EVIL not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert format_vnd(130_000 + 55_000 + 65_000 + 495_000) in page  # the province's net total
    assert 'class="stale" data-outlet="GC03"' in page and 'class="" data-outlet="CL01"' in page
    assert "Content-Security-Policy" in client.get("/dashboard").headers
    # Before discounts, as the till names it ("Doanh số gộp"); the till's "Doanh số" is after them.
    assert "<th class=\"n\">Doanh số gộp</th>" in page and "<th class=\"n\">Doanh số</th>" not in page
    only = client.get("/dashboard", params={"outlet": "CL01", "start": D2.isoformat(), "lang": "en"}).text
    assert "Net sales" in only and format_vnd(65_000) in only and format_vnd(495_000) not in only
    with session_factory(engine).begin() as s:  # an outlet silent for three days becomes stale
        outlet = s.scalar(select(ProvinceOutlet).where(ProvinceOutlet.code == "CL01"))
        assert outlet is not None
        outlet.last_sync_at = utcnow() - timedelta(days=3)
    assert 'class="stale" data-outlet="CL01"' in client.get("/dashboard").text


def test_exports_are_correct_and_never_formulas(engine: Engine, live: LiveServer) -> None:
    from openpyxl import load_workbook

    populate(engine, live)
    client = login(live)
    csv_text = client.get("/dashboard/export.csv").content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("business_day,outlet_code,receipts") and len(lines) == 4
    assert f"{D2.isoformat()},CB02,1,495000,0,0,495000" in csv_text
    products = client.get("/dashboard/export.csv", params={"table": "products"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in products and "\n=HYPERLINK" not in products and ",=HYPERLINK" not in products
    xlsx = client.get("/dashboard/export.xlsx", params={"table": "products"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    names = [c.value for c in sheet["B"]][1:]
    assert '\'=HYPERLINK("http://x")' in names
    assert all(c.data_type == "s" for c in sheet["B"])


def test_usb_upload_needs_an_admin_and_the_form_token(engine: Engine, live: LiveServer, tmp_path: Path) -> None:
    populate(engine, live)
    with session_factory(engine).begin() as s:
        from showroom_pos.province import auth

        _o, token = auth.add_outlet(s, "VL04")
    from showroom_pos.sync.usb_export import sign

    payload = shapes.build(
        outlet_code="VL04",
        business_day=date(2026, 3, 1),
        revision=1,
        idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC),
        receipts=1,
        voided=0,
        products=[
            shapes.ProductFigures(
                sku="A", name="A", qty_sold=1, qty_returned=0, gross=10_000, discounts=0, returns=0, net=10_000, vat=741
            )
        ],
        payments={"cash": 10_000},
        refunds={},
        cash_over_short=0,
        shifts_closed=0,
    ).to_json()
    doc = shapes.export_document("VL04", datetime.now(UTC), [payload], sign(token, [payload]))
    officer = login(live, "minh.tran")
    page = officer.get("/dashboard/import").text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    refused = officer.post("/dashboard/import", data={"csrf": csrf}, files={"file": ("usb.json", doc.encode())})
    assert refused.status_code == 403
    admin = login(live)
    csrf = admin.get("/dashboard/import").text.split('name="csrf" value="')[1].split('"')[0]
    forged = admin.post("/dashboard/import", data={"csrf": "forged"}, files={"file": ("usb.json", doc.encode())})
    assert forged.status_code == 403
    ok = admin.post("/dashboard/import", data={"csrf": csrf}, files={"file": ("usb.json", doc.encode())})
    assert ok.status_code == 200 and "VL04" in ok.text
    assert "Đã nhập 1 bản tổng hợp mới của điểm bán VL04; 0 bản đã có trước đó." in ok.text
    again = admin.post("/dashboard/import", data={"csrf": csrf}, files={"file": ("usb.json", doc.encode())})
    assert "Đã nhập 0 bản tổng hợp mới của điểm bán VL04; 1 bản đã có trước đó." in again.text
    garbage = admin.post("/dashboard/import", data={"csrf": csrf}, files={"file": ("x.json", b"{nope")})
    assert garbage.status_code == 422 and "not JSON" in garbage.text
    sample = Path(__file__).resolve().parents[1] / "showroom_pos" / "db" / "seed" / "province_catalogue_sample.csv"
    csrf = admin.get("/dashboard/catalogue").text.split('name="csrf" value="')[1].split('"')[0]
    cat = admin.post("/dashboard/catalogue", data={"csrf": csrf}, files={"file": ("ocop.csv", sample.read_bytes())})
    assert cat.status_code == 200 and "4 mới" in cat.text


def test_admin_cli(engine: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = db(engine)
    assert province_cli.main(["--db", path, "outlet", "add", "cl05", "--name", "Điểm OCOP Chợ Gạo"]) == 0
    out = capsys.readouterr().out
    token = out.strip().splitlines()[-1]
    assert token.startswith("ocop_") and len(token) > 40
    assert province_cli.main(["--db", path, "outlet", "add", "CL05"]) == 2  # exists already
    assert province_cli.main(["--db", path, "outlet", "list"]) == 0
    assert "CL05\tactive\tnever" in capsys.readouterr().out
    assert province_cli.main(["--db", path, "outlet", "revoke", "CL05"]) == 0
    assert province_cli.main(["--db", path, "user", "add", "xuan", "--password", "short"]) == 2
    assert "at least" in capsys.readouterr().err
    sample = Path(__file__).resolve().parents[1] / "showroom_pos" / "db" / "seed" / "province_catalogue_sample.csv"
    assert province_cli.main(["--db", path, "catalogue", "import", str(sample), "--dry-run"]) == 0
    assert "dry run: 4 rows: 4 new" in capsys.readouterr().out
    assert province_cli.main(["--db", path, "catalogue", "import", str(sample)]) == 0
    assert province_cli.main(["--db", path, "totals"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["net"] == 0
    with session_factory(engine)() as s:
        outlet = s.scalar(select(ProvinceOutlet).where(ProvinceOutlet.code == "CL05"))
        assert outlet is not None and not outlet.active and token not in outlet.token_hash


def test_serve_without_the_province_packages_says_what_to_install(capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    """The ``showroom-province`` script comes with the till's install too; without the ``province`` extra, ``serve``
    says which package is missing and how to install it (it used to end in a traceback)."""
    import sys

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if not installed: importing it fails
    assert province_cli.main(["--db", str(tmp_path / "p.db"), "serve"]) == 2
    err = capsys.readouterr().err
    assert "uvicorn is not installed" in err and "pip install 'showroom-pos[province]'" in err
    assert "Traceback" not in err


# --- a real browser ---------------------------------------------------------------------------------

@pytest.fixture
def browser() -> Iterator[WebDriver]:
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    with browser_session(("--window-size=1400,1100", "--lang=vi"), timeout=20) as driver:
        yield driver


def test_dashboard_in_a_real_browser(engine: Engine, live: LiveServer, browser: WebDriver, tmp_path: Path) -> None:
    populate(engine, live)
    browser.call("POST", "/url", {"url": f"{live.url}/dashboard"})
    assert "/login" in str(browser.call("GET", "/url"))  # sent to the login page
    browser.call("POST", f"/element/{browser.find('#username')}/value", {"text": "lan.nguyen"})
    browser.call("POST", f"/element/{browser.find('#password')}/value", {"text": "wrong password"})
    browser.call("POST", f"/element/{browser.find('#login-button')}/click", {})
    assert "Sai tên đăng nhập" in browser.text("#login-error")
    browser.call("POST", f"/element/{browser.find('#username')}/value", {"text": "lan.nguyen"})
    browser.call("POST", f"/element/{browser.find('#password')}/value", {"text": PASSWORD})
    browser.call("POST", f"/element/{browser.find('#login-button')}/click", {})
    wait_until(lambda: "/dashboard" in str(browser.call("GET", "/url")), what="dashboard after login")
    assert browser.text("#total-net") == format_vnd(745_000)
    outlets = browser.text("#outlets")
    assert "CL01" in outlets and "CB02" in outlets and "Quá hạn đồng bộ" in outlets
    assert EVIL in browser.text("#top-products")  # shown as text, never run
    assert browser.call("POST", "/execute/sync", {"script": "return typeof window.__xss", "args": []}) == "undefined"
    png = base64.b64decode(str(browser.call("GET", "/screenshot")))
    shot = tmp_path / "dashboard.png"
    shot.write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size[0] >= 1000 and image.size[1] >= 600
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50, "the page looks blank"
    header_green = sum(n for n, c in colours if c == (0x1F, 0x7A, 0x4D))
    assert header_green > 10_000, "the header (styles) did not render"
