"""The till locks itself after a spell without input and opens again on the same screen.

``AutoLock`` installs one application-wide event filter: every key, click, wheel or touch counts as
activity. When nothing happened for ``security.auto_lock_minutes`` (0 = never) a lock overlay covers the
main window and asks for the PIN of the same user or of a manager. The window is not destroyed, so the
cart, the screen and what was typed are all there after unlocking. While locked, the filter swallows every
input event aimed anywhere but the overlay, shortcuts included, and modal dialogs that were open are
cancelled (a payment dialog left open must not be completable by a passer-by; the cart itself stays).

Wrong PINs count towards the user's lockout exactly as at the login screen (five lock the user for five
minutes). Locking and unlocking are audited (``till.locked``, ``till.unlocked`` with the manager as
approver when a manager unlocked).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from showroom_pos.core.errors import UserError
from showroom_pos.runtime.i18n import error_text
from showroom_pos.services import audit, settings, users

from .pin_pad import PinPad
from .session import UiSession

CHECK_INTERVAL_MS = 5_000
_T = QEvent.Type
ACTIVITY = frozenset({
    _T.KeyPress, _T.KeyRelease, _T.MouseButtonPress, _T.MouseButtonRelease, _T.MouseButtonDblClick,
    _T.MouseMove, _T.Wheel, _T.TouchBegin, _T.TouchUpdate, _T.TabletPress, _T.InputMethod,
})
# What is swallowed while locked unless it is aimed at the overlay.
BLOCKED = ACTIVITY | {_T.Shortcut, _T.ShortcutOverride, _T.ContextMenu, _T.TouchEnd, _T.Drop}


class LockOverlay(QFrame):
    """Covers the whole main window; a user list (the locked user, then managers) and a PIN pad."""

    unlock_requested = Signal(int, str)  # user id, PIN
    logout_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockOverlay")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockOverlay { background: #20262e; } #lockOverlay QLabel { color: white; }")
        self.title = QLabel()
        self.title.setObjectName("lockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)  # "Till locked — <a long name>" in Vietnamese is wider than the box
        font = self.title.font()
        font.setPointSize(18)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel(self.tr("Type your PIN to continue where you left off, or a manager's PIN."))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.who = QComboBox()
        self.who.setObjectName("lockUser")
        self.pin_pad = PinPad()
        self.pin_pad.setObjectName("lockPinPad")
        self.pin_pad.submitted.connect(self._submitted)
        self.message = QLabel()
        self.pin_pad.scanned.connect(
            lambda _code: self.message.setText(self.tr("A barcode was scanned: type your PIN to unlock first."))
        )
        self.message.setObjectName("lockMessage")
        self.message.setStyleSheet("color: #ff8a80; font-weight: bold;")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logout_button = QPushButton(self.tr("Log out (another user)"))
        self.logout_button.setObjectName("lockLogout")
        self.logout_button.clicked.connect(self.logout_requested.emit)
        box = QWidget()
        box.setMaximumWidth(420)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.hint)
        inner.addWidget(self.who)
        inner.addWidget(self.pin_pad)
        inner.addWidget(self.message)
        inner.addWidget(self.logout_button)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.hide()

    def set_people(self, people: list[tuple[int, str]], locked_name: str) -> None:
        self.title.setText(self.tr("Till locked — {name}").format(name=locked_name))
        self.who.clear()
        for uid, name in people:
            self.who.addItem(name, uid)
        self.who.setCurrentIndex(0)

    def _submitted(self, pin: str) -> None:
        uid = self.who.currentData()
        if uid is not None:
            self.unlock_requested.emit(int(uid), pin)


class AutoLock(QObject):
    """Wire with ``AutoLock(main_window, ui)``; ``clock`` (seconds, monotonic) is injectable for tests."""

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, ui: UiSession, *, clock: Callable[[], float] = time.monotonic,
                 check_interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(window)
        self.setObjectName("autoLock")
        self.window = window
        self.ui = ui
        self.clock = clock
        self.last_activity = clock()
        self.locked = False
        self.minutes = 0
        self._focus: QWidget | None = None
        self._overlay: LockOverlay | None = None
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.lock_action.triggered.connect(lambda: self.lock(reason="manual"))
        window.addAction(self.lock_action)
        self.reload_setting()
        ui.events.settings_changed.connect(self.reload_setting)
        self.timer = QTimer(self)
        self.timer.setInterval(check_interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self._install_filter()
        window.installEventFilter(self)

    @property
    def overlay(self) -> LockOverlay:
        """Made the first time it is needed: building it held the main window's start for ~70 ms."""
        if self._overlay is None:
            self._overlay = LockOverlay(self.window)
            self._overlay.unlock_requested.connect(self.try_unlock)
            self._overlay.logout_requested.connect(self._logout)
        return self._overlay

    def _install_filter(self) -> None:
        """(Re)install the application-wide filter. Qt asks the filter installed last first, so doing it
        again at lock time puts this one ahead of any filter installed since (the scanner's): a scan
        while locked reaches nothing."""
        app = QApplication.instance()
        assert app is not None
        app.removeEventFilter(self)
        app.installEventFilter(self)

    def shutdown(self) -> None:
        """The window goes (logout): stop the timer and the application-wide filter."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def reload_setting(self) -> None:
        self.minutes = self.ui.read(lambda s: settings.number(s, "security.auto_lock_minutes"))

    # --- activity ------------------------------------------------------------------------------------

    def _inside(self, obj: QObject, root: QWidget) -> bool:
        node: QObject | None = obj
        while node is not None:
            if node is root:
                return True
            node = node.parent()
        return False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if obj is self.window and kind == _T.Resize:
            if self._overlay is not None:
                self._overlay.setGeometry(self.window.rect())
            return False
        if not self.locked:
            if kind in ACTIVITY:
                self.last_activity = self.clock()
            return False
        if kind == _T.FocusIn and isinstance(obj, QWidget) and obj.window() is self.window \
                and not self._inside(obj, self.overlay):
            # Tab must not move the focus behind the overlay, where typing would go nowhere.
            field = self.overlay.pin_pad.field
            QTimer.singleShot(0, field, field.setFocus)
            return False
        if kind not in BLOCKED or self._inside(obj, self.overlay) or not self.window.isVisible():
            return False
        # Locked: input aimed at this window's widgets, and its shortcuts (actions and shortcuts belong to
        # the window), are swallowed. Events for the native window (a QWindow, not a widget) pass: Qt hands
        # them on to the overlay from there. Other windows are not this lock's business.
        if isinstance(obj, QWidget):
            return obj.window() is self.window
        return kind == _T.Shortcut and self._inside(obj, self.window)

    def idle_seconds(self) -> float:
        return self.clock() - self.last_activity

    def check(self) -> None:
        """Lock if the till has been idle long enough (the timer calls this every few seconds)."""
        if not self.locked and self.minutes > 0 and self.idle_seconds() >= self.minutes * 60:
            self.lock(reason="idle")

    # --- locking -------------------------------------------------------------------------------------

    def lock(self, reason: str = "idle") -> None:
        if self.locked:
            return
        self._install_filter()
        self._close_modal_dialogs()
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and self._inside(focus, self.window) else None
        me = self.ui.user
        people = [(me.user_id, me.name)] + [
            (u.id, u.name) for u in self.ui.read(users.active_users)
            if u.role in ("manager", "admin") and u.id != me.user_id
        ]
        self.overlay.set_people(people, me.name)
        self.overlay.message.clear()
        self.overlay.pin_pad.clear()
        self.overlay.setGeometry(self.window.rect())
        self.locked = True
        self.overlay.show()
        self.overlay.raise_()
        self.overlay.pin_pad.field.setFocus()
        self._audit("till.locked", reason=reason, idle_minutes=round(self.idle_seconds() / 60, 1))
        self.locked_changed.emit(True)

    def _close_modal_dialogs(self) -> None:
        for _ in range(10):  # dialogs can be stacked
            modal = QApplication.activeModalWidget()
            if modal is None or modal is self.window:
                return
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()

    def try_unlock(self, user_id: int, pin: str) -> bool:
        me = self.ui.user
        try:
            with self.ui.app.sessions() as session:
                try:
                    who = users.authenticate(session, user_id, pin, purpose="unlock")
                    allowed = who.id == me.user_id or who.role in ("manager", "admin")
                    if allowed:
                        audit.record(session, "till.unlocked", user_id=me.user_id, terminal_id=me.terminal_id,
                                     approver_id=who.id if who.id != me.user_id else None)
                finally:
                    session.commit()  # keep the failed-attempt count even when the PIN was wrong
        except UserError as exc:
            self.overlay.message.setText(error_text(exc))
            self.overlay.pin_pad.clear()
            return False
        if not allowed:
            self.overlay.message.setText(self.tr("Only {name} or a manager can unlock this till.").format(
                name=me.name))
            return False
        self.unlock()
        return True

    def unlock(self) -> None:
        self.locked = False
        self.overlay.hide()
        self.overlay.message.clear()
        self.last_activity = self.clock()
        focus, self._focus = self._focus, None
        if focus is not None and isValid(focus) and focus.isVisible():
            focus.setFocus()
        self.locked_changed.emit(False)

    def _logout(self) -> None:
        logout = getattr(self.window, "logout_requested", None)
        if logout is not None:
            logout.emit()

    def _audit(self, kind: str, **details: Any) -> None:
        me = self.ui.user
        try:
            with self.ui.transaction() as session:
                audit.record(session, kind, user_id=me.user_id, terminal_id=me.terminal_id, **details)
        except UserError:
            pass  # a full or read-only disk must not keep the till unlocked
