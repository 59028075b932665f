"""Sales → Points expiring soon: who to remind, and Enter opens them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crm_desktop.ui.dialogs.expiring_points_dialog import ExpiringPointsDialog
from tests.factories import make_customer
from tests.services.loyalty_helpers import balance, sale


def _dialog(qtbot, window) -> ExpiringPointsDialog:
    window.expiring_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExpiringPointsDialog))
    return QApplication.activeModalWidget()


def test_lists_points_expiring_within_the_days_and_opens_the_customer(qtbot, window, session, clock):
    soon = make_customer(session, first_name="Sofia", last_name="Soon")
    later = make_customer(session, first_name="Lars", last_name="Later")
    sale(session, soon.id, 2_000)
    clock.advance(days=60)
    sale(session, later.id, 3_000)
    clock.advance(days=290)  # Sofia's points (12-month expiry) are 15 days from expiring; Lars's 75

    dialog = _dialog(qtbot, window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.model.index(0, 0).data() == "Sofia Soon"
    assert dialog.model.index(0, 1).data() == str(balance(soon.id))
    assert dialog.summary.text() == f"1 customer · {balance(soon.id)} points"

    dialog.days.setFocus()
    dialog.days.selectAll()
    qtbot.keyClicks(dialog.days, "90")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    assert [dialog.model.index(r, 0).data() for r in range(2)] == [
        "Sofia Soon",
        "Lars Later",
    ]  # soonest first

    dialog.table.setFocus()
    dialog.table.selectRow(1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.current_key == "customers"
    customers_view = window.page_widget("customers")
    qtbot.waitUntil(lambda: getattr(customers_view.profile_view, "customer_id", None) == later.id)


def test_nobody_to_remind(qtbot, window):
    dialog = _dialog(qtbot, window)
    qtbot.waitUntil(lambda: dialog.summary.text() == "Nobody")
    assert dialog.model.rowCount() == 0
