"""The demo shop's calendar: which days it opens, how busy each day is, and cheap timestamp strings.

Days are indexed from the first day of the window (0) to the local today (`last`). A moment inside the window
is kept as local seconds `t = day * 86400 + second_of_day`; sorting by `t` sorts by real time because the shop
is closed when clocks change. Formatting goes through tables built once, not `datetime` per row.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from itertools import accumulate

from crm_desktop.clock import Clock, local_now

YEARS = 3
# Monday .. Sunday: Saturdays are busy, Sundays quiet (short hours).
WEEKDAY_WEIGHT = (1.0, 0.95, 1.0, 1.1, 1.35, 1.9, 0.45)
HOURS = ((9, 19),) * 5 + ((9, 18), (11, 16))
# January .. December: a slow start to the year, a summer dip, a December peak.
MONTH_WEIGHT = (0.75, 0.8, 0.9, 0.95, 1.0, 0.95, 0.9, 0.9, 1.0, 1.05, 1.25, 1.7)
CLOSED = {(12, 25), (12, 26), (1, 1)}

TIMES = tuple(f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Calendar:
    """The window of the last three years up to the clock's local now."""

    def __init__(self, clock: Clock, years: int = YEARS) -> None:
        now = local_now(clock)
        self.today = now.date()
        self.start = _years_before(self.today, years) + dt.timedelta(days=1)
        self.last = (self.today - self.start).days
        self.now_t = self.last * 86400 + now.hour * 3600 + now.minute * 60 + now.second
        tz = self._tz = clock.tz()
        self.days = [self.start + dt.timedelta(days=d) for d in range(self.last + 1)]
        self.date_str = [d.isoformat() for d in self.days]
        self.open_sec: list[int] = []
        self.close_sec: list[int] = []
        self.midnight_utc: list[int] = []  # epoch seconds of each local day's 00:00
        weights: list[float] = []
        for index, day in enumerate(self.days):
            opens, closes = HOURS[day.weekday()]
            self.open_sec.append(opens * 3600)
            self.close_sec.append(closes * 3600)
            noon = dt.datetime.combine(day, dt.time(12), tzinfo=tz)
            offset = noon.utcoffset() or dt.timedelta(0)
            epoch_day = (day - dt.date(1970, 1, 1)).days * 86400
            self.midnight_utc.append(epoch_day - int(offset.total_seconds()))
            weights.append(self._weight(index, day))
        if self.now_t - self.last * 86400 < self.close_sec[-1]:  # today: only the hours already gone
            open_today = self.open_sec[-1]
            elapsed = max(0, self.now_t - self.last * 86400 - open_today)
            self.close_sec[-1] = open_today + elapsed
            weights[-1] *= elapsed / ((HOURS[self.today.weekday()][1] * 3600) - open_today)
        self.cum = list(accumulate(weights))
        if self.cum[-1] <= 0:  # a window with no open hour at all cannot happen for three years
            raise ValueError("the demo calendar has no opening hours")
        first_utc_day = self.midnight_utc[0] // 86400 - 1
        self.utc_base = first_utc_day
        self.utc_dates = [
            (dt.date(1970, 1, 1) + dt.timedelta(days=first_utc_day + i)).isoformat()
            for i in range(self.last + 4)
        ]

    def _weight(self, index: int, day: dt.date) -> float:
        if (day.month, day.day) in CLOSED:
            return 0.0
        weight = WEEKDAY_WEIGHT[day.weekday()] * MONTH_WEIGHT[day.month - 1]
        if day.month == 12 and 10 <= day.day <= 24:
            weight *= 1.6  # the Christmas rush
        return weight * (0.8 + 0.4 * index / max(self.last, 1))  # the shop grows

    def mass_before(self, day: int) -> float:
        return self.cum[day - 1] if day > 0 else 0.0

    def pick_day(self, u: float, lo: float = 0.0) -> int:
        """A day drawn by weight; `u` in [0, 1) spreads over the mass after `lo`."""
        return min(bisect_right(self.cum, lo + u * (self.cum[-1] - lo)), self.last)

    def pick_second(self, day: int, u: float) -> int:
        return self.open_sec[day] + int(u * (self.close_sec[day] - self.open_sec[day]))

    def iso(self, t: int) -> str:
        """UTC ISO-8601 text (as `UtcDateTimeField` stores it) for the local moment `t`."""
        day, sec = divmod(t, 86400)
        if not 0 <= day <= self.last:
            return self._iso_slow(t)
        epoch = self.midnight_utc[day] + sec
        utc_day, utc_sec = divmod(epoch, 86400)
        return f"{self.utc_dates[utc_day - self.utc_base]}T{TIMES[utc_sec]}+00:00"

    def _iso_slow(self, t: int) -> str:
        day, sec = divmod(t, 86400)
        local = dt.datetime.combine(self.date_of(day), dt.time(), tzinfo=self._tz) + dt.timedelta(seconds=sec)
        return local.astimezone(dt.UTC).isoformat(timespec="seconds")

    def date_of(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=day)

    def date_text(self, day: int) -> str:
        return self.date_str[day] if 0 <= day <= self.last else self.date_of(day).isoformat()
