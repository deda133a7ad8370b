"""Province under load: ``--quick`` 20 outlets × 60 days, full 100 outlets × 365 days (5 products a day, one
sold by weight; the days end yesterday), on the real server (uvicorn on loopback):

1. **Page times**: each staff page asked ``repeat`` times in a row by one logged-in officer, nothing else
   running: ``page_<db>_<page>_p50_ms`` / ``_p99_ms``. Pages: ``dashboard`` (as it opens, no filter),
   ``dashboard_year`` (the last 365 days), ``programme`` (indicators, 12 months), ``export_days`` (the days
   CSV of the last 365 days) and ``sales_csv_year`` (the programme's sales CSV of the last 365 days by month).
2. **Under load**: concurrent staff dashboards while outlets keep posting summaries.
3. **Ingest at a pace** (PostgreSQL only, ``benchmarks.province_ingest``): 100 outlets send summaries at
   1,000 a second in all to a server of 1 and of 2 processes, each side in its own process:
   ``ingest_pg_w<W>_per_s``, ``_p50_ms``, ``_p99_ms``, ``_errors``, ``_server_cpu_ms``, ``_pg_cpu_ms``,
   ``_pg_shared_cpu_ms``, ``_sender_cpu_ms`` (per summary), ``_p99_warm_ms``, ``_load1``.

On SQLite it runs twice: ``before`` reads the pages in ``BEGIN IMMEDIATE`` transactions as the server did
before issue 19 (``read_session_factory`` swapped for the writers' factory), ``after`` in deferred ones.
On PostgreSQL (``SHOWROOM_TEST_POSTGRES_URL``) it runs ``after`` only.

Figures of phase 2 per database and mode: ``dash_*_p50_ms`` / ``_p99_ms`` / ``_errors`` (6 dashboard loops),
``post_*_per_s`` / ``_p50_ms`` / ``_p99_ms`` / ``_errors`` (4 senders), and ``load1_*``: the machine's
1-minute load average at the end of the run (the machine is shared: read the times beside it).

``SHOWROOM_BENCH_PROVINCE_KEEP=<folder>`` keeps the populated databases between runs (a SQLite file in the
folder, a PostgreSQL schema named after the size and the folder) and reuses them: populating takes minutes.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import Engine, update

from benchmarks import province_ingest
from showroom_pos.core import summary as shapes
from showroom_pos.core.clock import business_day
from showroom_pos.core.summary import from_json
from showroom_pos.province import app as app_module
from showroom_pos.province import auth
from showroom_pos.province.db import drop_schema, open_database, read_session_factory, session_factory
from showroom_pos.province.ingest import ingest
from showroom_pos.province.models import Base, ProvinceOutlet
from showroom_pos.province.server_state import ServerConfig

PG_ENV = "SHOWROOM_TEST_POSTGRES_URL"
KEEP_ENV = "SHOWROOM_BENCH_PROVINCE_KEEP"
PASSWORD = "benchmark-password-19"
PAGE_REPEAT = 15
INGEST_RATE = 1000.0  # summaries a second, all outlets together (the target)


def summary(code: str, day: date, products: int) -> str:
    """One outlet's day: ``products`` boxed products and, for the last one, durian sold by the gram."""
    figures = []
    for i in range(products):
        weighed = i == products - 1
        qty, price = (2_350, 165) if weighed else (3, 65_000)  # grams at 165.000 ₫/kg, or boxes
        figures.append(
            shapes.ProductFigures(
                sku=f"SKU-{i:04d}", name=f"Sản phẩm OCOP số {i}", qty_sold=qty, qty_returned=0, gross=qty * price,
                discounts=0, returns=0, net=qty * price, vat=qty * price // 11, barcode=f"893800{i:07d}",
                unit="kg" if weighed else "hộp", producer=f"Chủ thể số {i % 3}", producer_code=f"CT{i % 3}",
                stars=3 + i % 3, group="food",
            )
        )
    total = sum(p.gross for p in figures)
    return shapes.build(
        outlet_code=code, business_day=day, revision=1, idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC), receipts=products, voided=0, products=figures,
        payments={"cash": total // 2, "transfer": total - total // 2}, refunds={}, cash_over_short=0, shifts_closed=1,
    ).to_json()


def first_day(days: int) -> date:
    """The populated days end yesterday, so the pages' recent periods hold data."""
    return business_day() - timedelta(days=days)


