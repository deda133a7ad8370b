"""Screenshots of the province's pages in headless Chromium, on a small demo province made for them.

    python tools/province_screenshots.py OUT_FOLDER

Makes a fresh SQLite province (the sample catalogue, one product with a photo, three showrooms with address,
phone and stock, two months of days of which one product sold by weight), starts the real server, and saves:
``public-list-360.png`` and ``public-product-360.png`` (a 360×740 phone), ``public-product-nophoto-360.png``,
``dashboard-1280.png`` and ``programme-1280.png`` (a 1280×800 screen, whole pages). Needs chromium and
chromedriver (``apt-get install chromium chromium-driver``). Uses the tests' WebDriver helper.
"""

from __future__ import annotations

import base64
import io
import sys
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image

from showroom_pos import package_data
from showroom_pos.core import summary as shapes
from showroom_pos.core.clock import business_day
from showroom_pos.province import auth, catalogue, photos, site_settings
from showroom_pos.province.db import open_database, session_factory
from showroom_pos.province.ingest import ingest
from showroom_pos.province.models import ProvinceOutlet
from tests.province_support import LiveServer, WebDriver, browser_session

PASSWORD = "ảnh-chụp-màn-hình-2026"
SHOWROOMS = (
    ("MT01", "Điểm giới thiệu và bán sản phẩm OCOP thành phố Mỹ Tho", "Mỹ Tho",
     "Số 2 Đinh Bộ Lĩnh, phường 3, Mỹ Tho, Đồng Tháp", "0273 3872 555"),
    ("CB02", "Điểm OCOP Cái Bè (chợ nổi)", "Cái Bè", "Quốc lộ 1A, thị trấn Cái Bè, Đồng Tháp", "0273 3824 111"),
    ("GC03", "Cửa hàng OCOP Gò Công Đông", "Gò Công Đông", "", ""),
)


def _summary(code: str, day: date, i: int) -> shapes.DailySummary:
    tea = shapes.ProductFigures(
        sku="TRV-TMC", name="Trà mãng cầu xiêm", unit="hộp", qty_sold=3 + i % 4, qty_returned=0,
        gross=(3 + i % 4) * 65_000, discounts=0, returns=0, net=(3 + i % 4) * 65_000,
        vat=(3 + i % 4) * 65_000 * 8 // 108, producer="Công ty TNHH Travipha", producer_code="TRAVIPHA", stars=4,
        barcode="8938000000022", province_ref="TRV-TMC",
    )
    grams = 1_250 + 310 * (i % 5)
    durian = shapes.ProductFigures(
        sku="TCT-SR", name="Sầu riêng Ri6", unit="kg", qty_sold=grams, qty_returned=0, gross=grams * 165,
        discounts=0, returns=0, net=grams * 165, vat=grams * 165 // 21, producer="HTX Ngũ Hiệp", stars=4,
        by_weight=True,
    )
    paid = tea.gross + durian.gross
    rounding = -(paid % 1000) if paid % 1000 < 500 else 1000 - paid % 1000
    stock = shapes.StockSnapshot(datetime.now(UTC), (
        shapes.StockLevel("TRV-TMC", 12, "8938000000022", "TRV-TMC", 65_000),
        shapes.StockLevel("HD-MAMTOM", 4, "8938000000015", "HD-MAMTOM", 99_000),
    ))
    s = shapes.build(
        outlet_code=code, business_day=day, revision=1, idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC), receipts=4, voided=0, products=[tea, durian],
        payments={"cash": paid + rounding}, refunds={}, cash_over_short=0, shifts_closed=1, cash_rounding=rounding,
    )
    return shapes.DailySummary(**{**s.__dict__, "stock": stock})


def populate(url: str) -> None:
    engine = open_database(url)
    sessions = session_factory(engine)
    with sessions.begin() as s:
        catalogue.import_file(s, package_data.path("db", "seed", "province_catalogue_sample.csv"))
        auth.add_user(s, "lan.nguyen", PASSWORD, "admin")
        site_settings.write(s, "public.province", "Tỉnh Đồng Tháp", by="demo")
        site_settings.write(s, "public.emblem", "ĐT", by="demo")
        buffer = io.BytesIO()
        Image.new("RGB", (1200, 900), (214, 170, 60)).save(buffer, "JPEG")
        photos.store(s, "TRV-TMC", 1, buffer.getvalue(), by="demo")
        for code, name, commune, address, phone in SHOWROOMS:
            auth.add_outlet(s, code, name, commune)
            auth.update_outlet(s, code, address=address, phone=phone)
    today = business_day()
    with sessions.begin() as s:
        for n, (code, *_rest) in enumerate(SHOWROOMS[:2]):
            outlet = s.query(ProvinceOutlet).filter_by(code=code).one()
            for i in range(45):
                summary = _summary(code, today - timedelta(days=45 - i), i + n)
                ingest(s, outlet, summary, summary.to_json().encode())
    engine.dispose()


def shoot(driver: WebDriver, url: str, path: Path, width: int, height: int, whole: bool = False) -> None:
    driver.call("POST", "/window/rect", {"width": width, "height": height})
    driver.call("POST", "/url", {"url": url})
    if whole:  # the whole page: the window as tall as the document
        tall = driver.call("POST", "/execute/sync", {"script": "return document.documentElement.scrollHeight",
                                                      "args": []})
        driver.call("POST", "/window/rect", {"width": width, "height": int(str(tall)) + 140})
    png = base64.b64decode(str(driver.call("GET", "/screenshot")))
    path.write_bytes(png)
    print(path, Image.open(io.BytesIO(png)).size)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        import os

        os.environ.setdefault("SHOWROOM_PROVINCE_SECRET_FILE", str(Path(folder) / "usb.secret"))
        url = str(Path(folder) / "province.db")
        populate(url)
        engine = open_database(url)
        live = LiveServer(engine).start()
        try:
            with browser_session(("--window-size=360,740", "--hide-scrollbars", "--force-device-scale-factor=1")) as d:
                shoot(d, f"{live.url}/ocop", out / "public-list-360.png", 360, 740)
                shoot(d, f"{live.url}/ocop/p/TRV-TMC", out / "public-product-360.png", 360, 740)
                shoot(d, f"{live.url}/ocop/p/HD-MAMTOM", out / "public-product-nophoto-360.png", 360, 740)
                shoot(d, f"{live.url}/ocop/p/TRV-TMC", out / "public-product-360-whole.png", 360, 740, whole=True)
                d.call("POST", "/url", {"url": f"{live.url}/login"})
                d.call("POST", f"/element/{d.find('#username')}/value", {"text": "lan.nguyen"})
                d.call("POST", f"/element/{d.find('#password')}/value", {"text": PASSWORD})
                d.call("POST", f"/element/{d.find('#login-button')}/click", {})
                d.find("#total-net")
                shoot(d, f"{live.url}/dashboard", out / "dashboard-1280.png", 1280, 800, whole=True)
                shoot(d, f"{live.url}/dashboard", out / "dashboard-1280-top.png", 1280, 800)
                shoot(d, f"{live.url}/programme", out / "programme-1280.png", 1280, 800, whole=True)
        finally:
            live.stop()
            engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
