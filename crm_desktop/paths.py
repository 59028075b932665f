"""Where CRM Desktop keeps its files (platformdirs), and how the database path is chosen."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from crm_desktop import APP_NAME

DB_ENV_VAR = "CRM_DESKTOP_DB"
DB_FILENAME = "shop.db"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def backup_dir() -> Path:
    return data_dir() / "backups"


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """`--db PATH` wins over the `CRM_DESKTOP_DB` environment variable, which wins over the data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV_VAR)
    if env:
        return Path(env).expanduser()
    return data_dir() / DB_FILENAME
