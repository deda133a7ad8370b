"""The public OCOP catalogue: every certified product, diacritic-free search, product pages at stable
addresses, the showrooms that stock a product now, 404s that help, photos and QR codes; nothing
secret shown and every text escaped."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from PIL import Image
from sqlalchemy import Engine, select, update

from showroom_pos.core import summary as shapes
from showroom_pos.core.clock import business_day
from showroom_pos.province import auth, showcase
from showroom_pos.province import cli as province_cli
from showroom_pos.province.db import session_factory
from showroom_pos.province.models import ProvinceOutlet
from showroom_pos.province.programme_models import OutletStockSnapshot
from showroom_pos.province.public import PAGE_SIZE
from tests.programme_support import (
    HOSTILE,
    add_staff,
    engine_for,
    import_catalogue,
    login,
    page_token,
    post,
    product,
    summary,
    write_catalogue,
)
from tests.province_support import LiveServer, register_outlet

TODAY = business_day()
DAY = TODAY - timedelta(days=1)


def row(ref: str, name: str, stars: int = 3, **extra: object) -> dict[str, object]:
    base: dict[str, object] = {
        "ref": ref,
        "sku": ref,
        "name": name,
        "stars": stars,
        "group": "thực phẩm",
        "producer_code": "TRAICAYTHUY",
        "producer_name": "Công ty TNHH MTV Trái cây Thủy",
        "producer_kind": "doanh nghiệp",
        "producer_commune": "Cái Bè",
        "producer_province": "Đồng Tháp",
        "certificate_no": "485/QĐ-UBND",
        "certificate_signed": (TODAY - timedelta(days=400)).isoformat(),
    }
    base.update(extra)
    return base


ROWS = [
    row("SR-RI6", "Sầu riêng Ri6 đông lạnh", 4, barcodes="8938000000107", reference_price=189000),
    row(
        "TRV-TMC",
        "Trà mãng cầu xiêm",
        4,
        group="đồ uống",
        barcodes="8938000000022",
        producer_code="TRAVIPHA",
        producer_name="Công ty TNHH Travipha",
        producer_commune="Tân Phú Đông",
    ),
    row(
        "DN-MIT",
        "Mít Thái sấy thăng hoa",
        3,
        producer_code="DONGNGHI",
        producer_name="HTX Nông nghiệp Đông Nghi",
        producer_kind="hợp tác xã",
        producer_commune="Châu Thành",
    ),
    row(
        "OLD-1",
        "Bánh phồng tôm cũ",
        3,
        certificate_signed=(TODAY - timedelta(days=1200)).isoformat(),
        certificate_expires=(TODAY - timedelta(days=5)).isoformat(),
    ),
    row("SOON-1", "Kẹo dừa sắp hết hạn", 3, certificate_expires=(TODAY + timedelta(days=30)).isoformat()),
    row("GONE-1", "Nước mắm bị thu hồi", 3, status="thu hồi"),
    row(
        "EVIL-1", HOSTILE, 5, producer_code="EVIL", producer_name='Cơ sở "Ác" <b>đậm</b>', producer_commune="<i>xã</i>"
    ),
    row("A/B 1", "Gạo VD20 Gò Công", 3, producer_code="HK", producer_name="Công ty TNHH TM HK"),
]
CERTIFIED = [r for r in ROWS if r.get("status") != "thu hồi"]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for("sqlite", tmp_path)


@pytest.fixture
def live(engine: Engine, tmp_path: Path) -> Iterator[LiveServer]:
    import_catalogue(engine, write_catalogue(tmp_path / "list.csv", ROWS))
    server = LiveServer(engine).start()
    yield server
    server.stop()


def get(live: LiveServer, path: str, **params: str | int) -> httpx.Response:
    return httpx.get(f"{live.url}{path}", params=params, timeout=30, follow_redirects=False)


def listed(html: str) -> list[str]:
    return re.findall(r'<li class="card" data-ref="([^"]*)"', html)


def test_every_certified_product_is_listed_with_its_facts(live: LiveServer) -> None:
    r = get(live, "/ocop")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "public, max-age=60"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in r.text
    refs = listed(r.text)
    assert sorted(refs) == sorted(str(x["ref"]) for x in CERTIFIED)
    assert "GONE-1" not in r.text and "bị thu hồi" not in r.text
    assert f"{len(CERTIFIED)} sản phẩm" in r.text
    card = r.text.split('data-ref="SR-RI6"')[1].split("</li>")[0]
    assert "★★★★<" in card and "4 sao" in card and "Thực phẩm" in card
    assert "Công ty TNHH MTV Trái cây Thủy" in card and "Cái Bè" in card and "Đồng Tháp" in card
    assert "Chứng nhận OCOP còn hiệu lực đến" in card
    old = r.text.split('data-ref="OLD-1"')[1].split("</li>")[0]
    assert 'class="cert expired"' in old and "đã hết hạn" in old
    soon = r.text.split('data-ref="SOON-1"')[1].split("</li>")[0]
    assert 'class="cert expiring"' in soon


def test_search_ignores_diacritics_and_case_and_filters(live: LiveServer) -> None:
    for query in ("sau rieng", "SẦU RIÊNG", "Sau  Rieng ri6", "cai be sau"):
        assert listed(get(live, "/ocop", q=query).text) == ["SR-RI6"], query
    assert listed(get(live, "/ocop", q="mang cau").text) == ["TRV-TMC"]
    assert listed(get(live, "/ocop", q="dong nghi").text) == ["DN-MIT"]  # by producer
    assert listed(get(live, "/ocop", q="8938000000022").text) == ["TRV-TMC"]  # by barcode
    assert sorted(listed(get(live, "/ocop", stars=4).text)) == ["SR-RI6", "TRV-TMC"]
    assert listed(get(live, "/ocop", group="beverage").text) == ["TRV-TMC"]
    assert listed(get(live, "/ocop", in_stock=1).text) == []
    nothing = get(live, "/ocop", q="không có gì như thế này")
    assert nothing.status_code == 200 and listed(nothing.text) == [] and "Không có sản phẩm nào khớp" in nothing.text
    assert 'value="không có gì như thế này"' in nothing.text
    # Odd parameters are ignored, never an error.
    assert len(listed(get(live, "/ocop", stars="x", group="<b>", page="-3").text)) == len(CERTIFIED)


def test_product_pages_have_stable_addresses_and_404s_help(live: LiveServer) -> None:
    r = get(live, "/ocop/p/SR-RI6")
    assert r.status_code == 200
    assert '<h1 id="product-name">Sầu riêng Ri6 đông lạnh</h1>' in r.text
    assert f'<link rel="canonical" href="{live.url}/ocop/p/SR-RI6">' in r.text
    assert 'id="stable-url"' not in r.text and "tem truy xuất" not in r.text  # staff text stays off public pages
    certificate = r.text.split('id="certificate-state"')[1].split("</div>")[0]
    assert "★★★★" in certificate and "OCOP 4 sao" in certificate and "Chứng nhận còn hiệu lực đến" in certificate
    assert r.text.index('id="certificate-state"') < r.text.index('class="gallery"')  # before the photo
    for fact in ("485/QĐ-UBND", "189.000 ₫", "8938000000107", "Doanh nghiệp", "Còn hiệu lực đến"):
        assert fact in r.text
    expired = get(live, "/ocop/p/OLD-1")
    assert expired.status_code == 200 and 'class="certificate expired"' in expired.text
    assert "đã hết hạn" in expired.text
    odd = get(live, "/ocop/p/A%2FB%201")  # a ref with a slash and a space
    assert odd.status_code == 200 and "Gạo VD20 Gò Công" in odd.text
    assert 'href="/ocop/p/A%2FB%201"' in get(live, "/ocop", q="gao").text
    moved = get(live, "/ocop/p/8938000000022")  # a GTIN printed on the pack
    assert moved.status_code == 301 and moved.headers["location"] == "/ocop/p/TRV-TMC"
    unknown = get(live, "/ocop/p/NO-SUCH")
    assert unknown.status_code == 404 and 'id="not-found"' in unknown.text
    assert "Không tìm thấy sản phẩm" in unknown.text and 'action="/ocop"' in unknown.text
    revoked = get(live, "/ocop/p/GONE-1")
    assert revoked.status_code == 404 and "đã bị thu hồi chứng nhận OCOP" in revoked.text
    assert "Nước mắm bị thu hồi" not in revoked.text
    hostile_ref = get(live, "/ocop/p/<script>alert(1)</script>")
    assert hostile_ref.status_code == 404 and "<script>alert(1)" not in hostile_ref.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_ref.text


def test_texts_from_the_list_and_from_outlets_are_escaped(engine: Engine, live: LiveServer) -> None:
    token = register_outlet(engine, "EV01", 'Điểm <script>window.__xss=3</script> "bán"')
    post(live, token, summary("EV01", DAY, [product("EVIL-1", 1, 10_000)], stock=[shapes.StockLevel("EVIL-1", 3)]))
    for path in ("/ocop", "/ocop/p/EVIL-1", "/ocop?q=script"):
        html = get(live, path).text
        assert "<script>" not in html and "<img src=x" not in html and "<b>đậm</b>" not in html
        assert "<i>xã</i>" not in html
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
        assert "Điểm &lt;script&gt;window.__xss=3&lt;/script&gt; &quot;bán&quot;" in html
    assert "Cơ sở &quot;Ác&quot; &lt;b&gt;đậm&lt;/b&gt;" in get(live, "/ocop/p/EVIL-1").text


def test_showrooms_in_stock_after_their_sync_and_nothing_secret(engine: Engine, live: LiveServer) -> None:
    t1 = register_outlet(engine, "CL01", "Điểm OCOP Mỹ Tho")
    t2 = register_outlet(engine, "CB02", "Điểm OCOP Cái Bè")
    t3 = register_outlet(engine, "GC03", "Điểm OCOP Gò Công")
    with session_factory(engine).begin() as s:
        s.scalars(select(ProvinceOutlet).where(ProvinceOutlet.code == "CB02")).one().commune = "Cái Bè"
    assert "Hiện chưa có tại điểm bán OCOP" in get(live, "/ocop", q="sau rieng").text
    # CL01 knows the product by the province's ref, CB02 only by its barcode, GC03 has sold out.
    post(
        live,
        t1,
        summary(
            "CL01",
            DAY,
            [product("SR", 2, 378_000)],
            stock=[shapes.StockLevel("SR", 7, province_ref="SR-RI6", price=189_000)],
        ),
    )
    post(
        live,
        t2,
        summary(
            "CB02",
            DAY,
            [product("X1", 1, 185_000)],
            stock=[
                shapes.StockLevel("X1", 2, barcode="8938000000107", price=185_000),
                shapes.StockLevel("TMC", 4, barcode="8938000000022"),
            ],
        ),
    )
    post(live, t3, summary("GC03", DAY, [product("SR-RI6", 3, 567_000)], stock=[shapes.StockLevel("SR-RI6", 0)]))
    page = get(live, "/ocop/p/SR-RI6").text
    showrooms = page.split('id="showrooms"')[1].split("</section>")[0]
    assert "<b>Điểm OCOP Mỹ Tho</b>" in showrooms
    assert '<b>Điểm OCOP Cái Bè</b><span class="addr">Cái Bè</span>' in showrooms  # no address: its commune
    assert 'href="https://www.google.com/maps/search/?api=1&amp;query=' in showrooms
    assert "Điểm OCOP Gò Công" not in showrooms
    assert "cập nhật" in showrooms
    card = get(live, "/ocop", q="sau rieng").text
    assert "Có hàng tại: Điểm OCOP Cái Bè, Điểm OCOP Mỹ Tho" in card
    # The showrooms in Vietnamese order: Ấ after A, before B … Đ (by code points it came after every Đ).
    with session_factory(engine).begin() as s:
        s.execute(update(ProvinceOutlet).where(ProvinceOutlet.code == "CB02").values(name="Ấp Bắc OCOP"))
        stocked = showcase.build(s).by_ref["SR-RI6"].stock
        assert [a.outlet_name for a in stocked] == ["Ấp Bắc OCOP", "Điểm OCOP Gò Công", "Điểm OCOP Mỹ Tho"]
        s.rollback()
    assert sorted(listed(get(live, "/ocop", in_stock=1).text)) == ["SR-RI6", "TRV-TMC"]
    # No sales figure, no stock quantity, no outlet code or token anywhere public.
    for path in ("/ocop", "/ocop/p/SR-RI6", "/ocop/p/TRV-TMC", "/ocop?in_stock=1"):
        # Less the server's own address (the canonical link): its random port may hold "567" or "185" by chance.
        html = get(live, path).text.replace(live.url, "")
        for secret in ("378", "567", "185.000", "CL01", "CB02", "GC03", t1, t2, t3, "ocop_", "Doanh thu", "doanh số"):
            assert secret not in html, (path, secret)
    # A revoked outlet, or one silent for more than two weeks, says nothing about "now".
    with session_factory(engine).begin() as s:
        auth.revoke_outlet(s, "CB02")
        snap = s.get(
            OutletStockSnapshot, s.scalars(select(ProvinceOutlet.id).where(ProvinceOutlet.code == "CL01")).one()
        )
        assert snap is not None
        snap.taken_at = datetime.now(UTC) - timedelta(days=15)
    showrooms = get(live, "/ocop/p/SR-RI6").text.split('id="showrooms"')[1].split("</section>")[0]
    assert "Điểm OCOP" not in showrooms and "Hiện chưa có điểm bán nào" in showrooms


def test_the_public_list_is_in_vietnamese_order(engine: Engine, live: LiveServer, tmp_path: Path) -> None:
    """"Dưa hấu" and "Dừa sáp" before "Đậu phộng", then "Gạo": the list folded Đ into D and put "Đậu phộng" first."""
    names = {"VN-DAU": "Đậu phộng rang Củ Chi", "VN-DUAHAU": "Dưa hấu Long An", "VN-DUA": "Dừa sáp Cầu Kè",
             "VN-GAO": "Gạo thơm Chợ Gạo"}
    import_catalogue(engine, write_catalogue(tmp_path / "vn.csv", ROWS + [row(ref, name) for ref, name in
                                                                          names.items()]))
    order = [ref for ref in listed(get(live, "/ocop").text) if ref in names]
    assert order == ["VN-DUAHAU", "VN-DUA", "VN-DAU", "VN-GAO"]


def test_the_list_is_paged_and_a_new_import_shows_at_once(engine: Engine, live: LiveServer, tmp_path: Path) -> None:
    many = [row(f"P{i:03d}", f"Sản phẩm số {i:03d}") for i in range(2 * PAGE_SIZE + 5)]
    import_catalogue(engine, write_catalogue(tmp_path / "more.csv", ROWS + many))
    total = len(CERTIFIED) + len(many)
    first = get(live, "/ocop")
    assert f"{total} sản phẩm · trang 1/3" in first.text and len(listed(first.text)) == PAGE_SIZE
    seen = []
    for n in (1, 2, 3):
        seen += listed(get(live, "/ocop", page=n).text)
    assert len(seen) == total and len(set(seen)) == total
    assert listed(get(live, "/ocop", page=99).text) == listed(get(live, "/ocop", page=3).text)
    paged = get(live, "/ocop", q="san pham so", page=2).text
    assert 'href="/ocop?q=san+pham+so&amp;page=1"' in paged


def _png(colour: tuple[int, int, int], size: tuple[int, int] = (800, 600)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera"  # model: stripped by the re-encoding
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _upload(client: httpx.Client, files: list[tuple[str, bytes]], csrf: str | None = None) -> httpx.Response:
    page = client.get("/programme/photos").text
    token = csrf if csrf is not None else page_token(page)
    return client.post(
        "/programme/photos",
        data={"csrf": token},
        files=[("file", (name, data, "application/octet-stream")) for name, data in files],
    )


def test_photos_are_uploaded_by_admins_reencoded_and_served(engine: Engine, live: LiveServer, tmp_path: Path) -> None:
    add_staff(engine, "lan.admin", "admin")
    add_staff(engine, "minh.officer")
    officer = login(live, "minh.officer")
    assert _upload(officer, [("SR-RI6.jpg", _png((200, 30, 30)))]).status_code == 403
    admin = login(live, "lan.admin")
    assert _upload(admin, [("SR-RI6.jpg", _png((200, 30, 30)))], csrf="wrong").status_code == 403
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("TRV-TMC.jpg", _png((30, 200, 30)))
        z.writestr("8938000000107@2.jpg", _png((30, 30, 200), (300, 1600)))  # a GTIN names the product
        z.writestr("notes.txt", b"hello")
    r = _upload(
        admin,
        [
            ("SR-RI6.jpg", _png((200, 30, 30), (4000, 3000))),
            ("photos.zip", archive.getvalue()),
            ("NO-SUCH.jpg", _png((0, 0, 0))),
            ("DN-MIT.jpg", b"<?php echo 'not an image'; ?>"),
        ],
    )
    assert r.status_code == 200 and "Đã lưu 3 ảnh." in r.text
    problems = r.text.split('id="photos-problems"')[1]
    assert "notes.txt: not an image file name" in problems and "NO-SUCH" in problems
    assert "DN-MIT.jpg: not an image Pillow can read" in problems
    big = get(live, "/ocop/p/SR-RI6/photo-1.jpg")
    assert big.status_code == 200 and big.headers["content-type"] == "image/jpeg"
    assert big.headers["cache-control"] == "public, max-age=86400"
    image = Image.open(io.BytesIO(big.content))
    assert image.format == "JPEG" and max(image.size) == 1200 and b"Secret Camera" not in big.content
    red = image.getpixel((600, 450))
    assert isinstance(red, tuple) and red[0] > 150  # the red photo, not another (a colour JPEG: one value a band)
    small = get(live, "/ocop/p/SR-RI6/photo-1-small.jpg")
    assert max(Image.open(io.BytesIO(small.content)).size) == 360 and len(small.content) < len(big.content)
    again = httpx.get(f"{live.url}/ocop/p/SR-RI6/photo-1.jpg", headers={"If-None-Match": big.headers["etag"]})
    assert again.status_code == 304
    second = get(live, "/ocop/p/SR-RI6/photo-2.jpg")
    assert second.status_code == 200 and Image.open(io.BytesIO(second.content)).size[1] == 1200
    assert get(live, "/ocop/p/SR-RI6/photo-3.jpg").status_code == 404
    assert get(live, "/ocop/p/GONE-1/photo-1.jpg").status_code == 404
    card = get(live, "/ocop", q="sau rieng").text
    assert re.search(r'<img src="/ocop/p/SR-RI6/photo-1-small\.jpg\?v=[0-9a-f]{10}" alt="Sầu riêng', card)
    page = get(live, "/ocop/p/SR-RI6").text
    assert "/ocop/p/SR-RI6/photo-1.jpg?v=" in page and "/ocop/p/SR-RI6/photo-2-small.jpg?v=" in page
    missing = admin.get("/programme/photos").text.split('id="missing-photos"')[1]
    assert "DN-MIT" in missing and "SR-RI6" not in missing
    # The CLI loads a folder of photos the same way.
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "DN-MIT.png").write_bytes(_png((90, 90, 90)))
    (folder / "README").write_bytes(b"x")
    assert province_cli.main(["--db", str(engine.url.database), "photos", "import", str(folder)]) == 1  # README
    assert get(live, "/ocop/p/DN-MIT/photo-1.jpg").status_code == 200


def test_the_qr_code_scans_to_the_stable_address(live: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOWROOM_PROVINCE_PUBLIC_URL", "https://ocop.dongthap.example.vn/")
    r = get(live, "/ocop/p/TRV-TMC/qr.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert get(live, "/ocop/p/GONE-1/qr.png").status_code == 404
    page = get(live, "/ocop/p/TRV-TMC").text
    assert "https://ocop.dongthap.example.vn/ocop/p/TRV-TMC" in page
    zbar = shutil.which("zbarimg")
    if zbar is None:
        pytest.skip("zbarimg is not installed (apt-get install zbar-tools): the QR code was not decoded")
    path = Path(str(live.engine.url.database)).with_name("qr.png")
    path.write_bytes(r.content)
    out = subprocess.run([zbar, "--quiet", "--raw", str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "https://ocop.dongthap.example.vn/ocop/p/TRV-TMC"


def test_a_date_shows_as_day_month_year(live: LiveServer) -> None:
    html = get(live, "/ocop/p/SOON-1").text
    expires = TODAY + timedelta(days=30)
    assert expires.strftime("%d/%m/%Y") in html and 'class="certificate expiring"' in html


def test_a_photo_position_out_of_range_is_a_404_never_a_500(live: LiveServer) -> None:
    ref = CERTIFIED[0]["ref"]
    for n in ("99999999999999999999", "0", "6"):
        for suffix in (".jpg", "-small.jpg"):
            r = get(live, f"/ocop/p/{ref}/photo-{n}{suffix}")
            assert r.status_code == 404, (n, suffix, r.status_code)
