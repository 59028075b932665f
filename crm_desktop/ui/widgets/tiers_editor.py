"""The tiers table of Settings → Loyalty with its Add tier / Remove tier buttons.

Typing on a cell starts editing it (Enter or Tab-free arrows move on); Insert adds a tier and Delete removes
the highlighted one. Tab leaves the table, so the form's tab order goes on past it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.ui import icons
from crm_desktop.ui.models.tiers_model import COLUMN_WIDTHS, MULTIPLIER, NAME, THRESHOLD, TiersModel

ROW_HEIGHT = 28
VISIBLE_ROWS = 4


class TiersEditor(QWidget):
    def __init__(self, model: TiersModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = QTableView(objectName="loyalty_tiers")
        self.table.setAccessibleName("Tiers")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setHighlightSections(False)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        header_height = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header_height + ROW_HEIGHT * VISIBLE_ROWS + 2 * self.table.frameWidth())

        self.add_button = QPushButton(icons.icon("add"), "&Add tier", objectName="loyalty_add_tier")
        self.add_button.setToolTip("Add a tier after the last one (Alt+A, or Insert in the table)")
        self.remove_button = QPushButton("Re&move tier", objectName="loyalty_remove_tier")
        self.remove_button.setToolTip("Remove the highlighted tier (Alt+M, or Delete in the table)")
        self.add_button.clicked.connect(self.add_tier)
        self.remove_button.clicked.connect(self.remove_current)
        for keys, slot in (("Ins", self.add_tier), ("Del", self.remove_current)):
            action = QAction(self.table)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
        model.modelReset.connect(self._update_buttons)
        model.rowsInserted.connect(self._update_buttons)
        model.rowsRemoved.connect(self._update_buttons)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        box.addWidget(self.table)
        box.addLayout(buttons)
        self.setFocusProxy(self.table)
        self.setTabOrder(self.table, self.add_button)
        self.setTabOrder(self.add_button, self.remove_button)

    def add_tier(self) -> None:
        row = self.model.add_tier()
        self.focus_cell(row, NAME)

    def remove_current(self) -> None:
        row = self.table.currentIndex().row()
        if self.model.remove_tier(row):
            self.focus_cell(min(row, self.model.rowCount() - 1), self.table.currentIndex().column())

    def focus_cell(self, row: int, column: int = THRESHOLD) -> None:
        if not 0 <= row < self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        index = self.model.index(row, max(min(column, MULTIPLIER), NAME))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def commit_pending_edit(self) -> None:
        editor = QApplication.focusWidget()
        table = self.table
        if table.state() == QAbstractItemView.State.EditingState and editor and table.isAncestorOf(editor):
            table.commitData(editor)
            table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.model.rowCount() > 0)
