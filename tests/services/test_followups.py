"""Follow-ups for a customer: added validated and audited, listed open-first by due date."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from crm_desktop.db.models import AuditEntry, FollowUp
from crm_desktop.services import customers, followups
from crm_desktop.services.errors import NotFoundError, ServiceError, ValidationError
from tests.factories import make_customer

DUE = dt.date(2026, 6, 20)


def _create(session, title, customer_id, due, notes="", priority=1) -> followups.FollowUpRow:
    return followups.add(
        session, followups.FollowUpDraft(title, customer_id, due, priority=priority, notes=notes)
    )


def test_create_stores_audits_and_lists(session):
    c = make_customer(session)
    line = _create(session, "  Call   about the order ", c.id, DUE, notes=" ring after 3 ", priority=2)

    row = FollowUp.get_by_id(line.id)
    assert (row.title, row.customer_id, row.due_date, row.priority, row.notes) == (
        "Call about the order", c.id, DUE, 2, "ring after 3"
    )  # fmt: skip
    assert (row.status, row.origin, row.created_by_id) == ("open", "manual", session.actor.staff_id)
    assert row.created_at == session.clock.now()
    audit = AuditEntry.select().where(AuditEntry.entity == "follow_up").get()
    assert audit.action == "create" and audit.entity_id == line.id
    assert json.loads(audit.after)["title"] == "Call about the order"
    assert (line.title, line.due_date, line.status, line.priority) == (row.title, DUE, "open", 2)
    [listed] = followups.for_customer(c.id)
    assert (listed.id, listed.title, listed.due_date, listed.status, listed.priority, listed.customer_name) == (
        line.id, row.title, DUE, "open", 2, "Ada Lovelace"
    )  # fmt: skip


def test_for_customer_lists_open_ones_by_due_date_then_the_others(session):
    c = make_customer(session)
    later = _create(session, "Later", c.id, DUE + dt.timedelta(days=5))
    sooner = _create(session, "Sooner", c.id, DUE)
    done = _create(session, "Done", c.id, DUE - dt.timedelta(days=3))
    FollowUp.update(status="done").where(FollowUp.id == done.id).execute()
    assert [f.title for f in followups.for_customer(c.id)] == ["Sooner", "Later", "Done"]
    assert [f.id for f in followups.for_customer(c.id)] == [sooner.id, later.id, done.id]


@pytest.mark.parametrize(
    ("title", "due", "priority", "notes", "field"),
    [
        ("  ", DUE, 1, "", "Title"),
        ("x" * 201, DUE, 1, "", "Title"),
        ("Call", None, 1, "", "Due date"),
        ("Call", "2026-06-20", 1, "", "Due date"),
        ("Call", dt.datetime(2026, 6, 20, 9, 0), 1, "", "Due date"),
        ("Call", DUE, 3, "", "Priority"),
        ("Call", DUE, 1, "n" * 20_001, "Notes"),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(session, title, due, priority, notes, field):
    c = make_customer(session)
    with pytest.raises(ValidationError) as error:
        _create(session, title, c.id, due, notes=notes, priority=priority)
    assert error.value.field == field
    assert FollowUp.select().count() == 0
    assert AuditEntry.select().where(AuditEntry.entity == "follow_up").count() == 0


def test_refuses_unknown_and_merged_customers(session):
    keep, gone = make_customer(session), make_customer(session, first_name="Ada B.")
    customers.merge(session, keep.id, gone.id)
    with pytest.raises(ServiceError, match="merged into"):
        _create(session, "Call", gone.id, DUE)
    with pytest.raises(NotFoundError):
        _create(session, "Call", 9999, DUE)
    assert FollowUp.select().count() == 0


def test_a_shop_task_needs_no_customer(session):
    line = _create(session, "Order ribbons", None, DUE)
    assert FollowUp.get_by_id(line.id).customer_id is None
