"""The loyalty rules: earning maths at every boundary, redemption maths, validation, saving and history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from crm_desktop.db.models import AuditEntry, LoyaltyEntry
from crm_desktop.services import loyalty, products, purchases
from crm_desktop.services.errors import PermissionDenied, ValidationError
from crm_desktop.services.loyalty import LoyaltyRules, Tier
from crm_desktop.services.loyalty_rules import add_months, redeemable_points
from crm_desktop.services.products import ProductInput
from crm_desktop.services.purchases import LineInput, PurchaseInput
from crm_desktop.services.session import Actor, Session
from tests.services.loyalty_helpers import entries, sale, set_rules
from tests.services.sales_helpers import insert_customer

RULES = LoyaltyRules()


@dataclasses.dataclass(frozen=True)
class Line:
    line_total_cents: int
    earns_points: bool = True
    category: str = ""


# --- earning ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "cents", "points"),
    [
        ("down", 1999, 19),
        ("down", 100, 1),
        ("down", 99, 0),
        ("nearest", 1949, 19),
        ("nearest", 1950, 20),  # halves go up
        ("nearest", 49, 0),
        ("nearest", 50, 1),
        ("up", 1900, 19),
        ("up", 1901, 20),
        ("up", 1, 1),
    ],
)
def test_rounding_modes(mode, cents, points):
    assert loyalty.points_for(cents, rules=dataclasses.replace(RULES, rounding=mode)) == points


@pytest.mark.parametrize(("mode", "points"), [("down", 29), ("nearest", 30), ("up", 30)])
def test_the_tier_multiplier_is_applied_before_the_one_rounding(mode, points):
    rules = dataclasses.replace(RULES, rounding=mode)
    assert loyalty.points_for(1999, tier="Gold", rules=rules) == points  # 19.99 x 1.5 = 29.985
    assert loyalty.points_for(1999, tier="Silver", rules=rules) == {"down": 24, "nearest": 25, "up": 25}[mode]
    assert loyalty.points_for(1999, tier="Gone", rules=rules) == loyalty.points_for(1999, rules=rules)


def test_rate_is_points_per_amount():
    rules = dataclasses.replace(RULES, points_per_unit=3, unit_cents=250)  # 3 points per 2.50
    assert loyalty.points_for(1000, rules=rules) == 12
    assert loyalty.points_for(249, rules=rules) == 2  # 2.988 rounded down


def test_minimum_purchase_just_under_and_at():
    rules = dataclasses.replace(RULES, min_purchase_cents=500)
    assert loyalty.points_for(499, rules=rules) == 0
    assert loyalty.points_for(500, rules=rules) == 5


def test_excluded_categories_and_products_earn_nothing():
    rules = dataclasses.replace(RULES, excluded_categories=("Gift cards",))
    lines = (Line(2000), Line(1000, category="gift CARDS"), Line(700, earns_points=False))
    assert loyalty.points_for(3700, lines, rules=rules) == 20
    # money off with points comes off the earning lines first: paid 3200 of which 1500 earns
    assert loyalty.points_for(3200, lines, rules=rules, points_value_cents=500) == 15


def test_switched_off_programme_earns_nothing():
    assert loyalty.points_for(10_000, rules=dataclasses.replace(RULES, enabled=False)) == 0


def test_excluded_category_at_the_counter(session):
    set_rules(session, excluded_categories=("Tobacco",))
    cigars = products.create(session, ProductInput(name="Cigars", category="tobacco", price_cents=3000))
    cid = insert_customer()
    result = purchases.log_purchase(
        session,
        PurchaseInput(
            customer_id=cid, lines=(LineInput("", 1, 3000, product_id=cigars.id), LineInput("Mug", 1, 850))
        ),
    )
    assert result.total_cents == 3850 and result.points_earned == 8


def test_tier_of_thresholds_both_sides():
    assert loyalty.tier_of(0, RULES) is None  # nothing spent: no tier
    assert loyalty.tier_of(1, RULES) == "Bronze"
    assert loyalty.tier_of(49_999, RULES) == "Bronze"
    assert loyalty.tier_of(50_000, RULES) == "Silver"
    assert loyalty.tier_of(149_999, RULES) == "Silver"
    assert loyalty.tier_of(150_000, RULES) == "Gold"
    assert loyalty.tier_of(10**9, dataclasses.replace(RULES, tiers=())) is None
    assert loyalty.tier_of(99, dataclasses.replace(RULES, tiers=(Tier("Club", 100, 110),))) is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 6, 15), 12, dt.date(2027, 6, 15)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2028, 2, 29), 12, dt.date(2029, 2, 28)),
        (dt.date(2026, 12, 15), -12, dt.date(2025, 12, 15)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
    ],
)
def test_add_months_clamps_the_day(day, months, expected):
    assert add_months(day, months) == expected


# --- redemption maths ------------------------------------------------------------------------------------


def test_redemption_value_is_floored_and_proportional():
    assert loyalty.redemption_value_cents(100, RULES) == 500
    assert loyalty.redemption_value_cents(150, RULES) == 750
    odd = dataclasses.replace(RULES, redeem_points=3, redeem_value_cents=100)
    assert loyalty.redemption_value_cents(1, odd) == 33
    assert loyalty.redemption_value_cents(3, odd) == 100


@pytest.mark.parametrize(
    ("balance", "total", "points"),
    [
        (1000, 1234, 246),  # 246 points = 12.30; 247 would be 12.35, more than the sale
        (1000, 100_000, 1000),  # the whole balance
        (99, 10_000, 0),  # under the minimum of 100
        (100, 10_000, 100),  # exactly the minimum
        (1000, 499, 0),  # the minimum is worth 5.00, more than the sale
        (1000, 500, 100),
        (0, 500, 0),
        (1000, 0, 0),
    ],
)
def test_redeemable_points(balance, total, points):
    assert redeemable_points(balance, total, RULES) == points
    if points:
        assert loyalty.redemption_value_cents(points, RULES) <= total


def test_redeemable_points_never_spends_points_for_nothing():
    cheap = dataclasses.replace(RULES, redeem_points=100, redeem_value_cents=1, min_redeem_points=1)
    assert redeemable_points(1000, 5, cheap) == 500  # 599 points would also be worth 0.05
    assert redeemable_points(1000, 5, dataclasses.replace(cheap, min_redeem_points=550)) == 550
    assert redeemable_points(1000, 5, dataclasses.replace(cheap, min_redeem_points=600)) == 0


def test_max_redeemable_reads_the_balance_and_the_rules(session):
    cid = insert_customer()
    sale(session, cid, 30_000)  # 300 points
    assert loyalty.max_redeemable(cid, 1234) == 246
    assert loyalty.max_redeemable(cid, 100_000) == 300
    set_rules(session, min_redeem_points=301)
    assert loyalty.max_redeemable(cid, 100_000) == 0
    set_rules(session, min_redeem_points=100, enabled=False)
    assert loyalty.max_redeemable(cid, 100_000) == 0


# --- validation, saving, history -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"points_per_unit": 0}, "Points per unit"),
        ({"points_per_unit": 1.5}, "Points per unit"),
        ({"points_per_unit": True}, "Points per unit"),
        ({"unit_cents": 0}, "Per amount spent"),
        ({"rounding": "banker"}, "Rounding"),
        ({"min_purchase_cents": -1}, "Minimum purchase"),
        ({"excluded_categories": ("Books", "  ")}, "Excluded categories"),
        ({"tier_basis": "visits"}, "Tier basis"),
        ({"tiers": (Tier("Bronze", 0, 100), Tier(" ", 10, 100))}, "Tiers: row 2 name"),
        ({"tiers": (Tier("Bronze", 0, 100), Tier("bronze", 10, 100))}, "Tiers: row 2 name"),
        ({"tiers": (Tier("Bronze", 100, 100), Tier("Silver", 100, 120))}, "Tiers: row 2 threshold"),
        ({"tiers": (Tier("Bronze", -1, 100),)}, "Tiers: row 1 threshold"),
        ({"tiers": (Tier("Bronze", 0, 99),)}, "Tiers: row 1 multiplier"),
        ({"tiers": (Tier("Bronze", 0, 1001),)}, "Tiers: row 1 multiplier"),
        ({"redeem_points": 0}, "Redeem points"),
        ({"redeem_value_cents": 0}, "Redeem value"),
        ({"min_redeem_points": 0}, "Minimum redemption"),
        ({"expiry_months": 0}, "Expiry"),
        ({"expiry_months": 121}, "Expiry"),
        ({"birthday_bonus_points": -5}, "Birthday bonus"),
        ({"birthday_window_days": 61}, "Birthday window"),
    ],
)
def test_validation_names_the_field_and_saves_nothing(session, changes, field):
    before = AuditEntry.select().count()
    with pytest.raises(ValidationError) as err:
        set_rules(session, **changes)
    assert err.value.field == field
    assert loyalty.rules() == RULES and AuditEntry.select().count() == before


def test_rules_are_saved_tidied_and_audited(session):
    saved = set_rules(
        session,
        points_per_unit=2,
        excluded_categories=(" Gift cards ", "gift cards", "Tobacco"),
        tiers=(Tier(" Member ", 0, 100), Tier("VIP", 100_000, 200)),
        expiry_months=None,
        birthday_bonus_points=50,
    )
    assert saved.excluded_categories == ("Gift cards", "Tobacco")
    assert saved.tiers == (Tier("Member", 0, 100), Tier("VIP", 100_000, 200))
    assert loyalty.rules() == saved
    audit = AuditEntry.get(AuditEntry.entity == "loyalty_rules")
    before, after = json.loads(audit.before), json.loads(audit.after)
    assert set(after) == {
        "points_per_unit",
        "excluded_categories",
        "tiers",
        "expiry_months",
        "birthday_bonus_points",
    }
    assert (before["points_per_unit"], after["points_per_unit"]) == (1, 2)
    assert (before["expiry_months"], after["expiry_months"]) == (12, None)
    assert audit.actor_name == session.actor.name


def test_only_the_owner_changes_the_rules(db, clock):
    manager = Session(Actor(None, "Mia", "manager"), clock)
    with pytest.raises(PermissionDenied):
        loyalty.save_rules(manager, dataclasses.replace(RULES, points_per_unit=5))
    assert loyalty.rules() == RULES


def test_a_rule_change_never_rewrites_past_entries(session, clock):
    cid = insert_customer()
    sale(session, cid, 2000)
    (first,) = entries(cid)
    assert (first.points, first.expires_on) == (20, dt.date(2027, 6, 15))
    set_rules(session, points_per_unit=2, expiry_months=6)
    clock.advance(days=1)
    sale(session, cid, 2000)
    set_rules(session, expiry_months=None)
    sale(session, cid, 2000)
    old, changed, never = entries(cid)
    assert (old.points, old.expires_on, old.balance_after) == (20, dt.date(2027, 6, 15), 20)
    assert (changed.points, changed.expires_on) == (40, dt.date(2026, 12, 16))
    assert (never.points, never.expires_on) == (40, None)
    assert LoyaltyEntry.select().count() == 3
