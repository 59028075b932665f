"""The shape every small form dialog shares: fields, a message line, Save (Enter, Ctrl+S, Ctrl+Enter) and
Cancel (Esc).

`submit(fn, *args, on_saved=...)` runs one service write on the task runner. A `ValidationError` is shown on
the message line in the words of the field it names, and that field gets the focus; any other refusal
(`ServiceError`) is shown there too; anything unexpected goes to the error dialog. Nothing is saved then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from crm_desktop.services.errors import ServiceError, ValidationError
from crm_desktop.ui import errors, theme
from crm_desktop.ui.context import UiContext


def describe(error: ValidationError) -> str:
    """'Email: 'x' is not an email address.' / 'Title is too long (…).'"""
    message = error.message.rstrip(".")
    if message.split(" ", 1)[0] in ("is", "are", "must", "should", "cannot", "has"):
        return f"{error.field} {message}."
    return f"{error.field}: {message}."


class FormDialog(QDialog):
    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.message = QLabel(objectName="dialog_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save (Ctrl+S or Enter)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip("Close without saving (Esc)")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):  # Ctrl+Enter also saves from a text box
            QShortcut(QKeySequence(keys), self, activated=self.save)
        self.fields: dict[str, QWidget] = {}  # ValidationError.field -> the widget to focus
        self.busy = False

    # --- to override ---------------------------------------------------------------------------------
    def save(self) -> None:
        raise NotImplementedError

    # --- helpers -------------------------------------------------------------------------------------
    def submit(self, fn: Callable[..., Any], *args: Any, on_saved: Callable[[Any], object]) -> None:
        """Run the write `fn(*args)` in the background; `on_saved(result)` afterwards on this thread."""
        if self.busy:
            return
        self.busy = True
        self.save_button.setEnabled(False)
        self.show_message("")

        def done(result: Any) -> None:
            self._idle()
            on_saved(result)

        self.ctx.runner.run(fn, *args, on_success=done, on_error=self.show_failure)

    def _idle(self) -> None:
        self.busy = False
        self.save_button.setEnabled(True)

    def show_failure(self, exc: BaseException) -> None:
        self._idle()
        if isinstance(exc, ValidationError):
            self.show_message(describe(exc), error=True)
            self.focus_field(exc.field)
        elif isinstance(exc, ServiceError):
            self.show_message(str(exc), error=True)
        else:
            errors.show_error(exc, self)

    def show_message(self, text: str, *, error: bool = False) -> None:
        palette = self.message.palette()
        color = theme.error_color(palette) if error else self.palette().color(QPalette.ColorRole.WindowText)
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.message.setPalette(palette)
        self.message.setProperty("error", error)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def focus_field(self, field: str) -> None:
        widget = self.fields.get(field)
        if widget is None:
            return
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, (QLineEdit, QAbstractSpinBox)):
            widget.selectAll()
