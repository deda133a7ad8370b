"""Manager approval: a dialog asking a manager's PIN for one named action."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QVBoxLayout, QWidget

from showroom_pos.core.errors import UserError
from showroom_pos.runtime.i18n import error_text
from showroom_pos.services import permissions, users

from .pin_pad import PinPad
from .session import UiSession


class ApprovalDialog(QDialog):
    """``approver_id`` is set when a manager approved; the dialog is rejected otherwise. Only users whose role is in
    ``roles`` are offered (a backup's restore is the administrators' alone: a manager picked there was refused only
    after typing their PIN)."""

    def __init__(self, ui: UiSession, action: str, parent: QWidget | None = None,
                 roles: frozenset[str] = permissions.MANAGERS) -> None:
        super().__init__(parent)
        self.ui = ui
        self.action = action
        self.approver_id: int | None = None
        managers = permissions.MANAGER in roles  # (else administrators alone: the title and notes say so)
        self.setWindowTitle(self.tr("Manager approval") if managers else self.tr("Administrator approval"))
        self.managers = QComboBox()
        self.managers.setObjectName("approvalManager")
        for user in ui.read(users.active_users):
            if user.role in roles:
                self.managers.addItem(user.name, user.id)
        self.pin_pad = PinPad()
        self.pin_pad.submitted.connect(self._check)
        self.message = QLabel()
        self.message.setObjectName("approvalMessage")
        self.message.setStyleSheet("color: #b00020;")
        scanned = (self.tr("A barcode was scanned: the manager types their PIN here.") if managers
                   else self.tr("A barcode was scanned: the administrator types their PIN here."))
        self.pin_pad.scanned.connect(lambda _code: self.message.setText(scanned))
        layout = QVBoxLayout(self)
        who = (self.tr("A manager must approve: {action}") if managers
               else self.tr("An administrator must approve: {action}"))
        label = QLabel(who.format(action=action))
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
        layout.addWidget(self.managers)
        layout.addWidget(self.pin_pad)
        layout.addWidget(self.message)
        self.pin_pad.field.setFocus()

    def _check(self, pin: str) -> None:
        manager_id = self.managers.currentData()
        if manager_id is None:
            self.message.setText(self.tr("No manager is set up."))
            return
        try:
            with self.ui.app.sessions() as session:
                try:
                    approver = users.approve(session, int(manager_id), pin, self.action)
                    self.approver_id = approver.id
                finally:
                    session.commit()
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()


def describe_action(action: str) -> str:
    """A permission's description in the interface language (the table holds English source text)."""
    return QCoreApplication.translate("UserError", permissions.describe(action))


def request_approval(ui: UiSession, action: str, parent: QWidget | None = None) -> int | None:
    """The approving manager's id, or None if nobody approved. A manager approves their own actions."""
    if ui.user.role in ("manager", "admin"):
        return ui.user.user_id
    dialog = ApprovalDialog(ui, action, parent)
    return dialog.approver_id if dialog.exec() == QDialog.DialogCode.Accepted else None
