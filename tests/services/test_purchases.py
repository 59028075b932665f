"""Logging sales at the counter: amounts, lines, stats, points, anonymous sales, walk-ins."""

import dataclasses
import datetime as dt
import json

import pytest

from crm_desktop.clock import FixedClock
from crm_desktop.db.models import AuditEntry, Customer, LoyaltyEntry, Purchase, PurchaseItem
from crm_desktop.services import integrity, loyalty, products, purchases, settings
from crm_desktop.services.customers import CustomerInput
from crm_desktop.services.errors import ValidationError
from crm_desktop.services.products import ProductInput
from crm_desktop.services.purchases import LineInput, PurchaseInput
from crm_desktop.services.session import Session
from tests.services.sales_helpers import customer, insert_customer


def _locale(session, locale: str) -> None:
    settings.save_shop_profile(session, dataclasses.replace(settings.shop_profile(), locale=locale))


def _counts() -> tuple[int, ...]:
    return tuple(m.select().count() for m in (Customer, Purchase, PurchaseItem, LoyaltyEntry, AuditEntry))


# --- amounts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "text", "cents"),
    [
        ("en_GB", "12.50", 1250),
        ("en_GB", "12,50", 1250),
        ("en_GB", "£12.5", 1250),
        ("en_GB", "1,250", 125000),  # ambiguous: English groups thousands with a comma
        ("en_GB", "1,250.00", 125000),
        ("de_DE", "12,50", 1250),
        ("de_DE", "12.50", 1250),
        ("de_DE", "1.250", 125000),  # ambiguous: German groups thousands with a dot
        ("de_DE", "1.250,00 €", 125000),
        ("de_DE", "7", 700),
    ],
)
def test_parse_amount_follows_the_shop_locale(session, locale, text, cents):
    _locale(session, locale)
    assert purchases.parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is required"),
        ("   ", "is required"),
        ("twelve", "not an amount"),
        ("12a", "not an amount"),
        ("-5", "negative"),
        ("0", "more than zero"),
        ("0.00", "more than zero"),
        ("10000.01", "more than"),
        ("1.234", "decimal places"),
    ],
)
@pytest.mark.parametrize("field", ["Amount", "Line 2: Unit price"])
def test_parse_amount_refusals_name_the_field(session, text, message, field):
    with pytest.raises(ValidationError, match=message) as err:
        purchases.parse_amount(text, field)
    assert err.value.field == field


def test_zero_and_the_maximum_come_from_settings(session):
    assert purchases.parse_amount("10000.00") == 1_000_000
    settings.set_value(session, purchases.ALLOW_ZERO_KEY, True)
    settings.set_value(session, purchases.MAX_AMOUNT_KEY, 5000)
    assert purchases.parse_amount("0") == 0
    with pytest.raises(ValidationError, match=r"more than €50\.00"):
        purchases.parse_amount("50.01")
    result = purchases.log_purchase(session, PurchaseInput(customer_id=None, amount_cents=0))
    assert Purchase.get_by_id(result.purchase_id).total_cents == 0


# --- refusals --------------------------------------------------------------------------------------------

PRICED = LineInput("Tea", quantity=2, unit_price_cents=300)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (PurchaseInput(customer_id=None), "Amount"),
        (PurchaseInput(customer_id=None, amount_cents=-100), "Amount"),
        (PurchaseInput(customer_id=None, amount_cents=0), "Amount"),
        (PurchaseInput(customer_id=None, amount_cents=1_000_001), "Amount"),
        (PurchaseInput(customer_id=None, amount_cents=100, payment_method="gold"), "Payment method"),
        (PurchaseInput(customer_id=None, amount_cents=100, note="x" * 2001), "Note"),
        (PurchaseInput(customer_id=None, amount_cents=601, lines=(PRICED,)), "Amount"),
        (PurchaseInput(customer_id=None, lines=(PRICED, LineInput("Cake", quantity=0))), "Line 2: Quantity"),
        (PurchaseInput(customer_id=None, lines=(PRICED, LineInput("Cake", 1, -5))), "Line 2: Unit price"),
        (PurchaseInput(customer_id=None, lines=(PRICED, LineInput("Cake", 1, 0))), "Line 2: Unit price"),
        (PurchaseInput(customer_id=None, lines=(PRICED, LineInput("Cake", 1, 10**7))), "Line 2: Unit price"),
        (PurchaseInput(customer_id=None, lines=(PRICED, LineInput("Cake", 2, 100, 201))), "Line 2: Discount"),
        (PurchaseInput(customer_id=None, lines=(PRICED, LineInput("Cake", 1, 100, -1))), "Line 2: Discount"),
        (PurchaseInput(customer_id=None, lines=(PRICED, LineInput("  ", 1, 100))), "Line 2: Description"),
        (PurchaseInput(customer_id=None, lines=(LineInput("X", 1, 100, product_id=99),)), "Line 1: Product"),
        (PurchaseInput(customer_id=None, lines=(LineInput("Tea", 1, 600, 600),)), "Total"),
        (PurchaseInput(customer_id=None, lines=(LineInput("Tea", 201, 5000),)), "Total"),
        (PurchaseInput(customer_id=999, amount_cents=100), "Customer"),
    ],
)
def test_refusals_name_the_field_and_change_nothing(session, data, field):
    before = _counts()
    with pytest.raises(ValidationError) as err:
        purchases.log_purchase(session, data)
    assert err.value.field == field
    assert _counts() == before


