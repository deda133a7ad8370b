"""Public pages a tourist can trust and staff pages that read at a glance (issue 19), checked in the HTML and,
where it is about layout, in headless Chromium (skipped visibly without it):

- the province's name and emblem text come from a setting the server stores (CLI or the dashboard's settings
  page, administrators only), not from the environment;
- a product's certificate and stars are on screen as a 360 px phone opens the page; a product without a photo
  shows the OCOP star and says so, not a big grey box; each showroom that has it shows its address, phone
  (a tel: link) and a map link; no text meant for staff;
- the dashboard writes quantities with money's thousands (3.678), keeps grams apart from pieces (kg), fits
  1280 px without outlet names broken a word per line nor its last column cut.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from PIL import Image
from sqlalchemy import Engine

from showroom_pos.core import summary as shapes
from showroom_pos.core.clock import business_day
from showroom_pos.province import auth, photos, site_settings
from showroom_pos.province import cli as province_cli
from showroom_pos.province.db import session_factory
from showroom_pos.province.web import count, kg
from tests.programme_support import add_staff, engine_for, import_catalogue, login, page_token, write_catalogue
from tests.province_support import CHROMEDRIVER, CHROMIUM, LiveServer, WebDriver, browser_session, register_outlet

DAY = business_day() - timedelta(days=1)
ROWS = [
    {"ref": "TRV-TMC", "sku": "TRV-TMC", "name": "Trà mãng cầu xiêm", "stars": 4, "producer_name": "Travipha",
     "producer_commune": "Tân Phú Đông", "producer_province": "Đồng Tháp", "certificate_no": "123/QĐ-UBND",
     "certificate_signed": "2025-01-15", "certificate_expires": "2028-01-15", "group": "đồ uống"},
    {"ref": "HD-MAM", "sku": "HD-MAM", "name": "Mắm tôm chà Gò Công", "stars": 5, "producer_name": "Bà Hai Diễm",
     "certificate_signed": "2025-06-01", "certificate_expires": "2028-06-01"},
]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for("sqlite", tmp_path)


@pytest.fixture
def live(engine: Engine, tmp_path: Path) -> Iterator[LiveServer]:
    import_catalogue(engine, write_catalogue(tmp_path / "list.csv", ROWS))
    server = LiveServer(engine).start()
    yield server
    server.stop()


def send(live: LiveServer, token: str, code: str, grams: int = 3_678, boxes: int = 3_678) -> None:
    tea = shapes.ProductFigures(
        sku="TRV-TMC", name="Trà mãng cầu xiêm", unit="hộp", qty_sold=boxes, qty_returned=0, gross=boxes * 65_000,
        discounts=0, returns=0, net=boxes * 65_000, vat=0, province_ref="TRV-TMC", stars=4, producer="Travipha",
    )
    durian = shapes.ProductFigures(
        sku="SR", name="Sầu riêng Ri6", unit="kg", qty_sold=grams, qty_returned=0, gross=grams * 165, discounts=0,
        returns=0, net=grams * 165, vat=0, stars=4, producer="Travipha", by_weight=True,
    )
    s = shapes.build(
        outlet_code=code, business_day=DAY, revision=1, idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC), receipts=2, voided=0, products=[tea, durian],
        payments={"cash": tea.gross + durian.gross}, refunds={}, cash_over_short=0, shifts_closed=1, cash_rounding=0,
    )
    body = shapes.DailySummary(**{**s.__dict__, "stock": shapes.StockSnapshot(
        datetime.now(UTC), (shapes.StockLevel("TRV-TMC", 5, province_ref="TRV-TMC"),
                            shapes.StockLevel("HD-MAM", 2, province_ref="HD-MAM")))}).to_json()
    r = httpx.post(f"{live.url}/api/v1/summaries", content=body.encode(), headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text


def test_the_province_names_itself_from_its_stored_settings(engine: Engine, live: LiveServer,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOWROOM_PROVINCE_PUBLIC_TITLE", "Không dùng biến môi trường")
    db = str(engine.url.database)
    assert province_cli.main(["--db", db, "settings", "set", "public.province", "Tỉnh Đồng Tháp"]) == 0
    assert province_cli.main(["--db", db, "settings", "set", "public.emblem", "ĐT"]) == 0
    assert province_cli.main(["--db", db, "settings", "set", "public.emblem", "QUÁ-DÀI-CHO-HUY-HIỆU"]) == 2
    assert province_cli.main(["--db", db, "settings", "set", "public.nope", "x"]) == 2
    live.restart()  # (the settings are cached for seconds)
    page = httpx.get(f"{live.url}/ocop").text
    assert '<span class="province" id="site-province">Tỉnh Đồng Tháp</span>' in page
    assert '<span class="emblem" id="site-emblem" aria-hidden="true">ĐT</span>' in page
    assert "Không dùng biến môi trường" not in page
    # An administrator changes them on the dashboard's settings page; an officer may only look.
    add_staff(engine, "lan.nguyen", "admin")
    add_staff(engine, "minh.tran")
    admin = login(live, "lan.nguyen")
    form = admin.get("/dashboard/settings").text
    csrf = page_token(form)
    r = admin.post("/dashboard/settings", data={"csrf": csrf, "public.province": "Tỉnh Vĩnh Long",
                                                "public.emblem": "VL"})
    assert r.status_code == 200 and "Đã lưu: 2 thay đổi" in r.text
    assert admin.post("/dashboard/settings", data={"public.province": "X"}).status_code == 403  # no form token
    page = httpx.get(f"{live.url}/ocop/p/TRV-TMC").text
    assert "Tỉnh Vĩnh Long" in page and ">VL</span>" in page
    officer = login(live, "minh.tran")
    officer_csrf = page_token(officer.get("/dashboard/settings").text)
    r = officer.post("/dashboard/settings", data={"csrf": officer_csrf, "public.province": "Tỉnh khác"})
    assert r.status_code == 403
    with session_factory(engine)() as s:
        assert site_settings.read(s)["public.province"] == "Tỉnh Vĩnh Long"


def test_showrooms_with_address_phone_and_map_and_a_neat_placeholder(engine: Engine, live: LiveServer) -> None:
    token = register_outlet(engine, "MT01", "Điểm OCOP Mỹ Tho")
    db = str(engine.url.database)
    assert province_cli.main(["--db", db, "outlet", "set", "MT01", "--address", "Số 2 Đinh Bộ Lĩnh, Mỹ Tho",
                              "--phone", "0273 3872 555"]) == 0
    assert province_cli.main(["--db", db, "outlet", "set", "MT01", "--map-url", "http://maps.example"]) == 2
    assert province_cli.main(["--db", db, "outlet", "set", "MT01", "--phone", "<script>"]) == 2
    send(live, token, "MT01")
    live.restart()  # the public catalogue is cached for seconds
    page = httpx.get(f"{live.url}/ocop/p/HD-MAM").text
    showroom = page.split('id="showrooms"')[1].split("</section>")[0]
    assert "<b>Điểm OCOP Mỹ Tho</b>" in showroom and "Số 2 Đinh Bộ Lĩnh, Mỹ Tho" in showroom
    assert 'href="tel:02733872555"' in showroom and "Gọi 0273 3872 555" in showroom
    assert 'href="https://www.google.com/maps/search/?api=1&amp;query=' in showroom and "Xem bản đồ" in showroom
    assert 'class="nophoto" role="img" aria-label="Chưa có ảnh sản phẩm"' in page and "<svg" in page
    with session_factory(engine).begin() as s:
        auth.update_outlet(s, "MT01", map_url="https://maps.example/mt01")
    live.restart()
    showroom = httpx.get(f"{live.url}/ocop/p/HD-MAM").text.split('id="showrooms"')[1]
    assert 'href="https://maps.example/mt01"' in showroom
    for path in ("/ocop", "/ocop/p/HD-MAM", "/ocop/p/TRV-TMC"):  # nothing meant for staff
        html = httpx.get(f"{live.url}{path}").text
        for staff_text in ("tem truy xuất", "MT01", "docs/", "Doanh thu", "3678", "3.678"):
            assert staff_text not in html, (path, staff_text)


def test_quantities_read_like_money_and_grams_stay_apart(engine: Engine, live: LiveServer) -> None:
    assert count(3_678) == "3.678" and count(1_234_567) == "1.234.567"
    assert kg(3_678) == "3,678 kg" and kg(2_350) == "2,35 kg" and kg(1_234_500) == "1.234,5 kg" and kg(3_000) == "3 kg"
    token = register_outlet(engine, "MT01", "Điểm OCOP Mỹ Tho")
    send(live, token, "MT01", grams=3_678, boxes=3_678)
    add_staff(engine, "lan.nguyen")
    page = login(live, "lan.nguyen").get("/dashboard").text
    top = page.split('id="top-products"')[1].split("</table>")[0]
    tea = top.split("Trà mãng cầu xiêm")[1].split("</tr>")[0]
    durian = top.split("Sầu riêng Ri6")[1].split("</tr>")[0]
    assert '<td class="n">3.678</td><td class="n"></td>' in tea  # pieces, no weight
    assert '<td class="n"></td><td class="n">3,678 kg</td>' in durian  # a weight, never added to pieces
    producer = page.split('id="by-producer"')[1].split("</tr>")[1]
    assert ">3.678<" in producer and ">3,678 kg<" in producer and "7.356" not in producer


# --- in a real browser ---------------------------------------------------------------------------------------


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    with browser_session(("--hide-scrollbars", "--force-device-scale-factor=1")) as driver:
        yield driver


def js(driver: WebDriver, script: str) -> object:
    return driver.call("POST", "/execute/sync", {"script": script, "args": []})


def test_a_phone_sees_the_certificate_and_stars_first(engine: Engine, live: LiveServer, browser: WebDriver,
                                                      tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (214, 170, 60)).save(buffer, "JPEG")
    with session_factory(engine).begin() as s:
        photos.store(s, "TRV-TMC", 1, buffer.getvalue())
    live.restart()
    browser.call("POST", "/window/rect", {"width": 360, "height": 740})
    for ref in ("TRV-TMC", "HD-MAM"):
        browser.call("POST", "/url", {"url": f"{live.url}/ocop/p/{ref}"})
        browser.find("#certificate-state")
        sizes = js(browser, """
            const c = document.getElementById('certificate-state').getBoundingClientRect();
            const s = document.querySelector('#certificate-state .stars').getBoundingClientRect();
            return [window.innerWidth, window.innerHeight, c.bottom, s.bottom, document.documentElement.scrollWidth];
        """)
        assert isinstance(sizes, list)
        width, height, cert_bottom, stars_bottom, scroll_width = sizes
        assert width <= 360 and scroll_width <= width, sizes  # no sideways scrolling
        assert 0 < stars_bottom < height and 0 < cert_bottom < height, (ref, sizes)  # above the fold
    placeholder = js(browser, "return document.querySelector('.gallery .nophoto').getBoundingClientRect().height")
    assert isinstance(placeholder, int | float)
    assert 60 < float(placeholder) < 200  # not a big grey box
    png = browser.call("GET", "/screenshot")
    (tmp_path / "product-360.png").write_bytes(__import__("base64").b64decode(str(png)))


def test_the_dashboard_fits_1280_pixels(engine: Engine, live: LiveServer, browser: WebDriver) -> None:
    for code, name in (("MT01", "Điểm giới thiệu và bán sản phẩm OCOP thành phố Mỹ Tho"),
                       ("CB02", "Điểm OCOP Cái Bè (chợ nổi)"), ("GC03", "Cửa hàng OCOP Gò Công Đông")):
        token = register_outlet(engine, code, name)
        if code != "GC03":
            send(live, token, code, grams=123_456_789, boxes=987_654)
    add_staff(engine, "lan.nguyen")
    from tests.programme_support import PASSWORD

    browser.call("POST", "/window/rect", {"width": 1280, "height": 800})
    browser.call("POST", "/url", {"url": f"{live.url}/login"})
    browser.call("POST", f"/element/{browser.find('#username')}/value", {"text": "lan.nguyen"})
    browser.call("POST", f"/element/{browser.find('#password')}/value", {"text": PASSWORD})
    browser.call("POST", f"/element/{browser.find('#login-button')}/click", {})
    browser.find("#outlets")
    fit = js(browser, """
        const table = document.getElementById('outlets');
        const box = table.parentElement.getBoundingClientRect();
        const heads = [...table.querySelectorAll('thead th')];
        const last = heads[heads.length - 1].getBoundingClientRect();
        const lineHeight = parseFloat(getComputedStyle(table.querySelector('td.outlet b')).lineHeight);
        const nameLines = [...table.querySelectorAll('td.outlet b')].map(b => b.getBoundingClientRect().height
                                                                          / lineHeight);
        return [table.getBoundingClientRect().right, box.right, last.right, Math.max(...nameLines),
                heads[heads.length - 1].textContent, window.innerWidth];
    """)
    assert isinstance(fit, list)
    table_right, box_right, last_right, name_lines, last_head, width = fit
    assert width <= 1280 and last_head == "Đồng bộ gần nhất"
    assert table_right <= box_right + 1 and last_right <= box_right + 1, fit  # nothing cut at the right
    assert name_lines <= 2.2, fit  # a long name takes two lines at most, never a word per line


def test_the_dashboard_opens_on_a_recent_period(engine: Engine, live: LiveServer) -> None:
    token = register_outlet(engine, "MT01", "Điểm OCOP Mỹ Tho")
    send(live, token, "MT01", grams=1_000, boxes=2)  # yesterday: 130.000 ₫ of tea, 165.000 ₫ of durian
    old = shapes.build(
        outlet_code="MT01", business_day=business_day() - timedelta(days=120), revision=1,
        idempotency_key=str(uuid.uuid4()), generated_at=datetime.now(UTC), receipts=1, voided=0,
        products=[shapes.ProductFigures(sku="X", name="Cũ", qty_sold=1, qty_returned=0, gross=7_000_000,
                                        discounts=0, returns=0, net=7_000_000, vat=0)],
        payments={"cash": 7_000_000}, refunds={}, cash_over_short=0, shifts_closed=1, cash_rounding=0,
    ).to_json()
    assert httpx.post(f"{live.url}/api/v1/summaries", content=old.encode(),
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200
    add_staff(engine, "lan.nguyen")
    client = login(live, "lan.nguyen")
    opened = client.get("/dashboard").text
    last_month = (business_day().replace(day=1) - timedelta(days=1)).replace(day=1)
    assert f'name="start" value="{last_month.isoformat()}"' in opened
    assert 'id="total-net">295.000 ₫<' in opened.replace("\xa0", " ")  # not the old day's 7.000.000 ₫
    assert 'id="period-all_time"' in opened and 'id="period-this_month"' in opened
    everything = client.get("/dashboard", params={"start": "", "end": ""}).text  # the form's fields emptied
    assert 'id="total-net">7.295.000 ₫<' in everything.replace("\xa0", " ")
