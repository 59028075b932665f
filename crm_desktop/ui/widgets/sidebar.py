"""The navigation sidebar: one row per view, arrow keys move between them, icons follow the palette; a row
may carry a count badge ("Follow-ups  4"), painted by `sidebar_badge.BadgeDelegate`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListWidget, QListWidgetItem, QWidget

from crm_desktop.ui import icons
from crm_desktop.ui.widgets.sidebar_badge import BADGE_ROLE, BadgeDelegate

WIDTH = 196

# palette() roles only, so light and dark mode both work.
_STYLE = """
QListWidget#sidebar { background: palette(window); border: none; outline: 0; padding: 8px 8px; }
QListWidget#sidebar::item { padding: 7px 8px; margin: 1px 0; border-radius: 6px; color: palette(window-text); }
QListWidget#sidebar::item:hover:!selected { background: palette(midlight); }
QListWidget#sidebar::item:selected { background: palette(highlight); color: palette(highlighted-text); }
"""


class Sidebar(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName("Navigation")
        self.setFixedWidth(WIDTH)
        self.setIconSize(QSize(20, 20))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setStyleSheet(_STYLE)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.setFont(font)
        self.setItemDelegate(BadgeDelegate(self))
        self._icon_names: list[str] = []
        self._keys: list[str] = []
        self._tips: list[str] = []

    def add_page(self, title: str, icon_name: str, shortcut: str, key: str = "") -> None:
        item = QListWidgetItem(icons.icon(icon_name), title)
        item.setToolTip(f"{title} ({shortcut})")
        item.setSizeHint(QSize(WIDTH - 16, 38))
        self.addItem(item)
        self._icon_names.append(icon_name)
        self._keys.append(key)
        self._tips.append(item.toolTip())

    def set_badge(self, row_or_key: int | str, count: int, what: str = "") -> None:
        """Show `count` in a pill at the right of a row (0 hides it); `what` names the count for screen
        readers and the tooltip: set_badge("followups", 4, "due") -> "Follow-ups — 4 due"."""
        row = self._keys.index(row_or_key) if isinstance(row_or_key, str) else row_or_key
        item = self.item(row)
        if item is None:
            return
        count = max(int(count), 0)
        item.setData(BADGE_ROLE, count)
        spoken = f"{item.text()} — {count} {what}".rstrip() if count else item.text()
        item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
        item.setToolTip(f"{self._tips[row]} — {count} {what}".rstrip() if count else self._tips[row])

    def badge(self, row_or_key: int | str) -> int:
        row = self._keys.index(row_or_key) if isinstance(row_or_key, str) else row_or_key
        return int(self.item(row).data(BADGE_ROLE) or 0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            for row, name in enumerate(self._icon_names):
                self.item(row).setIcon(icons.icon(name))
        super().changeEvent(event)
