"""The daily pass (`run_daily`, at start-up and once a day): expire due points, grant birthday bonuses,
recompute tiers whose purchases left the 12-month window; and the "points expiring soon" list.

Each kind is one transaction: one query finds the customers concerned through an index, then the writes go
in batches (`executemany`). Running twice changes nothing the second time: expiry follows from the ledger
(`loyalty_ledger.DUE_CONDITION` is 0 once an `expire` entry is written), a birthday bonus carries the
occasion "birthday:YYYY" (unique per customer), and tiers only change when a figure changes.
A small state row (`setting` "loyalty.daily") remembers what earlier passes covered, so a day when nothing
is due costs a few index lookups whatever the number of customers.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any

from crm_desktop import clock as clocks
from crm_desktop.db.models import LoyaltyEntry, Setting, database
from crm_desktop.services import birthday_dates, birthday_templates, customers, loyalty_tiers
from crm_desktop.services.loyalty_ledger import DUE_CONDITION
from crm_desktop.services.loyalty_rules import LoyaltyRules, current
from crm_desktop.services.session import Session

log = logging.getLogger(__name__)
STATE_KEY = "loyalty.daily"


@dataclass(frozen=True)
class DailyResult:
    day: dt.date
    expired_customers: int
    expired_points: int
    birthday_bonuses: int
    tier_changes: int


@dataclass(frozen=True)
class ExpiringPoints:
    customer_id: int
    name: str
    points: int  # points that expire by the end of the period unless used first
    expires_on: dt.date  # the first day some of them expire


def _state() -> dict[str, Any]:
    row = Setting.select(Setting.value).where(Setting.key == STATE_KEY).tuples().first()
    return json.loads(row[0]) if row else {}


def _save_state(**changes: Any) -> None:
    state = _state() | changes
    Setting.insert(key=STATE_KEY, value=json.dumps(state)).on_conflict_replace().execute()


def _last_entry_id() -> int:
    return database.execute_sql("SELECT coalesce(max(id), 0) FROM loyalty_entry").fetchone()[0]


def record_passes(expired_through: dt.date, tiers_through: dt.date) -> None:
    """For a bulk load that wrote the passes' entries itself (the demo): later passes start from here."""
    _save_state(expired_through=expired_through.isoformat(), expiry_entry_id=_last_entry_id(),
                tiers_through=tiers_through.isoformat())  # fmt: skip


# --- expiry ----------------------------------------------------------------------------------------------

# Customers who may have points due: credits dated since the last pass, or redeemed points given back by a
# void since then (they resume their old place in the queue). Both halves are index range scans.
_EXPIRY_SQL = f"""
    WITH candidate(cid) AS (
        SELECT customer_id FROM loyalty_entry WHERE expires_on > :since AND expires_on <= :today
        UNION
        SELECT customer_id FROM loyalty_entry WHERE id > :last_id AND kind = 'void_reversal' AND points > 0
    ),
    due(cid, points) AS MATERIALIZED (
        SELECT cid, (SELECT sum(points) FROM loyalty_entry WHERE customer_id = cid
                     AND {DUE_CONDITION.format(d=":today")}) FROM candidate)
    SELECT due.cid, due.points, c.points_balance FROM due JOIN customer c ON c.id = due.cid
    WHERE due.points > 0 ORDER BY due.cid
"""


def expire(session: Session, today: dt.date) -> tuple[int, int]:
    """Write one `expire` entry per customer with points due by `today`; returns (customers, points)."""
    with database.atomic():
        state = _state()
        params = {"since": state.get("expired_through", "0000-00-00"), "today": today.isoformat(),
                  "last_id": state.get("expiry_entry_id", 0)}  # fmt: skip
        rows = database.execute_sql(_EXPIRY_SQL, params).fetchall()
        writes = []
        for cid, due, balance in rows:
            points = min(due, balance)  # equal unless the cache is wrong; never below zero either way
            if points > 0:
                writes.append((cid, points, balance - points))
        if writes:
            database.cursor().executemany(
                "UPDATE customer SET points_balance = ? WHERE id = ?",
                [(after, cid) for cid, _, after in writes],
            )
            _insert(session, [(cid, "expire", -points, after, f"Points due to expire by {today.isoformat()}",
                               None, None) for cid, points, after in writes])  # fmt: skip
        _save_state(expired_through=max(today.isoformat(), state.get("expired_through", "")),
                    expiry_entry_id=_last_entry_id())  # fmt: skip
    return len(writes), sum(points for _, points, _ in writes)


