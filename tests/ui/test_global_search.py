"""The header's search box backs the Customers list: Enter shows the list filtered with the first row
selected; live suggestions open a customer; other views open a customer through the main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crm_desktop.ui.views import customers_view
from crm_desktop.ui.widgets.search_suggestions import SearchSuggestions, suggestion_text
from tests.factories import make_customer
from tests.ui.customers_helpers import StandInProfile

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def people(session):
    return {
        "ada": make_customer(session, first_name="Ada", last_name="Lovelace", phone="07911 123456").id,
        "bob": make_customer(session, first_name="Bob", last_name="Adams", email="bob@example.com").id,
        "cy": make_customer(session, first_name="Cy", last_name="Young").id,
    }


@pytest.fixture
def shop_window(monkeypatch, people, make_window):
    monkeypatch.setattr(customers_view, "_default_profile_factory", lambda ctx: StandInProfile)
    return make_window()


def test_enter_in_the_header_box_shows_the_list_filtered_with_the_first_row_selected(
    qtbot, shop_window, people
):
    window = shop_window
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(window.search_box, "ada")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    view = window.page_widget("customers")
    assert window.current_key == "customers"
    assert view.search_field.text() == "ada"
    assert set(view.model.ids) == {people["ada"], people["bob"]}  # Ada, and Bob Adams
    assert view.table.selected_id() == view.model.ids[0]
    assert QApplication.focusWidget() is view.table
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.profile_view.shown == [view.model.ids[0]]


def test_suggestions_pop_up_while_typing_and_enter_on_one_opens_it(qtbot, shop_window, people):
    window = shop_window
    suggestions = window.findChild(SearchSuggestions)
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(window.search_box, "lovel")
    qtbot.waitUntil(lambda: suggestions.popup_visible)
    assert suggestions.model.rowCount() == 1
    assert suggestions.model.index(0, 0).data() == "Ada Lovelace — +44 7911 123456"
    popup = suggestions.completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    view = window.page_widget("customers")
    assert window.current_key == "customers"
    assert view.pages.currentWidget() is view.profile_page
    assert view.profile_view.shown == [people["ada"]]
    assert not suggestions.popup_visible
    assert window.search_box.text() == ""


def test_enter_with_no_suggestion_picked_still_searches_the_list(qtbot, shop_window, people):
    window = shop_window
    suggestions = window.findChild(SearchSuggestions)
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(window.search_box, "young")
    qtbot.waitUntil(lambda: suggestions.popup_visible)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert not suggestions.popup_visible
    view = window.page_widget("customers")
    assert view.model.ids == [people["cy"]]
    assert view.pages.currentWidget() is view.list_page


def test_suggestion_text_leaves_out_what_is_missing():
    from crm_desktop.services.search import SearchHit

    hit = SearchHit(1, "Ada", "", "ada@example.com", "", 0, None, False)
    assert suggestion_text(hit) == "Ada — ada@example.com"
    assert suggestion_text(SearchHit(2, "ada@example.com", "", "ada@example.com", "", 0, None, False)) == (
        "ada@example.com"
    )


def test_open_customer_from_anywhere_shows_the_profile(qtbot, shop_window, people):
    window = shop_window
    window.show_view("settings")
    window.open_customer(people["bob"])
    view = window.page_widget("customers")
    assert window.current_key == "customers"
    assert view.profile_view.shown == [people["bob"]]
    assert view.table.selected_id() == people["bob"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert view.pages.currentWidget() is view.list_page
