"""Entry point and composition root: parse the command line, then either run a subcommand or build the GUI
(logging, QApplication, database, session, main window). No globals: everything is passed in from here."""

from __future__ import annotations

import sys

from crm_desktop import cli, logs


def main(argv: list[str] | None = None) -> int:
    args = cli.build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command:
        logs.configure()
        return cli.run(args)
    logs.configure()
    from crm_desktop.ui.application import run_gui

    return run_gui(args.db)
