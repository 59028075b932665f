"""An injectable notion of "now": services ask a Clock, tests hand in a FixedClock and travel in time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current moment as an aware UTC datetime."""
        ...

    def tz(self) -> dt.tzinfo:
        """The shop's local time zone."""
        ...


def local_now(clock: Clock) -> dt.datetime:
    return clock.now().astimezone(clock.tz())


def today(clock: Clock) -> dt.date:
    """The shop's local calendar date: birthdays and business dates never follow UTC."""
    return local_now(clock).date()


def business_date(clock: Clock, moment: dt.datetime) -> dt.date:
    return moment.astimezone(clock.tz()).date()


def _system_tz() -> dt.tzinfo:
    tz = dt.datetime.now().astimezone().tzinfo
    return tz if tz is not None else dt.UTC


@dataclass
class SystemClock:
    timezone: dt.tzinfo = field(default_factory=_system_tz)

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def tz(self) -> dt.tzinfo:
        return self.timezone


@dataclass
class FixedClock:
    """A clock that stands still until moved; `moment` may be given in local time or UTC."""

    moment: dt.datetime
    timezone: dt.tzinfo = dt.UTC

    def __post_init__(self) -> None:
        if self.moment.tzinfo is None:
            self.moment = self.moment.replace(tzinfo=self.timezone)

    @classmethod
    def at(cls, iso: str, tz: str = "UTC") -> FixedClock:
        zone = ZoneInfo(tz)
        return cls(dt.datetime.fromisoformat(iso).replace(tzinfo=zone), zone)

    def now(self) -> dt.datetime:
        return self.moment.astimezone(dt.UTC)

    def tz(self) -> dt.tzinfo:
        return self.timezone

    def advance(self, **delta: float) -> None:
        """Move forward by elapsed time (computed in UTC, so a day across a DST change is 24 real hours)."""
        self.moment = (self.now() + dt.timedelta(**delta)).astimezone(self.timezone)
