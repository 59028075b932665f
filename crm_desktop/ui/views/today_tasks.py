"""Today → Follow-ups due and Open service cases: the two short work lists beside the birthdays.

Follow-ups due are the open ones overdue or due today (`followups.page`), oldest first; Space marks the
selected one done (`followups.complete`; a repeating one schedules its next), Enter opens its customer, or
the Follow-ups view for a shop task. Open cases are complaints and requests not yet resolved
(`cases.open_cases`), oldest first, with their age; Enter opens the customer. Under the cases, one line of
how fast the last 30 days' cases were resolved (`cases.resolution_stats`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QPushButton, QWidget

from crm_desktop.services import cases, followups
from crm_desktop.services.cases import CaseRow, ResolutionStats
from crm_desktop.services.followups import FollowUpRow
from crm_desktop.ui import theme
from crm_desktop.ui.context import FOLLOW_UPS, UiContext
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.rows_model import Column, RowsModel
from crm_desktop.ui.views.today_common import (
    Panel,
    duration_text,
    hint_label,
    record_table,
    shortcut_tip,
    table_action,
)

SHOWN = 100  # rows per list; the Follow-ups view has them all
RESOLUTION_DAYS = 30


@dataclass(frozen=True)
class TasksSnapshot:
    follow_ups: list[FollowUpRow]
    follow_ups_due: int  # overdue + today, all of them
    cases: list[CaseRow]
    open_cases: int
    resolved: ResolutionStats


def load(today: dt.date, now: dt.datetime) -> TasksSnapshot:
    """Both lists and their counts, in one trip to the worker."""
    due = followups.page("overdue", today, limit=SHOWN)
    due += followups.page("today", today, limit=max(SHOWN - len(due), 0))
    counts = followups.counts(today)
    stats = cases.resolution_stats(now - dt.timedelta(days=RESOLUTION_DAYS), now)
    return TasksSnapshot(
        due, counts.overdue + counts.today, cases.open_cases(limit=SHOWN), cases.count_open(), stats
    )


def due_text(row: FollowUpRow, today: dt.date) -> str:
    days = (today - row.due_date).days
    if days <= 0:
        return f"today {row.due_time:%H:%M}" if row.due_time else "today"
    return "yesterday" if days == 1 else f"{days} days late"


def title_and_notes(row: FollowUpRow) -> str:
    return f"{row.title}\n{row.notes}" if row.notes else row.title


class FollowUpsDuePanel(Panel):
    customer_requested = Signal(int)
    follow_ups_requested = Signal()
    message_posted = Signal(str)

    def __init__(self, ctx: UiContext, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__("Follow-ups due", "followups_panel", parent)
        self.ctx = ctx
        self.today = dt.date.min

        def colour(row: FollowUpRow) -> QColor | None:  # the palette of now: light or dark may switch
            return theme.error_color(self.palette()) if row.due_date < self.today else None

        self.model: RowsModel[FollowUpRow] = RowsModel(
            [
                Column("Due", lambda r: due_text(r, self.today), 86, foreground=colour,
                       tooltip=lambda r: formats.date(r.due_date)),
                Column("To do", lambda r: r.title, 200, tooltip=title_and_notes),
                Column("Customer", lambda r: r.customer_name or "—", 110),
            ],
            self,
        )  # fmt: skip
        self.table = record_table(self.model, "followups_due_table", "Follow-ups due", stretch=1)
        self.done_action = table_action(self.table, "Mark done", "Space", self.complete, "Mark done")
        self.open_action = table_action(
            self.table, "Open customer", "Return", self.open_selected, "Open the customer", "Enter"
        )
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.all_button = QPushButton("All follow-ups…", objectName="all_followups")
        self.all_button.setAutoDefault(False)
        self.all_button.setToolTip(shortcut_tip("Open the Follow-ups view", "Ctrl+3"))
        self.all_button.clicked.connect(self.follow_ups_requested)
        self.title_row.addWidget(self.all_button)
        self.set_body(self.table)
        hint = hint_label("Space marks done · Enter opens the customer")
        self.layout_.addWidget(hint)

    def show_rows_of(self, snap: TasksSnapshot, today: dt.date) -> None:
        selected = self.selected()
        self.today = today
        self.model.set_rows(snap.follow_ups)
        self.title.setText(
            f"Follow-ups due ({snap.follow_ups_due:,})" if snap.follow_ups_due else "Follow-ups due"
        )
        self.show_rows(len(snap.follow_ups), "Nothing due today. Well done.")
        rows = [r.id for r in snap.follow_ups]
        if rows:
            self.table.selectRow(rows.index(selected.id) if selected and selected.id in rows else 0)

    def selected(self) -> FollowUpRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.showing_empty:
            return None
        return self.model.row_at(index.row())

    def complete(self) -> None:
        row = self.selected()
        if row is None:
            return

        def done(result: followups.Completion) -> None:
            nxt = f" Next one due {result.next.due_date:%d %b}." if result.next is not None else ""
            self.ctx.changes.notify(FOLLOW_UPS)
            self.message_posted.emit(f"Done: {row.title}.{nxt}")

        self.ctx.runner.run(followups.complete, self.ctx.session, row.id, on_success=done)

    def open_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.customer_id is not None:
            self.customer_requested.emit(row.customer_id)
        else:
            self.follow_ups_requested.emit()


def case_text(row: CaseRow) -> str:
    """'Complaint: the zip broke' / 'Request (waiting): order the blue one'."""
    waiting = " (waiting)" if row.status == "waiting" else ""
    return f"{row.kind.capitalize()}{waiting}: {' '.join(row.body.split())}"


class CasesPanel(Panel):
    customer_requested = Signal(int)

    def __init__(self, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__("Open service cases", "cases_panel", parent)
        self.now = dt.datetime.min.replace(tzinfo=dt.UTC)
        self.model: RowsModel[CaseRow] = RowsModel(
            [
                Column("Open for", lambda r: duration_text(self.now - r.opened_at), 80,
                       tooltip=lambda r: f"Opened {formats.datetime(r.opened_at)}"),
                Column("Customer", lambda r: r.customer_name, 130),
                Column("Case", case_text, 120, tooltip=lambda r: r.body),
            ],
            self,
            color=lambda r: self.palette().color(QPalette.ColorRole.PlaceholderText)
            if r.status == "waiting"
            else None,
        )  # fmt: skip
        self.table = record_table(self.model, "cases_table", "Open service cases", stretch=2)
        self.open_action = table_action(
            self.table, "Open customer", "Return", self.open_selected, "Open the customer", "Enter"
        )
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.set_body(self.table)
        self.stats = hint_label(name="resolution_stats")
        self.layout_.addWidget(self.stats)

    def show_rows_of(self, snap: TasksSnapshot, now: dt.datetime) -> None:
        self.now = now
        self.model.set_rows(snap.cases)
        self.title.setText(
            f"Open service cases ({snap.open_cases:,})" if snap.open_cases else "Open service cases"
        )
        self.show_rows(len(snap.cases), "No open service cases.")
        if snap.cases:
            self.table.selectRow(0)
        stats = snap.resolved
        average = f", average {duration_text(stats.average)}" if stats.average is not None else ""
        self.stats.setText(f"Cases resolved in the last {RESOLUTION_DAYS} days: {stats.resolved}{average}")

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid() and not self.showing_empty:
            self.customer_requested.emit(self.model.row_at(index.row()).customer_id)
