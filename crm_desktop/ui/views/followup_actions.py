"""What can be done to the selected follow-up, as `QAction`s with their keys, shared by every follow-up
list (the Follow-ups view, the customer profile's Follow-ups tab):

    Space done · S snooze a day · W snooze a week · D snooze to a picked day · Enter open the customer ·
    Ctrl+E edit · Del cancel (after asking) · R reopen · Ctrl+N new follow-up

`attach(table)` gives a table the keys and a context menu. Its keys are claimed before any window or view
shortcut (`ShortcutOverride`), so Ctrl+E on the list edits the follow-up, not the customer around it. Each
write is one service call on the task runner, then `ctx.changes.notify(FOLLOW_UPS)`; the lists reload from
that. A refusal (`ServiceError`) is posted as an error message, never a crash dialog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QDate, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QDialog, QMenu, QMessageBox, QWidget

from crm_desktop import clock as clocks
from crm_desktop.services import followups
from crm_desktop.services.errors import ServiceError, ValidationError
from crm_desktop.services.followups import Completion, FollowUpRow
from crm_desktop.ui import errors
from crm_desktop.ui.context import FOLLOW_UPS, UiContext
from crm_desktop.ui.dialogs.form_dialog import describe
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.widgets.table_keys import TableKeys, make_action

SHORT_DAY = "d MMM"


class Selected(Protocol):
    """What the actions need of a row (a `FollowUpRow`, or the profile's shorter line)."""

    id: int
    title: str
    status: str
    due_date: dt.date


class FollowUpActions(QObject):
    message_posted = Signal(str, bool)  # text, is_error
    customer_requested = Signal(int)

    def __init__(
        self,
        ctx: UiContext,
        host: QWidget,
        selected: Callable[[], Selected | None],
        *,
        customer: Callable[[], tuple[int, str] | None] = lambda: None,
        can_open_customer: bool = True,
    ) -> None:
        """`customer`: the customer new follow-ups are for, fixed in the dialog (a profile's)."""
        super().__init__(host)
        self.ctx = ctx
        self.host = host
        self.selected = selected
        self.customer = customer
        self.formats = Formats(tz=ctx.session.clock.tz())
        self.dialog: QDialog | None = None  # the dialog an action opened, while it is open
        self.writable = True
        act = self._action
        self.done = act("Done", ["Space"], self.complete, "Mark as done; a repeating one makes the next")
        self.snooze_day = act("Snooze 1 day", ["S"], lambda: self.snooze_days(1), "Due again tomorrow")
        self.snooze_week = act("Snooze 1 week", ["W"], lambda: self.snooze_days(7), "Due again in a week")
        self.snooze_pick = act("Snooze until…", ["D"], self.snooze_to_picked, "Due again on a day you pick")
        self.open_customer = act(
            "Open customer", ["Return", "Enter"], self._open_customer, "Open their profile"
        )
        self.open_customer.setVisible(can_open_customer)
        self.edit = act("Edit…", ["Ctrl+E"], self.edit_selected, "Edit this follow-up")
        self.cancel = act("Cancel follow-up…", ["Del"], self.confirm_cancel, "Cancel it (asks first)")
        self.reopen = act("Reopen", ["R"], self.reopen_selected, "Open a done or cancelled one again")
        self.new = act("New follow-up…", ["Ctrl+N"], self.new_follow_up, "Add a follow-up")
        self.row_actions = (self.done, self.snooze_day, self.snooze_week, self.snooze_pick, self.open_customer,
                            self.edit, self.cancel, self.reopen)  # fmt: skip
        self.update_enabled()

    def _action(self, text: str, keys: list[str], slot: Callable[[], object], tip: str) -> QAction:
        return make_action(self.host, text, keys, slot, tip)

    # --- the table --------------------------------------------------------------------------------------
    def attach(self, table: QAbstractItemView) -> TableKeys:
        """Keys on `table` (claimed before other shortcuts) and its context menu."""
        keys = TableKeys(table, [*self.row_actions, self.new])
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(lambda pos: self.show_menu(table, pos))
        table.doubleClicked.connect(lambda _index: self._double_clicked())
        return keys

    def menu(self) -> QMenu:
        menu = QMenu(self.host)
        menu.setObjectName("follow_up_menu")
        for action in self.row_actions:
            if action.isVisible():
                menu.addAction(action)
            if action in (self.snooze_pick, self.open_customer):
                menu.addSeparator()
        menu.addSeparator()
        menu.addAction(self.new)
        return menu

    def show_menu(self, table: QAbstractItemView, pos: QPoint) -> None:
        self.update_enabled()
        menu = self.menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(table.viewport().mapToGlobal(pos))

    def _double_clicked(self) -> None:
        if self.open_customer.isVisible() and self.open_customer.isEnabled():
            self.open_customer.trigger()
        elif self.edit.isEnabled():
            self.edit.trigger()

    # --- state ------------------------------------------------------------------------------------------
    def set_writable(self, writable: bool) -> None:
        self.writable = writable
        self.update_enabled()

    def update_enabled(self) -> None:
        row = self.selected()
        is_open = row is not None and row.status == "open" and self.writable
        for action in (
            self.done,
            self.snooze_day,
            self.snooze_week,
            self.snooze_pick,
            self.edit,
            self.cancel,
        ):
            action.setEnabled(is_open)
        self.reopen.setEnabled(row is not None and row.status != "open" and self.writable)
        self.open_customer.setEnabled(row is not None and getattr(row, "customer_id", None) is not None)
        self.new.setEnabled(self.writable)

    def today(self) -> dt.date:
        return clocks.today(self.ctx.session.clock)

    # --- writes -----------------------------------------------------------------------------------------
    def _write(self, fn: Callable[..., Any], *args: Any, said: Callable[[Any], str]) -> None:
        def done(result: Any) -> None:
            self.ctx.changes.notify(FOLLOW_UPS)
            self.message_posted.emit(said(result), False)

        self.ctx.runner.run(fn, self.ctx.session, *args, on_success=done, on_error=self._refused)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.message_posted.emit(describe(exc), True)
        elif isinstance(exc, ServiceError):
            self.message_posted.emit(str(exc), True)
        else:
            errors.show_error(exc, self.host)
        self.ctx.changes.notify(FOLLOW_UPS)  # e.g. done elsewhere meanwhile: show what is there now

    def _open_row(self) -> Selected | None:
        row = self.selected()
        return row if row is not None and row.status == "open" and self.writable else None

    def complete(self) -> None:
        row = self._open_row()
        if row is not None:
            self._write(followups.complete, row.id, said=self._completed)

    def _completed(self, completion: Completion) -> str:
        if completion.next is not None:
            return f"Done — next one due {self._day(completion.next.due_date)}."
        return f"Done: {completion.done.title}."

    def _day(self, day: dt.date) -> str:
        """'22 Jun' this year, '3 Jan 2027' otherwise."""
        if day.year != self.today().year:
            return self.formats.date(day)
        return self.formats.locale.toString(QDate(day.year, day.month, day.day), SHORT_DAY)

    def snooze_days(self, days: int) -> None:
        row = self._open_row()
        if row is not None:
            self.snooze_to(row, self.today() + dt.timedelta(days=days))

    def snooze_to(self, row: Selected, until: dt.date) -> None:
        self._write(
            followups.snooze,
            row.id,
            until,
            said=lambda r: f"Snoozed until {self._day(r.due_date)}: {r.title}.",
        )

    def snooze_to_picked(self) -> None:
        from crm_desktop.ui.dialogs.snooze_dialog import SnoozeDialog

        row = self._open_row()
        if row is not None:
            dialog = SnoozeDialog(row.title, self.today(), row.due_date, self.host)
            dialog.date_chosen.connect(lambda day: self.snooze_to(row, day))
            self._open(dialog)

    def confirm_cancel(self) -> None:
        row = self._open_row()
        if row is None:
            return
        box = QMessageBox(self.host)
        box.setObjectName("cancel_follow_up_confirmation")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Cancel follow-up")
        box.setText(f"Cancel “{row.title}”?")
        box.setInformativeText("It moves to the Done tab as cancelled; Reopen (R) brings it back.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText("Cancel follow-up")
        box.button(QMessageBox.StandardButton.No).setText("Keep it")
        box.setDefaultButton(yes)
        box.buttonClicked.connect(lambda button: self._cancel(row) if button is yes else None)
        self._open(box)

    def _cancel(self, row: Selected) -> None:
        self._write(followups.cancel, row.id, said=lambda r: f"Cancelled: {r.title}.")

    def reopen_selected(self) -> None:
        row = self.selected()
        if row is not None and row.status != "open" and self.writable:
            self._write(
                followups.reopen, row.id, said=lambda r: f"Reopened: {r.title}, due {self._day(r.due_date)}."
            )

    # --- dialogs and navigation ---------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def new_follow_up(self) -> None:
        from crm_desktop.ui.dialogs.followup_dialog import FollowUpDialog

        if self.writable:
            dialog = FollowUpDialog(self.ctx, self.host, customer=self.customer())
            dialog.saved.connect(
                lambda r: self.message_posted.emit(f"Added: {r.title}, due {self._day(r.due_date)}.", False)
            )
            self._open(dialog)

    def edit_selected(self) -> None:
        row = self._open_row()
        if row is None:
            return
        if isinstance(row, FollowUpRow):
            self._edit(row)
        else:
            self.ctx.runner.run(followups.get, row.id, on_success=self._edit, on_error=self._refused)

    def _edit(self, row: FollowUpRow) -> None:
        from crm_desktop.ui.dialogs.followup_dialog import FollowUpDialog

        dialog = FollowUpDialog(self.ctx, self.host, follow_up=row, customer=self.customer())
        dialog.saved.connect(lambda r: self.message_posted.emit(f"Saved: {r.title}.", False))
        self._open(dialog)

    def _open_customer(self) -> None:
        row = self.selected()
        customer_id = getattr(row, "customer_id", None)
        if customer_id is not None:
            self.customer_requested.emit(customer_id)
