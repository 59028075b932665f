"""The Customers view's ops, read-only on the cached dataset.

`search`: search as you type, 50 results, for random 1–4 letter prefixes of real names and random runs of
phone digits (the same list of texts on both sides, one text per sample). App side: `search.search(text,
limit=50)`. Raw side: the statements the service runs for that text (exact card, candidate count capped at
RANK_LIMIT + 1, then the hits ranked by bm25 or in index order), with MATCH strings made beforehand, in plain
`sqlite3`.

`list_first_screen`: the Customers view's model opening on a sort column (name, points, last visit, total
spent, visits in turn). App side: `customer_list.ids` for the default query with that sort, the model built
over them, and every cell of the first 40 rows asked for as the table would (one page of rows fetched,
formatted), in-process with offscreen Qt. Raw side: the same ids statements, and the first 40 rows with
their tags by `ORDER BY <sort> LIMIT 40`.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
from dataclasses import dataclass

from bench.ops import Context, Op, read_dataset, register
from bench.runner import Sample, in_process

SEARCH_SAMPLES = 200
LIST_SAMPLES = 25
FIRST_SCREEN = 40
SORTS = ("name", "points", "last_visit", "total_spent", "visits")
# The first-screen reference per sort: the order the list walks (blanks of last_visit last, as the app).
_RAW_ORDER = {
    "name": "sort_name, id",
    "points": "points_balance, id",
    "last_visit": "last_visit_date IS NULL, last_visit_date, id",
    "total_spent": "total_spent_cents, id",
    "visits": "visits, id",
}


@dataclass
class _State:
    raw: sqlite3.Connection
    texts: list[str]
    next_app: int = 0
    next_raw: int = 0


_states: dict[tuple[str, int], _State] = {}


def _texts(raw: sqlite3.Connection, rng: random.Random, count: int) -> list[str]:
    """Half 1–4 letter prefixes of first or last names, half 3–7 digit runs from phone numbers."""
    names = [
        r[0] for r in raw.execute("SELECT first_name FROM customer UNION SELECT last_name FROM customer")
    ]
    phones = [r[0] for r in raw.execute("SELECT phone FROM customer WHERE phone IS NOT NULL LIMIT 5000")]
    names = sorted(n for n in names if n and n[0].isalpha())
    digits = ["".join(ch for ch in p if ch.isdigit()) for p in sorted(phones)]
    texts = []
    for i in range(count):
        if i % 2 == 0:
            name = rng.choice(names)
            texts.append(name[: rng.randint(1, 4)].lower())
        else:
            run = rng.choice(digits)
            size = rng.randint(3, 7)
            start = rng.randint(0, max(len(run) - size, 0))
            texts.append(run[start : start + size])
    return texts


def _state(ctx: Context) -> _State:
    reader = read_dataset(ctx)
    key = (ctx.size.name, ctx.seed)
    if key not in _states:
        texts = _texts(reader.raw, random.Random(ctx.seed), SEARCH_SAMPLES + 1)
        _states[key] = _State(reader.raw, texts)
    return _states[key]


# --- search ----------------------------------------------------------------------------------------------


def search_app(ctx: Context) -> Sample:
    from crm_desktop.services import search

    state = _state(ctx)
    text = state.texts[state.next_app % len(state.texts)]
    state.next_app += 1
    return in_process(lambda: search.search(text, limit=50))


_HIT = "c.id, c.first_name, c.last_name, c.email, c.phone, c.card_number, c.points_balance, c.tier, c.archived_at"


def search_raw(ctx: Context) -> Sample:
    from crm_desktop.services.search import RANK_LIMIT, fts_match_expression

    state = _state(ctx)
    text = state.texts[state.next_raw % len(state.texts)]
    state.next_raw += 1
    expression = fts_match_expression(text)
    con = state.raw

    def work() -> None:
        con.execute(
            f"SELECT {_HIT} FROM customer c WHERE c.card_number IN (?, ?)", (text, "".join(text.split()))
        ).fetchone()
        (count,) = con.execute(
            "SELECT count(*) FROM (SELECT rowid FROM customer_fts WHERE customer_fts MATCH ? LIMIT ?)",
            (expression, RANK_LIMIT + 1),
        ).fetchone()
        order = "bm25(customer_fts, 4.0, 1.0, 2.0, 1.0, 4.0), c.sort_name, c.id"
        con.execute(
            f"""SELECT {_HIT} FROM customer_fts f JOIN customer c ON c.id = f.rowid
                WHERE customer_fts MATCH ? AND c.archived_at IS NULL
                ORDER BY {order if count <= RANK_LIMIT else "f.rowid DESC"} LIMIT 51""",
            (expression,),
        ).fetchall()

    return in_process(work)


register(Op("search", search_app, search_raw, samples=SEARCH_SAMPLES))


# --- list_first_screen -----------------------------------------------------------------------------------


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def list_first_screen_app(ctx: Context) -> Sample:
    from crm_desktop.services import customer_list
    from crm_desktop.services.customer_list import ListQuery
    from crm_desktop.services.settings import shop_profile
    from crm_desktop.ui.formatting import Formats
    from crm_desktop.ui.models.customer_table_model import CustomerTableModel

    state = _state(ctx)
    _app()
    sort = SORTS[state.next_app % len(SORTS)]
    state.next_app += 1
    formats = Formats(shop_profile())
    today = dt.date.today()

    def work() -> None:
        model = CustomerTableModel(formats)
        model.set_ids(customer_list.ids(ListQuery(sort=sort), today))
        columns = model.columnCount()
        for row in range(min(FIRST_SCREEN, model.rowCount())):
            for column in range(columns):
                model.index(row, column).data()

    return in_process(work)


def list_first_screen_raw(ctx: Context) -> Sample:
    from crm_desktop.services.customer_list import ListQuery, statements

    state = _state(ctx)
    sort = SORTS[state.next_raw % len(SORTS)]
    state.next_raw += 1
    ids_sql = statements(ListQuery(sort=sort), dt.date.today())
    con = state.raw

    def work() -> None:
        for sql, params in ids_sql:
            con.execute(f"SELECT json_group_array(id) FROM ({sql})", params).fetchone()
        rows = con.execute(
            f"""SELECT id, first_name, last_name, email, phone, points_balance, tier, visits, total_spent_cents,
                       last_visit_date, birth_day, birth_month, birth_year, archived_at
                FROM customer WHERE archived_at IS NULL ORDER BY {_RAW_ORDER[sort]} LIMIT ?""",
            (FIRST_SCREEN,),
        ).fetchall()
        con.execute(
            """SELECT ct.customer_id, t.name FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id
               WHERE ct.customer_id IN (SELECT value FROM json_each(?))""",
            ("[" + ",".join(str(r[0]) for r in rows) + "]",),
        ).fetchall()

    return in_process(work)


register(Op("list_first_screen", list_first_screen_app, list_first_screen_raw, samples=LIST_SAMPLES))
