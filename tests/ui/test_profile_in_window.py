"""The profile inside the main window: opened from the Customers view, its Log purchase opens the walk-in
panel straight at the sale step for that customer."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.profile_helpers import customer_with_history

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_log_purchase_opens_the_walk_in_panel_for_the_customer(qtbot, session, clock, window):
    history = customer_with_history(session, clock)
    window.open_customer(history.customer.id)
    profile = window.page_widget("customers").profile_view
    qtbot.waitUntil(lambda: profile.header.name_label.text() == "Ada Lovelace")
    qtbot.keyClick(profile.tabs.purchases_view, Qt.Key.Key_P, CTRL_SHIFT)

    panel = window.walk_in_panel
    assert panel is not None
    qtbot.waitUntil(panel.isVisible)
    qtbot.waitUntil(lambda: panel.step == 2)  # the sale step
    assert panel.purchase_step.name_label.text() == "Ada Lovelace"
