"""The Follow-ups view driven from the keyboard and mouse: buckets with counts, done, snooze, cancel,
reopen, filters, sorting in SQL, and the selection moving on as rows leave a tab."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QToolButton

from crm_desktop.db.models import FollowUp
from crm_desktop.services import followups
from crm_desktop.ui.models.followup_columns import column_index
from crm_desktop.ui.views.followups_view import FollowUpsView
from tests.factories import make_customer
from tests.ui.followups_helpers import TODAY, add, make_staff, weekly
from tests.ui.profile_helpers import show_active


@pytest.fixture
def view(qtbot, ctx):
    widget = FollowUpsView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    show_active(qtbot, widget)
    return widget


def titles(view: FollowUpsView) -> list[str]:
    return [row.title for row in view.model.rows]


def tab_texts(view: FollowUpsView) -> list[str]:
    tabs = view.controls.tabs
    return [tabs.tabText(n).replace("&", "") for n in range(tabs.count())]


def focus_row(qtbot, view: FollowUpsView, title: str) -> None:
    view.table.select_row(titles(view).index(title))
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)


def test_tabs_show_counts_and_the_model_is_sound(qtbot, qtmodeltester, session, view):
    add(session, "Call back Anna", -2)
    add(session, "Order arrived", 0)
    add(session, "Ask how the boots fit", 0)
    add(session, "Check the repair", 5)
    view.reload()
    assert tab_texts(view) == ["Overdue (1)", "Today (2)", "Upcoming (1)", "Done (0)"]
    assert titles(view) == ["Call back Anna"]  # starts on Overdue
    view.set_bucket("today")
    assert sorted(titles(view)) == ["Ask how the boots fit", "Order arrived"]
    qtmodeltester.check(view.model)


def test_space_completes_the_selected_one_and_the_selection_moves_on(qtbot, session, view):
    first = add(session, "Order arrived", 0, priority=2)
    add(session, "Ask how the boots fit", 0)
    add(session, "Sharpen the knives", 0, priority=0)
    view.set_bucket("today")
    assert titles(view) == [
        "Order arrived",
        "Ask how the boots fit",
        "Sharpen the knives",
    ]  # due, then priority
    focus_row(qtbot, view, "Order arrived")
    qtbot.keyClick(view.table, Qt.Key.Key_Space)

    stored = FollowUp.get_by_id(first.id)
    assert stored.status == "done" and stored.completed_at is not None
    assert stored.completed_by_id == session.actor.staff_id
    assert titles(view) == ["Ask how the boots fit", "Sharpen the knives"]
    assert tab_texts(view)[1:] == ["Today (2)", "Upcoming (0)", "Done (1)"]
    assert view.selected().title == "Ask how the boots fit"  # the next row took its place
    assert "Done" in view.controls.message.text()
    assert view.actions.done.toolTip().endswith("(Space)")


def test_completing_a_repeating_one_makes_the_next_and_says_when(qtbot, session, view):
    add(session, "Water the shop plants", 0, repeat=weekly())
    view.set_bucket("today")
    focus_row(qtbot, view, "Water the shop plants")
    qtbot.keyClick(view.table, Qt.Key.Key_Space)

    assert view.controls.message.text() == "Done — next one due 22 Jun."
    rows = FollowUp.select().where(FollowUp.title == "Water the shop plants").order_by(FollowUp.id)
    assert [(r.status, r.due_date) for r in rows] == [("done", TODAY), ("open", TODAY + dt.timedelta(days=7))]
    assert tab_texts(view)[1:3] == ["Today (0)", "Upcoming (1)"]


@pytest.mark.parametrize(("key", "days"), [(Qt.Key.Key_S, 1), (Qt.Key.Key_W, 7)])
def test_s_and_w_snooze_a_day_and_a_week_from_today(qtbot, session, view, key, days):
    late = add(session, "Call back Anna", -3)
    add(session, "Return the ladder", -1)
    view.reload()
    focus_row(qtbot, view, "Call back Anna")
    qtbot.keyClick(view.table, key)

    assert FollowUp.get_by_id(late.id).due_date == TODAY + dt.timedelta(days=days)
    assert titles(view) == ["Return the ladder"]
    assert tab_texts(view)[0] == "Overdue (1)" and tab_texts(view)[2] == "Upcoming (1)"
    view.set_bucket("upcoming")
    assert titles(view) == ["Call back Anna"]


def test_d_snoozes_to_a_day_picked_on_the_calendar(qtbot, session, view):
    from PySide6.QtCore import QDate

    row = add(session, "Order arrived", 0)
    view.set_bucket("today")
    focus_row(qtbot, view, "Order arrived")
    qtbot.keyClick(view.table, Qt.Key.Key_D)
    dialog = view.actions.dialog
    assert dialog is not None and dialog.objectName() == "snooze_dialog"
    assert dialog.calendar.minimumDate() == QDate(2026, 6, 16)  # tomorrow at the earliest
    dialog.calendar.setSelectedDate(QDate(2026, 7, 3))
    qtbot.keyClick(dialog.calendar, Qt.Key.Key_Return)

    assert FollowUp.get_by_id(row.id).due_date == dt.date(2026, 7, 3)
    assert titles(view) == [] and view.table.empty_label.text() == "Nothing due today."
    assert view.controls.message.text() == "Snoozed until 3 Jul: Order arrived."


def test_del_cancels_after_asking_and_r_reopens_from_done(qtbot, session, view):
    row = add(session, "Order arrived", -1)
    view.reload()
    focus_row(qtbot, view, "Order arrived")
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    box = view.actions.dialog
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.No).click()  # "Keep it"
    assert FollowUp.get_by_id(row.id).status == "open"

    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    view.actions.dialog.button(QMessageBox.StandardButton.Yes).click()
    assert FollowUp.get_by_id(row.id).status == "cancelled"
    assert titles(view) == []

    view.set_bucket("done")
    assert titles(view) == ["Order arrived"]
    assert not view.table.isColumnHidden(column_index("closed"))
    assert view.model.index(0, column_index("closed")).data().startswith("Cancelled 15 Jun 2026")
    focus_row(qtbot, view, "Order arrived")
    assert not view.actions.done.isEnabled() and view.actions.reopen.isEnabled()
    snooze_button = view.controls.findChild(QToolButton, "follow_up_snooze")
    assert not snooze_button.isEnabled()
    qtbot.keyClick(view.table, Qt.Key.Key_R)
    assert FollowUp.get_by_id(row.id).status == "open"
    assert tab_texts(view) == ["Overdue (1)", "Today (0)", "Upcoming (0)", "Done (0)"]


def test_enter_asks_for_the_customer_and_ctrl_e_edits(qtbot, session, view):
    anna = make_customer(session, first_name="Anna", last_name="Berg")
    add(session, "Call back Anna", -1, anna.id)
    view.reload()
    focus_row(qtbot, view, "Call back Anna")
    assert view.model.index(0, column_index("customer")).data() == "Anna Berg"
    with qtbot.waitSignal(view.customer_requested) as requested:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert requested.args == [anna.id]
    qtbot.keyClick(view.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = view.actions.dialog
    assert dialog.objectName() == "follow_up_dialog" and dialog.title.text() == "Call back Anna"
    assert dialog.customer.customer_id == anna.id
    dialog.reject()


def test_filter_by_staff_and_by_customer(qtbot, session, clock, view):
    mia = make_staff(clock, "Mia")
    anna = make_customer(session, first_name="Anna", last_name="Berg")
    add(session, "Mia's call", -1, assigned_to=mia)
    add(session, "Anna's order", -1, anna.id)
    add(session, "Shop task", -2)
    view.reload()
    combo = view.controls.staff_combo
    assert [combo.itemText(n) for n in range(combo.count())] == ["Everyone", "Owner", "Mia"]
    combo.setCurrentIndex(combo.findText("Mia"))
    assert titles(view) == ["Mia's call"]
    assert tab_texts(view)[0] == "Overdue (1)"
    combo.setCurrentIndex(0)
    assert len(titles(view)) == 3

    picker = view.controls.customer_picker
    picker.setFocus()
    qtbot.keyClicks(picker, "Berg")
    qtbot.keyClick(picker, Qt.Key.Key_Return)  # the best match
    assert picker.customer_id == anna.id and picker.text() == "Anna Berg"
    assert titles(view) == ["Anna's order"]
    qtbot.keyClick(picker, Qt.Key.Key_Escape)  # clears: everyone's again
    assert picker.customer_id is None and len(titles(view)) == 3


def test_header_click_sorts_in_sql(qtbot, session, view):
    for title, days in (("Bravo", -1), ("alpha", -3), ("Charlie", -2)):
        add(session, title, days)
    view.reload()
    assert titles(view) == ["alpha", "Charlie", "Bravo"]  # by due date
    header = view.table.horizontalHeader()

    def click(key: str) -> None:
        section = column_index(key)
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(header.sectionViewportPosition(section) + 10, header.height() // 2))  # fmt: skip

    click("title")
    assert titles(view) == ["alpha", "Bravo", "Charlie"]
    click("title")
    assert titles(view) == ["Charlie", "Bravo", "alpha"]
    assert view.sorts["overdue"] == ("title", True)
    click("repeat")  # not sortable: nothing changes
    assert titles(view) == ["Charlie", "Bravo", "alpha"]


def test_many_rows_come_a_page_at_a_time(qtbot, session, view):
    for n in range(230):
        add(session, f"Task {n:03}", 1)
    view.set_bucket("upcoming")
    assert view.model.rowCount() == 200 and view.model.canFetchMore()
    assert tab_texts(view)[2] == "Upcoming (230)"
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == 230)


def test_reloads_when_the_date_changes(qtbot, session, clock, view):
    add(session, "Order arrived", 0)
    view.reload()
    assert tab_texts(view)[:2] == ["Overdue (0)", "Today (1)"]
    clock.advance(days=1)
    view.check_date()
    assert tab_texts(view)[:2] == ["Overdue (1)", "Today (0)"]
    assert titles(view) == ["Order arrived"]


def test_ctrl_n_adds_one_from_anywhere_in_the_view(qtbot, session, view):
    view.controls.staff_combo.setFocus()
    qtbot.waitUntil(view.controls.staff_combo.hasFocus)
    qtbot.keyClick(view.controls.staff_combo, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.actions.dialog
    assert dialog is not None and dialog.objectName() == "follow_up_dialog"
    qtbot.keyClicks(dialog.title, "Order more bags")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert followups.page("upcoming", TODAY)[0].title == "Order more bags"
    assert tab_texts(view)[2] == "Upcoming (1)"
    assert view.controls.message.text() == "Added: Order more bags, due 22 Jun."


def test_in_the_window_enter_opens_the_customer(qtbot, session, window):
    anna = make_customer(session, first_name="Anna", last_name="Berg")
    add(session, "Call back Anna", -1, anna.id)
    window.show_view("followups")
    view = window.page_widget("followups")
    assert titles(view) == ["Call back Anna"]
    focus_row(qtbot, view, "Call back Anna")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.current_key == "customers"
    customers_view = window.page_widget("customers")
    qtbot.waitUntil(lambda: customers_view.profile_view.customer_id == anna.id)
