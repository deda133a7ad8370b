"""The public OCOP catalogue: no login, mobile first, no JavaScript, fast (a cached ``Showcase``).

- ``/ocop``: every certified product (photo, stars, group, producer and commune, certificate validity,
  the showrooms that have it now); search ignoring diacritics (``?q=sau rieng``), filters by stars,
  group and "in stock", 60 products a page.
- ``/ocop/p/<ref>``: the product's page, a stable address for the QR code of a traceability stamp or a
  label (``ref`` is the province's code; a product's GTIN redirects there): its name, stars and certificate
  first (what a visitor checks, above the fold on a phone), then its photo (or the OCOP star where there is
  none yet), its facts and each showroom that has it, with its address, phone and a map link. An unknown or
  revoked product answers 404 with a page that says which and how to search.
- ``/ocop/p/<ref>/photo-<n>.jpg`` (and ``-small.jpg``), ``/ocop/p/<ref>/qr.png``: its photos and QR code.

The pages are in Vietnamese, written directly here (the public of an OCOP stamp reads Vietnamese). The
province's name, emblem text and agency come from its settings (``site_settings``), stored by the server.
They show no sales figure, no stock quantity, no outlet code or token, nothing meant for staff: only a
showroom's name, address, phone and map link. Every text is escaped, whether it came from the province's
list or from an outlet.
"""

from __future__ import annotations

import io
import os
from datetime import date, datetime
from html import escape
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from showroom_pos.core.clock import local
from showroom_pos.core.money import format_vnd

from . import photos as photo_store
from .exports import product_url
from .params import whole
from .server_state import server_of
from .showcase import GROUP_LABELS, KIND_LABELS, Availability, Showcase, ShowProduct

PAGE_SIZE = 60
MAX_QUERY = 100
ENV_PUBLIC_URL = "SHOWROOM_PROVINCE_PUBLIC_URL"
PUBLIC_CACHE = "public, max-age=60"
PHOTO_CACHE = "public, max-age=86400"

router = APIRouter()


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def base_url(request: Request) -> str:
    """The server's public address: ``$SHOWROOM_PROVINCE_PUBLIC_URL`` or what the request came to."""
    configured = os.environ.get(ENV_PUBLIC_URL, "").strip()
    return (configured or str(request.base_url)).rstrip("/")


Site = dict[str, str]  # the province's settings (``site_settings``): its name, emblem, the publishing agency


def site(request: Request) -> Site:
    """The province's settings, stored by the server (not the environment), read through a short cache."""
    server = server_of(request)
    with server.read_sessions() as session:
        return server.site_settings.get(session)


def showcase(request: Request) -> Showcase:
    server = server_of(request)
    with server.read_sessions() as session:
        return server.showcase.get(session)


def path_of(ref: str) -> str:
    return f"/ocop/p/{quote(ref, safe='')}"


def dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def when(moment: datetime) -> str:
    return local(moment).strftime("%d/%m/%Y %H:%M")


# --- HTML -----------------------------------------------------------------------------------------

