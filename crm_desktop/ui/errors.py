"""How errors reach the person at the counter: a dialog that says what happened and what to do, with the
technical details (traceback) one click away and always in the log file.

`install_excepthook()` routes every uncaught exception (including those raised in Qt slots) here.
Refusals from the shop's rules (`ServiceError`) are expected: they get a plain warning, no traceback.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from crm_desktop import APP_TITLE, logs, paths

log = logging.getLogger("crm_desktop.errors")


def log_file() -> Path:
    """The rotating file `logs.configure()` set up on the root logger, or where it would be."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    return paths.log_dir() / logs.LOG_FILENAME


class ErrorDialog(QMessageBox):
    """An unexpected error: what happened, what to do next, and the traceback under "Show Details"."""

    def __init__(self, summary: str, details: str, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error_dialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(f"{APP_TITLE} — unexpected error")
        self.setText(f"<b>Something went wrong.</b><br>{_escape(summary)}")
        self.setInformativeText(
            "What you were doing may not have finished: check it, then carry on. Your saved data is not "
            "affected. If this keeps happening, restart the app and send the log file to your support "
            f"contact:<br><code>{_escape(str(log_path))}</code>"
        )
        self.setDetailedText(details)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _summary(exc: BaseException) -> str:
    message = str(exc).strip() or "(no message)"
    return f"{type(exc).__name__}: {message}"


def show_error(exc: BaseException, parent: QWidget | None = None) -> None:
    """Log `exc` with its traceback and tell the user; used for errors from background tasks too."""
    from crm_desktop.services.errors import ServiceError

    if isinstance(exc, ServiceError):
        log.info("refused: %s", exc)
        QMessageBox.warning(parent or _active_window(), APP_TITLE, str(exc))
        return
    report_exception(type(exc), exc, exc.__traceback__, parent)


_showing = False


def report_exception(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    parent: QWidget | None = None,
) -> None:
    """The excepthook body: log with traceback, then show one ErrorDialog (never a cascade of them)."""
    global _showing
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("uncaught exception\n%s", details.rstrip())
    if _showing or QApplication.instance() is None:
        sys.stderr.write(details)
        return
    _showing = True
    try:
        ErrorDialog(_summary(exc), details, log_file(), parent or _active_window()).exec()
    finally:
        _showing = False


def _active_window() -> QWidget | None:
    return QApplication.activeWindow()


Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_excepthook() -> Hook:
    """Route uncaught exceptions to `report_exception`; returns the previous hook. Ctrl+C still quits."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        report_exception(exc_type, exc, tb)

    sys.excepthook = hook
    return previous
