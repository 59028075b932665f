"""The Customers view: the contact list (search as you type, filters, sort by any column) and, on the same
page, a customer's profile with Back to the list.

Queries run on the task runner: `customer_list.ids` for the current text, filters and sort. Each query
carries a generation number; a query whose generation is older than the latest is skipped if it has not
started yet and its result dropped if it has, so only the newest text's ids ever reach the table. Row
contents are fetched by the model, a page at a time, for the rows on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QStackedWidget, QVBoxLayout, QWidget

from crm_desktop import clock
from crm_desktop.services import customer_list, customers
from crm_desktop.services.customer_list import ListQuery
from crm_desktop.services.settings import ShopProfile, shop_profile
from crm_desktop.ui import icons, ui_settings
from crm_desktop.ui.context import CUSTOMERS, EVERYTHING, LOYALTY, PURCHASES, SETTINGS, UiContext
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.customer_table_model import CustomerTableModel
from crm_desktop.ui.views.customer_list_page import CustomerListPage

SEARCH_DELAY_MS = 150
SHOWN_ENTITIES = frozenset({CUSTOMERS, PURCHASES, LOYALTY})

# What happens to the scroll position when a query's ids arrive.
KEEP = "keep"  # a refresh: the same top row and selection where they still exist
REORDER = "reorder"  # a new sort or filter: the selected customer stays in view, else the top
TOP = "top"  # new search text: back to the first match


def _default_profile_factory(ctx: UiContext) -> Callable[[], QWidget]:
    def build() -> QWidget:
        from crm_desktop.ui.views.customer_profile_view import CustomerProfileView

        return CustomerProfileView(ctx)

    return build


class CustomersView(QWidget):
    results_loaded = Signal(int)  # number of rows, each time a query's ids reach the table
    customer_opened = Signal(int)  # the profile (built on the first open) now shows this customer

    def __init__(
        self,
        ctx: UiContext,
        profile_factory: Callable[[], QWidget] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customers_view")
        self.ctx = ctx
        self._profile_factory = profile_factory or _default_profile_factory(ctx)
        self.profile_view: QWidget | None = None
        self.formats = Formats(tz=ctx.session.clock.tz())
        self.model = CustomerTableModel(self.formats, parent=self)
        self.shown_query: ListQuery | None = None  # the query whose ids the table holds
        self._generation = 0
        self._dirty = False
        self._open_top_when_loaded = False
        self._select_first_when_loaded = False
        self._select_when_loaded: int | None = None  # a customer opened before the list held them
        self._dialog: QWidget | None = None

        self.pages = QStackedWidget()
        self.list_page = self._build_list_page()
        self.profile_page = self._build_profile_page()
        self.pages.addWidget(self.list_page)
        self.pages.addWidget(self.profile_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(lambda: self.run_query(TOP))
        self.search_field.textChanged.connect(lambda _: self._debounce.start())
        self.filters.changed.connect(lambda: self.run_query(REORDER))
        self.table.sort_changed.connect(self._sort_changed)
        self.table.opened.connect(self._open_row)
        ctx.changes.changed.connect(self._data_changed)

        sort = ctx.settings.get(ui_settings.CUSTOMERS_SORT)
        self._sort = sort if sort in customer_list.SORT_KEYS else "name"
        self._descending = ctx.settings.get(ui_settings.CUSTOMERS_SORT_DESCENDING)
        self.table.set_sort(self._sort, self._descending)
        ctx.runner.run(shop_profile, on_success=self.set_shop_profile)
        self._load_tags()
        self.run_query(KEEP)

    # --- building -----------------------------------------------------------------------------------
    def _build_list_page(self) -> CustomerListPage:
        self.new_action = QAction(icons.icon("add"), "&New customer…", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # only while this view is shown
        self.new_action.triggered.connect(self.new_customer)
        self.addAction(self.new_action)
        self._new_keys = self.new_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        page = CustomerListPage(self.model, self.ctx.settings, self._new_keys)
        page.new_button.clicked.connect(self.new_action.trigger)
        page.top_hit_requested.connect(self.open_top_hit)
        self.search_field, self.filters, self.table = page.search_field, page.filters, page.table
        self.new_button, self.count_label = page.new_button, page.count_label
        return page

    def _build_profile_page(self) -> QWidget:
        """The profile's place; the profile itself (with its Back button, Alt+Left and Esc) is built on the
        first open."""
        page = QWidget(objectName="customer_profile_page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        return page

    def _ensure_profile(self) -> QWidget:
        if self.profile_view is None:
            self.profile_view = self._profile_factory()
            self.profile_view.back_requested.connect(self.show_list)  # type: ignore[attr-defined]
            self.profile_page.layout().addWidget(self.profile_view)
        return self.profile_view

    # --- queries ------------------------------------------------------------------------------------
    def query(self) -> ListQuery:
        """What the table should show now: the field's text, the filters and the sort."""
        base = ListQuery(text=self.search_field.text().strip(), sort=self._sort, descending=self._descending)
        return self.filters.apply(base)

    def run_query(self, mode: str = KEEP) -> None:
        """Ask for the ids of `query()` on the runner; older queries still waiting are dropped."""
        self._debounce.stop()
        self._generation += 1
        generation = self._generation
        query = self.query()
        today = clock.today(self.ctx.session.clock)

        def work() -> list[int] | None:
            if generation != self._generation:
                return None  # a newer query was asked for before this one started
            return customer_list.ids(query, today)

        self.ctx.runner.run(work, on_success=lambda ids: self._loaded(generation, query, ids, mode))

    @property
    def loading(self) -> bool:
        return self._debounce.isActive() or self.shown_query != self.query()

    def _loaded(self, generation: int, query: ListQuery, ids: list[int] | None, mode: str) -> None:
        if ids is None or generation != self._generation:
            return
        table, model = self.table, self.model
        pending, self._select_when_loaded = self._select_when_loaded, None
        selected = table.selected_id()
        top_row = table.rowAt(0)
        top_id = model.customer_id(top_row) if top_row >= 0 else None
        self.shown_query = query
        reset = model.set_ids(ids)
        if pending is not None and model.row_of(pending) is not None:
            selected = pending
        row = model.row_of(selected) if selected is not None else None
        if row is not None and (reset or table.selected_id() != selected):
            table.select_row(row)
        if reset:  # the reset scrolled; put the list back where the person was looking
            top = model.row_of(top_id) if mode == KEEP and top_id is not None else None
            if top is not None:
                table.scrollTo(model.index(top, 0), QAbstractItemView.ScrollHint.PositionAtTop)
            elif mode == REORDER and row is not None:
                table.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
            else:
                table.scrollToTop()
        self._show_count(query, len(ids))
        if self._select_first_when_loaded:
            self._select_first_when_loaded = False
            table.select_row(0)
            table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._open_top_when_loaded:
            self._open_top_when_loaded = False
            if ids:
                self.open_customer(ids[0])
        self.results_loaded.emit(len(ids))

    def _show_count(self, query: ListQuery, count: int) -> None:
        number = self.formats.number(count)
        narrowed = bool(query.text or query.tag or query.birthday_this_month or query.consent)
        if narrowed:
            text = f"{number} match" if count == 1 else f"{number} matches"
            empty = "No customers match. Check the spelling, or clear the search and filters."
        else:
            kind = "archived customer" if query.archived else "customer"
            text = f"{number} {kind}" if count == 1 else f"{number} {kind}s"
            empty = (
                "No archived customers."
                if query.archived
                else f"No customers yet. Press {self._new_keys} to add one."
            )
        self.list_page.show_count(text, "" if count else empty)

    def _sort_changed(self, sort_key: str, descending: bool) -> None:
        self._sort, self._descending = sort_key, descending
        self.ctx.settings.set(ui_settings.CUSTOMERS_SORT, sort_key)
        self.ctx.settings.set(ui_settings.CUSTOMERS_SORT_DESCENDING, descending)
        self.run_query(REORDER)

    def _load_tags(self) -> None:
        self.ctx.runner.run(customers.all_tags, on_success=self.filters.set_tags)

    def set_shop_profile(self, profile: ShopProfile) -> None:
        self.formats = Formats(profile, tz=self.ctx.session.clock.tz())
        self.model.formats = self.formats
        self.model.repaint_all()
        if self.shown_query is not None:
            self._show_count(self.shown_query, len(self.model.ids))

    def _data_changed(self, entities: frozenset[str]) -> None:
        if SETTINGS in entities:
            self.ctx.runner.run(shop_profile, on_success=self.set_shop_profile)
        if entities == EVERYTHING or not entities & SHOWN_ENTITIES:
            return  # EVERYTHING (a demo load, an import) arrives through refresh() from the main window
        if CUSTOMERS in entities:
            self._load_tags()
        self._reload()

    def refresh(self) -> None:
        """Anything may have changed: tags, rows and ids are read again."""
        self._load_tags()
        self._reload()

    def _reload(self) -> None:
        """Rows are fetched again when painted, and the query runs again now if the list is on screen (else
        when it is shown)."""
        self.model.mark_stale()
        if self.list_page.isVisible():
            self.run_query(KEEP)
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty and self.pages.currentWidget() is self.list_page:
            self._dirty = False
            self.run_query(KEEP)

    # --- search ------------------------------------------------------------------------------------
    def open_top_hit(self) -> None:
        """Enter in the search field: open the first row of the current text's results (waiting for them
        if the text changed since the last query)."""
        if self.loading:
            self._open_top_when_loaded = True
            if self._debounce.isActive():
                self.run_query(TOP)
            return
        first = self.model.customer_id(0)
        if first is not None:
            self.open_customer(first)

    def show_search(self, text: str) -> None:
        """The header's search: show the list filtered by `text` with its first row selected."""
        self.show_list()
        self.search_field.setText(text)
        self._select_first_when_loaded = True
        self.run_query(TOP)

    # --- profile ------------------------------------------------------------------------------------
    def _open_row(self, row: int) -> None:
        customer_id = self.model.customer_id(row)
        if customer_id is not None:
            self.open_customer(customer_id)

    def open_customer(self, customer_id: int) -> None:
        """Show this customer's profile in place of the list (Back returns to the list as it was)."""
        profile = self._ensure_profile()
        row = self.model.row_of(customer_id)
        if row is None:
            self._select_when_loaded = customer_id  # e.g. just created: selected when the list next loads
        elif self.table.selected_id() != customer_id:
            self.table.select_row(row)
        profile.show_customer(customer_id)  # type: ignore[attr-defined]
        self.pages.setCurrentWidget(self.profile_page)
        profile.setFocus(Qt.FocusReason.OtherFocusReason)
        self.customer_opened.emit(customer_id)

    def show_list(self) -> None:
        if self.pages.currentWidget() is not self.list_page:
            self.pages.setCurrentWidget(self.list_page)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.table.currentIndex().isValid():
                self.table.scrollTo(self.table.currentIndex())
        if self._dirty:
            self._dirty = False
            self.run_query(KEEP)

    def new_customer(self) -> None:
        from crm_desktop.ui.dialogs.customer_dialog import CustomerDialog

        dialog = CustomerDialog(self.ctx, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.customer_saved.connect(self.open_customer)
        dialog.open_customer_requested.connect(self.open_customer)  # a duplicate the person chose to open
        self._dialog = dialog
        dialog.open()
