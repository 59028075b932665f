"""The Customers view: an empty state until the Customers issue adds the list."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crm_desktop.ui.widgets.empty_state import EmptyState


class CustomersView(EmptyState):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "customers",
            "Your customers",
            "Every customer with visits, spend and points, sorted and searched as you type. Log a walk-in purchase from here.",
            parent,
        )
