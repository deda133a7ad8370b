"""The outlet's sync worker: what each server answer does to an outbox row, backoff, the thread,
the CLI, the USB export and the catalogue pull."""

from __future__ import annotations

import json
import random
import threading
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app import cli as pos_cli
from showroom_pos.core import money
from showroom_pos.core.clock import business_day, now_utc
from showroom_pos.core.errors import ValidationError
from showroom_pos.province import catalogue as province_catalogue
from showroom_pos.province import cli as province_cli
from showroom_pos.province import reports
from showroom_pos.province.db import open_database, session_factory
from showroom_pos.services import settings
from showroom_pos.services import summary as summaries
from showroom_pos.storage.models import OutboxItem, Product
from showroom_pos.sync import catalogue_pull, worker
from showroom_pos.sync.client import ProvinceClient, check_url
from showroom_pos.sync.usb_export import export_pending
from tests.conftest import Outlet
from tests.province_support import LiveServer, at, close_shift, open_shift, register_outlet, sell

DAY = date(2026, 3, 2)


def trade(sessions: sessionmaker[Session], outlet: Outlet, days: list[date]) -> None:
    for i, day in enumerate(days):
        open_shift(sessions, outlet.cashier, at(day, 8))
        sell(sessions, outlet.cashier, [(outlet.mam_tom, 1 + i), (outlet.tra, 2)], at(day, 9))
        sell(sessions, outlet.cashier, [(outlet.sau_rieng, 800 + 10 * i)], at(day, 11), method="card")
        close_shift(sessions, outlet.cashier, at(day, 20))


def configure(sessions: sessionmaker[Session], url: str, token: str) -> None:
    with sessions.begin() as s:
        settings.set(s, "province.url", url)
        settings.set(s, "province.token", token)


def rows(sessions: sessionmaker[Session]) -> list[OutboxItem]:
    with sessions() as s:
        return list(s.scalars(select(OutboxItem).order_by(OutboxItem.business_day, OutboxItem.revision)))


def fake_client(handler: Callable[[httpx.Request], httpx.Response]) -> ProvinceClient:
    return ProvinceClient("http://127.0.0.1:9", "token", transport=httpx.MockTransport(handler))


def ack_for(request: httpx.Request, status: str = "stored") -> httpx.Response:
    body = json.loads(request.content)
    return httpx.Response(
        200,
        json={
            "key": body["idempotency_key"],
            "status": status,
            "outlet_code": "CL01",
            "business_day": body["business_day"],
            "revision": body["revision"],
            "stored_revision": body["revision"],
        },
    )


def test_everything_arrives_and_matches_the_outlet(
    sessions: sessionmaker[Session], outlet: Outlet, province: tuple[Engine, LiveServer]
) -> None:
    engine, live = province
    days = [DAY, DAY + timedelta(days=1), DAY + timedelta(days=2)]
    trade(sessions, outlet, days)
    configure(sessions, live.url, register_outlet(engine, "CL01"))
    with sessions() as s:
        client = summaries.province_client(s)
    assert client is not None
    with client:
        result = worker.sync_once(sessions, client, summaries.frozen_payload)
    assert (result.sent, result.pending, result.days_pending, result.last_error) == (3, 0, 0, "")
    assert all(r.status == "sent" and r.sent_at is not None for r in rows(sessions))
    with sessions() as s:
        expected = [summaries.day_report(s, d) for d in days]
        status = worker.read_status(s)
    with session_factory(engine)() as ps:
        totals = reports.totals(ps, "CL01")
    assert totals.net == sum(r.net for r in expected) and totals.receipts == sum(r.receipts for r in expected)
    assert totals.vat == sum(r.vat for r in expected) and totals.days == 3
    assert status.last_success is not None and status.days_pending == 0


def test_a_change_after_freezing_makes_the_next_revision(
    sessions: sessionmaker[Session], outlet: Outlet, province: tuple[Engine, LiveServer]
) -> None:
    engine, live = province
    open_shift(sessions, outlet.cashier, at(DAY, 8))
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], at(DAY, 9))
    client = ProvinceClient(live.url, register_outlet(engine, "CL01"))
    assert worker.sync_once(sessions, client, summaries.frozen_payload).sent == 1
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], at(DAY, 10))
    assert [(r.revision, r.status) for r in rows(sessions)] == [(1, "sent"), (2, "pending")]
    assert worker.sync_once(sessions, client, summaries.frozen_payload).sent == 1
    with session_factory(engine)() as ps:
        assert reports.totals(ps).net == 130_000


