"""Province ingest at scale: 1,000 simulated outlets (``--quick``: 100) each sending daily summaries
of 20 products to the real server (uvicorn on loopback) from 8 concurrent senders, on SQLite and,
when ``SHOWROOM_TEST_POSTGRES_URL`` is set, on PostgreSQL (a fresh schema, dropped afterwards).

Figures: ``ingest_<db>_per_s`` (summaries acknowledged per second), ``ingest_<db>_p50_ms`` and
``ingest_<db>_p99_ms`` (request latency), and ``summary_200_products_bytes``: the size of one day's
summary for 200 products (it stays small: well under 64 KiB).
"""

from __future__ import annotations

import os
import socket
import statistics
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import uvicorn

from showroom_pos.core import summary as shapes
from showroom_pos.province import auth
from showroom_pos.province.app import create_app
from showroom_pos.province.db import drop_schema, open_database, session_factory
from showroom_pos.province.server_state import ServerConfig

PG_ENV = "SHOWROOM_TEST_POSTGRES_URL"


def summary(code: str, day: date, products: int) -> str:
    figures = [
        shapes.ProductFigures(
            sku=f"SKU-{i:04d}",
            name=f"Sản phẩm OCOP số {i}",
            qty_sold=3,
            qty_returned=0,
            gross=3 * 65_000,
            discounts=0,
            returns=0,
            net=3 * 65_000,
            vat=14_444,
            barcode=f"893800{i:07d}",
            unit="hộp",
            producer="Công ty TNHH Travipha",
            producer_code="TRAVIPHA",
            stars=3 + i % 3,
            group="food",
        )
        for i in range(products)
    ]
    return shapes.build(
        outlet_code=code,
        business_day=day,
        revision=1,
        idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC),
        receipts=products,
        voided=0,
        products=figures,
        payments={"cash": 3 * 65_000 * products},
        refunds={},
        cash_over_short=0,
        shifts_closed=1,
    ).to_json()


def measure(url: str | None, outlets: int, days: int, label: str, schema: str | None = None) -> dict[str, float]:
    engine = open_database(url, schema=schema)
    with session_factory(engine).begin() as s:
        tokens = {f"B{i:04d}": auth.add_outlet(s, f"B{i:04d}")[1] for i in range(outlets)}
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(ServerConfig(outlet_burst=10_000), engine=engine),
            log_level="warning",
            lifespan="off",
            access_log=False,
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    jobs = [(code, date(2026, 3, 1) + timedelta(days=d)) for d in range(days) for code in tokens]
    bodies = [(tokens[code], summary(code, day, 20)) for code, day in jobs]
    latencies: list[float] = []
    lock = threading.Lock()
    local = threading.local()

    def send(job: tuple[str, str]) -> None:
        token, body = job
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        started = time.perf_counter()
        while True:
            r = client.post("/api/v1/summaries", content=body.encode(), headers={"Authorization": f"Bearer {token}"})
            if r.status_code == 200:
                break
            if r.status_code not in (409, 503):
                raise RuntimeError(r.text)
        with lock:
            latencies.append(time.perf_counter() - started)

    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(send, bodies))
        elapsed = time.perf_counter() - started
    finally:
        server.should_exit = True
        thread.join(10)
        engine.dispose()
    latencies.sort()
    return {
        f"ingest_{label}_per_s": len(bodies) / elapsed,
        f"ingest_{label}_p50_ms": statistics.median(latencies) * 1000,
        f"ingest_{label}_p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def run(quick: bool) -> dict[str, float]:
    outlets, days = (100, 1) if quick else (1_000, 3)
    figures = {"summary_200_products_bytes": float(len(summary("CL01", date(2026, 3, 1), 200).encode()))}
    with tempfile.TemporaryDirectory() as folder:
        figures.update(measure(str(Path(folder) / "province.db"), outlets, days, "sqlite"))
    pg = os.environ.get(PG_ENV)
    if pg:
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        try:
            figures.update(measure(pg, outlets, days, "postgresql", schema=schema))
        finally:
            drop_schema(pg, schema)
    return figures
