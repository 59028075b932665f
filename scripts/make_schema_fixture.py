"""Write tests/fixtures/schema_v<N>.db: a small shop in the current schema, kept as the record of a
released schema so the tests can upgrade it forever after. Run once per schema version, then commit it
and its sha256 in tests/db/test_migrations.py; never regenerate a released one."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from crm_desktop.db import migrations
from crm_desktop.db.database import open_database

ROWS = [
    "INSERT INTO staff(id, name, role, active, created_at) VALUES (1, 'Owner', 'owner', 1, '2026-01-02T09:00:00+00:00')",
    """INSERT INTO customer(id, first_name, last_name, sort_name, email, phone, phone_e164, phone_search,
        birth_month, birth_day, birth_year, email_consent, email_consent_at, card_number, points_balance,
        visits, total_spent_cents, first_visit_date, last_visit_date, created_at, updated_at)
       VALUES (1, 'José', 'Müller', 'muller jose', 'jose@example.com', '+44 20 7946 0958', '+442079460958',
        '20 7946 0958 2079460958 442079460958', 2, 29, NULL, 1, '2026-01-02T09:00:00+00:00', 'C0001', 12,
        1, 1250, '2026-01-02', '2026-01-02', '2026-01-02T09:00:00+00:00', '2026-01-02T09:00:00+00:00')""",
    "INSERT INTO tag(id, name) VALUES (1, 'VIP')",
    "INSERT INTO customer_tag(customer_id, tag_id) VALUES (1, 1)",
    "INSERT INTO product(id, name, category, price_cents, sku) VALUES (1, 'Coffee beans 250 g', 'Coffee', 1250, 'CB250')",
    """INSERT INTO purchase(id, customer_id, occurred_at, business_date, total_cents, payment_method, staff_id)
       VALUES (1, 1, '2026-01-02T09:05:00+00:00', '2026-01-02', 1250, 'card', 1)""",
    """INSERT INTO purchase_item(purchase_id, product_id, description, quantity, unit_price_cents, line_total_cents)
       VALUES (1, 1, 'Coffee beans 250 g', 1, 1250, 1250)""",
    """INSERT INTO loyalty_entry(customer_id, kind, points, balance_after, purchase_id, staff_id, created_at)
       VALUES (1, 'earn', 12, 12, 1, 1, '2026-01-02T09:05:00+00:00')""",
    """INSERT INTO follow_up(title, customer_id, due_date, status, origin, created_at)
       VALUES ('Call about the order', 1, '2026-01-09', 'open', 'manual', '2026-01-02T09:06:00+00:00')""",
    """INSERT INTO interaction(customer_id, kind, body, occurred_at) VALUES (1, 'note', 'Likes dark roast',
       '2026-01-02T09:07:00+00:00')""",
    # schema 2 on: a repeating follow-up, a service case, a birthday greeting, a reminder already shown
    """INSERT INTO follow_up(title, customer_id, due_date, due_time, priority, status, repeat_rule, origin,
        occasion, assigned_to_id, created_at) VALUES ('Reorder filters', 1, '2026-02-02', '15:00', 2, 'open',
        '1m', 'repeat', 'repeat:1', 1, '2026-01-02T09:08:00+00:00')""",
    """INSERT INTO interaction(customer_id, kind, body, occurred_at, case_status, resolved_at, staff_id)
       VALUES (1, 'complaint', 'Grinder too loud', '2026-01-03T10:00:00+00:00', 'resolved',
        '2026-01-05T12:00:00+00:00', 1)""",
    """INSERT INTO birthday_greeting(customer_id, year, greeted_at, staff_id, channel)
       VALUES (1, 2026, '2026-02-28T10:00:00+00:00', 1, 'copied')""",
    "INSERT INTO reminder_sent(day, item) VALUES ('2026-02-02', 'followup:2')",
    "INSERT INTO setting(key, value) VALUES ('shop.profile', '{\"name\": \"Fixture Shop\"}')",
    """INSERT INTO audit_entry(at, staff_id, actor_name, action, entity, entity_id)
       VALUES ('2026-01-02T09:00:00+00:00', 1, 'Owner', 'create', 'customer', 1)""",
]


def main() -> int:
    target = (
        Path(__file__).resolve().parent.parent
        / "tests"
        / "fixtures"
        / f"schema_v{migrations.SCHEMA_VERSION}.db"
    )
    if target.exists():
        sys.stderr.write(f"{target} exists: released fixtures are never regenerated\n")
        return 1
    db = open_database(target)
    with db.atomic():
        for statement in ROWS:
            db.execute_sql(statement)
    db.close()
    con = sqlite3.connect(target)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("VACUUM")
    con.close()
    sys.stdout.write(f"wrote {target}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
