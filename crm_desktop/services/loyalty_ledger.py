"""Ledger writes: earn, redeem, adjust, void reversals, and the FIFO figure expiry and voids share.

Every write moves the customer's cached `points_balance` by one `UPDATE … RETURNING` in the caller's
transaction and appends one entry whose `balance_after` is that result. See `loyalty.py` for the rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crm_desktop import clock as clocks
from crm_desktop.db.models import Customer, LoyaltyEntry, database
from crm_desktop.services import audit, settings
from crm_desktop.services.errors import PermissionDenied, ValidationError
from crm_desktop.services.loyalty_rules import (
    LoyaltyRules,
    current,
    redeemable_points,
    redemption_value_cents,
)
from crm_desktop.services.session import Session

REDEEM_FIELD = "Points to use"
MAX_REASON = 500

# The FIFO rule in one condition. For a date D, the sum of `points` over a customer's entries matching it is
# what is due to expire by D (when positive): credits dated on or before D (with void take-backs dated like
# the earn they cancel), less every debit so far (redeem, expire, negative adjust, undated void reversals;
# a void's giving back of redeemed points counts as a negative debit). Undated credits never expire.
DUE_CONDITION = "(expires_on <= {d} OR (expires_on IS NULL AND (points < 0 OR kind = 'void_reversal')))"
DUE_SQL = f"SELECT coalesce(sum(points), 0) FROM loyalty_entry WHERE customer_id = ? AND {DUE_CONDITION.format(d='?')}"


def balance(customer_id: int) -> int:
    return Customer.select(Customer.points_balance).where(Customer.id == customer_id).scalar() or 0


def due_by(customer_id: int, day: dt.date) -> int:
    """Points of this customer due to expire by `day` (FIFO: the soonest-expiring points are used first)."""
    return max(0, database.execute_sql(DUE_SQL, (customer_id, day.isoformat())).fetchone()[0])


def _apply(customer_id: int, delta: int) -> int:
    """Move the cached balance by `delta` and return the new balance (one UPDATE ... RETURNING)."""
    row = database.execute_sql(
        "UPDATE customer SET points_balance = points_balance + ? WHERE id = ? RETURNING points_balance",
        (delta, customer_id),
    ).fetchone()
    if row is None:
        raise LookupError(f"customer {customer_id} does not exist")
    return row[0]


def _entry(
    session: Session,
    customer_id: int,
    kind: str,
    points: int,
    after: int,
    reason: str,
    purchase_id: int | None,
    expires_on: dt.date | None = None,
) -> None:
    LoyaltyEntry.insert(
        customer=customer_id,
        kind=kind,
        points=points,
        balance_after=after,
        reason=reason,
        purchase=purchase_id,
        staff=session.actor.staff_id,
        created_at=session.clock.now(),
        expires_on=expires_on,
    ).execute()


def earn(
    session: Session, customer_id: int, purchase_id: int, points: int, *, rules: LoyaltyRules | None = None
) -> int:
    """Credit points a purchase earned, dated to expire by the rules of today; returns the balance after.

    Zero points write no entry (a sale under one currency unit) and leave the balance as it is.
    """
    if points < 0:
        raise ValueError("earned points cannot be negative")
    if points == 0:
        return balance(customer_id)
    expires_on = (rules or current()).expires_on(clocks.today(session.clock))
    after = _apply(customer_id, points)
    _entry(session, customer_id, "earn", points, after, f"Purchase #{purchase_id}", purchase_id, expires_on)
    return after


# --- redeem ----------------------------------------------------------------------------------------------


def check_redemption(customer_id: int | None, points: object, total_cents: int, rules: LoyaltyRules) -> int:
    """Refuse a redemption the rules do not allow (naming the "Points to use" field); returns its value."""
    if not isinstance(points, int) or isinstance(points, bool) or points < 0:
        raise ValidationError(REDEEM_FIELD, "must be a whole number of points")
    if points == 0:
        return 0
    if customer_id is None:
        raise ValidationError(REDEEM_FIELD, "need a customer: an anonymous sale has no points")
    if not rules.enabled:
        raise ValidationError(REDEEM_FIELD, "the loyalty programme is switched off in Settings")
    if points < rules.min_redeem_points:
        raise ValidationError(REDEEM_FIELD, f"the minimum is {rules.min_redeem_points:,} points")
    have = balance(customer_id)
    if points > have:
        raise ValidationError(REDEEM_FIELD, f"{points:,} is more than the {have:,} points the customer has")
    value = redemption_value_cents(points, rules)
    if value <= 0:
        raise ValidationError(REDEEM_FIELD, f"{points:,} points are worth nothing at the current rate")
    if value > total_cents:
        money = settings.shop_profile().money
        raise ValidationError(
            REDEEM_FIELD,
            f"{points:,} points are worth {money.format(value)}, more than the sale's {money.format(total_cents)}",
        )
    return value


def redeem(session: Session, customer_id: int, purchase_id: int, points: int, value_cents: int) -> int:
    """Debit points redeemed on a purchase (already checked by `check_redemption`); returns the balance."""
    after = _apply(customer_id, -points)
    money = settings.shop_profile().money.format(value_cents)
    _entry(
        session, customer_id, "redeem", -points, after, f"Purchase #{purchase_id}: {money} off", purchase_id
    )
    return after


def max_redeemable(customer_id: int, total_cents: int, rules: LoyaltyRules | None = None) -> int:
    """Points usable on a sale of `total_cents`: within the balance, at least the minimum, and the fewest
    points worth the most money off without going over the total. 0 when nothing can be redeemed."""
    return redeemable_points(balance(customer_id), total_cents, rules or current())


# --- adjust ----------------------------------------------------------------------------------------------


def adjust(
    session: Session, customer_id: int, points: int, reason: str, rules: LoyaltyRules | None = None
) -> int:
    """A manager's or owner's manual correction (+/-) with a required reason; returns the balance after.

    Added points expire like earned ones; a deduction below zero is refused and changes nothing."""
    if not session.actor.can("manager"):
        raise PermissionDenied("Only a manager or the owner can adjust points.")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("Reason", "say why the points are adjusted")
    if len(reason) > MAX_REASON:
        raise ValidationError("Reason", f"is longer than {MAX_REASON} characters")
    if not isinstance(points, int) or isinstance(points, bool) or points == 0:
        raise ValidationError("Points", "must be a whole number other than zero")
    if abs(points) > 10_000_000:
        raise ValidationError("Points", "is too large")
    with database.atomic():
        row = (
            Customer.select(Customer.points_balance, Customer.archived_at)
            .where(Customer.id == customer_id)
            .first()
        )
        if row is None:
            raise ValidationError("Customer", "no longer exists")
        if row.archived_at is not None:
            raise ValidationError("Customer", "is archived: restore them before adjusting points")
        if row.points_balance + points < 0:
            raise ValidationError(
                "Points", f"would take the balance below zero: the customer has {row.points_balance:,} points"
            )
        expires_on = (rules or current()).expires_on(clocks.today(session.clock)) if points > 0 else None
        after = _apply(customer_id, points)
        _entry(session, customer_id, "adjust", points, after, reason, None, expires_on)
        audit.record(
            session, "points_adjust", "customer", customer_id,
            {"points_balance": row.points_balance}, {"points_balance": after, "points": points, "reason": reason},
        )  # fmt: skip
    return after


# --- voids -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reversal:
    """What voiding a purchase did to the points."""

    returned: int  # redeemed points given back
    taken_back: int  # earned points taken back
    shortfall: int  # earned points that could not be taken back: already spent or expired
    balance: int  # balance afterwards


def reverse_for_void(session: Session, customer_id: int, purchase_id: int) -> Reversal:
    """Write the `void_reversal` entries that undo a purchase's points (see `loyalty.py`)."""
    linked = list(
        LoyaltyEntry.select(LoyaltyEntry.points, LoyaltyEntry.expires_on)
        .where((LoyaltyEntry.purchase == purchase_id) & (LoyaltyEntry.kind != "void_reversal"))
        .order_by(LoyaltyEntry.id)
        .tuples()
    )
    redeemed = -sum(p for p, _ in linked if p < 0)
    current_balance = balance(customer_id)
    if redeemed:
        current_balance = _apply(customer_id, redeemed)
        reason = f"Void of purchase #{purchase_id}: {redeemed} redeemed points given back"
        _entry(session, customer_id, "void_reversal", redeemed, current_balance, reason, purchase_id)
    earned = taken = 0
    for points, expires_on in ((p, e) for p, e in linked if p > 0):
        # What is left of this credit: FIFO uses sooner-expiring points first, so of the points dated up to
        # its expiry, what is still unspent and unexpired is the latest of them: at most this credit.
        alive = current_balance if expires_on is None else due_by(customer_id, expires_on)
        take = min(points, alive, current_balance)
        earned += points
        taken += take
        if take:
            current_balance = _apply(customer_id, -take)
        reason = f"Void of purchase #{purchase_id}: {points} earned points taken back"
        if take < points:
            reason = (
                f"Void of purchase #{purchase_id}: {take} of {points} earned points taken back; "
                f"{points - take} had already been spent or had expired"
            )
        _entry(session, customer_id, "void_reversal", -take, current_balance, reason, purchase_id, expires_on)
    return Reversal(returned=redeemed, taken_back=taken, shortfall=earned - taken, balance=current_balance)
