"""`check` finds each kind of planted inconsistency, and the CLI reports it with exit code 1."""

from __future__ import annotations

import pytest

from crm_desktop.app import main
from crm_desktop.db.database import open_database
from crm_desktop.db.models import database
from crm_desktop.db.search import FTS_TABLE
from crm_desktop.services import demo
from crm_desktop.services.integrity import recompute_customer_stats, run_check


@pytest.fixture
def shop(db, clock):
    for _ in demo.build(40, 300, clock=clock):
        pass
    return db


def busiest_customer() -> int:
    return database.execute_sql("SELECT id FROM customer ORDER BY visits DESC, id LIMIT 1").fetchone()[0]


def check_cli(path, capsys) -> tuple[int, str]:
    code = main(["check", "--db", str(path)])
    return code, capsys.readouterr().out


def test_a_demo_shop_is_clean(shop, db_path, capsys):
    assert run_check().problems == []
    code, out = check_cli(db_path, capsys)
    assert code == 0 and out.startswith("ok:")


def test_tampered_balance_is_reported(shop, db_path, capsys):
    cid = busiest_customer()
    database.execute_sql("UPDATE customer SET points_balance = points_balance + 7 WHERE id = ?", (cid,))
    problems = run_check().problems
    assert len(problems) == 1 and problems[0].startswith("points:") and f"customer {cid}:" in problems[0]
    code, out = check_cli(db_path, capsys)
    assert code == 1 and "cached balance differs from the ledger" in out and "1 problem(s)" in out


def test_tampered_visits_are_reported_and_recomputed(shop, db_path, capsys):
    cid = busiest_customer()
    database.execute_sql("UPDATE customer SET visits = visits + 1 WHERE id = ?", (cid,))
    problems = run_check().problems
    assert len(problems) == 1 and problems[0].startswith("stats:") and str(cid) in problems[0]
    code, out = check_cli(db_path, capsys)
    assert code == 1 and "stats:" in out
    reopened = open_database(db_path)  # the CLI bound the models to its own, now closed, connection
    assert recompute_customer_stats() >= 1
    assert run_check().ok
    reopened.close()


def test_missing_search_row_is_reported(shop, db_path, capsys):
    database.execute_sql(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?", (busiest_customer(),))
    problems = run_check().problems
    assert problems == ["search: 39 index rows for 40 customers"]
    code, out = check_cli(db_path, capsys)
    assert code == 1 and "search:" in out


def test_broken_foreign_key_is_reported(shop, db_path, capsys):
    database.execute_sql("PRAGMA foreign_keys = OFF")
    database.execute_sql(
        "INSERT INTO purchase (customer_id, occurred_at, business_date, total_cents) "
        "VALUES (999999, '2026-06-01T10:00:00+00:00', '2026-06-01', 500)"
    )
    database.execute_sql("PRAGMA foreign_keys = ON")
    problems = run_check().problems
    assert len(problems) == 1 and problems[0].startswith("foreign key: purchase row")
    assert "missing customer" in problems[0]
    code, out = check_cli(db_path, capsys)
    assert code == 1 and "foreign key:" in out
