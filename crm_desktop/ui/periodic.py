"""Something the open app checks by itself: once a little after start-up (off the path to the first window),
then every few minutes. Subclasses say what `check` does; tests fire `timer.timeout` themselves."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer


class PeriodicCheck(QObject):
    def __init__(self, first_delay_ms: int, check_interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.first_timer = QTimer(self, singleShot=True, interval=first_delay_ms)
        self.first_timer.timeout.connect(self.check)
        self.timer = QTimer(self, interval=check_interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.first_timer.start()
        self.timer.start()

    def stop(self) -> None:
        self.first_timer.stop()
        self.timer.stop()

    def check(self) -> None:
        raise NotImplementedError
