"""The catalogue for managers: search ignoring Vietnamese diacritics, filters (producer, stars, group,
low stock, certificate expiring), photos, and from here: edit, deactivate, adjust stock, read the
ledger, import the province's list and export the catalogue or the stock list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import UserError
from showroom_pos.runtime.i18n import count_text, one_or_many
from showroom_pos.services import exports
from showroom_pos.services.catalogue import producers as catalogue_producers
from showroom_pos.services.catalogue import product_list, products
from showroom_pos.services.catalogue.product_list import ProductFilter, ProductRow

from .import_products import ImportDialog
from .inventory_common import (
    AMBER,
    CERTIFICATE_LABELS,
    FITTED_ROWS,
    GREY,
    GROUP_LABELS,
    RED,
    Col,
    PagedRowsModel,
    ask_open_path,
    ask_save_path,
    confirm,
    export_failure_text,
    fit_columns,
    label,
    money,
    qty_text,
    show_error,
    show_ok,
    vn_day,
    with_approval,
)
from .product_dialog import ProductDialog
from .scanner_filter import accept_scans
from .screens import open_dialog
from .session import UiSession
from .stock_adjustment import AdjustmentDialog
from .stock_ledger import LedgerDialog
from .tasks import TaskRunner

PHOTO_SIZE = 40
PRODUCTS_PAGE = FITTED_ROWS  # the rows read at a time: the first page is what the columns are fitted to


def photos_dir(ui: UiSession) -> Path:
    """Product photos live beside the database (copied and shrunk by the service)."""
    return ui.app.paths.database.parent / "photos"


class PhotoCache:
    def __init__(self) -> None:
        self._icons: dict[str, QIcon | None] = {}

    def icon(self, path: str | None) -> QIcon | None:
        if not path:
            return None
        if path not in self._icons:
            pixmap = QPixmap(path)
            self._icons[path] = (
                None
                if pixmap.isNull()
                else QIcon(
                    pixmap.scaled(
                        PHOTO_SIZE,
                        PHOTO_SIZE,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            )
        return self._icons[path]

    def forget(self, path: str | None) -> None:
        if path:
            self._icons.pop(path, None)

    def clear(self) -> None:
        self._icons.clear()


def _cert_colour(row: ProductRow) -> Any:
    return {"expired": RED, "expiring": AMBER}.get(row.certificate_status)


def product_columns(photos: PhotoCache) -> list[Col]:
    return [
        Col(
            QCoreApplication.translate("Inventory", "Photo"),
            lambda r: "",
            decoration=lambda r: photos.icon(r.photo_path),
        ),
        Col(
            QCoreApplication.translate("Inventory", "SKU"), lambda r: r.sku, colour=lambda r: None if r.active else GREY
        ),
        Col(
            QCoreApplication.translate("Inventory", "Name"),
            lambda r: (
                r.name if r.active else QCoreApplication.translate("Inventory", "{name} (inactive)").format(name=r.name)
            ),
            colour=lambda r: None if r.active else GREY,
        ),
        Col(QCoreApplication.translate("Inventory", "Producer"), lambda r: r.producer_name),
        Col(QCoreApplication.translate("Inventory", "Stars"), lambda r: "★" * (r.stars or 0)),
        Col(QCoreApplication.translate("Inventory", "Group"), lambda r: label(GROUP_LABELS, r.group)),
        Col(QCoreApplication.translate("Inventory", "Price"), lambda r: money(r.price), numeric=True),
        Col(
            QCoreApplication.translate("Inventory", "On hand"),
            lambda r: qty_text(r.on_hand, r.sold_by_weight),
            numeric=True,
            colour=lambda r: RED if r.on_hand < 0 else (AMBER if r.low else None),
        ),
        Col(
            QCoreApplication.translate("Inventory", "Reorder level"),
            lambda r: qty_text(r.reorder_level, r.sold_by_weight),
            numeric=True,
        ),
        Col(
            QCoreApplication.translate("Inventory", "Certificate expires"),
            lambda r: vn_day(r.certificate_expires),
            colour=_cert_colour,
        ),
        Col(
            QCoreApplication.translate("Inventory", "Certificate"),
            lambda r: label(CERTIFICATE_LABELS, r.certificate_status),
            colour=_cert_colour,
        ),
        Col(QCoreApplication.translate("Inventory", "Barcodes"), lambda r: "; ".join(r.barcodes)),
    ]


class ProductsScreen(QWidget):
    exported = Signal(object)  # the file an export wrote, or None

    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("productsScreen")
        self.photos = PhotoCache()
        self.search = QLineEdit()
        self.search.setObjectName("productSearch")
        self.search.setPlaceholderText(self.tr("Search: name, producer, SKU or barcode (mam tom finds Mắm tôm)"))
        self.search.setClearButtonEnabled(True)
        accept_scans(self.search, self.search.setText)  # a box that searches by barcode takes a scan as its query
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.producer = QComboBox()
        self.producer.setObjectName("filterProducer")
        self.stars = QComboBox()
        self.stars.setObjectName("filterStars")
        self.stars.addItem(self.tr("All stars"), None)
        for n in (3, 4, 5):
            self.stars.addItem("★" * n, n)
        self.group = QComboBox()
        self.group.setObjectName("filterGroup")
        self.group.addItem(self.tr("All groups"), None)
        for key in GROUP_LABELS:
            self.group.addItem(label(GROUP_LABELS, key), key)
        self.low_stock = QCheckBox(self.tr("Low stock"))
        self.low_stock.setObjectName("filterLowStock")
        self.expiring = QCheckBox(self.tr("Certificate expiring or expired"))
        self.expiring.setObjectName("filterExpiring")
        self.inactive = QCheckBox(self.tr("Show inactive"))
        self.inactive.setObjectName("filterInactive")
        for combo in (self.producer, self.stars, self.group):
            combo.currentIndexChanged.connect(self.refresh)
        for box in (self.low_stock, self.expiring, self.inactive):
            box.toggled.connect(self.refresh)
        self.model = PagedRowsModel(product_columns(self.photos), PRODUCTS_PAGE, self)
        self.table = QTableView()
        self.table.setObjectName("productsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setIconSize(QSize(PHOTO_SIZE, PHOTO_SIZE))
        self.table.verticalHeader().setDefaultSectionSize(PHOTO_SIZE + 4)
        fit_columns(self.table)
        self.table.doubleClicked.connect(lambda _i: self.edit_product())
        self.count = QLabel()
        self.count.setObjectName("productsCount")
        self.message = QLabel()
        self.message.setObjectName("productsMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        self.export_buttons: list[QPushButton] = []
        self.exports = TaskRunner(self)
        for text, slot, name in (
            (self.tr("New…"), self.new_product, "productNew"),
            (self.tr("Edit…"), self.edit_product, "productEdit"),
            (self.tr("Deactivate / delete"), self.remove_product, "productRemove"),
            (self.tr("Photo…"), self.choose_photo, "productPhoto"),
            (self.tr("Adjust stock…"), self.adjust_stock, "productAdjust"),
            (self.tr("Ledger…"), self.open_ledger, "productLedger"),
            (self.tr("Import list…"), self.import_list, "productImport"),
            (self.tr("Export catalogue…"), lambda: self.export("products"), "productExport"),
            (self.tr("Export stock…"), lambda: self.export("stock"), "stockExport"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
            if name in ("productExport", "stockExport"):
                self.export_buttons.append(button)
        buttons.addStretch(1)
        # Two rows: the search box and the choices get room on a 1280 px screen, the tick boxes go below
        # (in one row they forced the window wider than the screen and squeezed the search to 25 px).
        self.search.setMinimumWidth(220)
        self.producer.setMinimumContentsLength(18)
        self.producer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        choices = QHBoxLayout()
        choices.addWidget(self.search, 3)
        choices.addWidget(self.producer, 2)
        choices.addWidget(self.stars)
        choices.addWidget(self.group)
        ticks = QHBoxLayout()
        ticks.addWidget(self.low_stock)
        ticks.addWidget(self.expiring)
        ticks.addWidget(self.inactive)
        ticks.addStretch(1)
        filters = QVBoxLayout()
        filters.addLayout(choices)
        filters.addLayout(ticks)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.stale = False  # the rows are out of date (or were released): read again when shown
        self.listed = ProductFilter()  # the filter of the rows listed
        ui.events.data_changed.connect(self._changed)
        ui.events.sale_completed.connect(lambda _sale: self._changed("sale"))
        self.load_producers()
        self.refresh()

    def _changed(self, what: str) -> None:
        if what == "producers":
            self.load_producers()
        if self.stale:  # left behind: a sale at the checkout does not reload the whole catalogue behind it
            return
        self.refresh()

    def release(self) -> None:
        """The screen was left: its rows (the whole catalogue) and photos go; shown again, it reads them afresh."""
        self.model.set_rows([])
        self.photos.clear()
        self.stale = True

    def showEvent(self, event: Any) -> None:
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def load_producers(self) -> None:
        current = self.producer.currentData()
        producers = self.ui.read(lambda s: catalogue_producers.list_producers(s, include_inactive=True))
        self.producer.blockSignals(True)
        self.producer.clear()
        self.producer.addItem(self.tr("All producers"), None)
        for p in producers:
            self.producer.addItem(p.name, p.id)
        self.producer.setCurrentIndex(max(self.producer.findData(current), 0))
        self.producer.blockSignals(False)

    def current_filter(self) -> ProductFilter:
        return ProductFilter(
            text=self.search.text(),
            producer_id=self.producer.currentData(),
            stars=self.stars.currentData(),
            group=self.group.currentData(),
            low_stock=self.low_stock.isChecked(),
            certificate_expiring=self.expiring.isChecked(),
            include_inactive=self.inactive.isChecked(),
        )

    def refresh(self) -> None:
        self.stale = False
        selected = self.selected()
        flt = self.current_filter()
        self.listed = flt
        self.model.read(lambda after: self.ui.read(
            lambda s: product_list.list_products(s, flt, limit=PRODUCTS_PAGE, after=after)))
        count = self.ui.read(lambda s: product_list.count_products(s, flt))
        listed = one_or_many(count, "{count} product", self.tr("{count} products"))
        self.count.setText(listed.format(count=count_text(count)))
        if selected is not None:
            self.highlight(selected.id)

    def highlight(self, product_id: int) -> None:
        """Select the product's row, when the list has it: further down than the pages read (a product just saved,
        or the one selected before a search), the rows up to it are read first, in one go."""
        rows = self.model.rows
        found = next((i for i, row in enumerate(rows) if row.id == product_id), None)
        if found is None and rows and self.model.canFetchMore():
            flt = self.listed
            wanted = self.ui.read(lambda s: product_list.list_products(s, flt, only_id=product_id))
            if wanted and (wanted[0].name_sort, wanted[0].id) > (rows[-1].name_sort, rows[-1].id):
                last = rows[-1]
                self.model.append(self.ui.read(
                    lambda s: product_list.list_products(s, flt, after=last, through=wanted[0])))
                found = len(self.model.rows) - 1
        if found is not None:
            self.table.selectRow(found)
            self.table.scrollTo(self.model.index(found, 0))  # (a reset list does not scroll to it by itself)

    def selected(self) -> ProductRow | None:
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(indexes[0].row()) if indexes else None

    def _need_selection(self) -> ProductRow | None:
        row = self.selected()
        if row is None:
            show_error(self.message, self.tr("Select a product first."))
        return row

    # --- actions ------------------------------------------------------------------------------------

    def new_product(self) -> ProductDialog:
        dialog = ProductDialog(self.ui, None, self)
        dialog.saved.connect(self._created)
        open_dialog(dialog)
        return dialog

    def _created(self, product_id: int) -> None:
        self.refresh()
        self.highlight(product_id)

    def edit_product(self) -> ProductDialog | None:
        row = self._need_selection()
        if row is None:
            return None
        dialog = ProductDialog(self.ui, row.id, self)
        dialog.saved.connect(lambda _pid: self.refresh())
        open_dialog(dialog)
        return dialog

    def remove_product(self, ask: bool = True) -> str | None:
        row = self._need_selection()
        if row is None:
            return None
        if ask and not confirm(
            self,
            self.tr(
                "Remove {name}? A product that was ever sold or received is only deactivated, never deleted."
            ).format(name=row.name),
        ):
            return None
        actor = self.ui.user.actor
        try:
            outcome = with_approval(
                self.ui, self, lambda s, a: products.remove_product(s, actor, row.id, approved_by=a)
            )
        except UserError as exc:
            show_error(self.message, exc)
            return None
        if outcome == "deleted":
            show_ok(self.message, self.tr("{name} was deleted.").format(name=row.name))
        elif outcome == "deactivated":
            show_ok(
                self.message,
                self.tr("{name} has history, so it was deactivated (kept for reports).").format(name=row.name),
            )
        self.ui.events.data_changed.emit("products")
        return outcome

    def choose_photo(self, path: Path | None = None) -> None:
        row = self._need_selection()
        if row is None:
            return
        if path is None:
            path = ask_open_path(self, self.tr("Product photo"), self.tr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"))
            if path is None:
                return
        actor, folder = self.ui.user.actor, photos_dir(self.ui)
        try:
            stored = with_approval(
                self.ui, self, lambda s, a: products.set_product_photo(s, actor, row.id, path, folder, approved_by=a)
            )
        except UserError as exc:
            show_error(self.message, exc)
            return
        self.photos.forget(stored)
        show_ok(self.message, self.tr("Photo saved."))
        self.ui.events.data_changed.emit("products")

    def adjust_stock(self) -> AdjustmentDialog | None:
        row = self._need_selection()
        if row is None:
            return None
        dialog = AdjustmentDialog(self.ui, row.id, self)
        open_dialog(dialog)
        return dialog

    def open_ledger(self) -> LedgerDialog | None:
        row = self._need_selection()
        if row is None:
            return None
        dialog = LedgerDialog(self.ui, row.id, self)
        open_dialog(dialog)
        return dialog

    def import_list(self, path: Path | None = None) -> ImportDialog:
        dialog = ImportDialog(self.ui, self)
        dialog.open()  # kept: its check runs in the background and reports back to it
        if path is not None:
            dialog.load(path)
        return dialog

    def export(self, what: str, path: Path | None = None) -> None:
        """Write the catalogue or the stock list to ``path`` (asks where unless given) on a worker thread: at 50,000
        products the XLSX takes seconds (the screen froze ~12 s), during which the screen stays in use; one export
        at a time. ``exported`` says when it is done (the path, or None when it was not written)."""
        if path is None:
            # The stock on hand is of a day: each day's export its own file.
            suggested = "danh-muc-san-pham.xlsx" if what == "products" else f"ton-kho-{business_day():%Y-%m-%d}.xlsx"
            path = ask_save_path(self, self.tr("Export"), suggested, self.tr("Excel (*.xlsx);;CSV (*.csv)"))
            if path is None:
                return
        sessions, target, inactive = self.ui.app.read_sessions, path, self.inactive.isChecked()

        def work() -> int:
            with sessions() as session:
                if what == "products":
                    return exports.export_products(session, target, include_inactive=inactive)
                return exports.export_stock(session, target)

        for button in self.export_buttons:
            button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Exporting to {path}…").format(path=target))
        self.exports.run(work, lambda count: self._exported(target, count), self._not_exported)

    def _exported(self, path: Path, count: int) -> None:
        for button in self.export_buttons:
            button.setEnabled(True)
        written = one_or_many(count, "{count} row written to {path}.", self.tr("{count} rows written to {path}."))
        show_ok(self.message, written.format(count=count_text(count), path=path))
        self.exported.emit(path)

    def _not_exported(self, error: BaseException) -> None:
        for button in self.export_buttons:
            button.setEnabled(True)
        show_error(self.message, export_failure_text(error))
        self.exported.emit(None)

    def shutdown(self) -> None:
        """Before a logout: an export under way finishes writing its file."""
        self.exports.shutdown()
