"""Birthday lists and greetings: windows across the year-end, 29 February under both rules, local midnight
and daylight-saving changes, greeted-this-year, missed ones, paging, and the query plan."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from crm_desktop import clock as clocks
from crm_desktop.clock import FixedClock
from crm_desktop.db.models import AuditEntry, BirthdayGreeting, Customer, database
from crm_desktop.services import birthdays, customer_merge, customers, loyalty, loyalty_daily, profile
from crm_desktop.services.errors import NotFoundError, ValidationError
from crm_desktop.services.session import Session
from crm_desktop.services.staff import owner_actor
from tests.factories import make_customer
from tests.services.loyalty_helpers import set_rules

D = dt.date
DAY = dt.timedelta(days=1)


def at(iso: str, tz: str = "Europe/Berlin") -> Session:
    clock = FixedClock.at(iso, tz)
    return Session(owner_actor(clock), clock)


def person(session: Session, first: str, month: int, day: int, year: int | None = None, **more) -> int:
    return make_customer(
        session, first_name=first, last_name="Test", birth_month=month, birth_day=day, birth_year=year, **more
    ).id


def listed(first: D, last: D, today: D, **kw) -> list[tuple[str, D, int, int | None]]:
    return [
        (r.first_name, r.celebrates_on, r.days_away, r.age)
        for r in birthdays.between(first, last, today, **kw)
    ]


def set_feb29(session: Session, rule: str) -> None:
    birthdays.save(session, dataclasses.replace(birthdays.current(), feb29=rule))


def test_next_30_days_across_the_year_end(db):
    s = at("2026-12-28T10:00")
    t = clocks.today(s.clock)
    person(s, "Today", 12, 28, 1990)
    person(s, "Jan2", 1, 2, 1990)
    person(s, "NoYear", 12, 31)
    person(s, "Yesterday", 12, 27, 1990)
    person(s, "Day30", 1, 27, 2000)
    person(s, "Day31", 1, 28, 2000)
    assert listed(t, t + 30 * DAY, t) == [
        ("Today", D(2026, 12, 28), 0, 36),
        ("NoYear", D(2026, 12, 31), 3, None),
        ("Jan2", D(2027, 1, 2), 5, 37),  # 2 Jan shows on 28 Dec as 5 days away, turning 37 in 2027
        ("Day30", D(2027, 1, 27), 30, 27),
    ]
    assert birthdays.count_between(t, t + 30 * DAY) == 4
    assert listed(t, t, t) == [("Today", D(2026, 12, 28), 0, 36)]
    assert listed(t - 7 * DAY, t - DAY, t) == [("Yesterday", D(2026, 12, 27), -1, 36)]


@pytest.mark.parametrize(
    ("today", "rule", "shown_on"),
    [
        ("2027-02-28", "feb28", D(2027, 2, 28)),
        ("2027-02-28", "mar1", D(2027, 3, 1)),
        ("2028-02-28", "feb28", D(2028, 2, 29)),  # a leap year: its own day under both rules
        ("2028-02-28", "mar1", D(2028, 2, 29)),
    ],
)
def test_29_february_is_listed_on_the_day_the_rule_gives(db, today, rule, shown_on):
    s = at(f"{today}T09:00")
    t = clocks.today(s.clock)
    set_feb29(s, rule)
    person(s, "Leap", 2, 29, 1996)
    person(s, "Mar1", 3, 1, 1996)
    rows = birthdays.between(t, t + 7 * DAY, t)
    leap = next(r for r in rows if r.first_name == "Leap")
    assert (leap.celebrates_on, leap.days_away) == (shown_on, (shown_on - t).days)
    assert leap.age == shown_on.year - 1996
    assert [r.first_name for r in rows] == ["Leap", "Mar1"]
    assert [r.first_name for r in birthdays.between(t, t, t)] == (["Leap"] if shown_on == t else [])
    assert profile.profile(leap.customer_id, t).birthday_in_days == (shown_on - t).days


def test_29_february_under_mar1_sorts_with_1_march_by_name(db):
    s = at("2027-02-27T09:00")
    set_feb29(s, "mar1")
    person(s, "Zoe", 3, 1)
    person(s, "Adam", 2, 29)
    t = clocks.today(s.clock)
    assert listed(t, t + 3 * DAY, t) == [("Adam", D(2027, 3, 1), 2, None), ("Zoe", D(2027, 3, 1), 2, None)]


@pytest.mark.parametrize(
    ("iso", "local_day"),
    [
        ("2026-03-29T00:30", D(2026, 3, 29)),  # UTC is still 28 March
        ("2026-03-29T03:30", D(2026, 3, 29)),  # after the clocks went forward
        ("2026-10-25T00:30", D(2026, 10, 25)),  # UTC 24 October, before the clocks go back
        ("2026-10-25T23:59", D(2026, 10, 25)),
    ],
)
def test_local_midnight_and_dst_changes_never_move_a_birthday(db, iso, local_day):
    s = at(iso)
    t = clocks.today(s.clock)
    assert t == local_day
    person(s, "Before", (local_day - DAY).month, (local_day - DAY).day)
    person(s, "On", local_day.month, local_day.day)
    person(s, "After", (local_day + DAY).month, (local_day + DAY).day)
    assert listed(t, t, t) == [("On", local_day, 0, None)]
    assert [r.first_name for r in birthdays.between(t - 7 * DAY, t - DAY, t, ungreeted_only=True)] == [
        "Before"
    ]
    assert [r.days_away for r in birthdays.between(t, t + 7 * DAY, t)] == [0, 1]


def test_a_day_later_across_the_dst_change_is_the_next_day(db):
    s = at("2026-03-28T00:30")
    person(s, "Sunday", 3, 29)
    s.clock.advance(days=1)  # 24 real hours across a 23-hour day: 29 March, 01:30
    t = clocks.today(s.clock)
    assert t == D(2026, 3, 29)
    assert listed(t, t, t) == [("Sunday", t, 0, None)]


def test_greeting_the_new_years_celebration_in_december_stores_the_new_year(db):
    s = at("2026-12-28T10:00")
    t = clocks.today(s.clock)
    jan = person(s, "Jan2", 1, 2, 1990)
    dec = person(s, "Dec27", 12, 27, 1990)
    row = birthdays.between(t, t + 7 * DAY, t)[0]
    when = birthdays.greet(s, jan, row.celebrates_on.year, "copied")
    assert BirthdayGreeting.get(BirthdayGreeting.customer == jan).year == 2027
    assert birthdays.between(t, t + 7 * DAY, t)[0].greeted_at == when == s.clock.now().replace(microsecond=0)
    assert birthdays.count_between(t, t + 7 * DAY, ungreeted_only=True) == 0
    # Greeting last year's 27 December does not count for this year's.
    birthdays.greet(s, dec, 2025)
    assert [r.first_name for r in birthdays.between(t - 7 * DAY, t - DAY, t, ungreeted_only=True)] == [
        "Dec27"
    ]
    # A year later the 2 January birthday is to be greeted again.
    nxt = D(2027, 12, 28)
    assert birthdays.between(nxt, nxt + 7 * DAY, nxt)[0].greeted_at is None


def test_greet_is_idempotent_and_audited_and_ungreet_undoes_it(db):
    s = at("2026-06-15T10:00")
    cid = person(s, "Ada", 6, 15)
    audits = AuditEntry.select().where(AuditEntry.entity == "birthday_greeting").count
    first = birthdays.greet(s, cid, 2026, "email")
    s.clock.advance(hours=2)
    assert birthdays.greet(s, cid, 2026, "phone") == first  # keeps the first
    assert BirthdayGreeting.get().channel == "email"
    assert audits() == 1
    birthdays.ungreet(s, cid, 2026)
    assert BirthdayGreeting.select().count() == 0
    assert audits() == 2
    birthdays.ungreet(s, cid, 2026)  # nothing to undo: nothing written
    assert audits() == 2
    t = clocks.today(s.clock)
    assert birthdays.between(t, t, t)[0].greeted_at is None


def test_greet_refuses_bad_input_and_changes_nothing(db):
    s = at("2026-06-15T10:00")
    cid = person(s, "Ada", 6, 15)
    with pytest.raises(ValidationError) as err:
        birthdays.greet(s, cid, 2026, "carrier pigeon")
    assert err.value.field == "Channel"
    with pytest.raises(ValidationError) as err:
        birthdays.greet(s, cid, 26)
    assert err.value.field == "Year"
    with pytest.raises(NotFoundError):
        birthdays.greet(s, 999, 2026)
    assert BirthdayGreeting.select().count() == 0


def test_missed_lists_only_the_ungreeted_of_the_past_week(db):
    s = at("2026-06-15T10:00")
    t = clocks.today(s.clock)
    a = person(s, "A", 6, 10)
    person(s, "B", 6, 12)
    person(s, "C", 6, 7)  # 8 days ago: not missed any more
    birthdays.greet(s, a, 2026)
    assert listed(t - 7 * DAY, t - DAY, t, ungreeted_only=True) == [("B", D(2026, 6, 12), -3, None)]
    assert birthdays.count_between(t - 7 * DAY, t - DAY, ungreeted_only=True) == 1
    assert birthdays.count_between(t - 7 * DAY, t - DAY) == 2


def test_archived_and_merged_customers_are_not_listed(db):
    s = at("2026-06-15T10:00")
    t = clocks.today(s.clock)
    keep = person(s, "Keep", 6, 15)
    gone = person(s, "Gone", 6, 15)
    merged = person(s, "Merged", 6, 16, email="m@example.com")
    customers.archive(s, gone)
    customer_merge.merge(s, keep, merged)
    assert [r.customer_id for r in birthdays.between(t, t + 7 * DAY, t)] == [keep]
    assert birthdays.count_between(t, t + 7 * DAY) == 1


def test_order_is_date_then_name_then_id_and_pages_follow_it(db):
    s = at("2026-12-30T10:00")
    t = clocks.today(s.clock)
    names = ["Eve", "bob", "Ávila", "Carl", "Dora", "Bob"]
    for i, name in enumerate(names):
        person(s, name, *((1, 1) if i % 2 else (12, 31)))
    Customer.update(points_balance=1234, tier="Gold").where(Customer.first_name == "Dora").execute()
    everyone = birthdays.between(t, t + 7 * DAY, t)
    sort_names = dict(Customer.select(Customer.id, Customer.sort_name).tuples())
    assert [(r.celebrates_on, sort_names[r.customer_id], r.customer_id) for r in everyone] == sorted(
        (r.celebrates_on, sort_names[r.customer_id], r.customer_id) for r in everyone
    )
    # 31 December by folded name (accents ignored), then 1 January: equal names by id.
    assert [r.first_name for r in everyone] == ["Ávila", "Dora", "Eve", "bob", "Bob", "Carl"]
    pages = [birthdays.between(t, t + 7 * DAY, t, offset=o, limit=2) for o in (0, 2, 4, 6)]
    assert [r.customer_id for page in pages for r in page] == [r.customer_id for r in everyone]
    assert pages[-1] == []
    dora = next(r for r in everyone if r.first_name == "Dora")
    assert (dora.points, dora.tier) == (1234, "Gold")


def test_the_window_queries_walk_the_birthday_index(db):
    s = at("2026-12-28T10:00")
    t = clocks.today(s.clock)
    for ungreeted in (False, True):
        for sql, params in birthdays.statements(t, t + 30 * DAY, t, ungreeted_only=ungreeted):
            plan = " ".join(str(r[-1]) for r in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
            assert (
                plan.count("customer_birth_month_birth_day (birth_month=? AND birth_day>? AND birth_day<?)")
                == 2
            )
            assert "SCAN c " not in plan + " " and "SCAN customer " not in plan + " "


def test_the_daily_birthday_bonus_follows_the_29_february_rule(db):
    s = at("2027-02-28T09:00")
    set_rules(s, birthday_bonus_points=40, birthday_window_days=0)
    set_feb29(s, "mar1")
    leap = person(s, "Leap", 2, 29, 1996)
    assert loyalty.run_daily(s).birthday_bonuses == 0
    s.clock.advance(days=1)
    assert loyalty.run_daily(s).birthday_bonuses == 1
    assert customers.get(leap).points_balance == 40
    assert loyalty_daily._birthday_ranges(D(2027, 3, 1), 0, "mar1") == [
        (3, 1, 1, "birthday:2027"),
        (2, 29, 29, "birthday:2027"),
    ]
