"""Shared fixtures: every test gets its own data, log and config folders and, on request, a fresh database."""

from __future__ import annotations

import os

# pytest-qt aborts without a display unless Qt is told to draw offscreen; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from crm_desktop.clock import FixedClock
from crm_desktop.db.database import open_database
from crm_desktop.services.session import Session
from crm_desktop.services.staff import owner_actor


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path_factory, monkeypatch):
    """Point platformdirs (and QSettings, which follows XDG too) at a private folder for each test."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("CRM_DESKTOP_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "shop.db"


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def clock():
    return FixedClock.at("2026-06-15T10:00:00", "Europe/Berlin")


@pytest.fixture
def session(db, clock):
    return Session(owner_actor(clock), clock)


@pytest.fixture(autouse=True)
def root_log_handlers():
    """`app.main()` run in-process adds the app's log handlers to the root logger; drop them afterwards so
    that one test's log file is never another's."""
    import logging

    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
