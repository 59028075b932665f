"""A birthday as day + month with an optional year ("no year" is common; 29 February is fine).

Day and year are spin boxes whose lowest value means "not given"; the month is a combo (type a letter to
jump). The service validates the combination (`customers.validate`); this widget only collects it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

NO_YEAR = 1899  # the year spin box's "not given" value, below the service's minimum of 1900


class BirthdayEdit(QWidget):
    changed = Signal()

    def __init__(self, locale: QLocale | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        locale = locale or QLocale()
        self.day = QSpinBox(objectName="birth_day")
        self.day.setRange(0, 31)
        self.day.setSpecialValueText("Day")
        self.day.setAccessibleName("Birthday: day")
        self.day.setToolTip("Day of the birthday (empty: not known)")
        self.month = QComboBox(objectName="birth_month")
        self.month.setAccessibleName("Birthday: month")
        self.month.addItem("Month", None)
        for number in range(1, 13):
            self.month.addItem(locale.standaloneMonthName(number, QLocale.FormatType.LongFormat), number)
        self.year = QSpinBox(objectName="birth_year")
        self.year.setRange(NO_YEAR, dt.date.today().year)
        self.year.setSpecialValueText("No year")
        self.year.setAccessibleName("Birthday: year (optional)")
        self.year.setToolTip("Year of birth, if the customer gives it (the age is shown only then)")
        self.year.setGroupSeparatorShown(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.day)
        layout.addWidget(self.month, 1)
        layout.addWidget(self.year)
        self.setFocusProxy(self.day)
        self.day.valueChanged.connect(self.changed)
        self.month.currentIndexChanged.connect(self.changed)
        self.year.valueChanged.connect(self.changed)

    def value(self) -> tuple[int | None, int | None, int | None]:
        """(day, month, year), each None when not given."""
        day = self.day.value() or None
        month = self.month.currentData()
        year = self.year.value() if self.year.value() != NO_YEAR else None
        return day, month, year

    def set_value(self, day: int | None, month: int | None, year: int | None) -> None:
        self.day.setValue(day or 0)
        self.month.setCurrentIndex(month or 0)
        if year is not None and year > self.year.maximum():
            self.year.setMaximum(year)
        self.year.setValue(year if year is not None else NO_YEAR)
