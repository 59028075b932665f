"""One customer's profile: header figures, purchases with their items, the points ledger, interactions and
follow-ups; and logging an interaction.

Every list is one index-backed query, whatever the history's length: purchases through
`purchase(customer_id, business_date, ...)`, their items and points in one `IN` query each, the ledger
through `loyalty_entry(customer_id, id)`, interactions through `interaction(customer_id, occurred_at)`. A
profile is about ten small queries (no N+1).

Birthdays (`birthday_dates`, the one definition): 29 February is celebrated on 28 February in other years,
or 1 March by the shop's setting; "in N days" counts local calendar days from `today` and is 0 on the day.
The age is given only when the year is known, and grows on the celebrated day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from peewee import JOIN, fn

from crm_desktop.db.models import (
    INTERACTION_KINDS,
    Interaction,
    LoyaltyEntry,
    Purchase,
    PurchaseItem,
    Staff,
    database,
)
from crm_desktop.services import audit, birthday_templates, customers
from crm_desktop.services.birthday_dates import age_on
from crm_desktop.services.birthday_dates import days_until as days_until_birthday
from crm_desktop.services.cases import CASE_KINDS
from crm_desktop.services.customer_records import CustomerDetails
from crm_desktop.services.errors import ServiceError, ValidationError
from crm_desktop.services.followup_queries import for_customer
from crm_desktop.services.followup_records import FollowUpRow
from crm_desktop.services.session import Session

BODY_OPTIONAL = ("call", "email", "visit")  # logging that it happened says enough; the others need text
MAX_BODY = 20_000


@dataclass(frozen=True)
class PurchaseLine:
    description: str
    quantity: int
    unit_price_cents: int
    discount_cents: int
    line_total_cents: int


@dataclass(frozen=True)
class PurchaseSummary:
    id: int
    occurred_at: dt.datetime
    business_date: dt.date
    total_cents: int
    payment_method: str
    staff_name: str
    note: str
    voided: bool
    void_reason: str
    points_earned: int
    points_redeemed: int
    items: tuple[PurchaseLine, ...]


@dataclass(frozen=True)
class LedgerLine:
    id: int
    created_at: dt.datetime
    kind: str
    points: int
    balance_after: int
    reason: str
    purchase_id: int | None
    staff_name: str
    running_balance: int  # the balance after this entry, counted back from today's balance


@dataclass(frozen=True)
class InteractionLine:
    id: int
    occurred_at: dt.datetime
    kind: str
    body: str
    staff_name: str
    case_status: str | None


@dataclass(frozen=True)
class CustomerProfile:
    customer: CustomerDetails
    average_basket_cents: int | None
    birthday_in_days: int | None  # local calendar days; 29 Feb by the shop rule (birthday_dates)
    age: int | None  # only when the birth year is known
    purchases: tuple[PurchaseSummary, ...]  # newest first, at most `limit`
    ledger: tuple[LedgerLine, ...]  # newest first
    interactions: tuple[InteractionLine, ...]  # newest first
    follow_ups: tuple[FollowUpRow, ...]  # open ones by due date, then the others, latest due first


def average_basket(total_spent_cents: int, visits: int) -> int | None:
    """Spend per visit, rounded half up to whole cents; None before the first visit."""
    return (total_spent_cents + visits // 2) // visits if visits > 0 else None


def _staff_name(row: object) -> str:
    staff = getattr(row, "staff", None)
    return staff.name if staff is not None and staff.id is not None else ""


def _purchases(customer_id: int, limit: int) -> tuple[PurchaseSummary, ...]:
    rows = list(
        Purchase.select(Purchase, Staff.id, Staff.name)
        .join(Staff, JOIN.LEFT_OUTER, on=(Purchase.staff == Staff.id))
        .where(Purchase.customer == customer_id)
        .order_by(Purchase.business_date.desc(), Purchase.occurred_at.desc(), Purchase.id.desc())
        .limit(limit)
    )
    ids = [p.id for p in rows]
    items: dict[int, list[PurchaseLine]] = defaultdict(list)
    points: dict[tuple[int, str], int] = {}
    if ids:
        for item in PurchaseItem.select().where(PurchaseItem.purchase.in_(ids)).order_by(PurchaseItem.id):
            items[item.purchase_id].append(
                PurchaseLine(
                    item.description,
                    item.quantity,
                    item.unit_price_cents,
                    item.discount_cents,
                    item.line_total_cents,
                )
            )
        query = (
            LoyaltyEntry.select(LoyaltyEntry.purchase, LoyaltyEntry.kind, fn.sum(LoyaltyEntry.points))
            .where(LoyaltyEntry.purchase.in_(ids) & LoyaltyEntry.kind.in_(("earn", "redeem")))
            .group_by(LoyaltyEntry.purchase, LoyaltyEntry.kind)
            .tuples()
        )
        points = {(pid, kind): total for pid, kind, total in query}
    return tuple(
        PurchaseSummary(
            id=p.id,
            occurred_at=p.occurred_at,
            business_date=p.business_date,
            total_cents=p.total_cents,
            payment_method=p.payment_method,
            staff_name=_staff_name(p),
            note=p.note,
            voided=p.voided_at is not None,
            void_reason=p.void_reason,
            points_earned=points.get((p.id, "earn"), 0),
            points_redeemed=-points.get((p.id, "redeem"), 0),
            items=tuple(items[p.id]),
        )
        for p in rows
    )


def _ledger(customer_id: int, limit: int, balance: int) -> tuple[LedgerLine, ...]:
    """Newest first. `balance_after` is what was written at the time (entries moved by a merge keep the
    merged customer's figure); `running_balance` counts back from today's `balance`, so it always adds up."""
    query = (
        LoyaltyEntry.select(LoyaltyEntry, Staff.id, Staff.name)
        .join(Staff, JOIN.LEFT_OUTER, on=(LoyaltyEntry.staff == Staff.id))
        .where(LoyaltyEntry.customer == customer_id)
        .order_by(LoyaltyEntry.id.desc())
        .limit(limit)
    )
    lines = []
    for e in query:
        lines.append(
            LedgerLine(
                e.id,
                e.created_at,
                e.kind,
                e.points,
                e.balance_after,
                e.reason,
                e.purchase_id,
                _staff_name(e),
                balance,
            )
        )
        balance -= e.points
    return tuple(lines)


def _line(i: Interaction) -> InteractionLine:
    return InteractionLine(i.id, i.occurred_at, i.kind, i.body, _staff_name(i), i.case_status)


def _interactions(customer_id: int, limit: int) -> tuple[InteractionLine, ...]:
    query = (
        Interaction.select(Interaction, Staff.id, Staff.name)
        .join(Staff, JOIN.LEFT_OUTER, on=(Interaction.staff == Staff.id))
        .where(Interaction.customer == customer_id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(limit)
    )
    return tuple(_line(i) for i in query)


def follow_ups_of(customer_id: int, limit: int) -> tuple[FollowUpRow, ...]:
    """Open ones by due date, then the done and cancelled ones (`followups.for_customer`)."""
    return tuple(for_customer(customer_id, limit))


def profile(customer_id: int, today: dt.date, limit: int = 50) -> CustomerProfile:
    """Everything the profile view shows for one customer (NotFoundError if there is none)."""
    with database.atomic():  # one consistent snapshot across the queries
        details = customers.get(customer_id)
        feb29 = birthday_templates.feb29_rule()
        return CustomerProfile(
            customer=details,
            average_basket_cents=average_basket(details.total_spent_cents, details.visits),
            birthday_in_days=days_until_birthday(details.birth_month, details.birth_day, today, feb29),
            age=age_on(details.birth_year, details.birth_month, details.birth_day, today, feb29),
            purchases=_purchases(customer_id, limit),
            ledger=_ledger(customer_id, limit, details.points_balance),
            interactions=_interactions(customer_id, limit),
            follow_ups=follow_ups_of(customer_id, limit),
        )


def add_interaction(
    session: Session, customer_id: int, kind: str, body: str, open_as_case: bool = False
) -> InteractionLine:
    """Log a note, call, visit, ... for a customer, by the acting staff member, now; a complaint or request
    may be opened as a service case at once (`open_as_case`, see `cases.py`)."""
    if kind not in INTERACTION_KINDS:
        raise ValidationError("Kind", f"must be one of {', '.join(INTERACTION_KINDS)}")
    if open_as_case and kind not in CASE_KINDS:
        raise ValidationError("Kind", "only a complaint or a request can be opened as a case")
    body = (body or "").strip()
    if not body and kind not in BODY_OPTIONAL:
        raise ValidationError("Note", "write what was said or asked")
    if len(body) > MAX_BODY:
        raise ValidationError("Note", f"is too long (at most {MAX_BODY} characters)")
    with database.atomic():
        customer = customers.load_row(customer_id)
        if customer.merged_into_id is not None:
            raise ServiceError(
                f"This customer was merged into customer {customer.merged_into_id}; add it there."
            )
        now = session.clock.now()
        case_status = "open" if open_as_case else None
        row = Interaction.create(
            customer=customer_id,
            kind=kind,
            body=body,
            staff=session.actor.staff_id,
            occurred_at=now,
            case_status=case_status,
        )
        audit.record(
            session,
            "create",
            "interaction",
            row.id,
            None,
            {"customer_id": customer_id, "kind": kind, "body": body, "case_status": case_status},
        )
    return InteractionLine(row.id, now, kind, body, session.actor.name, case_status)
