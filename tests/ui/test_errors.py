"""Uncaught exceptions: logged with their traceback, then shown as a dialog saying what to do."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from crm_desktop.services.errors import ValidationError
from crm_desktop.ui import errors


@pytest.fixture
def shown(monkeypatch, qapp):
    """Dialogs that would have been shown, instead of blocking the test."""
    dialogs = []

    def fake_exec(self):
        dialogs.append(self)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(errors.ErrorDialog, "exec", fake_exec)
    return dialogs


def _raise_in_a_function():
    raise RuntimeError("the till printer caught fire")


def test_excepthook_logs_the_traceback_and_shows_the_dialog(shown, caplog, monkeypatch, tmp_path):
    log_file = tmp_path / "logs" / "crm-desktop.log"
    monkeypatch.setattr(errors, "log_file", lambda: log_file)
    previous = errors.install_excepthook()
    try:
        hook = sys.excepthook
        assert hook is not previous
        try:
            _raise_in_a_function()
        except RuntimeError:
            with caplog.at_level(logging.ERROR, logger="crm_desktop.errors"):
                hook(*sys.exc_info())
    finally:
        sys.excepthook = previous

    (dialog,) = shown
    assert "Something went wrong" in dialog.text()
    assert "RuntimeError: the till printer caught fire" in dialog.text()
    assert str(log_file) in dialog.informativeText()
    assert "restart" in dialog.informativeText()  # says what to do
    assert "_raise_in_a_function" in dialog.detailedText()  # details expandable
    assert "Traceback (most recent call last)" in caplog.text
    assert "_raise_in_a_function" in caplog.text


def test_an_error_inside_the_dialog_does_not_open_a_second_one(shown, monkeypatch, capsys):
    def nested(self):
        shown.append(self)
        errors.report_exception(ValueError, ValueError("again"), None)
        return 0

    monkeypatch.setattr(errors.ErrorDialog, "exec", nested)
    errors.report_exception(KeyError, KeyError("first"), None)
    assert len(shown) == 1
    assert "ValueError: again" in capsys.readouterr().err


def test_service_refusals_are_a_plain_warning(shown, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    errors.show_error(ValidationError("Email", "'x' is not an email address"))
    assert warnings == ["Email: 'x' is not an email address"]
    assert shown == []


def test_log_file_is_the_configured_rotating_file(tmp_path):
    from crm_desktop import logs

    root = logging.getLogger()
    before = list(root.handlers)
    try:
        target = logs.configure(folder=tmp_path)
        assert errors.log_file() == target
    finally:
        for handler in root.handlers[len(before) :]:
            root.removeHandler(handler)
            handler.close()


def test_void_qt_calls_and_bool_signals_keep_singleton_references(qapp):
    # PySide6 6.12.0 dropped a reference to None/True/False on each such call, aborting Python 3.11 after a few
    # thousand; pyproject.toml excludes it. This fails (or crashes) if a release with that bug is installed.
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        flagged = Signal(bool)

    emitter = Emitter()
    emitter.flagged.connect(lambda value: None)
    box = QMessageBox()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        box.setText("x")  # a void call
        box.parent()  # returns None
        emitter.flagged.emit(True)
    assert sys.getrefcount(None) > none_before - 100
    assert sys.getrefcount(True) > true_before - 100
