"""Settings → Loyalty: how sales earn points, the tiers, how points are redeemed, when they expire, the
birthday bonus. One `LoyaltyRules` value read with `loyalty.rules()` and written with `loyalty.save_rules`,
which checks it whole (a `ValidationError` names the field; nothing is saved). Money is typed in the shop's
locale. Rule changes apply from the save on: the ledger is never rewritten.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt, QTimer, Signal
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

from crm_desktop.services import loyalty, loyalty_rules, products, settings
from crm_desktop.services.errors import ServiceError, ValidationError
from crm_desktop.services.loyalty import LoyaltyRules
from crm_desktop.services.session import Session
from crm_desktop.ui import errors
from crm_desktop.ui.context import LOYALTY, SETTINGS, UiContext
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.tiers_model import NAME, POINTS_BASIS, SPEND_BASIS, THRESHOLD, TiersModel
from crm_desktop.ui.views.settings_view import SettingsSection, describe
from crm_desktop.ui.widgets.form_rows import heading, money_edit, row, spin_box
from crm_desktop.ui.widgets.tiers_editor import TiersEditor

ROUNDING = (("down", "Down (part amounts earn nothing)"), ("nearest", "To the nearest point"), ("up", "Up"))
BASES = ((SPEND_BASIS, "Spend in the last 12 months"), (POINTS_BASIS, "Points earned, ever"))
CATEGORY_WIDTH = 140
CATEGORY_COLUMNS = 3
CATEGORY_ROWS_SHOWN = 4
NOTE = (
    "Changes apply from the moment you save: points already earned, redeemed or expired stay as they are. "
    "A change to the tiers moves customers to their new tier at once."
)


def _save(session: Session, rules: LoyaltyRules) -> tuple[LoyaltyRules, list[str]]:
    return loyalty.save_rules(session, rules), products.categories()


class LoyaltySection(SettingsSection):
    title = "Loyalty"
    icon_name = "loyalty"
    description = "How customers earn points, climb tiers and spend their points at the counter."

    rules_saved = Signal(object)  # LoyaltyRules as stored

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False  # a save is being written
        self.formats = Formats(settings.shop_profile(), ctx.session.clock.tz())
        self.enabled_check = QCheckBox("Give and redeem points at the counter", objectName="loyalty_enabled")
        self.points_spin = spin_box("loyalty_points_per_unit", 1, 10_000)
        self.unit_edit = money_edit("loyalty_unit")
        self.rounding_combo = QComboBox(objectName="loyalty_rounding")
        for value, text in ROUNDING:
            self.rounding_combo.addItem(text, value)
        self.minimum_edit = money_edit("loyalty_min_purchase", "none")
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

        self.redeem_points_spin = spin_box("loyalty_redeem_points", 1, 1_000_000, " points")
        self.redeem_value_edit = money_edit("loyalty_redeem_value")
        self.min_redeem_spin = spin_box("loyalty_min_redeem", 1, 1_000_000, " points")
        self.expiry_spin = spin_box("loyalty_expiry_months", 0, 120, " months", "never")
        self.expiry_spin.setToolTip("0 = points never expire")
        self.birthday_spin = spin_box("loyalty_birthday_points", 0, 100_000, " points", "off")
        self.birthday_days_spin = spin_box("loyalty_birthday_days", 0, 60, " days")
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
            ("&Earn:", self.points_spin, row(self.points_spin, "points per", self.unit_edit, "spent")),
            ("&Rounding:", self.rounding_combo, None),
            (
                "Minimum p&urchase:",
                self.minimum_edit,
                row(self.minimum_edit, "sales below this earn nothing"),
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
                row(self.redeem_points_spin, "are worth", self.redeem_value_edit, "off"),
            ),
            ("M&inimum to redeem:", self.min_redeem_spin, row(self.min_redeem_spin, "in one sale")),
            (
                "Points e&xpire after:",
                self.expiry_spin,
                row(self.expiry_spin, "from the day they are earned"),
            ),
            (
                "Birthda&y bonus:",
                self.birthday_spin,
                row(self.birthday_spin, "within", self.birthday_days_spin, "of the birthday"),
            ),
            ("", note, None),
        )
        for text, first, layout in rows:
            if first is None:
                form.addRow(heading(text))
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
        """Check the form here (a refusal is raised and shown at once), then write on the runner: a change
        to the tiers recomputes every customer's tier, which is no work for the UI thread."""
        if self.busy:
            return "Still saving the loyalty rules…"
        self.tiers.commit_pending_edit()  # Ctrl+S while a cell is being typed in keeps what was typed
        rules = loyalty_rules.validate(self.rules())  # ValidationError: nothing saved
        self.busy = True
        QTimer.singleShot(0, lambda: self._write(rules))  # after the view has shown "Saving…"
        return "Saving the loyalty rules…"

    def _write(self, rules: LoyaltyRules) -> None:
        self.ctx.runner.run(_save, self.ctx.session, rules, on_success=self._saved, on_error=self._refused)

    def _saved(self, result: tuple[LoyaltyRules, list[str]]) -> None:
        self.busy = False
        self.show_rules(*result)
        self.ctx.changes.notify(SETTINGS, LOYALTY)
        self.message_posted.emit("Loyalty rules saved. They apply to sales and points from now on.", False)
        self.rules_saved.emit(result[0])

    def _refused(self, exc: BaseException) -> None:
        self.busy = False
        if isinstance(exc, ValidationError):
            self.message_posted.emit(describe(exc), True)
            self.focus_field(exc.field)
        elif isinstance(exc, ServiceError):  # e.g. only the owner may change the rules
            self.message_posted.emit(str(exc), True)
        else:
            errors.show_error(exc, self)

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
