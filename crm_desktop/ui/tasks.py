"""Run service calls in the background, one at a time, and hand results back on the main thread.

    runner.run(services.stats.shop_counts, on_success=show_counts)
    runner.run_with_progress(demo.build, 500, 6000, parent=window, title="Loading demo shop",
                             on_success=refresh)

A `TaskRunner` owns a QThreadPool with a single thread, so database work is serialized (peewee gives the
worker its own connection; WAL lets the UI thread read meanwhile). The worker never touches a widget: it
emits signals of a `Task` object that lives on the main thread, and the callbacks run there.

Generator functions that yield `(done, total, label)` drive a QProgressDialog that appears only when the work
takes longer than ~500 ms; Cancel closes the generator in the worker, so a service's `db.atomic()` rolls back.
The generator's return value is passed to `on_success`; a cancelled task calls `on_cancelled` instead.

Tests build `TaskRunner(synchronous=True)` to run everything inline, or wait with `qtbot.waitUntil`.
"""

from __future__ import annotations

import inspect
import logging
import threading
import time
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500
_PROGRESS_INTERVAL_S = 0.05  # at most ~20 progress signals per second reach the event loop


Callback = Callable[..., object]
ErrorHandler = Callable[[BaseException], object]


class Task(QObject):
    """One background call. Lives on the main thread; the worker only emits its signals."""

    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    progressed = Signal(int, int, str)
    finished = Signal()  # after the callbacks ran

    def __init__(
        self,
        fn: Callable[..., Any],
        args: tuple,
        kwargs: dict,
        on_success: Callback | None,
        on_error: ErrorHandler,
        on_cancelled: Callback | None,
    ) -> None:
        super().__init__()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._on_success, self._on_error, self._on_cancel = on_success, on_error, on_cancelled
        self._cancel = threading.Event()
        self.done = False
        self.was_cancelled = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.on_progress: Callable[[int, int, str], object] | None = None
        self.progressed.connect(self._progressed)
        self.succeeded.connect(self._succeeded)
        self.failed.connect(self._failed)
        self.cancelled.connect(self._cancelled)

    def cancel(self) -> None:
        """Ask a generator task to stop at its next yield; plain functions run to the end."""
        self._cancel.set()

    # --- worker side -----------------------------------------------------------------------------------
    def perform(self) -> None:
        try:
            value = self._fn(*self._args, **self._kwargs)
            if inspect.isgenerator(value):
                value = self._drive(value)
        except _Cancelled:
            self.cancelled.emit()
        except Exception as exc:
            self.failed.emit(exc)
        else:
            self.succeeded.emit(value)

    def _drive(self, gen: Generator[tuple[int, int, str], None, Any]) -> Any:
        last = 0.0
        try:
            while True:
                if self._cancel.is_set():
                    gen.close()  # GeneratorExit at the yield: the service's transaction rolls back
                    raise _Cancelled
                try:
                    done, total, label = next(gen)
                except StopIteration as stop:
                    return stop.value
                now = time.monotonic()
                if now - last >= _PROGRESS_INTERVAL_S or done >= total:
                    last = now
                    self.progressed.emit(int(done), int(total), str(label))
        finally:
            gen.close()

    # --- main thread side ------------------------------------------------------------------------------
    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, label: str) -> None:
        if self.on_progress is not None and not self.done:
            self.on_progress(done, total, label)

    @Slot(object)
    def _succeeded(self, value: object) -> None:
        self.result, self.done = value, True
        try:
            if self._on_success is not None:
                self._on_success(value)
        finally:
            self.finished.emit()

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self.error, self.done = exc, True
        try:
            self._on_error(exc)
        finally:
            self.finished.emit()

    @Slot()
    def _cancelled(self) -> None:
        self.was_cancelled, self.done = True, True
        try:
            if self._on_cancel is not None:
                self._on_cancel()
        finally:
            self.finished.emit()


class _Cancelled(Exception):
    pass


class _Runnable(QRunnable):
    def __init__(self, task: Task, after: Callable[[], object] | None) -> None:
        super().__init__()
        self._task, self._after = task, after

    def run(self) -> None:
        try:
            self._task.perform()
        finally:
            if self._after is not None:
                try:
                    self._after()
                except Exception:
                    log.exception("task clean-up failed")


class TaskRunner(QObject):
    """The one place that starts background work. `after_job` runs on the worker after every task (the
    application passes the database's `close`, so the worker's connection never outlives its job)."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        synchronous: bool = False,
        after_job: Callable[[], object] | None = None,
        default_error_handler: ErrorHandler | None = None,
    ) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._after_job = after_job
        self._default_error = default_error_handler
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._active: set[Task] = set()

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callback | None = None,
        on_error: ErrorHandler | None = None,
        on_cancelled: Callback | None = None,
        **kwargs: Any,
    ) -> Task:
        """Call `fn(*args, **kwargs)` on the worker; callbacks run on the main thread. Without `on_error`,
        a failure goes to the default handler (the application's error dialog)."""
        task = Task(fn, args, kwargs, on_success, on_error or self._report, on_cancelled)
        return self._start(task)

    def run_with_progress(
        self,
        fn: Callable[..., Generator[tuple[int, int, str], None, Any]],
        *args: Any,
        parent: QWidget | None,
        title: str,
        on_success: Callback | None = None,
        on_error: ErrorHandler | None = None,
        on_cancelled: Callback | None = None,
        **kwargs: Any,
    ) -> Task:
        """Like `run` for a generator of `(done, total, label)`, with a progress dialog shown after
        PROGRESS_DELAY_MS whose Cancel stops the generator."""
        task = Task(fn, args, kwargs, on_success, on_error or self._report, on_cancelled)
        dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        dialog.canceled.connect(task.cancel)
        dialog.setValue(0)  # starts the delay timer
        task.progress_dialog = dialog
        task.on_progress = lambda done, total, label: _show_progress(dialog, done, total, label)

        def close_dialog() -> None:
            dialog.canceled.disconnect(task.cancel)  # closing a QProgressDialog emits canceled
            dialog.close()
            dialog.deleteLater()

        task.finished.connect(close_dialog)
        return self._start(task)

    def _start(self, task: Task) -> Task:
        self._active.add(task)
        task.finished.connect(lambda: self._active.discard(task))
        runnable = _Runnable(task, self._after_job)
        if self.synchronous:
            runnable.run()
        else:
            self._pool.start(runnable)
        return task

    def _report(self, exc: BaseException) -> None:
        if self._default_error is not None:
            self._default_error(exc)
        else:
            log.error("background task failed", exc_info=exc)

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel what can be cancelled and wait for the worker; True when it finished in time."""
        for task in list(self._active):
            task.cancel()
        self._pool.clear()
        return self._pool.waitForDone(timeout_ms)


def _show_progress(dialog: QProgressDialog, done: int, total: int, label: str) -> None:
    if dialog.maximum() != max(total, 0):
        dialog.setMaximum(max(total, 0))
    if label:
        dialog.setLabelText(label)
    dialog.setValue(min(done, total) if total > 0 else 0)
