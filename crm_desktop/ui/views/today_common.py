"""What the Today view's panels share: a titled card holding a table or an honest empty sentence, the
table setup, actions shown with their shortcut, and the words for relative days and durations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.ui.widgets.record_table import configure_record_table
from crm_desktop.ui.widgets.table_keys import TableKeys

NATIVE = QKeySequence.SequenceFormat.NativeText


def relative_day(days: int) -> str:
    """'today', 'tomorrow', 'in 5 days', 'yesterday', '2 days ago'."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def duration_text(span: dt.timedelta | None) -> str:
    """A resolution time or an age, to the unit that matters: '40 min', '5 h', '2 days 4 h', '12 days'."""
    if span is None:
        return "—"
    minutes = max(int(span.total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h"
    days, rest = divmod(hours, 24)
    unit = "day" if days == 1 else "days"
    return f"{days} {unit} {rest} h" if days < 3 and rest else f"{days} {unit}"


def shortcut_tip(text: str, shortcut: str | QKeySequence) -> str:
    key = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
    return f"{text} ({key.toString(NATIVE)})"


def table_action(
    table: QAbstractItemView,
    text: str,
    shortcut: str | QKeySequence.StandardKey,
    slot: Callable[[], object],
    tip: str,
    *more: str,
) -> QAction:
    """An action on the table (its context menu) whose key works while the table has the focus, claimed
    before any window shortcut (`widgets/table_keys.TableKeys`; keypad Enter counts as Enter), so a single
    letter such as G never fires while typing elsewhere. `more` are further keys (keypad Enter)."""
    action = QAction(text, table)
    action.setShortcuts([QKeySequence(shortcut), *(QKeySequence(key) for key in more)])
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.setToolTip(shortcut_tip(tip, action.shortcut()))
    action.triggered.connect(lambda _checked=False: slot())
    table.addAction(action)
    keys = table.findChild(TableKeys)
    if keys is None:
        keys = TableKeys(table)
    keys.add(action)
    return action


def record_table(model: QAbstractItemModel, name: str, accessible: str, stretch: int = -1) -> QTableView:
    """A read-only table whose column `stretch` (default: the last) takes the width left over."""
    table = QTableView(objectName=name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    configure_record_table(table, (column.width for column in model.columns))  # type: ignore[attr-defined]
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)  # compact, like Customers
    header = table.horizontalHeader()
    if stretch < 0:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    table.setFrameShape(QFrame.Shape.NoFrame)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the next control, as everywhere else
    return table


def hint_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text, objectName=name)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class Panel(QFrame):
    """A card: a bold title with a count, optional controls at the right of the title, then the table or,
    when there is nothing to list, one sentence saying so."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        # A card outline from the palette, visible in light and dark mode (a plain StyledPanel is not).
        self.setStyleSheet(f"QFrame#{name} {{ border: 1px solid palette(mid); border-radius: 8px; }}")
        self.title = QLabel(title, objectName=f"{name}_title")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title_row = QHBoxLayout()
        self.title_row.setSpacing(8)
        self.title_row.addWidget(self.title)
        self.title_row.addStretch(1)
        self.empty = hint_label(name=f"{name}_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(12, 10, 12, 10)
        self.layout_.setSpacing(8)
        self.layout_.addLayout(self.title_row)

    def set_body(self, table: QTableView) -> None:
        self.table = table
        self.stack.addWidget(table)
        self.stack.addWidget(self.empty)
        self.layout_.addWidget(self.stack, 1)

    def show_rows(self, count: int, empty_text: str) -> None:
        """The table when it has rows, else the sentence."""
        self.empty.setText(empty_text)
        self.stack.setCurrentWidget(self.table if count else self.empty)

    @property
    def showing_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty
