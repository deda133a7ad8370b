"""Retry loops pause with a capped backoff and log once per burst of failures (a real SQLite refusal)."""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.cart_state import Cart
from showroom_pos.core.retry import FailureBurst
from showroom_pos.runtime.context import AppContext
from showroom_pos.services.till import cart_saver

from .conftest import Outlet


def test_the_burst_doubles_its_pause_up_to_the_cap() -> None:
    burst = FailureBurst(base=0.05, cap=1.0)
    assert burst.delay == 0
    firsts = [burst.failed() for _ in range(10)]
    assert firsts == [True] + [False] * 9 and burst.delay == 1.0
    assert burst.succeeded() == 10 and burst.delay == 0 and burst.failed()


def test_the_cart_saver_on_a_disk_that_refuses_writes_neither_spins_nor_floods_the_log(
        app_context: AppContext, outlet: Outlet, sessions: sessionmaker[Session],
        caplog: pytest.LogCaptureFixture) -> None:
    engine = app_context.engine
    refusing = {"on": True}

    def read_only(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        if refusing["on"]:
            dbapi_connection.execute("PRAGMA query_only = ON")  # SQLite refuses every write, as on a read-only disk

    event.listen(engine, "connect", read_only)
    engine.dispose()
    errors: list[BaseException] = []
    saver = cart_saver.CartSaver(sessions, outlet.cashier, on_error=errors.append)
    try:
        with caplog.at_level(logging.INFO, logger="showroom_pos.services.till.cart_saver"):
            cart = Cart()
            saver.save(cart)
            time.sleep(1.5)
            attempts = saver.attempts
            assert 3 <= attempts <= 8  # 0.05 + 0.1 + 0.2 + 0.4 + 0.8 s: not hundreds
            failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
            assert len(failures) == 1 and len(errors) == 1
            started = time.monotonic()
            saver.flush(timeout=10)  # returns at the next failure, not after its timeout
            assert time.monotonic() - started < 6
            refusing["on"] = False
            engine.dispose()
            saver.flush(timeout=10)
            assert saver.saves == 1
            assert any("works again" in r.getMessage() for r in caplog.records)
    finally:
        event.remove(engine, "connect", read_only)
        saver.close()
