"""The `profile_open` op: one customer's profile (header figures and recent history), read-only on the
cached dataset, for random customers (the same sequence of ids on both sides, one customer per sample).

App side: `profile.profile(customer_id, today)` in this process: the customer with tags and the shop
profile (for the phone note), the 50 latest purchases with their items and points, the 50 latest ledger
entries, interactions and follow-ups, in one read transaction, returned as dataclasses. Raw side: the same
statements through a plain read-only `sqlite3` connection, rows fetched as tuples.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from dataclasses import dataclass

from bench.ops import Context, Op, read_dataset, register
from bench.runner import Sample, in_process

SAMPLES = 200
LIMIT = 50


@dataclass
class _State:
    raw: sqlite3.Connection
    ids: list[int]
    next_app: int = 0
    next_raw: int = 0


_states: dict[tuple[str, int], _State] = {}


def _state(ctx: Context) -> _State:
    reader = read_dataset(ctx)
    key = (ctx.size.name, ctx.seed)
    if key not in _states:
        (top,) = reader.raw.execute("SELECT max(id) FROM customer").fetchone()
        rng = random.Random(ctx.seed)
        ids = [rng.randint(1, top) for _ in range(SAMPLES + 1)]
        _states[key] = _State(reader.raw, ids)
    return _states[key]


def _next(state: _State, side: str) -> int:
    n = getattr(state, f"next_{side}")
    setattr(state, f"next_{side}", n + 1)
    return state.ids[n % len(state.ids)]


def profile_open_app(ctx: Context) -> Sample:
    from crm_desktop.services import profile

    state = _state(ctx)
    customer_id, today = _next(state, "app"), dt.date.today()
    return in_process(lambda: profile.profile(customer_id, today, LIMIT))


def _raw_profile(con: sqlite3.Connection, customer_id: int) -> None:
    con.execute("BEGIN")
    con.execute("SELECT * FROM customer WHERE id = ?", (customer_id,)).fetchone()
    con.execute(
        """SELECT t.name FROM tag t JOIN customer_tag ct ON ct.tag_id = t.id
           WHERE ct.customer_id = ? ORDER BY t.name""",
        (customer_id,),
    ).fetchall()
    con.execute("SELECT value FROM setting WHERE key = 'shop.profile'").fetchone()
    purchases = con.execute(
        """SELECT p.*, s.id, s.name FROM purchase p LEFT JOIN staff s ON p.staff_id = s.id
           WHERE p.customer_id = ? ORDER BY p.business_date DESC, p.occurred_at DESC, p.id DESC LIMIT ?""",
        (customer_id, LIMIT),
    ).fetchall()
    ids = [row[0] for row in purchases]
    if ids:
        marks = ",".join("?" * len(ids))
        con.execute(f"SELECT * FROM purchase_item WHERE purchase_id IN ({marks}) ORDER BY id", ids).fetchall()
        con.execute(
            f"""SELECT purchase_id, kind, sum(points) FROM loyalty_entry
                WHERE purchase_id IN ({marks}) AND kind IN ('earn', 'redeem') GROUP BY purchase_id, kind""",
            ids,
        ).fetchall()
    con.execute(
        """SELECT e.*, s.id, s.name FROM loyalty_entry e LEFT JOIN staff s ON e.staff_id = s.id
           WHERE e.customer_id = ? ORDER BY e.id DESC LIMIT ?""",
        (customer_id, LIMIT),
    ).fetchall()
    con.execute(
        """SELECT i.*, s.id, s.name FROM interaction i LEFT JOIN staff s ON i.staff_id = s.id
           WHERE i.customer_id = ? ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?""",
        (customer_id, LIMIT),
    ).fetchall()
    con.execute(
        """SELECT id, title, due_date, status, priority FROM follow_up WHERE customer_id = ?
           ORDER BY status != 'open', due_date DESC LIMIT ?""",
        (customer_id, LIMIT),
    ).fetchall()
    con.execute("COMMIT")


def profile_open_raw(ctx: Context) -> Sample:
    state = _state(ctx)
    customer_id = _next(state, "raw")
    return in_process(lambda: _raw_profile(state.raw, customer_id))


register(Op("profile_open", profile_open_app, profile_open_raw, samples=SAMPLES))
