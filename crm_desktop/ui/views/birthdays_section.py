"""Settings → Birthdays: when a 29 February birthday is celebrated in other years, what {reward} says, and
the greeting templates the Today view copies and emails, with a live preview for a sample customer.

One `BirthdaySettings` value read with `birthdays.current()` and written with `birthdays.save`, which checks
it whole: a `ValidationError` names the template and the unknown placeholder or lone brace, nothing is saved,
and the cursor goes to the template's subject or text.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop import clock as clocks
from crm_desktop.services import birthdays
from crm_desktop.services.birthday_templates import reward_text
from crm_desktop.services.birthdays import BirthdayRow, BirthdaySettings
from crm_desktop.services.errors import ValidationError
from crm_desktop.ui.context import SETTINGS, UiContext
from crm_desktop.ui.views.settings_view import SettingsSection
from crm_desktop.ui.widgets.form_rows import heading
from crm_desktop.ui.widgets.templates_editor import TemplatesEditor

FEB29_CHOICES = (("feb28", "On &28 February"), ("mar1", "On &1 March"))
SAMPLE_POINTS = 1250


def sample_row(today: dt.date) -> BirthdayRow:
    """The customer the preview is written to."""
    return BirthdayRow(
        customer_id=0, name="Anna Berg", first_name="Anna", phone="", email="anna@example.com",
        email_consent=True, sms_consent=True, birth_month=today.month, birth_day=today.day,
        birth_year=1990, celebrates_on=today, days_away=0, age=today.year - 1990, tier=None,
        points=SAMPLE_POINTS, greeted_at=None,
    )  # fmt: skip


class BirthdaysSection(SettingsSection):
    title = "Birthdays"
    icon_name = "today"
    description = (
        "Greeting templates for the Today view's Copy greeting and Email…, what {reward} says in them, "
        "and when a 29 February birthday is celebrated in other years."
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.feb29_group = QButtonGroup(self)
        feb29_row = QHBoxLayout()
        feb29_row.setSpacing(16)
        self.feb29_buttons: dict[str, QRadioButton] = {}
        for value, text in FEB29_CHOICES:
            button = QRadioButton(text, objectName=f"feb29_{value}")
            self.feb29_group.addButton(button)
            self.feb29_buttons[value] = button
            feb29_row.addWidget(button)
        feb29_row.addStretch(1)
        self.reward_edit = QLineEdit(objectName="birthday_reward", maxLength=200)
        self.reward_edit.setPlaceholderText("e.g. a free coffee this week")
        self.reward_hint = QLabel(objectName="reward_hint", wordWrap=True)
        self.reward_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.templates = TemplatesEditor()
        self.preview_subject = QLabel(objectName="preview_subject", wordWrap=True)
        font = self.preview_subject.font()
        font.setBold(True)
        self.preview_subject.setFont(font)
        self.preview_body = QLabel(objectName="preview_body", wordWrap=True)
        self.preview_body.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview_body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        preview = QFrame(objectName="template_preview")
        preview.setFrameShape(QFrame.Shape.StyledPanel)
        preview.setBackgroundRole(QPalette.ColorRole.Base)
        preview.setAutoFillBackground(True)
        box = QVBoxLayout(preview)
        box.setContentsMargins(12, 8, 12, 10)
        box.addWidget(self.preview_subject)
        box.addWidget(self.preview_body)
        self.preview_caption = QLabel(
            f"Preview for a sample customer, Anna, with {SAMPLE_POINTS:,} points:",
            objectName="preview_caption",
        )
        self.preview_caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        feb29_label = QLabel("29 February:")
        feb29_label.setToolTip("In years without 29 February, such birthdays are celebrated on this day")
        form.addRow(feb29_label, feb29_row)
        reward_label = QLabel("&Reward:")
        reward_label.setBuddy(self.reward_edit)
        form.addRow(reward_label, self.reward_edit)
        form.addRow("", self.reward_hint)
        form.addRow(heading("Greeting templates"))
        form.addRow(self.templates)
        form.addRow(self.preview_caption)
        form.addRow(preview)

        self._refusal = ""
        self._default_reward = ""  # what {reward} says when the field is left empty
        self.reward_edit.textChanged.connect(self.update_preview)
        self.templates.changed.connect(self.update_preview)
        self.reload()

    # --- loading and saving -------------------------------------------------------------------------
    def reload(self) -> None:
        current = birthdays.current()
        self._default_reward = reward_text(BirthdaySettings(current.feb29, "", ()))
        self.reward_hint.setText(
            f"Left empty, {{reward}} says “{self._default_reward}” (the loyalty birthday bonus)."
            if self._default_reward
            else "Left empty, {reward} says nothing (the loyalty birthday bonus is off)."
        )
        self.show_settings(current)

    def show_settings(self, s: BirthdaySettings) -> None:
        self.feb29_buttons.get(s.feb29, self.feb29_buttons["feb28"]).setChecked(True)
        self.reward_edit.setText(s.reward)
        self.templates.set_templates(s.templates)
        self.update_preview()

    def settings(self) -> BirthdaySettings:
        """The settings as the form shows them (not validated)."""
        feb29 = next((v for v, b in self.feb29_buttons.items() if b.isChecked()), "feb28")
        return BirthdaySettings(feb29, self.reward_edit.text(), self.templates.templates())

    def save(self) -> str:
        self.templates.commit_pending_edit()
        try:
            saved = birthdays.save(self.ctx.session, self.settings())
        except ValidationError as exc:  # nothing saved; the view shows it and calls focus_field
            self._refusal = exc.message
            raise
        self.show_settings(saved)
        self.ctx.changes.notify(SETTINGS)
        count = len(saved.templates)
        return f"Birthday settings saved ({count} template{'' if count == 1 else 's'})."

    def focus_field(self, field: str) -> None:
        if field == "Reward":
            self.reward_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.reward_edit.selectAll()
        elif field == "29 February":
            self.feb29_buttons["feb28"].setFocus(Qt.FocusReason.OtherFocusReason)
        elif named := re.fullmatch(r"Template '(.*)'", field):
            said = self._refusal.split(";")[0]  # "the name is already used…" / "…in the subject; use…"
            part = "name" if said.startswith("the name") else "subject" if "subject" in said else "text"
            self.templates.focus_template(named.group(1), part=part)
        elif numbered := re.fullmatch(r"Template (\d+)", field):
            self.templates.focus_template(None, int(numbered.group(1)), part="name")
        else:
            self.templates.focus_template(None)

    # --- preview ------------------------------------------------------------------------------------
    def update_preview(self) -> None:
        template = self.templates.current()
        if template is None:
            self.preview_subject.clear()
            self.preview_body.clear()
            return
        reward = self.reward_edit.text().strip() or self._default_reward
        draft = BirthdaySettings(self.settings().feb29, reward, ())
        today = clocks.today(self.ctx.session.clock)
        subject, body = birthdays.render(template, sample_row(today), draft)
        self.preview_subject.setText(subject)
        self.preview_subject.setVisible(bool(subject))
        self.preview_body.setText(body)
