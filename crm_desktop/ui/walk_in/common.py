"""Small pieces the walk-in steps share: a message line that is red for errors, and a title font."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from crm_desktop.ui import theme


class MessageLine(QLabel):
    """One line under a field or form: an error (red, `error` property true), a hint, or nothing."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_hint("")

    def show_error(self, text: str) -> None:
        self._show(text, error=True)

    def show_hint(self, text: str) -> None:
        self._show(text, error=False)

    def _show(self, text: str, *, error: bool) -> None:
        palette = self.palette()
        base = QApplication.palette()
        color = theme.error_color(base) if error else base.color(QPalette.ColorRole.PlaceholderText)
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.setPalette(palette)
        self.setProperty("error", error and bool(text))
        self.setText(text)

    @property
    def is_error(self) -> bool:
        return bool(self.property("error"))


# Cells keep a little room on the right, so a right-aligned price never touches the next column's text.
TABLE_STYLE = "QTableView::item { padding-right: 8px; }"


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * factor)
    font.setBold(bold)
    return font
