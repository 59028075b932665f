from pathlib import Path

from crm_desktop import paths


def test_db_path_defaults_to_user_data_folder(isolated_folders):
    assert paths.resolve_db_path() == isolated_folders / "data" / "crm-desktop" / "shop.db"


def test_env_var_overrides_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_DESKTOP_DB", str(tmp_path / "env.db"))
    assert paths.resolve_db_path() == tmp_path / "env.db"


def test_cli_value_beats_env_var(monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_DESKTOP_DB", str(tmp_path / "env.db"))
    assert paths.resolve_db_path(str(tmp_path / "cli.db")) == tmp_path / "cli.db"


def test_tilde_is_expanded(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.resolve_db_path("~/shop.db") == Path(tmp_path) / "shop.db"


def test_log_and_backup_folders_follow_platformdirs(isolated_folders):
    assert paths.log_dir().is_relative_to(isolated_folders / "state")
    assert paths.backup_dir() == paths.data_dir() / "backups"
