"""The customer profile: header figures, birthdays, purchases with items, ledger, interactions, follow-ups."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from playhouse.test_utils import count_queries

from crm_desktop.db.models import AuditEntry, FollowUp, Interaction
from crm_desktop.services import profile, purchases
from crm_desktop.services.errors import NotFoundError, ValidationError
from crm_desktop.services.purchases import LineInput, PurchaseInput
from tests.factories import make_customer

TODAY = dt.date(2026, 6, 15)


def _sale(session, customer_id, *lines, amount=None):
    data = PurchaseInput(customer_id=customer_id, amount_cents=amount, lines=tuple(lines))
    return purchases.log_purchase(session, data).purchase_id


@pytest.mark.parametrize(
    ("month", "day", "today", "days"),
    [
        (6, 15, TODAY, 0),
        (6, 16, TODAY, 1),
        (6, 14, TODAY, 364),
        (1, 2, dt.date(2026, 12, 30), 3),  # across the year end
        (12, 29, dt.date(2026, 12, 30), 364),
        (2, 29, dt.date(2027, 2, 27), 1),  # celebrated on 28 Feb outside leap years
        (2, 29, dt.date(2027, 2, 28), 0),
        (2, 29, dt.date(2027, 3, 1), 365),  # next: 29 Feb 2028
        (2, 29, dt.date(2028, 2, 28), 1),
        (3, 1, dt.date(2028, 2, 28), 2),
    ],
)
def test_days_until_birthday(month, day, today, days):
    assert profile.days_until_birthday(month, day, today) == days


@pytest.mark.parametrize(
    ("year", "month", "day", "today", "age"),
    [
        (1990, 6, 16, TODAY, 35),
        (1990, 6, 15, TODAY, 36),
        (None, 6, 15, TODAY, None),
        (2000, 2, 29, dt.date(2027, 2, 27), 26),
        (2000, 2, 29, dt.date(2027, 2, 28), 27),
        (2000, 2, 29, dt.date(2028, 2, 28), 27),
        (2000, 2, 29, dt.date(2028, 2, 29), 28),
    ],
)
def test_age_only_with_a_year(year, month, day, today, age):
    assert profile.age_on(year, month, day, today) == age


def test_average_basket_rounds_half_up():
    assert profile.average_basket(10_00, 3) == 333
    assert profile.average_basket(1_01, 2) == 51
    assert profile.average_basket(0, 0) is None


def test_profile_of_a_customer_with_history(session, clock):
    c = make_customer(
        session, birth_day=2, birth_month=1, tags=("VIP",), email="a@example.com", email_consent=True
    )
    first = _sale(
        session, c.id, LineInput("Flat white", 2, 340), LineInput("Croissant", 1, 250, discount_cents=50)
    )
    clock.advance(days=1)
    voided = _sale(session, c.id, amount=5_00)
    purchases.void(session, voided, "wrong customer")
    clock.advance(days=1)
    last = _sale(session, c.id, amount=20_00)
    note = profile.add_interaction(session, c.id, "note", "  Prefers oat milk ")
    clock.advance(hours=1)
    profile.add_interaction(session, c.id, "call", "")
    FollowUp.create(
        customer=c.id, title="Done one", due_date="2026-06-01", status="done", created_at=clock.now()
    )
    FollowUp.create(customer=c.id, title="Later", due_date="2026-07-01", created_at=clock.now())
    FollowUp.create(customer=c.id, title="Sooner", due_date="2026-06-20", created_at=clock.now())

    p = profile.profile(c.id, TODAY)
    assert p.customer.id == c.id and p.customer.tags == ("VIP",) and p.customer.email_consent
    assert (p.customer.visits, p.customer.total_spent_cents) == (2, 28_80)
    assert p.average_basket_cents == 14_40
    assert p.birthday_in_days == 201 and p.age is None
    assert [s.id for s in p.purchases] == [last, voided, first]
    assert p.purchases[1].voided and p.purchases[1].void_reason == "wrong customer"
    assert p.purchases[2].items == (
        profile.PurchaseLine("Flat white", 2, 340, 0, 680),
        profile.PurchaseLine("Croissant", 1, 250, 50, 200),
    )
    assert p.purchases[2].points_earned == 8 and p.purchases[0].points_earned == 20
    assert p.purchases[0].staff_name == "Owner" and p.purchases[0].items == ()
    assert [(e.kind, e.points, e.balance_after) for e in p.ledger] == [
        ("earn", 20, 28), ("void_reversal", -5, 8), ("earn", 5, 13), ("earn", 8, 8)
    ]  # fmt: skip
    assert [(i.kind, i.body, i.staff_name) for i in p.interactions] == [
        ("call", "", "Owner"), ("note", "Prefers oat milk", "Owner")
    ]  # fmt: skip
    assert p.interactions[1].id == note.id and note.occurred_at == p.interactions[1].occurred_at
    assert [f.title for f in p.follow_ups] == ["Sooner", "Later", "Done one"]


def test_profile_limit_and_constant_query_count(session):
    c = make_customer(session)
    _sale(session, c.id, LineInput("Tea", 1, 300))
    with count_queries() as few:
        profile.profile(c.id, TODAY)
    for _ in range(6):
        _sale(session, c.id, LineInput("Tea", 1, 300), LineInput("Cake", 1, 400))
    with count_queries() as many:
        p = profile.profile(c.id, TODAY, limit=4)
    assert many.count == few.count
    assert len(p.purchases) == 4 and len(p.ledger) == 4
    assert all(len(s.items) == 2 for s in p.purchases)


def test_profile_of_a_new_customer(session):
    c = make_customer(session, birth_day=29, birth_month=2, birth_year=2000)
    p = profile.profile(c.id, dt.date(2027, 2, 28))
    assert (p.average_basket_cents, p.birthday_in_days, p.age) == (None, 0, 27)
    assert p.purchases == p.ledger == p.interactions == p.follow_ups == ()


def test_unknown_customer(db):
    with pytest.raises(NotFoundError):
        profile.profile(404, TODAY)


@pytest.mark.parametrize(
    ("kind", "body", "field"),
    [
        ("gossip", "x", "Kind"),
        ("note", "  ", "Note"),
        ("complaint", "", "Note"),
        ("note", "x" * 20_001, "Note"),
    ],
)
def test_add_interaction_validation(session, kind, body, field):
    c = make_customer(session)
    count = AuditEntry.select().count()
    with pytest.raises(ValidationError) as err:
        profile.add_interaction(session, c.id, kind, body)
    assert err.value.field == field
    assert Interaction.select().count() == 0 and AuditEntry.select().count() == count


def test_add_interaction_is_audited(session):
    c = make_customer(session)
    line = profile.add_interaction(session, c.id, "feedback", "Loved the new blend")
    row = Interaction.get_by_id(line.id)
    assert (row.customer_id, row.kind, row.staff_id) == (c.id, "feedback", session.actor.staff_id)
    entry = AuditEntry.get(AuditEntry.entity == "interaction")
    assert entry.entity_id == line.id and json.loads(entry.after)["body"] == "Loved the new blend"
    with pytest.raises(NotFoundError):
        profile.add_interaction(session, 999, "note", "nobody")


def test_ledger_running_balance_counts_back_from_todays_balance(session, clock):
    from crm_desktop.services import customers

    keep, gone = make_customer(session), make_customer(session, first_name="Ada B.")
    _sale(session, keep.id, amount=12_00)
    clock.advance(hours=1)
    _sale(session, gone.id, amount=30_00)
    customers.merge(session, keep.id, gone.id)
    clock.advance(hours=1)
    _sale(session, keep.id, amount=5_00)

    ledger = profile.profile(keep.id, TODAY).ledger
    assert [(e.points, e.balance_after) for e in ledger] == [(5, 47), (30, 30), (12, 12)]  # moved: history
    assert [e.running_balance for e in ledger] == [47, 42, 12]
    assert ledger[0].running_balance == customers.get(keep.id).points_balance
