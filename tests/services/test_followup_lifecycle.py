"""A follow-up's life: add with every field, edit while open, complete or cancel (who and when), reopen,
snooze; refusals and bad input change nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from crm_desktop.db.models import AuditEntry, FollowUp, Staff
from crm_desktop.services import customers, followups
from crm_desktop.services.errors import NotFoundError, ServiceError, ValidationError
from crm_desktop.services.followups import FollowUpDraft, Repeat
from crm_desktop.services.session import Actor, Session
from tests.factories import make_customer

TODAY = dt.date(2026, 6, 15)  # the clock fixture's local date


def _staff(session, name="Tom", active=True) -> int:
    return Staff.create(name=name, role="staff", active=active, created_at=session.clock.now()).id


def _draft(customer_id=None, **changes) -> FollowUpDraft:
    fields = dict(title="Call back", customer_id=customer_id, due_date=TODAY)
    return FollowUpDraft(**{**fields, **changes})


def _audits() -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.entity == "follow_up").order_by(AuditEntry.id))


def test_add_stores_every_field(session):
    c = make_customer(session, first_name="Anna", last_name="Smith")
    tom = _staff(session)
    draft = _draft(
        c.id,
        title=" Ring  about the grinder ",
        due_time=dt.time(15, 0, 59),
        priority=2,
        notes=" after lunch ",
        assigned_to=tom,
        repeat=Repeat(2, "w"),
    )
    row = followups.add(session, draft)
    assert (row.title, row.customer_id, row.customer_name, row.due_date, row.due_time) == (
        "Ring about the grinder",
        c.id,
        "Anna Smith",
        TODAY,
        dt.time(15, 0),
    )
    assert (row.priority, row.notes, row.assigned_to, row.assigned_name, row.repeat) == (
        2,
        "after lunch",
        tom,
        "Tom",
        Repeat(2, "w"),
    )
    assert (row.status, row.origin, row.completed_at, row.created_at) == (
        "open",
        "manual",
        None,
        session.clock.now(),
    )
    stored = FollowUp.get_by_id(row.id)
    assert (stored.due_time, stored.repeat_rule, stored.created_by_id) == (
        "15:00",
        "2w",
        session.actor.staff_id,
    )
    assert followups.get(row.id) == row
    [entry] = _audits()
    assert entry.action == "create" and json.loads(entry.after)["repeat_rule"] == "2w"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "Title"),
        ({"due_date": None}, "Due date"),
        ({"due_time": "15:00"}, "Due time"),
        ({"priority": 5}, "Priority"),
        ({"notes": "n" * 20_001}, "Notes"),
        ({"repeat": "2w"}, "Repeat"),
        ({"repeat": Repeat(0, "d")}, "Repeat"),
        ({"repeat": Repeat(1, "y")}, "Repeat"),
        ({"assigned_to": 999}, "Assigned to"),
    ],
)
def test_bad_drafts_name_the_field_and_change_nothing(session, changes, field):
    row = followups.add(session, _draft())
    for call in (
        lambda: followups.add(session, _draft(**changes)),
        lambda: followups.update(session, row.id, _draft(**changes)),
    ):
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.field == field
    assert FollowUp.select().count() == 1 and followups.get(row.id) == row
    assert len(_audits()) == 1


def test_assigning_needs_an_active_staff_member_but_an_old_assignment_may_stay(session):
    gone = _staff(session, "Gone", active=False)
    with pytest.raises(ValidationError, match="active staff"):
        followups.add(session, _draft(assigned_to=gone))
    row = followups.add(session, _draft(assigned_to=_staff(session, "Mia")))
    FollowUp.update(assigned_to=gone).where(FollowUp.id == row.id).execute()
    assert (
        followups.update(session, row.id, _draft(title="Still Gone's", assigned_to=gone)).assigned_name
        == "Gone"
    )


def test_update_changes_an_open_follow_up_and_audits_the_changes(session):
    a, b = make_customer(session), make_customer(session, first_name="Bea", last_name="Bell")
    row = followups.add(session, _draft(a.id, repeat=Repeat(1, "m")))
    new = followups.update(
        session,
        row.id,
        _draft(
            b.id, title="Call Bea", due_date=TODAY + dt.timedelta(days=3), due_time=dt.time(9, 5), repeat=None
        ),
    )
    assert (new.customer_name, new.title, new.due_date, new.due_time, new.repeat) == (
        "Bea Bell",
        "Call Bea",
        TODAY + dt.timedelta(days=3),
        dt.time(9, 5),
        None,
    )
    entry = _audits()[-1]
    assert entry.action == "update"
    assert json.loads(entry.before) == {
        "customer_id": a.id,
        "title": "Call back",
        "due_date": "2026-06-15",
        "due_time": None,
        "repeat_rule": "1m",
    }
    assert json.loads(entry.after)["due_time"] == "09:05"


def test_complete_cancel_and_reopen_record_who_and_when(session, clock):
    tom = Actor(_staff(session), "Tom", "staff")
    row = followups.add(session, _draft())
    done = followups.complete(Session(tom, clock), row.id)
    assert done.next is None
    assert (done.done.status, done.done.completed_at, done.done.completed_by_name) == (
        "done",
        clock.now(),
        "Tom",
    )
    with pytest.raises(ServiceError, match="already done"):
        followups.complete(session, row.id)
    with pytest.raises(ServiceError, match="already done"):
        followups.cancel(session, row.id)
    with pytest.raises(ServiceError, match="already done"):
        followups.update(session, row.id, _draft(title="Too late"))
    clock.advance(hours=1)
    opened = followups.reopen(session, row.id)
    assert (opened.status, opened.completed_at, opened.completed_by_name) == ("open", None, "")
    assert FollowUp.get_by_id(row.id).completed_by_id is None
    with pytest.raises(ServiceError, match="already open"):
        followups.reopen(session, row.id)
    cancelled = followups.cancel(session, row.id)
    assert (cancelled.status, cancelled.completed_at, cancelled.completed_by_name) == (
        "cancelled",
        clock.now(),
        "Owner",
    )
    with pytest.raises(ServiceError, match="cancelled"):
        followups.snooze(session, row.id, TODAY + dt.timedelta(days=1))
    assert [e.action for e in _audits()] == ["create", "complete", "reopen", "cancel"]


def test_snooze_moves_the_due_date_and_keeps_the_time(session):
    row = followups.add(session, _draft(due_date=TODAY - dt.timedelta(days=3), due_time=dt.time(11, 0)))
    moved = followups.snooze(session, row.id, TODAY + dt.timedelta(days=1))
    assert (moved.due_date, moved.due_time, moved.status) == (
        TODAY + dt.timedelta(days=1),
        dt.time(11, 0),
        "open",
    )
    entry = _audits()[-1]
    assert (entry.action, json.loads(entry.before), json.loads(entry.after)) == (
        "snooze",
        {"due_date": "2026-06-12"},
        {"due_date": "2026-06-16"},
    )


@pytest.mark.parametrize(
    "until", [TODAY, TODAY - dt.timedelta(days=1), None, "2026-06-20", dt.datetime(2026, 6, 20, 9, 0)]
)
def test_snooze_refuses_today_the_past_and_non_dates(session, until):
    row = followups.add(session, _draft())
    with pytest.raises(ValidationError) as error:
        followups.snooze(session, row.id, until)
    assert error.value.field == "Snooze until"
    assert followups.get(row.id) == row and len(_audits()) == 1


def test_unknown_follow_ups_and_merged_customers(session):
    for call in (
        followups.get,
        lambda i: followups.complete(session, i),
        lambda i: followups.reopen(session, i),
    ):
        with pytest.raises(NotFoundError):
            call(404)
    keep, gone = make_customer(session), make_customer(session, first_name="Ada B.")
    row = followups.add(session, _draft(keep.id))
    customers.merge(session, keep.id, gone.id)
    with pytest.raises(ServiceError, match="merged into"):
        followups.update(session, row.id, _draft(gone.id))
    assert followups.get(row.id).customer_id == keep.id
