"""Shared pieces of the follow-up UI tests: follow-ups made through the services, a shown view."""

from __future__ import annotations

import datetime as dt

from crm_desktop.db.models import Staff
from crm_desktop.services import followups
from crm_desktop.services.followups import FollowUpDraft, FollowUpRow, Repeat
from crm_desktop.services.session import Session

TODAY = dt.date(2026, 6, 15)  # the `clock` fixture's local date


def add(session: Session, title: str, days: int = 0, customer_id: int | None = None, **fields) -> FollowUpRow:
    """An open follow-up due `days` from today."""
    draft = FollowUpDraft(title, customer_id, TODAY + dt.timedelta(days=days), **fields)
    return followups.add(session, draft)


def make_staff(clock, name: str) -> int:
    return Staff.create(name=name, role="staff", created_at=clock.now()).id


def weekly() -> Repeat:
    return Repeat(1, "w")
