"""Tiers: each customer's figure (trailing-12-month spend or lifetime points), the tier it reaches, and the
recorded moves between tiers (audit action "tier_change").

One customer at a time after a sale or a void (`refresh`); set-based for the daily pass and after a rule
change (`recompute`): one SELECT computes old and new tier in SQL, only changed rows are written, with their
audit entries, by `executemany`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from crm_desktop import clock as clocks
from crm_desktop.db.models import AuditEntry, Customer, database
from crm_desktop.services import audit
from crm_desktop.services.loyalty_rules import LoyaltyRules, add_months, tier_of
from crm_desktop.services.session import Session

# Trailing-12-month spend: answered from the covering index purchase(customer_id, business_date,
# total_cents, voided_at) without reading the table.
SPEND_SQL = """SELECT coalesce(sum(total_cents), 0) FROM purchase
    WHERE customer_id = ? AND business_date > ? AND voided_at IS NULL"""
# Lifetime points: what purchases earned (less what voids took back) and birthday bonuses; redemptions,
# expiry and manual adjustments do not lower (or raise) it.
LIFETIME_CONDITION = "(kind IN ('earn', 'birthday_bonus') OR (kind = 'void_reversal' AND points < 0))"
LIFETIME_SQL = (
    f"SELECT coalesce(sum(points), 0) FROM loyalty_entry WHERE customer_id = ? AND {LIFETIME_CONDITION}"
)


def window_start(today: dt.date) -> dt.date:
    """Purchases on business dates after this day count as the trailing 12 months."""
    return add_months(today, -12)


def figure(customer_id: int, rules: LoyaltyRules, today: dt.date) -> int:
    """The customer's tier figure today: spend in cents or lifetime points, per `rules.tier_basis`."""
    if rules.tier_basis == "lifetime_points":
        return database.execute_sql(LIFETIME_SQL, (customer_id,)).fetchone()[0]
    return database.execute_sql(SPEND_SQL, (customer_id, window_start(today).isoformat())).fetchone()[0]


def stored(customer_id: int) -> str | None:
    return Customer.select(Customer.tier).where(Customer.id == customer_id).scalar()


def refresh(
    session: Session, customer_id: int, rules: LoyaltyRules, value: int | None = None, old: str | None = "?"
) -> str | None:
    """Set the customer's tier from their figure (given, or computed today); a move is audited."""
    if value is None:
        value = figure(customer_id, rules, clocks.today(session.clock))
    new = tier_of(value, rules)
    if old == "?":
        old = stored(customer_id)
    if new != old:
        Customer.update(tier=new).where(Customer.id == customer_id).execute()
        audit.record(
            session, "tier_change", "customer", customer_id,
            {"tier": old}, {"tier": new, "basis": rules.tier_basis, "figure": value},
        )  # fmt: skip
    return new


def _case(rules: LoyaltyRules) -> tuple[str, list[object]]:
    """SQL CASE giving the tier name for the figure `v` (the same rule as `tier_of`)."""
    if not rules.tiers:
        return "NULL", []
    whens, params = [], []
    for tier in reversed(rules.tiers):
        whens.append("WHEN v >= ? THEN ?")
        params += [tier.threshold, tier.name]
    return f"CASE WHEN v <= 0 THEN NULL {' '.join(whens)} ELSE NULL END", params


def recompute(
    session: Session,
    rules: LoyaltyRules,
    today: dt.date,
    candidates: str | None = None,
    params: Sequence = (),
) -> int:
    """Recompute the tiers of all customers, or of those `candidates` (SQL giving customer ids), writing and
    auditing only the moves; returns how many customers moved. Call inside a transaction."""
    if rules.tier_basis == "lifetime_points":
        value = f"(SELECT coalesce(sum(points), 0) FROM loyalty_entry l WHERE l.customer_id = c.id AND {LIFETIME_CONDITION})"
        value_params: list[object] = []
    else:
        value = """(SELECT coalesce(sum(total_cents), 0) FROM purchase p
                    WHERE p.customer_id = c.id AND p.business_date > ? AND p.voided_at IS NULL)"""
        value_params = [window_start(today).isoformat()]
    where = f"WHERE c.id IN ({candidates})" if candidates else ""
    case, case_params = _case(rules)
    rows = database.execute_sql(
        f"""SELECT id, old, new, v FROM (
                SELECT id, old, v, {case} AS new FROM (
                    SELECT c.id AS id, c.tier AS old, {value} AS v FROM customer c {where}))
            WHERE new IS NOT old""",
        (*case_params, *value_params, *params),
    ).fetchall()
    if not rows:
        return 0
    database.cursor().executemany(
        "UPDATE customer SET tier = ? WHERE id = ?", [(new, cid) for cid, _, new, _ in rows]
    )
    at = AuditEntry.at.db_value(session.clock.now())
    database.cursor().executemany(
        """INSERT INTO audit_entry (at, staff_id, actor_name, action, entity, entity_id, before, after)
           VALUES (?, ?, ?, 'tier_change', 'customer', ?, ?, ?)""",
        [
            (
                at, session.actor.staff_id, session.actor.name, cid,
                json.dumps({"tier": old}),
                json.dumps({"basis": rules.tier_basis, "figure": v, "tier": new}, sort_keys=True),
            )
            for cid, old, new, v in rows
        ],
    )  # fmt: skip
    return len(rows)
