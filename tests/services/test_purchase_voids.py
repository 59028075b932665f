"""Voiding purchases: the row stays, points are reversed (never below zero), stats recomputed, audited."""

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_desktop.db.models import AuditEntry, Customer, LoyaltyEntry, Purchase, database
from crm_desktop.services import integrity, purchases
from crm_desktop.services.errors import NotFoundError, ValidationError
from crm_desktop.services.purchases import PurchaseInput
from tests.services.sales_helpers import customer, insert_customer, spend


def _sale(session, cid, cents):
    return purchases.log_purchase(session, PurchaseInput(customer_id=cid, amount_cents=cents)).purchase_id


def _reversals(purchase_id):
    return list(
        LoyaltyEntry.select()
        .where((LoyaltyEntry.purchase == purchase_id) & (LoyaltyEntry.kind == "void_reversal"))
        .order_by(LoyaltyEntry.id)
    )


def test_void_keeps_the_row_reverses_points_and_recomputes_stats(session, clock):
    cid = insert_customer()
    first = _sale(session, cid, 2000)
    clock.advance(days=7)
    last = _sale(session, cid, 1550)
    clock.advance(hours=1)
    purchases.void(session, last, "  Rung up   twice ")

    p = Purchase.get_by_id(last)
    assert p.voided_at == clock.now() and p.voided_by_id == session.actor.staff_id
    assert p.void_reason == "Rung up twice" and p.total_cents == 1550
    (rev,) = _reversals(last)
    assert (rev.points, rev.balance_after, rev.staff_id) == (-15, 20, session.actor.staff_id)
    c = customer(cid)
    assert (c.visits, c.total_spent_cents, c.points_balance) == (1, 2000, 20)
    assert c.first_visit_date == c.last_visit_date == dt.date(2026, 6, 15)  # the later visit is gone
    audit = AuditEntry.get((AuditEntry.action == "void") & (AuditEntry.entity_id == last))
    after = json.loads(audit.after)
    assert after["void_reason"] == "Rung up twice" and after["taken_back"] == 15 and after["shortfall"] == 0
    assert integrity.run_check().ok

    purchases.void(session, first, "Wrong customer")
    c = customer(cid)
    assert (c.visits, c.total_spent_cents, c.points_balance) == (0, 0, 0)
    assert c.first_visit_date is None and c.last_visit_date is None
    assert integrity.run_check().ok


def test_voiding_twice_is_refused_and_changes_nothing(session):
    cid = insert_customer()
    pid = _sale(session, cid, 1000)
    purchases.void(session, pid, "Card declined")
    counts = (LoyaltyEntry.select().count(), AuditEntry.select().count())
    with pytest.raises(ValidationError, match="already voided on 2026-06-15 \\(Card declined\\)") as err:
        purchases.void(session, pid, "Again")
    assert err.value.field == "Purchase"
    assert (LoyaltyEntry.select().count(), AuditEntry.select().count()) == counts
    assert Purchase.get_by_id(pid).void_reason == "Card declined"


def test_void_needs_a_reason_and_an_existing_purchase(session):
    pid = _sale(session, insert_customer(), 1000)
    with pytest.raises(ValidationError) as err:
        purchases.void(session, pid, "   ")
    assert err.value.field == "Reason" and Purchase.get_by_id(pid).voided_at is None
    with pytest.raises(NotFoundError):
        purchases.void(session, 999, "Typo")


def test_void_when_points_were_already_partly_spent_takes_back_what_is_left(session):
    cid = insert_customer()
    pid = _sale(session, cid, 2000)  # earns 20
    spend(cid, 15)
    purchases.void(session, pid, "Returned")
    (rev,) = _reversals(pid)
    assert (rev.points, rev.balance_after) == (-5, 0)
    assert "5 of 20 earned points taken back; 15 had already been spent" in rev.reason
    assert customer(cid).points_balance == 0
    assert integrity.run_check().ok


