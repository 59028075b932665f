"""The customer profile's tables: purchases with their items (a two-level tree), the points ledger,
interactions and follow-ups. Each shows the few dozen rows `profile.profile` returned; nothing is fetched
here. Voided purchases and their items are struck through (FontRole) and greyed, with the reason shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from crm_desktop.services.followups import FollowUpRow
from crm_desktop.services.profile import (
    InteractionLine,
    LedgerLine,
    PurchaseLine,
    PurchaseSummary,
)
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.followup_columns import PROFILE_COLUMNS, closed_color, followup_columns, row_font
from crm_desktop.ui.models.rows_model import LEFT, RIGHT, ROW_ROLE, Column, RowsModel

Index = QModelIndex | QPersistentModelIndex

LEDGER_KINDS = {
    "earn": "Earned",
    "redeem": "Redeemed",
    "adjust": "Adjustment",
    "expire": "Expired",
    "birthday_bonus": "Birthday bonus",
    "void_reversal": "Void reversal",
}


def label(kind: str) -> str:
    return LEDGER_KINDS.get(kind) or kind.replace("_", " ").capitalize()


def _muted() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)


# --- purchases: a tree of purchases (top level) and their item lines (children) --------------------------

PURCHASE_COLUMNS = ("Date", "Items", "Total", "Points", "Payment", "Staff", "Note")
PURCHASE_WIDTHS = (150, 250, 90, 100, 80, 130, 220)
_NUMERIC = {2, 3}


class PurchasesModel(QAbstractItemModel):
    """Top-level rows are purchases (internal id 0); an item's internal id is its purchase's row + 1."""

    def __init__(self, formats: Formats, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.formats = formats
        self._purchases: tuple[PurchaseSummary, ...] = ()

    def set_purchases(self, purchases: tuple[PurchaseSummary, ...]) -> None:
        self.beginResetModel()
        self._purchases = purchases
        self.endResetModel()

    @property
    def purchases(self) -> tuple[PurchaseSummary, ...]:
        return self._purchases

    def purchase_at(self, index: Index) -> PurchaseSummary | None:
        """The purchase a row shows (an item row gives its purchase)."""
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self._purchases[row] if 0 <= row < len(self._purchases) else None

    # --- structure ---------------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index | None = None) -> Any:  # type: ignore[override]
        if index is None:  # QObject.parent()
            return super().parent()
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._purchases)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._purchases[parent.row()].items)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(PURCHASE_COLUMNS)

    # --- contents ----------------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        purchase = self.purchase_at(index)
        if purchase is None:
            return None
        item = purchase.items[index.row()] if index.internalId() != 0 else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._item_text(item, index.column()) if item else self._text(purchase, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if index.column() in _NUMERIC else LEFT)
        if role == Qt.ItemDataRole.FontRole and purchase.voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and purchase.voided:
            return _muted()
        if role == Qt.ItemDataRole.ToolTipRole:
            if purchase.voided:
                return f"Voided: {purchase.void_reason}"
            if item is None and index.column() in (1, 6):
                return self._text(purchase, index.column()) or None
        if role == ROW_ROLE:
            return item or purchase
        return None

    def _text(self, p: PurchaseSummary, column: int) -> str:
        f = self.formats
        if column == 0:
            return f.datetime(p.occurred_at)
        if column == 1:
            names = [i.description if i.quantity == 1 else f"{i.description} ×{i.quantity}" for i in p.items]
            return ", ".join(names) or "Amount only"
        if column == 2:
            return f.money(p.total_cents)
        if column == 3:
            parts = [f.signed(p.points_earned)] if p.points_earned else []
            parts += [f.signed(-p.points_redeemed)] if p.points_redeemed else []
            return " / ".join(parts)
        if column == 4:
            return p.payment_method.capitalize()
        if column == 5:
            return p.staff_name
        return f"Voided: {p.void_reason}" if p.voided else p.note

    def _item_text(self, item: PurchaseLine, column: int) -> str:
        f = self.formats
        if column == 1:
            return f"{item.quantity} × {item.description}"
        if column == 2:
            return f.money(item.line_total_cents)
        if column == 6:
            each = f"{f.money(item.unit_price_cents)} each" if item.quantity != 1 else ""
            off = f"{f.money(item.discount_cents)} off" if item.discount_cents else ""
            return ", ".join(x for x in (each, off) if x)
        return ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(PURCHASE_COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return PURCHASE_COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if section in _NUMERIC else LEFT)
        return None


# --- flat tables ---------------------------------------------------------------------------------------


def ledger_model(formats: Formats, parent: QObject | None = None) -> RowsModel[LedgerLine]:
    f = formats
    columns: list[Column[LedgerLine]] = [
        Column("Date", lambda e: f.datetime(e.created_at), 150),
        Column("Change", lambda e: f.signed(e.points), 80, RIGHT),
        Column("Balance", lambda e: f.number(e.running_balance), 80, RIGHT),
        Column("Kind", lambda e: label(e.kind), 130),
        Column("Reason", lambda e: e.reason, 320, tooltip=lambda e: e.reason or None),  # type: ignore[arg-type]
        Column("Staff", lambda e: e.staff_name, 110),
    ]
    return RowsModel(columns, parent)


def interactions_model(formats: Formats, parent: QObject | None = None) -> RowsModel[InteractionLine]:
    f = formats
    columns: list[Column[InteractionLine]] = [
        Column("When", lambda i: f.datetime(i.occurred_at), 150),
        Column("Kind", lambda i: i.kind.capitalize(), 100),
        Column("Note", lambda i: " ".join(i.body.split()), 400, tooltip=lambda i: i.body or None),  # type: ignore[arg-type]
        Column("Staff", lambda i: i.staff_name, 110),
        Column("Case", case_text, 100, tooltip=case_tip),
    ]
    return RowsModel(columns, parent)


def case_text(line: InteractionLine) -> str:
    """'Open', 'Waiting', 'Resolved' for a service case; '' otherwise."""
    return (line.case_status or "").capitalize()


def case_tip(line: InteractionLine) -> str:
    if line.case_status:
        return f"Service case: {line.case_status}"
    if line.kind in ("complaint", "request"):
        return "Not a service case — Open as case follows it to its resolution"
    return ""


def follow_ups_model(
    formats: Formats, today: Callable[[], dt.date], parent: QObject | None = None
) -> RowsModel[FollowUpRow]:
    """Open ones first (overdue dates in the error colour), then the done and cancelled ones, greyed."""
    columns = followup_columns(formats, today, PROFILE_COLUMNS)
    return RowsModel(columns, parent, color=closed_color, font=row_font)
