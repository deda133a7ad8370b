"""The sale on SQLAlchemy Core (issue 17): still one transaction, all or nothing; fewer, batched statements."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.cart_state import Cart
from showroom_pos.core.errors import NotFound
from showroom_pos.runtime.context import AppContext
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.stock import movements
from showroom_pos.services.till import checkout_sale, sale_returns, sale_writer
from showroom_pos.storage import fast_write
from showroom_pos.storage.models import Product
from tests.conftest import Outlet

TABLES = ("sale", "sale_line", "payment", "stock_movement", "audit_event", "outbox", "sale_product_day",
          "sale_product_month")


def counts(path: Path) -> dict[str, object]:
    db = sqlite3.connect(path)
    try:
        out: dict[str, object] = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
        out["on_hand"] = db.execute("SELECT group_concat(on_hand) FROM (SELECT on_hand FROM product ORDER BY id)"
                                    ).fetchone()[0]
        out["rollups"] = db.execute("SELECT total(qty), total(amount) FROM sale_product_day").fetchone()
        return out
    finally:
        db.close()


def cart_of(sessions: sessionmaker[Session], outlet: Outlet) -> Cart:
    cart = Cart(owner_id=outlet.cashier_id)
    with sessions() as s:
        vat = vat_rates.vat_table(s)
        for pid, qty in ((outlet.mam_tom, 2), (outlet.tra, 1), (outlet.sau_rieng, 750), (outlet.mam_tom, 1)):
            product = s.get(Product, pid)
            assert product is not None
            cart.add(sale_writer.line_for(product, qty, vat))
    return cart


def sell(sessions: sessionmaker[Session], outlet: Outlet, cart: Cart) -> sale_writer.SaleResult:
    with sessions.begin() as s:
        return checkout_sale.complete_checkout(s, outlet.cashier, cart,
                                               [sale_writer.PaymentIn("card", cart.totals().total)])


@pytest.fixture
def selling(app_context: AppContext, outlet: Outlet) -> AppContext:
    outlet.open_shift(app_context.sessions)
    sell(app_context.sessions, outlet, cart_of(app_context.sessions, outlet))  # the day has a sale and an outbox row
    return app_context


def test_a_failure_after_the_lines_are_written_leaves_nothing(selling: AppContext, outlet: Outlet,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = selling.paths.database
    before = counts(path)
    next_receipt = None
    with selling.sessions() as s:
        next_receipt = checkout_sale.next_receipt_no(s, outlet.terminal_id)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the disk went away half-way")

    monkeypatch.setattr(movements, "post_movements", broken)
    cart = cart_of(selling.sessions, outlet)
    with pytest.raises(RuntimeError):
        sell(selling.sessions, outlet, cart)
    monkeypatch.undo()
    assert counts(path) == before
    with selling.sessions() as s:
        assert checkout_sale.next_receipt_no(s, outlet.terminal_id) == next_receipt  # the number was not used
        with pytest.raises(NotFound):
            sale_returns.find_sale_for_return(s, next_receipt)
    selling.high_water.flush()
    assert selling.high_water.mark is not None and selling.high_water.mark.sales == 1  # the mark did not move
    assert sell(selling.sessions, outlet, cart).receipt_no == next_receipt


def test_a_failure_inside_sqlite_at_the_end_undoes_the_whole_sale(selling: AppContext, outlet: Outlet) -> None:
    """SQLite itself refuses the sale's last write (the audit event): the sale, lines, payments, stock, rollups
    written before it in the same transaction are undone with it."""
    path = selling.paths.database
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TRIGGER tr_test_refuse BEFORE INSERT ON audit_event WHEN NEW.kind = 'sale.completed' "
               "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    db.close()
    before = counts(path)
    with pytest.raises(Exception, match="refused by the test"):
        sell(selling.sessions, outlet, cart_of(selling.sessions, outlet))
    assert counts(path) == before


def test_a_sale_is_a_few_batched_statements(selling: AppContext, outlet: Outlet,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Behaviour, not time: reading the till's state is one statement, each kind of row is written by one
    statement for all the lines (executemany), nothing else runs, and no ORM object is flushed."""
    cart = cart_of(selling.sessions, outlet)
    calls: list[tuple[str, int]] = []
    real = fast_write.Statement.execute

    def counted(self: fast_write.Statement, session: Session | Connection, rows: Sequence[Mapping[str, Any]]) -> int:
        calls.append((self._construct.table.name if hasattr(self._construct, "table") else "?", len(rows)))
        return real(self, session, rows)

    monkeypatch.setattr(fast_write.Statement, "execute", counted)
    seen: list[str] = []
    with selling.sessions.begin() as s:  # the screen knows the discount limit, as here
        raw = s.connection().connection.driver_connection
        assert raw is not None
        raw.set_trace_callback(seen.append)
        try:
            checkout_sale.complete_checkout(s, outlet.cashier, cart,
                                            [sale_writer.PaymentIn("card", cart.totals().total)], limit_percent=10)
            assert not s.new and not s.dirty  # nothing left for the ORM to flush at commit
        finally:
            raw.set_trace_callback(None)
    kinds = {" ".join(text.replace("(", " ").split()[:3]) for text in seen}
    assert kinds == {"SELECT SELECT shift.id", "INSERT INTO sale", "INSERT INTO sale_line", "INSERT INTO payment",
                     "INSERT INTO stock_movement", "UPDATE product SET", "INSERT INTO audit_event",
                     "DELETE FROM parked_cart"}, kinds
    lines = len(cart.lines)
    assert calls == [("sale", 1), ("sale_line", lines), ("payment", 1), ("stock_movement", lines),
                     ("product", lines), ("parked_cart", 1)]
    # the audit log has its own writer (services.audit, plain SQL on the same connection): one event
    assert sum(text.startswith("INSERT INTO audit_event") for text in seen) == 1
