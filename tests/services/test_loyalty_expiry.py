"""Expiry: on the exact day, FIFO across partial redemptions, idempotent passes, "never", voids, the list of
points expiring soon, and the index-backed candidate queries."""

from __future__ import annotations

import datetime as dt
import re

from crm_desktop.db.models import LoyaltyEntry, database
from crm_desktop.services import integrity, loyalty, loyalty_daily, purchases
from crm_desktop.services.loyalty import ExpiringPoints
from tests.services.loyalty_helpers import balance, entries, ledger_is_consistent, sale, set_rules
from tests.services.sales_helpers import insert_customer

START = dt.date(2026, 6, 15)  # the clock fixture's local date


def travel_to(clock, day: dt.date) -> None:
    clock.advance(days=(day - loyalty_daily.clocks.today(clock)).days)


def test_points_expire_on_the_exact_day_and_the_pass_is_idempotent(session, clock):
    cid = insert_customer()
    sale(session, cid, 2000)
    assert entries(cid)[0].expires_on == dt.date(2027, 6, 15)
    travel_to(clock, dt.date(2027, 6, 14))
    assert loyalty.run_daily(session).expired_points == 0 and balance(cid) == 20
    travel_to(clock, dt.date(2027, 6, 15))
    result = loyalty.run_daily(session)
    assert (result.expired_customers, result.expired_points) == (1, 20)
    expired = entries(cid)[-1]
    assert (expired.kind, expired.points, expired.balance_after, expired.purchase_id) == (
        "expire",
        -20,
        0,
        None,
    )
    rows = LoyaltyEntry.select().count()
    again = loyalty.run_daily(session)
    assert (again.expired_customers, again.expired_points, again.birthday_bonuses, again.tier_changes) == (
        0,
        0,
        0,
        0,
    )
    assert LoyaltyEntry.select().count() == rows
    clock.advance(days=40)
    assert loyalty.run_daily(session).expired_points == 0 and LoyaltyEntry.select().count() == rows
    assert integrity.run_check().ok


def test_fifo_across_partial_redemptions_of_several_batches(session, clock):
    set_rules(session, min_redeem_points=10)
    cid = insert_customer()
    sale(session, cid, 10_000)  # A: 100 points, expire 2027-06-15
    clock.advance(days=31)
    sale(session, cid, 10_000)  # B: 100 points, expire 2027-07-16
    clock.advance(days=31)
    sale(session, cid, 10_000)  # C: 100 points, expire 2027-08-16
    sale(session, cid, 600, redeem=120)  # uses A's 100 and 20 of B; the sale is paid with points
    clock.advance(days=1)
    sale(session, cid, 300, redeem=60)  # 60 more of B: 20 of B left
    assert balance(cid) == 120
    today = dt.date(2027, 6, 1)
    travel_to(clock, today)
    assert loyalty.expiring_within(30, today) == []  # A was used up
    assert loyalty.expiring_within(60, today) == [
        ExpiringPoints(cid, "Ada Lovelace", 20, dt.date(2027, 7, 16))
    ]
    assert loyalty.expiring_within(90, today) == [
        ExpiringPoints(cid, "Ada Lovelace", 120, dt.date(2027, 7, 16))
    ]
    travel_to(clock, dt.date(2027, 6, 15))
    assert loyalty.run_daily(session).expired_points == 0
    travel_to(clock, dt.date(2027, 7, 15))
    assert loyalty.run_daily(session).expired_points == 0
    travel_to(clock, dt.date(2027, 7, 16))
    assert loyalty.run_daily(session).expired_points == 20 and balance(cid) == 100
    travel_to(clock, dt.date(2027, 8, 16))
    assert loyalty.run_daily(session).expired_points == 100 and balance(cid) == 0
    ledger_is_consistent([cid])
    assert integrity.run_check().ok


def test_a_missed_month_expires_everything_due_in_one_entry(session, clock):
    cid = insert_customer()
    for _ in range(3):
        sale(session, cid, 1000)
        clock.advance(days=10)
    travel_to(clock, dt.date(2027, 7, 30))
    assert loyalty.run_daily(session).expired_points == 30
    assert [e.points for e in entries(cid, "expire")] == [-30]


def test_never_expiring_points_stay(session, clock):
    set_rules(session, expiry_months=None)
    cid = insert_customer()
    sale(session, cid, 5000)
    assert entries(cid)[0].expires_on is None
    clock.advance(days=5 * 366)
    assert loyalty.expiring_within(3650, loyalty_daily.clocks.today(clock)) == []
    assert loyalty.run_daily(session).expired_points == 0 and balance(cid) == 50


def test_switching_expiry_off_keeps_the_promised_dates_of_earlier_points(session, clock):
    cid = insert_customer()
    sale(session, cid, 5000)  # dated 2027-06-15
    set_rules(session, expiry_months=None)
    sale(session, cid, 3000)  # never expires
    travel_to(clock, dt.date(2027, 6, 15))
    assert loyalty.run_daily(session).expired_points == 50 and balance(cid) == 30


def test_undated_points_are_used_last(session, clock):
    set_rules(session, expiry_months=None, min_redeem_points=10)
    cid = insert_customer()
    sale(session, cid, 5000)  # 50 that never expire
    set_rules(session, expiry_months=12)
    clock.advance(days=1)
    sale(session, cid, 10_000)  # 100 dated 2027-06-16
    sale(session, cid, 300, redeem=60)  # paid with points: 60 of the dated ones, 40 left
    travel_to(clock, dt.date(2027, 6, 16))
    assert loyalty.run_daily(session).expired_points == 40
    assert balance(cid) == 50
    clock.advance(days=3650)
    assert loyalty.run_daily(session).expired_points == 0 and balance(cid) == 50


