"""The loyalty rules: what the owner sets in Settings → Loyalty, stored as JSON in `setting` "loyalty.rules".

Pure maths lives here too (points for a sale, money for points, expiry dates, tier from a figure), so the
counter flow, the daily pass, the demo and the tests all use one definition. `loyalty.py` documents the
decisions; this module only implements them.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from crm_desktop.db.models import Setting, database
from crm_desktop.services import audit
from crm_desktop.services.birthday_dates import celebrated_on as celebrated_on  # one definition (29 Feb rule)
from crm_desktop.services.errors import PermissionDenied, ValidationError
from crm_desktop.services.session import Session

RULES_KEY = "loyalty.rules"
ROUNDING_MODES = ("down", "nearest", "up")
TIER_BASES = ("spend_12m", "lifetime_points")
MAX_TIERS = 10
MAX_EXPIRY_MONTHS = 120
MAX_WINDOW_DAYS = 60


@dataclass(frozen=True)
class Tier:
    name: str  # "Bronze"
    threshold: int  # cents of trailing-12-month spend, or lifetime points, depending on rules.tier_basis
    multiplier_percent: int  # 100 = x1, 150 = x1.5 applied to earned points


DEFAULT_TIERS = (Tier("Bronze", 0, 100), Tier("Silver", 50000, 125), Tier("Gold", 150000, 150))


@dataclass(frozen=True)
class LoyaltyRules:
    enabled: bool = True
    points_per_unit: int = 1  # N points ...
    unit_cents: int = 100  # ... per this much spent (1 point per 1.00)
    rounding: str = "down"  # "down" | "nearest" | "up"
    min_purchase_cents: int = 0  # below this a sale earns nothing
    excluded_categories: tuple[str, ...] = ()  # product categories that earn nothing
    tier_basis: str = "spend_12m"  # "spend_12m" | "lifetime_points"
    tiers: tuple[Tier, ...] = DEFAULT_TIERS
    redeem_points: int = 100  # this many points ...
    redeem_value_cents: int = 500  # ... are worth this much off
    min_redeem_points: int = 100
    expiry_months: int | None = 12  # None = points never expire
    birthday_bonus_points: int = 0  # 0 = off
    birthday_window_days: int = 7  # bonus is due from the birthday until this many days after it

    def multiplier(self, tier: str | None) -> int:
        """The tier's multiplier in percent; 100 for no tier or a tier these rules no longer have."""
        for t in self.tiers:
            if t.name == tier:
                return t.multiplier_percent
        return 100

    def expires_on(self, earned_on: dt.date) -> dt.date | None:
        """When points earned on `earned_on` expire (they are gone on that day), or None."""
        return None if self.expiry_months is None else add_months(earned_on, self.expiry_months)


