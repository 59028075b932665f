"""How the UI shows money, dates, times and counts: the shop's currency and locale, the shop's time zone.

Built from the shop profile (`services.settings.shop_profile()`, read on the worker) and the session clock's
time zone; a view keeps one and `update`s it when the settings change.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale

from crm_desktop.money import MoneyFormat
from crm_desktop.services.settings import ShopProfile

DATE_FORMAT = "d MMM yyyy"  # "15 Jun 2026": month names from the locale, never ambiguous 06/07
DAY_MONTH_FORMAT = "d MMMM"


class Formats:
    def __init__(self, profile: ShopProfile | None = None, tz: dt.tzinfo = dt.UTC) -> None:
        self.update(profile or ShopProfile(), tz)

    def update(self, profile: ShopProfile, tz: dt.tzinfo) -> None:
        """Follow changed settings in place, so models holding this object show the new formats."""
        self.money_format: MoneyFormat = profile.money
        self.locale = QLocale(profile.locale)
        self.tz = tz

    def money(self, cents: int | None) -> str:
        return "" if cents is None else self.money_format.format(cents)

    def number(self, value: int) -> str:
        return self.locale.toString(value)

    def signed(self, value: int) -> str:
        """Points moving: '+20', '−5' (a real minus sign), '0'."""
        text = self.locale.toString(abs(value))
        return f"+{text}" if value > 0 else f"\u2212{text}" if value < 0 else text

    def date(self, day: dt.date | None) -> str:
        if day is None:
            return ""
        return self.locale.toString(QDate(day.year, day.month, day.day), DATE_FORMAT)

    def day_month(self, day: int, month: int) -> str:
        return self.locale.toString(QDate(2000, month, day), DAY_MONTH_FORMAT)  # 2000: 29 Feb exists

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.tz)

    def datetime(self, moment: dt.datetime | None) -> str:
        """'15 Jun 2026 10:05' in the shop's time zone."""
        if moment is None:
            return ""
        local = self.local(moment)
        return f"{self.date(local.date())} {local:%H:%M}"

    def month_name(self, month: int) -> str:
        return self.locale.standaloneMonthName(month, QLocale.FormatType.LongFormat)
