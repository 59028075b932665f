"""The demo's follow-ups look like the app's: occasions in the rules' formats, closed ones with who and when;
the rules then run over it without repeating the demo's occasions."""

from __future__ import annotations

import datetime as dt

from crm_desktop import clock as clocks
from crm_desktop.db.models import Customer, FollowUp, Interaction
from crm_desktop.services import demo, followup_rules, followups
from crm_desktop.services.followup_rules import AutoRule, AutoRules


def test_demo_follow_ups_use_the_rules_occasions(session, clock):
    for _ in demo.build(150, 1500, clock=clock):
        pass
    last_visit = {c.id: c.last_visit_date for c in Customer.select()}
    automatic = list(FollowUp.select().where(FollowUp.origin.in_(("winback", "thank_you"))))
    assert automatic
    same_day = 0
    for f in automatic:
        if f.origin == "winback":
            kind, cid, day = f.occasion.split(":")
            assert (kind, int(cid)) == ("winback", f.customer_id)
            same_day += day == last_visit[f.customer_id].isoformat()  # unless the last sale was voided
        else:
            assert f.occasion == f"thank_you:{f.customer_id}"
    winbacks = sum(f.origin == "winback" for f in automatic)
    assert winbacks and same_day >= 0.9 * winbacks
    closed = FollowUp.select().where(FollowUp.status != "open")
    assert closed.count() and all(f.completed_at is not None and f.completed_by_id for f in closed)

    today = clocks.today(clock)
    before = followups.counts(today)
    followup_rules.save(session, AutoRules(AutoRule(True, 90), AutoRule(True, 3), AutoRule(True, 14)))
    followup_rules.run(session)
    assert followup_rules.run(session) == followup_rules.RulesResult(0, 0, 0)
    after = followups.counts(today)
    assert after.done == before.done and after.today >= before.today
    occasions = [f.occasion for f in FollowUp.select().where(FollowUp.occasion.is_null(False))]
    assert len(occasions) == len(set(occasions))


def test_demo_cases_still_open_are_recent_and_resolved_ones_took_days(session, clock):
    for _ in demo.build(400, 2000, clock=clock):
        pass
    now = clock.now()
    complaints = list(Interaction.select().where(Interaction.kind == "complaint"))
    open_ = [i for i in complaints if i.case_status in ("open", "waiting")]
    resolved = [i for i in complaints if i.case_status == "resolved"]
    assert open_ and resolved
    assert all((now - i.occurred_at).days <= 52 for i in open_)  # 45 days + the longest resolution
    assert all(
        dt.timedelta(hours=12) <= i.resolved_at - i.occurred_at <= dt.timedelta(days=7) for i in resolved
    )
