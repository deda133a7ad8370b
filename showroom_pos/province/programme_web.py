"""Province staff's programme pages (login, the dashboard's sessions): indicators beside their targets
with their trend by month, the targets' editor, the exports and the product photos.

Vietnamese only, written directly here like the public pages. No JavaScript: charts are inline SVG
drawn from numbers (presentation attributes only, so the strict CSP holds). Every text is escaped.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from showroom_pos.core.clock import local

from . import auth, exports, photos, programme
from .http_common import ApiError, multipart_files, parse_multipart, read_form, read_limited
from .models import ProvinceOutlet, StaffUser
from .params import day, whole
from .public import base_url, dmy, e, path_of, showcase
from .server_state import Server, ServerState
from .showcase import KIND_LABELS
from .staff_login import ProgrammeStaff, programme_staff

FORM_LIMIT = 256 * 1024
NO_STORE = {"Cache-Control": "no-store"}
MONTH_CHOICES = (6, 12, 24, 36)

router = APIRouter()


# --- HTML -----------------------------------------------------------------------------------------

CSS = """
nav.programme { display:flex; flex-wrap:wrap; gap:.4rem 1rem; margin:.2rem 0 1rem; }
nav.programme a.here { font-weight:bold; text-decoration:none; }
table.ind td.v, table.ind th.v { text-align:right; white-space:nowrap; font-variant-numeric:tabular-nums; }
table.ind td.trend { white-space:nowrap; }
table.ind td:first-child { min-width:15rem; }
table.ind td.m, table.ind th.m { text-align:right; font-size:.8rem; color:#5b6b61; white-space:nowrap;
  font-variant-numeric:tabular-nums; }