def test_archived_customer_is_refused(session):
    cid = insert_customer(archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(ValidationError, match="archived") as err:
        purchases.log_purchase(session, PurchaseInput(customer_id=cid, amount_cents=100))
    assert err.value.field == "Customer" and Purchase.select().count() == 0


# --- what a sale writes ----------------------------------------------------------------------------------


def test_amount_sale_updates_stats_points_ledger_and_audit(session, clock):
    cid = insert_customer(first_name="Grace", last_name="Hopper")
    result = purchases.log_purchase(
        session, PurchaseInput(customer_id=cid, amount_cents=1299, payment_method="card", note=" gift ")
    )
    assert result == purchases.PurchaseResult(
        purchase_id=result.purchase_id,
        customer_id=cid,
        customer_name="Grace Hopper",
        total_cents=1299,
        points_earned=12,
        points_balance=12,
        visits=1,
        tier="Bronze",
    )
    p = Purchase.get_by_id(result.purchase_id)
    assert (p.total_cents, p.payment_method, p.note, p.staff_id) == (
        1299,
        "card",
        "gift",
        session.actor.staff_id,
    )
    assert p.occurred_at == clock.now() and p.business_date == dt.date(2026, 6, 15)
    c = customer(cid)
    assert (c.visits, c.total_spent_cents, c.points_balance) == (1, 1299, 12)
    assert c.first_visit_date == c.last_visit_date == dt.date(2026, 6, 15)
    (entry,) = LoyaltyEntry.select()
    assert (entry.kind, entry.points, entry.balance_after, entry.purchase_id) == ("earn", 12, 12, p.id)
    assert entry.staff_id == session.actor.staff_id
    audit = AuditEntry.get((AuditEntry.entity == "purchase") & (AuditEntry.action == "create"))
    assert audit.entity_id == p.id and json.loads(audit.after)["total_cents"] == 1299
    assert integrity.run_check().ok


def test_repeat_visits_move_stats_incrementally_and_match_the_check(session, clock):
    cid = insert_customer()
    for amount, days in ((1000, 0), (550, 3), (99, 30)):
        clock.advance(days=days)
        result = purchases.log_purchase(session, PurchaseInput(customer_id=cid, amount_cents=amount))
    c = customer(cid)
    assert (c.visits, c.total_spent_cents, c.points_balance) == (3, 1649, 15)
    assert (c.first_visit_date, c.last_visit_date) == (dt.date(2026, 6, 15), dt.date(2026, 7, 18))
    assert result.points_earned == 0 and result.points_balance == 15 and result.visits == 3
    assert [e.balance_after for e in LoyaltyEntry.select().order_by(LoyaltyEntry.id)] == [10, 15]
    assert integrity.run_check().ok


def test_line_items_totals_discounts_and_descriptions_from_products(session):
    cake = products.create(session, ProductInput(name="Cheesecake", price_cents=450))
    cid = insert_customer()
    result = purchases.log_purchase(
        session,
        PurchaseInput(
            customer_id=cid,
            lines=(
                LineInput("", quantity=3, unit_price_cents=450, discount_cents=150, product_id=cake.id),
                LineInput(" Flat  white ", quantity=1, unit_price_cents=320),
            ),
        ),
    )
    assert result.total_cents == 1200 + 320 and result.points_earned == 15
    p = Purchase.get_by_id(result.purchase_id)
    assert (p.total_cents, p.discount_cents) == (1520, 150)
    items = [
        (i.description, i.quantity, i.unit_price_cents, i.discount_cents, i.line_total_cents, i.product_id)
        for i in p.items.order_by(PurchaseItem.id)
    ]
    assert items == [("Cheesecake", 3, 450, 150, 1200, cake.id), ("Flat white", 1, 320, 0, 320, None)]
    assert integrity.run_check().ok


def test_products_that_earn_no_points_are_left_out(session):
    voucher = products.create(
        session, ProductInput(name="Gift voucher", price_cents=5000, earns_points=False)
    )
    cid = insert_customer()
    result = purchases.log_purchase(
        session,
        PurchaseInput(
            customer_id=cid,
            lines=(LineInput("", 1, 5000, product_id=voucher.id), LineInput("Candle", 1, 1999)),
        ),
    )
    assert result.total_cents == 6999 and result.points_earned == 19
    assert customer(cid).total_spent_cents == 6999  # spend counts everything, points only what earns them


def test_points_rule_is_floor_of_eligible_currency_units():
    line = purchases._Line("x", 1, 250, 0, None, True)
    no_points = purchases._Line("v", 1, 1000, 0, None, False)
    rules = loyalty.LoyaltyRules()
    assert loyalty.points_for(1999, rules=rules) == 19
    assert loyalty.points_for(99, rules=rules) == 0
    assert loyalty.points_for(1250, (line, no_points), rules=rules) == 2


def test_anonymous_sale_has_no_points_or_stats(session):
    cid = insert_customer()
    result = purchases.log_purchase(session, PurchaseInput(customer_id=None, amount_cents=2500))
    assert (result.customer_id, result.customer_name, result.points_earned) == (None, "", 0)
    assert result.points_balance is None and result.visits is None
    assert Purchase.get_by_id(result.purchase_id).customer_id is None
    assert LoyaltyEntry.select().count() == 0
    assert customer(cid).visits == 0
    assert integrity.run_check().ok


def test_business_date_is_the_shop_local_date_near_midnight(db):
    from crm_desktop.services.staff import owner_actor

    clock = FixedClock.at("2026-12-31T23:30:00", "Europe/Berlin")
    assert clock.now() == dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC)
    session = Session(owner_actor(clock), clock)
    cid = insert_customer()
    result = purchases.log_purchase(session, PurchaseInput(customer_id=cid, amount_cents=100))
    assert Purchase.get_by_id(result.purchase_id).business_date == dt.date(2026, 12, 31)
    clock.advance(minutes=45)  # 00:15 on 1 January in Berlin, still 31 December in UTC
    result = purchases.log_purchase(session, PurchaseInput(customer_id=cid, amount_cents=100))
    assert Purchase.get_by_id(result.purchase_id).business_date == dt.date(2027, 1, 1)
    assert customer(cid).last_visit_date == dt.date(2027, 1, 1)


