"""Small builders for settings forms: right-aligned number and money fields at their own width, a row of
fields with words between them ("[1] points per [€1.00] spent"), and a bold heading between groups."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

MONEY_WIDTH = 110
SPIN_WIDTH = 90


def spin_box(name: str, low: int, high: int, suffix: str = "", special: str = "") -> QSpinBox:
    """`special` is shown instead of the lowest value (e.g. 'never', 'off')."""
    spin = QSpinBox(objectName=name, minimum=low, maximum=high)
    spin.setSuffix(suffix)
    spin.setSpecialValueText(special)
    spin.setMinimumWidth(SPIN_WIDTH)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin


def money_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(objectName=name)
    edit.setFixedWidth(MONEY_WIDTH)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    edit.setPlaceholderText(placeholder)
    return edit


def row(*parts: QWidget | str) -> QHBoxLayout:
    """Widgets and words in a line, left-aligned."""
    line = QHBoxLayout()
    line.setSpacing(6)
    for part in parts:
        line.addWidget(QLabel(part) if isinstance(part, str) else part)
    line.addStretch(1)
    return line


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label
