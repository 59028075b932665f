"""The demo shop: consistent (check passes), deterministic, realistic, and all-or-nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from crm_desktop.clock import FixedClock
from crm_desktop.db.database import open_database
from crm_desktop.db.models import Customer, Product, database
from crm_desktop.db.search import FTS_TABLE
from crm_desktop.services import demo, loyalty, loyalty_tiers, phones
from crm_desktop.services.customer_records import sort_name
from crm_desktop.services.demo.points import DEMO_RULES
from crm_desktop.services.errors import ServiceError
from crm_desktop.services.integrity import run_check

CUSTOMERS, PURCHASES = 150, 1500
TABLES = ("staff", "customer", "tag", "customer_tag", "product", "purchase", "purchase_item", "loyalty_entry",
          "follow_up", "interaction", "audit_entry")  # fmt: skip


def build(clock: FixedClock, **options: object) -> list[tuple[int, int, str]]:
    return list(demo.build(CUSTOMERS, PURCHASES, clock=clock, **options))  # type: ignore[arg-type]


def scalar(sql: str) -> object:
    return database.execute_sql(sql).fetchone()[0]


def contents(path: Path, seed: int, clock: FixedClock, parallel: bool = False) -> dict[str, list[tuple]]:
    db = open_database(path)
    for _ in demo.build(CUSTOMERS, PURCHASES, seed=seed, clock=clock, parallel=parallel):
        pass
    db.close()
    con = sqlite3.connect(path)
    try:
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in TABLES}
    finally:
        con.close()


@pytest.fixture
def built(db, clock):
    progress = build(clock)
    return progress


def test_demo_passes_check_and_reports_progress(built):
    assert run_check().problems == []
    done, total, label = built[-1]
    assert done == total and label == "Done"
    assert [p[0] for p in built] == sorted(p[0] for p in built)
    assert scalar("SELECT count(*) FROM customer") == CUSTOMERS
    assert scalar("SELECT count(*) FROM purchase") == PURCHASES
    assert scalar("SELECT count(*) FROM product") >= 50
    assert scalar("SELECT count(*) FROM staff") in (3, 4, 5)
    assert scalar("SELECT count(*) FROM staff WHERE role = 'owner'") == 1
    assert CUSTOMERS // 6 <= scalar("SELECT count(*) FROM follow_up") <= CUSTOMERS // 3


def test_same_seed_same_rows_other_seed_other_rows(tmp_path, clock):
    first = contents(tmp_path / "a.db", 7, clock)
    assert contents(tmp_path / "b.db", 7, clock) == first
    other = contents(tmp_path / "c.db", 8, clock)
    assert other["customer"] != first["customer"]
    assert other["purchase"] != first["purchase"]


def test_rows_made_in_a_child_process_are_the_same(tmp_path, clock):
    assert contents(tmp_path / "child.db", 3, clock, parallel=True) == contents(
        tmp_path / "here.db", 3, clock
    )


def test_people_are_realistic(built):
    names = [f"{c.first_name} {c.last_name}" for c in Customer.select()]
    assert any(not name.isascii() for name in names), "accented names"
    assert scalar("SELECT count(*) FROM customer WHERE birth_month IS NOT NULL AND birth_year IS NULL") > 0
    assert scalar("SELECT count(*) FROM customer WHERE birth_month = 2 AND birth_day = 29") >= 1
    assert (
        scalar("SELECT count(*) FROM customer WHERE email IS NOT NULL AND email NOT GLOB '*@*example.*'") == 0
    )
    for c in Customer.select():
        assert c.sort_name == sort_name(c.first_name, c.last_name)  # as the customers service computes it
        if c.phone:  # stored as the app stores a typed UK number, tokens included
            typed = phones.normalise(c.phone, "GB")
            assert (typed.display, typed.e164, typed.search) == (c.phone, c.phone_e164, c.phone_search)
            national = "0" + c.phone_e164[3:]
            assert {national, c.phone_e164[1:]} <= set(c.phone_search.split())
    assert scalar("SELECT count(*) FROM customer WHERE archived_at IS NOT NULL") >= 1
    assert scalar("SELECT count(*) FROM customer_tag") > 0
    assert scalar("SELECT count(DISTINCT card_number) FROM customer") == scalar(
        "SELECT count(card_number) FROM customer"
    )
    # created before the first purchase (UTC ISO text of one format compares as time)
    assert (
        scalar("""SELECT count(*) FROM customer c
        JOIN (SELECT customer_id, min(occurred_at) AS first FROM purchase GROUP BY customer_id) p
          ON p.customer_id = c.id WHERE c.created_at >= p.first""")
        == 0
    )


def test_sales_are_consistent(built):
    assert scalar("SELECT count(*) FROM purchase WHERE customer_id IS NULL") > 0
    assert scalar("SELECT count(*) FROM purchase WHERE voided_at IS NOT NULL") > 0
    assert scalar("SELECT count(*) FROM purchase WHERE points_value_cents > 0") > 0
    unbalanced = scalar("""SELECT count(*) FROM purchase p
        WHERE p.total_cents != (SELECT sum(line_total_cents) FROM purchase_item i WHERE i.purchase_id = p.id)""")
    assert unbalanced == 0
    assert scalar("SELECT min(n) FROM (SELECT count(*) AS n FROM purchase_item GROUP BY purchase_id)") >= 1
    assert scalar("SELECT max(n) FROM (SELECT count(*) AS n FROM purchase_item GROUP BY purchase_id)") <= 3
    saturday = scalar("SELECT count(*) FROM purchase WHERE strftime('%w', business_date) = '6'")
    sunday = scalar("SELECT count(*) FROM purchase WHERE strftime('%w', business_date) = '0'")
    assert saturday > 2 * sunday


def test_ledger_runs_in_order_and_never_goes_negative(built):
    wrong = scalar("""SELECT count(*) FROM (
        SELECT balance_after, sum(points) OVER (PARTITION BY customer_id ORDER BY id) AS running
        FROM loyalty_entry) WHERE balance_after != running""")
    assert wrong == 0
    assert scalar("SELECT min(balance_after) FROM loyalty_entry") >= 0
    assert scalar("SELECT count(*) FROM loyalty_entry WHERE kind = 'redeem' AND purchase_id IS NULL") == 0
    assert scalar("SELECT count(*) FROM loyalty_entry WHERE kind = 'birthday_bonus'") > 0
    assert scalar("SELECT count(*) FROM loyalty_entry WHERE kind = 'birthday_bonus' AND occasion NOT GLOB "
                  "'birthday:[0-9][0-9][0-9][0-9]'") == 0  # fmt: skip
    assert scalar("SELECT count(*) FROM loyalty_entry l JOIN purchase p ON p.id = l.purchase_id "
                  "WHERE p.voided_at IS NOT NULL") == 0  # fmt: skip
    assert scalar("SELECT count(*) FROM loyalty_entry WHERE kind = 'expire'") > 0


def test_ledger_follows_the_saved_rules(built, session):
    """Every earn entry is what the app's rule gives: the points at the tier of the trailing-12-month spend
    before the sale, expiring 12 months later; then the app's daily pass finds nothing left to do."""
    rules = loyalty.rules()
    assert rules == DEMO_RULES and rules.birthday_bonus_points > 0
    earns = database.execute_sql(
        """SELECT p.id, p.customer_id, p.business_date, p.total_cents, coalesce(l.points, 0), l.expires_on
           FROM purchase p LEFT JOIN loyalty_entry l ON l.purchase_id = p.id AND l.kind = 'earn'
           WHERE p.customer_id IS NOT NULL AND p.voided_at IS NULL ORDER BY p.id"""
    ).fetchall()
    multiplied = 0
    for pid, cid, day, paid, points, expires_on in earns:
        start = loyalty_tiers.window_start(dt.date.fromisoformat(day)).isoformat()
        spend = scalar(f"""SELECT coalesce(sum(total_cents), 0) FROM purchase WHERE customer_id = {cid}
            AND business_date > '{start}' AND voided_at IS NULL AND id < {pid}""")
        tier = loyalty.tier_of(spend, rules)
        assert points == loyalty.points_for(paid, tier=tier, rules=rules), pid
        multiplied += rules.multiplier(tier) > 100
        if points:
            assert expires_on == rules.expires_on(dt.date.fromisoformat(day)).isoformat()
    assert multiplied > 0
    result = loyalty.run_daily(session)
    assert (result.expired_points, result.tier_changes) == (0, 0)
    assert run_check().problems == []


