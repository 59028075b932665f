"""The `walk_in` op: log a purchase with points for a random existing customer, committed.

App side: `purchases.log_purchase` in this process (validation, settings, stats, points, ledger, audit, one
transaction). Raw side: the same reads, inserts and updates through a plain `sqlite3` connection with the
app's pragmas. Both write to one scratch copy of the cached dataset (made once per run and deleted at exit),
so the cache stays pristine; each sample is one purchase, and the two sides alternate.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.ops import Context, Op, register, use_app_db
from bench.runner import Sample, in_process

SAMPLES = 60


@dataclass
class _State:
    scratch: tempfile.TemporaryDirectory[str]
    path: Path
    customers: list[int]
    rng: random.Random
    raw: sqlite3.Connection
    app_db: object
    session: object


_states: dict[tuple[str, int], _State] = {}


def _state(ctx: Context) -> _State:
    key = (ctx.size.name, ctx.seed)
    if key not in _states:
        from crm_desktop.clock import SystemClock
        from crm_desktop.db.database import PRAGMAS, open_database
        from crm_desktop.services.session import Session
        from crm_desktop.services.staff import owner_actor

        scratch = tempfile.TemporaryDirectory(prefix="crm-bench-walk-in-", dir=ctx.scratch)
        path = Path(scratch.name) / "shop.db"
        shutil.copyfile(ctx.dataset.ensure(), path)
        app_db = open_database(path)
        clock = SystemClock()
        session = Session(owner_actor(clock), clock)
        raw = sqlite3.connect(path, isolation_level=None)
        for name in ("foreign_keys", "synchronous", "busy_timeout", "cache_size", "temp_store"):
            raw.execute(f"PRAGMA {name} = {PRAGMAS[name]}")
        customers = [
            row[0]
            for row in raw.execute(
                "SELECT id FROM customer WHERE archived_at IS NULL AND points_balance > 0 ORDER BY id"
            )
        ]
        _states[key] = _State(scratch, path, customers, random.Random(ctx.seed), raw, app_db, session)
    state = _states[key]
    use_app_db(state.app_db)  # a copy of its own: the walk-ins it saves stay out of the cached dataset
    return state


def _amount(state: _State) -> int:
    return state.rng.randint(150, 12_000)


def walk_in_app(ctx: Context) -> Sample:
    from crm_desktop.services import purchases

    state = _state(ctx)
    data = purchases.PurchaseInput(
        customer_id=state.rng.choice(state.customers), amount_cents=_amount(state), payment_method="card"
    )
    return in_process(lambda: purchases.log_purchase(state.session, data))


def walk_in_raw(ctx: Context) -> Sample:
    state = _state(ctx)
    customer_id, amount = state.rng.choice(state.customers), _amount(state)
    staff_id = state.session.actor.staff_id  # type: ignore[attr-defined]

    def work() -> None:
        con = state.raw
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        day = dt.date.today().isoformat()
        con.execute("BEGIN")
        con.execute(
            "SELECT first_name, last_name, email, phone, archived_at FROM customer WHERE id = ?",
            (customer_id,),
        ).fetchone()
        purchase_id = con.execute(
            """INSERT INTO purchase (customer_id, occurred_at, business_date, total_cents, discount_cents,
                   payment_method, staff_id, note) VALUES (?, ?, ?, ?, 0, 'card', ?, '')""",
            (customer_id, now, day, amount, staff_id),
        ).lastrowid
        con.execute(
            """UPDATE customer SET visits = visits + 1, total_spent_cents = total_spent_cents + ?,
                   first_visit_date = min(coalesce(first_visit_date, ?), ?),
                   last_visit_date = max(coalesce(last_visit_date, ?), ?)
               WHERE id = ? RETURNING visits""",
            (amount, day, day, day, day, customer_id),
        ).fetchone()
        points = amount // 100
        (balance,) = con.execute(
            "UPDATE customer SET points_balance = points_balance + ? WHERE id = ? RETURNING points_balance",
            (points, customer_id),
        ).fetchone()
        con.execute(
            """INSERT INTO loyalty_entry (customer_id, kind, points, balance_after, reason, purchase_id,
                   staff_id, created_at) VALUES (?, 'earn', ?, ?, ?, ?, ?, ?)""",
            (customer_id, points, balance, f"Purchase #{purchase_id}", purchase_id, staff_id, now),
        )
        con.execute(
            """INSERT INTO audit_entry (at, staff_id, actor_name, action, entity, entity_id, after)
               VALUES (?, ?, 'Owner', 'create', 'purchase', ?, ?)""",
            (now, staff_id, purchase_id, f'{{"total_cents": {amount}}}'),
        )
        con.execute("COMMIT")

    return in_process(work)


register(Op("walk_in", walk_in_app, walk_in_raw, samples=SAMPLES))
