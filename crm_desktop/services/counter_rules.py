"""Counter rules: which sale amounts the counter accepts. Stored in the database like every shop setting."""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.db.models import database
from crm_desktop.services import settings
from crm_desktop.services.errors import ValidationError
from crm_desktop.services.session import Session

ALLOW_ZERO_KEY = "sales.allow_zero"
MAX_AMOUNT_KEY = "sales.max_amount_cents"
DEFAULT_MAX_AMOUNT_CENTS = 1_000_000  # 10,000.00: a typo guard, raised by shops that sell dearer things
CEILING_CENTS = 100_000_000_00  # beyond this an amount is surely a typo whatever the shop sells


@dataclass(frozen=True)
class CounterRules:
    allow_zero: bool = False  # free items, warranty swaps: a sale of 0.00 goes through
    max_amount_cents: int = DEFAULT_MAX_AMOUNT_CENTS  # larger amounts are refused as likely typos


def current() -> CounterRules:
    return CounterRules(
        allow_zero=bool(settings.get_value(ALLOW_ZERO_KEY, False)),
        max_amount_cents=int(settings.get_value(MAX_AMOUNT_KEY, DEFAULT_MAX_AMOUNT_CENTS)),
    )


def save(session: Session, rules: CounterRules) -> CounterRules:
    """Validate and store both rules in one transaction, each audited."""
    if not 1 <= rules.max_amount_cents <= CEILING_CENTS:
        limit = settings.shop_profile().money.format(CEILING_CENTS)
        raise ValidationError("Largest sale", f"must be more than zero and at most {limit}")
    with database.atomic():
        before = current()
        if before.allow_zero != rules.allow_zero:
            settings.set_value(session, ALLOW_ZERO_KEY, rules.allow_zero)
        if before.max_amount_cents != rules.max_amount_cents:
            settings.set_value(session, MAX_AMOUNT_KEY, rules.max_amount_cents)
    return current()
