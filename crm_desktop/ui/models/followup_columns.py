"""The columns of the follow-up lists (the Follow-ups view and the profile's Follow-ups tab) over
`followups.FollowUpRow`, and which `followups.SORT_KEYS` entry each column sorts by (in SQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from crm_desktop.services.followups import PRIORITIES, FollowUpRow
from crm_desktop.ui import theme
from crm_desktop.ui.formatting import Formats
from crm_desktop.ui.models.rows_model import Column

ORIGINS = {
    "winback": "Win-back rule",
    "thank_you": "Thank-you rule",
    "points_expiring": "Points-expiring rule",
    "repeat": "Repeat",
}
# (key, title, sort key or None, width); the view hides "closed" outside the Done tab
COLUMN_SPECS: tuple[tuple[str, str, str | None, int], ...] = (
    ("due", "Due", "due", 140),
    ("priority", "Priority", "priority", 75),
    ("title", "Title", "title", 320),
    ("customer", "Customer", "customer", 170),
    ("assigned", "Assigned to", "assigned", 130),
    ("repeat", "Repeat", None, 120),
    ("closed", "Completed", "completed", 200),
)
COLUMN_KEYS = tuple(spec[0] for spec in COLUMN_SPECS)
# The profile's Follow-ups tab: one customer's, open and closed together, so a status column
PROFILE_COLUMNS = ("due", "title", "priority", "assigned", "repeat", "status")
_EXTRA_SPECS = {"status": ("Status", 220)}
SORT_KEYS = tuple(spec[2] for spec in COLUMN_SPECS)


def column_index(key: str) -> int:
    return COLUMN_KEYS.index(key)


def due_text(formats: Formats, row: FollowUpRow) -> str:
    """'12 Dec 2026' or '12 Dec 2026 14:30'."""
    day = formats.date(row.due_date)
    return f"{day} {row.due_time:%H:%M}" if row.due_time is not None else day


def due_hint(row: FollowUpRow, today: dt.date) -> str:
    if row.status != "open":
        return ""
    days = (row.due_date - today).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today" + (f" at {row.due_time:%H:%M}" if row.due_time else "")
    return "Due tomorrow" if days == 1 else f"Due in {days} days"


def closed_text(formats: Formats, row: FollowUpRow) -> str:
    """'Done 12 Dec 2026 10:05 · Anna' / 'Cancelled …'; empty while open."""
    if row.status == "open":
        return ""
    when = formats.datetime(row.completed_at)
    who = f" · {row.completed_by_name}" if row.completed_by_name else ""
    return f"{row.status.capitalize()} {when}{who}".strip()


def _muted() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)


def status_text(formats: Formats, row: FollowUpRow, today: dt.date) -> str:
    if row.status == "open":
        return "Overdue" if row.due_date < today else "Open"
    return closed_text(formats, row)


def followup_columns(
    formats: Formats, today: Callable[[], dt.date], keys: tuple[str, ...] = COLUMN_KEYS
) -> list[Column[FollowUpRow]]:
    def overdue(row: FollowUpRow) -> QColor | None:
        if row.status == "open" and row.due_date < today():
            return theme.error_color(QGuiApplication.palette())
        return None

    def title_tip(row: FollowUpRow) -> str:
        parts = [row.title]
        if row.notes:
            parts.append(row.notes)
        if row.origin in ORIGINS:
            parts.append(f"Made by: {ORIGINS[row.origin]}")
        return "\n\n".join(parts)

    texts: dict[str, Callable[[FollowUpRow], str]] = {
        "due": lambda row: due_text(formats, row),
        "priority": lambda row: PRIORITIES.get(row.priority, str(row.priority)),
        "title": lambda row: row.title,
        "customer": lambda row: row.customer_name or "—",
        "assigned": lambda row: row.assigned_name,
        "repeat": lambda row: row.repeat.describe().capitalize() if row.repeat else "",
        "closed": lambda row: closed_text(formats, row),
        "status": lambda row: status_text(formats, row, today()),
    }
    tips: dict[str, Callable[[FollowUpRow], str]] = {
        "due": lambda row: due_hint(row, today()),
        "title": title_tip,
        "customer": lambda row: (
            f"{row.customer_name} — Enter opens them" if row.customer_id else "A shop task"
        ),
        "closed": lambda row: closed_text(formats, row),
    }
    specs = {key: (title, width) for key, title, _sort, width in COLUMN_SPECS} | _EXTRA_SPECS
    return [
        Column(
            specs[key][0],
            texts[key],
            specs[key][1],
            tooltip=tips.get(key),
            foreground=overdue if key in ("due", "status") else None,
        )
        for key in keys
    ]


def row_color(row: FollowUpRow) -> QColor | None:
    """Cancelled ones are greyed."""
    return _muted() if row.status == "cancelled" else None


def closed_color(row: FollowUpRow) -> QColor | None:
    """Done and cancelled ones greyed (in a list that mixes them with open ones)."""
    return _muted() if row.status != "open" else None


def row_font(row: FollowUpRow) -> QFont | None:
    if row.status == "cancelled":
        font = QFont()
        font.setStrikeOut(True)
        return font
    if row.status == "open" and row.priority >= 2:
        font = QFont()
        font.setBold(True)
        return font
    return None
