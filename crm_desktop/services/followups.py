"""Follow-ups: things to do for a customer by a date (call back, order arrived, ask how it went).

This is the minimal part the customer profile needs: create one and list a customer's. The follow-ups issue
adds the shop-wide list, completion, repeats and the automatic ones.
"""

from __future__ import annotations

import datetime as dt

from crm_desktop.db.models import FollowUp, database
from crm_desktop.services import audit, customers
from crm_desktop.services.errors import ServiceError, ValidationError
from crm_desktop.services.profile import FollowUpLine, follow_ups_of
from crm_desktop.services.session import Session

PRIORITIES = {0: "Low", 1: "Normal", 2: "High"}
MAX_TITLE = 200
MAX_NOTES = 20_000

__all__ = ["PRIORITIES", "FollowUpLine", "create", "for_customer"]


def create(
    session: Session,
    title: str,
    customer_id: int | None,
    due_date: dt.date,
    notes: str = "",
    priority: int = 1,
) -> FollowUpLine:
    """Add an open follow-up, made by the acting staff member now; `customer_id` None is a shop task."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError("Title", "say what to do")
    if len(title) > MAX_TITLE:
        raise ValidationError("Title", f"is too long (at most {MAX_TITLE} characters)")
    if not isinstance(due_date, dt.date) or isinstance(due_date, dt.datetime):
        raise ValidationError("Due date", "pick the day it is due")
    if priority not in PRIORITIES:
        raise ValidationError("Priority", f"must be one of {', '.join(PRIORITIES.values())}")
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise ValidationError("Notes", f"are too long (at most {MAX_NOTES} characters)")
    with database.atomic():
        if customer_id is not None:
            customer = customers.load_row(customer_id)
            if customer.merged_into_id is not None:
                raise ServiceError(
                    f"This customer was merged into customer {customer.merged_into_id}; add it there."
                )
        row = FollowUp.create(
            title=title,
            customer=customer_id,
            due_date=due_date,
            priority=priority,
            notes=notes,
            status="open",
            origin="manual",
            created_at=session.clock.now(),
            created_by=session.actor.staff_id,
        )
        audit.record(
            session,
            "create",
            "follow_up",
            row.id,
            None,
            {
                "customer_id": customer_id,
                "title": title,
                "due_date": due_date,
                "priority": priority,
                "notes": notes,
            },
        )
    return FollowUpLine(row.id, title, due_date, "open", priority)


def for_customer(customer_id: int, limit: int = 200) -> list[FollowUpLine]:
    """A customer's follow-ups: open ones by due date (then priority), then the done and cancelled ones."""
    return list(follow_ups_of(customer_id, limit))
