"""Schema versions. A new file gets the current schema from the models; an older file climbs the ladder.

`PRAGMA user_version` holds the schema version and `PRAGMA application_id` marks the file as ours. To change
the schema: edit the models, bump SCHEMA_VERSION, add `STEPS[n]` that turns version n-1 into n, and commit a
fixture of version n-1 under tests/fixtures/ (the tests upgrade every fixture and compare it with a freshly
created schema).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from peewee import Database

from crm_desktop.db import search
from crm_desktop.db.models import MODELS

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
APPLICATION_ID = 0x43524D44  # "CRMD"


def _step2(db: Database) -> None:
    """Schema 2 (issue 5): birthday greetings, one row per customer and celebrated year; an index for the
    points-expiring sums. Written out as SQL so the step stays what schema 2 was, whatever the models become
    later."""
    db.execute_sql(
        """CREATE TABLE "birthday_greeting" ("customer_id" INTEGER NOT NULL, "year" INTEGER NOT NULL,
            "greeted_at" DATETIME NOT NULL, "staff_id" INTEGER, "channel" VARCHAR(255) NOT NULL DEFAULT '',
            PRIMARY KEY ("customer_id", "year"),
            FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE,
            FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE SET NULL)"""
    )
    db.execute_sql('CREATE INDEX "birthday_greeting_staff_id" ON "birthday_greeting" ("staff_id")')
    db.execute_sql(
        'CREATE INDEX "loyalty_entry_customer_id_expires_on_points" ON "loyalty_entry" '
        '("customer_id", "expires_on", "points")'
    )


# STEPS[n] upgrades a version n-1 database to version n, inside the migration's transaction.
STEPS: dict[int, Callable[[Database], None]] = {2: _step2}

LEDGER_GUARDS: tuple[str, ...] = (
    # The points ledger is append-only: only a merge may move entries to the surviving customer.
    """CREATE TRIGGER loyalty_entry_append_only
        BEFORE UPDATE OF kind, points, balance_after, reason, purchase_id, staff_id, created_at,
            expires_on, occasion ON loyalty_entry
        BEGIN SELECT RAISE(ABORT, 'the loyalty ledger is append-only'); END""",
    """CREATE TRIGGER loyalty_entry_no_delete BEFORE DELETE ON loyalty_entry
        BEGIN SELECT RAISE(ABORT, 'the loyalty ledger is append-only'); END""",
    """CREATE TRIGGER audit_entry_append_only BEFORE UPDATE ON audit_entry
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
)


class MigrationError(Exception):
    pass


def user_version(db: Database) -> int:
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def _is_empty(db: Database) -> bool:
    return db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def create_schema(db: Database) -> None:
    """The current schema, from the models, in one transaction."""
    with db.atomic():
        db.create_tables(MODELS)
        search.create(db)
        for statement in LEDGER_GUARDS:
            db.execute_sql(statement)
        db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def backup_copy(db: Database, target: Path) -> Path:
    """A consistent copy of the open database through SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    dest = sqlite3.connect(target)
    try:
        db.connection().backup(dest)
    finally:
        dest.close()
    return target


def migrate(
    db: Database, path: Path | None = None, steps: dict[int, Callable[[Database], None]] | None = None
) -> int:
    """Bring the database to SCHEMA_VERSION; returns the version it had. Backs up before any upgrade."""
    steps = STEPS if steps is None else steps
    current = user_version(db)
    if current == SCHEMA_VERSION:
        return current
    if current == 0 and _is_empty(db):
        create_schema(db)
        return 0
    if current > SCHEMA_VERSION:
        raise MigrationError(f"schema {current} is newer than this app's {SCHEMA_VERSION}")
    missing = [v for v in range(current + 1, SCHEMA_VERSION + 1) if v not in steps]
    if missing:
        raise MigrationError(f"no migration step to schema {missing[0]}")
    if path is not None:
        copy = backup_copy(db, path.with_name(f"{path.stem}.schema{current}-backup{path.suffix or '.db'}"))
        log.info("backed up schema %s database to %s before upgrading", current, copy)
    with db.atomic():
        for version in range(current + 1, SCHEMA_VERSION + 1):
            log.info("migrating schema %s -> %s", version - 1, version)
            steps[version](db)
            db.execute_sql(f"PRAGMA user_version = {version}")
    return current


def schema_signature(db: Database) -> dict[str, object]:
    """A comparable description of the schema (columns, keys, indexes, triggers), independent of how the
    tables were created: a migrated file and a fresh one must have equal signatures."""
    sig: dict[str, object] = {}
    rows = db.execute_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    for kind, name, _table, sql in rows:
        if kind == "table":
            if sql and sql.upper().startswith("CREATE VIRTUAL TABLE"):
                sig[f"vtable:{name}"] = " ".join(sql.split())
                continue
            if name.startswith(f"{search.FTS_TABLE}_"):
                continue  # FTS5 shadow tables follow from the virtual table
            cols = db.execute_sql(f'PRAGMA table_info("{name}")').fetchall()
            fks = db.execute_sql(f'PRAGMA foreign_key_list("{name}")').fetchall()
            sig[f"table:{name}"] = {
                "columns": sorted((c[1], c[2].upper(), c[3], c[4], c[5]) for c in cols),
                "foreign_keys": sorted((f[2], f[3], f[4], f[5], f[6]) for f in fks),
                "checks": sorted(_checks(sql or "")),
            }
        elif kind == "index":
            info = db.execute_sql(f'PRAGMA index_info("{name}")').fetchall()
            unique = db.execute_sql(f'PRAGMA index_list("{_table}")').fetchall()
            is_unique = next((r[2] for r in unique if r[1] == name), 0)
            where = sql.upper().split(" WHERE ", 1)[1] if sql and " WHERE " in sql.upper() else ""
            sig[f"index:{name}"] = (_table, tuple(c[2] for c in info), is_unique, " ".join(where.split()))
        elif kind == "trigger":
            sig[f"trigger:{name}"] = " ".join((sql or "").split())
    return sig


def _checks(sql: str) -> list[str]:
    out, depth, start = [], 0, -1
    upper = sql.upper()
    i = upper.find("CHECK")
    while i != -1:
        j = sql.index("(", i)
        depth, k = 0, j
        while k < len(sql):
            depth += {"(": 1, ")": -1}.get(sql[k], 0)
            if depth == 0:
                break
            k += 1
        out.append(" ".join(sql[j : k + 1].split()))
        i = upper.find("CHECK", k)
    del start
    return out
