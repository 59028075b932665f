"""A field that picks one customer (or none): type a name, phone, email or card and pick a suggestion
(`SearchSuggestions`, the header search's completer), or press Enter for the best match. The chosen
customer's name stays in the field; editing it, Esc or the clear button go back to none.

Used by the follow-up dialog (the customer a follow-up is for) and the Follow-ups view (show only one
customer's). `set_fixed` shows a customer that cannot be changed (a dialog opened from a profile)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from crm_desktop.services import search
from crm_desktop.services.search import SearchHit
from crm_desktop.ui import icons
from crm_desktop.ui.tasks import TaskRunner
from crm_desktop.ui.widgets.search_suggestions import SearchSuggestions

PLACEHOLDER = "Name, phone, email or card"


class CustomerPicker(QLineEdit):
    customer_changed = Signal(object)  # int | None: the customer now chosen

    def __init__(
        self, runner: TaskRunner, placeholder: str = PLACEHOLDER, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.customer_id: int | None = None
        self.customer_name = ""
        self._fixed = False
        self._request = 0
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setToolTip("Type to find a customer; pick one from the list or press Enter for the best match")
        self._icon = self.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.suggestions = SearchSuggestions(self, runner, self)
        self.suggestions.hit_chosen.connect(self._hit_chosen)
        self.textEdited.connect(self._edited)
        self.textChanged.connect(lambda text: None if text else self._set(None, ""))

    # --- state ----------------------------------------------------------------------------------------
    def set_customer(self, customer_id: int | None, name: str = "") -> None:
        """Choose a customer (None: no customer) as if picked; emits `customer_changed` on a change."""
        self._set(customer_id, name if customer_id is not None else "")
        self.setText(self.customer_name)
        self.setCursorPosition(0)

    def set_fixed(self, fixed: bool) -> None:
        """A fixed customer is shown read-only, without the clear button."""
        self._fixed = fixed
        self.setReadOnly(fixed)
        self.setClearButtonEnabled(not fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus if fixed else Qt.FocusPolicy.StrongFocus)

    def _set(self, customer_id: int | None, name: str) -> None:
        changed = customer_id != self.customer_id
        self.customer_id, self.customer_name = customer_id, name
        self._icon.setIcon(icons.icon("customers" if customer_id is not None else "search"))
        if changed:
            self.customer_changed.emit(customer_id)

    def _hit_chosen(self, hit: SearchHit | None) -> None:
        if hit is not None:
            self.set_customer(hit.id, hit.name)

    def _edited(self, text: str) -> None:
        self._request += 1  # a pending Enter lookup is overtaken by typing
        if self.customer_id is not None and text != self.customer_name:
            self._set(None, "")

    # --- keys -----------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.text() and not self._fixed:
            self.suggestions.hide()
            self.clear()
            return
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.customer_id is None and self.text().strip() and not self.suggestions.popup_visible:
            self.pick_best_match()
            return  # consumed: Enter picks here, it must not also press a dialog's default button
        super().keyPressEvent(event)

    def pick_best_match(self) -> None:
        """Choose the top search hit for the text typed (on the runner; newer typing wins)."""
        self.suggestions.hide()
        self._request += 1
        request, text = self._request, self.text().strip()

        def done(hits: list[SearchHit]) -> None:
            if request == self._request and hits:
                self.set_customer(hits[0].id, hits[0].name)

        self.runner.run(search.search, text, limit=1, on_success=done)

    def retint(self) -> None:
        self._icon.setIcon(icons.icon("customers" if self.customer_id is not None else "search"))
