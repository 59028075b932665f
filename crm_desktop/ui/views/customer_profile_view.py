"""One customer's profile: header figures, then purchases (with items), the points ledger, notes and
interactions, and follow-ups in tabs; quick actions along the top.

The Customers view hosts it in a stack and calls `show_customer(id)`; Back, Alt+Left and Esc emit
`back_requested`. A profile is one service call (`profile.profile`) on the task runner. After a write (here
or anywhere else) `ctx.changes` names what changed and the profile reloads if it shows any of it.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop import clock as clocks
from crm_desktop.services import customers, profile, settings
from crm_desktop.services.errors import NotFoundError
from crm_desktop.services.loyalty_progress import TierProgress, tier_progress
from crm_desktop.services.profile import CustomerProfile
from crm_desktop.ui import errors, icons
from crm_desktop.ui.context import (
    CUSTOMERS,
    FOLLOW_UPS,
    INTERACTIONS,
    LOYALTY,
    PURCHASES,
    SETTINGS,
    UiContext,
)
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.views.profile_cases import install_follow_up_and_case_actions
from crm_desktop.ui.views.profile_header import ProfileHeader
from crm_desktop.ui.views.profile_tabs import ProfileTabs

SHOWN = frozenset({CUSTOMERS, PURCHASES, LOYALTY, INTERACTIONS, FOLLOW_UPS, SETTINGS})
MESSAGE_MS = 6000


Loaded = tuple[CustomerProfile, settings.ShopProfile, TierProgress]


def _load(customer_id: int, today: dt.date) -> Loaded:
    return profile.profile(customer_id, today), settings.shop_profile(), tier_progress(customer_id, today)


class CustomerProfileView(QWidget):
    back_requested = Signal()
    log_purchase_requested = Signal(int)  # customer id: the walk-in panel opens with them chosen
    customer_shown = Signal(int)  # a profile is on screen (after each load)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customer_profile_view")
        self.ctx = ctx
        self.customer_id: int | None = None
        self.profile: CustomerProfile | None = None
        self.dialog: QDialog | None = None  # the dialog an action opened, while it is open
        self.last_message: tuple[str, bool] | None = None  # the last follow-up/case message posted
        self.formats = Formats(tz=ctx.session.clock.tz())
        self._request = 0
        self._stale = False

        self.header = ProfileHeader()
        self.header.merged_link_activated.connect(self.show_customer)
        self.tabs = ProfileTabs(self.formats, lambda: clocks.today(ctx.session.clock))
        self.tabs.void_button.clicked.connect(self.void_selected)

        act = self._action
        self.back_action = act("Back", ["Alt+Left", "Esc"], self.back_requested.emit, "Back to the list")
        self.log_action = act("Log purchase", ["Ctrl+Shift+P"], self._log_purchase, icon="walk_in")
        self.note_action = act("Add note", ["Ctrl+Shift+N"], self.add_note)
        self.follow_up_action = act("Add follow-up", ["Ctrl+Shift+F"], self.add_follow_up)
        self.edit_action = act("Edit", ["Ctrl+E"], self.edit)
        self.merge_action = act("Merge…", ["Ctrl+Shift+M"], self.merge, "Merge with another customer")
        self.archive_action = act("Archive", ["Ctrl+Shift+A"], self.toggle_archive)
        self.adjust_action = act("Adjust points…", ["Ctrl+Shift+J"], self.adjust_points)
        self.tabs.adjust_button.clicked.connect(self.adjust_points)
        self.tabs.adjust_button.setToolTip(self.adjust_action.toolTip())
        self.void_action = act("Void purchase…", ["Del"], self.void_selected)
        self.void_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.tabs.purchases_view.addAction(self.void_action)
        self.tabs.void_button.setToolTip(self.void_action.toolTip())
        self.follow_ups, self.cases = install_follow_up_and_case_actions(self)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.back_button = self._button(self.back_action)
        self.back_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.back_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        self.buttons: dict[str, QToolButton] = {}
        for key, action in (
            ("log", self.log_action),
            ("note", self.note_action),
            ("follow_up", self.follow_up_action),
            ("edit", self.edit_action),
            ("merge", self.merge_action),
            ("archive", self.archive_action),
        ):
            self.buttons[key] = self._button(action)
            bar.addWidget(self.buttons[key])
            if key == "follow_up":
                bar.addSpacing(12)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(bar)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        order = [self.back_button, *self.buttons.values(), self.tabs.tabBar(), self.tabs.purchases_view]
        for first, second in pairwise([*order, self.tabs.void_button]):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.tabs)  # the current tab's table, so the keys work from the start
        self._set_enabled(False)
        ctx.changes.changed.connect(self._data_changed)

    # --- building --------------------------------------------------------------------------------------
    def _action(self, text: str, keys: list[str], slot: object, tip: str = "", icon: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcuts = ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        action.setToolTip(f"{tip or text.rstrip('…')} ({shortcuts})")
        if icon:
            action.setIcon(icons.icon(icon))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def current_customer(self) -> tuple[int, str] | None:
        return (self.customer_id, self._name) if self.customer_id is not None else None

    def post_message(self, text: str, error: bool = False) -> None:
        """On the main window's status bar (the profile has no message line of its own)."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, MESSAGE_MS)
        self.last_message = (text, error)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setMinimumHeight(30)
        return button

    # --- loading ---------------------------------------------------------------------------------------
    def show_customer(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.reload()
        self.tabs.setFocus(Qt.FocusReason.OtherFocusReason)

    def reload(self) -> None:
        if self.customer_id is None:
            return
        self._stale = False
        self._request += 1
        request, today = self._request, clocks.today(self.ctx.session.clock)
        self.ctx.runner.run(
            _load,
            self.customer_id,
            today,
            on_success=lambda loaded: self._loaded(request, loaded),
            on_error=lambda exc: self._failed(request, exc),
        )

    def _loaded(self, request: int, loaded: Loaded) -> None:
        if request != self._request:
            return  # an older request answered after a newer one was made
        self.profile, shop, progress = loaded
        self.formats.update(shop, self.ctx.session.clock.tz())
        self.header.show_profile(self.profile, self.formats)
        self.header.show_tier_progress(progress, self.formats)
        self.tabs.show_profile(self.profile)
        c = self.profile.customer
        self.archive_action.setText("Restore" if c.archived_at else "Archive")
        tip = "Show in lists and search again" if c.archived_at else "Hide from lists and search"
        self.archive_action.setToolTip(f"{tip} (Ctrl+Shift+A)")
        self._set_enabled(True)
        self.customer_shown.emit(c.id)

    def _failed(self, request: int, exc: BaseException) -> None:
        if request != self._request:
            return
        if isinstance(exc, NotFoundError):
            self.back_requested.emit()
        errors.show_error(exc, self)

    def _set_enabled(self, loaded: bool) -> None:
        c = self.profile.customer if loaded and self.profile else None
        live = c is not None and c.merged_into_id is None  # a merged-away record is history only
        for action in (
            self.note_action,
            self.follow_up_action,
            self.edit_action,
            self.archive_action,
            self.adjust_action,
        ):
            action.setEnabled(live)
        self.log_action.setEnabled(live and c is not None and c.archived_at is None)
        self.merge_action.setEnabled(live and c is not None and c.archived_at is None)
        self.tabs.set_writable(live)
        self.follow_ups.set_writable(live)
        self.cases.set_writable(live)

    def _data_changed(self, entities: frozenset[str]) -> None:
        if self.customer_id is None or not entities & SHOWN:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    # --- actions ---------------------------------------------------------------------------------------
    @property
    def _name(self) -> str:
        return self.profile.customer.display_name if self.profile else ""

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def _log_purchase(self) -> None:
        if self.customer_id is not None:
            self.log_purchase_requested.emit(self.customer_id)

    def add_note(self) -> None:
        from crm_desktop.ui.dialogs.profile_dialogs import InteractionDialog

        if self.customer_id is not None:
            self._open(InteractionDialog(self.ctx, self.customer_id, self._name, self))

    def add_follow_up(self) -> None:
        from crm_desktop.ui.dialogs.followup_dialog import FollowUpDialog

        if self.customer_id is not None:
            self._open(FollowUpDialog(self.ctx, self, customer=(self.customer_id, self._name)))

    def edit(self) -> None:
        from crm_desktop.ui.dialogs.customer_dialog import CustomerDialog

        if self.customer_id is not None:
            dialog = CustomerDialog(self.ctx, self.customer_id, parent=self)
            dialog.open_customer_requested.connect(self.show_customer)
            self._open(dialog)

    def merge(self) -> None:
        from crm_desktop.ui.dialogs.merge_dialog import MergeDialog

        if self.customer_id is not None:
            dialog = MergeDialog(self.ctx, self.customer_id, parent=self)
            dialog.merged.connect(self.show_customer)
            self._open(dialog)

    def adjust_points(self) -> None:
        from crm_desktop.ui.dialogs.adjust_points_dialog import AdjustPointsDialog

        if self.profile is not None and self.adjust_action.isEnabled():
            balance = self.profile.customer.points_balance
            self._open(AdjustPointsDialog(self.ctx, self.profile.customer.id, self._name, balance, self))

    def void_selected(self) -> None:
        from crm_desktop.ui.dialogs.profile_dialogs import VoidDialog

        purchase = self.tabs.selected_purchase()
        if purchase is not None and self.tabs.void_button.isEnabled():
            self._open(VoidDialog(self.ctx, purchase, self.formats, self))

    def toggle_archive(self) -> None:
        if self.profile is None or not self.archive_action.isEnabled():
            return
        c = self.profile.customer
        restoring = c.archived_at is not None
        box = QMessageBox(self)
        box.setObjectName("archive_confirmation")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Restore customer" if restoring else "Archive customer")
        box.setText(f"{'Restore' if restoring else 'Archive'} {c.display_name}?")
        box.setInformativeText(
            "They will show in lists and search again."
            if restoring
            else "They disappear from lists and search; nothing is deleted, and you can restore them later."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText("Restore" if restoring else "Archive")
        box.setDefaultButton(yes)
        box.buttonClicked.connect(lambda button: self._archive(c.id, restoring) if button is yes else None)
        self._open(box)

    def _archive(self, customer_id: int, restoring: bool) -> None:
        write = customers.restore if restoring else customers.archive
        self.ctx.runner.run(
            write,
            self.ctx.session,
            customer_id,
            on_success=lambda _none: self.ctx.changes.notify(CUSTOMERS),
            on_error=lambda exc: errors.show_error(exc, self),
        )
