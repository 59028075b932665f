"""Today → Birthdays, driven like a user on 28 December 2026 (Berlin): the windows and their counts, G to
mark greeted (and again to undo), Ctrl+C for the greeting, Email… only with consent, the CSV export,
Enter to open the customer."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog

from crm_desktop.clock import FixedClock
from crm_desktop.db.models import BirthdayGreeting
from crm_desktop.services import birthdays
from crm_desktop.ui.ui_settings import TODAY_BIRTHDAY_WINDOW
from tests.ui.today_helpers import make_shop


@pytest.fixture
def clock():
    return FixedClock.at("2026-12-28T10:00:00", "Europe/Berlin")


@pytest.fixture
def shop(session):
    return make_shop(session)


@pytest.fixture
def today(qtbot, shop, window):
    view = window.page_widget("today")
    view.refresh()
    return view


def _column(view, title: str) -> list[str]:
    model = view.birthdays.model
    col = [c.title for c in model.columns].index(title)
    return [model.index(row, col).data() for row in range(model.rowCount())]


def _choose(qtbot, view, key: str) -> None:
    qtbot.mouseClick(view.birthdays.window_buttons[key], Qt.MouseButton.LeftButton)


def _select(qtbot, view, name: str) -> None:
    row = _column(view, "Name").index(name)
    table = view.birthdays.table
    rect = table.visualRect(view.birthdays.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.birthdays.selected().name == name


def test_each_window_lists_its_birthdays_with_its_count(qtbot, qtmodeltester, today):
    view = today
    assert view.date_label.text() == "Monday, 28 December 2026"
    labels = {key: button.text().replace("&", "") for key, button in view.birthdays.window_buttons.items()}
    assert labels == {
        "today": "Today (1)",
        "week": "Next 7 days (2)",
        "month": "Next 30 days (3)",
        "missed": "Missed this week (1)",
    }
    _choose(qtbot, view, "week")
    assert _column(view, "Name") == ["Ben Cole", "Anna Berg"]
    assert _column(view, "When") == ["today", "in 5 days"]
    assert _column(view, "Birthday") == ["Mon 28 Dec", "Sat 2 Jan"]
    assert _column(view, "Age") == ["", "37"]  # Anna turns 37 on 2 Jan 2027; Ben gave no year
    qtmodeltester.check(view.birthdays.model)

    _choose(qtbot, view, "today")
    assert _column(view, "Name") == ["Ben Cole"]
    _choose(qtbot, view, "month")
    assert _column(view, "Name") == ["Ben Cole", "Anna Berg", "Dan Eck"]
    _choose(qtbot, view, "missed")
    assert _column(view, "Name") == ["Cara Diaz"] and _column(view, "When") == ["4 days ago"]
    assert view.ctx.settings.get(TODAY_BIRTHDAY_WINDOW) == "missed"  # remembered for the next start


def test_g_marks_greeted_for_the_celebrated_year_and_g_again_takes_it_back(qtbot, today, shop, window):
    view = today
    _choose(qtbot, view, "week")
    _select(qtbot, view, "Anna Berg")
    assert view.actions.greet_button.text() == "Mark greeted"
    assert "(G)" in view.actions.greet_button.toolTip()
    qtbot.keyClick(view.birthdays.table, Qt.Key.Key_G)

    greeting = BirthdayGreeting.get(BirthdayGreeting.customer == shop.anna.id)
    assert greeting.year == 2027  # the 2 January 2027 birthday, greeted in December 2026
    assert _column(view, "Greeted") == ["", "✓ 28 Dec"]
    assert view.birthdays.selected().name == "Anna Berg"  # the selection stayed on her
    assert view.actions.greet_button.text() == "Unmark greeted"
    assert "Anna Berg marked greeted" in window.statusBar().currentMessage()

    qtbot.keyClick(view.birthdays.table, Qt.Key.Key_G)  # undo
    assert BirthdayGreeting.select().count() == 0
    assert _column(view, "Greeted") == ["", ""]


def test_a_greeted_missed_birthday_leaves_the_missed_list(qtbot, today, shop):
    view = today
    _choose(qtbot, view, "missed")
    _select(qtbot, view, "Cara Diaz")
    qtbot.mouseClick(view.actions.greet_button, Qt.MouseButton.LeftButton)
    assert BirthdayGreeting.get(BirthdayGreeting.customer == shop.cara.id).year == 2026
    assert view.birthdays.showing_empty
    assert view.birthdays.empty.text() == "No missed birthdays this week: everyone was greeted."
    assert view.birthdays.window_buttons["missed"].text().replace("&", "") == "Missed this week (0)"


def test_ctrl_c_copies_the_greeting_from_the_chosen_template(qtbot, today, window):
    view = today
    _choose(qtbot, view, "week")
    _select(qtbot, view, "Anna Berg")
    combo = view.actions.template_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Short (SMS)", "Email"]
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view.birthdays.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    row = view.birthdays.selected()
    expected = birthdays.render(birthdays.current().templates[0], row)[1]
    assert QGuiApplication.clipboard().text() == expected
    assert expected.startswith("Happy birthday, Anna!")
    assert window.statusBar().currentMessage() == "Greeting copied"

    combo.setCurrentIndex(1)  # the Email template, by the combo beside the button
    qtbot.mouseClick(view.actions.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().startswith("Dear Anna,")


class _MailRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def mail():
    recorder = _MailRecorder()
    QDesktopServices.setUrlHandler("mailto", recorder, "handle")
    yield recorder
    QDesktopServices.unsetUrlHandler("mailto")


def test_email_opens_the_mail_program_only_with_consent(qtbot, today, mail):
    view = today
    _choose(qtbot, view, "week")
    _select(qtbot, view, "Ben Cole")  # an email address, but no consent
    button = view.actions.email_button
    assert not button.isEnabled() and button.toolTip() == "No email consent"
    qtbot.keyClick(view.birthdays.table, Qt.Key.Key_E)
    assert mail.urls == []

    _select(qtbot, view, "Anna Berg")
    assert button.isEnabled() and "anna@example.com" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(mail.urls) == 1
    url = mail.urls[0]
    assert url.scheme() == "mailto" and url.path() == "anna@example.com"
    assert "Happy birthday, Anna!" in QUrl.fromPercentEncoding(url.query().encode())


def test_export_writes_this_weeks_birthdays_to_csv(qtbot, today, window, tmp_path, monkeypatch):
    target = tmp_path / "week"
    asked: list[str] = []

    def save_name(parent, caption, directory, filter_):
        asked.append(directory)
        return str(target), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    qtbot.mouseClick(today.actions.export_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].endswith("birthdays-2026-12-28.csv")
    written = target.with_suffix(".csv")
    with written.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["Name"], r["Birthday"], r["Age"]) for r in rows] == [
        ("Ben Cole", "2026-12-28", ""),
        ("Anna Berg", "2027-01-02", "37"),
    ]
    assert window.statusBar().currentMessage() == f"Exported 2 birthdays to {written}"


def test_enter_opens_the_customer(qtbot, today, window, shop):
    _choose(qtbot, today, "week")
    _select(qtbot, today, "Anna Berg")
    qtbot.keyClick(today.birthdays.table, Qt.Key.Key_Return)
    assert window.current_key == "customers"
    assert window.page_widget("customers").profile_view.customer_id == shop.anna.id

    window.show_view("today")
    _select(qtbot, today, "Ben Cole")
    qtbot.keyClick(today.birthdays.table, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert window.current_key == "customers"
    assert window.page_widget("customers").profile_view.customer_id == shop.ben.id


def test_the_view_moves_on_with_the_local_date(qtbot, today, clock):
    _choose(qtbot, today, "today")
    assert [today.birthdays.model.index(0, 0).data()] == ["Ben Cole"]
    clock.advance(days=5)  # 2 January 2027
    today.date_timer.timeout.emit()
    assert today.date_label.text() == "Saturday, 2 January 2027"
    assert today.birthdays.model.index(0, 0).data() == "Anna Berg"
    assert today.birthdays.model.index(0, 2).data() == "today"


def test_empty_windows_say_so(qtbot, ctx):
    from crm_desktop.ui.views.today_view import TodayView

    view = TodayView(ctx)
    qtbot.addWidget(view)
    assert view.birthdays.showing_empty
    assert view.birthdays.empty.text() == "No birthdays in the next 7 days."
    assert view.follow_ups.showing_empty and view.cases.showing_empty
    assert view.greeting_label.text() == "Nothing needs you today."
    assert not view.actions.greet_button.isEnabled()
    assert dt.date(2026, 12, 28) == view.today


def test_tab_goes_through_the_page_in_reading_order(qtbot, today):
    from PySide6.QtWidgets import QApplication

    _choose(qtbot, today, "week")
    _select(qtbot, today, "Anna Berg")  # email consent: Email… is enabled and reachable
    today.actions.export_button.setFocus()
    seen = []
    for _ in range(10):
        widget = QApplication.focusWidget()
        seen.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert seen == [
        "export_birthdays",
        "birthdays_today",
        "birthdays_week",
        "birthdays_month",
        "birthdays_missed",
        "birthdays_table",
        "mark_greeted",
        "copy_greeting",
        "greeting_template",
        "email_greeting",
    ]
