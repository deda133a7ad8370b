"""The officers' dashboard (logged-in staff only): the figures by period and outlet, their CSV and XLSX
exports, the USB import and catalogue upload forms, and the province's own settings.

The pages are built by ``web``; every form carries the session's CSRF token, and only an administrator may
change anything (import, upload, settings).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import auth, catalogue, params, reports, site_settings, usb, web
from .http_common import ApiError, parse_multipart, read_form, read_limited
from .models import ProvinceOutlet
from .server_state import Server, ServerState
from .staff_login import FORM_LIMIT, Staff, StaffSession, lang_of, staff

EXPORT_TABLES = ("days", "products", "outlets")

router = APIRouter()


@router.get("/static/style.css")
def style() -> Response:
    return Response(web.CSS, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/dashboard", status_code=303)


def parse_filters(request: Request) -> reports.Filters:
    q = request.query_params

    if "start" not in q and "end" not in q:  # as it opens: a recent period (the form's empty fields: all)
        return dataclasses.replace(reports.recent(), outlet=q.get("outlet") or None)
    return reports.Filters(params.day(q.get("start")), params.day(q.get("end")), (q.get("outlet") or None))


@router.get("/dashboard")
def dashboard(request: Request, who: Staff, server: Server) -> Response:
    with server.read_sessions() as session:
        data = reports.build(session, parse_filters(request), day_limit=web.DAY_ROWS)
        codes = list(session.scalars(select(ProvinceOutlet.code).order_by(ProvinceOutlet.code)))
    return HTMLResponse(
        web.dashboard_page(data, lang_of(request), user=who.user.username, csrf=who.csrf, outlet_codes=codes)
    )


# --- exports ------------------------------------------------------------------------------------------


@router.get("/dashboard/export.{fmt}", dependencies=[Depends(staff)])
def export(fmt: str, request: Request, server: Server) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise StarletteHTTPException(404, "Unknown export format.")
    table = request.query_params.get("table") or "days"
    if table not in EXPORT_TABLES:  # the name goes into a header: only our own names
        raise StarletteHTTPException(404, "Unknown table (days, products, outlets).")
    filters = parse_filters(request)
    rows: Sequence[Sequence[Any]]
    with server.read_sessions() as session:
        if table == "days":  # every (day, outlet): plain rows (a day, a code: no text to make safe)
            lines = reports.days_csv(session, filters) if fmt == "csv" else None
            if lines is not None:
                return Response(
                    ("\ufeff" + ",".join(DAY_HEADER) + "\r\n").encode() + lines,
                    media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="ocop-days.csv"'},
                )
            header, rows = DAY_HEADER, list(reports.day_rows(session, filters))
            if fmt == "csv":
                return csv_response(header, rows, "ocop-days", safe=False)
        else:
            header, rows = export_rows(reports.build(session, filters, top=100_000, day_limit=0), table)
    name = f"ocop-{table}"
    if fmt == "csv":
        return csv_response(header, rows, name)
    return Response(
        xlsx_bytes(header, [list(r) for r in rows]),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )


def csv_response(header: list[str], rows: Sequence[Sequence[Any]], name: str, *, safe: bool = True) -> Response:
    """A CSV download (UTF-8 with BOM); ``safe``: text a spreadsheet would run is made inert."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[safe_cell(v) for v in row] for row in rows] if safe else rows)
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


DAY_HEADER = [
    "business_day",
    "outlet_code",
    "receipts",
    "gross",
    "discounts",
    "returns",
    "net",
    "vat",
    "cash_over_short",
    "cash_rounding",
]


def export_rows(data: reports.Dashboard, table: str) -> tuple[list[str], list[list[object]]]:
    if table == "products":
        return (
            ["sku", "name", "qty_net", "gross", "returns", "net", "grams_net"],
            [[r.key, r.label, r.qty, r.gross, r.returns, r.net, r.grams] for r in data.top_products],
        )
    if table == "outlets":
        return (
            [
                "outlet_code",
                "outlet_name",
                "days",
                "receipts",
                "gross",
                "discounts",
                "returns",
                "net",
                "vat",
                "cash_over_short",
                "last_day",
                "last_sync_at",
                "stale",
                "cash_rounding",
            ],
            [
                [
                    o.code,
                    o.name,
                    o.figures.days,
                    o.figures.receipts,
                    o.figures.gross,
                    o.figures.discounts,
                    o.figures.returns,
                    o.figures.net,
                    o.figures.vat,
                    o.figures.cash_over_short,
                    o.last_day.isoformat() if o.last_day else "",
                    o.last_sync_at.isoformat() if o.last_sync_at else "",
                    "yes" if o.stale else "",
                    o.figures.cash_rounding,
                ]
                for o in data.outlets
            ],
        )
    return (
        DAY_HEADER,
        [
            [d.isoformat(), code, f.receipts, f.gross, f.discounts, f.returns, f.net, f.vat, f.cash_over_short,
             f.cash_rounding]
            for d, code, f in sorted(data.by_day, key=lambda x: (x[0], x[1]))
        ],
    )