def populate(engine: Engine, outlets: int, days: int) -> dict[str, str]:
    """Register the officer and the outlets (new tokens every run) and, unless already there, their days."""
    tokens: dict[str, str] = {}
    maker = session_factory(engine)
    with maker.begin() as s:
        populated = s.query(ProvinceOutlet).count() >= outlets
        if not populated:
            auth.add_user(s, "bench.officer", PASSWORD)
        for i in range(outlets):
            code = f"B{i:04d}"
            if populated:
                auth.revoke_outlet(s, code)
            tokens[code] = auth.add_outlet(s, code, f"Điểm giới thiệu và bán sản phẩm OCOP số {i}")[1]
    with maker.begin() as s:  # late days are accepted: no opening day (a version that knows them)
        if hasattr(ProvinceOutlet, "opened_on"):
            s.execute(update(ProvinceOutlet).values(opened_on=None))
    if not populated:
        start = first_day(days)
        for i in range(outlets):
            code = f"B{i:04d}"
            with maker.begin() as s:
                outlet = s.query(ProvinceOutlet).filter_by(code=code).one()
                for d in range(days):
                    body = summary(code, start + timedelta(days=d), 5)
                    ingest(s, outlet, from_json(body), body.encode())
    if engine.dialect.name == "postgresql":  # statistics and visibility maps, as autovacuum keeps them
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in Base.metadata.sorted_tables:
                conn.exec_driver_sql(f"VACUUM ANALYZE {table.name}")
    return tokens


def login(client: httpx.Client) -> None:
    """Log in as the officer, through the form (its CSRF token, when it has one)."""
    form = client.get("/login").text
    found = re.search(r'name="csrf" value="([^"]+)"', form)
    data = {"username": "bench.officer", "password": PASSWORD}
    if found:
        data["csrf"] = found.group(1)
    r = client.post("/login", data=data)
    if r.status_code != 303:
        raise RuntimeError(f"login failed: {r.status_code}")


def pages(days: int) -> dict[str, str]:
    end = business_day()
    start = end - timedelta(days=days)
    year = f"start={start.isoformat()}&end={end.isoformat()}"
    return {
        "dashboard": "/dashboard",
        "dashboard_year": f"/dashboard?{year}",
        "programme": "/programme",
        "export_days": f"/dashboard/export.csv?table=days&{year}",
        "sales_csv_year": f"/programme/export/sales.csv?{year}&period=month",
    }


def page_times(engine: Engine, days: int, label: str, repeat: int) -> dict[str, float]:
    """Each page ``repeat`` times in a row (after one warm-up), one officer, nothing else running."""
    figures: dict[str, float] = {}
    with serve(engine, "after") as port, httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as client:
        login(client)
        for name, path in pages(days).items():
            times: list[float] = []
            for i in range(repeat + 1):
                started = time.perf_counter()
                r = client.get(path)
                elapsed = time.perf_counter() - started
                if r.status_code != 200:
                    raise RuntimeError(f"{path}: {r.status_code}")
                if i:
                    times.append(elapsed)
            figures[f"page_{label}_{name}_p50_ms"] = statistics.median(times) * 1000
            figures[f"page_{label}_{name}_p99_ms"] = pct(times, 0.99)
            figures[f"page_{label}_{name}_bytes"] = float(len(r.content))
        figures[f"load1_page_{label}"] = os.getloadavg()[0]
    return figures


@contextmanager
def serve(engine: Engine, mode: str) -> Iterator[int]:
    original = app_module.read_session_factory
    if mode == "before":
        app_module.read_session_factory = session_factory
    try:
        app = app_module.create_app(ServerConfig(outlet_burst=100_000, outlet_rate=10_000), engine=engine)
    finally:
        app_module.read_session_factory = original
    sock = socket.socket()
    # Inherited by accepted connections: without it every answer's body waits ~40 ms for the client's delayed
    # ACK (asyncio sets it only on sockets made with proto=IPPROTO_TCP; uvicorn.run(host=, port=) does that).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="critical", lifespan="off", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] * 1000 if values else float("nan")


