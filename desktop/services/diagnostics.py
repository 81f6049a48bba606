"""What support asks first, in one block of text to paste into a message: versions, paths,
schema revision, backups and the last errors. No personal data: only counts and file names."""

from __future__ import annotations

import platform
import sqlite3
import sys
from pathlib import Path

from desktop import __version__
from desktop.formatting import format_datetime
from desktop.logfile import last_errors, log_file
from desktop.store.backup import backup_files
from desktop.store.health import file_facts
from desktop.store.paths import backup_folder_for
from desktop.store.schema_version import HEAD_REVISION


def _file_facts(database: Path) -> list[str]:
    if not database.exists():
        return ["database file: missing"]
    facts = [f"database size: {database.stat().st_size:,} bytes"]
    try:
        revision, mode = file_facts(database)
        facts.append(f"schema: {revision or '?'} (this version expects {HEAD_REVISION})")
        facts.append(f"journal mode: {mode or '?'}")
    except sqlite3.Error as error:
        facts.append(f"database could not be read: {error}")
    return facts


def diagnostic_text(database: Path, extra: dict[str, str] | None = None) -> str:
    """The block "Copy diagnostic information" puts on the clipboard. `extra` adds what only
    the caller knows (the Qt version, from the window)."""
    folder = backup_folder_for(database)
    backups = backup_files(folder)
    lines = [f"CLC Ledger {__version__}",
             f"Python {platform.python_version()} on {platform.platform()} ({sys.getfilesystemencoding()})",
             f"SQLite {sqlite3.sqlite_version}"]
    lines += [f"{name}: {value}" for name, value in (extra or {}).items()]
    lines += [f"database: {database}", *_file_facts(database), f"backups folder: {folder}"]
    if backups:
        lines.append(f"last backup: {format_datetime(backups[0].made_at)} ({backups[0].kind}, "
                     f"schema {backups[0].revision or '?'}); {len(backups)} kept, oldest "
                     f"{format_datetime(backups[-1].made_at)}")
    else:
        lines.append("last backup: none")
    try:
        log = log_file()
    except OSError as error:
        lines.append(f"log file: cannot be written ({error})")
    else:
        lines.append(f"log file: {log}")
        errors = last_errors(log)
        lines.append("last errors:" if errors else "last errors: none")
        lines += [f"  {line}" for line in errors]
    return "\n".join(lines)
