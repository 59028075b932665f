"""The one setup of the app's read-only record tables: whole rows, one at a time, no editing, no wrapping,
no row numbers, and column widths set explicitly (measuring every row to fit is slow)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QAbstractItemView, QTableView


def configure_record_table(view: QTableView, widths: Iterable[int] = ()) -> QTableView:
    """Apply the setup to `view` (after its model is set, so the widths stick) and return it."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    for number, width in enumerate(widths):
        view.setColumnWidth(number, width)
    return view
