"""What every screen gets: the app's database access and who is logged in on which till."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QMetaMethod, QObject, Signal

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


def disconnect_all(sender: QObject) -> None:
    """Drop every connection made to ``sender``'s own signals. A login's ``Events`` and ``CartFeed`` are held by the
    screens that listen to them and hold those screens through their slots (lambdas), a cycle Python's collector
    cannot see through Qt: without this, every logout kept its whole window (~2 MB a login)."""
    meta = sender.metaObject()
    for i in range(meta.methodOffset(), meta.methodCount()):
        method = meta.method(i)
        if method.methodType() == QMetaMethod.MethodType.Signal and sender.isSignalConnected(method):
            getattr(sender, bytes(method.name().data()).decode()).disconnect()


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
