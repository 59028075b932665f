"""First launch: on an empty database, offer a demo shop once (the answer is remembered in ui.ini)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QSizePolicy, QSpacerItem, QWidget

from crm_desktop import APP_TITLE
from crm_desktop.clock import Clock
from crm_desktop.services.session import Session
from crm_desktop.services.stats import ShopCounts
from crm_desktop.ui import ui_settings
from crm_desktop.ui.context import EVERYTHING
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.tasks import Task

DEMO_CUSTOMERS = 500
DEMO_PURCHASES = 6000


class DemoOfferDialog(QMessageBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demo_offer")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(f"Welcome to {APP_TITLE}")
        self.setText("<b>Your shop has no customers yet.</b>")
        self.setInformativeText(
            f"Load a demo shop to look around first? It adds {DEMO_CUSTOMERS:,} made-up customers and "
            f"{DEMO_PURCHASES:,} purchases so you can try search, loyalty and reports.<br><br>"
            "Or start empty and add your own customers. To keep a demo apart from your real shop, start "
            "it on a file of its own:<br><code>crm-desktop --db demo.db</code>"
        )
        self.load_button = self.addButton("Load demo shop", QMessageBox.ButtonRole.AcceptRole)
        self.empty_button = self.addButton("Start empty", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.empty_button)
        self.setEscapeButton(self.empty_button)
        # QMessageBox ignores setMinimumWidth; a spacer in its grid sets a readable line length.
        grid = self.layout()
        grid.addItem(
            QSpacerItem(460, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding),
            grid.rowCount(),
            0,
            1,
            grid.columnCount(),
        )

    def ask(self) -> bool:
        """True when the user chose to load the demo shop."""
        self.exec()
        return self.clickedButton() is self.load_button


def should_offer(counts: ShopCounts, settings: ui_settings.UiSettings) -> bool:
    return counts.all_customers == 0 and not settings.get(ui_settings.DEMO_OFFERED)


def after_first_counts(
    window: MainWindow, settings: ui_settings.UiSettings, session: Session, counts: ShopCounts
) -> None:
    if should_offer(counts, settings):
        QTimer.singleShot(0, lambda: offer_demo(window, settings, session))


def offer_demo(window: MainWindow, settings: ui_settings.UiSettings, session: Session) -> Task | None:
    settings.set(ui_settings.DEMO_OFFERED, True)
    settings.sync()
    if not DemoOfferDialog(window).ask():
        window.statusBar().showMessage("Starting with an empty shop.", 6000)
        return None
    return load_demo(window, session.clock)


def _build(customers: int, purchases: int, clock: Clock) -> Iterator[tuple[int, int, str]]:
    from crm_desktop.services import demo  # imported on the worker: not on the start-up path

    return (yield from demo.build(customers, purchases, seed=1, clock=clock))


def load_demo(
    window: MainWindow, clock: Clock, customers: int = DEMO_CUSTOMERS, purchases: int = DEMO_PURCHASES
) -> Task:
    def loaded(_result: object) -> None:
        window.context.changes.notify(*EVERYTHING)  # type: ignore[union-attr]
        window.statusBar().showMessage(
            f"Demo shop loaded: {customers:,} customers and {purchases:,} purchases.", 8000
        )

    return window.runner.run_with_progress(
        _build,
        customers,
        purchases,
        clock,
        parent=window,
        title="Loading the demo shop…",
        on_success=loaded,
        on_cancelled=lambda: window.statusBar().showMessage("Demo shop not loaded: nothing was added.", 8000),
    )
