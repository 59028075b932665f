"""The Follow-ups view's controls above the table: title and New follow-up, the bucket tabs (Overdue /
Today / Upcoming / Done, each with its count), the filters (assigned staff, customer) and the action
buttons with the message line. Layout only; `FollowUpsView` loads and acts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.followups import BUCKETS, BucketCounts
from crm_desktop.ui import icons
from crm_desktop.ui.tasks import TaskRunner
from crm_desktop.ui.views.followup_actions import FollowUpActions
from crm_desktop.ui.widgets.customer_picker import CustomerPicker

TAB_TITLES = {"overdue": "&Overdue", "today": "&Today", "upcoming": "&Upcoming", "done": "Do&ne"}
TAB_TIPS = {
    "overdue": "Open follow-ups due before today (Alt+O)",
    "today": "Open follow-ups due today, any time (Alt+T)",
    "upcoming": "Open follow-ups due after today (Alt+U)",
    "done": "Done and cancelled follow-ups, the latest first (Alt+N)",
}
EVERYONE = "Everyone"


def tool_button(action: QAction, name: str) -> QToolButton:
    button = QToolButton(objectName=name)
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setMinimumHeight(28)
    return button


def follow_up_buttons(actions: FollowUpActions) -> list[QToolButton]:
    """Done, Snooze (a menu: 1 day, 1 week, pick a day), Edit, Cancel, Reopen and, where shown, Open
    customer: the buttons above a follow-up list (the view's, the profile tab's)."""
    actions.done.setIcon(icons.icon("check"))
    snooze = QToolButton(objectName="follow_up_snooze")
    snooze.setText("Snooze")
    menu = QMenu(snooze)
    for action in (actions.snooze_day, actions.snooze_week, actions.snooze_pick):
        menu.addAction(action)
    snooze.setMenu(menu)
    snooze.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    snooze.setToolTip("Snooze: 1 day (S), 1 week (W), until a day you pick (D)")
    snooze.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    snooze.setMinimumHeight(28)
    snooze.setMinimumWidth(snooze.sizeHint().width() + 14)  # room for the menu arrow beside the text
    snooze.setEnabled(actions.snooze_day.isEnabled())
    actions.snooze_day.changed.connect(lambda: snooze.setEnabled(actions.snooze_day.isEnabled()))
    buttons = [tool_button(actions.done, "follow_up_done"), snooze]
    for action, name in ((actions.edit, "follow_up_edit"), (actions.cancel, "follow_up_cancel"),
                         (actions.reopen, "follow_up_reopen")):  # fmt: skip
        buttons.append(tool_button(action, name))
    if actions.open_customer.isVisible():
        actions.open_customer.setIcon(icons.icon("customers"))
        buttons.append(tool_button(actions.open_customer, "follow_up_open_customer"))
    return buttons


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
        self.customer_picker = CustomerPicker(runner, "Any customer (type to find one)")
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

        self.buttons = follow_up_buttons(actions)
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
