"""Opening the shop database: checks that never touch a file they refuse, pragmas, then migrations."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from crm_desktop.db import migrations
from crm_desktop.db.models import database as proxy

SQLITE_HEADER = b"SQLite format 3\x00"

PRAGMAS: dict[str, object] = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 1,  # NORMAL: safe with WAL; backups and restores switch to FULL
    "busy_timeout": 5000,
    "cache_size": -32000,  # 32 MiB
    "temp_store": "memory",
}


class DatabaseOpenError(Exception):
    """A database that cannot be opened; the message is written for the shop owner."""


def preflight(path: Path) -> None:
    """Refuse, without writing anything, a path that cannot hold a shop database of this app version."""
    if path.exists():
        if not path.is_file():
            raise DatabaseOpenError(f"{path} is a folder, not a database file.")
        if not os.access(path, os.R_OK):
            raise DatabaseOpenError(f"{path} cannot be read: check the file's permissions.")
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise DatabaseOpenError(f"{path} is not a CRM Desktop database (it is not an SQLite file).")
        if header:
            _check_existing(path)
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise DatabaseOpenError(
                f"{path} is read-only: CRM Desktop needs write access to the file and its folder."
            )
    else:
        folder = path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseOpenError(f"Cannot create the folder {folder}: {exc.strerror}.") from None
        if not os.access(folder, os.W_OK):
            raise DatabaseOpenError(f"The folder {folder} is not writable: choose another place with --db.")


def _check_existing(path: Path) -> None:
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(f"{path} is damaged or not a database ({exc}).") from None
    if app_id != migrations.APPLICATION_ID and (app_id != 0 or tables):
        raise DatabaseOpenError(f"{path} is an SQLite file of another program, not a CRM Desktop database.")
    if version > migrations.SCHEMA_VERSION:
        raise DatabaseOpenError(
            f"{path} was written by a newer CRM Desktop (schema {version}; this version knows up to "
            f"{migrations.SCHEMA_VERSION}). Update CRM Desktop to open it."
        )


def connect(path: Path | str) -> SqliteDatabase:
    """A connection with the app's pragmas, bound to the models, with no checks: for tools and tests."""
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, timeout=5)
    proxy.initialize(db)
    db.connect(reuse_if_open=True)
    return db


def open_database(path: Path | str, *, migrate: bool = True) -> SqliteDatabase:
    """Open (creating if needed) and upgrade the shop database at `path`."""
    path = Path(path)
    preflight(path)
    try:
        db = connect(path)
        if migrate:
            migrations.migrate(db, path)
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(f"Cannot open {path}: {exc}.") from None
    return db
