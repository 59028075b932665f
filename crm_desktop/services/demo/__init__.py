"""`crm-desktop demo`: a realistic, deterministic demo shop written into an empty database.

`build()` is a generator of progress `(done, total, label)`. Everything happens in one transaction, so a
consumer that stops iterating (a cancelled progress dialog) leaves the database as it was. The same seed and
clock give the same rows.

How it is fast (dataset L, 100k customers and 1M purchases, in well under a minute): rows are made by
`generate` (in a child process for big builds, so Python and SQLite work side by side), inserted with the
cursor's `executemany` (Peewee's insert_many is ~5x slower) with ids assigned up front, without per-row
foreign key checks, search triggers or secondary indexes; then the indexes and the search index are built
once. Modules: `calendar` (busy days, timestamps), `names` (people, contact details), `catalog` (staff,
tags, products), `sales` (purchases, items, loyalty ledger), `points` (the loyalty rules the demo saves and
follows, day by day), `customers`, `activity`
(follow-ups, interactions), `generate` (the row stream), `bulk` (loader settings, indexes, triggers).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing

from crm_desktop.clock import Clock, SystemClock
from crm_desktop.db.models import Customer, Product, database
from crm_desktop.services import audit, loyalty, loyalty_daily
from crm_desktop.services.demo import bulk, catalog, generate, points, sales
from crm_desktop.services.demo.batch import Step
from crm_desktop.services.demo.calendar import Calendar
from crm_desktop.services.errors import ServiceError
from crm_desktop.services.session import Session
from crm_desktop.services.staff import owner_actor

Progress = tuple[int, int, str]
log = logging.getLogger(__name__)

# From this size on the rows are made in a child process (its start-up costs ~0.3 s).
PARALLEL_FROM = 50_000


def build(
    customers: int,
    purchases: int,
    *,
    seed: int = 1,
    clock: Clock | None = None,
    parallel: bool | None = None,
) -> Iterator[Progress]:
    """Fill the (customer-less) database bound to the models with a demo shop, yielding progress.

    `parallel`: make the rows in a child process (default: for builds of PARALLEL_FROM rows or more).
    """
    if customers < 1 or purchases < 0:
        raise ServiceError("The demo needs at least one customer and zero or more purchases.")
    if customers > sales.MAX_CUSTOMERS:
        raise ServiceError(f"The demo builds at most {sales.MAX_CUSTOMERS:,} customers.")
    _refuse_if_customers()
    clock = clock or SystemClock()
    if parallel is None:
        parallel = customers + purchases >= PARALLEL_FROM
    saved = bulk.speed_up()
    try:
        with database.atomic():
            _refuse_if_customers()
            yield from _load(customers, purchases, seed, clock, parallel)
    finally:
        bulk.restore(saved)


def _refuse_if_customers() -> None:
    if Customer.select().exists():
        raise ServiceError(
            "This database already holds customers: the demo only fills an empty database. "
            "Use a new file, e.g. `crm-desktop demo --db demo.db`."
        )


def _load(customers: int, purchases: int, seed: int, clock: Clock, parallel: bool) -> Iterator[Progress]:
    started = time.perf_counter()
    actor = owner_actor(clock)
    if actor.staff_id is None or Product.select().where(Product.sku.in_(catalog.skus())).exists():
        raise ServiceError(
            "This database already has products with the demo's SKUs: use a new file for the demo."
        )
    loyalty.save_rules(Session(actor, clock), points.DEMO_RULES)  # the rules its ledger follows
    staff = [actor.staff_id, *catalog.create_staff(clock)]
    setup = generate.Setup(
        customers, purchases, seed, Calendar(clock), staff, catalog.create_tags(),
        {table: bulk.next_id(table) for table in generate.TABLES},
    )  # fmt: skip
    total = setup.total
    yield 0, total, "Setting up the shop"
    bulk.suspend_search_triggers()
    indexes = bulk.drop_indexes(bulk.BULK_TABLES)
    written: Counter[str] = Counter()
    source = generate.in_child(setup) if parallel else generate.generate(setup)
    with closing(source):
        for item in source:
            if isinstance(item, Step):
                yield item.done, total, item.label
                continue
            database.cursor().executemany(item.sql, item.rows)
            if item.key is None:
                written[item.table] += len(item.rows)
    log.info("demo: rows written in %.1f s: %s", time.perf_counter() - started, dict(written))
    done = total - setup.finish
    yield done, total, "Indexes"
    bulk.create_indexes(indexes)
    yield done + setup.finish * 3 // 4, total, "Search index"
    bulk.restore_search_index()
    cal = setup.calendar  # the daily passes the rows already hold: today's if it is past 08:00
    passed = (
        cal.today if cal.now_t - cal.last * 86400 >= points.PASS_SECOND else cal.today - dt.timedelta(days=1)
    )
    loyalty_daily.record_passes(passed, cal.today)
    audit.record(Session(actor, clock), "demo", "customer", None, None,
                 {"customers": customers, "purchases": purchases, "seed": seed, "rows": dict(written)})  # fmt: skip
    log.info("demo: built in %.1f s", time.perf_counter() - started)
    yield total, total, "Done"
