"""The demo's loyalty book: the rules it saves (`DEMO_RULES`) and, per customer number, what the app would
have written under them, day by day.

Each shop day starts with the daily pass at 08:00 (expiry, then birthday bonuses), then come the day's sales.
A sale earns at the tier of the customer's trailing-12-month spend before it (`loyalty_rules.tier_of`,
multiplier, one rounding), and its points expire 12 months later. Expiry is the app's FIFO rule: what expires
on day D is the points credited up to the last credit expiring on D less everything spent or expired so far
(credits are dated in earning order, so a running total per customer is enough). Spend leaves the 12-month
window on the first day the app's window no longer counts it. Everything is bucketed by day, so a purchase
costs a few list appends.
"""

from __future__ import annotations

import datetime as dt

from crm_desktop.services.birthday_dates import celebrated_on
from crm_desktop.services.demo.calendar import Calendar
from crm_desktop.services.loyalty_rules import LoyaltyRules, add_months, round_div, tier_of

DEMO_RULES = LoyaltyRules(birthday_bonus_points=50)
PASS_SECOND = 8 * 3600  # the daily pass runs at 08:00 local time


class Book:
    """Bucket entries are ints `customer << 32 | amount` (cheaper than tuples at a million purchases)."""

    def __init__(self, cal: Calendar, customers: int, rules: LoyaltyRules = DEMO_RULES) -> None:
        self.rules = rules
        n = customers + 1
        self.balance = [0] * n
        self.spend = [0] * n  # trailing 12 months, non-voided
        self.credited = [0] * n  # all points ever credited (earned, bonuses)
        self.debited = [0] * n  # all points ever redeemed or expired
        self.steps = [(t.threshold, t.multiplier_percent) for t in reversed(rules.tiers)]  # highest first
        self.min_paid = rules.min_purchase_cents if rules.enabled else 1 << 62
        last = cal.last
        self.expiry_text: list[str | None] = []
        self.expiry_index: list[int | None] = []
        for day in cal.days:
            expires = rules.expires_on(day)
            index = (expires - cal.start).days if expires else None
            self.expiry_text.append(expires.isoformat() if expires else None)
            self.expiry_index.append(index if index is not None and index <= last else None)
        # A purchase on day d counts while d > add_months(D, -12): it leaves on the first D where it does not.
        self.leave_day: list[int | None] = [None] * (last + 1)
        d = 0
        for day_index, day in enumerate(cal.days):
            start = (add_months(day, -12) - cal.start).days
            while d <= min(start, last):
                self.leave_day[d] = day_index
                d += 1
        self.leaving: list[list[int]] = [[] for _ in range(last + 1)]
        self.expiring: list[list[int]] = [[] for _ in range(last + 1)]

    def move_window(self, day: int) -> None:
        """Take off the spend that leaves the trailing 12 months on `day`."""
        spend = self.spend
        for item in self.leaving[day]:
            spend[item >> 32] -= item & 0xFFFFFFFF
        self.leaving[day] = []

    def expire(self, day: int) -> list[tuple[int, int]]:
        """The daily pass's FIFO expiry on `day`: [(customer number, points)], balances updated."""
        due_at: dict[int, int] = {}
        for item in self.expiring[day]:
            due_at[item >> 32] = item & 0xFFFFFFFF  # the last credit expiring today covers the earlier ones
        self.expiring[day] = []
        expired = []
        balance, debited = self.balance, self.debited
        for c, credited in sorted(due_at.items()):
            due = credited - debited[c]
            if due > 0:
                balance[c] -= due
                debited[c] += due
                expired.append((c, due))
        return expired

    def _credit(self, c: int, day: int, points: int) -> str | None:
        self.balance[c] += points
        credited = self.credited[c] = self.credited[c] + points
        index = self.expiry_index[day]
        if index is not None:
            self.expiring[index].append(c << 32 | credited)
        return self.expiry_text[day]

    def earn(self, c: int, day: int, paid: int) -> tuple[int, str | None]:
        """A non-voided sale of `paid` cents on `day`: (points earned, their expiry date text)."""
        spend = self.spend
        before = spend[c]
        spend[c] = before + paid
        leave = self.leave_day[day]
        if leave is not None:
            self.leaving[leave].append(c << 32 | paid)
        if paid < self.min_paid:
            return 0, None
        multiplier = 100  # tier_of(before) inlined: no tier without spend
        if before > 0:
            for threshold, percent in self.steps:
                if before >= threshold:
                    multiplier = percent
                    break
        rules = self.rules
        points = round_div(paid * rules.points_per_unit * multiplier, rules.unit_cents * 100, rules.rounding)
        return points, (self._credit(c, day, points) if points else None)

    def redeem(self, c: int, points: int) -> None:
        self.balance[c] -= points
        self.debited[c] += points

    def bonus(self, c: int, day: int) -> str | None:
        """Credit the birthday bonus on `day`; returns its expiry date text."""
        return self._credit(c, day, self.rules.birthday_bonus_points)

    def tier(self, c: int) -> str | None:
        return tier_of(self.spend[c], self.rules)


def bonus_day(birthday: int, created_day: int, archived_t: int | None, window: int) -> int | None:
    """The day index the daily pass grants a birthday bonus celebrated on day `birthday`: that day, or the
    day after the customer joined if that is within the window (they join after the 08:00 pass); None if
    the customer was archived before that pass."""
    day = max(birthday, created_day + 1)
    if day > birthday + window or (archived_t is not None and archived_t <= day * 86400 + PASS_SECOND):
        return None
    return day


def celebrations(month: int, day: int, first: dt.date, last: dt.date) -> list[dt.date]:
    """The days a birthday is celebrated from `first` to `last` (29 February on 28 February in other years)."""
    out = []
    for year in range(first.year, last.year + 1):
        when = celebrated_on(month, day, year)
        if first <= when <= last:
            out.append(when)
    return out
