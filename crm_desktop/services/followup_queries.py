"""Reading follow-ups: one, a page of a bucket (sorted and filtered in SQL), the bucket counts (one query),
a customer's. `followups.py` re-exports these.

Buckets by the shop's local date `today`: overdue = open and due before today; today = open and due today
(whatever the time); upcoming = open and due after today; done = done or cancelled. A page is one query
with LIMIT/OFFSET over `follow_up` joined to the customer and the staff names, so the Follow-ups view can
page through tens of thousands of rows without loading them.

Order: ties always by due date, time (untimed first: due all day), then id, so pages never overlap.
Descending reverses the chosen key only; blanks (no customer, nobody assigned, not completed) come last
both ways. Without a sort key the open buckets go by due date and Done by completion, newest first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_desktop.db.models import FollowUp, database
from crm_desktop.services.customer_records import display_name
from crm_desktop.services.errors import NotFoundError, ValidationError
from crm_desktop.services.followup_records import (
    BUCKETS,
    SORT_KEYS,
    BucketCounts,
    FollowUpRow,
    Repeat,
)

_SELECT = """
    SELECT f.id, f.title, f.customer_id, c.first_name, c.last_name, c.email, c.phone, f.due_date, f.due_time,
           f.priority, f.notes, f.assigned_to_id, a.name, f.status, f.completed_at, d.name, f.repeat_rule,
           f.origin, f.created_at
    FROM follow_up f
    LEFT JOIN customer c ON c.id = f.customer_id
    LEFT JOIN staff a ON a.id = f.assigned_to_id
    LEFT JOIN staff d ON d.id = f.completed_by_id
