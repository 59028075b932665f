"""Settings → Loyalty driven from the keyboard: what `loyalty.rules()` holds after Ctrl+S, and what the
screen says when a value is refused (nothing saved then)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from crm_desktop.db.models import AuditEntry
from crm_desktop.services import loyalty, products
from crm_desktop.services.loyalty import LoyaltyRules
from crm_desktop.services.products import ProductInput
from crm_desktop.ui.context import LOYALTY, SETTINGS
from crm_desktop.ui.models.tiers_model import MULTIPLIER, THRESHOLD, TiersModel
from crm_desktop.ui.views.loyalty_section import LoyaltySection
from crm_desktop.ui.views.settings_view import SettingsView

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def view(qtbot, window, session) -> SettingsView:
    products.create(session, ProductInput(name="Gift card", category="Gift cards"))
    products.create(session, ProductInput(name="Beans", category="Coffee"))
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    settings_view = window.stack.currentWidget()
    settings_view.select_section_titled("Loyalty")
    return settings_view


@pytest.fixture
def section(view) -> LoyaltySection:
    assert isinstance(view.current_section, LoyaltySection)
    return view.current_section


def _replace(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def _type(qtbot, text: str) -> None:
    """Each key to whichever widget has the focus: typing on a cell opens its editor with the first key."""
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def _enter(qtbot, section: LoyaltySection) -> None:
    """Enter in a cell's editor: the delegate commits on the next turn of the event loop."""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: section.tiers.table.state() != QAbstractItemView.State.EditingState)


def _type_in_cell(qtbot, section: LoyaltySection, row: int, column: int, text: str) -> None:
    section.tiers.focus_cell(row, column)
    _type(qtbot, text)
    _enter(qtbot, section)


def _audits() -> int:
    return AuditEntry.select().count()


def test_form_shows_the_rules_in_the_shop_locale(section):
    rules = loyalty.rules()
    assert section.enabled_check.isChecked() == rules.enabled
    assert section.points_spin.value() == rules.points_per_unit
    assert section.unit_edit.text() == "€1.00"
    assert section.redeem_value_edit.text() == "€5.00"
    model = section.tiers_model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [t.name for t in rules.tiers]
    assert model.index(1, THRESHOLD).data() == "€500.00"
    assert model.index(2, MULTIPLIER).data() == "×1.5"
    items = [section.categories.item(r).text() for r in range(section.categories.count())]
    assert items == ["Coffee", "Gift cards"]
    assert section.expiry_spin.text() == "12 months"


def test_type_the_rates_and_a_tier_threshold_then_ctrl_s_saves_them(qtbot, view, section, window):
    seen: list[frozenset[str]] = []
    window.context.changes.changed.connect(seen.append)
    _replace(qtbot, section.points_spin, "2")
    _replace(qtbot, section.unit_edit, "2,50")
    _replace(qtbot, section.redeem_value_edit, "10,00")
    _type_in_cell(qtbot, section, 1, THRESHOLD, "400")
    assert section.tiers_model.index(1, THRESHOLD).data() == "€400.00"
    section.categories.setFocus()
    section.categories.setCurrentRow(1)
    qtbot.keyClick(section.categories, Qt.Key.Key_Space)  # tick "Gift cards"
    _replace(qtbot, section.expiry_spin, "0")  # never
    with qtbot.waitSignal(section.rules_saved):  # written on the runner, after the view said "Saving…"
        qtbot.keyClick(section.expiry_spin, Qt.Key.Key_S, CTRL)

    rules = loyalty.rules()
    assert (rules.points_per_unit, rules.unit_cents, rules.redeem_value_cents) == (2, 250, 1000)
    assert rules.tiers[1].threshold == 40_000 and rules.tiers[1].name == "Silver"
    assert rules.excluded_categories == ("Gift cards",)
    assert rules.expiry_months is None
    assert view.message.text().startswith("Loyalty rules saved")
    assert not view.message.property("error")
    assert frozenset({SETTINGS, LOYALTY}) in seen
    assert section.unit_edit.text() == "€2.50"  # shown again as stored


