"""The profile's small dialogs: log an interaction (a complaint or request may open a service case at
once), void a purchase. Each is one service call; after it succeeds the dialog says what changed
(`ctx.changes.notify`) and closes. The follow-up dialog is `followup_dialog.py`."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from crm_desktop.services import profile, purchases
from crm_desktop.services.cases import CASE_KINDS
from crm_desktop.services.profile import INTERACTION_KINDS, PurchaseSummary
from crm_desktop.ui.context import CUSTOMERS, INTERACTIONS, LOYALTY, PURCHASES, UiContext
from crm_desktop.ui.dialogs.form_dialog import FormDialog
from crm_desktop.ui.formatting import Formats


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit(tabChangesFocus=True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def _form(dialog: FormDialog, intro: str = "") -> QFormLayout:
    form = QFormLayout(dialog)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    if intro:
        label = QLabel(intro)
        label.setWordWrap(True)
        form.addRow(label)
    return form


class InteractionDialog(FormDialog):
    """A note, call, email, visit, feedback, complaint or request, by the acting staff member, now."""

    saved = Signal(object)  # InteractionLine

    def __init__(self, ctx: UiContext, customer_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"Add a note — {name}", parent)
        self.setObjectName("interaction_dialog")
        self.customer_id = customer_id
        self.kind = QComboBox(objectName="interaction_kind")
        for kind in INTERACTION_KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.body = _text_box(5)
        self.body.setObjectName("interaction_body")
        self.body.setPlaceholderText("What was said, asked or promised")
        self.open_as_case = QCheckBox("Open as a service &case", objectName="interaction_open_as_case")
        self.open_as_case.setToolTip(
            "Follow this complaint or request until it is resolved (open, waiting, resolved)"
        )
        self.kind.currentIndexChanged.connect(lambda _n: self._kind_changed())
        form = _form(self)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Note:", self.body)
        form.addRow("", self.open_as_case)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.fields = {"Kind": self.kind, "Note": self.body}
        self.save_button.setToolTip("Save (Ctrl+S or Ctrl+Enter)")
        self._kind_changed()
        self.resize(480, self.sizeHint().height())
        self.body.setFocus(Qt.FocusReason.OtherFocusReason)

    def _kind_changed(self) -> None:
        can = self.kind.currentData() in CASE_KINDS
        self.open_as_case.setEnabled(can)
        if not can:
            self.open_as_case.setChecked(False)

    def save(self) -> None:
        args = (self.ctx.session, self.customer_id, self.kind.currentData(), self.body.toPlainText())
        case = self.open_as_case.isChecked()
        self.submit(profile.add_interaction, *args, case, on_saved=self._saved)

    def _saved(self, line: profile.InteractionLine) -> None:
        self.saved.emit(line)
        self.ctx.changes.notify(INTERACTIONS)
        self.accept()


class VoidDialog(FormDialog):
    """Void one purchase: the row stays, struck through with the reason; its points are taken back."""

    voided = Signal(int)  # purchase id

    def __init__(
        self, ctx: UiContext, purchase: PurchaseSummary, formats: Formats, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Void purchase", parent)
        self.setObjectName("void_dialog")
        self.purchase = purchase
        points = (
            f" Its {formats.number(purchase.points_earned)} points are taken back."
            if purchase.points_earned
            else ""
        )
        intro = (
            f"<b>Void the purchase of {formats.datetime(purchase.occurred_at)}, "
            f"{formats.money(purchase.total_cents)}?</b><br>It stays in the history, struck through with the "
            f"reason, and no longer counts as a visit or spend.{points}"
        )
        self.reason = QLineEdit(objectName="void_reason", maxLength=200)
        self.reason.setPlaceholderText("e.g. rung up twice, wrong customer")
        form = _form(self, intro)
        form.addRow("&Reason:", self.reason)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.save_button.setText("&Void purchase")
        self.save_button.setToolTip("Void it (Enter or Ctrl+S)")
        self.fields = {"Reason": self.reason, "Purchase": self.reason}
        self.resize(460, self.sizeHint().height())
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        self.submit(
            purchases.void, self.ctx.session, self.purchase.id, self.reason.text(), on_saved=self._saved
        )

    def _saved(self, _result: object) -> None:
        self.voided.emit(self.purchase.id)
        self.ctx.changes.notify(PURCHASES, LOYALTY, CUSTOMERS)
        self.accept()
