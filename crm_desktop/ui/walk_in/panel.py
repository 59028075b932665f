"""The walk-in panel: a non-modal dialog over the main window that F2 opens from anywhere.

A regular customer takes: F2, a few digits, Enter, the amount, Enter. The panel then says what was saved
and is back at the search field for the next customer; Esc steps back (from the sale to the search) or,
on the search step, closes it.

Why a dialog and not a panel inside the main window: it is its own window, so whichever view is open stays
visible and untouched beneath it (the profile being read, the list being filtered), it can sit beside the
main window on a second screen at the counter, and Esc/Enter, focus and stacking follow the platform's
dialog conventions without a focus trap of our own. It is non-modal, so the main window stays usable.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QStackedWidget, QVBoxLayout, QWidget

from crm_desktop.services import customers, purchases, settings
from crm_desktop.services.customers import CustomerDetails, CustomerInput
from crm_desktop.services.errors import ServiceError, ValidationError
from crm_desktop.services.purchases import PurchaseInput, PurchaseResult
from crm_desktop.services.search import SearchHit
from crm_desktop.ui import errors, ui_settings
from crm_desktop.ui.context import CUSTOMERS, LOYALTY, PURCHASES, SETTINGS, UiContext
from crm_desktop.ui.walk_in.customer_step import CustomerStep
from crm_desktop.ui.walk_in.new_customer_step import NewCustomerStep
from crm_desktop.ui.walk_in.purchase_step import PurchaseStep

FIND, NEW, SALE = 0, 1, 2
DEFAULT_SIZE = (760, 540)


def points_text(points: int, tier: str | None) -> str:
    return f"{points} point{'' if points == 1 else 's'}" + (f" · {tier}" if tier else "")


def confirmation(
    result: PurchaseResult, money_text: str, new_customer: bool, points_value_text: str = ""
) -> str:
    """'Saved: £12.50 for José Müller — −100 points (−£5.00), +12 points, balance 340'."""
    if result.customer_id is None:
        return f"Saved: {money_text} — anonymous sale, no points"
    new = " (new customer)" if new_customer else ""
    redeemed = result.points_redeemed
    used = ""
    if redeemed:
        value = f" (\u2212{points_value_text})" if points_value_text else ""
        used = f"\u2212{redeemed} point{'' if redeemed == 1 else 's'}{value}, "
    return (
        f"Saved: {money_text} for {result.customer_name}{new} — {used}"
        f"+{result.points_earned} point{'' if result.points_earned == 1 else 's'}, "
        f"balance {result.points_balance}"
    )


class WalkInPanel(QDialog):
    sale_saved = Signal(object)  # PurchaseResult
    profile_requested = Signal(int)  # "Open profile" after a sale

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("walk_in_panel")
        self.setWindowTitle("Walk-in")
        self.setModal(False)
        money = settings.shop_profile().money
        self.customer_step = CustomerStep(ctx)
        self.new_customer_step = NewCustomerStep(ctx)
        self.purchase_step = PurchaseStep(ctx, money)
        self.steps = QStackedWidget()
        for step in (self.customer_step, self.new_customer_step, self.purchase_step):
            self.steps.addWidget(step)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(self.steps)

        self.customer_step.customer_picked.connect(self._hit_picked)
        self.customer_step.new_customer_requested.connect(self._new_customer)
        self.customer_step.anonymous_requested.connect(self._anonymous)
        self.customer_step.banner.profile_requested.connect(self._open_profile)
        self.new_customer_step.submitted.connect(self._new_customer_checked)
        self.new_customer_step.existing_picked.connect(self.open_for_customer)
        self.purchase_step.submitted.connect(self._save)
        self.purchase_step.back_requested.connect(self.back_to_search)
        ctx.changes.changed.connect(self._data_changed)

        self._customer_id: int | None = None
        self._new_customer_input: CustomerInput | None = None
        self._placed = False
        self.resize(*DEFAULT_SIZE)

    # --- entry points ---------------------------------------------------------------------------------
    def start(self) -> None:
        """F2: show the panel (at the search step when it was closed) with the cursor in its main field."""
        if not self.isVisible():
            self._show_step(FIND)
            self.customer_step.reset()
            self._place()
            self.show()
        self.raise_()
        self.activateWindow()
        self.focus_main_field()

    def open_for_customer(self, customer_id: int) -> None:
        """Log a purchase for a known customer (from their profile): straight to the sale step."""
        if not self.isVisible():
            self._place()
            self.show()
        self.raise_()
        self.activateWindow()
        self.ctx.runner.run(customers.get, customer_id, on_success=self._details_loaded)

    @property
    def step(self) -> int:
        return self.steps.currentIndex()

    def focus_main_field(self) -> None:
        if self.step == FIND:
            self.customer_step.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.customer_step.search_edit.selectAll()
        elif self.step == SALE:
            self.purchase_step.focus_main_field()
        else:
            self.new_customer_step.first_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def back_to_search(self) -> None:
        self._show_step(FIND)
        self.focus_main_field()

    # --- choosing the customer ------------------------------------------------------------------------
    def _hit_picked(self, hit: SearchHit) -> None:
        self._sell_to(hit.id, hit.name, points_text(hit.points, hit.tier), points=hit.points)

    def _details_loaded(self, details: CustomerDetails) -> None:
        detail = points_text(details.points_balance, details.tier)
        if details.visits:
            detail += f" · {details.visits} visit{'' if details.visits == 1 else 's'}"
        if details.archived_at is not None:
            detail += " · archived: restore them to log a sale"
        self._sell_to(details.id, details.display_name, detail, points=details.points_balance)

    def _sell_to(
        self,
        customer_id: int | None,
        name: str,
        detail: str,
        new: CustomerInput | None = None,
        points: int = 0,
    ) -> None:
        self._customer_id, self._new_customer_input = customer_id, new
        self.customer_step.banner.clear()  # the last sale's confirmation stays until the next sale starts
        self.purchase_step.set_money(settings.shop_profile().money)
        payment = self.ctx.settings.get(ui_settings.WALK_IN_PAYMENT_METHOD)
        self.purchase_step.start(name, detail, payment, customer_id, points)
        self._show_step(SALE)
        self.purchase_step.focus_main_field()

    def _new_customer(self, typed: str) -> None:
        self._show_step(NEW)
        self.new_customer_step.start(typed)

    def _new_customer_checked(self, data: CustomerInput) -> None:
        name = customers.display_name(data.first_name, data.last_name, data.email, data.phone)
        self._sell_to(None, name, "New customer · 0 points so far", new=data)

    def _anonymous(self) -> None:
        self._sell_to(None, "No customer", "Anonymous sale: no points are given")

    # --- saving ---------------------------------------------------------------------------------------
    def _save(self, data: PurchaseInput) -> None:
        data = dataclasses.replace(data, customer_id=self._customer_id)
        new = self._new_customer_input
        self.purchase_step.set_busy(True)
        session = self.ctx.session
        if new is not None:
            self.ctx.runner.run(
                purchases.walk_in, session, new, data, on_success=self._saved, on_error=self._refused
            )
        else:
            self.ctx.runner.run(
                purchases.log_purchase, session, data, on_success=self._saved, on_error=self._refused
            )

    def _saved(self, result: PurchaseResult) -> None:
        self.ctx.changes.notify(CUSTOMERS, PURCHASES, LOYALTY)
        self.ctx.settings.set(ui_settings.WALK_IN_PAYMENT_METHOD, self.purchase_step.payment_method)
        money = self.purchase_step.money
        value_cents = getattr(result, "points_value_cents", None) or self.purchase_step.points_box.value_cents
        value = money.format(value_cents) if result.points_redeemed else ""
        text = confirmation(
            result, money.format(result.total_cents), self._new_customer_input is not None, value
        )
        self._customer_id = self._new_customer_input = None
        self.purchase_step.set_busy(False)
        self.customer_step.reset()
        self.customer_step.banner.show_saved(text, result.customer_id)
        self.back_to_search()
        self.sale_saved.emit(result)

    def _refused(self, exc: BaseException) -> None:
        self.purchase_step.set_busy(False)
        if isinstance(exc, ValidationError):
            if self._new_customer_input is not None and exc.field in self.new_customer_step.fields:
                self._show_step(NEW)
                self.new_customer_step.show_refusal(exc)
            else:
                self.purchase_step.show_refusal(exc)
        elif isinstance(exc, ServiceError):
            self.purchase_step.message.show_error(str(exc))
        else:
            errors.show_error(exc, self)

    # --- the rest -------------------------------------------------------------------------------------
    def _open_profile(self, customer_id: int) -> None:
        self.profile_requested.emit(customer_id)
        self.close()

    def _data_changed(self, entities: frozenset[str]) -> None:
        if CUSTOMERS in entities and self.isVisible() and self.step == FIND:
            self.customer_step.refresh()
        if SETTINGS in entities:
            self.purchase_step.set_money(settings.shop_profile().money)

    def _show_step(self, step: int) -> None:
        self.steps.setCurrentIndex(step)

    def _place(self) -> None:
        if self._placed:
            return
        self._placed = True
        geometry = self.ctx.settings.get(ui_settings.WALK_IN_GEOMETRY)
        if geometry and self.restoreGeometry(QByteArray(geometry)):
            return
        parent = self.parentWidget()
        if parent is not None:
            self.move(parent.frameGeometry().center() - self.rect().center())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.step != FIND:
            self.back_to_search()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:  # Esc on the search step, or the window's close button
        self._remember_geometry()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._remember_geometry()
        super().closeEvent(event)

    def _remember_geometry(self) -> None:
        self.ctx.settings.set(ui_settings.WALK_IN_GEOMETRY, bytes(self.saveGeometry().data()))
