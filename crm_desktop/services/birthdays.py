"""Birthdays for the Today view: who celebrates in a window of local dates, greetings (mark greeted, undo),
greeting texts from templates, mailto links and the CSV export. No Qt.

A window is a pair of local dates, both inclusive; the Today view uses today = [t, t], next 7 days =
[t, t+7], next 30 days = [t, t+30], missed = [t-7, t-1] ungreeted only, and exports [t, t+6] ("this
week"). A list is ONE query (`birthday_sql`): an OR of `birthday_dates.ranges` on
`customer(birth_month, birth_day)` (the index, also across the year-end), the days away and the celebrated
year computed in SQL per range, a LEFT JOIN on `birthday_greeting` for that year, ordered in SQL by the
celebrated date, then name, then id. 29 February follows the shop's rule (Settings → Birthdays: 28 February
or 1 March outside leap years).

A greeting is stored per customer and *celebrated* year: greeting the 2 January 2027 celebration on
28 December 2026 stores 2027. Only active customers are listed: not archived (a merge archives the merged
record; a privacy erase must clear the birthday, as it does all personal data).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.db.models import GREETING_CHANNELS, BirthdayGreeting, database
from crm_desktop.services import audit, birthday_sql, customers
from crm_desktop.services.birthday_dates import age_on
from crm_desktop.services.birthday_templates import (
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    BirthdaySettings,
    GreetingTemplate,
    current,
    mailto_url,
    render,
    reward_text,
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
    "reward_text",
    "save",
    "statements",
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


def statements(
    first: dt.date,
    last: dt.date,
    today: dt.date,
    *,
    ungreeted_only: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[tuple[str, list[object]]]:
    """The SQL `count_between` and `between` run for this window, as (sql, params): the count, then the page.
    Empty for an empty window. For the benchmark's raw side and the tests of the query plan."""
    w = birthday_sql.window(first, last, today, current().feb29)
    if w is None:
        return []
    return [
        birthday_sql.count_sql(w, ungreeted_only),
        birthday_sql.page_sql(w, ungreeted_only, max(offset, 0), max(limit, 1)),
    ]


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
    w = birthday_sql.window(first, last, today, feb29)
    if w is None or limit <= 0:
        return []
    sql, params = birthday_sql.page_sql(w, ungreeted_only, max(offset, 0), limit)
    return list(_rows(database.execute_sql(sql, params), today, feb29))


def count_between(first: dt.date, last: dt.date, *, ungreeted_only: bool = False) -> int:
    """How many `between` lists in the window (index walk; greetings by their primary key)."""
    w = birthday_sql.window(first, last, first, current().feb29)
    if w is None:
        return 0
    return database.execute_sql(*birthday_sql.count_sql(w, ungreeted_only)).fetchone()[0]


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
    w = birthday_sql.window(first, last, today, feb29)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, removed on failure)
        "w", encoding="utf-8-sig", newline="", dir=path.parent, prefix=f".{path.name}.", delete=False
    )
    count = 0
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            if w is not None:
                for r in _rows(database.execute_sql(*birthday_sql.page_sql(w, False, 0, None)), today, feb29):
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
