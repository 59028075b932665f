"""Birthdays for the Today view: who celebrates in a window of local dates, greetings (mark greeted, undo),
greeting texts from templates, mailto links and the CSV export. No Qt.

A window is a pair of local dates, both inclusive; the Today view uses today = [t, t], next 7 days =
[t, t+7], next 30 days = [t, t+30], missed = [t-7, t-1] ungreeted only, and exports [t, t+6] ("this
week"). Each list is ONE query: an OR of `birthday_dates.ranges` on `customer(birth_month, birth_day)` (the
index, also across the year-end), the days away and the celebrated year computed in SQL per range, a LEFT
JOIN on `birthday_greeting` for that year, ordered in SQL by the celebrated date, then name, then id.
29 February follows the shop's rule (Settings → Birthdays: 28 February or 1 March outside leap years).

A greeting is stored per customer and *celebrated* year: greeting the 2 January 2027 celebration on
28 December 2026 stores 2027. Only active customers are listed (not archived, erased or merged away).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.db.models import GREETING_CHANNELS, BirthdayGreeting, database
from crm_desktop.services import audit, customers
from crm_desktop.services.birthday_dates import DayRange, age_on, celebrated_on, ranges
from crm_desktop.services.birthday_templates import (
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    BirthdaySettings,
    GreetingTemplate,
    current,
    mailto_url,
    render,
    save,
    validate,
)
from crm_desktop.services.errors import ServiceError, ValidationError
from crm_desktop.services.session import Session

__all__ = [
    "CHANNELS",
    "CSV_COLUMNS",
    "DEFAULT_TEMPLATES",
    "PLACEHOLDERS",
    "BirthdayRow",
    "BirthdaySettings",
    "GreetingTemplate",
    "between",
    "count_between",
    "current",
    "export_csv",
    "greet",
    "mailto_url",
    "render",
    "save",
    "ungreet",
    "validate",
]

CHANNELS = GREETING_CHANNELS  # "", "copied", "email", "sms", "phone", "in_person"
CSV_COLUMNS = ("Name", "First name", "Phone", "Email", "Email consent", "SMS consent", "Birthday", "Age")


@dataclass(frozen=True)
class BirthdayRow:
    customer_id: int
    name: str
    first_name: str
    phone: str
    email: str
    email_consent: bool
    sms_consent: bool
    birth_month: int
    birth_day: int
    birth_year: int | None
    celebrates_on: dt.date  # the local date of this celebration
    days_away: int  # celebrates_on - today (negative for missed ones)
    age: int | None  # the age turned on celebrates_on; None without a birth year
    tier: str | None
    points: int
    greeted_at: dt.datetime | None  # for the celebrated year of celebrates_on


# --- the window query ------------------------------------------------------------------------------------

_RANGE = "(c.birth_month = ? AND c.birth_day BETWEEN ? AND ?)"
_ACTIVE = "c.archived_at IS NULL AND c.erased_at IS NULL AND c.merged_into_id IS NULL"
_ROW = """c.id, c.first_name, c.last_name, c.email, c.phone, c.email_consent, c.sms_consent, c.birth_month,
    c.birth_day, c.birth_year, c.tier, c.points_balance"""


@dataclass(frozen=True)
class _Window:
    """The SQL pieces of one window: the WHERE over the ranges, and per range the days away from `today`
    (`base + min(birth_day, cap)`, so 29 February lands on its celebrated day) and the celebrated year."""

    where: str
    where_params: list[object]
    away: str
    away_params: list[object]
    year: str
    year_params: list[object]


def _window(first: dt.date, last: dt.date, today: dt.date, feb29: str) -> _Window | None:
    found = ranges(first, last, feb29)
    if not found:
        return None
    cond: list[object] = [v for r in found for v in (r.month, r.first, r.last)]
    away: list[object] = []
    year: list[object] = []
    for r in found:
        away += [r.month, r.first, r.last, _base(r, today, feb29), _cap(r)]
        year += [r.month, r.first, r.last, r.year]
    whens = " ".join(f"WHEN {_RANGE} THEN ? + min(c.birth_day, ?)" for _ in found)
    years = " ".join(f"WHEN {_RANGE} THEN ?" for _ in found)
    return _Window(
        " OR ".join(_RANGE for _ in found), cond, f"CASE {whens} END", away, f"CASE {years} END", year
    )


def _cap(r: DayRange) -> int:
    """The highest birth_day with its own date in this range's month (28 for February outside leap years,
    so 29 February counts as 28 February; the lone 29 February range of the 1 March rule keeps 29)."""
    return max(calendar.monthrange(r.year, r.month)[1], r.first)


def _base(r: DayRange, today: dt.date, feb29: str) -> int:
    return (celebrated_on(r.month, r.first, r.year, feb29) - today).days - min(r.first, _cap(r))


def _select(w: _Window, ungreeted_only: bool, paged: bool) -> str:
    return f"""SELECT {_ROW}, {w.away} AS away, g.greeted_at
        FROM customer c LEFT JOIN birthday_greeting g ON g.customer_id = c.id AND g.year = {w.year}
        WHERE ({w.where}) AND {_ACTIVE}{" AND g.customer_id IS NULL" if ungreeted_only else ""}
        ORDER BY away, c.sort_name, c.id{" LIMIT ? OFFSET ?" if paged else ""}"""


def query(
    first: dt.date, last: dt.date, today: dt.date, *, ungreeted_only: bool = False, paged: bool = True
) -> tuple[str, list[object]] | None:
    """The SQL and parameters `between` runs (without LIMIT/OFFSET unless `paged`); None for an empty
    window. Exposed for the benchmark's raw side and the index test."""
    w = _window(first, last, today, current().feb29)
    if w is None:
        return None
    return _select(w, ungreeted_only, paged), [*w.away_params, *w.year_params, *w.where_params]


