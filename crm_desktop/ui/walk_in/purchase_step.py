"""Walk-in step 2: the sale. The customer on top; an amount with the focus (or line items); payment method
and an optional note; Enter saves.

The amount is read in the shop's locale by `purchases.parse_amount`, whose refusal (negative, zero, not a
number, over the maximum) is shown under the field. A product barcode scanned into the amount field is not an
amount: if it is a product's code, the sale switches to line items with that product.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.money import MoneyFormat
from crm_desktop.services import products, purchases
from crm_desktop.services.errors import ValidationError
from crm_desktop.services.products import ProductRecord
from crm_desktop.services.purchases import PurchaseInput
from crm_desktop.ui import icons
from crm_desktop.ui.context import UiContext
from crm_desktop.ui.views.settings_view import describe
from crm_desktop.ui.walk_in.common import MessageLine, scaled_font
from crm_desktop.ui.walk_in.items_editor import ItemsEditor
from crm_desktop.ui.walk_in.points_box import PointsBox

PAYMENT_LABELS = {
    "cash": "Cash",
    "card": "Card",
    "mobile": "Mobile / wallet",
    "voucher": "Voucher",
    "other": "Other",
}
AMOUNT, ITEMS = 0, 1
SEGMENT_STYLE = """
QPushButton { border: 1px solid palette(mid); background: palette(button); padding: 5px 18px; }
QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);
                      border-color: palette(highlight); }
