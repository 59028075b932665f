"""Settings → Products from the keyboard: Ctrl+N to add by typing, Enter to edit, Ctrl+D to deactivate,
Ctrl+F to filter; refusals name their field; a deactivated product disappears from the counter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crm_desktop.db.models import Product
from crm_desktop.services import products
from crm_desktop.services.products import ProductInput
from crm_desktop.ui.views.products_section import ProductsSection
from tests.factories import make_customer
from tests.ui.walk_in_helpers import CTRL, ENTER, TAB, focus, open_panel, press, type_


@pytest.fixture
def cake(session):
    return products.create(session, ProductInput("Carrot cake", "Bakery", 390, sku="CAKE-1"))


@pytest.fixture
def section(qtbot, window, beans, cake) -> ProductsSection:
    window.products_action.trigger()  # Sales → Products…
    view = window.stack.currentWidget()
    assert window.current_key == "settings"
    products_section = view.current_section
    assert isinstance(products_section, ProductsSection)
    qtbot.waitUntil(lambda: products_section.model.rowCount() == 2)
    assert focus() is products_section.table
    return products_section


def dialog_of(qtbot, section):
    dialog = section.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)  # the dialog's window takes the keyboard
    return dialog


def test_the_list_shows_every_product_and_passes_the_model_tester(qtmodeltester, section, window):
    model = section.model
    assert [model.index(r, 0).data() for r in range(2)] == ["Carrot cake", "House blend 250 g"]
    assert model.index(1, 2).data() == model.money.format(750)
    assert model.index(1, 4).data() == "2032542570008"
    qtmodeltester.check(model)
    page = window.stack.currentWidget()
    assert not page.save_button.isVisible()  # products save in their own dialog


def test_create_a_product_by_typing(qtbot, section):
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = dialog_of(qtbot, section)
    assert focus() is dialog.name_edit
    type_(qtbot, "Oat milk 1 l")
    press(qtbot, TAB)
    type_(qtbot, "Milk")
    press(qtbot, TAB)
    type_(qtbot, "2,40")
    press(qtbot, TAB)
    type_(qtbot, "OAT-1")
    press(qtbot, TAB)
    type_(qtbot, "4000000000017")
    press(qtbot, ENTER)

    qtbot.waitUntil(lambda: section.dialog is None)
    oat = Product.get(Product.name == "Oat milk 1 l")
    assert (oat.category, oat.price_cents, oat.sku, oat.barcode, oat.earns_points, oat.active) == (
        "Milk",
        240,
        "OAT-1",
        "4000000000017",
        True,
        True,
    )
    qtbot.waitUntil(lambda: section.model.rowCount() == 3)
    assert section.current_product().id == oat.id
    assert products.find_by_code("4000000000017").id == oat.id


def test_a_duplicate_barcode_is_refused_naming_the_barcode(qtbot, section, beans):
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = dialog_of(qtbot, section)
    type_(qtbot, "Other beans")
    for _ in range(4):
        press(qtbot, TAB)
    assert focus() is dialog.barcode_edit
    type_(qtbot, beans.barcode)
    press(qtbot, ENTER)
    assert dialog.isVisible()
    assert dialog.message.text() == f"Barcode: '{beans.barcode}' is already the barcode of House blend 250 g."
    assert focus() is dialog.barcode_edit
    assert Product.select().count() == 2


def test_a_bad_price_is_refused_naming_the_price(qtbot, section):
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = dialog_of(qtbot, section)
    type_(qtbot, "Scone")
    press(qtbot, TAB)
    press(qtbot, TAB)
    type_(qtbot, "-2")
    press(qtbot, ENTER)
    assert dialog.message.text() == "Price cannot be negative."
    assert focus() is dialog.price_edit
    press(qtbot, Qt.Key.Key_Escape)
    assert Product.select().count() == 2


def test_enter_edits_the_highlighted_product(qtbot, section, beans):
    press(qtbot, Qt.Key.Key_Down)
    assert section.current_product().id == beans.id
    press(qtbot, ENTER)
    dialog = dialog_of(qtbot, section)
    assert dialog.name_edit.text() == beans.name
    dialog.price_edit.setFocus()
    dialog.price_edit.selectAll()
    type_(qtbot, "7.95")
    press(qtbot, ENTER)
    qtbot.waitUntil(lambda: section.dialog is None)
    assert Product.get_by_id(beans.id).price_cents == 795
    assert section.current_product().price_cents == 795


def test_deactivate_hides_it_from_the_counter_and_activate_brings_it_back(
    qtbot, window, section, session, beans
):
    press(qtbot, Qt.Key.Key_Down)
    assert section.toggle_button.text() == "Deactivate"
    press(qtbot, Qt.Key.Key_D, CTRL)
    assert Product.get_by_id(beans.id).active is False
    assert section.model.index(1, 6).data() == "Inactive"  # still listed here, greyed
    assert section.toggle_button.text() == "Activate"
    assert products.find_by_code(beans.barcode) is None

    make_customer(session, first_name="Ann", last_name="Lee")
    panel = open_panel(qtbot, window)
    press(qtbot, ENTER, CTRL)  # a sale without a customer
    press(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    press(qtbot, TAB)
    type_(qtbot, "house")
    items = panel.purchase_step.items
    qtbot.waitUntil(lambda: items.completer.asked > 0 and not items.completer.timer.isActive())
    assert items.completer.choices.rowCount() == 0  # not suggested any more
    panel.close()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    section.table.setFocus()
    press(qtbot, Qt.Key.Key_D, CTRL)
    assert Product.get_by_id(beans.id).active is True


def test_ctrl_f_filters_here_instead_of_searching_customers(qtbot, window, section):
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focus() is section.filter_edit
    assert not window.search_box.hasFocus()
    type_(qtbot, "cof-")
    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    assert section.current_product().name == "House blend 250 g"
    press(qtbot, ENTER)
    assert focus() is section.table
    QApplication.processEvents()
