"""Settings: the interface language (a till preference, kept in QSettings) and the outlet's business
settings (kept in the database, the same keys as ``showroom-pos config``).

The business settings are a form, not a list of keys: grouped pages (outlet, printer and drawer, bank/VietQR,
province sync, security, backups, scanner, customer display, stock), a label in the user's language and a
one-line help for each, an editor that fits the value (spin boxes with units, choices, a tick box, a masked
secret, the monitors of this till), and the service's
own validation shown beside the field as it is typed. The keys stay the same as on the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.core import clock
from showroom_pos.core.errors import UserError, ValidationError
from showroom_pos.core.text import is_ascii_digits
from showroom_pos.runtime import i18n
from showroom_pos.runtime.i18n import error_text, one_or_many
from showroom_pos.services import einvoice, permissions, settings
from showroom_pos.services.einvoice import providers as einvoice_providers

from .approval import describe_action, request_approval
from .session import UiSession


def _t(text: object) -> str:
    return QCoreApplication.translate("Settings", str(text))


@dataclass(frozen=True)
class Field:
    """How one setting is edited: ``kind`` is text, int (a spin box with ``unit``), choice (``options``: value →
    label), check (yes/no), secret, zone or screen (the monitors this till has)."""

    key: str
    label: object  # QT_TRANSLATE_NOOP's marks (str at run time; typed as object by PySide6)
    help: object
    kind: str = "text"
    unit: object = ""
    low: int = 0
    high: int = 0
    options: tuple[tuple[str, object], ...] = field(default_factory=tuple)


# Settings changed only through their own audited path, never typed in this form: the receipt series
# starts when a manager accepts a loss (Backups → Accept the loss…, ``showroom-pos accept-loss``).
MANAGED_ELSEWHERE = frozenset({"receipt.series"})
# The e-invoice providers people choose between (a provider module not named here shows its own LABEL).
PROVIDER_LABELS: dict[str, object] = {
    "file": QT_TRANSLATE_NOOP("Settings", "File drop (the provider's import tool)"),
    "sepay": QT_TRANSLATE_NOOP("Settings", "SePay eInvoice API"),
}

PAGES: tuple[tuple[object, tuple[Field, ...]], ...] = (
    (
        QT_TRANSLATE_NOOP("Settings", "Outlet"),
        (
            Field(
                "outlet.name",
                QT_TRANSLATE_NOOP("Settings", "Showroom name"),
                QT_TRANSLATE_NOOP("Settings", "Printed at the top of every receipt."),
            ),
            Field(
                "outlet.code",
                QT_TRANSLATE_NOOP("Settings", "Outlet code"),
                QT_TRANSLATE_NOOP("Settings", "The code the province knows this showroom by."),
            ),
            Field(
                "outlet.address",
                QT_TRANSLATE_NOOP("Settings", "Address"),
                QT_TRANSLATE_NOOP("Settings", "Street and number."),
            ),
            Field(
                "outlet.commune",
                QT_TRANSLATE_NOOP("Settings", "Commune or ward"),
                QT_TRANSLATE_NOOP("Settings", "Since 07/2025: commune/ward + province."),
            ),
            Field(
                "outlet.province",
                QT_TRANSLATE_NOOP("Settings", "Province"),
                QT_TRANSLATE_NOOP("Settings", "For example Đồng Tháp."),
            ),
            Field(
                "outlet.tax_code",
                QT_TRANSLATE_NOOP("Settings", "Tax code"),
                QT_TRANSLATE_NOOP("Settings", "10 or 13 digits with a check digit; printed on receipts."),
            ),
            Field(
                "outlet.phone",
                QT_TRANSLATE_NOOP("Settings", "Phone"),
                QT_TRANSLATE_NOOP("Settings", "Printed on receipts."),
            ),
            Field(
                "outlet.time_zone",
                QT_TRANSLATE_NOOP("Settings", "Time zone"),
                QT_TRANSLATE_NOOP(
                    "Settings", "Every time shown, printed and reported is in this zone, whatever the PC's clock."
                ),
                "zone",
            ),
            Field(
                "checkout.cash_rounding",
                QT_TRANSLATE_NOOP("Settings", "Cash rounding"),
                QT_TRANSLATE_NOOP(
                    "Settings", "Cash pays what is left, and cash refunds are handed back, rounded half up to "
                    "this; card and transfer pay exactly."
                ),
                "choice",
                options=(
                    ("0", QT_TRANSLATE_NOOP("Settings", "Exact (no rounding)")),
                    ("100", "100 ₫"),
                    ("500", "500 ₫"),
                    ("1000", "1.000 ₫"),
                ),
            ),
            Field(
                "checkout.discount_limit_percent",
                QT_TRANSLATE_NOOP("Settings", "Discount without approval"),
                QT_TRANSLATE_NOOP("Settings", "Larger discounts need a manager's PIN."),
                "int",
                "%",
                0,
                100,
            ),
            Field(
                "receipt.footer",
                QT_TRANSLATE_NOOP("Settings", "Receipt footer"),
                QT_TRANSLATE_NOOP("Settings", "The last line of every receipt."),
            ),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Settings", "Printer and drawer"),
        (
            Field(
                "printer.connection",
                QT_TRANSLATE_NOOP("Settings", "Receipt printer"),
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "none, network:HOST[:PORT], usb:VID:PID, serial:DEVICE, cups:NAME, win32:NAME or file:PATH.",
                ),
            ),
            Field(
                "printer.profile",
                QT_TRANSLATE_NOOP("Settings", "Printer model"),
                QT_TRANSLATE_NOOP("Settings", "A python-escpos profile, e.g. TM-T20II."),
            ),
            Field(
                "printer.mode",
                QT_TRANSLATE_NOOP("Settings", "How Vietnamese is printed"),
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "As an image works on every printer; as text is faster where the printer has the letters.",
                ),
                "choice",
                options=(
                    ("raster", QT_TRANSLATE_NOOP("Settings", "As an image")),
                    ("text", QT_TRANSLATE_NOOP("Settings", "As text")),
                ),
            ),
            Field(
                "printer.codepage",
                QT_TRANSLATE_NOOP("Settings", "Code page (text mode)"),
                QT_TRANSLATE_NOOP("Settings", "Auto picks the best the printer has."),
                "choice",
                options=(
                    ("auto", QT_TRANSLATE_NOOP("Settings", "Automatic")),
                    ("tcvn3", "TCVN-3"),
                    ("cp1258", "CP1258"),
                    ("ascii", QT_TRANSLATE_NOOP("Settings", "Without accents")),
                ),
            ),
            Field(
                "printer.paper_mm",
                QT_TRANSLATE_NOOP("Settings", "Paper width"),
                QT_TRANSLATE_NOOP("Settings", "The roll's width."),
                "choice",
                options=(("58", "58 mm"), ("80", "80 mm")),
            ),
            Field(
                "printer.drawer_pin",
                QT_TRANSLATE_NOOP("Settings", "Cash drawer pin"),
                QT_TRANSLATE_NOOP("Settings", "Pin 2 on most drawers."),
                "choice",
                options=(("2", "2"), ("5", "5")),
            ),
            Field(
                "printer.drawer_pulse_ms",
                QT_TRANSLATE_NOOP("Settings", "Drawer pulse"),
                QT_TRANSLATE_NOOP("Settings", "Longer if the drawer does not open."),
                "int",
                "ms",
                10,
                510,
            ),
            Field(
                "labels.sheet_grid",
                QT_TRANSLATE_NOOP("Settings", "Labels per A4 sheet"),
                QT_TRANSLATE_NOOP("Settings", "Columns x rows, e.g. 3x8."),
            ),
            Field(
                "labels.sheet_margins_mm",
                QT_TRANSLATE_NOOP("Settings", "A4 sheet margins (mm)"),
                QT_TRANSLATE_NOOP("Settings", "Top, left, e.g. 13,7."),
            ),
            Field(
                "labels.sheet_gap_mm",
                QT_TRANSLATE_NOOP("Settings", "Gaps between labels (mm)"),
                QT_TRANSLATE_NOOP("Settings", "Across, down, e.g. 2.5,0."),
            ),
            Field(
                "labels.single_size_mm",
                QT_TRANSLATE_NOOP("Settings", "Label printer label (mm)"),
                QT_TRANSLATE_NOOP("Settings", "Width x height, e.g. 50x30."),
            ),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Settings", "Bank / VietQR"),
        (
            Field(
                "bank.bin",
                QT_TRANSLATE_NOOP("Settings", "Bank"),
                QT_TRANSLATE_NOOP("Settings", "The bank that receives transfers."),
                "choice",
                options=(
                    ("", QT_TRANSLATE_NOOP("Settings", "(not set)")),
                    ("970436", "Vietcombank"),
                    ("970415", "VietinBank"),
                    ("970418", "BIDV"),
                    ("970405", "Agribank"),
                    ("970403", "Sacombank"),
                    ("970407", "Techcombank"),
                    ("970416", "ACB"),
                    ("970422", "MB"),
                    ("970423", "TPBank"),
                    ("970432", "VPBank"),
                ),
            ),
            Field(
                "bank.account",
                QT_TRANSLATE_NOOP("Settings", "Account number"),
                QT_TRANSLATE_NOOP("Settings", "Up to 19 letters or digits."),
            ),
            Field(
                "bank.account_name",
                QT_TRANSLATE_NOOP("Settings", "Account holder"),
                QT_TRANSLATE_NOOP("Settings", "As the bank shows it."),
            ),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Settings", "Province sync"),
        (
            Field(
                "province.url",
                QT_TRANSLATE_NOOP("Settings", "Province server"),
                QT_TRANSLATE_NOOP("Settings", "An https:// address given by the province."),
            ),
            Field(
                "province.token",
                QT_TRANSLATE_NOOP("Settings", "Outlet token"),
                QT_TRANSLATE_NOOP("Settings", "Given by the province; kept secret."),
                "secret",
            ),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Settings", "Security"),
        (
            Field(
                "security.auto_lock_minutes",
                QT_TRANSLATE_NOOP("Settings", "Lock the till after"),
                QT_TRANSLATE_NOOP("Settings", "Minutes without use; 0 never locks."),
                "int",
                QT_TRANSLATE_NOOP("Settings", "min"),
                0,
                240,
            ),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Settings", "Backups"),
        (
            Field(
                "backup.folder",
                QT_TRANSLATE_NOOP("Settings", "Backup folder"),
                QT_TRANSLATE_NOOP("Settings", "Empty: the default folder. A USB disk is safer."),
            ),
            Field(
                "backup.keep",
                QT_TRANSLATE_NOOP("Settings", "Backups kept"),
                QT_TRANSLATE_NOOP("Settings", "Older ones are deleted."),
                "int",
                "",
                1,
                1000,
            ),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Settings", "Scanner"),
        (
            Field(
                "scanner.max_key_interval_ms",
                QT_TRANSLATE_NOOP("Settings", "Longest gap between keys"),
                QT_TRANSLATE_NOOP("Settings", "A scanner types faster than a person; raise it for a slow scanner."),
                "int",
                "ms",
                5,
                200,
            ),
            Field(
                "scanner.min_length",
                QT_TRANSLATE_NOOP("Settings", "Shortest code"),
                QT_TRANSLATE_NOOP("Settings", "Shorter bursts are typing."),
                "int",
                QT_TRANSLATE_NOOP("Settings", "characters"),
                3,
                20,
            ),
            Field(
                "barcode.embedded_layout",
                QT_TRANSLATE_NOOP("Settings", "Scale label layout"),
                QT_TRANSLATE_NOOP("Settings", "kind:item:value:decimals, e.g. weight:5:5:3."),
            ),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Settings", "E-invoices"),
        (
            Field(
                "einvoice.enabled",
                QT_TRANSLATE_NOOP("Settings", "Issue e-invoices from the cash register"),
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "Every sale gets an invoice number and the tax authority's code; the receipt becomes the "
                    "invoice. Required of enterprises and households selling to consumers above the revenue "
                    "threshold (see docs/EINVOICE.md).",
                ),
                "check",
            ),
            Field(
                "einvoice.form",
                QT_TRANSLATE_NOOP("Settings", "Invoice form"),
                QT_TRANSLATE_NOOP("Settings", "As registered with the tax authority."),
                "choice",
                options=(
                    ("1", QT_TRANSLATE_NOOP("Settings", "1 - VAT invoice")),
                    ("2", QT_TRANSLATE_NOOP("Settings", "2 - Sales invoice")),
                ),
            ),
            Field(
                "einvoice.symbol",
                QT_TRANSLATE_NOOP("Settings", "Invoice symbol"),
                QT_TRANSLATE_NOOP(
                    "Settings", "6 characters as registered, e.g. C26MAA; the two year digits follow the calendar."
                ),
            ),
            Field(
                "einvoice.seller_code",
                QT_TRANSLATE_NOOP("Settings", "Tax authority's code for the showroom"),
                QT_TRANSLATE_NOOP(
                    "Settings", "The 5 characters assigned at registration (M1-26-ABCDE-…); never invent it."
                ),
            ),
            Field(
                "einvoice.code_mode",
                QT_TRANSLATE_NOOP("Settings", "Who composes the tax authority's code"),
                QT_TRANSLATE_NOOP("Settings", "The till, unless the provider returns the whole code."),
                "choice",
                options=(
                    ("seller", QT_TRANSLATE_NOOP("Settings", "This till")),
                    ("provider", QT_TRANSLATE_NOOP("Settings", "The provider")),
                ),
            ),
            Field(
                "einvoice.seller_name",
                QT_TRANSLATE_NOOP("Settings", "Seller's legal name"),
                QT_TRANSLATE_NOOP("Settings", "Empty: the showroom name. Tax code and address: the Outlet page."),
            ),
            Field(
                "einvoice.provider",
                QT_TRANSLATE_NOOP("Settings", "Delivery"),
                QT_TRANSLATE_NOOP("Settings", "How invoices reach the licensed provider."),
                "choice",
                options=tuple((name, PROVIDER_LABELS.get(name) or einvoice_providers.label(name))
                              for name in einvoice_providers.available()),
            ),
            Field(
                "einvoice.export_folder",
                QT_TRANSLATE_NOOP("Settings", "Folder for the provider's import tool"),
                QT_TRANSLATE_NOOP("Settings", "File drop: one folder a day. Empty: einvoice beside the database."),
            ),
            Field(
                "einvoice.provider_url",
                QT_TRANSLATE_NOOP("Settings", "Provider API address"),
                QT_TRANSLATE_NOOP("Settings", "SePay: https://einvoice-api.sepay.vn (sandbox: einvoice-api-sandbox)."),
            ),
            Field(
                "einvoice.provider_client_id",
                QT_TRANSLATE_NOOP("Settings", "Provider client id"),
                QT_TRANSLATE_NOOP("Settings", "Given by the provider."),
            ),
            Field(
                "einvoice.provider_client_secret",
                QT_TRANSLATE_NOOP("Settings", "Provider client secret"),
                QT_TRANSLATE_NOOP("Settings", "Given by the provider; kept secret."),
                "secret",
            ),
            Field(
                "einvoice.provider_account",
                QT_TRANSLATE_NOOP("Settings", "Provider account"),
                QT_TRANSLATE_NOOP("Settings", "SePay: the provider_account_id of the showroom's provider account."),
            ),
            Field(
                "einvoice.lookup_url",
                QT_TRANSLATE_NOOP("Settings", "Invoice lookup address"),
                QT_TRANSLATE_NOOP("Settings", "Printed as a QR code; empty: the tax authority's portal."),
            ),
            Field(
                "einvoice.rules_file",
                QT_TRANSLATE_NOOP("Settings", "Newer rules file"),
                QT_TRANSLATE_NOOP("Settings", "When the law changes before the app does; empty: the shipped rules."),
            ),
            Field(
                "einvoice.rules_version",
                QT_TRANSLATE_NOOP("Settings", "Rule set"),
                QT_TRANSLATE_NOOP("Settings", "Empty: the newest in force on the invoice's date."),
            ),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Settings", "Customer display"),
        (
            Field(
                "customer_display.enabled",
                QT_TRANSLATE_NOOP("Settings", "Show the customer display"),
                QT_TRANSLATE_NOOP("Settings", "The cart, the total, the VietQR code and a thank-you, full screen "
                                              "on a second monitor facing the customer."),
                "check",
            ),
            Field(
                "customer_display.screen",
                QT_TRANSLATE_NOOP("Settings", "Screen"),
                QT_TRANSLATE_NOOP("Settings", "Automatic: the first screen the till's window is not on."),
                "screen",
            ),
            Field(
                "customer_display.languages",
                QT_TRANSLATE_NOOP("Settings", "Language for customers"),
                QT_TRANSLATE_NOOP("Settings", "English beneath the Vietnamese helps tourists."),
                "choice",
                options=(
                    ("vi", QT_TRANSLATE_NOOP("Settings", "Vietnamese")),
                    ("vi+en", QT_TRANSLATE_NOOP("Settings", "Vietnamese and English")),
                ),
            ),
            Field(
                "customer_display.slide_seconds",
                QT_TRANSLATE_NOOP("Settings", "Each product on the slideshow"),
                QT_TRANSLATE_NOOP("Settings", "Between customers the screen shows the showroom's OCOP products."),
                "int",
                QT_TRANSLATE_NOOP("Settings", "seconds"),
                3,
                120,
            ),
            Field(
                "pole_display.port",
                QT_TRANSLATE_NOOP("Settings", "Pole display port"),
                QT_TRANSLATE_NOOP("Settings", "A 2x20 display on a serial port, e.g. /dev/ttyUSB0 or COM3; "
                                              "empty: none."),
            ),
            Field(
                "pole_display.baud",
                QT_TRANSLATE_NOOP("Settings", "Pole display speed"),
                QT_TRANSLATE_NOOP("Settings", "As set on the display; 9600 on most."),
                "choice",
                options=tuple((str(b), f"{b} baud") for b in (2400, 4800, 9600, 19200, 38400, 57600, 115200)),
            ),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Settings", "Stock"),
        (
            Field(
                "stock.allow_negative",
                QT_TRANSLATE_NOOP("Settings", "Allow selling below zero stock"),
                QT_TRANSLATE_NOOP("Settings", "Then flagged for a count."),
                "check",
            ),
            Field(
                "stock.best_before_warning_days",
                QT_TRANSLATE_NOOP("Settings", "Warn before best-before"),
                QT_TRANSLATE_NOOP("Settings", "Days ahead."),
                "int",
                QT_TRANSLATE_NOOP("Settings", "days"),
                0,
                365,
            ),
        ),
    ),
)


def _page_of(key: str) -> int:
    """The index of the settings page that holds ``key``."""
    return next(index for index, (_title, fields) in enumerate(PAGES) if any(f.key == key for f in fields))


class PreferencesScreen(QWidget):
    def __init__(self, ui: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName("preferencesScreen")
        self.language = QComboBox()
        self.language.setObjectName("languageChoice")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(i18n.saved_language()))
        self.language.currentIndexChanged.connect(self._language_changed)
        self.language_note = QLabel()
        lang_box = QGroupBox(self.tr("This till"))
        lang_form = QFormLayout(lang_box)
        lang_form.addRow(self.tr("Language"), self.language)
        lang_form.addRow(self.language_note)
        self.about_button = QPushButton(self.tr("About OCOP Showroom POS…"))
        self.about_button.setObjectName("aboutButton")
        self.about_button.clicked.connect(self.show_about)
        lang_form.addRow(self.about_button)

        values = ui.read(lambda s: {k: settings.display(s, k) for k in settings.KEYS})
        self._values = values
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.pages = QTabWidget()
        self.pages.setObjectName("settingsPages")
        for title, fields in PAGES:
            page = QWidget()
            form = QFormLayout(page)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for f in fields:
                editor = self._editor(f, values[f.key])
                help_label = QLabel(_t(f.help))
                help_label.setWordWrap(True)
                help_label.setStyleSheet("color: #555;")
                error = QLabel()
                error.setObjectName(f"settingError_{f.key}")
                error.setStyleSheet("color: #b00020;")
                error.setWordWrap(True)
                error.hide()
                box = QVBoxLayout()
                box.setSpacing(1)
                box.addWidget(editor)
                box.addWidget(help_label)
                box.addWidget(error)
                label = QLabel(_t(f.label))
                label.setToolTip(f.key)  # the key of `showroom-pos config`, for whoever needs it
                label.setBuddy(editor)
                form.addRow(label, box)
                self.editors[f.key] = editor
                self.errors[f.key] = error
                self.labels[f.key] = label
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.pages.addTab(scroll, _t(title).replace("&", "&&"))  # "Máy in & ngăn kéo": no mnemonic
        self.save_button = QPushButton(self.tr("Save settings"))
        self.save_button.setObjectName("saveSettings")
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(lang_box)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)

    # --- editors ---------------------------------------------------------------------------------------
    def _editor(self, f: Field, value: str) -> QWidget:
        editor: QWidget
        if f.kind == "int":
            spin = QSpinBox()
            spin.setRange(f.low, f.high)
            spin.setValue(int(value) if is_ascii_digits(value) else f.low)
            if f.unit:
                spin.setSuffix(f" {_t(f.unit)}")
            spin.valueChanged.connect(lambda _v, key=f.key: self._validate(key))
            editor = spin
        elif f.kind in ("choice", "zone", "screen"):
            combo = QComboBox()
            if f.kind == "zone":
                combo.setEditable(True)
                for name in clock.zone_names():
                    combo.addItem(name, name)
            elif f.kind == "screen":
                combo.addItem(self.tr("Automatic"), "auto")
                screens = QGuiApplication.screens()
                names = [s.name() for s in screens]
                for number, screen in enumerate(screens, 1):
                    size = screen.geometry()
                    combo.addItem(self.tr("Screen {number}: {name} ({width}×{height})").format(
                        number=number, name=screen.name() or "—", width=size.width(), height=size.height()),
                        # By name (it stays when screens are plugged in another order) unless two share it.
                        screen.name() if screen.name() and names.count(screen.name()) == 1 else str(number))
            else:
                for option, text in f.options:
                    combo.addItem(_t(text), option)
            index = combo.findData(value)
            if index < 0:  # a value set on the command line that the list does not name: kept, shown as is
                combo.addItem(value, value)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
            combo.currentIndexChanged.connect(lambda _i, key=f.key: self._validate(key))
            if combo.isEditable():
                combo.editTextChanged.connect(lambda _t, key=f.key: self._validate(key))
            editor = combo
        elif f.kind == "check":
            check = QCheckBox()
            check.setChecked(value == "yes")
            check.toggled.connect(lambda _c, key=f.key: self._validate(key))
            editor = check
        else:
            line = QLineEdit(value)
            if f.kind == "secret":
                line.clear()
                line.setEchoMode(QLineEdit.EchoMode.Password)
                line.setPlaceholderText(self.tr("unchanged") if value else "")
            line.textChanged.connect(lambda _t, key=f.key: self._validate(key))
            editor = line
        editor.setObjectName(f"setting_{f.key}")
        return editor

    def value(self, key: str) -> str:
        editor = self.editors[key]
        if isinstance(editor, QSpinBox):
            return str(editor.value())
        if isinstance(editor, QComboBox):
            if editor.isEditable():
                return editor.currentText().strip()
            return str(editor.currentData())
        if isinstance(editor, QCheckBox):
            return "yes" if editor.isChecked() else "no"
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def set_value(self, key: str, value: str) -> None:
        """Put ``value`` in the key's editor (as a person would choose or type it)."""
        editor = self.editors[key]
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            if index >= 0:
                editor.setCurrentIndex(index)
            elif editor.isEditable():
                editor.setEditText(value)
        elif isinstance(editor, QCheckBox):
            editor.setChecked(value == "yes")
        else:
            assert isinstance(editor, QLineEdit)
            editor.setText(value)

    def _validate(self, key: str) -> bool:
        """The service's own check, shown beside the field as it changes."""
        error = self.errors[key]
        try:
            settings.KEYS[key].validate(self.value(key))
        except ValidationError as exc:
            exc.params.setdefault("key", _t(self._label(key)))
            error.setText(error_text(ValidationError(exc.message, **exc.params)))
            error.show()
            self._fit_page(key)
            return False
        if not error.isHidden():
            error.clear()
            error.hide()
            self._fit_page(key)
        return True

    def _fit_page(self, key: str) -> None:
        """The page of ``key`` kept at least as tall as its size hint while one of its fields shows an error line: in
        the main window its scroll area gave it the form's height-for-width, which came out short once an error line
        showed, and that field was drawn squeezed (13 px of 22, under Xvfb). Its own sizing again once none shows."""
        index = _page_of(key)
        scroll = self.pages.widget(index)
        assert isinstance(scroll, QScrollArea)
        page = scroll.widget()
        assert page is not None
        erring = any(not self.errors[f.key].isHidden() for f in PAGES[index][1] if f.key in self.errors)
        layout = page.layout()
        if layout is not None:
            layout.invalidate()  # the error line just shown or hidden counted now, not at the next event
        page.setMinimumHeight(page.sizeHint().height() if erring else 0)

    @staticmethod
    def _label(key: str) -> str:
        return next(str(f.label) for _title, fields in PAGES for f in fields if f.key == key)

    def _changed(self) -> dict[str, str]:
        changed: dict[str, str] = {}
        for key in self.editors:
            value = self.value(key)
            if settings.KEYS[key].secret:
                if value:
                    changed[key] = value
            elif value != self._values[key]:
                changed[key] = value
        return changed

    # --- actions ---------------------------------------------------------------------------------------
    def show_about(self) -> None:
        from .about import AboutDialog

        AboutDialog(self.ui.app.paths, self).exec()

    def _language_changed(self) -> None:
        code = self.language.currentData()
        i18n.save_language(code)
        i18n.install(code)
        # Screens already built keep their words (the Home screen came back half in the old language, as this note
        # promised otherwise): the whole window is built again at the next login.
        self.language_note.setText(self.tr("The new language applies from the next login: log out (Ctrl+L) and log "
                                           "in again; a cart being rung up waits."))
        self.ui.events.settings_changed.emit()

    def save(self) -> None:
        changed = self._changed()
        if not changed:
            self.message.setText(self.tr("Nothing to save."))
            return
        invalid = [key for key in changed if not self._validate(key)]
        if invalid:
            self.message.setText(self.tr("Not saved: correct the fields marked in red."))
            self._show_field(invalid[0])
            return
        approved_by = None
        if not permissions.allowed(self.ui.user.role, "settings"):
            approved_by = request_approval(self.ui, describe_action("settings"), self)
            if approved_by is None:
                self.message.setText(self.tr("Not saved: a manager did not approve."))
                return
        try:
            with self.ui.transaction() as session:
                for key, value in changed.items():
                    settings.set(session, key, value, actor=self.ui.user.actor, approved_by=approved_by)
                einvoice.require_ready(session)  # e-invoicing switched on incomplete: nothing is saved
        except UserError as exc:
            # Nothing was saved (one transaction): said so, and the setting the refusal names is shown, marked.
            self.message.setText(self.tr("Not saved: {reason}").format(reason=error_text(exc)))
            from showroom_pos.services.einvoice.issue import NotConfigured

            named = exc.setting if isinstance(exc, NotConfigured) else None
            if named is not None and named in self.editors:
                self.errors[named].setText(self.tr("Fill this in."))
                self.errors[named].show()
                self._fit_page(named)
                self._show_field(named)
            return
        for key, value in changed.items():
            if settings.KEYS[key].secret:
                editor = self.editors[key]
                assert isinstance(editor, QLineEdit)
                editor.clear()
                editor.setPlaceholderText(self.tr("unchanged"))
                self._values[key] = settings.mask(value)
            else:
                self._values[key] = value
        saved = one_or_many(len(changed), "{count} setting saved.", self.tr("{count} settings saved."))
        self.message.setText(saved.format(count=len(changed)))
        self.ui.events.settings_changed.emit()

    def _show_field(self, key: str) -> None:
        self.pages.setCurrentIndex(_page_of(key))
        self.editors[key].setFocus()