# --- pure maths ------------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months; the day of month is clamped (31 Jan + 1 month = 28/29 Feb)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def round_div(numerator: int, denominator: int, mode: str) -> int:
    """numerator / denominator (both ≥ 0) rounded by `mode`: down, up, or nearest (halves up)."""
    if mode == "up":
        return -(-numerator // denominator)
    if mode == "nearest":
        return (2 * numerator + denominator) // (2 * denominator)
    return numerator // denominator


class PricedLine(Protocol):
    """What the rule needs to know about a purchase line (`category` is optional)."""

    @property
    def line_total_cents(self) -> int: ...

    @property
    def earns_points(self) -> bool: ...


def line_earns(line: PricedLine, rules: LoyaltyRules) -> bool:
    if not line.earns_points:
        return False
    category = (getattr(line, "category", "") or "").strip().casefold()
    return not category or category not in {c.casefold() for c in rules.excluded_categories}


def points_for(
    total_cents: int,
    lines: Sequence[PricedLine] = (),
    tier: str | None = None,
    rules: LoyaltyRules | None = None,
    *,
    points_value_cents: int = 0,
) -> int:
    """Points a sale earns. `total_cents` is what was paid (after money off with points); `lines` carry their
    own totals before points. Money paid with points earns nothing and comes off the earning lines first."""
    rules = rules or current()
    if not rules.enabled or total_cents < rules.min_purchase_cents:
        return 0
    eligible = total_cents
    if lines:
        earning = sum(line.line_total_cents for line in lines if line_earns(line, rules))
        eligible = min(total_cents, earning - points_value_cents)
    eligible = max(eligible, 0)
    return round_div(
        eligible * rules.points_per_unit * rules.multiplier(tier), rules.unit_cents * 100, rules.rounding
    )


def redemption_value_cents(points: int, rules: LoyaltyRules | None = None) -> int:
    """Money off for `points` at the redemption rate, rounded down to the cent."""
    rules = rules or current()
    return max(points, 0) * rules.redeem_value_cents // rules.redeem_points


def redeemable_points(balance: int, total_cents: int, rules: LoyaltyRules) -> int:
    """The fewest points worth the most money off a sale of `total_cents` (never more than the total), or 0
    when that is under the minimum redemption or worth nothing."""
    if not rules.enabled or balance <= 0 or total_cents <= 0:
        return 0
    r, v = rules.redeem_points, rules.redeem_value_cents
    most = min(balance, ((total_cents + 1) * r - 1) // v)  # the most points whose value fits in the total
    value = most * v // r
    if value <= 0 or most < rules.min_redeem_points:
        return 0
    fewest = -(-value * r // v)  # fewer points worth the same money: no point is given away for nothing
    return max(fewest, rules.min_redeem_points)


def tier_of(value: int, rules: LoyaltyRules) -> str | None:
    """The highest tier whose threshold `value` reaches; None without any spend (or points) at all."""
    if value <= 0:
        return None
    found = None
    for tier in rules.tiers:  # ascending thresholds (validated)
        if value >= tier.threshold:
            found = tier.name
    return found


# --- storage ---------------------------------------------------------------------------------------------


def _to_json(rules: LoyaltyRules) -> dict[str, Any]:
    data = dataclasses.asdict(rules)
    data["tiers"] = [dataclasses.asdict(t) for t in rules.tiers]
    data["excluded_categories"] = list(rules.excluded_categories)
    return data


def _from_json(data: dict[str, Any]) -> LoyaltyRules:
    names = {f.name for f in dataclasses.fields(LoyaltyRules)}
    values = {k: v for k, v in data.items() if k in names}
    if "tiers" in values:
        values["tiers"] = tuple(Tier(**t) for t in values["tiers"])
    if "excluded_categories" in values:
        values["excluded_categories"] = tuple(values["excluded_categories"])
    return LoyaltyRules(**values)


def current() -> LoyaltyRules:
    """The shop's rules (the defaults until the owner saves some)."""
    row = Setting.select(Setting.value).where(Setting.key == RULES_KEY).tuples().first()
    if row is None:
        return LoyaltyRules()
    return _from_json(json.loads(row[0]))


def _whole(value: object, field: str, low: int, high: int, what: str = "a whole number") -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(field, f"must be {what}")
    if not low <= value <= high:
        raise ValidationError(field, f"must be between {low:,} and {high:,}")
    return value


def validate(rules: LoyaltyRules) -> LoyaltyRules:
    """Check every field (ValidationError names the field as the form shows it); returns tidied rules."""
    _whole(rules.points_per_unit, "Points per unit", 1, 10_000)
    _whole(rules.unit_cents, "Per amount spent", 1, 10_000_000, "an amount")
    if rules.rounding not in ROUNDING_MODES:
        raise ValidationError("Rounding", f"must be one of {', '.join(ROUNDING_MODES)}")
    _whole(rules.min_purchase_cents, "Minimum purchase", 0, 100_000_000, "an amount")
    categories: dict[str, str] = {}
    for category in rules.excluded_categories:
        if not isinstance(category, str) or not category.strip():
            raise ValidationError("Excluded categories", "a category name is empty")
        categories.setdefault(category.strip().casefold(), category.strip())
    if rules.tier_basis not in TIER_BASES:
        raise ValidationError("Tier basis", f"must be one of {', '.join(TIER_BASES)}")
    if len(rules.tiers) > MAX_TIERS:
        raise ValidationError("Tiers", f"at most {MAX_TIERS} tiers")
    tiers: list[Tier] = []
    seen: dict[str, int] = {}
    for row, tier in enumerate(rules.tiers, start=1):
        label = f"Tiers: row {row}"
        name = " ".join(str(tier.name or "").split())
        if not name:
            raise ValidationError(f"{label} name", "is required")
        if name.casefold() in seen:
            raise ValidationError(f"{label} name", f"'{name}' is already row {seen[name.casefold()]}")
        seen[name.casefold()] = row
        threshold = _whole(tier.threshold, f"{label} threshold", 0, 10**12)
        if tiers and threshold <= tiers[-1].threshold:
            raise ValidationError(f"{label} threshold", f"must be more than row {row - 1}'s")
        multiplier = _whole(tier.multiplier_percent, f"{label} multiplier", 100, 1000, "a percentage")
        tiers.append(Tier(name, threshold, multiplier))
    _whole(rules.redeem_points, "Redeem points", 1, 1_000_000)
    _whole(rules.redeem_value_cents, "Redeem value", 1, 100_000_000, "an amount")
    _whole(rules.min_redeem_points, "Minimum redemption", 1, 1_000_000)
    if rules.expiry_months is not None:
        _whole(rules.expiry_months, "Expiry", 1, MAX_EXPIRY_MONTHS, "a number of months")
    _whole(rules.birthday_bonus_points, "Birthday bonus", 0, 1_000_000)
    _whole(rules.birthday_window_days, "Birthday window", 0, MAX_WINDOW_DAYS, "a number of days")
    if not isinstance(rules.enabled, bool):
        raise ValidationError("Enabled", "must be on or off")
    return dataclasses.replace(rules, excluded_categories=tuple(categories.values()), tiers=tuple(tiers))


TIER_FIELDS = ("tier_basis", "tiers")


def save(session: Session, rules: LoyaltyRules) -> tuple[LoyaltyRules, LoyaltyRules]:
    """Validate and store the rules with an audit entry of the changed fields (owner only). Returns
    (before, after); the caller recomputes tiers when `TIER_FIELDS` changed. Ledger entries are never
    touched: each earn entry already carries its own expiry date."""
    if not session.actor.can("owner"):
        raise PermissionDenied("Only the owner can change the loyalty rules.")
    rules = validate(rules)
    with database.atomic():
        before = current()
        after_json = _to_json(rules)
        Setting.insert(
            key=RULES_KEY, value=json.dumps(after_json, ensure_ascii=False)
        ).on_conflict_replace().execute()
        audit.record(session, "update", "loyalty_rules", None, _to_json(before), after_json)
    return before, rules
