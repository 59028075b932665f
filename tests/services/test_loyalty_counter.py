"""Points at the counter: redeeming on a sale, earning at the tier's rate, tier moves (audited), voids."""

from __future__ import annotations

import json

import pytest

from crm_desktop.db.models import AuditEntry, Customer, Purchase, database
from crm_desktop.services import integrity, loyalty, loyalty_tiers, purchases
from crm_desktop.services.customers import CustomerInput
from crm_desktop.services.errors import ValidationError
from crm_desktop.services.loyalty import Tier
from crm_desktop.services.purchases import LineInput, PurchaseInput
from tests.services.loyalty_helpers import balance, counts, entries, ledger_is_consistent, sale, set_rules
from tests.services.sales_helpers import insert_customer


def tier_moves(cid: int) -> list[tuple[str | None, str | None]]:
    rows = AuditEntry.select().where(
        (AuditEntry.action == "tier_change")
        & (AuditEntry.entity == "customer")
        & (AuditEntry.entity_id == cid)
    )
    return [(json.loads(a.before)["tier"], json.loads(a.after)["tier"]) for a in rows.order_by(AuditEntry.id)]


# --- redeeming -------------------------------------------------------------------------------------------


def test_redeeming_reduces_the_total_and_writes_a_linked_entry(session):
    cid = insert_customer()
    sale(session, cid, 30_000)  # 300 points
    result = sale(session, cid, 2000, redeem=200)  # 200 points = 10.00 off
    assert (result.total_cents, result.points_value_cents, result.points_redeemed) == (1000, 1000, 200)
    assert (result.points_earned, result.points_balance) == (10, 110)
    p = Purchase.get_by_id(result.purchase_id)
    assert (p.total_cents, p.points_value_cents) == (1000, 1000)
    redeem, earn = entries(cid)[1:]
    assert (redeem.kind, redeem.points, redeem.balance_after, redeem.purchase_id) == (
        "redeem",
        -200,
        100,
        p.id,
    )
    assert "€10.00 off" in redeem.reason
    assert (earn.kind, earn.points, earn.balance_after) == ("earn", 10, 110)
    assert Customer.get_by_id(cid).total_spent_cents == 31_000  # spend is what was paid
    audit = json.loads(AuditEntry.get(AuditEntry.entity_id == p.id, AuditEntry.action == "create").after)
    assert (audit["points_redeemed"], audit["points_value_cents"]) == (200, 1000)
    assert integrity.run_check().ok


def test_points_can_pay_for_the_whole_sale(session):
    cid = insert_customer()
    sale(session, cid, 10_000)
    result = sale(session, cid, 500, redeem=100)
    assert (result.total_cents, result.points_earned, result.points_balance) == (0, 0, 0)
    assert integrity.run_check().ok


def test_a_line_sale_keeps_its_lines_and_earns_on_what_was_paid(session):
    cid = insert_customer()
    sale(session, cid, 20_000)
    result = purchases.log_purchase(
        session,
        PurchaseInput(
            customer_id=cid, lines=(LineInput("Beans", 2, 1500), LineInput("Mug", 1, 900)), redeem_points=100
        ),
    )
    assert (result.total_cents, result.points_value_cents, result.points_earned) == (3400, 500, 34)
    p = Purchase.get_by_id(result.purchase_id)
    assert sum(i.line_total_cents for i in p.items) == p.total_cents + p.points_value_cents


@pytest.mark.parametrize(
    ("redeem", "cents", "message"),
    [
        (99, 5000, "minimum is 100 points"),
        (301, 50_000, "more than the 300 points"),
        (100, 499, "worth €5.00, more than the sale's €4.99"),
        (-100, 5000, "whole number"),
        (100.0, 5000, "whole number"),
        (True, 5000, "whole number"),
    ],
)
def test_redemption_refusals_change_nothing(session, redeem, cents, message):
    cid = insert_customer()
    sale(session, cid, 30_000)
    before = counts()
    with pytest.raises(ValidationError, match=message) as err:
        sale(session, cid, cents, redeem=redeem)
    assert err.value.field == "Points to use"
    assert counts() == before and balance(cid) == 300


def test_redemption_at_the_minimum_and_at_the_whole_balance(session):
    cid = insert_customer()
    sale(session, cid, 30_000)
    assert sale(session, cid, 500, redeem=100).points_value_cents == 500  # worth exactly the sale
    assert sale(session, cid, 5000, redeem=200).points_balance == 40  # the whole balance; 40.00 paid earns 40


def test_redeeming_needs_a_customer_and_an_active_programme(session):
    cid = insert_customer()
    sale(session, cid, 30_000)
    before = counts()
    with pytest.raises(ValidationError, match="need a customer"):
        sale(session, None, 5000, redeem=100)
    with pytest.raises(ValidationError, match="need a customer"):
        purchases.walk_in(
            session,
            CustomerInput(first_name="Alan"),
            PurchaseInput(customer_id=None, amount_cents=5000, redeem_points=100),
        )
    set_rules(session, enabled=False)
    before = counts()
    with pytest.raises(ValidationError, match="switched off"):
        sale(session, cid, 5000, redeem=100)
    assert counts() == before
    assert sale(session, cid, 5000).points_earned == 0  # and nothing is earned while it is off


