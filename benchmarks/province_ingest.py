"""Province ingest at a fixed pace (part of ``bench_province_load``): 100 outlets, one connection each, send
summaries of 5 products (new days) at ``rate`` summaries a second in all, for ``seconds``, to the real server
(``workers`` uvicorn processes) on PostgreSQL, each side in its own process so that neither takes the other's
GIL:

- the server: ``python -m benchmarks.province_ingest serve URL SCHEMA PORT WORKERS`` (one process:
  ``create_app`` in uvicorn; several: ``showroom-province serve --workers``);
- the senders: ``python -m benchmarks.province_ingest send PORT TOKENS SECONDS RATE``, asyncio with plain
  HTTP/1.1 keep-alive connections and bodies made beforehand (a sender costs little CPU beside the server).

A sender waits for each answer before its next summary (as an outlet does) and otherwise keeps to its pace, so
when the server falls behind the rate reached says so. Figures: ``ingest_pg_w<W>_per_s`` (summaries answered
200 a second), ``_p50_ms`` / ``_p99_ms`` (from sending to the whole answer), ``_p99_warm_ms`` (the same without
the first second's, when connections open and statements are prepared), ``_seconds_p99_over_50ms`` of
``_seconds`` (the whole seconds of sending whose own p99 is over 50 ms: a tail made by a backlog in a few seconds
shows as few of them), ``_errors`` (anything but 200,
dropped connections), ``_server_cpu_ms`` (CPU of the server's processes per summary), ``_pg_cpu_ms`` (CPU of the
PostgreSQL backends serving the benchmark's database, per summary), ``_pg_shared_cpu_ms`` (PostgreSQL's own
processes: WAL writer, checkpointer…, shared with whatever else uses the cluster), ``_sender_cpu_ms`` (the
senders' CPU while sending, in the timed window), ``_sender_all_cpu_ms`` (the sender process's whole CPU, its start
and the bodies made beforehand included, spread over the summaries sent), and ``_load1`` (the machine's load
average at the end: it is shared).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

CONNECTIONS = 100
PRODUCTS = 5


def _body(code: str, day: date) -> bytes:
    from showroom_pos.core import summary as shapes

    figures = [
        shapes.ProductFigures(
            sku=f"SKU-{i:04d}", name=f"Sản phẩm OCOP số {i}", qty_sold=3, qty_returned=0, gross=195_000,
            discounts=0, returns=0, net=195_000, vat=14_444, barcode=f"893800{i:07d}", unit="hộp",
            producer="Công ty TNHH Travipha", producer_code="TRAVIPHA", stars=3 + i % 3, group="food",
        )
        for i in range(PRODUCTS)
    ]
    return shapes.build(
        outlet_code=code, business_day=day, revision=1, idempotency_key=str(uuid.uuid4()),
        generated_at=datetime.now(UTC), receipts=PRODUCTS, voided=0, products=figures,
        payments={"cash": 195_000 * PRODUCTS}, refunds={}, cash_over_short=0, shifts_closed=1,
    ).to_json().encode()


def serve(url: str, schema: str, port: int, workers: int) -> None:
    if workers <= 1:
        import uvicorn

        from showroom_pos.province.app import create_app
        from showroom_pos.province.cli import event_loop_and_parser
        from showroom_pos.province.server_state import ServerConfig

        config = ServerConfig(database_url=url, schema=schema, outlet_rate=1e6, outlet_burst=10**6)
        uvicorn.run(create_app(config), host="127.0.0.1", port=port, log_level="warning", access_log=False,
                    **event_loop_and_parser())  # type: ignore[arg-type]
        return
    from showroom_pos.province import cli

    sys.exit(cli.main(["--db", url, "--schema", schema, "serve", "--port", str(port), "--workers", str(workers),
                       "--outlet-rate", "1000000", "--outlet-burst", "1000000"]))


async def _sender(port: int, requests: list[bytes], interval: float, offset: float, stop: float,
                  latencies: list[tuple[float, float]], errors: list[int]) -> None:
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        errors.append(len(requests))
        return
    due = time.perf_counter() + offset
    for request in requests:
        now = time.perf_counter()
        if now >= stop:
            break
        if due > now:
            await asyncio.sleep(due - now)
        due += interval
        started = time.perf_counter()
        try:
            writer.write(request)
            await writer.drain()
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
            errors.append(1)
            break
        if status == 200:
            latencies.append((started, time.perf_counter() - started))
        else:
            errors.append(1)
    writer.close()


def send(port: int, tokens_file: str, seconds: float, rate: float) -> None:
    tokens: dict[str, str] = json.loads(Path(tokens_file).read_text())
    codes = sorted(tokens)[:CONNECTIONS]
    per_sender = int(rate * seconds / len(codes)) + 2
    first = date(2020, 1, 1)
    requests = []
    for code in codes:
        mine = []
        for i in range(per_sender):
            body = _body(code, first + timedelta(days=i))
            head = (f"POST /api/v1/summaries HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {tokens[code]}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
            mine.append(head.encode() + body)
        requests.append(mine)
    timed: list[tuple[float, float]] = []  # (sent at, latency)
    errors: list[int] = []
    interval = len(codes) / rate
    cpu_before = time.process_time()  # (not the bodies made above: only what sending them costs)
    began = time.perf_counter()

    async def main() -> float:
        stop = began + seconds
        await asyncio.gather(*(
            _sender(port, mine, interval, interval * n / len(codes), stop, timed, errors)
            for n, mine in enumerate(requests)
        ))
        return time.perf_counter() - began

    elapsed = asyncio.run(main())
    sending_cpu = time.process_time() - cpu_before
    latencies = sorted(latency for _sent, latency in timed)
    warm = sorted(latency for sent, latency in timed if sent >= began + 1.0)
    by_second: dict[int, list[float]] = {}
    for sent, latency in timed:
        by_second.setdefault(int(sent - began), []).append(latency)
    print(json.dumps({
        "per_s": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p99_ms": _p99(latencies),
        "p99_warm_ms": _p99(warm),
        # Where the tail comes from: a backlog builds in some seconds and drains, or every second is slow alike.
        "seconds_p99_over_50ms": sum(_p99(sorted(v)) > 50 for v in by_second.values()),
        "seconds": len(by_second),
        "errors": sum(errors),
        "sending_cpu_s": sending_cpu,
    }))


def _p99(latencies: list[float]) -> float:
    """The 99th percentile of sorted ``latencies``, in ms."""
    return latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000 if latencies else float("nan")


def _cpu_ticks(root: int) -> int:
    """User + system CPU of ``root`` and every process under it, in clock ticks."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        ticks[int(entry)] = int(fields[11]) + int(fields[12])
    tree = {root}
    grew = True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    return sum(ticks.get(pid, 0) for pid in tree)


