"""Look and feel: Fusion (except on macOS), the system's light or dark palette untouched, and the two
semantic colours the palette has no role for (error, success), picked to read on either background."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def apply_style(app: QApplication) -> None:
    """Fusion follows the platform's colour scheme on Linux and Windows and looks the same everywhere;
    macOS keeps its native style. The palette itself is never replaced, so dark mode keeps working."""
    if sys.platform != "darwin" and app.style().name().lower() != "fusion":
        app.setStyle("Fusion")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(palette: QPalette) -> QColor:
    return QColor("#f2b8b5" if is_dark(palette) else "#b3261e")


def success_color(palette: QPalette) -> QColor:
    return QColor("#8fd19e" if is_dark(palette) else "#1e7b34")
