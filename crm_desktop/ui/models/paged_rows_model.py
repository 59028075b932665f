"""A read-only table over a service's paged query: `fetch(offset, limit)` returns one page of dataclasses,
and the model appends the next page when the view scrolls near the end (`canFetchMore`/`fetchMore`).

For lists sorted and filtered in SQL whose length is unknown up front (follow-ups by bucket, upcoming
birthdays): the first screen costs one page whatever the number of rows, and scrolling on costs one page
per `page_size` rows. A new sort or filter is a new `fetch` (`set_fetch`), which resets the model; the view
shows the sort indicator itself. `reload()` runs the same query again after a write, fetching as many rows
as were loaded, so the rows a user scrolled to are still there; with a `key` the view can put the selection
back by id (`row_of`).

Columns, cells and headers are `rows_model.RowsModel`'s; this class adds the paging.
Columns are `rows_model.Column`s. `font` and `color` style whole rows; a column's own `foreground`
(e.g. an overdue date in the warning colour) wins over the row's colour in that column.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtGui import QColor, QFont

from crm_desktop.ui.models.rows_model import Column, Index, RowsModel

R = TypeVar("R")

PAGE_SIZE = 200

Fetch = Callable[[int, int], Sequence[R]]


class PagedRowsModel(RowsModel[R], Generic[R]):
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
        super().__init__(columns, parent, font=font, color=color)
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.page_size = page_size
        self._fetch: Fetch[R] | None = None
        self._rows: list[R] = []  # type: ignore[assignment]  # grows a page at a time
        self._more = False
        self._key = key
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
