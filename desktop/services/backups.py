"""Backups as the window and the CLI take them: on demand, daily, on close, before an import.

A close after looking only would copy the newest backup again and push an older day out of
those kept, so it is skipped; any change since (a mark, a loan) is backed up.
"""

from __future__ import annotations

from pathlib import Path

from desktop.progress import Progress
from desktop.services.backup_copies import write_copy
from desktop.store.backup import BEFORE_IMPORT, DAILY, MANUAL, ON_CLOSE, backup_due, last_backup_time, make_backup
from desktop.store.database import Database
from desktop.store.paths import backup_folder_for


def last_change_time(database: Path) -> float:
    """When the file last changed: in WAL mode a commit writes the -wal file beside it."""
    times = [path.stat().st_mtime for path in (database, Path(f"{database}-wal")) if path.exists()]
    return max(times, default=0.0)


def changed_since_last_backup(database: Path) -> bool:
    newest = last_backup_time(backup_folder_for(database))
    return newest is None or last_change_time(database) > newest.timestamp()


def back_up_now(db: Database, progress: Progress | None = None, *, kind: str = MANUAL) -> Path:
    """A verified backup into the folder beside the database, and its protected copy on the USB
    stick if one is set and plugged in; DatabaseProblem if no backup was made, CopyFailed if
    only the copy failed."""
    backup = make_backup(db.engine, backup_folder_for(db.path), reason=kind, progress=progress)
    write_copy(db, backup, progress)
    return backup


def daily_backup_due(db: Database) -> bool:
    return backup_due(backup_folder_for(db.path))


def back_up_daily(db: Database, progress: Progress | None = None) -> Path | None:
    """The daily backup if the newest is older than a day; where it was written, or None."""
    if not daily_backup_due(db):
        return None
    return back_up_now(db, progress, kind=DAILY)


def back_up_on_close(db: Database, progress: Progress | None = None) -> Path | None:
    """A backup if anything changed since the newest one; where it was written, or None."""
    if not changed_since_last_backup(db.path):
        return None
    return back_up_now(db, progress, kind=ON_CLOSE)


def back_up_before_import(db: Database) -> Path:
    """An import writes many rows at once: the state before it is kept, so it can be undone
    by a restore. No backup, no import: the caller's error says why."""
    return back_up_now(db, kind=BEFORE_IMPORT)
