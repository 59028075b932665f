"""Keyboard helpers for the walk-in and products tests: every key goes to whichever widget has the focus,
as it does for a person at the till, so a test that passes also proves where the focus was."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from crm_desktop.services import settings
from crm_desktop.ui.walk_in.panel import WalkInPanel

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
ENTER = Qt.Key.Key_Return
TAB = Qt.Key.Key_Tab


def focus() -> QWidget | None:
    return QApplication.focusWidget()


def type_(qtbot, text: str) -> None:
    """Type ASCII text into the focused widget (QTest cannot type other characters)."""
    qtbot.keyClicks(focus(), text)


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focus(), key, modifier)


def money(cents: int) -> str:
    return settings.shop_profile().money.format(cents)


def open_panel(qtbot, window) -> WalkInPanel:
    """F2 on the main window; returns once the panel's window has the keyboard, cursor in the search."""
    qtbot.keyClick(window, Qt.Key.Key_F2)
    panel = window.walk_in_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.isVisible() and focus() is panel.customer_step.search_edit)
    return panel
