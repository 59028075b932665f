"""The Segments view: an empty state until the Segments issue adds rule sets."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crm_desktop.ui.widgets.empty_state import EmptyState


class SegmentsView(EmptyState):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "segments",
            "Segments",
            "Groups of customers by spend, visits, recency and tags, with live counts, ready for a campaign or an export.",
            parent,
        )
