"""Repeats: parsing, the next due date (months clamp, overdue repeats skip past today), and completing a
repeating follow-up creates the next one exactly once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from crm_desktop.clock import FixedClock
from crm_desktop.db.models import AuditEntry, FollowUp
from crm_desktop.services import followups
from crm_desktop.services.errors import ValidationError
from crm_desktop.services.followup_records import shift
from crm_desktop.services.followups import FollowUpDraft, Repeat, next_due, parse_repeat
from crm_desktop.services.session import Session
from crm_desktop.services.staff import owner_actor
from tests.factories import make_customer

D = dt.date


@pytest.mark.parametrize(
    ("text", "repeat"),
    [("2w", Repeat(2, "w")), ("7d", Repeat(7, "d")), (" 1M ", Repeat(1, "m")), ("", None), (None, None)],
)
def test_parse_repeat(text, repeat):
    assert parse_repeat(text) == repeat
    if repeat is not None:
        assert parse_repeat(str(repeat)) == repeat


def test_str_and_description():
    assert str(Repeat(2, "w")) == "2w"
    assert (Repeat(1, "d").describe(), Repeat(3, "m").describe()) == ("every day", "every 3 months")


@pytest.mark.parametrize("text", ["w", "2", "0w", "-1d", "2y", "1000d", "two weeks", "1.5w"])
def test_parse_repeat_refuses_nonsense(text):
    with pytest.raises(ValidationError) as error:
        parse_repeat(text)
    assert error.value.field == "Repeat"


@pytest.mark.parametrize(
    ("due", "repeat", "today", "expected"),
    [
        (D(2026, 6, 15), Repeat(1, "d"), D(2026, 6, 15), D(2026, 6, 16)),
        (D(2026, 6, 15), Repeat(1, "w"), D(2026, 6, 10), D(2026, 6, 22)),  # done early: one interval on
        (D(2026, 6, 15), Repeat(2, "w"), D(2026, 6, 15), D(2026, 6, 29)),
        (D(2026, 6, 1), Repeat(1, "w"), D(2026, 6, 20), D(2026, 6, 22)),  # overdue: skips 8 and 15 Jun
        (D(2026, 6, 1), Repeat(1, "w"), D(2026, 6, 22), D(2026, 6, 29)),  # lands on today: one more
        (D(2026, 1, 31), Repeat(1, "m"), D(2026, 1, 31), D(2026, 2, 28)),  # clamped
        (D(2028, 1, 31), Repeat(1, "m"), D(2028, 1, 31), D(2028, 2, 29)),  # leap year
        (D(2026, 1, 31), Repeat(1, "m"), D(2026, 3, 5), D(2026, 3, 31)),  # counted from the 31st again
        (D(2026, 1, 31), Repeat(1, "m"), D(2026, 4, 30), D(2026, 5, 31)),  # 30 Apr is today: next is May
        (D(2025, 11, 30), Repeat(3, "m"), D(2026, 6, 15), D(2026, 8, 30)),  # across year-end, overdue
        (D(2024, 2, 29), Repeat(12, "m"), D(2024, 3, 1), D(2025, 2, 28)),
        (D(2020, 1, 1), Repeat(1, "d"), D(2026, 6, 15), D(2026, 6, 16)),  # years overdue: no long loop
    ],
)
def test_next_due(due, repeat, today, expected):
    assert next_due(due, repeat, today) == expected


def test_next_due_is_always_after_today_and_on_the_grid():
    due = D(2026, 1, 31)
    for unit in "dwm":
        for every in (1, 2, 5):
            repeat = Repeat(every, unit)
            for offset in range(-40, 400, 7):
                today = due + dt.timedelta(days=offset)
                result = next_due(due, repeat, today)
                assert result > today and result > due
                times = next(k for k in range(1, 2000) if shift(due, repeat, k) == result)
                assert times == 1 or shift(due, repeat, times - 1) <= today


WEEKLY = Repeat(1, "w")
MONDAY = D(2026, 6, 8)


def _repeating(session, due=MONDAY, repeat=WEEKLY, **extra):
    c = make_customer(session)
    draft = FollowUpDraft(
        "Water the plants", c.id, due, dt.time(9, 30), 2, "the big ones", repeat=repeat, **extra
    )
    return followups.add(session, draft)


def test_completing_a_repeating_follow_up_creates_the_next_one(session):
    row = _repeating(session)  # due Mon 8 Jun; today is Mon 15 Jun
    result = followups.complete(session, row.id)
    assert result.done.status == "done" and result.done.completed_at == session.clock.now()
    nxt = result.next
    assert nxt is not None and nxt.status == "open" and nxt.origin == "repeat"
    assert nxt.due_date == D(2026, 6, 22)  # 15 Jun is today: the next is after it
    assert (nxt.title, nxt.customer_id, nxt.due_time, nxt.priority, nxt.notes, nxt.repeat) == (
        row.title,
        row.customer_id,
        row.due_time,
        2,
        "the big ones",
        Repeat(1, "w"),
    )
    assert FollowUp.get_by_id(nxt.id).occasion == f"repeat:{row.id}"
    assert (
        AuditEntry.select().where((AuditEntry.entity_id == nxt.id) & (AuditEntry.action == "create")).count()
        == 1
    )


def test_the_next_one_is_created_once_even_if_completed_reopened_and_completed_again(session):
    row = _repeating(session)
    first = followups.complete(session, row.id).next
    followups.reopen(session, row.id)
    again = followups.complete(session, row.id)
    assert again.next is None and again.done.status == "done"
    followups.reopen(session, row.id)
    followups.cancel(session, row.id)
    assert FollowUp.select().count() == 2
    # the copy repeats in its turn, once
    assert followups.complete(session, first.id).next.due_date == D(2026, 6, 29)
    assert followups.complete(session, followups.reopen(session, first.id).id).next is None
    assert FollowUp.select().count() == 3


def test_cancelling_a_repeating_follow_up_creates_nothing(session):
    row = _repeating(session)
    followups.cancel(session, row.id)
    assert FollowUp.select().count() == 1


def test_the_next_one_follows_the_local_date(db):
    # 23:30 UTC on 14 Jun is already 15 Jun in Berlin: a daily follow-up due 14 Jun goes to 16 Jun
    clock = FixedClock(dt.datetime(2026, 6, 14, 23, 30, tzinfo=dt.UTC), ZoneInfo("Europe/Berlin"))
    session = Session(owner_actor(clock), clock)
    row = _repeating(session, due=D(2026, 6, 14), repeat=Repeat(1, "d"))
    assert followups.complete(session, row.id).next.due_date == D(2026, 6, 16)