def measure(
    engine: Engine, tokens: dict[str, str], days: int, mode: str, label: str, seconds: float
) -> dict[str, float]:
    dash: list[float] = []
    posts: list[float] = []
    errors = {"dash": 0, "post": 0}
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    codes = sorted(tokens)
    next_day = [1 if mode == "before" else 1 + 20 * seconds]  # each mode posts days of its own
    start = first_day(days)  # senders post days before the populated ones: late days, each a new row

    with serve(engine, mode) as port:
        base = f"http://127.0.0.1:{port}"

        def dashboards() -> None:
            with httpx.Client(base_url=base, timeout=120) as client:
                try:
                    login(client)
                except (RuntimeError, httpx.HTTPError):  # (a busy database at login: an error, not a crash)
                    with lock:
                        errors["dash"] += 1
                    return
                while time.monotonic() < stop:
                    started = time.perf_counter()
                    try:
                        status = client.get("/dashboard").status_code
                    except httpx.HTTPError:
                        status = 0
                    with lock:
                        if status == 200:
                            dash.append(time.perf_counter() - started)
                        else:
                            errors["dash"] += 1

        def sender(n: int) -> None:
            with httpx.Client(base_url=base, timeout=120) as client:
                i = n
                while time.monotonic() < stop:
                    code = codes[i % len(codes)]
                    with lock:
                        day = start - timedelta(days=int(next_day[0]) + i // len(codes))
                    body = summary(code, day, 5)
                    started = time.perf_counter()
                    try:
                        status = client.post(
                            "/api/v1/summaries",
                            content=body.encode(),
                            headers={"Authorization": f"Bearer {tokens[code]}"},
                        ).status_code
                    except httpx.HTTPError:  # a connection the server dropped counts as an error
                        status = 0
                    with lock:
                        if status == 200:
                            posts.append(time.perf_counter() - started)
                        else:
                            errors["post"] += 1
                    i += 4

        threads = [threading.Thread(target=dashboards) for _ in range(6)]
        threads += [threading.Thread(target=sender, args=(n,)) for n in range(4)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - began
    key = f"{label}_{mode}"
    return {
        f"dash_{key}_p50_ms": statistics.median(dash) * 1000 if dash else float("nan"),
        f"dash_{key}_p99_ms": pct(dash, 0.99),
        f"dash_{key}_count": float(len(dash)),
        f"dash_{key}_errors": float(errors["dash"]),
        f"post_{key}_per_s": len(posts) / elapsed,
        f"post_{key}_p50_ms": statistics.median(posts) * 1000 if posts else float("nan"),
        f"post_{key}_p99_ms": pct(posts, 0.99),
        f"post_{key}_errors": float(errors["post"]),
        f"load1_{key}": os.getloadavg()[0],
    }


@contextmanager
def sqlite_file(size: str) -> Iterator[str]:
    keep = os.environ.get(KEEP_ENV)
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        yield str(Path(keep) / f"province-{size}.db")
        return
    with tempfile.TemporaryDirectory() as folder:
        yield str(Path(folder) / "province.db")


def run(quick: bool) -> dict[str, float]:
    os.environ.setdefault("SHOWROOM_PROVINCE_SECRET_FILE", str(Path(tempfile.gettempdir()) / "bench-province.secret"))
    outlets, days, seconds = (20, 60, 3.0) if quick else (100, 365, 20.0)
    repeat = 3 if quick else PAGE_REPEAT
    size = f"{outlets}x{days}"
    figures: dict[str, float] = {"cpu_count": float(os.cpu_count() or 0), "load1_start": os.getloadavg()[0]}
    with sqlite_file(size) as path:
        engine = open_database(path)
        try:
            started = time.perf_counter()
            tokens = populate(engine, outlets, days)
            figures["populate_sqlite_s"] = time.perf_counter() - started
            figures.update(page_times(engine, days, "sqlite", repeat))
            for mode in ("before", "after"):
                figures.update(measure(engine, tokens, days, mode, "sqlite", seconds))
        finally:
            engine.dispose()
    pg = os.environ.get(PG_ENV)
    if pg:
        keep_dir = os.environ.get(KEEP_ENV)
        keep = bool(keep_dir)
        tag = re.sub(r"[^a-z0-9_]", "_", Path(keep_dir or "").name.lower())
        schema = f"bench_keep_{size}_{tag}"[:63] if keep else f"bench_{uuid.uuid4().hex[:12]}"
        engine = open_database(pg, schema=schema)
        try:
            started = time.perf_counter()
            tokens = populate(engine, outlets, days)
            figures["populate_postgresql_s"] = time.perf_counter() - started
            figures.update(page_times(engine, days, "postgresql", repeat))
            figures.update(measure(engine, tokens, days, "after", "postgresql", seconds))
        finally:
            engine.dispose()
            if not keep:
                drop_schema(pg, schema)
        for workers in (1, 2):
            figures.update(province_ingest.measure(pg, workers, INGEST_RATE, 5.0 if quick else 20.0))
    assert read_session_factory is app_module.read_session_factory
    return figures
