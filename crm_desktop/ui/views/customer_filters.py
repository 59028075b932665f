"""The filters above the Customers table: tag, consent, birthday this month, archived. They only describe
a `ListQuery`; the filtering itself runs in SQL (`services/customer_list.py`)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QWidget

from crm_desktop.services.customer_list import ListQuery

ALL_TAGS = "All tags"
CONSENTS: tuple[tuple[str, str | None], ...] = (
    ("Any consent", None),
    ("Email consent", "email"),
    ("SMS consent", "sms"),
)


class CustomerFilters(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag_combo = QComboBox(objectName="customer_tag_filter")
        self.tag_combo.setAccessibleName("Tag")
        self.tag_combo.setToolTip("Only customers with this tag")
        self.tag_combo.setMinimumContentsLength(12)
        self.tag_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.tag_combo.addItem(ALL_TAGS, None)
        self.consent_combo = QComboBox(objectName="customer_consent_filter")
        self.consent_combo.setAccessibleName("Consent")
        self.consent_combo.setToolTip("Only customers who agreed to be contacted this way")
        for title, value in CONSENTS:
            self.consent_combo.addItem(title, value)
        self.birthday_check = QCheckBox("Birthday this month", objectName="customer_birthday_filter")
        self.birthday_check.setToolTip("Only customers whose birthday falls in the current month")
        self.archived_check = QCheckBox("Archived", objectName="customer_archived_filter")
        self.archived_check.setToolTip("Show archived customers instead of active ones")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        for widget in (self.tag_combo, self.consent_combo, self.birthday_check, self.archived_check):
            layout.addWidget(widget)
        self.tag_combo.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.consent_combo.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.birthday_check.toggled.connect(lambda _: self.changed.emit())
        self.archived_check.toggled.connect(lambda _: self.changed.emit())

    @property
    def tag(self) -> str | None:
        return self.tag_combo.currentData()

    def set_tags(self, tags: list[str]) -> None:
        """Offer these tags, keeping the chosen one (it stays offered even if no customer has it now)."""
        chosen = self.tag
        names = list(tags)
        if chosen is not None and chosen not in names:
            names.append(chosen)
        blocked = self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem(ALL_TAGS, None)
        for name in names:
            self.tag_combo.addItem(name, name)
        self.tag_combo.setCurrentIndex(max(self.tag_combo.findData(chosen), 0))
        self.tag_combo.blockSignals(blocked)

    def select_tag(self, tag: str | None) -> None:
        self.tag_combo.setCurrentIndex(max(self.tag_combo.findData(tag), 0))

    def select_consent(self, consent: str | None) -> None:
        self.consent_combo.setCurrentIndex(max(self.consent_combo.findData(consent), 0))

    def apply(self, query: ListQuery) -> ListQuery:
        return dataclasses.replace(
            query,
            tag=self.tag,
            archived=self.archived_check.isChecked(),
            birthday_this_month=self.birthday_check.isChecked(),
            consent=self.consent_combo.currentData(),
        )