CSS = """
:root { --ink:#1d2a22; --muted:#56665c; --line:#dde5df; --accent:#1f7a4d; --gold:#c98a00; --warn:#b3261e;
  --bg:#f5f7f5; }
* { box-sizing:border-box; }
html { -webkit-text-size-adjust:100%; }
body { margin:0; font:16px/1.45 "DejaVu Sans","Segoe UI",Roboto,Arial,sans-serif; color:var(--ink);
  background:var(--bg); }
a { color:var(--accent); }
header.site { background:var(--accent); color:#fff; padding:.55rem .9rem; }
header.site a.brand { color:#fff; text-decoration:none; display:flex; align-items:center; gap:.6rem; }
.emblem { flex:none; width:2.6rem; height:2.6rem; border-radius:50%; background:#fff; color:var(--accent);
  border:2px solid var(--gold); display:flex; align-items:center; justify-content:center; font-weight:bold;
  font-size:.78rem; letter-spacing:.02em; overflow:hidden; }
.names { display:flex; flex-direction:column; line-height:1.2; min-width:0; }
.names .province { font-size:.8rem; opacity:.9; text-transform:uppercase; letter-spacing:.04em; }
.names .title { font-weight:bold; font-size:1.05rem; }
main { max-width:1200px; margin:0 auto; padding:.8rem; }
form.search { display:flex; flex-wrap:wrap; gap:.5rem; align-items:center; margin:.3rem 0 .8rem; }
form.search input[type=search] { flex:1 1 14rem; font:inherit; padding:.55rem .7rem; border:1px solid #b9c6bd;
  border-radius:8px; min-width:0; }
form.search select, form.search button { font:inherit; padding:.5rem .6rem; border-radius:8px;
  border:1px solid #b9c6bd; background:#fff; max-width:100%; min-width:0; }
form.search select[name=group] { flex:1 1 10rem; }
form.search button { background:var(--accent); color:#fff; border-color:var(--accent); }
form.search label { font-size:.95rem; white-space:nowrap; }
p.count { color:var(--muted); margin:.2rem 0 .8rem; }
ul.grid { list-style:none; margin:0; padding:0; display:grid; gap:.6rem; grid-template-columns:1fr; }
li.card { background:#fff; border:1px solid var(--line); border-radius:10px; overflow:hidden; display:grid;
  grid-template-columns:6.5rem minmax(0, 1fr); }
.card .photo { display:block; aspect-ratio:1/1; background:#eef3ef; text-decoration:none; }
.card .photo img { width:100%; height:100%; object-fit:cover; display:block; }
.nophoto { display:flex; flex-direction:column; align-items:center; justify-content:center; gap:.3rem; width:100%;
  height:100%; color:#7f9a88; background:linear-gradient(135deg, #eef4ef, #e2ece4); font-size:.75rem; }
.nophoto svg { width:2.2rem; height:2.2rem; }
.card .body { padding:.6rem .75rem .8rem; display:flex; flex-direction:column; gap:.25rem; }
.card h2 { font-size:1.02rem; margin:0; line-height:1.3; }
.card h2 a { color:var(--ink); text-decoration:none; }
.stars { color:var(--gold); margin:0; letter-spacing:.05em; }
.stars .label { color:var(--muted); letter-spacing:0; font-size:.85rem; margin-left:.3rem; }
.meta, .where { margin:0; font-size:.9rem; color:var(--muted); }
.where.yes { color:var(--accent); }
.cert { margin:0; font-size:.85rem; }
.cert.expired { color:var(--warn); font-weight:bold; }
.cert.expiring { color:var(--gold); }
nav.pages { display:flex; flex-wrap:wrap; gap:.4rem; margin:1rem 0; }
nav.pages a, nav.pages span { padding:.35rem .7rem; border:1px solid var(--line); border-radius:6px; background:#fff; }
nav.pages span.here { background:var(--accent); color:#fff; }
article.product { background:#fff; border:1px solid var(--line); border-radius:12px; padding:.9rem 1rem 1rem; }
article.product h1 { font-size:1.35rem; margin:.1rem 0 .2rem; line-height:1.25; }
p.back { margin:.2rem 0 .5rem; font-size:.9rem; }
p.maker { margin:0 0 .5rem; color:var(--muted); font-size:.92rem; }
.certificate { display:flex; flex-wrap:wrap; align-items:center; gap:.15rem .6rem; padding:.55rem .75rem;
  border-radius:8px; background:#e6f4ea; color:#14532d; margin:.3rem 0 .8rem; border:1px solid #bfe3cb; }
.certificate .stars { font-size:1.15rem; }
.certificate b { font-size:.98rem; }
.certificate .until { flex-basis:100%; font-size:.9rem; }
.certificate.expired { background:#fdecea; color:var(--warn); border-color:#f5c2bd; }
.certificate.expiring { background:#fff6df; color:#7a5500; border-color:#f0dca8; }
.gallery { display:grid; gap:.5rem; grid-template-columns:1fr; margin-bottom:.8rem; }
.gallery img { width:100%; height:auto; border-radius:8px; display:block; background:#eef3ef; }
.gallery .more { display:grid; grid-template-columns:repeat(4, 1fr); gap:.4rem; }
.gallery .nophoto { height:7.5rem; border-radius:8px; font-size:.85rem; }
dl.facts { display:grid; grid-template-columns:minmax(6.5rem, 38%) minmax(0, 1fr); gap:.3rem .9rem; margin:.8rem 0; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; overflow-wrap:anywhere; }
section.showrooms h2 { font-size:1.1rem; margin:1rem 0 .4rem; }
section.showrooms ul { list-style:none; padding:0; margin:0; display:grid; gap:.5rem; }
section.showrooms li { border:1px solid var(--line); border-radius:8px; padding:.55rem .7rem; }
section.showrooms li b { display:block; }
section.showrooms .addr { display:block; color:var(--muted); font-size:.9rem; }
section.showrooms .links { display:flex; flex-wrap:wrap; gap:.3rem 1rem; margin-top:.25rem; font-size:.92rem; }
section.showrooms small { color:var(--muted); }
.notfound { background:#fff; border:1px solid var(--line); border-radius:12px; padding:1.2rem; }
footer { color:var(--muted); font-size:.8rem; text-align:center; padding:1.5rem .8rem 2rem; }
@media (min-width: 600px) {
  ul.grid { gap:.8rem; grid-template-columns:repeat(auto-fill, minmax(15.5rem, 1fr)); }
  li.card { display:flex; flex-direction:column; }
  .card .photo { aspect-ratio:4/3; }
  .nophoto { font-size:1rem; letter-spacing:.2em; }
}
@media (min-width: 760px) {
  dl.facts { grid-template-columns:max-content minmax(0, 1fr); }
  .layout { display:grid; grid-template-columns:minmax(0, 5fr) minmax(0, 6fr); gap:1.2rem; }
  article.product h1 { font-size:1.7rem; }
}
"""


