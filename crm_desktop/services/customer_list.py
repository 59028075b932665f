"""The Customers view's data: the ordered ids of a query (sorted and filtered in SQL) and one page of rows.

`ids()` selects only `id`, walking the index of the sort key so SQLite never sorts the whole table:
`customer(sort_name)`, `(points_balance, id)`, `(visits, id)`, `(total_spent_cents, id)`,
`(last_visit_date, id)`, `(created_at, id)`, `(birth_month, birth_day)`, `(email)`, `(phone_e164)`. Each
holds the rowid, so the walk is covering. Archived customers are left out with
`id NOT IN (<the partial index of archived rows>)`, which keeps the walk covering (checking `archived_at`
itself would read every table row: ~250 ms instead of ~40 ms at 100k customers). The ids come back as one
JSON array, which is cheaper than 100k Python row tuples.

Order: ties by id; descending reverses the whole order, except that blanks (no email, phone, last visit or
birthday) always come last. The phone column sorts by the E.164 number (the display form is the
international format of the same number), then numbers kept as typed, then customers without a phone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from crm_desktop.db.models import database
from crm_desktop.services.customer_records import display_name
from crm_desktop.services.search import text_condition

SORT_KEYS = ("name", "phone", "email", "points", "visits", "total_spent", "last_visit", "birthday", "created")
CONSENTS = ("email", "sms")

# Per sort key, the parts listed one after the other: (condition, ORDER BY columns before the id tie).
_PARTS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "name": (("", ("sort_name",)),),
    "phone": (
        ("phone_e164 IS NOT NULL", ("phone_e164",)),
        ("phone_e164 IS NULL AND phone IS NOT NULL", ("phone",)),
        ("phone_e164 IS NULL AND phone IS NULL", ()),
    ),
    "email": (("email IS NOT NULL", ("email",)), ("email IS NULL", ())),
    "points": (("", ("points_balance",)),),
    "visits": (("", ("visits",)),),
    "total_spent": (("", ("total_spent_cents",)),),
    "last_visit": (("last_visit_date IS NOT NULL", ("last_visit_date",)), ("last_visit_date IS NULL", ())),
    "birthday": (
        ("birth_month IS NOT NULL", ("birth_month", "birth_day")),
        ("birth_month IS NULL", ("birth_day",)),
    ),
    "created": (("", ("created_at",)),),
}
_ARCHIVED = "SELECT id FROM customer WHERE archived_at IS NOT NULL"  # the partial index on archived rows


@dataclass(frozen=True)
class ListQuery:
    text: str = ""  # search box text; "" = everything
    tag: str | None = None
    archived: bool = False  # False: active customers only; True: archived only
    birthday_this_month: bool = False
    consent: str | None = None  # None | "email" | "sms"
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    phone: str
    email: str
    tags: str  # "gift buyer, VIP": sorted, comma-separated
    points: int
    tier: str | None
    visits: int
    total_spent_cents: int
    last_visit_date: dt.date | None
    birth_day: int | None
    birth_month: int | None
    birth_year: int | None
    archived: bool


def statements(query: ListQuery, today: dt.date) -> list[tuple[str, tuple[object, ...]]]:
    """The SELECTs whose results, concatenated, are `ids(query, today)` (exposed for EXPLAIN in tests)."""
    if query.sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {query.sort!r}; one of {', '.join(SORT_KEYS)}")
    if query.consent not in (None, *CONSENTS):
        raise ValueError(f"unknown consent {query.consent!r}")
    where = [f"id IN ({_ARCHIVED})" if query.archived else f"id NOT IN ({_ARCHIVED})"]
    params: list[object] = []
    matching = text_condition(query.text)
    if matching is not None:
        where.append(matching[0])
        params.extend(matching[1])
    if query.tag:
        where.append(
            "id IN (SELECT customer_id FROM customer_tag WHERE tag_id = (SELECT id FROM tag WHERE name = ?))"
        )
        params.append(query.tag.strip())
    if query.birthday_this_month:
        where.append("birth_month = ?")
        params.append(today.month)
    if query.consent:
        where.append(f"{query.consent}_consent = 1")
    direction = " DESC" if query.descending else ""
    out = []
    for condition, columns in _PARTS[query.sort]:
        clauses = " AND ".join([*where, condition] if condition else where)
        order = ", ".join(f"{column}{direction}" for column in (*columns, "id"))
        out.append((f"SELECT id FROM customer WHERE {clauses} ORDER BY {order}", tuple(params)))
    return out


def ids(query: ListQuery, today: dt.date) -> list[int]:
    """Every matching customer id in the list's order. `today` decides "birthday this month"."""
    out: list[int] = []
    for sql, params in statements(query, today):
        packed = database.execute_sql(f"SELECT json_group_array(id) FROM ({sql})", params).fetchone()[0]
        out += json.loads(packed)
    return out


def rows(ids: Sequence[int]) -> list[CustomerRow]:
    """The rows for one page of ids (a few hundred at most), in the order given; unknown ids are skipped."""
    if not ids:
        return []
    packed = json.dumps(list(ids))
    tags: dict[int, list[str]] = {}
    for cid, name in database.execute_sql(
        """SELECT ct.customer_id, t.name FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id
           WHERE ct.customer_id IN (SELECT value FROM json_each(?))""",
        (packed,),
    ):
        tags.setdefault(cid, []).append(name)
    found = {}
    for r in database.execute_sql(
        """SELECT id, first_name, last_name, email, phone, points_balance, tier, visits, total_spent_cents,
                  last_visit_date, birth_day, birth_month, birth_year, archived_at
           FROM customer WHERE id IN (SELECT value FROM json_each(?))""",
        (packed,),
    ):
        (
            cid,
            first,
            last,
            email,
            phone,
            points,
            tier,
            visits,
            spent,
            last_visit,
            day,
            month,
            year,
            archived,
        ) = r
        found[cid] = CustomerRow(
            id=cid,
            name=display_name(first, last, email, phone),
            phone=phone or "",
            email=email or "",
            tags=", ".join(sorted(tags.get(cid, ()), key=str.casefold)),
            points=points,
            tier=tier,
            visits=visits,
            total_spent_cents=spent,
            last_visit_date=dt.date.fromisoformat(last_visit) if last_visit else None,
            birth_day=day,
            birth_month=month,
            birth_year=year,
            archived=archived is not None,
        )
    return [found[cid] for cid in ids if cid in found]
