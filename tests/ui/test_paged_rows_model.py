"""PagedRowsModel: pages appended as the view asks for more, a new fetch resets, reload keeps what was
loaded, and the model contract holds throughout (qtmodeltester)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QTableView

from crm_desktop.ui.models.paged_rows_model import PagedRowsModel
from crm_desktop.ui.models.rows_model import RIGHT, ROW_ROLE, Column


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    late: bool = False


COLUMNS = (
    Column[Item]("Name", lambda item: item.name, 150),
    Column[Item]("Id", lambda item: str(item.id), 60, RIGHT, tooltip=lambda item: f"#{item.id}",
                 foreground=lambda item: QColor("red") if item.late else None),
)  # fmt: skip


class Source:
    """A fake paged query that records the (offset, limit) pairs asked for."""

    def __init__(self, count: int, prefix: str = "item") -> None:
        self.items = [Item(n, f"{prefix} {n}", late=n % 3 == 0) for n in range(count)]
        self.calls: list[tuple[int, int]] = []

    def __call__(self, offset: int, limit: int) -> list[Item]:
        self.calls.append((offset, limit))
        return self.items[offset : offset + limit]


def _model(source: Source, page_size: int = 10, **kwargs) -> PagedRowsModel[Item]:
    return PagedRowsModel(COLUMNS, source, page_size, key=lambda item: item.id, **kwargs)


@pytest.mark.parametrize("count", [0, 7, 10, 25])
def test_passes_qtmodeltester(qtmodeltester, count):
    model = _model(Source(count))
    qtmodeltester.check(model, force_py=True)
    # the tester fetches everything it can; every row is there once, in order
    assert [row.id for row in model.rows] == list(range(count))


def test_first_page_then_pages_appended_on_fetch_more(qtbot):
    source = Source(25)
    model = _model(source)
    assert model.rowCount() == 10 and model.canFetchMore()
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.fetchMore()
    assert inserted.args[1:] == [10, 19]
    model.fetchMore()
    assert model.rowCount() == 25 and not model.canFetchMore()
    assert source.calls == [(0, 10), (10, 10), (20, 10)]


def test_a_full_last_page_costs_one_empty_fetch_then_stops():
    source = Source(20)
    model = _model(source)
    model.fetchMore()
    assert model.canFetchMore()  # the second page was full: there may be more
    model.fetchMore()
    assert model.rowCount() == 20 and not model.canFetchMore()
    assert source.calls[-1] == (20, 10)


def test_the_view_fetches_more_when_scrolled_to_the_end(qtbot):
    source = Source(95)
    model = _model(source)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(300, 200)
    view.show()
    qtbot.waitExposed(view)
    for loaded in (20, 30):  # each scroll to the end loads one more page, never more
        view.scrollToBottom()
        qtbot.waitUntil(lambda loaded=loaded: model.rowCount() == loaded)
    assert source.calls == [(0, 10), (10, 10), (20, 10)]


def test_set_fetch_resets_and_keeps_the_contract(qtmodeltester, qtbot):
    model = _model(Source(25))
    qtmodeltester.check(model, force_py=True)  # keeps watching from here
    other = Source(4, "other")
    with qtbot.waitSignal(model.modelReset):
        model.set_fetch(other)
    assert [row.name for row in model.rows] == [f"other {n}" for n in range(4)]
    assert not model.canFetchMore()
    model.set_fetch(None)
    assert model.rowCount() == 0 and not model.canFetchMore()


def test_set_fetch_with_a_first_page_does_not_fetch_it_again():
    source = Source(25)
    model = _model(Source(0))
    model.set_fetch(source, first_page=source.items[:10])
    assert source.calls == [] and model.rowCount() == 10 and model.canFetchMore()
    short = Source(3)
    model.set_fetch(short, first_page=short.items)
    assert not model.canFetchMore()
    model.set_fetch(source, first_page=source.items[:20])  # e.g. reload_limit() rows from the runner
    assert model.rowCount() == 20 and model.canFetchMore()
    model.set_fetch(source, first_page=source.items[:15])
    assert not model.canFetchMore()


def test_reload_fetches_as_many_rows_as_were_loaded_and_finds_rows_by_key():
    source = Source(25)
    model = _model(source)
    model.fetchMore()  # 20 loaded
    source.items = [item for item in source.items if item.id != 3]  # one row left the query
    model.reload()
    assert source.calls[-1] == (0, 20)
    assert model.rowCount() == 20 and model.canFetchMore()
    assert model.row_of(3) is None
    assert model.row_of(4) == 3 and model.key_of(3) == 4


def test_cells_roles_and_row_styles():
    italic = QFont()
    italic.setItalic(True)
    model = _model(
        Source(4), font=lambda item: italic if item.id == 1 else None, color=lambda item: QColor("grey")
    )
    first_id = model.index(0, 1)
    assert model.index(2, 0).data() == "item 2"
    assert first_id.data(Qt.ItemDataRole.ToolTipRole) == "#0"
    assert first_id.data(Qt.ItemDataRole.TextAlignmentRole) == int(RIGHT)
    assert first_id.data(Qt.ItemDataRole.ForegroundRole) == QColor("red")  # the column's colour wins
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) == QColor("grey")
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole).italic()
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(3, 0).data(ROW_ROLE) == Item(3, "item 3", True)
    assert model.row_at(model.index(2, 0)) == model.row_at(2) == Item(2, "item 2", False)
    assert model.row_at(9) is None and model.row_at(QModelIndex()) is None
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Id"
    model.header_tooltips = ("Sort by name",)
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "Sort by name"
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_row_of_needs_a_key():
    model = PagedRowsModel(COLUMNS, Source(2))
    with pytest.raises(TypeError):
        model.row_of(1)
