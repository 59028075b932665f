"""Purchases, their items and the loyalty ledger, written in time order.

The ledger follows the rules the demo saves (`points.DEMO_RULES`: the app's defaults with a 50-point
birthday bonus), as the app would have written it (`points.Book`): non-voided purchases of known customers
earn 1 point per whole currency unit paid times their tier's multiplier (trailing-12-month spend), and those
points expire 12 months later (FIFO `expire` entries by the daily pass at 08:00); 100 points buy 5.00 off a
purchase: a `redeem` entry linked to it, and `points_value_cents` on the purchase. Customers with a birthday
get the `birthday_bonus` (occasion `birthday:YYYY`) from the daily pass on the day they celebrate it
(28 February outside leap years for a 29 February), or the day after they joined if that is within the
window. Voided purchases never earned (voided at once). Ledger ids follow time, so `balance_after` is the
running balance.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from crm_desktop.services.demo.batch import Batch, FirstIds
from crm_desktop.services.demo.calendar import TIMES, Calendar
from crm_desktop.services.demo.catalog import Catalog
from crm_desktop.services.demo.points import DEMO_RULES, PASS_SECOND, Book
from crm_desktop.services.loyalty_rules import redemption_value_cents

SHIFT = 21  # purchase key = local moment << SHIFT | customer number (0: an anonymous sale)
MASK = (1 << SHIFT) - 1
MAX_CUSTOMERS = MASK
CHUNK = 20_000
ANONYMOUS_SHARE = 0.05
REDEEM_POINTS = max(DEMO_RULES.redeem_points, DEMO_RULES.min_redeem_points)
REDEEM_CENTS = redemption_value_cents(REDEEM_POINTS, DEMO_RULES)

PURCHASE_COLUMNS = (
    "id", "customer_id", "occurred_at", "business_date", "total_cents", "discount_cents",
    "points_value_cents", "payment_method", "staff_id", "note", "voided_at", "voided_by_id", "void_reason",
)  # fmt: skip
ITEM_COLUMNS = (
    "id", "purchase_id", "product_id", "description", "quantity", "unit_price_cents", "discount_cents",
    "line_total_cents",
)  # fmt: skip
LEDGER_COLUMNS = (
    "id", "customer_id", "kind", "points", "balance_after", "reason", "purchase_id", "staff_id",
    "created_at", "expires_on", "occasion",
)  # fmt: skip
NOTES = ("Gift wrapped", "Reserved by phone", "Paid partly in coins", "Asked for a receipt by email")
VOID_REASONS = ("Rung up twice", "Wrong item scanned", "Customer changed their mind", "Card declined")


@dataclass
class Schedule:
    """Who buys when, before any row exists. Lists are indexed by customer number (1-based; 0 unused)."""

    keys: list[int]
    join_day: list[int]
    first_t: list[int]  # -1: never bought
    last_t: list[int]
    counts: list[int]


@dataclass
class Totals:
    """What the sales did to each customer's cached figures (indexed by customer number)."""

    visits: list[int]
    spent: list[int]
    first: list[str | None]
    last: list[str | None]
    points: list[int]
    tiers: list[str | None]  # as of today


def plan(rng: random.Random, cal: Calendar, customers: int, purchases: int) -> Schedule:
    """Days and times of every purchase: busy days weigh more, a few regulars buy a lot."""
    if customers > MAX_CUSTOMERS:
        raise ValueError(f"the demo builds at most {MAX_CUSTOMERS} customers")
    rnd = rng.random
    anonymous = round(purchases * ANONYMOUS_SHARE)
    known = purchases - anonymous
    join = [0] + [cal.pick_day(rnd()) for _ in range(customers)]
    total_mass = cal.cum[-1]
    weights = [0.0] * (customers + 1)
    for c in range(1, customers + 1):
        if rnd() >= 0.06:  # some never buy anything (signed up for the newsletter, say)
            weights[c] = min(rng.paretovariate(1.3), 80.0) * (total_mass - cal.mass_before(join[c]))
    if not any(weights):
        weights[1] = 1.0
    counts = [0] * (customers + 1)
    for c in rng.choices(range(customers + 1), weights=weights, k=known):
        counts[c] += 1
    keys: list[int] = []
    first_t, last_t = [-1] * (customers + 1), [-1] * (customers + 1)
    cum, last_day, opens = cal.cum, cal.last, cal.open_sec
    half_span = [(close - open_) / 2 for open_, close in zip(opens, cal.close_sec, strict=True)]
    for c in range(1, customers + 1):
        n = counts[c]
        if not n:
            continue
        d = join[c]
        lo = cal.mass_before(d)
        width = total_mass - lo
        # the first visit is on the day they joined; the times of day peak in the early afternoon
        moments = [d * 86400 + opens[d] + int((rnd() + rnd()) * half_span[d])]
        for _ in range(n - 1):
            d = min(bisect_right(cum, lo + rnd() * width), last_day)
            moments.append(d * 86400 + opens[d] + int((rnd() + rnd()) * half_span[d]))
        first_t[c], last_t[c] = min(moments), max(moments)
        keys.extend([(t << SHIFT) | c for t in moments])
    for _ in range(anonymous):
        d = min(bisect_right(cum, rnd() * total_mass), last_day)
        keys.append((d * 86400 + opens[d] + int((rnd() + rnd()) * half_span[d])) << SHIFT)
    keys.sort()
    return Schedule(keys, join, first_t, last_t, counts)


