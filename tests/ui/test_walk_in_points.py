"""Paying with points at the counter, from the keyboard: F2, the customer, the amount, Alt+P, the points,
Enter; then what the database holds and what the panel says."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from crm_desktop.db.models import Customer, LoyaltyEntry, Purchase
from crm_desktop.services import loyalty
from crm_desktop.ui.walk_in.panel import FIND, SALE
from tests.factories import make_customer
from tests.ui.walk_in_helpers import ALT, ENTER, focus, money, open_panel, press, type_

P = Qt.Key.Key_P


@pytest.fixture
def regular(session):
    customer = make_customer(session, first_name="Rosa", last_name="Diaz", phone="07700 900555")
    loyalty.adjust(session, customer.id, 250, "Points from the old card system")
    return customer


@pytest.fixture
def sale_step(qtbot, window, regular):
    panel = open_panel(qtbot, window)
    type_(qtbot, "900555")
    press(qtbot, ENTER)
    assert panel.step == SALE and focus() is panel.purchase_step.amount_edit
    return panel


def test_balance_and_tier_are_shown_and_alt_p_offers_the_most_the_sale_can_take(qtbot, sale_step, regular):
    step = sale_step.purchase_step
    box = step.points_box
    assert box.isVisible() and not box.use_check.isChecked()
    assert "250 points" in step.detail_label.text()
    type_(qtbot, "20,00")
    assert box.balance_label.text() == "250 points available · up to 250 on this sale"
    press(qtbot, P, ALT)
    assert box.use_check.isChecked() and focus() is box.points_spin
    assert box.points_spin.value() == loyalty.max_redeemable(regular.id, 2000) == 250
    assert box.value_label.text() == f"\u2212{money(1250)} · to pay {money(750)}"
    press(qtbot, P, ALT)  # again: not using points after all
    assert not box.use_check.isChecked() and box.points == 0


def test_alt_p_200_points_enter_pays_part_of_the_sale(qtbot, sale_step, regular):
    step = sale_step.purchase_step
    type_(qtbot, "20,00")
    press(qtbot, P, ALT)
    type_(qtbot, "200")
    assert step.points_box.value_label.text() == f"\u2212{money(1000)} · to pay {money(1000)}"
    press(qtbot, ENTER)

    purchase = Purchase.get()
    value = loyalty.redemption_value_cents(200)
    assert value == 1000
    assert (purchase.customer_id, purchase.total_cents, purchase.points_value_cents) == (
        regular.id,
        2000 - value,
        value,
    )
    redeem = LoyaltyEntry.get((LoyaltyEntry.kind == "redeem") & (LoyaltyEntry.purchase == purchase.id))
    assert redeem.points == -200
    earned = sum(
        e.points
        for e in LoyaltyEntry.select().where(
            (LoyaltyEntry.kind == "earn") & (LoyaltyEntry.purchase == purchase.id)
        )
    )
    balance = Customer.get_by_id(regular.id).points_balance
    assert balance == 250 - 200 + earned

    assert sale_step.step == FIND
    text = sale_step.customer_step.banner.text.text()
    assert f"\u2212200 points (\u2212{money(1000)}), +{earned} points, balance {balance}" in text


def test_more_points_than_the_sale_can_take_are_refused_on_the_spot(qtbot, sale_step, regular):
    step = sale_step.purchase_step
    box = step.points_box
    type_(qtbot, "8,00")
    most = loyalty.max_redeemable(regular.id, 800)
    assert 0 < most < 200
    press(qtbot, P, ALT)
    type_(qtbot, "200")
    assert box.message.is_error
    assert box.message.text() == f"Points to use: at most {most} points can be used on this sale."
    press(qtbot, ENTER)
    assert Purchase.select().count() == 0
    assert sale_step.step == SALE and focus() is box.points_spin
    assert Customer.get_by_id(regular.id).points_balance == 250

    type_(qtbot, str(most))  # the refused number is selected: typing replaces it
    assert not box.message.is_error
    press(qtbot, ENTER)
    assert Purchase.get().points_value_cents == loyalty.redemption_value_cents(most)


def test_a_refusal_from_the_service_is_shown_under_the_points(qtbot, sale_step, regular, session):
    box = sale_step.purchase_step.points_box
    type_(qtbot, "20,00")
    press(qtbot, P, ALT)
    loyalty.adjust(session, regular.id, -200, "Spent at the other till meanwhile")  # 50 left
    press(qtbot, ENTER)
    assert Purchase.select().count() == 0
    assert sale_step.step == SALE
    assert box.message.is_error and box.message.text().startswith("Points to use")


def test_no_points_box_for_an_anonymous_sale_or_a_customer_without_points(qtbot, window, session):
    make_customer(session, first_name="Nia", last_name="Okafor", phone="07700 900777")
    panel = open_panel(qtbot, window)
    type_(qtbot, "900777")
    press(qtbot, ENTER)
    assert not panel.purchase_step.points_box.isVisible()
    press(qtbot, P, ALT)  # nothing to use: nothing happens
    type_(qtbot, "5")
    press(qtbot, ENTER)
    assert Purchase.get().points_value_cents == 0


def test_with_line_items_the_points_follow_the_items_total(qtbot, sale_step, regular, session):
    from crm_desktop.services import products
    from crm_desktop.services.products import ProductInput

    products.create(session, ProductInput("Mug, stoneware", "Cups", 1200, barcode="5000000000017"))
    step = sale_step.purchase_step
    box = step.points_box
    type_(qtbot, "5000000000017")  # a scanned barcode: the sale switches to items
    press(qtbot, ENTER)
    assert box.balance_label.text().endswith(f"up to {loyalty.max_redeemable(regular.id, 1200)} on this sale")
    press(qtbot, P, ALT)
    assert box.points_spin.value() == loyalty.max_redeemable(regular.id, 1200) == 240
    press(qtbot, ENTER)  # the spin box passes Enter on: the sale is saved
    purchase = Purchase.get()
    assert (purchase.total_cents, purchase.points_value_cents) == (0, 1200)
