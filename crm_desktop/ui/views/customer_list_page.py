"""The list page of the Customers view: title and New customer, the search field, the filters and the
count, and the table. Layout and keys only; the view runs the queries.

Keys: Enter in the search field asks for the top hit, Down moves into the list, Esc clears the field; Up
on the first row comes back to the field."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from crm_desktop.ui import icons
from crm_desktop.ui.models.customer_table_model import CustomerTableModel
from crm_desktop.ui.ui_settings import UiSettings
from crm_desktop.ui.views.customer_filters import CustomerFilters
from crm_desktop.ui.views.customer_table import CustomerTable

SEARCH_PLACEHOLDER = "Filter: name, phone, email, tag, card"


class CustomerListPage(QWidget):
    top_hit_requested = Signal()  # Enter in the search field

    def __init__(
        self,
        model: CustomerTableModel,
        settings: UiSettings,
        new_shortcut: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customers_list_page")
        title = QLabel("Customers")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        self.new_button = QPushButton(icons.icon("add"), "New customer", objectName="new_customer_button")
        self.new_button.setToolTip(f"New customer ({new_shortcut})")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self.search_field = QLineEdit(objectName="customer_search")
        self.search_field.setAccessibleName("Filter customers")
        self.search_field.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_field.setToolTip(
            "Type to filter the list. Enter opens the first match; Down moves into the list."
        )
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(280)
        self.search_field.setMaximumWidth(380)
        self.search_field.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_field.installEventFilter(self)
        self.filters = CustomerFilters()
        self.count_label = QLabel("Loading…", objectName="customer_count")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar = QHBoxLayout()
        bar.setSpacing(12)
        bar.addWidget(self.search_field, 1)
        bar.addWidget(self.filters)
        bar.addStretch(0)
        bar.addWidget(self.count_label)

        self.table = CustomerTable(model, settings)
        self.table.left_at_top.connect(lambda: self.search_field.setFocus(Qt.FocusReason.OtherFocusReason))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        f = self.filters
        chain = [self.search_field, f.tag_combo, f.consent_combo, f.birthday_check, f.archived_check]
        for first, second in itertools.pairwise([*chain, self.table, self.new_button]):
            QWidget.setTabOrder(first, second)

    def show_count(self, text: str, empty_text: str) -> None:
        """The count beside the filters; `empty_text` is shown over the table when it has no rows."""
        self.count_label.setText(text)
        self.table.set_empty_text(empty_text)

    def enter_list(self) -> None:
        """Focus the table, on its selected row or else the first."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.table.selected_id() is None:
            self.table.select_row(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_field and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.top_hit_requested.emit()
                return True
            if key == Qt.Key.Key_Down:
                self.enter_list()
                return True
            if key == Qt.Key.Key_Escape and self.search_field.text():
                self.search_field.clear()
                return True
        return super().eventFilter(watched, event)
