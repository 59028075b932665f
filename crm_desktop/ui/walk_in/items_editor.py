"""Line items for a walk-in sale: scan a product, or type a description (autocompleted from the product
list), quantity, unit price and discount, then Enter. The lines are checked by `purchases.validate_line`
as they are added and again, with the whole sale, by the service that saves them.

Scanning the same product again adds one to its line. Delete removes the highlighted line.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.money import MoneyFormat
from crm_desktop.services import products, purchases
from crm_desktop.services.errors import ValidationError
from crm_desktop.services.products import ProductRecord
from crm_desktop.services.purchases import LineInput
from crm_desktop.ui import errors, icons
from crm_desktop.ui.context import UiContext
from crm_desktop.ui.models.rows_model import RIGHT, Column, RowsModel
from crm_desktop.ui.views.settings_view import describe
from crm_desktop.ui.walk_in.common import TABLE_STYLE, MessageLine
from crm_desktop.ui.walk_in.product_completer import ProductCompleter
from crm_desktop.ui.widgets.record_table import configure_record_table


def line_total(line: LineInput) -> int:
    return line.quantity * line.unit_price_cents - line.discount_cents


class ItemsEditor(QWidget):
    changed = Signal(int)  # the lines' total in cents

    def __init__(self, ctx: UiContext, money: MoneyFormat, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.money = money
        self.scan_edit = QLineEdit(objectName="walk_in_scan")
        self.scan_edit.setAccessibleName("Scan a product")
        self.scan_edit.setPlaceholderText("Scan or type a barcode or SKU, then Enter")
        self.scan_edit.addAction(icons.icon("barcode"), QLineEdit.ActionPosition.LeadingPosition)

        self.description_edit = QLineEdit(objectName="walk_in_description", maxLength=200)
        self.description_edit.setPlaceholderText("Description or product name")
        self.description_edit.setAccessibleName("Description")
        self.qty_spin = QSpinBox(objectName="walk_in_quantity", minimum=1, maximum=9999)
        self.qty_spin.setAccessibleName("Quantity")
        self.price_edit = QLineEdit(objectName="walk_in_unit_price")
        self.price_edit.setAccessibleName("Unit price")
        self.price_edit.setPlaceholderText("0.00")
        self.discount_edit = QLineEdit(objectName="walk_in_discount")
        self.discount_edit.setAccessibleName("Discount")
        self.discount_edit.setPlaceholderText("0.00")
        for edit in (self.price_edit, self.discount_edit):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setFixedWidth(90)
        self.qty_spin.setFixedWidth(70)
        self.add_button = QPushButton("Add line", objectName="walk_in_add_line")
        self.add_button.setToolTip("Add this line to the sale (Enter)")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_line)

        self.completer = ProductCompleter(ctx, self.description_edit, lambda: self.money)
        self.completer.product_chosen.connect(self._product_chosen)
        self.description_edit.textEdited.connect(self._description_edited)
        self._product: ProductRecord | None = None

        self.model = RowsModel[LineInput](
            [
                Column("Description", lambda line: line.description, 230),
                Column("Qty", lambda line: str(line.quantity), 50, RIGHT),
                Column("Unit price", lambda line: self.money.format(line.unit_price_cents), 90, RIGHT),
                Column(
                    "Discount",
                    lambda line: self.money.format(line.discount_cents) if line.discount_cents else "",
                    80,
                    RIGHT,
                ),
                Column("Total", lambda line: self.money.format(line_total(line)), 90, RIGHT),
            ],
            self,
        )
        self.table = QTableView(objectName="walk_in_lines")
        self.table.setModel(self.model)
        configure_record_table(self.table, (column.width for column in self.model.columns))
        self.table.setShowGrid(False)
        self.table.setStyleSheet(TABLE_STYLE)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip("Delete removes the highlighted line")
        self.message = MessageLine("walk_in_items_message")

        entry = QGridLayout()
        entry.setHorizontalSpacing(6)
        entry.setVerticalSpacing(2)
        for column, (text, buddy) in enumerate(
            (
                ("&Description", self.description_edit),
                ("&Qty", self.qty_spin),
                ("Unit p&rice", self.price_edit),  # Alt+P is the sale step's "Use points"
                ("Dis&count", self.discount_edit),
            )
        ):
            label = QLabel(text)
            label.setBuddy(buddy)
            entry.addWidget(label, 0, column)
            entry.addWidget(buddy, 1, column)
        entry.addWidget(self.add_button, 1, 4)
        entry.setColumnStretch(0, 1)
        scan_row = QHBoxLayout()
        scan_label = QLabel("&Scan:")
        scan_label.setBuddy(self.scan_edit)
        scan_row.addWidget(scan_label)
        scan_row.addWidget(self.scan_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(scan_row)
        layout.addLayout(entry)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.setTabOrder(self.scan_edit, self.description_edit)
        self.setTabOrder(self.description_edit, self.qty_spin)
        self.setTabOrder(self.qty_spin, self.price_edit)
        self.setTabOrder(self.price_edit, self.discount_edit)
        self.setTabOrder(self.discount_edit, self.add_button)
        self.setTabOrder(self.add_button, self.table)

    # --- the lines ------------------------------------------------------------------------------------
    def lines(self) -> tuple[LineInput, ...]:
        return self.model.rows

    def total_cents(self) -> int:
        return sum(line_total(line) for line in self.model.rows)

    def clear(self) -> None:
        self.model.set_rows([])
        self._clear_entry()
        self.scan_edit.clear()
        self.message.show_hint("")
        self.changed.emit(0)

    def _set_lines(self, lines: list[LineInput], highlight: int) -> None:
        self.model.set_rows(lines)
        self.table.selectRow(highlight)
        self.changed.emit(self.total_cents())

    def add_product(self, product: ProductRecord) -> bool:
        """One more of `product`: its line's quantity goes up, or a new line at its price."""
        lines = list(self.model.rows)
        for row, line in enumerate(lines):
            if line.product_id == product.id and line.discount_cents == 0:
                lines[row] = dataclasses.replace(line, quantity=line.quantity + 1)
                self._set_lines(lines, row)
                self.message.show_hint(f"{product.name}: {lines[row].quantity}")
                return True
        line = LineInput(product.name, 1, product.price_cents, 0, product.id)
        if not self._accept(line, len(lines) + 1):
            return False
        self._set_lines([*lines, line], len(lines))
        self.message.show_hint(f"Added {product.name}")
        return True

    def add_line(self) -> bool:
        """The entry row as a new line (checked by the service's rules); False when refused."""
        try:
            unit = purchases.parse_amount(self.price_edit.text(), "Unit price")
            discount = self._discount()
        except ValidationError as exc:
            self._refuse(exc)
            return False
        product_id = self._product.id if self._product is not None else None
        line = LineInput(self.description_edit.text(), self.qty_spin.value(), unit, discount, product_id)
        if not self._accept(line, self.model.rowCount() + 1):
            return False
        self._set_lines([*self.model.rows, line], self.model.rowCount())
        self._clear_entry()
        self.message.show_hint("")
        self.description_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _discount(self) -> int:
        text = self.discount_edit.text().strip()
        try:
            return self.money.parse(text) if text else 0
        except ValueError as exc:
            raise ValidationError("Discount", str(exc)) from None

    def _accept(self, line: LineInput, number: int) -> bool:
        try:
            purchases.validate_line(line, number)
        except ValidationError as exc:
            self._refuse(exc)
            return False
        return True

    def remove_current(self) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            lines = list(self.model.rows)
            del lines[row]
            self._set_lines(lines, min(row, len(lines) - 1))

    def _clear_entry(self) -> None:
        self._product = None
        self.description_edit.clear()
        self.qty_spin.setValue(1)
        self.price_edit.clear()
        self.discount_edit.clear()

    def entry_is_empty(self) -> bool:
        return not (self.description_edit.text().strip() or self.price_edit.text().strip())

    # --- scanning -------------------------------------------------------------------------------------
    def scan(self, code: str) -> None:
        code = code.strip()
        if not code:
            return
        self.ctx.runner.run(
            products.find_by_code, code, on_success=lambda product: self._scanned(code, product)
        )

    def _scanned(self, code: str, product: ProductRecord | None) -> None:
        if product is None:
            self.message.show_error(f"No active product has the barcode or SKU “{code}”.")
            self.scan_edit.selectAll()
            return
        if self.add_product(product):
            self.scan_edit.clear()

    # --- autocomplete ---------------------------------------------------------------------------------
    def _description_edited(self, text: str) -> None:
        if self._product is not None and text != self._product.name:
            self._product = None  # typed over the chosen product: a free-text line now

    def _product_chosen(self, product: ProductRecord) -> None:
        self._product = product
        self.description_edit.setText(product.name)
        self.price_edit.setText(self.money.format(product.price_cents, symbol=False))
        self.qty_spin.setFocus(Qt.FocusReason.OtherFocusReason)
        self.qty_spin.selectAll()

    # --- keys -----------------------------------------------------------------------------------------
    def _refuse(self, exc: BaseException) -> None:
        if not isinstance(exc, ValidationError):
            errors.show_error(exc, self)
            return
        self.message.show_error(describe(exc))
        field = exc.field.split(": ", 1)[-1]
        widget = {
            "Description": self.description_edit,
            "Quantity": self.qty_spin,
            "Unit price": self.price_edit,
            "Discount": self.discount_edit,
        }.get(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_refusal(self, exc: ValidationError) -> None:
        """A refusal from saving the sale ('Line 2: Discount …'): say it under the lines."""
        self.message.show_error(describe(exc))
        if exc.field.startswith("Line "):
            try:
                row = int(exc.field.split(":")[0].split()[1]) - 1
            except (IndexError, ValueError):
                return
            self.table.selectRow(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the scan field adds the product; in the entry row adds the line (an empty entry row lets
        Enter through: the purchase step saves). Delete in the lines removes one."""
        key = event.key()
        focus = QApplication.focusWidget()
        if (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if focus is self.scan_edit and self.scan_edit.text().strip():
                self.scan(self.scan_edit.text())
                return
            entry = (
                self.description_edit,
                self.qty_spin,
                self.price_edit,
                self.discount_edit,
                self.add_button,
            )
            if focus in entry and not self.entry_is_empty():
                self.add_line()
                return
        if key == Qt.Key.Key_Delete and focus is self.table:
            self.remove_current()
            return
        event.ignore()
