"""The backup taken when the window closes: whenever something changed since the newest backup.

A close after looking only would copy the newest backup again and push an older day out of
the ten that are kept, so it is skipped; any change since (a mark, a loan) is backed up.
"""

from __future__ import annotations

from pathlib import Path

from desktop.store.backup import last_backup_time, make_backup
from desktop.store.database import Database
from desktop.store.paths import backup_folder_for


def last_change_time(database: Path) -> float:
    """When the file last changed: in WAL mode a commit writes the -wal file beside it."""
    times = [path.stat().st_mtime for path in (database, Path(f"{database}-wal")) if path.exists()]
    return max(times, default=0.0)


def changed_since_last_backup(database: Path) -> bool:
    newest = last_backup_time(backup_folder_for(database))
    return newest is None or last_change_time(database) > newest.timestamp()


def back_up_on_close(db: Database) -> Path | None:
    """A backup if anything changed since the newest one; where it was written, or None.

    OSError (a full disk, a read-only folder) is left to the caller, which must still close.
    """
    if not changed_since_last_backup(db.path):
        return None
    return make_backup(db.engine, backup_folder_for(db.path), reason="on-close")
