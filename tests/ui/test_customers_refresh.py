"""The Customers view after writes: rows refresh in place or the query runs again, keeping the selection
and the scroll position; a slow, stale query never overwrites a newer one."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QAbstractItemView, QApplication

from crm_desktop.services import customer_list, demo, purchases
from crm_desktop.ui.context import CUSTOMERS, PURCHASES
from crm_desktop.ui.models.customer_table_model import column_index
from tests.factories import make_customer
from tests.ui.customers_helpers import make_people, names, open_view


@pytest.fixture
def people(session):
    return make_people(session)


@pytest.fixture
def view(qtbot, ctx, people):
    return open_view(qtbot, ctx)


def test_a_new_customer_appears_after_notify_keeping_the_selection(qtbot, view, ctx, session, people):
    view.table.select_row(view.model.row_of(people["jose"]))
    make_customer(session, first_name="Aaron", last_name="Aardvark", tags=("new",))
    ctx.changes.notify(CUSTOMERS)
    assert names(view)[0] == "Aaron Aardvark"
    assert view.table.selected_id() == people["jose"]
    assert view.count_label.text() == "4 customers"
    assert view.filters.tag_combo.findText("new") > 0


def test_a_purchase_updates_cells_in_place(qtbot, view, ctx, session, people):
    row = view.model.row_of(people["bob"])
    view.table.select_row(row)
    visits = view.model.index(row, column_index("visits"))
    assert visits.data() == "5"
    purchases.log_purchase(session, purchases.PurchaseInput(customer_id=people["bob"], amount_cents=1250))
    with qtbot.assertNotEmitted(view.model.modelReset):
        ctx.changes.notify(PURCHASES)
    assert visits.data() == "6"
    assert view.table.selected_id() == people["bob"]


def test_changes_while_the_profile_is_open_reload_on_back(qtbot, view, ctx, session, people):
    view.open_customer(people["ada"])
    make_customer(session, first_name="Aaron", last_name="Aardvark")
    ctx.changes.notify(CUSTOMERS)
    assert len(view.model.ids) == 3  # the hidden list waits
    view.show_list()
    assert names(view)[0] == "Aaron Aardvark"
    assert view.table.selected_id() == people["ada"]


def test_a_stale_query_never_reaches_the_table(qtbot, ctx, threaded_runner, people, monkeypatch):
    release = threading.Event()
    real_ids = customer_list.ids

    def ids(query, today):
        if query.text == "bob":
            release.wait(5)
        return real_ids(query, today)

    monkeypatch.setattr(customer_list, "ids", ids)
    ctx.runner = threaded_runner
    view = open_view(qtbot, ctx)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    shown: list[list[int]] = []
    view.model.modelReset.connect(lambda: shown.append(list(view.model.ids)))
    view.search_field.setText("bob")
    view.run_query()  # blocks in the worker until released
    view.search_field.setText("lovelace")
    view.run_query()
    release.set()
    qtbot.waitUntil(lambda: view.model.ids == [people["ada"]])
    assert shown == [[people["ada"]]]  # "bob" finished first, and was dropped


def test_a_refresh_keeps_the_top_row_and_the_selection_of_a_scrolled_list(qtbot, ctx, session, clock):
    for _ in demo.build(450, 1500, clock=clock, parallel=False):
        pass
    view = open_view(qtbot, ctx)
    table, model = view.table, view.model
    table.select_row(300)
    table.scrollTo(model.index(250, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    QApplication.processEvents()
    top_id, selected = model.customer_id(table.rowAt(0)), table.selected_id()
    make_customer(session, first_name="Aaron", last_name="Aaberg")  # first by name: every row moves down one
    ctx.changes.notify(CUSTOMERS)
    QApplication.processEvents()
    assert model.customer_id(0) != view.model.ids[1] and names(view)[0] == "Aaron Aaberg"
    assert model.customer_id(table.rowAt(0)) == top_id
    assert table.selected_id() == selected
