"""Create or edit a customer. Save (Ctrl+S, or Enter on a field) validates, warns about possible
duplicates (a warning, never a block), then writes through `customers.create`/`update`."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from crm_desktop import clock as clocks
from crm_desktop.services import customers, phones, settings
from crm_desktop.services.customers import CustomerDetails, CustomerInput, DuplicateCandidate
from crm_desktop.ui.context import CUSTOMERS, UiContext
from crm_desktop.ui.dialogs.customer_form import build_form
from crm_desktop.ui.dialogs.duplicates_dialog import DuplicatesDialog
from crm_desktop.ui.dialogs.form_dialog import FormDialog
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.widgets.birthday_edit import BirthdayEdit
from crm_desktop.ui.widgets.tags_edit import TagsEdit

CHANNEL_LABELS = {None: "No preference", "email": "Email", "sms": "Text message (SMS)", "phone": "Phone call"}


def _form_data(customer_id: int | None) -> tuple[CustomerDetails | None, settings.ShopProfile, list[str]]:
    details = customers.get(customer_id) if customer_id is not None else None
    return details, settings.shop_profile(), customers.all_tags()


def _check(data: CustomerInput, today: dt.date, exclude_id: int | None) -> list[DuplicateCandidate]:
    customers.validate(data, today, exclude_id)
    return customers.find_duplicates(data, exclude_id)


class CustomerDialog(FormDialog):
    customer_saved = Signal(int)
    open_customer_requested = Signal(int)

    def __init__(
        self,
        ctx: UiContext,
        customer_id: int | None = None,
        prefill: CustomerInput | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Edit customer" if customer_id else "New customer", parent)
        self.setObjectName("customer_dialog")
        self.customer_id = customer_id
        self.details: CustomerDetails | None = None
        self.duplicates_dialog: DuplicatesDialog | None = None
        self._prefill = prefill
        self._country = "GB"
        self.formats = Formats(tz=ctx.session.clock.tz())

        self.first_name = QLineEdit(objectName="first_name", maxLength=200)
        self.last_name = QLineEdit(objectName="last_name", maxLength=200)
        self.phone = QLineEdit(objectName="phone", maxLength=60)
        self.phone.setPlaceholderText("e.g. 07700 900123")
        self.phone_hint = QLabel(objectName="phone_hint")
        self.phone_hint.setWordWrap(True)
        self.phone_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.phone_hint.hide()
        self.email = QLineEdit(objectName="email", maxLength=200)
        self.email.setPlaceholderText("e.g. name@example.com")
        self.birthday = BirthdayEdit(parent=self)
        self.tags = TagsEdit(self)
        self.tags.setObjectName("tags")
        self.card_number = QLineEdit(objectName="card_number", maxLength=200)
        self.card_number.setPlaceholderText("scan or type")
        self.address1 = QLineEdit(objectName="address_line1", maxLength=200)
        self.address2 = QLineEdit(objectName="address_line2", maxLength=200)
        self.city = QLineEdit(objectName="city", maxLength=200)
        self.postal_code = QLineEdit(objectName="postal_code", maxLength=200)
        self.country = QLineEdit(objectName="country", maxLength=200)
        self.email_consent = QCheckBox("Emails &allowed", objectName="email_consent")
        self.email_consent_note = QLabel(objectName="email_consent_note")
        self.sms_consent = QCheckBox("Te&xt messages allowed", objectName="sms_consent")
        self.sms_consent_note = QLabel(objectName="sms_consent_note")
        for note in (self.email_consent_note, self.sms_consent_note):
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.channel = QComboBox(objectName="preferred_channel")
        for value, text in CHANNEL_LABELS.items():
            self.channel.addItem(text, value)
        self.source = QLineEdit(objectName="source", maxLength=200)
        self.source.setPlaceholderText("e.g. walk-in, Instagram, a friend")
        self.notes = QPlainTextEdit(objectName="notes", tabChangesFocus=True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 5 + 14)

        build_form(self)
        self.fields = {
            "Name": self.first_name,
            "First name": self.first_name,
            "Last name": self.last_name,
            "Phone": self.phone,
            "Email": self.email,
            "Birthday": self.birthday.day,
            "Tags": self.tags,
            "Card number": self.card_number,
            "Address": self.address1,
            "Address line 2": self.address2,
            "City": self.city,
            "Postal code": self.postal_code,
            "Country": self.country,
            "Preferred channel": self.channel,
            "Source": self.source,
            "Notes": self.notes,
        }
        self.phone.editingFinished.connect(self._show_phone_hint)
        self.email_consent.toggled.connect(self._show_consent_notes)
        self.sms_consent.toggled.connect(self._show_consent_notes)
        self.save_button.setEnabled(False)  # until the form holds the record
        ctx.runner.run(_form_data, customer_id, on_success=self._loaded, on_error=self.show_failure)

    # --- loading ---------------------------------------------------------------------------------------
    def _loaded(self, loaded: tuple[CustomerDetails | None, settings.ShopProfile, list[str]]) -> None:
        details, profile, tags = loaded
        self.formats.update(profile, self.ctx.session.clock.tz())
        self._country = profile.country
        self.tags.set_known_tags(tags)
        if details is not None:
            self._show(details)
        elif self._prefill is not None:
            self.fill(self._prefill)
        self.save_button.setEnabled(True)
        self.first_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show(self, details: CustomerDetails) -> None:
        self.details = details
        self.fill(details.to_input())
        self._show_phone_hint(details.phone_note)
        self._show_consent_notes()

    def fill(self, data: CustomerInput) -> None:
        self.first_name.setText(data.first_name)
        self.last_name.setText(data.last_name)
        self.phone.setText(data.phone)
        self.email.setText(data.email)
        self.birthday.set_value(data.birth_day, data.birth_month, data.birth_year)
        self.tags.set_tags(data.tags)
        self.card_number.setText(data.card_number)
        self.address1.setText(data.address_line1)
        self.address2.setText(data.address_line2)
        self.city.setText(data.city)
        self.postal_code.setText(data.postal_code)
        self.country.setText(data.country)
        self.email_consent.setChecked(data.email_consent)
        self.sms_consent.setChecked(data.sms_consent)
        self.channel.setCurrentIndex(max(self.channel.findData(data.preferred_channel), 0))
        self.source.setText(data.source)
        self.notes.setPlainText(data.notes)

    def input(self) -> CustomerInput:
        """The form as the service reads it (not validated)."""
        day, month, year = self.birthday.value()
        return CustomerInput(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            birth_day=day,
            birth_month=month,
            birth_year=year,
            address_line1=self.address1.text(),
            address_line2=self.address2.text(),
            city=self.city.text(),
            postal_code=self.postal_code.text(),
            country=self.country.text(),
            notes=self.notes.toPlainText(),
            tags=self.tags.tags(),
            email_consent=self.email_consent.isChecked(),
            sms_consent=self.sms_consent.isChecked(),
            preferred_channel=self.channel.currentData(),
            source=self.source.text(),
            card_number=self.card_number.text(),
        )

    # --- hints -----------------------------------------------------------------------------------------
    def _show_phone_hint(self, note: str | None = None) -> None:
        """Under the phone field: how the number will be stored, or why it is kept as typed."""
        if note is None:
            typed = self.phone.text().strip()
            phone = phones.normalise(typed, self._country)
            note = phone.note or (
                f"Saved as {phone.display}" if phone.display and phone.display != typed else ""
            )
        self.phone_hint.setText(note)
        self.phone_hint.setVisible(bool(note))

    def _consent_text(self, checked: bool, was: bool | None, at: dt.datetime | None) -> str:
        if was is None or checked != was:
            return (
                "recorded as given when saved"
                if checked
                else ("recorded as withdrawn when saved" if was else "")
            )
        if at is None:
            return ""
        return f"{'given' if checked else 'withdrawn'} on {self.formats.date(self.formats.local(at).date())}"

    def _show_consent_notes(self) -> None:
        d = self.details
        for box, note, was, at in (
            (self.email_consent, self.email_consent_note, d and d.email_consent, d and d.email_consent_at),
            (self.sms_consent, self.sms_consent_note, d and d.sms_consent, d and d.sms_consent_at),
        ):
            text = self._consent_text(box.isChecked(), was if d else None, at if d else None)
            note.setText(text)
            note.setVisible(bool(text))

    # --- saving ----------------------------------------------------------------------------------------
    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        data = self.input()
        today = clocks.today(self.ctx.session.clock)
        self.submit(_check, data, today, self.customer_id, on_saved=lambda found: self._checked(data, found))

    def _checked(self, data: CustomerInput, duplicates: list[DuplicateCandidate]) -> None:
        if not duplicates:
            self._write(data)
            return
        self.duplicates_dialog = DuplicatesDialog(duplicates, self)
        self.duplicates_dialog.open_existing_requested.connect(self._open_existing)
        self.duplicates_dialog.save_anyway_requested.connect(lambda: self._write(data))
        self.duplicates_dialog.open()

    def _open_existing(self, customer_id: int) -> None:
        self.open_customer_requested.emit(customer_id)
        self.reject()

    def _write(self, data: CustomerInput) -> None:
        session = self.ctx.session
        if self.customer_id is None:
            self.submit(customers.create, session, data, on_saved=self._saved)
        else:
            self.submit(customers.update, session, self.customer_id, data, on_saved=self._saved)

    def _saved(self, details: CustomerDetails) -> None:
        self.customer_id = details.id
        self._show(details)  # the stored form: phone normalised, tags as stored
        self.customer_saved.emit(details.id)
        self.ctx.changes.notify(CUSTOMERS)
        self.accept()
