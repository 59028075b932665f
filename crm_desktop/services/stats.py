"""Whole-shop counts for the status bar: plain count(*) queries, cheap enough for the start-up path."""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.db.models import database


@dataclass(frozen=True)
class ShopCounts:
    customers: int  # active customers: archived ones are left out
    archived_customers: int
    purchases: int  # voided purchases are left out

    @property
    def all_customers(self) -> int:
        return self.customers + self.archived_customers


def shop_counts() -> ShopCounts:
    total, archived = database.execute_sql("SELECT count(*), count(archived_at) FROM customer").fetchone()
    purchases = database.execute_sql("SELECT count(*) FROM purchase WHERE voided_at IS NULL").fetchone()[0]
    return ShopCounts(customers=total - archived, archived_customers=archived, purchases=purchases)
