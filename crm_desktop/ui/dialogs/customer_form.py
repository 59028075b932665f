"""The customer dialog's layout: contact details on the left, address and marketing on the right, notes
under the contact details; tab order follows reading order (down the left column, then the right)."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from crm_desktop.ui.dialogs.customer_dialog import CustomerDialog

FIELD_WIDTH = 250


def _form(title: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    form = QFormLayout(box)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(8)
    return box, form


def _with_note(field: QWidget, note: QLabel) -> QWidget:
    row = QWidget()
    box = QVBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    box.addWidget(field)
    box.addWidget(note)
    row.setFocusProxy(field)
    return row


def build_form(d: CustomerDialog) -> None:
    contact, left = _form("Contact")
    left.addRow("&First name:", d.first_name)
    left.addRow("&Last name:", d.last_name)
    left.addRow("&Phone:", _with_note(d.phone, d.phone_hint))
    left.addRow("E&mail:", d.email)
    left.addRow("&Birthday:", d.birthday)
    left.addRow("&Tags:", d.tags)
    left.addRow("Loyalty car&d:", d.card_number)

    address, right = _form("Address")
    right.addRow("Addr&ess:", d.address1)
    right.addRow("", d.address2)
    right.addRow("C&ity:", d.city)
    right.addRow("P&ostal code:", d.postal_code)
    right.addRow("Co&untry:", d.country)

    marketing, market = _form("Marketing")
    market.addRow(_with_note(d.email_consent, d.email_consent_note))
    market.addRow(_with_note(d.sms_consent, d.sms_consent_note))
    market.addRow("Preferred c&hannel:", d.channel)
    market.addRow("Sou&rce:", d.source)
    d.address2.setAccessibleName("Address line 2")
    d.address2.setPlaceholderText("Address line 2")

    for field in (d.first_name, d.phone, d.address1, d.channel):
        field.setMinimumWidth(FIELD_WIDTH)
    right_column = QVBoxLayout()
    right_column.addWidget(address)
    right_column.addWidget(marketing)
    right_column.addStretch(1)
    notes_box = QGroupBox("&Notes")
    notes_layout = QVBoxLayout(notes_box)
    notes_layout.addWidget(d.notes)
    notes_box.setFocusProxy(d.notes)
    left_column = QVBoxLayout()
    left_column.addWidget(contact)
    left_column.addWidget(notes_box)
    left_column.addStretch(1)
    columns = QHBoxLayout()
    columns.setSpacing(12)
    columns.addLayout(left_column, 1)
    columns.addLayout(right_column, 1)

    layout = QVBoxLayout(d)
    layout.addLayout(columns)
    layout.addWidget(d.message)
    layout.addWidget(d.buttons)

    order: list[QWidget] = [
        d.first_name, d.last_name, d.phone, d.email, d.birthday.day, d.birthday.month, d.birthday.year,
        d.tags, d.card_number, d.address1, d.address2, d.city, d.postal_code, d.country, d.email_consent,
        d.sms_consent, d.channel, d.source, d.notes, d.save_button,
    ]  # fmt: skip
    for first, second in pairwise(order):
        QWidget.setTabOrder(first, second)
