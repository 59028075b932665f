"""Reminders while the app is open: the sidebar's badges (Today: birthdays to greet and open cases;
Follow-ups: overdue and due today) and one tray message when something new fell due.

`Reminders.start()` checks ~3 s after the window is up and then every 3 minutes. Each check is one
`services.reminders.check(session)` on the task runner: it claims the due items in the database, so the tray
names each item once per day, across restarts, and catches up on what fell due while the shop was closed.
Between checks, the badges follow every write that can move them (`ctx.changes` naming follow-ups,
customers, interactions or birthdays) through `reminders.badges`, which notifies nobody.

The tray is behind a `Notifier` seam: `TrayNotifier` shows a `QSystemTrayIcon` message where the desktop has
a tray; tests hand in a recorder (offscreen has no tray).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from crm_desktop import APP_TITLE
from crm_desktop import clock as clocks
from crm_desktop.ui import icons
from crm_desktop.ui.context import BIRTHDAYS, CUSTOMERS, FOLLOW_UPS, INTERACTIONS, UiContext
from crm_desktop.ui.periodic import PeriodicCheck

if TYPE_CHECKING:
    from crm_desktop.services.reminders import Badges, ReminderCheck, ReminderItem
    from crm_desktop.ui.widgets.sidebar import Sidebar

log = logging.getLogger(__name__)

FIRST_DELAY_MS = 3000
CHECK_INTERVAL_MS = 3 * 60 * 1000
BODY_ITEMS = 3  # titles listed in a tray message; the rest are "and N more"
MESSAGE_MS = 10_000
BADGE_ENTITIES = frozenset({FOLLOW_UPS, CUSTOMERS, INTERACTIONS, BIRTHDAYS})


class Notifier(QObject):
    """Where a reminder message goes. `clicked` fires when the user clicks the message."""

    clicked = Signal()

    def available(self) -> bool:
        return False

    def notify(self, title: str, body: str) -> None:
        raise NotImplementedError


class TrayNotifier(Notifier):
    """A tray icon, created on the first message, that shows it as a desktop notification."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray: QSystemTrayIcon | None = None

    def available(self) -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def notify(self, title: str, body: str) -> None:
        if self.tray is None:
            self.tray = QSystemTrayIcon(icons.app_icon(), self)
            self.tray.setToolTip(APP_TITLE)
            self.tray.messageClicked.connect(self.clicked)
            self.tray.activated.connect(lambda _reason: self.clicked.emit())
            self.tray.show()
        self.tray.showMessage(title, body, icons.app_icon(), MESSAGE_MS)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def message_title(items: tuple[ReminderItem, ...] | list[ReminderItem], total: int | None = None) -> str:
    """'3 follow-ups due, 1 birthday today' (the kinds present, follow-ups first). `total` is how many
    items were new when the list was cut short; the service lists birthdays first, so the rest are
    follow-ups."""
    unlisted = max((total or 0) - len(items), 0)
    follow_ups = sum(1 for item in items if item.kind == "follow_up") + unlisted
    birthdays = sum(1 for item in items if item.kind == "birthday")
    parts = []
    if follow_ups:
        parts.append(_plural(follow_ups, "follow-up due", "follow-ups due"))
    if birthdays:
        parts.append(_plural(birthdays, "birthday today", "birthdays today"))
    others = len(items) + unlisted - follow_ups - birthdays
    if others:
        parts.append(_plural(others, "reminder", "reminders"))
    return ", ".join(parts)


def message_body(items: tuple[ReminderItem, ...] | list[ReminderItem], total: int | None = None) -> str:
    """The first few titles, one a line, then 'and N more'."""
    lines = [item.title for item in items[:BODY_ITEMS]]
    rest = max(len(items), total or 0) - len(lines)
    if rest > 0:
        lines.append(f"and {rest} more")
    return "\n".join(lines)


def show_badges(sidebar: Sidebar, badges: Badges) -> None:
    sidebar.set_badge("today", badges.today, "to see to")
    sidebar.set_badge("followups", badges.follow_ups, "due")


class Reminders(PeriodicCheck):
    badges_changed = Signal(object)  # services.reminders.Badges
    checked = Signal(object)  # services.reminders.ReminderCheck, after each check
    notified = Signal(str, str)  # title, body of a message handed to the notifier
    opened = Signal()  # the user clicked a reminder message: show Today

    def __init__(
        self,
        ctx: UiContext,
        notifier: Notifier | None = None,
        *,
        first_delay_ms: int = FIRST_DELAY_MS,
        check_interval_ms: int = CHECK_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(first_delay_ms, check_interval_ms, parent)
        self.ctx = ctx
        self.notifier = notifier if notifier is not None else TrayNotifier(self)
        self.notifier.clicked.connect(self.opened)
        self.badges: Badges | None = None
        self._checking = False
        self._counting = False
        self._count_again = False
        ctx.changes.changed.connect(self._data_changed)

    def check(self) -> None:
        """Claim what fell due and tell the user about the new items (one check at a time)."""
        if self._checking:
            return
        from crm_desktop.services import reminders

        self._checking = True
        self.ctx.runner.run(
            reminders.check, self.ctx.session, on_success=self._checked, on_error=self._check_failed
        )

    def refresh_badges(self) -> None:
        """Recount the badges without notifying anyone (after a write)."""
        if self._counting:
            self._count_again = True
            return
        from crm_desktop.services import reminders

        self._counting = True
        self.ctx.runner.run(
            reminders.badges,
            clocks.today(self.ctx.session.clock),
            on_success=self._counted,
            on_error=self._count_failed,
        )

    def _data_changed(self, entities: frozenset[str]) -> None:
        if entities & BADGE_ENTITIES:
            self.refresh_badges()

    def _counted(self, badges: Badges) -> None:
        self._counting = False
        self._set_badges(badges)
        if self._count_again:
            self._count_again = False
            self.refresh_badges()

    def _count_failed(self, exc: BaseException) -> None:
        self._counting = False
        log.error("counting the reminder badges failed", exc_info=(type(exc), exc, exc.__traceback__))

    def _checked(self, result: ReminderCheck) -> None:
        self._checking = False
        self._set_badges(result.badges)
        if result.new_items and self.notifier.available():
            title = message_title(result.new_items, result.new_total)
            body = message_body(result.new_items, result.new_total)
            self.notifier.notify(title, body)
            self.notified.emit(title, body)
        self.checked.emit(result)

    def _check_failed(self, exc: BaseException) -> None:
        self._checking = False  # logged, tried again at the next tick: a reminder is no reason for a dialog
        log.error("reminder check failed", exc_info=(type(exc), exc, exc.__traceback__))

    def _set_badges(self, badges: Badges) -> None:
        if badges != self.badges:
            self.badges = badges
            self.badges_changed.emit(badges)


def start_reminders(window: QWidget, ctx: UiContext, notifier: Notifier | None = None) -> Reminders:
    """Badges and tray messages for the main window; a click on a message brings it up on Today."""
    reminders = Reminders(ctx, notifier, parent=window)
    reminders.badges_changed.connect(lambda badges: show_badges(window.sidebar, badges))  # type: ignore[attr-defined]

    def bring_up() -> None:
        window.show_view("today")  # type: ignore[attr-defined]
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()

    reminders.opened.connect(bring_up)
    reminders.start()
    return reminders