def _rows(cursor: Iterable[tuple], today: dt.date, feb29: str) -> Iterator[BirthdayRow]:
    to_utc = BirthdayGreeting.greeted_at.python_value
    for row in cursor:
        cid, first, last, email, phone, e_ok, s_ok, month, day, year, tier, points, away, greeted = row
        when = today + dt.timedelta(days=away)
        yield BirthdayRow(
            customer_id=cid,
            name=customers.display_name(first, last, email, phone),
            first_name=first or "",
            phone=phone or "",
            email=email or "",
            email_consent=bool(e_ok),
            sms_consent=bool(s_ok),
            birth_month=month,
            birth_day=day,
            birth_year=year,
            celebrates_on=when,
            days_away=away,
            age=age_on(year, month, day, when, feb29),
            tier=tier,
            points=points,
            greeted_at=to_utc(greeted),
        )


def between(
    first: dt.date,
    last: dt.date,
    today: dt.date,
    *,
    ungreeted_only: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[BirthdayRow]:
    """Active customers celebrating from `first` to `last` (inclusive, local dates, at most 366 days), by
    celebrated date, then name, then id; a page of `limit` from `offset`."""
    feb29 = current().feb29
    w = _window(first, last, today, feb29)
    if w is None or limit <= 0:
        return []
    sql = _select(w, ungreeted_only, paged=True)
    params = [*w.away_params, *w.year_params, *w.where_params, limit, max(offset, 0)]
    return list(_rows(database.execute_sql(sql, params), today, feb29))


def count_between(first: dt.date, last: dt.date, *, ungreeted_only: bool = False) -> int:
    """How many `between` lists in the window (index walk; greetings by their primary key)."""
    w = _window(first, last, first, current().feb29)
    if w is None:
        return 0
    greeted = (
        f" AND NOT EXISTS (SELECT 1 FROM birthday_greeting g WHERE g.customer_id = c.id AND g.year = {w.year})"
        if ungreeted_only
        else ""
    )
    sql = f"SELECT count(*) FROM customer c WHERE ({w.where}) AND {_ACTIVE}{greeted}"
    params = [*w.where_params, *(w.year_params if ungreeted_only else [])]
    return database.execute_sql(sql, params).fetchone()[0]


# --- greetings -------------------------------------------------------------------------------------------


def greet(session: Session, customer_id: int, year: int, channel: str = "") -> dt.datetime:
    """Mark the customer greeted for the celebration of `year` (the year of `BirthdayRow.celebrates_on`);
    returns when. Idempotent: a second call keeps (and returns) the first greeting and writes nothing."""
    if channel not in CHANNELS:
        raise ValidationError("Channel", f"must be one of {', '.join(c for c in CHANNELS if c)} or empty")
    if not isinstance(year, int) or not 1900 <= year <= 9999:
        raise ValidationError("Year", f"{year!r} is not a year")
    with database.atomic():
        customer = customers.load_row(customer_id)
        if customer.merged_into_id is not None:
            raise ServiceError(
                f"This customer was merged into customer {customer.merged_into_id}; greet there."
            )
        existing = BirthdayGreeting.get_or_none(
            (BirthdayGreeting.customer == customer_id) & (BirthdayGreeting.year == year)
        )
        if existing is not None:
            return existing.greeted_at
        now = session.clock.now().replace(microsecond=0)
        BirthdayGreeting.insert(
            customer=customer_id, year=year, greeted_at=now, staff=session.actor.staff_id, channel=channel
        ).execute()
        audit.record(
            session, "greet", "birthday_greeting", customer_id, None, {"year": year, "channel": channel}
        )
    return now


def ungreet(session: Session, customer_id: int, year: int) -> None:
    """Undo a greeting (audited); nothing happens when there is none."""
    with database.atomic():
        row = BirthdayGreeting.get_or_none(
            (BirthdayGreeting.customer == customer_id) & (BirthdayGreeting.year == year)
        )
        if row is None:
            return
        BirthdayGreeting.delete().where(
            (BirthdayGreeting.customer == customer_id) & (BirthdayGreeting.year == year)
        ).execute()
        before = {"year": year, "channel": row.channel, "greeted_at": row.greeted_at.isoformat()}
        audit.record(session, "delete", "birthday_greeting", customer_id, before, None)


# --- export ----------------------------------------------------------------------------------------------


def export_csv(path: Path, first: dt.date, last: dt.date, today: dt.date) -> int:
    """Write the window's birthdays (all of them, in list order) to `path` as CSV (UTF-8 with a byte-order
    mark so spreadsheets read accents; columns `CSV_COLUMNS`; the celebrated date as ISO). Written to a
    temporary file beside it and moved into place, so `path` is never half written. Returns the rows."""
    path = Path(path)
    feb29 = current().feb29
    w = _window(first, last, today, feb29)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, removed on failure)
        "w", encoding="utf-8-sig", newline="", dir=path.parent, prefix=f".{path.name}.", delete=False
    )
    count = 0
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            if w is not None:
                params = [*w.away_params, *w.year_params, *w.where_params]
                for r in _rows(database.execute_sql(_select(w, False, paged=False), params), today, feb29):
                    writer.writerow(
                        (r.name, r.first_name, r.phone, r.email, _yes(r.email_consent), _yes(r.sms_consent),
                         r.celebrates_on.isoformat(), "" if r.age is None else r.age)
                    )  # fmt: skip
                    count += 1
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return count


def _yes(value: bool) -> str:
    return "yes" if value else "no"
