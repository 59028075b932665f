"""Settings → Birthdays (rule, reward, templates), filling a template, mailto links and the CSV export."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from crm_desktop.db.models import AuditEntry, Customer
from crm_desktop.services import birthdays, settings
from crm_desktop.services.birthdays import BirthdaySettings, GreetingTemplate
from crm_desktop.services.errors import ValidationError
from tests.factories import make_customer
from tests.services.loyalty_helpers import set_rules

D = dt.date
TODAY = D(2026, 6, 15)  # the `clock` fixture's local date


def row_of(session, **fields) -> birthdays.BirthdayRow:
    values = {
        "first_name": "Zoë",
        "last_name": "Müller",
        "birth_month": 6,
        "birth_day": 16,
        "birth_year": 1990,
    }
    values.update(fields)
    cid = make_customer(session, **values).id
    return next(
        r for r in birthdays.between(TODAY, TODAY + dt.timedelta(days=30), TODAY) if r.customer_id == cid
    )


def refused(session, s: BirthdaySettings) -> ValidationError:
    audits = AuditEntry.select().count()
    with pytest.raises(ValidationError) as err:
        birthdays.save(session, s)
    assert birthdays.current() == BirthdaySettings()  # nothing stored
    assert AuditEntry.select().count() == audits
    return err.value


def with_template(subject: str = "", body: str = "Hi {first_name}", name: str = "Mine") -> BirthdaySettings:
    return BirthdaySettings(templates=(GreetingTemplate(name, subject, body),))


def test_defaults_until_saved_then_stored_and_audited(session):
    assert birthdays.current().feb29 == "feb28"
    assert [t.name for t in birthdays.current().templates] == ["Short (SMS)", "Email"]
    saved = birthdays.save(
        session,
        BirthdaySettings(
            feb29="mar1",
            reward="  a free   coffee ",
            templates=(GreetingTemplate(" Card ", " Hi ", " Hello {first_name} \n"),),
        ),
    )
    assert saved == BirthdaySettings(
        "mar1", "a free coffee", (GreetingTemplate("Card", "Hi", "Hello {first_name}"),)
    )
    assert birthdays.current() == saved
    assert AuditEntry.select().where(AuditEntry.entity == "setting").count() == 1


@pytest.mark.parametrize(
    ("s", "field", "words"),
    [
        (
            with_template(body="Hi {firstname}"),
            "Template 'Mine'",
            "unknown placeholder {firstname} in the text",
        ),
        (with_template(subject="{shop}"), "Template 'Mine'", "unknown placeholder {shop} in the subject"),
        (with_template(body="{points:>10}"), "Template 'Mine'", "unknown placeholder {points:>10}"),
        (with_template(body="{first_name.upper}"), "Template 'Mine'", "unknown placeholder"),
        (with_template(body="{}"), "Template 'Mine'", "unknown placeholder {}"),
        (with_template(body="50% off {today"), "Template 'Mine'", "lone { or }"),
        (with_template(body="smile :-}"), "Template 'Mine'", "lone { or }"),
        (with_template(body="   "), "Template 'Mine'", "the text is empty"),
        (with_template(name="  "), "Template 1", "needs a name"),
        (BirthdaySettings(templates=()), "Templates", "at least one"),
        (BirthdaySettings(feb29="feb30"), "29 February", "28 February"),
        (BirthdaySettings(reward="x" * 201), "Reward", "too long"),
    ],
)
def test_bad_settings_name_the_field_and_change_nothing(session, s, field, words):
    err = refused(session, s)
    assert err.field == field
    assert words in err.message


def test_template_names_are_unique_ignoring_case(session):
    s = BirthdaySettings(templates=(GreetingTemplate("SMS", "", "a"), GreetingTemplate("sms ", "", "b")))
    err = refused(session, s)
    assert (err.field, err.message) == ("Template 'sms'", "the name is already used by template 1")


def test_render_fills_every_placeholder(session):
    row = row_of(session)
    Customer.update(points_balance=12345).where(Customer.id == row.customer_id).execute()
    row = dataclasses.replace(row, points=12345)
    settings.save_shop_profile(session, dataclasses.replace(settings.shop_profile(), name="Bean & Leaf"))
    template = GreetingTemplate(
        "t", "For {first_name} from {shop_name}", "{first_name}: {points} points. {reward}\n{{braces}}"
    )
    assert birthdays.render(template, row) == ("For Zoë from Bean & Leaf", "Zoë: 12,345 points.\n{braces}")
    set_rules(session, birthday_bonus_points=1500)
    assert birthdays.render(template, row)[1] == "Zoë: 12,345 points. 1,500 bonus points\n{braces}"
    birthdays.save(session, dataclasses.replace(birthdays.current(), reward="a free cake"))
    assert birthdays.render(template, row)[1] == "Zoë: 12,345 points. a free cake\n{braces}"
    settings.save_shop_profile(session, dataclasses.replace(settings.shop_profile(), locale="de_DE"))
    assert birthdays.render(template, row)[1].startswith("Zoë: 12.345 points.")


def test_render_without_a_first_name_uses_the_name_and_keeps_a_bad_stored_template_readable(session):
    row = row_of(session, first_name="", last_name="Okafor")
    assert birthdays.render(GreetingTemplate("t", "", "Dear {first_name}"), row) == ("", "Dear Okafor")
    assert birthdays.render(GreetingTemplate("t", "", "{nope} {first_name"), row) == (
        "",
        "{nope} {first_name",
    )


def test_mailto_is_percent_encoded_and_needs_email_consent(session):
    row = row_of(session, email="zoe+shop@example.com", email_consent=True)
    url = birthdays.mailto_url(row, "Happy birthday & more?", "Dear Zoë,\nall the best = 100%\n#1")
    assert url is not None and url.startswith("mailto:zoe%2Bshop@example.com?subject=")
    assert " " not in url and "\n" not in url and "+" not in url.split("?", 1)[1]
    assert "%0D%0A" in url
    parts = urlsplit(url)
    assert unquote(parts.path) == "zoe+shop@example.com"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Happy birthday & more?"]
    assert query["body"] == ["Dear Zoë,\r\nall the best = 100%\r\n#1"]
    assert birthdays.mailto_url(row, "", "") == "mailto:zoe%2Bshop@example.com"
    assert birthdays.mailto_url(dataclasses.replace(row, email_consent=False), "s", "b") is None
    assert birthdays.mailto_url(dataclasses.replace(row, email=""), "s", "b") is None


def test_csv_export_of_this_weeks_birthdays(session, tmp_path):
    make_customer(session, first_name="Zoë", last_name="Müller", birth_month=6, birth_day=16, birth_year=1990,
                  email="zoe@example.com", email_consent=True, phone="+44 20 7946 0958", sms_consent=True)  # fmt: skip
    make_customer(session, first_name="Al", last_name="Jones, Jr.", birth_month=6, birth_day=15)
    make_customer(
        session, first_name="Late", last_name="Later", birth_month=6, birth_day=22
    )  # day 7: not this week
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "birthdays.csv"
    target.write_text("old contents")
    assert birthdays.export_csv(target, TODAY, TODAY + dt.timedelta(days=6), TODAY) == 2
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [
        "Name",
        "First name",
        "Phone",
        "Email",
        "Email consent",
        "SMS consent",
        "Birthday",
        "Age",
    ]
    assert rows[1] == ["Al Jones, Jr.", "Al", "", "", "no", "no", "2026-06-15", ""]
    assert rows[2][0:2] == ["Zoë Müller", "Zoë"]
    assert rows[2][3:] == ["zoe@example.com", "yes", "yes", "2026-06-16", "36"]
    assert rows[2][2].replace(" ", "").endswith("2079460958")
    assert len(rows) == 3
    assert sorted(p.name for p in target.parent.iterdir()) == ["birthdays.csv"]  # no temporary file left


def test_csv_export_never_leaves_a_half_file(session, tmp_path, monkeypatch):
    make_customer(session, first_name="Zoë", birth_month=6, birth_day=16)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "birthdays.csv"
    target.write_text("old contents")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(birthdays.os, "replace", broken)
    with pytest.raises(OSError):
        birthdays.export_csv(target, TODAY, TODAY + dt.timedelta(days=6), TODAY)
    assert target.read_text() == "old contents"
    assert sorted(p.name for p in target.parent.iterdir()) == ["birthdays.csv"]
