"""Per-machine UI state (window geometry, last view, first-run answers) in one QSettings file.

Every key is declared here once with its typed default; widgets read and write through `UiSettings`, never
through inline `QSettings()` calls. Shop data that must travel with backups lives in the database instead
(`services/settings.py`).

The file is `<config dir>/ui.ini` (platformdirs), so tests that point XDG_CONFIG_HOME elsewhere get their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from crm_desktop import paths

T = TypeVar("T", bool, int, str, bytes)

FILENAME = "ui.ini"


@dataclass(frozen=True)
class Key(Generic[T]):
    name: str
    default: T


MAIN_WINDOW_GEOMETRY = Key("main_window/geometry", b"")
MAIN_WINDOW_STATE = Key("main_window/state", b"")
MAIN_WINDOW_VIEW = Key("main_window/view", "today")
SETTINGS_SECTION = Key("settings_view/section", 0)
DEMO_OFFERED = Key("first_run/demo_offered", False)
# Customers view: column keys of ui/models/customer_table_model.COLUMNS, comma-separated
CUSTOMERS_COLUMN_ORDER = Key("customers_view/column_order", "")  # visual order; "" = as declared
CUSTOMERS_HIDDEN_COLUMNS = Key("customers_view/hidden_columns", "")
CUSTOMERS_COLUMN_WIDTHS = Key("customers_view/column_widths", "")  # "name=210,phone=150"
CUSTOMERS_SORT = Key("customers_view/sort", "name")  # a services.customer_list.SORT_KEYS entry
CUSTOMERS_SORT_DESCENDING = Key("customers_view/sort_descending", False)
WALK_IN_PAYMENT_METHOD = Key("walk_in/payment_method", "cash")  # the last one used at this till
WALK_IN_GEOMETRY = Key("walk_in/geometry", b"")
TODAY_BIRTHDAY_WINDOW = Key("today_view/birthday_window", "week")  # today_birthdays.WINDOWS key
TODAY_GREETING_TEMPLATE = Key("today_view/greeting_template", "")  # the template name last chosen


def default_path() -> Path:
    return paths.config_dir() / FILENAME


class UiSettings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, key: Key[T]) -> T:
        raw = self._qs.value(key.name)
        if raw is None:
            return key.default
        default = key.default
        try:
            if isinstance(default, bool):
                return raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1")  # type: ignore[return-value]
            if isinstance(default, int):
                return int(raw)  # type: ignore[return-value]
            if isinstance(default, bytes):
                return bytes(raw.data()) if isinstance(raw, QByteArray) else default  # type: ignore[return-value]
            return str(raw)  # type: ignore[return-value]
        except (TypeError, ValueError):
            return default

    def set(self, key: Key[T], value: T) -> None:
        self._qs.setValue(key.name, QByteArray(value) if isinstance(value, bytes) else value)

    def sync(self) -> None:
        self._qs.sync()
