"""Loyalty points: the entry point the rest of the app imports (rules, counter, ledger, daily pass).

Implemented in `loyalty_rules.py` (rules, validation, pure maths), `loyalty_ledger.py` (ledger writes, FIFO),
`loyalty_tiers.py` (tiers) and `loyalty_daily.py` (daily pass, expiring-soon list). The decisions:

Ledger. Append-only entries `earn`, `redeem`, `adjust`, `expire`, `birthday_bonus`, `void_reversal` with signed
points, `balance_after`, reason, purchase, staff and time. Each write moves the cached `points_balance` in the
same transaction (`UPDATE … RETURNING`), so `crm-desktop check` (cache == ledger sum) holds. A redemption or
adjustment that would take the balance below zero is refused (`ValidationError`) and changes nothing.

Rules (Settings → Loyalty, `setting` "loyalty.rules", owner only, audited as "loyalty_rules"). Saving never
touches past entries: an earn entry stores its own `expires_on`, computed when it is written.
- Earning: `points_per_unit` points per `unit_cents` of what the customer *paid* (money paid with points earns
  nothing and comes off the earning lines first); lines of products with `earns_points` off or of an excluded
  category (case-insensitive) earn nothing. One rounding (`down`, `nearest` with halves up, `up`) of the exact
  product `paid × points × tier multiplier`, so ×1.5 on 19.99 gives 29, not 1.5 × 19 = 28. A sale whose paid
  total is under `min_purchase_cents` earns nothing.
- Tiers: the highest tier whose threshold the customer's figure reaches; no tier with a figure of 0 (never
  bought, or nothing in the window). The figure is spend in the trailing 12 months (business dates after the
  same day a year ago, non-voided, from the covering index) or lifetime points (earned by purchases less
  void take-backs, plus birthday bonuses; redemptions, expiry and adjustments leave it alone). A sale earns
  at the tier the customer had *before* it (computed fresh, not trusted from the cache); afterwards the tier
  is recomputed. Voids, the daily pass (customers whose purchases left the window) and rule changes (everyone)
  recompute it too. Every move is an audit entry, action "tier_change", entity "customer".
- Redeeming: `redeem_points` points are worth `redeem_value_cents`; any whole number of points from
  `min_redeem_points` up, valued `points × value ÷ points-per-block` rounded down to the cent; never more than
  the balance nor worth more than the sale. The money off is `purchase.points_value_cents`; `total_cents` is
  what was paid (the lines' sum less it); the `redeem` entry links the purchase, all in the sale's transaction.
  `max_redeemable` offers the fewest points worth the most money off, so no point is spent for nothing.
- Expiry: points expire `expiry_months` calendar months after the day they were earned (31 Jan + 1 = 28/29 Feb),
  on that day; `None` = never. Earned, birthday and positively adjusted points expire; redeemed points given
  back by a void keep their old place. FIFO: what is spent uses the soonest-expiring points first (under one
  rule that is the oldest), which gives the amount due by day D in one SQL sum
  `max(0, credits dated ≤ D − all debits so far)` (`loyalty_ledger.DUE_CONDITION`): after an `expire` entry
  that sum is 0, so the pass is idempotent; it can never exceed the balance (credits dated after D and
  undated ones are ≥ 0). Undated credits (earned while expiry was off) never expire and are used last.
  Changing `expiry_months` applies to points earned from then on. Switching the programme off stops earning,
  redeeming and birthday bonuses; dated points still expire as promised.
- Birthday bonus: `birthday_bonus_points` (0 = off) once per year, due from the birthday to
  `birthday_window_days` after it, to active (not archived) customers with a birthday, year or not; 29 February
  is celebrated on 28 February outside leap years. The entry's occasion is `birthday:YYYY`, YYYY the year of
  that celebration (a 30 Dec birthday granted on 2 Jan is the previous year's), unique per customer.
- Adjustments: managers and owners only (`PermissionDenied` otherwise), a reason is required, audited.
- Voids (`reverse_for_void`): redeemed points are given back first (a negative debit: they resume their FIFO
  place, and expire at the next pass if their time has come). Then each earn entry of the purchase is taken
  back, but only what is left of it: `min(earned, due_by(its expiry), balance)` — of the points dated up to its
  expiry, what is unspent and unexpired is the latest of them. The take-back is dated like the earn it cancels,
  so it cancels that credit rather than sooner-expiring ones. Any shortfall is written in the entry's reason.

Daily pass (`run_daily`, at start-up and daily; see `loyalty_daily.py`): expiry, birthday bonuses and tiers,
one transaction and one candidate query each, batched writes; twice in a row writes nothing the second time.
Its state (setting "loyalty.daily") remembers what it covered; without it (a database that never ran a pass)
the first pass recomputes every tier once. The demo writes the state for the history it generates.

Known limits: a merge moves entries but leaves the survivor's tier until their next sale, void or a rule
change; the `+adjust` a merge writes for a clashing occasion is undated, so those points never expire.
"""

