"""The customer dialog driven from the keyboard: what the database holds afterwards, what the screen says
when a field is wrong, and the duplicate warning (a warning, never a block)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crm_desktop.db.models import AuditEntry, Customer, CustomerTag, Tag
from crm_desktop.services import customers
from crm_desktop.services.customers import CustomerInput
from crm_desktop.ui.context import CUSTOMERS
from crm_desktop.ui.dialogs.customer_dialog import CustomerDialog
from crm_desktop.ui.widgets.tags_edit import split_tags
from tests.factories import make_customer
from tests.ui.profile_helpers import show_active

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def open_dialog(qtbot, ctx):
    def make(customer_id: int | None = None, prefill: CustomerInput | None = None) -> CustomerDialog:
        dialog = CustomerDialog(ctx, customer_id, prefill)
        qtbot.addWidget(dialog)
        show_active(qtbot, dialog)
        return dialog

    return make


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def _ctrl_s(qtbot, dialog) -> None:
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_S, CTRL)


def test_create_by_typing_and_ctrl_s(qtbot, ctx, clock, open_dialog):
    make_customer(session=ctx.session, first_name="Old", last_name="Tag", tags=("vip",))
    dialog = open_dialog()
    assert dialog.first_name.hasFocus()
    qtbot.keyClicks(dialog.first_name, "Grace")
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.last_name, "Hopper")
    qtbot.keyClick(dialog.last_name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.phone, "07911 123456")
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Tab)
    assert dialog.phone_hint.text() == "Saved as +44 7911 123456"
    qtbot.keyClicks(dialog.email, "Grace@Example.com")
    qtbot.keyClick(dialog.email, Qt.Key.Key_Tab)
    assert dialog.birthday.day.hasFocus()
    qtbot.keyClicks(dialog.birthday.day, "29")
    qtbot.keyClick(dialog.birthday.day, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.birthday.month, "Feb")  # 29 February, no year: valid
    _type(qtbot, dialog.tags, "Vip, Night owls")
    dialog.email_consent.setFocus()
    qtbot.keyClick(dialog.email_consent, Qt.Key.Key_Space)
    assert dialog.email_consent_note.text() == "recorded as given when saved"

    with qtbot.waitSignal(dialog.customer_saved) as saved, qtbot.waitSignal(ctx.changes.changed) as changed:
        _ctrl_s(qtbot, dialog)

    row = Customer.get_by_id(saved.args[0])
    assert (row.first_name, row.last_name, row.email) == ("Grace", "Hopper", "grace@example.com")
    assert (row.phone, row.phone_e164) == ("+44 7911 123456", "+447911123456")
    assert (row.birth_day, row.birth_month, row.birth_year) == (29, 2, None)
    assert row.email_consent and row.email_consent_at == clock.now()
    assert not row.sms_consent and row.sms_consent_at is None
    assert customers.get(row.id).tags == ("Night owls", "vip")  # "Vip" reused the existing tag
    assert Tag.select().count() == 2
    assert changed.args[0] == frozenset({CUSTOMERS})
    assert dialog.phone.text() == "+44 7911 123456"  # the stored, normalised form
    assert dialog.result() == dialog.DialogCode.Accepted


def test_invalid_email_names_the_field_focuses_it_and_saves_nothing(qtbot, open_dialog):
    dialog = open_dialog()
    qtbot.keyClicks(dialog.first_name, "Grace")
    _type(qtbot, dialog.email, "grace@@example")
    dialog.notes.setFocus()
    _ctrl_s(qtbot, dialog)

    assert dialog.message.isVisible()
    assert dialog.message.text() == "Email: 'grace@@example' is not an email address."
    assert dialog.message.property("error") is True
    assert dialog.email.hasFocus() and dialog.email.selectedText() == "grace@@example"
    assert Customer.select().count() == 0
    assert dialog.isVisible()


def test_no_name_phone_or_email_is_refused(qtbot, open_dialog):
    dialog = open_dialog()
    _type(qtbot, dialog.city, "Bristol")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.message.text() == "Name: enter a name, phone or email."
    assert dialog.first_name.hasFocus()
    assert Customer.select().count() == 0


def test_a_year_that_has_no_29_february_points_at_the_birthday(qtbot, open_dialog):
    dialog = open_dialog()
    qtbot.keyClicks(dialog.first_name, "Leap")
    dialog.birthday.set_value(29, 2, 2023)
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_Return)  # Enter saves too

    assert dialog.message.text().startswith("Birthday: 2023 is not a leap year")
    assert dialog.birthday.day.hasFocus()
    assert Customer.select().count() == 0


def test_unreadable_phone_is_kept_with_a_note(qtbot, open_dialog):
    dialog = open_dialog()
    qtbot.keyClicks(dialog.first_name, "Grace")
    _type(qtbot, dialog.phone, "ext 12")
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Tab)
    assert "kept as typed" in dialog.phone_hint.text()
    with qtbot.waitSignal(dialog.customer_saved) as saved:
        _ctrl_s(qtbot, dialog)
    assert Customer.get_by_id(saved.args[0]).phone == "ext 12"
    assert "kept as typed" in dialog.phone_hint.text()  # the stored record's note


def test_duplicate_email_warns_and_save_anyway_creates(qtbot, session, open_dialog, qtmodeltester):
    existing = make_customer(session, email="ada@example.com", phone="07911 123456")
    dialog = open_dialog()
    qtbot.keyClicks(dialog.first_name, "Augusta")
    _type(qtbot, dialog.email, "ADA@example.com")
    _ctrl_s(qtbot, dialog)

    warning = dialog.duplicates_dialog
    assert warning is not None and warning.isVisible()
    qtbot.waitUntil(warning.isActiveWindow)
    qtmodeltester.check(warning.model)
    model = warning.model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(4)] == [
        "Ada Lovelace", "+44 7911 123456", "ada@example.com", "Same email"
    ]  # fmt: skip
    assert Customer.select().count() == 1  # nothing saved while the warning is up

    with qtbot.waitSignal(dialog.customer_saved) as saved:
        qtbot.keyClick(warning, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Save &anyway
    assert Customer.select().count() == 2
    assert saved.args[0] != existing.id
    assert Customer.get_by_id(saved.args[0]).first_name == "Augusta"


def test_open_existing_emits_the_id_and_creates_nothing(qtbot, session, open_dialog):
    existing = make_customer(session, phone="07911 123456")
    dialog = open_dialog()
    qtbot.keyClicks(dialog.first_name, "Someone")
    _type(qtbot, dialog.phone, "+44 7911 123456")
    _ctrl_s(qtbot, dialog)
    warning = dialog.duplicates_dialog
    qtbot.waitUntil(warning.isActiveWindow)
    assert warning.model.index(0, 3).data() == "Same phone"

    with qtbot.waitSignal(dialog.open_customer_requested) as opened:
        qtbot.keyClick(warning.table, Qt.Key.Key_Return)  # Open existing is the default
    assert opened.args == [existing.id]
    assert Customer.select().count() == 1
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected


def test_cancel_on_the_warning_returns_to_the_form(qtbot, session, open_dialog):
    make_customer(session, email="ada@example.com")
    dialog = open_dialog()
    _type(qtbot, dialog.email, "ada@example.com")
    _ctrl_s(qtbot, dialog)
    qtbot.keyClick(dialog.duplicates_dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and Customer.select().count() == 1


def test_edit_shows_the_record_keeps_the_id_and_audits(qtbot, session, clock, open_dialog):
    c = make_customer(session, email="ada@example.com", email_consent=True, tags=("VIP",), birth_day=10,
                      birth_month=12, card_number="4000")  # fmt: skip
    dialog = open_dialog(c.id)
    assert dialog.windowTitle() == "Edit customer"
    assert (dialog.first_name.text(), dialog.email.text(), dialog.tags.text()) == (
        "Ada",
        "ada@example.com",
        "VIP",
    )
    assert dialog.birthday.value() == (10, 12, None)
    assert dialog.email_consent.isChecked()
    assert dialog.email_consent_note.text() == "given on 15 Jun 2026"
    assert not dialog.sms_consent_note.isVisible()

    clock.advance(days=2)
    dialog.email_consent.setFocus()
    qtbot.keyClick(dialog.email_consent, Qt.Key.Key_Space)  # withdrawn
    assert dialog.email_consent_note.text() == "recorded as withdrawn when saved"
    _type(qtbot, dialog.city, "Bath")
    with qtbot.waitSignal(dialog.customer_saved) as saved:
        _ctrl_s(qtbot, dialog)

    assert saved.args == [c.id] and Customer.select().count() == 1
    row = Customer.get_by_id(c.id)
    assert row.city == "Bath" and not row.email_consent and row.email_consent_at == clock.now()
    audit = (
        AuditEntry.select().where((AuditEntry.entity == "customer") & (AuditEntry.action == "update")).get()
    )
    assert audit.entity_id == c.id
    assert json.loads(audit.after)["city"] == "Bath"
    assert dialog.email_consent_note.text() == "withdrawn on 17 Jun 2026"


def test_prefill_fills_a_new_customer(qtbot, open_dialog):
    dialog = open_dialog(prefill=CustomerInput(first_name="Walk", phone="07911 123456", tags=("new",)))
    assert (dialog.first_name.text(), dialog.phone.text(), dialog.tags.text()) == (
        "Walk",
        "07911 123456",
        "new",
    )
    assert dialog.windowTitle() == "New customer"


def test_tags_complete_from_the_shop_tags(qtbot, session, open_dialog):
    make_customer(session, tags=("Wholesale", "VIP"))
    dialog = open_dialog()
    _type(qtbot, dialog.tags, "VIP, who")
    popup = dialog.tags.tag_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert dialog.tags.tag_completer.currentCompletion() == "Wholesale"
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.tags.text() == "VIP, Wholesale, "
    assert dialog.tags.tags() == ("VIP", "Wholesale")
    assert CustomerTag.select().count() == 2  # nothing saved by completing


def test_split_tags():
    assert split_tags("vip, Student,,VIP ,  night   owls") == ("vip", "Student", "night owls")
