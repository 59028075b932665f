"""Reminders: what is due at the local time of the check, each item once per local day across repeated
checks and restarts, again the next day while still due; badges; today's ungreeted birthdays."""

from __future__ import annotations

import datetime as dt

from crm_desktop.clock import FixedClock
from crm_desktop.db.models import ReminderSent
from crm_desktop.services import birthdays, cases, followups, profile, reminders
from crm_desktop.services.followups import FollowUpDraft
from crm_desktop.services.reminders import Badges
from crm_desktop.services.session import Session
from tests.factories import make_customer

D = dt.date


def at(clock: FixedClock, iso_local: str) -> None:
    clock.moment = dt.datetime.fromisoformat(iso_local).replace(tzinfo=clock.timezone)


def keys(check) -> list[str]:
    return [item.key for item in check.new_items]


def add(session, title, due, time=None, customer_id=None):
    return followups.add(session, FollowUpDraft(title, customer_id, due, time)).id


def test_a_timed_follow_up_is_due_from_its_minute_once_a_day(session, clock):
    c = make_customer(session, first_name="Anna", last_name="Smith")
    fid = add(session, "Ring about the grinder", D(2026, 6, 15), dt.time(15, 0), c.id)
    at(clock, "2026-06-15T14:59:59")
    first = reminders.check(session)
    assert (keys(first), first.due_total, first.new_total) == ([], 0, 0)
    assert first.badges.follow_ups == 1  # the badge counts today's whatever the time
    at(clock, "2026-06-15T15:00:00")
    due = reminders.check(session)
    assert keys(due) == [f"followup:{fid}"] and (due.due_total, due.new_total) == (1, 1)
    item = due.new_items[0]
    assert (item.kind, item.title, item.detail, item.customer_id) == (
        "follow_up",
        "Ring about the grinder",
        "Anna Smith · due today 15:00",
        c.id,
    )
    for later in ("2026-06-15T15:03:00", "2026-06-15T18:00:00", "2026-06-15T23:59:59"):
        at(clock, later)
        again = reminders.check(Session(session.actor, clock))  # a restart is just a new check
        assert (keys(again), again.due_total) == ([], 1)
    at(clock, "2026-06-16T08:00:00")  # still open the next day: notified again, as overdue
    next_day = reminders.check(session)
    assert keys(next_day) == [f"followup:{fid}"]
    assert next_day.new_items[0].detail == "Anna Smith · overdue since 15 Jun 2026"
    followups.complete(session, fid)
    at(clock, "2026-06-17T08:00:00")
    assert reminders.check(session).due_total == 0


def test_untimed_follow_ups_are_due_from_local_midnight(session, clock):
    fid = add(session, "Order ribbons", D(2026, 6, 16))
    add(session, "Later", D(2026, 6, 17))
    at(clock, "2026-06-15T23:59:59")  # 21:59 UTC
    assert reminders.check(session).due_total == 0
    at(clock, "2026-06-16T00:00:00")  # still 15 Jun in UTC
    check = reminders.check(session)
    assert keys(check) == [f"followup:{fid}"] and check.new_items[0].detail == "Due today"


def test_due_times_follow_the_local_clock_across_dst(session, clock):
    # Berlin skips 02:00-03:00 on 29 Mar 2026 and repeats 02:00-03:00 on 25 Oct 2026
    spring = add(session, "Spring", D(2026, 3, 29), dt.time(3, 0))
    autumn = add(session, "Autumn", D(2026, 10, 25), dt.time(2, 30))
    clock.moment = dt.datetime(2026, 3, 29, 0, 59, 59, tzinfo=dt.UTC)  # 01:59:59 CET
    assert reminders.check(session).due_total == 0
    clock.moment = dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)  # 03:00 CEST, one second later
    assert keys(reminders.check(session)) == [f"followup:{spring}"]
    followups.complete(session, spring)
    clock.moment = dt.datetime(2026, 10, 25, 0, 29, tzinfo=dt.UTC)  # 02:29 CEST
    assert reminders.check(session).due_total == 0
    clock.moment = dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # 02:30 CEST, the first time
    assert keys(reminders.check(session)) == [f"followup:{autumn}"]
    clock.moment = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)  # 02:30 CET, the second time
    assert keys(reminders.check(session)) == []


def test_after_days_closed_everything_overdue_shows_bounded(session, clock):
    for n in range(60):
        add(session, f"Task {n}", D(2026, 6, 1) + dt.timedelta(days=n % 10))
    add(session, "Tomorrow", D(2026, 6, 16))
    first = reminders.check(session)
    assert (len(first.new_items), first.new_total, first.due_total) == (50, 60, 60)
    assert first.new_items[0].title == "Task 9" and first.new_items[0].detail == "Overdue since 10 Jun 2026"
    second = reminders.check(session)
    assert (len(second.new_items), second.new_total, second.due_total) == (0, 0, 60)
    assert ReminderSent.select().count() == 60


def test_old_claims_are_dropped_after_30_days(session, clock):
    ReminderSent.create(day=D(2026, 5, 15), item="followup:1")
    ReminderSent.create(day=D(2026, 5, 16), item="followup:1")
    reminders.check(session)
    assert [r.day for r in ReminderSent.select()] == [D(2026, 5, 16)]


def test_todays_ungreeted_birthdays_once_a_day(session, clock):
    anna = make_customer(session, first_name="Anna", birth_day=15, birth_month=6, birth_year=1986).id
    bo = make_customer(session, first_name="Bo", birth_day=15, birth_month=6).id
    greeted = make_customer(session, first_name="Cy", birth_day=15, birth_month=6).id
    make_customer(session, first_name="Di", birth_day=16, birth_month=6)
    birthdays.greet(session, greeted, 2026)
    fid = add(session, "Call", D(2026, 6, 14))
    check = reminders.check(session)
    assert keys(check) == [f"birthday:{anna}:2026", f"birthday:{bo}:2026", f"followup:{fid}"]
    assert [(i.kind, i.title, i.detail) for i in check.new_items[:2]] == [
        ("birthday", "Birthday: Anna Lovelace", "turns 40 today"),
        ("birthday", "Birthday: Bo Lovelace", "birthday today"),
    ]
    assert (check.due_total, check.new_total) == (3, 3)
    clock.advance(minutes=3)
    assert keys(reminders.check(session)) == []
    birthdays.greet(session, bo, 2026)
    assert reminders.check(session).due_total == 2


def test_badges_count_birthdays_missed_this_week_open_cases_and_due_follow_ups(session, clock):
    today = D(2026, 6, 15)
    for day, month in ((15, 6), (7, 6), (8, 6), (14, 6), (16, 6)):  # 7 Jun is more than 7 days ago
        make_customer(session, first_name=f"P{day}", birth_day=day, birth_month=month)
    greeted = make_customer(session, first_name="Greeted", birth_day=12, birth_month=6).id
    birthdays.greet(session, greeted, 2026)
    c = make_customer(session)
    for kind in ("complaint", "request", "complaint"):
        profile.add_interaction(session, c.id, kind, "Broken grinder", open_as_case=True)
    resolved = profile.add_interaction(session, c.id, "complaint", "Cold coffee", open_as_case=True).id
    cases.set_status(session, resolved, "resolved")
    add(session, "Yesterday", D(2026, 6, 14))
    add(session, "Today late", today, dt.time(23, 0))
    add(session, "Tomorrow", D(2026, 6, 16))
    followups.complete(session, add(session, "Done", D(2026, 6, 10)))
    assert reminders.badges(today) == Badges(today=1 + 2 + 3, follow_ups=2)
    assert reminders.check(session).badges == Badges(6, 2)
