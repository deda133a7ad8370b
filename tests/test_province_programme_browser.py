"""The programme view in a real headless browser (Debian's chromium) against a real uvicorn server:
the public catalogue lists every product of an imported province list, ``sau rieng`` finds ``Sầu riêng``,
a product page shows the showroom that stocks it after the real outlet's sync, the page renders on a
phone-sized screen, and the indicators page (through chromedriver) matches figures worked out from the
imported list and the synced data.

Skipped, visibly, when chromium (or chromedriver, for the logged-in page) is not installed:
``apt-get install chromium chromium-driver``.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import add_months, business_day
from showroom_pos.core.text import fold
from showroom_pos.province.db import open_database
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import settings
from showroom_pos.services import summary as summaries
from showroom_pos.services.stock import movements
from showroom_pos.storage.models import Product
from showroom_pos.sync import catalogue_pull, worker
from showroom_pos.sync.client import ProvinceClient
from tests.conftest import Outlet
from tests.programme_support import PASSWORD, add_staff, import_catalogue
from tests.province_support import (
    CHROMEDRIVER,
    LiveServer,
    WebDriver,
    at,
    browser_session,
    close_shift,
    open_shift,
    register_outlet,
    sell,
    wait_until,
)

SAMPLE = Path(__file__).resolve().parents[1] / "showroom_pos" / "resources" / "sample_ocop_products.csv"
CHROMIUM = shutil.which("chromium")
TODAY = business_day()


def sample_rows() -> list[dict[str, str]]:
    """The province's list as a reader would see it (three title lines, then the header)."""
    lines = SAMPLE.read_text(encoding="utf-8-sig").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("STT,"))
    return list(csv.DictReader(io.StringIO("\n".join(lines[start:]))))


@dataclass
class Scene:
    live: LiveServer
    engine: Engine
    rows: list[dict[str, str]]
    tmp: Path


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium): the browser checks were not run")
    engine = open_database(str(tmp_path / "province.db"))
    import_catalogue(engine, SAMPLE)
    live = LiveServer(engine).start()
    ctx = AppContext.open(AppPaths.resolve(tmp_path / "outlet.db"))
    try:
        shop = Outlet(ctx.sessions)
        token = register_outlet(engine, "CL01", "Điểm OCOP Mỹ Tho")
        register_outlet(engine, "CB02", "Điểm OCOP Cái Bè")  # registered, never synced
        outlet_sync(ctx.sessions, shop, live, token)
        yield Scene(live, engine, sample_rows(), tmp_path)
    finally:
        ctx.close()
        live.stop()
        engine.dispose()


def outlet_sync(sessions: sessionmaker[Session], shop: Outlet, live: LiveServer, token: str) -> None:
    """The real outlet: pulls the province's catalogue, prices and stocks the frozen durian, sells one
    box, closes the day and syncs through the real worker."""
    with sessions.begin() as s:
        settings.set(s, "province.url", live.url)
        settings.set(s, "province.token", token)
    client = ProvinceClient(live.url, token)
    try:
        catalogue_pull.pull(sessions, client)
        with sessions.begin() as s:
            durian = s.query(Product).filter(Product.province_ref == "TCT-SRD-500").one()
            durian.price, durian.active = 199_000, True  # the manager prices and activates it
            movements.post_movements(s, [(durian.id, 10)], kind="receipt")
            durian_id = durian.id
        day = TODAY - timedelta(days=1)
        open_shift(sessions, shop.cashier, at(day, 8))
        sell(sessions, shop.cashier, [(durian_id, 1)], at(day, 9))
        close_shift(sessions, shop.cashier, at(day, 20))
        result = worker.sync_once(sessions, client, summaries.frozen_payload, force=True)
        assert result.pending == 0 and result.parked_total == 0
    finally:
        client.close()


