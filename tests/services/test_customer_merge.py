"""Merging two customers: history moves, chosen fields win, caches match `check`, the merged record stays."""

from __future__ import annotations

import json

import pytest

from crm_desktop.db.models import AuditEntry, Customer, FollowUp, Interaction, LoyaltyEntry, Purchase
from crm_desktop.services import customers, integrity, purchases
from crm_desktop.services.errors import ServiceError, ValidationError
from crm_desktop.services.purchases import PurchaseInput
from tests.factories import make_customer


def _sale(session, customer_id: int, cents: int) -> int:
    return purchases.log_purchase(
        session, PurchaseInput(customer_id=customer_id, amount_cents=cents)
    ).purchase_id


def _bonus(session, customer_id: int, points: int, occasion: str) -> None:
    """A one-off ledger entry with an occasion, written as the loyalty service would."""
    balance = Customer.get_by_id(customer_id).points_balance + points
    LoyaltyEntry.create(
        customer=customer_id, kind="birthday_bonus", points=points, balance_after=balance,
        occasion=occasion, created_at=session.clock.now(),
    )  # fmt: skip
    Customer.update(points_balance=balance).where(Customer.id == customer_id).execute()


@pytest.fixture
def pair(session, clock):
    keep = make_customer(
        session, email="ada@example.com", phone="07911 123456", tags=("VIP",), card_number="111",
        birth_day=10, birth_month=12, city="Bristol",
    )  # fmt: skip
    clock.advance(days=1)
    gone = make_customer(
        session, first_name="Ada B.", email="ada.b@example.com", phone="07911 654321", tags=("vip", "student"),
        card_number="222", birth_day=11, birth_month=12, birth_year=1990, email_consent=True, city="Bath",
    )  # fmt: skip
    _sale(session, keep.id, 12_00)
    clock.advance(days=1)
    _sale(session, gone.id, 30_00)
    clock.advance(days=1)
    voided = _sale(session, gone.id, 5_00)
    purchases.void(session, voided, "typo")
    Interaction.create(customer=gone.id, kind="note", body="likes tea", occurred_at=clock.now())
    FollowUp.create(customer=gone.id, title="Call back", due_date="2026-06-20", created_at=clock.now())
    return keep, gone


def test_merge_moves_history_and_recomputes_caches(session, clock, pair):
    keep, gone = pair
    gone_purchases = Purchase.select().where(Purchase.customer == gone.id).count()
    gone_entries = LoyaltyEntry.select().where(LoyaltyEntry.customer == gone.id).count()
    merged = customers.merge(session, keep.id, gone.id)

    assert Purchase.select().where(Purchase.customer == gone.id).count() == 0
    assert Purchase.select().where(Purchase.customer == keep.id).count() == 1 + gone_purchases
    assert LoyaltyEntry.select().where(LoyaltyEntry.customer == gone.id).count() == 0
    assert LoyaltyEntry.select().where(LoyaltyEntry.customer == keep.id).count() >= 1 + gone_entries
    assert Interaction.get().customer_id == keep.id and FollowUp.get().customer_id == keep.id
    assert (merged.visits, merged.total_spent_cents, merged.points_balance) == (2, 42_00, 42)
    assert (
        merged.first_visit_date.isoformat() == "2026-06-16"
        and merged.last_visit_date.isoformat() == "2026-06-17"
    )
    assert merged.tags == ("student", "VIP")
    # Unchosen fields keep the survivor's values.
    assert (merged.email, merged.card_number, merged.city, merged.birth_day) == (
        "ada@example.com",
        "111",
        "Bristol",
        10,
    )

    old = customers.get(gone.id)
    assert old.archived_at == clock.now() and old.merged_into_id == keep.id
    assert (old.visits, old.points_balance, old.tags) == (0, 0, ())
    assert integrity.run_check().ok, integrity.run_check().problems


def test_chosen_fields_win(session, pair):
    keep, gone = pair
    merged = customers.merge(
        session,
        keep.id,
        gone.id,
        take_from_merged=("first_name", "email", "card_number", "birth_year", "email_consent"),
    )
    assert merged.first_name == "Ada B." and merged.email == "ada.b@example.com"
    assert merged.card_number == "222" and Customer.get_by_id(gone.id).card_number is None
    assert (merged.birth_day, merged.birth_month, merged.birth_year) == (11, 12, 1990)  # the whole birthday
    assert merged.email_consent and merged.email_consent_at == gone.email_consent_at
    assert merged.phone == keep.phone and merged.city == "Bristol"
    assert integrity.run_check().ok


