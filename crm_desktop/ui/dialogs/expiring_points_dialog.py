"""Sales → Points expiring soon: the customers whose points expire in the next days unless they use them,
so the shop can remind them. Enter (or a double-click) opens the customer."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.clock import today
from crm_desktop.services import loyalty
from crm_desktop.services.loyalty_daily import ExpiringPoints
from crm_desktop.ui.context import UiContext
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.rows_model import RIGHT, Column, RowsModel
from crm_desktop.ui.widgets.record_table import configure_record_table

DEFAULT_DAYS = 30


class ExpiringPointsDialog(QDialog):
    customer_chosen = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Points expiring soon")
        self.resize(640, 480)
        formats = Formats(tz=ctx.session.clock.tz())
        self.model: RowsModel[ExpiringPoints] = RowsModel(
            [
                Column("Customer", lambda r: r.name, 300),
                Column("Points", lambda r: formats.number(r.points), 90, RIGHT),
                Column("First expiry", lambda r: formats.date(r.expires_on), 150),
            ],
            self,
        )
        self.days = QSpinBox(objectName="expiring_days", minimum=1, maximum=365, value=DEFAULT_DAYS)
        self.days.setSuffix(" days")
        self.days.valueChanged.connect(self.reload)
        self.summary = QLabel(objectName="expiring_summary")
        self.table = QTableView(objectName="expiring_table")
        self.table.setModel(self.model)
        configure_record_table(self.table, (column.width for column in self.model.columns))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._open)
        top = QHBoxLayout()
        within = QLabel("&Within the next")
        within.setBuddy(self.days)
        top.addWidget(within)
        top.addWidget(self.days)
        top.addStretch(1)
        top.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        hint = QLabel("Enter or double-click opens the customer, to remind them.")
        hint.setForegroundRole(self.summary.foregroundRole())
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.summary.setText("Looking…")
        self.ctx.runner.run(
            loyalty.expiring_within, self.days.value(), today(self.ctx.session.clock), on_success=self._show
        )

    def _show(self, rows: list[ExpiringPoints]) -> None:
        self.model.set_rows(rows)
        points = sum(r.points for r in rows)
        self.summary.setText(
            f"{len(rows):,} customer{'' if len(rows) == 1 else 's'} · {points:,} points" if rows else "Nobody"
        )
        if rows:
            self.table.selectRow(0)
            self.table.setFocus()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.customer_chosen.emit(self.model.row_at(index.row()).customer_id)
            self.accept()
