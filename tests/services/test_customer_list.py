"""The Customers list: ordered ids per sort key and filter, index-backed plans, and pages of rows."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_desktop.db.models import Customer, database
from crm_desktop.services import customer_list, customers
from crm_desktop.services.customer_list import ListQuery
from tests.factories import make_customer

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def shop(session, clock):
    """A dozen customers with ties and blanks in every sortable column."""
    specs = [
        dict(first_name="Émile", last_name="Zola", email="emile@example.com", phone="07911 123456",
             birth_day=2, birth_month=6, tags=("VIP",), email_consent=True),
        dict(first_name="Ada", last_name="Lovelace", phone="07911 123456", birth_day=29, birth_month=2),
        dict(first_name="ada", last_name="lovelace", email="ada@example.com", phone="not known",
             birth_day=1, birth_month=12, birth_year=1990, sms_consent=True, tags=("vip", "student")),
        dict(first_name="Bob", last_name="Ádams", email="bob@example.com", phone="020 7946 0018",
             birth_day=2, birth_month=6, email_consent=True, sms_consent=True),
        dict(first_name="", last_name="Curie", phone="ask at till"),
        dict(first_name="", last_name="", email="zed@example.com", tags=("student",)),
        dict(first_name="Carl", last_name="Adams", birth_day=30, birth_month=6),
        dict(first_name="Dora", last_name="Lovelace", email="dora@example.com", birth_day=2, birth_month=6),
    ]  # fmt: skip
    ids = []
    for spec in specs:
        ids.append(make_customer(session, **spec).id)
        clock.advance(minutes=1)
    stats = {  # points, visits, spent, last visit
        ids[0]: (10, 3, 50_00, "2026-06-01"), ids[1]: (10, 1, 5_00, "2026-05-01"),
        ids[2]: (0, 3, 50_00, None), ids[3]: (25, 0, 0, "2026-06-01"), ids[6]: (10, 7, 70_00, "2025-12-24"),
    }  # fmt: skip
    for cid, (points, visits, spent, last) in stats.items():
        Customer.update(
            points_balance=points, visits=visits, total_spent_cents=spent, last_visit_date=last
        ).where(Customer.id == cid).execute()
    return ids


def _expected(sort: str, descending: bool, only: set[int] | None = None) -> list[int]:
    """The documented order, computed in Python: parts in turn, each by its key then id; blanks last."""
    cs = [c for c in Customer.select().where(Customer.archived_at.is_null()) if only is None or c.id in only]
    parts = {
        "name": [(cs, lambda c: (c.sort_name,))],
        "phone": [
            ([c for c in cs if c.phone_e164], lambda c: (c.phone_e164,)),
            ([c for c in cs if not c.phone_e164 and c.phone], lambda c: (c.phone,)),
            ([c for c in cs if not c.phone], lambda c: ()),
        ],
        "email": [
            ([c for c in cs if c.email], lambda c: (c.email,)),
            ([c for c in cs if not c.email], lambda c: ()),
        ],
        "points": [(cs, lambda c: (c.points_balance,))],
        "visits": [(cs, lambda c: (c.visits,))],
        "total_spent": [(cs, lambda c: (c.total_spent_cents,))],
        "last_visit": [
            ([c for c in cs if c.last_visit_date], lambda c: (c.last_visit_date,)),
            ([c for c in cs if not c.last_visit_date], lambda c: ()),
        ],
        "birthday": [
            ([c for c in cs if c.birth_month], lambda c: (c.birth_month, c.birth_day)),
            ([c for c in cs if not c.birth_month], lambda c: ()),
        ],
        "created": [(cs, lambda c: (c.created_at,))],
    }[sort]
    out: list[int] = []
    for members, key in parts:
        out += [c.id for c in sorted(members, key=lambda c: (*key(c), c.id), reverse=descending)]
    return out


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", customer_list.SORT_KEYS)
def test_each_sort_key_in_both_directions(shop, sort, descending):
    got = customer_list.ids(ListQuery(sort=sort, descending=descending), TODAY)
    assert got == _expected(sort, descending)
    assert sorted(got) == sorted(shop)


def test_name_sort_ignores_accents_and_case_and_breaks_ties_by_id(shop):
    got = customer_list.ids(ListQuery(), TODAY)
    ada, ada2, adams_bob, adams_carl = shop[1], shop[2], shop[3], shop[6]
    assert got[:2] == [adams_bob, adams_carl]  # "adams bob" < "adams carl": Ádams folds to adams
    assert got.index(ada) + 1 == got.index(ada2)  # equal sort names: lower id first


def test_sorts_walk_an_index(shop):
    for sort in customer_list.SORT_KEYS:
        for descending in (False, True):
            sql, params = customer_list.statements(ListQuery(sort=sort, descending=descending), TODAY)[0]
            plan = " | ".join(r[3] for r in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
            assert "TEMP B-TREE" not in plan, (sort, plan)
            assert "COVERING INDEX" in plan, (sort, plan)


def test_filters(shop, session):
    zola, ada, ada2, bob, _curie, zed, carl, dora = shop
    assert customer_list.ids(ListQuery(tag="vip"), TODAY) == [ada2, zola]
    assert customer_list.ids(ListQuery(tag="STUDENT"), TODAY) == [ada2, zed]
    assert customer_list.ids(ListQuery(tag="nobody"), TODAY) == []
    assert customer_list.ids(ListQuery(birthday_this_month=True), TODAY) == [bob, carl, dora, zola]
    assert customer_list.ids(ListQuery(birthday_this_month=True), dt.date(2027, 2, 1)) == [ada]
    assert customer_list.ids(ListQuery(consent="email"), TODAY) == [bob, zola]
    assert customer_list.ids(ListQuery(consent="sms"), TODAY) == [bob, ada2]
    assert customer_list.ids(ListQuery(text="lovel"), TODAY) == [ada, ada2, dora]
    assert customer_list.ids(ListQuery(text="lovel", tag="vip", sort="birthday"), TODAY) == [ada2]
    assert customer_list.ids(ListQuery(text="zola", birthday_this_month=True, sort="points"), TODAY) == [zola]
    assert customer_list.ids(ListQuery(text="***"), TODAY) == customer_list.ids(ListQuery(), TODAY)

    customers.archive(session, ada)
    assert ada not in customer_list.ids(ListQuery(), TODAY)
    assert customer_list.ids(ListQuery(archived=True), TODAY) == [ada]
    assert customer_list.ids(ListQuery(archived=True, text="ada lov"), TODAY) == [ada]
    assert customer_list.ids(ListQuery(text="ada lov"), TODAY) == [ada2]


def test_bad_query_values_are_programming_errors(db):
    with pytest.raises(ValueError):
        customer_list.ids(ListQuery(sort="shoe size"), TODAY)
    with pytest.raises(ValueError):
        customer_list.ids(ListQuery(consent="fax"), TODAY)


def test_rows_follow_the_given_order(shop, session):
    zola, ada, ada2, *_ = shop
    customers.archive(session, zola)
    got = customer_list.rows([ada2, 99_999, zola, ada])
    assert [r.id for r in got] == [ada2, zola, ada]
    first = got[0]
    assert (first.name, first.email, first.phone, first.tags) == (
        "ada lovelace",
        "ada@example.com",
        "not known",
        "student, VIP",
    )
    assert (first.birth_day, first.birth_month, first.birth_year, first.visits) == (1, 12, 1990, 3)
    assert got[1].archived and not got[0].archived
    assert got[2].last_visit_date == dt.date(2026, 5, 1) and got[2].phone == "+44 7911 123456"
    assert customer_list.rows([]) == []
