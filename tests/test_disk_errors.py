"""A full disk or a read-only database file while selling: a clear error, the cart kept, nothing corrupted.

The full disk is simulated with SQLite's ``PRAGMA max_page_count`` (the database may not grow: SQLite
answers SQLITE_FULL exactly as on a full disk); the read-only file by opening it as SQLite does when the
file cannot be opened for writing (``mode=ro``), and, when the tests do not run as root (root ignores file
permissions), with a real ``chmod``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.cart import CartLine
from showroom_pos.runtime.context import AppContext
from showroom_pos.runtime.i18n import error_text
from showroom_pos.services.till import sale_writer
from showroom_pos.storage import database, write_errors
from showroom_pos.storage.write_errors import DiskFull, ReadOnlyDatabase, StorageError

from .conftest import Outlet
from .safety_helpers import cart, count_sales, findings, sell, stock_up


@pytest.fixture
def selling(outlet: Outlet, sessions: sessionmaker[Session], app_context: AppContext) -> Outlet:
    stock_up(sessions, [outlet.mam_tom, outlet.tra, outlet.sau_rieng])
    outlet.open_shift(sessions)
    write_errors.install(app_context.engine)
    return outlet


def _checkout(sessions: sessionmaker[Session], outlet: Outlet, lines: list[CartLine]) -> sale_writer.SaleResult:
    """What the checkout screen does with its cart: one transaction, committed after complete_sale."""
    total = sum(ln.gross for ln in lines)
    with sessions.begin() as session:
        return sale_writer.complete_sale(session, outlet.cashier, lines, [sale_writer.PaymentIn("transfer", total)])


def _big_cart(sessions: sessionmaker[Session], outlet: Outlet) -> list[CartLine]:
    with sessions() as session:
        return cart(session, [outlet.mam_tom, outlet.tra, outlet.sau_rieng], qty=2)


def _sound(path: Path, expected_sales: int) -> None:
    assert database.quick_check(path) == "ok"
    assert findings(path) == []
    assert count_sales(path) == expected_sales


def test_a_full_disk_refuses_the_sale_clearly_keeps_the_cart_and_corrupts_nothing(
        app_context: AppContext, selling: Outlet, sessions: sessionmaker[Session]) -> None:
    engine = app_context.engine
    sell(sessions, selling.cashier, [selling.tra])
    with engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)

    def no_room(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(engine, "connect", no_room)
    engine.dispose()  # every new connection now sees a disk with no room to grow
    lines = _big_cart(sessions, selling)
    kept = list(lines)
    made = 1
    with pytest.raises(DiskFull) as full:
        for _ in range(500):  # the free pages inside the file fill up first
            _checkout(sessions, selling, lines)
            made += 1
    assert made < 500
    assert "disk is full" in full.value.text() and "kept" in full.value.text()
    assert error_text(full.value) and isinstance(full.value.__cause__, sqlite3.OperationalError)
    assert lines == kept  # the cart is the caller's and nothing in the failure touched it
    _sound(app_context.paths.database, made)
    # Space freed: the very same cart is sold, with the next receipt number (the failure used none).
    event.remove(engine, "connect", no_room)
    engine.dispose()
    result = _checkout(sessions, selling, lines)
    assert result.receipt_no.endswith(f"-{made + 1:04d}")
    _sound(app_context.paths.database, made + 1)


def _read_only_engine(path: Path) -> Engine:
    """The app's engine as it is when the file cannot be opened for writing (SQLite opens it read-only)."""
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(
        f"file:{path}?mode=ro", uri=True, check_same_thread=False))
    event.listen(engine, "connect", database._set_pragmas)

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return write_errors.install(engine)


def test_a_read_only_database_refuses_the_sale_clearly_keeps_the_cart_and_corrupts_nothing(
        app_context: AppContext, selling: Outlet, sessions: sessionmaker[Session]) -> None:
    sell(sessions, selling.cashier, [selling.tra], count=2)
    lines = _big_cart(sessions, selling)
    kept = list(lines)
    read_only = _read_only_engine(app_context.paths.database)
    ro_sessions = sessionmaker(read_only, expire_on_commit=False)
    with pytest.raises(ReadOnlyDatabase) as refused:
        _checkout(ro_sessions, selling, lines)
    assert "read-only" in refused.value.text() and "kept" in refused.value.text()
    with pytest.raises(ReadOnlyDatabase):  # and again: nothing got stuck half-way
        _checkout(ro_sessions, selling, lines)
    read_only.dispose()
    assert lines == kept
    _sound(app_context.paths.database, 2)
    assert _checkout(sessions, selling, lines).receipt_no.endswith("-0003")
    _sound(app_context.paths.database, 3)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions")
def test_a_database_file_made_read_only_while_selling(app_context: AppContext, selling: Outlet,
                                                     sessions: sessionmaker[Session]) -> None:
    path = app_context.paths.database
    sell(sessions, selling.cashier, [selling.tra])
    lines = _big_cart(sessions, selling)
    app_context.engine.dispose()
    os.chmod(path, 0o444)
    try:
        with pytest.raises(StorageError):
            _checkout(sessions, selling, lines)
    finally:
        os.chmod(path, 0o644)
        app_context.engine.dispose()
    _sound(path, 1)
    assert _checkout(sessions, selling, lines).receipt_no.endswith("-0002")


@pytest.mark.parametrize(("error", "kind"), [
    (sqlite3.OperationalError("database or disk is full"), write_errors.DiskFull),
    (sqlite3.OperationalError("attempt to write a readonly database"), write_errors.ReadOnlyDatabase),
    (sqlite3.OperationalError("disk I/O error"), write_errors.DiskIOError),
    (sqlite3.OperationalError("unable to open database file"), write_errors.DatabaseUnavailable),
    (sqlite3.OperationalError("database is locked"), write_errors.DatabaseBusy),
    (sqlite3.DatabaseError("database disk image is malformed"), write_errors.DatabaseDamaged),
    (sqlite3.IntegrityError("UNIQUE constraint failed: sale.receipt_no"), None),
    (sqlite3.OperationalError("no such table: sale"), None),
    (ValueError("not from SQLite"), None),
])
def test_translation_of_sqlite_errors(error: Exception, kind: type[StorageError] | None) -> None:
    translated = write_errors.translate(error)
    assert (type(translated) if translated is not None else None) is kind


def test_translation_uses_sqlite_result_codes(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 1")
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute("INSERT INTO t VALUES (randomblob(100000))")
    conn.close()
    assert isinstance(write_errors.translate(raised.value), write_errors.DiskFull)


def test_install_is_idempotent(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'y.db'}")
    assert not write_errors.installed(engine)
    write_errors.install(engine)
    write_errors.install(engine)
    assert write_errors.installed(engine)
    engine.dispose()