from __future__ import annotations

import datetime as dt

from crm_desktop.db.models import database
from crm_desktop.services import loyalty_tiers
from crm_desktop.services.loyalty_daily import (
    DailyResult,
    ExpiringPoints,
    expiring_within,
    run_daily,
)
from crm_desktop.services.loyalty_ledger import (
    REDEEM_FIELD,
    Reversal,
    adjust,
    balance,
    check_redemption,
    due_by,
    earn,
    max_redeemable,
    redeem,
    reverse_for_void,
)
from crm_desktop.services.loyalty_rules import (
    LoyaltyRules,
    PricedLine,
    Tier,
    celebrated_on,
    points_for,
    redemption_value_cents,
    tier_of,
)
from crm_desktop.services.loyalty_rules import current as rules
from crm_desktop.services.loyalty_rules import save as _save
from crm_desktop.services.session import Session

CENTS_PER_POINT = 100  # the default rule's unit (1 point per 1.00)

__all__ = [
    "CENTS_PER_POINT",
    "REDEEM_FIELD",
    "DailyResult",
    "ExpiringPoints",
    "LoyaltyRules",
    "PricedLine",
    "Reversal",
    "Tier",
    "adjust",
    "balance",
    "celebrated_on",
    "check_redemption",
    "due_by",
    "earn",
    "expiring_within",
    "max_redeemable",
    "points_for",
    "redeem",
    "redemption_value_cents",
    "reverse_for_void",
    "rules",
    "run_daily",
    "save_rules",
    "tier_after_sale",
    "tier_before_sale",
    "tier_for",
    "tier_of",
]


def save_rules(session: Session, new_rules: LoyaltyRules) -> LoyaltyRules:
    """Validate, store and audit the rules (owner only); returns them as stored. When tiers or their basis
    change, every customer's tier is recomputed in the same transaction (moves audited). Past ledger entries
    are never rewritten."""
    with database.atomic():
        before, after = _save(session, new_rules)
        if (before.tier_basis, before.tiers) != (after.tier_basis, after.tiers):
            from crm_desktop import clock as clocks

            loyalty_tiers.recompute(session, after, clocks.today(session.clock))
    return after


def tier_for(customer_id: int) -> str | None:
    """The customer's current tier as last computed (after each sale and void, daily, on rule changes)."""
    return loyalty_tiers.stored(customer_id)


def tier_before_sale(
    customer_id: int, paid_cents: int, rules_: LoyaltyRules, today: dt.date
) -> tuple[str | None, int]:
    """(tier the sale earns at, figure before it). Call after the purchase row is written, before earning:
    with spend as the basis its own total is taken off again."""
    figure = loyalty_tiers.figure(customer_id, rules_, today)
    if rules_.tier_basis == "spend_12m":
        figure -= paid_cents
    return tier_of(figure, rules_), figure


def tier_after_sale(
    session: Session, customer_id: int, figure_before: int, paid_cents: int, earned: int, rules_: LoyaltyRules
) -> str | None:
    """Store (and audit a move of) the customer's tier after a sale."""
    grown = paid_cents if rules_.tier_basis == "spend_12m" else earned
    return loyalty_tiers.refresh(session, customer_id, rules_, figure_before + grown)
