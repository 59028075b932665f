"""The profile's history tabs: Purchases (a tree: each purchase opens to its items), Loyalty (the ledger
with a running balance), Notes & interactions, Follow-ups. Read-only views over `profile_models`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.followups import FollowUpRow
from crm_desktop.services.profile import CustomerProfile, InteractionLine, PurchaseSummary
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.profile_models import (
    PURCHASE_WIDTHS,
    PurchasesModel,
    follow_ups_model,
    interactions_model,
    ledger_model,
)
from crm_desktop.ui.models.rows_model import RowsModel
from crm_desktop.ui.widgets.record_table import configure_record_table

ROW_HEIGHT = 26


def _table(model: RowsModel, name: str) -> QTableView:
    view = QTableView(objectName=name)
    view.setModel(model)
    configure_record_table(view, (column.width for column in model.columns))
    view.setAlternatingRowColors(True)
    view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    return view


def _page(view: QWidget, empty: QLabel, above: QHBoxLayout | None = None) -> QWidget:
    page = QWidget()
    box = QVBoxLayout(page)
    box.setContentsMargins(8, 8, 8, 8)
    if above is not None:
        box.addLayout(above)
    box.addWidget(view, 1)
    box.addWidget(empty)
    return page


def _empty(text: str) -> QLabel:
    label = QLabel(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def _bar(text: str) -> QHBoxLayout:
    """A quiet sentence, then room for buttons at the right (`addWidget`)."""
    hint = QLabel(text)
    hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    row = QHBoxLayout()
    row.setSpacing(6)
    row.addWidget(hint, 1)
    return row


def _hint_row(text: str, button: QPushButton) -> QHBoxLayout:
    """A quiet sentence about the table below, with the action it explains at the right."""
    hint = QLabel(text)
    hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    row = QHBoxLayout()
    row.addWidget(hint, 1)
    row.addWidget(button)
    return row


def _selected_row(view: QTableView, model: RowsModel) -> Any:
    index = view.currentIndex()
    if not index.isValid() or not view.selectionModel().isRowSelected(index.row()):
        return None
    return model.row_at(index.row())


def _selected_id(view: QTableView, model: RowsModel) -> tuple[int | None, int]:
    row = _selected_row(view, model)
    return (row.id if row is not None else None), max(view.currentIndex().row(), 0)


class ProfileTabs(QTabWidget):
    def __init__(self, formats: Formats, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profile_tabs")
        self.setDocumentMode(True)
        self.purchases_model = PurchasesModel(formats, self)
        self.ledger_model = ledger_model(formats, self)
        self.interactions_model = interactions_model(formats, self)
        self.follow_ups_model = follow_ups_model(formats, today, self)

        self.purchases_view = QTreeView(objectName="purchases_view")
        self.purchases_view.setModel(self.purchases_model)
        self.purchases_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.purchases_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.purchases_view.setAlternatingRowColors(True)
        self.purchases_view.setUniformRowHeights(True)
        self.purchases_view.header().setStretchLastSection(True)
        for number, width in enumerate(PURCHASE_WIDTHS):
            self.purchases_view.setColumnWidth(number, width)
        self.purchases_view.selectionModel().currentChanged.connect(lambda *_: self._update_void())
        self.void_button = QPushButton("&Void purchase…", objectName="void_purchase")
        self.void_button.setEnabled(False)
        above = _hint_row(
            "Select a purchase to void it; open one (→ or double-click) to see its items.", self.void_button
        )

        self.ledger_view = _table(self.ledger_model, "ledger_view")
        self.adjust_button = QPushButton("Ad&just points…", objectName="adjust_points")
        self.adjust_button.setEnabled(False)
        ledger_above = _hint_row(
            "Every change to the points, newest first, with the balance after it.", self.adjust_button
        )
        self.interactions_view = _table(self.interactions_model, "interactions_view")
        self.follow_ups_view = _table(self.follow_ups_model, "follow_ups_view")
        # Filled by the profile view with its case and follow-up buttons (profile_cases, followup_actions)
        self.interactions_bar = _bar("Complaints and requests can be followed as service cases (C).")
        self.follow_ups_bar = _bar("Space done · S, W, D snooze · Ctrl+E edit · Del cancel · R reopen")
        self.empty: dict[str, QLabel] = {
            "purchases": _empty("No purchases yet."),
            "ledger": _empty("No points yet."),
            "interactions": _empty("No notes or interactions yet. Add one with Add note."),
            "follow_ups": _empty("No follow-ups. Add one with Add follow-up."),
        }
        self.addTab(_page(self.purchases_view, self.empty["purchases"], above), "&Purchases")
        self.addTab(_page(self.ledger_view, self.empty["ledger"], ledger_above), "&Loyalty")
        self.addTab(
            _page(self.interactions_view, self.empty["interactions"], self.interactions_bar),
            "N&otes && interactions",
        )
        self.addTab(_page(self.follow_ups_view, self.empty["follow_ups"], self.follow_ups_bar), "Follo&w-ups")
        self._writable = False
        self.setFocusProxy(self.purchases_view)
        self.currentChanged.connect(self._focus_page)

    def _focus_page(self, index: int) -> None:
        views = (self.purchases_view, self.ledger_view, self.interactions_view, self.follow_ups_view)
        self.setFocusProxy(views[index])

    def show_profile(self, p: CustomerProfile) -> None:
        selected = self.selected_purchase()
        kept = [(view, model, _selected_id(view, model)) for view, model in self._id_tables()]
        self.purchases_model.set_purchases(p.purchases)
        self.ledger_model.set_rows(p.ledger)
        self.interactions_model.set_rows(p.interactions)
        self.follow_ups_model.set_rows(p.follow_ups)
        counts = (len(p.purchases), len(p.ledger), len(p.interactions), len(p.follow_ups))
        titles = ("&Purchases", "&Loyalty", "N&otes && interactions", "Follo&w-ups")
        for number, (title, count) in enumerate(zip(titles, counts, strict=True)):
            self.setTabText(number, f"{title} ({count})" if count else title)
        for key, count in zip(self.empty, counts, strict=True):
            self.empty[key].setVisible(count == 0)
        views: tuple[QAbstractItemView, ...] = (
            self.purchases_view,
            self.ledger_view,
            self.interactions_view,
            self.follow_ups_view,
        )
        for view, count in zip(views, counts, strict=True):
            view.setVisible(count > 0)
        row = next((n for n, x in enumerate(p.purchases) if selected and x.id == selected.id), 0)
        self._select(self.purchases_view, self.purchases_model, row)
        for view, model, (kept_id, kept_row) in kept:
            ids = [line.id for line in model.rows]
            self._select(view, model, ids.index(kept_id) if kept_id in ids else min(kept_row, len(ids) - 1))
        self._update_void()

    def _id_tables(self) -> tuple[tuple[QTableView, RowsModel], ...]:
        return (
            (self.interactions_view, self.interactions_model),
            (self.follow_ups_view, self.follow_ups_model),
        )

    def selected_interaction(self) -> InteractionLine | None:
        return _selected_row(self.interactions_view, self.interactions_model)

    def selected_follow_up(self) -> FollowUpRow | None:
        return _selected_row(self.follow_ups_view, self.follow_ups_model)

    def _select(self, view: QAbstractItemView, model: QAbstractItemModel, row: int) -> None:
        if 0 <= row < model.rowCount():
            view.setCurrentIndex(model.index(row, 0))

    def selected_purchase(self) -> PurchaseSummary | None:
        return self.purchases_model.purchase_at(self.purchases_view.currentIndex())

    def set_writable(self, writable: bool) -> None:
        self._writable = writable
        self.adjust_button.setEnabled(writable)
        self._update_void()

    def _update_void(self) -> None:
        purchase = self.selected_purchase()
        self.void_button.setEnabled(self._writable and purchase is not None and not purchase.voided)
