"""Settings: the interface language (a till preference, kept in QSettings) and the outlet's business
settings (kept in the database, the same keys as ``showroom-pos config``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from showroom_pos.app import i18n
from showroom_pos.app.i18n import error_text
from showroom_pos.core.errors import UserError
from showroom_pos.services import permissions, settings

from .approval import describe_action, request_approval
from .session import UiSession


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

        self.fields: dict[str, QLineEdit] = {}
        business = QGroupBox(self.tr("Showroom settings"))
        form = QFormLayout(business)
        values = ui.read(lambda s: {k: settings.display(s, k) for k in settings.KEYS})
        editable = True  # a cashier may change a setting with a manager's PIN (asked on save)
        for key, spec in settings.KEYS.items():
            field = QLineEdit(values[key])
            field.setObjectName(f"setting_{key}")
            field.setReadOnly(not editable)
            if spec.secret:
                field.setPlaceholderText(self.tr("unchanged"))
                field.clear()
            self.fields[key] = field
            form.addRow(f"{key}", field)
        self.save_button = QPushButton(self.tr("Save settings"))
        self.save_button.setObjectName("saveSettings")
        self.save_button.setEnabled(editable)
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(lang_box)
        inner_layout.addWidget(business)
        inner_layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        inner_layout.addWidget(self.message)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self._values = values

    def show_about(self) -> None:
        from .about import AboutDialog

        AboutDialog(self.ui.app.paths, self).exec()

    def _language_changed(self) -> None:
        code = self.language.currentData()
        i18n.save_language(code)
        i18n.install(code)
        self.language_note.setText(self.tr("The new language applies to screens opened from now on."))
        self.ui.events.settings_changed.emit()

    def save(self) -> None:
        changed = {
            k: f.text() for k, f in self.fields.items()
            if f.text() != self._values[k] and not (settings.KEYS[k].secret and not f.text())
        }
        if not changed:
            self.message.setText(self.tr("Nothing to save."))
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
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self._values.update(changed)
        self.message.setText(self.tr("{count} settings saved.").format(count=len(changed)))
        self.ui.events.settings_changed.emit()
