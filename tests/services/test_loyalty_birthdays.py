"""Birthday bonus: once per celebrated year, across year-end, without a year, 29 February, index-backed."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_desktop.clock import FixedClock
from crm_desktop.db.models import database
from crm_desktop.services import integrity, loyalty, loyalty_daily
from crm_desktop.services.session import Session
from crm_desktop.services.staff import owner_actor
from tests.services.loyalty_helpers import entries, set_rules
from tests.services.sales_helpers import insert_customer


def at(db, iso: str) -> tuple[Session, FixedClock]:
    clock = FixedClock.at(iso, "Europe/Berlin")
    return Session(owner_actor(clock), clock), clock


def bonuses(cid: int) -> list[tuple[dt.date, str, int]]:
    return [
        (loyalty_daily.clocks.business_date(FixedClock.at("2000-01-01T00:00:00", "Europe/Berlin"), e.created_at),
         e.occasion, e.points)
        for e in entries(cid, "birthday_bonus")
    ]  # fmt: skip


def run_days(session, clock, days: int) -> list[int]:
    granted = []
    for _ in range(days):
        granted.append(loyalty.run_daily(session).birthday_bonuses)
        loyalty.run_daily(session)  # the app started twice that day
        clock.advance(days=1)
    return granted


def test_once_per_year_across_year_end(db):
    session, clock = at(db, "2026-12-28T09:00:00")
    set_rules(session, birthday_bonus_points=50, birthday_window_days=7)
    cid = insert_customer(birth_month=12, birth_day=30, birth_year=1980)
    assert run_days(session, clock, 7) == [0, 0, 1, 0, 0, 0, 0]  # 28 Dec .. 3 Jan
    assert bonuses(cid) == [(dt.date(2026, 12, 30), "birthday:2026", 50)]
    (entry,) = entries(cid)
    assert entry.expires_on == dt.date(2027, 12, 30) and entry.balance_after == 50
    clock.advance(days=359)  # 29 Dec 2027
    assert run_days(session, clock, 2) == [0, 1]
    assert [b[1] for b in bonuses(cid)] == ["birthday:2026", "birthday:2027"]
    assert integrity.run_check().ok


def test_a_bonus_granted_after_new_year_belongs_to_the_old_year(db):
    session, clock = at(db, "2027-01-02T09:00:00")  # the app was not opened from 30 Dec to 1 Jan
    set_rules(session, birthday_bonus_points=50, birthday_window_days=7)
    cid = insert_customer(birth_month=12, birth_day=30)
    assert loyalty.run_daily(session).birthday_bonuses == 1
    assert bonuses(cid) == [(dt.date(2027, 1, 2), "birthday:2026", 50)]
    clock.advance(days=5)  # 7 Jan: still the 2026 window, already granted
    assert loyalty.run_daily(session).birthday_bonuses == 0


def test_window_bounds(db):
    session, clock = at(db, "2026-06-14T09:00:00")
    set_rules(session, birthday_bonus_points=20, birthday_window_days=3)
    late = insert_customer(birth_month=6, birth_day=11)  # window 11..14 June: today is its last day
    gone = insert_customer(birth_month=6, birth_day=10)  # window ended yesterday
    soon = insert_customer(birth_month=6, birth_day=15)  # tomorrow
    assert loyalty.run_daily(session).birthday_bonuses == 1
    assert (len(entries(late)), len(entries(gone)), len(entries(soon))) == (1, 0, 0)
    clock.advance(days=1)
    assert loyalty.run_daily(session).birthday_bonuses == 1 and len(entries(soon)) == 1


def test_birthdays_without_a_year_and_who_is_left_out(db):
    session, _ = at(db, "2026-03-10T09:00:00")
    set_rules(session, birthday_bonus_points=30, birthday_window_days=0)
    no_year = insert_customer(birth_month=3, birth_day=10)
    archived = insert_customer(
        birth_month=3, birth_day=10, archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    no_birthday = insert_customer()
    assert loyalty.run_daily(session).birthday_bonuses == 1
    assert bonuses(no_year) == [(dt.date(2026, 3, 10), "birthday:2026", 30)]
    assert entries(archived) == entries(no_birthday) == []


def test_no_bonus_when_off_or_when_the_programme_is(db):
    session, _ = at(db, "2026-03-10T09:00:00")
    cid = insert_customer(birth_month=3, birth_day=10)
    assert loyalty.run_daily(session).birthday_bonuses == 0  # the default bonus is 0 points: off
    set_rules(session, birthday_bonus_points=30, enabled=False)
    assert loyalty.run_daily(session).birthday_bonuses == 0 and entries(cid) == []


@pytest.mark.parametrize(
    ("year", "granted_on", "not_on"),
    [(2027, "2027-02-28", "2027-02-27"), (2028, "2028-02-29", "2028-02-28")],
)
def test_29_february_in_non_leap_and_leap_years(db, year, granted_on, not_on):
    session, clock = at(db, f"{not_on}T09:00:00")
    set_rules(session, birthday_bonus_points=40, birthday_window_days=0)
    leap = insert_customer(birth_month=2, birth_day=29, birth_year=1996)
    feb28 = insert_customer(birth_month=2, birth_day=28)
    assert loyalty.run_daily(session).birthday_bonuses == (1 if year == 2028 else 0)  # 28 Feb: only feb28
    assert entries(leap) == []
    clock.advance(days=1)
    assert loyalty_daily.clocks.today(clock).isoformat() == granted_on
    loyalty.run_daily(session)
    assert bonuses(leap) == [(dt.date.fromisoformat(granted_on), f"birthday:{year}", 40)]
    assert len(entries(feb28)) == 1  # on its own day, never twice
    clock.advance(days=1)  # 1 March
    assert loyalty.run_daily(session).birthday_bonuses == 0


def test_birthday_ranges_cross_the_year_end_as_an_or_of_ranges():
    ranges = loyalty_daily._birthday_ranges(dt.date(2027, 1, 2), 7)
    assert ranges == [(12, 26, 31, "birthday:2026"), (1, 1, 2, "birthday:2027")]
    assert loyalty_daily._birthday_ranges(dt.date(2027, 3, 1), 1) == [
        (2, 28, 29, "birthday:2027"),
        (3, 1, 1, "birthday:2027"),
    ]
    assert loyalty_daily._birthday_ranges(dt.date(2028, 3, 1), 1) == [
        (2, 29, 29, "birthday:2028"),
        (3, 1, 1, "birthday:2028"),
    ]


def test_the_birthday_candidates_come_from_the_birthday_index(db):
    sql, params, _ = loyalty_daily.birthday_query(dt.date(2027, 1, 2), 7)
    plan = " ".join(str(r[-1]) for r in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
    assert "MULTI-INDEX OR" in plan
    assert plan.count("customer_birth_month_birth_day (birth_month=? AND birth_day>? AND birth_day<?)") == 2
    assert "SCAN c " not in plan + " "
