"""The follow-up dialog: new and edit, with a customer found by search, a time, an assignee and a repeat;
a refusal names its field on the message line and focuses it, and nothing is saved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime

from crm_desktop.db.models import FollowUp
from crm_desktop.services import followups
from crm_desktop.services.followups import Repeat
from crm_desktop.ui.dialogs.followup_dialog import FollowUpDialog
from tests.factories import make_customer
from tests.ui.followups_helpers import TODAY, add, make_staff
from tests.ui.profile_helpers import show_active


def _dialog(qtbot, ctx, **kwargs) -> FollowUpDialog:
    dialog = FollowUpDialog(ctx, **kwargs)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    return dialog


def test_creates_one_with_customer_time_assignee_and_repeat(qtbot, ctx, session, clock):
    mia = make_staff(clock, "Mia")
    anna = make_customer(session, first_name="Anna", last_name="Berg")
    dialog = _dialog(qtbot, ctx)
    assert dialog.windowTitle() == "New follow-up"
    assert dialog.due.date() == QDate(2026, 6, 22)  # a week from today unless changed
    qtbot.keyClicks(dialog.title, "Ring about the  repair")
    dialog.customer.setFocus()
    qtbot.keyClicks(dialog.customer, "anna")
    qtbot.keyClick(dialog.customer, Qt.Key.Key_Return)  # picks the best match, does not save
    assert dialog.customer.customer_id == anna.id and dialog.isVisible()
    dialog.due.setDate(QDate(2026, 6, 18))
    qtbot.mouseClick(dialog.timed, Qt.MouseButton.LeftButton)
    assert dialog.time.isEnabled()
    dialog.time.setTime(QTime(15, 30))
    dialog.priority.setCurrentIndex(dialog.priority.findData(2))
    dialog.assigned.setCurrentIndex(dialog.assigned.findText("Mia"))
    qtbot.mouseClick(dialog.repeats, Qt.MouseButton.LeftButton)
    assert dialog.unit.currentText() == "day"  # every 1 day
    dialog.every.setValue(2)
    dialog.unit.setCurrentIndex(dialog.unit.findData("w"))
    assert dialog.unit.currentText() == "weeks"
    qtbot.keyClicks(dialog.notes, "Parts ordered on Monday")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)

    row = followups.get(saved.args[0].id)
    assert (row.title, row.customer_id, row.due_date, row.due_time) == (
        "Ring about the repair", anna.id, dt.date(2026, 6, 18), dt.time(15, 30))  # fmt: skip
    assert (row.priority, row.assigned_to, row.repeat, row.notes) == (
        2,
        mia,
        Repeat(2, "w"),
        "Parts ordered on Monday",
    )
    assert not dialog.isVisible()


def test_edits_one(qtbot, ctx, session, clock):
    mia = make_staff(clock, "Mia")
    anna = make_customer(session, first_name="Anna", last_name="Berg")
    original = add(session, "Call back", 2, anna.id, due_time=dt.time(9, 0), assigned_to=mia,
                   repeat=Repeat(1, "m"), notes="About the boots")  # fmt: skip
    dialog = _dialog(qtbot, ctx, follow_up=original)
    assert dialog.windowTitle() == "Edit follow-up — Anna Berg"
    assert dialog.title.text() == "Call back" and dialog.customer.text() == "Anna Berg"
    assert dialog.timed.isChecked() and dialog.time.time() == QTime(9, 0)
    assert dialog.assigned.currentData() == mia
    assert dialog.repeats.isChecked() and dialog.unit.currentData() == "m"
    assert dialog.notes.toPlainText() == "About the boots"
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Call back about the boots")
    qtbot.mouseClick(dialog.timed, Qt.MouseButton.LeftButton)  # any time that day
    qtbot.mouseClick(dialog.repeats, Qt.MouseButton.LeftButton)  # no more repeats
    dialog.customer.setFocus()
    qtbot.keyClick(dialog.customer, Qt.Key.Key_Escape)  # no customer: a shop task
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()

    stored = FollowUp.get_by_id(original.id)
    assert (stored.title, stored.due_time, stored.repeat_rule, stored.customer_id) == (
        "Call back about the boots", None, None, None)  # fmt: skip
    assert FollowUp.select().count() == 1


def test_an_empty_title_is_refused_on_the_title(qtbot, ctx, session):
    dialog = _dialog(qtbot, ctx)
    dialog.notes.setFocus()
    qtbot.keyClicks(dialog.notes, "no title")
    dialog.save_button.click()
    assert dialog.message.isVisible() and dialog.message.text() == "Title: say what to do."
    assert dialog.message.property("error")
    assert dialog.title.hasFocus()
    assert FollowUp.select().count() == 0 and dialog.isVisible()


def test_a_customer_typed_but_not_found_is_not_saved_as_a_shop_task(qtbot, ctx, session):
    dialog = _dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.title, "Call")
    dialog.customer.setText("nobody like this")
    dialog.save_button.click()
    assert "Customer: pick one from the list" in dialog.message.text()
    assert FollowUp.select().count() == 0


def test_opened_for_a_customer_keeps_them(qtbot, ctx, session):
    anna = make_customer(session, first_name="Anna", last_name="Berg")
    dialog = _dialog(qtbot, ctx, customer=(anna.id, "Anna Berg"))
    assert dialog.windowTitle() == "New follow-up — Anna Berg"
    assert dialog.customer.isReadOnly() and not dialog.customer.isClearButtonEnabled()
    qtbot.keyClicks(dialog.title, "Thank for the review")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert followups.page("upcoming", TODAY, customer_id=anna.id)[0].title == "Thank for the review"
