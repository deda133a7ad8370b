"""A numeric PIN pad: big buttons for a touch screen, and the keyboard's digits work too."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from showroom_pos.core.security import MAX_PIN_LENGTH
from showroom_pos.core.text import is_ascii_digits

from .scanner_filter import accept_scans


class PinPad(QWidget):
    """Emits ``submitted(pin)``; a barcode scanned at the pad emits ``scanned(code)`` instead (the scanner
    policy routes it here), so a scan at the login or lock screen is never taken for a wrong PIN (five of
    which would lock the user)."""

    submitted = Signal(str)
    scanned = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(48)  # room for a whole scanned code, recognised and dropped on Enter
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.setPlaceholderText(self.tr("PIN"))
        self.field.setObjectName("pinField")
        font = self.field.font()
        font.setPointSize(20)
        self.field.setFont(font)
        self.field.returnPressed.connect(self._submit)
        grid = QGridLayout()
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for i, key in enumerate(keys):
            button = QPushButton(key)
            button.setMinimumSize(64, 52)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName(f"pinKey_{key}" if is_ascii_digits(key) else ("pinBack" if key == "⌫" else "pinOk"))
            button.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(button, i // 3, i % 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addLayout(grid)
        accept_scans(self, self.scanned.emit)

    def _press(self, key: str) -> None:
        if key == "⌫":
            self.field.backspace()
        elif key == "OK":
            self._submit()
        else:
            self.field.insert(key)
        self.field.setFocus()

    def _submit(self) -> None:
        pin = self.field.text()
        self.clear()
        if len(pin) > MAX_PIN_LENGTH:  # a code typed by hand, or pasted: not a PIN
            self.scanned.emit(pin)
        else:
            self.submitted.emit(pin)

    def clear(self) -> None:
        self.field.clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_ascii_digits(event.text()):
            self.field.insert(event.text())
            return
        super().keyPressEvent(event)
