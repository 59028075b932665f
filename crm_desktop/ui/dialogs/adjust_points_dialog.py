"""Adjust a customer's points by hand (a goodwill gesture, a correction): signed points and a reason, one
`loyalty.adjust` call. Managers and owners only; the service refuses others (`PermissionDenied`), a missing
reason, zero points, or taking more than the balance — each shown on the message line, nothing saved."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from crm_desktop.services import loyalty
from crm_desktop.ui.context import CUSTOMERS, LOYALTY, UiContext
from crm_desktop.ui.dialogs.form_dialog import FormDialog

MAX_ADJUST = 1_000_000
MAX_REASON = 200


class AdjustPointsDialog(FormDialog):
    adjusted = Signal(int)  # the balance afterwards

    def __init__(
        self, ctx: UiContext, customer_id: int, name: str, balance: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, f"Adjust points — {name}", parent)
        self.setObjectName("adjust_points_dialog")
        self.customer_id = customer_id
        self.balance = balance
        self.points = QSpinBox(objectName="adjust_points")
        self.points.setRange(-MAX_ADJUST, MAX_ADJUST)
        self.points.setAccessibleName("Points to add or take away")
        self.points.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.points.setFixedWidth(130)
        self.points.setToolTip("Positive adds points, negative (e.g. -50) takes them away")
        self.points.valueChanged.connect(self._show_after)
        self.after = QLabel(objectName="adjust_points_after")
        self.after.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.reason = QLineEdit(objectName="adjust_reason", maxLength=MAX_REASON)
        self.reason.setPlaceholderText("e.g. goodwill for a late order; card points not given on 3 May")
        intro = QLabel(
            f"Balance now: <b>{balance}</b> points. The adjustment is written to the points history with "
            "your name and the reason; it cannot be edited afterwards."
        )
        intro.setWordWrap(True)
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(intro)
        points_row = QHBoxLayout()
        points_row.addWidget(self.points)
        points_row.addSpacing(8)
        points_row.addWidget(self.after, 1)
        form.addRow("&Points:", points_row)
        form.labelForField(points_row).setBuddy(self.points)
        form.addRow("&Reason:", self.reason)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.save_button.setText("&Adjust")
        self.save_button.setToolTip("Write the adjustment (Enter or Ctrl+S)")
        self.fields = {"Points": self.points, "Reason": self.reason, "Customer": self.points}
        self._show_after(0)
        self.resize(460, self.sizeHint().height())
        self.points.setFocus(Qt.FocusReason.OtherFocusReason)
        self.points.selectAll()

    def _show_after(self, points: int) -> None:
        after = self.balance + points
        text = (
            f"Balance afterwards: {after}" if after >= 0 else f"More than the {self.balance} points they have"
        )
        self.after.setText(text if points else "")

    def save(self) -> None:
        self.points.interpretText()  # a number typed but not yet taken by the spin box
        args = (self.ctx.session, self.customer_id, self.points.value(), self.reason.text())
        self.submit(loyalty.adjust, *args, on_saved=self._saved)

    def _saved(self, balance: int) -> None:
        self.adjusted.emit(balance)
        self.ctx.changes.notify(LOYALTY, CUSTOMERS)
        self.accept()
