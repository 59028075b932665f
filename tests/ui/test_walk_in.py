"""The counter flow, driven from the keyboard the way a person at the till does it: F2, a few digits, Enter,
the amount, Enter. Every key goes to whichever widget has the focus, so the tests also prove where the focus
is; then they check what the database holds and what the panel says."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from crm_desktop.db.models import Customer, LoyaltyEntry, Purchase
from crm_desktop.services import settings
from crm_desktop.ui.ui_settings import WALK_IN_PAYMENT_METHOD
from crm_desktop.ui.walk_in.panel import FIND, SALE, WalkInPanel
from tests.factories import make_customer
from tests.ui.walk_in_helpers import CTRL, ENTER, focus, money, open_panel, press, type_


@pytest.fixture
def jose(session):
    return make_customer(
        session, first_name="José", last_name="Müller", phone="07700 900123", card_number="4002001234"
    )


@pytest.fixture
def ann(session):
    return make_customer(session, first_name="Ann", last_name="Lee", phone="07700 800456")


@pytest.fixture
def panel(qtbot, window, jose, ann) -> WalkInPanel:
    return open_panel(qtbot, window)


# --- a regular customer --------------------------------------------------------------------------------


def test_f2_digits_enter_amount_enter_logs_the_sale_and_is_ready_for_the_next(qtbot, panel, session, jose):
    type_(qtbot, "900 12")
    qtbot.waitUntil(lambda: panel.customer_step.model.rowCount() == 1)  # the live matches, after ~100 ms
    assert panel.customer_step.current_hit().name == "José Müller"
    press(qtbot, ENTER)
    assert panel.step == SALE
    assert focus() is panel.purchase_step.amount_edit
    assert panel.purchase_step.name_label.text() == "José Müller"
    type_(qtbot, "12,50")
    press(qtbot, ENTER)

    purchase = Purchase.get()
    assert (purchase.customer_id, purchase.total_cents) == (jose.id, 1250)
    assert purchase.business_date == dt.date(2026, 6, 15)
    assert purchase.staff_id == session.actor.staff_id
    assert purchase.payment_method == "cash"
    entry = LoyaltyEntry.get(LoyaltyEntry.purchase == purchase.id)
    assert (entry.kind, entry.points, entry.balance_after) == ("earn", 12, 12)
    assert Customer.get_by_id(jose.id).points_balance == 12

    banner = panel.customer_step.banner
    assert banner.isVisible()
    assert banner.text.text() == f"Saved: {money(1250)} for José Müller — +12 points, balance 12"
    assert panel.step == FIND
    assert focus() is panel.customer_step.search_edit
    assert panel.customer_step.search_edit.text() == ""


def test_keys_typed_faster_than_the_search_delay_still_pick_the_match(qtbot, window, jose, ann):
    """Literally F2, digits, Enter, amount, Enter — no waiting for the matches between keys."""
    open_panel(qtbot, window)  # waits only for the panel's window to take the keyboard
    type_(qtbot, "800456")
    press(qtbot, ENTER)
    type_(qtbot, "7.20")
    press(qtbot, ENTER)
    purchase = Purchase.get()
    assert (purchase.customer_id, purchase.total_cents) == (ann.id, 720)
    assert window.walk_in_panel.step == FIND


def test_a_scanned_card_number_picks_its_holder(qtbot, panel, jose):
    make_customer(panel.ctx.session, first_name="Card", last_name="Collector", phone="4002001234 5")
    type_(qtbot, "4002001234")
    press(qtbot, ENTER)  # the scanner's Enter, before the search delay is over
    assert panel.step == SALE
    assert panel.purchase_step.name_label.text() == "José Müller"


def test_up_down_move_the_highlight_and_enter_takes_it(qtbot, panel, jose, ann):
    type_(qtbot, "07700")
    qtbot.waitUntil(lambda: panel.customer_step.model.rowCount() == 2)
    first = panel.customer_step.current_hit()
    press(qtbot, Qt.Key.Key_Down)
    second = panel.customer_step.current_hit()
    assert {first.id, second.id} == {jose.id, ann.id}
    press(qtbot, Qt.Key.Key_Up)
    assert panel.customer_step.current_hit() == first
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, ENTER)
    assert panel.purchase_step.name_label.text() == second.name


def test_payment_method_and_note_are_saved_and_the_method_is_remembered(qtbot, panel, ui_settings):
    type_(qtbot, "Ann Lee")
    press(qtbot, ENTER)
    type_(qtbot, "30")
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is panel.purchase_step.payment_combo
    press(qtbot, Qt.Key.Key_Down)  # cash -> card
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "gift for her sister")
    press(qtbot, ENTER)
    purchase = Purchase.get()
    assert (purchase.payment_method, purchase.note) == ("card", "gift for her sister")
    assert ui_settings.get(WALK_IN_PAYMENT_METHOD) == "card"
    type_(qtbot, "Ann")
    press(qtbot, ENTER)
    assert panel.purchase_step.payment_method == "card"


# --- refusals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "Amount cannot be negative."),
        ("abc", "Amount: 'abc' is not an amount."),
        ("0", "Amount must be more than zero."),
        ("20000", "Amount is more than"),
        ("", "Amount is required."),
    ],
)
def test_bad_amounts_are_refused_under_the_field_and_nothing_is_saved(qtbot, panel, typed, message):
    type_(qtbot, "jose")
    press(qtbot, ENTER)
    type_(qtbot, typed)
    press(qtbot, ENTER)
    shown = panel.purchase_step.amount_message
    assert shown.is_error and shown.text().startswith(message)
    assert Purchase.select().count() == 0
    assert panel.step == SALE and focus() is panel.purchase_step.amount_edit
    type_(qtbot, "4")  # the refused text is selected: typing replaces it
    press(qtbot, ENTER)
    assert Purchase.get().total_cents == 400


def test_zero_is_accepted_when_the_shop_allows_it(qtbot, panel, session):
    settings.set_value(session, "sales.allow_zero", True)
    type_(qtbot, "jose")
    press(qtbot, ENTER)
    type_(qtbot, "0")
    press(qtbot, ENTER)
    assert Purchase.get().total_cents == 0


# --- no customer, a known customer, going back ---------------------------------------------------------


def test_anonymous_sale_with_ctrl_enter(qtbot, panel):
    press(qtbot, ENTER, CTRL)
    assert panel.step == SALE
    assert panel.purchase_step.name_label.text() == "No customer"
    type_(qtbot, "5")
    press(qtbot, ENTER)
    purchase = Purchase.get()
    assert (purchase.customer_id, purchase.total_cents) == (None, 500)
    assert LoyaltyEntry.select().count() == 0
    assert panel.customer_step.banner.text.text() == f"Saved: {money(500)} — anonymous sale, no points"
    assert not panel.customer_step.banner.open_button.isVisible()


def test_open_for_customer_skips_the_search(qtbot, window, jose):
    window.open_walk_in(jose.id)
    panel = window.walk_in_panel
    qtbot.waitUntil(lambda: panel.isVisible() and focus() is panel.purchase_step.amount_edit)
    assert panel.purchase_step.name_label.text() == "José Müller"
    type_(qtbot, "3")
    press(qtbot, ENTER)
    assert Purchase.get().customer_id == jose.id


def test_escape_goes_back_then_closes_and_f2_reopens_fresh(qtbot, window, panel):
    type_(qtbot, "jose")
    press(qtbot, ENTER)
    type_(qtbot, "9")
    press(qtbot, Qt.Key.Key_Escape)
    assert panel.step == FIND and focus() is panel.customer_step.search_edit
    assert panel.customer_step.search_edit.text() == "jose"  # kept, to pick someone else
    press(qtbot, Qt.Key.Key_Escape)
    assert not panel.isVisible()
    assert Purchase.select().count() == 0
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert open_panel(qtbot, window) is panel
    assert panel.customer_step.search_edit.text() == ""


def test_f2_works_from_any_view_and_from_the_panel_itself(qtbot, window, panel):
    type_(qtbot, "jose")
    press(qtbot, ENTER)
    qtbot.keyClick(focus(), Qt.Key.Key_F2)  # already open, mid-sale: back to the amount, nothing lost
    assert panel.step == SALE and focus() is panel.purchase_step.amount_edit
    panel.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)  # Settings, focus in a field
    window.stack.currentWidget().current_section.name_edit.setFocus()
    qtbot.keyClick(focus(), Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: panel.isVisible() and focus() is panel.customer_step.search_edit)


def test_walk_in_is_in_the_sales_menu_and_the_header(window):
    action = window.walk_in_action
    assert action.shortcut().toString() == "F2"
    assert action.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut
    assert "F2" in action.toolTip()
    menus = {m.title(): m for m in (a.menu() for a in window.menuBar().actions()) if m}
    assert action in menus["&Sales"].actions()
    assert window.header.widgetForAction(action).objectName() == "walk_in_button"


def test_open_profile_after_a_sale(qtbot, window, panel, jose, monkeypatch):
    opened = []
    monkeypatch.setattr(type(window), "open_customer", lambda self, cid: opened.append(cid))
    panel.profile_requested.disconnect()
    panel.profile_requested.connect(window.open_customer)
    type_(qtbot, "jose")
    press(qtbot, ENTER)
    type_(qtbot, "2")
    press(qtbot, ENTER)
    press(qtbot, Qt.Key.Key_O, CTRL)
    assert opened == [jose.id]
    assert not panel.isVisible()


def test_the_match_list_model_passes_the_model_tester(qtbot, qtmodeltester, panel):
    type_(qtbot, "07700")
    qtbot.waitUntil(lambda: panel.customer_step.model.rowCount() == 2)
    qtmodeltester.check(panel.customer_step.model)


def test_the_counter_flow_with_a_real_worker_thread(
    qtbot, session, db, db_path, threaded_runner, ui_settings, ann
):
    """As in the app: searches and the save run on the worker; keys typed faster than the answers still
    reach the right customer, and Enter during the save is not a second sale."""
    from crm_desktop.ui.application import build_main_window

    threaded_runner._after_job = db.close  # the worker's connection never outlives its job, as in the app
    window = build_main_window(session, db_path, threaded_runner, ui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel = open_panel(qtbot, window)
    type_(qtbot, "800456")
    press(qtbot, ENTER)
    qtbot.waitUntil(lambda: panel.step == SALE and focus() is panel.purchase_step.amount_edit)
    type_(qtbot, "7.20")
    press(qtbot, ENTER)
    press(qtbot, ENTER)
    qtbot.waitUntil(lambda: panel.step == FIND and panel.customer_step.banner.isVisible())
    assert [(p.customer_id, p.total_cents) for p in Purchase.select()] == [(ann.id, 720)]
    assert threaded_runner.shutdown(5000)
