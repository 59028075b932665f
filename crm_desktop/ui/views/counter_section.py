"""Settings → Counter: which sale amounts the walk-in panel accepts (zero sales, the largest sale)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QWidget

from crm_desktop.services import counter_rules, settings
from crm_desktop.services.counter_rules import CounterRules
from crm_desktop.ui.context import SETTINGS, UiContext
from crm_desktop.ui.views.settings_view import SettingsSection


class CounterSection(SettingsSection):
    title = "Counter"
    icon_name = "walk_in"
    description = (
        "Amounts the walk-in panel accepts. The largest sale guards against typos such as 1250 for 12.50; "
        "raise it if you sell dearer things."
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.allow_zero = QCheckBox(
            "Allow sales of &zero (free items, warranty swaps)", objectName="allow_zero"
        )
        self.max_edit = QLineEdit(objectName="max_amount", maxLength=20)
        self.max_edit.setMaximumWidth(200)
        self.max_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow("", self.allow_zero)
        form.addRow("&Largest sale:", self.max_edit)
        self._fields = {"Largest sale": self.max_edit}
        self.reload()

    def reload(self) -> None:
        rules = counter_rules.current()
        self.allow_zero.setChecked(rules.allow_zero)
        self.max_edit.setText(settings.shop_profile().money.format(rules.max_amount_cents, symbol=False))

    def save(self) -> str:
        cents = settings.parse_money(self.max_edit.text(), "Largest sale")
        saved = counter_rules.save(self.ctx.session, CounterRules(self.allow_zero.isChecked(), cents))
        self.reload()
        self.ctx.changes.notify(SETTINGS)
        largest = settings.shop_profile().money.format(saved.max_amount_cents)
        return f"Saved. Sales up to {largest} are accepted" + (
            ", zero included." if saved.allow_zero else "."
        )

    def focus_field(self, field: str) -> None:
        widget = self._fields.get(field)
        if widget is not None:
            widget.setFocus()
            widget.selectAll()
