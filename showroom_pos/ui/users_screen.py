"""Users and PINs, for administrators: who can log in, under which role, who is locked out after too many
wrong PINs; add a user, set a PIN (a forgotten one: it also lifts a lock), unlock, deactivate or reactivate.

The till's executable has no console, so this screen is where an administrator does what ``showroom-pos user
add`` and ``user unlock`` do from a shell. Every change goes through ``services.users`` (which checks the right
and audits it). The PIN fields are plain masked boxes that take no barcodes: the scanner policy refuses a scan
there, and a code longer than a PIN that slipped through is refused by the PIN rules, never cut to a PIN.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QRegularExpressionValidator, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.clock import format_datetime
from showroom_pos.core.errors import UserError
from showroom_pos.core.security import MAX_PIN_LENGTH, MIN_PIN_LENGTH
from showroom_pos.runtime.i18n import error_text
from showroom_pos.services import users
from showroom_pos.services.users import UserRow

from .screens import open_dialog
from .session import UiSession, role_label

RED, GREEN, GREY = "#b00020", "#1b5e20", QColor("#777777")


def _say(label: QLabel, text: str, *, ok: bool) -> None:
    label.setStyleSheet(f"color: {GREEN if ok else RED};")
    label.setText(text)


def pin_field(name: str) -> QLineEdit:
    """A masked box for a PIN: digits only as typed by hand. No length cap: a code longer than a PIN is refused
    by the PIN rules rather than cut down to something that passes for a PIN."""
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]*"), field))
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
    return field


class PinPair:
    """A PIN typed twice, in a dialog's form, and the check that both agree. Not a widget: its texts name their
    context (``UserPinForm``) for both dialogs."""

    def __init__(self, form: QFormLayout, message: QLabel) -> None:
        self.pin = pin_field("userPin")
        self.again = pin_field("userPinAgain")
        self.message = message
        rule = QCoreApplication.translate("UserPinForm", "PIN ({min}–{max} digits)")
        form.addRow(rule.format(min=MIN_PIN_LENGTH, max=MAX_PIN_LENGTH), self.pin)
        form.addRow(QCoreApplication.translate("UserPinForm", "PIN again"), self.again)

    def refused(self, error: UserError) -> None:
        """Say why the service refused; a PIN its rules refused is emptied, to be typed again."""
        self.message.setText(error_text(error))
        if error.message in users.PIN_RULES:
            self.pin.clear()
            self.again.clear()
            self.pin.setFocus()

    def agreed(self) -> str | None:
        """The PIN when both boxes agree; otherwise says so and empties them for a fresh try."""
        if self.pin.text() == self.again.text():
            return self.pin.text()
        self.message.setText(QCoreApplication.translate("UserPinForm", "The two PINs differ."))
        self.pin.clear()
        self.again.clear()
        self.pin.setFocus()
        return None


def _pin_form(dialog: QDialog, form: QFormLayout, note_text: str,
              save: Callable[[], object]) -> tuple[QLabel, PinPair]:
    """The rest of a user dialog below ``form``: the PIN typed twice, a note, a message line, Save and Cancel."""
    message = QLabel()
    message.setObjectName("userDialogMessage")
    message.setStyleSheet(f"color: {RED};")
    message.setWordWrap(True)
    pins = PinPair(form, message)
    note = QLabel(note_text)
    note.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(note)
    layout.addWidget(message)
    layout.addWidget(buttons)
    return message, pins


class NewUserDialog(QDialog):
    """Add a user: name, role, PIN twice. ``saved(user id, name, role)`` after the commit."""

    saved = Signal(int, str, str)

    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("newUserDialog")
        self.setWindowTitle(self.tr("Add a user"))
        self.resize(480, 0)  # room for a full name; as tall as its rows
        self.name = QLineEdit()
        self.name.setObjectName("userName")
        self.name.setMaxLength(100)
        self.role = QComboBox()
        self.role.setObjectName("userRole")
        for role in users.ROLES:
            self.role.addItem(role_label(role), role)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        self.message, self.pins = _pin_form(self, form, self.tr(
            "Cashiers sell; managers also receive goods, approve and read reports; "
            "administrators also manage users and restore backups."), self.save)
        self.name.setFocus()

    def save(self) -> bool:
        pin = self.pins.agreed()
        if pin is None:
            return False
        name, role = self.name.text(), str(self.role.currentData())
        try:
            with self.ui.transaction() as session:
                user = users.add_user(session, self.ui.user.actor, name, role, pin)
                user_id, name = user.id, user.name
        except UserError as exc:
            self.pins.refused(exc)
            return False
        self.saved.emit(user_id, name, role)
        self.accept()
        return True


class PinDialog(QDialog):
    """Set a user's PIN (typed twice). ``saved(user id, name)`` after the commit."""

    saved = Signal(int, str)

    def __init__(self, ui: UiSession, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.user = user
        self.setObjectName("pinDialog")
        self.setWindowTitle(self.tr("Change PIN"))
        self.resize(480, 0)
        who = QLabel(f"{user.name} ({role_label(user.role)})")
        who.setObjectName("pinDialogUser")
        who.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow(self.tr("User"), who)
        self.message, self.pins = _pin_form(self, form, self.tr(
            "Give the new PIN to the person in private. It also lifts a lock after too many wrong PINs."), self.save)
        self.pins.pin.setFocus()

    def save(self) -> bool:
        pin = self.pins.agreed()
        if pin is None:
            return False
        try:
            with self.ui.transaction() as session:
                users.change_pin(session, self.ui.user.actor, self.user.id, pin)
        except UserError as exc:
            self.pins.refused(exc)
            return False
        self.saved.emit(self.user.id, self.user.name)
        self.accept()
        return True


class UsersScreen(QWidget):
    """The list of users and what an administrator does with them."""

    COLUMNS = 4

    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("usersScreen")
        self.rows: list[UserRow] = []
        intro = QLabel(self.tr("Who can log in at this till. Someone locked out after too many wrong PINs is "
                               "unlocked here; someone who forgot their PIN gets a new one."))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Status"),
                                              self.tr("PIN lock")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.change_pin())
        self.add_button = QPushButton(self.tr("Add a user…"))
        self.add_button.setObjectName("usersAdd")
        self.pin_button = QPushButton(self.tr("Change PIN…"))
        self.pin_button.setObjectName("usersPin")
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setObjectName("usersUnlock")
        self.active_button = QPushButton(self.tr("Deactivate"))
        self.active_button.setObjectName("usersActive")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("usersRefresh")
        self.add_button.clicked.connect(self.add_user)
        self.pin_button.clicked.connect(self.change_pin)
        self.unlock_button.clicked.connect(self.unlock)
        self.active_button.clicked.connect(self.toggle_active)
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.pin_button, self.unlock_button, self.active_button,
                       self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.warning = QLabel()
        self.warning.setObjectName("usersWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #a15c00;")
        self.message = QLabel()
        self.message.setObjectName("usersMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Locks run out while the screen is elsewhere: read them again each time it is shown."""
        super().showEvent(event)
        self.refresh()

    # --- the list -----------------------------------------------------------------------------------------

    def lock_text(self, row: UserRow) -> str:
        if row.locked and row.locked_until is None:
            return self.tr("Locked until an administrator unlocks")
        if row.locked and row.locked_until is not None:
            return self.tr("Locked until {time}").format(time=format_datetime(row.locked_until))
        if row.failed_attempts:
            return self.tr("Not locked; wrong PINs so far: {n}").format(n=row.failed_attempts)
        return ""

    def refresh(self) -> None:
        keep = self.selected()
        try:
            self.rows = self.ui.read(lambda s: users.user_rows(s, self.ui.user.actor))
        except UserError as exc:
            _say(self.message, error_text(exc), ok=False)
            self.rows = []
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            cells = (row.name, role_label(row.role), self.tr("Active") if row.active else self.tr("Inactive"),
                     self.lock_text(row))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not row.active:
                    item.setForeground(QBrush(GREY))
                elif row.locked and col == 3:
                    item.setForeground(QBrush(QColor(RED)))
                self.table.setItem(i, col, item)
        if keep is not None:
            self.select(keep.id)
        admins = sum(1 for r in self.rows if r.active and r.role == "admin")
        self.warning.setText(self.tr("Only one administrator is active: if they forget their PIN or are locked "
                                     "out, nobody can unlock them here. Add a second administrator.")
                             if admins == 1 else "")
        self.warning.setVisible(admins == 1)
        self._selection_changed()

    def selected(self) -> UserRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.rows[indexes[0].row()] if indexes and indexes[0].row() < len(self.rows) else None

    def select(self, user_id: int) -> None:
        for i, row in enumerate(self.rows):
            if row.id == user_id:
                self.table.selectRow(i)
                return

    def _selection_changed(self) -> None:
        row = self.selected()
        self.pin_button.setEnabled(row is not None and row.active)
        self.unlock_button.setEnabled(row is not None and row.locked)
        self.active_button.setEnabled(row is not None)
        self.active_button.setText(self.tr("Reactivate") if row is not None and not row.active
                                   else self.tr("Deactivate"))

    def _need_selection(self) -> UserRow | None:
        row = self.selected()
        if row is None:
            _say(self.message, self.tr("Select a user first."), ok=False)
        return row

    def _done(self, text: str, user_id: int) -> None:
        self.refresh()
        self.select(user_id)
        _say(self.message, text, ok=True)

    # --- actions ------------------------------------------------------------------------------------------

    def add_user(self) -> NewUserDialog:
        dialog = NewUserDialog(self.ui, self)
        dialog.saved.connect(lambda uid, name, role: self._done(
            self.tr("{name} ({role}) was added and can log in with their PIN.").format(
                name=name, role=role_label(role)), uid))
        open_dialog(dialog)
        return dialog

    def change_pin(self) -> PinDialog | None:
        row = self._need_selection()
        if row is None:
            return None
        if not row.active:
            _say(self.message, self.tr("{name} is inactive: reactivate them first.").format(name=row.name), ok=False)
            return None
        dialog = PinDialog(self.ui, row, self)
        dialog.saved.connect(lambda uid, name: self._done(
            self.tr("{name}'s PIN was changed: they can log in with the new PIN.").format(name=name), uid))
        open_dialog(dialog)
        return dialog

    def unlock(self) -> bool:
        row = self._need_selection()
        if row is None:
            return False
        try:
            with self.ui.transaction() as session:
                users.unlock_user(session, self.ui.user.actor, row.id)
        except UserError as exc:
            self.refresh()
            _say(self.message, error_text(exc), ok=False)
            return False
        self._done(self.tr("{name} can log in again.").format(name=row.name), row.id)
        return True

    def toggle_active(self) -> bool:
        row = self._need_selection()
        if row is None:
            return False
        actor = self.ui.user.actor
        if row.active:
            try:  # refused (the last administrator, oneself): said at once, without asking first
                self.ui.read(lambda s: users.check_deactivation(s, actor, row.id))
            except UserError as exc:
                _say(self.message, error_text(exc), ok=False)
                return False
        if row.active and QMessageBox.question(
                self, self.tr("Deactivate a user"),
                self.tr("Deactivate {name}? They can no longer log in nor approve; their sales and history "
                        "stay.").format(name=row.name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return False
        try:
            with self.ui.transaction() as session:
                users.set_active(session, actor, row.id, not row.active)
        except UserError as exc:
            _say(self.message, error_text(exc), ok=False)
            return False
        self._done(self.tr("{name} was deactivated: they can no longer log in.").format(name=row.name) if row.active
                   else self.tr("{name} was reactivated: they can log in again.").format(name=row.name), row.id)
        return True
