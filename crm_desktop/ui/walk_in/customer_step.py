"""Walk-in step 1: who is buying. One field with the focus; matches appear live below it.

Typing a phone, name, email or card number searches ~100 ms after the last key (`search.search` on the
runner; results for older text are dropped). Up/Down move the highlight, Enter takes the highlighted (top)
match. A scanner types a card number and Enter faster than the delay: Enter then runs the search at once and
takes the top hit when it arrives, which for a card number is its exact holder. With no match, Enter asks for
a new customer pre-filled from the text; Ctrl+Enter is a sale without a customer.

The last sale's confirmation stays above the field, while the next customer is looked up, until the next
sale starts.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services import search
from crm_desktop.services.search import SearchHit
from crm_desktop.ui import icons
from crm_desktop.ui.context import UiContext
from crm_desktop.ui.models.rows_model import RIGHT, Column, RowsModel
from crm_desktop.ui.walk_in.common import TABLE_STYLE, MessageLine, scaled_font
from crm_desktop.ui.widgets.record_table import configure_record_table

SEARCH_DELAY_MS = 100
MATCH_LIMIT = 8
PLACEHOLDER = "Phone, name, email or card number — type or scan"


def hit_columns() -> list[Column[SearchHit]]:
    return [
        Column("Name", lambda h: h.name, 190),
        Column("Phone", lambda h: h.phone, 140),
        Column("Email", lambda h: h.email, 200),
        Column("Card", lambda h: h.card_number, 110),
        Column("Points", lambda h: str(h.points) + (f" · {h.tier}" if h.tier else ""), 80, RIGHT),
    ]


class ConfirmationBanner(QFrame):
    """'Saved: £12.50 for José Müller — +12 points, balance 340' with an Open profile button."""

    profile_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walk_in_confirmation")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.icon = QLabel()
        self.text = QLabel(objectName="walk_in_confirmation_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setFont(scaled_font(self.text.font(), 1.1, bold=True))
        self.open_button = QPushButton("Open profile", objectName="walk_in_open_profile")
        self.open_button.setToolTip("Show this customer's profile (Ctrl+O)")
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.request_profile)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.customer_id: int | None = None
        self.hide()

    def show_saved(self, text: str, customer_id: int | None) -> None:
        self.icon.setPixmap(icons.icon("check", accent=True).pixmap(20, 20))
        self.text.setText(text)
        self.customer_id = customer_id
        self.open_button.setVisible(customer_id is not None)
        self.show()

    def clear(self) -> None:
        self.customer_id = None
        self.text.clear()
        self.hide()

    def request_profile(self) -> None:
        if self.customer_id is not None and self.isVisible():
            self.profile_requested.emit(self.customer_id)


class CustomerStep(QWidget):
    customer_picked = Signal(object)  # SearchHit
    new_customer_requested = Signal(str)  # what was typed
    anonymous_requested = Signal()
    searched = Signal(str)  # the text whose matches are now shown

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.banner = ConfirmationBanner()
        title = QLabel("Who is buying?")
        title.setFont(scaled_font(title.font(), 1.3, bold=True))
        self.search_edit = QLineEdit(objectName="walk_in_search")
        self.search_edit.setAccessibleName("Find the customer")
        self.search_edit.setPlaceholderText(PLACEHOLDER)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumHeight(34)
        self.search_edit.setFont(scaled_font(self.search_edit.font(), 1.15))
        self.search_edit.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.textEdited.connect(self._text_edited)

        self.model = RowsModel(hit_columns(), self)
        self.table = QTableView(objectName="walk_in_matches")
        self.table.setModel(self.model)
        configure_record_table(self.table)
        self.table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Up/Down in the field move the highlight
        self.table.setShowGrid(False)
        self.table.setStyleSheet(TABLE_STYLE)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for number, column in enumerate(self.model.columns):
            self.table.setColumnWidth(number, column.width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self._pick())

        self.status = MessageLine("walk_in_search_status")
        self.anonymous_button = QPushButton("No customer", objectName="walk_in_anonymous")
        self.anonymous_button.setToolTip("A sale without a customer: no points (Ctrl+Enter)")
        self.new_button = QPushButton(icons.icon("walk_in"), "New customer…", objectName="walk_in_new")
        self.new_button.setToolTip("Add a customer, pre-filled with what you typed (Ctrl+N)")
        for button in (self.anonymous_button, self.new_button):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.anonymous_button.clicked.connect(self.anonymous_requested)
        self.new_button.clicked.connect(self._new_customer)
        self._shortcut("Ctrl+Return", self.anonymous_requested, "Ctrl+Enter")
        self._shortcut("Ctrl+N", self._new_customer)
        self._shortcut("Ctrl+O", self.banner.request_profile)

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.anonymous_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.search_edit)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self._typed = 0  # bumped on every edit: a result for an older number is stale
        self._shown = 0  # the edit number whose matches are on screen
        self._pick_when_shown = False
        self._show_status()

    def _shortcut(self, keys: str, slot: Callable[[], object] | SignalInstance, *extra: str) -> None:
        action = QAction(self)
        action.setShortcuts([QKeySequence(keys), *(QKeySequence(k) for k in extra)])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    # --- searching ------------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        return self.search_edit.text().strip()

    def _text_edited(self, _text: str) -> None:
        self._typed += 1
        self._pick_when_shown = False
        if not self.text:
            self._timer.stop()
            self._shown = self._typed
            self.model.set_rows([])
            self._show_status()
            return
        self._timer.start()

    def search_now(self) -> None:
        self._timer.stop()
        number, text = self._typed, self.text
        self.ctx.runner.run(
            search.search,
            text,
            limit=MATCH_LIMIT,
            on_success=lambda hits: self._show_hits(number, text, hits),
        )

    def _show_hits(self, number: int, text: str, hits: list[SearchHit]) -> None:
        if number != self._typed:
            return  # typed on since: a newer search is coming
        self._shown = number
        self.model.set_rows(hits)
        if hits:
            self._highlight(0)
        self._show_status()
        self.searched.emit(text)
        if self._pick_when_shown:
            self._pick_when_shown = False
            self._pick()

    def _show_status(self) -> None:
        count = self.model.rowCount()
        if not self.text:
            self.status.show_hint(
                "Enter picks the highlighted customer · Ctrl+Enter: no customer · Esc closes"
            )
        elif count:
            plural = "match" if count == 1 else "matches"
            more = "+" if count >= MATCH_LIMIT else ""
            self.status.show_hint(f"{count}{more} {plural} — ↑↓ to choose, Enter to pick")
        else:
            self.status.show_hint(f"No match — Enter adds “{self.text}” as a new customer")

    def refresh(self) -> None:
        """Search again (customers changed elsewhere) if matches are on screen."""
        if self.text:
            self._typed += 1
            self.search_now()

    # --- choosing -------------------------------------------------------------------------------------
    def _highlight(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def current_hit(self) -> SearchHit | None:
        row = self.table.currentIndex().row()
        if self.model.rowCount() == 0:
            return None
        return self.model.row_at(row if row >= 0 else 0)

    def submit(self) -> None:
        """Enter: take the highlighted match once the matches for what is typed are on screen."""
        if not self.text:
            self.search_edit.setFocus()
            return
        if self._shown != self._typed:  # typed (or scanned) faster than the search delay
            self._pick_when_shown = True
            if self._timer.isActive():
                self.search_now()
            return
        self._pick()

    def _pick(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.customer_picked.emit(hit)
        elif self.text:
            self.new_customer_requested.emit(self.text)

    def _new_customer(self) -> None:
        self.new_customer_requested.emit(self.text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.submit()
            return
        if (
            key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
            and self.model.rowCount()
        ):
            row = max(self.table.currentIndex().row(), 0)
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5, Qt.Key.Key_PageDown: 5}[key]
            self._highlight(min(max(row + step, 0), self.model.rowCount() - 1))
            return
        super().keyPressEvent(event)

    def reset(self, keep_banner: bool = False) -> None:
        """Ready for the next customer: empty field with the focus."""
        self._timer.stop()
        self._typed += 1
        self._shown = self._typed
        self._pick_when_shown = False
        self.search_edit.clear()
        self.model.set_rows([])
        if not keep_banner:
            self.banner.clear()
        self._show_status()
