"""Opening databases: pragmas on, and every refusal leaves the file exactly as it was."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from crm_desktop.db import migrations
from crm_desktop.db.database import DatabaseOpenError, open_database


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_created_with_pragmas_and_version(tmp_path):
    path = tmp_path / "nested" / "folder" / "shop.db"
    db = open_database(path)
    assert path.exists()
    pragma = lambda name: db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 1
    assert pragma("busy_timeout") == 5000
    assert pragma("user_version") == migrations.SCHEMA_VERSION
    assert pragma("application_id") == migrations.APPLICATION_ID
    db.close()


def test_reopening_keeps_data(db_path, session):
    from crm_desktop.db.models import Tag, database

    Tag.create(name="VIP")
    database.close()
    open_database(db_path)
    assert [t.name for t in Tag.select()] == ["VIP"]


def test_not_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("name,phone\nAna,123\n")
    before = _digest(path)
    with pytest.raises(DatabaseOpenError, match="not a CRM Desktop database"):
        open_database(path)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_other_programs_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "places.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT)")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(DatabaseOpenError, match="another program"):
        open_database(path)
    assert _digest(path) == before


def test_newer_schema_is_refused_untouched(db_path):
    db = open_database(db_path)
    db.execute_sql(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = _digest(db_path)
    with pytest.raises(DatabaseOpenError, match="newer CRM Desktop"):
        open_database(db_path)
    assert _digest(db_path) == before


def test_folder_path_is_refused(tmp_path):
    with pytest.raises(DatabaseOpenError, match="is a folder"):
        open_database(tmp_path)


def test_uncreatable_folder_is_refused(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(DatabaseOpenError, match="Cannot create the folder"):
        open_database(blocker / "sub" / "shop.db")


def test_unwritable_folder_is_refused(tmp_path, monkeypatch):
    # Tests may run as root, which ignores permission bits: simulate the read-only folder instead.
    import crm_desktop.db.database as database_module

    monkeypatch.setattr(database_module.os, "access", lambda p, mode: mode != database_module.os.W_OK)
    with pytest.raises(DatabaseOpenError, match="not writable"):
        open_database(tmp_path / "shop.db")
    assert not (tmp_path / "shop.db").exists()


def test_read_only_file_is_refused_untouched(db_path, monkeypatch):
    open_database(db_path).close()
    before = _digest(db_path)
    import crm_desktop.db.database as database_module

    monkeypatch.setattr(database_module.os, "access", lambda p, mode: mode != database_module.os.W_OK)
    with pytest.raises(DatabaseOpenError, match="read-only"):
        open_database(db_path)
    assert _digest(db_path) == before


def test_empty_file_becomes_a_new_shop(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    db = open_database(path)
    assert db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    db.close()
