"""The profile's Follow-ups tab works with the Follow-ups view's keys, and its Notes tab follows
complaints and requests as service cases."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from crm_desktop.db.models import FollowUp, Interaction
from crm_desktop.services import followups, profile
from crm_desktop.services.followups import FollowUpDraft, Repeat
from crm_desktop.ui.views.customer_profile_view import CustomerProfileView
from tests.factories import make_customer
from tests.ui.profile_helpers import show_active

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def anna(session):
    return make_customer(session, first_name="Anna", last_name="Berg")


@pytest.fixture
def view(qtbot, ctx, anna):
    widget = CustomerProfileView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1080, 720)
    show_active(qtbot, widget)
    return widget


def show(qtbot, view: CustomerProfileView, customer_id: int) -> None:
    with qtbot.waitSignal(view.customer_shown):
        view.show_customer(customer_id)


def open_tab(qtbot, view: CustomerProfileView, number: int, table) -> None:
    view.tabs.setCurrentIndex(number)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)


def column(model, number: int) -> list[str]:
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_space_completes_a_follow_up_and_the_repeat_appears(qtbot, session, view, anna):
    followups.add(session, FollowUpDraft("Ask about the boots", anna.id, TODAY, repeat=Repeat(1, "m")))
    followups.add(session, FollowUpDraft("Send the catalogue", anna.id, TODAY + dt.timedelta(days=3)))
    show(qtbot, view, anna.id)
    table = view.tabs.follow_ups_view
    open_tab(qtbot, view, 3, table)
    table.setCurrentIndex(view.tabs.follow_ups_model.index(0, 0))
    assert view.follow_ups.done.isEnabled()
    with qtbot.waitSignal(view.customer_shown):
        qtbot.keyClick(table, Qt.Key.Key_Space)

    done = FollowUp.get(FollowUp.title == "Ask about the boots", FollowUp.status == "done")
    assert done.completed_by_id == session.actor.staff_id
    assert view.last_message == ("Done — next one due 15 Jul.", False)
    model = view.tabs.follow_ups_model
    assert column(model, 1) == ["Send the catalogue", "Ask about the boots", "Ask about the boots"]
    assert column(model, 5)[0] == "Open" and column(model, 5)[2].startswith("Done 15 Jun 2026")
    assert view.tabs.tabText(3) == "Follo&w-ups (3)"


def test_snooze_edit_and_cancel_keys_on_the_profile_tab(qtbot, session, view, anna):
    row = followups.add(session, FollowUpDraft("Ask about the boots", anna.id, TODAY))
    show(qtbot, view, anna.id)
    table = view.tabs.follow_ups_view
    open_tab(qtbot, view, 3, table)
    table.setCurrentIndex(view.tabs.follow_ups_model.index(0, 0))
    with qtbot.waitSignal(view.customer_shown):
        qtbot.keyClick(table, Qt.Key.Key_W)
    assert FollowUp.get_by_id(row.id).due_date == TODAY + dt.timedelta(days=7)
    assert view.tabs.selected_follow_up().id == row.id  # still selected after the reload

    qtbot.keyClick(
        table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier
    )  # the follow-up, not the customer
    dialog = view.follow_ups.dialog
    assert dialog.objectName() == "follow_up_dialog" and dialog.customer.isReadOnly()
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Ask how the boots fit")
    with qtbot.waitSignal(view.customer_shown):
        dialog.save_button.click()
    assert FollowUp.get_by_id(row.id).title == "Ask how the boots fit"

    qtbot.keyClick(table, Qt.Key.Key_Delete)
    box = view.follow_ups.dialog
    assert isinstance(box, QMessageBox)
    with qtbot.waitSignal(view.customer_shown):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert FollowUp.get_by_id(row.id).status == "cancelled"
    assert not view.follow_ups.done.isEnabled() and view.follow_ups.reopen.isEnabled()


def test_open_a_complaint_as_a_case_and_resolve_it(qtbot, session, clock, view, anna):
    profile.add_interaction(session, anna.id, "note", "Likes the blue ones")
    clock.advance(minutes=5)
    profile.add_interaction(session, anna.id, "complaint", "The zip broke after a week")
    show(qtbot, view, anna.id)
    table = view.tabs.interactions_view
    open_tab(qtbot, view, 2, table)
    model = view.tabs.interactions_model
    assert column(model, 1) == ["Complaint", "Note"] and column(model, 4) == ["", ""]

    table.setCurrentIndex(model.index(1, 0))  # the note cannot be a case
    assert not view.cases.open_case.isEnabled()
    table.setCurrentIndex(model.index(0, 0))
    assert view.cases.open_case.isEnabled() and not view.cases.status_button.isEnabled()
    assert view.cases.open_case.toolTip().endswith("(C)")
    with qtbot.waitSignal(view.customer_shown):
        qtbot.keyClick(table, Qt.Key.Key_C)
    complaint = Interaction.get(Interaction.kind == "complaint")
    assert complaint.case_status == "open"
    assert column(model, 4) == ["Open", ""]
    assert view.cases.status_button.isEnabled() and not view.cases.open_case.isEnabled()
    assert view.cases.status_actions["open"].isChecked()

    clock.advance(hours=26)
    with qtbot.waitSignal(view.customer_shown):
        view.cases.status_actions["waiting"].trigger()
    assert column(model, 4) == ["Waiting", ""]
    with qtbot.waitSignal(view.customer_shown):
        view.cases.status_actions["resolved"].trigger()
    complaint = Interaction.get_by_id(complaint.id)
    assert complaint.case_status == "resolved" and complaint.resolved_at == clock.now()
    assert column(model, 4) == ["Resolved", ""]
    assert view.last_message == ("Case resolved: complaint of Anna Berg.", False)


def test_a_request_is_opened_as_a_case_from_the_note_dialog(qtbot, view, anna):
    show(qtbot, view, anna.id)
    view.add_note()
    dialog = view.dialog
    assert not dialog.open_as_case.isEnabled()  # a note cannot be a case
    dialog.kind.setCurrentIndex(dialog.kind.findData("request"))
    assert dialog.open_as_case.isEnabled()
    qtbot.keyClicks(dialog.body, "Wants the boots in size 39")
    qtbot.mouseClick(
        dialog.open_as_case, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.open_as_case.height() // 2)
    )
    with qtbot.waitSignal(view.customer_shown):
        dialog.save_button.click()
    row = Interaction.get(Interaction.kind == "request")
    assert row.case_status == "open"
    assert column(view.tabs.interactions_model, 4) == ["Open"]
