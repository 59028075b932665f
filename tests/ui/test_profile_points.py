"""The profile's points: Adjust points… (Ctrl+Shift+J) writes an `adjust` entry with its reason, which the
Loyalty tab and the header then show; refusals stay in the dialog and nothing is written."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from crm_desktop.db.models import Customer, LoyaltyEntry
from crm_desktop.services.session import Session
from crm_desktop.ui.dialogs.adjust_points_dialog import AdjustPointsDialog
from crm_desktop.ui.models.profile_models import LEDGER_KINDS, label
from crm_desktop.ui.views.customer_profile_view import CustomerProfileView
from tests.ui.profile_helpers import customer_with_history, show_active

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def history(session, clock):
    return customer_with_history(session, clock)


def _view(qtbot, ctx, customer_id: int) -> CustomerProfileView:
    widget = CustomerProfileView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1080, 720)
    show_active(qtbot, widget)
    with qtbot.waitSignal(widget.customer_shown):
        widget.show_customer(customer_id)
    return widget


@pytest.fixture
def view(qtbot, ctx, history):
    return _view(qtbot, ctx, history.customer.id)


def _open_dialog(qtbot, view) -> AdjustPointsDialog:
    qtbot.keyClick(view.tabs.purchases_view, Qt.Key.Key_J, CTRL_SHIFT)
    dialog = view.dialog
    assert isinstance(dialog, AdjustPointsDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.points.hasFocus()
    return dialog


def _adjustments(customer_id: int) -> list[tuple[int, str]]:
    query = LoyaltyEntry.select().where(
        (LoyaltyEntry.customer == customer_id) & (LoyaltyEntry.kind == "adjust")
    )
    return [(e.points, e.reason) for e in query]


def test_plus_50_with_a_reason_writes_the_entry_and_the_profile_shows_it(qtbot, view, history):
    before = Customer.get_by_id(history.customer.id).points_balance
    dialog = _open_dialog(qtbot, view)
    qtbot.keyClicks(dialog.points, "50")
    assert dialog.after.text() == f"Balance afterwards: {before + 50}"
    qtbot.keyClick(dialog.points, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.reason, "Goodwill: order arrived late")
    with qtbot.waitSignal(view.customer_shown):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    assert _adjustments(history.customer.id) == [(50, "Goodwill: order arrived late")]
    assert Customer.get_by_id(history.customer.id).points_balance == before + 50
    assert view.header.values["points"].text() == str(before + 50)
    ledger = view.tabs.ledger_model
    assert [ledger.index(0, c).data() for c in (1, 2, 3, 4)] == [
        "+50",
        str(before + 50),
        "Adjustment",
        "Goodwill: order arrived late",
    ]
    assert view.dialog is None


def test_without_a_reason_nothing_is_written(qtbot, view, history):
    dialog = _open_dialog(qtbot, view)
    qtbot.keyClicks(dialog.points, "50")
    qtbot.keyClick(dialog.points, Qt.Key.Key_Return)
    assert dialog.message.isVisible() and dialog.message.text().startswith("Reason")
    assert dialog.reason.hasFocus()
    assert _adjustments(history.customer.id) == []
    assert view.dialog is dialog


def test_taking_more_than_the_balance_is_refused(qtbot, view, history):
    balance = Customer.get_by_id(history.customer.id).points_balance
    dialog = _open_dialog(qtbot, view)
    qtbot.keyClicks(dialog.points, f"-{balance + 1}")
    dialog.reason.setText("Typo")
    qtbot.keyClick(dialog.points, Qt.Key.Key_Return)
    assert dialog.message.isVisible() and "Points" in dialog.message.text()
    assert _adjustments(history.customer.id) == []


def test_staff_without_the_manager_role_are_refused_in_the_dialog(qtbot, ctx, history):
    actor = dataclasses.replace(ctx.session.actor, role="staff")
    ctx.session = Session(actor, ctx.session.clock)
    view = _view(qtbot, ctx, history.customer.id)
    dialog = _open_dialog(qtbot, view)
    qtbot.keyClicks(dialog.points, "10")
    dialog.reason.setText("Birthday cake")
    qtbot.keyClick(dialog.points, Qt.Key.Key_Return)
    assert dialog.message.isVisible() and "manager" in dialog.message.text().lower()
    assert _adjustments(history.customer.id) == []


def test_every_ledger_kind_has_a_readable_label():
    from crm_desktop.db.models import LEDGER_KINDS as STORED

    assert set(STORED) <= set(LEDGER_KINDS)
    assert [label(k) for k in ("expire", "adjust", "birthday_bonus", "redeem", "void_reversal")] == [
        "Expired",
        "Adjustment",
        "Birthday bonus",
        "Redeemed",
        "Void reversal",
    ]


def test_header_shows_the_tier_and_how_far_the_next_one_is(view, history):
    row = Customer.get_by_id(history.customer.id)
    assert view.header.tier_badge.text() == row.tier == "Bronze"
    assert view.header.tier_progress.text() == "€471.20 more spend to Silver"  # 500.00 - 28.80 this year
    assert "Silver starts at €500.00" in view.header.tier_progress.toolTip()
