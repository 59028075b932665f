import dataclasses
import json

import pytest

from crm_desktop.db.models import AuditEntry, Setting
from crm_desktop.services import settings
from crm_desktop.services.errors import ValidationError


def test_defaults_before_anything_is_saved(db):
    profile = settings.shop_profile()
    assert profile.name == "My Shop" and profile.currency == "EUR" and profile.paper_size == "A4"
    assert settings.shop_logo() is None


def test_saved_profile_is_stored_in_the_database_and_audited(session):
    profile = dataclasses.replace(
        settings.shop_profile(), name="  Café Olé ", currency="CHF", locale="de_CH", paper_size="Letter"
    )
    saved = settings.save_shop_profile(session, profile)
    assert saved.name == "Café Olé"
    assert json.loads(Setting.get_by_id("shop.profile").value)["currency"] == "CHF"
    assert settings.shop_profile() == saved
    assert saved.country == "CH" and saved.money.format(1250) == "12,50\u00a0CHF"
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert entry.entity == "setting" and entry.actor_name == "Owner"
    assert json.loads(entry.after)["currency"] == "CHF"

    settings.save_shop_profile(session, dataclasses.replace(saved, currency="EUR"))
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (json.loads(entry.before), json.loads(entry.after)) == ({"currency": "CHF"}, {"currency": "EUR"})


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "   "}, "Shop name"),
        ({"currency": "euro"}, "Currency"),
        ({"locale": "english"}, "Country / locale"),
        ({"paper_size": "A5"}, "Paper size"),
        ({"email": "shop@"}, "Email"),
    ],
)
def test_bad_profile_names_the_field_and_changes_nothing(session, change, field):
    before = settings.shop_profile()
    audits = AuditEntry.select().count()
    with pytest.raises(ValidationError) as err:
        settings.save_shop_profile(session, dataclasses.replace(before, **change))
    assert err.value.field == field
    assert settings.shop_profile() == before
    assert AuditEntry.select().count() == audits


def test_logo_round_trips_and_has_a_size_limit(session):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    settings.save_shop_logo(session, png)
    assert settings.shop_logo() == png
    with pytest.raises(ValidationError, match="Logo"):
        settings.save_shop_logo(session, b"x" * (settings.MAX_LOGO_BYTES + 1))
    assert settings.shop_logo() == png
    settings.save_shop_logo(session, None)
    assert settings.shop_logo() is None


def test_unknown_stored_keys_are_ignored(session):
    Setting.insert(
        key="shop.profile", value=json.dumps({"name": "Old", "fax": "123"})
    ).on_conflict_replace().execute()
    assert settings.shop_profile().name == "Old"
