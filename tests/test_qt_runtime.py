"""The Qt binding the app runs on must not leak or steal references on hot paths a till repeats all day."""

from __future__ import annotations

import linecache
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from showroom_pos.runtime.qt_imports import lighten_pyside_import_hook


def test_void_qt_calls_do_not_take_references_from_none(qtbot: QtBot) -> None:
    """PySide6 6.12.0 on Python 3.11 took one reference from None per call: the till crashed after minutes."""
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(5_000):
        label.update()
        label.setText(str(i % 3))
    assert sys.getrefcount(None) >= before - 100


def test_pyside_import_hook_no_longer_keeps_every_source_in_memory(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """After ``lighten_pyside_import_hook``, a module imported is still classified by PySide6 (uses PySide6
    or not) but its lines are not left in ``linecache`` (they were: ~25 MB at start-up)."""
    feature = sys.modules["PySide6.support.feature"]
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)  # put PySide6's back afterwards
    assert lighten_pyside_import_hook()
    (tmp_path / "plain_mod_for_hook.py").write_text("VALUE = 1\n" * 2000)
    (tmp_path / "qt_mod_for_hook.py").write_text("from PySide6.QtCore import QObject\nVALUE = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    # Written to tmp_path just above: mypy cannot find them.
    import plain_mod_for_hook  # type: ignore[import-not-found]  # noqa: F401
    import qt_mod_for_hook  # type: ignore[import-not-found]  # noqa: F401

    assert not [name for name in linecache.cache if "mod_for_hook" in name]
    assert feature.pyside_feature_dict["plain_mod_for_hook"] == -1
    assert feature.pyside_feature_dict["qt_mod_for_hook"] == 0


def test_the_app_starts_with_the_lighter_hook() -> None:
    """Through ``cli.main``'s path: i18n installs the catalogue, which imports Qt and lightens the hook; the
    modules imported after it are not in ``linecache`` (SQLAlchemy's own generated code may be)."""
    out = subprocess.run([sys.executable, "-c",
                          "import sys, linecache; from showroom_pos.runtime import i18n; i18n.install('vi'); "
                          "import showroom_pos.services.till.checkout_sale, showroom_pos.services.till.product_lookup, "
                          "showroom_pos.services.till.cart_saver, showroom_pos.services.till.voids, "
                          "showroom_pos.services.till.sale_returns, showroom_pos.services.till.cash_drawer, "
                          "showroom_pos.services.till.quick_keys, showroom_pos.hardware.receipt_render; "
                          "print('PySide6.QtCore' in sys.modules, *sorted(f for f in linecache.cache "
                          "if f.endswith('.py') and ('showroom_pos/services' in f or 'escpos' in f)))"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True"], out
