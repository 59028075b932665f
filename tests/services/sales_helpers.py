"""Small factories for the counter-flow tests (customers made directly, so these tests stand alone)."""

from __future__ import annotations

import datetime as dt

from crm_desktop.db.models import Customer, LoyaltyEntry, database

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def insert_customer(**overrides) -> int:
    """A customer row written directly (no validation, any column), unlike tests.factories.make_customer."""
    fields = dict(first_name="Ada", last_name="Lovelace", created_at=NOW, updated_at=NOW)
    return Customer.create(**{**fields, **overrides}).id


def spend(customer_id: int, points: int) -> None:
    """Redeem points outside any purchase (what the loyalty issue's redeem will do), keeping the cache right."""
    with database.atomic():
        after = Customer.get_by_id(customer_id).points_balance - points
        LoyaltyEntry.create(
            customer=customer_id, kind="redeem", points=-points, balance_after=after, created_at=NOW
        )
        Customer.update(points_balance=after).where(Customer.id == customer_id).execute()


def customer(customer_id: int) -> Customer:
    return Customer.get_by_id(customer_id)
