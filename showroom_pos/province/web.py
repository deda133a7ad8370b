"""The dashboard's HTML, built with every value escaped (text from outlets is never trusted).

No JavaScript; one stylesheet served by the app; Vietnamese by default, English with ``?lang=en``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape
from urllib.parse import urlencode

from showroom_pos.core.clock import business_day, local
from showroom_pos.core.money import format_vnd

from .reports import Dashboard, Figures, GroupRow
from .site_settings import KEYS

DAY_ROWS = 400  # (day, outlet) rows shown on the page; the CSV has them all

TEXT: dict[str, tuple[str, str]] = {
    "title": ("Bảng số liệu OCOP tỉnh", "Province OCOP dashboard"),
    "login": ("Đăng nhập", "Log in"),
    "logout": ("Đăng xuất", "Log out"),
    "username": ("Tên đăng nhập", "User name"),
    "password": ("Mật khẩu", "Password"),
    "login_failed": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."),
    "too_many": ("Thử quá nhiều lần; vui lòng chờ một phút.", "Too many attempts; wait a minute."),
    "form_expired": (
        "Biểu mẫu đăng nhập đã hết hạn hoặc không gửi từ trang này; vui lòng đăng nhập lại.",
        "The login form expired or was not sent from this site; please log in again.",
    ),
    "from": ("Từ ngày", "From"),
    "to": ("Đến ngày", "To"),
    "outlet": ("Điểm bán", "Outlet"),
    "all": ("Tất cả", "All"),
    "show": ("Xem", "Show"),
    "totals": ("Tổng cộng", "Totals"),
    "receipts": ("Số hóa đơn", "Receipts"),
    "gross": ("Doanh số gộp", "Gross sales"),  # before discounts, as the till says it
    "discounts": ("Giảm giá", "Discounts"),
    "returns": ("Trả hàng", "Returns"),
    "net": ("Doanh thu thuần", "Net sales"),
    "vat": ("Thuế GTGT", "VAT"),
    "over_short": ("Thừa/thiếu tiền mặt", "Cash over/short"),
    "days": ("Số ngày", "Days"),
    "last_sync": ("Đồng bộ gần nhất", "Last sync"),
    "last_day": ("Ngày gần nhất", "Last day"),
    "stale": ("Quá hạn đồng bộ", "Not synced lately"),
    "never": ("chưa bao giờ", "never"),
    "revoked": ("đã thu hồi", "revoked"),
    "outlets": ("Theo điểm bán", "By outlet"),
    "by_month": ("Theo tháng", "By month"),
    "by_day": ("Theo ngày", "By day"),
    "month": ("Tháng", "Month"),
    "day": ("Ngày", "Day"),
    "top_products": ("Sản phẩm bán chạy", "Top products"),
    "product": ("Sản phẩm", "Product"),
    "qty": ("Số lượng", "Quantity"),
    "weight": ("Khối lượng", "Weight"),
    "rounding": ("Làm tròn tiền mặt", "Cash rounding"),
    "period": ("Kỳ", "Period"),
    "this_month": ("Tháng này", "This month"),
    "last_month": ("Tháng trước", "Last month"),
    "three_months": ("3 tháng", "3 months"),
    "twelve_months": ("12 tháng", "12 months"),
    "all_time": ("Toàn bộ", "All time"),
    "days_shown": ("Hiện {shown} dòng mới nhất trong {total}; tải CSV để có đủ.",
                   "The newest {shown} rows of {total}; download the CSV for all."),
    "by_producer": ("Theo chủ thể", "By producer"),
    "producer": ("Chủ thể", "Producer"),
    "by_stars": ("Theo hạng sao", "By stars"),
    "stars": ("Hạng sao", "Stars"),
    "payments": ("Theo hình thức thanh toán", "By payment method"),
    "export": ("Xuất", "Export"),
    "import_usb": ("Nhập tệp từ USB", "Import a USB file"),
    "catalogue": ("Danh mục OCOP", "OCOP catalogue"),
    "upload": ("Tải lên", "Upload"),
    "file": ("Tệp", "File"),
    "dashboard": ("Bảng số liệu", "Dashboard"),
    "programme": ("Chương trình OCOP", "OCOP programme"),
    "import_done": (
        "Đã nhập {n} bản tổng hợp mới của điểm bán {outlet}; {replayed} bản đã có trước đó.",
        "Imported {n} new summaries of outlet {outlet}; {replayed} already known.",
    ),
    "catalogue_done": (
        "Danh mục: {created} mới, {updated} cập nhật, {unchanged} không đổi (phiên bản {version}).",
        "Catalogue: {created} new, {updated} updated, {unchanged} unchanged (version {version}).",
    ),
    "refused": ("Không nhập được:", "Refused:"),
    "admin_only": ("Chỉ quản trị viên được tải tệp lên.", "Only administrators may upload files."),
    "no_data": ("Chưa có số liệu.", "No figures yet."),
    "settings": ("Cài đặt", "Settings"),
    "settings_title": ("Cài đặt trang công khai", "Public pages' settings"),
    "settings_help": (
        "Tên tỉnh và chữ trên biểu trưng hiện ở đầu mọi trang công khai; cơ quan công bố ở cuối trang.",
        "The province's name and emblem text head every public page; the publishing agency ends it.",
    ),
    "save": ("Lưu", "Save"),
    "settings_saved": ("Đã lưu: {n} thay đổi.", "Saved: {n} changes."),
    "cash": ("Tiền mặt", "Cash"),
    "card": ("Thẻ", "Card"),
    "transfer": ("Chuyển khoản", "Transfer"),
    "ewallet": ("Ví điện tử", "E-wallet"),
}

CSS = """
:root { --ink:#1d2a22; --muted:#5b6b61; --line:#d7e0da; --accent:#1f7a4d; --warn:#b3261e; --bg:#f6f8f6; }
* { box-sizing: border-box; }
body { margin:0; font-family: "DejaVu Sans", "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
header { background:var(--accent); color:#fff; padding:.8rem 1.5rem; display:flex; align-items:center; gap:1.5rem; }
header h1 { font-size:1.25rem; margin:0; flex:1; }
header a, header button { color:#fff; background:none; border:0; font:inherit; cursor:pointer;
  text-decoration:underline; }
main { padding:1rem 1.5rem 3rem; max-width:1400px; margin:auto; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:1rem; margin:1rem 0; }
h2 { font-size:1.05rem; margin:.2rem 0 .8rem; }
table { border-collapse:collapse; width:100%; font-size:.9rem; }
th, td { border-bottom:1px solid var(--line); padding:.35rem .5rem; text-align:left; }
td.n, th.n { text-align:right; font-variant-numeric: tabular-nums; white-space:nowrap; }
tr.stale td { background:#fdecea; }
.badge { background:var(--warn); color:#fff; border-radius:4px; padding:0 .4rem; font-size:.8rem; }
.cards { display:grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap:.8rem; }
.card { border:1px solid var(--line); border-radius:8px; padding:.7rem; background:#fff; }
.card b { display:block; font-size:1.2rem; margin-top:.2rem; }
form.filters { display:flex; flex-wrap:wrap; gap:.8rem; align-items:end; }
label { display:flex; flex-direction:column; font-size:.85rem; color:var(--muted); gap:.2rem; }
input, select { font:inherit; padding:.3rem .4rem; }
button.primary { background:var(--accent); color:#fff; border:0; border-radius:6px; padding:.45rem 1rem; font:inherit; }
.grid2 { display:grid; grid-template-columns: 1fr 1fr; gap:1rem; }
.msg { padding:.6rem 1rem; border-radius:6px; background:#e6f4ea; }
.err { padding:.6rem 1rem; border-radius:6px; background:#fdecea; color:var(--warn); }
.login { max-width:360px; margin:10vh auto; }
.login form { display:flex; flex-direction:column; gap:.8rem; }
@media (max-width: 800px) { .grid2 { grid-template-columns: 1fr; } }
th { vertical-align:bottom; }
.wide { overflow-x:auto; }
table.outlets { font-size:.84rem; }
table.outlets th, table.outlets td { padding:.35rem .4rem; }
table th.n { white-space:normal; }
table.outlets td.outlet { min-width:12rem; }
table.outlets td.outlet b { display:block; font-weight:600; line-height:1.25; }
table.outlets td.outlet small { color:var(--muted); }
td.when { white-space:nowrap; }
td.label { overflow-wrap:anywhere; }
p.periods { margin:.6rem 0 0; }
section.settings form { display:grid; gap:.8rem; max-width:40rem; }
section.settings input { font:inherit; }
p.help { color:var(--muted); font-size:.85rem; margin:.2rem 0 .6rem; }
"""


def t(key: str, lang: str) -> str:
    vi, en = TEXT[key]
    return en if lang == "en" else vi


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def money(amount: int) -> str:
    return e(format_vnd(amount))


def count(n: int) -> str:
    """A quantity as money's thousands are written: 3.678."""
    return f"{n:,}".replace(",", ".")


def kg(grams: int) -> str:
    """Grams as kilograms, Vietnamese style: 2.350 g → ``2,35 kg``, 1.234.500 g → ``1.234,5 kg``."""
    whole, rest = divmod(abs(grams), 1000)
    text = count(whole) + (("," + f"{rest:03d}".rstrip("0")) if rest else "")
    return ("-" if grams < 0 else "") + text + " kg"


def when(moment: datetime | None, lang: str) -> str:
    """dd/mm/yyyy and, below it, the time (a narrow column)."""
    if not moment:
        return e(t("never", lang))
    shown = local(moment)
    return f"{e(shown.strftime('%d/%m/%Y'))}<br>{e(shown.strftime('%H:%M'))}"


def page(title: str, body: str, lang: str, *, csrf: str | None = None, user: str | None = None) -> str:
    nav = ""
    if user is not None:
        nav = (
            f'<a href="/dashboard">{e(t("dashboard", lang))}</a>'
            f'<a href="/dashboard/import">{e(t("import_usb", lang))}</a>'
            f'<a href="/dashboard/catalogue">{e(t("catalogue", lang))}</a>'
            f'<a href="/programme">{e(t("programme", lang))}</a>'
            f'<a href="/dashboard/settings">{e(t("settings", lang))}</a>'
            f"<span>{e(user)}</span>"
            f'<form method="post" action="/logout"><input type="hidden" name="csrf" value="{e(csrf)}">'
            f'<button type="submit" id="logout">{e(t("logout", lang))}</button></form>'
        )
    return (
        f'<!doctype html><html lang="{e(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{e(title)}</title><link rel="stylesheet" href="/static/style.css"></head>'
        f"<body><header><h1>{e(t('title', lang))}</h1>{nav}</header><main>{body}</main></body></html>"
    )


def login_page(lang: str, error: str = "", *, csrf: str = "") -> str:
    err = f'<p class="err" id="login-error">{e(error)}</p>' if error else ""
    body = (
        f'<section class="login"><h2>{e(t("login", lang))}</h2>{err}'
        f'<form method="post" action="/login?lang={e(lang)}"><input type="hidden" name="csrf" value="{e(csrf)}">'
        f'<label>{e(t("username", lang))}<input name="username" id="username" autocomplete="username" required></label>'
        f'<label>{e(t("password", lang))}<input name="password" id="password" type="password" '
        f'autocomplete="current-password" required></label>'
        f'<button class="primary" type="submit" id="login-button">{e(t("login", lang))}</button></form></section>'
    )
    return page(t("login", lang), body, lang)


def _fig_cells(f: Figures) -> str:
    return (
        f'<td class="n">{count(f.receipts)}</td><td class="n">{money(f.gross)}</td>'
        f'<td class="n">{money(f.discounts)}</td>'
        f'<td class="n">{money(f.returns)}</td><td class="n">{money(f.net)}</td><td class="n">{money(f.vat)}</td>'
    )


def _fig_heads(lang: str) -> str:
    return "".join(
        f'<th class="n">{e(t(k, lang))}</th>' for k in ("receipts", "gross", "discounts", "returns", "net", "vat")
    )


def _group_table(title_key: str, label_key: str, rows: list[GroupRow], lang: str, table_id: str) -> str:
    """Pieces and kilograms in columns of their own: grams are never added to pieces."""
    body = "".join(
        f'<tr><td class="label">{e(r.label)}</td><td class="n">{count(r.qty) if r.qty or not r.grams else ""}</td>'
        f'<td class="n">{e(kg(r.grams)) if r.grams else ""}</td><td class="n">{money(r.returns)}</td>'
        f'<td class="n">{money(r.net)}</td></tr>'
        for r in rows
    )
    return (
        f'<section><h2>{e(t(title_key, lang))}</h2><table id="{table_id}"><thead><tr>'
        f'<th>{e(t(label_key, lang))}</th><th class="n">{e(t("qty", lang))}</th><th class="n">{e(t("weight", lang))}'
        f'</th><th class="n">{e(t("returns", lang))}</th><th class="n">{e(t("net", lang))}</th></tr></thead>'
        f"<tbody>{body}</tbody></table></section>"
    )


def period_links(lang: str, outlet: str | None, today: date | None = None) -> str:
    """One click to a usual period (the dashboard opens on last month and this one)."""
    today = today or business_day()
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    three = (last_month - timedelta(days=1)).replace(day=1)
    year = date(today.year - 1, today.month, 1) if today.month != 12 else date(today.year, 1, 1)
    choices = (
        ("this_month", this_month, today),
        ("last_month", last_month, this_month - timedelta(days=1)),
        ("three_months", three, today),
        ("twelve_months", year, today),
        ("all_time", None, None),
    )

    def href(start: date | None, end: date | None) -> str:
        return "/dashboard?" + urlencode({"start": start or "", "end": end or "", "outlet": outlet or "", "lang": lang})

    links = " · ".join(
        f'<a href="{e(href(start, end))}" id="period-{key}">{e(t(key, lang))}</a>' for key, start, end in choices
    )
    return f'<p class="periods">{e(t("period", lang))}: {links}</p>'



def dashboard_page(d: Dashboard, lang: str, *, user: str, csrf: str, outlet_codes: list[str]) -> str:
    f = d.filters
    query = "&".join(
        p
        for p in (
            f"start={f.start}" if f.start else "",
            f"end={f.end}" if f.end else "",
            f"outlet={f.outlet}" if f.outlet else "",
            f"lang={lang}",
        )
        if p
    )
    options = "".join(
        f'<option value="{e(c)}"{" selected" if c == f.outlet else ""}>{e(c)}</option>' for c in outlet_codes
    )
    filters = (
        f'<form class="filters" method="get" action="/dashboard"><input type="hidden" name="lang" value="{e(lang)}">'
        f'<label>{e(t("from", lang))}<input type="date" name="start" value="{e(f.start or "")}"></label>'
        f'<label>{e(t("to", lang))}<input type="date" name="end" value="{e(f.end or "")}"></label>'
        f'<label>{e(t("outlet", lang))}<select name="outlet"><option value="">{e(t("all", lang))}</option>'
        f'{options}</select></label><button class="primary" type="submit">{e(t("show", lang))}</button>'
        f"<span>{e(t('export', lang))}: "
        f'<a href="/dashboard/export.csv?{e(query)}" id="export-csv">CSV</a> · '
        f'<a href="/dashboard/export.xlsx?{e(query)}" id="export-xlsx">XLSX</a> · '
        f'<a href="/dashboard/export.csv?table=products&amp;{e(query)}">CSV ({e(t("product", lang))})</a></span>'
        f"</form>"
    )
    tot = d.totals
    cards = "".join(
        f'<div class="card">{e(t(k, lang))}<b id="total-{k}">{v}</b></div>'
        for k, v in (
            ("net", money(tot.net)),
            ("gross", money(tot.gross)),
            ("returns", money(tot.returns)),
            ("vat", money(tot.vat)),
            ("receipts", e(count(tot.receipts))),
            ("over_short", money(tot.cash_over_short)),
            ("rounding", money(tot.cash_rounding)),
        )
    )
    outlet_rows = "".join(
        f'<tr class="{"stale" if o.stale else ""}" data-outlet="{e(o.code)}"><td class="outlet">'
        f"<b>{e(o.name or o.code)}</b><small>{e(o.code)}</small>"
        f"{' <span class=badge>' + e(t('revoked', lang)) + '</span>' if not o.active else ''}</td>"
        f'<td class="n">{count(o.figures.days)}</td>{_fig_cells(o.figures)}'
        f'<td class="n">{money(o.figures.cash_over_short)}</td>'
        f"<td class=when>{e(o.last_day.strftime('%d/%m/%Y') if o.last_day else '')}</td>"
        f"<td class=when>{when(o.last_sync_at, lang)}"
        f"{'<br><span class=badge>' + e(t('stale', lang)) + '</span>' if o.stale else ''}</td></tr>"
        for o in d.outlets
    )
    outlets = (
        f'<section><h2>{e(t("outlets", lang))}</h2><div class="wide"><table id="outlets" class="outlets"><thead><tr>'
        f'<th>{e(t("outlet", lang))}</th><th class="n">{e(t("days", lang))}</th>{_fig_heads(lang)}'
        f'<th class="n">{e(t("over_short", lang))}</th>'
        f"<th>{e(t('last_day', lang))}</th><th>{e(t('last_sync', lang))}</th></tr></thead>"
        f"<tbody>{outlet_rows}</tbody><tfoot><tr><th>{e(t('totals', lang))}</th>"
        f'<td class="n">{count(tot.days)}</td>{_fig_cells(tot)}<td class="n">{money(tot.cash_over_short)}</td>'
        f"<td></td><td></td></tr></tfoot></table></div></section>"
    )
    months = "".join(
        f"<tr><td>{e(m[5:] + '/' + m[:4])}</td>{_fig_cells(fig)}<td class=\"n\">{money(fig.cash_rounding)}</td></tr>"
        for m, fig in d.by_month
    )
    by_month = (
        f'<section><h2>{e(t("by_month", lang))}</h2><table id="by-month"><thead><tr><th>{e(t("month", lang))}</th>'
        f'{_fig_heads(lang)}<th class="n">{e(t("rounding", lang))}</th></tr></thead><tbody>{months}</tbody></table>'
        "</section>"
    )
    days = "".join(
        f"<tr><td>{e(day.strftime('%d/%m/%Y'))}</td><td>{e(code)}</td>{_fig_cells(fig)}</tr>"
        for day, code, fig in d.by_day[:DAY_ROWS]
    )
    more = ""
    if d.days_total > len(d.by_day[:DAY_ROWS]):
        shown = t("days_shown", lang).format(shown=count(DAY_ROWS), total=count(d.days_total))
        more = f'<p class="help">{e(shown)}</p>'
    by_day = (
        f'<section><h2>{e(t("by_day", lang))}</h2>{more}<table id="by-day"><thead><tr><th>{e(t("day", lang))}</th>'
        f"<th>{e(t('outlet', lang))}</th>{_fig_heads(lang)}</tr></thead><tbody>{days}</tbody></table></section>"
    )
    pays = "".join(
        f'<tr><td>{e(t(m, lang) if m in TEXT else m)}</td><td class="n">{money(a)}</td></tr>'
        for m, a in sorted(d.payments.items())
    )
    payments = f'<section><h2>{e(t("payments", lang))}</h2><table id="payments"><tbody>{pays}</tbody></table></section>'
    empty = f'<p class="msg">{e(t("no_data", lang))}</p>' if not d.by_day else ""
    body = (
        f'<section>{filters}{period_links(lang, f.outlet)}</section>{empty}<div class="cards">{cards}</div>{outlets}'
        f'<div class="grid2">{_group_table("top_products", "product", d.top_products, lang, "top-products")}'
        f"{_group_table('by_producer', 'producer', d.by_producer, lang, 'by-producer')}</div>"
        f'<div class="grid2">{_group_table("by_stars", "stars", d.by_stars, lang, "by-stars")}{payments}</div>'
        f"{by_month}{by_day}"
    )
    return page(t("dashboard", lang), body, lang, csrf=csrf, user=user)


def settings_page(
    lang: str, *, user: str, csrf: str, values: dict[str, str], admin: bool, message: str = "",
    problems: list[str] | None = None,
) -> str:
    msg = f'<p class="msg" id="settings-message">{e(message)}</p>' if message else ""
    if problems:
        items = "".join(f"<li>{e(p)}</li>" for p in problems)
        msg += f'<div class="err" id="settings-problems"><ul>{items}</ul></div>'
    rows = "".join(
        f'<label>{e(k.label)}<input name="{e(k.key)}" id="{e(k.key)}" value="{e(values.get(k.key, ""))}" '
        f'maxlength="{k.max_length}"{"" if admin else " disabled"}>'
        + (f'<small>{e(k.help)}</small>' if k.help else "")
        + "</label>"
        for k in KEYS
    )
    if admin:
        button = f'<p><button class="primary" type="submit" id="save-settings">{e(t("save", lang))}</button></p>'
    else:
        button = f'<p class="help">{e(t("admin_only", lang))}</p>'
    body = (
        f'<section class="settings"><h2>{e(t("settings_title", lang))}</h2>{msg}<p class="help">'
        f'{e(t("settings_help", lang))}</p><form method="post" action="/dashboard/settings?lang={e(lang)}">'
        f'<input type="hidden" name="csrf" value="{e(csrf)}">{rows}{button}</form></section>'
    )
    return page(t("settings", lang), body, lang, csrf=csrf, user=user)


def upload_page(
    kind: str, lang: str, *, user: str, csrf: str, message: str = "", problems: list[str] | None = None
) -> str:
    title = t("import_usb" if kind == "import" else "catalogue", lang)
    msg = f'<p class="msg" id="upload-message">{e(message)}</p>' if message else ""
    if problems:
        msg += (
            f'<div class="err" id="upload-problems"><b>{e(t("refused", lang))}</b><ul>'
            + "".join(f"<li>{e(p)}</li>" for p in problems[:200])
            + "</ul></div>"
        )
    accept = ".json" if kind == "import" else ".csv,.xlsx"
    body = (
        f'<section><h2>{e(title)}</h2>{msg}<form method="post" enctype="multipart/form-data" '
        f'action="/dashboard/{e(kind)}?lang={e(lang)}"><input type="hidden" name="csrf" value="{e(csrf)}">'
        f'<label>{e(t("file", lang))}<input type="file" name="file" accept="{accept}" required></label>'
        f'<p><button class="primary" type="submit">{e(t("upload", lang))}</button></p></form></section>'
    )
    return page(title, body, lang, csrf=csrf, user=user)