"""
_BUCKET_WHERE = {
    "overdue": "f.status = 'open' AND f.due_date < :today",
    "today": "f.status = 'open' AND f.due_date = :today",
    "upcoming": "f.status = 'open' AND f.due_date > :today",
    "done": "f.status <> 'open'",
}
# Per sort key: (columns that always sort ascending: blanks last), (columns the direction applies to).
_ORDER: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "due": ((), ("f.due_date", "f.due_time IS NOT NULL", "f.due_time", "-f.priority")),
    "priority": ((), ("f.priority",)),
    "title": ((), ("f.title COLLATE NOCASE",)),
    "customer": (("coalesce(c.sort_name, '') = ''",), ("c.sort_name",)),
    "assigned": (("a.name IS NULL",), ("a.name COLLATE NOCASE",)),
    "completed": (("f.completed_at IS NULL",), ("f.completed_at",)),
}
_SORT_JOINS = {
    "customer": "LEFT JOIN customer c ON c.id = f.customer_id",
    "assigned": "LEFT JOIN staff a ON a.id = f.assigned_to_id",
}
_TIES = ("f.due_date", "f.due_time IS NOT NULL", "f.due_time", "f.id")
_DATETIME = FollowUp.created_at


def _row(r: tuple[Any, ...]) -> FollowUpRow:
    (fid, title, cid, first, last, email, phone, due, due_time, priority, notes, assigned, assigned_name,
     status, completed_at, completed_by, repeat, origin, created_at) = r  # fmt: skip
    unit = repeat[-1:] if repeat else ""
    return FollowUpRow(
        id=fid,
        title=title,
        customer_id=cid,
        customer_name=display_name(first or "", last or "", email, phone) if cid is not None else "",
        due_date=dt.date.fromisoformat(due),
        due_time=dt.time.fromisoformat(due_time) if due_time else None,
        priority=priority,
        notes=notes,
        assigned_to=assigned,
        assigned_name=assigned_name or "",
        status=status,
        completed_at=_DATETIME.python_value(completed_at),
        completed_by_name=completed_by or "",
        repeat=Repeat(int(repeat[:-1]), unit) if repeat else None,
        origin=origin,
        created_at=_DATETIME.python_value(created_at),
    )


def get(follow_up_id: int) -> FollowUpRow:
    row = database.execute_sql(f"{_SELECT} WHERE f.id = ?", (follow_up_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"Follow-up {follow_up_id} does not exist.")
    return _row(row)


def _filters(staff_id: int | None, customer_id: int | None) -> tuple[list[str], dict[str, Any]]:
    where, params = [], {}
    if staff_id is not None:
        where.append("f.assigned_to_id = :staff")
        params["staff"] = staff_id
    if customer_id is not None:
        where.append("f.customer_id = :customer")
        params["customer"] = customer_id
    return where, params


def order_by(sort: str, descending: bool) -> str:
    if sort not in _ORDER:
        raise ValidationError("Sort", f"must be one of {', '.join(SORT_KEYS)}")
    fixed, keyed = _ORDER[sort]
    direction = " DESC" if descending else ""
    columns = [*fixed, *(f"{c}{direction}" for c in keyed), *(c for c in _TIES if c not in keyed)]
    return ", ".join(columns)


def page(
    bucket: str,
    today: dt.date,
    *,
    staff_id: int | None = None,
    customer_id: int | None = None,
    sort: str | None = None,
    descending: bool | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[FollowUpRow]:
    """One page of a bucket, filtered by assigned staff and/or customer; see the module doc for the order."""
    if bucket not in BUCKETS:
        raise ValidationError("Bucket", f"must be one of {', '.join(BUCKETS)}")
    if sort is None:
        sort = "completed" if bucket == "done" else "due"
        descending = bucket == "done" if descending is None else descending
    where, params = _filters(staff_id, customer_id)
    where.insert(0, _BUCKET_WHERE[bucket])
    params.update(today=today.isoformat(), limit=max(0, limit), offset=max(0, offset))
    order = order_by(sort, bool(descending))
    # The page's ids first (joining only what the sort needs), then its rows: ~3x faster than sorting
    # fully joined rows (Done at 20k follow-ups: 16 -> 6 ms).
    joins = _SORT_JOINS.get(sort, "")
    ids = (f"SELECT f.id FROM follow_up f {joins} WHERE {' AND '.join(where)} ORDER BY {order} "
           "LIMIT :limit OFFSET :offset")  # fmt: skip
    sql = f"{_SELECT} JOIN ({ids}) AS page ON page.id = f.id ORDER BY {order}"
    return [_row(r) for r in database.execute_sql(sql, params).fetchall()]


# Unfiltered: four index range counts over follow_up(status, due_date) (0.8 ms at 20k follow-ups; a scan
# summing expressions took 7.7 ms). Filtered: one pass over the filter's index (assigned_to or customer).
_COUNTS = """SELECT
    (SELECT count(*) FROM follow_up WHERE status = 'open' AND due_date < :today),
    (SELECT count(*) FROM follow_up WHERE status = 'open' AND due_date = :today),
    (SELECT count(*) FROM follow_up WHERE status = 'open' AND due_date > :today),
    (SELECT count(*) FROM follow_up WHERE status IN ('done', 'cancelled'))"""


def counts(today: dt.date, *, staff_id: int | None = None, customer_id: int | None = None) -> BucketCounts:
    """How many follow-ups each bucket holds (with the same filters as `page`), in one query."""
    where, params = _filters(staff_id, customer_id)
    params["today"] = today.isoformat()
    if not where:
        return BucketCounts(*database.execute_sql(_COUNTS, params).fetchone())
    sql = f"""SELECT
        coalesce(sum(status = 'open' AND due_date < :today), 0),
        coalesce(sum(status = 'open' AND due_date = :today), 0),
        coalesce(sum(status = 'open' AND due_date > :today), 0),
        coalesce(sum(status <> 'open'), 0)
        FROM follow_up f WHERE {" AND ".join(where)}"""
    return BucketCounts(*database.execute_sql(sql, params).fetchone())


def for_customer(customer_id: int, limit: int = 200) -> list[FollowUpRow]:
    """A customer's follow-ups: open ones by due date (untimed first, then by priority), then the done and
    cancelled ones, latest due first."""
    sql = f"""{_SELECT} WHERE f.customer_id = ?
        ORDER BY f.status <> 'open', CASE WHEN f.status = 'open' THEN f.due_date END,
                 CASE WHEN f.status = 'open' THEN f.due_time IS NOT NULL END,
                 CASE WHEN f.status = 'open' THEN f.due_time END,
                 CASE WHEN f.status = 'open' THEN -f.priority END, CASE WHEN f.status = 'open' THEN f.id END,
                 f.due_date DESC, f.id DESC
        LIMIT ?"""
    return [_row(r) for r in database.execute_sql(sql, (customer_id, limit)).fetchall()]
