"""Customers: validation naming the field, phone and birthday rules, tags, consent, cards, archive, audit."""

from __future__ import annotations

import dataclasses
import json

import pytest

from crm_desktop.db.models import AuditEntry, Customer, CustomerTag, Tag
from crm_desktop.services import customers, settings
from crm_desktop.services.customers import CustomerInput
from crm_desktop.services.errors import NotFoundError, ServiceError, ValidationError
from tests.factories import make_customer


def _set_country(session, locale: str) -> None:
    settings.save_shop_profile(session, settings.ShopProfile(locale=locale))


def _counts() -> tuple[int, int, int, int]:
    return (
        Customer.select().count(),
        Tag.select().count(),
        CustomerTag.select().count(),
        AuditEntry.select().count(),
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_name": "", "last_name": "  "}, "Name"),
        ({"email": "not-an-email"}, "Email"),
        ({"email": "a@b"}, "Email"),
        ({"email": "a@b..com"}, "Email"),
        ({"email": "two words@example.com"}, "Email"),
        ({"birth_day": 31, "birth_month": 4}, "Birthday"),
        ({"birth_day": 12}, "Birthday"),
        ({"birth_month": 5}, "Birthday"),
        ({"birth_year": 1980}, "Birthday"),
        ({"birth_day": 1, "birth_month": 13}, "Birthday"),
        ({"birth_day": 0, "birth_month": 1}, "Birthday"),
        ({"birth_day": 29, "birth_month": 2, "birth_year": 2023}, "Birthday"),
        ({"birth_day": 16, "birth_month": 6, "birth_year": 2026}, "Birthday"),  # tomorrow in the shop
        ({"birth_day": 1, "birth_month": 1, "birth_year": 1899}, "Birthday"),
        ({"preferred_channel": "fax"}, "Preferred channel"),
        ({"first_name": "x" * 201}, "First name"),
        ({"notes": "x" * 20_001}, "Notes"),
        ({"tags": ("x" * 51,)}, "Tags"),
    ],
)
def test_validation_names_the_field_and_changes_nothing(session, overrides, field):
    data = {"first_name": "Ada", "last_name": "Lovelace", **overrides}
    before = _counts()
    with pytest.raises(ValidationError) as err:
        customers.create(session, CustomerInput(**data))
    assert err.value.field == field
    assert _counts() == before


def test_any_one_of_name_phone_email_is_enough(session):
    assert (
        customers.create(session, CustomerInput(email="Only@Example.com")).display_name == "only@example.com"
    )
    assert customers.create(session, CustomerInput(phone="07911 123456")).display_name == "+44 7911 123456"
    assert customers.create(session, CustomerInput(last_name="Curie")).display_name == "Curie"


def test_create_stores_normalised_values_and_audits(session):
    c = make_customer(
        session, first_name="  José ", last_name="Núñez  García", email=" Jose@Example.COM ", notes=" hi "
    )
    row = Customer.get_by_id(c.id)
    assert (row.first_name, row.last_name, row.email, row.notes) == (
        "José",
        "Núñez García",
        "jose@example.com",
        "hi",
    )
    assert row.sort_name == "nunez garcia jose"
    assert row.phone is None and row.card_number is None
    entry = AuditEntry.get((AuditEntry.entity == "customer") & (AuditEntry.entity_id == c.id))
    assert entry.action == "create" and entry.before is None
    assert json.loads(entry.after)["email"] == "jose@example.com"
    assert c.created_at == session.clock.now() == c.updated_at


@pytest.mark.parametrize(
    ("locale", "typed", "display", "e164", "searchable"),
    [
        (
            "en_GB",
            "07911 123456",
            "+44 7911 123456",
            "+447911123456",
            {"07911", "07911123456", "447911123456"},
        ),
        (
            "en_GB",
            "020 7946 0018",
            "+44 20 7946 0018",
            "+442079460018",
            {"020", "7946", "0018", "02079460018"},
        ),
        ("de_DE", "030 12345678", "+49 30 12345678", "+493012345678", {"030", "12345678", "493012345678"}),
        ("de_DE", "0171 1234567", "+49 171 1234567", "+491711234567", {"0171", "01711234567"}),
        ("en_US", "(212) 555-0100", "+1 212-555-0100", "+12125550100", {"212", "555", "0100", "2125550100"}),
        ("en_GB", "+49 30 12345678", "+49 30 12345678", "+493012345678", {"49", "30"}),
        ("en_US", "+44 7911 123456", "+44 7911 123456", "+447911123456", {"7911", "07911123456"}),
        ("de_DE", "0044 7911 123456", "+44 7911 123456", "+447911123456", {"447911123456"}),
    ],
)
def test_phone_normalised_with_shop_country(session, locale, typed, display, e164, searchable):
    _set_country(session, locale)
    c = make_customer(session, phone=typed)
    assert (c.phone, c.phone_e164, c.phone_note) == (display, e164, "")
    assert searchable <= set(Customer.get_by_id(c.id).phone_search.split())


