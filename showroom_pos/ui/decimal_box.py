"""A number box that writes decimals as the app writes numbers, with a comma ("1,234 kg", "12,50 %"), and takes
a comma or a point typed (the keypad's decimal key gives a point)."""

from __future__ import annotations

import re

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QWidget


class CommaDecimalSpinBox(QDoubleSpinBox):
    """``whole_digits`` before the comma at most, ``decimals`` after it; the suffix may be typed or left out."""

    def __init__(self, decimals: int, whole_digits: int, suffix: str, parent: QWidget | None = None) -> None:
        self._typed_form = re.compile(rf"\d{{0,{whole_digits}}}(,\d{{0,{decimals}}})?")  # (before the box validates)
        super().__init__(parent)
        self.setDecimals(decimals)
        self.setSuffix(suffix)

    def _typed(self, text: str) -> str:
        return text.strip().removesuffix(self.suffix().strip()).strip().replace(".", ",")

    def textFromValue(self, value: float) -> str:
        return f"{value:.{self.decimals()}f}".replace(".", ",")

    def valueFromText(self, text: str) -> float:
        whole, _, frac = self._typed(text).partition(",")
        places = self.decimals()
        return int(whole or "0") + int((frac + "0" * places)[:places]) / 10**places

    def validate(self, text: str, pos: int) -> QValidator.State:  # type: ignore[override]
        typed = self._typed(text)
        if not self._typed_form.fullmatch(typed):
            return QValidator.State.Invalid
        if typed in ("", ","):
            return QValidator.State.Intermediate
        return (QValidator.State.Acceptable if self.valueFromText(text) <= self.maximum()
                else QValidator.State.Invalid)
