"""A read-only table over a service's paged query: `fetch(offset, limit)` returns one page of dataclasses,
and the model appends the next page when the view scrolls near the end (`canFetchMore`/`fetchMore`).

For lists sorted and filtered in SQL whose length is unknown up front (follow-ups by bucket, upcoming
birthdays): the first screen costs one page whatever the number of rows, and scrolling on costs one page
per `page_size` rows. A new sort or filter is a new `fetch` (`set_fetch`), which resets the model; the view
shows the sort indicator itself. `reload()` runs the same query again after a write, fetching as many rows
as were loaded, so the rows a user scrolled to are still there; with a `key` the view can put the selection
back by id (`row_of`).

Columns are `rows_model.Column`s. `font` and `color` style whole rows; a column's own `foreground`
(e.g. an overdue date in the warning colour) wins over the row's colour in that column.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont

from crm_desktop.ui.models.rows_model import ROW_ROLE, Column, Index

R = TypeVar("R")

PAGE_SIZE = 200
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ROW = int(ROW_ROLE)

Fetch = Callable[[int, int], Sequence[R]]


class PagedRowsModel(QAbstractTableModel, Generic[R]):
    """Rows of `fetch(offset, limit)`, a page at a time. A page shorter than asked for ends the list.

    `first_page` (to `set_fetch`) hands over rows already fetched, e.g. on the task runner, so the model does
    not call `fetch` for them on the UI thread; without it the first page is fetched at once. Rows handed
    over that fill whole pages may have more after them (at worst one fetch comes back empty).
    """

    def __init__(
        self,
        columns: Sequence[Column[R]],
        fetch: Fetch[R] | None = None,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
        *,
        key: Callable[[R], Hashable] | None = None,
        font: Callable[[R], QFont | None] | None = None,
        color: Callable[[R], QColor | None] | None = None,
    ) -> None:
        super().__init__(parent)
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.columns = tuple(columns)
        self.page_size = page_size
        self._fetch: Fetch[R] | None = None
        self._rows: list[R] = []
        self._more = False
        self._key = key
        self._font = font
        self._color = color
        self.header_tooltips: tuple[str, ...] = ()  # per column, e.g. "Sort by due date"
        if fetch is not None:
            self.set_fetch(fetch)

    # --- loading ------------------------------------------------------------------------------------
    @property
    def fetch(self) -> Fetch[R] | None:
        return self._fetch

    def set_fetch(self, fetch: Fetch[R] | None, first_page: Sequence[R] | None = None) -> None:
        """Show another query (a new sort or filter): reset and load its first page. None empties the
        model."""
        self._fetch = fetch
        if fetch is None:
            rows: list[R] = []
        elif first_page is None:
            rows = list(fetch(0, self.page_size))
        else:  # e.g. `reload_limit()` rows fetched on the runner: whole pages mean there may be more
            rows = list(first_page)
        self._reset(rows, asked=self._whole_pages(len(rows)))

    def reload(self, first_rows: Sequence[R] | None = None) -> None:
        """Run the same query again (after a write), as many rows as are loaded now (at least a page).
        `first_rows` are rows already fetched with `fetch(0, self.reload_limit())`."""
        if self._fetch is None:
            return
        limit = self.reload_limit()
        rows = list(first_rows) if first_rows is not None else list(self._fetch(0, limit))
        self._reset(rows, asked=limit)

    def reload_limit(self) -> int:
        """How many rows `reload` asks for: the loaded rows rounded up to whole pages."""
        return self._whole_pages(len(self._rows))

    def _whole_pages(self, count: int) -> int:
        return max(1, -(-count // self.page_size)) * self.page_size

    def _reset(self, rows: list[R], asked: int) -> None:
        self.beginResetModel()
        self._rows = rows
        self._more = self._fetch is not None and len(rows) >= asked
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more or self._fetch is None:
            return
        page = list(self._fetch(len(self._rows), self.page_size))
        self._more = len(page) >= self.page_size
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # --- rows ---------------------------------------------------------------------------------------
    @property
    def rows(self) -> tuple[R, ...]:
        return tuple(self._rows)

    def row_at(self, index: int | Index) -> R | None:
        """The dataclass of a row number or model index; None outside the loaded rows."""
        row = index if isinstance(index, int) else index.row()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: Hashable) -> int | None:
        """The row number whose `key(row)` equals `key`, among the loaded rows (needs `key`)."""
        if self._key is None:
            raise TypeError("PagedRowsModel was built without a key")
        for number, row in enumerate(self._rows):
            if self._key(row) == key:
                return number
        return None

    def key_of(self, row: int) -> Hashable | None:
        value = self.row_at(row)
        return None if value is None or self._key is None else self._key(value)

    # --- Qt model -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role == _DISPLAY:
            return column.text(row)
        if role == _ALIGNMENT:
            return int(column.align)
        if role == _TOOLTIP:
            return column.tooltip(row) if column.tooltip is not None else None
        if role == _FONT:
            return self._font(row) if self._font is not None else None
        if role == _FOREGROUND:
            colour = column.foreground(row) if column.foreground is not None else None
            if colour is None and self._color is not None:
                colour = self._color(row)
            return colour
        if role == _ROW:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(self.columns[section].align)
            if role == Qt.ItemDataRole.ToolTipRole and section < len(self.header_tooltips):
                return self.header_tooltips[section] or None
        return None
