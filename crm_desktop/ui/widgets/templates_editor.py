"""The greeting templates editor of Settings → Birthdays: the list of templates (add, rename in place with
F2, remove), the chosen one's subject and text, and a hint with the placeholders. It edits drafts only;
the section saves them all at once through `birthdays.save`, which checks them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from crm_desktop.services.birthdays import PLACEHOLDERS, GreetingTemplate
from crm_desktop.ui import icons

LIST_WIDTH = 160
TEXT_LINES = 7
NEW_TEMPLATE = GreetingTemplate("New template", "", "Happy birthday, {first_name}!")
PLACEHOLDER_HINT = (
    "Placeholders: " + "  ".join("{" + p + "}" for p in PLACEHOLDERS) + ". Write {{ or }} for a brace."
)


class TemplatesEditor(QWidget):
    changed = Signal()  # a draft's name, subject or text changed, or one was added or removed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(objectName="template_list")
        self.list.setAccessibleName("Greeting templates")
        self.list.setFixedWidth(LIST_WIDTH)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)  # F2 is the walk-in key
        self.list.setStyleSheet("QListWidget#template_list::item { padding: 3px 4px; }")
        self.subject_edit = QLineEdit(objectName="template_subject", maxLength=200)
        self.subject_edit.setPlaceholderText("Email subject (none for a text message)")
        self.body_edit = QPlainTextEdit(objectName="template_body", tabChangesFocus=True)
        self.body_edit.setFixedHeight(self.body_edit.fontMetrics().lineSpacing() * TEXT_LINES + 12)
        self.add_button = QPushButton(icons.icon("add"), "Add", objectName="add_template")
        self.add_button.setToolTip("Add a template (Ctrl+Shift+N)")
        self.add_button.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.rename_button = QPushButton("Rename", objectName="rename_template")
        self.rename_button.setToolTip("Rename the template (Ctrl+R, or double-click it)")
        self.remove_button = QPushButton("Remove", objectName="remove_template")
        self.remove_button.setToolTip("Remove the template (Delete in the list; one must stay)")
        for text, key, slot, context in (
            ("Rename", "Ctrl+R", self.rename_current, Qt.ShortcutContext.WidgetWithChildrenShortcut),
            ("Remove", "Delete", self.remove_current, Qt.ShortcutContext.WidgetShortcut),
        ):
            action = QAction(text, self.list if key == "Delete" else self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(context)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            (self.list if key == "Delete" else self).addAction(action)
        for button in (self.add_button, self.rename_button, self.remove_button):
            button.setAutoDefault(False)
        self.hint = QLabel(PLACEHOLDER_HINT, objectName="placeholder_hint", wordWrap=True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        subject_label = QLabel("Su&bject:")
        subject_label.setBuddy(self.subject_edit)
        body_label = QLabel("Te&xt:")
        body_label.setBuddy(self.body_edit)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.list, 0, 0, 4, 1)
        grid.addWidget(subject_label, 0, 1)
        grid.addWidget(self.subject_edit, 1, 1)
        grid.addWidget(body_label, 2, 1)
        grid.addWidget(self.body_edit, 3, 1)
        grid.addLayout(buttons, 4, 0, 1, 2)
        grid.addWidget(self.hint, 5, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.setTabOrder(self.list, self.subject_edit)
        self.setTabOrder(self.subject_edit, self.body_edit)
        self.setTabOrder(self.body_edit, self.add_button)

        self._drafts: list[GreetingTemplate] = []
        self._showing = False  # filling the fields from a draft: not an edit
        self.list.currentRowChanged.connect(self._show_current)
        self.list.itemChanged.connect(self._renamed)
        self.subject_edit.textChanged.connect(self._edited)
        self.body_edit.textChanged.connect(self._edited)
        self.add_button.clicked.connect(self.add_template)
        self.rename_button.clicked.connect(self.rename_current)
        self.remove_button.clicked.connect(self.remove_current)

    # --- drafts -------------------------------------------------------------------------------------
    def set_templates(self, templates: tuple[GreetingTemplate, ...]) -> None:
        row = max(self.list.currentRow(), 0)
        self._drafts = list(templates)
        self.list.blockSignals(True)
        self.list.clear()
        for template in templates:
            self.list.addItem(self._item(template.name))
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(row, len(templates) - 1))
        self._show_current(self.list.currentRow())

    def templates(self) -> tuple[GreetingTemplate, ...]:
        return tuple(self._drafts)

    def commit_pending_edit(self) -> None:
        """A name still being typed (Ctrl+S pressed in the editor) counts as typed."""
        editor = QApplication.focusWidget()
        if (
            self.list.state() == QAbstractItemView.State.EditingState
            and editor
            and self.list.isAncestorOf(editor)
        ):
            self.list.commitData(editor)
            self.list.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def current(self) -> GreetingTemplate | None:
        row = self.list.currentRow()
        return self._drafts[row] if 0 <= row < len(self._drafts) else None

    def _item(self, name: str) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    # --- editing ------------------------------------------------------------------------------------
    def add_template(self) -> None:
        names = {t.name.casefold() for t in self._drafts}
        name, number = NEW_TEMPLATE.name, 1
        while name.casefold() in names:
            number += 1
            name = f"{NEW_TEMPLATE.name} {number}"
        self._drafts.append(GreetingTemplate(name, NEW_TEMPLATE.subject, NEW_TEMPLATE.body))
        item = self._item(name)
        self.list.blockSignals(True)
        self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setCurrentItem(item)
        self.changed.emit()
        self.list.setFocus()
        self.list.editItem(item)  # type the new name at once

    def rename_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.setFocus()
            self.list.editItem(item)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._drafts) or len(self._drafts) <= 1:
            return
        del self._drafts[row]
        self.list.blockSignals(True)
        self.list.takeItem(row)
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(row, len(self._drafts) - 1))
        self._show_current(self.list.currentRow())
        self.changed.emit()

    def _renamed(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self._drafts):
            old = self._drafts[row]
            self._drafts[row] = GreetingTemplate(item.text(), old.subject, old.body)
            self.changed.emit()

    def _edited(self) -> None:
        row = self.list.currentRow()
        if self._showing or not 0 <= row < len(self._drafts):
            return
        old = self._drafts[row]
        self._drafts[row] = GreetingTemplate(old.name, self.subject_edit.text(), self.body_edit.toPlainText())
        self.changed.emit()

    def _show_current(self, row: int) -> None:
        template = self._drafts[row] if 0 <= row < len(self._drafts) else None
        self._showing = True
        self.subject_edit.setText(template.subject if template else "")
        self.body_edit.setPlainText(template.body if template else "")
        self._showing = False
        for widget in (self.subject_edit, self.body_edit, self.rename_button):
            widget.setEnabled(template is not None)
        self.remove_button.setEnabled(template is not None and len(self._drafts) > 1)
        self.changed.emit()

    def focus_template(self, name: str | None, row: int | None = None, part: str = "text") -> None:
        """Select a template (by name, or 1-based row) and put the cursor where a refusal points."""
        if name is not None:
            row = next((i for i, t in enumerate(self._drafts) if t.name == name), None)
        elif row is not None:
            row -= 1
        if row is None or not 0 <= row < len(self._drafts):
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.list.setCurrentRow(row)
        if part == "name":
            self.rename_current()
        elif part == "subject":
            self.subject_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.body_edit.setFocus(Qt.FocusReason.OtherFocusReason)
