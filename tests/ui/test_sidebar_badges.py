"""Sidebar badges: a count pill at the right of a row, spoken and shown in the tooltip; 0 hides it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from crm_desktop.ui.widgets.sidebar_badge import BADGE_ROLE, badge_text


def _pill_pixels(window, row: int) -> int:
    """How many pixels near the right end of a row are in the pill's colour (highlight or its text)."""
    sidebar = window.sidebar
    rect = sidebar.visualItemRect(sidebar.item(row))
    image = sidebar.viewport().grab(rect).toImage()
    palette = sidebar.palette()
    selected = sidebar.currentRow() == row
    fill = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight)
    count = 0
    for x in range(image.width() - 40, image.width()):
        for y in range(image.height()):
            if QColor(image.pixel(x, y)) == fill:
                count += 1
    return count


def test_set_badge_by_key_paints_a_pill_and_names_the_count(qtbot, window):
    sidebar = window.sidebar
    assert _pill_pixels(window, 2) == 0
    sidebar.set_badge("followups", 4, "due")
    item = sidebar.item(2)
    assert item.data(BADGE_ROLE) == 4 and sidebar.badge("followups") == 4
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == "Follow-ups — 4 due"
    assert item.toolTip() == "Follow-ups (Ctrl+3) — 4 due"
    assert _pill_pixels(window, 2) > 50

    sidebar.set_badge(0, 2, "to see to")  # the selected row: the pill inverts its colours
    assert sidebar.currentRow() == 0 and _pill_pixels(window, 0) > 50

    sidebar.set_badge("followups", 0, "due")
    assert sidebar.badge("followups") == 0
    assert item.toolTip() == "Follow-ups (Ctrl+3)"
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == "Follow-ups"
    assert _pill_pixels(window, 2) == 0


def test_big_counts_are_capped():
    assert badge_text(7) == "7" and badge_text(99) == "99" and badge_text(100) == "99+"