@pytest.mark.parametrize("typed", ["12", "+1 (555) 123-4567", "ask at till", "0791"])
def test_unreadable_phone_kept_as_typed_with_a_note(session, typed):
    c = make_customer(session, phone=f" {typed} ")
    assert c.phone == typed and c.phone_e164 is None
    assert "kept as typed" in c.phone_note and "GB" in c.phone_note
    assert customers.get(c.id).phone_note == c.phone_note


@pytest.mark.parametrize(
    ("day", "month", "year"), [(29, 2, None), (29, 2, 2000), (29, 2, 1996), (31, 12, None), (15, 6, 2026)]
)
def test_valid_birthdays(session, day, month, year):
    c = make_customer(session, birth_day=day, birth_month=month, birth_year=year)
    assert (c.birth_day, c.birth_month, c.birth_year) == (day, month, year)


def test_tags_created_on_the_fly_and_reused_case_insensitively(session):
    a = make_customer(session, tags=("VIP", "Newsletter", "vip", " "))
    assert a.tags == ("Newsletter", "VIP")
    b = make_customer(session, first_name="Bo", tags=("vip", "NEWSLETTER", "student"))
    assert b.tags == ("Newsletter", "student", "VIP")
    assert sorted((t.name for t in Tag.select()), key=str.casefold) == ["Newsletter", "student", "VIP"]
    assert customers.all_tags() == ["Newsletter", "student", "VIP"]
    c = customers.update(session, a.id, dataclasses.replace(a.to_input(), tags=("Student",)))
    assert c.tags == ("student",)
    assert customers.tags_of(b.id) == ("Newsletter", "student", "VIP")


def test_consent_dates_set_on_change_kept_otherwise(session, clock):
    c = make_customer(session, email="a@example.com", email_consent=True)
    given = clock.now()
    assert c.email_consent_at == given and c.sms_consent_at is None
    clock.advance(days=3)
    c = customers.update(session, c.id, dataclasses.replace(c.to_input(), notes="changed", sms_consent=False))
    assert c.email_consent_at == given and c.sms_consent_at is None
    c = customers.update(
        session, c.id, dataclasses.replace(c.to_input(), email_consent=False, sms_consent=True)
    )
    assert c.email_consent is False and c.email_consent_at == clock.now()
    assert c.sms_consent is True and c.sms_consent_at == clock.now()
    withdrawn = clock.now()
    clock.advance(days=1)
    c = customers.update(session, c.id, dataclasses.replace(c.to_input(), city="Bristol"))
    assert c.email_consent_at == withdrawn == c.sms_consent_at


def test_card_number_unique_and_names_the_holder(session):
    a = make_customer(session, card_number=" 4000123 ")
    assert a.card_number == "4000123"
    with pytest.raises(ValidationError) as err:
        make_customer(session, first_name="Bo", card_number="4000123")
    assert err.value.field == "Card number" and "Ada Lovelace" in err.value.message
    again = customers.update(session, a.id, dataclasses.replace(a.to_input(), notes="keeps its card"))
    assert again.card_number == "4000123"
    b = make_customer(session, first_name="Bo")
    with pytest.raises(ValidationError):
        customers.update(session, b.id, dataclasses.replace(b.to_input(), card_number="4000123"))
    assert Customer.get_by_id(b.id).card_number is None


def test_update_audits_only_changed_fields(session, clock):
    c = make_customer(session, email="a@example.com", tags=("VIP",))
    clock.advance(hours=1)
    customers.update(session, c.id, dataclasses.replace(c.to_input(), city="Bath", tags=("VIP", "local")))
    entry = AuditEntry.select().where(AuditEntry.action == "update").get()
    assert json.loads(entry.before) == {"city": "", "tags": ["VIP"]}
    assert json.loads(entry.after) == {"city": "Bath", "tags": ["local", "VIP"]}
    assert customers.get(c.id).updated_at == clock.now()
    # Saving an unchanged form writes nothing.
    count = AuditEntry.select().count()
    customers.update(session, c.id, customers.get(c.id).to_input())
    assert AuditEntry.select().count() == count


