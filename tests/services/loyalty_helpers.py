"""Helpers for the loyalty tests: rules changed by keyword, sales, ledger reads, row counts."""

from __future__ import annotations

import dataclasses

from crm_desktop.db.models import AuditEntry, Customer, LoyaltyEntry, Purchase, PurchaseItem
from crm_desktop.services import loyalty, purchases
from crm_desktop.services.purchases import PurchaseInput
from crm_desktop.services.session import Session


def set_rules(session: Session, **changes) -> loyalty.LoyaltyRules:
    return loyalty.save_rules(session, dataclasses.replace(loyalty.rules(), **changes))


def sale(session: Session, customer_id: int | None, cents: int, redeem: int = 0) -> purchases.PurchaseResult:
    return purchases.log_purchase(
        session, PurchaseInput(customer_id=customer_id, amount_cents=cents, redeem_points=redeem)
    )


def entries(customer_id: int, kind: str | None = None) -> list[LoyaltyEntry]:
    query = LoyaltyEntry.select().where(LoyaltyEntry.customer == customer_id)
    if kind:
        query = query.where(LoyaltyEntry.kind == kind)
    return list(query.order_by(LoyaltyEntry.id))


def balance(customer_id: int) -> int:
    return Customer.get_by_id(customer_id).points_balance


def counts() -> tuple[int, ...]:
    return tuple(m.select().count() for m in (Customer, Purchase, PurchaseItem, LoyaltyEntry, AuditEntry))


def ledger_is_consistent(customer_ids) -> None:
    """Each customer's balance_after sequence is the running sum of their points, never below zero, and
    ends at the cached balance."""
    for cid in customer_ids:
        running = 0
        for entry in entries(cid):
            running += entry.points
            assert entry.balance_after == running >= 0, (cid, entry.id, entry.kind)
        assert balance(cid) == running
