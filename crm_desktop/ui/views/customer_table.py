"""The Customers table widget: fixed row heights and explicit column widths (nothing measured per row),
header clicks that ask for a sort in SQL, a header menu to show and hide columns, movable columns, and
the columns' order, visibility and widths kept in ui.ini. Enter or a double-click opens a customer."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from crm_desktop.ui import ui_settings
from crm_desktop.ui.models.customer_table_model import COLUMN_KEYS, COLUMNS, CustomerTableModel, column_index
from crm_desktop.ui.ui_settings import UiSettings
from crm_desktop.ui.widgets.empty_overlay import EmptyOverlay
from crm_desktop.ui.widgets.record_table import configure_record_table
from crm_desktop.ui.widgets.sql_sort import SqlSortHeader

ALWAYS_SHOWN = "name"


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class CustomerTable(QTableView):
    opened = Signal(int)  # row: Enter or double-click on it
    left_at_top = Signal()  # Up on the first row: back to the search field
    sort_changed = Signal(str, bool)  # customer_list sort key, descending: a header was clicked

    def __init__(
        self, model: CustomerTableModel, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customer_table")
        self.setAccessibleName("Customers")
        self.settings = settings
        self.setModel(model)
        configure_record_table(self)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row size hints: O(screen), not O(n)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.show_column_menu)
        self.sorting = SqlSortHeader(header, [column.sort_key for column in COLUMNS], "name")
        self.sorting.sort_changed.connect(self.sort_changed)
        self._restoring = False
        self.restore_columns()
        header.sectionMoved.connect(lambda *_: self.save_columns())
        header.sectionResized.connect(lambda *_: self.save_columns())
        self.doubleClicked.connect(lambda index: self.opened.emit(index.row()))

        self.empty_label = EmptyOverlay(self, "customers_empty")

    @property
    def customer_model(self) -> CustomerTableModel:
        return self.model()  # type: ignore[return-value]

    # --- sorting ------------------------------------------------------------------------------------
    def set_sort(self, sort_key: str, descending: bool) -> None:
        """Show the sort indicator for `sort_key` without asking for a sort."""
        self.sorting.set_sort(sort_key, descending)

    # --- columns ------------------------------------------------------------------------------------
    def restore_columns(self) -> None:
        get = self.settings.get
        widths = dict(
            part.split("=", 1) for part in _split(get(ui_settings.CUSTOMERS_COLUMN_WIDTHS)) if "=" in part
        )
        saved = [key for key in _split(get(ui_settings.CUSTOMERS_COLUMN_ORDER)) if key in COLUMN_KEYS]
        order = list(dict.fromkeys(saved + list(COLUMN_KEYS)))  # columns new since the save go last
        hidden = set(_split(get(ui_settings.CUSTOMERS_HIDDEN_COLUMNS))) - {ALWAYS_SHOWN}
        header = self.horizontalHeader()
        self._restoring = True  # moving and resizing sections below must not save half-restored columns
        try:
            for section, column in enumerate(COLUMNS):
                width = widths.get(column.key, "")
                header.resizeSection(
                    section, int(width) if width.isdigit() and int(width) >= 30 else column.width
                )
            for visual, key in enumerate(order):
                header.moveSection(header.visualIndex(column_index(key)), visual)
            for section, key in enumerate(COLUMN_KEYS):
                header.setSectionHidden(section, key in hidden)
        finally:
            self._restoring = False

    def save_columns(self) -> None:
        if self._restoring:
            return
        header = self.horizontalHeader()
        order = [COLUMN_KEYS[header.logicalIndex(visual)] for visual in range(header.count())]
        hidden = [key for section, key in enumerate(COLUMN_KEYS) if header.isSectionHidden(section)]
        widths = [
            f"{key}={header.sectionSize(section)}"
            for section, key in enumerate(COLUMN_KEYS)
            if not header.isSectionHidden(section)
        ]
        self.settings.set(ui_settings.CUSTOMERS_COLUMN_ORDER, ",".join(order))
        self.settings.set(ui_settings.CUSTOMERS_HIDDEN_COLUMNS, ",".join(hidden))
        self.settings.set(ui_settings.CUSTOMERS_COLUMN_WIDTHS, ",".join(widths))

    def is_column_shown(self, key: str) -> bool:
        return not self.horizontalHeader().isSectionHidden(column_index(key))

    def set_column_shown(self, key: str, shown: bool) -> None:
        if key == ALWAYS_SHOWN and not shown:
            return
        self.horizontalHeader().setSectionHidden(column_index(key), not shown)
        self.save_columns()

    def reset_columns(self) -> None:
        for key in (
            ui_settings.CUSTOMERS_COLUMN_ORDER,
            ui_settings.CUSTOMERS_HIDDEN_COLUMNS,
            ui_settings.CUSTOMERS_COLUMN_WIDTHS,
        ):
            self.settings.set(key, key.default)
        self.restore_columns()

    def column_menu(self) -> QMenu:
        """Checkable actions per column (Name always shown) and "Reset columns"."""
        menu = QMenu(self)
        menu.setObjectName("customer_columns_menu")
        header = self.horizontalHeader()
        for visual in range(header.count()):
            column = COLUMNS[header.logicalIndex(visual)]
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(self.is_column_shown(column.key))
            action.setEnabled(column.key != ALWAYS_SHOWN)
            action.setData(column.key)
            action.toggled.connect(lambda shown, key=column.key: self.set_column_shown(key, shown))
        menu.addSeparator()
        menu.addAction("Reset columns", self.reset_columns)
        return menu

    def show_column_menu(self, pos: QPoint) -> None:
        menu = self.column_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.horizontalHeader().mapToGlobal(pos))

    # --- keys and the empty message -----------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.opened.emit(self.currentIndex().row())
            return
        if key == Qt.Key.Key_Up and self.currentIndex().row() <= 0 and not event.modifiers():
            self.left_at_top.emit()
            return
        super().keyPressEvent(event)

    def select_row(self, row: int) -> None:
        index = self.model().index(row, column_index(ALWAYS_SHOWN))
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def selected_id(self) -> int | None:
        index: QModelIndex = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.customer_model.customer_id(index.row())

    def set_empty_text(self, text: str) -> None:
        self.empty_label.set_text(text)