def xlsx_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text says
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- uploads: a USB export, the catalogue ------------------------------------------------------------


async def upload(request: Request, who: StaffSession, server: ServerState, kind: str) -> Response:
    lang = lang_of(request)
    user, csrf = who
    if request.method == "GET":
        return HTMLResponse(web.upload_page(kind, lang, user=user.username, csrf=csrf))
    try:
        body = await read_limited(request, server.config.max_upload)
    except ApiError as exc:
        return HTMLResponse(
            web.upload_page(kind, lang, user=user.username, csrf=csrf, problems=[exc.message]),
            status_code=exc.status,
        )
    fields = parse_multipart(body, request.headers.get("content-type", ""))
    if not auth.csrf_ok(csrf, (fields.get("csrf") or (None, b""))[1].decode("utf-8", "replace")):
        return HTMLResponse(
            web.upload_page(
                kind,
                lang,
                user=user.username,
                csrf=csrf,
                problems=["The form expired; reload the page and try again."],
            ),
            status_code=403,
        )
    if user.role != "admin":
        return HTMLResponse(
            web.upload_page(kind, lang, user=user.username, csrf=csrf, problems=[web.t("admin_only", lang)]),
            status_code=403,
        )
    filename, data = fields.get("file") or (None, b"")

    def work() -> tuple[str, list[str], int]:
        try:
            with server.sessions() as session, session.begin():
                if kind == "import":
                    r = usb.import_export(session, data, secret_file=server.secret_file)
                    return (
                        web.t("import_done", lang).format(n=r.new, outlet=r.outlet_code, replayed=r.replayed),
                        [],
                        200,
                    )
                suffix = Path(filename or "upload.csv").suffix.lower() or ".csv"
                with tempfile.TemporaryDirectory() as folder:
                    path = Path(folder) / f"catalogue{suffix if suffix in ('.csv', '.xlsx') else '.csv'}"
                    path.write_bytes(data)
                    c = catalogue.import_file(session, path)
                return (
                    web.t("catalogue_done", lang).format(
                        created=c.created, updated=c.updated, unchanged=c.unchanged, version=c.version
                    ),
                    [],
                    200,
                )
        except (usb.UsbImportRejected, catalogue.ImportRejected) as exc:
            return "", exc.problems, 422

    message, problems, status = await run_in_threadpool(work)
    return HTMLResponse(
        web.upload_page(kind, lang, user=user.username, csrf=csrf, message=message, problems=problems),
        status_code=status,
    )


@router.api_route("/dashboard/import", methods=["GET", "POST"])
async def usb_import(request: Request, who: Staff, server: Server) -> Response:
    return await upload(request, who, server, "import")


@router.api_route("/dashboard/catalogue", methods=["GET", "POST"])
async def catalogue_upload(request: Request, who: Staff, server: Server) -> Response:
    return await upload(request, who, server, "catalogue")


# --- the province's settings --------------------------------------------------------------------------


@router.api_route("/dashboard/settings", methods=["GET", "POST"])
async def province_settings(request: Request, who: Staff, server: Server) -> Response:
    """The province's own settings (its name and emblem on the public pages): administrators change them."""
    lang = lang_of(request)
    user, csrf = who

    def show(message: str = "", problems: list[str] | None = None, status: int = 200,
             values: dict[str, str] | None = None) -> HTMLResponse:
        with server.read_sessions() as session:
            current = site_settings.read(session)
        return HTMLResponse(
            web.settings_page(lang, user=user.username, csrf=csrf, values={**current, **(values or {})},
                              admin=user.role == "admin", message=message, problems=problems or []),
            status_code=status,
        )

    if request.method == "GET":
        return show()
    fields = await read_form(request, FORM_LIMIT)
    if not auth.csrf_ok(csrf, fields.get("csrf")):
        return show(problems=[web.t("form_expired", lang)], status=403)
    if user.role != "admin":
        return show(problems=[web.t("admin_only", lang)], status=403)
    wanted = {k.key: fields.get(k.key, "") for k in site_settings.KEYS if k.key in fields}

    def save() -> int:
        with server.sessions() as session, session.begin():
            return sum(site_settings.write(session, key, value, by=user.username) for key, value in wanted.items())

    try:
        changed = await run_in_threadpool(save)
    except site_settings.SettingError as exc:
        return show(problems=[str(exc)], status=422, values=wanted)
    server.site_settings.clear()
    return show(message=web.t("settings_saved", lang).format(n=changed))
