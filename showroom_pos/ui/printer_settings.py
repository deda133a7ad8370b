"""Printer settings: choose and test the receipt printer, preview a receipt, open the drawer, print
product labels.

The test page prints the same Vietnamese sample twice, as an image (raster) and in the printer's own
font (text, with the code page of its profile), so the manager sees which one this printer gets right.
The preview is drawn by the receipt renderer itself: it is the raster receipt, dot for dot.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core.errors import UserError
from showroom_pos.core.receipt import DocumentKind, PaymentLine, ReceiptDocument, ReceiptLine, VatLine
from showroom_pos.hardware.printers import PrinterConfig, PrinterStatus, parse_connection
from showroom_pos.hardware.receipt_render import available_profiles, render_raster
from showroom_pos.runtime.i18n import count_text, error_text, one_or_many, problem_text, translated_reason
from showroom_pos.services import permissions, printing, settings
from showroom_pos.services.till import cash_drawer

from .approval import request_approval
from .inventory_common import ask_save_path, confirm
from .session import UiSession
from .tasks import TaskRunner


def pil_to_pixmap(image: Image.Image) -> QPixmap:
    grey = image.convert("L")
    data = grey.tobytes()
    qimage = QImage(data, grey.width, grey.height, grey.width, QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(qimage.copy())


class ReceiptPreview(QLabel):
    """The receipt image as wide as its column allows: an 80 mm receipt (576 dots) is scaled down to fit a
    1280 px screen's column instead of being scrolled sideways; it scrolls down only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QPixmap | None = None

    def set_image(self, pixmap: QPixmap) -> None:
        self.image = pixmap
        self._fit()
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        return self.image is not None

    def heightForWidth(self, width: int) -> int:
        if self.image is None or self.image.width() == 0:
            return super().heightForWidth(width)
        return round(self.image.height() * min(1.0, width / self.image.width()))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0) if self.image is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:
        return self.image.size() if self.image is not None else super().sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.image is None:
            return
        width = max(1, self.width())
        shown = self.image if self.image.width() <= width else self.image.scaledToWidth(
            width, Qt.TransformationMode.SmoothTransformation)
        if self.pixmap().size() != shown.size():
            self.setPixmap(shown)


def sample_document(outlet_name: str) -> ReceiptDocument:
    """A receipt to preview before the first sale."""
    return ReceiptDocument(
        kind=DocumentKind.SALE, outlet_name=outlet_name, number="CL01-260101-0001",
        issued_at=datetime.now(UTC), cashier="Trần Văn Minh",
        lines=(ReceiptLine("Mắm tôm chà Gò Công hũ 200 g", 2, "hũ", 55_000, 110_000, stars=4, vat_rate_bp=800),
               ReceiptLine("Trà mãng cầu xiêm túi lọc 100 g", 1, "hộp", 65_000, 65_000, stars=4, vat_rate_bp=800)),
        subtotal=175_000, total=175_000, vat=(VatLine(800, 175_000, 12_963),),
        payments=(PaymentLine("cash", 175_000, 200_000),), change_due=25_000,
        footer="Cảm ơn quý khách! Hẹn gặp lại.", code="CL01-260101-0001",
    )


LARGE_LABEL_BATCH = 1000  # labels: above this many the screen asks first (~7 s; every product of 50,000: minutes)