def chromium(scene: Scene, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
            f"--user-data-dir={scene.tmp / 'chromium-profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def dom(scene: Scene, path: str) -> str:
    return chromium(scene, "--dump-dom", scene.live.url + path).stdout


def texts(page: str, pattern: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in re.findall(pattern, page, flags=re.S)]


def test_the_public_catalogue_in_a_real_browser(scene: Scene) -> None:
    page = dom(scene, "/ocop")
    names = texts(page, r'<h2><a href="/ocop/p/[^"]+">(.*?)</a></h2>')
    assert sorted(names) == sorted(r["Tên sản phẩm"] for r in scene.rows)  # every product of the list
    assert f"{len(scene.rows)} sản phẩm" in page
    # `sau rieng` finds the durian products, whatever the diacritics.
    found = texts(dom(scene, "/ocop?q=sau+rieng"), r'<h2><a href="/ocop/p/[^"]+">(.*?)</a></h2>')
    expected = [r["Tên sản phẩm"] for r in scene.rows if "sau rieng" in fold(r["Tên sản phẩm"])]
    assert sorted(found) == sorted(expected) and all(n.startswith("Sầu riêng") for n in found) and found
    # The product page shows the showroom that stocks it, after its sync; the other showroom not.
    product = dom(scene, "/ocop/p/TCT-SRD-500")
    showrooms = product.split('id="showrooms"')[1].split("</section>")[0]
    assert "Điểm OCOP Mỹ Tho" in showrooms and "Điểm OCOP Cái Bè" not in showrooms
    assert "Sầu riêng Ri6 đông lạnh múi 500 g" in texts(product, r'<h1 id="product-name">(.*?)</h1>')
    assert "199.000" not in product and "CL01" not in product  # not the outlet's own price, not its code
    assert "Giá tham khảo" in product and "189.000" in product  # the province's reference price is public
    card = dom(scene, "/ocop?q=sau+rieng+mui")
    assert "Có hàng tại: Điểm OCOP Mỹ Tho" in card
    # An unknown product: the browser gets the helpful 404 page.
    assert "Không tìm thấy sản phẩm" in dom(scene, "/ocop/p/KHONG-CO")
    # On a phone-sized screen the page renders with its styles (the green header is there).
    shot = scene.tmp / "catalogue-phone.png"
    chromium(scene, "--window-size=390,844", "--hide-scrollbars", f"--screenshot={shot}", scene.live.url + "/ocop")
    image = Image.open(shot).convert("RGB")
    assert image.size == (390, 844)
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 30, "the page looks blank"
    assert sum(n for n, c in colours if c == (0x1F, 0x7A, 0x4D)) > 390 * 20, "the header (styles) did not render"


# --- the indicators page, logged in, through chromedriver ---------------------------------------------


@pytest.fixture
def driver(scene: Scene) -> Iterator[WebDriver]:
    if CHROMEDRIVER is None:
        pytest.skip("chromedriver is not installed (apt-get install chromium-driver): indicators page not browsed")
    with browser_session((f"--user-data-dir={scene.tmp / 'driver-profile'}",)) as wd:
        yield wd


def independent_figures(rows: list[dict[str, str]], today: date) -> dict[str, str]:
    """The indicators as of ``today`` worked out from the CSV itself (not through the server's code)."""
    kinds = {
        "Doanh nghiệp": "enterprise",
        "Hợp tác xã": "cooperative",
        "Tổ hợp tác": "coop_group",
        "Hộ kinh doanh": "household",
    }
    valid = []
    for r in rows:
        signed = datetime.strptime(r["Ngày ký quyết định"], "%d/%m/%Y").date()
        if signed <= today <= add_months(signed, 36):
            valid.append((r, add_months(signed, 36)))
    producers = {r["Chủ thể"]: kinds[r["Loại hình chủ thể"]] for r, _ in valid}
    coops = sum(1 for k in producers.values() if k == "cooperative")
    smes = sum(1 for k in producers.values() if k == "enterprise")

    def share(part: int) -> str:
        return f"{100 * part / len(producers):.1f}".replace(".", ",") + f" % ({part}/{len(producers)})"

    return {
        "products_certified": str(len(valid)),
        "products_stars_5": str(sum(1 for r, _ in valid if r["Hạng sao"] == "5")),
        "products_stars_4": str(sum(1 for r, _ in valid if r["Hạng sao"] == "4")),
        "certificates_expiring_90d": str(sum(1 for _r, exp in valid if exp <= today + timedelta(days=90))),
        "producers_total": str(len(producers)),
        "producers_cooperative_share": share(coops),
        "producers_sme_share": share(smes),
        # Only the durian's producer sold, through CL01 yesterday.
        "producers_selling_share": share(1),
        "showrooms_active": "2",
        "showrooms_reporting": "1",
    }


def test_the_indicators_page_in_a_real_browser(scene: Scene, driver: WebDriver) -> None:
    add_staff(scene.engine, "lan.nguyen")
    driver.call("POST", "/url", {"url": f"{scene.live.url}/programme"})
    assert "/login" in str(driver.call("GET", "/url"))
    driver.call("POST", f"/element/{driver.find('#username')}/value", {"text": "lan.nguyen"})
    driver.call("POST", f"/element/{driver.find('#password')}/value", {"text": PASSWORD})
    driver.call("POST", f"/element/{driver.find('#login-button')}/click", {})
    wait_until(lambda: "/dashboard" in str(driver.call("GET", "/url")), what="logged in")
    driver.call("POST", "/url", {"url": f"{scene.live.url}/programme"})
    # The page's own date, not this module's: a run crossing midnight in Vietnam imported TODAY the day before
    # (two certificates expiring 90 days after the page's date were then counted by the page, not by the test).
    as_of = datetime.strptime(driver.text("#as-of b"), "%d/%m/%Y").date()
    assert as_of in (TODAY, TODAY + timedelta(days=1))
    for key, value in independent_figures(scene.rows, as_of).items():
        assert driver.text(f"#value-{key}") == value, key
    assert driver.text("#target-products_certified") == "≥ 200"
    assert driver.text("#verdict-products_certified") == "chưa đạt"
    assert driver.text("#target-producers_selling_share") == "≥ 70 %"
    expiring = driver.text("#expiring")
    for r in scene.rows:
        expires = add_months(datetime.strptime(r["Ngày ký quyết định"], "%d/%m/%Y").date(), 36)
        soon = as_of <= expires <= as_of + timedelta(days=90)
        assert (r["Tên sản phẩm"] in expiring) == soon, r["Tên sản phẩm"]


def test_the_catalogue_fits_a_phone_screen(scene: Scene, driver: WebDriver) -> None:
    """Nothing wider than a 360-pixel-wide phone: no sideways scrolling on the list or a product page."""
    driver.call("POST", "/window/rect", {"width": 360, "height": 800})
    for path in ("/ocop", "/ocop?q=sau+rieng", "/ocop/p/TCT-SRD-500", "/ocop/p/KHONG-CO"):
        driver.call("POST", "/url", {"url": scene.live.url + path})
        widths = driver.call(
            "POST",
            "/execute/sync",
            {"script": "return [document.documentElement.scrollWidth, window.innerWidth];", "args": []},
        )
        assert isinstance(widths, list) and widths[0] <= widths[1], (path, widths)
