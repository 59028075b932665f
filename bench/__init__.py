"""The benchmark harness: `python -m bench --size S|M|L [--seed N] [--json FILE] [--only OP,...]`.

Each operation runs through the app (its services, or the app's own process) and, beside it, the same work
in raw `sqlite3` in the same run; the ratio between the two is what travels between machines. Op ids and
targets are those of docs/architecture.md (DESIGN.md). Modules: `dataset` (sizes, the cached demo
database), `ops` (the registry: one `Op` per operation), `runner` (sampling, statistics, table and JSON).
"""