def page(
    title: str, body: str, site: Site, *, canonical: str | None = None, description: str = "", image: str = ""
) -> str:
    meta = ""
    if canonical:
        meta += f'<link rel="canonical" href="{e(canonical)}"><meta property="og:url" content="{e(canonical)}">'
    if description:
        meta += f'<meta name="description" content="{e(description)}">'
        meta += f'<meta property="og:description" content="{e(description)}">'
    if image:
        meta += f'<meta property="og:image" content="{e(image)}">'
    province = site.get("public.province", "")
    names = (f'<span class="province" id="site-province">{e(province)}</span>' if province else "") + (
        f'<span class="title" id="site-title">{e(site.get("public.title", ""))}</span>'
    )
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{e(title)}</title><meta property="og:title" content="{e(title)}">{meta}'
        '<link rel="stylesheet" href="/ocop/static/ocop.css"></head><body>'
        f'<header class="site"><a class="brand" href="/ocop"><span class="emblem" id="site-emblem" aria-hidden="true">'
        f'{e(site.get("public.emblem", ""))}</span><span class="names">{names}</span></a></header><main>{body}</main>'
        f'<footer>Thông tin sản phẩm do {e(site.get("public.agency", ""))} công bố. Nơi có hàng theo báo cáo của '
        "các điểm giới thiệu và bán sản phẩm OCOP.</footer></body></html>"
    )


def site_name(site: Site) -> str:
    return " – ".join(x for x in (site.get("public.title", ""), site.get("public.province", "")) if x)


def stars_html(n: int | None) -> str:
    if not n:
        return ""
    return f'<p class="stars" title="{n} sao">{"★" * n}<span class="label">{n} sao</span></p>'


