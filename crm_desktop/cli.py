"""The command line: `crm-desktop [--db PATH]` starts the GUI; subcommands run the same services headless."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from crm_desktop import APP_TITLE, __version__, paths

Handler = Callable[[argparse.Namespace], int]


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _err(text: str) -> None:
    sys.stderr.write(f"crm-desktop: {text}\n")


def _db_help() -> str:
    return f"database file (default: ${paths.DB_ENV_VAR} or {paths.data_dir() / paths.DB_FILENAME})"


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS keeps a `--db` given before the subcommand from being reset to None by the subparser.
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=_db_help())
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crm-desktop", description=f"{APP_TITLE}: customers, walk-ins and loyalty for small shops."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="PATH", default=None, help=_db_help())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    common = _common()

    demo = sub.add_parser("demo", parents=[common], help="fill an empty database with a realistic demo shop")
    demo.add_argument("--customers", type=_positive_int, default=2_000, metavar="N", help="default 2000")
    demo.add_argument(
        "--purchases", type=_non_negative_int, default=20_000, metavar="M", help="default 20000"
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    demo.set_defaults(func=cmd_demo)

    check = sub.add_parser("check", parents=[common], help="verify integrity, balances and cached stats")
    check.set_defaults(func=cmd_check)
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be zero or more, got {text}")
    return value


def _open(args: argparse.Namespace, *, must_exist: bool = True):  # -> SqliteDatabase
    from crm_desktop.db.database import open_database

    path = paths.resolve_db_path(getattr(args, "db", None))
    if must_exist and not path.exists():
        raise CliError(f"no database at {path}")
    return open_database(path)


class CliError(Exception):
    pass


def cmd_check(args: argparse.Namespace) -> int:
    from crm_desktop.services.integrity import run_check

    db = _open(args)
    report = run_check()
    db.close()
    if report.ok:
        _out(f"ok: {db.database} passed integrity, foreign key, balance, stats and search checks")
        return 0
    for problem in report.problems:
        _out(problem)
    _out(f"{len(report.problems)} problem(s) found in {db.database}")
    return 1


def cmd_demo(args: argparse.Namespace) -> int:
    from crm_desktop.services import demo

    db = _open(args, must_exist=False)
    last = -1
    for done, total, label in demo.build(args.customers, args.purchases, seed=args.seed):
        pct = 100 * done // max(total, 1)
        if pct // 10 != last // 10:
            _out(f"{pct:3d}% {label}")
        last = pct
    db.close()
    _out(f"demo shop ready: {args.customers} customers, {args.purchases} purchases in {Path(db.database)}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run a parsed subcommand; failures become one clear line on stderr and a non-zero exit."""
    from crm_desktop.db.database import DatabaseOpenError
    from crm_desktop.services.errors import ServiceError

    try:
        return args.func(args)
    except (CliError, DatabaseOpenError, ServiceError) as exc:
        _err(str(exc))
        return 1
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
