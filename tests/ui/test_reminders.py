"""Reminders: the sidebar badges follow the writes, and the periodic check tells the user about each due item
once per day (a recording notifier stands in for the tray, which offscreen Qt does not have)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from crm_desktop.services import followups, profile
from crm_desktop.services.followups import FollowUpDraft
from crm_desktop.services.reminders import ReminderItem
from crm_desktop.ui.context import FOLLOW_UPS
from crm_desktop.ui.reminders import Notifier, Reminders, message_body, message_title, start_reminders
from tests.factories import make_customer

TODAY = dt.date(2026, 6, 15)  # the `clock` fixture: 10:00 in Berlin


class RecordingNotifier(Notifier):
    def __init__(self, available: bool = True) -> None:
        super().__init__()
        self.tray = available
        self.messages: list[tuple[str, str]] = []

    def available(self) -> bool:
        return self.tray

    def notify(self, title: str, body: str) -> None:
        self.messages.append((title, body))


def _due(session, title: str, days_late: int = 0, customer_id: int | None = None):
    draft = FollowUpDraft(title=title, customer_id=customer_id, due_date=TODAY - dt.timedelta(days=days_late))
    return followups.add(session, draft)


def test_badges_count_due_follow_ups_and_follow_every_write(qtbot, session, window):
    notifier = RecordingNotifier()
    reminders = start_reminders(window, window.context, notifier)
    sidebar = window.sidebar
    assert sidebar.badge("followups") == 0

    rosa = make_customer(session, first_name="Rosa", last_name="Lind")
    _due(session, "Call Rosa back", 2, rosa.id)
    _due(session, "Order more cards")
    _due(session, "Next week's delivery", -7)  # not due yet
    with qtbot.waitSignal(reminders.badges_changed):
        window.context.changes.notify(FOLLOW_UPS)  # what the follow-up dialog says after saving
    assert sidebar.badge("followups") == 2
    assert sidebar.item(2).toolTip() == "Follow-ups (Ctrl+3) — 2 due"
    assert sidebar.item(2).data(Qt.ItemDataRole.AccessibleTextRole) == "Follow-ups — 2 due"

    today = window.page_widget("today")  # complete one with Space on Today
    today.follow_ups.table.setFocus()
    today.follow_ups.table.selectRow(0)
    qtbot.keyClick(today.follow_ups.table, Qt.Key.Key_Space)
    assert sidebar.badge("followups") == 1
    assert notifier.messages == []  # badges never notify


def test_today_badge_counts_ungreeted_birthdays_and_open_cases(qtbot, session, window):
    reminders = start_reminders(window, window.context, RecordingNotifier())
    rosa = make_customer(session, first_name="Rosa", birth_day=15, birth_month=6)  # today
    make_customer(session, first_name="Sam", birth_day=12, birth_month=6)  # missed this week
    profile.add_interaction(session, rosa.id, "complaint", "The zip broke", open_as_case=True)
    reminders.refresh_badges()
    assert window.sidebar.badge("today") == 3

    view = window.page_widget("today")
    view.refresh()
    qtbot.mouseClick(view.birthdays.window_buttons["today"], Qt.MouseButton.LeftButton)
    view.birthdays.table.setFocus()
    qtbot.keyClick(view.birthdays.table, Qt.Key.Key_G)  # Rosa greeted: one less to see to
    assert window.sidebar.badge("today") == 2


def test_each_due_item_is_notified_once_a_day(qtbot, session, clock, ctx):
    make_customer(session, first_name="Rosa", last_name="Lind", birth_day=15, birth_month=6)
    for n in range(3):
        _due(session, f"Call supplier {n + 1}", n)
    notifier = RecordingNotifier()
    reminders = Reminders(ctx, notifier)
    reminders.check()
    assert notifier.messages[0][0] == "3 follow-ups due, 1 birthday today"
    assert "Birthday: Rosa Lind" in notifier.messages[0][1]
    assert reminders.badges.follow_ups == 3

    reminders.check()  # three minutes later: nothing new
    assert len(notifier.messages) == 1

    _due(session, "Ring the bank")
    reminders.check()
    assert notifier.messages[1] == ("1 follow-up due", "Ring the bank")

    clock.advance(days=1)  # still open the next day (now overdue), and Rosa's day has passed
    reminders.check()
    assert len(notifier.messages) == 3
    assert notifier.messages[2][0] == "4 follow-ups due"


def test_the_first_check_runs_shortly_after_start_then_on_the_timer(qtbot, session, ctx):
    _due(session, "Call supplier")
    notifier = RecordingNotifier()
    reminders = Reminders(ctx, notifier, first_delay_ms=0, check_interval_ms=3_600_000)
    with qtbot.waitSignal(reminders.checked):
        reminders.start()
    assert notifier.messages == [("1 follow-up due", "Call supplier")]
    assert reminders.timer.isActive() and reminders.timer.interval() == 3_600_000
    reminders.stop()
    assert not reminders.timer.isActive()


def test_without_a_tray_only_the_badges_change(qtbot, session, ctx):
    _due(session, "Call supplier")
    notifier = RecordingNotifier(available=False)
    reminders = Reminders(ctx, notifier)
    with qtbot.waitSignal(reminders.badges_changed):
        reminders.check()
    assert notifier.messages == [] and reminders.badges.follow_ups == 1


def test_clicking_the_message_brings_the_window_up_on_today(qtbot, window):
    notifier = RecordingNotifier()
    start_reminders(window, window.context, notifier)
    window.show_view("customers")
    notifier.clicked.emit()
    assert window.current_key == "today"


def _item(kind: str, title: str) -> ReminderItem:
    return ReminderItem(f"{kind}:{title}", kind, title, "", None)


def test_message_title_and_body():
    items = [_item("follow_up", f"Call {n}") for n in range(5)] + [_item("birthday", "Birthday: Rosa")]
    assert message_title(items) == "5 follow-ups due, 1 birthday today"
    assert message_title(items[-1:]) == "1 birthday today"
    assert message_title(items, total=60) == "59 follow-ups due, 1 birthday today"  # the list was cut at 50
    assert message_body(items) == "Call 0\nCall 1\nCall 2\nand 3 more"
    assert message_body(items, total=60) == "Call 0\nCall 1\nCall 2\nand 57 more"
    assert message_body(items[:2]) == "Call 0\nCall 1"
