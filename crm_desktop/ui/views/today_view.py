"""The Today view: an empty state until the dashboard issue fills it."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crm_desktop.ui.widgets.empty_state import EmptyState


class TodayView(EmptyState):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "today",
            "Today at a glance",
            "Birthdays, follow-ups due and today's sales will appear here, so you can start the day knowing whom to greet and whom to call.",
            parent,
        )
