"""Customers: create, edit, archive/restore, tags; duplicate warnings (`customer_duplicates.py`) and merge
(`customer_merge.py`) are reached through this module too. The data types live in `customer_records.py`.

Stored forms: email lowercased (addresses are case-insensitive in practice; the duplicate check and the
index compare exact values); empty email, phone and card number are NULL; phone as `phones.normalise`
returns it; `sort_name` is `text.fold("last first")`, or the folded email/phone when there is no name, so
nameless customers sort where their display name would.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from crm_desktop import clock as clocks
from crm_desktop.db.models import Customer, CustomerTag, Tag, database
from crm_desktop.services import audit, phones, settings
from crm_desktop.services.customer_duplicates import find_duplicates, similar_names
from crm_desktop.services.customer_records import (
    CHANNELS,
    INPUT_FIELDS,
    CustomerDetails,
    CustomerInput,
    DuplicateCandidate,
    display_name,
    sort_name,
)
from crm_desktop.services.errors import NotFoundError, ServiceError, ValidationError
from crm_desktop.services.session import Session

if TYPE_CHECKING:
    from crm_desktop.services.customer_merge import MergePreview

__all__ = [
    "CHANNELS",
    "INPUT_FIELDS",
    "MERGE_FIELDS",
    "CustomerDetails",
    "CustomerInput",
    "DuplicateCandidate",
    "all_tags",
    "archive",
    "create",
    "display_name",
    "find_duplicates",
    "get",
    "merge",
    "merge_preview",
    "restore",
    "similar_names",
    "sort_name",
    "update",
    "validate",
]

MAX_TEXT = 200  # names, address lines, source, card number, tag names
MAX_NOTES = 20_000
_EMAIL_RE = re.compile(r"[^@\s]+@(?:[^@\s.]+\.)+[^@\s.]+")

# --- validation -----------------------------------------------------------------------------------------


def _text(value: str, field: str, limit: int = MAX_TEXT) -> str:
    cleaned = " ".join((value or "").split())
    if len(cleaned) > limit:
        raise ValidationError(field, f"is too long (at most {limit} characters)")
    return cleaned


def _birthday(day: int | None, month: int | None, year: int | None, today: dt.date) -> None:
    if day is None and month is None:
        if year is not None:
            raise ValidationError("Birthday", "enter the day and month too, or leave the year empty")
        return
    if day is None or month is None:
        raise ValidationError("Birthday", "enter both the day and the month")
    if not 1 <= month <= 12:
        raise ValidationError("Birthday", f"there is no month {month}")
    # A leap year, so 29 February is a valid birthday when the year is unknown.
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        raise ValidationError("Birthday", f"{calendar.month_name[month]} has no day {day}")
    if year is None:
        return
    if year < 1900:
        raise ValidationError("Birthday", "the year must be 1900 or later")
    if month == 2 and day == 29 and not calendar.isleap(year):
        raise ValidationError("Birthday", f"{year} is not a leap year, so it has no 29 February")
    if dt.date(year, month, day) > today:
        raise ValidationError("Birthday", "is in the future")


def clean_input(
    data: CustomerInput, today: dt.date, exclude_id: int | None = None
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Validate `data`; returns the customer columns to store and the tag names. Reads only."""
    first = _text(data.first_name, "First name")
    last = _text(data.last_name, "Last name")
    email = (data.email or "").strip().lower()
    phone_text = _text(data.phone, "Phone")
    if not (first or last or email or phone_text):
        raise ValidationError("Name", "enter a name, phone or email")
    if email and not _EMAIL_RE.fullmatch(email):
        raise ValidationError("Email", f"'{data.email.strip()}' is not an email address")
    if len(email) > MAX_TEXT:
        raise ValidationError("Email", f"is too long (at most {MAX_TEXT} characters)")
    phone = phones.normalise(phone_text, settings.shop_profile().country)
    _birthday(data.birth_day, data.birth_month, data.birth_year, today)
    if data.preferred_channel not in (None, *CHANNELS):
        raise ValidationError("Preferred channel", f"must be one of {', '.join(CHANNELS)} or none")
    card = _text(data.card_number, "Card number")
    if card:
        holder = Customer.get_or_none(Customer.card_number == card)
        if holder is not None and holder.id != exclude_id:
            name = display_name(holder.first_name, holder.last_name, holder.email, holder.phone)
            raise ValidationError("Card number", f"already used by {name}")
    tags: dict[str, str] = {}
    for raw in data.tags:
        tag = _text(raw, "Tags", 50)
        if tag:
            tags.setdefault(tag.casefold(), tag)
    values = {
        "first_name": first,
        "last_name": last,
        "sort_name": sort_name(first, last, email, phone.display),
        "email": email or None,
        "phone": phone.display or None,
        "phone_e164": phone.e164,
        "phone_search": phone.search,
        "birth_day": data.birth_day,
        "birth_month": data.birth_month,
        "birth_year": data.birth_year,
        "address_line1": _text(data.address_line1, "Address"),
        "address_line2": _text(data.address_line2, "Address line 2"),
        "city": _text(data.city, "City"),
        "postal_code": _text(data.postal_code, "Postal code"),
        "country": _text(data.country, "Country"),
        "notes": _notes(data.notes),
        "email_consent": bool(data.email_consent),
        "sms_consent": bool(data.sms_consent),
        "preferred_channel": data.preferred_channel,
        "source": _text(data.source, "Source"),
        "card_number": card or None,
    }
    return values, tuple(tags.values())


