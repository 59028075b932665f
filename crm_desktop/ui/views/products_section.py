"""Settings → Products: the list the counter sells from. Line items autocomplete from it and a scanned
barcode adds its product; a product no longer sold is deactivated (purchase lines keep pointing at it).

Why a Settings section and not a sidebar view: the list is set up once and touched rarely; at the counter it
is reached through autocomplete and scanning, never by browsing. The sidebar stays the six daily places with
their Ctrl+1…6, and Sales → Products… (menu) leads here too.

Keys: Ctrl+N new, Enter (or double-click) edit, Ctrl+D deactivate/activate, Ctrl+F filter. They are taken
before the main window's shortcuts (Ctrl+F is also "search customers") while the focus is in this section.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services import products, settings
from crm_desktop.services.products import ProductInput, ProductRecord
from crm_desktop.ui import icons
from crm_desktop.ui.context import PRODUCTS, UiContext
from crm_desktop.ui.models.product_table_model import ProductTableModel
from crm_desktop.ui.views.settings_view import SettingsSection
from crm_desktop.ui.walk_in.common import TABLE_STYLE
from crm_desktop.ui.widgets.record_table import configure_record_table

FILTER_DELAY_MS = 150


def product_input(record: ProductRecord) -> ProductInput:
    return ProductInput(**{f.name: getattr(record, f.name) for f in dataclasses.fields(ProductInput)})


class ProductsSection(SettingsSection):
    title = "Products"
    icon_name = "products"
    description = (
        "What the counter sells. Line items autocomplete from this list and scanning a barcode adds the "
        "product. Products are never deleted: deactivate one you no longer sell."
    )
    has_save = False
    fills_page = True

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self.filter_edit = QLineEdit(objectName="products_filter")
        self.filter_edit.setPlaceholderText("Filter by name, category, SKU or barcode (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_edit.textEdited.connect(lambda _text: self._filter_timer.start())
        self.new_button = QPushButton(icons.icon("add"), "New…", objectName="products_new")
        self.new_button.setToolTip("Add a product (Ctrl+N)")
        self.edit_button = QPushButton("Edit…", objectName="products_edit")
        self.edit_button.setToolTip("Edit the highlighted product (Enter)")
        self.toggle_button = QPushButton("Deactivate", objectName="products_toggle")
        self.toggle_button.setToolTip(
            "Stop or start offering the highlighted product at the counter (Ctrl+D)"
        )
        self.new_button.clicked.connect(self.new_product)
        self.edit_button.clicked.connect(self.edit_current)
        self.toggle_button.clicked.connect(self.toggle_current)

        self.model = ProductTableModel(settings.shop_profile().money, self)
        self.table = QTableView(objectName="products_table")
        self.table.setModel(self.model)
        configure_record_table(self.table)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setStyleSheet(TABLE_STYLE)
        self.table.setMinimumHeight(260)
        for number, column in enumerate(self.model.columns):
            self.table.setColumnWidth(number, column.width)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.edit_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(self.filter_edit, 1)
        for button in (self.new_button, self.edit_button, self.toggle_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)

        self._keys: dict[str, Callable[[], object]] = {
            QKeySequence("Ctrl+N").toString(): self.new_product,
            QKeySequence("Ctrl+F").toString(): self.focus_filter,
            QKeySequence("Ctrl+D").toString(): self.toggle_current,
        }
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.reload)
        self._asked = 0
        self._select_id: int | None = None
        ctx.changes.changed.connect(self._data_changed)
        self.reload()

    # --- loading --------------------------------------------------------------------------------------
    def reload(self) -> None:
        self._filter_timer.stop()
        self._asked += 1
        asked = self._asked
        current = self.current_product()
        keep = self._select_id or (current.id if current else None)
        self.ctx.runner.run(
            products.list_products,
            include_inactive=True,
            text=self.filter_edit.text(),
            on_success=lambda found: self._show(asked, found, keep),
        )

    def _show(self, asked: int, found: list[ProductRecord], keep: int | None) -> None:
        if asked != self._asked:
            return  # the filter changed since
        self._select_id = None
        self.model.money = settings.shop_profile().money
        self.model.set_rows(found)
        row = self.model.row_of(keep) if keep is not None else -1
        if self.model.rowCount():
            self._select(max(row, 0))
        self._update_buttons()

    def _data_changed(self, entities: frozenset[str]) -> None:
        if PRODUCTS in entities and self.dialog is None:
            self.reload()

    def _select(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def current_product(self) -> ProductRecord | None:
        index: QModelIndex = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        product = self.current_product()
        self.edit_button.setEnabled(product is not None)
        self.toggle_button.setEnabled(product is not None)
        self.toggle_button.setText("Activate" if product is not None and not product.active else "Deactivate")

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # --- changing -------------------------------------------------------------------------------------
    def new_product(self) -> None:
        self._open_dialog(None)

    def edit_current(self) -> None:
        product = self.current_product()
        if product is not None:
            self._open_dialog(product)

    def _open_dialog(self, product: ProductRecord | None) -> None:
        from crm_desktop.ui.dialogs.product_dialog import ProductDialog

        categories = [p.category for p in self.model.rows if p.category]
        self.dialog = ProductDialog(self.ctx, self.model.money, product, categories, self)
        self.dialog.saved.connect(self._saved)
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()

    def _saved(self, record: ProductRecord) -> None:
        self._select_id = record.id
        self.message_posted.emit(f"Saved {record.name}.", False)

    def _dialog_closed(self, _result: int) -> None:
        self.dialog = None
        self.reload()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def toggle_current(self) -> None:
        product = self.current_product()
        if product is None:
            return
        data = dataclasses.replace(product_input(product), active=not product.active)
        self.ctx.runner.run(products.update, self.ctx.session, product.id, data, on_success=self._toggled)

    def _toggled(self, record: ProductRecord) -> None:
        self._select_id = record.id
        self.ctx.changes.notify(PRODUCTS)  # reloads this list too
        if record.active:
            self.message_posted.emit(f"{record.name} is active again: offered at the counter.", False)
        else:
            self.message_posted.emit(
                f"{record.name} is inactive: no longer suggested or found by scanning at the counter.", False
            )

    # --- keys -----------------------------------------------------------------------------------------
    def _key_action(self, event: QKeyEvent) -> Callable[[], object] | None:
        return self._keys.get(QKeySequence(event.keyCombination()).toString())

    def event(self, event: QEvent) -> bool:
        """Claim this section's keys before the main window's shortcuts see them (see the docstring)."""
        if event.type() == QEvent.Type.ShortcutOverride and self._key_action(event) is not None:  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._key_action(event)
        if action is not None:
            action()
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down)
            and self.filter_edit.hasFocus()
        ):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)  # from the filter to the list
            return
        super().keyPressEvent(event)
