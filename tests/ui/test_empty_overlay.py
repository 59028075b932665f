"""The empty-list sentence sits over the viewport, follows its size, and hides with an empty text."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from crm_desktop.ui.widgets.empty_overlay import MARGIN, EmptyOverlay


def test_overlay_follows_the_viewport_and_hides_when_empty(qtbot):
    view = QTableView()
    qtbot.addWidget(view)
    overlay = EmptyOverlay(view, "nothing_here")
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)

    overlay.set_text("No customers match “zz”.")
    assert overlay.isVisible() and overlay.text() == "No customers match “zz”."
    assert overlay.width() == view.viewport().width() - 2 * MARGIN

    view.resize(600, 300)
    qtbot.waitUntil(lambda: overlay.width() == view.viewport().width() - 2 * MARGIN)
    overlay.set_text("")
    assert not overlay.isVisible()