class PrinterSettingsScreen(QWidget):
    labels_progress = Signal(int, int)  # labels drawn, labels in all (emitted by the labels' worker thread)

    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("printerSettingsScreen")
        self.runner = TaskRunner(self)
        self.labels = TaskRunner(self)  # a batch of labels may take minutes: the printer's checks do not wait for it
        self._labels_stop: threading.Event | None = None  # set: the batch under way stops at its next page
        self.labels_progress.connect(self._labels_drawn)
        values = ui.read(lambda s: settings.get_many(s, "printer.") | {"receipt.footer": settings.get(s,
                                                                                                    "receipt.footer")})
        self._values = values

        self.kind = QComboBox()
        self.kind.setObjectName("printerKind")
        for kind, name in (("none", self.tr("No printer")), ("network", self.tr("Network (LAN)")),
                           ("usb", self.tr("USB")), ("serial", self.tr("Serial port")),
                           ("cups", self.tr("System printer (CUPS)")), ("win32", self.tr("Windows printer")),
                           ("file", self.tr("File (raw bytes)"))):
            self.kind.addItem(name, kind)
        self.target = QLineEdit()
        self.target.setObjectName("printerTarget")
        self.profile = QComboBox()
        self.profile.setObjectName("printerProfile")
        for key, name in available_profiles():
            self.profile.addItem(f"{name} ({key})" if key != "default" else self.tr("Generic ESC/POS (default)"), key)
        self.mode = QComboBox()
        self.mode.setObjectName("printerMode")
        self.mode.addItem(self.tr("Image (raster): right on every printer"), "raster")
        self.mode.addItem(self.tr("Printer's font (text) with a Vietnamese code page"), "text")
        self.codepage = QComboBox()
        self.codepage.setObjectName("printerCodepage")
        for key, name in (("auto", self.tr("Automatic (from the printer model)")), ("tcvn3", "TCVN-3"),
                          ("cp1258", "CP1258 (Windows-1258)"), ("ascii", self.tr("No accents"))):
            self.codepage.addItem(name, key)
        self.paper = QComboBox()
        self.paper.setObjectName("printerPaper")
        self.paper.addItem(self.tr("80 mm"), "80")
        self.paper.addItem(self.tr("58 mm"), "58")
        self.drawer_pin = QComboBox()
        self.drawer_pin.setObjectName("printerDrawerPin")
        self.drawer_pin.addItem(self.tr("Pin 2"), "2")
        self.drawer_pin.addItem(self.tr("Pin 5"), "5")
        self.drawer_pulse = QSpinBox()
        self.drawer_pulse.setObjectName("printerDrawerPulse")
        self.drawer_pulse.setRange(10, 510)
        self.drawer_pulse.setSingleStep(10)
        self.drawer_pulse.setSuffix(" ms")
        self.footer = QLineEdit()
        self.footer.setObjectName("receiptFooter")
        self._targets: dict[str, str] = {}  # the address typed for each kind of connection
        self._shown_kind: str | None = None
        self._load(values)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for combo in (self.paper, self.profile):
            combo.currentIndexChanged.connect(self.refresh_preview)

        connection_row = QHBoxLayout()
        connection_row.addWidget(self.kind)
        connection_row.addWidget(self.target, 1)
        box = QGroupBox(self.tr("Receipt printer"))
        form = QFormLayout(box)
        form.addRow(self.tr("Connection"), connection_row)
        form.addRow(self.tr("Printer model"), self.profile)
        form.addRow(self.tr("Vietnamese"), self.mode)
        form.addRow(self.tr("Code page (text mode)"), self.codepage)
        form.addRow(self.tr("Paper"), self.paper)
        form.addRow(self.tr("Cash drawer"), self.drawer_pin)
        form.addRow(self.tr("Drawer pulse"), self.drawer_pulse)
        form.addRow(self.tr("Receipt footer"), self.footer)

        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("printerSave")
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(self.tr("Save and print the test page"))
        self.test_button.setObjectName("printerTest")
        self.test_button.clicked.connect(self.print_test_page)
        self.check_button = QPushButton(self.tr("Check the printer"))
        self.check_button.setObjectName("printerCheck")
        self.check_button.clicked.connect(self.check_printer)
        self.drawer_button = QPushButton(self.tr("Open the cash drawer…"))
        self.drawer_button.setObjectName("printerDrawer")
        self.drawer_button.clicked.connect(self.open_drawer)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.test_button, self.check_button, self.drawer_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.preview = ReceiptPreview()
        self.preview.setObjectName("printerPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        preview_scroll = QScrollArea()
        preview_scroll.setWidget(self.preview)
        preview_scroll.setWidgetResizable(True)
        preview_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # fitted, never sideways
        preview_scroll.setMinimumWidth(420)
        preview_box = QGroupBox(self.tr("Receipt preview (the latest sale)"))
        QVBoxLayout(preview_box).addWidget(preview_scroll)

        self.label_skus = QLineEdit()
        self.label_skus.setObjectName("labelSkus")
        self.label_skus.setPlaceholderText(self.tr("SKUs separated by spaces (empty: every active product)"))
        self.label_single = QCheckBox(self.tr("Single labels for a label printer (one a page)"))
        self.label_single.setObjectName("labelSingle")
        self.label_button = QPushButton(self.tr("Save labels as PDF…"))
        self.label_button.setObjectName("labelSave")
        self.label_button.clicked.connect(self.choose_label_file)
        self.label_stop_button = QPushButton(self.tr("Stop making labels"))
        self.label_stop_button.setObjectName("labelStop")
        self.label_stop_button.clicked.connect(self.stop_labels)
        self.label_stop_button.hide()
        self.assign_button = QPushButton(self.tr("Give products without a barcode an in-store code…"))
        self.assign_button.setObjectName("labelAssign")
        self.assign_button.clicked.connect(self.assign_codes)
        labels_box = QGroupBox(self.tr("Product labels"))
        labels_layout = QVBoxLayout(labels_box)
        labels_layout.addWidget(self.label_skus)
        labels_layout.addWidget(self.label_single)
        label_buttons = QHBoxLayout()
        label_buttons.addWidget(self.label_button)
        label_buttons.addWidget(self.label_stop_button)
        label_buttons.addWidget(self.assign_button)
        label_buttons.addStretch(1)
        labels_layout.addLayout(label_buttons)

        self.message = QLabel()
        self.message.setObjectName("printerMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        left = QVBoxLayout()
        left.addWidget(box)
        left.addLayout(buttons)
        left.addWidget(labels_box)
        left.addWidget(self.message)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(preview_box)
        self.refresh_preview()

    # --- the form ----------------------------------------------------------------------------------

    def _load(self, values: dict[str, str]) -> None:
        kind, _, target = values.get("printer.connection", "none").partition(":")
        self._targets, self._shown_kind = {kind: target}, None
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.kind.blockSignals(False)
        self.profile.setCurrentIndex(max(0, self.profile.findData(values.get("printer.profile", "default"))))
        self.mode.setCurrentIndex(max(0, self.mode.findData(values.get("printer.mode", "raster"))))
        self.codepage.setCurrentIndex(max(0, self.codepage.findData(values.get("printer.codepage", "auto"))))
        self.paper.setCurrentIndex(max(0, self.paper.findData(values.get("printer.paper_mm", "80"))))
        self.drawer_pin.setCurrentIndex(max(0, self.drawer_pin.findData(values.get("printer.drawer_pin", "2"))))
        self.drawer_pulse.setValue(int(values.get("printer.drawer_pulse_ms", "100")))
        self.footer.setText(values.get("receipt.footer", ""))
        self._kind_changed()

    def _hint(self, kind: str) -> str:
        """What the address of a ``kind`` of connection looks like (the field's placeholder)."""
        return {
            "network": "192.168.1.50:9100",
            "usb": "04b8:0202",
            "serial": self.tr("/dev/ttyUSB0 or COM3 (add :115200 for the speed)"),
            "cups": self.tr("the printer's name in CUPS"),
            "win32": self.tr("the printer's name in Windows"),
            "file": self.tr("/path/to/receipts.bin"),
        }.get(kind, "")

    def _kind_changed(self) -> None:
        """Each kind of connection keeps its own address: a file's path left in the field when "Network" is chosen
        would be saved as the printer's network address (the placeholder shows what one looks like)."""
        if self._shown_kind is not None:
            self._targets[self._shown_kind] = self.target.text()
        kind = self.kind.currentData()
        self._shown_kind = kind
        self.target.setText(self._targets.get(kind, ""))
        self.target.setEnabled(kind != "none")
        self.target.setPlaceholderText(self._hint(kind))

    def connection(self) -> str:
        kind = self.kind.currentData()
        return "none" if kind == "none" else f"{kind}:{self.target.text().strip()}"

    def form_values(self) -> dict[str, str]:
        return {
            "printer.connection": self.connection(),
            "printer.profile": str(self.profile.currentData()),
            "printer.mode": str(self.mode.currentData()),
            "printer.codepage": str(self.codepage.currentData()),
            "printer.paper_mm": str(self.paper.currentData()),
            "printer.drawer_pin": str(self.drawer_pin.currentData()),
            "printer.drawer_pulse_ms": str(self.drawer_pulse.value()),
            "receipt.footer": self.footer.text(),
        }

    def form_config(self) -> PrinterConfig:
        v = settings.Values(self.form_values())
        return PrinterConfig(connection=v["printer.connection"], profile=v["printer.profile"], mode=v["printer.mode"],
                             paper_mm=v.number("printer.paper_mm"), codepage=v["printer.codepage"],
                             drawer_pin=v.number("printer.drawer_pin"),
                             drawer_pulse_ms=v.number("printer.drawer_pulse_ms"))

    def save(self) -> bool:
        values = self.form_values()
        try:
            parse_connection(values["printer.connection"])
        except ValueError as exc:
            self.message.setText(self.tr("The connection is not right: {reason}").format(reason=str(exc)))
            return False
        changed = {k: v for k, v in values.items() if v != self._values.get(k)}
        try:
            with self.ui.transaction() as session:
                for key, value in changed.items():
                    settings.set(session, key, value, actor=self.ui.user.actor)
        except UserError as exc:
            self.message.setText(error_text(exc))
            return False
        self._values.update(changed)
        self.message.setText(self.tr("Printer settings saved."))
        if changed:
            self.ui.events.settings_changed.emit()
        self.refresh_preview()
        return True

    # --- actions -----------------------------------------------------------------------------------

    def print_test_page(self) -> None:
        if not self.save():
            return
        if self.connection() == "none":
            self.message.setText(self.tr("Choose a printer connection first."))
            return
        self.ui.events.print_requested.emit("test_page", "")
        self.message.setText(self.tr("Test page sent. Keep the mode whose Vietnamese prints right."))

    def check_printer(self) -> None:
        sessions = self.ui.app.sessions
        self.message.setText(self.tr("Checking the printer…"))
        self.runner.run(lambda: printing.printer_status(sessions), self._checked, self._error)

    def _checked(self, status: PrinterStatus) -> None:
        names = {"ready": self.tr("ready"), "none": self.tr("no printer set"), "offline": self.tr("not reachable"),
                 "paper_out": self.tr("out of paper"), "paper_low": self.tr("paper running low"),
                 "unknown": self.tr("set, its state cannot be read")}
        self.message.setText(self.tr("Printer: {state} ({detail})").format(state=names.get(status.state, status.state),
                                                                           detail=translated_reason(status.detail)))

    def _error(self, error: BaseException) -> None:
        self.message.setText(problem_text(error))

    def open_drawer(self) -> None:
        approver = request_approval(self.ui, permissions.describe("open_drawer"), self)
        if approver is None:
            return
        try:
            with self.ui.transaction() as session:
                cash_drawer.open_drawer(session, self.ui.user.actor, approved_by=approver, reason="printer settings")
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.ui.events.drawer_requested.emit()
        self.message.setText(self.tr("Drawer kick sent."))

    def refresh_preview(self) -> None:
        try:
            config = self.form_config()
            doc = self.ui.read(printing.latest_sale_document)
            if doc is None:
                doc = sample_document(self.ui.read(lambda s: printing.outlet_header(s).name))
            image = render_raster(doc, config.render)
        except (UserError, ValueError) as exc:
            self.preview.image = None
            self.preview.setText(problem_text(exc))
            return
        self.preview.set_image(pil_to_pixmap(image))
        self.preview_image = image

    # --- labels ------------------------------------------------------------------------------------

    def choose_label_file(self) -> None:
        path = ask_save_path(self, self.tr("Save labels"), "tem-san-pham.pdf", "PDF (*.pdf);;PNG (*.png)")
        if path:
            self.save_labels(path)

    def save_labels(self, path: Path) -> None:
        """Make the labels on a worker thread, one batch at a time: a large batch is asked first (every product of a
        big catalogue takes minutes), says how far it has got and can be stopped, leaving no file."""
        skus = self.label_skus.text().split() or None
        single = self.label_single.isChecked()
        if self._labels_stop is not None:
            return  # a batch is under way: its button is the stop button meanwhile
        count = self.ui.read(lambda s: printing.label_count(s, skus))
        if count > LARGE_LABEL_BATCH and not confirm(self, self._large_batch_question(count, single),
                                                     self.tr("Make labels")):
            return
        sessions = self.ui.app.sessions
        stop = self._labels_stop = threading.Event()
        progress = self.labels_progress

        def drawn(done: int, total: int) -> None:
            if stop.is_set():
                raise printing.LabelsStopped()
            progress.emit(done, total)

        def work() -> list[Path]:
            with sessions() as session:
                return printing.write_labels(session, path, skus, single=single, progress=drawn)

        self.label_button.hide()
        self.label_stop_button.setEnabled(True)
        self.label_stop_button.show()
        self.message.setText(self.tr("Writing labels…"))
        self.labels.run(work, self._labels_written, self._labels_failed)

    def _large_batch_question(self, count: int, single: bool) -> str:
        if single:
            return self.tr("This makes {count} labels, one a page, and takes a while. You can go on working meanwhile "
                           "and stop them with \"Stop making labels\". Make them?").format(count=count_text(count))
        pages = -(-count // self.ui.read(printing.sheet_layout).per_page)
        return self.tr("This makes {count} labels on {pages} A4 sheets and takes a while. You can go on working "
                       "meanwhile and stop them with \"Stop making labels\". Make them?").format(
            count=count_text(count), pages=count_text(pages))

    def _labels_drawn(self, done: int, total: int) -> None:
        if self._labels_stop is not None and not self._labels_stop.is_set():
            self.message.setText(self.tr("Writing labels… {done} of {total}").format(
                done=count_text(done), total=count_text(total)))

    def stop_labels(self) -> None:
        """Stop the batch under way at its next page (nothing is written)."""
        if self._labels_stop is not None:
            self._labels_stop.set()
            self.label_stop_button.setEnabled(False)
            self.message.setText(self.tr("Stopping the labels…"))

    def _labels_ended(self) -> None:
        self._labels_stop = None
        self.label_stop_button.hide()
        self.label_button.show()

    def _labels_written(self, paths: list[Path]) -> None:
        self._labels_ended()
        self.message.setText(self.tr("Labels written to {path}").format(path=", ".join(str(p) for p in paths)))

    def _labels_failed(self, error: BaseException) -> None:
        self._labels_ended()
        self._error(error)

    def shutdown(self) -> None:
        """Before a logout: a batch of labels under way stops at its next page (nothing written)."""
        self.stop_labels()
        self.labels.shutdown()

    def assign_codes(self) -> None:
        approver = request_approval(self.ui, permissions.describe("catalogue_edit"), self)
        if approver is None:
            return
        skus = self.label_skus.text().split() or None
        try:
            with self.ui.transaction() as session:
                assigned = printing.assign_instore_codes(session, self.ui.user.actor, skus, approved_by=approver)
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        if not assigned:  # "0 products got an in-store code" read as a fault
            self.message.setText(self.tr("No product needed an in-store code: each already has a barcode (goods sold "
                                         "by weight take the scale's labels)."))
        else:
            self.message.setText(one_or_many(len(assigned), "{count} product got an in-store code.",
                                             self.tr("{count} products got an in-store code.")).format(
                count=count_text(len(assigned))))
            self.ui.events.data_changed.emit("product")
