"""SQLite province under load: pages that only read take no write lock (a deferred transaction on one WAL
snapshot), so a dashboard never waits for, nor fails beside, a writer storing summaries; writes stay
serialised (BEGIN IMMEDIATE). Against the real server on a SQLite file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, text

from showroom_pos.province.db import open_database, read_session_factory, session_factory
from showroom_pos.province.server_state import ServerConfig
from tests.programme_support import add_staff, login
from tests.province_support import LiveServer, register_outlet
from tests.test_province_api import post, summary_json


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[tuple[Engine, LiveServer, Path]]:
    path = tmp_path / "province.db"
    engine = open_database(str(path))
    live = LiveServer(engine, ServerConfig(outlet_burst=1000)).start()
    yield engine, live, path
    live.stop()
    engine.dispose()


def test_dashboards_answer_while_a_writer_holds_the_lock(sqlite_server: tuple[Engine, LiveServer, Path]) -> None:
    engine, live, path = sqlite_server
    token = register_outlet(engine, "CL01")
    assert post(live, token, summary_json()).status_code == 200
    add_staff(engine, "lan.nguyen")
    client = login(live, "lan.nguyen")
    writer = sqlite3.connect(path, isolation_level=None, timeout=1)
    try:
        writer.execute("BEGIN IMMEDIATE")  # another writer is in the middle of storing something
        writer.execute("UPDATE outlet SET name = name || '' WHERE code = 'CL01'")
        pages = ("/dashboard", "/dashboard/export.csv", "/programme", "/ocop")
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda p: client.get(p, timeout=60), pages * 3))
        assert [a.status_code for a in answers] == [200] * len(answers), [a.text[:200] for a in answers]
        assert "CL01" in answers[0].text
        r = httpx.get(f"{live.url}/api/v1/days", params={"from": "2026-03-01", "to": "2026-03-31"},
                      headers={"Authorization": f"Bearer {token}"}, timeout=60)
        assert r.status_code == 200 and len(r.json()["days"]) == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        client.close()


def test_a_long_read_never_holds_up_a_write(sqlite_server: tuple[Engine, LiveServer, Path]) -> None:
    engine, live, _path = sqlite_server
    token = register_outlet(engine, "CL01")
    with read_session_factory(engine)() as reading:
        assert reading.execute(text("SELECT count(*) FROM daily_summary")).scalar() == 0  # snapshot taken
        assert post(live, token, summary_json()).status_code == 200  # stored while the read is open
        assert reading.execute(text("SELECT count(*) FROM daily_summary")).scalar() == 0  # same snapshot
    with session_factory(engine)() as fresh:
        assert fresh.execute(text("SELECT count(*) FROM daily_summary")).scalar() == 1
