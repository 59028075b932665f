"""The global search box: Enter submits, Escape clears."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from crm_desktop.ui import icons

PLACEHOLDER = "Search customers — name, phone, email, card (Ctrl+K)"


class SearchBox(QLineEdit):
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("global_search")
        self.setAccessibleName("Search customers")
        self.setPlaceholderText(PLACEHOLDER)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(320)
        self.setMinimumHeight(30)
        self.setMaximumWidth(600)
        self._icon_action = self.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.returnPressed.connect(lambda: self.submitted.emit(self.text().strip()))

    def retint(self) -> None:
        self._icon_action.setIcon(icons.icon("search"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)
