"""Walk-in step 1b: a minimal new customer, pre-filled from what was typed in the search field.

Digits become the phone, text with an @ the email, anything else the name (first word / the rest). Enter
checks the form with `customers.validate` (nothing is written yet: the customer is created together with the
purchase) and warns once about a likely duplicate, offering that customer instead.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.clock import today
from crm_desktop.services import customers
from crm_desktop.services.customers import CustomerInput, DuplicateCandidate
from crm_desktop.services.errors import ValidationError
from crm_desktop.ui import errors
from crm_desktop.ui.context import UiContext
from crm_desktop.ui.views.settings_view import describe
from crm_desktop.ui.walk_in.common import MessageLine, scaled_font
from crm_desktop.ui.widgets.birthday_edit import BirthdayEdit

_PHONE_LIKE = re.compile(r"^[+\d][\d\s().\-/]*$")
HINT = "Enter goes on to the sale · Esc goes back to the search"


def prefill_fields(text: str) -> dict[str, str]:
    """Which field what was typed belongs in: {'email': ...}, {'phone': ...} or first/last name."""
    text = " ".join(text.split())
    if not text:
        return {}
    if "@" in text:
        return {"email": text}
    if _PHONE_LIKE.match(text) and sum(c.isdigit() for c in text) >= 3:
        return {"phone": text}
    first, _, last = text.partition(" ")
    return {"first_name": first, "last_name": last}


def _check(data: CustomerInput, day) -> list[DuplicateCandidate]:
    """On the worker: the refusal `create` would raise, else the customers this one may duplicate."""
    customers.validate(data, day)
    return customers.find_duplicates(data)


class NewCustomerStep(QWidget):
    submitted = Signal(object)  # CustomerInput, checked
    existing_picked = Signal(int)  # the duplicate offered instead

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel("New customer")
        title.setFont(scaled_font(title.font(), 1.3, bold=True))
        about = QLabel("A name and a phone or email is enough; the rest can wait for the profile.")
        about.setWordWrap(True)
        self.first_edit = QLineEdit(objectName="new_first_name", maxLength=100)
        self.last_edit = QLineEdit(objectName="new_last_name", maxLength=100)
        self.phone_edit = QLineEdit(objectName="new_phone", maxLength=40)
        self.email_edit = QLineEdit(objectName="new_email", maxLength=200)
        self.card_edit = QLineEdit(objectName="new_card", maxLength=40)
        self.card_edit.setPlaceholderText("optional — scan the new card")
        self.birthday_edit = BirthdayEdit()
        self.birthday_edit.setObjectName("new_birthday")
        birthday = QHBoxLayout()
        birthday.setSpacing(6)
        birthday.addWidget(self.birthday_edit)
        hint = QLabel("day, month; the year is optional")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        birthday.addWidget(hint, 1)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&First name:", self.first_edit)
        form.addRow("&Last name:", self.last_edit)
        form.addRow("&Phone:", self.phone_edit)
        form.addRow("&Email:", self.email_edit)
        form.addRow("&Birthday:", birthday)
        form.labelForField(birthday).setBuddy(self.birthday_edit)
        form.addRow("&Card number:", self.card_edit)
        self.fields: dict[str, QWidget] = {
            "Name": self.first_edit,
            "First name": self.first_edit,
            "Last name": self.last_edit,
            "Phone": self.phone_edit,
            "Email": self.email_edit,
            "Birthday": self.birthday_edit,
            "Card number": self.card_edit,
        }

        self.message = MessageLine("new_customer_message")
        self.use_existing_button = QPushButton(objectName="walk_in_use_existing")
        self.use_existing_button.setAutoDefault(False)
        self.use_existing_button.setToolTip("Sell to this existing customer instead (Ctrl+U)")
        self.use_existing_button.clicked.connect(self._use_existing)
        self.use_existing_button.hide()
        self.continue_button = QPushButton("Continue to the sale", objectName="walk_in_continue")
        self.continue_button.setToolTip("Check the details and go on to the amount (Enter)")
        self.continue_button.setAutoDefault(False)
        self.continue_button.clicked.connect(self.submit)
        action = QAction(self, shortcut=QKeySequence("Ctrl+U"))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(self._use_existing)
        self.addAction(action)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_existing_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(about)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._warned: CustomerInput | None = None
        self._duplicate: DuplicateCandidate | None = None

    # --- filling --------------------------------------------------------------------------------------
    def start(self, typed: str) -> None:
        """Clear the form, fill it from the typed text, and put the cursor on the first field still needed."""
        for edit in (self.first_edit, self.last_edit, self.phone_edit, self.email_edit, self.card_edit):
            edit.clear()
        self.birthday_edit.set_value(None, None, None)
        self._clear_warning()
        self.message.show_hint(HINT)
        values = prefill_fields(typed)
        self.first_edit.setText(values.get("first_name", ""))
        self.last_edit.setText(values.get("last_name", ""))
        self.phone_edit.setText(values.get("phone", ""))
        self.email_edit.setText(values.get("email", ""))
        target = self.phone_edit if "first_name" in values else self.first_edit
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def customer_input(self) -> CustomerInput:
        day, month, year = self.birthday_edit.value()
        return CustomerInput(
            first_name=self.first_edit.text(),
            last_name=self.last_edit.text(),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            card_number=self.card_edit.text(),
            birth_day=day,
            birth_month=month,
            birth_year=year,
            source="walk-in",
        )

    # --- checking -------------------------------------------------------------------------------------
    def submit(self) -> None:
        data = self.customer_input()
        if self._warned == data:  # warned about a duplicate already: add anyway
            self.submitted.emit(data)
            return
        self.ctx.runner.run(
            _check,
            data,
            today(self.ctx.session.clock),
            on_success=lambda duplicates: self._checked(data, duplicates),
            on_error=self.show_refusal,
        )

    def _checked(self, data: CustomerInput, duplicates: list[DuplicateCandidate]) -> None:
        if not duplicates:
            self._clear_warning()
            self.submitted.emit(data)
            return
        first = duplicates[0]
        self._warned, self._duplicate = data, first
        contact = first.phone or first.email
        self.message.show_error(
            f"Already a customer? {first.display_name}" + (f" ({contact})" if contact else "") + f": "
            f"{first.reason}. Enter adds a new customer anyway; Ctrl+U sells to {first.display_name}."
        )
        self.use_existing_button.setText(f"Use {first.display_name}")
        self.use_existing_button.show()

    def show_refusal(self, exc: BaseException) -> None:
        if not isinstance(exc, ValidationError):
            errors.show_error(exc, self)
            return
        self._clear_warning()
        self.message.show_error(describe(exc))
        widget = self.fields.get(exc.field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def _clear_warning(self) -> None:
        self._warned = self._duplicate = None
        self.use_existing_button.hide()

    def _use_existing(self) -> None:
        if self._duplicate is not None and self.use_existing_button.isVisible():
            self.existing_picked.emit(self._duplicate.id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)