def test_walk_in_with_redemption_is_one_transaction(session, monkeypatch):
    cid = insert_customer()
    sale(session, cid, 30_000)
    before = counts()

    def broken(*args, **kwargs):
        assert entries(cid)[-1].kind == "redeem"  # the redemption was written before the failure
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(loyalty, "earn", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        purchases.walk_in(session, None, PurchaseInput(customer_id=cid, amount_cents=2000, redeem_points=200))
    assert counts() == before and balance(cid) == 300
    assert integrity.run_check().ok


def test_voiding_a_sale_with_redemption_gives_the_points_back(session):
    cid = insert_customer()
    sale(session, cid, 30_000)
    pid = sale(session, cid, 2000, redeem=200).purchase_id
    purchases.void(session, pid, "Wrong customer")
    assert balance(cid) == 300
    returned, taken = entries(cid, "void_reversal")
    assert (returned.points, taken.points) == (200, -10)
    ledger_is_consistent([cid])
    assert integrity.run_check().ok


# --- tiers -----------------------------------------------------------------------------------------------


def test_tier_threshold_both_sides_and_the_multiplier(session, clock):
    below, at = insert_customer(), insert_customer(first_name="Bo")
    assert sale(session, below, 49_999).tier == "Bronze"
    result = sale(session, at, 50_000)
    assert (result.tier, result.points_earned) == ("Silver", 500)  # the sale that lifts earns at the old rate
    clock.advance(days=1)
    assert sale(session, below, 1000).points_earned == 10  # Bronze x1 (and now over the threshold)
    assert sale(session, at, 1000).points_earned == 12  # Silver x1.25 = 12.5, rounded down
    assert loyalty.tier_for(below) == loyalty.tier_for(at) == "Silver"
    assert tier_moves(at) == [(None, "Silver")]
    assert tier_moves(below) == [(None, "Bronze"), ("Bronze", "Silver")]


def test_tier_moves_are_audited_on_voids_and_when_spend_leaves_the_window(session, clock):
    cid = insert_customer()
    sale(session, cid, 100_000)
    clock.advance(days=30)
    big = sale(session, cid, 60_000).purchase_id
    assert loyalty.tier_for(cid) == "Gold"
    purchases.void(session, big, "Rung up twice")
    assert loyalty.tier_for(cid) == "Silver"
    audit = AuditEntry.get(AuditEntry.action == "void", AuditEntry.entity_id == big)
    assert json.loads(audit.after)["tier"] == "Silver"
    clock.advance(days=334)  # 14 June 2027: the first sale is still in the trailing 12 months
    loyalty.run_daily(session)
    assert loyalty.tier_for(cid) == "Silver"
    clock.advance(days=1)  # its anniversary: it has left the window
    assert loyalty.run_daily(session).tier_changes == 1
    assert loyalty.tier_for(cid) is None  # nothing spent in the last 12 months
    assert loyalty.run_daily(session).tier_changes == 0
    assert tier_moves(cid) == [(None, "Silver"), ("Silver", "Gold"), ("Gold", "Silver"), ("Silver", None)]


def test_switching_the_tier_basis_recomputes_everyone_and_audits_the_moves(session):
    spender, saver = insert_customer(), insert_customer(first_name="Bo")
    sale(session, spender, 60_000)  # Silver by spend, 600 points
    sale(session, saver, 20_000)
    with database.atomic():  # many points from a bonus: counts for lifetime points
        loyalty.adjust(session, saver, 5000, "Moved from the old card system")
    tiers = (Tier("Member", 0, 100), Tier("Star", 1000, 200))
    set_rules(session, tier_basis="lifetime_points", tiers=tiers)
    assert (loyalty.tier_for(spender), loyalty.tier_for(saver)) == (
        "Member",
        "Member",
    )  # adjustments don't count
    set_rules(session, tiers=(Tier("Member", 0, 100), Tier("Star", 600, 200)))
    assert loyalty.tier_for(spender) == "Star"
    assert sale(session, spender, 1000).points_earned == 20  # x2
    assert tier_moves(spender)[-2:] == [("Silver", "Member"), ("Member", "Star")]
    set_rules(session, tier_basis="spend_12m", tiers=loyalty.LoyaltyRules().tiers)
    assert (loyalty.tier_for(spender), loyalty.tier_for(saver)) == ("Silver", "Bronze")


def test_spend_uses_the_covering_index(db):
    plan = " ".join(
        str(row[-1])
        for row in database.execute_sql(f"EXPLAIN QUERY PLAN {loyalty_tiers.SPEND_SQL}", (1, "2026-01-01"))
    )
    assert "USING COVERING INDEX purchase_customer_id_business_date_total_cents_voided_at" in plan