def test_merge_is_audited_on_both_records(session, pair):
    keep, gone = pair
    customers.merge(session, keep.id, gone.id, take_from_merged=("city",))
    survivor = AuditEntry.get((AuditEntry.action == "merge") & (AuditEntry.entity_id == keep.id))
    after = json.loads(survivor.after)
    assert json.loads(survivor.before) == {"city": "Bristol", "tags": ["VIP"]}
    assert after["city"] == "Bath" and after["merged_from"] == gone.id
    assert after["moved"] == {"purchases": 2, "loyalty_entries": 3, "interactions": 1, "follow_ups": 1}
    other = AuditEntry.get((AuditEntry.action == "merge") & (AuditEntry.entity_id == gone.id))
    assert json.loads(other.after)["merged_into"] == keep.id


def test_clashing_occasion_entries_stay_and_points_follow(session, pair):
    keep, gone = pair
    _bonus(session, keep.id, 10, "birthday:2026")
    _bonus(session, gone.id, 15, "birthday:2026")
    _bonus(session, gone.id, 5, "birthday:2025")
    merged = customers.merge(session, keep.id, gone.id)
    assert merged.points_balance == 12 + 30 + 10 + 15 + 5
    stayed = LoyaltyEntry.select().where(LoyaltyEntry.customer == gone.id).order_by(LoyaltyEntry.id)
    assert [(e.kind, e.points, e.balance_after) for e in stayed] == [
        ("birthday_bonus", 15, 45),
        ("adjust", -15, 0),
    ]
    last = (
        LoyaltyEntry.select().where(LoyaltyEntry.customer == keep.id).order_by(LoyaltyEntry.id.desc()).get()
    )
    assert (last.kind, last.points, last.balance_after) == ("adjust", 15, merged.points_balance)
    assert integrity.run_check().ok, integrity.run_check().problems


def test_earlier_merges_follow_the_chain(session, pair):
    keep, gone = pair
    third = make_customer(session, first_name="Third")
    customers.merge(session, gone.id, third.id)
    customers.merge(session, keep.id, gone.id)
    assert Customer.get_by_id(third.id).merged_into_id == keep.id


def test_refusals_change_nothing(session, pair):
    keep, gone = pair
    count = AuditEntry.select().count()
    with pytest.raises(ServiceError):
        customers.merge(session, keep.id, keep.id)
    with pytest.raises(ValueError):
        customers.merge(session, keep.id, gone.id, take_from_merged=("points_balance",))
    customers.archive(session, keep.id)
    with pytest.raises(ServiceError):
        customers.merge(session, keep.id, gone.id)
    customers.restore(session, keep.id)
    # A chosen value that fails today's validation rolls everything back, card swap included.
    Customer.update(email="broken").where(Customer.id == gone.id).execute()
    with pytest.raises(ValidationError) as err:
        customers.merge(session, keep.id, gone.id, take_from_merged=("email", "card_number"))
    assert err.value.field == "Email"
    assert (
        Customer.get_by_id(gone.id).card_number == "222"
        and Customer.get_by_id(gone.id).merged_into_id is None
    )
    assert Purchase.select().where(Purchase.customer == gone.id).count() == 2
    assert AuditEntry.select().count() == count + 2  # the archive and restore only


def test_merge_preview_counts_what_moves_and_changes_nothing(session, pair):
    keep, gone = pair
    gone_points = Customer.get_by_id(gone.id).points_balance
    preview = customers.merge_preview(keep.id, gone.id)

    assert (preview.purchases, preview.interactions, preview.follow_ups) == (2, 1, 1)
    assert preview.points == gone_points == 30
    assert preview.loyalty_entries == LoyaltyEntry.select().where(LoyaltyEntry.customer == gone.id).count()
    assert preview.tags == ("student", "VIP")
    assert Purchase.select().where(Purchase.customer == gone.id).count() == 2  # nothing moved
    merged = customers.merge(session, keep.id, gone.id)
    assert merged.points_balance == Customer.get_by_id(keep.id).points_balance == 12 + preview.points
    assert merged.tags == preview.tags