def _notes(value: str) -> str:
    notes = (value or "").strip()
    if len(notes) > MAX_NOTES:
        raise ValidationError("Notes", f"are too long (at most {MAX_NOTES} characters)")
    return notes


def validate(data: CustomerInput, today: dt.date, exclude_id: int | None = None) -> None:
    """Raise the `ValidationError` that `create`/`update` would raise, without writing (for forms)."""
    clean_input(data, today, exclude_id)


# --- reading --------------------------------------------------------------------------------------------


def tags_of(customer_id: int) -> tuple[str, ...]:
    query = (
        Tag.select(Tag.name)
        .join(CustomerTag, on=(CustomerTag.tag == Tag.id))
        .where(CustomerTag.customer == customer_id)
        .order_by(Tag.name)
    )
    return tuple(t.name for t in query)


def details_of(c: Customer, tags: tuple[str, ...]) -> CustomerDetails:
    country = settings.shop_profile().country
    return CustomerDetails(
        id=c.id,
        first_name=c.first_name,
        last_name=c.last_name,
        display_name=display_name(c.first_name, c.last_name, c.email, c.phone),
        email=c.email or "",
        phone=c.phone or "",
        phone_e164=c.phone_e164,
        phone_note=phones.note_for(c.phone, c.phone_e164, country),
        birth_day=c.birth_day,
        birth_month=c.birth_month,
        birth_year=c.birth_year,
        address_line1=c.address_line1,
        address_line2=c.address_line2,
        city=c.city,
        postal_code=c.postal_code,
        country=c.country,
        notes=c.notes,
        tags=tags,
        email_consent=bool(c.email_consent),
        email_consent_at=c.email_consent_at,
        sms_consent=bool(c.sms_consent),
        sms_consent_at=c.sms_consent_at,
        preferred_channel=c.preferred_channel,
        source=c.source,
        card_number=c.card_number or "",
        tier=c.tier,
        points_balance=c.points_balance,
        visits=c.visits,
        total_spent_cents=c.total_spent_cents,
        first_visit_date=c.first_visit_date,
        last_visit_date=c.last_visit_date,
        created_at=c.created_at,
        updated_at=c.updated_at,
        archived_at=c.archived_at,
        merged_into_id=c.merged_into_id,
    )


def load_row(customer_id: int) -> Customer:
    c = Customer.get_or_none(Customer.id == customer_id)
    if c is None:
        raise NotFoundError(f"Customer {customer_id} does not exist.")
    return c


def get(customer_id: int) -> CustomerDetails:
    return details_of(load_row(customer_id), tags_of(customer_id))


def all_tags() -> list[str]:
    """Every tag name, for autocomplete."""
    return sorted((t.name for t in Tag.select(Tag.name)), key=lambda n: (n.casefold(), n))


def snapshot(c: Customer, tags: Iterable[str]) -> dict[str, Any]:
    """The audited view of a customer: the form's fields plus what the service derives from them."""
    out = {name: getattr(c, name) for name in INPUT_FIELDS if name != "tags"}
    out.update(
        tags=sorted(tags, key=str.casefold),
        phone_e164=c.phone_e164,
        email_consent_at=c.email_consent_at,
        sms_consent_at=c.sms_consent_at,
    )
    return out


# --- writing --------------------------------------------------------------------------------------------


