"""New or edit one follow-up: what to do, for which customer (or none: a shop task), when (a day, and a
time if it matters), how urgent, who does it, whether it repeats, notes. One `followups.add` or
`followups.update` call through `FormDialog.submit`; a refusal names its field, which gets the focus."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from crm_desktop import clock as clocks
from crm_desktop.services import followups, staff
from crm_desktop.services.followup_records import MAX_REPEAT
from crm_desktop.services.followups import FollowUpDraft, FollowUpRow, Repeat
from crm_desktop.ui.context import FOLLOW_UPS, UiContext
from crm_desktop.ui.dialogs.form_dialog import FormDialog
from crm_desktop.ui.formatting import DATE_FORMAT
from crm_desktop.ui.widgets.customer_picker import CustomerPicker
from crm_desktop.ui.widgets.form_rows import row

DEFAULT_DUE_DAYS = 7
DEFAULT_TIME = QTime(10, 0)
UNITS = (("d", "day"), ("w", "week"), ("m", "month"))


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class FollowUpDialog(FormDialog):
    """`follow_up` given: edit it. `customer` given as (id, name): for that customer, who cannot be
    changed here (opened from their profile)."""

    saved = Signal(object)  # FollowUpRow as stored

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        follow_up: FollowUpRow | None = None,
        customer: tuple[int, str] | None = None,
    ) -> None:
        name = customer[1] if customer else follow_up.customer_name if follow_up else ""
        title = "Edit follow-up" if follow_up else "New follow-up"
        super().__init__(ctx, f"{title} — {name}" if name else title, parent)
        self.setObjectName("follow_up_dialog")
        self.follow_up = follow_up
        self.title = QLineEdit(objectName="follow_up_title", maxLength=followups.MAX_TITLE)
        self.title.setPlaceholderText("e.g. Call when the order arrives")
        self.customer = CustomerPicker(ctx.runner, "None (a shop task) — type to find a customer")
        self.customer.setObjectName("follow_up_customer")
        self.due = QDateEdit(objectName="follow_up_due", calendarPopup=True)
        self.due.setDisplayFormat(DATE_FORMAT)
        self.due.setMinimumWidth(130)
        self.timed = QCheckBox("&at", objectName="follow_up_timed")
        self.timed.setToolTip("Due at a time of day (otherwise any time that day)")
        self.time = QTimeEdit(DEFAULT_TIME, objectName="follow_up_time", displayFormat="HH:mm")
        self.time.setEnabled(False)
        self.timed.toggled.connect(self.time.setEnabled)
        self.priority = QComboBox(objectName="follow_up_priority")
        for value, text in followups.PRIORITIES.items():
            self.priority.addItem(text, value)
        self.assigned = QComboBox(objectName="follow_up_assigned")
        self.assigned.addItem("Nobody in particular", None)
        for staff_id, staff_name in staff.active_staff():
            self.assigned.addItem(staff_name, staff_id)
        self.repeats = QCheckBox("&Repeat every", objectName="follow_up_repeats")
        self.repeats.setToolTip("When it is done, the next one is made, due this long after this one")
        self.every = QSpinBox(objectName="follow_up_every", minimum=1, maximum=MAX_REPEAT)
        self.unit = QComboBox(objectName="follow_up_unit")
        for unit, text in UNITS:
            self.unit.addItem(f"{text}s", unit)
        self.every.valueChanged.connect(self._name_units)
        self._name_units(self.every.value())
        for widget in (self.every, self.unit):
            widget.setEnabled(False)
            self.repeats.toggled.connect(widget.setEnabled)
        self.notes = QPlainTextEdit(objectName="follow_up_notes", tabChangesFocus=True)
        self.notes.setMinimumHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)
        self.notes.setPlaceholderText("Anything that helps whoever does it")

        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Title:", self.title)
        form.addRow("C&ustomer:", self.customer)
        due_row = row(self.due, self.timed, self.time)
        form.addRow("&Due:", due_row)
        form.labelForField(due_row).setBuddy(self.due)  # type: ignore[union-attr]
        form.addRow("&Priority:", self.priority)
        form.addRow("Assi&gned to:", self.assigned)
        repeat_row = row(self.repeats, self.every, self.unit)
        form.addRow("", repeat_row)
        form.addRow("N&otes:", self.notes)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.fields = {
            "Title": self.title,
            "Customer": self.customer,
            "Due date": self.due,
            "Due time": self.time,
            "Priority": self.priority,
            "Assigned to": self.assigned,
            "Repeat": self.every,
            "Notes": self.notes,
        }
        self.save_button.setToolTip("Save (Ctrl+S, or Enter outside the notes)")
        for combo in (self.priority, self.assigned):  # as wide as their choices, not the whole form
            combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            combo.setMinimumWidth(220)
        self._fill(follow_up, customer)
        spare = self.notes.sizeHint().height() - self.notes.minimumHeight()  # notes start 3 lines tall
        self.resize(520, self.sizeHint().height() - max(spare, 0))
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self, f: FollowUpRow | None, customer: tuple[int, str] | None) -> None:
        today = clocks.today(self.ctx.session.clock)
        if customer is not None:
            self.customer.set_customer(*customer)
            self.customer.set_fixed(True)
        if f is None:
            self.due.setDate(to_qdate(today + dt.timedelta(days=DEFAULT_DUE_DAYS)))
            self.priority.setCurrentIndex(self.priority.findData(1))
            return
        self.title.setText(f.title)
        if customer is None and f.customer_id is not None:
            self.customer.set_customer(f.customer_id, f.customer_name)
        self.due.setDate(to_qdate(f.due_date))
        if f.due_time is not None:
            self.timed.setChecked(True)
            self.time.setTime(QTime(f.due_time.hour, f.due_time.minute))
        self.priority.setCurrentIndex(max(0, self.priority.findData(f.priority)))
        if f.assigned_to is not None and self.assigned.findData(f.assigned_to) < 0:
            self.assigned.addItem(f"{f.assigned_name} (no longer active)", f.assigned_to)
        self.assigned.setCurrentIndex(max(0, self.assigned.findData(f.assigned_to)))
        if f.repeat is not None:
            self.repeats.setChecked(True)
            self.every.setValue(f.repeat.every)
            self.unit.setCurrentIndex(max(0, self.unit.findData(f.repeat.unit)))
        self.notes.setPlainText(f.notes)

    def _name_units(self, every: int) -> None:
        """'every 1 week', 'every 2 weeks'."""
        for number, (_unit, text) in enumerate(UNITS):
            self.unit.setItemText(number, text if every == 1 else f"{text}s")

    def draft(self) -> FollowUpDraft:
        at = self.time.time()
        return FollowUpDraft(
            title=self.title.text(),
            customer_id=self.customer.customer_id,
            due_date=to_date(self.due.date()),
            due_time=dt.time(at.hour(), at.minute()) if self.timed.isChecked() else None,
            priority=self.priority.currentData(),
            notes=self.notes.toPlainText(),
            assigned_to=self.assigned.currentData(),
            repeat=Repeat(self.every.value(), self.unit.currentData()) if self.repeats.isChecked() else None,
        )

    def save(self) -> None:
        if self.customer.customer_id is None and self.customer.text().strip():
            self.show_message(
                "Customer: pick one from the list, or clear the field for a shop task.", error=True
            )
            self.customer.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self.follow_up is None:
            self.submit(followups.add, self.ctx.session, self.draft(), on_saved=self._saved)
        else:
            self.submit(
                followups.update, self.ctx.session, self.follow_up.id, self.draft(), on_saved=self._saved
            )

    def _saved(self, saved: FollowUpRow) -> None:
        self.saved.emit(saved)
        self.ctx.changes.notify(FOLLOW_UPS)
        self.accept()
