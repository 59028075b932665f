"""Service cases: only complaints and requests, status transitions with the resolution time, open cases
oldest first, resolution statistics in SQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from crm_desktop.db.models import AuditEntry, Interaction
from crm_desktop.services import cases, profile
from crm_desktop.services.errors import NotFoundError, ServiceError, ValidationError
from tests.factories import make_customer


def _log(session, clock, customer_id, kind="complaint", body="Croissant was stale.", **kw):
    line = profile.add_interaction(session, customer_id, kind, body, **kw)
    clock.advance(hours=1)
    return line.id


def _case_audits(iid: int) -> list[str]:
    query = AuditEntry.select().where((AuditEntry.entity == "interaction") & (AuditEntry.entity_id == iid))
    return [a.action for a in query.order_by(AuditEntry.id)]


def test_open_a_complaint_as_a_case_and_resolve_it(session, clock):
    c = make_customer(session, first_name="Anna", last_name="Smith")
    opened_at = clock.now()
    iid = _log(session, clock, c.id)
    row = cases.open_case(session, iid)
    assert (row.status, row.kind, row.customer_name, row.opened_at, row.resolved_at, row.staff_name) == (
        "open",
        "complaint",
        "Anna Smith",
        opened_at,
        None,
        "Owner",
    )
    assert cases.set_status(session, iid, "waiting").status == "waiting"
    clock.advance(days=2)
    resolved = cases.set_status(session, iid, "resolved")
    assert resolved.resolved_at == clock.now()
    clock.advance(hours=5)
    assert cases.set_status(session, iid, "resolved").resolved_at == resolved.resolved_at  # kept
    reopened = cases.set_status(session, iid, "open")
    assert (reopened.status, reopened.resolved_at) == ("open", None)
    assert _case_audits(iid) == ["create", "open_case", "case_status", "case_status", "case_status"]
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (
        json.loads(last.before)["case_status"] == "resolved" and json.loads(last.after)["resolved_at"] is None
    )


def test_only_complaints_and_requests_become_cases_once(session, clock):
    c = make_customer(session)
    note = _log(session, clock, c.id, "note", "Prefers dark roasts.")
    with pytest.raises(ServiceError, match="complaint or a request"):
        cases.open_case(session, note)
    request = _log(session, clock, c.id, "request", "Oat milk please.")
    cases.open_case(session, request)
    with pytest.raises(ServiceError, match="already a case"):
        cases.open_case(session, request)
    with pytest.raises(ServiceError, match="not a case"):
        cases.set_status(session, note, "resolved")
    with pytest.raises(ValidationError) as error:
        cases.set_status(session, request, "closed")
    assert error.value.field == "Status"
    with pytest.raises(NotFoundError):
        cases.open_case(session, 999)
    assert Interaction.get_by_id(note).case_status is None
    assert Interaction.get_by_id(request).case_status == "open"


def test_an_interaction_may_be_logged_as_a_case_at_once(session, clock):
    c = make_customer(session)
    line = profile.add_interaction(session, c.id, "request", "Stock Darjeeling", open_as_case=True)
    assert line.case_status == "open" and Interaction.get_by_id(line.id).case_status == "open"
    with pytest.raises(ValidationError) as error:
        profile.add_interaction(session, c.id, "call", "", open_as_case=True)
    assert error.value.field == "Kind"
    assert Interaction.select().count() == 1


def test_open_cases_oldest_first_with_paging_and_count(session, clock):
    a, b = make_customer(session), make_customer(session, first_name="Bea")
    ids = [
        _log(session, clock, cid, kind, open_as_case=True)
        for cid, kind in ((a.id, "complaint"), (b.id, "request"), (a.id, "request"), (b.id, "complaint"))
    ]
    _log(session, clock, a.id)  # a complaint never opened as a case
    cases.set_status(session, ids[1], "waiting")
    cases.set_status(session, ids[2], "resolved")
    assert [r.interaction_id for r in cases.open_cases()] == [ids[0], ids[1], ids[3]]
    assert [r.interaction_id for r in cases.open_cases(offset=1, limit=1)] == [ids[1]]
    assert cases.count_open() == 3 == len(cases.open_cases())


def test_resolution_stats_average_over_the_cases_resolved_in_the_period(session, clock):
    c = make_customer(session)
    start = clock.now()
    iids = [_log(session, clock, c.id, open_as_case=True) for _ in range(4)]  # logged 1 h apart
    clock.advance(hours=20)  # resolve: the 1st after 24 h, the 2nd after 23 h + 6 h = 29 h
    cases.set_status(session, iids[0], "resolved")
    clock.advance(hours=6)
    cases.set_status(session, iids[1], "resolved")
    clock.advance(days=3)
    cases.set_status(session, iids[2], "resolved")  # outside the period below
    end_of_day_two = start + dt.timedelta(days=2)
    stats = cases.resolution_stats(start, end_of_day_two)
    assert stats == cases.ResolutionStats(2, dt.timedelta(hours=26, minutes=30))
    assert cases.resolution_stats(start, start + dt.timedelta(hours=28)).resolved == 1  # `until` is exclusive
    assert cases.resolution_stats(end_of_day_two, end_of_day_two + dt.timedelta(days=9)).resolved == 1
    assert cases.resolution_stats(start - dt.timedelta(days=9), start) == cases.ResolutionStats(0, None)
