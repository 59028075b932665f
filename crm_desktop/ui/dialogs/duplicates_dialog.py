"""The duplicate warning shown before saving a customer: who may be the same person, and why. A warning,
never a block: "Open existing" goes to that customer (nothing saved), "Save anyway" saves, Cancel returns
to the form."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.customers import DuplicateCandidate
from crm_desktop.ui import icons
from crm_desktop.ui.models.rows_model import Column, RowsModel
from crm_desktop.ui.widgets.record_table import configure_record_table

COLUMNS: tuple[Column[DuplicateCandidate], ...] = (
    Column("Name", lambda d: d.display_name + (" (archived)" if d.archived else ""), 200),
    Column("Phone", lambda d: d.phone, 150),
    Column("Email", lambda d: d.email, 210),
    Column("Why", lambda d: d.reason.capitalize(), 220),
)


class DuplicatesDialog(QDialog):
    open_existing_requested = Signal(int)  # the chosen candidate's id
    save_anyway_requested = Signal()

    def __init__(self, candidates: list[DuplicateCandidate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicates_dialog")
        self.setWindowTitle("Possible duplicate")
        one = len(candidates) == 1
        intro = QLabel(
            f"<b>{'This may be a customer' if one else 'These may be customers'} you already have.</b><br>"
            "Open the existing record to update it, or save a new customer anyway."
        )
        intro.setWordWrap(True)
        self.model: RowsModel[DuplicateCandidate] = RowsModel(COLUMNS, self)
        self.model.set_rows(candidates)
        self.table = QTableView(objectName="duplicates_table")
        self.table.setModel(self.model)
        configure_record_table(self.table, (column.width for column in COLUMNS))
        self.table.horizontalHeader().setStretchLastSection(True)
        rows = min(len(candidates), 6)
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + 28 * rows + 4)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _index: self._open_existing())

        self.buttons = QDialogButtonBox()
        self.open_button: QPushButton = self.buttons.addButton(
            "&Open existing", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setIcon(icons.icon("customers"))
        self.open_button.setToolTip("Go to the selected customer; nothing is saved (Enter)")
        self.open_button.setDefault(True)
        self.save_button: QPushButton = self.buttons.addButton(
            "Save &anyway", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setToolTip("Save as a new customer (Alt+A)")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setToolTip("Back to the form (Esc)")
        self.open_button.clicked.connect(self._open_existing)
        self.save_button.clicked.connect(self._save_anyway)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(sum(c.width for c in COLUMNS) + 40, self.sizeHint().height())
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected(self) -> DuplicateCandidate:
        index = self.table.currentIndex()
        return self.model.row_at(index.row() if index.isValid() else 0)

    def _open_existing(self) -> None:
        self.accept()
        self.open_existing_requested.emit(self.selected().id)

    def _save_anyway(self) -> None:
        self.accept()
        self.save_anyway_requested.emit()
