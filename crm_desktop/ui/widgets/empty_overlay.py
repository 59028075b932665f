"""A quiet sentence centred over an item view's empty viewport ("No customers match …"), kept in place as
the view is resized."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel

MARGIN = 24
MAX_HEIGHT = 120


class EmptyOverlay(QLabel):
    def __init__(self, view: QAbstractItemView, object_name: str) -> None:
        super().__init__(view.viewport(), objectName=object_name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hide()
        view.viewport().installEventFilter(self)

    def set_text(self, text: str) -> None:
        """Show `text` over the view; an empty text hides the overlay."""
        self.setText(text)
        self.setVisible(bool(text))
        self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        rect = self.parentWidget().rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        self.setGeometry(rect.x(), rect.y(), rect.width(), min(rect.height(), MAX_HEIGHT))
