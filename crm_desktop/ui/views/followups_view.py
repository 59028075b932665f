"""The Follow-ups view: what to do for customers, by bucket (Overdue / Today / Upcoming / Done, each tab
titled with its count), sorted in SQL by the column header clicked, filtered by the staff member it is
assigned to and by customer.

Each load is one call on the task runner (`followups.counts` + the first rows of `followups.page`, a
request number drops overtaken answers); further rows are fetched a page at a time as the table scrolls
(`PagedRowsModel`). The view reloads when `ctx.changes` names follow-ups or customers, and when the shop's
local date changes (checked every minute; Overdue/Today/Upcoming move at midnight). The selected
follow-up stays selected across reloads; when it left the tab (done, snoozed) the next row is selected.
Keys and actions: `followup_actions.py`.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from crm_desktop import clock as clocks
from crm_desktop.services import followups, settings, staff
from crm_desktop.services.followups import BUCKETS, BucketCounts, FollowUpRow
from crm_desktop.ui import theme
from crm_desktop.ui.context import CUSTOMERS, FOLLOW_UPS, SETTINGS, UiContext
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.followup_columns import column_index, followup_columns, row_color, row_font
from crm_desktop.ui.models.paged_rows_model import PagedRowsModel
from crm_desktop.ui.views.followup_actions import FollowUpActions
from crm_desktop.ui.views.followups_controls import FollowUpsControls
from crm_desktop.ui.views.followups_table import FollowUpsTable

SHOWN = frozenset({FOLLOW_UPS, CUSTOMERS, SETTINGS})
DATE_CHECK_MS = 60_000
MESSAGE_MS = 8_000
DEFAULT_SORT = {"overdue": ("due", False), "today": ("due", False), "upcoming": ("due", False),
                "done": ("completed", True)}  # fmt: skip
EMPTY = {
    "overdue": "Nothing overdue.",
    "today": "Nothing due today.",
    "upcoming": "Nothing planned. New follow-up (Ctrl+N) adds one.",
    "done": "Nothing done or cancelled yet.",
}

Query = tuple[str, dt.date, int | None, int | None, str, bool]  # bucket, today, staff, customer, sort, desc
Loaded = tuple[BucketCounts, list[FollowUpRow], list[tuple[int, str]], settings.ShopProfile]


def _load(query: Query, limit: int) -> Loaded:
    bucket, today, staff_id, customer_id, sort, descending = query
    counts = followups.counts(today, staff_id=staff_id, customer_id=customer_id)
    rows = followups.page(bucket, today, staff_id=staff_id, customer_id=customer_id, sort=sort,
                          descending=descending, offset=0, limit=limit)  # fmt: skip
    return counts, rows, staff.active_staff(), settings.shop_profile()


class FollowUpsView(QWidget):
    customer_requested = Signal(int)
    loaded = Signal()  # the table and counts show the latest load

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("follow_ups_view")
        self.ctx = ctx
        self.formats = Formats(tz=ctx.session.clock.tz())
        self.today = clocks.today(ctx.session.clock)
        self.sorts = dict(DEFAULT_SORT)
        self.counts: BucketCounts | None = None
        self._request = 0
        self._query: Query | None = None
        self._stale = False

        columns = followup_columns(self.formats, lambda: self.today)
        self.model: PagedRowsModel[FollowUpRow] = PagedRowsModel(
            columns, None, parent=self, key=lambda row: row.id, font=row_font, color=row_color
        )
        self.table = FollowUpsTable(self.model)
        self.actions = FollowUpActions(ctx, self, self.table.selected_row)
        self.actions.attach(self.table)
        self.actions.new.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.actions.new)  # Ctrl+N anywhere in the view
        self.actions.customer_requested.connect(self.customer_requested)
        self.actions.message_posted.connect(self.show_message)
        self.controls = FollowUpsControls(self.actions, ctx.runner)
        c = self.controls
        c.tabs.currentChanged.connect(lambda _n: self.reload(keep_selection=False))
        c.staff_combo.currentIndexChanged.connect(lambda _n: self.reload(keep_selection=False))
        c.customer_picker.customer_changed.connect(lambda _id: self.reload(keep_selection=False))
        self.table.sort_changed.connect(self._sort_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.actions.update_enabled())
        self.model.modelReset.connect(self.actions.update_enabled)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.controls)
        layout.addWidget(self.table, 1)
        order = [c.tabs, c.staff_combo, c.customer_picker, self.table, *c.buttons, c.new_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.table)

        self._message_timer = QTimer(self, singleShot=True, interval=MESSAGE_MS)
        self._message_timer.timeout.connect(lambda: self.controls.message.clear())
        self._date_timer = QTimer(self, interval=DATE_CHECK_MS)
        self._date_timer.timeout.connect(self.check_date)
        self._date_timer.start()
        ctx.changes.changed.connect(self._data_changed)
        self._show_columns()
        self.reload(keep_selection=False)

    # --- state --------------------------------------------------------------------------------------
    @property
    def bucket(self) -> str:
        return BUCKETS[max(self.controls.tabs.currentIndex(), 0)]

    def set_bucket(self, bucket: str) -> None:
        self.controls.tabs.setCurrentIndex(BUCKETS.index(bucket))

    def query(self) -> Query:
        c = self.controls
        sort, descending = self.sorts[self.bucket]
        return (self.bucket, self.today, c.staff_combo.currentData(), c.customer_picker.customer_id,
                sort, descending)  # fmt: skip

    def selected(self) -> FollowUpRow | None:
        return self.table.selected_row()

    # --- loading ------------------------------------------------------------------------------------
    def reload(self, keep_selection: bool = True) -> None:
        self._stale = False
        self._request += 1
        request, query = self._request, self.query()
        same = query == self._query
        limit = self.model.reload_limit() if same else self.model.page_size
        selected = self.table.selected_row() if keep_selection else None
        old_row = self.table.currentIndex().row() if keep_selection else 0
        self.ctx.runner.run(
            _load,
            query,
            limit,
            on_success=lambda loaded: self._loaded(request, query, loaded, selected, old_row),
        )

    def _loaded(
        self, request: int, query: Query, loaded: Loaded, selected: FollowUpRow | None, old_row: int
    ) -> None:
        if request != self._request:
            return  # overtaken by a newer load
        counts, rows, staff_list, shop = loaded
        self.formats.update(shop, self.ctx.session.clock.tz())
        self.counts = counts
        self._query = query
        self.controls.show_counts(counts)
        self.controls.set_staff(staff_list)
        self.table.set_sort(query[4], query[5])
        self._show_columns()
        bucket, today, staff_id, customer_id, sort, descending = query

        def fetch(offset: int, limit: int) -> list[FollowUpRow]:
            return followups.page(bucket, today, staff_id=staff_id, customer_id=customer_id, sort=sort,
                                  descending=descending, offset=offset, limit=limit)  # fmt: skip

        self.model.set_fetch(fetch, rows)
        self.table.restore_selection(selected.id if selected else None, old_row)
        self.table.set_empty_text("" if rows else self._empty_text())
        self.actions.update_enabled()
        self.loaded.emit()

    def _empty_text(self) -> str:
        c = self.controls
        text = EMPTY[self.bucket]
        if c.customer_picker.customer_id is not None:
            text = f"{text.split('.')[0]} for {c.customer_picker.customer_name}."
        if c.staff_combo.currentData() is not None:
            text += f" (Assigned to {c.staff_combo.currentText()}; choose Everyone to see all.)"
        return text

    def _show_columns(self) -> None:
        self.table.setColumnHidden(column_index("closed"), self.bucket != "done")

    def _sort_changed(self, sort_key: str, descending: bool) -> None:
        self.sorts[self.bucket] = (sort_key, descending)
        self.reload()

    def _data_changed(self, entities: frozenset[str]) -> None:
        if not entities & SHOWN:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def check_date(self) -> None:
        """Reload when the shop's local date has changed (midnight, a machine woken from sleep)."""
        today = clocks.today(self.ctx.session.clock)
        if today != self.today:
            self.today = today
            if self.isVisible():
                self.reload()
            else:
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.check_date()
        if self._stale:
            self.reload()

    # --- messages -----------------------------------------------------------------------------------
    def show_message(self, text: str, error: bool = False) -> None:
        palette = self.palette()
        color = theme.error_color(palette) if error else theme.success_color(palette)
        self.controls.show_message(text, error, color)
        self._message_timer.start()
