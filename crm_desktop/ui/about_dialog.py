"""Help → About: what this is, which version, and where its files are (for support requests)."""

from __future__ import annotations

import platform
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop import APP_TITLE, __version__, paths
from crm_desktop.ui import icons

LICENSE = "MIT"


def about_facts(db_path: Path, log_file: Path, ui_settings_file: Path) -> list[tuple[str, str]]:
    return [
        ("Version", __version__),
        ("Database", str(db_path)),
        ("Data folder", str(paths.data_dir())),
        ("Log file", str(log_file)),
        ("Window settings", str(ui_settings_file)),
        ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
        ("Python", f"{platform.python_version()} on {platform.system()} {platform.machine()}"),
        ("License", LICENSE),
    ]


class AboutDialog(QDialog):
    def __init__(
        self, db_path: Path, log_file: Path, ui_settings_file: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(f"About {APP_TITLE}")
        self.facts = about_facts(db_path, log_file, ui_settings_file)

        logo = QLabel()
        logo.setPixmap(icons.app_icon().pixmap(56, 56))
        name = QLabel(APP_TITLE)
        font = name.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        name.setFont(font)
        tagline = QLabel("Customers, walk-ins, loyalty, birthdays and follow-ups for small shops.")
        tagline.setWordWrap(True)
        heading = QVBoxLayout()
        heading.addWidget(name)
        heading.addWidget(tagline)
        top = QHBoxLayout()
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(8)
        top.addLayout(heading, 1)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(12)
        for label, value in self.facts:
            field = QLabel(value)
            field.setObjectName(f"about_{label.lower().replace(' ', '_')}")
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            form.addRow(f"{label}:", field)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy details")
        copy.setToolTip("Copy these lines to paste into a support request")
        copy.clicked.connect(self.copy_details)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 14)
        layout.addLayout(top)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def details_text(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in [("App", APP_TITLE), *self.facts])

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())
