"""What the demo's row generators hand to the writer: batches of rows for one table, and progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FirstIds = dict[str, int]  # table -> the first id the demo may use there


@dataclass(frozen=True)
class Batch:
    """Rows for `executemany`: inserted, or with `key` set, an UPDATE of `columns` matched on `key`."""

    table: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    key: str | None = None

    @property
    def sql(self) -> str:
        if self.key:
            sets = ", ".join(f'"{c}" = ?' for c in self.columns)
            return f'UPDATE "{self.table}" SET {sets} WHERE "{self.key}" = ?'
        names = ", ".join(f'"{c}"' for c in self.columns)
        return f'INSERT INTO "{self.table}" ({names}) VALUES ({", ".join("?" * len(self.columns))})'


@dataclass(frozen=True)
class Step:
    """Progress: `done` units of the build's total, and what is being made."""

    done: int
    label: str
