"""Another centre's database file opened read-only (merging a former centre, issue 16).

The file is never written: SQLite's read-only mode, and without a write-ahead log beside it also
immutable, so SQLite leaves nothing next to it either (no -wal, no -shm: a write-protected stick is
fine). A file of an older schema is copied with SQLite's backup API and the copy is upgraded.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import StaticPool

from desktop.errors import DatabaseProblem
from desktop.i18n import _


def readonly_uri(path: Path) -> str:
    # with a log beside it, SQLite must read the log, which takes its shared-memory file
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    return f"{path.resolve().as_uri()}?mode=ro{immutable}"


def stored_revision(path: Path) -> str | None:
    """The schema revision written in the file (None: not a CLC Ledger database)."""
    try:
        with contextlib.closing(sqlite3.connect(readonly_uri(path), uri=True)) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables:
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as error:
        raise DatabaseProblem(_("{name} cannot be read as a database ({reason}).").format(
            name=path.name, reason=str(error))) from error
    return row[0] if row else None


def readonly_engine(path: Path) -> Engine:
    uri = readonly_uri(path)
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
                         poolclass=StaticPool)


def upgraded_copy(path: Path, copy: Path) -> Path:
    """A copy of the file, upgraded to this app's schema (a newer one is refused); the original untouched."""
    from desktop.store.database import open_database

    with contextlib.closing(sqlite3.connect(readonly_uri(path), uri=True)) as reader, \
            contextlib.closing(sqlite3.connect(copy)) as writer:
        reader.backup(writer)
    db = open_database(copy, create=False, backup_folder=copy.parent / "backups")
    db.close()
    return copy
