"""The Customers view as a person at the counter uses it: sort by header clicks, filters, search as you
type, keyboard into the list and into a profile and back, columns remembered, New customer."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from crm_desktop.services import customer_list, customers
from crm_desktop.services.customer_list import ListQuery
from crm_desktop.ui.models.customer_table_model import column_index
from crm_desktop.ui.views import customers_view
from crm_desktop.ui.views.customers_view import CustomersView
from tests.ui.customers_helpers import make_people, names, open_view


@pytest.fixture
def people(session):
    return make_people(session)


@pytest.fixture
def view(qtbot, ctx, people):
    return open_view(qtbot, ctx)


ALT = Qt.KeyboardModifier.AltModifier


def _click_header(qtbot, view: CustomersView, key: str) -> None:
    header = view.table.horizontalHeader()
    section = column_index(key)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_opens_with_active_customers_by_name_and_a_count(view):
    assert names(view) == ["Bob Adams", "Ada Lovelace", "José Núñez"]
    assert view.count_label.text() == "3 customers"
    assert not view.table.empty_label.isVisible()


def test_clicking_headers_sorts_in_sql(qtbot, view, people, ui_settings, clock):
    today = clock.now().date()
    _click_header(qtbot, view, "visits")
    assert view.model.ids == customer_list.ids(ListQuery(sort="visits"), today)
    assert names(view) == ["José Núñez", "Bob Adams", "Ada Lovelace"]
    header = view.table.horizontalHeader()
    assert header.sortIndicatorSection() == column_index("visits")
    _click_header(qtbot, view, "visits")
    assert view.model.ids == customer_list.ids(ListQuery(sort="visits", descending=True), today)
    assert names(view) == ["Ada Lovelace", "Bob Adams", "José Núñez"]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    _click_header(qtbot, view, "tags")  # not sortable: nothing changes
    assert header.sortIndicatorSection() == column_index("visits")
    assert names(view) == ["Ada Lovelace", "Bob Adams", "José Núñez"]
    assert ui_settings.get(customers_view.ui_settings.CUSTOMERS_SORT) == "visits"
    assert ui_settings.get(customers_view.ui_settings.CUSTOMERS_SORT_DESCENDING) is True


def test_sort_is_remembered_by_the_next_view(qtbot, ctx, people):
    first = open_view(qtbot, ctx)
    _click_header(qtbot, first, "visits")
    second = open_view(qtbot, ctx)
    assert names(second) == ["José Núñez", "Bob Adams", "Ada Lovelace"]
    assert second.table.horizontalHeader().sortIndicatorSection() == column_index("visits")


def test_tag_filter(qtbot, view):
    combo = view.filters.tag_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["All tags", "local", "VIP"]
    combo.setFocus()
    qtbot.keyClicks(combo, "VIP")
    assert names(view) == ["José Núñez"]
    assert view.count_label.text() == "1 match"


def test_archived_filter_shows_archived_customers_in_italics(qtbot, view):
    qtbot.mouseClick(view.filters.archived_check, Qt.MouseButton.LeftButton)
    assert names(view) == ["Carl Archer"]
    assert view.count_label.text() == "1 archived customer"
    assert view.model.index(0, 0).data(Qt.ItemDataRole.FontRole).italic()
    qtbot.mouseClick(view.filters.archived_check, Qt.MouseButton.LeftButton)
    assert len(names(view)) == 3


def test_birthday_this_month_filter(qtbot, view):
    qtbot.mouseClick(view.filters.birthday_check, Qt.MouseButton.LeftButton)  # the clock says June
    assert names(view) == ["José Núñez"]


def test_consent_filter(qtbot, view):
    combo = view.filters.consent_combo
    combo.setFocus()
    qtbot.keyClicks(combo, "SMS")
    assert names(view) == ["Ada Lovelace"]
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert combo.currentText() == "Email consent"
    assert names(view) == ["José Núñez"]
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert view.count_label.text() == "3 customers"


def test_no_match_says_so(qtbot, view):
    qtbot.keyClicks(view.search_field, "zzzz")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert view.count_label.text() == "0 matches"
    assert "No customers match" in view.table.empty_label.text()
    assert view.table.empty_label.isVisible()


def test_typing_filters_with_accents_folded_and_phone_digits(qtbot, view, people):
    qtbot.keyClicks(view.search_field, "jose")
    qtbot.waitUntil(lambda: view.model.ids == [people["jose"]])
    assert view.count_label.text() == "1 match"
    view.search_field.clear()
    qtbot.keyClicks(view.search_field, "7946 0018")
    qtbot.waitUntil(lambda: view.model.ids == [people["bob"]])
    view.search_field.clear()
    qtbot.keyClicks(view.search_field, "07911")
    qtbot.waitUntil(lambda: view.model.ids == [people["jose"]])
    qtbot.keyClick(view.search_field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(view.model.ids) == 3)


def test_enter_in_the_search_field_opens_the_top_hit(qtbot, view, people):
    qtbot.keyClicks(view.search_field, "lovel")
    qtbot.keyClick(view.search_field, Qt.Key.Key_Return)  # before the typing pause: waits for the results
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.profile_page)
    assert view.profile_view.shown == [people["ada"]]


def test_down_moves_into_results_enter_opens_and_escape_comes_back(qtbot, view, people):
    qtbot.keyClicks(view.search_field, "a")
    qtbot.waitUntil(lambda: not view.loading)
    qtbot.keyClick(view.search_field, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.table
    assert view.table.selected_id() == view.model.ids[0]
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    second = view.model.ids[1]
    assert view.table.selected_id() == second
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.pages.currentWidget() is view.profile_page
    assert view.profile_view.shown == [second]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert view.pages.currentWidget() is view.list_page
    assert QApplication.focusWidget() is view.table
    assert view.table.selected_id() == second  # the selection is kept
    qtbot.keyClick(view.table, Qt.Key.Key_Up)
    qtbot.keyClick(view.table, Qt.Key.Key_Up)  # up from the first row: back to the search field
    assert QApplication.focusWidget() is view.search_field


def test_double_click_opens_and_alt_left_or_back_button_return(qtbot, view, people):
    rect = view.table.visualRect(view.model.index(2, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.profile_view.shown == [people["jose"]]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, ALT)
    assert view.pages.currentWidget() is view.list_page
    view.open_customer(people["bob"])
    assert view.table.selected_id() == people["bob"]
    qtbot.mouseClick(view.profile_view.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert view.pages.currentWidget() is view.list_page


def test_column_choice_and_order_are_remembered(qtbot, ctx, people):
    first = open_view(qtbot, ctx)
    menu = first.table.column_menu()
    actions = {action.text(): action for action in menu.actions() if action.text()}
    assert not actions["Name"].isEnabled()  # the name column always shows
    actions["Email"].trigger()
    assert not first.table.is_column_shown("email")
    header = first.table.horizontalHeader()
    header.moveSection(header.visualIndex(column_index("visits")), 1)
    second = open_view(qtbot, ctx)
    assert not second.table.is_column_shown("email")
    assert second.table.is_column_shown("phone")
    assert second.table.horizontalHeader().logicalIndex(1) == column_index("visits")
    second.table.column_menu().actions()[-1].trigger()  # Reset columns
    assert second.table.is_column_shown("email")
    assert second.table.horizontalHeader().logicalIndex(1) == column_index("phone")


def test_new_customer_button_opens_the_dialog_and_then_the_profile(qtbot, view, ctx):
    from crm_desktop.ui.dialogs.customer_dialog import CustomerDialog

    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.findChild(CustomerDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.first_name, "Zed")
    qtbot.keyClicks(dialog.last_name, "Zimmer")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.profile_page)
    created = view.profile_view.shown[-1]
    assert customers.get(created).display_name == "Zed Zimmer"
    view.show_list()
    assert "Zed Zimmer" in names(view)
    assert view.table.selected_id() == created


def test_new_customer_button_shows_its_shortcut(view):
    assert "Ctrl+N" in view.new_button.toolTip()
    assert dataclasses.replace(view.query(), text="") == ListQuery()
