"""The registry of screens the main window navigates to. Each screen module adds one entry here.

A screen is a QWidget built from the ``UiSession``; ``roles`` says who may open it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from .session import UiSession


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str  # English source text, translated in context "Screens"
    shortcut: str
    roles: tuple[str, ...]
    factory: Callable[[UiSession], QWidget]

    def translated_title(self) -> str:
        return QCoreApplication.translate("Screens", self.title)


def open_dialog(dialog: QDialog) -> QDialog:
    """Open a (window-modal) dialog a screen forgets once it is shown: deleted when closed, so that each one
    opened over a day (a product's form, its ledger, a Z report) does not stay in memory as the screen's child."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


@contextmanager
def waiting() -> Iterator[None]:
    """The wait cursor while the GUI thread itself works for a second or two (an export of 5,000 products): the
    window does not repaint meanwhile, and the cursor says it is busy, not hung."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _lazy(module: str, name: str) -> Callable[[UiSession], QWidget]:
    """A factory that imports its screen's module on first use: start-up loads only the first screen."""

    def build(ui: UiSession) -> QWidget:
        screen_class = getattr(importlib.import_module(f"showroom_pos.ui.{module}"), name)
        return cast(QWidget, screen_class(ui))

    return build


def all_screens() -> list[ScreenSpec]:
    """Screens in navigation order."""
    everyone = ("cashier", "manager", "admin")
    managers = ("manager", "admin")
    return [
        ScreenSpec("checkout", str(QT_TRANSLATE_NOOP("Screens", "Checkout")), "F1", everyone,
                   _lazy("checkout", "CheckoutScreen")),
        ScreenSpec("home", str(QT_TRANSLATE_NOOP("Screens", "Home")), "Ctrl+1", everyone, _lazy("home", "HomeScreen")),
        ScreenSpec("preferences", str(QT_TRANSLATE_NOOP("Screens", "Settings")), "Ctrl+,", everyone,
                   _lazy("preferences", "PreferencesScreen")),
        ScreenSpec("audit_log", str(QT_TRANSLATE_NOOP("Screens", "Audit log")), "Ctrl+Shift+A", managers,
                   _lazy("audit_log", "AuditLogScreen")),
        ScreenSpec("backups", str(QT_TRANSLATE_NOOP("Screens", "Backups")), "Ctrl+Shift+B", managers,
                   _lazy("backup_screen", "BackupScreen")),
        ScreenSpec("printer", str(QT_TRANSLATE_NOOP("Screens", "Printer and labels")), "Ctrl+Shift+P", managers,
                   _lazy("printer_settings", "PrinterSettingsScreen")),
        ScreenSpec("reports", str(QT_TRANSLATE_NOOP("Screens", "Reports")), "Ctrl+Shift+R", managers,
                   _lazy("reports", "ReportsScreen")),
        ScreenSpec("products", str(QT_TRANSLATE_NOOP("Screens", "Products")), "Ctrl+2", managers,
                   _lazy("products", "ProductsScreen")),
        ScreenSpec("producers", str(QT_TRANSLATE_NOOP("Screens", "Producers")), "Ctrl+3", managers,
                   _lazy("producers", "ProducersScreen")),
        ScreenSpec("goods_receipt", str(QT_TRANSLATE_NOOP("Screens", "Goods receipt")), "Ctrl+4", managers,
                   _lazy("goods_receipt", "GoodsReceiptScreen")),
        ScreenSpec("stock_count", str(QT_TRANSLATE_NOOP("Screens", "Stock count")), "Ctrl+5", managers,
                   _lazy("stock_count", "StockCountScreen")),
        ScreenSpec("stock_ledger", str(QT_TRANSLATE_NOOP("Screens", "Stock ledger")), "Ctrl+6", managers,
                   _lazy("stock_ledger", "StockLedgerScreen")),
        ScreenSpec("stock_alerts", str(QT_TRANSLATE_NOOP("Screens", "Stock alerts")), "Ctrl+7", managers,
                   _lazy("stock_alerts", "StockAlertsScreen")),
        ScreenSpec("settlement", str(QT_TRANSLATE_NOOP("Screens", "Consignment settlement")), "Ctrl+8", managers,
                   _lazy("settlement", "SettlementScreen")),
        ScreenSpec("einvoices", str(QT_TRANSLATE_NOOP("Screens", "E-invoices")), "Ctrl+Shift+E", managers,
                   _lazy("einvoice_screen", "EInvoiceScreen")),
        ScreenSpec("users", str(QT_TRANSLATE_NOOP("Screens", "Users and PINs")), "Ctrl+Shift+U", ("admin",),
                   _lazy("users_screen", "UsersScreen")),
    ]
