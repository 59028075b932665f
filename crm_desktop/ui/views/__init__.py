"""The views the sidebar switches between, in sidebar order. Each view is its own widget module; this
module only lists them. Views are built on first visit (`Page.factory`), so start-up pays only for the one
on screen and a view's imports stay off the path to the first window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from crm_desktop.ui.context import UiContext


@dataclass(frozen=True)
class Page:
    key: str  # stable id, remembered in ui.ini
    title: str
    icon: str
    factory: Callable[[], QWidget]


def _today(ctx: UiContext) -> QWidget:
    from crm_desktop.ui.views.today_view import TodayView

    return TodayView(ctx)


def _customers(ctx: UiContext) -> QWidget:
    from crm_desktop.ui.views.customers_view import CustomersView

    return CustomersView(ctx)


def _followups(ctx: UiContext) -> QWidget:
    from crm_desktop.ui.views.followups_view import FollowUpsView

    return FollowUpsView(ctx)


def _segments() -> QWidget:
    from crm_desktop.ui.views.segments_view import SegmentsView

    return SegmentsView()


def _reports() -> QWidget:
    from crm_desktop.ui.views.reports_view import ReportsView

    return ReportsView()


def _settings(ctx: UiContext) -> QWidget:
    from crm_desktop.ui.views.birthdays_section import BirthdaysSection
    from crm_desktop.ui.views.counter_section import CounterSection
    from crm_desktop.ui.views.followups_section import FollowUpsSection
    from crm_desktop.ui.views.loyalty_section import LoyaltySection
    from crm_desktop.ui.views.products_section import ProductsSection
    from crm_desktop.ui.views.settings_view import SettingsView
    from crm_desktop.ui.views.shop_profile_section import ShopProfileSection

    return SettingsView(
        [
            ShopProfileSection(ctx.session),
            CounterSection(ctx),
            LoyaltySection(ctx),
            ProductsSection(ctx),
            BirthdaysSection(ctx),
            FollowUpsSection(ctx),
        ]
    )


def build_pages(ctx: UiContext) -> list[Page]:
    return [
        Page("today", "Today", "today", lambda: _today(ctx)),
        Page("customers", "Customers", "customers", lambda: _customers(ctx)),
        Page("followups", "Follow-ups", "followups", lambda: _followups(ctx)),
        Page("segments", "Segments", "segments", _segments),
        Page("reports", "Reports", "reports", _reports),
        Page("settings", "Settings", "settings", lambda: _settings(ctx)),
    ]
