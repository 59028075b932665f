"""Today → Birthdays: whose birthday is today, in the next 7 or 30 days, or passed this week without a
greeting. A switch of four windows, each labelled with its count, over a paged table of the window's
birthdays; the actions on the selected one live in `today_birthday_actions.py`.

The counts and the first page are read on the task runner (`load`); later pages are fetched as the table
scrolls (`PagedRowsModel`). The selection is kept by customer across reloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from crm_desktop.services import birthdays
from crm_desktop.services.birthdays import BirthdayRow, BirthdaySettings
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.paged_rows_model import PagedRowsModel
from crm_desktop.ui.models.rows_model import RIGHT, Column
from crm_desktop.ui.views.today_common import Panel, record_table, relative_day

PAGE_SIZE = 100
DATE_FORMAT = "ddd d MMM"  # "Sun 2 Jan"


@dataclass(frozen=True)
class BirthdayWindow:
    key: str
    label: str  # with its mnemonic
    empty: str  # what the panel says when the window holds nobody
    first: int  # days from today, inclusive
    last: int
    ungreeted_only: bool = False

    def dates(self, today: dt.date) -> tuple[dt.date, dt.date]:
        return today + dt.timedelta(days=self.first), today + dt.timedelta(days=self.last)


WINDOWS = (
    BirthdayWindow("today", "&Today", "No birthdays today.", 0, 0),
    BirthdayWindow("week", "Next &7 days", "No birthdays in the next 7 days.", 0, 7),
    BirthdayWindow("month", "Next &30 days", "No birthdays in the next 30 days.", 0, 30),
    BirthdayWindow(
        "missed", "&Missed this week", "No missed birthdays this week: everyone was greeted.", -7, -1, True
    ),
)
WINDOW_KEYS = tuple(w.key for w in WINDOWS)
EXPORT_DAYS = 6  # "this week's birthdays": today and the six days after


@dataclass(frozen=True)
class BirthdaysSnapshot:
    today: dt.date
    window: str
    counts: tuple[int, ...]  # per WINDOWS entry
    rows: list[BirthdayRow]  # the first page of `window`
    settings: BirthdaySettings


def window_named(key: str) -> BirthdayWindow:
    return WINDOWS[WINDOW_KEYS.index(key)] if key in WINDOW_KEYS else WINDOWS[1]


def fetch_page(window: BirthdayWindow, today: dt.date, offset: int, limit: int) -> list[BirthdayRow]:
    first, last = window.dates(today)
    return birthdays.between(
        first, last, today, ungreeted_only=window.ungreeted_only, offset=offset, limit=limit
    )


def load(today: dt.date, key: str) -> BirthdaysSnapshot:
    """Everything the panel shows, in one trip to the worker."""
    counts = tuple(birthdays.count_between(*w.dates(today), ungreeted_only=w.ungreeted_only) for w in WINDOWS)
    rows = fetch_page(window_named(key), today, 0, PAGE_SIZE)
    return BirthdaysSnapshot(today, key, counts, rows, birthdays.current())


def birthday_columns(formats: Formats, palette: Callable[[], QPalette]) -> list[Column[BirthdayRow]]:
    """`palette` is asked at paint time, so a switch between light and dark mode is followed."""

    def date_text(row: BirthdayRow) -> str:
        day = row.celebrates_on
        return formats.locale.toString(QDate(day.year, day.month, day.day), DATE_FORMAT)

    def greeted_text(row: BirthdayRow) -> str:
        if row.greeted_at is None:
            return ""
        local = formats.local(row.greeted_at).date()
        return f"✓ {formats.locale.toString(QDate(local.year, local.month, local.day), 'd MMM')}"

    def birthday_tip(row: BirthdayRow) -> str:
        born = f", born {row.birth_year}" if row.birth_year else ""
        feb29 = " (born on 29 February)" if (row.birth_month, row.birth_day) == (2, 29) else ""
        return f"{formats.day_month(row.birth_day, row.birth_month)}{born}{feb29}"

    def when_colour(row: BirthdayRow) -> QColor | None:
        return palette().color(QPalette.ColorRole.Highlight) if row.days_away == 0 else None

    return [
        Column("Name", lambda r: r.name, 150, tooltip=lambda r: r.name),
        Column("Birthday", date_text, 88, tooltip=birthday_tip),
        Column("When", lambda r: relative_day(r.days_away), 84, foreground=when_colour),
        Column("Age", lambda r: "" if r.age is None else str(r.age), 44, RIGHT),
        Column("Tier", lambda r: r.tier or "", 72),
        Column("Points", lambda r: formats.number(r.points), 64, RIGHT),
        Column(
            "Greeted",
            greeted_text,
            76,
            tooltip=lambda r: (
                f"Greeted {formats.datetime(r.greeted_at)}" if r.greeted_at else "Not greeted yet"
            ),
        ),
    ]


class BirthdaysPanel(Panel):
    window_changed = Signal(str)  # a WINDOWS key, chosen by the user

    def __init__(self, formats: Formats, window_key: str = "week", parent: QWidget | None = None) -> None:
        super().__init__("Birthdays", "birthdays_panel", parent)
        self.formats = formats
        self.window = window_named(window_key)
        self.today = dt.date.min
        self.settings = BirthdaySettings()
        self.counts: dict[str, int] = {}
        self.model: PagedRowsModel[BirthdayRow] = PagedRowsModel(
            birthday_columns(formats, self.palette),
            page_size=PAGE_SIZE,
            parent=self,
            key=lambda r: r.customer_id,
        )
        self.table = record_table(self.model, "birthdays_table", "Birthdays", stretch=0)
        # No QButtonGroup: Tab would reach one of its buttons only (arrows for the rest, as for radio
        # buttons); choose_window keeps exactly one checked.
        self.window_buttons: dict[str, QPushButton] = {}
        switch_row = QHBoxLayout()
        switch_row.setSpacing(4)
        for window in WINDOWS:
            button = QPushButton(window.label, objectName=f"birthdays_{window.key}")
            button.setCheckable(True)
            button.setChecked(window.key == self.window.key)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, key=window.key: self.choose_window(key))
            self.window_buttons[window.key] = button
            switch_row.addWidget(button)
        switch_row.addStretch(1)
        self.layout_.addLayout(switch_row)
        self.set_body(self.table)

    # --- showing ------------------------------------------------------------------------------------
    def show_snapshot(self, snap: BirthdaysSnapshot) -> None:
        """Show what `load` read; the selected customer stays selected when still listed."""
        selected = self.selected()
        self.today = snap.today
        self.settings = snap.settings
        self.window = window_named(snap.window)
        self.counts = {w.key: count for w, count in zip(WINDOWS, snap.counts, strict=True)}
        for window, count in zip(WINDOWS, snap.counts, strict=True):
            button = self.window_buttons[window.key]
            button.setText(f"{window.label} ({self.formats.number(count)})")
            button.setChecked(window.key == self.window.key)
            button.setToolTip(window.empty.rstrip(".") if not count else "")
        window, today = self.window, snap.today
        self.model.set_fetch(lambda offset, limit: fetch_page(window, today, offset, limit), snap.rows)
        self.show_rows(len(snap.rows), self.window.empty)
        row = self.model.row_of(selected.customer_id) if selected is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.table.selectRow(row)

    def choose_window(self, key: str) -> None:
        for other, button in self.window_buttons.items():
            button.setChecked(other == key)
        if key != self.window.key:
            self.window = window_named(key)
            self.window_changed.emit(key)

    # --- selection ----------------------------------------------------------------------------------
    def selected(self) -> BirthdayRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.showing_empty:
            return None
        return self.model.row_at(index.row())
