"""The demo's customers: one row each, with contact details, birthdays, consent, cards and tags."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from crm_desktop.services.demo import names
from crm_desktop.services.demo.batch import Batch
from crm_desktop.services.demo.calendar import Calendar
from crm_desktop.services.demo.points import DEMO_RULES, bonus_day, celebrations
from crm_desktop.services.demo.sales import Schedule

CHUNK = 10_000
COLUMNS = (
    "id", "first_name", "last_name", "sort_name", "email", "phone", "phone_e164", "phone_search",
    "birth_month", "birth_day", "birth_year", "address_line1", "address_line2", "city", "postal_code",
    "country", "notes", "email_consent", "email_consent_at", "sms_consent", "sms_consent_at",
    "preferred_channel", "source", "card_number", "points_balance", "visits", "total_spent_cents",
    "created_at", "updated_at", "archived_at",
)  # fmt: skip
SOURCES = ("walk-in",) * 12 + ("referral",) * 2 + ("instagram", "website", "market stall", "import", "import")
NOTES = (
    "Prefers oat milk.", "Nut allergy: no pralines.", "Buys the Ethiopia beans for her father.",
    "Likes a call when the Christmas gift boxes arrive.", "Runs the bookshop two doors down.",
    "Pays by card only.", "Grinds for a moka pot.", "Ask how the new baby is doing.",
)  # fmt: skip
MONTH_DAYS = [((dt.date(2001, 1, 1) + dt.timedelta(days=d)).month, (dt.date(2001, 1, 1) + dt.timedelta(days=d)).day)
              for d in range(365)]  # fmt: skip


@dataclass
class People:
    """What later steps need about each customer, indexed by customer number (1-based)."""

    ids: list[int]
    first_names: list[str]
    created_t: list[int]
    archived: list[bool]
    bonus_days: list[list[tuple[int, int]]]  # per day: (customer number, year celebrated) of birthday bonuses


def _birthday(
    rng: random.Random, today: dt.date, leap_day: bool
) -> tuple[int | None, int | None, int | None]:
    if not leap_day and rng.random() >= 0.7:
        return None, None, None
    month, day = (2, 29) if leap_day or rng.random() < 0.003 else MONTH_DAYS[rng.randrange(365)]
    if rng.random() < 0.3:
        return month, day, None  # many customers give no year
    year = today.year - 17 - int(rng.betavariate(2, 3) * 65)
    if (month, day) == (2, 29):
        year -= year % 4
    return month, day, year


def _archived(rng: random.Random, cal: Calendar, schedule: Schedule, count: int) -> dict[int, int]:
    """A handful of customers not seen for over a year, archived some months after their last visit."""
    cutoff = cal.now_t - 400 * 86400
    quiet = [c for c in range(1, count + 1) if max(schedule.last_t[c], schedule.join_day[c] * 86400) < cutoff]
    chosen = rng.sample(quiet, min(len(quiet), max(1, count // 250)))
    return {c: max(schedule.last_t[c], schedule.join_day[c] * 86400) + int((30 + rng.random() * 150) * 86400)
            for c in sorted(chosen)}  # fmt: skip


def _tags(rng: random.Random, visits: int, vip_from: int, email_consent: bool, year: int | None,
          today: dt.date) -> list[str]:  # fmt: skip
    out = []
    r = rng.random
    if visits >= vip_from:
        out.append("VIP")
    if visits >= 20:
        out.append("regular")
    if email_consent and r() < 0.8:
        out.append("newsletter")
    if r() < 0.012:
        out += ["wholesale", "local business"] if r() < 0.5 else ["wholesale"]
    if (year is not None and today.year - year < 25 and r() < 0.5) or r() < 0.02:
        out.append("student")
    if r() < 0.04:
        out.append("gift buyer")
    if r() < 0.02:
        out.append("allergy")
    return out


def generate(rng: random.Random, cal: Calendar, schedule: Schedule, count: int, tag_ids: dict[str, int],
             base: int) -> Iterator[Batch | int]:  # fmt: skip
    """`count` customers (ids from `base`) and their tag links in batches, then how many; returns People."""
    rnd = rng.random
    today = cal.today
    archived_at = _archived(rng, cal, schedule, count)
    leap_day_customer = rng.randrange(1, count + 1)
    ranked = sorted(schedule.counts[1:], reverse=True)
    vip_from = max(ranked[max(0, len(ranked) // 50 - 1)], 2)
    card_salt = rng.randrange(10**8)
    people = People([0], [""], [0], [False], [[] for _ in range(cal.last + 1)])
    for start in range(1, count + 1, CHUNK):
        rows, links = [], []
        for c in range(start, min(start + CHUNK, count + 1)):
            cid = base + c - 1
            p = names.person(rng)
            if schedule.first_t[c] >= 0:
                created = schedule.first_t[c] - 60 - int(rnd() * 1500)
            else:
                created = schedule.join_day[c] * 86400 + cal.pick_second(schedule.join_day[c], rnd())
            created_at = cal.iso(created)
            month, day, year = _birthday(rng, today, c == leap_day_customer)
            email = names.email(rng, p, year) if rnd() < 0.78 else None
            phone = names.phone(rng) if rnd() < 0.85 else (None, None, "")
            line1, line2, city, postal = names.address(rng) if rnd() < 0.55 else ("", "", "", "")
            email_ok = email is not None and rnd() < 0.62
            sms_ok = phone[0] is not None and rnd() < 0.35
            channel = (
                "email" if email_ok else "sms" if sms_ok else "phone" if phone[0] and rnd() < 0.3 else None
            )
            card = None
            if rnd() < 0.6:
                body = f"40{(c * 7919 + card_salt) % 10**9:09d}"
                card = body + str(sum(int(ch) for ch in body) % 10)
            archived = archived_at.get(c)
            updated = archived or created + int(rnd() * rnd() * (cal.now_t - created))
            rows.append((
                cid, p.first, p.last, p.sort_name, email, phone[0], phone[1], phone[2], month, day, year,
                line1, line2, city, postal, "United Kingdom" if line1 else "",
                NOTES[int(rnd() * len(NOTES))] if rnd() < 0.08 else "",
                int(email_ok), created_at if email_ok else None, int(sms_ok), created_at if sms_ok else None,
                channel, SOURCES[int(rnd() * len(SOURCES))], card, 0, 0, 0,
                created_at, cal.iso(updated), cal.iso(archived) if archived else None,
            ))  # fmt: skip
            for tag in _tags(rng, schedule.counts[c], vip_from, email_ok, year, today):
                links.append((cid, tag_ids[tag]))
            people.ids.append(cid)
            people.first_names.append(p.first)
            people.created_t.append(created)
            people.archived.append(archived is not None)
            if month and day:
                _add_bonus_days(cal, people.bonus_days, c, month, day, created // 86400, archived)
        yield Batch("customer", COLUMNS, rows)
        yield Batch("customer_tag", ("customer_id", "tag_id"), links)
        yield min(start + CHUNK, count + 1) - 1
    return people


def _add_bonus_days(cal: Calendar, bonus_days: list[list[tuple[int, int]]], c: int, month: int, day: int,
                    created_day: int, archived_t: int | None) -> None:  # fmt: skip
    """When the app's daily pass grants this customer's birthday bonuses (`points.bonus_day`)."""
    window = DEMO_RULES.birthday_window_days
    for celebrated in celebrations(month, day, cal.start, cal.today):
        granted = bonus_day((celebrated - cal.start).days, created_day, archived_t, window)
        if granted is not None and granted <= cal.last:
            bonus_days[granted].append((c, celebrated.year))
