"""Walk-in sales with line items: scanning product barcodes (also into the amount field), autocomplete from
the product list, free-text lines, refusals naming the line's field; and stale search results."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crm_desktop.db.models import Purchase, PurchaseItem
from crm_desktop.services import products
from crm_desktop.services.products import ProductInput
from crm_desktop.services.search import SearchHit
from crm_desktop.ui.context import UiContext
from crm_desktop.ui.walk_in.customer_step import CustomerStep
from crm_desktop.ui.walk_in.panel import FIND, SALE
from crm_desktop.ui.walk_in.purchase_step import ITEMS
from tests.factories import make_customer
from tests.ui.walk_in_helpers import ALT, CTRL, ENTER, TAB, focus, open_panel, press, type_


@pytest.fixture
def mug(session):
    return products.create(
        session, ProductInput("Mug, stoneware", "Cups", 1200, sku="MUG-1", barcode="5000000000017")
    )


@pytest.fixture
def sale(qtbot, window, session, beans, mug):
    """The panel at the sale step for a customer, the cursor in the amount field."""
    make_customer(session, first_name="Ann", last_name="Lee", phone="07700 800456")
    panel = open_panel(qtbot, window)
    type_(qtbot, "ann")
    press(qtbot, ENTER)
    assert panel.step == SALE and focus() is panel.purchase_step.amount_edit
    return panel


def test_a_barcode_scanned_into_the_amount_adds_the_product(qtbot, sale, beans):
    type_(qtbot, "2032542570008")
    press(qtbot, ENTER)
    step = sale.purchase_step
    assert step.mode == ITEMS
    assert step.items.model.rowCount() == 1
    assert step.items.model.index(0, 2).data() == step.money.format(750)
    assert step.total_label.text() == f"Total {step.money.format(750)}"
    assert focus() is step.items.scan_edit
    press(qtbot, ENTER)  # an empty scan field: Enter saves
    item = PurchaseItem.get()
    assert (item.product_id, item.description, item.quantity, item.unit_price_cents) == (
        beans.id,
        beans.name,
        1,
        750,
    )
    assert Purchase.get().total_cents == 750
    assert sale.step == FIND


def test_scan_twice_autocomplete_and_save(qtbot, sale, beans, mug):
    step = sale.purchase_step
    press(qtbot, Qt.Key.Key_I, ALT)
    assert focus() is step.items.scan_edit
    for _ in range(2):
        type_(qtbot, "COF-001")  # a SKU scans too
        press(qtbot, ENTER)
    type_(qtbot, "nothing-here")
    press(qtbot, ENTER)
    assert step.items.message.is_error and "nothing-here" in step.items.message.text()
    assert [line.quantity for line in step.items.lines()] == [2]

    step.items.scan_edit.clear()
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is step.items.description_edit
    type_(qtbot, "mug")
    popup = step.items.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert step.items.completer.choices.rowCount() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # the open popup has the keyboard, as with a real one
    qtbot.keyClick(popup, ENTER)
    assert step.items.description_edit.text() == mug.name
    assert step.items.price_edit.text() == step.money.format(1200, symbol=False)
    assert focus() is step.items.qty_spin
    type_(qtbot, "3")
    press(qtbot, ENTER)  # adds the line; the cursor is back in an empty description
    assert focus() is step.items.description_edit
    press(qtbot, ENTER)  # nothing typed: Enter saves the sale

    items = list(PurchaseItem.select().order_by(PurchaseItem.id))
    assert [(i.product_id, i.quantity, i.line_total_cents) for i in items] == [
        (beans.id, 2, 1500),
        (mug.id, 3, 3600),
    ]
    assert Purchase.get().total_cents == 5100


def test_a_free_text_line_with_discount_saved_with_ctrl_s(qtbot, sale):
    press(qtbot, Qt.Key.Key_I, ALT)
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "Gift wrap")
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "2")
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "3,00")
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "1")
    press(qtbot, Qt.Key.Key_S, CTRL)  # the line being typed is added, then the sale saved
    item = PurchaseItem.get()
    assert (item.product_id, item.description, item.quantity, item.discount_cents, item.line_total_cents) == (
        None,
        "Gift wrap",
        2,
        100,
        500,
    )


def test_a_bad_line_is_refused_naming_its_field(qtbot, sale):
    step = sale.purchase_step
    press(qtbot, Qt.Key.Key_I, ALT)
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "Gift wrap")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "2")
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "5")
    press(qtbot, ENTER)
    assert step.items.message.text() == "Line 1: Discount is more than the line's price."
    assert focus() is step.items.discount_edit
    assert step.items.model.rowCount() == 0
    press(qtbot, ENTER, CTRL)
    assert Purchase.select().count() == 0


def test_no_lines_is_refused_and_delete_removes_a_line(qtbot, sale):
    step = sale.purchase_step
    press(qtbot, Qt.Key.Key_I, ALT)
    press(qtbot, ENTER)
    assert step.items.message.text().startswith("Add a line first")
    type_(qtbot, "5000000000017")
    press(qtbot, ENTER)
    step.items.table.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    assert step.items.model.rowCount() == 0
    assert step.total_label.text() == f"Total {step.money.format(0)}"


def test_inactive_products_neither_complete_nor_scan(qtbot, sale, session, mug):
    products.update(
        session,
        mug.id,
        ProductInput(mug.name, mug.category, mug.price_cents, mug.sku, mug.barcode, active=False),
    )
    step = sale.purchase_step
    press(qtbot, Qt.Key.Key_I, ALT)
    type_(qtbot, "5000000000017")
    press(qtbot, ENTER)
    assert step.items.model.rowCount() == 0 and step.items.message.is_error
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "mug")
    qtbot.waitUntil(lambda: step.items.completer.asked > 0 and not step.items.completer.timer.isActive())
    assert step.items.completer.choices.rowCount() == 0


def test_line_and_choice_models_pass_the_model_tester(qtbot, qtmodeltester, sale):
    step = sale.purchase_step
    press(qtbot, Qt.Key.Key_I, ALT)
    type_(qtbot, "2032542570008")
    press(qtbot, ENTER)
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "e")
    qtbot.waitUntil(lambda: step.items.completer.choices.rowCount() == 2)
    qtmodeltester.check(step.items.model)
    qtmodeltester.check(step.items.completer.choices)


class DeferredRunner:
    """Holds each task until the test finishes it, in any order (a slow search overtaken by a quick one)."""

    def __init__(self) -> None:
        self.tasks: list = []

    def run(self, fn, *args, on_success=None, on_error=None, **kwargs):
        self.tasks.append((fn, args, kwargs, on_success))

    def finish(self, number: int) -> None:
        fn, args, kwargs, on_success = self.tasks[number]
        on_success(fn(*args, **kwargs))


def test_stale_matches_are_dropped(qtbot, session, ui_settings):
    make_customer(session, first_name="Ann", last_name="Lee")
    make_customer(session, first_name="Anna", last_name="Koch")
    runner = DeferredRunner()
    step = CustomerStep(UiContext(session, runner, ui_settings))  # type: ignore[arg-type]
    qtbot.addWidget(step)
    qtbot.keyClicks(step.search_edit, "an")
    step.search_now()
    qtbot.keyClicks(step.search_edit, "na")
    step.search_now()
    runner.finish(1)  # "anna" answers first
    assert [hit.name for hit in step.model.rows] == ["Anna Koch"]
    runner.finish(0)  # then the older "an": dropped
    assert [hit.name for hit in step.model.rows] == ["Anna Koch"]
    assert isinstance(step.current_hit(), SearchHit)
    QApplication.processEvents()


def test_a_description_without_a_price_asks_for_the_price(qtbot, sale):
    step = sale.purchase_step
    press(qtbot, Qt.Key.Key_I, ALT)
    press(qtbot, TAB)
    type_(qtbot, "Gift wrap")
    press(qtbot, ENTER)
    assert step.items.message.text() == "Unit price is required."
    assert focus() is step.items.price_edit
    assert step.items.model.rowCount() == 0
