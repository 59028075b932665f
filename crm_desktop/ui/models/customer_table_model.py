"""The Customers table: the ordered ids a query returned, and row contents fetched lazily, a page at a time.

Modelled on Anki's browser table (`qt/aqt/browser/table/model.py`): the model holds only the ids
(`customer_list.ids`, sorted and filtered in SQL) and asks `customer_list.rows` for the page of ids around a
row the view paints. A view only asks for the cells on screen, so the first screen costs one page whatever
the number of customers, and scrolling to the end fetches the pages passed on the way, never all rows.
After a write the cache is marked stale (not cleared, not reset): stale rows are fetched again when next
painted. A new id list with the same ids in the same order keeps the model as it is (no reset), so the
selection and the scroll position survive a refresh; a different list resets the model, and the view puts
the selection back by id.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from crm_desktop.services import customer_list
from crm_desktop.services.customer_list import CustomerRow
from crm_desktop.ui.formatting import Formats

PAGE_SIZE = 100
MAX_CACHED_ROWS = 6000  # 60 pages; older pages are dropped first
CUSTOMER_ID_ROLE = int(Qt.ItemDataRole.UserRole)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, _FONT, _FOREGROUND, CUSTOMER_ID_ROLE})
BIRTHDAY_FORMAT = "d MMM"

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str  # stable id, remembered in ui.ini
    title: str
    sort_key: str | None  # a customer_list.SORT_KEYS entry; None: not sortable
    width: int  # default width in pixels (set explicitly: resizeColumnsToContents costs ~150 ms)
    numeric: bool = False


# Left-aligned text first, numbers (right-aligned) together at the end, so neighbouring cells never run
# into each other. The default widths fit a 1280 px window beside the sidebar.
COLUMNS: tuple[Column, ...] = (
    Column("name", "Name", "name", 170),
    Column("phone", "Phone", "phone", 130),
    Column("email", "Email", "email", 170),
    Column("tags", "Tags", None, 95),
    Column("birthday", "Birthday", "birthday", 95),
    Column("points", "Points", "points", 105, numeric=True),  # "1,234 · Silver"
    Column("visits", "Visits", "visits", 55, numeric=True),
    Column("total_spent", "Total spent", "total_spent", 95, numeric=True),
    Column("last_visit", "Last visit", "last_visit", 100, numeric=True),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)


class _Entry:
    """A cached row: the epoch it was fetched in, its contents (None: the customer has gone), and its cell
    texts once formatted."""

    __slots__ = ("epoch", "row", "texts")

    def __init__(self, epoch: int, row: CustomerRow | None) -> None:
        self.epoch = epoch
        self.row = row
        self.texts: tuple[str, ...] | None = None


def column_index(key: str) -> int:
    return COLUMN_KEYS.index(key)


def birthday_text(formats: Formats, day: int | None, month: int | None, year: int | None) -> str:
    """'14 Mar' without a year, '14 Mar 1990' with one (month names from the shop's locale)."""
    if not day or not month:
        return ""
    if year:
        try:
            return formats.date(dt.date(year, month, day))
        except ValueError:  # the services refuse impossible dates; never fail a paint over one
            pass
    return formats.locale.toString(QDate(2000, month, day), BIRTHDAY_FORMAT)  # 2000: 29 Feb exists


class CustomerTableModel(QAbstractTableModel):
    def __init__(
        self,
        formats: Formats,
        fetch_rows: Callable[[Sequence[int]], list[CustomerRow]] = customer_list.rows,
        parent: QAbstractTableModel | None = None,
    ) -> None:
        super().__init__(parent)
        self.formats = formats
        self._fetch_rows = fetch_rows
        self._ids: list[int] = []
        self._cache: OrderedDict[int, _Entry] = OrderedDict()  # by customer id, oldest first
        self._epoch = 0
        self._italic = QFont()
        self._italic.setItalic(True)

    # --- ids ----------------------------------------------------------------------------------------
    @property
    def ids(self) -> list[int]:
        return self._ids

    def set_ids(self, ids: Sequence[int]) -> bool:
        """Show these ids in this order. The same list as now repaints in place (stale rows are fetched
        again); another list resets the model. Returns True when the model was reset."""
        ids = list(ids)
        if ids == self._ids:
            self.repaint_all()
            return False
        self.beginResetModel()
        self._ids = ids
        self.endResetModel()
        return True

    def mark_stale(self) -> None:
        """The database changed: every cached row is fetched again the next time it is painted."""
        self._epoch += 1

    def repaint_all(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def customer_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, customer_id: int) -> int | None:
        try:
            return self._ids.index(customer_id)  # a C scan: ~1 ms for 100k ids, no index to keep
        except ValueError:
            return None

    def _entry(self, row: int) -> _Entry | None:
        """The cache entry of a row, fetching its page when it is missing or stale."""
        if not 0 <= row < len(self._ids):
            return None
        cid = self._ids[row]
        entry = self._cache.get(cid)
        if entry is None or entry.epoch != self._epoch:
            self._fetch_page(row // PAGE_SIZE)
            entry = self._cache.get(cid)
        return entry

    def customer_row(self, row: int) -> CustomerRow | None:
        """The row's contents, fetching its page when it is not cached or stale."""
        entry = self._entry(row)
        return entry.row if entry is not None else None

    def _fetch_page(self, page: int) -> None:
        page_ids = self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        found = {row.id: row for row in self._fetch_rows(page_ids)}
        for cid in page_ids:
            self._cache.pop(cid, None)
            self._cache[cid] = _Entry(self._epoch, found.get(cid))
        while len(self._cache) > MAX_CACHED_ROWS:
            self._cache.popitem(last=False)

    # --- Qt model -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.sort_key is None:
                return f"{column.title} (not sortable). Right-click to choose columns."
            return f"Sort by {column.title.lower()}. Right-click to choose columns."
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        # Qt asks for ~7 roles per painted cell: the roles not shown return first, and a row's texts are
        # formatted once and cached with it.
        if role not in _ROLES or not index.isValid():
            return None
        column = index.column()
        if role == _ALIGNMENT:
            return _RIGHT if COLUMNS[column].numeric else _LEFT
        if role == CUSTOMER_ID_ROLE:
            return self.customer_id(index.row())
        entry = self._entry(index.row())
        if entry is None or entry.row is None:
            return None
        if role == _DISPLAY:
            if entry.texts is None:
                entry.texts = tuple(self.text(entry.row, key) for key in COLUMN_KEYS)
            return entry.texts[column]
        if role == _TOOLTIP:
            text = self.text(entry.row, COLUMNS[column].key)
            return f"{text} (archived)" if entry.row.archived and column == 0 else text or None
        if not entry.row.archived:
            return None
        if role == _FONT:
            return self._italic
        return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)

    def text(self, row: CustomerRow, key: str) -> str:
        """What the cell of column `key` shows for `row`."""
        formats = self.formats
        if key == "name":
            return row.name
        if key == "phone":
            return row.phone
        if key == "email":
            return row.email
        if key == "tags":
            return row.tags
        if key == "points":
            points = formats.number(row.points)
            return f"{points} · {row.tier}" if row.tier else points
        if key == "visits":
            return formats.number(row.visits)
        if key == "total_spent":
            return formats.money(row.total_spent_cents)
        if key == "last_visit":
            return formats.date(row.last_visit_date)
        if key == "birthday":
            return birthday_text(formats, row.birth_day, row.birth_month, row.birth_year)
        raise KeyError(key)
