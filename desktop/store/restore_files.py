"""The file side of a restore: reading what a backup holds, staging it, and the swap.

Raw SQLite lives in the store; the use case (what is checked, kept and refused) is
`desktop.services.restore`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from desktop.store.backup import UNREADABLE, copy_database, read_only

# What a preview counts, in the order shown: (key, table). Removed (tombstoned) rows do not count.
COUNTED = (("learners", "learner"), ("classes", "activity"), ("sessions", "session"),
           ("marks", "attendance"), ("books", "book_copy"), ("loans", "book_loan"))
def connect_read_only(path: Path) -> sqlite3.Connection:
    return read_only(path)


def read_counts(connection: sqlite3.Connection) -> dict[str, int]:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    counts = {}
    for key, table in COUNTED:
        if table not in tables:  # an older schema without the book cabinet
            counts[key] = 0
            continue
        columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        where = " WHERE deleted = 0" if "deleted" in columns else ""
        counts[key] = connection.execute(f"SELECT count(*) FROM {table}{where}").fetchone()[0]
    return counts


def read_revision(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def quick_problems(path: Path) -> list[str]:
    try:
        with contextlib.closing(connect_read_only(path)) as connection:
            rows = [row[0] for row in connection.execute("PRAGMA quick_check")]
    except UNREADABLE as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def current_counts(database: Path) -> dict[str, int] | None:
    """What the current file holds, or None if it cannot be read."""
    if not database.exists():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            return read_counts(connection)
    except UNREADABLE:
        return None


def stage_copy(backup: Path, staging: Path, progress=None) -> None:  # type: ignore[no-untyped-def]
    """A copy of the backup under the staging name, nothing beside it."""
    staging.unlink(missing_ok=True)
    with contextlib.closing(connect_read_only(backup)) as source:
        copy_database(source, staging, progress)


def mark_restored(engine, marker: str) -> None:  # type: ignore[no-untyped-def]
    """The staged file's sync identity no longer matches any file: the next package takes a new one."""
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE installation SET file_id = ?", (marker,))


def single_file(path: Path) -> None:
    """Back to a rollback journal, fsynced: one file, ready to be renamed into place."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def checkpoint(database: Path) -> None:
    """Fold the -wal file into the database so nothing of the old file is left beside it."""
    with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(database)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def swap(staging: Path, database: Path) -> None:
    """One rename puts the restored file in place. The old file's -wal and -shm go first: SQLite
    would otherwise replay the old file's last pages onto the restored one."""
    for suffix in ("-wal", "-shm", "-journal"):
        leftover = Path(f"{database}{suffix}")
        if leftover.exists():
            leftover.unlink()
    os.replace(staging, database)
    if os.name == "posix":
        descriptor = os.open(database.parent, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


