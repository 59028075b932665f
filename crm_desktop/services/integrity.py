"""`crm-desktop check`: the database's own integrity plus the caches the app keeps (balances, stats, index).

The SQL that defines each cached figure lives here once and serves both the check and the recompute.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crm_desktop.db.models import database
from crm_desktop.db.search import FTS_TABLE

# What the cached per-customer stats must equal: computed from non-voided purchases.
STATS_SQL = """
    SELECT customer_id, count(*) AS visits, sum(total_cents) AS total_spent_cents,
           min(business_date) AS first_visit_date, max(business_date) AS last_visit_date
    FROM purchase WHERE voided_at IS NULL AND customer_id IS NOT NULL
    GROUP BY customer_id
"""

LEDGER_SQL = "SELECT customer_id, sum(points) AS points FROM loyalty_entry GROUP BY customer_id"


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sample(rows: list[tuple], limit: int = 5) -> str:
    ids = ", ".join(str(r[0]) for r in rows[:limit])
    return ids + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def run_check() -> CheckReport:
    report = CheckReport()
    integrity = [r[0] for r in database.execute_sql("PRAGMA integrity_check").fetchall()]
    if integrity != ["ok"]:
        report.problems += [f"integrity: {line}" for line in integrity[:20]]
    fk = database.execute_sql("PRAGMA foreign_key_check").fetchall()
    for table, rowid, parent, _ in fk[:20]:
        report.problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    if len(fk) > 20:
        report.problems.append(f"foreign key: {len(fk) - 20} more broken references")

    bad_balance = database.execute_sql(
        f"""SELECT c.id, c.points_balance, coalesce(l.points, 0) FROM customer c
            LEFT JOIN ({LEDGER_SQL}) l ON l.customer_id = c.id
            WHERE c.points_balance != coalesce(l.points, 0) ORDER BY c.id"""
    ).fetchall()
    if bad_balance:
        first = bad_balance[0]
        report.problems.append(
            f"points: {len(bad_balance)} customer(s) whose cached balance differs from the ledger "
            f"(customer {first[0]}: cached {first[1]}, ledger {first[2]}); ids {_sample(bad_balance)}"
        )
    negative = database.execute_sql("SELECT count(*) FROM loyalty_entry WHERE balance_after < 0").fetchone()[
        0
    ]
    if negative:
        report.problems.append(f"points: {negative} ledger entries with a negative balance")

    bad_stats = database.execute_sql(
        f"""SELECT c.id FROM customer c LEFT JOIN ({STATS_SQL}) s ON s.customer_id = c.id
            WHERE c.visits != coalesce(s.visits, 0)
               OR c.total_spent_cents != coalesce(s.total_spent_cents, 0)
               OR c.first_visit_date IS NOT s.first_visit_date
               OR c.last_visit_date IS NOT s.last_visit_date
            ORDER BY c.id"""
    ).fetchall()
    if bad_stats:
        report.problems.append(
            f"stats: {len(bad_stats)} customer(s) whose cached visits/spend/visit dates differ from their "
            f"purchases; ids {_sample(bad_stats)}"
        )

    customers = database.execute_sql("SELECT count(*) FROM customer").fetchone()[0]
    indexed = database.execute_sql(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()[0]
    if customers != indexed:
        report.problems.append(f"search: {indexed} index rows for {customers} customers")
    return report


def recompute_customer_stats() -> int:
    """Rewrite every customer's cached stats from purchases (after bulk loads); returns rows changed."""
    with database.atomic():
        cursor = database.execute_sql(
            f"""UPDATE customer SET visits = coalesce(s.visits, 0),
                    total_spent_cents = coalesce(s.total_spent_cents, 0),
                    first_visit_date = s.first_visit_date, last_visit_date = s.last_visit_date
                FROM (SELECT c.id AS cid, st.* FROM customer c LEFT JOIN ({STATS_SQL}) st
                      ON st.customer_id = c.id) s
                WHERE customer.id = s.cid"""
        )
    return cursor.rowcount


def refresh_customer_stats(customer_id: int) -> None:
    """Rewrite one customer's cached stats from their purchases: `STATS_SQL` narrowed to them (SQLite pushes
    the filter into the subquery, so it is one covering-index lookup). For voids, merges and corrections."""
    with database.atomic():
        row = database.execute_sql(
            f"""SELECT visits, total_spent_cents, first_visit_date, last_visit_date
                FROM ({STATS_SQL}) WHERE customer_id = ?""",
            (customer_id,),
        ).fetchone()
        database.execute_sql(
            """UPDATE customer SET visits = ?, total_spent_cents = ?, first_visit_date = ?, last_visit_date = ?
               WHERE id = ?""",
            (*(row or (0, 0, None, None)), customer_id),
        )


def refresh_points_balance(customer_id: int) -> int:
    """Rewrite one customer's cached points balance from `LEDGER_SQL` narrowed to them; returns it. For
    merges and corrections; call inside the transaction that changed their ledger."""
    row = database.execute_sql(
        f"SELECT points FROM ({LEDGER_SQL}) WHERE customer_id = ?", (customer_id,)
    ).fetchone()
    balance = int(row[0]) if row and row[0] is not None else 0
    database.execute_sql("UPDATE customer SET points_balance = ? WHERE id = ?", (balance, customer_id))
    return balance
