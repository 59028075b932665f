"""A small read-only table over a list of service dataclasses, one `Column` per shown attribute.

For lists a service already limits (a profile's recent history, duplicate warnings, search hits): the whole
list is handed over at once and replaced on reload. Database-sized lists use a paged model instead
(`customer_table_model.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ROW_ROLE = Qt.ItemDataRole.UserRole  # the row's dataclass


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    width: int = 120  # set explicitly: resizeColumnsToContents measures every row
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[R], str] | None = None
    foreground: Callable[[R], QColor | None] | None = None  # this cell's text colour (wins over the row's)


class RowsModel(QAbstractTableModel, Generic[R]):
    """`font` and `color` (optional) style whole rows, e.g. a voided purchase struck through."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        parent: QObject | None = None,
        *,
        font: Callable[[R], QFont | None] | None = None,
        color: Callable[[R], QColor | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: tuple[R, ...] = ()
        self._font = font
        self._color = color
        self.header_tooltips: tuple[str, ...] = ()  # per column, e.g. "Sort by due date"

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    @property
    def rows(self) -> tuple[R, ...]:
        return self._rows

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.FontRole and self._font is not None:
            return self._font(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = column.foreground(row) if column.foreground is not None else None
            if colour is None and self._color is not None:
                colour = self._color(row)
            return colour
        if role == ROW_ROLE:
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
