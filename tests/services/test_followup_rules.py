"""Automatic follow-ups: each rule creates one follow-up per customer per occasion however often the app
starts, day after day; first runs cover the last 7 days, catch-up after days closed at most 60 days."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from crm_desktop.db.models import AuditEntry, FollowUp
from crm_desktop.services import customers, followup_rules
from crm_desktop.services.errors import ValidationError
from crm_desktop.services.followup_rules import AutoRule, AutoRules, RulesResult
from tests.factories import make_customer
from tests.services.loyalty_helpers import sale

D = dt.date


def travel(clock, day: dt.date, hour: int = 10) -> None:
    clock.moment = dt.datetime(day.year, day.month, day.day, hour, tzinfo=clock.timezone)


def visit(session, clock, customer_id: int, day: dt.date, cents: int = 1000) -> None:
    back = clock.moment
    travel(clock, day)
    sale(session, customer_id, cents)
    clock.moment = back


def switch_on(session, **rules: AutoRule) -> None:
    followup_rules.save(session, dataclasses.replace(followup_rules.current(), **rules))


def occasions(origin: str) -> list[str]:
    query = FollowUp.select(FollowUp.occasion).where(FollowUp.origin == origin).order_by(FollowUp.occasion)
    return [f.occasion for f in query]


def run_days(session, clock, first: dt.date, last: dt.date, times: int = 1) -> list[RulesResult]:
    results = []
    day = first
    while day <= last:
        for hour in range(times):
            travel(clock, day, 8 + hour)
            results.append(followup_rules.run(session))
        day += dt.timedelta(days=1)
    return results


def test_win_back_once_per_lapse_however_often_the_app_starts(session, clock):
    cid = {n: make_customer(session, first_name=n, last_name="Smith").id for n in "ABCDEF"}
    for name, day in (
        ("A", D(2026, 5, 12)),
        ("B", D(2026, 5, 1)),
        ("C", D(2026, 5, 16)),
        ("D", D(2026, 5, 17)),
        ("E", D(2026, 5, 12)),
    ):
        visit(session, clock, cid[name], day)
    customers.archive(session, cid["E"])
    switch_on(session, winback=AutoRule(True, 30))
    # first run on 15 Jun: occasions (last visit + 30 days) from 9 to 15 Jun only
    assert run_days(session, clock, D(2026, 6, 15), D(2026, 6, 15), times=3) == [
        RulesResult(2, 0, 0),
        RulesResult(0, 0, 0),
        RulesResult(0, 0, 0),
    ]
    assert occasions("winback") == [f"winback:{cid['A']}:2026-05-12", f"winback:{cid['C']}:2026-05-16"]
    row = FollowUp.get(FollowUp.occasion == f"winback:{cid['A']}:2026-05-12")
    assert (row.title, row.due_date, row.status, row.customer_id) == (
        "Win back A Smith: no visit for 30 days",
        D(2026, 6, 15),
        "open",
        cid["A"],
    )
    assert row.notes == "Last visit 12 May 2026."
    # the next days: D lapses on 16 Jun; A comes back on 20 Jun and lapses again on 20 Jul
    run_days(session, clock, D(2026, 6, 16), D(2026, 6, 19), times=2)
    visit(session, clock, cid["A"], D(2026, 6, 20))
    run_days(session, clock, D(2026, 6, 20), D(2026, 7, 21), times=2)
    assert occasions("winback") == sorted(
        [
            f"winback:{cid['A']}:2026-05-12",
            f"winback:{cid['C']}:2026-05-16",
            f"winback:{cid['D']}:2026-05-17",
            f"winback:{cid['A']}:2026-06-20",
        ]
    )
    assert FollowUp.get(FollowUp.occasion == f"winback:{cid['A']}:2026-06-20").due_date == D(2026, 7, 20)
    created = AuditEntry.select().where((AuditEntry.entity == "follow_up") & (AuditEntry.action == "create"))
    assert [json.loads(a.after)["created"] for a in created] == [2, 1, 1]


def test_catch_up_after_days_closed_goes_back_at_most_60_days(session, clock):
    a, b, c = (make_customer(session, first_name=n).id for n in "abc")
    switch_on(session, winback=AutoRule(True, 30))
    run_days(session, clock, D(2026, 6, 15), D(2026, 6, 15))
    visit(session, clock, a, D(2026, 6, 20))  # lapses 20 Jul while the shop's app is closed
    run_days(session, clock, D(2026, 8, 1), D(2026, 8, 1))
    assert occasions("winback") == [f"winback:{a}:2026-06-20"]
    visit(session, clock, b, D(2026, 8, 2))  # lapses 1 Sep: more than 60 days before 9 Nov
    visit(session, clock, c, D(2026, 8, 20))  # lapses 19 Sep: caught up
    run_days(session, clock, D(2026, 11, 9), D(2026, 11, 9))
    assert occasions("winback") == [f"winback:{a}:2026-06-20", f"winback:{c}:2026-08-20"]


def test_switching_a_rule_on_again_starts_with_the_last_7_days(session, clock):
    a, b = make_customer(session).id, make_customer(session, first_name="Bo").id
    switch_on(session, winback=AutoRule(True, 30))
    run_days(session, clock, D(2026, 6, 15), D(2026, 6, 15))
    switch_on(session, winback=AutoRule(False, 30))
    assert run_days(session, clock, D(2026, 6, 16), D(2026, 6, 16)) == [RulesResult(0, 0, 0)]
    visit(session, clock, a, D(2026, 6, 20))  # lapses 20 Jul: not covered when switched on on 1 Aug
    visit(session, clock, b, D(2026, 6, 27))  # lapses 27 Jul: within the last 7 days
    travel(clock, D(2026, 8, 1))
    switch_on(session, winback=AutoRule(True, 30))
    assert run_days(session, clock, D(2026, 8, 1), D(2026, 8, 1), times=2)[0] == RulesResult(1, 0, 0)
    assert occasions("winback") == [f"winback:{b}:2026-06-27"]


def test_thank_you_once_per_customer_days_after_the_first_purchase(session, clock):
    p, q, r, s = (make_customer(session, first_name=n).id for n in "pqrs")
    visit(session, clock, p, D(2026, 6, 12))  # occasion 15 Jun: first run
    visit(session, clock, q, D(2026, 6, 1))  # occasion 4 Jun: before the first run's 7 days
    visit(session, clock, s, D(2025, 3, 1))  # an old customer buying again is no newcomer
    visit(session, clock, s, D(2026, 6, 12))
    switch_on(session, thank_you=AutoRule(True, 3))
    assert run_days(session, clock, D(2026, 6, 15), D(2026, 6, 15), times=3)[0] == RulesResult(0, 1, 0)
    visit(session, clock, r, D(2026, 6, 14))
    visit(session, clock, r, D(2026, 6, 15))
    visit(session, clock, r, D(2026, 6, 16))
    results = run_days(session, clock, D(2026, 6, 16), D(2026, 6, 30), times=3)
    assert sum(x.thank_you for x in results) == 1 and results[3].thank_you == 1  # 17 Jun, first start
    assert occasions("thank_you") == [f"thank_you:{p}", f"thank_you:{r}"]
    row = FollowUp.get(FollowUp.occasion == f"thank_you:{r}")
    assert (row.title, row.due_date, row.notes) == (
        "Thank r Lovelace for their first purchase",
        D(2026, 6, 17),
        "First purchase 14 Jun 2026.",
    )


def test_points_expiring_once_per_expiring_date(session, clock):
    t, u, v = (make_customer(session, first_name=n).id for n in "tuv")
    visit(session, clock, t, D(2025, 6, 20), 5000)  # 50 points expiring 20 Jun 2026
    visit(session, clock, u, D(2025, 7, 10), 7000)  # 70 points expiring 10 Jul 2026
    visit(session, clock, u, D(2025, 9, 1), 2000)
    visit(session, clock, v, D(2025, 6, 25), 3000)
    customers.archive(session, v)
    switch_on(session, points_expiring=AutoRule(True, 14))
    assert run_days(session, clock, D(2026, 6, 15), D(2026, 6, 15), times=3)[0] == RulesResult(0, 0, 1)
    row = FollowUp.get(FollowUp.origin == "points_expiring")
    assert (row.title, row.occasion, row.customer_id) == (
        "Remind t Lovelace: 50 points expire from 20 Jun 2026",
        f"points_expiring:{t}:2026-06-20",
        t,
    )
    results = run_days(session, clock, D(2026, 6, 16), D(2026, 9, 5), times=2)
    assert occasions("points_expiring") == [
        f"points_expiring:{t}:2026-06-20",
        f"points_expiring:{u}:2026-07-10",
        f"points_expiring:{u}:2026-09-01",
    ]
    assert sum(x.points_expiring for x in results) == 2
    due = {f.occasion: f.due_date for f in FollowUp.select().where(FollowUp.origin == "points_expiring")}
    assert (due[f"points_expiring:{u}:2026-07-10"], due[f"points_expiring:{u}:2026-09-01"]) == (
        D(2026, 6, 26),
        D(2026, 8, 18),  # the first days those expiry dates are within 14 days
    )


def test_points_expiring_lot_by_lot_reminds_once_per_n_days(session, clock):
    w = make_customer(session, first_name="w").id
    for week in range(5):  # a weekly regular a year ago: lots expire 16, 23, 30 Jun, 7 and 14 Jul 2026
        visit(session, clock, w, D(2025, 6, 16) + dt.timedelta(weeks=week))
    switch_on(session, points_expiring=AutoRule(True, 14))
    run_days(session, clock, D(2026, 6, 15), D(2026, 7, 20), times=2)
    due = {f.occasion.split(":")[2]: f.due_date for f in FollowUp.select().where(FollowUp.customer == w)}
    # 15 Jun covers lots to 29 Jun; points are gone on their expiry day, so on 23 Jun the first to expire
    # is the 30 Jun lot, beyond what 15 Jun's reminder named: a new one (covering to 7 Jul), and so on
    assert due == {"2026-06-16": D(2026, 6, 15), "2026-06-30": D(2026, 6, 23), "2026-07-14": D(2026, 7, 7)}


def test_rules_off_do_nothing(session, clock):
    visit(session, clock, make_customer(session).id, D(2026, 3, 1))
    assert run_days(session, clock, D(2026, 6, 1), D(2026, 6, 20)) == [RulesResult(0, 0, 0)] * 20
    assert FollowUp.select().count() == 0


def test_settings_round_trip_and_are_audited(session):
    assert followup_rules.current() == AutoRules()
    rules = AutoRules(AutoRule(True, 120), AutoRule(False, 5), AutoRule(True, 30))
    assert followup_rules.save(session, rules) == rules
    assert followup_rules.current() == rules
    entry = AuditEntry.get(AuditEntry.entity == "followup_rules")
    assert json.loads(entry.after)["winback"] == {"enabled": True, "days": 120}


@pytest.mark.parametrize(
    ("rule", "value", "field"),
    [
        ("winback", AutoRule(True, 0), "Win-back after"),
        ("thank_you", AutoRule(True, 3651), "Thank-you after"),
        ("points_expiring", AutoRule(True, "14"), "Points expiring within"),
        ("winback", AutoRule("yes", 90), "Win-back after"),
        ("thank_you", AutoRule(True, True), "Thank-you after"),
    ],
)
def test_bad_settings_name_the_rule_and_change_nothing(session, rule, value, field):
    with pytest.raises(ValidationError) as error:
        followup_rules.save(session, dataclasses.replace(AutoRules(), **{rule: value}))
    assert error.value.field == field
    assert followup_rules.current() == AutoRules()
    assert AuditEntry.select().where(AuditEntry.entity == "followup_rules").count() == 0
