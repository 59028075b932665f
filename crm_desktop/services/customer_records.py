"""The customer's plain data types and the names derived from a record (display name, sort key)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from crm_desktop.services.text import fold

CHANNELS = ("email", "sms", "phone")


@dataclass(frozen=True)
class CustomerInput:
    """What a form submits; strings may be empty."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    birth_day: int | None = None
    birth_month: int | None = None
    birth_year: int | None = None
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    postal_code: str = ""
    country: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    email_consent: bool = False
    sms_consent: bool = False
    preferred_channel: str | None = None  # "email" | "sms" | "phone" | None
    source: str = ""
    card_number: str = ""


INPUT_FIELDS = tuple(f.name for f in dataclasses.fields(CustomerInput))


@dataclass(frozen=True)
class CustomerDetails:
    """One customer: everything the edit form and the profile header need."""

    id: int
    first_name: str
    last_name: str
    display_name: str
    email: str
    phone: str
    phone_e164: str | None
    phone_note: str
    birth_day: int | None
    birth_month: int | None
    birth_year: int | None
    address_line1: str
    address_line2: str
    city: str
    postal_code: str
    country: str
    notes: str
    tags: tuple[str, ...]
    email_consent: bool
    email_consent_at: dt.datetime | None
    sms_consent: bool
    sms_consent_at: dt.datetime | None
    preferred_channel: str | None
    source: str
    card_number: str
    tier: str | None
    points_balance: int
    visits: int
    total_spent_cents: int
    first_visit_date: dt.date | None
    last_visit_date: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    archived_at: dt.datetime | None
    merged_into_id: int | None

    def to_input(self) -> CustomerInput:
        return CustomerInput(**{name: getattr(self, name) for name in INPUT_FIELDS})


@dataclass(frozen=True)
class DuplicateCandidate:
    id: int
    display_name: str
    phone: str
    email: str
    reason: str  # "same email", "same phone", "similar name and same birthday"; several joined by ", "
    archived: bool = False


def display_name(first: str, last: str, email: str | None, phone: str | None) -> str:
    """ "First Last", or the email or phone when there is no name."""
    return " ".join(p for p in (first, last) if p) or email or phone or ""


def sort_name(first: str, last: str, email: str | None = None, phone: str | None = None) -> str:
    return " ".join(p for p in (fold(last), fold(first)) if p) or fold(email or phone or "")
