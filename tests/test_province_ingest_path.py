"""The summaries' hot path: the API checks a token from a short cache, so the write itself checks it again: an
outlet revoked (or given a new token) while its token is cached stores nothing and is told 401, at once. On
SQLite and on PostgreSQL (where the common cases go through psycopg directly)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from showroom_pos.province import auth
from showroom_pos.province.app import SERVE_ENV, app_from_environment
from showroom_pos.province.db import session_factory
from showroom_pos.province.models import DailySummaryRow, ProvinceOutlet
from showroom_pos.province.server_state import ServerConfig
from tests.programme_support import engine_for
from tests.province_support import LiveServer, register_outlet
from tests.test_province_api import post, stored, summary_json


@pytest.fixture(params=["sqlite", "postgresql"])
def province_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    yield from engine_for(request.param, tmp_path)


@pytest.fixture
def server(province_engine: Engine) -> Iterator[LiveServer]:
    live = LiveServer(province_engine, ServerConfig(outlet_burst=1000)).start()
    yield live
    live.stop()


def test_a_revoked_token_stores_nothing_even_while_cached(server: LiveServer, province_engine: Engine) -> None:
    token = register_outlet(province_engine, "CL01")
    assert post(server, token, summary_json(day=date(2026, 3, 2))).status_code == 200  # now cached
    with session_factory(province_engine).begin() as s:
        auth.revoke_outlet(s, "CL01")
    r = post(server, token, summary_json(day=date(2026, 3, 3)))
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert stored(province_engine, "CL01", date(2026, 3, 3)) is None
    with session_factory(province_engine).begin() as s:  # a new token: the old one stays refused
        _outlet, fresh = auth.add_outlet(s, "CL01")
    assert post(server, token, summary_json(day=date(2026, 3, 4))).status_code == 401
    assert post(server, fresh, summary_json(day=date(2026, 3, 4))).status_code == 200
    with session_factory(province_engine)() as s:
        assert s.scalar(select(func.count()).select_from(DailySummaryRow)) == 2


def test_the_write_records_the_sync_and_a_replay_answers_the_same(
    server: LiveServer, province_engine: Engine
) -> None:
    token = register_outlet(province_engine, "CL01")
    body = summary_json(day=date(2026, 3, 2))
    first = post(server, token, body)
    again = post(server, token, body)
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    with session_factory(province_engine)() as s:
        outlet = s.scalars(select(ProvinceOutlet).where(ProvinceOutlet.code == "CL01")).one()
        assert outlet.last_sync_at is not None
        row = s.scalars(select(DailySummaryRow)).one()
        assert (row.revision, row.net, row.receipts, row.cash_rounding) == (1, 130_000, 2, None)


def test_several_server_processes_read_their_config_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SERVE_ENV, json.dumps({"database_url": str(tmp_path / "p.db"), "outlet_rate": 7.0}))
    app = app_from_environment()
    assert app.state.config.outlet_rate == 7.0 and app.state.config.database_url == str(tmp_path / "p.db")
    app.state.engine.dispose()
