"""What the checkout tells about the sale in progress, as it happens: the cart changed, a payment started, a
VietQR code is shown, the sale completed (with its change), the cart was cleared, parked or recalled.

One ``CartFeed`` per login (``UiSession.cart_feed``), emitted by the checkout on the GUI thread right after the
cart it owns has changed. The customer display and the pole display follow the sale through it, so they never
poll the cart nor read the database, and they see only what the checkout chose to send: never the cashier's
search results, messages, costs or approvals.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class SaleDone:
    """A completed sale as the customer sees it: what it cost, what they handed over, their change."""

    total: int
    tendered: int
    change_due: int


class CartFeed(QObject):
    # (cart, change): the checkout's ``Cart`` and the ``LineChange`` that was applied to it (None: the whole cart
    # changed — a new, recalled or cleared cart, a cart discount). Listeners read the cart at once, never keep it.
    cart_changed = Signal(object, object)
    payment_started = Signal(int)  # the payment dialog opened for this total
    vietqr_shown = Signal(object)  # core.vietqr.VietQR: the payment's exact code, amount and bank
    vietqr_closed = Signal()  # the transfer was confirmed or given up: back to the payment
    payment_cancelled = Signal()  # the payment dialog was closed without completing: back to the cart
    sale_completed = Signal(object)  # SaleDone, after the commit
    cart_cancelled = Signal()  # the cashier cleared every line
    cart_parked = Signal()
    cart_recalled = Signal()
