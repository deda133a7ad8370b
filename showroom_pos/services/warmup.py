"""What the till does the first time someone logs in, done before: while the PIN screen is up, on a thread.

The first statement of each kind SQLAlchemy runs is compiled (and the mappers configured on the very first),
a few milliseconds each; after Enter they were all first statements, on the GUI thread. ``prepare_till``
configures the mappers and runs the reads of a login and of the checkout once, so that their compiled forms
are in the engine's cache, and hands back the checkout's scan context for today (``CheckoutStart``).
It only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session, configure_mappers

from showroom_pos.core.clock import business_day

from . import print_queue, settings, setup, shifts, sync_state, users
from .catalogue import certificates
from .till import product_lookup, saved_carts


@dataclass(frozen=True)
class CheckoutStart:
    """The checkout's context for ``day``, read before the login."""

    day: date
    scan_context: product_lookup.ScanContext
    expired_ocop: set[int]


def prepare_till(session: Session) -> CheckoutStart:
    configure_mappers()
    day = business_day()
    terminal_id = setup.terminal(session).id
    start = CheckoutStart(day, product_lookup.load_scan_context(session, day),
                          certificates.expired_ocop_ids(session, day))
    for user in users.active_users(session)[:1]:
        session.get(type(user), user.id)
    settings.get_many(session)
    shifts.open_shift_for(session, terminal_id)
    saved_carts.active_cart(session, terminal_id)
    saved_carts.active_cart(session, terminal_id, 0)
    saved_carts.parked_carts(session, terminal_id)
    print_queue.pending_count(session)
    sync_state.sync_status(session)
    return start