def test_search_index_and_triggers_are_back(built):
    customer = Customer.select().order_by(Customer.id).first()
    hits = database.execute_sql(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (f'"{customer.last_name}"',)
    ).fetchall()
    assert (customer.id,) in hits
    triggers = {r[0] for r in database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {
        "customer_fts_after_insert",
        "customer_fts_after_update",
        "customer_tag_fts_after_insert",
    } <= triggers
    assert scalar("PRAGMA journal_mode") == "wal"
    assert scalar("PRAGMA foreign_keys") == 1


def test_refuses_a_database_with_customers(built, clock):
    with pytest.raises(ServiceError, match="already holds customers"):
        build(clock)
    assert scalar("SELECT count(*) FROM customer") == CUSTOMERS


@pytest.mark.parametrize("parallel", [False, True])
def test_stopping_early_leaves_the_database_empty(db, clock, parallel):
    steps = demo.build(CUSTOMERS, PURCHASES, clock=clock, parallel=parallel)
    for _ in range(3):
        next(steps)
    steps.close()
    for table in ("customer", "purchase", "product", "loyalty_entry", "staff", "tag", "audit_entry"):
        assert scalar(f"SELECT count(*) FROM {table}") == 0, table
    assert scalar("SELECT count(*) FROM sqlite_master WHERE name = 'customer_fts_after_insert'") == 1
    assert scalar("SELECT count(*) FROM sqlite_master WHERE name = 'purchase_business_date'") == 1
    assert scalar("PRAGMA foreign_keys") == 1
    assert run_check().ok
    assert build(clock)[-1][2] == "Done"  # and it can still be filled afterwards


def test_refuses_when_the_demo_products_exist(db, clock):
    Product.create(name="House blend", sku="COF-001")
    with pytest.raises(ServiceError, match="SKUs"):
        build(clock)
    assert scalar("SELECT count(*) FROM product") == 1 and scalar("SELECT count(*) FROM staff") == 0


def test_tiny_shop_before_opening_on_a_leap_day(db):
    early = FixedClock.at("2028-02-29T06:30:00", "Europe/London")
    assert list(demo.build(1, 0, clock=early))[-1][2] == "Done"
    assert run_check().ok
    assert scalar("SELECT count(*) FROM customer") == 1 and scalar("SELECT count(*) FROM purchase") == 0


def test_nothing_happens_after_now(db):
    clock = FixedClock.at("2026-03-29T12:10:00", "Europe/Berlin")  # a DST change day, shop open an hour
    for _ in demo.build(20, 400, clock=clock):
        pass
    now = clock.now().isoformat(timespec="seconds")
    for column in ("purchase.occurred_at", "purchase.voided_at", "loyalty_entry.created_at", "customer.created_at",
                   "customer.updated_at", "follow_up.created_at", "follow_up.completed_at",
                   "interaction.occurred_at", "interaction.resolved_at"):  # fmt: skip
        table, name = column.split(".")
        assert scalar(f"SELECT count(*) FROM {table} WHERE {name} > ?".replace("?", f"'{now}'")) == 0, column
    assert scalar("SELECT max(business_date) FROM purchase") <= "2026-03-29"
    assert run_check().ok
