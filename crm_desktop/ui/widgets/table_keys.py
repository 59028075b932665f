"""Single keys for the rows of a table (Space, S, Del, Ctrl+E…), taken from `QAction`s so menus and
tooltips show the same keys.

`TableKeys(table)` watches the table: a key of one of its actions is claimed at `ShortcutOverride`, before
any window or view shortcut sees it (so Ctrl+E on a profile's follow-up edits the follow-up, not the
customer around it), and the action is triggered on the key press if it is enabled. A hidden action's keys
are left alone. Keypad Enter counts as Enter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QWidget


def native(keys: Iterable[str]) -> str:
    """'Space, Ctrl+E' as the platform writes them."""
    return ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


def make_action(parent: QObject, text: str, keys: list[str], slot: Callable[[], object], tip: str) -> QAction:
    """An action whose keys are shown in menus and in its tooltip ('Mark as done (Space)'); its shortcut
    is only live where it is added as a widget action (WidgetShortcut) — on a table, use `TableKeys`."""
    action = QAction(text, parent)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.setToolTip(f"{tip} ({native(keys)})" if keys else tip)
    action.triggered.connect(slot)
    return action


class TableKeys(QObject):
    def __init__(self, table: QAbstractItemView, actions: Iterable[QAction] = ()) -> None:
        super().__init__(table)
        self._keys: dict[str, QAction] = {}
        for action in actions:
            self.add(action)
        table.installEventFilter(self)

    def add(self, action: QAction) -> None:
        for sequence in action.shortcuts():
            self._keys[sequence.toString()] = action

    def action_for(self, event: QKeyEvent) -> QAction | None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        combination = QKeyCombination(modifiers, Qt.Key(event.key()))
        action = self._keys.get(QKeySequence(combination).toString())
        return action if action is not None and action.isVisible() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(watched, QWidget) and kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            action = self.action_for(event)  # type: ignore[arg-type]
            if action is not None:
                event.accept()
                if kind == QEvent.Type.KeyPress and action.isEnabled():
                    action.trigger()
                return True
        return super().eventFilter(watched, event)
