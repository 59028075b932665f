import dataclasses
import datetime as dt

from crm_desktop.services import loyalty, purchases
from crm_desktop.services.loyalty_progress import tier_progress
from crm_desktop.services.purchases import PurchaseInput
from tests.factories import make_customer


def _buy(session, customer_id: int, cents: int) -> None:
    purchases.log_purchase(session, PurchaseInput(customer_id=customer_id, amount_cents=cents))


def test_spend_basis_counts_the_trailing_twelve_months(session, clock):
    ada = make_customer(session)
    today = dt.date(2026, 6, 15)
    assert tier_progress(ada.id, today) == loyalty_progress_of("spend_12m", 0, "Silver", 50_000)
    _buy(session, ada.id, 120_00)
    progress = tier_progress(ada.id, today)
    assert (progress.figure, progress.next_tier, progress.remaining) == (12_000, "Silver", 38_000)
    _buy(session, ada.id, 1_400_00)
    progress = tier_progress(ada.id, today)
    assert (progress.next_tier, progress.remaining) == (None, None)  # Gold, the top tier
    later = today + dt.timedelta(days=400)  # the spend has left the window
    assert tier_progress(ada.id, later).figure == 0


def test_lifetime_points_basis_and_a_programme_switched_off(session):
    rules = dataclasses.replace(
        loyalty.rules(),
        tier_basis="lifetime_points",
        tiers=(loyalty.Tier("Member", 0, 100), loyalty.Tier("Star", 500, 110)),
    )
    ada = make_customer(session)
    _buy(session, ada.id, 120_00)
    progress = tier_progress(ada.id, dt.date(2026, 6, 15), rules)
    assert (progress.basis, progress.figure, progress.next_tier, progress.remaining) == (
        "lifetime_points",
        120,
        "Star",
        380,
    )
    off = dataclasses.replace(rules, enabled=False)
    assert tier_progress(ada.id, dt.date(2026, 6, 15), off).next_tier is None


def loyalty_progress_of(basis, figure, name, threshold):
    from crm_desktop.services.loyalty_progress import TierProgress

    return TierProgress(basis, figure, name, threshold, threshold - figure)
