"""Service cases on the profile's Notes & interactions tab: a complaint or request opened as a case
(`cases.open_case`) and moved between open, waiting and resolved (`cases.set_status`; resolving records
when, which gives the resolution time). Each is one call on the task runner, then
`ctx.changes.notify(INTERACTIONS)`; the profile (and the Today view's open cases) reload from that.

Keys on the interactions table: C opens the selected complaint or request as a case; the status buttons'
menu and the table's context menu set the status. `install_follow_up_and_case_actions` also gives the
profile's Follow-ups tab the Follow-ups view's actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QMenu, QToolButton, QWidget

from crm_desktop.services import cases
from crm_desktop.services.cases import CASE_KINDS, CASE_STATUSES, CaseRow
from crm_desktop.services.errors import ServiceError
from crm_desktop.services.profile import InteractionLine
from crm_desktop.ui import errors
from crm_desktop.ui.context import INTERACTIONS, UiContext
from crm_desktop.ui.views.followup_actions import FollowUpActions
from crm_desktop.ui.views.followups_controls import follow_up_buttons
from crm_desktop.ui.widgets.table_keys import TableKeys, make_action

if TYPE_CHECKING:
    from crm_desktop.ui.views.customer_profile_view import CustomerProfileView

STATUS_TIPS = {
    "open": "Being worked on",
    "waiting": "Waiting for the customer, a supplier or a part",
    "resolved": "Done: the resolution time counts to now",
}


class CaseActions(QObject):
    message_posted = Signal(str, bool)  # text, is_error

    def __init__(self, ctx: UiContext, host: QWidget, selected: Callable[[], InteractionLine | None]) -> None:
        super().__init__(host)
        self.ctx = ctx
        self.host = host
        self.selected = selected
        self.writable = True
        self.open_case = make_action(host, "Open as case", ["C"], self.open_selected,
                                     "Follow this complaint or request as a service case")  # fmt: skip
        self.open_case.setObjectName("open_case_action")
        self.status_actions: dict[str, QAction] = {}
        for status in CASE_STATUSES:
            action = make_action(host, f"Case {status}", [], lambda _checked=False, s=status: self.set_status(s),
                                 STATUS_TIPS[status])  # fmt: skip
            action.setCheckable(True)
            self.status_actions[status] = action
        self.status_menu = QMenu(host)
        self.status_menu.setObjectName("case_status_menu")
        for action in self.status_actions.values():
            self.status_menu.addAction(action)
        self.open_button = QToolButton(objectName="open_case_button")
        self.open_button.setDefaultAction(self.open_case)
        self.status_button = QToolButton(objectName="case_status_button")
        self.status_button.setText("Case s&tatus")
        self.status_button.setToolTip("Set the case's status: open, waiting or resolved (Alt+T)")
        self.status_button.setMenu(self.status_menu)
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        for button in (self.open_button, self.status_button):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.update_enabled()

    def attach(self, table: QAbstractItemView) -> TableKeys:
        keys = TableKeys(table, [self.open_case])
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(lambda pos: self.show_menu(table, pos))
        return keys

    def show_menu(self, table: QAbstractItemView, pos: QPoint) -> None:
        self.update_enabled()
        menu = QMenu(self.host)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.open_case)
        menu.addSeparator()
        for action in self.status_actions.values():
            menu.addAction(action)
        menu.popup(table.viewport().mapToGlobal(pos))

    def set_writable(self, writable: bool) -> None:
        self.writable = writable
        self.update_enabled()

    def update_enabled(self) -> None:
        line = self.selected()
        can_be_case = line is not None and line.kind in CASE_KINDS and self.writable
        self.open_case.setEnabled(can_be_case and line is not None and line.case_status is None)
        is_case = line is not None and line.case_status is not None and self.writable
        self.status_button.setEnabled(is_case)
        for status, action in self.status_actions.items():
            action.setEnabled(is_case)
            action.setChecked(line is not None and line.case_status == status)

    # --- writes -----------------------------------------------------------------------------------------
    def open_selected(self) -> None:
        line = self.selected()
        if line is not None and self.open_case.isEnabled():
            self._write(cases.open_case, line.id)

    def set_status(self, status: str) -> None:
        line = self.selected()
        if line is not None and line.case_status is not None and self.writable:
            self._write(cases.set_status, line.id, status)

    def _write(self, fn: Callable[..., CaseRow], *args: object) -> None:
        def done(case: CaseRow) -> None:
            self.ctx.changes.notify(INTERACTIONS)
            self.message_posted.emit(f"Case {case.status}: {case.kind} of {case.customer_name}.", False)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ServiceError):
                self.message_posted.emit(str(exc), True)
                self.ctx.changes.notify(INTERACTIONS)
            else:
                errors.show_error(exc, self.host)

        self.ctx.runner.run(fn, self.ctx.session, *args, on_success=done, on_error=failed)


def install_follow_up_and_case_actions(view: CustomerProfileView) -> tuple[FollowUpActions, CaseActions]:
    """The profile's Follow-ups tab gets the Follow-ups view's keys and buttons (`FollowUpActions`, new
    ones for this customer); its Notes tab the case actions. Messages go to `view.post_message`."""
    tabs = view.tabs
    follow_ups = FollowUpActions(view.ctx, view, tabs.selected_follow_up, customer=view.current_customer,
                                 can_open_customer=False)  # fmt: skip
    follow_ups.attach(tabs.follow_ups_view)
    for button in follow_up_buttons(follow_ups):
        tabs.follow_ups_bar.addWidget(button)
    case_actions = CaseActions(view.ctx, view, tabs.selected_interaction)
    case_actions.attach(tabs.interactions_view)
    tabs.interactions_bar.addWidget(case_actions.open_button)
    tabs.interactions_bar.addWidget(case_actions.status_button)
    pairs: tuple[tuple[FollowUpActions | CaseActions, QAbstractItemView], ...] = (
        (follow_ups, tabs.follow_ups_view),
        (case_actions, tabs.interactions_view),
    )
    for actions, table in pairs:
        table.selectionModel().currentRowChanged.connect(lambda *_, a=actions: a.update_enabled())
        table.model().modelReset.connect(actions.update_enabled)
        actions.message_posted.connect(view.post_message)
    return follow_ups, case_actions
