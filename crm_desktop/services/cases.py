"""Service cases: a complaint or request (an interaction) opened as a case and followed to its resolution.

The case lives on the interaction row (`case_status` open | waiting | resolved, `resolved_at` UTC): no
other table. Resolution time = `resolved_at` − the interaction's `occurred_at`. Open cases (open and
waiting) are listed oldest first through the `interaction(case_status)` index; the average resolution time
over a period is one SQL aggregate. Every change is audited on the interaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from crm_desktop.db.models import Interaction, database
from crm_desktop.services import audit
from crm_desktop.services.customer_records import display_name
from crm_desktop.services.errors import NotFoundError, ServiceError, ValidationError
from crm_desktop.services.session import Session

CASE_KINDS = ("complaint", "request")
CASE_STATUSES = ("open", "waiting", "resolved")
_DATETIME = Interaction.occurred_at


@dataclass(frozen=True)
class CaseRow:
    interaction_id: int
    customer_id: int
    customer_name: str
    kind: str
    body: str
    opened_at: dt.datetime  # when the complaint or request was logged (UTC)
    status: str
    resolved_at: dt.datetime | None
    staff_name: str  # who logged it


@dataclass(frozen=True)
class ResolutionStats:
    resolved: int
    average: dt.timedelta | None  # None when nothing was resolved in the period


_SELECT = """SELECT i.id, i.customer_id, c.first_name, c.last_name, c.email, c.phone, i.kind, i.body,
    i.occurred_at, i.case_status, i.resolved_at, s.name
    FROM interaction i JOIN customer c ON c.id = i.customer_id LEFT JOIN staff s ON s.id = i.staff_id"""


def _row(r: tuple[Any, ...]) -> CaseRow:
    iid, cid, first, last, email, phone, kind, body, occurred, status, resolved, staff = r
    return CaseRow(iid, cid, display_name(first, last, email, phone), kind, body,
                   _DATETIME.python_value(occurred), status, _DATETIME.python_value(resolved),
                   staff or "")  # fmt: skip


def get(interaction_id: int) -> CaseRow:
    """The interaction as a case row (its status is None when it is not a case)."""
    row = database.execute_sql(f"{_SELECT} WHERE i.id = ?", (interaction_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"Interaction {interaction_id} does not exist.")
    return _row(row)


def _load(interaction_id: int) -> Interaction:
    row = Interaction.get_or_none(Interaction.id == interaction_id)
    if row is None:
        raise NotFoundError(f"Interaction {interaction_id} does not exist.")
    return row


def open_case(session: Session, interaction_id: int) -> CaseRow:
    """Open a complaint or request as a case (status open)."""
    with database.atomic():
        row = _load(interaction_id)
        if row.kind not in CASE_KINDS:
            raise ServiceError(f"Only a complaint or a request can be opened as a case, not a {row.kind}.")
        if row.case_status is not None:
            raise ServiceError(f"This {row.kind} is already a case ({row.case_status}).")
        Interaction.update(case_status="open").where(Interaction.id == interaction_id).execute()
        audit.record(session, "open_case", "interaction", interaction_id, {"case_status": None},
                     {"case_status": "open"})  # fmt: skip
        return get(interaction_id)


def set_status(session: Session, interaction_id: int, status: str) -> CaseRow:
    """Move a case to open, waiting or resolved; resolving stores when (kept if it already was resolved),
    any other status clears it."""
    if status not in CASE_STATUSES:
        raise ValidationError("Status", f"must be one of {', '.join(CASE_STATUSES)}")
    with database.atomic():
        row = _load(interaction_id)
        if row.case_status is None:
            raise ServiceError(f"This {row.kind} is not a case; open it as a case first.")
        if row.case_status != status:
            resolved_at = session.clock.now() if status == "resolved" else None
            Interaction.update(case_status=status, resolved_at=resolved_at).where(
                Interaction.id == interaction_id
            ).execute()
            audit.record(session, "case_status", "interaction", interaction_id,
                         {"case_status": row.case_status, "resolved_at": row.resolved_at},
                         {"case_status": status, "resolved_at": resolved_at})  # fmt: skip
        return get(interaction_id)


def open_cases(*, offset: int = 0, limit: int = 200) -> list[CaseRow]:
    """Open and waiting cases, oldest first."""
    sql = f"""{_SELECT} WHERE i.case_status IN ('open', 'waiting')
              ORDER BY i.occurred_at, i.id LIMIT ? OFFSET ?"""
    return [_row(r) for r in database.execute_sql(sql, (max(0, limit), max(0, offset))).fetchall()]


def count_open() -> int:
    sql = "SELECT count(*) FROM interaction WHERE case_status IN ('open', 'waiting')"
    return database.execute_sql(sql).fetchone()[0]


def resolution_stats(since: dt.datetime, until: dt.datetime) -> ResolutionStats:
    """Cases resolved from `since` (inclusive) to `until` (exclusive) and their average resolution time."""
    sql = """SELECT count(*), avg(julianday(resolved_at) - julianday(occurred_at)) FROM interaction
             WHERE case_status = 'resolved' AND resolved_at >= ? AND resolved_at < ?"""
    count, days = database.execute_sql(sql, (_DATETIME.db_value(since), _DATETIME.db_value(until))).fetchone()
    average = dt.timedelta(seconds=round(days * 86400)) if count and days is not None else None
    return ResolutionStats(count, average)
