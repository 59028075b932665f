"""`python -m bench --size S|M|L [--seed N] [--json FILE] [--only OP,...]`"""

from __future__ import annotations

import argparse
import platform
import sqlite3
import sys
import tempfile
from pathlib import Path

from bench.dataset import CACHE_DIR, SIZES, Dataset
from bench.ops import DESIGN_OPS, OPS, Context, Op
from bench.runner import Result, Sample, summarise, table, write_json


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Time the app against raw sqlite3.")
    parser.add_argument("--size", choices=sorted(SIZES), default="S", help="dataset size (default S)")
    parser.add_argument("--seed", type=int, default=1, help="demo seed (default 1)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results as JSON")
    parser.add_argument("--only", metavar="OP,...", help=f"ops to run (default all of: {', '.join(OPS)})")
    args = parser.parse_args(argv)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in DESIGN_OPS]
        if unknown:
            parser.error(f"unknown op(s) {', '.join(unknown)}; op ids: {', '.join(DESIGN_OPS)}")
        missing = [n for n in names if n not in OPS]
        if missing:
            parser.error(f"not implemented yet: {', '.join(missing)}")
        args.only = names
    return args


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.node()}: {cpu}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"{platform.system()} {platform.release()}")  # fmt: skip


def run_op(op: Op, ctx: Context) -> Result:
    if op.warmup:
        op.app(ctx)
        op.raw(ctx)
    app: list[Sample] = []
    raw: list[Sample] = []
    for i in range(op.samples):  # alternate, so that drift on a busy machine hits both sides alike
        app.append(op.app(ctx))
        raw.append(op.raw(ctx))
        print(f"  {op.name} {i + 1}/{op.samples}: app {app[-1].seconds * 1000:,.1f} ms, "
              f"raw {raw[-1].seconds * 1000:,.1f} ms", file=sys.stderr, flush=True)  # fmt: skip
    return summarise(op.name, DESIGN_OPS[op.name], app, raw)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    size = SIZES[args.size]
    selected = [OPS[name] for name in DESIGN_OPS if name in OPS and (not args.only or name in args.only)]
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    print(
        f"dataset {size.name}: {size.customers:,} customers, {size.purchases:,} purchases, seed {args.seed}"
    )
    print(machine())
    with tempfile.TemporaryDirectory(prefix="crm-bench-home-") as home:
        ctx = Context(size, args.seed, Dataset(size, args.seed, Path(home)), Path(home), CACHE_DIR)
        results = []
        for op in selected:
            print(f"{op.name}: {op.samples} sample(s)", file=sys.stderr, flush=True)
            results.append(run_op(op, ctx))
    print(table(results))
    if args.json:
        write_json(results, args.json)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
