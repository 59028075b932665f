"""Follow-ups: things to do by a date, for a customer or for the shop (call back, order arrived, ask how it
went). Adding, editing, completing, reopening, cancelling and snoozing them; the lists and counts live in
`followup_queries.py`, the value types and repeat maths in `followup_records.py` (both re-exported here);
the automatic ones are made by `followup_rules.py`.

Every write is one transaction with its audit entry (entity "follow_up"). Only open follow-ups are edited,
completed, cancelled or snoozed; a refusal changes nothing. Completing or cancelling stores when and by
whom (`completed_at`/`completed_by`, UTC); reopening clears both. Completing a repeating follow-up adds the
next one, due on the first interval after today (`next_due`), with the unique occasion "repeat:<id>": done,
reopened and done again, it is still added once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_desktop import clock as clocks
from crm_desktop.db.models import FollowUp, Staff, database
from crm_desktop.services import audit, customers
from crm_desktop.services.errors import NotFoundError, ServiceError, ValidationError
from crm_desktop.services.followup_queries import counts, for_customer, get, page
from crm_desktop.services.followup_records import (
    BUCKETS,
    MAX_NOTES,
    MAX_TITLE,
    ORIGINS,
    PRIORITIES,
    REPEAT_UNITS,
    SORT_KEYS,
    STATUSES,
    BucketCounts,
    Completion,
    FollowUpDraft,
    FollowUpRow,
    Repeat,
    check_repeat,
    next_due,
    parse_repeat,
)
from crm_desktop.services.session import Session

__all__ = [
    "BUCKETS", "MAX_NOTES", "MAX_TITLE", "ORIGINS", "PRIORITIES", "REPEAT_UNITS", "SORT_KEYS", "STATUSES",
    "BucketCounts", "Completion", "FollowUpDraft", "FollowUpRow", "Repeat", "add", "cancel",
    "complete", "counts", "for_customer", "get", "next_due", "page", "parse_repeat", "reopen",
    "snooze", "update",
]  # fmt: skip


def _clean(draft: FollowUpDraft, keep_staff: int | None = None) -> dict[str, Any]:
    """The draft's columns, tidied; ValidationError naming the first bad field. `keep_staff` may stay
    assigned even if no longer active (editing an old follow-up)."""
    title = " ".join((draft.title or "").split())
    if not title:
        raise ValidationError("Title", "say what to do")
    if len(title) > MAX_TITLE:
        raise ValidationError("Title", f"is too long (at most {MAX_TITLE} characters)")
    if not isinstance(draft.due_date, dt.date) or isinstance(draft.due_date, dt.datetime):
        raise ValidationError("Due date", "pick the day it is due")
    if draft.due_time is not None and not isinstance(draft.due_time, dt.time):
        raise ValidationError("Due time", "pick a time of day or none")
    if draft.priority not in PRIORITIES or isinstance(draft.priority, bool):
        raise ValidationError("Priority", f"must be one of {', '.join(PRIORITIES.values())}")
    notes = (draft.notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise ValidationError("Notes", f"are too long (at most {MAX_NOTES} characters)")
    repeat = check_repeat(draft.repeat)
    if draft.assigned_to is not None and draft.assigned_to != keep_staff:
        staff = Staff.get_or_none(Staff.id == draft.assigned_to)
        if staff is None or not staff.active:
            raise ValidationError("Assigned to", "pick an active staff member")
    if draft.customer_id is not None:
        customer = customers.load_row(draft.customer_id)
        if customer.merged_into_id is not None:
            raise ServiceError(
                f"This customer was merged into customer {customer.merged_into_id}; add it there."
            )
    return {
        "title": title,
        "customer": draft.customer_id,
        "due_date": draft.due_date,
        "due_time": draft.due_time.strftime("%H:%M") if draft.due_time else None,
        "priority": draft.priority,
        "notes": notes,
        "assigned_to": draft.assigned_to,
        "repeat_rule": str(repeat) if repeat else None,
    }


def _audited(values: dict[str, Any]) -> dict[str, Any]:
    return {("customer_id" if k == "customer" else "assigned_to_id" if k == "assigned_to" else k): v
            for k, v in values.items()}  # fmt: skip


def _snapshot(row: FollowUp) -> dict[str, Any]:
    return {"title": row.title, "customer_id": row.customer_id, "due_date": row.due_date,
            "due_time": row.due_time, "priority": row.priority, "notes": row.notes,
            "assigned_to_id": row.assigned_to_id, "repeat_rule": row.repeat_rule, "status": row.status,
            "completed_at": row.completed_at, "completed_by_id": row.completed_by_id}  # fmt: skip


def _load(follow_up_id: int, status: str | None = "open") -> FollowUp:
    row = FollowUp.get_or_none(FollowUp.id == follow_up_id)
    if row is None:
        raise NotFoundError(f"Follow-up {follow_up_id} does not exist.")
    if status == "open" and row.status != "open":
        raise ServiceError(f"This follow-up is {'already done' if row.status == 'done' else 'cancelled'}.")
    return row


def add(session: Session, draft: FollowUpDraft) -> FollowUpRow:
    """Add an open follow-up made by the acting staff member now; `customer_id` None is a shop task."""
    with database.atomic():
        values = _clean(draft)
        row = FollowUp.create(**values, status="open", origin="manual", created_at=session.clock.now(),
                              created_by=session.actor.staff_id)  # fmt: skip
        audit.record(session, "create", "follow_up", row.id, None, _audited(values))
        return get(row.id)


def update(session: Session, follow_up_id: int, draft: FollowUpDraft) -> FollowUpRow:
    """Edit an open follow-up; the audit entry holds the changed fields."""
    with database.atomic():
        row = _load(follow_up_id)
        values = _clean(draft, keep_staff=row.assigned_to_id)
        before = _snapshot(row)
        FollowUp.update(**values).where(FollowUp.id == follow_up_id).execute()
        audit.record(session, "update", "follow_up", follow_up_id, before, {**before, **_audited(values)})
        return get(follow_up_id)


def _close(session: Session, follow_up_id: int, status: str) -> FollowUp:
    row = _load(follow_up_id)
    now = session.clock.now()
    FollowUp.update(status=status, completed_at=now, completed_by=session.actor.staff_id).where(
        FollowUp.id == follow_up_id
    ).execute()
    audit.record(session, "complete" if status == "done" else "cancel", "follow_up", follow_up_id,
                 {"status": "open"}, {"status": status, "completed_at": now})  # fmt: skip
    return row


_INSERT_NEXT = """
    INSERT INTO follow_up (title, customer_id, due_date, due_time, priority, notes, assigned_to_id, status,
                           repeat_rule, origin, occasion, created_at, created_by_id)
    SELECT title, customer_id, ?, due_time, priority, notes, assigned_to_id, 'open', repeat_rule, 'repeat', ?,
           ?, ? FROM follow_up WHERE id = ?
    ON CONFLICT (occasion) DO NOTHING"""


def complete(session: Session, follow_up_id: int) -> Completion:
    """Mark an open follow-up done; a repeating one adds the next (once, whatever happens later)."""
    with database.atomic():
        row = _close(session, follow_up_id, "done")
        created = None
        if row.repeat_rule:
            repeat = parse_repeat(row.repeat_rule)
            assert repeat is not None
            due = next_due(row.due_date, repeat, clocks.today(session.clock))
            occasion = f"repeat:{follow_up_id}"
            now = FollowUp.created_at.db_value(session.clock.now())
            cursor = database.execute_sql(
                _INSERT_NEXT, (due.isoformat(), occasion, now, session.actor.staff_id, follow_up_id)
            )
            if cursor.rowcount == 1:
                created = get(cursor.lastrowid)
                audit.record(session, "create", "follow_up", created.id, None,
                             {"repeat_of": follow_up_id, "due_date": due,
                              "title": created.title})  # fmt: skip
        return Completion(get(follow_up_id), created)


def cancel(session: Session, follow_up_id: int) -> FollowUpRow:
    """Cancel an open follow-up (it moves to Done, marked cancelled, with who and when)."""
    with database.atomic():
        _close(session, follow_up_id, "cancelled")
        return get(follow_up_id)


def reopen(session: Session, follow_up_id: int) -> FollowUpRow:
    """Put a done or cancelled follow-up back to open; when and by whom it was closed is cleared."""
    with database.atomic():
        row = _load(follow_up_id, status=None)
        if row.status == "open":
            raise ServiceError("This follow-up is already open.")
        FollowUp.update(status="open", completed_at=None, completed_by=None).where(
            FollowUp.id == follow_up_id
        ).execute()
        audit.record(session, "reopen", "follow_up", follow_up_id,
                     {"status": row.status, "completed_at": row.completed_at,
                      "completed_by_id": row.completed_by_id}, {"status": "open"})  # fmt: skip
        return get(follow_up_id)


def snooze(session: Session, follow_up_id: int, until: dt.date) -> FollowUpRow:
    """Move an open follow-up's due date to `until`, a day after today (its time of day stays)."""
    if not isinstance(until, dt.date) or isinstance(until, dt.datetime):
        raise ValidationError("Snooze until", "pick a day")
    today = clocks.today(session.clock)
    if until <= today:
        raise ValidationError("Snooze until", "pick a day after today")
    with database.atomic():
        row = _load(follow_up_id)
        FollowUp.update(due_date=until).where(FollowUp.id == follow_up_id).execute()
        audit.record(session, "snooze", "follow_up", follow_up_id, {"due_date": row.due_date},
                     {"due_date": until})  # fmt: skip
        return get(follow_up_id)
