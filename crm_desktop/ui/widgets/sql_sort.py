"""Header clicks on a table whose rows are sorted in SQL: the view never sorts, it asks for a new query.

Each column has a sort key (None: not sortable). A click on a sortable column emits `sort_changed(key,
descending)`; a click on another puts the indicator back where it was. `set_sort` shows the indicator of a
sort chosen elsewhere (restored settings, a reload) without asking for it again.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHeaderView


class SqlSortHeader(QObject):
    sort_changed = Signal(str, bool)  # sort key, descending

    def __init__(self, header: QHeaderView, keys: Sequence[str | None], initial: str) -> None:
        super().__init__(header)
        self.header = header
        self.keys = tuple(keys)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        self._sort = (self.keys.index(initial), Qt.SortOrder.AscendingOrder)
        self._show(*self._sort)
        header.sortIndicatorChanged.connect(self._clicked)

    def set_sort(self, key: str, descending: bool) -> None:
        """Show the indicator for `key` (an unknown key changes nothing) without asking for a sort."""
        if key not in self.keys:
            return
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self._sort = (self.keys.index(key), order)
        self._show(*self._sort)

    def _show(self, section: int, order: Qt.SortOrder) -> None:
        blocked = self.header.blockSignals(True)
        self.header.setSortIndicator(section, order)
        self.header.blockSignals(blocked)

    def _clicked(self, section: int, order: Qt.SortOrder) -> None:
        key = self.keys[section] if 0 <= section < len(self.keys) else None
        if key is None:
            self._show(*self._sort)
            return
        self._sort = (section, order)
        self.sort_changed.emit(key, order == Qt.SortOrder.DescendingOrder)
