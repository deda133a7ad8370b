"""The PIN login screen: pick your name, type your PIN. A wrong PIN says so and does nothing else.

It can be up before the database is fully open: given the roster (read without SQLAlchemy) and a
``Future`` of the ``AppContext`` being opened on a thread, it waits for that only when Enter is pressed.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from showroom_pos.core.errors import UserError
from showroom_pos.runtime.i18n import error_text
from showroom_pos.services.login_roster import LoginRoster, read_login_roster

from .pin_pad import PinPad
from .session import LoggedIn, role_label

if TYPE_CHECKING:
    from showroom_pos.runtime.context import AppContext


class LoginScreen(QWidget):
    logged_in = Signal(object)  # LoggedIn

    def __init__(self, app: AppContext | Future[AppContext], parent: QWidget | None = None,
                 only_user: int | None = None, roster: LoginRoster | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.only_user = only_user
        self.setObjectName("loginScreen")
        if roster is None:
            assert not isinstance(app, Future), "a login screen opened with the database still opening needs its roster"
            roster = read_login_roster(app.paths.database)
        self.terminal_id = roster.terminal_id
        people = roster.people
        title = QLabel(roster.outlet_name)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSize(18)
        font.setBold(True)
        title.setFont(font)
        self.users = QListWidget()
        self.users.setObjectName("loginUsers")
        for uid, name, role in people:
            if only_user is not None and uid != only_user:
                continue
            item = QListWidgetItem(f"{name} — {role_label(role)}")
            item.setData(Qt.ItemDataRole.UserRole, uid)
            self.users.addItem(item)
        self.users.setCurrentRow(0)
        self.pin_pad = PinPad()
        # The PIN field keeps the focus: clicking a name or pressing Up/Down picks the user, digits go to the PIN.
        self.users.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.users.itemClicked.connect(lambda _item: self.pin_pad.field.setFocus())
        self.pin_pad.submitted.connect(self.try_login)
        self.pin_pad.field.installEventFilter(self)
        self.message = QLabel()
        self.pin_pad.scanned.connect(
            lambda _code: self._show_error(self.tr("A barcode was scanned: log in first, then scan."))
        )
        self.message.setObjectName("loginMessage")
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.users, 1)
        row.addWidget(self.pin_pad, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(QLabel(self.tr("Choose your name and type your PIN, then Enter.")))
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.pin_pad.field.setFocus()

    @property
    def app(self) -> AppContext:
        """The open database; while it is still opening (Enter pressed at once), wait for it."""
        return self._app.result() if isinstance(self._app, Future) else self._app

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.pin_pad.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(event.key()))
            if step is not None and self.users.count():
                self.users.setCurrentRow((self.users.currentRow() + step) % self.users.count())
                return True
        return super().eventFilter(watched, event)

    def show_notice(self, text: str) -> None:
        """Something done that the person should know of (not an error): in green, until the next error."""
        self._say(text, "#1b5e20")

    def _show_error(self, text: str) -> None:
        self._say(text, "#b00020")

    def _say(self, text: str, colour: str) -> None:
        self.message.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.message.setText(text)

    def select_user(self, user_id: int) -> None:
        for row in range(self.users.count()):
            if self.users.item(row).data(Qt.ItemDataRole.UserRole) == user_id:
                self.users.setCurrentRow(row)

    def try_login(self, pin: str) -> None:
        item = self.users.currentItem()
        if item is None:
            self._show_error(self.tr("Choose a user first."))
            return
        user_id = int(item.data(Qt.ItemDataRole.UserRole))
        from showroom_pos.services import users  # loaded on its thread while the PIN was typed

        try:
            with self.app.sessions() as session:
                try:
                    user = users.authenticate(session, user_id, pin)
                    who = LoggedIn(user.id, user.name, user.role, self.terminal_id)
                finally:
                    session.commit()  # keep the failed-attempt count and the audit event
        except UserError as exc:
            self._show_error(error_text(exc))
            return
        self.message.clear()
        self.logged_in.emit(who)


