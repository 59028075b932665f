"""The top of a customer's profile: name and badges, contact line, the key figures, birthday and tags."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from crm_desktop.services.loyalty_progress import TierProgress
from crm_desktop.services.profile import CustomerProfile
from crm_desktop.ui import theme
from crm_desktop.ui.formatting import Formats

STATS = (
    ("points", "Points"),
    ("total_spent", "Total spent"),
    ("visits", "Visits"),
    ("average_basket", "Average basket"),
    ("last_visit", "Last visit"),
    ("customer_since", "Customer since"),
    ("birthday", "Birthday"),
)
_STYLE = """
QLabel[badge="true"] { border: 1px solid palette(mid); border-radius: 9px; padding: 1px 8px;
                       background: palette(alternate-base); }
QFrame#stat_card { border: 1px solid palette(mid); border-radius: 8px; background: palette(base); }
"""


def _badge(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("badge", True)
    return label


def _muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class ProfileHeader(QFrame):
    merged_link_activated = Signal(int)  # the survivor's id, from the "merged into" note

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profile_header")
        self.setStyleSheet(_STYLE)
        self.name_label = QLabel(objectName="profile_name")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tier_badge = _badge()
        self.tier_badge.setObjectName("tier_badge")
        self.tier_progress = _muted(QLabel(objectName="tier_progress"))
        self.archived_badge = _badge()
        self.archived_badge.setObjectName("archived_badge")
        self.merged_label = QLabel(objectName="merged_label")
        self.merged_label.linkActivated.connect(lambda href: self.merged_link_activated.emit(int(href)))
        self.email_badge = _badge()
        self.email_badge.setObjectName("email_consent_badge")
        self.sms_badge = _badge()
        self.sms_badge.setObjectName("sms_consent_badge")
        title = QHBoxLayout()
        title.setSpacing(8)
        title.addWidget(self.name_label)
        title.addWidget(self.tier_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title.addWidget(self.tier_progress, 0, Qt.AlignmentFlag.AlignVCenter)
        title.addWidget(self.archived_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title.addWidget(self.merged_label, 0, Qt.AlignmentFlag.AlignVCenter)
        title.addStretch(1)
        title.addWidget(self.email_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title.addWidget(self.sms_badge, 0, Qt.AlignmentFlag.AlignVCenter)

        self.contact_label = QLabel(objectName="profile_contact")
        self.contact_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.phone_note = _muted(QLabel(objectName="profile_phone_note"))

        stats = QGridLayout()
        stats.setHorizontalSpacing(8)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for column, (key, caption) in enumerate(STATS):
            card = QFrame(objectName="stat_card")
            box = QVBoxLayout(card)
            box.setContentsMargins(10, 6, 10, 6)
            box.setSpacing(0)
            value = QLabel(objectName=f"stat_{key}")
            value_font = QFont(value.font())
            value_font.setPointSizeF(value_font.pointSizeF() * 1.25)
            value_font.setBold(True)
            value.setFont(value_font)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label = _muted(QLabel(caption))
            box.addWidget(label)
            box.addWidget(value)
            self.values[key], self.captions[key] = value, label
            stats.addWidget(card, 0, column)
            stats.setColumnStretch(column, 1)

        self.tags_row = QHBoxLayout()
        self.tags_row.setSpacing(6)
        self.tags_caption = _muted(QLabel("Tags:"))
        self.tag_labels: list[QLabel] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(title)
        layout.addWidget(self.contact_label)
        layout.addWidget(self.phone_note)
        layout.addSpacing(4)
        layout.addLayout(stats)
        layout.addLayout(self.tags_row)

    def show_profile(self, p: CustomerProfile, f: Formats) -> None:
        c = p.customer
        self.name_label.setText(c.display_name or f"Customer {c.id}")
        self.tier_badge.setText(c.tier or "")
        self.tier_badge.setVisible(bool(c.tier))
        archived = c.archived_at is not None
        self.archived_badge.setText(
            f"Archived {f.date(f.local(c.archived_at).date())}" if c.archived_at else ""
        )
        self.archived_badge.setVisible(archived)
        merged = c.merged_into_id is not None
        self.merged_label.setText(
            f'Merged into <a href="{c.merged_into_id}">customer {c.merged_into_id}</a>' if merged else ""
        )
        self.merged_label.setVisible(merged)
        self._consent(self.email_badge, "Email", c.email_consent, c.email_consent_at, f)
        self._consent(self.sms_badge, "SMS", c.sms_consent, c.sms_consent_at, f)
        card = f"Card {c.card_number}" if c.card_number else ""
        parts = [x for x in (c.phone, c.email, card) if x]
        self.contact_label.setText("  ·  ".join(parts) or "No phone or email yet")
        self.phone_note.setText(c.phone_note)
        self.phone_note.setVisible(bool(c.phone_note))

        self.values["points"].setText(f.number(c.points_balance))
        self.values["total_spent"].setText(f.money(c.total_spent_cents))
        self.values["visits"].setText(f.number(c.visits))
        self.values["average_basket"].setText(f.money(p.average_basket_cents) or "—")
        self.values["last_visit"].setText(f.date(c.last_visit_date) or "—")
        self.values["customer_since"].setText(f.date(f.local(c.created_at).date()))
        self._birthday(p, f)
        self._tags(c.tags)

    def show_tier_progress(self, progress: TierProgress | None, f: Formats) -> None:
        """'€380.00 more spend to Silver' / '120 points to Star'; nothing at the top tier."""
        if progress is None or progress.next_tier is None or progress.remaining is None:
            self.tier_progress.setText("")
            self.tier_progress.hide()
            return
        spend = progress.basis == "spend_12m"
        far = (
            f"{f.money(progress.remaining)} more spend" if spend else f"{f.number(progress.remaining)} points"
        )
        self.tier_progress.setText(f"{far} to {progress.next_tier}")
        figure = f.money(progress.figure) if spend else f"{f.number(progress.figure)} points"
        self.tier_progress.setToolTip(
            f"{progress.next_tier} starts at "
            + (
                f"{f.money(progress.next_threshold)} spent in 12 months"
                if spend
                else f"{progress.next_threshold} points earned"
            )
            + f"; so far {figure}"
        )
        self.tier_progress.show()

    def _birthday(self, p: CustomerProfile, f: Formats) -> None:
        c, value, caption = p.customer, self.values["birthday"], self.captions["birthday"]
        if c.birth_day is None or c.birth_month is None:
            value.setText("—")
            caption.setText("Birthday")
            return
        text = f.day_month(c.birth_day, c.birth_month)
        value.setText(f"{text} ({p.age})" if p.age is not None else text)
        value.setToolTip(
            f"Born {text} {c.birth_year}, aged {p.age}" if p.age is not None else "Year not known"
        )
        days = p.birthday_in_days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        caption.setText(f"Birthday · {when}")

    def _consent(self, badge: QLabel, what: str, given: bool, at: dt.datetime | None, f: Formats) -> None:
        badge.setText(f"\u2713 {what}" if given else f"\u2717 {what}")
        palette = badge.palette()
        color = theme.success_color(palette) if given else palette.color(QPalette.ColorRole.PlaceholderText)
        palette.setColor(QPalette.ColorRole.WindowText, color)
        badge.setPalette(palette)
        when = f" on {f.date(f.local(at).date())}" if at is not None else ""
        badge.setToolTip(
            f"{what} consent given{when}"
            if given
            else f"No {what} consent" + (f" (withdrawn{when})" if at else "")
        )

    def _tags(self, tags: tuple[str, ...]) -> None:
        for label in self.tag_labels:
            self.tags_row.removeWidget(label)
            label.deleteLater()
        while self.tags_row.count():
            self.tags_row.takeAt(0)
        self.tag_labels = [_badge(tag) for tag in tags]
        self.tags_row.addWidget(self.tags_caption)
        self.tags_caption.setText("Tags:" if tags else "No tags")
        for label in self.tag_labels:
            self.tags_row.addWidget(label)
        self.tags_row.addStretch(1)
