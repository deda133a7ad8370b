"""Test support for the province sync tests: a real uvicorn server on a free loopback port, a
fault-injecting TCP proxy in front of it, and helpers that make sales at an outlet.

Everything listens on 127.0.0.1 only and stops by itself at the end of the test.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Self

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import VIETNAM
from showroom_pos.province import auth
from showroom_pos.province.app import create_app
from showroom_pos.province.db import open_database, session_factory
from showroom_pos.province.server_state import ServerConfig
from showroom_pos.services import shifts
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.context import Actor
from showroom_pos.services.till import sale_writer


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def wait_until(check: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    """Readiness polling (not timing): wait for ``check`` with a hard limit."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not reached in {timeout} s")
        time.sleep(0.01)


class LiveApp:
    """An ASGI app under uvicorn on a loopback port (a free one unless given), in a thread; can be stopped and
    started again on the same port. Subclasses say which app (``make_app``)."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def make_app(self) -> Any:
        raise NotImplementedError

    def start(self) -> Self:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit it: without it each answer's body waits ~40 ms for the client's delayed
        # ACK (asyncio sets it only on sockets made with proto=IPPROTO_TCP, as uvicorn's own binding does).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind(("127.0.0.1", self.port or 0))
        self.port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(self.make_app(), log_level="warning", lifespan="off",
                                               access_log=False))
        self._server = server
        self._thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        wait_until(lambda: server.started, what="uvicorn start")
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            assert self._thread is not None
            self._thread.join(10)
            self._server = None


class LiveServer(LiveApp):
    """The real province app under uvicorn, in a thread; can be stopped and started on the same port."""

    def __init__(self, engine: Engine, config: ServerConfig | None = None, port: int | None = None) -> None:
        super().__init__(port)
        self.engine = engine
        self.config = config or ServerConfig()

    def make_app(self) -> Any:
        self.app: Any = create_app(self.config, engine=self.engine)
        return self.app

    def stop(self) -> None:
        super().stop()
        if getattr(self, "app", None) is not None:  # (uvicorn runs it without its lifespan: closed here)
            asyncio.run(self.app.state.server.ingest_connections.close())
            self.app = None

    def restart(self) -> None:
        self.stop()
        self.start()


def register_outlet(engine: Engine, code: str, name: str = "") -> str:
    with session_factory(engine).begin() as session:
        _outlet, token = auth.add_outlet(session, code, name or f"Điểm OCOP {code}")
    return token


# --- the fault-injecting proxy ----------------------------------------------------------------------

FAULTS = ("refuse", "cut_request", "cut_response", "delay", "duplicate", "http500", "http409", "stale_replay")


def _read_http_message(conn: socket.socket, buffer: bytearray) -> bytes | None:
    """One HTTP/1.1 message (headers + Content-Length body) from ``conn``; None at EOF."""
    while b"\r\n\r\n" not in buffer:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    head_end = buffer.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buffer[:head_end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buffer) < head_end + length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    message = bytes(buffer[: head_end + length])
    del buffer[: head_end + length]
    return message


def _exchange(port: int, request: bytes, timeout: float = 10.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as up:
        up.sendall(request)
        return _read_http_message(up, bytearray()) or b""


@dataclass
class FaultPlan:
    """Which fault each request meets: a seeded random choice among ``faults`` with ``rate``."""

    seed: int = 7
    rate: float = 0.5
    faults: tuple[str, ...] = FAULTS
    delay: float = 0.8
    enabled: bool = True
    script: list[str] = field(default_factory=list)  # faults served first, in order (each kind surely happens)
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self._lock = threading.Lock()

    def next(self) -> str:
        with self._lock:
            if not self.enabled:
                return "pass"
            if self.script:
                return self.script.pop(0)
            if self.rng.random() >= self.rate:
                return "pass"
            return self.rng.choice(self.faults)


class FaultProxy:
    """A TCP proxy on loopback that forwards HTTP requests to ``upstream_port``, injecting faults:
    refused/reset connections, requests cut mid-way, responses cut after the server acted, delays
    past the client's timeout, duplicated deliveries, canned 500 and 409 answers, and stale replays
    of earlier requests delivered after newer ones (reordering)."""

    def __init__(self, upstream_port: Callable[[], int], plan: FaultPlan) -> None:
        self.upstream_port = upstream_port
        self.plan = plan
        self.sock = free_socket()
        self.port = self.sock.getsockname()[1]
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.log: list[str] = []
        self.seen_requests: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _record(self, fault: str) -> None:
        with self._lock:
            self.log.append(fault)

    def _handle(self, conn: socket.socket) -> None:
        buffer = bytearray()
        conn.settimeout(10)
        try:
            while not self._stop.is_set():
                request = _read_http_message(conn, buffer)
                if request is None:
                    return
                fault = self.plan.next()
                self._record(fault)
                if fault == "refuse":  # reset before the server sees anything
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    return
                is_summary = b"POST /api/v1/summaries" in request[:64]
                if fault == "cut_request":
                    head_end = request.index(b"\r\n\r\n") + 4
                    with socket.create_connection(("127.0.0.1", self.upstream_port()), timeout=5) as up:
                        up.sendall(request[: head_end + max(0, (len(request) - head_end) // 2)])
                    return
                if fault == "http500":
                    conn.sendall(
                        b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\n"
                        b"content-length: 5\r\nconnection: close\r\n\r\noops!"
                    )
                    return
                if fault == "http409":
                    body = b'{"error":{"code":"conflict","message":"busy","details":[]}}'
                    conn.sendall(
                        b"HTTP/1.1 409 Conflict\r\ncontent-type: application/json\r\ncontent-length: "
                        + str(len(body)).encode()
                        + b"\r\nconnection: close\r\n\r\n"
                        + body
                    )
                    return
                if fault == "stale_replay" and is_summary:
                    with self._lock:
                        old = self.plan.rng.choice(self.seen_requests) if self.seen_requests else None
                    if old is not None:
                        _exchange(self.upstream_port(), old)  # an old delivery arrives late
                if is_summary:
                    with self._lock:
                        self.seen_requests.append(request)
                if fault == "delay":
                    time.sleep(self.plan.delay)
                response = _exchange(self.upstream_port(), request)
                if fault == "duplicate":
                    _exchange(self.upstream_port(), request)  # the same delivery twice
                if fault == "cut_response":
                    conn.sendall(response[: len(response) // 3])
                    return
                if not response:
                    return
                conn.sendall(response)
        except OSError:
            return
        finally:
            conn.close()


# --- outlet helpers ---------------------------------------------------------------------------------


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM).astimezone(UTC)


def sell(
    sessions: sessionmaker[Session],
    actor: Actor,
    product_ids: list[tuple[int, int]],
    when: datetime,
    method: str = "cash",
    discount_percent: int = 0,
) -> str:
    """A sale through the real sale service, paid exactly by ``method``."""
    from showroom_pos.core.cart import NO_DISCOUNT, Discount, price_cart
    from showroom_pos.storage.models import Product

    with sessions.begin() as s:
        rates = vat_rates.vat_table(s, when.astimezone(VIETNAM).date())
        lines = []
        for pid, qty in product_ids:
            product = s.get(Product, pid)
            assert product is not None
            lines.append(sale_writer.line_for(product, qty, rates))
        discount = Discount(percent_bp=discount_percent * 100) if discount_percent else NO_DISCOUNT
        total = price_cart(lines, discount).total
        result = sale_writer.complete_sale(s, actor, lines, [sale_writer.PaymentIn(method, total)], discount, at=when)
        return result.sale_id


def open_shift(sessions: sessionmaker[Session], actor: Actor, when: datetime) -> None:
    with sessions.begin() as s:
        shifts.open_shift(s, actor, 500_000, at=when)


def close_shift(sessions: sessionmaker[Session], actor: Actor, when: datetime, extra_notes: int = 0) -> None:
    with sessions.begin() as s:
        shift = shifts.open_shift_for(s, actor.terminal_id)
        assert shift is not None
        expected = shifts.expected_cash(s, shift)
        counted: dict[int, int] = {}
        rest = expected
        for note in shifts.BANKNOTES:
            counted[note], rest = divmod(rest, note)
        # What is below 1.000 ₫ cannot be counted in notes: it shows as cash short, as at a real till.
        counted[1_000] = counted.get(1_000, 0) + extra_notes
        shifts.close_shift(s, actor, counted, at=when)


def trading_days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(count)]


CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")


class WebDriver:
    """Just enough of the W3C WebDriver protocol, over plain HTTP, to drive headless chromium."""

    def __init__(self, port: int, extra_args: tuple[str, ...] = ()) -> None:
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", *extra_args]
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome",
                                                 "goog:chromeOptions": {"binary": CHROMIUM, "args": args}}}}
        self.session = self.http.post("/session", json=caps).json()["value"]["sessionId"]
        # A find waits (up to 10 s) for its element: a click that submits a form returns before the next page
        # is there, and the find after it failed now and then on a busy machine.
        self.call("POST", "/timeouts", {"implicit": 10_000})

    def call(self, method: str, path: str, body: object | None = None) -> object:
        r = self.http.request(method, f"/session/{self.session}{path}", json=body)
        value = r.json()["value"]
        if r.status_code >= 400:
            raise AssertionError(value)
        return value

    def find(self, css: str) -> str:
        found = self.call("POST", "/element", {"using": "css selector", "value": css})
        assert isinstance(found, dict)
        return str(next(iter(found.values())))

    def text(self, css: str) -> str:
        return str(self.call("GET", f"/element/{self.find(css)}/text"))

    def quit(self) -> None:
        try:
            self.http.delete(f"/session/{self.session}")
        finally:
            self.http.close()


@contextmanager
def browser_session(args: tuple[str, ...] = (), timeout: float = 30.0) -> Iterator[WebDriver]:
    """chromedriver on a free port and a headless chromium session through it; both gone afterwards."""
    assert CHROMEDRIVER is not None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:

        def ready() -> bool:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/status").json()["value"]["ready"] is True
            except (httpx.HTTPError, ValueError, KeyError):
                return False

        wait_until(ready, timeout=timeout, what="chromedriver")
        driver = WebDriver(port, args)
        try:
            yield driver
        finally:
            driver.quit()
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def province(tmp_path: Path) -> Iterator[tuple[Engine, LiveServer]]:
    """A province server on a fresh SQLite file, listening on a free port (outlet sync tests)."""
    engine = open_database(str(tmp_path / "province.db"))
    live = LiveServer(engine).start()
    yield engine, live
    live.stop()
    engine.dispose()