def _postgres_ticks(database: str) -> tuple[dict[int, int], int]:
    """CPU ticks of each PostgreSQL backend connected to ``database`` (by pid), and of the cluster's own
    background processes together (their titles: ``postgres: <cluster>: checkpointer`` and so on)."""
    backends: dict[int, int] = {}
    shared = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            title = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if not title.startswith("postgres: "):
            continue
        used = int(fields[11]) + int(fields[12])
        words = title.split()
        if f" {database} " in f" {' '.join(words[1:])} " and "(" in title:  # "postgres: 15/main: user db host(port)"
            backends[int(entry)] = used
        elif not any(w.endswith(")") for w in words):
            shared += used
    return backends, shared


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def measure(url: str, workers: int, rate: float, seconds: float) -> dict[str, float]:
    from showroom_pos.province import auth
    from showroom_pos.province.db import drop_schema, open_database, session_factory

    schema = f"bench_ingest_{uuid.uuid4().hex[:10]}"
    database = url.rsplit("/", 1)[1].split("?")[0]
    engine = open_database(url, schema=schema)
    try:
        with session_factory(engine).begin() as s:
            tokens = {f"B{i:04d}": auth.add_outlet(s, f"B{i:04d}")[1] for i in range(CONNECTIONS)}
    finally:
        engine.dispose()
    port = _free_port()
    label = f"ingest_pg_w{workers}"
    with tempfile.TemporaryDirectory() as folder:
        tokens_file = Path(folder) / "tokens.json"
        tokens_file.write_text(json.dumps(tokens))
        server = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.province_ingest", "serve", url, schema, str(port), str(workers)],
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            import httpx

            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    return {f"{label}_per_s": float("nan")}  # this version cannot run it (serve --workers)
                time.sleep(0.2)
            time.sleep(0.5 * workers)  # every worker up
            before = _cpu_ticks(server.pid)
            pg_before, shared_before = _postgres_ticks(database)
            children_before = os.times()
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.province_ingest", "send", str(port), str(tokens_file),
                 str(seconds), str(rate)],
                capture_output=True, text=True, check=True,
            ).stdout
            used = _cpu_ticks(server.pid) - before
            children_after = os.times()
            pg_after, shared_after = _postgres_ticks(database)  # (before the server goes: its backends with it)
        finally:
            with contextlib.suppress(ProcessLookupError):  # (gone already: it could not start)
                os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
            drop_schema(url, schema)
    result = json.loads(out)
    done = result["per_s"] * seconds
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    pg_used = sum(t - pg_before.get(pid, 0) for pid, t in pg_after.items())
    sender_s = (children_after.children_user + children_after.children_system
                - children_before.children_user - children_before.children_system)
    return {
        f"{label}_target_per_s": rate,
        f"{label}_per_s": result["per_s"],
        f"{label}_p50_ms": result["p50_ms"],
        f"{label}_p99_ms": result["p99_ms"],
        f"{label}_p99_warm_ms": result["p99_warm_ms"],
        f"{label}_seconds_p99_over_50ms": float(result["seconds_p99_over_50ms"]),
        f"{label}_seconds": float(result["seconds"]),
        f"{label}_errors": float(result["errors"]),
        f"{label}_server_cpu_ms": used * tick_ms / done if done else float("nan"),
        f"{label}_pg_cpu_ms": pg_used * tick_ms / done if done else float("nan"),
        f"{label}_pg_shared_cpu_ms": (shared_after - shared_before) * tick_ms / done if done else float("nan"),
        f"{label}_sender_cpu_ms": result["sending_cpu_s"] * 1000 / done if done else float("nan"),
        f"{label}_sender_all_cpu_ms": sender_s * 1000 / done if done else float("nan"),
        f"{label}_load1": os.getloadavg()[0],
    }


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    elif sys.argv[1] == "send":
        send(int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5]))
    elif sys.argv[1] == "measure":  # python -m benchmarks.province_ingest measure URL WORKERS RATE SECONDS
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])), indent=1))