def cert_html(p: ShowProduct, today: date) -> str:
    state = p.certificate_state(today)
    if state == "expired":
        return f'<p class="cert expired">Chứng nhận OCOP đã hết hạn ({e(dmy(p.certificate_expires))})</p>'
    if state == "undated":
        return '<p class="cert">Chứng nhận OCOP còn hiệu lực</p>'
    cls = "expiring" if state == "expiring" else "valid"
    return f'<p class="cert {cls}">Chứng nhận OCOP còn hiệu lực đến {e(dmy(p.certificate_expires))}</p>'


def where_html(p: ShowProduct) -> str:
    present = p.in_stock
    if not present:
        return '<p class="where">Hiện chưa có tại điểm bán OCOP</p>'
    names = ", ".join(e(a.outlet_name) for a in present)
    return f'<p class="where yes">Có hàng tại: {names}</p>'


STAR = (
    '<svg viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="24" r="21" fill="none" stroke="currentColor" '
    'stroke-width="2"/><polygon points="24,9 27.6,19 38.3,19.4 29.9,25.9 32.8,36.1 24,30.2 15.2,36.1 18.1,25.9 '
    '9.7,19.4 20.4,19" fill="currentColor"/></svg>'
)


def no_photo(caption: str) -> str:
    """The OCOP star on a soft background, saying there is no photo yet (not a big grey box)."""
    return f'<div class="nophoto" role="img" aria-label="Chưa có ảnh sản phẩm">{STAR}<span>{e(caption)}</span></div>'


def thumb_html(p: ShowProduct, small: bool) -> str:
    if not p.photos:
        return no_photo("OCOP")
    position, sha = p.photos[0]
    suffix = "-small" if small else ""
    return (
        f'<img src="{e(path_of(p.ref))}/photo-{position}{suffix}.jpg?v={e(sha[:10])}" alt="{e(p.name)}" '
        f'loading="lazy" decoding="async" width="360" height="270">'
    )


def card_html(p: ShowProduct, today: date) -> str:
    place = ", ".join(x for x in (p.producer_commune, p.producer_province) if x)
    meta = " · ".join(e(x) for x in (p.group_label, p.producer_name, place) if x)
    return (
        f'<li class="card" data-ref="{e(p.ref)}"><a class="photo" href="{e(path_of(p.ref))}" tabindex="-1">'
        f'{thumb_html(p, True)}</a><div class="body"><h2><a href="{e(path_of(p.ref))}">{e(p.name)}</a></h2>'
        f'{stars_html(p.stars)}<p class="meta">{meta}</p>{cert_html(p, today)}{where_html(p)}</div></li>'
    )


def search_form(q: str, stars: int | None, group: str | None, in_stock: bool) -> str:
    star_options = "".join(
        f'<option value="{n}"{" selected" if stars == n else ""}>{n} sao</option>' for n in (3, 4, 5)
    )
    group_options = "".join(
        f'<option value="{g}"{" selected" if group == g else ""}>{e(label)}</option>'
        for g, label in GROUP_LABELS.items()
    )
    return (
        '<form class="search" method="get" action="/ocop" role="search">'
        f'<input type="search" name="q" id="q" value="{e(q)}" maxlength="{MAX_QUERY}" '
        'placeholder="Tìm sản phẩm, chủ thể, xã/phường…" aria-label="Tìm kiếm">'
        f'<select name="stars" aria-label="Hạng sao"><option value="">Mọi hạng sao</option>{star_options}</select>'
        f'<select name="group" aria-label="Nhóm sản phẩm"><option value="">Mọi nhóm</option>{group_options}</select>'
        f'<label><input type="checkbox" name="in_stock" value="1"{" checked" if in_stock else ""}> '
        'Đang có tại điểm bán</label><button type="submit" id="search-button">Tìm</button></form>'
    )


