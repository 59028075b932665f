"""The customer profile driven like a user: the header agrees with the database, history tables show
items, voids and the running balance, and each quick action writes what it says and reloads."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from crm_desktop.db.models import Customer, FollowUp, Interaction, LoyaltyEntry, Purchase
from crm_desktop.services import customers, purchases, settings
from crm_desktop.services.purchases import PurchaseInput
from crm_desktop.ui.context import PURCHASES
from crm_desktop.ui.dialogs.customer_dialog import CustomerDialog
from crm_desktop.ui.dialogs.followup_dialog import FollowUpDialog
from crm_desktop.ui.dialogs.profile_dialogs import InteractionDialog, VoidDialog
from crm_desktop.ui.views.customer_profile_view import CustomerProfileView
from tests.factories import make_customer
from tests.ui.profile_helpers import customer_with_history, show_active

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
Display = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def history(session, clock):
    return customer_with_history(session, clock, birth_day=20, birth_month=6, birth_year=1990)


@pytest.fixture
def view(qtbot, ctx, history):
    widget = CustomerProfileView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1080, 720)
    show_active(qtbot, widget)
    with qtbot.waitSignal(widget.customer_shown):
        widget.show_customer(history.customer.id)
    return widget


def _column(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_header_equals_the_database(view, history):
    row = Customer.get_by_id(history.customer.id)
    values = view.header.values
    assert view.header.name_label.text() == "Ada Lovelace"
    assert values["points"].text() == str(row.points_balance) == "28"  # 8 + 20; the voided 5 reversed
    money = settings.shop_profile().money
    assert values["total_spent"].text() == money.format(row.total_spent_cents) == "€28.80"
    assert values["visits"].text() == str(row.visits) == "2"
    assert values["average_basket"].text() == "€14.40"
    assert values["last_visit"].text() == "18 Jun 2026"
    assert values["customer_since"].text() == "15 Jun 2026"
    assert values["birthday"].text() == "20 June (35)"  # born 20 June 1990; today is 18 June 2026
    assert view.header.captions["birthday"].text() == "Birthday · in 2 days"
    assert view.header.email_badge.text() == "✓ Email" and view.header.sms_badge.text() == "✗ SMS"
    assert "given on 15 Jun 2026" in view.header.email_badge.toolTip()
    assert [label.text() for label in view.header.tag_labels] == ["VIP"]
    assert "+44 7911 123456" in view.header.contact_label.text()


def test_purchases_show_items_and_voids_struck_through(view, history, qtmodeltester):
    model = view.tabs.purchases_model
    qtmodeltester.check(model)
    assert [p.id for p in model.purchases] == [history.last, history.voided, history.first]
    voided, first = model.index(1, 0), model.index(2, 0)
    assert model.index(1, 6).data() == "Voided: rung up twice"
    assert model.data(voided, Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole) is None
    assert model.index(2, 1).data() == "Flat white ×2, Croissant"
    assert model.index(2, 2).data() == "€8.80" and model.index(2, 3).data() == "+8"
    assert model.rowCount(first) == 2
    item = model.index(1, 1, first)
    assert (item.data(), model.index(1, 2, first).data(), model.index(1, 6, first).data()) == (
        "1 × Croissant", "€2.00", "€0.50 off"
    )  # fmt: skip
    assert model.index(0, 6, first).data() == "€3.40 each"
    assert view.tabs.tabText(0) == "&Purchases (3)"


def test_ledger_shows_a_running_balance(view, qtmodeltester):
    model = view.tabs.ledger_model
    qtmodeltester.check(model)
    assert _column(model, 1) == ["+20", "−5", "+5", "+8"]
    assert _column(model, 2) == ["28", "8", "13", "8"]
    assert _column(model, 3) == ["Earned", "Void reversal", "Earned", "Earned"]


def test_notes_and_follow_ups_tables(view, qtmodeltester):
    for model in (view.tabs.interactions_model, view.tabs.follow_ups_model):
        qtmodeltester.check(model)
    assert _column(view.tabs.interactions_model, 2) == ["Prefers oat milk"]
    assert _column(view.tabs.interactions_model, 3) == ["Owner"]
    assert _column(view.tabs.follow_ups_model, 1) == ["Call about the beans"]


def test_add_note_through_its_dialog(qtbot, view, history):
    qtbot.keyClick(view.tabs.purchases_view, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = view.dialog
    assert isinstance(dialog, InteractionDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.kind.setFocus()
    qtbot.keyClicks(dialog.kind, "Call")
    dialog.body.setFocus()
    qtbot.keyClicks(dialog.body, "Asked about the")
    qtbot.keyClick(dialog.body, Qt.Key.Key_Return)  # a new line; Ctrl+Enter saves
    qtbot.keyClicks(dialog.body, "new beans")
    with qtbot.waitSignal(view.customer_shown):
        qtbot.keyClick(dialog.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    row = Interaction.select().where(Interaction.kind == "call").get()
    assert (row.customer_id, row.body) == (history.customer.id, "Asked about the\nnew beans")
    assert view.tabs.interactions_model.index(0, 1).data() == "Call"
    assert view.tabs.interactions_model.index(0, 2).data() == "Asked about the new beans"
    assert view.dialog is None


def test_an_empty_complaint_is_refused_inline(qtbot, view):
    view.add_note()
    dialog = view.dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("complaint"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Note: write what was said or asked."
    assert Interaction.select().count() == 1


def test_add_follow_up_through_its_dialog(qtbot, view, history, clock):
    qtbot.keyClick(view.tabs.purchases_view, Qt.Key.Key_F, CTRL_SHIFT)
    dialog = view.dialog
    assert isinstance(dialog, FollowUpDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.title.hasFocus()
    qtbot.keyClicks(dialog.title, "Ring when the grinder arrives")
    with qtbot.waitSignal(view.customer_shown):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    row = FollowUp.select().where(FollowUp.title == "Ring when the grinder arrives").get()
    assert row.customer_id == history.customer.id
    assert str(row.due_date) == "2026-06-25"  # a week after the shop's today (18 June)
    assert "Ring when the grinder arrives" in _column(view.tabs.follow_ups_model, 1)


def test_archive_then_restore(qtbot, view, history):
    button = view.buttons["archive"]
    assert button.text() == "Archive" and "Ctrl+Shift+A" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    box = view.dialog
    assert isinstance(box, QMessageBox)
    with qtbot.waitSignal(view.customer_shown):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert Customer.get_by_id(history.customer.id).archived_at is not None
    assert button.text() == "Restore" and view.header.archived_badge.isVisible()
    assert not view.log_action.isEnabled()

    qtbot.keyClick(view.tabs.purchases_view, Qt.Key.Key_A, CTRL_SHIFT)
    with qtbot.waitSignal(view.customer_shown):
        qtbot.mouseClick(view.dialog.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert Customer.get_by_id(history.customer.id).archived_at is None
    assert button.text() == "Archive"


def test_cancelling_the_archive_changes_nothing(qtbot, view, history):
    view.toggle_archive()
    qtbot.mouseClick(view.dialog.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert Customer.get_by_id(history.customer.id).archived_at is None


def test_void_from_the_profile(qtbot, view, history):
    tree = view.tabs.purchases_view
    tree.setFocus()
    assert view.tabs.selected_purchase().id == history.last
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # the voided one: nothing to void
    assert not view.tabs.void_button.isEnabled()
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert view.tabs.selected_purchase().id == history.first
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    dialog = view.dialog
    assert isinstance(dialog, VoidDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.reason, "wrong customer")
    with qtbot.waitSignal(view.customer_shown):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    assert Purchase.get_by_id(history.first).void_reason == "wrong customer"
    assert LoyaltyEntry.select().where(LoyaltyEntry.kind == "void_reversal").count() == 2
    assert (
        view.header.values["points"].text()
        == "20"
        == str(Customer.get_by_id(history.customer.id).points_balance)
    )
    assert view.header.values["visits"].text() == "1"
    assert view.tabs.purchases_model.index(2, 6).data() == "Voided: wrong customer"
    assert view.tabs.selected_purchase().id == history.first  # the selection stays on it
    assert not view.tabs.void_button.isEnabled()


def test_void_needs_a_reason(qtbot, view, history):
    view.void_selected()
    qtbot.mouseClick(view.dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.dialog.message.text() == "Reason: say why the purchase is voided."
    assert Purchase.get_by_id(history.last).voided_at is None


def test_back_with_escape_and_alt_left(qtbot, view):
    with qtbot.waitSignal(view.back_requested):
        qtbot.keyClick(view.tabs.purchases_view, Qt.Key.Key_Escape)
    with qtbot.waitSignal(view.back_requested):
        qtbot.keyClick(view.tabs.purchases_view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert "Esc" in view.back_button.toolTip()


def test_log_purchase_asks_for_the_walk_in_panel(qtbot, view, history):
    with qtbot.waitSignal(view.log_purchase_requested) as asked:
        qtbot.keyClick(view.tabs.purchases_view, Qt.Key.Key_P, CTRL_SHIFT)
    assert asked.args == [history.customer.id]


def test_edit_opens_the_dialog_and_the_header_follows(qtbot, view, history):
    qtbot.keyClick(view.tabs.purchases_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, CustomerDialog) and dialog.customer_id == history.customer.id
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.first_name.selectAll()
    qtbot.keyClicks(dialog.first_name, "Augusta Ada")
    with qtbot.waitSignal(view.customer_shown):
        qtbot.keyClick(dialog.first_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert view.header.name_label.text() == "Augusta Ada Lovelace"


def test_a_sale_logged_elsewhere_reloads_the_profile(qtbot, ctx, view, history):
    purchases.log_purchase(ctx.session, PurchaseInput(customer_id=history.customer.id, amount_cents=10_00))
    with qtbot.waitSignal(view.customer_shown):
        ctx.changes.notify(PURCHASES)
    assert view.header.values["visits"].text() == "3"
    assert view.tabs.purchases_model.rowCount() == 4


def test_a_merged_away_record_is_read_only_and_links_to_the_survivor(qtbot, ctx, view, history):
    other = make_customer(ctx.session, first_name="Ada B.")
    customers.merge(ctx.session, history.customer.id, other.id)
    with qtbot.waitSignal(view.customer_shown):
        view.show_customer(other.id)
    assert view.header.merged_label.isVisible()
    assert not any(a.isEnabled() for a in (view.edit_action, view.note_action, view.merge_action))
    with qtbot.waitSignal(view.customer_shown) as shown:
        view.header.merged_label.linkActivated.emit(str(history.customer.id))
    assert shown.args == [history.customer.id]


def test_tab_goes_back_then_actions_then_history(qtbot, view):
    view.back_button.setFocus()
    order = [view.buttons[k] for k in ("log", "note", "follow_up", "edit", "merge", "archive")]
    for widget in [*order, view.tabs.tabBar(), view.tabs.purchases_view]:
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
        assert widget.hasFocus()
    assert all("(" in button.toolTip() and "Ctrl+" in button.toolTip() for button in order)
