"""About: the app's name, icon and version, and where this till keeps its data (what a manager reads out
to whoever supports the till on the phone)."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from showroom_pos import __version__
from showroom_pos.runtime.paths import AppPaths


class AboutDialog(QDialog):
    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About OCOP Showroom POS"))
        icon = QLabel()
        app = QApplication.instance()
        if isinstance(app, QApplication) and not app.windowIcon().isNull():
            icon.setPixmap(app.windowIcon().pixmap(96, 96))
        title = QLabel(f"<b>OCOP Showroom POS</b> {__version__}")
        title.setObjectName("aboutTitle")
        self.version = __version__
        self.data_folder = paths.database.parent
        form = QFormLayout()
        for label, value, name in (
            (self.tr("Version"), __version__, "aboutVersion"),
            (self.tr("Data folder"), str(paths.database.parent), "aboutDataFolder"),
            (self.tr("Database"), str(paths.database), "aboutDatabase"),
            (self.tr("Backups"), str(paths.backups), "aboutBackups"),
            (self.tr("Logs"), str(paths.logs), "aboutLogs"),
            (self.tr("Runs on"), f"Python {platform.python_version()}, Qt for Python {pyside_version}, "
                                 f"{platform.system()} {platform.release()}", "aboutPlatform"),
        ):
            shown = QLabel(value)
            shown.setObjectName(name)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, shown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(form)
        layout.addWidget(buttons)