@pytest.mark.parametrize("status", [500, 502, 503, 409, 429])
def test_retryable_answers_keep_the_row_pending_with_backoff(
    sessions: sessionmaker[Session], outlet: Outlet, status: int
) -> None:
    open_shift(sessions, outlet.cashier, at(DAY, 8))
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], at(DAY, 9))
    now = now_utc()
    result = worker.sync_once(
        sessions,
        fake_client(lambda r: httpx.Response(status, json={"error": {"code": "x", "message": "busy"}})),
        summaries.frozen_payload,
        now=lambda: now,
        rng=random.Random(1),
    )
    (row,) = rows(sessions)
    assert row.status == "pending" and row.attempts == 1 and row.payload is not None
    assert row.next_attempt_at is not None and row.next_attempt_at > now
    assert str(status) in row.last_error and result.retried == 1 and result.pending == 1
    # not due yet: a normal pass leaves it alone, a forced one ("Sync now") sends it
    calls: list[str] = []

    def ok(request: httpx.Request) -> httpx.Response:
        calls.append(request.headers["Idempotency-Key"])
        return ack_for(request)

    assert worker.sync_once(sessions, fake_client(ok), summaries.frozen_payload, now=lambda: now).sent == 0
    assert worker.sync_once(sessions, fake_client(ok), summaries.frozen_payload, now=lambda: now, force=True).sent == 1
    assert calls == [row.id] and rows(sessions)[0].status == "sent"


def test_network_errors_and_timeouts_are_retried(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    open_shift(sessions, outlet.cashier, at(DAY, 8))
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], at(DAY, 9))
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], at(DAY + timedelta(days=1), 9))

    def boom(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    result = worker.sync_once(sessions, fake_client(boom), summaries.frozen_payload)
    assert not result.reachable and result.retried == 1  # stops at the first: the server is unreachable
    assert [r.attempts for r in rows(sessions)] == [1, 0]

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    worker.sync_once(sessions, fake_client(slow), summaries.frozen_payload, force=True)
    assert rows(sessions)[0].attempts == 2 and "in time" in rows(sessions)[0].last_error


def test_other_4xx_park_the_row_and_401_parks_nothing(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    open_shift(sessions, outlet.cashier, at(DAY, 8))
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], at(DAY, 9))
    unauthorized = worker.sync_once(
        sessions,
        fake_client(
            lambda r: httpx.Response(
                401, json={"error": {"code": "unauthorized", "message": "The outlet token is wrong or was revoked."}}
            )
        ),
        summaries.frozen_payload,
    )
    (row,) = rows(sessions)
    assert row.status == "pending" and "token is wrong" in unauthorized.last_error
    with sessions() as s:
        assert "token is wrong" in worker.read_status(s).last_error
    result = worker.sync_once(
        sessions,
        fake_client(
            lambda r: httpx.Response(
                422, json={"error": {"code": "invalid_summary", "message": "The summary is not valid"}}
            )
        ),
        summaries.frozen_payload,
    )
    (row,) = rows(sessions)
    assert row.status == "parked" and "invalid_summary" in row.last_error and result.parked == 1
    assert result.parked_total == 1 and result.pending == 0
    with sessions.begin() as s:
        assert worker.requeue_parked(s) == 1
    (row,) = rows(sessions)
    assert (row.status, row.payload, row.attempts) == ("pending", None, 0)


def test_an_answer_that_is_not_an_ack_is_retried(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    open_shift(sessions, outlet.cashier, at(DAY, 8))
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], at(DAY, 9))
    for answer in (
        httpx.Response(200, text="<html>captive portal</html>"),
        httpx.Response(
            200,
            json={
                "key": str(uuid.uuid4()),
                "status": "stored",
                "outlet_code": "CL01",
                "business_day": "2026-03-02",
                "revision": 1,
                "stored_revision": 1,
            },
        ),
    ):
        def answers(_request: httpx.Request, a: httpx.Response = answer) -> httpx.Response:
            return a

        worker.sync_once(sessions, fake_client(answers), summaries.frozen_payload, force=True)
        assert rows(sessions)[0].status == "pending"
    assert rows(sessions)[0].attempts == 2


def test_the_same_bytes_and_key_on_every_retry(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    open_shift(sessions, outlet.cashier, at(DAY, 8))
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], at(DAY, 9))
    seen: list[tuple[str, bytes]] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        seen.append((request.headers["Idempotency-Key"], request.content))
        assert request.headers["Authorization"] == "Bearer token"
        return httpx.Response(503) if len(seen) < 3 else ack_for(request)

    for _ in range(3):
        worker.sync_once(sessions, fake_client(flaky), summaries.frozen_payload, force=True)
    assert len(seen) == 3 and len(set(seen)) == 1 and rows(sessions)[0].status == "sent"


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    b = worker.Backoff(base=5, cap=900, jitter=0.5)
    rng = random.Random(3)
    delays = [b.delay(n, rng) for n in range(1, 12)]
    for n, d in enumerate(delays, start=1):
        raw = min(900, 5 * 2 ** (n - 1))
        assert raw * 0.5 <= d <= raw
    assert len({round(d, 6) for d in delays}) == len(delays)  # jittered, not lock-step
    assert max(delays) <= 900


