"""The till on a real counter, below the screens: approvals bound to what they approved, carts per user at
shift handover, PIN lockouts that escalate, a cash refund that opens the drawer, crashes that are logged."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app.crash_handler import CrashHandler
from showroom_pos.core.cart import CartLine, Discount
from showroom_pos.core.cart_state import Cart
from showroom_pos.core.clock import VIETNAM
from showroom_pos.core.errors import ApprovalRequired
from showroom_pos.services import printing, users
from showroom_pos.services.context import Actor
from showroom_pos.services.till import (
    cart_approvals,
    cart_saver,
    checkout_sale,
    product_lookup,
    sale_returns,
    sale_writer,
    saved_carts,
)
from showroom_pos.services.till.product_lookup import ProductIndex
from showroom_pos.services.users import LoginFailed, UserLocked, UserLockedUntilUnlocked
from showroom_pos.storage.models import AuditEvent, Sale, User

from .conftest import CASHIER_PIN, Outlet

MAM_TOM = "8938000000015"  # 55.000 ₫
TRA = "8938000000022"  # 65.000 ₫


def line(sessions: sessionmaker[Session], code: str, qty: int = 1) -> CartLine:
    with sessions() as s:
        index = ProductIndex.load(s)
        ctx = product_lookup.load_scan_context(s)
    return product_lookup.line_for_scan(index, code, ctx, qty)


def sell(sessions: sessionmaker[Session], outlet: Outlet, cart: Cart, method: str = "cash") -> sale_writer.SaleResult:
    total = cart.totals().total
    with sessions.begin() as s:
        return checkout_sale.complete_checkout(s, outlet.cashier, cart, [sale_writer.PaymentIn(method, total, "REF1")],
                                               limit_percent=10)


# --- approvals bound to their object ------------------------------------------------------------------


def test_an_approval_for_a_smaller_amount_cannot_complete_a_bigger_sale(sessions: sessionmaker[Session],
                                                                        outlet: Outlet) -> None:
    """The case seen at the counter: 50 % off one item approved, then the quantity raised."""
    outlet.open_shift(sessions)
    cart = Cart(owner_id=outlet.cashier_id)
    cart.add(line(sessions, MAM_TOM))
    cart.set_line_discount(0, Discount(percent_bp=5000), approved_by=outlet.manager_id)
    assert cart.lines[0].discount_approval is not None and cart.lines[0].discount_approval.amount == 27_500
    cart.set_qty(0, 40)  # the same 50 % is now 1.100.000 ₫ off
    with pytest.raises(ApprovalRequired):
        sell(sessions, outlet, cart)
    needed = cart_approvals.approvals_needed(cart, 10, outlet.cashier_id)
    assert [(n.action, n.row, n.amount) for n in needed] == [("discount_over_limit", 0, 1_100_000)]
    cart.set_qty(0, 1)  # back within what the manager saw: it sells
    assert sell(sessions, outlet, cart).total == 27_500


def test_a_cart_discount_approval_lapses_when_lines_are_added(sessions: sessionmaker[Session],
                                                              outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    cart = Cart(owner_id=outlet.cashier_id)
    cart.add(line(sessions, MAM_TOM))
    cart.set_discount(Discount(percent_bp=5000), approved_by=outlet.manager_id)
    cart.add(line(sessions, TRA, 30))
    with pytest.raises(ApprovalRequired):
        sell(sessions, outlet, cart)
    (needed,) = cart_approvals.approvals_needed(cart, 10, outlet.cashier_id)
    assert needed.row is None and needed.amount == (55_000 + 30 * 65_000) // 2
    cart.approve(needed, outlet.manager_id)  # the manager approves the cart as it is now
    result = sell(sessions, outlet, cart)
    with sessions() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.kind == "sale.approval")).one()
        details = json.loads(event.details)
    assert event.approver_id == outlet.manager_id and event.entity_id == result.sale_id
    assert (details["action"], details["what"], details["amount"], details["approved_amount"]) == (
        "discount_over_limit", "cart", needed.amount, needed.amount)


def test_a_price_approval_covers_its_price_and_quantity_only(sessions: sessionmaker[Session],
                                                             outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    cart = Cart(owner_id=outlet.cashier_id)
    cart.add(line(sessions, TRA, 2))
    cart.set_price(0, 50_000, approved_by=outlet.manager_id)
    assert cart.lines[0].price_approval is not None and cart.lines[0].price_approval.amount == 30_000
    cart.set_qty(0, 3)
    assert [n.action for n in cart_approvals.approvals_needed(cart, 10, outlet.cashier_id)] == ["price_override"]
    cart.set_qty(0, 2)
    assert cart_approvals.approvals_needed(cart, 10, outlet.cashier_id) == []
    assert sell(sessions, outlet, cart).total == 100_000


def test_approvals_do_not_pass_to_another_cashier(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    outlet.open_shift(sessions)
    with sessions.begin() as s:
        other = users.create_user(s, "Lê Thị Hoa", "cashier", "2580").id
    cart = Cart(owner_id=outlet.cashier_id)
    cart.add(line(sessions, MAM_TOM))
    cart.set_line_discount(0, Discount(percent_bp=3000), approved_by=outlet.manager_id)
    with sessions.begin() as s:
        saved_carts.park_cart(s, outlet.cashier, cart)
    taken = Actor(other, outlet.terminal_id, "cashier")
    with sessions.begin() as s:
        recalled = saved_carts.recall_cart(s, taken, cart.id)
    assert recalled.owner_id == other
    assert [n.action for n in cart_approvals.approvals_needed(recalled, 10, other)] == ["discount_over_limit"]
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        checkout_sale.complete_checkout(s, taken, recalled, [sale_writer.PaymentIn("cash", 100_000)], limit_percent=10)


def test_a_saved_cart_keeps_its_bound_approvals(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    cart = Cart(owner_id=outlet.cashier_id)
    cart.add(line(sessions, MAM_TOM, 2))
    cart.set_line_discount(0, Discount(percent_bp=2000), approved_by=outlet.manager_id)
    back = Cart.from_json(cart.id, cart.to_json(), owner_id=outlet.cashier_id)
    assert back.lines == cart.lines
    # A cart saved by the version that did not bind approvals loads without them: asked for again.
    old = json.loads(cart.to_json())
    for ln in old["lines"]:
        ln.pop("price_approval"), ln.pop("discount_approval")
        ln["price_override_by"], ln["discount_approved_by"] = None, outlet.manager_id
    old["v"] = 1
    legacy = Cart.from_json(cart.id, json.dumps(old), owner_id=outlet.cashier_id)
    assert legacy.lines[0].discount_approval is None
    assert cart_approvals.approvals_needed(legacy, 10, outlet.cashier_id) != []


# --- shift handover: carts per user ------------------------------------------------------------------


def test_another_user_logging_in_parks_the_cart_under_its_owner(sessions: sessionmaker[Session],
                                                                outlet: Outlet) -> None:
    saver = cart_saver.CartSaver(sessions, outlet.cashier)
    cart = Cart(owner_id=outlet.cashier_id)
    cart.add(line(sessions, MAM_TOM))
    saver.save(cart)
    saver.close()
    with sessions.begin() as s:  # the same cashier again (after a lock or a restart): the cart comes back
        assert saved_carts.hand_over_carts(s, outlet.cashier) == []
        mine = saved_carts.active_cart(s, outlet.terminal_id, outlet.cashier_id)
    assert mine is not None and mine.id == cart.id
    with sessions.begin() as s:  # the manager logs in at handover
        assert saved_carts.active_cart(s, outlet.terminal_id, outlet.manager_id) is None
        assert saved_carts.hand_over_carts(s, outlet.manager) == ["Trần Văn Minh"]
    with sessions() as s:
        parked = saved_carts.parked_carts(s, outlet.terminal_id)
        assert [(p.id, p.label) for p in parked] == [(cart.id, "Trần Văn Minh")]
        assert saved_carts.active_cart(s, outlet.terminal_id, outlet.cashier_id) is None


# --- lockout that escalates ----------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 2, 21, 30, tzinfo=UTC)  # 04:30 on 03/12 in the showroom

    def __call__(self) -> datetime:
        return self.now


def attempt(sessions: sessionmaker[Session], user_id: int, pin: str) -> object:
    with sessions() as session:
        try:
            return users.authenticate(session, user_id, pin)
        except (LoginFailed, UserLocked, UserLockedUntilUnlocked) as exc:
            return exc
        finally:
            session.commit()


def test_lockouts_escalate_to_an_administrators_unlock(monkeypatch: pytest.MonkeyPatch,
                                                       sessions: sessionmaker[Session], outlet: Outlet) -> None:
    clock = FakeClock()
    monkeypatch.setattr(users, "now_utc", clock)
    uid = outlet.cashier_id
    for minutes in (5, 15, 60):
        for _ in range(4):
            assert isinstance(attempt(sessions, uid, "0000"), LoginFailed)
        locked = attempt(sessions, uid, "0000")
        assert isinstance(locked, UserLocked)
        until = clock.now + timedelta(minutes=minutes)
        # The showroom's time (UTC+7), whatever the PC's clock zone is.
        assert until.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y") in locked.text()
        clock.now = until - timedelta(seconds=1)
        assert isinstance(attempt(sessions, uid, CASHIER_PIN), UserLocked)
        clock.now = until
    for _ in range(4):
        attempt(sessions, uid, "0000")
    assert isinstance(attempt(sessions, uid, "0000"), UserLockedUntilUnlocked)
    clock.now += timedelta(days=3)
    assert isinstance(attempt(sessions, uid, CASHIER_PIN), UserLockedUntilUnlocked)
    with sessions() as s:
        assert [u.id for u in users.locked_users(s)] == [uid]
    with sessions.begin() as s:
        users.unlock(s, uid, by=outlet.admin_id)
    assert isinstance(attempt(sessions, uid, CASHIER_PIN), User)
    with sessions() as s:
        user = s.get(User, uid)
        assert user is not None and (user.lockouts, user.failed_attempts, user.locked_until) == (0, 0, None)
    # A right PIN starts the scale again: the next lock is five minutes.
    for _ in range(5):
        attempt(sessions, uid, "0000")
    with sessions() as s:
        user = s.get(User, uid)
        assert user is not None and user.locked_until == clock.now + timedelta(minutes=5)


def test_user_unlock_command(db_path: Path, sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        user = s.get(User, outlet.cashier_id)
        assert user is not None
        user.lockouts = 4
    done = subprocess.run([sys.executable, "-m", "showroom_pos.app.cli", "user", "unlock", "Trần Văn Minh",
                           "--db", str(db_path)], capture_output=True, text=True, check=False,
                          env={"SHOWROOM_POS_LANG": "en", "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert "Trần Văn Minh can log in again." in done.stdout
    assert isinstance(attempt(sessions, outlet.cashier_id, CASHIER_PIN), User)


# --- a cash refund opens the drawer --------------------------------------------------------------------


@pytest.mark.parametrize(("method", "kicks"), [("cash", True), ("ewallet", False), ("transfer", False)])
def test_a_cash_refund_opens_the_drawer(sessions: sessionmaker[Session], outlet: Outlet, method: str,
                                        kicks: bool) -> None:
    outlet.open_shift(sessions)
    cart = Cart(owner_id=outlet.cashier_id)
    cart.add(line(sessions, MAM_TOM))
    sale = sell(sessions, outlet, cart, method)
    with sessions() as s:
        found = sale_returns.find_sale_for_return(s, sale.receipt_no)
        sale_line = found.lines[0].sale_line_id
    with sessions.begin() as s:
        ret = sale_returns.create_return(s, outlet.manager, sale.sale_id, [sale_returns.ReturnItem(sale_line, 1)],
                                         refund_method=method)
    with sessions() as s:
        request = printing.request_for_return(s, ret.return_id, outlet.manager_id)
        assert s.get(Sale, sale.sale_id) is not None
    assert (request.kind, request.ref, request.kick_drawer) == ("return", ret.return_id, kicks)


# --- crashes are logged and told ------------------------------------------------------------------------


def test_an_unhandled_error_is_logged_with_its_traceback_and_told_once(caplog: pytest.LogCaptureFixture) -> None:
    shown: list[str] = []
    now = [100.0]
    handler = CrashHandler(Path("/var/log/showroom-pos.log"), shown.append, clock=lambda: now[0])
    try:
        raise AssertionError("a login screen opened with the database still opening needs its roster")
    except AssertionError as exc:
        error = exc
    with caplog.at_level(logging.CRITICAL, logger="showroom_pos.crash"):
        handler(type(error), error, error.__traceback__)
        handler(type(error), error, error.__traceback__)  # the same fault again at once: not a second box
    assert len(shown) == 1 and "/var/log/showroom-pos.log" in shown[0]
    assert [r.exc_info[0] for r in caplog.records if r.exc_info] == [AssertionError, AssertionError]
    assert "needs its roster" in caplog.text and "Traceback" in caplog.text
    now[0] += 10
    handler(type(error), error, error.__traceback__)
    assert len(shown) == 2 and handler.count == 3
