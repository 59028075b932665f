"""Loyalty points: the rule that turns a sale into points, and the ledger writes that go with it.

All point maths lives here so the loyalty issue can replace the rule without touching the counter flow.
Every ledger write updates the customer's cached `points_balance` in the caller's transaction, and each
entry's `balance_after` is the balance right after it (the ledger is append-only; balances never go negative).

The placeholder rule (until configurable rules exist): one point per whole currency unit paid, rounded
down; lines for products with `earns_points=False` do not count.

Voids: `reverse_for_void` undoes what a purchase earned and redeemed with `void_reversal` entries. Redeemed
points are given back first, then earned points are taken back — but never more than the customer still has:
if some were already spent, min(earned, balance) is taken back and the entry's reason records the shortfall.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from crm_desktop.db.models import Customer, LoyaltyEntry, database
from crm_desktop.services.session import Session

CENTS_PER_POINT = 100


class PricedLine(Protocol):
    """What the rule needs to know about a purchase line."""

    @property
    def line_total_cents(self) -> int: ...

    @property
    def earns_points(self) -> bool: ...


def points_for(total_cents: int, lines: Sequence[PricedLine] = ()) -> int:
    """Points a sale earns: floor(eligible cents / 100); eligible = the total, or the earning lines' totals."""
    eligible = total_cents
    if lines:
        eligible = min(total_cents, sum(line.line_total_cents for line in lines if line.earns_points))
    return max(eligible, 0) // CENTS_PER_POINT


def balance(customer_id: int) -> int:
    return Customer.select(Customer.points_balance).where(Customer.id == customer_id).scalar() or 0


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
    ).execute()


def earn(session: Session, customer_id: int, purchase_id: int, points: int) -> int:
    """Credit points a purchase earned; returns the customer's balance afterwards.

    Zero points write no entry (a sale under one currency unit) and leave the balance as it is.
    """
    if points < 0:
        raise ValueError("earned points cannot be negative")
    if points == 0:
        return balance(customer_id)
    after = _apply(customer_id, points)
    _entry(session, customer_id, "earn", points, after, f"Purchase #{purchase_id}", purchase_id)
    return after


@dataclass(frozen=True)
class Reversal:
    """What voiding a purchase did to the points."""

    returned: int  # redeemed points given back
    taken_back: int  # earned points taken back
    shortfall: int  # earned points that could not be taken back: the customer had already spent them
    balance: int  # balance afterwards


def reverse_for_void(session: Session, customer_id: int, purchase_id: int) -> Reversal:
    """Write the `void_reversal` entries that undo a purchase's points (see the module docstring)."""
    linked = [
        points
        for (points,) in LoyaltyEntry.select(LoyaltyEntry.points)
        .where((LoyaltyEntry.purchase == purchase_id) & (LoyaltyEntry.kind != "void_reversal"))
        .tuples()
    ]
    earned = sum(p for p in linked if p > 0)
    redeemed = -sum(p for p in linked if p < 0)
    current = balance(customer_id)
    if redeemed:
        current = _apply(customer_id, redeemed)
        reason = f"Void of purchase #{purchase_id}: {redeemed} redeemed points given back"
        _entry(session, customer_id, "void_reversal", redeemed, current, reason, purchase_id)
    taken = min(earned, current)
    shortfall = earned - taken
    if earned:
        if taken:
            current = _apply(customer_id, -taken)
        reason = f"Void of purchase #{purchase_id}: {earned} earned points taken back"
        if shortfall:
            reason = (
                f"Void of purchase #{purchase_id}: {taken} of {earned} earned points taken back; "
                f"{shortfall} had already been spent"
            )
        _entry(session, customer_id, "void_reversal", -taken, current, reason, purchase_id)
    return Reversal(returned=redeemed, taken_back=taken, shortfall=shortfall, balance=current)