def list_page(
    sc: Showcase, site: Site, q: str, stars: int | None, group: str | None, in_stock: bool, page_no: int
) -> str:
    found = sc.search(q, stars=stars, group=group, in_stock=in_stock)
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page_no = min(max(1, page_no), pages)
    shown = found[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
    if found:
        count = f"{len(found)} sản phẩm" + (f" · trang {page_no}/{pages}" if pages > 1 else "")
    elif q or stars or group or in_stock:
        count = "Không có sản phẩm nào khớp. Thử bỏ bớt từ khóa hoặc bộ lọc."
    else:
        count = "Danh mục chưa có sản phẩm nào."
    cards = "".join(card_html(p, sc.today) for p in shown)
    nav = ""
    if pages > 1:
        params = {k: v for k, v in (("q", q), ("stars", stars or ""), ("group", group or "")) if v}
        if in_stock:
            params["in_stock"] = "1"
        links = []
        for n in range(1, pages + 1):
            if n == page_no:
                links.append(f'<span class="here">{n}</span>')
            else:
                links.append(f'<a href="/ocop?{e(urlencode({**params, "page": n}))}">{n}</a>')
        nav = f'<nav class="pages" aria-label="Trang">{"".join(links)}</nav>'
    body = (
        f"{search_form(q, stars, group, in_stock)}"
        f'<p class="count" id="result-count">{e(count)}</p><ul class="grid" id="products">{cards}</ul>{nav}'
    )
    title = f"Tìm “{q}” – {site_name(site)}" if q else site_name(site)
    return page(title, body, site, description="Danh mục sản phẩm OCOP được chứng nhận và nơi mua.")


def certificate_html(p: ShowProduct, today: date) -> str:
    """Stars and the certificate's validity, first thing under the name: what a visitor checks."""
    state = p.certificate_state(today)
    stars = (
        f'<span class="stars" title="{p.stars} sao">{"★" * p.stars}</span><b>OCOP {p.stars} sao</b>'
        if p.stars
        else "<b>Sản phẩm OCOP</b>"
    )
    until = {
        "expired": f"Giấy chứng nhận OCOP đã hết hạn ngày {dmy(p.certificate_expires)}.",
        "expiring": f"Chứng nhận còn hiệu lực đến {dmy(p.certificate_expires)} (sắp hết hạn).",
        "undated": "Chứng nhận còn hiệu lực.",
    }.get(state, f"Chứng nhận còn hiệu lực đến {dmy(p.certificate_expires)}.")
    return (
        f'<div class="certificate {state}" id="certificate-state">{stars}'
        f'<span class="until" id="validity">{e(until)}</span></div>'
    )


def map_link(a: Availability) -> str:
    """The showroom's own map link, else a map search for its name and address."""
    if a.map_url:
        return a.map_url
    query = ", ".join(x for x in (a.outlet_name, a.address or a.commune) if x)
    return "https://www.google.com/maps/search/?" + urlencode({"api": "1", "query": query})


def showroom_html(a: Availability) -> str:
    place = a.address or a.commune
    links = [f'<a href="{e(map_link(a))}" rel="noopener" class="map">Xem bản đồ</a>']
    if a.phone:
        dial = "".join(ch for ch in a.phone if ch.isascii() and (ch.isdigit() or ch == "+"))
        links.insert(0, f'<a href="tel:{e(dial)}" class="phone">Gọi {e(a.phone)}</a>')
    return (
        f"<li><b>{e(a.outlet_name)}</b>"
        + (f'<span class="addr">{e(place)}</span>' if place else "")
        + f'<span class="links">{"".join(links)}</span>'
        + f"<small>Còn hàng, cập nhật {e(when(a.taken_at))}</small></li>"
    )


def product_page(sc: Showcase, p: ShowProduct, base: str, site: Site) -> str:
    today = sc.today
    url = product_url(base, p.ref)
    if p.photos:
        position, sha = p.photos[0]
        main_img = (
            f'<img src="{e(path_of(p.ref))}/photo-{position}.jpg?v={e(sha[:10])}" alt="{e(p.name)}" '
            'width="1200" height="900">'
        )
        more = "".join(
            f'<a href="{e(path_of(p.ref))}/photo-{pos}.jpg?v={e(s[:10])}"><img src="{e(path_of(p.ref))}/photo-{pos}'
            f'-small.jpg?v={e(s[:10])}" alt="{e(p.name)} – ảnh {pos}" loading="lazy" width="360" height="270"></a>'
            for pos, s in p.photos[1:]
        )
        gallery = f'<div class="gallery">{main_img}' + (f'<div class="more">{more}</div>' if more else "") + "</div>"
    else:
        gallery = f'<div class="gallery">{no_photo("Chưa có ảnh sản phẩm")}</div>'
    facts: list[tuple[str, str]] = []
    producer = e(p.producer_name) + (f" ({e(KIND_LABELS.get(p.producer_kind, ''))})" if p.producer_kind else "")
    facts.append(("Chủ thể", producer))
    place = ", ".join(x for x in (p.producer_commune, p.producer_province) if x)
    if place:
        facts.append(("Địa chỉ", e(place)))
    if p.group_label:
        facts.append(("Nhóm sản phẩm", e(p.group_label)))
    facts.append(("Mã sản phẩm OCOP", e(p.ref)))
    if p.barcodes:
        facts.append(("Mã vạch", e(", ".join(p.barcodes))))
    if p.unit:
        facts.append(("Đơn vị tính", e(p.unit)))
    if p.reference_price:
        facts.append(("Giá tham khảo", e(format_vnd(p.reference_price))))
    if p.certificate_no:
        facts.append(("Quyết định công nhận", e(p.certificate_no)))
    if p.certificate_signed:
        facts.append(("Ngày công nhận", e(dmy(p.certificate_signed))))
    state = p.certificate_state(today)
    validity = {
        "expired": f"Đã hết hạn ngày {dmy(p.certificate_expires)}",
        "undated": "Còn hiệu lực",
    }.get(state, f"Còn hiệu lực đến {dmy(p.certificate_expires)}")
    facts.append(("Hiệu lực chứng nhận", e(validity)))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    present = p.in_stock
    heading = '<section class="showrooms" id="showrooms"><h2>Mua ở đâu: các điểm giới thiệu và bán sản phẩm OCOP</h2>'
    if present:
        showrooms = f"{heading}<ul>{''.join(showroom_html(a) for a in present)}</ul></section>"
    else:
        showrooms = f"{heading}<p>Hiện chưa có điểm bán nào báo còn hàng sản phẩm này.</p></section>"
    maker = " · ".join(e(x) for x in (p.producer_name, place) if x)
    body = (
        f'<p class="back"><a href="/ocop">← Danh mục sản phẩm OCOP</a></p><article class="product" '
        f'data-ref="{e(p.ref)}"><h1 id="product-name">{e(p.name)}</h1>'
        + (f'<p class="maker">{maker}</p>' if maker else "")
        + f'{certificate_html(p, today)}<div class="layout"><div>{gallery}</div><div><dl class="facts">{dl}</dl>'
        f"{showrooms}</div></div></article>"
    )
    description = " · ".join(x for x in (f"OCOP {p.stars} sao" if p.stars else "", p.producer_name, p.group_label) if x)
    image = f"{url}/photo-{p.photos[0][0]}.jpg" if p.photos else ""
    return page(f"{p.name} – {site_name(site)}", body, site, canonical=url, description=description, image=image)


def not_found_page(ref: str, revoked: bool, site: Site) -> str:
    if revoked:
        head = "Sản phẩm không còn trong danh mục OCOP"
        text = (
            f"Sản phẩm mã <b>{e(ref)}</b> đã bị thu hồi chứng nhận OCOP, nên không còn được giới thiệu là sản phẩm "
            "OCOP. Nếu bạn vừa quét mã QR trên một sản phẩm, hãy hỏi người bán hoặc liên hệ cơ quan quản lý "
            "Chương trình OCOP của tỉnh."
        )
    else:
        head = "Không tìm thấy sản phẩm"
        text = (
            f"Không có sản phẩm OCOP nào mang mã <b>{e(ref)}</b> trong danh mục của tỉnh. Hãy kiểm tra lại đường "
            "dẫn hoặc mã QR, hoặc tìm sản phẩm theo tên bên dưới."
        )
    body = (
        f'<section class="notfound" id="not-found"><h1>{e(head)}</h1><p>{text}</p>'
        f'{search_form("", None, None, False)}<p><a href="/ocop">Xem toàn bộ danh mục sản phẩm OCOP</a></p>'
        "</section>"
    )
    return page(head, body, site)


def _html(text: str, status: int = 200, cache: str = PUBLIC_CACHE) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers={"Cache-Control": cache})


