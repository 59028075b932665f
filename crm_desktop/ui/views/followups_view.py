"""The Follow-ups view: an empty state until the Follow-ups issue adds the list."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crm_desktop.ui.widgets.empty_state import EmptyState


class FollowUpsView(EmptyState):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "followups",
            "Follow-ups",
            "Calls and messages to make — thank-yous, win-backs and points about to expire — listed by due date.",
            parent,
        )
