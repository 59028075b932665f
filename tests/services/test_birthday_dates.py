"""Birthday calendar maths: 29 February under both rules, leap years, year-end, ages, and the index ranges
of a window checked against a brute-force walk over every birthday of the year."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from crm_desktop.services.birthday_dates import (
    DayRange,
    age_on,
    celebrated_on,
    days_until,
    next_celebration,
    ranges,
)

D = dt.date


@pytest.mark.parametrize(
    ("year", "feb29", "expected"),
    [
        (2027, "feb28", D(2027, 2, 28)),
        (2027, "mar1", D(2027, 3, 1)),
        (2028, "feb28", D(2028, 2, 29)),
        (2028, "mar1", D(2028, 2, 29)),
        (2100, "mar1", D(2100, 3, 1)),  # not a leap year
        (2000, "feb28", D(2000, 2, 29)),  # a leap year
    ],
)
def test_29_february_is_celebrated_by_the_rule_outside_leap_years(year, feb29, expected):
    assert celebrated_on(2, 29, year, feb29) == expected


def test_other_days_are_their_own_day_and_an_unknown_rule_is_refused():
    assert celebrated_on(2, 28, 2027, "mar1") == D(2027, 2, 28)
    assert celebrated_on(3, 1, 2027, "feb28") == D(2027, 3, 1)
    with pytest.raises(ValueError, match="feb29"):
        celebrated_on(2, 29, 2027, "mar2")


@pytest.mark.parametrize(
    ("month", "day", "today", "feb29", "days"),
    [
        (1, 2, D(2026, 12, 28), "feb28", 5),  # across the year-end
        (12, 28, D(2026, 12, 28), "feb28", 0),  # on the day
        (12, 27, D(2026, 12, 28), "feb28", 364),  # just passed: next year's
        (2, 29, D(2027, 2, 27), "feb28", 1),
        (2, 29, D(2027, 2, 27), "mar1", 2),
        (2, 29, D(2027, 2, 28), "mar1", 1),
        (2, 29, D(2027, 3, 1), "feb28", 365),  # 28 Feb 2028 is not its day in a leap year: 29 Feb 2028
        (2, 29, D(2028, 2, 28), "feb28", 1),
        (None, None, D(2026, 6, 15), "feb28", None),
        (5, None, D(2026, 6, 15), "feb28", None),
    ],
)
def test_days_until(month, day, today, feb29, days):
    assert days_until(month, day, today, feb29) == days


def test_next_celebration_is_never_before_today():
    assert next_celebration(12, 27, D(2026, 12, 28)) == D(2027, 12, 27)
    assert next_celebration(2, 29, D(2027, 3, 1), "mar1") == D(2027, 3, 1)
    assert next_celebration(2, 29, D(2027, 3, 2), "mar1") == D(2028, 2, 29)


@pytest.mark.parametrize(
    ("on", "feb29", "age"),
    [
        (D(2027, 2, 27), "feb28", 30),
        (D(2027, 2, 28), "feb28", 31),  # grows on the celebrated day
        (D(2027, 2, 28), "mar1", 30),
        (D(2027, 3, 1), "mar1", 31),
        (D(2028, 2, 28), "feb28", 31),  # in a leap year only on the 29th
        (D(2028, 2, 29), "mar1", 32),
    ],
)
def test_age_of_a_29_february_birthday(on, feb29, age):
    assert age_on(1996, 2, 29, on, feb29) == age


def test_no_age_without_a_year():
    assert age_on(None, 5, 1, D(2026, 6, 15)) is None
    assert age_on(1990, None, None, D(2026, 6, 15)) is None
    assert age_on(1990, 1, 2, D(2027, 1, 1)) == 36
    assert age_on(1990, 1, 2, D(2027, 1, 2)) == 37


def test_ranges_across_the_year_end_are_one_per_month_and_year():
    assert ranges(D(2026, 12, 28), D(2027, 1, 27)) == [DayRange(12, 28, 31, 2026), DayRange(1, 1, 27, 2027)]
    assert ranges(D(2026, 12, 28), D(2026, 12, 28)) == [DayRange(12, 28, 28, 2026)]
    assert ranges(D(2026, 12, 28), D(2026, 12, 27)) == []


def test_ranges_place_29_february_by_the_rule():
    window = (D(2027, 2, 20), D(2027, 3, 3))
    assert ranges(*window, "feb28") == [DayRange(2, 20, 29, 2027), DayRange(3, 1, 3, 2027)]
    assert ranges(*window, "mar1") == [
        DayRange(2, 20, 28, 2027),
        DayRange(3, 1, 3, 2027),
        DayRange(2, 29, 29, 2027),
    ]
    assert ranges(D(2027, 3, 1), D(2027, 3, 1), "mar1") == [
        DayRange(3, 1, 1, 2027),
        DayRange(2, 29, 29, 2027),
    ]
    assert ranges(D(2027, 2, 28), D(2027, 2, 28), "mar1") == [DayRange(2, 28, 28, 2027)]
    for rule in ("feb28", "mar1"):  # a leap year has its own 29th
        assert ranges(D(2028, 2, 28), D(2028, 3, 1), rule) == [
            DayRange(2, 28, 29, 2028),
            DayRange(3, 1, 1, 2028),
        ]


def test_a_window_is_at_most_366_days():
    assert len(ranges(D(2027, 3, 1), D(2028, 2, 29))) == 12
    with pytest.raises(ValueError, match="366"):
        ranges(D(2027, 1, 1), D(2028, 1, 2))  # 367 days


# Every (month, day) a customer may give, 29 February included.
_EVERY_BIRTHDAY = [(m, d) for m in range(1, 13) for d in range(1, calendar.monthrange(2028, m)[1] + 1)]


@pytest.mark.parametrize("feb29", ["feb28", "mar1"])
@pytest.mark.parametrize("length", [0, 1, 6, 7, 30, 90, 364])
@pytest.mark.parametrize(
    "first", [D(2026, 12, 25), D(2027, 2, 27), D(2027, 2, 28), D(2027, 3, 1), D(2028, 2, 26), D(2027, 6, 30)]
)
def test_ranges_find_exactly_the_birthdays_celebrated_in_the_window(first, length, feb29):
    last = first + dt.timedelta(days=length)
    found = ranges(first, last, feb29)
    for month, day in _EVERY_BIRTHDAY:
        expected = {
            celebrated_on(month, day, y, feb29)
            for y in (first.year, last.year)
            if first <= celebrated_on(month, day, y, feb29) <= last
        }
        matching = [r for r in found if r.month == month and r.first <= day <= r.last]
        assert {celebrated_on(month, day, r.year, feb29) for r in matching} == expected, (month, day)
        assert len(matching) == len(expected)
