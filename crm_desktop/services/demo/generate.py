"""The demo's rows, made without touching the database, in the order they can be inserted.

`generate(setup)` yields `Batch`es and `Step`s from one `random.Random(seed)`, so the rows depend only on the
setup. `in_child(setup)` runs the same generator in a child Python and streams its output back, so that on
a multi-core machine making rows (Python) and inserting them (SQLite) overlap. The output is identical.
"""

from __future__ import annotations

import os
import pickle
import random
import subprocess
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.services.demo import activity, catalog, customers, sales
from crm_desktop.services.demo.batch import Batch, FirstIds, Step
from crm_desktop.services.demo.calendar import Calendar

TABLES = ("product", "customer", "purchase", "purchase_item", "loyalty_entry", "follow_up", "interaction")
STATS_COLUMNS = (
    "points_balance",
    "visits",
    "total_spent_cents",
    "first_visit_date",
    "last_visit_date",
    "tier",
)


@dataclass(frozen=True)
class Setup:
    """What the writer prepared in the database before any row is made."""

    customers: int
    purchases: int
    seed: int
    calendar: Calendar
    staff: list[int]  # the owner first, then the manager
    tag_ids: dict[str, int]
    first: FirstIds

    @property
    def extras(self) -> int:
        """Progress units for follow-ups and interactions."""
        return self.customers // 5 + self.customers // 2

    @property
    def total(self) -> int:
        """Progress units of the whole build: rows made here, then the writer's final steps."""
        return self.customers + self.purchases + self.extras + self.finish

    @property
    def finish(self) -> int:
        return max(1, (self.customers + self.purchases) // 10)


def generate(setup: Setup) -> Iterator[Batch | Step]:
    rng = random.Random(setup.seed)
    cal, first, n = setup.calendar, setup.first, setup.customers
    products, product_rows = catalog.products(rng, first["product"])
    yield product_rows
    schedule = sales.plan(rng, cal, n, setup.purchases)
    people = yield from _counted(
        customers.generate(rng, cal, schedule, n, setup.tag_ids, first["customer"]), 0, "Customers"
    )
    totals = yield from _counted(
        sales.generate(rng, cal, schedule, products, setup.staff, people.ids, people.bonus_days, first),
        n,
        "Purchases",
    )
    yield Step(n + setup.purchases, "Follow-ups and notes")
    yield activity.follow_ups(rng, cal, schedule, people, setup.staff, first["follow_up"])
    yield activity.interactions(rng, cal, people, setup.staff, first["interaction"])
    yield Step(n + setup.purchases + setup.extras, "Customer totals")
    stats = [
        (
            totals.points[c],
            totals.visits[c],
            totals.spent[c],
            totals.first[c],
            totals.last[c],
            totals.tiers[c],
            people.ids[c],
        )
        for c in range(1, n + 1)
        if totals.visits[c] or totals.points[c]
    ]
    yield Batch("customer", STATS_COLUMNS, stats, key="id")


def _counted(steps: Iterator[Batch | int], offset: int, label: str) -> Iterator[Batch | Step]:
    """Turn a part's counts into overall progress and hand back what the part returns."""
    while True:
        try:
            item = next(steps)
        except StopIteration as stop:
            return stop.value
        yield Step(offset + item, label) if isinstance(item, int) else item


@dataclass(frozen=True)
class _Failed:
    traceback: str


def in_child(setup: Setup) -> Iterator[Batch | Step]:
    """`generate(setup)` in a child Python (`child_main`), its output
    pickled through a pipe, whose small buffer keeps the child only a little ahead of the writer. A plain
    subprocess rather than multiprocessing: no fork of a process that may run Qt, and no re-import of the
    caller's main script. Closing this iterator stops the child."""
    root = str(Path(__file__).resolve().parents[3])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH"))))}
    command = [sys.executable, "-c", f"from {__name__} import child_main; child_main()"]
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    assert child.stdin is not None and child.stdout is not None
    try:
        pickle.dump(setup, child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        child.stdin.close()
        while True:
            try:
                item = pickle.load(child.stdout)
            except EOFError:
                raise RuntimeError(f"the demo's row generator stopped (exit code {child.wait()})") from None
            if item is None:
                return
            if isinstance(item, _Failed):
                raise RuntimeError(f"the demo's row generator failed:\n{item.traceback}")
            yield item
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.wait()


def child_main() -> None:
    """The child's side of `in_child`: a pickled Setup on stdin, pickled batches on stdout."""
    out = sys.stdout.buffer
    try:
        setup = pickle.load(sys.stdin.buffer)
        for item in generate(setup):
            pickle.dump(item, out, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(None, out)
    except BrokenPipeError:
        return  # the writer stopped listening: a cancelled build
    except BaseException:
        pickle.dump(_Failed(traceback.format_exc()), out)
    out.flush()