def _insert(session: Session, rows: list[tuple]) -> None:
    """Append ledger entries (customer, kind, points, balance_after, reason, expires_on, occasion)."""
    now = LoyaltyEntry.created_at.db_value(session.clock.now())
    database.cursor().executemany(
        """INSERT INTO loyalty_entry (customer_id, kind, points, balance_after, reason, staff_id, created_at,
               expires_on, occasion) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [(c, k, p, a, r, session.actor.staff_id, now, e, o) for c, k, p, a, r, e, o in rows],
    )


# --- birthdays -------------------------------------------------------------------------------------------


def _birthday_ranges(today: dt.date, window: int, feb29: str = "feb28") -> list[tuple[int, int, int, str]]:
    """(month, first day, last day, occasion) ranges of the birthdays whose bonus is due on `today`: those
    celebrated from `today - window` to `today` (`birthday_dates.ranges`, 29 February by the shop's rule).
    The occasion names the year of that celebration."""
    return [
        (r.month, r.first, r.last, f"birthday:{r.year}")
        for r in birthday_dates.ranges(today - dt.timedelta(days=window), today, feb29)
    ]


def birthday_query(
    today: dt.date, window: int, feb29: str = "feb28"
) -> tuple[str, list[object], list[tuple[int, int, int, str]]]:
    """The candidates' SELECT: an OR of month/day ranges (walking the birthday index, also across year-end),
    each leaving out customers who already have that year's occasion (the unique occasion index)."""
    ranges = _birthday_ranges(today, window, feb29)
    conditions = " OR ".join(
        "(c.birth_month = ? AND c.birth_day BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM loyalty_entry l "
        "WHERE l.customer_id = c.id AND l.occasion = ?))"
        for _ in ranges
    )
    params: list[object] = [value for r in ranges for value in r]
    sql = f"""SELECT c.id, c.points_balance, c.birth_month FROM customer c
              WHERE ({conditions}) AND c.archived_at IS NULL AND c.erased_at IS NULL ORDER BY c.id"""
    return sql, params, ranges


def birthday_bonuses(session: Session, today: dt.date, rules: LoyaltyRules) -> int:
    """Grant the birthday bonus to active customers whose birthday window includes `today` and who have
    not had that celebration's bonus; returns how many."""
    if not rules.enabled or rules.birthday_bonus_points <= 0:
        return 0
    sql, params, ranges = birthday_query(today, rules.birthday_window_days, birthday_templates.feb29_rule())
    with database.atomic():
        rows = database.execute_sql(sql, params).fetchall()
        if not rows:
            return 0
        year_of = {month: occasion for month, _, _, occasion in ranges}
        bonus = rules.birthday_bonus_points
        expires_on = rules.expires_on(today)
        database.cursor().executemany(
            "UPDATE customer SET points_balance = points_balance + ? WHERE id = ?",
            [(bonus, cid) for cid, _, _ in rows],
        )
        _insert(session, [(cid, "birthday_bonus", bonus, balance + bonus,
                           f"Birthday bonus {year_of[month].split(':')[1]}",
                           expires_on.isoformat() if expires_on else None, year_of[month])
                          for cid, balance, month in rows])  # fmt: skip
    return len(rows)


# --- tiers -----------------------------------------------------------------------------------------------


def tiers(session: Session, today: dt.date, rules: LoyaltyRules) -> int:
    """Recompute the tiers that may have changed since the last pass: with spend as the basis, customers
    whose purchases left the 12-month window since then (index on purchase.business_date); everyone on the
    first pass. Lifetime points do not change with time."""
    with database.atomic():
        state = _state()
        through = state.get("tiers_through")
        start = loyalty_tiers.window_start(today).isoformat()
        if through is None:
            moved = loyalty_tiers.recompute(session, rules, today)
        elif rules.tier_basis == "spend_12m" and through < today.isoformat():
            candidates = """SELECT DISTINCT customer_id FROM purchase WHERE business_date > ?
                AND business_date <= ? AND voided_at IS NULL AND customer_id IS NOT NULL"""
            previous = loyalty_tiers.window_start(dt.date.fromisoformat(through)).isoformat()
            moved = loyalty_tiers.recompute(session, rules, today, candidates, (previous, start))
        else:
            moved = 0
        _save_state(tiers_through=max(today.isoformat(), through or ""))
    return moved


def run_daily(session: Session) -> DailyResult:
    """Expire due points, grant due birthday bonuses, recompute tiers; idempotent (see the module doc)."""
    today = clocks.today(session.clock)
    rules = current()
    customers_expired, points_expired = expire(session, today)
    bonuses = birthday_bonuses(session, today, rules)
    moved = tiers(session, today, rules)
    result = DailyResult(today, customers_expired, points_expired, bonuses, moved)
    log.info("loyalty daily pass: %s", result)
    return result


# --- expiring soon ---------------------------------------------------------------------------------------

# One walk over each candidate's entries: what is due by today (undated debits and credits dated up to today)
# is one group, sorted first (NULL); the credits dated from tomorrow to the end follow by date, so the
# running sum at each date is what is due by then (loyalty_ledger.DUE_CONDITION).
_EXPIRING_SQL = f"""
    WITH candidate(cid) AS (
        SELECT DISTINCT customer_id FROM loyalty_entry WHERE expires_on > :today AND expires_on <= :end),
    grouped(cid, e, p) AS (
        SELECT customer_id, CASE WHEN expires_on > :today THEN expires_on END AS e, sum(points)
        FROM loyalty_entry JOIN candidate ON customer_id = cid
        WHERE {DUE_CONDITION.format(d=":end")} GROUP BY customer_id, e),
    running(cid, e, due) AS (
        SELECT cid, e, sum(p) OVER (PARTITION BY cid ORDER BY e) FROM grouped)
    SELECT r.cid, max(r.due), min(r.e), c.first_name, c.last_name, c.email, c.phone
    FROM running r JOIN customer c ON c.id = r.cid
    WHERE r.due > 0 AND r.e IS NOT NULL AND c.archived_at IS NULL
    GROUP BY r.cid ORDER BY min(r.e), max(r.due) DESC, r.cid
"""


def expiring_within(days: int, today: dt.date) -> list[ExpiringPoints]:
    """Customers with points that expire from tomorrow to `today + days` (FIFO, as the daily pass will
    count them): how many and the first day; soonest first."""
    end = today + dt.timedelta(days=days)
    rows = database.execute_sql(
        _EXPIRING_SQL, {"today": today.isoformat(), "end": end.isoformat()}
    ).fetchall()
    return [
        ExpiringPoints(cid, customers.display_name(first, last, email, phone), due, dt.date.fromisoformat(e))
        for cid, due, e, first, last, email, phone in rows
    ]
