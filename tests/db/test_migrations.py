"""Schema versions: every committed fixture of a released schema upgrades to the current one, and the
result is the schema a new shop gets."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from peewee import IntegrityError

from crm_desktop.db import migrations
from crm_desktop.db.database import connect, open_database

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").glob("schema_v*.db"))
V1 = Path(__file__).parent.parent / "fixtures" / "schema_v1.db"


def _fresh_signature(tmp_path) -> dict:
    db = open_database(tmp_path / "fresh.db")
    sig = migrations.schema_signature(db)
    db.close()
    return sig


def test_there_is_a_fixture_for_every_released_schema():
    # Every older schema was released, so it has a fixture; the current one gets its fixture when it is
    # released (scripts/make_schema_fixture.py), and never a version beyond it.
    versions = {int(p.stem.removeprefix("schema_v")) for p in FIXTURES}
    assert (
        set(range(1, migrations.SCHEMA_VERSION)) <= versions <= set(range(1, migrations.SCHEMA_VERSION + 1))
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_fixture_upgrades_to_current_schema(fixture, tmp_path):
    work = tmp_path / "old.db"
    shutil.copy(fixture, work)
    counts_before = _counts(work)
    db = open_database(work)
    assert migrations.user_version(db) == migrations.SCHEMA_VERSION
    upgraded = migrations.schema_signature(db)
    db.close()
    assert upgraded == _fresh_signature(tmp_path)
    after = _counts(work)
    assert {t: after[t] for t in counts_before} == counts_before, "an upgrade must keep every row"


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    tables = [
        r[0]
        for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '%fts%'")
    ]
    counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    con.close()
    return counts


@pytest.fixture
def v1_file(tmp_path):
    path = tmp_path / "shop.db"
    shutil.copy(V1, path)
    return path


def test_schema_2_adds_birthday_greetings(tmp_path):
    work = tmp_path / "old.db"
    shutil.copy(V1, work)
    db = open_database(work)
    db.execute_sql(
        "INSERT INTO birthday_greeting (customer_id, year, greeted_at, staff_id) VALUES (1, 2027, ?, 1)",
        ("2026-12-28T09:00:00+00:00",),
    )
    assert db.execute_sql("SELECT channel FROM birthday_greeting").fetchall() == [("",)]
    with pytest.raises(IntegrityError):  # one greeting per customer and celebrated year
        db.execute_sql("INSERT INTO birthday_greeting (customer_id, year, greeted_at) VALUES (1, 2027, 'x')")
    fks = db.execute_sql("PRAGMA foreign_key_list(birthday_greeting)").fetchall()
    assert sorted((f[2], f[3], f[6]) for f in fks) == [("customer", "customer_id", "CASCADE"),
                                                       ("staff", "staff_id", "SET NULL")]  # fmt: skip
    db.close()


def test_upgrade_backs_up_then_applies_steps_in_order(v1_file, monkeypatch):
    applied = []

    def step2(db):
        applied.append(2)
        db.execute_sql("ALTER TABLE customer ADD COLUMN nickname TEXT")

    def step3(db):
        applied.append(3)

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    db = connect(v1_file)
    old = migrations.migrate(db, v1_file, steps={2: step2, 3: step3})
    assert old == 1 and applied == [2, 3]
    assert migrations.user_version(db) == 3
    db.close()
    backup = v1_file.with_name("shop.schema1-backup.db")
    con = sqlite3.connect(backup)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "nickname" not in [r[1] for r in con.execute("PRAGMA table_info(customer)")]
    con.close()


def test_failing_step_rolls_back_everything(v1_file, monkeypatch):
    def step2(db):
        db.execute_sql("ALTER TABLE customer ADD COLUMN nickname TEXT")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    db = connect(v1_file)
    with pytest.raises(RuntimeError):
        migrations.migrate(db, v1_file, steps={2: step2})
    assert migrations.user_version(db) == 1
    assert "nickname" not in [r[1] for r in db.execute_sql("PRAGMA table_info(customer)").fetchall()]
    db.close()


def test_missing_step_is_an_error_not_a_silent_skip(v1_file, monkeypatch):
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    db = connect(v1_file)
    with pytest.raises(migrations.MigrationError, match="no migration step to schema 2"):
        migrations.migrate(db, v1_file, steps={})
    db.close()


def test_signature_sees_a_forgotten_column(tmp_path):
    db = open_database(tmp_path / "a.db")
    before = migrations.schema_signature(db)
    db.execute_sql("ALTER TABLE tag ADD COLUMN extra TEXT")
    assert migrations.schema_signature(db) != before
    db.close()


def test_fixture_files_are_committed_unchanged():
    # Fixtures stand for released files; regenerating one would hide a migration bug.
    for fixture in FIXTURES:
        assert hashlib.sha256(fixture.read_bytes()).hexdigest() == _KNOWN.get(fixture.name, "unknown"), (
            f"{fixture.name} changed: add a new schema version instead of rewriting a released fixture"
        )


_KNOWN: dict[str, str] = {
    "schema_v1.db": "a2820ebd15f5cdeaa9eaee08738cd5ae71ec7b335d6678b8a020f813513276c7",
    "schema_v2.db": "4b42d1dc0fd5a4a1c23f45a53087f2622c0cbdc0ffcce1cd60f51781b7bd30a5",
}
