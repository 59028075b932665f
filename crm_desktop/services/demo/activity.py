"""Follow-ups (about one per five customers) and interactions: notes, calls, visits, feedback, complaints."""

from __future__ import annotations

import random

from crm_desktop.services.demo.batch import Batch
from crm_desktop.services.demo.calendar import Calendar
from crm_desktop.services.demo.customers import People
from crm_desktop.services.demo.sales import Schedule

FOLLOW_UP_COLUMNS = (
    "id", "title", "customer_id", "due_date", "due_time", "priority", "notes", "assigned_to_id", "status",
    "completed_at", "completed_by_id", "repeat_rule", "origin", "occasion", "created_at", "created_by_id",
)  # fmt: skip
INTERACTION_COLUMNS = (
    "id", "customer_id", "kind", "body", "staff_id", "occurred_at", "rating", "case_status", "resolved_at",
)  # fmt: skip
MANUAL_TITLES = (
    "Call {name} when the Ethiopia beans are back", "Put aside a gift box for {name}",
    "Ask {name} how the grinder is working", "Send {name} the wholesale price list",
    "Remind {name} about the tasting evening", "Order the decaf {name} asked for",
)  # fmt: skip
SHOP_TITLES = ("Reorder paper filters", "Count the gift card stock", "Plan the Christmas window")
KINDS = (("note",) * 5 + ("call",) * 4 + ("visit",) * 4 + ("email",) * 2 + ("feedback",) * 3
         + ("request",) * 2 + ("complaint",))  # fmt: skip
BODIES = {
    "note": ("Prefers the darker roasts.", "Buys for the office on Fridays.", "Moved to Clifton."),
    "call": ("Called about a missing order.", "Asked for opening hours over Easter.", "Left a voicemail."),
    "visit": (
        "Tasted the new Colombian.",
        "Came in with a friend who signed up.",
        "Picked up a reservation.",
    ),
    "email": ("Sent the receipt by email.", "Answered a question about the loyalty card."),
    "feedback": ("Loves the new seating.", "Coffee was a bit bitter today.", "Great service from Tom."),
    "request": ("Wants oat milk in 1 l cartons.", "Asked us to stock Darjeeling."),
    "complaint": ("Croissant was stale.", "Waited too long at the till.", "Grinder broke after a week."),
}


def _origin(rng: random.Random, cal: Calendar, schedule: Schedule, c: int) -> str:
    last = schedule.last_t[c]
    if last >= 0 and last < cal.now_t - 90 * 86400 and rng.random() < 0.5:
        return "winback"
    if last >= 0 and rng.random() < 0.2:
        return "thank_you"
    return "manual"


def follow_ups(rng: random.Random, cal: Calendar, schedule: Schedule, people: People, staff: list[int],
               fid: int) -> Batch:  # fmt: skip
    """About one follow-up per five customers, ids from `fid`."""
    count = len(people.ids) - 1
    chosen = sorted(rng.sample(range(1, count + 1), count // 5))
    rows = []
    rnd = rng.random
    today = cal.last
    for c in [*chosen, *([0] * max(1, count // 200))]:  # 0: about the shop, not a customer
        origin = _origin(rng, cal, schedule, c) if c else "manual"
        r = rnd()
        status = "open" if r < 0.5 else "done" if r < 0.9 else "cancelled"
        if status == "open" and c and people.archived[c]:
            status = "cancelled"
        born = people.created_t[c] // 86400 if c else 0
        if status == "open":
            r = rnd()
            due = (
                today - 1 - int(rnd() * 30) if r < 0.3 else today if r < 0.45 else today + 1 + int(rnd() * 30)
            )
        else:
            due = today - int(rnd() * rnd() * 700)
        due = max(due, born)
        created_day = max(born, min(due, today) - int(rnd() * 14))
        created_t = created_day * 86400 + 9 * 3600 + int(rnd() * 9 * 3600)
        if created_day == today:
            created_t = min(created_t, cal.now_t)
        completed = completed_by = None
        if status != "open":  # cancelling also stores when and by whom, as services/followups.py does
            done_t = min(max(due * 86400 + 10 * 3600 + int(rnd() * 8 * 3600), created_t), cal.now_t)
            completed, completed_by = cal.iso(done_t), staff[int(rnd() * len(staff))]
        name = people.first_names[c]
        # the occasions services/followup_rules.py gives them, so the app's rules never repeat the demo's
        if origin == "winback":
            last_visit = cal.date_text(schedule.last_t[c] // 86400)
            title, occasion = (
                f"Win back {name}: no visit for 90 days",
                f"winback:{people.ids[c]}:{last_visit}",
            )
        elif origin == "thank_you":
            title, occasion = f"Thank {name} for their first purchase", f"thank_you:{people.ids[c]}"
        else:
            title = (MANUAL_TITLES[int(rnd() * len(MANUAL_TITLES))].format(name=name) if c
                     else SHOP_TITLES[int(rnd() * len(SHOP_TITLES))])  # fmt: skip
            occasion = None
        rows.append((
            fid, title, people.ids[c] if c else None, cal.date_text(due),
            f"{10 + int(rnd() * 8)}:{'00' if rnd() < 0.5 else '30'}" if rnd() < 0.25 else None,
            2 if rnd() < 0.15 else 0 if rnd() < 0.15 else 1, "",
            staff[int(rnd() * len(staff))], status, completed, completed_by,
            "1m" if origin == "manual" and status == "open" and rnd() < 0.05 else None,
            origin, occasion, cal.iso(created_t), staff[int(rnd() * len(staff))],
        ))  # fmt: skip
        fid += 1
    return Batch("follow_up", FOLLOW_UP_COLUMNS, rows)


def interactions(rng: random.Random, cal: Calendar, people: People, staff: list[int], iid: int) -> Batch:
    """About one interaction per two customers, some of them complaint cases, ids from `iid`."""
    count = len(people.ids) - 1
    rnd = rng.random
    rows = []
    for _ in range(count // 2):
        c = 1 + int(rnd() * count)
        kind = KINDS[int(rnd() * len(KINDS))]
        start = people.created_t[c]
        day = min((start + int(rnd() * (cal.now_t - start))) // 86400, cal.last)
        t = min(max(start, day * 86400 + cal.pick_second(day, rnd())), cal.now_t)  # in opening hours
        rating = case = resolved = None
        if kind == "feedback":
            rating = min(10, int(11 * (1 - rnd() * rnd())))  # mostly happy
        elif kind == "complaint":
            resolved_t = t + int((0.5 + rnd() * 6) * 86400)
            # Old complaints were dealt with long ago; only recent ones may still be open.
            if resolved_t <= cal.now_t and (resolved_t < cal.now_t - 45 * 86400 or rnd() < 0.65):
                case, resolved = "resolved", cal.iso(resolved_t)
            else:
                case = "open" if rnd() < 0.7 else "waiting"
        bodies = BODIES[kind]
        rows.append((iid, people.ids[c], kind, bodies[int(rnd() * len(bodies))], staff[int(rnd() * len(staff))],
                     cal.iso(t), rating, case, resolved))  # fmt: skip
        iid += 1
    return Batch("interaction", INTERACTION_COLUMNS, rows)
