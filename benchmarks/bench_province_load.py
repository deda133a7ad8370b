"""Province under load: ``--quick`` 20 outlets × 60 days, full 100 outlets × 365 days (5 products a day),
then concurrent staff dashboards while outlets keep posting summaries, on the real server (uvicorn on
loopback).

On SQLite it runs twice: ``before`` reads the pages in ``BEGIN IMMEDIATE`` transactions as the server did
before issue 19 (``read_session_factory`` swapped for the writers' factory), ``after`` in deferred ones.
On PostgreSQL (``SHOWROOM_TEST_POSTGRES_URL``) it runs ``after`` only.

Figures per database and mode: ``dash_*_p50_ms`` / ``_p99_ms`` / ``_errors`` (6 dashboard loops),
``post_*_per_s`` / ``_p50_ms`` / ``_p99_ms`` / ``_errors`` (4 senders), and ``load1_*``: the machine's
1-minute load average at the end of the run (the machine is shared: read the times beside it).
"""

from __future__ import annotations

import os
import socket
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import Engine

from benchmarks.bench_sync import summary
from showroom_pos.core.summary import from_json
from showroom_pos.province import app as app_module
from showroom_pos.province import auth
from showroom_pos.province.db import drop_schema, open_database, read_session_factory, session_factory
from showroom_pos.province.ingest import ingest
from showroom_pos.province.models import ProvinceOutlet

PG_ENV = "SHOWROOM_TEST_POSTGRES_URL"
START = date(2025, 1, 1)
PASSWORD = "benchmark-password-19"


def populate(engine: Engine, outlets: int, days: int) -> dict[str, str]:
    tokens: dict[str, str] = {}
    with session_factory(engine).begin() as s:
        auth.add_user(s, "bench.officer", PASSWORD)
        for i in range(outlets):
            code = f"B{i:04d}"
            tokens[code] = auth.add_outlet(s, code)[1]
    maker = session_factory(engine)
    for i in range(outlets):
        code = f"B{i:04d}"
        with maker.begin() as s:
            outlet = s.query(ProvinceOutlet).filter_by(code=code).one()
            for d in range(days):
                body = summary(code, START + timedelta(days=d), 5)
                ingest(s, outlet, from_json(body), body.encode())
    return tokens


@contextmanager
def serve(engine: Engine, mode: str) -> Iterator[int]:
    original = app_module.read_session_factory
    if mode == "before":
        app_module.read_session_factory = session_factory  # type: ignore[assignment]
    try:
        app = app_module.create_app(app_module.ServerConfig(outlet_burst=100_000, outlet_rate=10_000), engine=engine)
    finally:
        app_module.read_session_factory = original  # type: ignore[assignment]
    sock = socket.socket()
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
    next_day = [days]

    with serve(engine, mode) as port:
        base = f"http://127.0.0.1:{port}"

        def dashboards() -> None:
            with httpx.Client(base_url=base, timeout=120) as client:
                client.post("/login", data={"username": "bench.officer", "password": PASSWORD})
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
                        day = START + timedelta(days=next_day[0] + i // len(codes))
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


def run(quick: bool) -> dict[str, float]:
    outlets, days, seconds = (20, 60, 3.0) if quick else (100, 365, 20.0)
    figures: dict[str, float] = {"cpu_count": float(os.cpu_count() or 0), "load1_start": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(str(Path(folder) / "province.db"))
        try:
            started = time.perf_counter()
            tokens = populate(engine, outlets, days)
            figures["populate_sqlite_s"] = time.perf_counter() - started
            for mode in ("before", "after"):
                figures.update(measure(engine, tokens, days, mode, "sqlite", seconds))
        finally:
            engine.dispose()
    pg = os.environ.get(PG_ENV)
    if pg:
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        engine = open_database(pg, schema=schema)
        try:
            tokens = populate(engine, outlets, days)
            figures.update(measure(engine, tokens, days, "after", "postgresql", seconds))
        finally:
            engine.dispose()
            drop_schema(pg, schema)
    assert read_session_factory is app_module.read_session_factory
    return figures
