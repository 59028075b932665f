"""The background task helper: results and errors come back on the main thread, cancel closes the
generator (so the service's transaction rolls back), and the progress dialog waits before appearing."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from crm_desktop.db.models import Tag, database
from crm_desktop.ui import tasks
from crm_desktop.ui.tasks import TaskRunner


def test_success_callback_runs_on_the_main_thread_with_the_result(qtbot, threaded_runner):
    seen = {}

    def work(a, b):
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        return a + b

    def done(value):
        seen["value"], seen["main"] = value, threading.current_thread() is threading.main_thread()

    task = threaded_runner.run(work, 2, b=3, on_success=done)
    qtbot.waitUntil(lambda: task.done)
    assert seen == {"worker": True, "value": 5, "main": True}
    assert task.result == 5 and task.error is None


def test_error_callback_gets_the_exception_on_the_main_thread(qtbot, threaded_runner):
    errors = []

    def fail():
        raise ValueError("no such customer")

    task = threaded_runner.run(fail, on_error=lambda exc: errors.append((exc, threading.current_thread())))
    qtbot.waitUntil(lambda: task.done)
    ((exc, thread),) = errors
    assert isinstance(exc, ValueError) and str(exc) == "no such customer"
    assert thread is threading.main_thread()
    assert exc.__traceback__ is not None  # the dialog and the log can show where it happened


def test_without_on_error_the_default_handler_reports(qtbot):
    reported = []
    runner = TaskRunner(default_error_handler=reported.append)
    task = runner.run(lambda: 1 / 0)
    qtbot.waitUntil(lambda: task.done)
    assert isinstance(reported[0], ZeroDivisionError)
    assert runner.shutdown(5000)


def test_tasks_run_one_at_a_time(qtbot, threaded_runner):
    running, overlaps, lock = [], [], threading.Lock()

    def work(n):
        with lock:
            running.append(n)
            overlaps.append(len(running))
        threading.Event().wait(0.02)
        with lock:
            running.remove(n)

    started = [threaded_runner.run(work, n) for n in range(4)]
    qtbot.waitUntil(lambda: all(t.done for t in started))
    assert overlaps == [1, 1, 1, 1]


def test_generator_reports_progress_and_returns_its_value(qtbot, threaded_runner):
    def steps():
        for i in range(3):
            yield i + 1, 3, f"step {i + 1}"
        return "built"

    results = []
    task = threaded_runner.run_with_progress(steps, parent=None, title="Working", on_success=results.append)
    qtbot.waitUntil(lambda: task.done)
    assert results == ["built"]


def test_cancel_closes_the_generator_and_the_transaction_rolls_back(qtbot, db, threaded_runner):
    started, closed, cancelled, succeeded = threading.Event(), [], [], []

    def build():
        try:
            with database.atomic():
                Tag.create(name="half-done")
                n = 0
                while True:  # runs until cancelled
                    n += 1
                    started.set()
                    threading.Event().wait(0.005)
                    yield n, 1000, "working"
        finally:
            closed.append(True)

    task = threaded_runner.run_with_progress(
        build,
        parent=None,
        title="Loading",
        on_success=succeeded.append,
        on_cancelled=lambda: cancelled.append(True),
    )
    assert started.wait(5)
    dialog = task.progress_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: task.done)
    assert closed == [True] and cancelled == [True] and succeeded == []
    assert task.was_cancelled
    assert Tag.select().count() == 0


def test_progress_dialog_waits_before_showing(qtbot, threaded_runner, monkeypatch):
    release = threading.Event()

    def slow():
        yield 0, 2, "first"
        release.wait(5)
        yield 2, 2, "done"

    task = threaded_runner.run_with_progress(slow, parent=None, title="Slow work")
    dialog = task.progress_dialog
    assert not dialog.isVisible()  # nothing flashes up for quick work
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert dialog.labelText() == "first"
    assert dialog.minimumDuration() == tasks.PROGRESS_DELAY_MS
    release.set()
    qtbot.waitUntil(lambda: task.done)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # closed and deleted


def test_synchronous_runner_delivers_before_returning(qapp):
    runner = TaskRunner(synchronous=True)
    got = []
    runner.run(lambda: "now", on_success=got.append)
    assert got == ["now"]
    runner.run(lambda: [][1], on_error=got.append)
    assert isinstance(got[1], IndexError)


@pytest.mark.parametrize("synchronous", [True, False])
def test_after_job_runs_on_the_worker_after_each_task(qtbot, synchronous):
    threads = []
    runner = TaskRunner(synchronous=synchronous, after_job=lambda: threads.append(threading.current_thread()))
    task = runner.run(lambda: None)
    qtbot.waitUntil(lambda: task.done)
    assert len(threads) == 1
    assert (threads[0] is threading.main_thread()) == synchronous
    assert runner.shutdown(5000)