def test_a_tier_added_and_removed_by_keyboard(qtbot, view, section):
    section.tiers.focus_cell(2)
    qtbot.keyClick(section.tiers.table, Qt.Key.Key_Insert)
    assert section.tiers_model.rowCount() == 4
    _type(qtbot, "Platinum")
    _enter(qtbot, section)
    _type_in_cell(qtbot, section, 3, THRESHOLD, "3000")
    section.tiers.focus_cell(3, MULTIPLIER)
    _type(qtbot, "200")  # still in the cell's editor: Ctrl+S keeps what was typed
    with qtbot.waitSignal(section.rules_saved):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    assert loyalty.rules().tiers[-1] == loyalty.Tier("Platinum", 300_000, 200)

    section.tiers.focus_cell(0)
    qtbot.keyClick(section.tiers.table, Qt.Key.Key_Delete)
    assert section.tiers_model.rowCount() == 3
    assert section.tiers_model.index(0, 0).data() == "Silver"


def test_a_refused_value_names_its_field_and_nothing_is_saved(qtbot, view, section):
    before, audits = loyalty.rules(), _audits()
    _type_in_cell(qtbot, section, 2, THRESHOLD, "100")  # Gold below Silver's 500.00
    qtbot.keyClick(section.tiers.table, Qt.Key.Key_S, CTRL)
    assert view.message.property("error")
    assert "Tiers" in view.message.text() and "3" in view.message.text()
    assert section.tiers.table.hasFocus() and section.tiers.table.currentIndex().row() == 2
    assert loyalty.rules() == before and _audits() == audits

    _replace(qtbot, section.unit_edit, "abc")
    qtbot.keyClick(section.unit_edit, Qt.Key.Key_S, CTRL)
    assert view.message.text().startswith("Per amount spent:")
    assert section.unit_edit.hasFocus()
    assert loyalty.rules() == before and _audits() == audits


def test_an_unreadable_threshold_is_refused_in_the_cell(qtbot, view, section):
    _type_in_cell(qtbot, section, 1, THRESHOLD, "lots")
    assert view.message.property("error")
    assert view.message.text() == "Tiers: row 2 threshold: 'lots' is not an amount."
    assert section.tiers_model.index(1, THRESHOLD).data() == "€500.00"


def test_a_refusal_from_the_write_is_shown_too(qtbot, view, section, window, monkeypatch):
    from crm_desktop.services.errors import PermissionDenied

    def refuse(session, rules):
        raise PermissionDenied("Only the owner can change the loyalty rules.")

    monkeypatch.setattr(loyalty, "save_rules", refuse)
    _replace(qtbot, section.points_spin, "3")
    qtbot.keyClick(section.points_spin, Qt.Key.Key_S, CTRL)
    assert view.message.text() == "Saving the loyalty rules…"
    qtbot.waitUntil(lambda: view.message.property("error"))
    assert view.message.text() == "Only the owner can change the loyalty rules."
    assert not section.busy and loyalty.rules().points_per_unit == 1


def test_tiers_model_contract(qtmodeltester, section):
    model = TiersModel(section.formats)
    model.set_tiers(loyalty.rules().tiers, "lifetime_points")
    qtmodeltester.check(model)
    assert model.index(1, THRESHOLD).data() == "50,000 points"
    assert model.headerData(THRESHOLD, Qt.Orientation.Horizontal) == "From lifetime points"
    model.add_tier()
    model.remove_tier(0)
    qtmodeltester.check(model)
    assert isinstance(LoyaltyRules(tiers=model.tiers()), LoyaltyRules)


def test_multipliers_are_typed_as_factors_or_percentages():
    from crm_desktop.ui.models.tiers_model import parse_multiplier

    assert [parse_multiplier(t) for t in ("1.5", "1,25", "×2", "150", "150 %", "2")] == [
        150,
        125,
        200,
        150,
        150,
        200,
    ]
    with pytest.raises(ValueError, match="not a multiplier"):
        parse_multiplier("lots")


def test_every_label_key_on_the_page_is_unique_and_not_a_menu_key(section):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    texts = [w.text() for w in section.findChildren(QLabel) + section.findChildren(QAbstractButton)]
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t.replace("&&", "")]
    assert len(keys) == len(set(keys)), keys
    assert not set(keys) & {"f", "v", "s", "h"}  # File, View, Sales, Help