# --- walk-in: a new customer and their purchase, all or nothing -------------------------------------------


def test_walk_in_creates_the_customer_and_the_purchase(session):
    new = CustomerInput(first_name="Alan", last_name="Turing")
    result = purchases.walk_in(session, new, PurchaseInput(customer_id=None, amount_cents=1050))
    assert result.customer_name == "Alan Turing" and result.points_balance == 10 and result.visits == 1
    c = customer(result.customer_id)
    assert (c.first_name, c.visits, c.total_spent_cents, c.points_balance) == ("Alan", 1, 1050, 10)
    assert integrity.run_check().ok


def test_walk_in_is_one_transaction(session, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(loyalty, "earn", broken)
    before = _counts()
    new = CustomerInput(first_name="Alan", last_name="Turing")
    with pytest.raises(RuntimeError, match="disk on fire"):
        purchases.walk_in(session, new, PurchaseInput(customer_id=None, amount_cents=1050))
    assert _counts() == before  # no customer, purchase, ledger entry or audit entry remains
    assert integrity.run_check().ok


def test_walk_in_refuses_a_bad_sale_before_creating_anybody(session):
    before = _counts()
    new = CustomerInput(first_name="Alan")
    with pytest.raises(ValidationError) as err:
        purchases.walk_in(session, new, PurchaseInput(customer_id=None, amount_cents=-1))
    assert err.value.field == "Amount" and _counts() == before


def test_walk_in_without_a_new_customer_logs_for_the_given_one(session):
    cid = insert_customer()
    result = purchases.walk_in(session, None, PurchaseInput(customer_id=cid, amount_cents=300))
    assert result.customer_id == cid and result.points_balance == 3


def test_walk_in_with_an_invalid_customer_writes_nothing(session):
    before = _counts()
    with pytest.raises(ValidationError) as err:
        purchases.walk_in(session, CustomerInput(), PurchaseInput(customer_id=None, amount_cents=500))
    assert err.value.field == "Name" and _counts() == before


def test_validate_line_names_the_line_and_field_without_writing(session):
    before = _counts()
    purchases.validate_line(LineInput("Mug", quantity=2, unit_price_cents=450), 1)
    with pytest.raises(ValidationError) as error:
        purchases.validate_line(LineInput("Mug", quantity=1, unit_price_cents=450, discount_cents=500), 3)
    assert error.value.field == "Line 3: Discount"
    with pytest.raises(ValidationError) as error:
        purchases.validate_line(LineInput("", quantity=1, unit_price_cents=450), 2)
    assert error.value.field == "Line 2: Description"
    assert _counts() == before
