"""Today → Follow-ups due and Open service cases: what is listed, Space to mark done, Enter to open."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from crm_desktop.db.models import FollowUp
from crm_desktop.services import cases, followups, profile
from crm_desktop.services.followups import FollowUpDraft, Repeat
from tests.factories import make_customer


def _draft(title: str, due: dt.date, customer_id: int | None = None, **more) -> FollowUpDraft:
    return FollowUpDraft(title=title, customer_id=customer_id, due_date=due, **more)


def _texts(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_follow_ups_due_lists_overdue_then_today_and_space_marks_done(qtbot, qtmodeltester, session, window):
    rosa = make_customer(session, first_name="Rosa", last_name="Lind")
    today = dt.date(2026, 6, 15)
    followups.add(session, _draft("Call about the repair", today - dt.timedelta(days=3), rosa.id))
    weekly = followups.add(session, _draft("Water the plants", today, repeat=Repeat(1, "w")))
    followups.add(session, _draft("Order more cards", today + dt.timedelta(days=2)))  # upcoming: not here
    view = window.page_widget("today")
    view.refresh()
    panel = view.follow_ups
    assert _texts(panel.model, 1) == ["Call about the repair", "Water the plants"]
    assert _texts(panel.model, 0) == ["3 days late", "today"]
    assert _texts(panel.model, 2) == ["Rosa Lind", "—"]
    assert panel.title.text() == "Follow-ups due (2)"
    assert view.greeting_label.text() == "2 follow-ups due"
    qtmodeltester.check(panel.model)

    panel.table.setFocus()
    panel.table.selectRow(1)
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    assert FollowUp.get_by_id(weekly.id).status == "done"
    assert _texts(panel.model, 1) == ["Call about the repair"]  # the next one is due in a week
    assert (
        FollowUp.select().where(FollowUp.title == "Water the plants", FollowUp.status == "open").count() == 1
    )
    assert window.statusBar().currentMessage().startswith("Done: Water the plants.")

    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # a customer's follow-up opens the customer
    assert window.current_key == "customers"
    assert window.page_widget("customers").profile_view.customer_id == rosa.id


def test_enter_on_a_shop_task_opens_the_follow_ups_view(qtbot, session, window):
    followups.add(session, _draft("Count the till", dt.date(2026, 6, 15)))
    view = window.page_widget("today")
    view.refresh()
    view.follow_ups.table.setFocus()
    view.follow_ups.table.selectRow(0)
    qtbot.keyClick(view.follow_ups.table, Qt.Key.Key_Return)
    assert window.current_key == "followups"


def test_open_cases_with_their_age_and_the_resolution_line(qtbot, qtmodeltester, session, clock, window):
    rosa = make_customer(session, first_name="Rosa", last_name="Lind")
    old = profile.add_interaction(session, rosa.id, "complaint", "The zip broke", open_as_case=True)
    clock.advance(hours=5)
    profile.add_interaction(session, rosa.id, "request", "Order the blue one", open_as_case=True)
    cases.set_status(session, old.id, "resolved")  # resolved after 5 hours
    clock.advance(days=2)
    newer = profile.add_interaction(session, rosa.id, "complaint", "Wrong size", open_as_case=True)
    cases.set_status(session, newer.id, "waiting")
    clock.advance(hours=1)

    view = window.page_widget("today")
    view.refresh()
    panel = view.cases
    assert _texts(panel.model, 2) == ["Request: Order the blue one", "Complaint (waiting): Wrong size"]
    assert _texts(panel.model, 0) == ["2 days 1 h", "1 h"]
    assert panel.title.text() == "Open service cases (2)"
    assert panel.stats.text() == "Cases resolved in the last 30 days: 1, average 5 h"
    qtmodeltester.check(panel.model)

    panel.table.setFocus()
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert window.page_widget("customers").profile_view.customer_id == rosa.id


def test_a_write_elsewhere_reloads_today_when_it_is_shown_again(qtbot, session, window):
    from crm_desktop.ui.context import FOLLOW_UPS

    view = window.page_widget("today")
    view.refresh()
    assert view.follow_ups.showing_empty
    window.show_view("customers")
    followups.add(session, _draft("Call Rosa", dt.date(2026, 6, 14)))
    window.context.changes.notify(FOLLOW_UPS)
    assert view.follow_ups.showing_empty  # not on screen: nothing read yet
    window.show_view("today")
    assert _texts(view.follow_ups.model, 1) == ["Call Rosa"]
