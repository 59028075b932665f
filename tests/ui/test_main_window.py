"""The main window as a user meets it: title, status bar, keyboard navigation, search, About, geometry."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel

from crm_desktop.db.models import Customer, Purchase
from crm_desktop.services import settings
from crm_desktop.ui import ui_settings as ui_settings_module
from crm_desktop.ui.views.settings_view import SettingsView
from crm_desktop.ui.views.today_view import TodayView

CTRL = Qt.KeyboardModifier.ControlModifier
KEYS = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6]
ORDER = ["today", "customers", "followups", "segments", "reports", "settings"]


def _customer(n: int, *, archived: bool = False) -> Customer:
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    return Customer.create(
        first_name=f"Ann{n}",
        last_name="Lee",
        created_at=now,
        updated_at=now,
        archived_at=now if archived else None,
    )


def test_fresh_database_opens_with_title_and_status_bar(window, db_path):
    assert window.windowTitle() == "My Shop — CRM Desktop"
    assert window.db_label.text() == str(db_path)
    assert window.counts_label.text() == "0 customers · 0 purchases"
    assert window.current_key == "today"
    assert isinstance(window.stack.currentWidget(), TodayView)


def test_status_bar_counts_active_customers_and_refreshes_after_writes(window):
    first = _customer(1)
    _customer(2)
    _customer(3, archived=True)
    Purchase.create(
        customer=first,
        occurred_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
        business_date=dt.date(2026, 6, 1),
        total_cents=500,
    )
    window.refresh_data()
    assert window.counts_label.text() == "2 customers · 1 purchase"
    assert "1 archived" in window.counts_label.toolTip()


def test_ctrl_number_switches_views(qtbot, window):
    for key, page in zip(KEYS, ORDER, strict=True):
        qtbot.keyClick(window, key, CTRL)
        assert window.current_key == page
        assert window.stack.currentIndex() == ORDER.index(page)
        assert window.view_actions[ORDER.index(page)].isChecked()
    assert isinstance(window.stack.currentWidget(), SettingsView)


def test_sidebar_is_arrow_key_navigable(qtbot, window):
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.current_key == "followups"
    qtbot.keyClick(window.sidebar, Qt.Key.Key_End)
    assert window.current_key == "settings"
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Up)
    assert window.current_key == "reports"
    assert window.stack.currentIndex() == 4


def test_sidebar_click_switches_view(qtbot, window):
    rect = window.sidebar.visualItemRect(window.sidebar.item(3))
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_key == "segments"


def test_ctrl_k_and_ctrl_f_focus_the_search_box(qtbot, window):
    window.sidebar.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    assert QApplication.focusWidget() is window.search_box
    window.sidebar.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.search_box
    assert "(Ctrl+K)" in window.search_box.placeholderText()


def test_enter_in_search_emits_the_text_and_shows_customers(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(window.search_box, "ann lee")
    with qtbot.waitSignal(window.search_requested) as signal:
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert signal.args == ["ann lee"]
    assert window.current_key == "customers"
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""


def test_tab_goes_from_search_to_sidebar(qtbot, window):
    window.focus_search()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.sidebar


def test_menus_show_shortcuts(window):
    assert [a.shortcut().toString() for a in window.view_actions] == [f"Ctrl+{n}" for n in range(1, 7)]
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.search_action.toolTip() == "Search customers (Ctrl+K)"
    assert window.sidebar.item(1).toolTip() == "Customers (Ctrl+2)"


def test_views_are_built_on_first_visit(window):
    assert set(window._built) == {"today"}
    window.show_view("reports")
    assert set(window._built) == {"today", "reports"}


def test_about_dialog_names_the_database_and_folders(qtbot, window, db_path):
    window.about_action.trigger()
    dialog = window.about_dialog
    qtbot.waitExposed(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert str(db_path) in texts
    assert any(t.startswith("6.") for t in texts)  # Qt version
    assert "MIT" in texts
    dialog.copy_details()
    assert str(db_path) in QApplication.clipboard().text()
    dialog.reject()


def test_geometry_and_view_persist_across_windows(qtbot, make_window, ui_settings):
    first = make_window()
    first.resize(720, 520)  # the offscreen screen is 800x600
    first.move(QPoint(30, 40))
    first.show_view("segments")
    first.close()
    assert ui_settings.get(ui_settings_module.MAIN_WINDOW_GEOMETRY) != b""
    second = make_window()
    assert second.size() == QSize(720, 520)
    assert second.current_key == "segments"


def test_saving_the_shop_profile_renames_the_window(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    view = window.stack.currentWidget()
    section = view.current_section
    section.name_edit.clear()
    qtbot.keyClicks(section.name_edit, "Rosa & Bean")
    qtbot.keyClick(section.name_edit, Qt.Key.Key_S, CTRL)
    assert settings.shop_profile().name == "Rosa & Bean"
    assert window.windowTitle() == "Rosa & Bean — CRM Desktop"
    assert window.shop_label.text() == "Rosa & Bean"
