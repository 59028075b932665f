"""Bulk writing for the demo: the cursor's `executemany` (Peewee's insert_many is ~5x slower), ids assigned
by the caller, and the customer search triggers suspended while the rows go in."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from peewee import OperationalError

from crm_desktop.db import search
from crm_desktop.db.models import database

log = logging.getLogger(__name__)

# Triggers that fire per inserted customer or tag link; the index is rebuilt once at the end instead.
SUSPENDED_TRIGGERS = (
    "customer_fts_after_insert",
    "customer_fts_after_update",
    "customer_tag_fts_after_insert",
)
# Tables whose secondary indexes are dropped during the load and built once at the end (faster than
# maintaining them row by row; the unique ones then verify card numbers and birthday occasions).
BULK_TABLES = ("customer", "purchase", "purchase_item", "loyalty_entry")
# A fresh file: a bigger page cache for the load (restored afterwards).
LOAD_CACHE_KIB = 256 * 1024


def next_id(table: str) -> int:
    return int(database.execute_sql(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"').fetchone()[0])


def suspend_search_triggers() -> None:
    """Drop the per-row search triggers; call inside the load's transaction (a rollback restores them)."""
    for name in SUSPENDED_TRIGGERS:
        database.execute_sql(f"DROP TRIGGER IF EXISTS {name}")


def restore_search_index() -> None:
    """Recreate the suspended triggers from `search.DDL` and rebuild the index from the tables."""
    for statement in search.DDL:
        words = statement.split()
        if words[1].upper() == "TRIGGER" and words[2] in SUSPENDED_TRIGGERS:
            database.execute_sql(statement)
    search.rebuild(database)


def speed_up() -> dict[str, Any]:
    """Loader settings for a fresh file, set outside any transaction; returns what `restore` puts back.

    A rollback journal instead of WAL writes each page once (WAL would copy the whole load again at the
    checkpoint) and stays crash-safe; foreign keys are not checked per row because every id comes from this
    generator (the tests run `crm-desktop check`, which runs `PRAGMA foreign_key_check`). Each setting is
    best effort: inside a caller's transaction, or with other connections open, SQLite keeps the old one.
    """
    saved = {
        pragma: database.execute_sql(f"PRAGMA {pragma}").fetchone()[0]
        for pragma in ("cache_size", "foreign_keys", "journal_mode")
    }
    database.execute_sql(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
    database.execute_sql("PRAGMA foreign_keys = OFF")
    if str(saved["journal_mode"]).lower() == "wal":
        # Leaving WAL needs the file to itself: with another connection open (the GUI's), keep WAL at once.
        timeout = database.execute_sql("PRAGMA busy_timeout").fetchone()[0]
        database.execute_sql("PRAGMA busy_timeout = 0")
        try:
            database.execute_sql("PRAGMA journal_mode = DELETE")
        except OperationalError:
            del saved["journal_mode"]
            log.info("demo: another connection is open, loading in WAL mode")
        finally:
            database.execute_sql(f"PRAGMA busy_timeout = {int(timeout)}")
    return saved


def restore(saved: dict[str, Any]) -> None:
    """Put the connection's settings back; best effort, so that it never hides the error of a failed load."""
    for pragma, value in saved.items():
        try:
            database.execute_sql(f"PRAGMA {pragma} = {value}")
        except Exception:
            log.warning("could not restore PRAGMA %s = %s", pragma, value, exc_info=True)


def drop_indexes(tables: Sequence[str]) -> list[str]:
    """Drop the secondary indexes of `tables` (inside the load's transaction); returns their CREATE text.

    Building an index once after the load is cheaper than updating it per row: measured at dataset L,
    keeping even the indexes that only grow at their end (dates, purchase ids) cost more than rebuilding them.
    """
    marks = ", ".join("?" * len(tables))
    rows = database.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name",
        tuple(tables),
    ).fetchall()
    for name, _ in rows:
        database.execute_sql(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def create_indexes(statements: Sequence[str]) -> None:
    for statement in statements:
        database.execute_sql(statement)
