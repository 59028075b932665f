"""A small shop for the Today tests: on 28 December 2026 (Berlin), whose birthday falls where."""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.services.customers import CustomerDetails
from tests.factories import make_customer


@dataclass(frozen=True)
class Shop:
    anna: CustomerDetails  # 2 January 1990, email with consent: in 5 days, turns 37
    ben: CustomerDetails  # 28 December, no year, email without consent: today
    cara: CustomerDetails  # 24 December, no email: missed (4 days ago)
    dan: CustomerDetails  # 20 January: next 30 days only
    eve: CustomerDetails  # 15 March: in none of the windows


def make_shop(session) -> Shop:
    return Shop(
        make_customer(session, first_name="Anna", last_name="Berg", birth_day=2, birth_month=1,
                      birth_year=1990, email="anna@example.com", email_consent=True),
        make_customer(session, first_name="Ben", last_name="Cole", birth_day=28, birth_month=12,
                      email="ben@example.com"),
        make_customer(session, first_name="Cara", last_name="Diaz", birth_day=24, birth_month=12),
        make_customer(session, first_name="Dan", last_name="Eck", birth_day=20, birth_month=1),
        make_customer(session, first_name="Eve", last_name="Fox", birth_day=15, birth_month=3),
    )  # fmt: skip
