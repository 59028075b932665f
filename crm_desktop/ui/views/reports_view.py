"""The Reports view: an empty state until the Reports issue adds PDFs."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crm_desktop.ui.widgets.empty_state import EmptyState


class ReportsView(EmptyState):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "reports",
            "Reports",
            "Sales, loyalty and customer reports as PDFs with your shop's name and logo, ready to print or send.",
            parent,
        )