def test_void_when_all_points_were_spent_records_the_shortfall(session):
    cid = insert_customer()
    pid = _sale(session, cid, 1000)
    spend(cid, 10)
    purchases.void(session, pid, "Returned")
    (rev,) = _reversals(pid)
    assert (rev.points, rev.balance_after) == (0, 0) and "10 had already been spent" in rev.reason
    assert integrity.run_check().ok


def test_void_gives_back_redeemed_points_before_taking_back_earned_ones(session):
    cid = insert_customer()
    _sale(session, cid, 10000)  # 100 points
    pid = _sale(session, cid, 2500)  # 125 points
    with database.atomic():  # this purchase also spent 100 points (as the loyalty issue's redeem will)
        LoyaltyEntry.create(
            customer=cid,
            kind="redeem",
            points=-100,
            balance_after=25,
            purchase=pid,
            created_at=dt.datetime.now(dt.UTC),
        )
        Customer.update(points_balance=25).where(Customer.id == cid).execute()
    spend(cid, 25)  # and then everything left was spent too
    purchases.void(session, pid, "Returned")
    given_back, taken = _reversals(pid)
    assert (given_back.points, given_back.balance_after) == (100, 100)
    assert (taken.points, taken.balance_after) == (-25, 75)
    assert customer(cid).points_balance == 75
    assert integrity.run_check().ok


def test_void_of_an_anonymous_sale(session):
    pid = purchases.log_purchase(session, PurchaseInput(customer_id=None, amount_cents=500)).purchase_id
    purchases.void(session, pid, "Test sale")
    assert Purchase.get_by_id(pid).voided_at is not None and LoyaltyEntry.select().count() == 0
    assert integrity.run_check().ok


def test_refresh_customer_stats_rewrites_one_customer(session):
    a, b = insert_customer(), insert_customer(first_name="Bo")
    _sale(session, a, 700)
    _sale(session, b, 900)
    Customer.update(visits=99, total_spent_cents=1, first_visit_date=None).execute()
    integrity.refresh_customer_stats(a)
    assert (customer(a).visits, customer(a).total_spent_cents) == (1, 700)
    assert customer(b).visits == 99  # untouched
    integrity.refresh_customer_stats(b)
    assert integrity.run_check().ok


# Operations: ("buy", customer index or None, cents), ("void", nth purchase), ("spend", customer, points).
_ops = st.lists(
    st.one_of(
        st.tuples(st.just("buy"), st.sampled_from([0, 1, None]), st.integers(1, 50_000)),
        st.tuples(st.just("void"), st.integers(0, 30)),
        st.tuples(st.just("spend"), st.sampled_from([0, 1]), st.integers(1, 300)),
        st.tuples(st.just("wait"), st.integers(1, 72)),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_ops)
def test_any_sequence_of_sales_voids_and_spending_keeps_the_books_straight(session, clock, ops):
    with database.atomic() as txn:  # each example starts from the same empty shop
        ids = [insert_customer(), insert_customer(first_name="Bo")]
        sales: list[int] = []
        for op in ops:
            if op[0] == "buy":
                cid = None if op[1] is None else ids[op[1]]
                sales.append(_sale(session, cid, op[2]))
            elif op[0] == "void" and op[1] < len(sales):
                pid = sales[op[1]]
                if Purchase.get_by_id(pid).voided_at is None:
                    purchases.void(session, pid, "Changed their mind")
                else:
                    with pytest.raises(ValidationError):
                        purchases.void(session, pid, "Again")
            elif op[0] == "spend":
                available = customer(ids[op[1]]).points_balance
                if available:
                    spend(ids[op[1]], min(op[2], available))
            elif op[0] == "wait":
                clock.advance(hours=op[1])
        report = integrity.run_check()
        assert report.ok, report.problems
        assert not LoyaltyEntry.select().where(LoyaltyEntry.balance_after < 0).exists()
        for cid in ids:
            entries = list(
                LoyaltyEntry.select().where(LoyaltyEntry.customer == cid).order_by(LoyaltyEntry.id)
            )
            running = 0
            for entry in entries:  # balance_after is the running balance
                running += entry.points
                assert entry.balance_after == running >= 0
        txn.rollback()
