"""Autocomplete a line's description from the product list: as the person types, `products.list_products`
(active products whose name, category, SKU or barcode contains the text) runs on the worker ~80 ms after the
last key, and the popup lists what it found with price and code. Older answers are dropped."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QTreeView

from crm_desktop.money import MoneyFormat
from crm_desktop.services import products
from crm_desktop.services.products import ProductRecord
from crm_desktop.ui.context import UiContext
from crm_desktop.ui.models.rows_model import RIGHT, ROW_ROLE, Column, RowsModel

DELAY_MS = 80
CHOICES = 12


class ProductCompleter(QCompleter):
    product_chosen = Signal(object)  # ProductRecord

    def __init__(self, ctx: UiContext, edit: QLineEdit, money: Callable[[], MoneyFormat]) -> None:
        super().__init__(edit)
        self.ctx = ctx
        self.edit = edit
        self.choices = RowsModel[ProductRecord](
            [
                Column("Product", lambda p: p.name, 260),
                Column("Price", lambda p: money().format(p.price_cents), 80, RIGHT),
                Column("Code", lambda p: p.barcode or p.sku, 130),
            ],
            self,
        )
        self.setModel(self.choices)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)  # filtered in SQL
        self.setCompletionRole(Qt.ItemDataRole.DisplayRole)
        popup = QTreeView()
        popup.setRootIsDecorated(False)
        popup.setHeaderHidden(True)
        popup.setUniformRowHeights(True)
        popup.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setPopup(popup)
        for number, column in enumerate(self.choices.columns):
            popup.setColumnWidth(number, column.width)
        edit.setCompleter(self)
        self.activated[QModelIndex].connect(self._activated)
        edit.textEdited.connect(lambda _text: self.timer.start())
        self.timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self.timer.timeout.connect(self.fetch)
        self.asked = 0

    def fetch(self) -> None:
        self.timer.stop()
        self.asked += 1
        asked, text = self.asked, self.edit.text().strip()
        if not text:
            self.choices.set_rows([])
            return
        self.ctx.runner.run(
            products.list_products,
            text=text,
            limit=CHOICES,
            on_success=lambda found: self._show(asked, found),
        )

    def _show(self, asked: int, found: list[ProductRecord]) -> None:
        if asked != self.asked:
            return
        self.choices.set_rows(found)
        if found and self.edit.hasFocus():
            rect = self.edit.rect()  # as wide as its columns, whatever the field's width
            rect.setWidth(max(rect.width(), sum(c.width for c in self.choices.columns) + 24))
            self.complete(rect)
        elif not found:
            self.popup().hide()

    def _activated(self, index: QModelIndex) -> None:
        product = index.data(ROW_ROLE)
        if isinstance(product, ProductRecord):
            self.product_chosen.emit(product)
