"""Shop counts for the status bar: plain SQL, no Qt."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from crm_desktop.db.models import Customer, Purchase
from crm_desktop.services.stats import ShopCounts, shop_counts

NOW = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)


def _customer(name: str, *, archived: bool = False) -> Customer:
    return Customer.create(
        first_name=name, created_at=NOW, updated_at=NOW, archived_at=NOW if archived else None
    )


def _purchase(customer: Customer | None, *, voided: bool = False) -> Purchase:
    return Purchase.create(
        customer=customer,
        occurred_at=NOW,
        business_date=NOW.date(),
        total_cents=1250,
        voided_at=NOW if voided else None,
    )


def test_empty_shop(db):
    assert shop_counts() == ShopCounts(customers=0, archived_customers=0, purchases=0)


def test_archived_customers_and_voided_purchases_are_left_out(db):
    ann, bob = _customer("Ann"), _customer("Bob")
    gone = _customer("Cy", archived=True)
    _purchase(ann)
    _purchase(ann)
    _purchase(bob, voided=True)
    _purchase(gone)
    _purchase(None)  # an anonymous walk-in still counts as a purchase

    counts = shop_counts()
    assert counts == ShopCounts(customers=2, archived_customers=1, purchases=4)
    assert counts.all_customers == 3


def test_the_service_imports_no_qt():
    code = "import sys, crm_desktop.services.stats; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
