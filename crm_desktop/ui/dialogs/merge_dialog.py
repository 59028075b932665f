"""Merge two records of the same person: find the other one, choose which record is kept and, field by
field, which value wins; the summary says what moves. Merge (Ctrl+S) calls `customers.merge`."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services import customers, search, settings
from crm_desktop.services.customer_merge import MergePreview
from crm_desktop.services.customers import CustomerDetails
from crm_desktop.services.search import SearchHit
from crm_desktop.ui.context import CUSTOMERS, FOLLOW_UPS, INTERACTIONS, LOYALTY, PURCHASES, UiContext
from crm_desktop.ui.dialogs.form_dialog import FormDialog
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.merge_fields_model import MergeFieldsModel, Side
from crm_desktop.ui.models.rows_model import Column, RowsModel
from crm_desktop.ui.widgets.record_table import configure_record_table

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 20
HIT_COLUMNS: tuple[Column[SearchHit], ...] = (
    Column("Name", lambda h: h.name, 200),
    Column("Phone", lambda h: h.phone, 150),
    Column("Email", lambda h: h.email, 210),
    Column("Card", lambda h: h.card_number, 90),
)


def _pair(
    a_id: int, b_id: int | None
) -> tuple[CustomerDetails, CustomerDetails | None, settings.ShopProfile]:
    return customers.get(a_id), customers.get(b_id) if b_id is not None else None, settings.shop_profile()


def _table(name: str) -> QTableView:
    view = configure_record_table(QTableView(objectName=name))
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class MergeDialog(FormDialog):
    merged = Signal(int)  # the survivor's id

    def __init__(
        self, ctx: UiContext, customer_id: int, other_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Merge customers", parent)
        self.setObjectName("merge_dialog")
        self.customer_id = customer_id
        self.other_id: int | None = None
        self.formats = Formats(tz=ctx.session.clock.tz())
        self._search_request = 0
        # Enter in the search box picks a customer and must never merge or close: the button box makes an
        # accept-role button the default when shown, and QDialog the first auto-default button, so Merge is
        # an action-role button and no button is (auto-)default. Esc still closes.
        self.buttons.removeButton(self.save_button)
        self.save_button.deleteLater()
        self.save_button = self.buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("merge_button")
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip("Merge the two records (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)

        self.intro = QLabel(objectName="merge_intro")
        self.intro.setWordWrap(True)
        self.search_edit = QLineEdit(objectName="merge_search")
        self.search_edit.setPlaceholderText("Name, phone, email or card of the other record")
        self.search_edit.setClearButtonEnabled(True)
        self.hits: RowsModel[SearchHit] = RowsModel(HIT_COLUMNS, self)
        self.hits_view = _table("merge_hits")
        self.hits_view.setModel(self.hits)
        for number, column in enumerate(HIT_COLUMNS):
            self.hits_view.setColumnWidth(number, column.width)
        self.hits_view.setFixedHeight(26 * 4 + self.hits_view.horizontalHeader().sizeHint().height() + 4)
        self.keep_a = QRadioButton(objectName="keep_a")
        self.keep_b = QRadioButton(objectName="keep_b")
        self.keep_group = QButtonGroup(self)
        self.keep_group.addButton(self.keep_a)
        self.keep_group.addButton(self.keep_b)
        self.keep_a.setChecked(True)
        self.fields = MergeFieldsModel(self.formats, self)
        self.fields_view = _table("merge_fields")
        self.fields_view.setModel(self.fields)
        self.fields_view.setColumnWidth(0, 140)
        self.fields_view.setColumnWidth(1, 260)
        self.fields_view.setMinimumHeight(26 * 8)
        self.summary = QLabel(objectName="merge_summary")
        self.summary.setWordWrap(True)

        search_row = QHBoxLayout()
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.search_edit)
        search_row.addWidget(find_label)
        search_row.addWidget(self.search_edit, 1)
        keep_row = QHBoxLayout()
        keep_label = QLabel("Keep:")
        keep_row.addWidget(keep_label)
        keep_row.addWidget(self.keep_a)
        keep_row.addWidget(self.keep_b)
        keep_row.addStretch(1)
        hint = QLabel("Tick the value to keep where the two differ (Space ticks). Tags are always united.")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(search_row)
        layout.addWidget(self.hits_view)
        layout.addLayout(keep_row)
        layout.addWidget(hint)
        layout.addWidget(self.fields_view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(780, 700)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.search_edit.returnPressed.connect(self._choose_current)
        self.hits_view.activated.connect(lambda index: self.choose(self.hits.row_at(index.row()).id))
        self.hits_view.clicked.connect(lambda index: self.choose(self.hits.row_at(index.row()).id))
        self.keep_group.buttonToggled.connect(lambda _button, on: self._survivor_changed() if on else None)
        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._load(other_id)

    # --- choosing the other record ----------------------------------------------------------------------
    def _search(self) -> None:
        self._search_request += 1
        request, text = self._search_request, self.search_edit.text()
        self.ctx.runner.run(
            search.search, text, SEARCH_LIMIT + 1, on_success=lambda hits: self._found(request, hits)
        )

    def _found(self, request: int, hits: list[SearchHit]) -> None:
        if request != self._search_request:
            return
        self.hits.set_rows([h for h in hits if h.id != self.customer_id][:SEARCH_LIMIT])
        if self.hits.rowCount():
            self.hits_view.setCurrentIndex(self.hits.index(0, 0))

    def _choose_current(self) -> None:
        index = self.hits_view.currentIndex()
        if index.isValid():
            self.choose(self.hits.row_at(index.row()).id)

    def choose(self, other_id: int) -> None:
        if other_id != self.customer_id and other_id != self.other_id:
            self._load(other_id)

    def _load(self, other_id: int | None) -> None:
        self.ctx.runner.run(
            _pair, self.customer_id, other_id, on_success=self._loaded, on_error=self.show_failure
        )

    def _loaded(self, loaded: tuple[CustomerDetails, CustomerDetails | None, settings.ShopProfile]) -> None:
        a, b, shop = loaded
        self.formats.update(shop, self.ctx.session.clock.tz())
        self.other_id = b.id if b is not None else None
        self.intro.setText(
            f"<b>Merge {a.display_name} with another record of the same person.</b> Purchases, points, "
            "notes and follow-ups of the record not kept move to the one kept; it is then archived."
        )
        self.keep_a.setText(f"{a.display_name} (#{a.id})")
        self.keep_b.setText(f"{b.display_name} (#{b.id})" if b else "the other record")
        self.keep_b.setEnabled(b is not None)
        self.fields.set_customers(a, b, self.survivor_side)
        self.fields_view.setColumnWidth(1, 260)
        self.save_button.setEnabled(b is not None)
        self.show_message("")
        self._preview()

    # --- survivor and summary ---------------------------------------------------------------------------
    @property
    def survivor_side(self) -> Side:
        return "b" if self.keep_b.isChecked() else "a"

    def ids(self) -> tuple[int, int]:
        """(survivor, merged)."""
        assert self.other_id is not None
        pair = (self.customer_id, self.other_id)
        return pair if self.survivor_side == "a" else (pair[1], pair[0])

    def _survivor_changed(self) -> None:
        if self.fields.b is not None:
            self.fields.reset_choices(self.survivor_side)
            self._preview()

    def _preview(self) -> None:
        if self.other_id is None:
            self.summary.setText("Find the other record above: type part of a name, phone, email or card.")
            return
        survivor, merged = self.ids()
        self.ctx.runner.run(
            customers.merge_preview,
            survivor,
            merged,
            on_success=lambda preview: self._show_preview(survivor, merged, preview),
            on_error=self.show_failure,
        )

    def _show_preview(self, survivor: int, merged: int, p: MergePreview) -> None:
        if (survivor, merged) != self.ids():
            return
        f = self.formats
        kept = self.keep_a.text() if self.survivor_side == "a" else self.keep_b.text()
        gone = self.keep_b.text() if self.survivor_side == "a" else self.keep_a.text()
        moves = [
            f"{f.number(p.purchases)} purchase{'s' * (p.purchases != 1)}",
            f"{f.number(p.points)} point{'s' * (p.points != 1)}",
            f"{f.number(p.interactions)} note{'s' * (p.interactions != 1)}",
            f"{f.number(p.follow_ups)} follow-up{'s' * (p.follow_ups != 1)}",
        ]
        tags = ", ".join(p.tags) or "none"
        self.summary.setText(
            f"<b>Keeps {kept}.</b> Moves from {gone}: {', '.join(moves)}. Tags afterwards: {tags}. "
            f"{gone} is then archived, pointing to the record kept."
        )

    # --- merging ----------------------------------------------------------------------------------------
    def save(self) -> None:
        if self.other_id is None or not self.save_button.isEnabled():
            return
        survivor, merged = self.ids()
        merged_side: Side = "b" if self.survivor_side == "a" else "a"
        take = self.fields.take_from(merged_side)
        self.submit(customers.merge, self.ctx.session, survivor, merged, take, on_saved=self._merged)

    def _merged(self, details: CustomerDetails) -> None:
        self.merged.emit(details.id)  # first, so a profile reloads the survivor, not the archived record
        self.ctx.changes.notify(CUSTOMERS, PURCHASES, LOYALTY, INTERACTIONS, FOLLOW_UPS)
        self.accept()
