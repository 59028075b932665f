"""New or edit one product: name, category, price (in the shop's locale), SKU, barcode, earns points, active.

`products.create`/`update` check it (name required, price not negative, SKU and barcode unique across both
columns); a refusal is shown on the dialog's message line naming the field, which gets the focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QCompleter, QFormLayout, QLineEdit, QWidget

from crm_desktop.money import MoneyFormat
from crm_desktop.services import products
from crm_desktop.services.errors import ValidationError
from crm_desktop.services.products import ProductInput, ProductRecord
from crm_desktop.ui.context import PRODUCTS, UiContext
from crm_desktop.ui.dialogs.form_dialog import FormDialog


class ProductDialog(FormDialog):
    saved = Signal(object)  # ProductRecord

    def __init__(
        self,
        ctx: UiContext,
        money: MoneyFormat,
        product: ProductRecord | None = None,
        categories: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Edit product" if product else "New product", parent)
        self.setObjectName("product_dialog")
        self.product = product
        self.money = money
        self.name_edit = QLineEdit(objectName="product_name", maxLength=200)
        self.category_edit = QLineEdit(objectName="product_category", maxLength=100)
        self.category_edit.setPlaceholderText("e.g. Coffee beans")
        if categories:
            completer = QCompleter(sorted(set(categories), key=str.casefold), self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.category_edit.setCompleter(completer)
        self.price_edit = QLineEdit(objectName="product_price")
        self.price_edit.setPlaceholderText(money.format(0, symbol=False))
        self.price_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.price_edit.setMaximumWidth(140)
        self.sku_edit = QLineEdit(objectName="product_sku", maxLength=64)
        self.sku_edit.setPlaceholderText("optional, your own code")
        self.barcode_edit = QLineEdit(objectName="product_barcode", maxLength=64)
        self.barcode_edit.setPlaceholderText("optional — scan it here")
        self.earns_check = QCheckBox("Earns loyalty points", objectName="product_earns_points")
        self.active_check = QCheckBox("Active: offered at the counter", objectName="product_active")

        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Category:", self.category_edit)
        form.addRow(f"&Price ({money.symbol}):", self.price_edit)
        form.addRow("&SKU:", self.sku_edit)
        form.addRow("&Barcode:", self.barcode_edit)
        form.addRow("", self.earns_check)
        form.addRow("", self.active_check)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.fields = {
            "Name": self.name_edit,
            "Category": self.category_edit,
            "Price": self.price_edit,
            "SKU": self.sku_edit,
            "Barcode": self.barcode_edit,
        }
        self._fill(product)
        self.resize(460, self.sizeHint().height())
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self, product: ProductRecord | None) -> None:
        if product is None:
            self.earns_check.setChecked(True)
            self.active_check.setChecked(True)
            return
        self.name_edit.setText(product.name)
        self.category_edit.setText(product.category)
        self.price_edit.setText(self.money.format(product.price_cents, symbol=False))
        self.sku_edit.setText(product.sku)
        self.barcode_edit.setText(product.barcode)
        self.earns_check.setChecked(product.earns_points)
        self.active_check.setChecked(product.active)

    def save(self) -> None:
        try:
            price = products.parse_price(self.price_edit.text()) if self.price_edit.text().strip() else 0
        except ValidationError as exc:
            self.show_failure(exc)
            return
        data = ProductInput(
            name=self.name_edit.text(),
            category=self.category_edit.text(),
            price_cents=price,
            sku=self.sku_edit.text(),
            barcode=self.barcode_edit.text(),
            earns_points=self.earns_check.isChecked(),
            active=self.active_check.isChecked(),
        )
        if self.product is None:
            self.submit(products.create, self.ctx.session, data, on_saved=self._saved)
        else:
            self.submit(products.update, self.ctx.session, self.product.id, data, on_saved=self._saved)

    def _saved(self, record: ProductRecord) -> None:
        self.product = record
        self.ctx.changes.notify(PRODUCTS)
        self.saved.emit(record)
        self.accept()