def test_the_server_holding_a_revision_we_never_made_gets_a_newer_one(
    sessions: sessionmaker[Session], outlet: Outlet
) -> None:
    """After restoring the outlet from a backup its revision counter is behind the server's."""
    open_shift(sessions, outlet.cashier, at(DAY, 8))
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], at(DAY, 9))
    sent: list[int] = []

    def server(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        sent.append(body["revision"])
        if body["revision"] <= 5:
            r = ack_for(request, "superseded")
            data = json.loads(r.content)
            data["stored_revision"] = 5
            return httpx.Response(200, json=data)
        return ack_for(request)

    worker.sync_once(sessions, fake_client(server), summaries.frozen_payload)
    worker.sync_once(sessions, fake_client(server), summaries.frozen_payload)
    assert sent == [1, 6] and [(r.revision, r.status) for r in rows(sessions)] == [(1, "sent"), (6, "sent")]


def test_today_waits_to_settle_but_past_days_go_at_once(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    now = now_utc()
    open_shift(sessions, outlet.cashier, now - timedelta(days=1))
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], now - timedelta(days=1))
    sell(sessions, outlet.cashier, [(outlet.tra, 1)], now)
    sent: list[str] = []

    def ok(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content)["business_day"])
        return ack_for(request)

    worker.sync_once(sessions, fake_client(ok), summaries.frozen_payload, settle=timedelta(minutes=10))
    assert sent == [business_day(now - timedelta(days=1)).isoformat()]
    worker.sync_once(
        sessions,
        fake_client(ok),
        summaries.frozen_payload,
        now=lambda: now + timedelta(minutes=11),
        settle=timedelta(minutes=10),
    )
    assert len(sent) == 2


def test_the_worker_thread_sends_and_reports(
    sessions: sessionmaker[Session], outlet: Outlet, province: tuple[Engine, LiveServer]
) -> None:
    engine, live = province
    trade(sessions, outlet, [DAY])
    configure(sessions, live.url, register_outlet(engine, "CL01"))
    statuses: list[worker.SyncStatus] = []
    done = threading.Event()

    def on_status(status: worker.SyncStatus) -> None:
        statuses.append(status)
        if status.rows_pending == 0:
            done.set()

    w = summaries.make_worker(sessions, interval=3600, on_status=on_status)
    assert threading.current_thread() is threading.main_thread()
    w.start()
    try:
        assert done.wait(20)
    finally:
        w.stop()
    assert statuses[-1].configured and statuses[-1].last_success is not None
    assert all(r.status == "sent" for r in rows(sessions))


