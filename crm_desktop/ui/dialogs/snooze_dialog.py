"""Snooze a follow-up to a day picked on a calendar (the D key). Days up to today cannot be picked: a
snoozed follow-up moves to a later day. Enter or a double-click on a day takes it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from crm_desktop.ui.formatting import DATE_FORMAT


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class SnoozeDialog(QDialog):
    date_chosen = Signal(object)  # dt.date

    def __init__(self, title: str, today: dt.date, due: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("snooze_dialog")
        self.setWindowTitle("Snooze until")
        intro = QLabel(f"Move <b>{title.replace('<', '&lt;')}</b> to another day:")
        intro.setWordWrap(True)
        tomorrow = today + dt.timedelta(days=1)
        self.calendar = QCalendarWidget(objectName="snooze_calendar")
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setMinimumDate(_qdate(tomorrow))
        self.calendar.setSelectedDate(_qdate(max(tomorrow, due + dt.timedelta(days=1))))
        self.calendar.activated.connect(lambda _date: self.accept())
        self.chosen = QLabel(objectName="snooze_chosen")
        self.calendar.selectionChanged.connect(self._show_chosen)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Snooze")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.calendar)
        layout.addWidget(self.chosen)
        layout.addWidget(self.buttons)
        self._show_chosen()
        self.calendar.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected(self) -> dt.date:
        day = self.calendar.selectedDate()
        return dt.date(day.year(), day.month(), day.day())

    def _show_chosen(self) -> None:
        self.chosen.setText(
            f"Due again on {self.calendar.locale().toString(self.calendar.selectedDate(), DATE_FORMAT)}."
        )

    def accept(self) -> None:
        self.date_chosen.emit(self.selected())
        super().accept()
