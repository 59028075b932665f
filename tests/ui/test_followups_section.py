"""Settings → Follow-ups: the three automatic rules, saved with their days; saving runs them once, so
what they make is listed at once; a refusal names the rule and puts the cursor on its days."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from crm_desktop.db.models import Customer, FollowUp
from crm_desktop.services import followup_rules
from crm_desktop.services.followup_rules import AutoRule, AutoRules
from crm_desktop.ui.views.followups_section import FollowUpsSection
from crm_desktop.ui.views.settings_view import SettingsView
from tests.factories import make_customer
from tests.ui.profile_helpers import show_active


@pytest.fixture
def page(qtbot, ctx):
    section = FollowUpsSection(ctx)
    view = SettingsView([section])
    qtbot.addWidget(view)
    show_active(qtbot, view)
    return view, section


def test_shows_the_stored_rules_with_what_each_does(page, session):
    view, section = page
    assert section.rules() == AutoRules()  # all off
    assert not section.spins["winback"].isEnabled()
    texts = [label.text() for label in section.findChildren(type(view.message))]
    assert any("looks back 7 days" in text for text in texts)
    assert any("once per customer" in text for text in texts)
    assert section.spins["points_expiring"].value() == 14


def test_switch_rules_on_and_save_runs_them(qtbot, page, session):
    view, section = page
    lapsed = make_customer(session, first_name="Lars", last_name="Lapsed")
    Customer.update(
        last_visit_date=dt.date(2026, 3, 14), first_visit_date=dt.date(2025, 1, 1), visits=3
    ).where(
        Customer.id == lapsed.id
    ).execute()  # 93 days before 15 June: within the first run's 7 days for a 90-day rule
    check = section.checks["winback"]
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
    assert section.spins["winback"].isEnabled()
    section.checks["thank_you"].setChecked(True)
    section.spins["thank_you"].setValue(5)
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert followup_rules.current() == AutoRules(AutoRule(True, 90), AutoRule(True, 5), AutoRule(False, 14))
    made = FollowUp.get(FollowUp.origin == "winback")
    assert made.customer_id == lapsed.id and made.title == "Win back Lars Lapsed: no visit for 90 days"
    assert "Saved" in view.message.text()


def test_a_refused_value_names_the_rule_and_focuses_its_days(qtbot, page, session):
    view, section = page
    section.checks["thank_you"].setChecked(True)
    spin = section.spins["thank_you"]
    spin.setMinimum(0)  # as if the form let 0 through: the service still refuses it
    spin.setValue(0)
    view.section_list.setFocus()
    assert not view.save_current()
    assert view.message.text() == "Thank-you after must be a whole number of days from 1 to 3,650."
    assert spin.hasFocus()
    assert followup_rules.current() == AutoRules()


def test_is_a_section_of_the_settings_view(window):
    window.show_view("settings")
    settings_view = window.page_widget("settings")
    titles = [section.title for section in settings_view.sections]
    assert "Follow-ups" in titles
    settings_view.select_section_titled("Follow-ups")
    assert isinstance(settings_view.current_section, FollowUpsSection)
