"""Helpers for the Customers view tests: a stand-in for the profile, a few customers, a view shown on them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from crm_desktop.db.models import Customer
from crm_desktop.services import customers
from crm_desktop.ui.context import UiContext
from crm_desktop.ui.views.customers_view import CustomersView
from tests.factories import make_customer


class StandInProfile(QWidget):
    """The shape of CustomerProfileView the Customers view relies on."""

    back_requested = Signal()
    log_purchase_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[int] = []
        self.note = QLineEdit()
        back = QPushButton("Back")
        back.clicked.connect(self.back_requested)
        back_action = QAction("Back", self)
        back_action.setShortcuts([QKeySequence("Alt+Left"), QKeySequence("Esc")])
        back_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back_action.triggered.connect(self.back_requested)
        self.addAction(back_action)
        layout = QVBoxLayout(self)
        layout.addWidget(back)
        layout.addWidget(self.note)
        self.setFocusProxy(self.note)

    def show_customer(self, customer_id: int) -> None:
        self.shown.append(customer_id)


def make_people(session) -> dict[str, int]:
    """Four customers: José (VIP, June birthday, email consent), Ada (SMS consent), Bob, and archived Carl."""
    jose = make_customer(
        session,
        first_name="José",
        last_name="Núñez",
        email="jose@example.com",
        phone="07911 123456",
        tags=("VIP",),
        birth_day=3,
        birth_month=6,
        email_consent=True,
    )
    ada = make_customer(
        session,
        first_name="Ada",
        last_name="Lovelace",
        sms_consent=True,
        tags=("local",),
        birth_day=10,
        birth_month=12,
    )
    bob = make_customer(session, first_name="Bob", last_name="Adams", phone="020 7946 0018")
    carl = make_customer(session, first_name="Carl", last_name="Archer")
    customers.archive(session, carl.id)
    for person, visits in ((jose, 2), (ada, 9), (bob, 5)):
        Customer.update(visits=visits).where(Customer.id == person.id).execute()
    return {"jose": jose.id, "ada": ada.id, "bob": bob.id, "carl": carl.id}  # fmt: skip


def open_view(qtbot, ctx: UiContext) -> CustomersView:
    """A Customers view with the stand-in profile, shown and active (so shortcuts reach it)."""
    view = CustomersView(ctx, profile_factory=StandInProfile)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


def names(view: CustomersView) -> list[str]:
    return [view.model.index(row, 0).data() for row in range(view.model.rowCount())]