def test_update_validation_error_changes_nothing(session):
    c = make_customer(session, tags=("VIP",))
    before = (Customer.get_by_id(c.id).__data__.copy(), _counts())
    with pytest.raises(ValidationError):
        customers.update(session, c.id, dataclasses.replace(c.to_input(), tags=("new",), email="bad"))
    assert (Customer.get_by_id(c.id).__data__, _counts()) == before


def test_get_unknown_customer(db):
    with pytest.raises(NotFoundError):
        customers.get(999)


def test_archive_and_restore(session, clock):
    c = make_customer(session)
    customers.archive(session, c.id)
    assert customers.get(c.id).archived_at == clock.now()
    customers.archive(session, c.id)  # twice: nothing more happens
    customers.restore(session, c.id)
    assert customers.get(c.id).archived_at is None
    actions = [
        e.action for e in AuditEntry.select().where(AuditEntry.entity_id == c.id).order_by(AuditEntry.id)
    ]
    assert actions == ["create", "archive", "restore"]


def test_duplicates_by_email_phone_and_similar_name_with_birthday(session):
    a = make_customer(session, email="Anna@Example.com", phone="07911 123456")
    b = make_customer(
        session, first_name="Jon", last_name="Smith", birth_day=3, birth_month=4, birth_year=1980
    )
    make_customer(session, first_name="Jon", last_name="Smith", birth_day=4, birth_month=4)  # other birthday
    found = customers.find_duplicates(CustomerInput(email="anna@EXAMPLE.com "))
    assert [(d.id, d.reason) for d in found] == [(a.id, "same email")]
    found = customers.find_duplicates(CustomerInput(first_name="X", phone="+44 7911 123 456"))
    assert [(d.id, d.reason) for d in found] == [(a.id, "same phone")]
    found = customers.find_duplicates(CustomerInput(email="anna@example.com", phone="07911123456"))
    assert found[0].reason == "same email, same phone"
    similar = CustomerInput(first_name="John", last_name="Smith", birth_day=3, birth_month=4)
    assert [(d.id, d.reason) for d in customers.find_duplicates(similar)] == [
        (b.id, "similar name and same birthday")
    ]
    accents = CustomerInput(first_name="jön", last_name="SMITH", birth_day=3, birth_month=4, birth_year=1980)
    assert [d.id for d in customers.find_duplicates(accents)] == [b.id]
    other_year = dataclasses.replace(similar, birth_year=1990)
    assert customers.find_duplicates(other_year) == []
    assert (
        customers.find_duplicates(
            CustomerInput(first_name="Mary", last_name="Jones", birth_day=3, birth_month=4)
        )
        == []
    )
    assert customers.find_duplicates(a.to_input(), exclude_id=a.id) == []
    assert customers.find_duplicates(CustomerInput()) == []


def test_unreadable_phone_duplicates_compare_as_typed(session):
    a = make_customer(session, phone="ask at till")
    assert [d.id for d in customers.find_duplicates(CustomerInput(phone="ask  at till"))] == [a.id]


def test_duplicates_flag_archived_and_skip_merged(session):
    a = make_customer(session, email="a@example.com")
    b = make_customer(session, email="a@example.com")
    customers.archive(session, a.id)
    found = customers.find_duplicates(CustomerInput(email="a@example.com"))
    assert [(d.id, d.archived) for d in found] == [(b.id, False), (a.id, True)]
    customers.restore(session, a.id)
    customers.merge(session, a.id, b.id)
    assert [d.id for d in customers.find_duplicates(CustomerInput(email="a@example.com"))] == [a.id]


def test_merged_customer_cannot_be_edited_or_restored(session):
    a, b = make_customer(session), make_customer(session, first_name="Bo")
    customers.merge(session, a.id, b.id)
    with pytest.raises(ServiceError):
        customers.update(session, b.id, CustomerInput(first_name="Bo"))
    with pytest.raises(ServiceError):
        customers.restore(session, b.id)


def test_to_input_round_trips(session):
    c = make_customer(
        session, email="a@example.com", phone="07911 123456", birth_day=1, birth_month=2, tags=("VIP",),
        preferred_channel="sms", sms_consent=True, card_number="77", address_line1="1 High St", source="walk-in",
    )  # fmt: skip
    assert customers.update(session, c.id, c.to_input()).to_input() == c.to_input()
