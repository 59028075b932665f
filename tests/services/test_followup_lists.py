"""The Follow-ups view's queries: buckets by local date (midnight and DST included), every sort key both
ways against a Python model of the order, filters, paging without overlaps, counts equal to the pages."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from crm_desktop import clock as clocks
from crm_desktop.clock import FixedClock
from crm_desktop.db.models import Customer, FollowUp, Staff
from crm_desktop.services import followups
from crm_desktop.services.errors import ValidationError
from crm_desktop.services.followups import BUCKETS, SORT_KEYS, FollowUpDraft
from tests.factories import make_customer

TODAY = dt.date(2026, 6, 15)
TITLES = ("call Anna", "Order beans", "ask about grinder", "Zest delivery", "order filters", "Bake")


@pytest.fixture
def shop(session, clock):
    """About 70 follow-ups with random fields over three staff members and four customers (and shop tasks),
    a third done or cancelled at different times, one cancelled without a completion time (old data)."""
    rng = random.Random(5)
    staff = [Staff.create(name=n, role="staff", created_at=clock.now()).id for n in ("mia", "Tom", "Bob")]
    people = [
        make_customer(session, first_name=first, last_name=last).id
        for first, last in (("Anna", "Smith"), ("Bea", "Bell"), ("Carl", "Zorn"), ("dan", "adams"))
    ]
    ids = []
    for _ in range(70):
        draft = FollowUpDraft(
            title=rng.choice(TITLES),
            customer_id=rng.choice([*people, None]),
            due_date=TODAY + dt.timedelta(days=rng.randint(-4, 4)),
            due_time=rng.choice([None, dt.time(9, 0), dt.time(15, 0), dt.time(23, 59)]),
            priority=rng.randint(0, 2),
            assigned_to=rng.choice([*staff, None]),
        )
        row = followups.add(session, draft)
        ids.append(row.id)
        r = rng.random()
        clock.advance(minutes=rng.randint(1, 3))
        if r < 0.2:
            followups.complete(session, row.id)
        elif r < 0.33:
            followups.cancel(session, row.id)
    FollowUp.update(status="cancelled", completed_at=None).where(FollowUp.id == ids[0]).execute()
    return staff, people


def _bucket_of(f: FollowUp, today: dt.date) -> str:
    if f.status != "open":
        return "done"
    return "overdue" if f.due_date < today else "today" if f.due_date == today else "upcoming"


def _null_low(value):
    return (0, "") if value is None else (1, value)


def _model(bucket, today, sort, descending, staff_id=None, customer_id=None) -> list[int]:
    """The documented order, in Python: the ties, then the key (reversed when descending), blanks last."""
    rows = [f for f in FollowUp.select() if _bucket_of(f, today) == bucket]
    rows = [f for f in rows if staff_id is None or f.assigned_to_id == staff_id]
    rows = [f for f in rows if customer_id is None or f.customer_id == customer_id]
    names = {c.id: c.sort_name for c in Customer.select()}
    staff = {s.id: s.name for s in Staff.select()}
    rows.sort(key=lambda f: (f.due_date, f.due_time is not None, f.due_time or "", f.id))
    keyed = {
        "due": lambda f: (f.due_date, f.due_time is not None, f.due_time or "", -f.priority),
        "priority": lambda f: f.priority,
        "title": lambda f: f.title.lower(),
        "customer": lambda f: names.get(f.customer_id, ""),
        "assigned": lambda f: staff.get(f.assigned_to_id, "").lower(),
        "completed": lambda f: _null_low(f.completed_at),
    }[sort]
    rows.sort(key=keyed, reverse=descending)
    blank = {
        "customer": lambda f: f.customer_id is None,
        "assigned": lambda f: f.assigned_to_id is None,
        "completed": lambda f: f.completed_at is None,
    }.get(sort)
    if blank:
        rows.sort(key=blank)
    return [f.id for f in rows]


def _all_pages(bucket, today, size=7, **kw) -> list[int]:
    ids: list[int] = []
    while True:
        page = followups.page(bucket, today, offset=len(ids), limit=size, **kw)
        ids += [r.id for r in page]
        if len(page) < size:
            return ids


@pytest.mark.parametrize("sort", SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_key_both_ways_matches_the_model_page_by_page(shop, sort, descending):
    for bucket in BUCKETS:
        expected = _model(bucket, TODAY, sort, descending)
        assert _all_pages(bucket, TODAY, sort=sort, descending=descending) == expected, bucket
        assert len(set(expected)) == len(expected)


def test_buckets_split_the_follow_ups_and_counts_match_the_pages(shop):
    staff, people = shop
    for staff_id in (None, *staff):
        for customer_id in (None, *people):
            kw = {"staff_id": staff_id, "customer_id": customer_id}
            counts = followups.counts(TODAY, **kw)
            pages = {b: followups.page(b, TODAY, limit=1000, **kw) for b in BUCKETS}
            assert tuple(len(pages[b]) for b in BUCKETS) == (
                counts.overdue,
                counts.today,
                counts.upcoming,
                counts.done,
            )
            for bucket, rows in pages.items():
                assert all(_bucket_of(FollowUp.get_by_id(r.id), TODAY) == bucket for r in rows)
                assert all(
                    staff_id in (None, r.assigned_to) and customer_id in (None, r.customer_id) for r in rows
                )
    total = followups.counts(TODAY)
    assert sum((total.overdue, total.today, total.upcoming, total.done)) == FollowUp.select().count() == 70
    assert min(total.overdue, total.today, total.upcoming, total.done) > 0


def test_done_defaults_to_newest_completion_first_and_open_buckets_to_due_date(shop):
    done = followups.page("done", TODAY)
    assert [r.id for r in done] == _model("done", TODAY, "completed", True)
    assert done[-1].completed_at is None and done[0].completed_at >= done[1].completed_at
    assert [r.id for r in followups.page("overdue", TODAY)] == _model("overdue", TODAY, "due", False)


def test_a_day_is_today_until_local_midnight_also_across_dst(session):
    # Berlin leaves summer time on 25 Oct 2026: that day has 25 hours
    for due in (dt.date(2026, 10, 25), dt.date(2026, 3, 29), dt.date(2026, 6, 15)):
        row = followups.add(session, FollowUpDraft("Call", None, due, dt.time(23, 59)))
        clock = FixedClock.at(f"{due.isoformat()}T00:00:00", "Europe/Berlin")
        day_before = FixedClock(clock.now() - dt.timedelta(seconds=1), clock.timezone)
        last_second = FixedClock.at(f"{due.isoformat()}T23:59:59", "Europe/Berlin")
        next_midnight = FixedClock(last_second.now() + dt.timedelta(seconds=1), clock.timezone)
        seen = {}
        for name, c in (
            ("before", day_before),
            ("start", clock),
            ("end", last_second),
            ("after", next_midnight),
        ):
            today = clocks.today(c)
            seen[name] = next(b for b in BUCKETS if row.id in [r.id for r in followups.page(b, today)])
        assert seen == {"before": "upcoming", "start": "today", "end": "today", "after": "overdue"}, due
        followups.cancel(session, row.id)
    assert (last_second.now() - clock.now()) == dt.timedelta(hours=23, minutes=59, seconds=59)


def test_the_day_in_berlin_is_not_the_day_in_utc():
    at_1am = FixedClock.at("2026-10-25T01:00:00", "Europe/Berlin")
    assert at_1am.now().date() == dt.date(2026, 10, 24) and clocks.today(at_1am) == dt.date(2026, 10, 25)


def test_for_customer_lists_open_ones_first_then_the_others(session):
    c = make_customer(session)

    def add(title: str, days: int, **kw) -> int:
        return followups.add(session, FollowUpDraft(title, c.id, TODAY + dt.timedelta(days=days), **kw)).id

    timed = add("Timed", 0, due_time=dt.time(9, 0))
    low = add("Low", 0, priority=0)
    high = add("High", 0, priority=2)
    later = add("Later", 2)
    old = add("Old", -9)
    done_old, done_new = add("Done old", -5), add("Done new", -1)
    for fid in (done_old, done_new):
        followups.complete(session, fid)
    assert [r.id for r in followups.for_customer(c.id)] == [old, high, low, timed, later, done_new, done_old]
    assert [r.id for r in followups.for_customer(c.id, limit=2)] == [old, high]


def test_unknown_bucket_or_sort_key(session):
    with pytest.raises(ValidationError):
        followups.page("soon", TODAY)
    with pytest.raises(ValidationError):
        followups.page("today", TODAY, sort="colour")
