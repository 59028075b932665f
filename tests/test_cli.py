"""The command line, in-process through `app.main` and once as a real process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crm_desktop import __version__
from crm_desktop.app import main


def test_demo_then_check(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--customers", "50", "--purchases", "200"]) == 0
    out = capsys.readouterr().out
    assert "100% Done" in out and "demo shop ready: 50 customers, 200 purchases" in out
    assert main(["check", "--db", str(path)]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_demo_refuses_a_shop_with_customers(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--customers", "5", "--purchases", "10"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "demo", "--customers", "5"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("crm-desktop: This database already holds customers") and err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "--customers", "0"],
        ["demo", "--customers", "many"],
        ["demo", "--purchases", "-1"],
        ["demo", "--bogus"],
        ["no-such-command"],
    ],
)
def test_bad_arguments_give_usage_and_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: crm-desktop") and "Traceback" not in err


def test_check_of_a_missing_file_is_one_line(tmp_path, capsys):
    missing = tmp_path / "missing" / "file.db"
    assert main(["check", "--db", str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"crm-desktop: no database at {missing}\n"
    assert not missing.exists() and not missing.parent.exists()


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"crm-desktop {__version__}"


def test_real_process(tmp_path):
    path = tmp_path / "shop.db"
    demo = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "demo", "--db", str(path), "--customers", "30", "--purchases", "120"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    assert "demo shop ready" in demo.stdout
    check = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "check", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0 and check.stdout.startswith("ok:"), check.stdout + check.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "check", "--db", str(tmp_path / "nope.db")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
