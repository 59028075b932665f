"""The Follow-ups view's controls above the table: title and New follow-up, the bucket tabs (Overdue /
Today / Upcoming / Done, each with its count), the filters (assigned staff, customer) and the action
buttons with the message line. Layout only; `FollowUpsView` loads and acts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.followups import BUCKETS, BucketCounts
from crm_desktop.ui import icons
from crm_desktop.ui.tasks import TaskRunner
from crm_desktop.ui.views.followup_actions import FollowUpActions, tool_button
from crm_desktop.ui.widgets.customer_picker import CustomerPicker

TAB_TITLES = {"overdue": "&Overdue", "today": "&Today", "upcoming": "&Upcoming", "done": "Do&ne"}
TAB_TIPS = {
    "overdue": "Open follow-ups due before today (Alt+O)",
    "today": "Open follow-ups due today, any time (Alt+T)",
    "upcoming": "Open follow-ups due after today (Alt+U)",
    "done": "Done and cancelled follow-ups, the latest first (Alt+N)",
}
EVERYONE = "Everyone"


class FollowUpsControls(QWidget):
    def __init__(self, actions: FollowUpActions, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Follow-ups")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        actions.new.setIcon(icons.icon("add"))
        self.new_button = tool_button(actions.new, "new_follow_up_button")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self.tabs = QTabBar(objectName="follow_up_buckets")
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        for number, bucket in enumerate(BUCKETS):
            self.tabs.addTab(TAB_TITLES[bucket])
            self.tabs.setTabToolTip(number, TAB_TIPS[bucket])

        self.staff_combo = QComboBox(objectName="follow_up_staff_filter")
        self.staff_combo.setAccessibleName("Assigned to")
        self.staff_combo.setToolTip("Show the follow-ups assigned to one person, or everyone's")
        self.staff_combo.addItem(EVERYONE, None)
        self.staff_combo.setMinimumWidth(150)
        self.customer_picker = CustomerPicker(runner, "Any customer — type a name, phone or card")
        self.customer_picker.setObjectName("follow_up_customer_filter")
        self.customer_picker.setAccessibleName("Only this customer")
        self.customer_picker.setMinimumWidth(260)
        self.customer_picker.setMaximumWidth(360)
        staff_label = QLabel("&Assigned to:")
        staff_label.setBuddy(self.staff_combo)
        customer_label = QLabel("&Customer:")
        customer_label.setBuddy(self.customer_picker)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.tabs)
        filters.addStretch(1)
        filters.addWidget(staff_label)
        filters.addWidget(self.staff_combo)
        filters.addSpacing(10)
        filters.addWidget(customer_label)
        filters.addWidget(self.customer_picker)

        self.buttons = actions.make_buttons()
        self.message = QLabel(objectName="follow_ups_message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        for button in self.buttons:
            bar.addWidget(button)
        bar.addSpacing(12)
        bar.addWidget(self.message, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(bar)

    def show_counts(self, counts: BucketCounts) -> None:
        for number, bucket in enumerate(BUCKETS):
            count = getattr(counts, bucket)
            self.tabs.setTabText(number, f"{TAB_TITLES[bucket]} ({count:,})")

    def set_staff(self, staff: list[tuple[int, str]]) -> None:
        """The staff filter's choices; keeps the current one while it is still listed."""
        current = self.staff_combo.currentData()
        choices = [(None, EVERYONE), *staff]
        if [
            (self.staff_combo.itemData(n), self.staff_combo.itemText(n))
            for n in range(self.staff_combo.count())
        ] == choices:
            return
        blocked = self.staff_combo.blockSignals(True)
        self.staff_combo.clear()
        for staff_id, name in choices:
            self.staff_combo.addItem(name, staff_id)
        self.staff_combo.setCurrentIndex(max(0, self.staff_combo.findData(current)))
        self.staff_combo.blockSignals(blocked)

    def show_message(self, text: str, error: bool, color: QColor) -> None:
        palette = self.message.palette()
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.message.setPalette(palette)
        self.message.setProperty("error", error)
        self.message.setText(text)
