"""The data file as the window and the CLI reach it: opening it (upgrading it when needed), its
backups, its health and integrity checks, and the data version screens compare.

Nothing above the services touches desktop.store for these; backups are written with SQLite's
online backup into the folder beside the file (desktop.store.backup).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.progress import Progress
from desktop.store import backup as _backup
from desktop.store import health as _health
from desktop.store import paths as _paths
from desktop.store.database import Database, open_database
from desktop.store.database import needs_upgrade as _needs_upgrade
from desktop.store.database import quick_check as _quick_check

DataVersion = tuple[dt.date, int, int]


def default_database() -> Path:
    """The data file in the user's data folder (when no --db is given)."""
    return _paths.default_database()


def backup_folder(database: Path) -> Path:
    return _paths.backup_folder_for(database)


def needs_upgrade(path: Path) -> bool:
    """The file exists and was written by an older version: opening it will upgrade it."""
    return _needs_upgrade(path)


def open_data_file(path: Path, *, create: bool = True, check_integrity: bool = True,
                   progress: Progress | None = None) -> Database:
    """Open (or create) the file, upgrading it after a backup into its backup folder."""
    from desktop.services.reference_lists import learn_office_names

    db = open_database(path, create=create, backup_folder=backup_folder(path),
                       check_integrity=check_integrity, progress=progress)
    learn_office_names(db)
    return db


def back_up(db: Database, *, reason: str = "manual", folder: Path | None = None) -> Path:
    """A consistent copy of the open file now (into `folder`, else its backup folder)."""
    return _backup.make_backup(db.engine, folder or backup_folder(db.path), reason=reason)


def backups(database: Path) -> list[Path]:
    """The file's backups, newest first."""
    return _backup.list_backups(backup_folder(database))


def newest_backup_time(database: Path) -> dt.datetime | None:
    return _backup.last_backup_time(backup_folder(database))


def integrity_problems(db: Database) -> list[str]:
    """SQLite's quick_check of the open file: empty when it is sound."""
    return _quick_check(db.engine)


def health_report(path: Path) -> dict[str, object]:
    """Integrity, links between records, schema and settings of a file (`clc check`)."""
    return _health.check_report(path)


def is_healthy(report: dict[str, object]) -> bool:
    return _health.is_healthy(report)


def data_version(db: Database) -> DataVersion:
    """Changes whenever what a screen shows may have (see Database.data_version)."""
    return db.data_version()


def backup_policy() -> tuple[int, int, int]:
    """How long backups are kept: (daily ones for days, weekly for weeks, monthly for months)."""
    return _backup.KEEP_DAYS, _backup.KEEP_WEEKS, _backup.KEEP_MONTHS
