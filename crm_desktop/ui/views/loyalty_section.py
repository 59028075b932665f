"""Settings → Loyalty: how sales earn points, the tiers, how points are redeemed, when they expire, the
birthday bonus. One `LoyaltyRules` value read with `loyalty.rules()` and written with `loyalty.save_rules`,
which checks it whole (a `ValidationError` names the field; nothing is saved). Money is typed in the shop's
locale. Rule changes apply from the save on: the ledger is never rewritten.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from crm_desktop.services import loyalty, products, settings
from crm_desktop.services.loyalty import LoyaltyRules
from crm_desktop.ui.context import LOYALTY, SETTINGS, UiContext
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.tiers_model import NAME, POINTS_BASIS, SPEND_BASIS, THRESHOLD, TiersModel
from crm_desktop.ui.views.settings_view import SettingsSection
from crm_desktop.ui.widgets.tiers_editor import TiersEditor

ROUNDING = (("down", "Down (part amounts earn nothing)"), ("nearest", "To the nearest point"), ("up", "Up"))
BASES = ((SPEND_BASIS, "Spend in the last 12 months"), (POINTS_BASIS, "Points earned, ever"))
MONEY_WIDTH = 110
CATEGORY_WIDTH = 140
CATEGORY_COLUMNS = 3
CATEGORY_ROWS_SHOWN = 4
SPIN_WIDTH = 90
NOTE = (
    "Changes apply from the moment you save: points already earned, redeemed or expired stay as they are, "
    "and tiers are worked out again at each customer's next sale (or overnight)."
)


def _spin(name: str, low: int, high: int, suffix: str = "", special: str = "") -> QSpinBox:
    spin = QSpinBox(objectName=name, minimum=low, maximum=high)
    spin.setSuffix(suffix)
    spin.setSpecialValueText(special)
    spin.setMinimumWidth(SPIN_WIDTH)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin


def _money_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(objectName=name)
    edit.setFixedWidth(MONEY_WIDTH)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    edit.setPlaceholderText(placeholder)
    return edit


def _row(*parts: QWidget | str) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(6)
    for part in parts:
        row.addWidget(QLabel(part) if isinstance(part, str) else part)
    row.addStretch(1)
    return row


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label


class LoyaltySection(SettingsSection):
    title = "Loyalty"
    icon_name = "loyalty"
    description = "How customers earn points, climb tiers and spend their points at the counter."

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.formats = Formats(settings.shop_profile(), ctx.session.clock.tz())
        self.enabled_check = QCheckBox("Give and redeem points at the counter", objectName="loyalty_enabled")
        self.points_spin = _spin("loyalty_points_per_unit", 1, 10_000)
        self.unit_edit = _money_edit("loyalty_unit")
        self.rounding_combo = QComboBox(objectName="loyalty_rounding")
        for value, text in ROUNDING:
            self.rounding_combo.addItem(text, value)
        self.minimum_edit = _money_edit("loyalty_min_purchase", "none")
        self.categories = QListWidget(objectName="loyalty_excluded_categories")
        self.categories.setAccessibleName("Categories that earn no points")
        self.categories.setFlow(QListView.Flow.LeftToRight)  # a grid of check boxes, three to a row
        self.categories.setWrapping(True)
        self.categories.setResizeMode(QListView.ResizeMode.Adjust)
        self.categories.setUniformItemSizes(True)
        self._category_size = QSize(CATEGORY_WIDTH, self.categories.fontMetrics().height() + 8)
        self.categories.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.no_categories = QLabel("No product categories yet (Settings → Products).")
        self.no_categories.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.basis_combo = QComboBox(objectName="loyalty_tier_basis")
        for value, text in BASES:
            self.basis_combo.addItem(text, value)
        self.tiers_model = TiersModel(self.formats, self)
        self.tiers_model.refused.connect(lambda text: self.message_posted.emit(text, True))
        self.basis_combo.currentIndexChanged.connect(
            lambda _i: self.tiers_model.set_basis(self.basis_combo.currentData())
        )
        self.tiers = TiersEditor(self.tiers_model)

        self.redeem_points_spin = _spin("loyalty_redeem_points", 1, 1_000_000, " points")
        self.redeem_value_edit = _money_edit("loyalty_redeem_value")
        self.min_redeem_spin = _spin("loyalty_min_redeem", 1, 1_000_000, " points")
        self.expiry_spin = _spin("loyalty_expiry_months", 0, 120, " months", "never")
        self.expiry_spin.setToolTip("0 = points never expire")
        self.birthday_spin = _spin("loyalty_birthday_points", 0, 100_000, " points", "off")
        self.birthday_days_spin = _spin("loyalty_birthday_days", 0, 60, " days")
        note = QLabel(NOTE, objectName="loyalty_note")
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Alt+F/V/S/H belong to the menu bar; a row of several fields gives its label's key to the first.
        rows: tuple[tuple[str, QWidget | None, QHBoxLayout | None], ...] = (
            ("Pro&gram:", self.enabled_check, None),
            ("Earning", None, None),
            ("&Earn:", self.points_spin, _row(self.points_spin, "points per", self.unit_edit, "spent")),
            ("&Rounding:", self.rounding_combo, None),
            (
                "Minimum p&urchase:",
                self.minimum_edit,
                _row(self.minimum_edit, "sales below this earn nothing"),
            ),
            ("N&o points for:", self.categories, None),
            ("", self.no_categories, None),
            ("Tiers", None, None),
            ("Tier &basis:", self.basis_combo, None),
            ("&Tiers:", self.tiers, None),
            ("Redeeming and expiry", None, None),
            (
                "Re&deem:",
                self.redeem_points_spin,
                _row(self.redeem_points_spin, "are worth", self.redeem_value_edit, "off"),
            ),
            ("M&inimum to redeem:", self.min_redeem_spin, _row(self.min_redeem_spin, "in one sale")),
            (
                "Points e&xpire after:",
                self.expiry_spin,
                _row(self.expiry_spin, "from the day they are earned"),
            ),
            (
                "Birthda&y bonus:",
                self.birthday_spin,
                _row(self.birthday_spin, "within", self.birthday_days_spin, "of the birthday"),
            ),
            ("", note, None),
        )
        for text, first, layout in rows:
            if first is None:
                form.addRow(_heading(text))
                continue
            label = QLabel(text)
            label.setBuddy(first)
            form.addRow(label, layout if layout is not None else first)
        self.setTabOrder(self.rounding_combo, self.minimum_edit)
        self.setTabOrder(self.minimum_edit, self.categories)
        self.setTabOrder(self.categories, self.basis_combo)
        self.setTabOrder(self.basis_combo, self.tiers.table)

        # ValidationError.field (lower case) -> the widget to focus; first keyword found in the field wins.
        self._fields: tuple[tuple[str, QWidget], ...] = (
            ("enabled", self.enabled_check),
            ("tier basis", self.basis_combo),
            ("tier", self.tiers.table),
            ("points per", self.points_spin),
            ("earn", self.points_spin),
            ("spent", self.unit_edit),
            ("rounding", self.rounding_combo),
            ("minimum purchase", self.minimum_edit),
            ("categor", self.categories),
            ("minimum redemption", self.min_redeem_spin),
            ("minimum to redeem", self.min_redeem_spin),
            ("redeem value", self.redeem_value_edit),
            ("worth", self.redeem_value_edit),
            ("redeem", self.redeem_points_spin),
            ("redemption", self.redeem_points_spin),
            ("expir", self.expiry_spin),
            ("birthday window", self.birthday_days_spin),
            ("days", self.birthday_days_spin),
            ("birthday", self.birthday_spin),
        )
        self.reload()

    # --- loading and saving -------------------------------------------------------------------------
    def reload(self) -> None:
        self.formats.update(settings.shop_profile(), self.ctx.session.clock.tz())
        self.show_rules(loyalty.rules(), products.categories())

    def show_rules(self, rules: LoyaltyRules, categories: list[str]) -> None:
        money = self.formats.money_format
        self.enabled_check.setChecked(rules.enabled)
        self.points_spin.setValue(rules.points_per_unit)
        self.unit_edit.setText(money.format(rules.unit_cents))
        self.rounding_combo.setCurrentIndex(max(self.rounding_combo.findData(rules.rounding), 0))
        self.minimum_edit.setText(money.format(rules.min_purchase_cents) if rules.min_purchase_cents else "")
        self.categories.clear()
        excluded = set(rules.excluded_categories)
        for category in sorted(set(categories) | excluded, key=str.casefold):
            item = QListWidgetItem(category)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setSizeHint(self._category_size)
            item.setToolTip(category)
            item.setCheckState(Qt.CheckState.Checked if category in excluded else Qt.CheckState.Unchecked)
            if category not in categories:
                item.setToolTip("No product has this category any more")
            self.categories.addItem(item)
        self.form.setRowVisible(self.no_categories, self.categories.count() == 0)
        self.form.setRowVisible(self.categories, self.categories.count() > 0)
        rows = min(-(-self.categories.count() // CATEGORY_COLUMNS), CATEGORY_ROWS_SHOWN)
        frame = 2 * self.categories.frameWidth() + 4
        self.categories.setFixedHeight(max(rows, 1) * self._category_size.height() + frame)
        self.basis_combo.setCurrentIndex(max(self.basis_combo.findData(rules.tier_basis), 0))
        self.tiers_model.set_tiers(rules.tiers, rules.tier_basis)
        self.redeem_points_spin.setValue(rules.redeem_points)
        self.redeem_value_edit.setText(money.format(rules.redeem_value_cents))
        self.min_redeem_spin.setValue(rules.min_redeem_points)
        self.expiry_spin.setValue(rules.expiry_months or 0)
        self.birthday_spin.setValue(rules.birthday_bonus_points)
        self.birthday_days_spin.setValue(rules.birthday_window_days)

    def _money(self, edit: QLineEdit, field: str, *, blank_is_zero: bool = False) -> int:
        if blank_is_zero and not edit.text().strip():
            return 0
        return settings.parse_money(edit.text(), field)

    def rules(self) -> LoyaltyRules:
        """The rules as the form shows them, checked only for amounts that cannot be read."""
        excluded = tuple(
            self.categories.item(row).text()
            for row in range(self.categories.count())
            if self.categories.item(row).checkState() == Qt.CheckState.Checked
        )
        return LoyaltyRules(
            enabled=self.enabled_check.isChecked(),
            points_per_unit=self.points_spin.value(),
            unit_cents=self._money(self.unit_edit, "Per amount spent"),
            rounding=self.rounding_combo.currentData(),
            min_purchase_cents=self._money(self.minimum_edit, "Minimum purchase", blank_is_zero=True),
            excluded_categories=excluded,
            tier_basis=self.basis_combo.currentData(),
            tiers=self.tiers_model.tiers(),
            redeem_points=self.redeem_points_spin.value(),
            redeem_value_cents=self._money(self.redeem_value_edit, "Redeem value"),
            min_redeem_points=self.min_redeem_spin.value(),
            expiry_months=self.expiry_spin.value() or None,
            birthday_bonus_points=self.birthday_spin.value(),
            birthday_window_days=self.birthday_days_spin.value(),
        )

    def save(self) -> str:
        self.tiers.commit_pending_edit()  # Ctrl+S while a cell is being typed in keeps what was typed
        saved = loyalty.save_rules(self.ctx.session, self.rules())  # ValidationError: nothing saved
        self.show_rules(saved, products.categories())
        self.ctx.changes.notify(SETTINGS, LOYALTY)
        return "Loyalty rules saved. They apply to sales and points from now on."

    def focus_field(self, field: str) -> None:
        lowered = field.lower()
        widget = next((w for key, w in self._fields if key in lowered), None)
        if widget is self.tiers.table:
            row = re.search(r"row (\d+)", lowered)
            column = NAME if "name" in lowered else THRESHOLD
            self.tiers.focus_cell(int(row.group(1)) - 1 if row else 0, column)
            return
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, (QLineEdit, QSpinBox)):
                widget.selectAll()
