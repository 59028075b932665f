"""The FTS5 customer index and the triggers that keep it current.

One row per customer (rowid = customer.id) holding name, the email's local part, phone digit tokens, tag
names and card number. Only the part before the @ is indexed: domains ("gmail", "com") are shared by most
customers and would make every one- or two-letter prefix match nearly everyone; text with an @ in it is
looked up as an email prefix on the email index instead (services/search.py). `prefix='1 2 3'` makes search-as-you-type prefix queries index lookups (see DESIGN.md), and
`remove_diacritics 2` makes `jose` find `José`.
"""

from __future__ import annotations

from peewee import Database

FTS_TABLE = "customer_fts"

_NAME = "trim(new.first_name || ' ' || new.last_name)"


def _local_part(column: str) -> str:
    return f"coalesce(substr({column}, 1, instr({column} || '@', '@') - 1), '')"


_TAGS_OF = (
    "(SELECT coalesce(group_concat(t.name, ' '), '') FROM customer_tag ct "
    "JOIN tag t ON t.id = ct.tag_id WHERE ct.customer_id = {cid})"
)

DDL: tuple[str, ...] = (
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        name, email, phone, tags, card,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
    )""",
    f"""CREATE TRIGGER customer_fts_after_insert AFTER INSERT ON customer BEGIN
        INSERT INTO {FTS_TABLE}(rowid, name, email, phone, tags, card)
        VALUES (new.id, {_NAME}, {_local_part("new.email")}, new.phone_search, '', coalesce(new.card_number, ''));
    END""",
    f"""CREATE TRIGGER customer_fts_after_update
        AFTER UPDATE OF first_name, last_name, email, phone_search, card_number ON customer BEGIN
        UPDATE {FTS_TABLE} SET name = {_NAME}, email = {_local_part("new.email")}, phone = new.phone_search,
            card = coalesce(new.card_number, '')
        WHERE rowid = new.id;
    END""",
    f"""CREATE TRIGGER customer_fts_after_delete AFTER DELETE ON customer BEGIN
        DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER customer_tag_fts_after_insert AFTER INSERT ON customer_tag BEGIN
        UPDATE {FTS_TABLE} SET tags = {_TAGS_OF.format(cid="new.customer_id")} WHERE rowid = new.customer_id;
    END""",
    f"""CREATE TRIGGER customer_tag_fts_after_delete AFTER DELETE ON customer_tag BEGIN
        UPDATE {FTS_TABLE} SET tags = {_TAGS_OF.format(cid="old.customer_id")} WHERE rowid = old.customer_id;
    END""",
    f"""CREATE TRIGGER tag_fts_after_rename AFTER UPDATE OF name ON tag BEGIN
        UPDATE {FTS_TABLE} SET tags = {_TAGS_OF.format(cid=f"{FTS_TABLE}.rowid")}
        WHERE rowid IN (SELECT customer_id FROM customer_tag WHERE tag_id = new.id);
    END""",
)


def create(db: Database) -> None:
    for statement in DDL:
        db.execute_sql(statement)


def rebuild(db: Database) -> None:
    """Refill the index from the customer and tag tables (after bulk loads that bypassed the triggers)."""
    db.execute_sql(f"DELETE FROM {FTS_TABLE}")
    db.execute_sql(
        f"""INSERT INTO {FTS_TABLE}(rowid, name, email, phone, tags, card)
        SELECT c.id, trim(c.first_name || ' ' || c.last_name), {_local_part("c.email")}, c.phone_search,
               {_TAGS_OF.format(cid="c.id")}, coalesce(c.card_number, '')
        FROM customer c"""
    )