def generate(
    rng: random.Random,
    cal: Calendar,
    schedule: Schedule,
    catalog: Catalog,
    staff: list[int],
    customer_ids: list[int],
    bonus_days: list[list[tuple[int, int]]],
    first_ids: FirstIds,
) -> Iterator[Batch | int]:
    """Purchases, items and ledger entries in batches, each followed by the purchases so far; returns Totals."""
    n_customers = len(customer_ids)
    book = Book(cal, n_customers - 1)
    totals = Totals([0] * n_customers, [0] * n_customers, [None] * n_customers, [None] * n_customers,
                    book.balance, [None] * n_customers)  # fmt: skip
    visits, spent, first, last, bal = totals.visits, totals.spent, totals.first, totals.last, totals.points
    pid, iid, lid = first_ids["purchase"], first_ids["purchase_item"], first_ids["loyalty_entry"]
    rnd = rng.random
    prices, names, product_ids = catalog.prices, catalog.names, catalog.ids
    n_products = len(prices)
    current = [i if catalog.active[i] else i - 1 for i in range(n_products)]  # retired: its neighbour
    retire_day = cal.last - 180
    till = [staff[0], staff[0], staff[1], staff[1], *staff[2:]]  # who rings up a sale
    n_till = len(till)
    managers = staff[:2]
    date_str, iso, now_t = cal.date_str, cal.iso, cal.now_t
    keys = schedule.keys
    day = bonus_from = to_epoch = 0
    day_end = -1
    business_date, retired = "", False
    utc_dates, utc_base = cal.utc_dates, cal.utc_base
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        picks = rng.choices(range(n_products), cum_weights=catalog.cum_all, k=3 * len(chunk))
        pick_at = 0
        purchases: list[tuple] = []
        voided_rows: list[tuple] = []
        bonus_rows: list[tuple] = []
        items: list[tuple] = []
        ledger: list[tuple] = []
        for key in chunk:
            t, c = key >> SHIFT, key & MASK
            if t >= day_end:  # a new day: its daily pass comes before its sales
                day = t // 86400
                day_end = (day + 1) * 86400
                lid = _passes(cal, book, bonus_days, bonus_from, day, customer_ids, bonus_rows, lid)
                bonus_from = day + 1
                to_epoch = cal.midnight_utc[day] - day * 86400
                business_date = date_str[day]
                retired = day > retire_day
            utc_day, utc_second = divmod(t + to_epoch, 86400)  # cal.iso(t), inlined
            occurred = f"{utc_dates[utc_day - utc_base]}T{TIMES[utc_second]}+00:00"
            r = rnd()
            lines = 1 if r < 0.3 else 2 if r < 0.7 else 3
            products = picks[pick_at : pick_at + lines]
            pick_at += 3
            if retired:
                products = [current[p] for p in products]
            gross = 0
            line_gross = []
            for p in products:
                unit = prices[p]
                q = 2 if unit < 600 and rnd() < 0.18 else 1
                line_gross.append(unit * q)
                gross += unit * q
            discount = gross // 10 if rnd() < 0.06 else 0
            voided = rnd() < 0.006
            cid = customer_ids[c] if c else None
            points_off = 0
            if c and not voided and bal[c] >= REDEEM_POINTS and gross - discount >= 1000 and rnd() < 0.6:
                points_off = (
                    2 if bal[c] >= 2 * REDEEM_POINTS and gross - discount >= 2500 and rnd() < 0.3 else 1
                )
            total = gross - discount - points_off * REDEEM_CENTS
            reduce = gross - total
            for p, g in zip(products, line_gross, strict=True):
                off = g if g < reduce else reduce
                reduce -= off
                items.append((iid, pid, product_ids[p], names[p], g // prices[p], prices[p], off, g - off))
                iid += 1
            r = rnd()
            payment = "card" if r < 0.64 else "cash" if r < 0.95 else "voucher"
            who = till[int(rnd() * n_till)]
            note = NOTES[int(r * 1000) % len(NOTES)] if rnd() < 0.01 else ""
            if voided:
                voided_rows.append((pid, cid, occurred, business_date, total, discount, 0, payment, who, note,
                                    iso(min(t + 60 + int(rnd() * 1800), max(t, now_t))), managers[int(rnd() * 2)],
                                    VOID_REASONS[int(rnd() * len(VOID_REASONS))]))  # fmt: skip
            else:
                purchases.append((pid, cid, occurred, business_date, total, discount,
                                  points_off * REDEEM_CENTS, payment, who, note))  # fmt: skip
                if c:
                    if points_off:
                        book.redeem(c, points_off * REDEEM_POINTS)
                        ledger.append((lid, cid, "redeem", -points_off * REDEEM_POINTS, bal[c],
                                       f"{points_off * REDEEM_POINTS} points for {points_off * 5}.00 off", pid,
                                       who, occurred, None))  # fmt: skip
                        lid += 1
                    earned, expires_on = book.earn(c, day, total)
                    if earned:
                        ledger.append(
                            (
                                lid,
                                cid,
                                "earn",
                                earned,
                                bal[c],
                                f"Purchase #{pid}",
                                pid,
                                who,
                                occurred,
                                expires_on,
                            )
                        )
                        lid += 1
                    visits[c] += 1
                    spent[c] += total
                    if first[c] is None:
                        first[c] = business_date
                    last[c] = business_date
            pid += 1
        if start + CHUNK >= len(keys):  # daily passes after the last sale, up to now
            lid = _passes(cal, book, bonus_days, bonus_from, cal.last, customer_ids, bonus_rows, lid)
        # Columns left at their defaults are not bound: voided sales and birthday bonuses have their own batch.
        yield Batch("purchase", PURCHASE_COLUMNS[:-3], purchases)
        yield Batch("purchase", PURCHASE_COLUMNS, voided_rows)
        yield Batch("purchase_item", ITEM_COLUMNS, items)
        yield Batch("loyalty_entry", LEDGER_COLUMNS[:-1], ledger)
        yield Batch("loyalty_entry", LEDGER_COLUMNS, bonus_rows)
        yield start + len(chunk)
    if not keys:
        bonus_rows = []
        _passes(cal, book, bonus_days, 0, cal.last, customer_ids, bonus_rows, lid)
        yield Batch("loyalty_entry", LEDGER_COLUMNS, bonus_rows)
    totals.tiers[1:] = [book.tier(c) for c in range(1, n_customers)]
    return totals


def _passes(
    cal: Calendar,
    book: Book,
    bonus_days: list[list[tuple[int, int]]],
    first_day: int,
    last_day: int,
    customer_ids: list[int],
    ledger: list[tuple],
    lid: int,
) -> int:
    """The daily passes of days first_day..last_day at 08:00 (never after now): FIFO expiry, then birthday
    bonuses. Spend leaving the 12-month window is counted off every day, even after now (for today's tiers)."""
    bonus = DEMO_RULES.birthday_bonus_points
    for day in range(first_day, last_day + 1):
        book.move_window(day)
        t = day * 86400 + PASS_SECOND
        if t > cal.now_t:
            continue  # today, before the pass: its expiry and bonuses are the app's to write
        expired = book.expire(day)
        if not expired and not bonus_days[day]:
            continue
        at, bal = cal.iso(t), book.balance
        reason = f"Points due to expire by {cal.date_str[day]}"
        for c, points in expired:
            ledger.append(
                (lid, customer_ids[c], "expire", -points, bal[c], reason, None, None, at, None, None)
            )
            lid += 1
        for c, year in bonus_days[day]:
            expires_on = book.bonus(c, day)
            ledger.append((lid, customer_ids[c], "birthday_bonus", bonus, bal[c], f"Birthday bonus {year}", None,
                           None, at, expires_on, f"birthday:{year}"))  # fmt: skip
            lid += 1
    return lid
