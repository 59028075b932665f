"""The `birthdays_upcoming` op: the Today view's "next 30 days" birthday list, read-only on the cached
dataset.

App side: `birthdays.count_between(t, t+30)` for the heading and `birthdays.between(t, t+30, t)`, the first
page of 200 rows as dataclasses (name, age, tier, points, greeted), in this process. Raw side: the same two
statements (`birthdays.statements`: an OR of (birth_month, birth_day) ranges over the index, the LEFT JOIN
on the greetings) through a plain read-only `sqlite3` connection, rows fetched as tuples. Each sample starts
from a different day of the year (the same sequence on both sides), so year-ends and month boundaries are
timed too.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from dataclasses import dataclass

from bench.ops import Context, Op, read_dataset, register
from bench.runner import Sample, in_process

SAMPLES = 60
WINDOW_DAYS = 30
PAGE = 200


@dataclass
class _State:
    raw: sqlite3.Connection
    days: list[dt.date]
    next_app: int = 0
    next_raw: int = 0


_states: dict[tuple[str, int], _State] = {}


def _state(ctx: Context) -> _State:
    reader = read_dataset(ctx)
    key = (ctx.size.name, ctx.seed)
    if key not in _states:
        rng = random.Random(ctx.seed)
        start = dt.date.today()
        days = [start + dt.timedelta(days=rng.randrange(366)) for _ in range(SAMPLES)]
        days[0] = dt.date(start.year, 12, 20)  # a window across the year-end is always among them
        _states[key] = _State(reader.raw, days)
    return _states[key]


def _next(state: _State, side: str) -> dt.date:
    n = getattr(state, f"next_{side}")
    setattr(state, f"next_{side}", n + 1)
    return state.days[n % len(state.days)]


def birthdays_upcoming_app(ctx: Context) -> Sample:
    from crm_desktop.services import birthdays

    state = _state(ctx)
    today = _next(state, "app")
    last = today + dt.timedelta(days=WINDOW_DAYS)

    def work() -> None:
        birthdays.count_between(today, last)
        birthdays.between(today, last, today, limit=PAGE)

    return in_process(work)


def birthdays_upcoming_raw(ctx: Context) -> Sample:
    from crm_desktop.services import birthdays

    state = _state(ctx)
    today = _next(state, "raw")
    # Built outside the timing, as a program would have its SQL ready; the settings row is read by the app.
    (count_sql, count_params), (page_sql, page_params) = birthdays.statements(
        today, today + dt.timedelta(days=WINDOW_DAYS), today, limit=PAGE
    )
    con = state.raw

    def work() -> None:
        con.execute("SELECT value FROM setting WHERE key = 'birthdays.settings'").fetchone()
        con.execute(count_sql, count_params).fetchone()
        con.execute(page_sql, page_params).fetchall()

    return in_process(work)


register(Op("birthdays_upcoming", birthdays_upcoming_app, birthdays_upcoming_raw, samples=SAMPLES))
