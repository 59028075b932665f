"""The Customers table model: ids from SQL, rows fetched a page at a time, stale instead of reset, and
never a query that reads every customer row."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crm_desktop.db.models import Customer, database
from crm_desktop.services import customer_list, customers, demo
from crm_desktop.services.customer_list import ListQuery
from crm_desktop.services.settings import ShopProfile
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.customer_table_model import (
    COLUMN_KEYS,
    CUSTOMER_ID_ROLE,
    PAGE_SIZE,
    CustomerTableModel,
    column_index,
)
from crm_desktop.ui.views.customers_view import CustomersView
from tests.factories import make_customer

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def few(session):
    made = [
        make_customer(session, first_name="José", last_name="Núñez", email="jose@example.com",
                      phone="07911 123456", tags=("VIP", "local"), birth_day=3, birth_month=6),
        make_customer(session, first_name="Ada", last_name="Lovelace", birth_day=10, birth_month=12,
                      birth_year=1990, email_consent=True),
        make_customer(session, first_name="Bob", last_name="Adams", phone="020 7946 0018", tags=("local",)),
    ]  # fmt: skip
    Customer.update(points_balance=1234, tier="Gold", visits=3, total_spent_cents=123456,
                    last_visit_date="2026-06-01").where(Customer.id == made[0].id).execute()  # fmt: skip
    return [c.id for c in made]


class CountingRows:
    def __init__(self) -> None:
        self.calls: list[list[int]] = []

    def __call__(self, ids):
        self.calls.append(list(ids))
        return customer_list.rows(ids)


def _model(fetch=customer_list.rows) -> CustomerTableModel:
    return CustomerTableModel(Formats(ShopProfile(currency="GBP", locale="en_GB")), fetch_rows=fetch)


def _column(model: CustomerTableModel, key: str) -> list[str]:
    return [model.index(row, column_index(key)).data() for row in range(model.rowCount())]


@pytest.mark.parametrize(
    "query",
    [ListQuery(), ListQuery(sort="visits", descending=True), ListQuery(tag="local"), ListQuery(text="zzz")],
    ids=["data", "sorted", "filtered", "empty"],
)
def test_model_passes_qtmodeltester(qtmodeltester, few, query):
    model = _model()
    model.set_ids(customer_list.ids(query, TODAY))
    qtmodeltester.check(model)


def test_model_stays_valid_while_watched_through_sort_filter_and_refresh(qtmodeltester, few):
    model = _model()
    model.set_ids(customer_list.ids(ListQuery(), TODAY))
    qtmodeltester.check(model, force_py=True)  # keeps watching the model's signals from here on
    model.set_ids(customer_list.ids(ListQuery(sort="visits", descending=True), TODAY))
    model.set_ids(customer_list.ids(ListQuery(tag="local"), TODAY))
    assert model.rowCount() == 2
    model.mark_stale()
    model.set_ids(list(model.ids))
    model.set_ids([])
    assert model.rowCount() == 0


def test_cells_show_the_shop_formats(few):
    model = _model()
    model.set_ids([few[0], few[1]])
    row = dict(zip(COLUMN_KEYS, (model.index(0, c).data() for c in range(model.columnCount())), strict=True))
    assert row == {
        "name": "José Núñez",
        "phone": "+44 7911 123456",
        "email": "jose@example.com",
        "tags": "local, VIP",
        "points": "1,234 · Gold",
        "visits": "3",
        "total_spent": "£1,234.56",
        "last_visit": "1 Jun 2026",
        "birthday": "3 Jun",
    }
    assert model.index(1, column_index("birthday")).data() == "10 Dec 1990"
    assert model.index(1, column_index("last_visit")).data() == ""
    assert model.index(1, 0).data(CUSTOMER_ID_ROLE) == few[1]
    points = model.index(0, column_index("points")).data(Qt.ItemDataRole.TextAlignmentRole)
    assert Qt.AlignmentFlag(points) & Qt.AlignmentFlag.AlignRight
    assert model.headerData(column_index("total_spent"), Qt.Orientation.Horizontal) == "Total spent"


def test_archived_rows_are_italic_and_grey(session, few):
    customers.archive(session, few[2])
    model = _model()
    model.set_ids(customer_list.ids(ListQuery(archived=True), TODAY))
    assert model.ids == [few[2]]
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).italic()
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    model.set_ids([few[0]])
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None


@pytest.fixture
def shop(db, clock):
    for _ in demo.build(450, 1500, clock=clock, parallel=False):
        pass


def test_rows_are_fetched_a_page_at_a_time_and_only_when_shown(shop):
    fetch = CountingRows()
    model = _model(fetch)
    ids = customer_list.ids(ListQuery(), TODAY)
    model.set_ids(ids)
    assert fetch.calls == []
    for column in range(model.columnCount()):
        model.index(0, column).data()
    model.index(PAGE_SIZE - 1, 0).data()
    assert fetch.calls == [ids[:PAGE_SIZE]]
    model.index(len(ids) - 1, 0).data()
    last_page = (len(ids) - 1) // PAGE_SIZE
    assert fetch.calls[-1] == ids[last_page * PAGE_SIZE :]
    assert len(fetch.calls) == 2


def test_a_refresh_with_the_same_ids_marks_rows_stale_without_a_reset(qtbot, session, few):
    fetch = CountingRows()
    model = _model(fetch)
    model.set_ids(few)
    assert model.index(0, 0).data() == "José Núñez"
    customers.update(
        session, few[0], dataclasses.replace(customers.get(few[0]).to_input(), first_name="Josefa")
    )
    assert model.index(0, 0).data() == "José Núñez"  # cached until marked stale
    model.mark_stale()
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged):
        assert model.set_ids(list(few)) is False
    assert model.index(0, 0).data() == "Josefa Núñez"
    assert len(fetch.calls) == 2
    with qtbot.waitSignal(model.modelReset):
        assert model.set_ids(list(reversed(few))) is True
    assert model.row_of(few[0]) == 2


def test_a_customer_gone_between_ids_and_rows_shows_blank(few):
    model = _model()
    model.set_ids([*few, 99_999])
    assert model.index(3, 0).data() is None
    assert model.index(3, 0).data(CUSTOMER_ID_ROLE) == 99_999


# --- no query reads every customer row -----------------------------------------------------------------

_FROM_CUSTOMER = re.compile(r"\bFROM\s+customer\b(?!_)", re.IGNORECASE)


def _reads_customer_rows(sql: str) -> bool:
    return bool(_FROM_CUSTOMER.search(sql)) and sql.lstrip().upper().startswith(("SELECT", "WITH"))


def _bounded(sql: str) -> bool:
    """A statement over customer rows is fine when it is bounded (LIMIT), reads a list of ids (IN over
    json_each or a list), or is an ids query (selects only the id column)."""
    flat = " ".join(sql.split())
    if re.search(r"\bLIMIT\b", flat, re.IGNORECASE):
        return True
    if re.search(r"\bIN \(SELECT value FROM json_each\(", flat, re.IGNORECASE):
        return True
    if re.search(r"\bid IN \([\d, ?]+\)", flat, re.IGNORECASE):
        return True
    selects = re.findall(r"SELECT ((?:(?!SELECT).)*?) FROM customer\b(?!_)", flat, re.IGNORECASE)
    return bool(selects) and all(columns.strip() in ("id", "rowid") for columns in selects)


def test_bounded_checker_knows_an_unbounded_read():
    assert not _bounded("SELECT id, first_name FROM customer WHERE archived_at IS NULL ORDER BY sort_name")
    assert not _bounded("SELECT * FROM customer")
    assert _bounded("SELECT id, first_name FROM customer WHERE id IN (SELECT value FROM json_each('[1,2]'))")
    assert _bounded(
        "SELECT json_group_array(id) FROM (SELECT id FROM customer WHERE x ORDER BY sort_name, id)"
    )


def _paint(table) -> None:
    """Let the view lay itself out (a queued layout after a reset), then paint what is on screen now."""
    QApplication.processEvents()
    table.viewport().repaint()


def _pages(statements: list[str]) -> list[list[int]]:
    """The id lists of the row fetches among `statements` (the customer rows, not their tags)."""
    return [
        json.loads(found)
        for sql in statements
        if _reads_customer_rows(sql) and "first_name" in sql
        for found in re.findall(r"json_each\('(\[[\d, ]*\])'\)", sql)
    ]


def test_the_view_never_reads_every_customer_row(qtbot, shop, session, runner, ui_settings):
    from crm_desktop.ui.context import UiContext

    statements: list[str] = []
    connection = database.connection()
    connection.set_trace_callback(statements.append)
    try:
        view = CustomersView(UiContext(session, runner, ui_settings), profile_factory=lambda: None)
        qtbot.addWidget(view)
        view.resize(1000, 600)
        view.show()
        qtbot.waitExposed(view)
        _paint(view.table)
        total = view.model.rowCount()
        first_screen = _pages(statements)
        view.table.scrollToBottom()
        _paint(view.table)
        assert view.model.customer_row(total - 1) is not None
        to_the_end = _pages(statements)[len(first_screen) :]
        header = view.table.horizontalHeader()
        header.setSortIndicator(column_index("total_spent"), Qt.SortOrder.DescendingOrder)
        _paint(view.table)
        view.search_field.setText("a")
        view.run_query()
        _paint(view.table)
    finally:
        connection.set_trace_callback(None)
    reads = [sql for sql in statements if _reads_customer_rows(sql)]
    assert any("total_spent_cents DESC" in sql for sql in reads)  # the sort ran in SQL
    assert [sql for sql in reads if not _bounded(sql)] == []
    assert total > 2 * PAGE_SIZE
    assert [len(page) for page in first_screen] == [PAGE_SIZE]  # one page for the first screen
    assert 1 <= len(to_the_end) <= 2  # the last screen's page(s), not the pages between
    assert max(len(page) for page in _pages(statements)) <= PAGE_SIZE
