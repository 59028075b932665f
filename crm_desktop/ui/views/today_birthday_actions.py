"""What can be done with the selected birthday on Today: mark it greeted (G, again to take it back), copy a
greeting made from a template (Ctrl+C), write an email when the customer agreed to email (E), open the
customer (Enter); and export this week's birthdays to CSV (Ctrl+Shift+E). Buttons under the table, the
table's context menu and the shortcuts are the same actions; every write goes through `services.birthdays`
on the task runner and is announced through `ctx.changes`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from crm_desktop.services import birthdays
from crm_desktop.services.birthdays import BirthdayRow, GreetingTemplate
from crm_desktop.ui import icons
from crm_desktop.ui.context import BIRTHDAYS, UiContext
from crm_desktop.ui.views.today_birthdays import EXPORT_DAYS, BirthdaysPanel
from crm_desktop.ui.views.today_common import shortcut_tip, table_action

TEMPLATE_WIDTH = 150


def _button(action: QAction, name: str, icon_name: str | None = None) -> QPushButton:
    """A push button that triggers `action` and follows its text, tooltip and enabled state."""
    button = QPushButton(action.text(), objectName=name)
    if icon_name:
        button.setIcon(icons.icon(icon_name))
    button.setAutoDefault(False)

    def follow() -> None:
        button.setText(action.text())
        button.setEnabled(action.isEnabled())
        button.setToolTip(action.toolTip())

    action.changed.connect(follow)
    button.clicked.connect(action.trigger)
    follow()
    return button


class BirthdayActions(QObject):
    message_posted = Signal(str)  # a status-bar sentence
    customer_requested = Signal(int)

    def __init__(self, ctx: UiContext, panel: BirthdaysPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.panel = panel
        table = panel.table
        self.greet_action = table_action(table, "Mark greeted", "G", self.toggle_greeted, "Mark greeted")
        self.copy_action = table_action(
            table, "Copy greeting", QKeySequence.StandardKey.Copy, self.copy_greeting, "Copy the greeting"
        )
        self.email_action = table_action(table, "Email…", "E", self.email, "Write an email")
        self.open_action = table_action(
            table, "Open customer", "Return", self.open_customer, "Open customer", "Enter"
        )
        self.export_action = QAction("Export this week's…", panel)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.export_action.setToolTip(
            shortcut_tip("Export this week's birthdays to a CSV file", self.export_action.shortcut())
        )
        self.export_action.triggered.connect(lambda _checked=False: self.export())
        panel.addAction(self.export_action)
        table.doubleClicked.connect(lambda _index: self.open_customer())

        self.template_combo = QComboBox(objectName="greeting_template")
        self.template_combo.setAccessibleName("Greeting template")
        self.template_combo.setToolTip("The template the greeting is made from (Settings → Birthdays)")
        self.template_combo.setMinimumWidth(TEMPLATE_WIDTH)
        self.template_combo.currentIndexChanged.connect(lambda _i: self.update_state())
        self.greet_button = _button(self.greet_action, "mark_greeted", "check")
        self.copy_button = _button(self.copy_action, "copy_greeting")
        self.email_button = _button(self.email_action, "email_greeting")
        self.export_button = _button(self.export_action, "export_birthdays")
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.greet_button)
        bar.addSpacing(8)
        bar.addWidget(self.copy_button)
        template_label = QLabel("from")
        bar.addWidget(template_label)
        bar.addWidget(self.template_combo)
        bar.addWidget(self.email_button)
        bar.addStretch(1)
        panel.layout_.addLayout(bar)
        panel.title_row.addWidget(self.export_button)
        table.selectionModel().currentRowChanged.connect(lambda *_: self.update_state())
        panel.model.modelReset.connect(self.update_state)
        self.update_state()

    # --- templates ----------------------------------------------------------------------------------
    def set_templates(self, templates: tuple[GreetingTemplate, ...], preferred: str = "") -> None:
        """Offer these templates, keeping the chosen one (by name) when it is still there."""
        keep = preferred or self.template_combo.currentText()
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for template in templates:
            self.template_combo.addItem(template.name, template)
        self.template_combo.setCurrentIndex(max(self.template_combo.findText(keep), 0))
        self.template_combo.blockSignals(False)
        self.update_state()

    def template(self) -> GreetingTemplate | None:
        return self.template_combo.currentData()

    def rendered(self, row: BirthdayRow) -> tuple[str, str] | None:
        template = self.template()
        return None if template is None else birthdays.render(template, row, self.panel.settings)

    # --- state --------------------------------------------------------------------------------------
    def update_state(self) -> None:
        row = self.panel.selected()
        has_row = row is not None
        greeted = has_row and row.greeted_at is not None  # type: ignore[union-attr]
        self.greet_action.setText("Unmark greeted" if greeted else "Mark greeted")
        self.greet_action.setToolTip(
            shortcut_tip(
                "Take back the greeting (undo)" if greeted else "Mark this birthday greeted",
                self.greet_action.shortcut(),
            )
        )
        for action in (self.greet_action, self.copy_action, self.open_action):
            action.setEnabled(has_row)
        self.copy_action.setEnabled(has_row and self.template() is not None)
        email_ok = has_row and birthdays.mailto_url(row, "", "") is not None  # type: ignore[arg-type]
        self.email_action.setEnabled(email_ok and self.template() is not None)
        if not has_row:
            tip = "Select a birthday first"
        elif email_ok:
            tip = shortcut_tip(f"Write an email to {row.email}", self.email_action.shortcut())  # type: ignore[union-attr]
        elif not row.email:  # type: ignore[union-attr]
            tip = "No email address"
        else:
            tip = "No email consent"
        self.email_action.setToolTip(tip)
        self.email_button.setToolTip(tip)  # a disabled action still says why

    # --- actions ------------------------------------------------------------------------------------
    def toggle_greeted(self) -> None:
        row = self.panel.selected()
        if row is None:
            return
        year = row.celebrates_on.year
        if row.greeted_at is None:
            self.ctx.runner.run(
                birthdays.greet,
                self.ctx.session,
                row.customer_id,
                year,
                on_success=lambda _at: self._changed(f"{row.name} marked greeted. Press G again to undo."),
            )
        else:
            self.ctx.runner.run(
                birthdays.ungreet,
                self.ctx.session,
                row.customer_id,
                year,
                on_success=lambda _none: self._changed(f"{row.name} is no longer marked greeted."),
            )

    def _changed(self, message: str) -> None:
        self.ctx.changes.notify(BIRTHDAYS)
        self.message_posted.emit(message)

    def copy_greeting(self) -> None:
        row = self.panel.selected()
        text = self.rendered(row) if row is not None else None
        if text is None:
            return
        QGuiApplication.clipboard().setText(text[1])
        self.message_posted.emit("Greeting copied")

    def email(self) -> None:
        row = self.panel.selected()
        text = self.rendered(row) if row is not None else None
        if row is None or text is None:
            return
        url = birthdays.mailto_url(row, *text)
        if url is None:
            self.message_posted.emit(f"{row.name} has not agreed to email.")
            return
        QDesktopServices.openUrl(QUrl.fromEncoded(url.encode("ascii")))
        self.message_posted.emit(f"Opened an email to {row.name} in the mail program.")

    def open_customer(self) -> None:
        row = self.panel.selected()
        if row is not None:
            self.customer_requested.emit(row.customer_id)

    def export(self) -> None:
        today = self.panel.today if self.panel.today != dt.date.min else None
        if today is None:
            return
        name = f"birthdays-{today.isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self.panel, "Export this week's birthdays", str(Path.home() / name), "CSV files (*.csv)"
        )
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".csv")
        last = today + dt.timedelta(days=EXPORT_DAYS)
        self.ctx.runner.run(
            birthdays.export_csv,
            target,
            today,
            last,
            today,
            on_success=lambda count: self.message_posted.emit(
                f"Exported {count} birthday{'' if count == 1 else 's'} to {target}"
            ),
        )
