"""Where a centre's data lives: the user's data folder (platformdirs) unless a path is given."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "CLC Ledger"
DATABASE_NAME = "clc-ledger.sqlite"


def data_folder() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True)


def default_database() -> Path:
    return data_folder() / DATABASE_NAME


def backup_folder_for(database: Path) -> Path:
    """Backups sit in a 'backups' folder beside the database file."""
    return database.resolve().parent / "backups"


def log_folder() -> Path:
    folder = data_folder() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
