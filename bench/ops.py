"""The operations the benchmark times: a registry of `Op`s, each the app's way and the raw-sqlite3 way of
doing the same work. To add an op: write its two callables (each returns one `Sample`) and `register` it
under its id from DESIGN_OPS."""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.dataset import Dataset, Size, child_env, demo_command
from bench.runner import Sample, run_process

# The op ids and targets of DESIGN.md / docs/architecture.md, in the order they are reported.
DESIGN_OPS: dict[str, str] = {
    "demo_build": "< 60 s",
    "search": "p95 < 10 ms, ratio < 5",
    "profile_open": "< 50 ms",
    "walk_in": "< 15 ms",
    "birthdays_upcoming": "< 20 ms",
    "segment_count": "< 150 ms",
    "list_first_screen": "< 150 ms",
    "sales_report_year": "< 3 s",
    "csv_export": "ratio < 1.5, constant memory",
    "import_customers": "< 10 s",
    "dashboard": "< 300 ms",
    "startup": "< 0.6 s",
}


@dataclass(frozen=True)
class Context:
    size: Size
    seed: int
    dataset: Dataset
    home: Path  # private XDG folders for the app's processes
    scratch: Path  # where ops may write big temporary files

    @property
    def env(self) -> dict[str, str]:
        return child_env(self.home)


@dataclass(frozen=True)
class Op:
    name: str
    app: Callable[[Context], Sample]
    raw: Callable[[Context], Sample]
    samples: int = 7
    warmup: bool = True  # one unmeasured run of each side first (file cache, imports)
    uses_dataset: bool = True


OPS: dict[str, Op] = {}


def register(op: Op) -> Op:
    if op.name not in DESIGN_OPS:
        raise ValueError(f"{op.name!r} is not an op id of DESIGN.md")
    OPS[op.name] = op
    return op


@dataclass(frozen=True)
class Reader:
    """The cached dataset opened once per run for the read-only in-process ops: the app's Peewee database
    and, for the raw side, a read-only sqlite3 connection to the same file."""

    path: Path
    raw: sqlite3.Connection
    app_db: object


_readers: dict[tuple[str, int], Reader] = {}


def read_dataset(ctx: Context) -> Reader:
    """The dataset's `Reader`, opened on first use, with the app's models bound to it."""
    key = (ctx.size.name, ctx.seed)
    if key not in _readers:
        from crm_desktop.db.database import open_database

        path = ctx.dataset.ensure()
        raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        _readers[key] = Reader(path, raw, open_database(path, migrate=False))
    use_app_db(_readers[key].app_db)
    return _readers[key]


def use_app_db(app_db: object) -> None:
    """Bind the app's models to `app_db` (another in-process op may have bound them to another file)."""
    from crm_desktop.db.models import database

    if database.obj is not app_db:
        database.initialize(app_db)


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


# --- demo_build ------------------------------------------------------------------------------------------


def demo_build_app(ctx: Context) -> Sample:
    with tempfile.TemporaryDirectory(prefix="crm-bench-", dir=ctx.scratch) as tmp:
        built = Path(tmp) / "demo.db"
        sample = run_process(demo_command(built, ctx.size, ctx.seed), ctx.env, timeout=900)
        ctx.dataset.adopt(built)  # the first build becomes the cached dataset if there is none
    return sample


# The raw reference for demo_build: the same rows, already made, copied table by table with
# INSERT ... SELECT from the built dataset into an empty file of the same schema (its indexes and search
# triggers in place, one transaction, rollback journal). It is the floor for writing this data with this
# schema in SQLite: everything the demo does beyond it is making the rows in Python and binding them.
RAW_COPY = """
import sqlite3, sys
src, dst = sys.argv[1], sys.argv[2]
con = sqlite3.connect(dst, isolation_level=None)
con.execute("PRAGMA journal_mode = DELETE")
con.execute("PRAGMA cache_size = -262144")
con.execute("ATTACH ? AS src", (src,))
objects = con.execute(
    "SELECT type, name, sql FROM src.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'customer_fts_%'"
    " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid").fetchall()
con.execute("BEGIN")
for kind, name, sql in objects:
    con.execute(sql)
for kind, name, sql in objects:
    if kind == "table" and not sql.upper().startswith("CREATE VIRTUAL"):
        con.execute(f'INSERT INTO main."{name}" SELECT * FROM src."{name}"')
con.execute("COMMIT")
"""


def demo_build_raw(ctx: Context) -> Sample:
    source = ctx.dataset.ensure()
    with tempfile.TemporaryDirectory(prefix="crm-bench-", dir=ctx.scratch) as tmp:
        return run_process(
            python("-c", RAW_COPY, str(source), str(Path(tmp) / "raw.db")), ctx.env, timeout=900
        )


register(Op("demo_build", demo_build_app, demo_build_raw, samples=1, warmup=False, uses_dataset=False))


# --- startup ---------------------------------------------------------------------------------------------


def _precompile_app() -> None:
    """Write the app's bytecode, as an installed app has it: the environment may set
    PYTHONDONTWRITEBYTECODE, and recompiling every module on each start would be timed as start-up."""
    import compileall

    import crm_desktop

    compileall.compile_dir(Path(crm_desktop.__file__).parent, quiet=1)


def startup_app(ctx: Context) -> Sample:
    _precompile_app()
    env = {**ctx.env, "CRM_DESKTOP_QUIT_AFTER_SHOWN": "1"}
    return run_process(python("-m", "crm_desktop", "--db", str(ctx.dataset.ensure())), env, timeout=120)


# The raw reference for startup: a bare QApplication and QMainWindow, the status-bar counts of
# services/stats.py run on the same file with plain sqlite3, the window shown and one round of events.
RAW_STARTUP = """
import sqlite3, sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
con = sqlite3.connect(sys.argv[1])
counts = [con.execute(sql).fetchone()[0] for sql in (
    "SELECT count(*) FROM customer",
    "SELECT count(*) FROM customer WHERE archived_at IS NOT NULL",
    "SELECT count(*) FROM purchase",
    "SELECT count(*) FROM purchase WHERE voided_at IS NOT NULL",
)]
window.statusBar().showMessage(f"{counts[0] - counts[1]} customers, {counts[2] - counts[3]} purchases")
window.resize(1200, 800)
window.show()
app.processEvents()
con.close()
"""


def startup_raw(ctx: Context) -> Sample:
    return run_process(python("-c", RAW_STARTUP, str(ctx.dataset.ensure())), ctx.env, timeout=120)


register(Op("startup", startup_app, startup_raw, samples=7))


# --- ops kept in their own modules (imported last: they register through this module) -----------------

from bench import birthdays as _birthdays  # noqa: E402, F401
from bench import customers as _customers  # noqa: E402, F401
from bench import profile_open as _profile_open  # noqa: E402, F401
from bench import walk_in as _walk_in  # noqa: E402, F401
