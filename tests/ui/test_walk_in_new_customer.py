"""Walk-in for someone new: the typed text pre-fills a minimal form, and the customer is created together
with the sale in one transaction (a refused or failing sale leaves no customer behind)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from crm_desktop.db.models import Customer, Purchase
from crm_desktop.services import settings
from crm_desktop.services.purchases import MAX_AMOUNT_KEY
from crm_desktop.ui.walk_in.panel import NEW, SALE
from tests.factories import make_customer
from tests.ui.walk_in_helpers import CTRL, ENTER, focus, money, open_panel, press, type_


@pytest.fixture
def ann(session):
    return make_customer(session, first_name="Ann", last_name="Lee", phone="07700 800456")


@pytest.fixture
def panel(qtbot, window, ann):
    return open_panel(qtbot, window)


def test_a_new_name_becomes_a_prefilled_form_then_customer_and_sale_together(qtbot, panel):
    type_(qtbot, "Zoe Quint")
    qtbot.waitUntil(lambda: "No match" in panel.customer_step.status.text())
    press(qtbot, ENTER)
    form = panel.new_customer_step
    assert panel.step == NEW
    assert (form.first_edit.text(), form.last_edit.text(), form.phone_edit.text()) == ("Zoe", "Quint", "")
    assert focus() is form.phone_edit  # the name is there: the cursor waits in the phone field
    type_(qtbot, "07700 900777")
    press(qtbot, ENTER)
    assert panel.step == SALE
    assert panel.purchase_step.name_label.text() == "Zoe Quint"
    assert Customer.select().where(Customer.first_name == "Zoe").count() == 0  # not yet: with the sale
    type_(qtbot, "8")
    press(qtbot, ENTER)

    zoe = Customer.get(Customer.first_name == "Zoe")
    assert (zoe.last_name, zoe.points_balance, zoe.visits, zoe.source) == ("Quint", 8, 1, "walk-in")
    assert zoe.phone.endswith("7700 900777")
    assert Purchase.get(Purchase.customer == zoe.id).total_cents == 800
    assert panel.customer_step.banner.text.text() == (
        f"Saved: {money(800)} for Zoe Quint (new customer) — +8 points, balance 8"
    )


@pytest.mark.parametrize(
    ("typed", "field", "value"),
    [("07700 900555", "phone_edit", "07700 900555"), ("zoe@example.com", "email_edit", "zoe@example.com")],
)
def test_digits_prefill_the_phone_and_an_at_sign_the_email(qtbot, panel, typed, field, value):
    type_(qtbot, typed)
    qtbot.waitUntil(lambda: "No match" in panel.customer_step.status.text())
    press(qtbot, ENTER)
    assert getattr(panel.new_customer_step, field).text() == value
    assert focus() is panel.new_customer_step.first_edit


def test_an_invalid_new_customer_is_refused_in_the_form_naming_the_field(qtbot, panel):
    type_(qtbot, "Zoe Quint")
    press(qtbot, ENTER)
    press(qtbot, Qt.Key.Key_Tab)  # phone -> email
    type_(qtbot, "not-an-email")
    press(qtbot, ENTER)
    form = panel.new_customer_step
    assert panel.step == NEW
    assert form.message.is_error and form.message.text().startswith("Email:")
    assert focus() is form.email_edit


def test_a_refused_sale_creates_no_customer(qtbot, panel, session):
    type_(qtbot, "Zoe Quint")
    press(qtbot, ENTER)
    type_(qtbot, "07700 900777")
    press(qtbot, ENTER)
    settings.set_value(session, MAX_AMOUNT_KEY, 500)  # the shop's maximum drops to 5.00 meanwhile
    type_(qtbot, "8")
    press(qtbot, ENTER)
    assert panel.purchase_step.amount_message.text().startswith("Amount is more than")
    assert Customer.select().where(Customer.first_name == "Zoe").count() == 0
    assert Purchase.select().count() == 0


def test_customer_and_purchase_commit_in_one_transaction(qtbot, panel, monkeypatch):
    """The customer row is written, then the sale fails inside the same service call: both roll back."""
    from crm_desktop.services import loyalty
    from crm_desktop.services.errors import ServiceError

    def refuse(*_args, **_kwargs):
        raise ServiceError("The points ledger refused the entry")

    monkeypatch.setattr(loyalty, "earn", refuse)
    type_(qtbot, "Zoe Quint")
    press(qtbot, ENTER)
    type_(qtbot, "07700 900777")
    press(qtbot, ENTER)
    type_(qtbot, "8")
    press(qtbot, ENTER)
    assert panel.purchase_step.message.text() == "The points ledger refused the entry"
    assert panel.step == SALE
    assert Customer.select().where(Customer.first_name == "Zoe").count() == 0
    assert Purchase.select().count() == 0


def test_a_likely_duplicate_is_offered_instead(qtbot, panel, ann):
    type_(qtbot, "Annie Leigh")
    press(qtbot, ENTER)
    type_(qtbot, "07700 800456")  # Ann Lee's phone
    press(qtbot, ENTER)
    form = panel.new_customer_step
    assert panel.step == NEW
    assert "Ann Lee" in form.message.text() and "same phone" in form.message.text()
    press(qtbot, Qt.Key.Key_U, CTRL)
    assert panel.step == SALE
    assert panel.purchase_step.name_label.text() == "Ann Lee"


def test_enter_again_after_the_duplicate_warning_adds_the_new_customer(qtbot, panel, ann):
    type_(qtbot, "Annie Leigh")
    press(qtbot, ENTER)
    type_(qtbot, "07700 800456")
    press(qtbot, ENTER)
    press(qtbot, ENTER)
    assert panel.step == SALE
    assert panel.purchase_step.name_label.text() == "Annie Leigh"


def test_a_birthday_without_a_year_is_taken_from_the_keyboard(qtbot, panel):
    type_(qtbot, "Lea Rossi")
    qtbot.waitUntil(lambda: "No match" in panel.customer_step.status.text())
    press(qtbot, ENTER)
    type_(qtbot, "07700 900321")
    press(qtbot, Qt.Key.Key_Tab)  # email
    press(qtbot, Qt.Key.Key_Tab)  # birthday: day
    type_(qtbot, "29")
    press(qtbot, Qt.Key.Key_Tab)  # month
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)  # February
    press(qtbot, ENTER)
    assert panel.step == SALE
    type_(qtbot, "5")
    press(qtbot, ENTER)
    lea = Customer.get(Customer.first_name == "Lea")
    assert (lea.birth_day, lea.birth_month, lea.birth_year) == (29, 2, None)