.met { background:#e6f4ea; color:#1f7a4d; border-radius:4px; padding:0 .4rem; white-space:nowrap; }
.unmet { background:#fdecea; color:#b3261e; border-radius:4px; padding:0 .4rem; white-space:nowrap; }
.none { color:#5b6b61; }
.scroll { overflow-x:auto; }
p.help { color:#5b6b61; font-size:.85rem; margin:.3rem 0 .8rem; }
table.targets input[type=number] { width:7rem; }
table.targets input[type=text] { width:100%; min-width:14rem; }
form.inline { display:flex; flex-wrap:wrap; gap:.8rem; align-items:end; margin:.4rem 0 1rem; }
a.ind { color:inherit; text-decoration:none; border-bottom:1px dotted #8aa395; }
table.defs td { vertical-align:top; }
dl.rules dt { font-weight:bold; margin-top:.6rem; }
dl.rules dd { margin:.2rem 0 0; }
"""


def shell(title: str, body: str, user: StaffUser, csrf: str, here: str) -> str:
    links = (
        ("/programme", "Chỉ tiêu chương trình"),
        ("/programme/targets", "Mục tiêu"),
        ("/programme/exports", "Xuất dữ liệu"),
        ("/programme/photos", "Ảnh sản phẩm"),
        ("/programme/definitions", "Cách tính"),
        ("/ocop", "Danh mục công khai"),
    )
    nav = "".join(f'<a href="{href}"{" class=here" if href == here else ""}>{e(text)}</a>' for href, text in links)
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{e(title)}</title><link rel="stylesheet" href="/static/style.css">'
        '<link rel="stylesheet" href="/programme/static/programme.css"></head><body>'
        f'<header><h1>{e(title)}</h1><a href="/dashboard">Bảng số liệu</a><span>{e(user.username)}</span>'
        f'<form method="post" action="/logout"><input type="hidden" name="csrf" value="{e(csrf)}">'
        f'<button type="submit" id="logout">Đăng xuất</button></form></header>'
        f'<main><nav class="programme">{nav}</nav>{body}</main></body></html>'
    )


def stamp(moment: datetime | None) -> str:
    return local(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def fmt_value(ind: programme.Indicator, v: programme.Value, *, detail: bool = True) -> str:
    if ind.unit == "percent":
        text = f"{v.number:.1f}".replace(".", ",") + " %"
        return f"{text} ({v.part}/{v.whole})" if detail else text
    return f"{int(v.number):,}".replace(",", ".")


def fmt_target(ind: programme.Indicator, t: programme.Target) -> str:
    if t.target is None:
        return "—"
    sign = "≤" if t.comparison == "max" else "≥"
    unit = " %" if ind.unit == "percent" else ""
    deadline = f" (đến {dmy(t.deadline)})" if t.deadline else ""
    return f"{sign} {t.target:,}".replace(",", ".") + unit + deadline


def sparkline(ind: programme.Indicator, row: programme.IndicatorRow) -> str:
    values = [v.number for _m, v in row.trend]
    top = 100.0 if ind.unit == "percent" else max([*values, float(row.target.target or 0), 1.0])
    width, height, pad = 132, 30, 3
    step = (width - 2 * pad) / max(1, len(values) - 1)

    def y(v: float) -> float:
        return height - pad - (height - 2 * pad) * (v / top)

    points = " ".join(f"{pad + i * step:.1f},{y(v):.1f}" for i, v in enumerate(values))
    target = ""
    if row.target.target is not None:
        ty = y(min(float(row.target.target), top))
        target = (
            f'<line x1="{pad}" y1="{ty:.1f}" x2="{width - pad}" y2="{ty:.1f}" stroke="#c98a00" '
            'stroke-dasharray="3 3" stroke-width="1"/>'
        )
    return (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Xu hướng {e(ind.label)}">{target}<polyline points="{points}" fill="none" '
        'stroke="#1f7a4d" stroke-width="2"/></svg>'
    )


def indicators_page(p: programme.Programme, user: StaffUser, csrf: str, months: int) -> str:
    # The newest month first, beside the current value: the recent months need no sideways scroll.
    month_heads = "".join(f'<th class="m">{e(m[5:7] + "/" + m[2:4])}</th>' for m in reversed(p.months))
    choose = "".join(
        f'<option value="{n}"{" selected" if n == months else ""}>{n} tháng</option>' for n in MONTH_CHOICES
    )
    sections = []
    for section, title in programme.SECTIONS.items():
        rows = []
        for r in p.rows:
            ind = r.indicator
            if ind.section != section:
                continue
            met = r.met
            verdict = (
                '<span class="none" title="chưa có mục tiêu">—</span>'
                if met is None
                else ('<span class="met">đạt</span>' if met else '<span class="unmet">chưa đạt</span>')
            )
            cells = "".join(
                f'<td class="m" data-month="{e(m)}">{e(fmt_value(ind, v, detail=False))}</td>'
                for m, v in reversed(r.trend)
            )
            rows.append(
                f'<tr id="ind-{e(ind.key)}" data-value="{r.value.number:.4f}" '
                f'data-target="{"" if r.target.target is None else r.target.target}">'
                f'<td><a href="/programme/definitions#{e(ind.key)}" class="ind">{e(ind.label)}</a></td>'
                f'<td class="v" id="value-{e(ind.key)}">{e(fmt_value(ind, r.value))}</td>'
                f'<td class="v" id="target-{e(ind.key)}">{e(fmt_target(ind, r.target))}</td>'
                f'<td id="verdict-{e(ind.key)}">{verdict}</td><td class="trend">{sparkline(ind, r)}</td>{cells}</tr>'
            )
        sections.append(
            f'<section><h2>{e(title)}</h2><div class="scroll"><table class="ind" id="section-{section}"><thead><tr>'
            '<th>Chỉ tiêu</th><th class="v">Hiện tại</th><th class="v">Mục tiêu</th><th>Đánh giá</th>'
            f"<th>Xu hướng (cũ → mới)</th>{month_heads}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            "</section>"
        )
    expiring_rows = "".join(
        f'<tr data-ref="{e(x.ref)}"><td><a href="{e(path_of(x.ref))}">{e(x.name)}</a></td><td>{e(x.stars or "")}</td>'
        f"<td>{e(x.producer)}</td><td>{e(x.certificate_no or '')}</td><td>{e(dmy(x.expires))}</td>"
        f'<td class="v">{x.days_left}</td></tr>'
        for x in p.expiring
    )
    expiring = (
        f'<section><h2>Giấy chứng nhận hết hạn trong 90 ngày tới ({len(p.expiring)})</h2><div class="scroll">'
        '<table id="expiring"><thead><tr><th>Sản phẩm</th><th>Sao</th><th>Chủ thể</th><th>Quyết định</th>'
        f'<th>Hết hạn</th><th class="v">Còn (ngày)</th></tr></thead><tbody>{expiring_rows}</tbody></table></div>'
        "</section>"
    )
    producer_rows = "".join(
        f'<tr data-producer="{e(x.code)}"><td>{e(x.name)}</td><td>{e(KIND_LABELS.get(x.kind, x.kind))}</td>'
        f'<td class="v">{x.products}</td><td>{"có" if x.selling else "<b>chưa</b>"}</td></tr>'
        for x in p.producers
    )
    selling = sum(1 for x in p.producers if x.selling)
    producers = (
        f"<section><h2>Chủ thể và việc bán qua điểm bán (12 tháng): {selling}/{len(p.producers)}</h2>"
        '<details><summary>Danh sách chủ thể (chưa bán được xếp trước)</summary><div class="scroll">'
        '<table id="producers"><thead><tr><th>Chủ thể</th><th>Loại hình</th><th class="v">Sản phẩm</th>'
        f"<th>Có bán qua điểm bán</th></tr></thead><tbody>{producer_rows}</tbody></table></div></details></section>"
    )
    showroom_rows = "".join(
        f'<tr data-outlet="{e(s.code)}"><td>{e(s.code)}</td><td>{e(s.name)}</td><td>{e(s.commune)}</td>'
        f"<td>{'hoạt động' if s.active else 'đã thu hồi'}</td><td>{'có' if s.reporting else '<b>không</b>'}</td>"
        f"<td>{e(dmy(s.last_day))}</td><td>{e(stamp(s.last_sync_at))}</td><td>{e(stamp(s.stock_at))}</td></tr>"
        for s in p.showrooms
    )
    showrooms = (
        '<section><h2>Điểm bán</h2><div class="scroll"><table id="showrooms"><thead><tr><th>Mã</th><th>Tên</th>'
        "<th>Xã/phường</th><th>Trạng thái</th><th>Gửi số liệu (30 ngày)</th><th>Ngày bán gần nhất</th>"
        f"<th>Đồng bộ gần nhất</th><th>Tồn kho cập nhật</th></tr></thead><tbody>{showroom_rows}</tbody></table></div>"
        "</section>"
    )
    body = (
        f'<section><p id="as-of">Số liệu tính đến ngày <b>{e(dmy(p.as_of))}</b>; mỗi tháng tính tại ngày cuối tháng '
        '(tháng này: hôm nay), tháng gần nhất trước. <a href="/programme/definitions" id="definitions-link">'
        "Cách tính các chỉ tiêu</a>.</p>"
        '<form class="inline" method="get" action="/programme"><label>Xu hướng<select name="months">'
        f'{choose}</select></label><button class="primary" type="submit">Xem</button></form></section>'
        f"{''.join(sections)}{expiring}{producers}{showrooms}"
    )
    return shell("Chỉ tiêu Chương trình OCOP", body, user, csrf, "/programme")


def definitions_page(user: StaffUser, csrf: str) -> str:
    """How every indicator is worked out, and the exports' columns: on the site, for the officers."""
    rules = "".join(f"<dt>{e(title)}</dt><dd>{e(text)}</dd>" for title, text in programme.RULES)
    sections = []
    for section, title in programme.SECTIONS.items():
        items = "".join(
            f'<tr id="{e(i.key)}"><td>{e(i.label)}</td><td>{e(programme.DEFINITIONS.get(i.key, ""))}</td>'
            f"<td><code>{e(i.key)}</code></td></tr>"
            for i in programme.INDICATORS
            if i.section == section
        )
        sections.append(
            f"<h3>{e(title)}</h3><table class=\"defs\"><thead><tr><th>Chỉ tiêu</th><th>Cách tính tại ngày D</th>"
            f"<th>Mã</th></tr></thead><tbody>{items}</tbody></table>"
        )

    def columns(cols: tuple[exports.Column, ...]) -> str:
        return "".join(f"<tr><td><code>{e(c.code)}</code></td><td>{e(c.vi)}</td></tr>" for c in cols)

    body = (
        f'<section id="rules"><h2>Cách tính</h2><dl class="rules">{rules}</dl></section>'
        f'<section id="indicators"><h2>Các chỉ tiêu</h2>{"".join(sections)}</section>'
        '<section id="exports"><h2>Các cột của tệp xuất</h2><p class="help">Tiêu đề cột bằng mã (cho máy) hoặc bằng '
        "tiếng Việt; tệp XLSX có thêm trang «columns» giải thích từng cột.</p>"
        '<div class="grid2"><div><h3>Danh mục sản phẩm</h3><table class="defs"><tbody>'
        f"{columns(exports.CATALOGUE_COLUMNS)}</tbody></table></div><div><h3>Doanh số theo sản phẩm và kỳ</h3>"
        f'<table class="defs"><tbody>{columns(exports.SALES_COLUMNS)}</tbody></table></div></div></section>'
    )
    return shell("Cách tính các chỉ tiêu OCOP", body, user, csrf, "/programme/definitions")


def targets_page(
    goals: dict[str, programme.Target],
    history: list[Any],
    user: StaffUser,
    csrf: str,
    *,
    message: str = "",
    problems: list[str] | None = None,
    values: dict[str, str] | None = None,
) -> str:
    values = values or {}
    rows = []
    for ind in programme.INDICATORS:
        t = goals[ind.key]
        k = ind.key
        target = values.get(f"target__{k}", "" if t.target is None else str(t.target))
        comparison = values.get(f"comparison__{k}", t.comparison)
        deadline = values.get(f"deadline__{k}", t.deadline.isoformat() if t.deadline else "")
        note = values.get(f"note__{k}", t.note)
        unit = "%" if ind.unit == "percent" else "số lượng"
        rows.append(
            f"<tr><td>{e(ind.label)}<br><small>{e(unit)}</small></td>"
            f'<td><select name="comparison__{e(k)}"><option value="min"{" selected" if comparison == "min" else ""}>'
            f'≥ tối thiểu</option><option value="max"{" selected" if comparison == "max" else ""}>≤ tối đa</option>'
            f'</select></td><td><input type="number" min="0" step="1" name="target__{e(k)}" id="target__{e(k)}" '
            f'value="{e(target)}"></td><td><input type="date" name="deadline__{e(k)}" value="{e(deadline)}"></td>'
            f'<td><input type="text" maxlength="300" name="note__{e(k)}" value="{e(note)}"></td>'
            f"<td><small>{e(t.updated_by)}{' · ' if t.updated_by and t.updated_at else ''}"
            f"{e(local(t.updated_at).strftime('%d/%m/%Y') if t.updated_at and t.updated_by else '')}</small></td></tr>"
        )
    msg = f'<p class="msg" id="targets-message">{e(message)}</p>' if message else ""
    if problems:
        msg += (
            '<div class="err" id="targets-problems"><b>Chưa lưu:</b><ul>'
            + "".join(f"<li>{e(x)}</li>" for x in problems)
            + "</ul></div>"
        )
    log = "".join(
        f"<tr><td>{e(local(c.changed_at).strftime('%d/%m/%Y %H:%M'))}</td><td>{e(c.changed_by)}</td>"
        f"<td>{e(programme.BY_KEY[c.key].label if c.key in programme.BY_KEY else c.key)}</td>"
        f"<td>{e('' if c.old_target is None else c.old_target)} → {e('' if c.new_target is None else c.new_target)}"
        f"</td></tr>"
        for c in history
    )
    body = (
        f"<section><h2>Mục tiêu của chương trình</h2>{msg}"
        '<p class="help">Để trống ô mục tiêu nếu chỉ tiêu không có mục tiêu. Tỷ lệ tính bằng phần trăm (0–100). '
        "Mọi thay đổi được ghi lại cùng người sửa.</p>"
        f'<form method="post" action="/programme/targets"><input type="hidden" name="csrf" value="{e(csrf)}">'
        '<div class="scroll"><table class="targets" id="targets"><thead><tr><th>Chỉ tiêu</th><th>So sánh</th>'
        "<th>Mục tiêu</th><th>Thời hạn</th><th>Ghi chú</th><th>Sửa lần cuối</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        '<p><button class="primary" type="submit" id="save-targets">Lưu mục tiêu</button></p></form></section>'
        '<section><h2>Lịch sử thay đổi</h2><table id="target-history"><thead><tr><th>Lúc</th><th>Người sửa</th>'
        f"<th>Chỉ tiêu</th><th>Mục tiêu</th></tr></thead><tbody>{log}</tbody></table></section>"
    )
    return shell("Mục tiêu Chương trình OCOP", body, user, csrf, "/programme/targets")


def exports_page(user: StaffUser, csrf: str, outlet_codes: list[str], start: date, end: date) -> str:
    outlets = "".join(f'<option value="{e(c)}">{e(c)}</option>' for c in outlet_codes)
    periods = {"day": "Ngày", "month": "Tháng", "quarter": "Quý", "year": "Năm"}
    period_options = "".join(
        f'<option value="{k}"{" selected" if k == "month" else ""}>{e(v)}</option>' for k, v in periods.items()
    )
    head_options = '<option value="code">Mã cột (cho máy)</option><option value="vi">Tiêu đề tiếng Việt</option>'
    body = (
        "<section><h2>Danh mục sản phẩm (cho hệ thống OCOP quốc gia và sàn thương mại điện tử)</h2>"
        '<p class="help">Mọi sản phẩm được chứng nhận: chủ thể, hạng sao, khoảng giá, đường dẫn ảnh, trang sản phẩm '
        'và tình trạng còn hàng tại các điểm bán. <a href="/programme/definitions#exports">Các cột của tệp</a>.</p>'
        '<form class="inline" method="get" action="/programme/export/catalogue.xlsx" id="catalogue-form">'
        f'<label>Tiêu đề cột<select name="headers">{head_options}</select></label>'
        '<button class="primary" type="submit">Tải XLSX</button>'
        '<button class="primary" type="submit" formaction="/programme/export/catalogue.csv">Tải CSV</button></form>'
        "</section><section><h2>Doanh số theo sản phẩm và theo kỳ</h2>"
        '<form class="inline" method="get" action="/programme/export/sales.xlsx" id="sales-form">'
        f'<label>Từ ngày<input type="date" name="start" value="{start.isoformat()}"></label>'
        f'<label>Đến ngày<input type="date" name="end" value="{end.isoformat()}"></label>'
        f'<label>Kỳ<select name="period">{period_options}</select></label>'
        f'<label>Điểm bán<select name="outlet"><option value="">Tất cả</option>{outlets}</select></label>'
        f'<label>Tiêu đề cột<select name="headers">{head_options}</select></label>'
        '<button class="primary" type="submit">Tải XLSX</button>'
        '<button class="primary" type="submit" formaction="/programme/export/sales.csv">Tải CSV</button></form>'
        "</section>"
    )
    return shell("Xuất dữ liệu OCOP", body, user, csrf, "/programme/exports")


def photos_page(
    user: StaffUser, csrf: str, missing: list[tuple[str, str]], total: int, *, message: str = "", problems: list[str]
) -> str:
    msg = f'<p class="msg" id="photos-message">{e(message)}</p>' if message else ""
    if problems:
        msg += (
            '<div class="err" id="photos-problems"><b>Không nhận:</b><ul>'
            + "".join(f"<li>{e(x)}</li>" for x in problems[:200])
            + "</ul></div>"
        )
    items = "".join(
        f'<li><a href="{e(path_of(ref))}">{e(name)}</a> <code>{e(ref)}</code></li>' for ref, name in missing[:300]
    )
    body = (
        f"<section><h2>Tải ảnh sản phẩm lên</h2>{msg}"
        '<p class="help">Đặt tên tệp theo mã sản phẩm OCOP (hoặc mã vạch, mã hàng): <code>TRV-TMC.jpg</code> là ảnh '
        "thứ nhất, <code>TRV-TMC@2.jpg</code> ảnh thứ hai (tối đa 5 ảnh). Có thể chọn nhiều tệp hoặc một tệp ZIP. "
        "Ảnh được chuyển sang JPEG, bỏ thông tin EXIF (vị trí GPS…). Chỉ quản trị viên được tải lên.</p>"
        '<form method="post" enctype="multipart/form-data" action="/programme/photos">'
        f'<input type="hidden" name="csrf" value="{e(csrf)}">'
        '<label>Tệp ảnh hoặc ZIP<input type="file" name="file" multiple required '
        'accept=".jpg,.jpeg,.png,.webp,.zip"></label>'
        '<p><button class="primary" type="submit">Tải lên</button></p></form></section>'
        f'<section><h2>Sản phẩm chưa có ảnh: {len(missing)}/{total}</h2><ul id="missing-photos">{items}</ul>'
        "</section>"
    )
    return shell("Ảnh sản phẩm OCOP", body, user, csrf, "/programme/photos")


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers=NO_STORE)


# --- routes ---------------------------------------------------------------------------------------


@router.get("/programme/static/programme.css")
def programme_css() -> Response:
    return Response(CSS, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@router.get("/programme")
def indicators(request: Request, who: ProgrammeStaff, server: Server) -> Response:
    months = whole(request.query_params.get("months"), 1, 60) or 12
    months = months if months in MONTH_CHOICES else 12
    with server.read_sessions() as session:
        figures = programme.compute(session, months=months)
    return _html(indicators_page(figures, who.user, who.csrf, months))


@router.get("/programme/definitions")
def definitions(who: ProgrammeStaff) -> Response:
    return _html(definitions_page(who.user, who.csrf))


@router.get("/programme/targets")
def targets_form(who: ProgrammeStaff, server: Server) -> Response:
    with server.read_sessions() as session:
        goals, history = programme.targets(session), programme.target_history(session)
    return _html(targets_page(goals, history, who.user, who.csrf))


def parse_targets(fields: dict[str, str]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The form's targets, all checked before any is saved."""
    out: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for ind in programme.INDICATORS:
        k = ind.key
        if f"target__{k}" not in fields:
            continue
        text = fields.get(f"target__{k}", "").strip().replace(".", "").replace(" ", "")
        target: int | None = None
        if text:
            value = whole(text, 0, 999_999_999)
            if value is None:
                problems.append(f"{ind.label}: mục tiêu phải là số nguyên không âm.")
                continue
            target = value
        deadline_text = fields.get(f"deadline__{k}", "").strip()
        deadline: date | None = None
        if deadline_text:
            deadline = day(deadline_text)
            if deadline is None:
                problems.append(f"{ind.label}: thời hạn không phải là ngày (YYYY-MM-DD, 2000–2199).")
                continue
        out[k] = {
            "target": target,
            "comparison": fields.get(f"comparison__{k}") or ind.comparison,
            "deadline": deadline,
            "note": fields.get(f"note__{k}", ""),
        }
    return out, problems


@router.post("/programme/targets")
async def targets_save(request: Request, who: ProgrammeStaff, server: Server) -> Response:
    user, csrf = who
    fields = await read_form(request, FORM_LIMIT, keep_blank_values=True)
    if not auth.csrf_ok(csrf, fields.get("csrf")):
        return _html(_targets_again(server, user, csrf, ["Biểu mẫu đã hết hạn; tải lại trang rồi thử lại."], {}), 403)
    parsed, problems = parse_targets(fields)
    if problems:
        return _html(_targets_again(server, user, csrf, problems, fields), 422)

    def save() -> int:
        """All the form's targets in one transaction: one refused edit saves none."""
        changed = 0
        errors: list[str] = []
        with server.sessions() as session, session.begin():
            for key, values in parsed.items():
                try:
                    changed += programme.set_target(session, key, by=user.username, **values)
                except programme.TargetError as exc:
                    errors.append(f"{programme.BY_KEY[key].label}: {exc.vi}")
            if errors:
                raise _Refused(errors)
        return changed

    try:
        changed = await run_in_threadpool(save)
    except _Refused as exc:
        return _html(_targets_again(server, user, csrf, exc.problems, fields), 422)
    with server.read_sessions() as session:
        goals, history = programme.targets(session), programme.target_history(session)
    message = f"Đã lưu: {changed} mục tiêu thay đổi." if changed else "Không có thay đổi nào."
    return _html(targets_page(goals, history, user, csrf, message=message))


class _Refused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _targets_again(
    server: ServerState, user: StaffUser, csrf: str, problems: list[str], fields: dict[str, str]
) -> str:
    with server.read_sessions() as session:
        goals, history = programme.targets(session), programme.target_history(session)
    return targets_page(goals, history, user, csrf, problems=problems, values=fields)


@router.get("/programme/exports")
def exports_form(who: ProgrammeStaff, server: Server) -> Response:
    with server.read_sessions() as session:
        codes = list(session.scalars(select(ProvinceOutlet.code).order_by(ProvinceOutlet.code)))
    start, end = exports.default_range()
    return _html(exports_page(who.user, who.csrf, codes, start, end))


def _download(
    columns: tuple[exports.Column, ...], rows: list[list[Any]], fmt: str, name: str, headers: str
) -> Response:
    filename = f"{name}-{exports.stamp()}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"', **NO_STORE}
    if fmt == "csv":
        return Response(
            exports.to_csv(columns, rows, headers), media_type="text/csv; charset=utf-8", headers=disposition
        )
    return Response(
        exports.to_xlsx(columns, rows, headers, title="catalogue" if columns is exports.CATALOGUE_COLUMNS else "sales"),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=disposition,
    )


@router.get("/programme/export/catalogue.{fmt}", dependencies=[Depends(programme_staff)])
def export_catalogue(fmt: str, request: Request) -> Response:
    if fmt not in ("csv", "xlsx"):
        return _html("<p>Định dạng không hỗ trợ (csv, xlsx).</p>", 404)
    headers = "vi" if request.query_params.get("headers") == "vi" else "code"
    rows = exports.catalogue_rows(showcase(request), base_url(request))
    return _download(exports.CATALOGUE_COLUMNS, rows, fmt, "ocop-catalogue", headers)


@router.get("/programme/export/sales.{fmt}", dependencies=[Depends(programme_staff)])
def export_sales(fmt: str, request: Request, server: Server) -> Response:
    if fmt not in ("csv", "xlsx"):
        return _html("<p>Định dạng không hỗ trợ (csv, xlsx).</p>", 404)
    q = request.query_params
    default_start, default_end = exports.default_range()
    start = day(q.get("start")) if q.get("start") else default_start
    end = day(q.get("end")) if q.get("end") else default_end
    if start is None or end is None:
        return _html("<p>Ngày không hợp lệ (YYYY-MM-DD, 2000–2199).</p>", 422)
    period = q.get("period") or "month"
    headers = "vi" if q.get("headers") == "vi" else "code"
    sc = showcase(request)
    try:
        with server.read_sessions() as session:
            rows = exports.sales_rows(session, sc, start, end, period, outlet=q.get("outlet") or None)
    except exports.ExportError as exc:
        return _html(f"<p>{e(exc)}</p>", 422)
    return _download(exports.SALES_COLUMNS, rows, fmt, f"ocop-sales-{period}", headers)


def _missing(request: Request) -> tuple[list[tuple[str, str]], int]:
    sc = showcase(request)
    return [(p.ref, p.name) for p in sc.products if not p.photos], len(sc.products)


@router.get("/programme/photos")
def photos_form(request: Request, who: ProgrammeStaff) -> Response:
    missing, total = _missing(request)
    return _html(photos_page(who.user, who.csrf, missing, total, problems=[]))


@router.post("/programme/photos")
async def photos_upload(request: Request, who: ProgrammeStaff, server: Server) -> Response:
    user, csrf = who

    def again(status: int, message: str = "", problems: list[str] | None = None) -> Response:
        missing, total = _missing(request)
        return _html(photos_page(user, csrf, missing, total, message=message, problems=problems or []), status)

    try:
        body = await read_limited(request, server.config.max_upload)
    except ApiError as exc:
        return again(exc.status, problems=[exc.message])
    files = multipart_files(body, request.headers.get("content-type", ""))
    fields = parse_multipart(body, request.headers.get("content-type", ""))
    given = (fields.get("csrf") or (None, b""))[1].decode("utf-8", "replace")
    if not auth.csrf_ok(csrf, given):
        return again(403, problems=["Biểu mẫu đã hết hạn; tải lại trang rồi thử lại."])
    if user.role != "admin":
        return again(403, problems=["Chỉ quản trị viên được tải tệp lên."])

    def work() -> photos.PhotoImport:
        with server.sessions() as session, session.begin():
            return photos.import_named(session, files, by=user.username)

    result = await run_in_threadpool(work)
    message = f"Đã lưu {len(result.stored)} ảnh." if result.stored else ""
    return again(200 if result.stored or not result.problems else 422, message, result.problems)
