"""Adding or editing a product: every field checked by the service at once, each error shown under
its field in the person's language; nothing is saved until all are right."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.clock import business_day
from showroom_pos.core.errors import UserError
from showroom_pos.core.money import format_vnd, parse_vnd
from showroom_pos.runtime.i18n import error_text
from showroom_pos.services.catalogue import producers as catalogue_producers
from showroom_pos.services.catalogue import products
from showroom_pos.services.catalogue.product_fields import ProductInput
from showroom_pos.services.field_errors import FieldError, InvalidFields

from .inventory_common import (
    GROUP_LABELS,
    VAT_LABELS,
    add_checked_row,
    label,
    pydate,
    qdate,
    show_error,
    with_approval,
)
from .scanner_filter import accept_scans
from .session import UiSession


class ProductDialog(QDialog):
    saved = Signal(int)

    def __init__(self, ui: UiSession, product_id: int | None = None, parent: QWidget | None = None, *,
                 new: ProductInput | None = None) -> None:
        """Edit ``product_id``, or make a new product (``new``: its fields filled in already, as a goods receipt
        fills the barcode it did not know and the delivery's producer)."""
        super().__init__(parent)
        self.ui = ui
        self.product_id = product_id
        self.setObjectName("productDialog")
        self.setWindowTitle(self.tr("New product") if product_id is None else self.tr("Edit product"))
        data = (
            ui.read(lambda s: products.product_input(s, product_id))
            if product_id is not None
            else new or ProductInput(sku="", name="", price=0, ocop_group="food")
        )
        producers = ui.read(lambda s: catalogue_producers.list_producers(s, include_inactive=True))
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        # A long label goes above its field rather than pushing the form sideways (it was wider than a
        # 1366 px screen in Vietnamese, with a horizontal scroll bar).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

        def add(field: str, label: str, widget: QWidget) -> None:
            add_checked_row(form, self.errors, field, label, widget)

        self.sku = QLineEdit(data.sku)
        self.sku.setObjectName("productSku")
        add("sku", self.tr("SKU"), self.sku)
        self.name = QLineEdit(data.name)
        self.name.setObjectName("productName")
        add("name", self.tr("Name"), self.name)
        self.unit = QLineEdit(data.unit)
        add("unit", self.tr("Unit"), self.unit)
        self.price = QLineEdit(format_vnd(data.price, symbol=False) if data.price else "")
        self.price.setObjectName("productPrice")
        self.price.setPlaceholderText("55.000")
        add("price", self.tr("Price (VAT included, per kg for goods by weight)"), self.price)
        self.cost = QLineEdit(format_vnd(data.cost, symbol=False) if data.cost is not None else "")
        self.cost.setObjectName("productCost")
        add("cost", self.tr("Cost"), self.cost)
        self.barcodes = QLineEdit("; ".join(data.barcodes))
        self.barcodes.setObjectName("productBarcodes")
        self.barcodes.setPlaceholderText(self.tr("8938… ; scale item code 2000001"))
        add("barcodes", self.tr("Barcodes"), self.barcodes)
        accept_scans(self.barcodes, self._barcode_scanned)  # the one field of this form a scan fills
        self.errors["scale_item_code"] = self.errors["barcodes"]
        self.vat = QComboBox()
        for key in VAT_LABELS:
            self.vat.addItem(label(VAT_LABELS, key), key)
        self.vat.setCurrentIndex(max(self.vat.findData(data.vat_category), 0))
        add("vat_category", self.tr("VAT"), self.vat)
        self.group = QComboBox()
        self.group.setObjectName("productGroup")
        self.group.addItem(self.tr("— none —"), None)
        for key in GROUP_LABELS:
            self.group.addItem(label(GROUP_LABELS, key), key)
        self.group.setCurrentIndex(max(self.group.findData(data.ocop_group), 0))
        add("ocop_group", self.tr("OCOP group"), self.group)
        self.stars = QComboBox()
        self.stars.setObjectName("productStars")
        self.stars.addItem(self.tr("— not rated —"), None)
        for n in (3, 4, 5):
            self.stars.addItem("★" * n, n)
        self.stars.setCurrentIndex(max(self.stars.findData(data.stars), 0) if data.stars in (3, 4, 5) else 0)
        add("stars", self.tr("OCOP stars"), self.stars)
        self.certificate_no = QLineEdit(data.certificate_no or "")
        add("certificate_no", self.tr("Certificate (decision) number"), self.certificate_no)
        self.has_signed, self.signed = self._date_pair(data.certificate_signed)
        self.has_signed.setObjectName("productHasSigned")
        self.signed.setObjectName("productSigned")
        add("certificate_signed", self.tr("Certificate signed on"), self._row(self.has_signed, self.signed))
        self.has_expires, self.expires = self._date_pair(data.certificate_expires)
        self.expires_note = QLabel(self.tr("Leave unticked: signing date + 36 months."))
        self.expires_note.setWordWrap(True)
        expires_box = QWidget()
        expires_column = QVBoxLayout(expires_box)
        expires_column.setContentsMargins(0, 0, 0, 0)
        expires_column.addWidget(self._row(self.has_expires, self.expires))
        expires_column.addWidget(self.expires_note)
        add("certificate_expires", self.tr("Certificate expires on"), expires_box)
        self.producer = QComboBox()
        self.producer.setObjectName("productProducer")
        self.producer.addItem(self.tr("— none —"), None)
        for p in producers:
            self.producer.addItem(p.name if p.active else self.tr("{name} (inactive)").format(name=p.name), p.id)
        self.producer.setCurrentIndex(max(self.producer.findData(data.producer_id), 0))
        add("producer_id", self.tr("Producer"), self.producer)
        self.consigned = QCheckBox(self.tr("Consigned by the producer (settled monthly)"))
        self.consigned.setChecked(data.consigned)
        add("consigned", "", self.consigned)
        self.sold_by_weight = QCheckBox(self.tr("Sold by weight (quantities in grams, price per kg)"))
        self.sold_by_weight.setChecked(data.sold_by_weight)
        add("sold_by_weight", "", self.sold_by_weight)
        self.reorder = QSpinBox()
        self.reorder.setRange(0, 10_000_000)
        self.reorder.setValue(data.reorder_level)
        add("reorder_level", self.tr("Reorder level"), self.reorder)
        # Goods by weight count in grams: say so where the level is typed (a "5" meant as kilograms is 5 g).
        self.sold_by_weight.toggled.connect(lambda weighed: self.reorder.setSuffix(" g" if weighed else ""))
        self.reorder.setSuffix(" g" if data.sold_by_weight else "")
        self.quick_key = QSpinBox()
        self.quick_key.setRange(0, 999)
        self.quick_key.setSpecialValueText(self.tr("none"))
        self.quick_key.setValue(data.quick_key or 0)
        add("quick_key", self.tr("Quick key"), self.quick_key)
        self.active = QCheckBox(self.tr("Active (can be sold)"))
        self.active.setChecked(data.active)
        add("active", "", self.active)
        self.message = QLabel()
        self.message.setObjectName("productMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        for combo in (self.vat, self.group, self.stars, self.producer):  # a long name is elided, not the form widened
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # scrolls down, never sideways
        scroll.setWidget(inner)
        # The keyboard goes to the form's first empty field, not to the scroll area around it: typing a new
        # product's SKU went nowhere until a field was clicked.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(820, 680)  # room for the long labels beside their fields; clamped to the screen when shown
        next((field for field in (self.sku, self.name, self.price) if not field.text()), self.name).setFocus()


    def _barcode_scanned(self, code: str) -> None:
        """A scan in the barcode field adds the code to the list (once)."""
        codes = [c.strip() for c in self.barcodes.text().replace(",", ";").split(";") if c.strip()]
        if code not in codes:
            codes.append(code)
        self.barcodes.setText("; ".join(codes))
    def _date_pair(self, value: object) -> tuple[QCheckBox, QDateEdit]:
        check = QCheckBox()
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setDate(qdate(value) if value is not None else qdate(business_day()))  # type: ignore[arg-type]
        check.setChecked(value is not None)
        edit.setEnabled(value is not None)
        check.toggled.connect(edit.setEnabled)
        return check, edit

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        for w in widgets:
            row.addWidget(w)
        row.addStretch(1)
        return box

    def clear_errors(self) -> None:
        for error_label in self.errors.values():
            error_label.clear()
            error_label.hide()
        self.message.clear()

    def mark(self, field: str, text: str) -> None:
        error_label = self.errors.get(field)
        if error_label is None:
            show_error(self.message, (self.message.text() + "\n" + text).strip())
            return
        error_label.setText((error_label.text() + "\n" + text).strip())
        error_label.show()

    def collect(self) -> ProductInput | None:
        """The form as input for the service; None (with the fields marked) if a number cannot be read."""
        self.clear_errors()
        problems = False
        price = cost = None
        try:
            price = parse_vnd(self.price.text()) if self.price.text().strip() else 0
        except ValueError:
            self.mark("price", self.tr("Price: {value} is not an amount in đồng.").format(value=self.price.text()))
            problems = True
        try:
            cost = parse_vnd(self.cost.text()) if self.cost.text().strip() else None
        except ValueError:
            self.mark("cost", self.tr("Cost: {value} is not an amount in đồng.").format(value=self.cost.text()))
            problems = True
        if problems or price is None:
            return None
        codes = tuple(c for c in self.barcodes.text().replace(",", ";").split(";") if c.strip())
        return ProductInput(
            sku=self.sku.text(),
            name=self.name.text(),
            price=price,
            unit=self.unit.text(),
            barcodes=codes,
            cost=cost,
            sold_by_weight=self.sold_by_weight.isChecked(),
            vat_category=str(self.vat.currentData()),
            ocop_group=self.group.currentData(),
            stars=self.stars.currentData(),
            certificate_no=self.certificate_no.text() or None,
            certificate_signed=pydate(self.signed.date()) if self.has_signed.isChecked() else None,
            certificate_expires=pydate(self.expires.date()) if self.has_expires.isChecked() else None,
            producer_id=self.producer.currentData(),
            consigned=self.consigned.isChecked(),
            reorder_level=self.reorder.value(),
            active=self.active.isChecked(),
            quick_key=self.quick_key.value() or None,
        )

    def save(self) -> bool:
        data = self.collect()
        if data is None:
            return False
        actor = self.ui.user.actor
        try:
            if self.product_id is None:
                result = with_approval(
                    self.ui, self, lambda s, a: products.create_product(s, actor, data, approved_by=a).id
                )
            else:
                pid = self.product_id
                result = with_approval(
                    self.ui, self, lambda s, a: (products.update_product(s, actor, pid, data, approved_by=a), pid)[1]
                )
        except InvalidFields as exc:
            for error in exc.errors:
                self.mark(error.field, error_text(error))
            show_error(self.message, self.tr("Nothing was saved: correct the marked fields."))
            return False
        except FieldError as exc:
            self.mark(exc.field, error_text(exc))
            show_error(self.message, self.tr("Nothing was saved: correct the marked fields."))
            return False
        except UserError as exc:
            show_error(self.message, exc)
            return False
        if result is None:
            show_error(self.message, self.tr("Not saved: no manager approved."))
            return False
        self.product_id = result
        self.saved.emit(result)
        self.ui.events.data_changed.emit("products")
        self.accept()
        return True
