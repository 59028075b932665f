"""Automatic follow-ups (Settings → Follow-ups, each rule on/off with its number of days), made by the daily
job `run`, which is idempotent however often the app starts.

Each follow-up carries a unique occasion, so it is created once per customer per occasion:
- win-back "winback:<customer id>:<last visit date>": no visit for N days. Its occasion day is the last
  visit + N days. A customer who comes back and lapses again has a new last visit, hence a new win-back.
- thank-you "thank_you:<customer id>": once per customer, N days after the first purchase (first visit).
- points expiring "points_expiring:<customer id>:<first expiring date>": the customer has points that
  expire (FIFO, as the loyalty daily pass counts them) from tomorrow to today + N days; when those are gone
  the next expiring date makes a new occasion, unless a reminder made in the last N days already covered
  that date (made on day d, it named what expires up to d + N): at most one per customer per N days.
Win-back and thank-you look at occasion days since the previous run (a small state row, setting
"followups.rules.state", like the loyalty pass's), at most 60 days back after days closed; the first run of
a rule after it is switched on (or its days change) covers the last 7 days only, so switching it on does
not flood the list with years of lapsed customers. Points expiring covers whatever is expiring now. A rule
runs at most once per local day. Only active customers count (not archived, erased or merged).

The follow-ups are due today, open, unassigned, with the rule's name as origin; one audit entry per rule
run that created some (with how many). Candidates are found through indexes (`customer(last_visit_date)`,
`purchase(business_date)`, `loyalty_entry(expires_on)`) and inserted with one `executemany` of
INSERT … ON CONFLICT (occasion) DO NOTHING.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any

from crm_desktop import clock as clocks
from crm_desktop.db.models import FollowUp, Setting, database
from crm_desktop.services import audit
from crm_desktop.services.customer_records import display_name
from crm_desktop.services.errors import PermissionDenied, ValidationError
from crm_desktop.services.loyalty_daily import expiring_within
from crm_desktop.services.session import Session

log = logging.getLogger(__name__)
RULES_KEY = "followups.rules"
STATE_KEY = "followups.rules.state"
RULE_NAMES = ("winback", "thank_you", "points_expiring")
LABELS = {
    "winback": "Win-back after",
    "thank_you": "Thank-you after",
    "points_expiring": "Points expiring within",
}
MAX_DAYS = 3650
FIRST_RUN_DAYS = 7  # a rule's first run covers occasions of the last 7 days (today included)
MAX_CATCH_UP_DAYS = 60
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class AutoRule:
    enabled: bool = False
    days: int = 90


@dataclass(frozen=True)
class AutoRules:
    winback: AutoRule = AutoRule(False, 90)  # no visit for N days
    thank_you: AutoRule = AutoRule(False, 3)  # N days after the first purchase
    points_expiring: AutoRule = AutoRule(False, 14)  # points expiring within N days


@dataclass(frozen=True)
class RulesResult:
    winback: int
    thank_you: int
    points_expiring: int


def current() -> AutoRules:
    """The shop's rules (all off until the owner switches some on)."""
    row = Setting.select(Setting.value).where(Setting.key == RULES_KEY).tuples().first()
    stored = json.loads(row[0]) if row else {}
    defaults = AutoRules()
    return AutoRules(**{
        name: AutoRule(**{**dataclasses.asdict(getattr(defaults, name)), **stored.get(name, {})})
        for name in RULE_NAMES
    })  # fmt: skip


def validate(rules: AutoRules) -> AutoRules:
    for name in RULE_NAMES:
        rule = getattr(rules, name)
        if not isinstance(rule.enabled, bool):
            raise ValidationError(LABELS[name], "must be on or off")
        if not isinstance(rule.days, int) or isinstance(rule.days, bool) or not 1 <= rule.days <= MAX_DAYS:
            raise ValidationError(LABELS[name], f"must be a whole number of days from 1 to {MAX_DAYS:,}")
    return rules


def _state() -> dict[str, Any]:
    row = Setting.select(Setting.value).where(Setting.key == STATE_KEY).tuples().first()
    return json.loads(row[0]) if row else {}


def _save_state(state: dict[str, Any]) -> None:
    Setting.insert(key=STATE_KEY, value=json.dumps(state)).on_conflict_replace().execute()


def save(session: Session, rules: AutoRules) -> AutoRules:
    """Store the rules (audited as "followup_rules"); a rule switched on or given new days starts afresh:
    its next run covers the last 7 days."""
    if not session.actor.can("manager"):
        raise PermissionDenied("Only a manager or the owner can change the automatic follow-up rules.")
    rules = validate(rules)
    with database.atomic():
        before = current()
        Setting.insert(
            key=RULES_KEY, value=json.dumps(dataclasses.asdict(rules))
        ).on_conflict_replace().execute()
        state = _state()
        for name in RULE_NAMES:
            old, new = getattr(before, name), getattr(rules, name)
            if new.enabled and (not old.enabled or old.days != new.days):
                state.pop(name, None)
        _save_state(state)
        audit.record(
            session, "update", "followup_rules", None, dataclasses.asdict(before), dataclasses.asdict(rules)
        )
    return rules


def _date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_ACTIVE = "c.archived_at IS NULL AND c.erased_at IS NULL AND c.merged_into_id IS NULL"
_NAME = "c.id, c.first_name, c.last_name, c.email, c.phone"
_WINBACK_SQL = f"""SELECT {_NAME}, c.last_visit_date FROM customer c
    WHERE c.last_visit_date > :lo AND c.last_visit_date <= :hi AND {_ACTIVE}
    AND NOT EXISTS (SELECT 1 FROM follow_up f
                    WHERE f.occasion = 'winback:' || c.id || ':' || c.last_visit_date)
    ORDER BY c.id"""
