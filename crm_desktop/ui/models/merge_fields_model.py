"""The merge dialog's field table: one row per `customers.MERGE_FIELDS` entry (the three birthday fields
are one row: a birthday is one value), a column per customer, and a check mark on the value that wins.
Checking either cell of a row picks that side (like a pair of radio buttons; Space toggles). Rows where
both hold the same value have nothing to choose."""

from __future__ import annotations

from typing import Any, Literal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QPalette

from crm_desktop.services.customers import MERGE_FIELDS, CustomerDetails
from crm_desktop.ui.formatting import Formats

Side = Literal["a", "b"]
Index = QModelIndex | QPersistentModelIndex
BIRTHDAY = ("birth_day", "birth_month", "birth_year")
LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "phone": "Phone",
    "birth_day": "Birthday",
    "address_line1": "Address",
    "address_line2": "Address line 2",
    "city": "City",
    "postal_code": "Postal code",
    "country": "Country",
    "notes": "Notes",
    "email_consent": "Email consent",
    "sms_consent": "SMS consent",
    "preferred_channel": "Preferred channel",
    "source": "Source",
    "card_number": "Card number",
}
CHANNELS = {None: "", "email": "Email", "sms": "SMS", "phone": "Phone"}


def field_rows() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(label, fields) per row, in MERGE_FIELDS order."""
    rows: list[tuple[str, tuple[str, ...]]] = []
    for name in MERGE_FIELDS:
        if name in BIRTHDAY:
            if not any(label == "Birthday" for label, _ in rows):
                rows.append(("Birthday", tuple(f for f in BIRTHDAY if f in MERGE_FIELDS)))
            continue
        rows.append((LABELS.get(name) or name.replace("_", " ").capitalize(), (name,)))
    return tuple(rows)


class MergeFieldsModel(QAbstractTableModel):
    def __init__(self, formats: Formats, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.formats = formats
        self.rows = field_rows()
        self.a: CustomerDetails | None = None
        self.b: CustomerDetails | None = None
        self.winners: list[Side] = ["a"] * len(self.rows)

    def set_customers(self, a: CustomerDetails, b: CustomerDetails | None, survivor: Side = "a") -> None:
        """Show both; each row starts with the survivor's value, or the other's when the survivor has none."""
        self.beginResetModel()
        self.a, self.b = a, b
        self.reset_choices(survivor, notify=False)
        self.endResetModel()

    def reset_choices(self, survivor: Side, *, notify: bool = True) -> None:
        other: Side = "b" if survivor == "a" else "a"
        self.winners = [
            other if not self.value(row, survivor) and self.value(row, other) else survivor
            for row in range(len(self.rows))
        ]
        if notify and self.rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self.rows) - 1, 2))

    def take_from(self, merged: Side) -> tuple[str, ...]:
        """The fields whose winning value is the merged customer's (`customers.merge`'s take_from_merged)."""
        return tuple(
            field
            for row, (_, fields) in enumerate(self.rows)
            if self.winners[row] == merged and self.differs(row)
            for field in fields
        )

    # --- values ----------------------------------------------------------------------------------------
    def _customer(self, side: Side) -> CustomerDetails | None:
        return self.a if side == "a" else self.b

    def value(self, row: int, side: Side) -> str:
        c = self._customer(side)
        if c is None:
            return ""
        fields = self.rows[row][1]
        if fields[0] in BIRTHDAY:
            if c.birth_day is None or c.birth_month is None:
                return ""
            text = self.formats.day_month(c.birth_day, c.birth_month)
            return f"{text} {c.birth_year}" if c.birth_year else text
        raw = getattr(c, fields[0])
        if isinstance(raw, bool):
            return "Yes" if raw else "No"
        if fields[0] == "preferred_channel":
            return CHANNELS.get(raw, str(raw))
        return " ".join(str(raw or "").split())

    def differs(self, row: int) -> bool:
        return self.b is not None and self.value(row, "a") != self.value(row, "b")

    # --- model -----------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.a is None else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() > 0 and self.differs(index.row()):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row, column = index.row(), index.column()
        side: Side = "a" if column == 1 else "b"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return self.rows[row][0]
            text = self.value(row, side)
            if role == Qt.ItemDataRole.ToolTipRole:
                return text or None
            return text or "—"
        if role == Qt.ItemDataRole.CheckStateRole and column > 0 and self.differs(row):
            return Qt.CheckState.Checked if self.winners[row] == side else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and column > 0:
            loses = self.differs(row) and self.winners[row] != side
            if loses or not self.value(row, side):
                return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() == 0:
            return False
        if not self.differs(index.row()):
            return False
        side: Side = "a" if index.column() == 1 else "b"
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        self.winners[index.row()] = side if checked else ("b" if side == "a" else "a")
        self.dataChanged.emit(self.index(index.row(), 1), self.index(index.row(), 2))
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "Field"
        c = self._customer("a" if section == 1 else "b")
        return (
            f"{c.display_name} (#{c.id})" if c is not None else ("This customer" if section == 1 else "Other")
        )
