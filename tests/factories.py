"""Small builders for test data, going through the services so rows are what the app would write."""

from __future__ import annotations

from typing import Any

from crm_desktop.services import customers
from crm_desktop.services.customers import CustomerDetails, CustomerInput
from crm_desktop.services.session import Session


def make_customer(session: Session, **overrides: Any) -> CustomerDetails:
    """A valid customer ("Ada Lovelace" unless overridden); any `CustomerInput` field may be overridden."""
    fields: dict[str, Any] = {"first_name": "Ada", "last_name": "Lovelace"}
    fields.update(overrides)
    if isinstance(fields.get("tags"), list):
        fields["tags"] = tuple(fields["tags"])
    return customers.create(session, CustomerInput(**fields))