_THANK_YOU_SQL = f"""SELECT {_NAME}, c.first_visit_date FROM customer c
    WHERE c.id IN (SELECT customer_id FROM purchase WHERE business_date > :lo AND business_date <= :hi)
    AND c.first_visit_date > :lo AND c.first_visit_date <= :hi AND {_ACTIVE}
    AND NOT EXISTS (SELECT 1 FROM follow_up f WHERE f.occasion = 'thank_you:' || c.id)
    ORDER BY c.id"""
_INSERT = """INSERT INTO follow_up (title, customer_id, due_date, notes, origin, occasion, created_at,
    created_by_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (occasion) DO NOTHING"""


def _name(cid: int, first: str, last: str, email: str | None, phone: str | None) -> str:
    return display_name(first, last, email, phone) or f"customer {cid}"


def _lapsed(lo: dt.date, hi: dt.date, days: int) -> list[tuple[int, str, str, str]]:
    """(customer, title, notes, occasion) for customers last seen in (lo, hi]."""
    rows = database.execute_sql(_WINBACK_SQL, {"lo": lo.isoformat(), "hi": hi.isoformat()}).fetchall()
    return [(cid, f"Win back {_name(cid, *contact)}: no visit for {days} days",
             f"Last visit {_date(dt.date.fromisoformat(last))}.", f"winback:{cid}:{last}")
            for cid, *contact, last in rows]  # fmt: skip


def _newcomers(lo: dt.date, hi: dt.date, days: int) -> list[tuple[int, str, str, str]]:
    """(customer, title, notes, occasion) for customers whose first purchase was in (lo, hi]."""
    rows = database.execute_sql(_THANK_YOU_SQL, {"lo": lo.isoformat(), "hi": hi.isoformat()}).fetchall()
    return [(cid, f"Thank {_name(cid, *contact)} for their first purchase",
             f"First purchase {_date(dt.date.fromisoformat(first))}.", f"thank_you:{cid}")
            for cid, *contact, first in rows]  # fmt: skip


# A points-expiring reminder made on day d covers what expires up to d + N: a customer whose points expire
# lot by lot (a weekly regular a year ago) is reminded once per N days, not at every lot.
_REMINDED_SQL = """SELECT customer_id, max(due_date) FROM follow_up
    WHERE origin = 'points_expiring' AND due_date >= ? AND customer_id IS NOT NULL GROUP BY customer_id"""


def _expiring(today: dt.date, days: int) -> list[tuple[int, str, str, str]]:
    end = _date(today + dt.timedelta(days=days))
    gap = dt.timedelta(days=days)
    since = (today - gap).isoformat()
    reminded = dict(database.execute_sql(_REMINDED_SQL, (since,)).fetchall())
    rows = []
    for p in expiring_within(days, today):
        last = reminded.get(p.customer_id)
        if last is not None and p.expires_on <= dt.date.fromisoformat(last) + gap:
            continue
        name = p.name or f"customer {p.customer_id}"
        first = _date(p.expires_on)
        rows.append((p.customer_id, f"Remind {name}: {p.points:,} points expire from {first}",
                     f"{p.points:,} points expire from {first} to {end} unless they are used.",
                     f"points_expiring:{p.customer_id}:{p.expires_on.isoformat()}"))  # fmt: skip
    return rows


def _insert(session: Session, name: str, today: dt.date, rows: list[tuple[int, str, str, str]]) -> int:
    if not rows:
        return 0
    now = FollowUp.created_at.db_value(session.clock.now())
    cursor = database.cursor()
    staff = session.actor.staff_id
    day = today.isoformat()
    cursor.executemany(_INSERT, [(title, cid, day, notes, name, occasion, now, staff)
                                 for cid, title, notes, occasion in rows])  # fmt: skip
    return max(cursor.rowcount, 0)


def run_rule(session: Session, name: str, rule: AutoRule, today: dt.date) -> int:
    """One rule's pass for `today` (one transaction); returns how many follow-ups it created."""
    with database.atomic():
        state = _state()
        if not rule.enabled:
            if state.pop(name, None) is not None:
                _save_state(state)
            return 0
        through = state.get(name, {}).get("through")
        if through is not None and through >= today.isoformat():
            return 0
        if through is None:
            since = today - dt.timedelta(days=FIRST_RUN_DAYS)
        else:
            since = max(dt.date.fromisoformat(through), today - dt.timedelta(days=MAX_CATCH_UP_DAYS))
        gap = dt.timedelta(days=rule.days)
        if name == "winback":  # occasion day = last visit + N, in (since, today]
            rows = _lapsed(since - gap, today - gap, rule.days)
        elif name == "thank_you":
            rows = _newcomers(since - gap, today - gap, rule.days)
        else:
            rows = _expiring(today, rule.days)
        created = _insert(session, name, today, rows)
        if created:
            audit.record(session, "create", "follow_up", None, None,
                         {"rule": name, "created": created, "days": rule.days,
                          "occasions_from": since + dt.timedelta(days=1), "occasions_to": today})  # fmt: skip
        state[name] = {"through": today.isoformat()}
        _save_state(state)
    return created


def run(session: Session) -> RulesResult:
    """The daily job: each switched-on rule creates its due follow-ups; see the module doc."""
    today = clocks.today(session.clock)
    rules = current()
    result = RulesResult(*(run_rule(session, name, getattr(rules, name), today) for name in RULE_NAMES))
    log.info("follow-up rules: %s", result)
    return result
