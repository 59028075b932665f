"""Live suggestions under the header's search box: up to 8 customers from `search.search`, in a completer
popup. Down (or the mouse) picks one and Enter opens that customer; Enter with none picked still
submits the text to the Customers list. Searches run on the task runner, debounced, newest text only."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from crm_desktop.services import search
from crm_desktop.services.search import SearchHit
from crm_desktop.ui.tasks import TaskRunner

LIMIT = 8
DELAY_MS = 150
CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole
HIT_ROLE = Qt.ItemDataRole.UserRole + 1


def suggestion_text(hit: SearchHit) -> str:
    """'Ada Lovelace — +44 7911 123456 · ada@example.com'"""
    details = " · ".join(part for part in (hit.phone, hit.email) if part and part != hit.name)
    return f"{hit.name} — {details}" if details else hit.name


class SearchSuggestions(QObject):
    customer_chosen = Signal(int)
    hit_chosen = Signal(object)  # the SearchHit picked (after customer_chosen)

    def __init__(self, box: QLineEdit, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.box = box
        self.runner = runner
        self.model = QStandardItemModel(self)
        # Not box.setCompleter(): the line edit would then swallow Enter while the popup is open and
        # filter the suggestions by prefix itself. Here the search service decides what is shown.
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(LIMIT)
        self.completer.setWidget(box)
        popup = self.completer.popup()
        popup.setObjectName("search_suggestions")
        popup.setStyleSheet("#search_suggestions::item { padding: 5px 8px; }")
        self.completer.activated[QModelIndex].connect(self._activated)
        self._generation = 0
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self._search)
        box.textEdited.connect(lambda _: self._timer.start())
        box.textChanged.connect(lambda text: None if text.strip() else self.hide())
        box.returnPressed.connect(self.hide)

    @property
    def popup_visible(self) -> bool:
        return self.completer.popup().isVisible()

    def hide(self) -> None:
        """Close the popup and forget searches still under way."""
        self._timer.stop()
        self._generation += 1
        self.completer.popup().hide()

    def _search(self) -> None:
        self._generation += 1
        generation = self._generation
        text = self.box.text().strip()
        if not text:
            self.hide()
            return

        def work() -> list[SearchHit] | None:
            return search.search(text, limit=LIMIT) if generation == self._generation else None

        self.runner.run(work, on_success=lambda hits: self._show(generation, hits))

    def _show(self, generation: int, hits: list[SearchHit] | None) -> None:
        if hits is None or generation != self._generation or not self.box.hasFocus():
            return
        self.model.clear()
        for hit in hits:
            item = QStandardItem(suggestion_text(hit))
            item.setData(hit.id, CUSTOMER_ID_ROLE)
            item.setData(hit, HIT_ROLE)
            item.setToolTip(f"Open {hit.name}")
            self.model.appendRow(item)
        if not hits:
            self.completer.popup().hide()
            return
        self.completer.complete()
        self.completer.popup().setCurrentIndex(QModelIndex())  # Enter submits the text until one is picked

    def _activated(self, index: QModelIndex) -> None:
        customer_id, hit = index.data(CUSTOMER_ID_ROLE), index.data(HIT_ROLE)
        self.hide()
        if customer_id is not None:
            self.box.clear()
            self.customer_chosen.emit(int(customer_id))
            self.hit_chosen.emit(hit)
