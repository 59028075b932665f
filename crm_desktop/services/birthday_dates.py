"""Birthday calendar maths, pure (no database): the one definition of when a birthday is celebrated.

29 February is celebrated on 28 February in other years, or on 1 March when the shop chooses "mar1"
(Settings → Birthdays). Every date here is a local calendar date; "days until" counts calendar days, so a
birthday is 0 days away on its day whatever the time or a daylight-saving change. An age is only known with
a birth year and grows on the celebrated day.

`ranges` turns a window of dates into (month, first day, last day, year) ranges over the customer's
`(birth_month, birth_day)` index: an OR of them is how every birthday query finds its customers, also across
the year-end (DESIGN.md: ~6 ms at 100k customers, against 22–35 ms with `strftime` over a date).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

FEB29_RULES = ("feb28", "mar1")
MAX_WINDOW_DAYS = 366


def _check_rule(feb29: str) -> None:
    if feb29 not in FEB29_RULES:
        raise ValueError(f"feb29 must be one of {FEB29_RULES}, not {feb29!r}")


def celebrated_on(month: int, day: int, year: int, feb29: str = "feb28") -> dt.date:
    """The day a birthday is celebrated in `year` (29 February → 28 February or 1 March outside leap
    years, by `feb29`)."""
    if (month, day) == (2, 29) and not calendar.isleap(year):
        _check_rule(feb29)
        return dt.date(year, 3, 1) if feb29 == "mar1" else dt.date(year, 2, 28)
    return dt.date(year, month, day)


def next_celebration(month: int, day: int, today: dt.date, feb29: str = "feb28") -> dt.date:
    """The first celebration on or after `today`."""
    when = celebrated_on(month, day, today.year, feb29)
    return when if when >= today else celebrated_on(month, day, today.year + 1, feb29)


def days_until(month: int | None, day: int | None, today: dt.date, feb29: str = "feb28") -> int | None:
    """Calendar days from `today` to the next celebration: 0 on the day; None without a birthday."""
    if month is None or day is None:
        return None
    return (next_celebration(month, day, today, feb29) - today).days


def age_on(
    birth_year: int | None, month: int | None, day: int | None, on: dt.date, feb29: str = "feb28"
) -> int | None:
    """The age on `on` (it grows on the celebrated day); None without the birth year."""
    if birth_year is None or month is None or day is None:
        return None
    return on.year - birth_year - (on < celebrated_on(month, day, on.year, feb29))


@dataclass(frozen=True)
class DayRange:
    """Birthdays stored as `month`/`first`..`last` (inclusive) whose celebration in `year` is in a window."""

    month: int
    first: int
    last: int
    year: int


def ranges(first: dt.date, last: dt.date, feb29: str = "feb28") -> list[DayRange]:
    """The (month, day) ranges whose celebration falls in [first, last] (inclusive, at most 366 days), in
    date order, merged per month and year. In a year without 29 February, 29 February joins 28 February
    ("feb28") or comes as its own range of that year beside 1 March ("mar1"). An empty window gives []."""
    _check_rule(feb29)
    if last < first:
        return []
    if (last - first).days >= MAX_WINDOW_DAYS:
        raise ValueError(f"a birthday window is at most {MAX_WINDOW_DAYS} days")
    out: list[DayRange] = []
    day = first
    while day <= last:
        month_end = dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        end = min(last, month_end)
        stored_last = end.day
        leap = calendar.isleap(day.year)
        if not leap and feb29 == "feb28" and (day.month, end.day) == (2, 28):
            stored_last = 29  # 29 February is celebrated on 28 February this year
        out.append(DayRange(day.month, day.day, stored_last, day.year))
        if not leap and feb29 == "mar1" and (day.month, day.day) == (3, 1):
            out.append(DayRange(2, 29, 29, day.year))  # ... on 1 March this year
        day = end + dt.timedelta(days=1)
    return out