QPushButton:focus { border-color: palette(highlight); }
"""


class PurchaseStep(QWidget):
    submitted = Signal(object)  # PurchaseInput without its customer (the panel knows who)
    back_requested = Signal()

    def __init__(self, ctx: UiContext, money: MoneyFormat, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.money = money
        self.busy = False

        card = QFrame(objectName="walk_in_customer_card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        card.setAutoFillBackground(True)
        self.name_label = QLabel(objectName="walk_in_customer_name")
        self.name_label.setFont(scaled_font(self.name_label.font(), 1.3, bold=True))
        self.detail_label = QLabel(objectName="walk_in_customer_detail")
        self.change_button = QPushButton("Change customer", objectName="walk_in_change_customer")
        self.change_button.setToolTip("Back to finding the customer (Esc)")
        self.change_button.setAutoDefault(False)
        self.change_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.change_button.clicked.connect(self.back_requested)
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(self.name_label)
        names.addWidget(self.detail_label)
        card_row = QHBoxLayout(card)
        card_row.setContentsMargins(12, 8, 12, 8)
        card_row.addLayout(names, 1)
        card_row.addWidget(self.change_button, 0, Qt.AlignmentFlag.AlignVCenter)

        # Alt+A / Alt+I are actions, not button mnemonics: a mnemonic clicks after a 100 ms animation, and
        # keys typed (or scanned) meanwhile would land in the previous field.
        self.amount_button = QPushButton("Amount", objectName="walk_in_amount_mode")
        self.items_button = QPushButton("Items", objectName="walk_in_items_mode")
        self.amount_button.setToolTip("Key in the total (Alt+A)")
        self.items_button.setToolTip("Scan or type line items (Alt+I)")
        self.mode_group = QButtonGroup(self)
        for number, button in enumerate((self.amount_button, self.items_button)):
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.mode_group.addButton(button, number)
        self.amount_button.setChecked(True)
        self.mode_group.idClicked.connect(self.set_mode)
        for mode, keys in ((AMOUNT, "Alt+A"), (ITEMS, "Alt+I")):
            self._shortcut(keys, lambda _checked=False, mode=mode: self.set_mode(mode))
        for button in (self.amount_button, self.items_button):
            button.setStyleSheet(SEGMENT_STYLE)
        modes = QHBoxLayout()
        modes.setSpacing(0)
        modes.addWidget(self.amount_button)
        modes.addWidget(self.items_button)
        modes.addStretch(1)
        self.total_label = QLabel(objectName="walk_in_items_total")
        self.total_label.setFont(scaled_font(self.total_label.font(), 1.2, bold=True))
        modes.addWidget(self.total_label)

        self.amount_edit = QLineEdit(objectName="walk_in_amount")
        self.amount_edit.setAccessibleName("Amount")
        self.amount_edit.setFont(scaled_font(self.amount_edit.font(), 1.8, bold=True))
        self.amount_edit.setMinimumHeight(48)
        self.amount_edit.setMaximumWidth(260)
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.amount_edit.textEdited.connect(lambda _text: self.amount_message.show_hint(""))
        self.amount_message = MessageLine("walk_in_amount_message")
        self.amount_page = amount_page = QWidget()
        amount_box = QVBoxLayout(amount_page)
        amount_box.setContentsMargins(0, 4, 0, 0)
        amount_row = QHBoxLayout()
        self.currency_label = QLabel(money.symbol)
        self.currency_label.setFont(scaled_font(self.currency_label.font(), 1.8))
        amount_row.addWidget(self.currency_label)
        amount_row.addWidget(self.amount_edit)
        amount_row.addStretch(1)
        amount_box.addLayout(amount_row)
        amount_box.addWidget(self.amount_message)
        self.items = ItemsEditor(ctx, money)
        self.items.changed.connect(self._show_total)
        self.points_box = PointsBox(ctx, money)
        self._shortcut("Alt+P", self.points_box.toggle)
        self.amount_edit.textChanged.connect(lambda _text: self._total_changed())
        self.items.changed.connect(lambda _cents: self._total_changed())
        self._mode = AMOUNT

        self.payment_combo = QComboBox(objectName="walk_in_payment")
        for method in purchases.PAYMENT_METHODS:
            self.payment_combo.addItem(PAYMENT_LABELS.get(method, method.capitalize()), method)
        self.note_edit = QLineEdit(objectName="walk_in_note", maxLength=purchases.MAX_NOTE_CHARS)
        self.note_edit.setPlaceholderText("optional")
        details = QFormLayout()
        details.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        details.addRow("Pay&ment:", self.payment_combo)
        details.addRow("&Note:", self.note_edit)

        self.message = MessageLine("walk_in_purchase_message")
        self.save_button = QPushButton(icons.icon("check"), "Save sale", objectName="walk_in_save")
        self.save_button.setToolTip("Save the sale and its points (Enter, Ctrl+S)")
        self.save_button.setAutoDefault(False)
        self.save_button.setMinimumWidth(130)
        self.save_button.clicked.connect(self.submit)
        self._shortcut("Ctrl+S", self.submit, "Ctrl+Return", "Ctrl+Enter")
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(card)
        layout.addSpacing(6)
        layout.addLayout(modes)
        layout.addWidget(self.amount_page)  # one of the two is shown: a hidden one takes no room
        layout.addWidget(self.items, 1)
        layout.addWidget(self.points_box)
        layout.addSpacing(6)
        layout.addLayout(details)
        layout.addLayout(bottom)
        layout.addStretch(0)  # in amount mode the spare height goes below the form, not into it
        self._layout = layout
        self.setTabOrder(self.amount_edit, self.points_box.use_check)
        self.setTabOrder(self.points_box.use_check, self.points_box.points_spin)
        self.setTabOrder(self.points_box.points_spin, self.payment_combo)
        self.setTabOrder(self.payment_combo, self.note_edit)
        self.setTabOrder(self.note_edit, self.save_button)
        self._show_total(0)
        self.set_mode(AMOUNT)

    def _shortcut(self, keys: str, slot: Callable[[], object], *more: str) -> None:
        action = QAction(self)
        action.setShortcuts([QKeySequence(k) for k in (keys, *more)])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    # --- state ----------------------------------------------------------------------------------------
    def start(
        self, name: str, detail: str, payment_method: str, customer_id: int | None = None, points: int = 0
    ) -> None:
        """A fresh sale for the customer described (their points may pay part of it); the amount field gets
        the focus."""
        self.points_box.start(customer_id, points)
        self.name_label.setText(name)
        self.detail_label.setText(detail)
        self.amount_edit.clear()
        self.amount_message.show_hint("")
        self.items.clear()
        self.note_edit.clear()
        self.message.show_hint("")
        index = self.payment_combo.findData(payment_method)
        self.payment_combo.setCurrentIndex(max(index, 0))
        self.set_busy(False)
        self.set_mode(AMOUNT)

    def set_money(self, money: MoneyFormat) -> None:
        """Follow the shop's currency and locale (they may change in Settings while the panel exists)."""
        self.money = self.items.money = self.points_box.money = money
        self.currency_label.setText(money.symbol)
        self._show_total(self.items.total_cents())

    @property
    def mode(self) -> int:
        return self._mode

    def set_mode(self, mode: int) -> None:
        self._mode = mode
        self.amount_page.setVisible(mode == AMOUNT)
        self.items.setVisible(mode == ITEMS)
        self._layout.setStretch(self._layout.count() - 1, 0 if mode == ITEMS else 1)
        self.mode_group.button(mode).setChecked(True)
        self.total_label.setVisible(mode == ITEMS)
        self._total_changed()
        self.focus_main_field()

    def focus_main_field(self) -> None:
        target = self.amount_edit if self.mode == AMOUNT else self.items.scan_edit
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(target, QLineEdit):
            target.selectAll()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.save_button.setEnabled(not busy)
        if busy:
            self.message.show_hint("Saving…")

    @property
    def payment_method(self) -> str:
        return str(self.payment_combo.currentData())

    def _show_total(self, cents: int) -> None:
        self.total_label.setText(f"Total {self.money.format(cents)}")

    def _total_changed(self) -> None:
        """The points box offers what the total so far can take (read quietly: refusals wait for Enter)."""
        if self.mode == ITEMS:
            self.points_box.set_total(self.items.total_cents() or None)
            return
        try:
            self.points_box.set_total(self.money.parse(self.amount_edit.text()))
        except ValueError:
            self.points_box.set_total(None)

    # --- saving ---------------------------------------------------------------------------------------
    def submit(self) -> None:
        if self.busy:
            return
        self.message.show_hint("")
        if self.mode == ITEMS:
            self._submit_items()
            return
        text = self.amount_edit.text()
        try:
            cents = purchases.parse_amount(text)
        except ValidationError as exc:
            code = text.strip()
            if code and " " not in code:  # maybe a product barcode scanned into the amount
                self.ctx.runner.run(
                    products.find_by_code,
                    code,
                    on_success=lambda product, refusal=exc: self._amount_code(product, refusal),
                )
            else:
                self._amount_refused(exc)
            return
        if not self.points_box.refused():
            self.submitted.emit(self._purchase(amount_cents=cents))

    def _amount_code(self, product: ProductRecord | None, refusal: ValidationError) -> None:
        if product is None:
            self._amount_refused(refusal)
            return
        self.amount_edit.clear()
        self.set_mode(ITEMS)
        self.items.add_product(product)

    def _amount_refused(self, exc: ValidationError) -> None:
        self.amount_message.show_error(describe(exc))
        self.amount_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.amount_edit.selectAll()

    def _submit_items(self) -> None:
        if not self.items.entry_is_empty() and not self.items.add_line():
            return  # the line being typed is refused: say so before saving anything
        if not self.items.lines():
            self.items.message.show_error(
                "Add a line first: scan a product, or type a description and a price."
            )
            self.items.scan_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not self.points_box.refused():
            self.submitted.emit(self._purchase(lines=self.items.lines()))

    def _purchase(self, **amount_or_lines) -> PurchaseInput:
        return PurchaseInput(
            customer_id=None,
            payment_method=self.payment_method,
            note=self.note_edit.text(),
            redeem_points=self.points_box.points,
            **amount_or_lines,
        )

    def show_refusal(self, exc: ValidationError) -> None:
        """A refusal from the service that saves the sale, next to the field it names."""
        self.set_busy(False)
        self.message.show_hint("")
        if exc.field.startswith("Line ") or (exc.field == "Total" and self.mode == ITEMS):
            self.items.show_refusal(exc)
            return
        if exc.field in ("Amount", "Total"):
            self.set_mode(AMOUNT)
            self._amount_refused(exc)
            return
        if "point" in exc.field.lower() and self.points_box.active:
            self.points_box.show_refusal(describe(exc))
            return
        self.message.show_error(describe(exc))
        widget = {"Payment method": self.payment_combo, "Note": self.note_edit}.get(exc.field)
        if widget is None:
            widget = self.amount_edit if self.mode == AMOUNT else self.items.scan_edit
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)
