"""The merge dialog driven from the keyboard: find the other record, choose what wins, merge; history
moves, the merged record is archived, and the profile shows the survivor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from crm_desktop.db.models import Customer, FollowUp, Interaction, Purchase
from crm_desktop.ui.context import CUSTOMERS, PURCHASES
from crm_desktop.ui.dialogs.merge_dialog import MergeDialog
from crm_desktop.ui.models.merge_fields_model import field_rows
from crm_desktop.ui.views.customer_profile_view import CustomerProfileView
from tests.factories import make_customer
from tests.ui.profile_helpers import customer_with_history, show_active

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def pair(session, clock):
    keep = make_customer(session, email="ada@example.com", city="Bristol", tags=("VIP",))
    gone = customer_with_history(
        session, clock, first_name="Augusta", email="augusta@example.com", city="", tags=("student",),
        birth_day=10, birth_month=12,
    )  # fmt: skip
    return keep, gone


@pytest.fixture
def dialog(qtbot, ctx, pair):
    keep, _ = pair
    widget = MergeDialog(ctx, keep.id)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    return widget


def _row(model, label: str) -> int:
    return next(r for r, (text, _) in enumerate(model.rows) if text == label)


def _find(qtbot, dialog, text: str) -> None:
    dialog.search_edit.setFocus()
    qtbot.keyClicks(dialog.search_edit, text)
    qtbot.waitUntil(lambda: dialog.hits.rowCount() > 0)
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)


def test_find_choose_and_merge(qtbot, ctx, dialog, pair, qtmodeltester):
    keep, gone = pair
    assert not dialog.save_button.isEnabled()
    _find(qtbot, dialog, "augus")
    qtmodeltester.check(dialog.hits)
    assert dialog.other_id == gone.customer.id
    assert dialog.isVisible() and Purchase.select().where(Purchase.customer == keep.id).count() == 0
    fields = dialog.fields
    qtmodeltester.check(fields)
    assert fields.headerData(1, Qt.Orientation.Horizontal) == f"Ada Lovelace (#{keep.id})"
    email, city, birthday = _row(fields, "Email"), _row(fields, "City"), _row(fields, "Birthday")
    assert (fields.index(email, 1).data(), fields.index(email, 2).data()) == (
        "ada@example.com",
        "augusta@example.com",
    )
    assert fields.index(email, 1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert fields.index(birthday, 2).data() == "10 December"
    assert (
        fields.index(birthday, 2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    )  # survivor has none
    assert fields.index(city, 1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    last_name = _row(fields, "Last name")
    assert not fields.flags(fields.index(last_name, 1)) & Qt.ItemFlag.ItemIsUserCheckable  # same value
    summary = dialog.summary.text()
    assert "3 purchases" in summary and "28 points" in summary and "1 note" in summary
    assert "1 follow-up" in summary and "student, VIP" in summary

    view = dialog.fields_view  # the merged email wins: move to its cell, Space ticks it
    view.setFocus()
    view.setCurrentIndex(fields.index(email, 2))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert fields.index(email, 2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert fields.index(email, 1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert set(fields.take_from("b")) == {"email", "phone", "birth_day", "birth_month", "birth_year"}

    with qtbot.waitSignal(dialog.merged) as merged, qtbot.waitSignal(ctx.changes.changed) as changed:
        qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    assert merged.args == [keep.id]
    assert {CUSTOMERS, PURCHASES} <= changed.args[0]
    assert Purchase.select().where(Purchase.customer == keep.id).count() == 3
    assert Interaction.select().where(Interaction.customer == keep.id).count() == 1
    assert FollowUp.select().where(FollowUp.customer == keep.id).count() == 1
    survivor, archived = Customer.get_by_id(keep.id), Customer.get_by_id(gone.customer.id)
    assert (survivor.email, survivor.city, survivor.birth_day, survivor.points_balance) == (
        "augusta@example.com", "Bristol", 10, 28
    )  # fmt: skip
    assert archived.archived_at is not None and archived.merged_into_id == keep.id
    assert not dialog.isVisible()


def test_keeping_the_other_record(qtbot, ctx, dialog, pair):
    keep, gone = pair
    _find(qtbot, dialog, "augusta@")
    qtbot.mouseClick(dialog.keep_b, Qt.MouseButton.LeftButton)
    assert dialog.ids() == (gone.customer.id, keep.id)
    city = _row(dialog.fields, "City")
    assert (
        dialog.fields.index(city, 1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    )  # other empty
    assert "Keeps Augusta Lovelace" in dialog.summary.text() and "0 purchases" in dialog.summary.text()
    with qtbot.waitSignal(dialog.merged) as merged:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert merged.args == [gone.customer.id]
    assert Customer.get_by_id(keep.id).merged_into_id == gone.customer.id
    assert Customer.get_by_id(gone.customer.id).city == "Bristol"


def test_the_shown_customer_is_not_offered_and_enter_never_merges(qtbot, dialog, pair):
    keep, _ = pair
    dialog.search_edit.setFocus()
    qtbot.keyClicks(dialog.search_edit, "ada@")
    qtbot.wait(250)  # the search waits for typing to pause
    assert keep.id not in [h.id for h in dialog.hits.rows]
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.other_id is None
    assert Customer.select().where(Customer.merged_into.is_null(False)).count() == 0


def test_merge_from_the_profile_shows_the_survivor(qtbot, ctx, pair):
    keep, gone = pair
    view = CustomerProfileView(ctx)
    qtbot.addWidget(view)
    show_active(qtbot, view)
    with qtbot.waitSignal(view.customer_shown):
        view.show_customer(gone.customer.id)
    qtbot.keyClick(view.tabs.purchases_view, Qt.Key.Key_M, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = view.dialog
    assert isinstance(dialog, MergeDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    _find(qtbot, dialog, "ada@")
    assert dialog.other_id == keep.id
    dialog.keep_b.setChecked(True)  # keep Ada, fold Augusta (shown) into her
    with qtbot.waitSignal(view.customer_shown) as shown:
        qtbot.keyClick(dialog.search_edit, Qt.Key.Key_S, CTRL)
    assert shown.args == [keep.id]
    assert view.header.values["visits"].text() == "2"
    assert view.tabs.purchases_model.rowCount() == 3
    assert Customer.get_by_id(gone.customer.id).archived_at is not None


def test_field_rows_cover_every_merge_field_once():
    from crm_desktop.services.customers import MERGE_FIELDS

    fields = [f for _, group in field_rows() for f in group]
    assert sorted(fields) == sorted(MERGE_FIELDS)
    assert [label for label, _ in field_rows()].count("Birthday") == 1
