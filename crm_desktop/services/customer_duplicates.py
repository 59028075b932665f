"""Duplicate warnings: customers who may be the same person as a form being filled in (never a block)."""

from __future__ import annotations

from difflib import SequenceMatcher

from crm_desktop.db.models import Customer
from crm_desktop.services import phones, settings
from crm_desktop.services.customer_records import CustomerInput, DuplicateCandidate, display_name
from crm_desktop.services.text import fold, squash


def similar_names(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Loosely the same person's name: equal ignoring accents, case and punctuation, swapped first/last,
    or close spelling ('Jon Smith' / 'John Smith', 'J. Smith' / 'John Smith')."""
    a_full, b_full = squash(a[0] + a[1]), squash(b[0] + b[1])
    if not a_full or not b_full:
        return False
    if a_full == b_full or squash(a[1] + a[0]) == b_full:
        return True
    left, right = fold(f"{a[0]} {a[1]}".strip()), fold(f"{b[0]} {b[1]}".strip())
    return SequenceMatcher(None, left, right).ratio() >= 0.8


def find_duplicates(data: CustomerInput, exclude_id: int | None = None) -> list[DuplicateCandidate]:
    """Customers who may be the same person: same email (any case), same phone (compared as E.164, or as
    typed when unreadable), or a similar name with the same birthday. Never raises on incomplete input.
    Merged-away records are left out; archived ones are included and flagged."""
    reasons: dict[int, list[str]] = {}
    base = Customer.merged_into.is_null()
    if exclude_id is not None:
        base &= Customer.id != exclude_id
    email = (data.email or "").strip().lower()
    if email:
        for c in Customer.select(Customer.id).where(base & (Customer.email == email)):
            reasons.setdefault(c.id, []).append("same email")
    phone = phones.normalise(data.phone or "", settings.shop_profile().country)
    if phone.display:
        same = Customer.phone_e164 == phone.e164 if phone.e164 else Customer.phone == phone.display
        for c in Customer.select(Customer.id).where(base & same):
            reasons.setdefault(c.id, []).append("same phone")
    if data.birth_day and data.birth_month and (data.first_name.strip() or data.last_name.strip()):
        query = Customer.select(
            Customer.id, Customer.first_name, Customer.last_name, Customer.birth_year
        ).where(base & (Customer.birth_month == data.birth_month) & (Customer.birth_day == data.birth_day))
        for c in query:
            if data.birth_year and c.birth_year and data.birth_year != c.birth_year:
                continue
            if similar_names((data.first_name, data.last_name), (c.first_name, c.last_name)):
                reasons.setdefault(c.id, []).append("similar name and same birthday")
    if not reasons:
        return []
    found = Customer.select().where(Customer.id.in_(list(reasons)))
    out = [
        DuplicateCandidate(
            id=c.id,
            display_name=display_name(c.first_name, c.last_name, c.email, c.phone),
            phone=c.phone or "",
            email=c.email or "",
            reason=", ".join(reasons[c.id]),
            archived=c.archived_at is not None,
        )
        for c in found
    ]
    return sorted(out, key=lambda d: (-len(reasons[d.id]), d.archived, d.id))
