"""The registry of screens the main window navigates to. Each screen module adds one entry here.

A screen is a QWidget built from the ``UiSession``; ``roles`` says who may open it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

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


def all_screens() -> list[ScreenSpec]:
    """Screens in navigation order. Imported lazily so that start-up builds only the first one."""
    from . import audit_log, backup_screen, checkout, home, preferences

    specs = [
        ScreenSpec("checkout", str(QT_TRANSLATE_NOOP("Screens", "Checkout")), "F1", ("cashier", "manager", "admin"),
                   checkout.CheckoutScreen),
        ScreenSpec("home", str(QT_TRANSLATE_NOOP("Screens", "Home")), "Ctrl+1", ("cashier", "manager", "admin"),
                   home.HomeScreen),
        ScreenSpec("preferences", str(QT_TRANSLATE_NOOP("Screens", "Settings")), "Ctrl+,", ("cashier", "manager", "admin"),
                   preferences.PreferencesScreen),
        ScreenSpec("audit_log", str(QT_TRANSLATE_NOOP("Screens", "Audit log")), "Ctrl+Shift+A", ("manager", "admin"),
                   audit_log.AuditLogScreen),
        ScreenSpec("backups", str(QT_TRANSLATE_NOOP("Screens", "Backups")), "Ctrl+Shift+B", ("manager", "admin"),
                   backup_screen.BackupScreen),
    ]
    from .printer_settings import PrinterSettingsScreen

    specs.append(ScreenSpec("printer", str(QT_TRANSLATE_NOOP("Screens", "Printer and labels")), "Ctrl+Shift+P",
                            ("manager", "admin"), PrinterSettingsScreen))
    from .reports import ReportsScreen

    specs.append(ScreenSpec("reports", str(QT_TRANSLATE_NOOP("Screens", "Reports")), "Ctrl+Shift+R",
                            ("manager", "admin"), ReportsScreen))
    from . import goods_receipt, producers, products, settlement, stock_alerts, stock_count, stock_ledger

    managers = ("manager", "admin")
    specs += [
        ScreenSpec("products", str(QT_TRANSLATE_NOOP("Screens", "Products")), "Ctrl+2", managers,
                   products.ProductsScreen),
        ScreenSpec("producers", str(QT_TRANSLATE_NOOP("Screens", "Producers")), "Ctrl+3", managers,
                   producers.ProducersScreen),
        ScreenSpec("goods_receipt", str(QT_TRANSLATE_NOOP("Screens", "Goods receipt")), "Ctrl+4", managers,
                   goods_receipt.GoodsReceiptScreen),
        ScreenSpec("stock_count", str(QT_TRANSLATE_NOOP("Screens", "Stock count")), "Ctrl+5", managers,
                   stock_count.StockCountScreen),
        ScreenSpec("stock_ledger", str(QT_TRANSLATE_NOOP("Screens", "Stock ledger")), "Ctrl+6", managers,
                   stock_ledger.StockLedgerScreen),
        ScreenSpec("stock_alerts", str(QT_TRANSLATE_NOOP("Screens", "Stock alerts")), "Ctrl+7", managers,
                   stock_alerts.StockAlertsScreen),
        ScreenSpec("settlement", str(QT_TRANSLATE_NOOP("Screens", "Consignment settlement")), "Ctrl+8", managers,
                   settlement.SettlementScreen),
    ]
    return specs
