import pytest

from crm_desktop.db.models import AuditEntry
from crm_desktop.services import counter_rules, purchases
from crm_desktop.services.counter_rules import CounterRules
from crm_desktop.services.errors import ValidationError


def test_defaults_refuse_zero_and_amounts_over_ten_thousand(db):
    assert counter_rules.current() == CounterRules(allow_zero=False, max_amount_cents=1_000_000)
    with pytest.raises(ValidationError, match="more than zero"):
        purchases.parse_amount("0")
    with pytest.raises(ValidationError, match="more than"):
        purchases.parse_amount("10000.01")
    assert purchases.parse_amount("10000") == 1_000_000


def test_saved_rules_change_what_the_counter_accepts_and_are_audited(session):
    audits = AuditEntry.select().count()
    saved = counter_rules.save(session, CounterRules(allow_zero=True, max_amount_cents=5_000))
    assert saved == CounterRules(True, 5_000)
    assert purchases.parse_amount("0") == 0
    with pytest.raises(ValidationError):
        purchases.parse_amount("50.01")
    assert AuditEntry.select().count() == audits + 2  # one entry per changed rule
    counter_rules.save(session, saved)
    assert AuditEntry.select().count() == audits + 2  # nothing changed, nothing recorded


@pytest.mark.parametrize("cents", [0, -100, counter_rules.CEILING_CENTS + 1])
def test_a_silly_maximum_names_the_field_and_changes_nothing(session, cents):
    with pytest.raises(ValidationError) as err:
        counter_rules.save(session, CounterRules(allow_zero=True, max_amount_cents=cents))
    assert err.value.field == "Largest sale"
    assert counter_rules.current() == CounterRules()
