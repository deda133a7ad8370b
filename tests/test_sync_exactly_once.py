"""Proof that every figure arrives exactly once: the real province server (uvicorn) and the real
outlet worker talk through a fault-injecting TCP proxy on loopback — connections reset and refused,
requests cut mid-way, responses cut after the server acted, delays past the client's timeout,
duplicated deliveries, canned 500s and 409s, stale replays arriving after newer revisions, and the
server restarted. When the faults stop and the worker drains, the province holds, for every outlet
and day, exactly the outlet's own figures, to the đồng.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.province.db import session_factory
from showroom_pos.province.models import DailySummaryRow, DeliveryReceipt, ProvinceOutlet, SummaryPayment
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.paths import AppPaths
from showroom_pos.services import settings
from showroom_pos.services import summary as summaries
from showroom_pos.services.till import sale_returns
from showroom_pos.storage.models import OutboxItem, SaleLine
from showroom_pos.sync import worker
from showroom_pos.sync.client import ProvinceClient
from tests.conftest import Outlet
from tests.province_support import (
    FaultPlan,
    FaultProxy,
    LiveServer,
    at,
    close_shift,
    open_shift,
    register_outlet,
    sell,
)

START = date(2026, 3, 2)


def make_outlet(tmp_path: Path, code: str) -> tuple[AppContext, Outlet]:
    ctx = AppContext.open(AppPaths.resolve(tmp_path / f"{code}.db"))
    shop = Outlet(ctx.sessions)
    if code != "CL01":
        with ctx.sessions.begin() as s:
            settings.set(s, "outlet.code", code)
    return ctx, shop


def trade_day(
    sessions: sessionmaker[Session],
    shop: Outlet,
    day: date,
    rng: random.Random,
    between: Callable[[], object] = lambda: None,
) -> list[str]:
    """A day of trade; ``between`` runs after each sale (the worker syncing while the till sells)."""
    open_shift(sessions, shop.cashier, at(day, 7))
    sale_ids = []
    for i in range(rng.randint(2, 5)):
        items = [
            (shop.mam_tom, rng.randint(1, 3)),
            (shop.tra, rng.randint(0, 2)),
            (shop.sau_rieng, rng.randint(0, 1500)),
        ]
        items = [(p, q) for p, q in items if q] or [(shop.tra, 1)]
        method = rng.choice(["cash", "card", "transfer"])
        sale_ids.append(
            sell(sessions, shop.cashier, items, at(day, 8 + i), method=method, discount_percent=rng.choice([0, 0, 5]))
        )
        between()
    close_shift(sessions, shop.cashier, at(day, 20), extra_notes=rng.randint(0, 2))
    return sale_ids


def late_return(sessions: sessionmaker[Session], shop: Outlet, sale_id: str, day: date) -> None:
    open_shift(sessions, shop.cashier, at(day, 7))
    with sessions.begin() as s:
        line = s.scalars(select(SaleLine).where(SaleLine.sale_id == sale_id).order_by(SaleLine.line_no)).first()
        assert line is not None
        sale_returns.create_return(
            s, shop.manager, sale_id, [sale_returns.ReturnItem(line.id, 1)], refund_method="cash", at=at(day, 9)
        )
    close_shift(sessions, shop.cashier, at(day, 20))


def sync_pass(sessions: sessionmaker[Session], client: ProvinceClient, rng: random.Random) -> worker.SyncResult:
    return worker.sync_once(sessions, client, summaries.frozen_payload, force=True, rng=rng)


def drain(sessions: sessionmaker[Session], client: ProvinceClient, rng: random.Random, limit: int = 50) -> None:
    for _ in range(limit):
        result = sync_pass(sessions, client, rng)
        if result.pending == 0 and result.parked_total == 0:
            return
    raise AssertionError("the outbox did not drain once the faults stopped")


def assert_province_equals_outlet(engine: Engine, code: str, sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        days = summaries.business_days(s)
        mine = {d: summaries.compute(s, d) for d in days}
        reports = {d: summaries.day_report(s, d) for d in days}
        assert s.scalar(select(func.count()).select_from(OutboxItem).where(OutboxItem.status != "sent")) == 0
        sent_keys = set(s.scalars(select(OutboxItem.id)))
    with session_factory(engine)() as ps:
        outlet_id = ps.scalar(select(ProvinceOutlet.id).where(ProvinceOutlet.code == code))
        theirs = {
            r.business_day: r for r in ps.scalars(select(DailySummaryRow).where(DailySummaryRow.outlet_id == outlet_id))
        }
        assert sorted(theirs) == days, "a day is missing or extra"
        for d in days:
            row, s_ = theirs[d], mine[d]
            assert (row.receipts, row.gross, row.discounts, row.returns, row.net, row.vat, row.cash_over_short) == (
                s_.receipts,
                s_.gross,
                s_.discounts,
                s_.returns,
                s_.net,
                s_.vat,
                s_.cash_over_short,
            ), d
            assert (row.net, row.receipts, row.vat) == (reports[d].net, reports[d].receipts, reports[d].vat)
            payments = {
                p.method: p.amount
                for p in ps.scalars(select(SummaryPayment).where(SummaryPayment.summary_id == row.id))
            }
            assert {k: v for k, v in payments.items() if v} == s_.payments
        province_keys = set(
            ps.scalars(select(DeliveryReceipt.idempotency_key).where(DeliveryReceipt.outlet_id == outlet_id))
        )
        assert province_keys == sent_keys, "every outbox row was acknowledged, and nothing else arrived"
        net_total = ps.scalar(select(func.sum(DailySummaryRow.net)).where(DailySummaryRow.outlet_id == outlet_id))
    assert net_total == sum(r.net for r in reports.values())


def test_exactly_once_through_faults_with_a_restart_and_a_late_return(
    tmp_path: Path, province: tuple[Engine, LiveServer]
) -> None:
    engine, live = province
    ctx, shop = make_outlet(tmp_path, "CL01")
    rng = random.Random(2026)
    script = [
        f
        for kind in (
            "refuse",
            "cut_request",
            "cut_response",
            "delay",
            "duplicate",
            "http500",
            "http409",
            "stale_replay",
        )
        for f in (kind, "pass")
    ]
    plan = FaultPlan(seed=11, rate=0.6, delay=0.7, script=script)
    proxy = FaultProxy(lambda: live.port or 0, plan).start()
    client = ProvinceClient(proxy.url, register_outlet(engine, "CL01"), timeout=0.5)
    try:
        sales_by_day: dict[date, list[str]] = {}
        for i in range(8):
            day = START + timedelta(days=i)
            sales_by_day[day] = trade_day(
                ctx.sessions, shop, day, rng, between=lambda: sync_pass(ctx.sessions, client, rng)
            )
            for _ in range(2):
                sync_pass(ctx.sessions, client, rng)
            if i == 4:
                live.restart()  # the province server restarts mid-run
        # A late return against a day that has been sent and acknowledged
        with ctx.sessions() as s:
            sent_day = s.scalar(
                select(OutboxItem.business_day).where(OutboxItem.status == "sent").order_by(OutboxItem.business_day)
            )
        assert sent_day is not None
        late_return(ctx.sessions, shop, sales_by_day[sent_day][0], START + timedelta(days=8))
        # The outlet's network is down for a while: real refused connections
        dead = ProvinceClient("http://127.0.0.1:9", "x", timeout=0.5)
        assert not sync_pass(ctx.sessions, dead, rng).reachable
        for _ in range(10):
            sync_pass(ctx.sessions, client, rng)
        plan.enabled = False
        drain(ctx.sessions, client, rng)
        faults = Counter(proxy.log)
        for kind in (
            "refuse",
            "cut_request",
            "cut_response",
            "delay",
            "duplicate",
            "http500",
            "http409",
            "stale_replay",
        ):
            assert faults[kind] > 0, f"fault {kind} never happened: {faults}"
        print("faults injected:", dict(faults))
        assert_province_equals_outlet(engine, "CL01", ctx.sessions)
        with session_factory(engine)() as ps:
            row = ps.scalar(select(DailySummaryRow).where(DailySummaryRow.business_day == sent_day))
            assert row is not None and row.revision >= 2 and row.returns > 0
            revisions = ps.scalar(select(func.count()).select_from(DeliveryReceipt))
            days = ps.scalar(select(func.count()).select_from(DailySummaryRow))
        assert revisions is not None and days is not None and revisions > 2 * days  # many revisions, one figure each
    finally:
        proxy.stop()
        ctx.close()


def test_exactly_once_for_two_outlets_sharing_the_faulty_line(
    tmp_path: Path, province: tuple[Engine, LiveServer]
) -> None:
    engine, live = province
    outlets = [make_outlet(tmp_path, code) for code in ("CL01", "CB02")]
    rng = random.Random(7)
    plan = FaultPlan(seed=5, rate=0.5, delay=0.7)
    proxy = FaultProxy(lambda: live.port or 0, plan).start()
    clients = [ProvinceClient(proxy.url, register_outlet(engine, code), timeout=0.5) for code in ("CL01", "CB02")]
    try:
        for i in range(4):
            for (ctx, shop), client in zip(outlets, clients, strict=True):
                trade_day(ctx.sessions, shop, START + timedelta(days=i), rng)
                sync_pass(ctx.sessions, client, rng)
        # the second outlet also sends a day that is weeks late
        trade_day(outlets[1][0].sessions, outlets[1][1], START - timedelta(days=40), rng)
        for _ in range(6):
            for (ctx, _shop), client in zip(outlets, clients, strict=True):
                sync_pass(ctx.sessions, client, rng)
        plan.enabled = False
        for (ctx, _shop), client in zip(outlets, clients, strict=True):
            drain(ctx.sessions, client, rng)
        assert_province_equals_outlet(engine, "CL01", outlets[0][0].sessions)
        assert_province_equals_outlet(engine, "CB02", outlets[1][0].sessions)
    finally:
        proxy.stop()
        for ctx, _shop in outlets:
            ctx.close()


def test_a_stale_revision_delivered_last_never_wins(tmp_path: Path, province: tuple[Engine, LiveServer]) -> None:
    """Reordering: revision 1 of a day arrives after revision 2 (a delayed duplicate)."""
    engine, live = province
    ctx, shop = make_outlet(tmp_path, "CL01")
    token = register_outlet(engine, "CL01")
    client = ProvinceClient(live.url, token)
    try:
        open_shift(ctx.sessions, shop.cashier, at(START, 7))
        sell(ctx.sessions, shop.cashier, [(shop.tra, 1)], at(START, 8))
        worker.sync_once(ctx.sessions, client, summaries.frozen_payload)
        sell(ctx.sessions, shop.cashier, [(shop.tra, 2)], at(START, 9))
        worker.sync_once(ctx.sessions, client, summaries.frozen_payload)
        with ctx.sessions() as s:
            first = s.scalar(select(OutboxItem).where(OutboxItem.revision == 1))
            assert first is not None and first.payload is not None
        late = httpx.post(
            f"{live.url}/api/v1/summaries",
            content=first.payload.encode(),
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": first.id},
        )
        assert late.status_code == 200 and late.json()["status"] == "stored"  # its own, original ack
        assert late.headers["Idempotent-Replayed"] == "true"
        assert_province_equals_outlet(engine, "CL01", ctx.sessions)
    finally:
        ctx.close()