# --- routes ---------------------------------------------------------------------------------------


@router.get("/ocop/static/ocop.css")
def public_css() -> Response:
    return Response(CSS, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/ocop")
def catalogue_page(request: Request) -> HTMLResponse:
    params = request.query_params
    q = (params.get("q") or "")[:MAX_QUERY]
    stars_text = params.get("stars") or ""
    stars = int(stars_text) if stars_text in ("3", "4", "5") else None
    group = params.get("group") if params.get("group") in GROUP_LABELS else None
    page_no = whole(params.get("page"), 1, 99_999) or 1  # '²' or '99999999999999999999': the first page
    sc = showcase(request)
    return _html(list_page(sc, site(request), q, stars, group, params.get("in_stock") == "1", page_no))


@router.get("/ocop/p/{ref:path}/photo-{n:int}.jpg")
def photo(ref: str, n: int, request: Request) -> Response:
    return _photo(request, ref, n, small=False)


@router.get("/ocop/p/{ref:path}/photo-{n:int}-small.jpg")
def photo_small(ref: str, n: int, request: Request) -> Response:
    return _photo(request, ref, n, small=True)


def _photo(request: Request, ref: str, n: int, *, small: bool) -> Response:
    sc = showcase(request)
    if ref not in sc.by_ref:
        return _html(not_found_page(ref, ref in sc.revoked, site(request)), 404)
    if not 1 <= n <= 5:  # photo-99999999999999999999.jpg: no such position, and no integer overflow below
        return Response(status_code=404, headers={"Cache-Control": PUBLIC_CACHE})
    with server_of(request).read_sessions() as session:
        found = photo_store.load(session, ref, n)
        if found is None:
            return Response(status_code=404, headers={"Cache-Control": PUBLIC_CACHE})
        tag = f'"{found.sha256[:32]}{"-s" if small else ""}"'
        if request.headers.get("if-none-match") == tag:
            return Response(status_code=304, headers={"ETag": tag, "Cache-Control": PHOTO_CACHE})
        data = found.small if small else found.data
    return Response(data, media_type="image/jpeg", headers={"ETag": tag, "Cache-Control": PHOTO_CACHE})


@router.get("/ocop/p/{ref:path}/qr.png")
def qr(ref: str, request: Request) -> Response:
    """The QR code of the product's stable address, to print on a stamp or a label."""
    import qrcode

    sc = showcase(request)
    if ref not in sc.by_ref:
        return _html(not_found_page(ref, ref in sc.revoked, site(request)), 404)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(product_url(base_url(request), ref))
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return Response(out.getvalue(), media_type="image/png", headers={"Cache-Control": PUBLIC_CACHE})


@router.get("/ocop/p/{ref:path}")
def product(ref: str, request: Request) -> Response:
    sc = showcase(request)
    found = sc.by_ref.get(ref)
    if found is None:
        canonical = sc.by_barcode.get(ref.strip())
        if canonical is not None:  # a GTIN printed on the pack leads to the product's page
            return RedirectResponse(path_of(canonical), status_code=301)
        return _html(not_found_page(ref, ref in sc.revoked, site(request)), 404)
    return _html(product_page(sc, found, base_url(request), site(request)))
