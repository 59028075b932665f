"""What every view is handed by the composition root: who acts, the background runner, the per-machine
UI settings, and the one signal that says which kinds of data a write changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from crm_desktop.services.session import Session
from crm_desktop.ui.tasks import TaskRunner
from crm_desktop.ui.ui_settings import UiSettings

# Entity names carried by DataChanges.changed; views refresh only when one they show is named.
CUSTOMERS = "customers"
PURCHASES = "purchases"
PRODUCTS = "products"
LOYALTY = "loyalty"
INTERACTIONS = "interactions"
FOLLOW_UPS = "follow_ups"
SETTINGS = "settings"
BIRTHDAYS = "birthdays"  # greetings sent (birthday_greeting)
EVERYTHING = frozenset(
    {CUSTOMERS, PURCHASES, PRODUCTS, LOYALTY, INTERACTIONS, FOLLOW_UPS, SETTINGS, BIRTHDAYS}
)


class DataChanges(QObject):
    """After a write succeeds, its caller says what it changed; each view decides whether to reload
    (Anki's "op changes" pattern) instead of every view polling or being reset."""

    changed = Signal(object)  # frozenset[str] of the entity names above

    def notify(self, *entities: str) -> None:
        self.changed.emit(frozenset(entities))


@dataclass
class UiContext:
    session: Session
    runner: TaskRunner
    settings: UiSettings
    changes: DataChanges = field(default_factory=DataChanges)
