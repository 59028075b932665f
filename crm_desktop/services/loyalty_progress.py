"""How far a customer is from their next tier, for the profile header ("€120.00 to Silver").

Read-only: the figure is `loyalty_tiers.figure` (trailing-12-month spend or lifetime points, per the rules'
basis) and the next tier is the first whose threshold the figure has not reached.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crm_desktop.services import loyalty_tiers
from crm_desktop.services.loyalty_rules import LoyaltyRules, current


@dataclass(frozen=True)
class TierProgress:
    basis: str  # "spend_12m" (figures in cents) | "lifetime_points"
    figure: int  # the customer's spend in the window, or lifetime points, today
    next_tier: str | None  # None at the top tier, or when the programme is off
    next_threshold: int | None
    remaining: int | None  # next_threshold - figure


def tier_progress(customer_id: int, today: dt.date, rules: LoyaltyRules | None = None) -> TierProgress:
    rules = rules or current()
    figure = loyalty_tiers.figure(customer_id, rules, today)
    following = None
    if rules.enabled:
        following = next((t for t in rules.tiers if t.threshold > figure), None)
    if following is None:
        return TierProgress(rules.tier_basis, figure, None, None, None)
    return TierProgress(
        rules.tier_basis, figure, following.name, following.threshold, following.threshold - figure
    )
