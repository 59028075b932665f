"""Shop-wide rules are not for every till user: staff may not change the follow-up rules or the birthday
greetings; managers and the owner may. A refusal stores nothing."""

from __future__ import annotations

import dataclasses

import pytest

from crm_desktop.services import birthdays, followup_rules
from crm_desktop.services.errors import PermissionDenied
from crm_desktop.services.followup_rules import AutoRule, AutoRules
from crm_desktop.services.session import Actor, Session


def _as(role: str, clock) -> Session:
    return Session(Actor(None, role.title(), role), clock)


def test_staff_cannot_change_the_follow_up_rules(db, clock):
    rules = AutoRules(AutoRule(True, 60), AutoRule(False, 3), AutoRule(False, 14))
    with pytest.raises(PermissionDenied, match="follow-up rules"):
        followup_rules.save(_as("staff", clock), rules)
    assert followup_rules.current() == AutoRules()
    assert followup_rules.save(_as("manager", clock), rules) == rules


def test_staff_cannot_change_the_birthday_settings(db, clock):
    changed = dataclasses.replace(birthdays.current(), feb29="mar1", reward="a free coffee")
    with pytest.raises(PermissionDenied, match="birthday"):
        birthdays.save(_as("staff", clock), changed)
    assert birthdays.current() == birthdays.BirthdaySettings()
    assert birthdays.save(_as("owner", clock), changed).feb29 == "mar1"
