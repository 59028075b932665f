"""The loyalty tiers as Settings → Loyalty edits them: name, threshold, points multiplier, one row each.

The threshold is money (spend in the last 12 months) or points (lifetime points), as the tier basis says; it
is shown and typed in the shop's locale. A value that cannot be read is refused (`refused` says why and the
cell keeps its value); whether the tiers make sense together (ascending thresholds, names given) is for
`loyalty.save_rules` to decide when the section is saved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from crm_desktop.services.loyalty import Tier
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.rows_model import LEFT, RIGHT

Index = QModelIndex | QPersistentModelIndex
NAME, THRESHOLD, MULTIPLIER = range(3)
COLUMN_WIDTHS = (150, 170, 110)
SPEND_BASIS = "spend_12m"
POINTS_BASIS = "lifetime_points"
_NOT_DIGITS = re.compile(r"[\s,.'\u00a0\u202f%]")


def factor_text(percent: int) -> str:
    """150 -> '1.5', 125 -> '1.25', 100 -> '1'."""
    return f"{percent / 100:.2f}".rstrip("0").rstrip(".")


def multiplier_text(percent: int) -> str:
    """150 -> '×1.5'."""
    return f"×{factor_text(percent)}"


def parse_multiplier(text: str) -> int:
    """The multiplier as a percentage: '1.5', '1,5', '×1.5' -> 150; '150' or '150 %' -> 150. A plain number
    up to 10 is a factor (the rules allow ×1 to ×10), a larger one a percentage."""
    cleaned = text.strip().lstrip("×xX*").strip().replace(",", ".")
    percent = cleaned.endswith("%")
    cleaned = cleaned.rstrip("%").strip()
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        raise ValueError(f"'{text.strip()}' is not a multiplier (e.g. 1.5)")
    value = float(cleaned)
    return round(value if percent or value > 10 else value * 100)


def parse_whole(text: str) -> int:
    """'1,500' / '1 500' / '150 %' -> the whole number; ValueError when it is not one."""
    cleaned = _NOT_DIGITS.sub("", text.strip())
    if not re.fullmatch(r"-?\d+", cleaned):
        raise ValueError(f"'{text.strip()}' is not a whole number")
    return int(cleaned)


class TiersModel(QAbstractTableModel):
    refused = Signal(str)  # 'Tiers: row 2 threshold: 'abc' is not an amount.'
    edited = Signal()

    def __init__(self, formats: Formats, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.formats = formats
        self.basis = SPEND_BASIS
        self._rows: list[list[Any]] = []  # [name, threshold, multiplier percent]

    # --- what the section reads and writes --------------------------------------------------------------
    def set_tiers(self, tiers: Sequence[Tier], basis: str) -> None:
        self.beginResetModel()
        self.basis = basis
        self._rows = [[t.name, t.threshold, t.multiplier_percent] for t in tiers]
        self.endResetModel()

    def tiers(self) -> tuple[Tier, ...]:
        return tuple(Tier(name.strip(), threshold, percent) for name, threshold, percent in self._rows)

    def set_basis(self, basis: str) -> None:
        if basis == self.basis:
            return
        self.basis = basis
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, THRESHOLD, THRESHOLD)
        if self._rows:
            self.dataChanged.emit(self.index(0, THRESHOLD), self.index(len(self._rows) - 1, THRESHOLD))

    def add_tier(self) -> int:
        """A new last row (threshold above the last one, ×1); returns its row number."""
        row = len(self._rows)
        last = self._rows[-1][THRESHOLD] if self._rows else 0
        step = 50_000 if self.basis == SPEND_BASIS else 500
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append([f"Tier {row + 1}", last + step if self._rows else 0, 100])
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_tier(self, row: int) -> bool:
        if not 0 <= row < len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.edited.emit()
        return True

    # --- Qt model ---------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def _threshold_text(self, value: int, *, symbol: bool = True) -> str:
        if self.basis == SPEND_BASIS:
            return self.formats.money_format.format(value, symbol=symbol)
        return self.formats.number(value) + (" points" if symbol else "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name, threshold, percent = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (name, self._threshold_text(threshold), multiplier_text(percent))[column]
        if role == Qt.ItemDataRole.EditRole:  # text, so the default delegate edits in a line edit
            return (name, self._threshold_text(threshold, symbol=False), factor_text(percent))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT if column == NAME else RIGHT)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == THRESHOLD:
                what = "spend in the last 12 months" if self.basis == SPEND_BASIS else "lifetime points"
                return f"Customers reach {name or 'this tier'} at {self._threshold_text(threshold)} {what}"
            if column == MULTIPLIER:
                return f"Points earned in {name or 'this tier'} are multiplied by {factor_text(percent)} ({percent} %)"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        row, column, text = index.row(), index.column(), str(value)
        try:
            if column == NAME:
                parsed: Any = " ".join(text.split())
            elif column == THRESHOLD and self.basis == SPEND_BASIS:
                parsed = self.formats.money_format.parse(text)
            elif column == THRESHOLD:
                parsed = parse_whole(text)
            else:
                parsed = parse_multiplier(text)
        except ValueError as exc:
            what = ("name", "threshold", "multiplier")[column]
            self.refused.emit(f"Tiers: row {row + 1} {what}: {str(exc).rstrip('.')}.")
            return False
        if self._rows[row][column] != parsed:
            self._rows[row][column] = parsed
            self.dataChanged.emit(index, index)
            self.edited.emit()
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 3:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            threshold = "From spend (12 months)" if self.basis == SPEND_BASIS else "From lifetime points"
            return ("Tier", threshold, "Points multiplier")[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT if section == NAME else RIGHT)
        return None
