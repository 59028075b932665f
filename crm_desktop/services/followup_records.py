"""The follow-up value types and the pure date maths behind repeats; `followups.py` re-exports all of it.

A repeat is stored as text in `follow_up.repeat_rule` ("7d", "2w", "1m"). The next one is due a whole
number of intervals after the done one's due date, the first such day after today: an overdue weekly call
done late does not leave a trail of overdue copies behind it. Months clamp the day (31 Jan + 1 month =
28/29 Feb); the next one is then counted from its own due date, so a monthly "31st" drifts to the 28th.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crm_desktop.services.errors import ValidationError
from crm_desktop.services.loyalty_rules import add_months

PRIORITIES = {0: "Low", 1: "Normal", 2: "High"}
STATUSES = ("open", "done", "cancelled")
BUCKETS = ("overdue", "today", "upcoming", "done")  # done = done + cancelled
SORT_KEYS = ("due", "priority", "title", "customer", "assigned", "completed")
REPEAT_UNITS = {"d": "day", "w": "week", "m": "month"}
ORIGINS = ("manual", "repeat", "winback", "thank_you", "points_expiring")
MAX_TITLE = 200
MAX_NOTES = 20_000
MAX_REPEAT = 999


@dataclass(frozen=True)
class Repeat:
    every: int
    unit: str  # a key of REPEAT_UNITS

    def __str__(self) -> str:
        return f"{self.every}{self.unit}"

    def describe(self) -> str:
        """ "every 2 weeks", "every day"."""
        name = REPEAT_UNITS.get(self.unit, self.unit)
        return f"every {name}" if self.every == 1 else f"every {self.every} {name}s"


def check_repeat(repeat: object) -> Repeat | None:
    """`repeat` itself when it is None or a valid Repeat; ValidationError("Repeat", ...) otherwise."""
    if repeat is None:
        return None
    if not isinstance(repeat, Repeat):
        raise ValidationError("Repeat", "pick how often it repeats")
    if repeat.unit not in REPEAT_UNITS:
        raise ValidationError("Repeat", "must repeat every so many days, weeks or months")
    if (
        not isinstance(repeat.every, int)
        or isinstance(repeat.every, bool)
        or not 1 <= repeat.every <= MAX_REPEAT
    ):
        raise ValidationError("Repeat", f"the interval must be a whole number from 1 to {MAX_REPEAT}")
    return repeat


def parse_repeat(text: str | None) -> Repeat | None:
    """ "2w" -> Repeat(2, "w"); None or "" -> None; anything else -> ValidationError("Repeat", ...)."""
    text = (text or "").strip().lower()
    if not text:
        return None
    number, unit = text[:-1], text[-1:]
    if not number.isdigit() or unit not in REPEAT_UNITS:
        raise ValidationError("Repeat", f"'{text}' is not of the form 7d, 2w or 1m")
    return check_repeat(Repeat(int(number), unit))


def shift(due: dt.date, repeat: Repeat, times: int) -> dt.date:
    """`due` moved by `times` intervals (months clamp the day to the month's length)."""
    if repeat.unit == "m":
        return add_months(due, repeat.every * times)
    days = repeat.every * (7 if repeat.unit == "w" else 1)
    return due + dt.timedelta(days=days * times)


def next_due(due: dt.date, repeat: Repeat, today: dt.date) -> dt.date:
    """`due` plus the smallest whole number (>= 1) of intervals that lands after `today`."""
    times = 1
    if today >= due:  # jump close to today first, then step: no loop over years of missed repeats
        if repeat.unit == "m":
            months = (today.year - due.year) * 12 + today.month - due.month
            times = max(1, months // repeat.every)
        else:
            interval = repeat.every * (7 if repeat.unit == "w" else 1)
            times = max(1, (today - due).days // interval)
    while shift(due, repeat, times) <= today:
        times += 1
    return shift(due, repeat, times)


@dataclass(frozen=True)
class FollowUpDraft:
    """What a person types in the follow-up dialog; `add` and `update` check it."""

    title: str
    customer_id: int | None  # None: a shop task
    due_date: dt.date
    due_time: dt.time | None = None  # local; None: any time that day
    priority: int = 1
    notes: str = ""
    assigned_to: int | None = None  # staff id
    repeat: Repeat | None = None


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    title: str
    customer_id: int | None
    customer_name: str  # "" for a shop task
    due_date: dt.date
    due_time: dt.time | None
    priority: int
    notes: str
    assigned_to: int | None
    assigned_name: str
    status: str
    completed_at: dt.datetime | None  # UTC; also set when cancelled (when it was closed)
    completed_by_name: str
    repeat: Repeat | None
    origin: str  # manual | repeat | winback | thank_you | points_expiring
    created_at: dt.datetime

    def draft(self) -> FollowUpDraft:
        """This follow-up as the edit dialog starts from it."""
        return FollowUpDraft(self.title, self.customer_id, self.due_date, self.due_time, self.priority,
                             self.notes, self.assigned_to, self.repeat)  # fmt: skip


@dataclass(frozen=True)
class BucketCounts:
    overdue: int
    today: int
    upcoming: int
    done: int  # done + cancelled


@dataclass(frozen=True)
class Completion:
    done: FollowUpRow
    next: FollowUpRow | None  # the repeat created now; None when it does not repeat or was created before
