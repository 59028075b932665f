"""Shared pieces of the customer dialog, profile and merge tests: a UI context on the test database, a
way to show a widget as the active window (shortcuts and focus need one), and a customer with history."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from crm_desktop.services import followups, profile, purchases
from crm_desktop.services.customers import CustomerDetails
from crm_desktop.services.purchases import LineInput, PurchaseInput
from tests.factories import make_customer


def show_active(qtbot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


@dataclass
class History:
    customer: CustomerDetails
    first: int  # purchase ids, oldest first
    voided: int
    last: int


def customer_with_history(session, clock, **overrides) -> History:
    """Two sales with items and one voided sale, a note and a follow-up."""
    fields = {"email": "ada@example.com", "phone": "07911 123456", "tags": ("VIP",), "email_consent": True}
    c = make_customer(session, **{**fields, **overrides})
    clock.advance(days=1)
    first = purchases.log_purchase(
        session,
        PurchaseInput(
            customer_id=c.id, lines=(LineInput("Flat white", 2, 340), LineInput("Croissant", 1, 250, 50))
        ),
    ).purchase_id
    clock.advance(days=1)
    voided = purchases.log_purchase(session, PurchaseInput(customer_id=c.id, amount_cents=5_00)).purchase_id
    purchases.void(session, voided, "rung up twice")
    clock.advance(days=1)
    last = purchases.log_purchase(session, PurchaseInput(customer_id=c.id, amount_cents=20_00)).purchase_id
    profile.add_interaction(session, c.id, "note", "Prefers oat milk")
    followups.add(session, followups.FollowUpDraft("Call about the beans", c.id, clock.now().date()))
    return History(c, first, voided, last)
