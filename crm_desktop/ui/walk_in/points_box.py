"""Walk-in sale step: paying part of a sale with points. "Use points" (Alt+P) ticks the box and offers the
most the sale can take (`loyalty.max_redeemable` for the customer and the total so far); the points typed
show their money off (`loyalty.redemption_value_cents`) and what is left to pay. More than the sale can take
is refused here, before saving; the service checks again when the sale is written.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from crm_desktop.money import MoneyFormat
from crm_desktop.services import loyalty
from crm_desktop.services.loyalty import LoyaltyRules
from crm_desktop.ui.context import UiContext
from crm_desktop.ui.walk_in.common import MessageLine

MAX_TYPED_POINTS = 10_000_000
MINUS = "\u2212"


def _redeemable(customer_id: int, total_cents: int | None) -> tuple[LoyaltyRules, int]:
    usable = loyalty.max_redeemable(customer_id, total_cents) if total_cents else 0
    return loyalty.rules(), usable


def plural(points: int) -> str:
    return f"{points} point{'' if points == 1 else 's'}"


class PointsBox(QWidget):
    changed = Signal()  # the points to redeem (or what they are worth) changed

    def __init__(self, ctx: UiContext, money: MoneyFormat, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walk_in_points")
        self.ctx = ctx
        self.money = money
        self.customer_id: int | None = None
        self.balance = 0
        self.rules: LoyaltyRules | None = None
        self.total_cents: int | None = None
        self.usable: int | None = None  # the most the current total can take; None until known
        self._usable_for: int | None = None  # the total `usable` was worked out for
        self._request = 0
        self.active = False  # shown for this sale: a known customer with points, the program on

        self.use_check = QCheckBox("Use points", objectName="walk_in_use_points")
        self.use_check.setToolTip("Pay part of this sale with the customer's points (Alt+P)")
        self.use_check.toggled.connect(self._toggled)
        self.points_spin = QSpinBox(objectName="walk_in_redeem_points")
        self.points_spin.setAccessibleName("Points to use")
        self.points_spin.setRange(0, MAX_TYPED_POINTS)
        self.points_spin.setSuffix(" points")
        self.points_spin.setMinimumWidth(130)
        self.points_spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.points_spin.setKeyboardTracking(True)
        self.points_spin.valueChanged.connect(lambda _v: self._show())
        self.value_label = QLabel(objectName="walk_in_points_value")
        font = self.value_label.font()
        font.setBold(True)
        self.value_label.setFont(font)
        self.balance_label = QLabel(objectName="walk_in_points_balance")
        self.balance_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message = MessageLine("walk_in_points_message")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(self.use_check)
        row.addWidget(self.points_spin)
        row.addWidget(self.value_label)
        row.addStretch(1)
        row.addWidget(self.balance_label)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addLayout(row)
        box.addWidget(self.message)
        self.setTabOrder(self.use_check, self.points_spin)
        self.hide()

    # --- state ----------------------------------------------------------------------------------------
    def start(self, customer_id: int | None, balance: int) -> None:
        """A new sale: shown for a known customer with points; nothing ticked."""
        self.customer_id, self.balance = customer_id, balance
        self.usable = self._usable_for = None
        self.use_check.setChecked(False)
        self.points_spin.setValue(0)
        self.message.show_hint("")
        self.active = customer_id is not None and balance > 0
        self.setVisible(self.active)
        self._ask()

    def set_total(self, cents: int | None) -> None:
        """The sale's total as typed so far (None: not an amount yet)."""
        if cents == self.total_cents:
            return
        self.total_cents = cents
        self._ask()

    @property
    def points(self) -> int:
        """Points to redeem on this sale (0 unless ticked)."""
        return self.points_spin.value() if self.active and self.use_check.isChecked() else 0

    @property
    def value_cents(self) -> int:
        return loyalty.redemption_value_cents(self.points, self.rules) if self.points else 0

    def toggle(self) -> None:
        """Alt+P: tick (offering the most the sale can take, selected so typing replaces it) or untick."""
        if not self.active:
            return
        if not self.use_check.isEnabled():
            self.message.show_error(self._why_not())
            return
        self.use_check.setChecked(not self.use_check.isChecked())

    def refusal(self, *, saving: bool = False) -> str:
        """Why the points typed cannot be used on this total ('' when they can, or it is not known yet).
        Too few points is said only when saving: while "200" is typed, 2 and 20 pass by."""
        points = self.points
        if not points:
            return ""
        field = loyalty.REDEEM_FIELD
        if points > self.balance:
            return f"{field}: the customer has {plural(self.balance)}."
        if self.usable is not None and self._usable_for == self.total_cents and points > self.usable:
            if self.usable == 0:
                return f"{field}: {self._why_not()}"
            return f"{field}: at most {plural(self.usable)} can be used on this sale."
        if saving and self.rules is not None and points < self.rules.min_redeem_points:
            return f"{field}: the minimum is {plural(self.rules.min_redeem_points)}."
        return ""

    def refused(self) -> bool:
        """Before saving: say why the points typed cannot be used, if they cannot."""
        self.points_spin.interpretText()  # points typed but not yet taken by the spin box
        refusal = self.refusal(saving=True)
        if refusal:
            self.show_refusal(refusal)
        return bool(refusal)

    def show_refusal(self, text: str) -> None:
        self.message.show_error(text)
        self.focus_points()

    def focus_points(self) -> None:
        self.points_spin.setFocus(Qt.FocusReason.OtherFocusReason)
        self.points_spin.selectAll()

    # --- the usable points for this total ------------------------------------------------------------
    def _ask(self) -> None:
        if self.customer_id is None or not self.active:
            return
        self._request += 1
        request, total = self._request, self.total_cents
        self.ctx.runner.run(
            _redeemable,
            self.customer_id,
            total,
            on_success=lambda answer: self._answered(request, total, answer),
        )

    def _answered(self, request: int, total: int | None, answer: tuple[LoyaltyRules, int]) -> None:
        if request != self._request:
            return  # the total changed again meanwhile
        self.rules, usable = answer
        self.usable, self._usable_for = usable, total
        if not self.rules.enabled:
            self.active = False
            self.use_check.setChecked(False)
            self.hide()
            self.changed.emit()
            return
        self.use_check.setEnabled(usable > 0 or self.use_check.isChecked())
        if self.use_check.isChecked() and self.points_spin.value() == 0:
            self.points_spin.setValue(min(usable, self.balance))  # ticked before the answer came
        self._show()

    def _why_not(self) -> str:
        rules = self.rules
        if rules is not None and self.balance < rules.min_redeem_points:
            return f"at least {plural(rules.min_redeem_points)} are needed to redeem."
        if not self.total_cents:
            return "enter the amount first."
        return "this sale is too small to use points on."

    def _toggled(self, checked: bool) -> None:
        self.points_spin.setEnabled(checked)
        if checked:
            if self.usable:
                self.points_spin.setValue(min(self.usable, self.balance))
            self.focus_points()
        else:
            self.message.show_hint("")
        self._show()

    def _show(self) -> None:
        usable = "" if self.usable is None else f" · up to {self.usable} on this sale"
        self.balance_label.setText(f"{plural(self.balance)} available{usable}")
        self.points_spin.setEnabled(self.use_check.isChecked())
        refusal = self.refusal()
        if refusal:
            self.value_label.setText("")
            self.message.show_error(refusal)
        elif self.points and self.rules is not None:
            value = self.value_cents
            text = f"{MINUS}{self.money.format(value)}"
            if self.total_cents is not None:
                text += f" · to pay {self.money.format(max(self.total_cents - value, 0))}"
            self.value_label.setText(text)
            self.message.show_hint("")
        else:
            self.value_label.setText("")
            if not self.message.is_error or not self.use_check.isChecked():
                self.message.show_hint("")
        self.changed.emit()
