"""``storage.fast_write``: the sale's statements run through the driver's cursor write exactly what SQLAlchemy
writes, commit and roll back with the session, and tell a storage failure as the engine's hook does."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from typing import Any, cast

import pytest
from sqlalchemy import Integer, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.runtime.context import AppContext
from showroom_pos.storage import fast_write, write_errors
from showroom_pos.storage.models import AuditEvent, Product, StockMovement
from tests.conftest import Outlet

MOVEMENTS = cast(Table, StockMovement.__table__)
EVENTS = cast(Table, AuditEvent.__table__)


def stored(app_context: AppContext, table: str, key: str, value: object) -> dict[str, tuple[str, Any]]:
    """Each column's SQLite type and value, as the file holds them."""
    db = sqlite3.connect(app_context.paths.database)
    try:
        names = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        row = db.execute(f"SELECT {', '.join(f'typeof({n}), {n}' for n in names)} FROM {table} WHERE {key} = ?",
                         (value,)).fetchone()
    finally:
        db.close()
    return {n: (row[2 * i], row[2 * i + 1]) for i, n in enumerate(names)}


def test_rows_are_stored_as_sqlalchemy_stores_them(app_context: AppContext, outlet: Outlet,
                                                   sessions: sessionmaker[Session]) -> None:
    at = datetime(2026, 12, 3, 1, 2, 3, 456789, tzinfo=UTC)
    base = {"product_id": outlet.tra, "kind": "receipt", "qty": 7, "unit_cost": None, "reason": "x",
            "ref_type": None, "ref_id": None, "user_id": outlet.cashier_id, "business_day": date(2026, 12, 3),
            "created_at": at}
    fast = fast_write.Statement.insert(MOVEMENTS, [*base, "id"])
    with sessions.begin() as s:
        s.execute(insert(MOVEMENTS), [{**base, "id": "core"}])
        assert fast.execute(s, [{**base, "id": "fast"}]) == 1
    core = stored(app_context, "stock_movement", "id", "core")
    quick = stored(app_context, "stock_movement", "id", "fast")
    assert {k: v for k, v in core.items() if k != "id"} == {k: v for k, v in quick.items() if k != "id"}
    assert quick["created_at"] == ("text", "2026-12-03 01:02:03.456789")  # UTCDateTime, as SQLAlchemy writes it


def test_bound_and_written_in_values_and_column_defaults(app_context: AppContext, outlet: Outlet,
                                                         sessions: sessionmaker[Session]) -> None:
    products = cast(Table, Product.__table__)
    bump = fast_write.Statement(update(products).where(products.c.id == bindparam("pid", type_=Integer),
                                                       products.c.active.is_(True))
                                .values(reorder_level=bindparam("level", type_=Integer), unit="hũ"))
    with sessions.begin() as s:
        assert bump.execute(s, [{"pid": outlet.tra, "level": 9}, {"pid": outlet.mam_tom, "level": 4}]) == 2
    assert stored(app_context, "product", "id", outlet.tra)["reorder_level"] == ("integer", 9)
    assert stored(app_context, "product", "id", outlet.mam_tom)["unit"] == ("text", "hũ")
    with sessions.begin() as s:  # an event without "at": its Python default, as the ORM gives it
        fast_write.Statement.insert(EVENTS, ("kind", "entity", "entity_id", "details")).execute(
            s, [{"kind": "test.default", "entity": "", "entity_id": "", "details": "{}"}])
        at = s.scalar(select(AuditEvent.at).where(AuditEvent.kind == "test.default"))
    assert at is not None and abs((datetime.now(UTC) - at).total_seconds()) < 60


def test_it_commits_and_rolls_back_with_the_session(app_context: AppContext, outlet: Outlet,
                                                    sessions: sessionmaker[Session]) -> None:
    write = fast_write.Statement.insert(EVENTS, ("at", "kind", "entity", "entity_id", "details"))
    row = {"at": datetime.now(UTC), "kind": "test.rollback", "entity": "", "entity_id": "", "details": "{}"}
    with pytest.raises(RuntimeError), sessions.begin() as s:
        write.execute(s, [row])
        raise RuntimeError("the use case failed after it")
    with sessions() as s:
        assert s.scalar(select(AuditEvent.id).where(AuditEvent.kind == "test.rollback")) is None


def test_a_storage_failure_is_told_as_the_engine_tells_it(app_context: AppContext, outlet: Outlet,
                                                          sessions: sessionmaker[Session]) -> None:
    write = fast_write.Statement.insert(EVENTS, ("at", "kind", "entity", "entity_id", "details"))
    with sessions() as s:
        raw = s.connection().connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA query_only = ON")  # as a file that became read-only under the till
        try:
            with pytest.raises(write_errors.ReadOnlyDatabase):
                write.execute(s, [{"at": datetime.now(UTC), "kind": "x", "entity": "", "entity_id": "",
                                   "details": "{}"}])
        finally:
            s.rollback()
            raw.execute("PRAGMA query_only = OFF")
