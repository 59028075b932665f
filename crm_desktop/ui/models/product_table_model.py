"""The product list for Settings → Products: every product, inactive ones greyed, as `list_products` ordered
them (by name). A shop's catalogue is hundreds of rows, not 100k, so the whole filtered list is held."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from crm_desktop.money import MoneyFormat
from crm_desktop.services.products import ProductRecord
from crm_desktop.ui.models.rows_model import RIGHT, Column, RowsModel


def product_columns(money: Callable[[], MoneyFormat]) -> list[Column[ProductRecord]]:
    return [
        Column("Name", lambda p: p.name, 240),
        Column("Category", lambda p: p.category, 150),
        Column("Price", lambda p: money().format(p.price_cents), 90, RIGHT),
        Column("SKU", lambda p: p.sku, 110),
        Column("Barcode", lambda p: p.barcode, 140),
        Column("Points", lambda p: "Yes" if p.earns_points else "No", 60),
        Column("Status", lambda p: "Active" if p.active else "Inactive", 80),
    ]


def _inactive_color(product: ProductRecord) -> QColor | None:
    return None if product.active else QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)


def _inactive_font(product: ProductRecord) -> QFont | None:
    if product.active:
        return None
    font = QFont()
    font.setItalic(True)
    return font


class ProductTableModel(RowsModel[ProductRecord]):
    def __init__(self, money: MoneyFormat, parent: QObject | None = None) -> None:
        self.money = money
        super().__init__(
            product_columns(lambda: self.money), parent, font=_inactive_font, color=_inactive_color
        )

    def row_of(self, product_id: int) -> int:
        """The row showing this product, or -1."""
        return next((row for row, p in enumerate(self.rows) if p.id == product_id), -1)
