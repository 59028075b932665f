"""The Today view, the app's start page: the shop's local date, then whose birthday it is (with the
greetings to send), the follow-ups due and the open service cases.

The panels are their own modules (`today_birthdays`, `today_birthday_actions`, `today_tasks`); this one lays
them out and decides when to read again: after a write naming what they show (`ctx.changes`), and when the
shop's local date moves on (a minute's timer compares it). A view that is not on screen only notes that it
is stale and reads when it is shown again, so writes elsewhere cost it nothing.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from crm_desktop import clock as clocks
from crm_desktop.services import settings
from crm_desktop.ui import ui_settings
from crm_desktop.ui.context import (
    BIRTHDAYS,
    CUSTOMERS,
    FOLLOW_UPS,
    INTERACTIONS,
    LOYALTY,
    SETTINGS,
    UiContext,
)
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.views import today_birthdays, today_tasks
from crm_desktop.ui.views.today_birthday_actions import BirthdayActions
from crm_desktop.ui.views.today_birthdays import BirthdaysPanel, BirthdaysSnapshot
from crm_desktop.ui.views.today_tasks import CasesPanel, FollowUpsDuePanel, TasksSnapshot

SHOWN_ENTITIES = frozenset({CUSTOMERS, FOLLOW_UPS, INTERACTIONS, LOYALTY, SETTINGS, BIRTHDAYS})
TASK_ENTITIES = frozenset({CUSTOMERS, FOLLOW_UPS, INTERACTIONS})
DATE_CHECK_MS = 60_000
HEADER_FORMAT = "dddd, d MMMM yyyy"


class TodayView(QWidget):
    customer_requested = Signal(int)
    follow_ups_requested = Signal()
    message_posted = Signal(str)  # for the window's status bar
    loaded = Signal()  # both reads are on screen

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("today_view")
        self.ctx = ctx
        self.formats = Formats(settings.shop_profile(), ctx.session.clock.tz())
        self.today: dt.date | None = None
        self._stale: set[str] = set()  # "birthdays" / "tasks" to read when next shown
        self._pending = 0
        self.tasks: TasksSnapshot | None = None

        self.date_label = QLabel(objectName="today_date")
        font = self.date_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.date_label.setFont(font)
        self.date_label.setAccessibleName("Today's date")
        self.greeting_label = QLabel(objectName="today_summary")
        self.greeting_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.birthdays = BirthdaysPanel(self.formats, ctx.settings.get(ui_settings.TODAY_BIRTHDAY_WINDOW))
        self.actions = BirthdayActions(ctx, self.birthdays, self)
        self.follow_ups = FollowUpsDuePanel(ctx, self.formats)
        self.cases = CasesPanel(self.formats)

        self.birthdays.window_changed.connect(self._window_chosen)
        self.actions.template_combo.currentTextChanged.connect(
            lambda name: name and ctx.settings.set(ui_settings.TODAY_GREETING_TEMPLATE, name)
        )
        for source in (self.actions, self.follow_ups, self.cases):
            source.customer_requested.connect(self.customer_requested)
        self.follow_ups.follow_ups_requested.connect(self.follow_ups_requested)
        for source in (self.actions, self.follow_ups):
            source.message_posted.connect(self.message_posted)

        header = QVBoxLayout()
        header.setSpacing(0)
        header.addWidget(self.date_label)
        header.addWidget(self.greeting_label)
        side = QVBoxLayout()
        side.setSpacing(12)
        side.addWidget(self.follow_ups, 3)
        side.addWidget(self.cases, 2)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self.birthdays, 3)
        body.addLayout(side, 2)
        content = QWidget(objectName="today_content")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        # A narrow window scrolls the page instead of being held wide by it.
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        chain = [
            self.actions.export_button,
            *self.birthdays.window_buttons.values(),
            self.birthdays.table,
            self.actions.greet_button,
            self.actions.copy_button,
            self.actions.template_combo,
            self.actions.email_button,
            self.follow_ups.all_button,
            self.follow_ups.table,
            self.cases.table,
        ]
        for first, second in pairwise(chain):  # reading order, panel by panel
            self.setTabOrder(first, second)

        ctx.changes.changed.connect(self._data_changed)
        self.date_timer = QTimer(self, interval=DATE_CHECK_MS)
        self.date_timer.timeout.connect(self.check_date)
        self.date_timer.start()
        self.refresh()

    # --- reading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read everything again (the window's refresh after an import or a demo load)."""
        self._stale = {"birthdays", "tasks"}
        self._read_stale()

    def check_date(self) -> None:
        """Called every minute: after midnight (or a night asleep) the view shows the new day."""
        if clocks.today(self.ctx.session.clock) != self.today:
            self.refresh()

    def _data_changed(self, entities: frozenset[str]) -> None:
        if not entities & SHOWN_ENTITIES:
            return
        if SETTINGS in entities:
            self.formats.update(settings.shop_profile(), self.ctx.session.clock.tz())
        self._stale.add("birthdays")
        if entities & TASK_ENTITIES:
            self._stale.add("tasks")
        if self.isVisible():
            self._read_stale()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.today is not None and clocks.today(self.ctx.session.clock) != self.today:
            self._stale = {"birthdays", "tasks"}
        self._read_stale()

    def _read_stale(self) -> None:
        stale, self._stale = self._stale, set()
        today = clocks.today(self.ctx.session.clock)
        if today != self.today:
            self.today = today
            self._show_date(today)
        if "birthdays" in stale:
            self._pending += 1
            self.ctx.runner.run(
                today_birthdays.load, today, self.birthdays.window.key, on_success=self._show_birthdays
            )
        if "tasks" in stale:
            self._pending += 1
            self.ctx.runner.run(
                today_tasks.load, today, self.ctx.session.clock.now(), on_success=self._show_tasks
            )

    def _window_chosen(self, key: str) -> None:
        self.ctx.settings.set(ui_settings.TODAY_BIRTHDAY_WINDOW, key)
        self._stale.add("birthdays")
        self._read_stale()

    # --- showing ------------------------------------------------------------------------------------
    def _show_date(self, today: dt.date) -> None:
        self.date_label.setText(
            self.formats.locale.toString(QDate(today.year, today.month, today.day), HEADER_FORMAT)
        )

    def _show_birthdays(self, snap: BirthdaysSnapshot) -> None:
        if snap.today != self.today:  # read before midnight, shown after: the next read is on its way
            return
        self.birthdays.show_snapshot(snap)
        self.actions.set_templates(
            snap.settings.templates, self.ctx.settings.get(ui_settings.TODAY_GREETING_TEMPLATE)
        )
        self._one_loaded()

    def _show_tasks(self, snap: TasksSnapshot) -> None:
        self.follow_ups.show_rows_of(snap, self.today or dt.date.min)
        self.cases.show_rows_of(snap, self.ctx.session.clock.now())
        self.tasks = snap
        self._one_loaded()

    def _summary(self) -> None:
        """'2 birthdays today · 5 follow-ups due · 1 open case' under the date."""
        parts = []
        today_count = self.birthdays.counts.get("today", 0)
        if today_count:
            parts.append(f"{today_count} birthday{'' if today_count == 1 else 's'} today")
        snap = self.tasks
        if snap is not None and snap.follow_ups_due:
            parts.append(f"{snap.follow_ups_due:,} follow-up{'' if snap.follow_ups_due == 1 else 's'} due")
        if snap is not None and snap.open_cases:
            parts.append(f"{snap.open_cases:,} open case{'' if snap.open_cases == 1 else 's'}")
        self.greeting_label.setText(" · ".join(parts) if parts else "Nothing needs you today.")

    def _one_loaded(self) -> None:
        self._pending = max(self._pending - 1, 0)
        if self._pending == 0:
            self._summary()
            self.loaded.emit()
