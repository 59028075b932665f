"""What the schema itself guarantees: an append-only ledger and audit log, and a search index that
follows every change to names, contact details, tags and cards."""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import IntegrityError

from crm_desktop.db.models import AuditEntry, Customer, CustomerTag, LoyaltyEntry, Tag, database

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def _customer(**fields) -> Customer:
    defaults = dict(first_name="José", last_name="Müller", created_at=NOW, updated_at=NOW)
    return Customer.create(**{**defaults, **fields})


def _search(text: str) -> list[int]:
    return [
        r[0]
        for r in database.execute_sql("SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?", (text,))
    ]


def test_ledger_rejects_updates_and_deletes(db):
    c = _customer()
    entry = LoyaltyEntry.create(customer=c, kind="earn", points=10, balance_after=10, created_at=NOW)
    with pytest.raises(IntegrityError, match="append-only"):
        LoyaltyEntry.update(points=99).where(LoyaltyEntry.id == entry.id).execute()
    with pytest.raises(IntegrityError, match="append-only"):
        entry.delete_instance()
    assert LoyaltyEntry.get_by_id(entry.id).points == 10


def test_ledger_entries_may_move_to_a_merge_survivor(db):
    a, b = _customer(), _customer(first_name="Ana")
    entry = LoyaltyEntry.create(customer=a, kind="earn", points=10, balance_after=10, created_at=NOW)
    LoyaltyEntry.update(customer=b).where(LoyaltyEntry.id == entry.id).execute()
    assert LoyaltyEntry.get_by_id(entry.id).customer_id == b.id


def test_balance_can_never_be_negative(db):
    c = _customer()
    with pytest.raises(IntegrityError):
        LoyaltyEntry.create(customer=c, kind="redeem", points=-5, balance_after=-5, created_at=NOW)
    with pytest.raises(IntegrityError):
        Customer.update(points_balance=-1).where(Customer.id == c.id).execute()


def test_audit_log_rejects_updates(db):
    e = AuditEntry.create(at=NOW, actor_name="Owner", action="create", entity="customer", entity_id=1)
    with pytest.raises(IntegrityError, match="append-only"):
        AuditEntry.update(action="x").where(AuditEntry.id == e.id).execute()


def test_search_index_follows_inserts_updates_and_deletes(db):
    c = _customer(email="jose.m@example.com", phone_search="555 123 4567 5551234567", card_number="C-0042")
    assert _search("jose") == [c.id]  # accent-insensitive
    assert _search("mull*") == [c.id]
    assert _search('"555"* "12"*') == [c.id]
    assert _search("example*") == []  # only the part before the @ is indexed
    Customer.update(first_name="Pepe").where(Customer.id == c.id).execute()
    assert _search("jose") == [c.id]  # still in the email
    assert _search("pepe") == [c.id]
    Customer.update(email=None).where(Customer.id == c.id).execute()
    assert _search("jose") == []
    c.delete_instance()
    assert _search("pepe") == []


def test_search_index_follows_tags_and_renames(db):
    c = _customer()
    vip = Tag.create(name="VIP")
    CustomerTag.create(customer=c, tag=vip)
    assert _search("vip") == [c.id]
    Tag.update(name="Gold").where(Tag.id == vip.id).execute()
    assert _search("vip") == [] and _search("gold") == [c.id]
    CustomerTag.delete().where(CustomerTag.customer == c.id).execute()
    assert _search("gold") == []


def test_stats_updates_do_not_touch_the_index(db):
    # Every purchase updates the cached stats: that must not rewrite the customer's index row too.
    c = _customer()
    con = database.connection()

    def rows_changed(query) -> int:
        before = con.total_changes
        query.execute()
        return con.total_changes - before

    stats = Customer.update(visits=3, total_spent_cents=999, points_balance=5).where(Customer.id == c.id)
    assert rows_changed(stats) == 1
    assert rows_changed(Customer.update(last_name="Mueller").where(Customer.id == c.id)) > 1
