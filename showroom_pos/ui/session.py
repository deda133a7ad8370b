"""What every screen gets: the app's database access and who is logged in on which till."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal

from showroom_pos.services.context import Actor

from .cart_feed import CartFeed

if TYPE_CHECKING:  # the PIN screen uses this module before SQLAlchemy is loaded (see app.main)
    from showroom_pos.runtime.context import AppContext, Session

T = TypeVar("T")


@dataclass
class LoggedIn:
    user_id: int
    name: str
    role: str
    terminal_id: int

    @property
    def actor(self) -> Actor:
        return Actor(self.user_id, self.terminal_id, self.role)

    def can(self, *roles: str) -> bool:
        return self.role in roles


def role_label(role: str) -> str:
    """A role as people call it, in the interface language."""
    names = {"cashier": QCoreApplication.translate("Roles", "Cashier"),
             "manager": QCoreApplication.translate("Roles", "Manager"),
             "admin": QCoreApplication.translate("Roles", "Administrator")}
    return names.get(role, role)


class Events(QObject):
    """App-wide notifications screens listen to (a sale completed, settings changed…)."""

    sale_completed = Signal(str)  # sale id, after the commit: print the receipt, open the drawer for cash
    print_requested = Signal(str, str)  # kind ("receipt", "receipt_copy", "z_report", "return", …), reference
    drawer_requested = Signal()  # a manager-approved "open drawer" without a sale
    data_changed = Signal(str)
    settings_changed = Signal()
    status_message = Signal(str)


@dataclass
class UiSession:
    app: AppContext
    user: LoggedIn
    events: Events = field(default_factory=Events)
    cart_feed: CartFeed = field(default_factory=CartFeed)  # the sale in progress, for the customer's displays

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.app.transaction() as session:
            yield session

    def read(self, work: Callable[[Session], T]) -> T:
        """Run a read-only service call in its own short session."""
        with self.app.read_sessions() as session:
            return work(session)