def test_adjustments_and_bonuses_expire_too(session, clock):
    cid = insert_customer()
    loyalty.adjust(session, cid, 40, "Welcome gift")
    assert entries(cid)[0].expires_on == dt.date(2027, 6, 15)
    loyalty.adjust(session, cid, -10, "Typo")
    assert entries(cid)[1].expires_on is None
    travel_to(clock, dt.date(2027, 6, 15))
    assert loyalty.run_daily(session).expired_points == 30 and balance(cid) == 0


# --- voids -----------------------------------------------------------------------------------------------


def test_a_void_cancels_its_own_credit_not_sooner_expiring_ones(session, clock):
    cid = insert_customer()
    sale(session, cid, 10_000)  # 100, expire 2027-06-15
    clock.advance(days=90)
    pid = sale(session, cid, 5000).purchase_id  # 50, expire 2027-09-13
    purchases.void(session, pid, "Returned")
    taken = entries(cid, "void_reversal")[0]
    assert (taken.points, taken.expires_on) == (-50, dt.date(2027, 9, 13))
    travel_to(clock, dt.date(2027, 6, 15))
    assert loyalty.run_daily(session).expired_points == 100 and balance(cid) == 0
    travel_to(clock, dt.date(2027, 9, 13))
    assert loyalty.run_daily(session).expired_points == 0
    assert integrity.run_check().ok


def test_voiding_after_the_points_expired_takes_nothing_more(session, clock):
    cid = insert_customer()
    pid = sale(session, cid, 2000).purchase_id
    travel_to(clock, dt.date(2027, 6, 15))
    loyalty.run_daily(session)
    sale(session, cid, 3000)  # 30 fresh points
    purchases.void(session, pid, "Found in an old audit")
    (taken,) = entries(cid, "void_reversal")
    assert (
        taken.points == 0
        and "0 of 20 earned points taken back; 20 had already been spent or had expired" in taken.reason
    )
    assert balance(cid) == 30
    assert integrity.run_check().ok


def test_voiding_before_the_pass_counts_the_expiring_points_once(session, clock):
    cid = insert_customer()
    pid = sale(session, cid, 2000).purchase_id
    sale(session, cid, 1000)
    travel_to(clock, dt.date(2027, 6, 15))  # both due today; the pass has not run yet
    purchases.void(session, pid, "Returned")
    assert balance(cid) == 10
    assert loyalty.run_daily(session).expired_points == 10 and balance(cid) == 0


def test_redeemed_points_given_back_by_a_void_keep_their_expiry(session, clock):
    cid = insert_customer()
    sale(session, cid, 10_000)  # 100, expire 2027-06-15
    travel_to(clock, dt.date(2027, 6, 1))
    pid = sale(session, cid, 1000, redeem=100).purchase_id  # 5.00 paid, 5 points dated 2028-06-01
    travel_to(clock, dt.date(2027, 6, 20))
    assert loyalty.run_daily(session).expired_points == 0  # they were used in time
    purchases.void(session, pid, "Customer changed their mind")
    assert balance(cid) == 100  # 100 given back, 5 taken back
    assert loyalty.run_daily(session).expired_points == 100  # but their time had come
    assert loyalty.run_daily(session).expired_points == 0
    ledger_is_consistent([cid])
    assert integrity.run_check().ok


# --- expiring soon and the cost of a quiet day -----------------------------------------------------------


def test_expiring_within_lists_the_customers_soonest_first(session, clock):
    ada, bo, cy = insert_customer(), insert_customer(first_name="Bo"), insert_customer(first_name="Cy")
    sale(session, bo, 4000)
    clock.advance(days=5)
    sale(session, ada, 2500)
    clock.advance(days=40)
    sale(session, cy, 9900)
    today = dt.date(2027, 6, 1)
    assert loyalty.expiring_within(30, today) == [
        ExpiringPoints(bo, "Bo Lovelace", 40, dt.date(2027, 6, 15)),
        ExpiringPoints(ada, "Ada Lovelace", 25, dt.date(2027, 6, 20)),
    ]
    assert loyalty.expiring_within(13, today) == []  # from tomorrow to 14 June
    assert [e.customer_id for e in loyalty.expiring_within(14, today)] == [bo]


def _plan(sql: str, params) -> str:
    return " ".join(str(row[-1]) for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))


def test_the_daily_candidates_come_from_indexes(db):
    plan = _plan(loyalty_daily._EXPIRY_SQL, {"since": "2026-01-01", "today": "2026-02-01", "last_id": 5})
    assert "SEARCH loyalty_entry USING INDEX loyalty_entry_expires_on (expires_on>? AND expires_on<?)" in plan
    assert "USING INTEGER PRIMARY KEY (rowid>?)" in plan
    assert not re.search(r"SCAN (loyalty_entry|c)\b", plan)
    plan = _plan(loyalty_daily._EXPIRING_SQL, {"today": "2026-01-01", "end": "2026-02-01"})
    assert not re.search(r"SCAN (loyalty_entry|c)\b", plan)
    assert "USING INDEX loyalty_entry_expires_on (expires_on=?)" not in plan  # not every undated entry
