"""Settings → Follow-ups: the three automatic follow-up rules (`followup_rules.AutoRules`), each switched
on or off with its number of days and one sentence saying exactly what it makes. Save writes them with
`followup_rules.save` (a `ValidationError` names the rule, whose days get the focus), then runs the rules
once on the task runner so what they make shows at once; the daily job runs them again each day."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QLabel, QSpinBox, QVBoxLayout, QWidget

from crm_desktop.services import followup_rules
from crm_desktop.services.followup_rules import LABELS, MAX_DAYS, AutoRule, AutoRules, RulesResult
from crm_desktop.ui.context import FOLLOW_UPS, SETTINGS, UiContext
from crm_desktop.ui.views.settings_view import SettingsSection
from crm_desktop.ui.widgets.form_rows import row, spin_box

LOOK_BACK = followup_rules.FIRST_RUN_DAYS
# name: (check box text, words after the days, what it does)
RULES: dict[str, tuple[str, str, str]] = {
    "winback": (
        "&Win back customers after",
        "without a visit",
        "A follow-up “Win back …” is made on the day a customer's last visit is that many days ago — once "
        "per last visit, so a customer who comes back and stays away again gets a new one. The first run "
        f"after switching it on (or changing the days) looks back {LOOK_BACK} days only.",
    ),
    "thank_you": (
        "&Thank new customers",
        "after their first purchase",
        "A follow-up “Thank … for their first purchase” is made that many days after a customer's first "
        f"purchase — once per customer, ever. The first run after switching it on looks back {LOOK_BACK} "
        "days only.",
    ),
    "points_expiring": (
        "&Remind customers whose points expire within",
        "",
        "A follow-up “Remind …: N points expire from …” is made for a customer with points expiring from "
        "tomorrow to that many days ahead — at most one per customer in that many days.",
    ),
}
NOTE = (
    "The rules run once a day, when the app starts and after midnight; each follow-up is due that day and "
    "assigned to nobody. They never make two follow-ups for the same customer and occasion, however often "
    "they run."
)


def _muted(text: str, indent: int = 0) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setContentsMargins(indent, 0, 0, 0)
    return label


class FollowUpsSection(SettingsSection):
    title = "Follow-ups"
    icon_name = "followups"
    description = "Follow-ups the app makes by itself: win-backs, thank-yous and points about to expire."

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.checks: dict[str, QCheckBox] = {}
        self.spins: dict[str, QSpinBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        indent = self.style().pixelMetric(self.style().PixelMetric.PM_IndicatorWidth) + 6
        for name, (text, after, explanation) in RULES.items():
            check = QCheckBox(text, objectName=f"rule_{name}")
            spin = spin_box(f"rule_{name}_days", 1, MAX_DAYS, " days")
            spin.setAccessibleName(LABELS[name])
            spin.setToolTip(f"{LABELS[name]}: 1 to {MAX_DAYS:,} days")
            check.toggled.connect(spin.setEnabled)
            self.checks[name], self.spins[name] = check, spin
            layout.addLayout(row(check, spin, after) if after else row(check, spin))
            layout.addWidget(_muted(explanation, indent))
            layout.addSpacing(12)
        layout.addWidget(_muted(NOTE))
        self.reload()

    def rules(self) -> AutoRules:
        """What the form says."""
        return AutoRules(**{
            name: AutoRule(self.checks[name].isChecked(), self.spins[name].value()) for name in RULES
        })  # fmt: skip

    def reload(self) -> None:
        rules = followup_rules.current()
        for name in RULES:
            rule: AutoRule = getattr(rules, name)
            self.checks[name].setChecked(rule.enabled)
            self.spins[name].setValue(rule.days)
            self.spins[name].setEnabled(rule.enabled)

    def save(self) -> str:
        saved = followup_rules.save(self.ctx.session, self.rules())
        self.reload()
        self.ctx.changes.notify(SETTINGS)
        on = [name for name in RULES if getattr(saved, name).enabled]
        if on:  # make what the rules make now, not at the next start
            self.ctx.runner.run(followup_rules.run, self.ctx.session, on_success=self._ran)
        names = {"winback": "win-back", "thank_you": "thank-you", "points_expiring": "points expiring"}
        return f"Saved. On: {', '.join(names[n] for n in on)}." if on else "Saved. No automatic follow-ups."

    def _ran(self, result: RulesResult) -> None:
        made = result.winback + result.thank_you + result.points_expiring
        if made:
            self.ctx.changes.notify(FOLLOW_UPS)
            self.message_posted.emit(
                f"Saved. {made:,} follow-up{'s' if made != 1 else ''} made just now.", False
            )

    def focus_field(self, field: str) -> None:
        for name, label in LABELS.items():
            if label == field:
                self.spins[name].setEnabled(True)
                self.spins[name].setFocus(Qt.FocusReason.OtherFocusReason)
                self.spins[name].selectAll()
