"""Work that runs once per shop day while the app is open: the loyalty pass (expiry, birthday bonuses, tier
recompute) and the automatic follow-up rules (win-back, thank-you, points expiring). The reminders' own
check runs more often (`ui/reminders.py`).

`DailyJobs.start()` runs the jobs a little after start-up (`FIRST_DELAY_MS`, off the path to the first
window) and then checks the shop's local date every few minutes: a job runs again once the date moved on
(midnight passed, or the machine woke from sleep on a later day). Each job is one service call on the task
runner; the services are idempotent, so a second run on the same day changes nothing. After a job that
changed something, `ctx.changes` names what it changed so the open views reload.

The date comes from the session's clock, so tests drive a `FixedClock` and fire the timer themselves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from crm_desktop import clock as clocks
from crm_desktop.services.session import Session
from crm_desktop.ui.context import CUSTOMERS, FOLLOW_UPS, LOYALTY, UiContext
from crm_desktop.ui.periodic import PeriodicCheck

log = logging.getLogger(__name__)

FIRST_DELAY_MS = 2000
CHECK_INTERVAL_MS = 5 * 60 * 1000


@dataclass(frozen=True)
class DailyJob:
    name: str
    run: Callable[[Session], Any]  # a service call; runs on the task runner
    changed: Callable[[Any], Iterable[str]]  # the entities its result says were changed (none: nothing)


def counts_changed(result: Any) -> bool:
    """True when a result of counts (a dataclass of ints, or an int) says something was written."""
    if isinstance(result, bool):
        return result
    if isinstance(result, int):
        return result > 0
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        values = (getattr(result, f.name) for f in dataclasses.fields(result))
        return any(v > 0 for v in values if isinstance(v, int) and not isinstance(v, bool))
    return bool(result)


def _run_loyalty(session: Session) -> Any:
    from crm_desktop.services import loyalty

    return loyalty.run_daily(session)


def loyalty_job() -> DailyJob:
    return DailyJob(
        "loyalty", _run_loyalty, lambda result: (LOYALTY, CUSTOMERS) if counts_changed(result) else ()
    )


def _run_followup_rules(session: Session) -> Any:
    from crm_desktop.services import followup_rules

    return followup_rules.run(session)


def followup_rules_job() -> DailyJob:
    """After the loyalty pass, so "points expiring" sees today's expiries already written."""
    return DailyJob(
        "followup_rules", _run_followup_rules, lambda result: (FOLLOW_UPS,) if counts_changed(result) else ()
    )


def default_jobs() -> list[DailyJob]:
    return [loyalty_job(), followup_rules_job()]


class DailyJobs(PeriodicCheck):
    job_finished = Signal(str, object)  # job name, its result
    job_failed = Signal(str, object)  # job name, the exception (logged; tried again at the next check)

    def __init__(
        self,
        ctx: UiContext,
        jobs: list[DailyJob] | None = None,
        *,
        first_delay_ms: int = FIRST_DELAY_MS,
        check_interval_ms: int = CHECK_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(first_delay_ms, check_interval_ms, parent)
        self.ctx = ctx
        self.jobs = list(default_jobs() if jobs is None else jobs)
        self.last_run: dict[str, dt.date] = {}  # job name -> the shop day it last completed
        self._running: set[str] = set()

    def add(self, job: DailyJob) -> None:
        self.jobs.append(job)

    def today(self) -> dt.date:
        return clocks.today(self.ctx.session.clock)

    def check(self) -> None:
        """Run every job not yet run on today's shop date (and not running now)."""
        today = self.today()
        for job in self.jobs:
            if self.last_run.get(job.name) == today or job.name in self._running:
                continue
            self._running.add(job.name)
            self.ctx.runner.run(
                job.run,
                self.ctx.session,
                on_success=lambda result, job=job, day=today: self._finished(job, day, result),
                on_error=lambda exc, job=job: self._failed(job, exc),
            )

    def _finished(self, job: DailyJob, day: dt.date, result: Any) -> None:
        self._running.discard(job.name)
        self.last_run[job.name] = day
        log.info("daily job %s for %s: %s", job.name, day, result)
        entities = tuple(job.changed(result))
        if entities:
            self.ctx.changes.notify(*entities)
        self.job_finished.emit(job.name, result)

    def _failed(self, job: DailyJob, exc: BaseException) -> None:
        self._running.discard(job.name)
        log.error("daily job %s failed", job.name, exc_info=(type(exc), exc, exc.__traceback__))
        self.job_failed.emit(job.name, exc)
