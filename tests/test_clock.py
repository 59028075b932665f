import datetime as dt

from crm_desktop.clock import FixedClock, business_date, today


def test_today_is_local_not_utc():
    # Berlin is ahead of UTC: 00:30 local on 31 Dec is still 30 Dec in UTC.
    clock = FixedClock.at("2026-12-31T00:30:00", "Europe/Berlin")
    assert clock.now().date() == dt.date(2026, 12, 30)
    assert today(clock) == dt.date(2026, 12, 31)


def test_business_date_of_a_moment_uses_shop_zone():
    clock = FixedClock.at("2026-03-29T01:30:00", "America/New_York")
    late = dt.datetime(2026, 3, 30, 3, 0, tzinfo=dt.UTC)  # 23:00 on the 29th in New York (EDT)
    assert business_date(clock, late) == dt.date(2026, 3, 29)


def test_advance_moves_across_dst_change():
    clock = FixedClock.at("2026-03-28T12:00:00", "Europe/Berlin")
    clock.advance(days=1)
    assert today(clock) == dt.date(2026, 3, 29)
    assert clock.now().hour == 11  # 24 real hours after 11:00 UTC; 13:00 local in summer time
