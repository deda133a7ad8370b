"""The thread that saves the cart in progress after every change, so a scan never waits for the disk."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.cart import Approval, CartLine, Discount
from showroom_pos.core.cart_state import Cart
from showroom_pos.core.retry import FailureBurst

from ..context import Actor
from .saved_carts import save_cart

log = logging.getLogger(__name__)


class CartSaver:
    """Saves the cart in progress on a background thread after every change; the latest state wins.

    A scan never waits for the disk: ``save`` only takes a snapshot (the lines are immutable) and
    the thread serialises and writes it a few milliseconds later, after the screen has been
    updated. ``flush`` waits until everything asked for is written (before completing, parking or
    recalling, so a late write cannot bring back a finished cart).

    When saving fails (a full or read-only disk), it is retried after a pause that doubles up to
    ``FailureBurst.cap`` (a flush asks for one attempt at once), and the failure is logged and reported
    once per burst, not once per attempt.
    """

    DELAY_S = 0.0

    def __init__(
        self,
        sessions: sessionmaker[Session],
        actor: Actor,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._sessions = sessions
        self.actor = actor
        self._on_error = on_error
        self._pending: dict[str, tuple[tuple[CartLine, ...], Discount, Approval | None]] = {}
        self._cond = threading.Condition()
        self._busy = False
        self._urgent = False
        self._closed = False
        self.saves = 0
        self.attempts = 0
        self.burst = FailureBurst()
        self._thread = threading.Thread(target=self._run, name="cart-saver", daemon=True)
        self._thread.start()

    def save(self, cart: Cart) -> None:
        snapshot = (tuple(cart.lines), cart.discount, cart.discount_approval)
        with self._cond:
            self._pending[cart.id] = snapshot
            self._cond.notify_all()

    def forget(self, cart_id: str) -> None:
        with self._cond:
            self._pending.pop(cart_id, None)

    def flush(self, timeout: float = 30.0) -> None:
        """Wait until everything asked for is written, or until an attempt fails (the disk refuses it: waiting
        longer would only hold up the screen; the retries go on)."""
        with self._cond:
            failed_before = self.burst.failures
            self._urgent = True
            self._cond.notify_all()
            self._cond.wait_for(
                lambda: (not self._pending and not self._busy) or self.burst.failures > failed_before, timeout)
            self._urgent = False

    def close(self) -> None:
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(5)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._closed)
                if self._closed and not self._pending:
                    return
                if self.burst.failures:  # after a failure, a pause (a flush does not cut it short: no spinning)
                    self._cond.wait_for(lambda: self._closed, self.burst.delay)
                elif self.DELAY_S:  # let a burst of changes coalesce
                    self._cond.wait_for(lambda: self._urgent or self._closed, self.DELAY_S)
                batch, self._pending = self._pending, {}
                self._busy = True
            try:
                self.attempts += 1
                with self._sessions.begin() as session:
                    for cart_id, (lines, discount, approval) in batch.items():
                        save_cart(session, self.actor, cart_id, Cart.serialize(lines, discount, approval))
                self.saves += 1
                ended = self.burst.succeeded()
                if ended:
                    log.info("saving the cart works again after %d failed attempts", ended)
            except Exception as exc:  # keep the till running; retried after a pause
                first = self.burst.failed()
                if first:
                    log.exception("saving the cart failed (retrying with pauses up to %.0f s)", self.burst.cap)
                with self._cond:
                    if self._closed:  # closing on a disk that refuses the write: nothing more to try
                        log.warning("the cart in progress could not be saved before closing")
                        batch = {}
                    for cart_id, snapshot in batch.items():
                        self._pending.setdefault(cart_id, snapshot)
                if self._on_error and first:
                    self._on_error(exc)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
