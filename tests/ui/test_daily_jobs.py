"""The once-a-day scheduler: a FixedClock says what day it is and the test fires the timers itself."""

from __future__ import annotations

import datetime as dt

from crm_desktop.ui.context import CUSTOMERS, FOLLOW_UPS, LOYALTY
from crm_desktop.ui.daily_jobs import DailyJob, DailyJobs, counts_changed, default_jobs


def _recording_job(calls: list[dt.date], clock, result: int = 1) -> DailyJob:
    def run(session) -> int:
        calls.append(session.clock.now().astimezone(clock.tz()).date())
        return result

    return DailyJob("test", run, lambda n: (LOYALTY, CUSTOMERS) if n else ())


def test_runs_shortly_after_start_then_once_per_local_day(qtbot, ctx, clock):
    calls: list[dt.date] = []
    jobs = DailyJobs(ctx, [_recording_job(calls, clock)], first_delay_ms=0, check_interval_ms=3_600_000)
    with qtbot.waitSignal(jobs.job_finished):
        jobs.start()  # the first pass is on a zero-delay timer: after start() returns, not inside it
        assert calls == []
    assert calls == [dt.date(2026, 6, 15)]

    for _ in range(3):  # the periodic check, the same day: nothing runs again
        jobs.timer.timeout.emit()
    clock.advance(hours=13)  # 23:00 local, still 15 June
    jobs.timer.timeout.emit()
    assert calls == [dt.date(2026, 6, 15)]

    clock.advance(hours=1, minutes=1)  # 00:01 local on 16 June (22:01 UTC): the shop's day, not UTC's
    jobs.timer.timeout.emit()
    jobs.timer.timeout.emit()
    assert calls == [dt.date(2026, 6, 15), dt.date(2026, 6, 16)]

    clock.advance(days=3)  # the machine slept over a weekend: one run for the day it wakes on
    jobs.timer.timeout.emit()
    assert calls[-1] == dt.date(2026, 6, 19) and len(calls) == 3
    jobs.stop()
    assert not jobs.timer.isActive()


def test_notifies_changes_only_when_the_job_changed_something(qtbot, ctx, clock):
    calls: list[dt.date] = []
    seen: list[frozenset[str]] = []
    ctx.changes.changed.connect(seen.append)
    jobs = DailyJobs(ctx, [_recording_job(calls, clock, result=0)], first_delay_ms=0)
    jobs.check()
    assert calls and seen == []

    busy = DailyJobs(ctx, [_recording_job(calls, clock, result=4)])
    busy.check()
    assert seen == [frozenset({LOYALTY, CUSTOMERS})]


def test_a_failing_job_is_logged_and_tried_again_at_the_next_check(qtbot, ctx, clock, caplog):
    attempts: list[int] = []

    def flaky(session) -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("database is locked")
        return 0

    jobs = DailyJobs(ctx, [DailyJob("flaky", flaky, lambda _r: ())])
    with qtbot.waitSignal(jobs.job_failed):
        jobs.check()
    assert "daily job flaky failed" in caplog.text
    jobs.check()
    jobs.check()
    assert len(attempts) == 2 and jobs.last_run["flaky"] == dt.date(2026, 6, 15)


def test_counts_changed_reads_result_counts():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Result:
        expired_entries: int = 0
        birthday_bonuses: int = 0
        tier_changes: int = 0
        note: str = ""

    assert not counts_changed(Result())
    assert counts_changed(Result(tier_changes=2))
    assert not counts_changed(0) and counts_changed(3)
    assert [job.name for job in default_jobs()] == ["loyalty", "followup_rules"]


def test_the_loyalty_pass_gives_a_birthday_bonus_once_and_tells_the_views(qtbot, ctx, session, clock):
    import dataclasses

    from crm_desktop.db.models import LoyaltyEntry
    from crm_desktop.services import loyalty
    from tests.factories import make_customer

    loyalty.save_rules(session, dataclasses.replace(loyalty.rules(), birthday_bonus_points=25))
    rosa = make_customer(session, first_name="Rosa", birth_day=15, birth_month=6)
    seen: list[frozenset[str]] = []
    ctx.changes.changed.connect(seen.append)
    jobs = DailyJobs(ctx)  # the real jobs
    jobs.check()
    bonuses = LoyaltyEntry.select().where(
        (LoyaltyEntry.customer == rosa.id) & (LoyaltyEntry.kind == "birthday_bonus")
    )
    assert [e.points for e in bonuses] == [25]
    assert seen == [frozenset({LOYALTY, CUSTOMERS})]

    jobs.timer.timeout.emit()  # later the same day: not run again
    clock.advance(days=1)
    jobs.timer.timeout.emit()  # the next day: run, nothing new to give
    assert jobs.last_run["loyalty"] == dt.date(2026, 6, 16)
    assert bonuses.count() == 1 and seen == [frozenset({LOYALTY, CUSTOMERS})]


def test_the_follow_up_rules_run_daily_and_tell_the_views_when_they_created_some(qtbot, ctx, session, clock):
    from crm_desktop.db.models import Customer, FollowUp
    from crm_desktop.services import followup_rules
    from crm_desktop.services.followup_rules import AutoRule, AutoRules
    from crm_desktop.ui.daily_jobs import followup_rules_job
    from tests.factories import make_customer

    followup_rules.save(session, AutoRules(winback=AutoRule(True, 90)))
    rosa = make_customer(session, first_name="Rosa")
    last_visit = dt.date(2026, 6, 15) - dt.timedelta(days=91)  # lapsed yesterday
    Customer.update(last_visit_date=last_visit, visits=1).where(Customer.id == rosa.id).execute()
    seen: list[frozenset[str]] = []
    ctx.changes.changed.connect(seen.append)
    jobs = DailyJobs(ctx, [followup_rules_job()])
    jobs.check()
    assert [f.title for f in FollowUp.select()] == ["Win back Rosa Lovelace: no visit for 90 days"]
    assert seen == [frozenset({FOLLOW_UPS})]

    clock.advance(days=1)
    jobs.timer.timeout.emit()  # the next day: nothing new, nobody told
    assert FollowUp.select().count() == 1 and seen == [frozenset({FOLLOW_UPS})]