def test_not_configured_and_plain_http_refused(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions() as s:
        assert summaries.province_client(s) is None
    with pytest.raises(ValidationError):
        check_url("http://province.example.vn")
    assert check_url("https://ocop.dongthap.gov.vn/") == "https://ocop.dongthap.gov.vn"
    assert check_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"


def test_cli_sync_once_exit_codes(
    sessions: sessionmaker[Session],
    outlet: Outlet,
    db_path: Path,
    province: tuple[Engine, LiveServer],
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine, live = province
    trade(sessions, outlet, [DAY])
    assert pos_cli.main(["sync", "--once", "--db", str(db_path)]) == 2  # not configured
    configure(sessions, "http://127.0.0.1:9", register_outlet(engine, "CL01"))  # nothing listens there
    assert pos_cli.main(["sync", "--once", "--db", str(db_path)]) == 1
    assert "Days pending: 1" in capsys.readouterr().out
    with sessions.begin() as s:
        settings.set(s, "province.url", live.url)
    assert pos_cli.main(["sync", "--once", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "1 sent" in out and "Days pending: 0" in out
    assert "Catalogue version" not in out  # the province publishes no catalogue: no "version 0: 0 new products"
    assert pos_cli.main(["sync", "status", "--db", str(db_path)]) == 0


def test_usb_export_then_import_then_online_counts_once(
    sessions: sessionmaker[Session],
    outlet: Outlet,
    db_path: Path,
    tmp_path: Path,
    province: tuple[Engine, LiveServer],
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine, live = province
    days = [DAY, DAY + timedelta(days=1)]
    trade(sessions, outlet, days)
    token = register_outlet(engine, "CL01")
    configure(sessions, "http://127.0.0.1:9", token)
    usb_file = tmp_path / "E" / "ocop-CL01.json"
    usb_file.parent.mkdir()
    assert pos_cli.main(["sync", "export", str(usb_file), "--db", str(db_path)]) == 0
    assert all(r.status == "pending" and r.payload for r in rows(sessions))  # not sent until acknowledged
    db_url = str(engine.url.database)
    # a tampered file is refused whole
    doc = json.loads(usb_file.read_text(encoding="utf-8"))
    doc["summaries"][0]["net"] += 1
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(doc), encoding="utf-8")
    assert province_cli.main(["--db", db_url, "import", str(tampered)]) == 1
    assert "signature" in capsys.readouterr().err
    assert province_cli.main(["--db", db_url, "import", str(usb_file)]) == 0
    assert "2 new summaries of outlet CL01 imported, 0 already known" in capsys.readouterr().out
    assert province_cli.main(["--db", db_url, "import", str(usb_file)]) == 0  # again: nothing changes
    said = capsys.readouterr().out  # (it said "2 summaries … imported (2 already known)", each line "stored")
    assert "0 new summaries of outlet CL01 imported, 2 already known" in said
    assert said.count(": already known (stored revision 1)") == 2
    with session_factory(engine)() as ps:
        after_usb = reports.totals(ps, "CL01")
    with sessions.begin() as s:
        settings.set(s, "province.url", live.url)
    assert pos_cli.main(["sync", "--once", "--db", str(db_path)]) == 0
    with session_factory(engine)() as ps:
        assert reports.totals(ps, "CL01") == after_usb
    with sessions() as s:
        assert after_usb.net == sum(summaries.day_report(s, d).net for d in days)


def test_unsigned_export_needs_trust(sessions: sessionmaker[Session], outlet: Outlet, tmp_path: Path) -> None:
    trade(sessions, outlet, [DAY])
    engine = open_database(str(tmp_path / "p.db"))
    register_outlet(engine, "CL01")
    path = tmp_path / "unsigned.json"
    assert export_pending(sessions, summaries.frozen_payload, path, outlet_code="CL01") == 1
    db = str(engine.url.database)
    assert province_cli.main(["--db", db, "import", str(path)]) == 1
    assert province_cli.main(["--db", db, "import", "--trust-unsigned", str(path)]) == 0


CATALOGUE = (Path(__file__).resolve().parents[1] / "showroom_pos/db/seed/province_catalogue_sample.csv").read_text(
    encoding="utf-8"
)


def test_catalogue_pull_merges_without_touching_prices(
    sessions: sessionmaker[Session], outlet: Outlet, province: tuple[Engine, LiveServer], tmp_path: Path
) -> None:
    engine, live = province
    path = tmp_path / "ocop.csv"
    path.write_text(CATALOGUE, encoding="utf-8")
    with session_factory(engine).begin() as ps:
        province_catalogue.import_file(ps, path)
    client = ProvinceClient(live.url, register_outlet(engine, "CL01"))
    result = catalogue_pull.pull(sessions, client)
    assert sorted(result.created) == ["DN-MIT", "TS-YEN"] and sorted(result.updated) == ["HD-MAMTOM", "TRV-TMC"]
    with sessions() as s:
        mam = s.scalar(select(Product).where(Product.sku == "HD-MAMTOM"))
        mit = s.scalar(select(Product).where(Product.sku == "DN-MIT"))
        yen = s.scalar(select(Product).where(Product.sku == "TS-YEN"))
        assert mam is not None and mit is not None and yen is not None
        assert (mam.price, mam.stars, mam.active) == (55_000, 5, True)  # local price kept, stars follow
        assert (mam.certificate_signed, mam.certificate_expires) == (date(2025, 6, 1), date(2028, 6, 1))
        assert mam.province_ref == "HD-MAMTOM"
        assert (mit.active, mit.price, mit.stars, mit.ocop_group) == (False, 45_000, 3, "food")
        assert mit.certificate_expires == date(2028, 2, 15) and [b.code for b in mit.barcodes] == ["8938000000046"]
        assert mit.producer is not None and mit.producer.kind == "cooperative"
        assert (yen.active, yen.price) == (False, money.PLACEHOLDER_PRICE)
    again = catalogue_pull.pull(sessions, client)
    assert again.not_modified
    with sessions.begin() as s:
        s.scalars(select(Product).where(Product.sku == "DN-MIT")).one().price = 52_000
    path.write_text(CATALOGUE.replace(",3,DONGNGHI", ",4,DONGNGHI"), encoding="utf-8")
    with session_factory(engine).begin() as ps:
        province_catalogue.import_file(ps, path)
    later = catalogue_pull.pull(sessions, client)
    assert later.updated == ["DN-MIT"] and later.created == []
    with sessions() as s:
        mit = s.scalar(select(Product).where(Product.sku == "DN-MIT"))
        assert mit is not None and (mit.stars, mit.price) == (4, 52_000)
