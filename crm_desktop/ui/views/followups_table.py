"""The Follow-ups view's table: a `PagedRowsModel` of `FollowUpRow`s, fixed row heights and set column
widths (nothing measured per row), header clicks that ask for a sort in SQL (`sort_changed`), a message
over the table when it is empty, and the selection kept by follow-up id across reloads."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from crm_desktop.services.followups import FollowUpRow
from crm_desktop.ui.models.followup_columns import COLUMN_SPECS, SORT_KEYS, column_index
from crm_desktop.ui.models.paged_rows_model import PagedRowsModel
from crm_desktop.ui.widgets.empty_overlay import EmptyOverlay
from crm_desktop.ui.widgets.record_table import configure_record_table
from crm_desktop.ui.widgets.sql_sort import SqlSortHeader


class FollowUpsTable(QTableView):
    sort_changed = Signal(str, bool)  # followups.SORT_KEYS entry, descending: a header was clicked

    def __init__(self, model: PagedRowsModel[FollowUpRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("follow_ups_table")
        self.setAccessibleName("Follow-ups")
        self.setModel(model)
        configure_record_table(self, (spec[3] for spec in COLUMN_SPECS))
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.sorting = SqlSortHeader(header, SORT_KEYS, "due")
        self.sorting.sort_changed.connect(self.sort_changed)
        model.header_tooltips = tuple(
            f"Sort by {title.lower()} (click again to reverse)" if sort_key else f"{title} (not sortable)"
            for _key, title, sort_key, _width in COLUMN_SPECS
        )

        self.empty_label = EmptyOverlay(self, "follow_ups_empty")

    @property
    def rows_model(self) -> PagedRowsModel[FollowUpRow]:
        return self.model()  # type: ignore[return-value]

    # --- sorting ------------------------------------------------------------------------------------
    def set_sort(self, sort_key: str, descending: bool) -> None:
        """Show the indicator for `sort_key` without asking for a sort."""
        self.sorting.set_sort(sort_key, descending)

    # --- selection ----------------------------------------------------------------------------------
    def selected_row(self) -> FollowUpRow | None:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row()):
            return None
        return self.rows_model.row_at(index.row())

    def select_row(self, row: int) -> None:
        index = self.model().index(row, column_index("title"))
        if not index.isValid():
            return
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)

    def restore_selection(self, follow_up_id: int | None, old_row: int) -> None:
        """Select `follow_up_id` if it is still listed, else the row that took its place (the next one)."""
        count = self.model().rowCount()
        if count == 0:
            return
        row = self.rows_model.row_of(follow_up_id) if follow_up_id is not None else None
        self.select_row(row if row is not None else min(max(old_row, 0), count - 1))

    # --- the empty message --------------------------------------------------------------------------
    def set_empty_text(self, text: str) -> None:
        self.empty_label.set_text(text)
