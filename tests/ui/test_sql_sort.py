"""A header click asks for a sort in SQL; a column without a sort key keeps the indicator where it was."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableView

from crm_desktop.ui.widgets.sql_sort import SqlSortHeader


def _table(qtbot) -> tuple[QTableView, SqlSortHeader]:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(QStandardItemModel(3, 3, view))
    return view, SqlSortHeader(view.horizontalHeader(), ["name", None, "points"], "name")


def test_clicks_ask_for_sorts_and_unsortable_columns_refuse(qtbot):
    view, sorting = _table(qtbot)
    header = view.horizontalHeader()
    asked: list[tuple[str, bool]] = []
    sorting.sort_changed.connect(lambda key, descending: asked.append((key, descending)))
    view.show()
    qtbot.waitExposed(view)

    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(2) + 5, 5)
    )
    assert [key for key, _ in asked] == ["points"]
    shown = (header.sortIndicatorSection(), header.sortIndicatorOrder())

    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(1) + 5, 5)
    )
    assert len(asked) == 1  # nothing asked for the unsortable column
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == shown


def test_set_sort_shows_the_indicator_without_asking(qtbot):
    view, sorting = _table(qtbot)
    asked: list[object] = []
    sorting.sort_changed.connect(lambda *args: asked.append(args))
    sorting.set_sort("points", True)
    header = view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (2, Qt.SortOrder.DescendingOrder)
    sorting.set_sort("unknown", False)
    assert header.sortIndicatorSection() == 2 and asked == []
