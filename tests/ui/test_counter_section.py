"""Settings → Counter, from the keyboard: the limits the walk-in panel then applies."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from crm_desktop.services import counter_rules, purchases
from crm_desktop.services.counter_rules import CounterRules
from crm_desktop.services.errors import ValidationError
from crm_desktop.ui.views.counter_section import CounterSection

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def view(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    settings_view = window.stack.currentWidget()
    settings_view.select_section(
        next(i for i, s in enumerate(settings_view.sections) if isinstance(s, CounterSection))
    )
    return settings_view


@pytest.fixture
def section(view) -> CounterSection:
    return view.current_section


def test_shows_the_defaults(section):
    assert not section.allow_zero.isChecked()
    assert section.max_edit.text() == "10,000.00"


def test_raise_the_limit_and_allow_zero_then_the_counter_accepts_them(qtbot, view, section):
    qtbot.keyClick(section.allow_zero, Qt.Key.Key_Space)
    section.max_edit.setFocus()
    section.max_edit.selectAll()
    qtbot.keyClicks(section.max_edit, "25000")
    qtbot.keyClick(section.max_edit, Qt.Key.Key_S, CTRL)
    assert counter_rules.current() == CounterRules(allow_zero=True, max_amount_cents=2_500_000)
    assert purchases.parse_amount("0") == 0
    assert purchases.parse_amount("24999,99") == 2_499_999
    assert "€25,000.00" in view.message.text()
    assert section.max_edit.text() == "25,000.00"


@pytest.mark.parametrize("typed", ["", "lots", "0"])
def test_a_bad_limit_is_named_and_nothing_is_saved(qtbot, view, section, typed):
    section.max_edit.setFocus()
    section.max_edit.selectAll()
    qtbot.keyClick(section.max_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(section.max_edit, typed)
    qtbot.keyClick(section.max_edit, Qt.Key.Key_S, CTRL)
    assert view.message.property("error") is True
    assert "Largest sale" in view.message.text()
    assert counter_rules.current() == CounterRules()
    with pytest.raises(ValidationError):
        purchases.parse_amount("10000.01")