def set_tags(customer_id: int, names: Iterable[str]) -> tuple[str, ...]:
    """Link exactly these tags (creating missing ones, reusing existing ones whatever their case);
    returns the stored names. Call inside a transaction."""
    wanted = list(dict.fromkeys(names))
    existing = {t.name.casefold(): t for t in Tag.select().where(Tag.name.in_(wanted))} if wanted else {}
    ids: dict[int, str] = {}
    for name in wanted:
        tag = existing.get(name.casefold())
        if tag is None:
            tag = existing[name.casefold()] = Tag.create(name=name)
        ids[tag.id] = tag.name
    linked = {link.tag_id for link in CustomerTag.select().where(CustomerTag.customer == customer_id)}
    gone = linked - ids.keys()
    if gone:
        CustomerTag.delete().where(
            (CustomerTag.customer == customer_id) & CustomerTag.tag.in_(gone)
        ).execute()
    new = [{"customer": customer_id, "tag": tid} for tid in ids if tid not in linked]
    if new:
        CustomerTag.insert_many(new).execute()
    return tuple(sorted(ids.values(), key=str.casefold))


def _consent_at(
    was: bool | None, was_at: dt.datetime | None, now_given: bool, now: dt.datetime
) -> dt.datetime | None:
    """When consent was last given or withdrawn: set on change, kept otherwise (None = never asked)."""
    if was is None:
        return now if now_given else None
    return now if bool(was) != now_given else was_at


def create(session: Session, data: CustomerInput) -> CustomerDetails:
    now = session.clock.now()
    with database.atomic():
        values, tags = clean_input(data, clocks.today(session.clock))
        values["email_consent_at"] = _consent_at(None, None, values["email_consent"], now)
        values["sms_consent_at"] = _consent_at(None, None, values["sms_consent"], now)
        c = Customer.create(**values, created_at=now, updated_at=now)
        stored = set_tags(c.id, tags)
        audit.record(session, "create", "customer", c.id, None, snapshot(c, stored))
        return details_of(c, stored)


def update(session: Session, customer_id: int, data: CustomerInput) -> CustomerDetails:
    now = session.clock.now()
    with database.atomic():
        c = load_row(customer_id)
        if c.merged_into_id is not None:
            raise ServiceError(f"This customer was merged into customer {c.merged_into_id}; edit that one.")
        before = snapshot(c, tags_of(customer_id))
        values, tags = clean_input(data, clocks.today(session.clock), exclude_id=customer_id)
        values["email_consent_at"] = _consent_at(
            c.email_consent, c.email_consent_at, values["email_consent"], now
        )
        values["sms_consent_at"] = _consent_at(c.sms_consent, c.sms_consent_at, values["sms_consent"], now)
        for name, value in values.items():
            setattr(c, name, value)
        stored = set_tags(customer_id, tags)
        after = snapshot(c, stored)
        if after != before:
            c.updated_at = now
            c.save(only=[*values, "updated_at"])
            audit.record(session, "update", "customer", customer_id, before, after)
        return details_of(c, stored)


def archive(session: Session, customer_id: int) -> None:
    """Hide a customer from lists and search (nothing is deleted); archiving twice changes nothing."""
    with database.atomic():
        c = load_row(customer_id)
        if c.archived_at is not None:
            return
        now = session.clock.now()
        Customer.update(archived_at=now, updated_at=now).where(Customer.id == customer_id).execute()
        audit.record(session, "archive", "customer", customer_id, {"archived_at": None}, {"archived_at": now})


def restore(session: Session, customer_id: int) -> None:
    with database.atomic():
        c = load_row(customer_id)
        if c.merged_into_id is not None:
            raise ServiceError(
                f"This customer was merged into customer {c.merged_into_id}; their history is there now."
            )
        if c.archived_at is None:
            return
        now = session.clock.now()
        Customer.update(archived_at=None, updated_at=now).where(Customer.id == customer_id).execute()
        audit.record(
            session, "restore", "customer", customer_id, {"archived_at": c.archived_at}, {"archived_at": None}
        )


# --- merging (implemented in customer_merge.py, which builds on this module) ----------------------------

# CustomerInput fields a person chooses per field when merging; tags are always united. Naming any of the
# birthday fields takes the whole birthday, and a consent flag brings its date along.
MERGE_FIELDS: tuple[str, ...] = tuple(name for name in INPUT_FIELDS if name != "tags")


def merge(
    session: Session, survivor_id: int, merged_id: int, take_from_merged: Iterable[str] = ()
) -> CustomerDetails:
    """Fold `merged_id` into `survivor_id`; see `customer_merge.merge`."""
    from crm_desktop.services import customer_merge

    return customer_merge.merge(session, survivor_id, merged_id, take_from_merged)


def merge_preview(survivor_id: int, merged_id: int) -> MergePreview:
    """What `merge` would move (purchases, points, notes, follow-ups) and the united tags; reads only."""
    from crm_desktop.services import customer_merge

    return customer_merge.merge_preview(survivor_id, merged_id)
