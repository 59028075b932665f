"""Manual adjustments: managers and owners only, a reason, never below zero; audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from crm_desktop.db.models import AuditEntry
from crm_desktop.services import integrity, loyalty
from crm_desktop.services.errors import PermissionDenied, ValidationError
from crm_desktop.services.session import Actor, Session
from tests.services.loyalty_helpers import balance, counts, entries, sale
from tests.services.sales_helpers import insert_customer


def test_adjust_up_and_down_with_a_reason(session):
    cid = insert_customer()
    assert loyalty.adjust(session, cid, 25, "  Points from the  paper card ") == 25
    assert loyalty.adjust(session, cid, -25, "Typed twice") == 0
    up, down = entries(cid, "adjust")
    assert (up.points, up.balance_after, up.reason, up.staff_id) == (
        25,
        25,
        "Points from the paper card",
        session.actor.staff_id,
    )
    assert up.expires_on == dt.date(2027, 6, 15) and down.expires_on is None
    audit = AuditEntry.select().where(AuditEntry.action == "points_adjust").order_by(AuditEntry.id).first()
    assert audit.entity_id == cid and json.loads(audit.after)["reason"] == "Points from the paper card"
    assert integrity.run_check().ok


def test_a_manager_may_adjust(db, clock):
    cid = insert_customer()
    assert loyalty.adjust(Session(Actor(None, "Mia", "manager"), clock), cid, 5, "Goodwill") == 5


@pytest.mark.parametrize(
    ("points", "reason", "field", "message"),
    [
        (10, "", "Reason", "say why"),
        (10, "   ", "Reason", "say why"),
        (0, "Nothing", "Points", "other than zero"),
        (1.5, "Half", "Points", "whole number"),
        (-31, "Too many", "Points", "below zero: the customer has 30 points"),
    ],
)
def test_refusals_change_nothing(session, points, reason, field, message):
    cid = insert_customer()
    sale(session, cid, 3000)
    before = counts()
    with pytest.raises(ValidationError, match=message) as err:
        loyalty.adjust(session, cid, points, reason)
    assert err.value.field == field
    assert counts() == before and balance(cid) == 30


def test_down_to_exactly_zero_is_allowed(session):
    cid = insert_customer()
    sale(session, cid, 3000)
    assert loyalty.adjust(session, cid, -30, "Card lost, points moved to the new card") == 0


def test_staff_may_not_adjust(db, clock):
    cid = insert_customer()
    before = counts()
    with pytest.raises(PermissionDenied):
        loyalty.adjust(Session(Actor(None, "Sam", "staff"), clock), cid, 10, "Friend")
    assert counts() == before


def test_archived_and_missing_customers_are_refused(session):
    cid = insert_customer(archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(ValidationError, match="archived"):
        loyalty.adjust(session, cid, 10, "Welcome back")
    with pytest.raises(ValidationError, match="no longer exists"):
        loyalty.adjust(session, 999, 10, "Who?")
