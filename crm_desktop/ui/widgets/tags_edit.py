"""Tags as a comma-separated line: the word being typed completes from the shop's tags (any tag not in
the list is created when the form is saved)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

_POPUP_KEYS = (Qt.Key.Key_Enter, Qt.Key.Key_Return, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def split_tags(text: str) -> tuple[str, ...]:
    """'vip, Student,,vip ' -> ('vip', 'Student'): trimmed, empty ones dropped, first spelling kept."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag:
            seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())


class TagsEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("e.g. VIP, wholesale — separate with commas")
        self._known: list[str] = []
        self._model = QStringListModel(self)
        self.tag_completer = QCompleter(self._model, self)
        self.tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tag_completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.tag_completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.tag_completer.setWidget(self)
        self.tag_completer.activated[str].connect(self.insert_completion)
        self.textEdited.connect(self._suggest)

    def set_known_tags(self, tags: Iterable[str]) -> None:
        self._known = list(tags)

    def tags(self) -> tuple[str, ...]:
        return split_tags(self.text())

    def set_tags(self, tags: Iterable[str]) -> None:
        self.setText(", ".join(tags))

    def _word_start(self) -> int:
        return self.text().rfind(",", 0, self.cursorPosition()) + 1

    def current_word(self) -> str:
        return self.text()[self._word_start() : self.cursorPosition()].strip()

    def _suggest(self) -> None:
        word = self.current_word()
        popup = self.tag_completer.popup()
        if not word:
            popup.hide()
            return
        taken = {t.casefold() for t in self.tags()} - {word.casefold()}
        self._model.setStringList([t for t in self._known if t.casefold() not in taken])
        self.tag_completer.setCompletionPrefix(word)
        if self.tag_completer.completionCount() == 0:
            popup.hide()
            return
        popup.setCurrentIndex(self.tag_completer.completionModel().index(0, 0))
        self.tag_completer.complete()

    def insert_completion(self, tag: str) -> None:
        """Replace the word being typed with `tag`, followed by ', ' for the next one."""
        text, start, end = self.text(), self._word_start(), self.cursorPosition()
        rest = text[end:]
        before = text[:start]
        lead = " " if before and not before.endswith(" ") else ""
        new = f"{before}{lead}{tag}, "
        self.setText(new + rest.lstrip(", "))
        self.setCursorPosition(len(new))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.tag_completer.popup().isVisible() and event.key() in _POPUP_KEYS:
            event.ignore()  # the completer's popup takes these
            return
        super().keyPressEvent(event)
