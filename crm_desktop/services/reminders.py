"""Reminders: what the app's periodic check (a QTimer in the GUI, on start and every few minutes) shows as
sidebar badges and as desktop notifications.

Due now: open follow-ups due before today, or today with no time or a time at or before the local time
(HH:MM; a 15:00 follow-up is due from 15:00:00), and ungreeted birthdays celebrated today. Each due item is
claimed in `reminder_sent(day, item)` for the local day, so `check` returns an item once per day however
often it runs, also across restarts, and again the next day while it is still due. Claims older than 30
days are deleted. After days closed, the first check lists everything overdue (at most 50 items are listed;
the totals say how many there are).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crm_desktop import clock as clocks
from crm_desktop.db.models import database
from crm_desktop.services import birthdays, cases, followup_queries
from crm_desktop.services.customer_records import display_name
from crm_desktop.services.session import Session

MAX_LISTED = 50
KEEP_DAYS = 30
MISSED_DAYS = 7  # birthdays passed without a greeting this many days back count on the Today badge
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ReminderItem:
    key: str  # "followup:<id>" / "birthday:<customer id>:<year>"
    kind: str  # "follow_up" / "birthday"
    title: str
    detail: str
    customer_id: int | None


@dataclass(frozen=True)
class Badges:
    today: int  # ungreeted birthdays today + ungreeted missed (the last 7 days) + open cases
    follow_ups: int  # open follow-ups overdue or due today (whatever the time)


@dataclass(frozen=True)
class ReminderCheck:
    badges: Badges
    new_items: tuple[ReminderItem, ...]  # due and not yet notified today; at most 50
    due_total: int  # everything due now (follow-ups and today's ungreeted birthdays), notified or not
    new_total: int = 0  # how many items were new, listed or not


def badges(today: dt.date) -> Badges:
    counts = followup_queries.counts(today)
    greetings = birthdays.count_between(today, today, ungreeted_only=True) + birthdays.count_between(
        today - dt.timedelta(days=MISSED_DAYS), today - dt.timedelta(days=1), ungreeted_only=True
    )
    return Badges(greetings + cases.count_open(), counts.overdue + counts.today)


# The index range follow_up(status, due_date <= today), then the time test for today's rows.
_DUE = """f.status = 'open' AND f.due_date <= :today
          AND (f.due_date < :today OR f.due_time IS NULL OR f.due_time <= :now)"""
_NEW = "NOT EXISTS (SELECT 1 FROM reminder_sent r WHERE r.day = :today AND r.item = 'followup:' || f.id)"


def _date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _follow_up_item(row: tuple, today: dt.date) -> ReminderItem:
    fid, title, cid, first, last, email, phone, due, due_time = row
    due_date = dt.date.fromisoformat(due)
    when = (
        f"due today{' ' + due_time if due_time else ''}"
        if due_date == today
        else f"overdue since {_date(due_date)}"
    )
    name = display_name(first or "", last or "", email, phone) if cid is not None else ""
    return ReminderItem(
        f"followup:{fid}",
        "follow_up",
        title,
        f"{name} · {when}" if name else when[:1].upper() + when[1:],
        cid,
    )


def _follow_ups(today: dt.date, now: str, room: int) -> tuple[list[ReminderItem], int, int]:
    """Claim the due follow-ups for today: (up to `room` new ones listed, new count, due count)."""
    params = {"today": today.isoformat(), "now": now, "room": room}
    new_total = database.execute_sql(
        f"SELECT count(*) FROM follow_up f WHERE {_DUE} AND {_NEW}", params
    ).fetchone()[0]
    listed = database.execute_sql(
        f"""SELECT f.id, f.title, f.customer_id, c.first_name, c.last_name, c.email, c.phone, f.due_date,
            f.due_time FROM follow_up f LEFT JOIN customer c ON c.id = f.customer_id WHERE {_DUE} AND {_NEW}
            ORDER BY f.due_date DESC, f.due_time IS NOT NULL, f.due_time, f.priority DESC, f.id
            LIMIT :room""",
        params,
    ).fetchall()
    due_total = database.execute_sql(f"SELECT count(*) FROM follow_up f WHERE {_DUE}", params).fetchone()[0]
    database.execute_sql(
        f"""INSERT INTO reminder_sent (day, item) SELECT :today, 'followup:' || f.id FROM follow_up f
            WHERE {_DUE} AND {_NEW} ON CONFLICT DO NOTHING""",
        params,
    )
    return [_follow_up_item(r, today) for r in listed], new_total, due_total


def _birthday_items(today: dt.date) -> tuple[list[ReminderItem], int, int]:
    """Claim today's ungreeted birthdays: (new ones, new count, due count)."""
    rows = birthdays.between(today, today, today, ungreeted_only=True, limit=100_000)
    keys = [f"birthday:{r.customer_id}:{r.celebrates_on.year}" for r in rows]
    claimed = {
        item
        for (item,) in database.execute_sql(
            "SELECT item FROM reminder_sent WHERE day = ? AND item LIKE 'birthday:%'", (today.isoformat(),)
        ).fetchall()
    }
    new = [(key, r) for key, r in zip(keys, rows, strict=True) if key not in claimed]
    database.cursor().executemany(
        "INSERT INTO reminder_sent (day, item) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(today.isoformat(), key) for key, _ in new],
    )
    items = [
        ReminderItem(key, "birthday", f"Birthday: {r.name}",
                     f"turns {r.age} today" if r.age is not None else "birthday today", r.customer_id)
        for key, r in new
    ]  # fmt: skip
    return items, len(new), len(rows)


def check(session: Session) -> ReminderCheck:
    """The periodic check: badge counts, and the due items not yet notified today (claimed now)."""
    now = clocks.local_now(session.clock)
    today = now.date()
    with database.atomic():
        database.execute_sql(
            "DELETE FROM reminder_sent WHERE day < ?", ((today - dt.timedelta(days=KEEP_DAYS)).isoformat(),)
        )
        greetings, new_greetings, due_greetings = _birthday_items(today)
        listed = greetings[:MAX_LISTED]
        follow_ups, new_follow_ups, due_follow_ups = _follow_ups(
            today, now.strftime("%H:%M"), MAX_LISTED - len(listed)
        )
    return ReminderCheck(
        badges(today),
        tuple(listed + follow_ups),
        due_follow_ups + due_greetings,
        new_follow_ups + new_greetings,
    )
